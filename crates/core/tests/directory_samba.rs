//! Directory verification against a real Samba Active Directory domain controller, started by
//! `tests/fixtures/ldap/samba.sh`: UPN and `DOMAIN\user` binds, AD's `data NNN` sub-codes for each
//! account state, lockout. Skips with a printed reason when not root or Samba is not installed.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use baton_core::directory::{
    Directory, DirectoryError, LdapDirectory, Throttle, ThrottleOptions, ThrottledDirectory,
};
use baton_core::problem::Problem;
use support::{samba, samba_options, samba_password, secret, Fixture, SlapdUsers};

const UPN: &str = "{username}@example.test";
const DOWN_LEVEL: &str = "EXAMPLE\\{username}";

fn ldaps(f: &Fixture, template: &str) -> LdapDirectory {
    LdapDirectory::new(&samba_options(
        f,
        &f.var("BATON_TEST_SAMBA_LDAPS_URL"),
        template,
    ))
    .unwrap()
}

fn starttls(f: &Fixture, template: &str) -> LdapDirectory {
    LdapDirectory::new(&samba_options(
        f,
        &f.var("BATON_TEST_SAMBA_LDAP_URL"),
        template,
    ))
    .unwrap()
}

async fn outcome(dir: &LdapDirectory, user: &str) -> Result<String, DirectoryError> {
    dir.verify(user, &secret(samba_password(user)))
        .await
        .map(|v| v.short_name)
}

#[tokio::test]
async fn upn_bind_over_ldaps_reads_the_ad_entry() {
    let Some(f) = samba() else { return };
    let user = ldaps(f, UPN)
        .verify("alice", &secret(samba_password("alice")))
        .await
        .unwrap();
    assert_eq!(user.short_name, "alice");
    assert_eq!(user.upn.as_deref(), Some("alice@example.test"));
    assert_eq!(user.email.as_deref(), Some("alice@example.test"));
    assert_eq!(user.display_name.as_deref(), Some("ALICE Tester"));
    assert_eq!(user.dn, "CN=alice,CN=Users,DC=example,DC=test");
    assert_eq!(user.domain.as_deref(), Some("example.test"));
    assert_eq!(user.realm.as_deref(), Some("EXAMPLE.TEST"));
}

#[tokio::test]
async fn down_level_bind_over_starttls() {
    let Some(f) = samba() else { return };
    for typed in ["alice", "EXAMPLE\\Alice", "ALICE@example.test"] {
        let user = starttls(f, DOWN_LEVEL)
            .verify(typed, &secret(samba_password("alice")))
            .await
            .unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(user.short_name, "alice", "{typed:?}");
        assert_eq!(user.upn.as_deref(), Some("alice@example.test"));
    }
}

#[tokio::test]
async fn utf8_and_200_character_passwords() {
    let Some(f) = samba() else { return };
    let dir = ldaps(f, UPN);
    assert_eq!(outcome(&dir, "frank").await.unwrap(), "frank");
    let long = SlapdUsers::unicode_200();
    assert_eq!(
        dir.verify("uma", &secret(&long)).await.unwrap().short_name,
        "uma"
    );
    assert_eq!(
        dir.verify("uma", &secret(long.trim())).await,
        Err(DirectoryError::InvalidCredentials)
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_indistinguishable() {
    let Some(f) = samba() else { return };
    let dir = ldaps(f, UPN);
    // kim has no role in any lockout test: one wrong password here cannot lock anyone.
    let wrong = dir
        .verify("kim", &secret("Kim-Pass-11!"))
        .await
        .unwrap_err();
    let unknown = dir
        .verify("nobody-here", &secret("Kim-Pass-10!"))
        .await
        .unwrap_err();
    assert_eq!(wrong, DirectoryError::InvalidCredentials);
    assert_eq!(unknown, DirectoryError::InvalidCredentials);
    assert_eq!(wrong.user_facing(), unknown.user_facing());
}

#[tokio::test]
async fn account_states_map_to_their_variants() {
    let Some(f) = samba() else { return };
    let dir = ldaps(f, UPN);
    let table = [
        ("bob", DirectoryError::AccountDisabled, "DIR-533"),
        ("carol", DirectoryError::MustChangePassword, "DIR-773"),
        ("dave", DirectoryError::AccountExpired, "DIR-701"),
        ("grace", DirectoryError::PasswordExpired, "DIR-532"),
        ("henry", DirectoryError::OutsideLogonHours, "DIR-530"),
        ("ivan", DirectoryError::WorkstationNotAllowed, "DIR-531"),
    ];
    for (user, want, code) in table {
        let got = outcome(&dir, user).await.unwrap_err();
        assert_eq!(got, want, "{user}");
        assert_eq!(got.user_facing().code, code, "{user}");
        assert_eq!(got.user_facing().exit.code(), 3, "{user}");
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account() {
    let Some(f) = samba() else { return };
    // The fixture's domain locks after 3 bad passwords. erin is used by this test only.
    let dir = ldaps(f, UPN);
    for i in 0..3 {
        assert_eq!(
            dir.verify("erin", &secret("Erin-Wrong-0!")).await,
            Err(DirectoryError::InvalidCredentials),
            "bad attempt {i}"
        );
    }
    let locked = outcome(&dir, "erin").await.unwrap_err();
    assert_eq!(locked, DirectoryError::AccountLocked);
    assert_eq!(locked.user_facing().code, "DIR-775");
}

#[tokio::test]
async fn local_throttle_keeps_the_directory_account_unlocked() {
    let Some(f) = samba() else { return };
    // Baton allows 2 failures; the domain locks at 3. Five guesses through Baton reach the
    // directory only twice, so the right password still works afterwards.
    let state = tempfile::tempdir().unwrap();
    let guarded = ThrottledDirectory::new(
        ldaps(f, UPN),
        Throttle::open(
            state.path(),
            ThrottleOptions::new(2, Duration::from_secs(600)),
        ),
    );
    for i in 0..5 {
        let r = guarded
            .verify("kim", &secret("Kim-Guess-0!"))
            .await
            .unwrap_err();
        if i < 2 {
            assert_eq!(r, DirectoryError::InvalidCredentials, "attempt {i}");
        } else {
            assert!(
                matches!(r, DirectoryError::Throttled { .. }),
                "attempt {i}: {r:?}"
            );
        }
    }
    // Straight to the directory (as after the local wait): not locked.
    assert_eq!(outcome(&ldaps(f, UPN), "kim").await.unwrap(), "kim");
}

#[tokio::test]
async fn empty_password_is_refused_locally() {
    let Some(f) = samba() else { return };
    // Real AD would accept "alice@example.test" + "" as an anonymous bind and say success.
    assert_eq!(
        ldaps(f, UPN).verify("alice", &secret("")).await,
        Err(DirectoryError::EmptyPassword)
    );
}

#[tokio::test]
async fn wrong_ca_against_samba_is_a_tls_failure() {
    let Some(f) = samba() else { return };
    let mut o = samba_options(f, &f.var("BATON_TEST_SAMBA_LDAPS_URL"), UPN);
    // The fixture's own server certificate is not a CA; trust an unrelated self-signed CA instead.
    o.trusted_ca_pems = vec![std::fs::read_to_string(f.dir.join("tls/wrong-ca.crt")).unwrap()];
    let r = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(samba_password("alice")))
        .await;
    assert!(matches!(r, Err(DirectoryError::Tls { .. })), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_never_appears_in_any_process_argv() {
    if !std::path::Path::new("/proc/self/cmdline").exists() {
        eprintln!("SKIPPED: no /proc");
        return;
    }
    let Some(f) = samba() else { return };
    let marker = support::marker_password();
    support::scanner_sees_a_probe(marker);
    let stop = Arc::new(AtomicBool::new(false));
    let scanner = {
        let stop = stop.clone();
        let needle = marker.as_bytes().to_vec();
        std::thread::spawn(move || support::scan_cmdlines(&needle, &stop))
    };
    for i in 0..6 {
        let dir = if i % 2 == 0 {
            ldaps(f, UPN)
        } else {
            starttls(f, DOWN_LEVEL)
        };
        let ok = dir.verify("procwatch", &secret(marker)).await;
        assert!(ok.is_ok(), "{ok:?}");
    }
    stop.store(true, Ordering::SeqCst);
    let (rounds, seen, hits) = scanner.join().unwrap();
    assert!(
        rounds >= 2 && seen > rounds,
        "scanner ran: {rounds} rounds, {seen} reads"
    );
    assert!(hits.is_empty(), "password found in argv: {hits:?}");
}

#[tokio::test]
async fn password_never_appears_in_logs() {
    let Some(f) = samba() else { return };
    let marker = support::marker_password();
    ldaps(f, UPN)
        .verify("procwatch", &secret(marker))
        .await
        .unwrap();
    let _ = ldaps(f, UPN).verify("nobody-here", &secret(marker)).await;
    let logs = support::captured_logs();
    assert!(logs.contains("user=procwatch"), "capture works:\n{logs}");
    for (_, pw, _) in support::SAMBA_USERS {
        assert!(!logs.contains(pw), "password {pw:?} in logs:\n{logs}");
    }
    assert!(!logs.contains(marker), "{logs}");
}

/// What Samba answers to "Who am I?" (RFC 4532), asked directly after a bind: (result code,
/// diagnostic text, value).
async fn samba_whoami(f: &Fixture, name: &str, password: &str) -> (u32, String, Option<String>) {
    support::whoami(
        &f.pem("BATON_TEST_SAMBA_CA"),
        &f.var("BATON_TEST_SAMBA_LDAPS_URL"),
        name,
        password,
    )
    .await
}

/// Samba's AD DC does not implement WhoAmI (protocolError, "not supported"): Baton's UPN and
/// `EXAMPLE\user` binds are confirmed by what the bind proves instead (the entry's
/// userPrincipalName, its sAMAccountName).
#[tokio::test]
async fn without_whoami_in_samba_the_bind_name_confirms_both_forms() {
    let Some(f) = samba() else { return };
    let pw = samba_password("frank");
    for name in ["frank@example.test", "EXAMPLE\\frank"] {
        let (rc, text, value) = samba_whoami(f, name, pw).await;
        eprintln!("Samba WhoAmI after binding as {name}: rc {rc}, {text:?}, value {value:?}");
        assert_eq!(rc, 2, "protocolError: {text}");
        assert!(text.contains("not supported"), "{text}");
        assert_eq!(value, None);
    }
    for dir in [ldaps(f, UPN), starttls(f, DOWN_LEVEL)] {
        assert_eq!(outcome(&dir, "frank").await.unwrap(), "frank");
    }
    // Every confirmation of frank in this binary (another test verifies him too) is the
    // fallback of its bind form.
    let logs = support::captured_logs();
    let confirmed: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("directory identity confirmed") && l.contains("user=frank"))
        .collect();
    assert!(
        confirmed
            .iter()
            .any(|l| l.contains("confirmed_by=bind-upn"))
            && confirmed
                .iter()
                .any(|l| l.contains("confirmed_by=bind-user")),
        "{logs}"
    );
    assert!(
        confirmed
            .iter()
            .all(|l| l.contains("confirmed_by=bind-upn") || l.contains("confirmed_by=bind-user")),
        "{confirmed:?}"
    );
}

/// A filter that finds another account's entry (here plainly: kim's) after alice's right
/// password: refused for both bind forms.
#[tokio::test]
async fn a_filter_that_finds_another_accounts_entry_is_an_identity_mismatch() {
    let Some(f) = samba() else { return };
    for (url, template) in [
        (f.var("BATON_TEST_SAMBA_LDAPS_URL"), UPN),
        (f.var("BATON_TEST_SAMBA_LDAP_URL"), DOWN_LEVEL),
    ] {
        let mut o = samba_options(f, &url, template);
        o.user_filter = "(|(sAMAccountName={username}-badge)(sAMAccountName=kim))".into();
        let err = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(samba_password("alice")))
            .await
            .unwrap_err();
        match &err {
            DirectoryError::IdentityMismatch { detail } => assert!(
                detail.contains("CN=kim,CN=Users,DC=example,DC=test") && detail.contains("alice"),
                "{detail}"
            ),
            other => panic!("{template}: expected a mismatch, got {other:?}"),
        }
        assert_eq!(err.user_facing().code, "DIR-320");
    }
}
