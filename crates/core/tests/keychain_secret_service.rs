//! The Keychain hand-off end to end against a real Secret Service (gnome-keyring in a
//! throwaway D-Bus session): plan the NoMAD item and two templated items for a verified person,
//! write them through the public API, read them back with `secret-tool`, update the password,
//! and check there is exactly one item per service/account. Linux only.
#![cfg(target_os = "linux")]

#[path = "../../platform/tests/support/isolated_keyring.rs"]
mod support;

use baton_core::config::templates::KeychainItemTemplate;
use baton_core::config::KeychainSettings;
use baton_core::handoff::items::{plan_items, write_items, Identity, KeychainError, RealmDefaults};
use baton_core::problem::{ExitCode, Problem};
use baton_platform::app_prefs::{PlistDirPreferences, NOMAD_DOMAIN};
use baton_platform::keychain::{handoff_store, StoreError};
use secrecy::SecretString;
use support::{require_session, run_isolated, Mode, SecretTool};

#[test]
fn keychain_handoff_unlocked_suite() {
    run_isolated(Mode::Unlocked, "kh_unlocked_", 1);
}

#[test]
fn keychain_handoff_locked_suite() {
    run_isolated(Mode::Locked, "kh_locked_", 1);
}

fn settings() -> KeychainSettings {
    KeychainSettings {
        write_nomad_item: true,
        items: vec![
            KeychainItemTemplate {
                service: "corp-vpn".into(),
                account: "<<upn>>".into(),
                label: Some("Corp VPN (<<fullname>>)".into()),
                trusted_applications: vec!["/Applications/Corp VPN.app".into()],
            },
            KeychainItemTemplate {
                service: "<<domain>>-mail".into(),
                account: "<<email>>".into(),
                label: None,
                trusted_applications: vec![],
            },
        ],
        partition_team_ids: vec![],
        kerberos_sso_handoff: false,
    }
}

fn identity() -> Identity {
    Identity::from_username("jdoe@example.com")
        .unwrap()
        .with_email("jane.doe@example.com")
        .with_full_name("Jane Doe")
}

fn defaults() -> RealmDefaults {
    RealmDefaults {
        kerberos_realm: None,
        ad_domain: Some("example.com".into()),
    }
}

/// (service, account, label) of every planned item.
const EXPECTED: [(&str, &str, &str); 3] = [
    ("NoMAD", "jdoe@EXAMPLE.COM", "NoMAD"),
    ("corp-vpn", "jdoe@example.com", "Corp VPN (Jane Doe)"),
    (
        "example.com-mail",
        "jane.doe@example.com",
        "example.com-mail",
    ),
];

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kh_unlocked_handoff_writes_reads_back_updates_and_never_duplicates() {
    require_session(Mode::Unlocked);
    let plan = plan_items(&identity(), &settings(), &defaults()).unwrap();
    let store = handoff_store();
    let prefs_dir = support::temp_dir();
    let prefs = PlistDirPreferences::new(prefs_dir.path());

    let first = SecretString::from("First-Passw0rd!");
    let report = write_items(&*store, &prefs, &plan, &first, None).unwrap();
    assert_eq!(report.written.len(), 3);
    assert!(report.last_user_set);
    for (service, account, label) in EXPECTED {
        assert_eq!(
            SecretTool::lookup(service, account).as_deref(),
            Some("First-Passw0rd!"),
            "{service}/{account}"
        );
        assert_eq!(
            SecretTool::labels(service, account),
            [label],
            "{service}/{account}"
        );
    }

    // The person changed their password: the same hand-off again updates every item in place.
    let second = SecretString::from("Second-Passw0rd?");
    write_items(&*store, &prefs, &plan, &second, None).unwrap();
    // And again with the same password: nothing changes.
    write_items(&*store, &prefs, &plan, &second, None).unwrap();
    for (service, account, _) in EXPECTED {
        assert_eq!(
            SecretTool::lookup(service, account).as_deref(),
            Some("Second-Passw0rd?"),
            "{service}/{account}"
        );
        assert_eq!(
            SecretTool::count(service, account),
            1,
            "{service}/{account}"
        );
    }

    let path = prefs.path(NOMAD_DOMAIN);
    let dict = baton_platform::prefs::read_dictionary(&path)
        .unwrap()
        .unwrap();
    assert_eq!(
        dict.get("LastUser").and_then(|v| v.as_string()),
        Some("jdoe")
    );
    for password in ["First-Passw0rd!", "Second-Passw0rd?"] {
        assert!(!support::file_contains(&path, password));
    }
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kh_locked_a_locked_keychain_is_exit_code_8() {
    require_session(Mode::Locked);
    let plan = plan_items(&identity(), &settings(), &defaults()).unwrap();
    let prefs_dir = support::temp_dir();
    let err = write_items(
        &*handoff_store(),
        &PlistDirPreferences::new(prefs_dir.path()),
        &plan,
        &SecretString::from("Never-Stored-1"),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            KeychainError::Store {
                source: StoreError::Locked { .. },
                failed: 3,
                total: 3,
                ..
            }
        ),
        "{err:?}"
    );
    let problem = err.user_facing();
    assert_eq!(problem.exit, ExitCode::KeychainFailed);
    assert_eq!(problem.code, "KEYCHAIN-LOCKED");
    assert!(!format!("{err} {err:?}").contains("Never-Stored-1"));
}
