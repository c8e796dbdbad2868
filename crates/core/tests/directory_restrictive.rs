//! A directory that lets a person read their own entry and nothing else — slapd's `selfonly`
//! instance, with exactly `access to * by self read by anonymous auth by * none` — through the
//! directory API: the search from `LDAPBaseDN` sees nothing, so Baton reads the bound identity's own
//! entry at its DN; the filter, the base and the identity check still hold, and groups come from
//! the entry's own `memberOf` (the group entries are not readable there).

mod support;

use baton_core::directory::{Directory, DirectoryError, LdapDirectory, LdapOptions};
use baton_core::problem::Problem;
use support::{secret, slapd, slapd_group, slapd_options, Fixture, SlapdUsers};

fn selfonly(f: &Fixture, edit: impl FnOnce(&mut LdapOptions)) -> LdapDirectory {
    let mut options = slapd_options(f, &f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"));
    edit(&mut options);
    LdapDirectory::new(&options).unwrap()
}

/// The fixture really is restrictive: the same search on the main instance finds alice, and on
/// `selfonly` alice's own bind cannot even see the base (so the tests below can fail).
#[tokio::test]
async fn the_selfonly_instance_hides_everything_but_the_own_entry() {
    let Some(f) = slapd() else { return };
    let ca = f.pem("BATON_TEST_SLAPD_CA");
    let (uid, pw) = SlapdUsers::ALICE;
    let dn = format!("uid={uid},ou=people,dc=example,dc=test");
    for (url, visible) in [
        (f.var("BATON_TEST_SLAPD_LDAPS_URL"), true),
        (f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"), false),
    ] {
        let (rc, count) =
            support::search_as(&ca, &url, &dn, pw, "dc=example,dc=test", "(uid=alice)").await;
        if visible {
            assert_eq!((rc, count), (0, 1), "{url}");
        } else {
            assert_eq!((rc, count), (32, 0), "{url}: noSuchObject, nothing seen");
        }
    }
}

#[tokio::test]
async fn the_right_password_reads_the_own_entry_when_the_search_sees_nothing() {
    let Some(f) = slapd() else { return };
    for url in [
        f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"),
        f.var("BATON_TEST_SLAPD_SELFONLY_LDAP_URL"),
    ] {
        let mut options = slapd_options(f, &url);
        options.groups = vec![slapd_group("mac-users"), slapd_group("admins")];
        let dir = LdapDirectory::new(&options).unwrap();
        let (uid, pw) = SlapdUsers::ALICE;
        let user = dir.verify(uid, &secret(pw)).await.unwrap_or_else(|e| {
            panic!("{url}: {e} ({})", e.user_facing().code);
        });
        assert_eq!(user.short_name, "alice");
        assert_eq!(user.dn, "uid=alice,ou=people,dc=example,dc=test");
        assert_eq!(user.email.as_deref(), Some("alice@example.test"));
        assert_eq!(user.upn.as_deref(), Some("alice@example.test"));
        // From the entry's own memberOf; the group entries themselves are not readable here.
        assert_eq!(user.groups, [slapd_group("mac-users")], "{url}");
    }
    let logs = support::captured_logs();
    assert!(
        logs.contains("read the bound identity's own entry"),
        "the fallback is what found the entry"
    );
}

#[tokio::test]
async fn a_wrong_password_is_still_invalid_credentials() {
    let Some(f) = slapd() else { return };
    let dir = selfonly(f, |_| {});
    let err = dir
        .verify(SlapdUsers::BOB.0, &secret("not-bobs-password"))
        .await
        .unwrap_err();
    assert_eq!(err, DirectoryError::InvalidCredentials);
    let err = dir
        .verify("nobody-here", &secret("whatever"))
        .await
        .unwrap_err();
    assert_eq!(err, DirectoryError::InvalidCredentials);
}

/// The own entry is read with the configured filter and must be under the configured base: the
/// fallback does not accept an entry the search would have refused.
#[tokio::test]
async fn the_own_entry_must_still_match_the_filter_and_lie_under_the_base() {
    let Some(f) = slapd() else { return };
    let (uid, pw) = SlapdUsers::ALICE;
    // alice's entry says badge-alice: a filter for another badge does not accept it.
    let dir = selfonly(f, |o| {
        o.user_filter = "(&(uid={username})(description=badge-x))".into()
    });
    let err = dir.verify(uid, &secret(pw)).await.unwrap_err();
    assert!(
        matches!(err, DirectoryError::EntryUnavailable { .. }),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "DIR-310");
    // The same filter shape, with alice's own badge, does.
    let dir = selfonly(f, |o| {
        o.user_filter = "(&(uid={username})(description=badge-{username}))".into()
    });
    assert_eq!(
        dir.verify(uid, &secret(pw)).await.unwrap().short_name,
        "alice"
    );
    // A base that does not contain alice's entry.
    let dir = selfonly(f, |o| o.base_dn = "ou=staff,dc=example,dc=test".into());
    let err = dir.verify(uid, &secret(pw)).await.unwrap_err();
    match &err {
        DirectoryError::EntryUnavailable { detail } => {
            assert!(detail.contains("is not under it"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}

/// bob's own entry is what is read for bob, whatever the filter would find elsewhere: carol's entry
/// (`description: badge-bob`) is invisible to bob here, and bob's own entry does not carry the
/// badge, so nothing is accepted — never carol.
#[tokio::test]
async fn bobs_password_never_reads_carols_entry() {
    let Some(f) = slapd() else { return };
    let dir = selfonly(f, |o| {
        o.user_filter = "(description=badge-{username})".into()
    });
    let (uid, pw) = SlapdUsers::BOB;
    let err = dir.verify(uid, &secret(pw)).await.unwrap_err();
    assert!(
        matches!(err, DirectoryError::EntryUnavailable { .. }),
        "{err:?}"
    );
}
