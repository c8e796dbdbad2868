//! Configuration: precedence, forced-only keys, type checks of every key, format parity and
//! masking.

use std::path::PathBuf;

use plist::{Dictionary, Value};
use secrecy::ExposeSecret;

use super::keys::{Kind, Scope, KEYS};
use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/config")
        .join(name)
}

fn good() -> Dictionary {
    source::read_file(&fixture("good.json")).unwrap()
}

fn with(mut dict: Dictionary, key: &str, value: Value) -> Dictionary {
    dict.insert(key.into(), value);
    dict
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn file_only(dict: Dictionary) -> Sources {
    Sources {
        file: Some(dict),
        ..Default::default()
    }
}

fn problems(sources: &Sources) -> Vec<Issue> {
    load_from(sources).expect_err("expected problems").problems
}

#[test]
fn the_good_fixture_loads_with_its_values() {
    let loaded = load_from(&file_only(good())).unwrap();
    let settings = &loaded.settings;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(settings.mode, Mode::SelfService);
    assert_eq!(
        settings.uem.as_ref().unwrap().api_url.as_str(),
        "https://as1234.awmdm.example/"
    );
    assert_eq!(
        settings.uem.as_ref().unwrap().staging_usernames,
        ["staging", "Stager2"]
    );
    assert!(matches!(
        &settings.uem.as_ref().unwrap().auth,
        UemAuthSettings::OAuth { client_id, client_secret, basic_client_auth: false, .. }
            if client_id == "baton-client" && client_secret.expose_secret() == "fixture-client-secret-8c1f"
    ));
    assert_eq!(
        settings.directory.kerberos_realm.as_deref(),
        Some("EXAMPLE.TEST")
    );
    assert_eq!(
        settings.branding.title.resolve(&["de-AT".into()]),
        "Willkommen bei Example"
    );
    assert_eq!(settings.branding.accent_color.as_deref(), Some("#0A84FF"));
    assert_eq!(settings.throttle.max_attempts, 4);
    assert_eq!(settings.throttle.lockout_seconds, 60, "default");
    assert!(
        settings.uem.as_ref().unwrap().sync_after_switch,
        "default true"
    );
    assert!(
        !settings.uem.as_ref().unwrap().create_missing_users,
        "default false"
    );
    assert!(settings.keychain.write_nomad_item, "default true");
    assert_eq!(settings.keychain.items[0].account, "<<upn>>");
}

#[test]
fn precedence_is_managed_then_file_then_user_then_default() {
    let managed = with(good(), "Title", s("From profile"));
    let user = Dictionary::from_iter([
        ("Title".to_string(), s("From user")),
        ("Message".to_string(), s("User message")),
    ]);
    let file = with(good(), "Title", s("From file"));

    let all = Sources {
        managed: Some(managed.clone()),
        file: Some(file.clone()),
        user: Some(user.clone()),
    };
    let title = |sources: &Sources| {
        let loaded = load_from(sources).unwrap();
        let origin = loaded
            .effective
            .iter()
            .find(|e| e.key == "Title")
            .unwrap()
            .origin;
        (loaded.settings.branding.title.fallback().to_owned(), origin)
    };
    assert_eq!(title(&all), ("From profile".into(), Origin::Managed));

    let no_managed = Sources {
        managed: None,
        ..all.clone()
    };
    assert_eq!(title(&no_managed), ("From file".into(), Origin::File));

    let no_file_title = Sources {
        managed: None,
        file: Some({
            let mut f = file.clone();
            f.remove("Title");
            f
        }),
        user: Some(user),
    };
    assert_eq!(title(&no_file_title), ("From user".into(), Origin::User));

    let defaults_only = Sources {
        managed: None,
        file: Some({
            let mut f = file;
            f.remove("Title");
            f
        }),
        user: None,
    };
    assert_eq!(
        title(&defaults_only),
        ("Set up your Mac".into(), Origin::Default)
    );
}

#[test]
fn with_a_profile_installed_the_file_sets_presentation_keys_only() {
    let file = Dictionary::from_iter([
        ("UEMAPIURL".to_string(), s("https://evil.example")),
        ("StagingUsernames".to_string(), Value::Array(vec![s("bob")])),
        ("Title".to_string(), s("From file")),
    ]);
    let mut profile = good();
    profile.remove("Title");
    let sources = Sources {
        managed: Some(profile),
        file: Some(file.clone()),
        user: None,
    };
    let loaded = load_from(&sources).unwrap();
    let uem = loaded.settings.uem.as_ref().unwrap();
    assert_eq!(uem.api_url.host_str(), Some("as1234.awmdm.example"));
    assert_eq!(uem.staging_usernames, ["staging", "Stager2"]);
    assert_eq!(loaded.settings.branding.title.fallback(), "From file");
    let refused: Vec<_> = loaded.refused_from_file.iter().map(|i| i.key).collect();
    assert_eq!(refused, [Some("UEMAPIURL"), Some("StagingUsernames")]);
    assert!(loaded.refused_from_file[0]
        .message
        .contains("configuration profile for Baton is installed"));
    // Without a profile the same file is the configuration (development, tests, IT tools).
    let loaded = load_from(&file_only(with(
        good(),
        "StagingUsernames",
        Value::Array(vec![s("bob")]),
    )))
    .unwrap();
    assert_eq!(loaded.settings.uem.unwrap().staging_usernames, ["bob"]);
    assert!(loaded.refused_from_file.is_empty());
}

#[test]
fn managed_only_keys_come_from_the_profile_alone() {
    let managed_keys: Vec<_> = KEYS
        .iter()
        .filter(|k| k.scope == Scope::Managed)
        .map(|k| k.name)
        .collect();
    assert_eq!(
        managed_keys,
        [
            "CreateMissingUsersGroup",
            "CreateMissingUsersLocationGroupId",
            "AllowIdentityOverride",
            "AllowUnverifiedCLI",
            "UEMUseSystemProxy",
            "KioskExitSecretSHA256"
        ]
    );
    let grant = |dict: Dictionary| {
        let mut dict = dict;
        for name in &managed_keys {
            let kind = super::keys::spec(name).unwrap().kind;
            dict.insert((*name).into(), valid_value(kind));
        }
        dict
    };
    // From --config (no profile installed) and from the user's preferences: ignored.
    for sources in [
        file_only(grant(good())),
        Sources {
            managed: None,
            file: Some(good()),
            user: Some(grant(Dictionary::new())),
        },
    ] {
        let loaded = load_from(&sources).unwrap();
        assert!(!loaded.settings.allow_identity_override);
        assert!(!loaded.settings.allow_unverified_cli);
        assert!(!loaded.settings.use_system_proxy);
        for name in &managed_keys {
            assert!(
                loaded.warnings.iter().any(|w| w.key == Some(*name)),
                "{name}: {:?}",
                loaded.warnings
            );
        }
    }
    assert_eq!(
        load_from(&file_only(grant(good())))
            .unwrap()
            .refused_from_file
            .len(),
        managed_keys.len()
    );
    // From the profile: honoured.
    let loaded = load_from(&Sources {
        managed: Some(grant(good())),
        ..Default::default()
    })
    .unwrap();
    assert!(loaded.settings.allow_identity_override);
    assert!(loaded.settings.allow_unverified_cli);
    assert!(loaded.settings.use_system_proxy);
}

#[test]
fn security_keys_are_ignored_from_user_preferences() {
    for spec in KEYS.iter().filter(|k| k.scope != Scope::Any) {
        let user = Dictionary::from_iter([(spec.name.to_string(), s("https://evil.example"))]);
        let sources = Sources {
            managed: None,
            file: Some(good()),
            user: Some(user),
        };
        let loaded =
            load_from(&sources).unwrap_or_else(|e| panic!("{}: {:?}", spec.name, e.problems));
        let entry = loaded.effective.iter().find(|e| e.key == spec.name);
        assert!(
            entry.is_none_or(|e| e.origin != Origin::User),
            "{} was taken from user preferences",
            spec.name
        );
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.key == Some(spec.name) && w.message.contains("ignored")),
            "no warning for {}",
            spec.name
        );
    }
    // The concrete attack: a user pointing Baton at another UEM server.
    let sources = Sources {
        managed: None,
        file: Some(good()),
        user: Some(Dictionary::from_iter([(
            "UEMAPIURL".to_string(),
            s("https://evil.example"),
        )])),
    };
    let loaded = load_from(&sources).unwrap();
    assert_eq!(
        loaded.settings.uem.as_ref().unwrap().api_url.host_str(),
        Some("as1234.awmdm.example")
    );
}

#[test]
fn presentation_keys_are_honoured_from_user_preferences() {
    for spec in KEYS.iter().filter(|k| k.scope == Scope::Any) {
        let value = valid_value(spec.kind);
        let mut file = good();
        file.remove(spec.name);
        let sources = Sources {
            managed: None,
            file: Some(file),
            user: Some(Dictionary::from_iter([(spec.name.to_string(), value)])),
        };
        let loaded = load_from(&sources).unwrap();
        let entry = loaded
            .effective
            .iter()
            .find(|e| e.key == spec.name)
            .unwrap();
        assert_eq!(entry.origin, Origin::User, "{}", spec.name);
    }
}

/// A value of the right type for each kind.
fn valid_value(kind: Kind) -> Value {
    match kind {
        Kind::Text | Kind::Localized => s("{username}"),
        Kind::HttpsUrl => s("https://host.example"),
        Kind::LdapUrl => s("ldaps://host.example"),
        Kind::HelpLink => s("mailto:help@example.test"),
        Kind::Color => s("#112233"),
        Kind::Bool => Value::Boolean(true),
        Kind::Integer { min, .. } => Value::Integer(min.into()),
        Kind::Choice(options) => s(options[options.len() - 1]),
        Kind::TextList => Value::Array(vec![s("a")]),
        Kind::PemList => Value::Array(vec![s(TEST_PEM)]),
        Kind::ItemTemplates => Value::Array(vec![Value::Dictionary(Dictionary::from_iter([
            ("Service".to_string(), s("svc")),
            ("Account".to_string(), s("<<shortname>>")),
        ]))]),
    }
}

/// A value of the wrong type for each kind.
fn wrong_value(kind: Kind) -> Value {
    match kind {
        Kind::Bool | Kind::Integer { .. } => s("yes"),
        Kind::TextList | Kind::PemList | Kind::ItemTemplates => s("not a list"),
        Kind::Localized => Value::Array(vec![]),
        _ => Value::Integer(7.into()),
    }
}

#[test]
fn every_key_is_type_checked_and_named_in_its_problem() {
    for spec in KEYS {
        // From a configuration profile, which may set every key.
        let sources = Sources {
            managed: Some(with(good(), spec.name, wrong_value(spec.kind))),
            ..Default::default()
        };
        let found = problems(&sources);
        assert!(
            found
                .iter()
                .any(|p| p.key == Some(spec.name) && p.message.starts_with(spec.name)),
            "{}: {found:?}",
            spec.name
        );
    }
}

#[test]
fn every_key_accepts_a_value_of_its_type() {
    for spec in KEYS {
        let mut dict = with(good(), spec.name, valid_value(spec.kind));
        if spec.name == "DirectoryType" || spec.name == "Mode" {
            // Covered by the combination test below.
            dict.insert("Mode".into(), s("technician"));
        }
        if spec.name == "UEMAuthMethod" {
            dict.insert("UEMUsername".into(), s("api-admin"));
            dict.insert("UEMPassword".into(), s("api-password"));
        }
        if spec.name == "RelayURL" {
            // With a relay the good fixture's UEM credential is an error: covered below.
            dict = relay_only(dict);
        }
        if spec.name == "CreateMissingUsers" {
            // Needs the group and the organization group, which only a profile may name.
            dict.insert("CreateMissingUsersGroup".into(), s("cn=mac-users,dc=x"));
            dict.insert("CreateMissingUsersLocationGroupId".into(), s("570"));
            let managed = Sources {
                managed: Some(dict),
                ..Default::default()
            };
            if let Err(e) = load_from(&managed) {
                panic!("{}: {:?}", spec.name, e.problems);
            }
            continue;
        }
        if let Err(e) = load_from(&file_only(dict)) {
            panic!("{}: {:?}", spec.name, e.problems);
        }
    }
}

#[test]
fn value_checks_say_what_is_wrong() {
    let cases: &[(&str, Value, &str)] = &[
        ("UEMAPIURL", s("http://as1234.awmdm.example"), "https://"),
        (
            "UEMAPIURL",
            s("https://user:pw@as1234.example"),
            "user name or password",
        ),
        ("UEMAPIURL", s("not a url"), "not a valid URL"),
        ("LDAPURL", s("ldap+plain://dc1"), "ldaps://"),
        (
            "Mode",
            s("desk"),
            "\"self-service\", \"technician\", \"kiosk\"",
        ),
        ("AccentColor", s("blue"), "#RRGGBB"),
        ("MaxAttempts", Value::Integer(0.into()), "between 1 and 20"),
        ("HelpURL", s("javascript:alert(1)"), "https:// or mailto:"),
        (
            "TrustedCACertificates",
            Value::Array(vec![s("hello")]),
            "not a PEM certificate",
        ),
        (
            "KeychainItems",
            valid_items_with_account("<<user>>"),
            "unknown placeholder <<user>>",
        ),
        ("LDAPBindTemplate", s("cn=fixed"), "{username}"),
        ("UEMOAuthClientID", s("  "), "empty"),
        (
            "KeychainPartitionTeamIDs",
            Value::Array(vec![s("AAPZK3CB24"), s("AAP ZK3")]),
            "is not a team ID",
        ),
    ];
    for (key, value, expected) in cases {
        let found = problems(&file_only(with(good(), key, value.clone())));
        assert!(
            found.iter().any(|p| p.message.contains(expected)),
            "{key}: expected {expected:?} in {found:?}"
        );
    }
}

fn valid_items_with_account(account: &str) -> Value {
    Value::Array(vec![Value::Dictionary(Dictionary::from_iter([
        ("Service".to_string(), s("svc")),
        ("Account".to_string(), s(account)),
    ]))])
}

#[test]
fn partition_team_ids_are_normalized_once_each() {
    let loaded = load_from(&file_only(with(
        good(),
        "KeychainPartitionTeamIDs",
        Value::Array(vec![
            s("AAPZK3CB24"),
            s(" teamid:AAPZK3CB24 "),
            s("VRPY9KHGX6"),
        ]),
    )))
    .unwrap();
    assert_eq!(
        loaded.settings.keychain.partition_team_ids,
        ["teamid:AAPZK3CB24", "teamid:VRPY9KHGX6"]
    );
}

#[test]
fn required_keys_and_combinations_are_checked() {
    let mut basic = with(good(), "UEMAuthMethod", s("basic"));
    basic.remove("UEMTenantCode");
    let found = problems(&file_only(basic));
    for key in ["UEMUsername", "UEMPassword", "UEMTenantCode"] {
        assert!(found.iter().any(|p| p.key == Some(key)), "{key}: {found:?}");
    }

    let none_self_service = with(good(), "DirectoryType", s("none"));
    let found = problems(&file_only(none_self_service));
    assert!(
        found.iter().any(|p| p.key == Some("DirectoryType")),
        "{found:?}"
    );

    let none_technician = with(
        with(good(), "DirectoryType", s("none")),
        "Mode",
        s("technician"),
    );
    let loaded = load_from(&file_only(none_technician)).unwrap();
    assert!(loaded.settings.directory.ldap.is_none());

    let found = problems(&Sources::default());
    for key in [
        "UEMAPIURL",
        "UEMOAuthTokenURL",
        "UEMOAuthClientID",
        "UEMOAuthClientSecret",
        "StagingUsernames",
        "LDAPURL",
        "LDAPBindTemplate",
    ] {
        assert!(found.iter().any(|p| p.key == Some(key)), "{key}: {found:?}");
    }
}

#[test]
fn the_bad_fixture_reports_every_problem_at_once() {
    let err = load_from(&file_only(source::read_file(&fixture("bad.json")).unwrap())).unwrap_err();
    let keys: Vec<_> = err.problems.iter().filter_map(|p| p.key).collect();
    for key in [
        "UEMAPIURL",
        "UEMOAuthTokenURL",
        "StagingUsernames",
        "LDAPURL",
        "Mode",
        "AccentColor",
        "MaxAttempts",
        "KeychainItems",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert!(
        err.warnings
            .iter()
            .any(|w| w.message.contains("Did you mean SyncDeviceAfterSwitch?")),
        "{:?}",
        err.warnings
    );
}

#[test]
fn xml_binary_and_json_files_load_identically() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = fixture("good.json");
    let dict = source::read_file(&json_path).unwrap();
    let xml = dir.path().join("good.plist");
    let binary = dir.path().join("good-binary.plist");
    let json_without_extension = dir.path().join("config");
    Value::Dictionary(dict.clone()).to_file_xml(&xml).unwrap();
    Value::Dictionary(dict.clone())
        .to_file_binary(&binary)
        .unwrap();
    std::fs::copy(&json_path, &json_without_extension).unwrap();
    let shown = |path: &std::path::Path| {
        let loaded = load_from(&file_only(source::read_file(path).unwrap())).unwrap();
        loaded
            .effective
            .iter()
            .map(|e| format!("{}={}@{:?}", e.key, e.value, e.origin))
            .collect::<Vec<_>>()
    };
    let reference = shown(&json_path);
    assert_eq!(shown(&xml), reference);
    assert_eq!(shown(&binary), reference);
    assert_eq!(shown(&json_without_extension), reference);
    assert!(std::fs::read(&binary).unwrap().starts_with(b"bplist00"));
}

#[test]
fn unreadable_and_malformed_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        source::read_file(&dir.path().join("missing.json")),
        Err(source::FileError::Unreadable { .. })
    ));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"Title\": ").unwrap();
    assert!(matches!(
        source::read_file(&broken),
        Err(source::FileError::Malformed { .. })
    ));
    let array = dir.path().join("array.json");
    std::fs::write(&array, "[1]").unwrap();
    assert!(matches!(
        source::read_file(&array),
        Err(source::FileError::NotADictionary { .. })
    ));
}

#[test]
fn secrets_are_masked_in_effective_settings_debug_and_errors() {
    let dict = with(good(), "UEMAuthMethod", s("basic"));
    let dict = with(dict, "UEMUsername", s("api-admin"));
    let dict = with(dict, "UEMPassword", s("fixture-uem-password-3b9e"));
    let loaded = load_from(&file_only(dict.clone())).unwrap();
    let secrets = [
        "fixture-client-secret-8c1f",
        "fixture-tenant-code-77aa",
        "fixture-uem-password-3b9e",
    ];
    let effective = format!("{:?}", loaded.effective);
    let debug = format!("{:?}", loaded.settings);
    for secret in secrets {
        assert!(!effective.contains(secret), "effective shows {secret}");
        assert!(!debug.contains(secret), "Debug shows {secret}");
    }
    for key in ["UEMPassword", "UEMTenantCode", "UEMOAuthClientSecret"] {
        let entry = loaded.effective.iter().find(|e| e.key == key).unwrap();
        assert_eq!(entry.value, MASK, "{key}");
    }
    // A secret of the wrong type is reported without its content.
    let broken = with(
        dict,
        "UEMPassword",
        Value::Array(vec![s("fixture-uem-password-3b9e")]),
    );
    let err = load_from(&file_only(broken)).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("fixture-uem-password-3b9e"));
}

#[test]
fn the_configuration_error_is_a_problem_with_exit_code_2() {
    let err = load_from(&Sources::default()).unwrap_err();
    let facing = err.user_facing();
    assert_eq!(facing.exit.code(), 2);
    assert_eq!(facing.code, "CFG-001");
}

const TEST_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBfTCCASOgAwIBAgIUPYfKmV1wqfHcvDRHl9zVYjKQmZgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJQmF0b24gQ0EwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAw
MDAwWjAUMRIwEAYDVQQDDAlCYXRvbiBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABHq3hT0bT8r3DkVb5K2x8n2n9f0q1c7R6mVqk3L6j8wQ2vX1b9d6h0Q4c5p6
m7n8o9p0q1r2s3t4u5v6w7x8y9ajUzBRMB0GA1UdDgQWBBQAAAAAAAAAAAAAAAAA
AAAAAAAAADAfBgNVHSMEGDAWgBQAAAAAAAAAAAAAAAAAAAAAAAAAADAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCv5x2s2Yp7bq2aH0nq6hM6b8w8
Y3l4C1dJq0Z6m9nW5AIgQm1k3t6u5v6w7x8y9z0a1b2c3d4e5f6g7h8i9j0k1l8=
-----END CERTIFICATE-----
";

/// `dict` talking to a relay: no UEM credential, a client certificate from files.
fn relay_only(mut dict: Dictionary) -> Dictionary {
    for key in crate::config::UEM_CREDENTIAL_KEYS {
        dict.remove(key);
    }
    dict.insert("RelayURL".into(), s("https://relay.example.test:8443"));
    dict.insert(
        "RelayClientCertificateFile".into(),
        s("/etc/baton/device.pem"),
    );
    dict.insert("RelayClientKeyFile".into(), s("/etc/baton/device-key.pem"));
    dict
}

#[test]
fn with_a_relay_the_mac_holds_no_uem_credential() {
    let mut dict = relay_only(good());
    for key in [
        "UEMAPIURL",
        "UEMOAuthTokenURL",
        "StagingUsernames",
        "LDAPURL",
        "LDAPBindTemplate",
    ] {
        dict.remove(key);
    }
    let loaded = load_from(&file_only(dict)).unwrap();
    let settings = &loaded.settings;
    assert!(settings.uem.is_none());
    assert!(settings.secrets().is_empty(), "no UEM secret to hold");
    let relay = settings.relay.as_ref().unwrap();
    assert_eq!(relay.url.as_str(), "https://relay.example.test:8443/");
    assert_eq!(
        relay.identity,
        Some(RelayIdentity::Files {
            certificate: "/etc/baton/device.pem".into(),
            key: "/etc/baton/device-key.pem".into(),
        })
    );
}

/// A technician on an IT Mac without a device certificate: the relay serves their own session,
/// so technician mode with a relay needs no client identity; self-service and kiosk still do.
#[test]
fn only_technician_mode_talks_to_a_relay_without_a_client_identity() {
    let without_identity = |mode: &str| {
        let mut dict = with(relay_only(good()), "Mode", s(mode));
        dict.remove("RelayClientCertificateFile");
        dict.remove("RelayClientKeyFile");
        file_only(dict)
    };
    let loaded = load_from(&without_identity("technician")).unwrap();
    let relay = loaded.settings.relay.as_ref().unwrap();
    assert_eq!(relay.identity, None);
    let options = crate::ops::RelayClientOptions::from_settings(relay).unwrap();
    assert!(options.identity.is_none());
    // The technician's gate is the relay's, built without a certificate.
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        crate::technician::gate(&loaded.settings, dir.path()),
        Ok(crate::technician::AnyGate::Relay(_))
    ));

    for mode in ["self-service", "kiosk"] {
        let found = problems(&without_identity(mode));
        assert!(
            found
                .iter()
                .any(|p| p.key == Some("RelayClientIdentityIssuer")),
            "{mode}: {found:?}"
        );
    }
    // A half-configured identity is a problem in technician mode too.
    let mut dict = with(relay_only(good()), "Mode", s("technician"));
    dict.remove("RelayClientKeyFile");
    let found = problems(&file_only(dict));
    assert!(
        found.iter().any(|p| p.key == Some("RelayClientKeyFile")),
        "{found:?}"
    );
}

#[test]
fn a_relay_and_any_uem_credential_is_a_configuration_error_naming_each_key() {
    // The good fixture has an OAuth client and a tenant code.
    let mut dict = with(good(), "RelayURL", s("https://relay.example.test"));
    dict.insert("RelayClientIdentityIssuer".into(), s("Example Device CA"));
    let found = problems(&file_only(dict));
    for key in ["UEMOAuthClientID", "UEMOAuthClientSecret", "UEMTenantCode"] {
        assert!(
            found
                .iter()
                .any(|p| p.key == Some(key) && p.message.contains("must hold no UEM credential")),
            "{key}: {found:?}"
        );
    }
    // Basic-auth credentials too.
    let mut dict = relay_only(good());
    dict.insert("UEMUsername".into(), s("api-admin"));
    dict.insert("UEMPassword".into(), s("api-password"));
    let found = problems(&file_only(dict));
    assert!(
        found.iter().any(|p| p.key == Some("UEMPassword")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.key == Some("UEMUsername")),
        "{found:?}"
    );
}

#[test]
fn a_relay_needs_a_client_identity_and_https() {
    let mut dict = relay_only(good());
    dict.remove("RelayClientKeyFile");
    let found = problems(&file_only(dict));
    assert!(
        found.iter().any(|p| p.key == Some("RelayClientKeyFile")),
        "{found:?}"
    );
    let mut dict = relay_only(good());
    dict.remove("RelayClientKeyFile");
    dict.remove("RelayClientCertificateFile");
    let found = problems(&file_only(dict));
    assert!(
        found
            .iter()
            .any(|p| p.key == Some("RelayClientIdentityIssuer")),
        "{found:?}"
    );
    let dict = with(
        relay_only(good()),
        "RelayURL",
        s("http://relay.example.test"),
    );
    let found = problems(&file_only(dict));
    assert!(found.iter().any(|p| p.key == Some("RelayURL")), "{found:?}");
}

/// F8: one CA list for UEM, one for LDAP; the old key is added to both, with a warning;
/// `LDAPUsePlatformRoots` defaults to true.
#[test]
fn uem_and_ldap_trust_separate_ca_lists() {
    // Three different values, each a valid list of certificates.
    let pem = |n: &str| {
        TEST_PEM.repeat(
            ["uem", "ldap", "both"]
                .iter()
                .position(|x| *x == n)
                .unwrap()
                + 1,
        )
    };
    let list = |items: &[String]| Value::Array(items.iter().map(|p| s(p)).collect());
    let mut dict = good();
    dict.remove("TrustedCACertificates");
    let dict = with(dict, "UEMTrustedCACertificates", list(&[pem("uem")]));
    let dict = with(dict, "LDAPTrustedCACertificates", list(&[pem("ldap")]));
    let loaded = load_from(&file_only(dict.clone())).unwrap();
    assert_eq!(loaded.settings.trusted_ca_certificates, [pem("uem")]);
    assert_eq!(
        loaded.settings.directory.trusted_ca_certificates,
        [pem("ldap")]
    );
    assert!(loaded.settings.directory.use_platform_roots);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let ldap = crate::directory::LdapOptions::from_settings(&loaded.settings).unwrap();
    assert_eq!(ldap.trusted_ca_pems, [pem("ldap")]);
    assert!(ldap.use_platform_roots);

    let dict = with(dict, "TrustedCACertificates", list(&[pem("both")]));
    let dict = with(dict, "LDAPUsePlatformRoots", Value::Boolean(false));
    let dict = with(dict, "ADNetBIOSDomain", s("CORP"));
    let loaded = load_from(&file_only(dict)).unwrap();
    assert_eq!(
        loaded.settings.trusted_ca_certificates,
        [pem("uem"), pem("both")]
    );
    let ldap = crate::directory::LdapOptions::from_settings(&loaded.settings).unwrap();
    assert_eq!(ldap.trusted_ca_pems, [pem("ldap"), pem("both")]);
    assert!(!ldap.use_platform_roots);
    assert_eq!(ldap.netbios_domain.as_deref(), Some("CORP"));
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.key == Some("TrustedCACertificates") && w.message.contains("deprecated")),
        "{:?}",
        loaded.warnings
    );
}
