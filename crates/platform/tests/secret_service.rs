//! `KeyringStore` against a real Secret Service (gnome-keyring in a throwaway D-Bus session),
//! read back with an independent client (`secret-tool`). Linux only.
#![cfg(target_os = "linux")]

#[path = "support/isolated_keyring.rs"]
mod support;

use baton_platform::keychain::{handoff_store, ItemSpec, KeyringStore, SecretStore, StoreError};
use secrecy::{ExposeSecret, SecretString};
use support::{require_session, run_isolated, Mode, SecretTool};

// ----- outer tests: one throwaway session each -----

#[test]
fn secret_service_unlocked_suite() {
    run_isolated(Mode::Unlocked, "ss_unlocked_", 5);
}

#[test]
fn secret_service_locked_suite() {
    run_isolated(Mode::Locked, "ss_locked_", 1);
}

#[test]
fn secret_service_missing_suite() {
    run_isolated(Mode::NoBus, "ss_nobus_", 1);
}

// ----- inner tests -----

fn password(text: &str) -> SecretString {
    SecretString::from(text)
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_unlocked_put_find_update_delete() {
    require_session(Mode::Unlocked);
    let store = KeyringStore::new();
    let spec = ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM").trusting("/Applications/NoMAD.app");

    assert!(store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().is_none());
    store.put(&spec, &password("first-Passw0rd")).unwrap();
    assert_eq!(
        SecretTool::lookup("NoMAD", "jdoe@EXAMPLE.COM").as_deref(),
        Some("first-Passw0rd")
    );
    assert_eq!(SecretTool::labels("NoMAD", "jdoe@EXAMPLE.COM"), ["NoMAD"]);

    let found = store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().unwrap();
    assert_eq!(found.password.expose_secret(), "first-Passw0rd");
    assert_eq!(found.label.as_deref(), Some("NoMAD"));
    assert_eq!(found.account, "jdoe@EXAMPLE.COM");

    // Update: same item, new password, still exactly one.
    store.put(&spec, &password("second-Passw0rd")).unwrap();
    store.put(&spec, &password("second-Passw0rd")).unwrap();
    assert_eq!(SecretTool::count("NoMAD", "jdoe@EXAMPLE.COM"), 1);
    assert_eq!(
        SecretTool::lookup("NoMAD", "jdoe@EXAMPLE.COM").as_deref(),
        Some("second-Passw0rd")
    );

    // A new label replaces the item rather than adding one.
    store
        .put(
            &spec.clone().with_label("NoMAD (renamed)"),
            &password("third"),
        )
        .unwrap();
    assert_eq!(
        SecretTool::labels("NoMAD", "jdoe@EXAMPLE.COM"),
        ["NoMAD (renamed)"]
    );

    assert!(store.delete("NoMAD", "jdoe@EXAMPLE.COM").unwrap());
    assert!(!store.delete("NoMAD", "jdoe@EXAMPLE.COM").unwrap());
    assert_eq!(SecretTool::lookup("NoMAD", "jdoe@EXAMPLE.COM"), None);
    assert_eq!(SecretTool::count("NoMAD", "jdoe@EXAMPLE.COM"), 0);
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_unlocked_items_of_other_tools_are_replaced_not_duplicated() {
    require_session(Mode::Unlocked);
    let store = KeyringStore::new();
    // One item written by another tool, then two duplicates.
    SecretTool::store(
        "old",
        &[("service", "Other"), ("username", "one@EXAMPLE.COM")],
        "old-secret",
    );
    store
        .put(
            &ItemSpec::new("Other", "one@EXAMPLE.COM"),
            &password("new-secret"),
        )
        .unwrap();
    assert_eq!(SecretTool::count("Other", "one@EXAMPLE.COM"), 1);
    assert_eq!(SecretTool::labels("Other", "one@EXAMPLE.COM"), ["Other"]);
    assert_eq!(
        SecretTool::lookup("Other", "one@EXAMPLE.COM").as_deref(),
        Some("new-secret")
    );

    for copy in ["a", "b"] {
        SecretTool::store(
            "dup",
            &[
                ("service", "Dup"),
                ("username", "two@EXAMPLE.COM"),
                ("copy", copy),
            ],
            "dup-secret",
        );
    }
    assert_eq!(SecretTool::count("Dup", "two@EXAMPLE.COM"), 2);
    store
        .put(
            &ItemSpec::new("Dup", "two@EXAMPLE.COM"),
            &password("one-left"),
        )
        .unwrap();
    assert_eq!(SecretTool::count("Dup", "two@EXAMPLE.COM"), 1);
    assert_eq!(
        SecretTool::lookup("Dup", "two@EXAMPLE.COM").as_deref(),
        Some("one-left")
    );
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_unlocked_passwords_round_trip_exactly() {
    require_session(Mode::Unlocked);
    let store = KeyringStore::new();
    for (i, text) in ["pässwörd ✓ 密码", " leading and trailing ", "a\"b'c\\d$e`f"]
        .into_iter()
        .enumerate()
    {
        let account = format!("user{i}@EXAMPLE.COM");
        store
            .put(&ItemSpec::new("RoundTrip", &account), &password(text))
            .unwrap();
        assert_eq!(
            SecretTool::lookup("RoundTrip", &account).as_deref(),
            Some(text)
        );
        let found = store.find("RoundTrip", &account).unwrap().unwrap();
        assert_eq!(found.password.expose_secret(), text);
    }
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_unlocked_items_differ_by_account_and_service() {
    require_session(Mode::Unlocked);
    let store = KeyringStore::new();
    store
        .put(&ItemSpec::new("Svc", "a@EXAMPLE.COM"), &password("pa"))
        .unwrap();
    store
        .put(&ItemSpec::new("Svc", "b@EXAMPLE.COM"), &password("pb"))
        .unwrap();
    store
        .put(&ItemSpec::new("Svc2", "a@EXAMPLE.COM"), &password("pc"))
        .unwrap();
    assert_eq!(
        SecretTool::lookup("Svc", "a@EXAMPLE.COM").as_deref(),
        Some("pa")
    );
    assert_eq!(
        SecretTool::lookup("Svc", "b@EXAMPLE.COM").as_deref(),
        Some("pb")
    );
    assert_eq!(
        SecretTool::lookup("Svc2", "a@EXAMPLE.COM").as_deref(),
        Some("pc")
    );
    assert!(store.delete("Svc", "a@EXAMPLE.COM").unwrap());
    assert_eq!(
        SecretTool::lookup("Svc", "b@EXAMPLE.COM").as_deref(),
        Some("pb")
    );
    assert_eq!(
        SecretTool::lookup("Svc2", "a@EXAMPLE.COM").as_deref(),
        Some("pc")
    );
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_unlocked_the_handoff_store_is_the_secret_service_here() {
    require_session(Mode::Unlocked);
    let store = handoff_store();
    assert_eq!(store.backend(), "secret-service");
    store
        .put(
            &ItemSpec::new("Handoff", "x@EXAMPLE.COM"),
            &password("via-box"),
        )
        .unwrap();
    assert_eq!(
        SecretTool::lookup("Handoff", "x@EXAMPLE.COM").as_deref(),
        Some("via-box")
    );
    // No partition lists here: no Mac password is needed, and a write "in partitions" is a
    // plain write.
    assert!(!store.keeps_partitions());
    assert!(store.check_keychain_password(&password("any")).is_ok());
    store
        .put_in_partitions(
            &ItemSpec::new("Handoff", "x@EXAMPLE.COM").in_partitions(["AAPZK3CB24"]),
            &password("in-partitions"),
            &password("ignored"),
        )
        .unwrap();
    assert_eq!(
        SecretTool::lookup("Handoff", "x@EXAMPLE.COM").as_deref(),
        Some("in-partitions")
    );
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_locked_a_keyring_that_cannot_be_unlocked_is_a_locked_error() {
    require_session(Mode::Locked);
    let err = KeyringStore::new()
        .put(
            &ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM"),
            &password("never-stored"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert!(!err.to_string().contains("never-stored"));
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn ss_nobus_no_session_bus_is_a_no_store_error() {
    require_session(Mode::NoBus);
    let store = KeyringStore::new();
    let err = store
        .put(
            &ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM"),
            &password("never-stored"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NoStore { .. }), "{err:?}");
    assert!(!err.to_string().contains("never-stored"));
    let err = store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap_err();
    assert!(matches!(err, StoreError::NoStore { .. }), "{err:?}");
}
