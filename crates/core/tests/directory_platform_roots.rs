//! `LDAPUsePlatformRoots` (F8) against the real slapd: this test binary makes slapd's CA a
//! platform root (`SSL_CERT_FILE`, which the platform root loader honours on Linux), so the
//! option decides alone whether the directory is trusted. A binary of its own, because the
//! variable is process-wide.

mod support;

use baton_core::directory::{Directory, DirectoryError, LdapDirectory};
use baton_core::problem::Problem;
use support::{secret, slapd, slapd_options, SlapdUsers};

#[tokio::test]
async fn platform_roots_are_trusted_for_ldap_only_when_allowed() {
    let Some(f) = slapd() else { return };
    // SAFETY: the only test of this binary; nothing else reads the environment concurrently.
    unsafe { std::env::set_var("SSL_CERT_FILE", f.var("BATON_TEST_SLAPD_CA")) };
    let (uid, pw) = SlapdUsers::ALICE;
    let url = f.var("BATON_TEST_SLAPD_LDAPS_URL");

    // On (the default), with no configured CA: the platform root is enough.
    let mut options = slapd_options(f, &url);
    options.trusted_ca_pems.clear();
    options.use_platform_roots = true;
    let user = LdapDirectory::new(&options)
        .unwrap()
        .verify(uid, &secret(pw))
        .await
        .unwrap();
    assert_eq!(user.short_name, "alice");

    // Off: only the configured CAs count, and another CA does not vouch for slapd.
    options.use_platform_roots = false;
    options.trusted_ca_pems = vec![f.pem("BATON_TEST_SLAPD_WRONG_CA")];
    let err = LdapDirectory::new(&options)
        .unwrap()
        .verify(uid, &secret(pw))
        .await
        .unwrap_err();
    assert!(matches!(err, DirectoryError::Tls { .. }), "{err:?}");
    assert_eq!(err.user_facing().code, "DIR-200");

    // Off and nothing configured: a configuration problem before any connection.
    options.trusted_ca_pems.clear();
    let err = LdapDirectory::new(&options).unwrap_err();
    match &err {
        DirectoryError::Config { detail } => {
            assert!(detail.contains("LDAPUsePlatformRoots"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}
