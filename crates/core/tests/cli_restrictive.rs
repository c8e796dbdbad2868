//! `baton assign --password-stdin` in process against the UEM simulator and a real slapd:
//! - a directory that lets a person read only their own entry (slapd's `selfonly` instance,
//!   `access to * by self read by anonymous auth by * none`) hands the Mac over;
//! - the CA lists are separate (F8): a CA trusted for UEM is not trusted for LDAP and the other way
//!   round; `TrustedCACertificates` still serves both, with a `check-config` warning;
//! - the UEM account is the directory's person (F7): slapd's `entryUUID` against UEM's
//!   `ExternalId`, else e-mail, a directory account and an active status.

mod support;

use std::io::BufRead;
use std::path::PathBuf;

use baton_core::cli::{self, Cli, Host};
use baton_platform::app_prefs::{Preferences, PreferencesError};
use baton_platform::keychain::{FoundItem, ItemSpec, SecretStore, StoreError};
use clap::Parser;
use secrecy::SecretString;
use support::{slapd, Fixture, SlapdUsers};
use uem_sim::{BackgroundSim, Route, Seed, SimOptions};

const SERIAL: &str = "C02DEMO00001";

struct Env {
    sim: BackgroundSim,
    _dir: tempfile::TempDir,
    config: PathBuf,
    data_dir: PathBuf,
}

/// The demo tenant, with the directory keys pointing at slapd's `url`; `edit` sees the config with
/// the simulator's CA in `TrustedCACertificates` (as the simulator writes it).
fn env(f: &Fixture, url: &str, edit: impl FnOnce(&mut serde_json::Value, String)) -> Env {
    env_seeded(f, Seed::demo(), url, edit)
}

/// [`env`] with `seed` instead of the demo tenant as it is.
fn env_seeded(
    f: &Fixture,
    seed: Seed,
    url: &str,
    edit: impl FnOnce(&mut serde_json::Value, String),
) -> Env {
    let sim = BackgroundSim::start(seed, SimOptions::default()).expect("the simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    let slapd_ca = f.pem("BATON_TEST_SLAPD_CA");
    sim.write_baton_config(&config, |c| {
        c["LDAPURL"] = url.into();
        c["LDAPBindTemplate"] = f.var("BATON_TEST_SLAPD_BIND_TEMPLATE").into();
        c["LDAPBaseDN"] = f.var("BATON_TEST_SLAPD_BASE_DN").into();
        c["LDAPUserFilter"] = f.var("BATON_TEST_SLAPD_USER_FILTER").into();
        c["LDAPUsePlatformRoots"] = false.into();
        edit(c, slapd_ca);
    })
    .unwrap();
    let data_dir = dir.path().join("data");
    Env {
        sim,
        _dir: dir,
        config,
        data_dir,
    }
}

/// The separate lists: the simulator's CA for UEM only, slapd's CA for LDAP only.
fn split_cas(c: &mut serde_json::Value, slapd_ca: String) {
    let sim_ca = c["TrustedCACertificates"].take();
    c.as_object_mut().unwrap().remove("TrustedCACertificates");
    c["UEMTrustedCACertificates"] = sim_ca;
    c["LDAPTrustedCACertificates"] = serde_json::json!([slapd_ca]);
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

impl Env {
    fn baton(&self, args: &[&str], stdin: &mut dyn BufRead) -> Run {
        let mut argv = vec!["baton", "--config", self.config.to_str().unwrap()];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let host = Host {
            secret_store: Some(&NoStore),
            preferences: Some(&NoPrefs),
            // The CLI on the staged demo Mac: it may hand over only itself.
            ..Host::sandboxed(self.data_dir.clone(), SERIAL)
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run_with(
            &cli,
            cli.command.as_ref().unwrap(),
            &host,
            stdin,
            &mut out,
            &mut err,
        );
        let run = Run {
            code: code.code(),
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        };
        assert!(
            !run.out.contains(SlapdUsers::ALICE.1) && !run.err.contains(SlapdUsers::ALICE.1),
            "a password in the output"
        );
        run
    }

    /// `baton --json assign --serial SERIAL --user alice --password-stdin`: exit code and JSON.
    fn assign_alice(&self) -> (u8, serde_json::Value) {
        let stdin = format!("{}\n", SlapdUsers::ALICE.1);
        let run = self.baton(
            &[
                "--json",
                "assign",
                "--serial",
                SERIAL,
                "--user",
                SlapdUsers::ALICE.0,
                "--password-stdin",
            ],
            &mut stdin.as_bytes(),
        );
        let doc = serde_json::from_str(&run.out)
            .unwrap_or_else(|e| panic!("{e}: {} {}", run.out, run.err));
        (run.code, doc)
    }
}

struct NoStore;

impl SecretStore for NoStore {
    fn backend(&self) -> &'static str {
        "none"
    }
    fn put(&self, spec: &ItemSpec, _: &SecretString) -> Result<(), StoreError> {
        panic!("no Keychain item may be written here: {spec:?}")
    }
    fn find(&self, _: &str, _: &str) -> Result<Option<FoundItem>, StoreError> {
        panic!("the Keychain is not to be read here")
    }
    fn delete(&self, _: &str, _: &str) -> Result<bool, StoreError> {
        panic!("the Keychain is not to be changed here")
    }
}

struct NoPrefs;

impl Preferences for NoPrefs {
    fn set_string(&self, domain: &str, key: &str, _: &str) -> Result<(), PreferencesError> {
        panic!("no preference may be written here: {domain} {key}")
    }
    fn get_string(&self, _: &str, _: &str) -> Result<Option<String>, PreferencesError> {
        panic!("no preference is to be read here")
    }
}

#[test]
fn a_directory_where_users_read_only_their_own_entry_hands_the_mac_over() {
    let Some(f) = slapd() else { return };
    for url in [
        f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"),
        f.var("BATON_TEST_SLAPD_SELFONLY_LDAP_URL"),
    ] {
        let env = env(f, &url, split_cas);
        let (code, doc) = env.assign_alice();
        assert_eq!(code, 0, "{url}: {doc}");
        assert_eq!(doc["outcome"], "switched", "{doc}");
        assert_eq!(doc["userName"], "alice");
        assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("alice"));
        assert_eq!(env.sim.count(Route::SwitchUser), 1);
    }
}

#[test]
fn on_the_restrictive_directory_a_wrong_password_changes_nothing() {
    let Some(f) = slapd() else { return };
    let env = env(f, &f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"), split_cas);
    let run = env.baton(
        &[
            "--json",
            "assign",
            "--serial",
            SERIAL,
            "--user",
            "alice",
            "--password-stdin",
        ],
        &mut "Alice-Pass-2\n".as_bytes(),
    );
    let doc: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(run.code, 3, "{doc}");
    assert_eq!(doc["error"]["code"], "DIR-049");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("staging"));
}

/// F8: slapd's CA in the UEM list does not make LDAP trust it; the LDAP list holds another CA.
#[test]
fn a_ca_trusted_for_uem_is_not_trusted_for_ldap() {
    let Some(f) = slapd() else { return };
    let wrong = f.pem("BATON_TEST_SLAPD_WRONG_CA");
    let env = env(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"), |c, slapd_ca| {
        split_cas(c, slapd_ca.clone());
        c["UEMTrustedCACertificates"]
            .as_array_mut()
            .unwrap()
            .push(slapd_ca.into());
        c["LDAPTrustedCACertificates"] = serde_json::json!([wrong]);
    });
    let (code, doc) = env.assign_alice();
    assert_eq!(doc["error"]["code"], "DIR-200", "{doc}");
    assert_eq!(code, 7, "{doc}");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("staging"));
}

/// F8: the simulator's CA in the LDAP list does not make UEM trust it.
#[test]
fn a_ca_trusted_for_ldap_is_not_trusted_for_uem() {
    let Some(f) = slapd() else { return };
    let wrong = f.pem("BATON_TEST_SLAPD_WRONG_CA");
    let env = env(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"), |c, slapd_ca| {
        split_cas(c, slapd_ca);
        let sim_ca = c["UEMTrustedCACertificates"][0].take();
        c["LDAPTrustedCACertificates"]
            .as_array_mut()
            .unwrap()
            .push(sim_ca);
        c["UEMTrustedCACertificates"] = serde_json::json!([wrong]);
    });
    let (code, doc) = env.assign_alice();
    let support_code = doc["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(support_code.starts_with("UEM-"), "{doc}");
    assert_ne!(code, 0, "{doc}");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("staging"));
}

/// F8: the old key still serves both, and `check-config` says it is deprecated.
#[test]
fn trusted_ca_certificates_is_a_deprecated_alias_for_both_lists() {
    let Some(f) = slapd() else { return };
    let env = env(
        f,
        &f.var("BATON_TEST_SLAPD_SELFONLY_LDAPS_URL"),
        |c, slapd_ca| {
            c["TrustedCACertificates"]
                .as_array_mut()
                .unwrap()
                .push(slapd_ca.into());
        },
    );
    let run = env.baton(&["--json", "check-config"], &mut "".as_bytes());
    let doc: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("TrustedCACertificates is deprecated"),
        "{doc}"
    );
    let (code, doc) = env.assign_alice();
    assert_eq!(code, 0, "{doc}");
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("alice"));
}

/// The demo tenant with `edit` applied to its UEM user alice.
fn seed_with_alice(edit: impl FnOnce(&mut uem_sim::User)) -> Seed {
    let mut seed = Seed::demo();
    edit(
        seed.users
            .iter_mut()
            .find(|u| u.username == "alice")
            .expect("the demo tenant has alice"),
    );
    seed
}

/// F7: the UEM account whose ExternalId is slapd's entryUUID of alice is hers, even where the
/// fallback would refuse it (a basic account); another entry's id refuses the account although
/// the name and e-mail fit.
#[test]
fn the_uem_account_is_matched_by_the_directory_entry_uuid() {
    let Some(f) = slapd() else { return };
    let uuid = support::entry_uuid_blocking(f, SlapdUsers::ALICE.0, SlapdUsers::ALICE.1);
    assert_eq!(uuid.len(), 36, "{uuid}");
    let url = f.var("BATON_TEST_SLAPD_LDAPS_URL");

    let seed = seed_with_alice(|alice| {
        alice.external_id = Some(uuid.to_uppercase());
        alice.security_type = uem_sim::SecurityType::Basic;
    });
    let env = env_seeded(f, seed, &url, split_cas);
    let (code, doc) = env.assign_alice();
    assert_eq!(code, 0, "{doc}");
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("alice"));

    let seed = seed_with_alice(|alice| {
        alice.external_id = Some("11111111-2222-3333-4444-555555555555".into());
    });
    let env = env_seeded(f, seed, &url, split_cas);
    let (code, doc) = env.assign_alice();
    assert_eq!(doc["error"]["code"], "UEM-USER-MISMATCH", "{doc}");
    assert_eq!(code, 6, "{doc}");
    assert_eq!(env.sim.count(Route::SwitchUser), 0, "no PATCH");
    assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("staging"));
}

/// F7: without an ExternalId, a basic or inactive account of the person's name, or one with
/// another e-mail address, is not the person's.
#[test]
fn without_an_external_id_only_an_active_directory_account_with_the_email_is_the_person() {
    let Some(f) = slapd() else { return };
    let url = f.var("BATON_TEST_SLAPD_LDAPS_URL");
    type Change = Box<dyn FnOnce(&mut uem_sim::User)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "basic",
            Box::new(|u| u.security_type = uem_sim::SecurityType::Basic),
        ),
        ("inactive", Box::new(|u| u.active = false)),
        (
            "other e-mail",
            Box::new(|u| u.email = "alice@other.test".into()),
        ),
    ];
    for (what, change) in cases {
        let env = env_seeded(f, seed_with_alice(change), &url, split_cas);
        let (code, doc) = env.assign_alice();
        assert_eq!(doc["error"]["code"], "UEM-USER-MISMATCH", "{what}: {doc}");
        assert_eq!(code, 6, "{what}");
        assert_eq!(env.sim.count(Route::SwitchUser), 0, "{what}: no PATCH");
        assert_eq!(env.sim.owner(SERIAL).as_deref(), Some("staging"));
    }
}
