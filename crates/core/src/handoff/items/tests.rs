use std::sync::{Arc, Mutex};

use baton_platform::app_prefs::PlistDirPreferences;
use baton_platform::keychain::{FoundItem, MemoryStore};
use secrecy::ExposeSecret;

use super::*;

type Opt = Option<&'static str>;

fn settings(write_nomad_item: bool, items: Vec<KeychainItemTemplate>) -> KeychainSettings {
    KeychainSettings {
        write_nomad_item,
        items,
        partition_team_ids: Vec::new(),
        kerberos_sso_handoff: false,
    }
}

fn template(
    service: &str,
    account: &str,
    label: Option<&str>,
    apps: &[&str],
) -> KeychainItemTemplate {
    KeychainItemTemplate {
        service: service.into(),
        account: account.into(),
        label: label.map(str::to_owned),
        trusted_applications: apps.iter().map(|a| a.to_string()).collect(),
    }
}

fn defaults(kerberos_realm: Option<&str>, ad_domain: Option<&str>) -> RealmDefaults {
    RealmDefaults {
        kerberos_realm: kerberos_realm.map(str::to_owned),
        ad_domain: ad_domain.map(str::to_owned),
    }
}

fn full_identity() -> Identity {
    Identity::from_username("jdoe@example.com")
        .unwrap()
        .with_email("jane.doe@example.com")
        .with_full_name("Jane Doe")
        .with_serial("C02DEMO00001")
}

#[test]
fn usernames_in_every_accepted_form() {
    // typed, short name, upn, domain
    let cases: &[(&str, &str, Opt, Opt)] = &[
        ("jdoe", "jdoe", None, None),
        ("  jdoe\t", "jdoe", None, None),
        (
            "jdoe@example.com",
            "jdoe",
            Some("jdoe@example.com"),
            Some("example.com"),
        ),
        (
            "JDoe@Corp.Example.com",
            "JDoe",
            Some("JDoe@Corp.Example.com"),
            Some("Corp.Example.com"),
        ),
        ("EXAMPLE\\jdoe", "jdoe", None, Some("EXAMPLE")),
        ("example.com\\jdoe", "jdoe", None, Some("example.com")),
    ];
    for (typed, short, upn, domain) in cases {
        let id = Identity::from_username(typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(id.short_name, *short, "{typed:?}");
        assert_eq!(id.upn.as_deref(), *upn, "{typed:?}");
        assert_eq!(id.domain.as_deref(), *domain, "{typed:?}");
        assert_eq!(id.realm, None, "{typed:?}");
    }
}

#[test]
fn malformed_usernames_are_refused() {
    assert_eq!(
        Identity::from_username("  ").unwrap_err(),
        IdentityError::Empty
    );
    for typed in [
        "\\jdoe",
        "EXAMPLE\\",
        "EXAMPLE\\a\\b",
        "EXAMPLE\\jdoe@example.com",
        "@example.com",
        "jdoe@",
        "a@b@c",
        "j doe",
        "jdoe/x",
        "jdoe\u{7}",
    ] {
        assert!(
            matches!(
                Identity::from_username(typed),
                Err(IdentityError::Malformed(_))
            ),
            "{typed:?}"
        );
    }
    let problem = IdentityError::Empty.user_facing();
    assert_eq!(problem.exit, ExitCode::Usage);
}

#[test]
fn realm_defaulting_and_case() {
    let short = Identity::new("jdoe");
    let upn = Identity::from_username("jdoe@sub.example.com").unwrap();
    let netbios = Identity::from_username("EXAMPLE\\jdoe").unwrap();
    let reported = Identity::new("jdoe").with_realm("CORP.EXAMPLE.COM");
    // (identity, KerberosRealm, ADDomain, expected realm)
    let cases: &[(&Identity, Opt, Opt, Opt)] = &[
        (
            &short,
            Some("EXAMPLE.COM"),
            Some("other.com"),
            Some("EXAMPLE.COM"),
        ),
        (&short, Some("Example.Com"), None, Some("Example.Com")),
        (&short, None, Some("example.com"), Some("EXAMPLE.COM")),
        (&short, Some("  "), Some("example.com"), Some("EXAMPLE.COM")),
        (&upn, Some("EXAMPLE.COM"), None, Some("EXAMPLE.COM")),
        (&upn, None, Some("example.com"), Some("EXAMPLE.COM")),
        (&upn, None, None, Some("SUB.EXAMPLE.COM")),
        (&reported, None, None, Some("CORP.EXAMPLE.COM")),
        (&reported, None, Some("example.com"), Some("EXAMPLE.COM")),
        (&netbios, None, None, None),
        (&netbios, None, Some("example.com"), Some("EXAMPLE.COM")),
        (&short, None, None, None),
    ];
    for (identity, kerberos_realm, ad_domain, expected) in cases {
        assert_eq!(
            resolve_realm(identity, &defaults(*kerberos_realm, *ad_domain)).as_deref(),
            *expected,
            "{identity:?} KerberosRealm={kerberos_realm:?} ADDomain={ad_domain:?}"
        );
    }
}

#[test]
fn the_nomad_item_for_each_input_form() {
    // (typed, KerberosRealm, ADDomain, expected NoMAD account or None for NoRealm)
    let cases: &[(&str, Opt, Opt, Opt)] = &[
        ("jdoe", None, Some("example.com"), Some("jdoe@EXAMPLE.COM")),
        (
            "jdoe",
            Some("AD.EXAMPLE.COM"),
            Some("example.com"),
            Some("jdoe@AD.EXAMPLE.COM"),
        ),
        ("jdoe@example.com", None, None, Some("jdoe@EXAMPLE.COM")),
        (
            "jdoe@example.com",
            None,
            Some("corp.example.com"),
            Some("jdoe@CORP.EXAMPLE.COM"),
        ),
        (
            "EXAMPLE\\jdoe",
            None,
            Some("example.com"),
            Some("jdoe@EXAMPLE.COM"),
        ),
        ("EXAMPLE\\jdoe", None, None, None),
        ("jdoe", None, None, None),
    ];
    for (typed, kerberos_realm, ad_domain, expected) in cases {
        let identity = Identity::from_username(typed).unwrap();
        let result = plan_items(
            &identity,
            &settings(true, vec![]),
            &defaults(*kerberos_realm, *ad_domain),
        );
        match expected {
            Some(account) => {
                let plan = result.unwrap_or_else(|e| panic!("{typed:?}: {e}"));
                assert_eq!(
                    plan.items,
                    vec![ItemSpec {
                        partition_ids: Vec::new(),
                        service: "NoMAD".into(),
                        account: account.to_string(),
                        label: "NoMAD".into(),
                        trusted_applications: vec![PathBuf::from("/Applications/NoMAD.app")],
                    }],
                    "{typed:?}"
                );
                assert_eq!(plan.last_user.as_deref(), Some("jdoe"), "{typed:?}");
                assert_eq!(plan.kerberos, None);
            }
            None => assert_eq!(
                result.unwrap_err(),
                PlanError::NoRealm {
                    needed_for: "the NoMAD Keychain item"
                },
                "{typed:?}"
            ),
        }
    }
}

#[test]
fn templates_expand_every_placeholder() {
    let identity = full_identity().with_domain("EXAMPLE");
    let cases: &[(KeychainItemTemplate, ItemSpec)] = &[
        (
            template("<<shortname>>", "<<upn>>", None, &[]),
            ItemSpec::new("jdoe", "jdoe@example.com"),
        ),
        (
            template(
                "corp-<<domain>>",
                "<<shortname>>@<<realm>>",
                Some("Corp (<<fullname>>)"),
                &["/Applications/Corp.app"],
            ),
            ItemSpec::new("corp-example.com", "jdoe@EXAMPLE.COM")
                .with_label("Corp (Jane Doe)")
                .trusting("/Applications/Corp.app"),
        ),
        (
            template("mail", "<<email>>", Some("Mail"), &[]),
            ItemSpec::new("mail", "jane.doe@example.com").with_label("Mail"),
        ),
        (
            template(
                "device-<<serial>>",
                "<<shortname>>",
                None,
                &["/Applications/A.app", "/Applications/B.app"],
            ),
            ItemSpec::new("device-C02DEMO00001", "jdoe")
                .trusting("/Applications/A.app")
                .trusting("/Applications/B.app"),
        ),
        (
            template("plain", "no placeholders", None, &[]),
            ItemSpec::new("plain", "no placeholders"),
        ),
    ];
    for (template, expected) in cases {
        let plan = plan_items(
            &identity,
            &settings(false, vec![template.clone()]),
            &defaults(None, Some("example.com")),
        )
        .unwrap_or_else(|e| panic!("{template:?}: {e}"));
        assert_eq!(plan.items, vec![expected.clone()], "{template:?}");
        assert_eq!(plan.last_user, None, "NoMAD off: no LastUser");
    }
}

#[test]
fn a_placeholder_unknown_for_this_user_is_an_error_not_an_empty_string() {
    let short = Identity::new("jdoe");
    // (template account, missing placeholder)
    for (account, missing) in [
        ("<<email>>", "email"),
        ("<<upn>>", "upn"),
        ("<<fullname>>", "fullname"),
        ("x-<<serial>>", "serial"),
        ("<<shortname>>@<<realm>>", "realm"),
        ("<<domain>>\\<<shortname>>", "domain"),
    ] {
        let err = plan_items(
            &short,
            &settings(false, vec![template("svc", account, None, &[])]),
            &RealmDefaults::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            PlanError::MissingValue {
                placeholder: missing,
                template: account.into()
            }
        );
    }
    // The label is a template too.
    let err = plan_items(
        &short,
        &settings(false, vec![template("svc", "acct", Some("<<email>>"), &[])]),
        &RealmDefaults::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            PlanError::MissingValue {
                placeholder: "email",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn malformed_templates_are_errors() {
    for account in ["<<user>>", "<<shortname", "<<>>"] {
        let err = plan_items(
            &full_identity(),
            &settings(false, vec![template("svc", account, None, &[])]),
            &RealmDefaults::default(),
        )
        .unwrap_err();
        assert!(
            matches!(err, PlanError::BadTemplate { .. }),
            "{account}: {err:?}"
        );
    }
}

#[test]
fn nomad_off_needs_no_realm_and_writes_only_templates() {
    let plan = plan_items(
        &Identity::new("jdoe"),
        &settings(false, vec![template("svc", "<<shortname>>", None, &[])]),
        &RealmDefaults::default(),
    )
    .unwrap();
    assert_eq!(plan.items, vec![ItemSpec::new("svc", "jdoe")]);
    assert_eq!(plan.last_user, None);

    let nothing = plan_items(
        &Identity::new("jdoe"),
        &settings(false, vec![]),
        &RealmDefaults::default(),
    )
    .unwrap();
    assert!(nothing.items.is_empty());
    assert_eq!(
        plan_items(
            &Identity::new(" "),
            &settings(false, vec![]),
            &RealmDefaults::default()
        )
        .unwrap_err(),
        PlanError::NoShortName
    );
}

#[test]
fn the_same_item_twice_is_planned_once_trusting_both_apps() {
    let plan = plan_items(
        &Identity::new("jdoe"),
        &settings(
            true,
            vec![
                template(
                    "NoMAD",
                    "<<shortname>>@<<realm>>",
                    None,
                    &["/Applications/Other.app"],
                ),
                template("svc", "a", None, &[]),
                template("svc", "a", Some("ignored"), &[]),
            ],
        ),
        &defaults(None, Some("example.com")),
    )
    .unwrap();
    assert_eq!(plan.items.len(), 2, "{plan:?}");
    assert_eq!(
        plan.items[0].trusted_applications,
        [
            PathBuf::from("/Applications/NoMAD.app"),
            PathBuf::from("/Applications/Other.app")
        ]
    );
    assert_eq!(plan.items[0].label, "NoMAD");
}

#[test]
fn kerberos_handoff_is_planned_only_when_on() {
    let mut keychain = settings(false, vec![]);
    keychain.kerberos_sso_handoff = true;
    let plan = plan_items(
        &Identity::from_username("EXAMPLE\\jdoe").unwrap(),
        &keychain,
        &defaults(None, Some("example.com")),
    )
    .unwrap();
    assert_eq!(
        plan.kerberos,
        Some(KerberosHandoff {
            realm: "EXAMPLE.COM".into(),
            principal: "jdoe@EXAMPLE.COM".into()
        })
    );
    assert_eq!(
        plan_items(&Identity::new("jdoe"), &keychain, &RealmDefaults::default()).unwrap_err(),
        PlanError::NoRealm {
            needed_for: "the Kerberos SSO hand-off"
        }
    );
}

#[test]
fn realm_defaults_come_from_directory_settings() {
    let directory = DirectorySettings {
        ldap: None,
        ad_domain: Some("example.com".into()),
        kerberos_realm: Some("EXAMPLE.COM".into()),
        netbios_domain: None,
        trusted_ca_certificates: Vec::new(),
        use_platform_roots: true,
    };
    assert_eq!(
        RealmDefaults::from(&directory),
        defaults(Some("EXAMPLE.COM"), Some("example.com"))
    );
}

#[test]
fn a_verified_user_becomes_the_identity_the_items_are_planned_for() {
    let verified = crate::directory::VerifiedUser {
        short_name: "jdoe".into(),
        upn: Some("jdoe@example.com".into()),
        display_name: Some("Jane Doe".into()),
        email: Some("jane.doe@example.com".into()),
        dn: "uid=jdoe,ou=people,dc=example,dc=com".into(),
        domain: Some("example.com".into()),
        realm: Some("EXAMPLE.COM".into()),
        groups: Vec::new(),
        directory_id: None,
    };
    let identity = Identity::from(&crate::ops::Person::from(&verified)).with_serial("C02DEMO00001");
    assert_eq!(identity, full_identity().with_realm("EXAMPLE.COM"));
    // Blank values from the directory count as unknown, so templates needing them fail.
    let sparse = crate::directory::VerifiedUser {
        upn: None,
        display_name: Some("  ".into()),
        email: None,
        domain: None,
        realm: None,
        ..verified
    };
    let identity = Identity::from(&crate::ops::Person::from(&sparse));
    assert_eq!(identity, Identity::new("jdoe"));
    let plan = plan_items(&identity, &settings(true, vec![]), &defaults(None, None));
    assert!(matches!(plan, Err(PlanError::NoRealm { .. })), "{plan:?}");
}

// ----- writing -----

const PASSWORD: &str = "Corr3ct-Horse-Battery";

fn hand_off_plan() -> Plan {
    plan_items(
        &full_identity(),
        &settings(
            true,
            vec![
                template(
                    "corp-vpn",
                    "<<upn>>",
                    Some("Corp VPN"),
                    &["/Applications/VPN.app"],
                ),
                template("mail", "<<email>>", None, &[]),
            ],
        ),
        &defaults(None, Some("example.com")),
    )
    .unwrap()
}

#[test]
fn write_items_writes_everything_and_sets_last_user_idempotently() {
    let store = MemoryStore::new();
    let dir = tempfile::tempdir().unwrap();
    let prefs = PlistDirPreferences::new(dir.path());
    let plan = hand_off_plan();
    let password = SecretString::from(PASSWORD);

    for _ in 0..2 {
        let report = write_items(&store, &prefs, &plan, &password, None).unwrap();
        assert_eq!(report.written.len(), 3);
        assert!(report.last_user_set);
        assert_eq!(store.len(), 3, "exactly one item per service/account");
    }
    assert_eq!(store.puts(), 6);
    let nomad = store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().unwrap();
    assert_eq!(nomad.password.expose_secret(), PASSWORD);
    assert_eq!(store.specs(), {
        let mut specs = plan.items.clone();
        specs.sort_by(|a, b| (&a.service, &a.account).cmp(&(&b.service, &b.account)));
        specs
    });
    assert_eq!(
        prefs
            .get_string(NOMAD_DOMAIN, NOMAD_LAST_USER)
            .unwrap()
            .as_deref(),
        Some("jdoe")
    );
}

/// A store that fails for one service with an error text that (wrongly) echoes the password.
struct LeakyFailingStore {
    inner: MemoryStore,
    fail_service: &'static str,
    error: fn(String) -> StoreError,
}

impl SecretStore for LeakyFailingStore {
    fn backend(&self) -> &'static str {
        "leaky"
    }
    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        if spec.service == self.fail_service {
            return Err((self.error)(format!(
                "refused {}",
                password.expose_secret()
            )));
        }
        self.inner.put(spec, password)
    }
    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        self.inner.find(service, account)
    }
    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        self.inner.delete(service, account)
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_item_is_reported_others_are_still_written_and_the_password_never_shows() {
    let store = LeakyFailingStore {
        inner: MemoryStore::new(),
        fail_service: "corp-vpn",
        error: |detail| StoreError::Platform {
            backend: "leaky",
            detail,
        },
    };
    let dir = tempfile::tempdir().unwrap();
    let prefs = PlistDirPreferences::new(dir.path());
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();

    let result = tracing::subscriber::with_default(subscriber, || {
        write_items(
            &store,
            &prefs,
            &hand_off_plan(),
            &SecretString::from(PASSWORD),
            None,
        )
    });

    let err = result.unwrap_err();
    match &err {
        KeychainError::Store {
            service,
            account,
            failed,
            total,
            ..
        } => {
            assert_eq!(
                (service.as_str(), account.as_str()),
                ("corp-vpn", "jdoe@example.com")
            );
            assert_eq!((*failed, *total), (1, 3));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.inner.len(), 2, "the other items were written");
    assert_eq!(
        prefs
            .get_string(NOMAD_DOMAIN, NOMAD_LAST_USER)
            .unwrap()
            .as_deref(),
        Some("jdoe"),
        "LastUser is still set"
    );
    let problem = err.user_facing();
    assert_eq!(problem.exit, ExitCode::KeychainFailed);
    assert_eq!(problem.exit.code(), 8);
    assert_eq!(problem.code, "KEYCHAIN-ITEM");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("Keychain item not written"), "{logs}");
    assert!(logs.contains("Keychain item written"), "{logs}");
    for text in [logs, err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(PASSWORD), "password leaked: {text}");
    }
}

struct FailingPrefs;

impl Preferences for FailingPrefs {
    fn set_string(&self, domain: &str, _: &str, _: &str) -> Result<(), PreferencesError> {
        Err(PreferencesError::Write {
            domain: domain.into(),
            reason: "read-only".into(),
        })
    }
    fn get_string(&self, _: &str, _: &str) -> Result<Option<String>, PreferencesError> {
        Ok(None)
    }
}

#[test]
fn a_preference_failure_is_reported_after_all_items_are_written() {
    let store = MemoryStore::new();
    let err = write_items(
        &store,
        &FailingPrefs,
        &hand_off_plan(),
        &SecretString::from(PASSWORD),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, KeychainError::Preferences(_)), "{err:?}");
    assert_eq!(store.len(), 3);
    assert_eq!(err.user_facing().code, "KEYCHAIN-PREFS");

    // No NoMAD item, no LastUser: preferences are not touched at all.
    let plan = plan_items(
        &Identity::new("jdoe"),
        &settings(false, vec![template("svc", "a", None, &[])]),
        &RealmDefaults::default(),
    )
    .unwrap();
    let report = write_items(
        &store,
        &FailingPrefs,
        &plan,
        &SecretString::from(PASSWORD),
        None,
    )
    .unwrap();
    assert!(!report.last_user_set);
}

#[test]
fn partition_ids_go_to_the_items_that_trust_other_applications() {
    let mut keychain = settings(
        true,
        vec![
            template("vpn", "<<shortname>>", None, &["/Applications/VPN.app"]),
            template("plain", "<<shortname>>", None, &[]),
        ],
    );
    let identity = Identity::new("jdoe");
    let realm = defaults(Some("EXAMPLE.COM"), None);
    let plan = plan_items(&identity, &keychain, &realm).unwrap();
    assert!(!plan.wants_mac_password(), "nothing configured");
    assert!(plan.items.iter().all(|i| i.partition_ids.is_empty()));

    keychain.partition_team_ids = vec!["teamid:AAPZK3CB24".into()];
    let plan = plan_items(&identity, &keychain, &realm).unwrap();
    assert!(plan.wants_mac_password());
    let partitions: Vec<(&str, &[String])> = plan
        .items
        .iter()
        .map(|i| (i.service.as_str(), i.partition_ids.as_slice()))
        .collect();
    let ids = ["teamid:AAPZK3CB24".to_owned()];
    assert_eq!(
        partitions,
        [("NoMAD", &ids[..]), ("vpn", &ids[..]), ("plain", &[][..])]
    );

    // Only trusted-application-less items: nothing needs the Mac password.
    keychain.write_nomad_item = false;
    keychain.items.remove(0);
    assert!(!plan_items(&identity, &keychain, &realm)
        .unwrap()
        .wants_mac_password());
}

#[test]
fn write_items_adds_partitions_only_with_the_mac_password() {
    let mut keychain = settings(true, vec![template("plain", "<<shortname>>", None, &[])]);
    keychain.partition_team_ids = vec!["teamid:AAPZK3CB24".into()];
    let plan = plan_items(
        &Identity::new("jdoe"),
        &keychain,
        &defaults(Some("EXAMPLE.COM"), None),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let prefs = PlistDirPreferences::new(dir.path());
    let password = SecretString::from(PASSWORD);
    let partitions = |store: &MemoryStore| -> Vec<(String, Vec<String>)> {
        store
            .specs()
            .into_iter()
            .map(|s| (s.service, s.partition_ids))
            .collect()
    };

    let store = MemoryStore::with_login_keychain("Mac-Pass-1");
    write_items(&store, &prefs, &plan, &password, None).unwrap();
    assert_eq!(
        partitions(&store),
        [("NoMAD".into(), vec![]), ("plain".into(), vec![])]
    );

    let err = write_items(
        &store,
        &prefs,
        &plan,
        &password,
        Some(&SecretString::from("wrong")),
    )
    .unwrap_err();
    assert!(err.is_mac_password_rejected(), "{err:?}");
    assert_eq!(err.user_facing().code, "KEYCHAIN-MAC-PASSWORD");
    assert!(!err.to_string().contains("wrong"));

    write_items(
        &store,
        &prefs,
        &plan,
        &password,
        Some(&SecretString::from("Mac-Pass-1")),
    )
    .unwrap();
    assert_eq!(
        partitions(&store),
        [
            ("NoMAD".into(), vec!["teamid:AAPZK3CB24".to_owned()]),
            ("plain".into(), vec![])
        ]
    );
    assert_eq!(store.len(), 2);
    let nomad = store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().unwrap();
    assert_eq!(nomad.password.expose_secret(), PASSWORD);
}

#[test]
fn every_keychain_error_maps_to_exit_8_with_its_own_code() {
    let store = |source: StoreError, service: &str| KeychainError::Store {
        service: service.into(),
        account: "jdoe@EXAMPLE.COM".into(),
        source,
        failed: 1,
        total: 1,
    };
    let cases = [
        (
            KeychainError::Plan(PlanError::NoRealm { needed_for: "x" }),
            "KEYCHAIN-PLAN",
        ),
        (
            store(
                StoreError::Locked {
                    backend: "b",
                    detail: "d".into(),
                },
                "NoMAD",
            ),
            "KEYCHAIN-LOCKED",
        ),
        (
            store(
                StoreError::NoStore {
                    backend: "b",
                    detail: "d".into(),
                },
                "svc",
            ),
            "KEYCHAIN-UNAVAILABLE",
        ),
        (
            store(
                StoreError::Platform {
                    backend: "b",
                    detail: "d".into(),
                },
                "NoMAD",
            ),
            "KEYCHAIN-NOMAD",
        ),
        (
            store(StoreError::InvalidItem { detail: "d".into() }, "svc"),
            "KEYCHAIN-ITEM",
        ),
        (
            store(
                StoreError::KeychainPasswordRejected { backend: "b" },
                "NoMAD",
            ),
            "KEYCHAIN-MAC-PASSWORD",
        ),
        (
            KeychainError::Preferences(PreferencesError::Write {
                domain: "d".into(),
                reason: "r".into(),
            }),
            "KEYCHAIN-PREFS",
        ),
    ];
    for (error, code) in cases {
        let problem = error.user_facing();
        assert_eq!(problem.code, code, "{error:?}");
        assert_eq!(problem.exit, ExitCode::KeychainFailed, "{error:?}");
        assert!(
            problem
                .summary
                .starts_with("Your Mac is set up for you, but "),
            "{error:?}"
        );
        assert!(problem.next_step.ends_with('.'), "{error:?}");
    }
}
