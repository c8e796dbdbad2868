//! `baton doctor` in process against the UEM simulator and its directory (LDAPS), with each
//! check made to fail in turn: an invalid configuration, UEM unreachable, UEM's certificate not
//! trusted, the token refused, the role refused a read, this Mac unknown or not staged, the
//! directory unreachable, the Keychain not writable. (Through the relay: the relay crate's
//! `doctor` test.)

use std::io::BufRead;
use std::path::PathBuf;

use baton_core::cli::{self, Cli, Host};
use baton_platform::keychain::{FoundItem, ItemSpec, MemoryStore, SecretStore, StoreError};
use clap::Parser;
use secrecy::SecretString;
use serde_json::Value;
use uem_sim::{BackgroundSim, Fault, Route, Seed, SimOptions};

const STAGED: &str = "C02DEMO00001";

struct Env {
    sim: BackgroundSim,
    dir: tempfile::TempDir,
    config: PathBuf,
}

fn env_with(edit: impl FnOnce(&mut Value)) -> Env {
    let sim =
        BackgroundSim::start(Seed::demo(), SimOptions::default()).expect("the simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    sim.write_baton_config(&config, edit).unwrap();
    Env { sim, dir, config }
}

fn env() -> Env {
    env_with(|_| {})
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Run {
    code: u8,
    out: String,
}

impl Run {
    fn doc(&self) -> Value {
        serde_json::from_str(&self.out).unwrap_or_else(|e| panic!("{e}: {}", self.out))
    }

    /// `(id, ok, code)` of every check.
    fn checks(&self) -> Vec<(String, bool, Option<String>)> {
        self.doc()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_owned(),
                    c["ok"].as_bool().unwrap(),
                    c["code"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }

    fn check(&self, id: &str) -> Value {
        self.doc()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} check: {}", self.out))
    }

    /// The ids of the checks that failed.
    fn failed(&self) -> Vec<String> {
        self.checks()
            .into_iter()
            .filter(|(_, ok, _)| !ok)
            .map(|(id, _, _)| id)
            .collect()
    }
}

impl Env {
    fn doctor(&self, store: &dyn SecretStore, args: &[&str]) -> Run {
        let mut argv = vec!["baton", "--config", self.config.to_str().unwrap()];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let command = cli.command.as_ref().unwrap();
        let host = Host {
            secret_store: Some(store),
            preferences: None,
            ..Host::sandboxed(self.dir.path().join("data"), "C02DEMO00001")
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut stdin: &[u8] = b"";
        let stdin: &mut dyn BufRead = &mut stdin;
        let code = cli::run_with(&cli, command, &host, stdin, &mut out, &mut err).code();
        Run {
            code,
            out: String::from_utf8(out).unwrap(),
        }
    }

    fn json(&self, store: &dyn SecretStore, serial: &str) -> Run {
        self.doctor(store, &["--json", "doctor", "--serial", serial])
    }
}

#[test]
fn every_check_passes_against_a_good_tenant_and_leaves_nothing_behind() {
    let env = env();
    let store = MemoryStore::new();
    let run = env.json(&store, STAGED);
    assert_eq!(run.code, 0, "{}", run.out);
    assert_eq!(run.doc()["ok"], true);
    let ids: Vec<_> = run
        .checks()
        .into_iter()
        .map(|(id, ok, _)| (id, ok))
        .collect();
    let expected = ["config", "uem", "role", "device", "directory", "keychain"];
    assert_eq!(ids, expected.map(|id| (id.to_owned(), true)));
    assert_eq!(store.len(), 0, "the throw-away Keychain item is removed");
    // Nothing changed in UEM (only reads), and the directory saw a TLS connection, no bind.
    for r in env.sim.requests() {
        match &r.ldap {
            Some(ldap) => assert!(ldap.tls && r.method == "UNBIND", "{r:?}"),
            None => assert!(
                r.method == "GET" || r.path.ends_with("/connect/token"),
                "{r:?}"
            ),
        }
    }

    // The text report: one line per check.
    let text = env.doctor(&store, &["doctor", "--serial", STAGED]);
    assert_eq!(text.code, 0);
    assert_eq!(
        text.out.lines().filter(|l| l.starts_with("✔ ")).count(),
        6,
        "{}",
        text.out
    );
    assert!(text.out.contains("All 6 checks passed."), "{}", text.out);
}

#[test]
fn an_invalid_configuration_fails_the_first_check_and_says_what_to_fix() {
    let env = env_with(|c| {
        c.as_object_mut().unwrap().remove("UEMOAuthClientSecret");
    });
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.code, 2);
    assert_eq!(run.failed(), ["config"]);
    let check = run.check("config");
    assert_eq!(check["code"], "CFG-001");
    assert!(
        check["detail"]
            .as_str()
            .unwrap()
            .contains("UEMOAuthClientSecret"),
        "{check}"
    );
    let text = env.doctor(&MemoryStore::new(), &["doctor", "--serial", STAGED]);
    assert!(
        text.out.starts_with("✖ Configuration invalid"),
        "{}",
        text.out
    );
    assert!(text.out.contains("    fix [CFG-001]: "), "{}", text.out);
}

#[test]
fn uem_unreachable_fails_the_uem_check_with_its_fix() {
    let port = closed_port();
    let env = env_with(|c| c["UEMAPIURL"] = format!("https://127.0.0.1:{port}").into());
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.code, 7, "{}", run.out);
    let check = run.check("uem");
    assert_eq!(check["ok"], false);
    assert_eq!(check["code"], "UEM-OFFLINE", "{check}");
    assert!(
        check["fix"].as_str().unwrap().contains("UEMAPIURL"),
        "{check}"
    );
}

#[test]
fn an_untrusted_uem_certificate_fails_the_uem_check() {
    let env = env_with(|c| {
        c.as_object_mut().unwrap().remove("TrustedCACertificates");
    });
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_ne!(run.code, 0);
    assert_eq!(run.check("uem")["code"], "UEM-TLS", "{}", run.out);
}

#[test]
fn a_refused_token_fails_the_uem_check() {
    let env = env();
    env.sim.set_fault(Route::Token, Fault::status(401));
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_ne!(run.code, 0);
    let (_, ok, code) = run
        .checks()
        .into_iter()
        .find(|(id, ..)| id == "uem")
        .unwrap();
    assert!(!ok);
    assert!(matches!(code.as_deref(), Some("UEM-TOKEN")), "{}", run.out);
}

#[test]
fn a_role_that_may_not_search_users_fails_the_role_check_only() {
    let env = env();
    env.sim.set_fault(Route::UserSearch, Fault::status(403));
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.failed(), ["role"], "{}", run.out);
    assert_eq!(run.check("role")["code"], "UEM-403");
    assert!(run.check("role")["detail"]
        .as_str()
        .unwrap()
        .contains("searching users"));
}

#[test]
fn a_role_that_may_not_read_devices_fails_the_role_check() {
    let env = env();
    env.sim.set_fault(Route::DeviceLookup, Fault::status(403));
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.check("role")["code"], "UEM-403", "{}", run.out);
    assert!(run.check("role")["detail"]
        .as_str()
        .unwrap()
        .contains("reading devices"));
}

#[test]
fn a_mac_unknown_to_uem_or_not_on_a_staging_user_fails_the_device_check() {
    let env = env();
    let unknown = env.json(&MemoryStore::new(), "NOSUCHSERIAL1");
    assert_eq!(unknown.failed(), ["device"], "{}", unknown.out);
    assert_eq!(unknown.check("device")["code"], "UEM-DEVICE-NOT-FOUND");

    // C02DEMO00002 is bob's; C02DEMO00003 is not enrolled.
    let assigned = env.json(&MemoryStore::new(), "C02DEMO00002");
    assert_eq!(assigned.failed(), ["device"], "{}", assigned.out);
    let detail = assigned.check("device")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("bob") && detail.contains("not to a staging user"),
        "{detail}"
    );
    let unenrolled = env.json(&MemoryStore::new(), "C02DEMO00003");
    assert_eq!(unenrolled.failed(), ["device"], "{}", unenrolled.out);
    assert!(unenrolled.check("device")["detail"]
        .as_str()
        .unwrap()
        .contains("not enrolled"));
    assert_eq!(assigned.code, 2);
}

#[test]
fn an_unreachable_directory_fails_the_directory_check() {
    let port = closed_port();
    let env = env_with(|c| c["LDAPURL"] = format!("ldaps://127.0.0.1:{port}").into());
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.failed(), ["directory"], "{}", run.out);
    assert_eq!(run.check("directory")["code"], "DIR-100");
    assert_eq!(run.code, 7);
}

#[test]
fn a_directory_whose_certificate_is_not_trusted_fails_the_directory_check() {
    // The simulator's LDAPS certificate is issued by its own CA; with the platform roots only
    // (and the UEM check failing for the same reason) the directory check reports TLS.
    let env = env_with(|c| {
        c.as_object_mut().unwrap().remove("TrustedCACertificates");
    });
    let run = env.json(&MemoryStore::new(), STAGED);
    assert_eq!(run.check("directory")["code"], "DIR-200", "{}", run.out);
}

/// A Keychain that refuses every write.
struct LockedStore;

impl SecretStore for LockedStore {
    fn backend(&self) -> &'static str {
        "locked-test-store"
    }
    fn put(&self, _: &ItemSpec, _: &SecretString) -> Result<(), StoreError> {
        Err(StoreError::Locked {
            backend: "locked-test-store",
            detail: "refused".into(),
        })
    }
    fn find(&self, _: &str, _: &str) -> Result<Option<FoundItem>, StoreError> {
        Ok(None)
    }
    fn delete(&self, _: &str, _: &str) -> Result<bool, StoreError> {
        Ok(false)
    }
}

#[test]
fn a_keychain_that_cannot_be_written_fails_the_keychain_check() {
    let env = env();
    let run = env.json(&LockedStore, STAGED);
    assert_eq!(run.failed(), ["keychain"], "{}", run.out);
    assert_eq!(run.check("keychain")["code"], "KEYCHAIN-UNAVAILABLE");
    assert_eq!(run.code, 8);
}
