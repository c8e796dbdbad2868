//! `baton assign --password-stdin [--keychain]` in process, against the UEM simulator and its
//! directory (LDAPS with the demo users): every directory outcome and its exit code, that nothing
//! changes in UEM unless the password was verified, the local attempt limit (state in a temporary
//! folder per test), the typed username forms, that the entry read is the person who signed in
//! (with and without the directory's WhoAmI), and `--keychain` with an in-memory Keychain.
//! (`keychain_cli_secret_service.rs` does the Keychain part against a real Secret Service.)

use std::io::BufRead;
use std::path::PathBuf;

use baton_core::cli::{self, Cli, Host};
use baton_platform::app_prefs::{PlistDirPreferences, Preferences, NOMAD_DOMAIN, NOMAD_LAST_USER};
use baton_platform::device::DeviceIdentity;
use baton_platform::keychain::{FoundItem, ItemSpec, MemoryStore, SecretStore, StoreError};
use clap::Parser;
use secrecy::{ExposeSecret, SecretString};
use uem_sim::{BackgroundSim, Route, Seed, SimOptions};

const ALICE_PASSWORD: &str = "Alice-Pass-1";

struct Env {
    sim: BackgroundSim,
    dir: tempfile::TempDir,
    config: PathBuf,
    /// The local attempt limit's state (instead of the app-data folder).
    data_dir: PathBuf,
}

/// The demo tenant and its directory, with the configuration the simulator emits (LDAPS).
fn env() -> Env {
    env_with(|_| {})
}

fn env_with(edit: impl FnOnce(&mut serde_json::Value)) -> Env {
    env_seeded(Seed::demo(), edit)
}

/// `seed` instead of the demo tenant as it is.
fn env_seeded(seed: Seed, edit: impl FnOnce(&mut serde_json::Value)) -> Env {
    let sim = BackgroundSim::start(seed, SimOptions::default()).expect("the simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    sim.write_baton_config(&path, |config| {
        assert_eq!(config["DirectoryType"], "ldap", "{config}");
        edit(config);
    })
    .unwrap();
    let data_dir = dir.path().join("data");
    Env {
        sim,
        dir,
        config: path,
        data_dir,
    }
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

impl Run {
    fn doc(&self) -> serde_json::Value {
        serde_json::from_str(&self.out).unwrap_or_else(|e| panic!("{e}: {}", self.out))
    }
}

/// Standard input that fails the test when read.
struct NotToBeRead;

impl std::io::Read for NotToBeRead {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        panic!("standard input must not be read")
    }
}

impl BufRead for NotToBeRead {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        panic!("standard input must not be read")
    }
    fn consume(&mut self, _: usize) {}
}

impl Env {
    fn host<'a>(
        &self,
        store: Option<&'a dyn SecretStore>,
        prefs: Option<&'a dyn Preferences>,
    ) -> Host<'a> {
        Host {
            // Never the real keychain or preferences from these tests.
            secret_store: Some(store.unwrap_or(&NO_STORE)),
            preferences: Some(prefs.unwrap_or(&NO_PREFS)),
            // The CLI on the staged demo Mac: it may hand over only itself.
            ..Host::sandboxed(self.data_dir.clone(), "C02DEMO00001")
        }
    }

    /// `baton --config … ARGS` with `stdin` as standard input.
    fn baton_on(&self, host: &Host<'_>, args: &[&str], stdin: &mut dyn BufRead) -> Run {
        let mut argv = vec!["baton", "--config", self.config.to_str().unwrap()];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run_with(
            &cli,
            cli.command.as_ref().unwrap(),
            host,
            stdin,
            &mut out,
            &mut err,
        );
        let run = Run {
            code: code.code(),
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        };
        for password in [ALICE_PASSWORD, "Bob-Pass-2", "Carol-Pass-4", "Dave-Pass-5"] {
            assert!(
                !run.out.contains(password) && !run.err.contains(password),
                "a password in the output: {} {}",
                run.out,
                run.err
            );
        }
        run
    }

    /// `baton --json --config … assign --serial S --user U --password-stdin [EXTRA]`.
    fn assign(&self, serial: &str, user: &str, password: &str, extra: &[&str]) -> Run {
        self.assign_on(&self.host(None, None), serial, user, password, extra)
    }

    fn assign_on(
        &self,
        host: &Host<'_>,
        serial: &str,
        user: &str,
        password: &str,
        extra: &[&str],
    ) -> Run {
        self.assign_as(true, host, serial, user, password, extra)
    }

    /// `assign` with text output.
    fn assign_text(
        &self,
        host: &Host<'_>,
        serial: &str,
        user: &str,
        password: &str,
        extra: &[&str],
    ) -> Run {
        self.assign_as(false, host, serial, user, password, extra)
    }

    fn assign_as(
        &self,
        json: bool,
        host: &Host<'_>,
        serial: &str,
        user: &str,
        password: &str,
        extra: &[&str],
    ) -> Run {
        let mut args = if json { vec!["--json"] } else { vec![] };
        args.extend([
            "assign",
            "--serial",
            serial,
            "--user",
            user,
            "--password-stdin",
        ]);
        args.extend_from_slice(extra);
        let stdin = format!("{password}\n");
        self.baton_on(host, &args, &mut stdin.as_bytes())
    }

    /// LDAP binds the directory received.
    fn binds(&self) -> usize {
        self.sim
            .requests()
            .iter()
            .filter(|r| r.route == Route::Ldap && r.method == "BIND")
            .count()
    }

    /// UEM requests other than the token and reads: what could change the tenant.
    fn uem_changes(&self) -> usize {
        self.sim.count(Route::SwitchUser)
            + self.sim.count(Route::DeviceCommand)
            + self.sim.count(Route::AddUser)
    }

    fn with_config(&self, edit: impl FnOnce(&mut serde_json::Value)) {
        let mut config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&self.config).unwrap()).unwrap();
        edit(&mut config);
        std::fs::write(&self.config, serde_json::to_vec(&config).unwrap()).unwrap();
    }
}

/// A store and preferences that fail the test when used (the default of [`Env::host`]).
struct NoStore;
static NO_STORE: NoStore = NoStore;

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
static NO_PREFS: NoPrefs = NoPrefs;

impl Preferences for NoPrefs {
    fn set_string(
        &self,
        domain: &str,
        key: &str,
        _: &str,
    ) -> Result<(), baton_platform::app_prefs::PreferencesError> {
        panic!("no preference may be written here: {domain} {key}")
    }
    fn get_string(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Option<String>, baton_platform::app_prefs::PreferencesError> {
        panic!("no preference is to be read here")
    }
}

/// A store whose every write fails as a locked keychain does.
struct LockedStore;

impl SecretStore for LockedStore {
    fn backend(&self) -> &'static str {
        "locked-test-store"
    }
    fn put(&self, _: &ItemSpec, _: &SecretString) -> Result<(), StoreError> {
        Err(StoreError::Locked {
            backend: "locked-test-store",
            detail: "locked for the test".into(),
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
fn a_verified_password_switches_the_device_to_the_directory_user() {
    let env = env();
    let run = env.assign("C02DEMO00001", "alice", ALICE_PASSWORD, &[]);
    let doc = run.doc();
    assert_eq!(run.code, 0, "{doc}");
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["outcome"], "switched");
    assert_eq!(doc["switched"], true);
    assert_eq!(doc["userName"], "alice");
    assert!(doc.get("keychain").is_none(), "no --keychain: {doc}");
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert!(env.binds() >= 1, "the directory was asked");
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
}

#[test]
fn a_wrong_password_exits_3_and_changes_nothing_in_uem() {
    let env = env();
    let run = env.assign("C02DEMO00001", "alice", "Alice-Pass-2", &[]);
    let doc = run.doc();
    assert_eq!(run.code, 3, "{doc}");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["error"]["code"], "DIR-049");
    assert_eq!(doc["error"]["exit"], "credentialsRejected");
    assert!(env.binds() >= 1, "the directory judged it");
    assert_eq!(env.sim.count(Route::SwitchUser), 0, "no PATCH");
    assert_eq!(env.uem_changes(), 0);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));

    // The same in text mode: the sentence and the support code on stderr, nothing on stdout.
    let text = env.assign_text(
        &env.host(None, None),
        "C02DEMO00001",
        "alice",
        "not-her-password",
        &[],
    );
    assert_eq!(text.code, 3);
    assert!(text.out.is_empty(), "{}", text.out);
    assert!(text.err.contains("DIR-049"), "{}", text.err);
    assert_eq!(env.sim.count(Route::SwitchUser), 0, "no PATCH");
}

#[test]
fn an_unknown_user_exits_3_like_a_wrong_password() {
    let env = env();
    let run = env.assign("C02DEMO00001", "zed", "Zed-Pass-0", &[]);
    let doc = run.doc();
    assert_eq!(run.code, 3, "{doc}");
    assert_eq!(
        doc["error"]["code"], "DIR-049",
        "indistinguishable from a wrong password"
    );
    assert_eq!(env.uem_changes(), 0);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
}

#[test]
fn disabled_and_locked_accounts_exit_3_with_their_codes() {
    let env = env();
    for (user, password, code) in [
        ("carol", "Carol-Pass-4", "DIR-533"),
        ("dave", "Dave-Pass-5", "DIR-775"),
        // A lockout is reported whatever the password.
        ("dave", "not-daves", "DIR-775"),
    ] {
        let run = env.assign("C02DEMO00001", user, password, &[]);
        let doc = run.doc();
        assert_eq!(run.code, 3, "{user}: {doc}");
        assert_eq!(doc["error"]["code"], code, "{user}: {doc}");
    }
    assert_eq!(env.uem_changes(), 0);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
}

#[test]
fn after_max_attempts_failures_the_next_attempt_is_throttled_with_exit_9() {
    let env = env_with(|c| {
        c["MaxAttempts"] = 2.into();
        c["LockoutSeconds"] = 600.into();
    });
    for _ in 0..2 {
        assert_eq!(
            env.assign("C02DEMO00001", "alice", "wrong", &[]).code,
            3,
            "the directory judges the first MaxAttempts attempts"
        );
    }
    let binds = env.binds();
    // Now even the right password is not sent to the directory.
    let run = env.assign("C02DEMO00001", "alice", ALICE_PASSWORD, &[]);
    let doc = run.doc();
    assert_eq!(run.code, 9, "{doc}");
    assert_eq!(doc["error"]["exit"], "throttled");
    assert_eq!(env.binds(), binds, "no bind while throttled");
    assert_eq!(env.uem_changes(), 0);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
    // Every spelling of the name is the same user.
    assert_eq!(
        env.assign("C02DEMO00001", "EXAMPLE\\ALICE", ALICE_PASSWORD, &[])
            .code,
        9
    );
    // The limit lives in the state folder the CLI was given: a fresh one starts afresh.
    assert!(env.data_dir.join("directory-throttle.json").is_file());
    let other = Host {
        data_dir: env.dir.path().join("other-data"),
        ..env.host(None, None)
    };
    let run = env.assign_on(&other, "C02DEMO00001", "alice", ALICE_PASSWORD, &[]);
    assert_eq!(run.code, 0, "{}", run.out);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
}

#[test]
fn an_unreachable_directory_exits_7_and_changes_nothing_in_uem() {
    let env = env();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    env.with_config(|c| c["LDAPURL"] = format!("ldaps://127.0.0.1:{port}").into());
    let run = env.assign("C02DEMO00001", "alice", ALICE_PASSWORD, &[]);
    let doc = run.doc();
    assert_eq!(run.code, 7, "{doc}");
    assert_eq!(doc["error"]["code"], "DIR-100");
    assert_eq!(env.uem_changes(), 0, "no PATCH");
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
    // Not the person's fault: it does not count towards the attempt limit.
    assert!(!env.data_dir.join("directory-throttle.json").exists());
}

#[test]
fn keychain_without_password_stdin_is_a_usage_error_before_anything_happens() {
    let env = env();
    let host = env.host(None, None);
    let args = [
        "assign",
        "--serial",
        "C02DEMO00001",
        "--user",
        "alice",
        "--keychain",
    ];
    let run = env.baton_on(&host, &args, &mut NotToBeRead);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("CLI-KEYCHAIN-UNVERIFIED"), "{}", run.err);
    let mut json = vec!["--json"];
    json.extend_from_slice(&args);
    let run = env.baton_on(&host, &json, &mut NotToBeRead);
    let doc = run.doc();
    assert_eq!(run.code, 2, "{doc}");
    assert_eq!(doc["error"]["exit"], "usage");
    assert!(
        env.sim.requests().is_empty(),
        "not one request, not even LDAP"
    );
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
}

#[test]
fn every_typed_form_of_the_name_is_the_uem_user_alice() {
    let env = env();
    for (serial, typed) in [
        ("C02DEMO00001", "EXAMPLE\\alice"),
        ("C02DEMO00004", "alice@example.test"),
    ] {
        env.sim.clear_requests();
        let host = Host {
            this_mac: Some(DeviceIdentity {
                serial: serial.into(),
                hardware_uuid: None,
            }),
            ..env.host(None, None)
        };
        let run = env.assign_on(&host, serial, typed, ALICE_PASSWORD, &[]);
        let doc = run.doc();
        assert_eq!(run.code, 0, "{typed}: {doc}");
        assert_eq!(doc["userName"], "alice", "{typed}");
        assert_eq!(env.sim.owner(serial).as_deref(), Some("alice"), "{typed}");
        let searches: Vec<String> = env
            .sim
            .requests()
            .into_iter()
            .filter(|r| r.route == Route::UserSearch)
            .filter_map(|r| r.query)
            .collect();
        assert_eq!(searches, ["username=alice"], "{typed}");
    }
}

#[test]
fn keychain_writes_the_items_after_the_switch_and_lists_them_without_the_password() {
    let env = env();
    let store = MemoryStore::new();
    let prefs_dir = env.dir.path().join("prefs");
    let prefs = PlistDirPreferences::new(&prefs_dir);
    let host = env.host(Some(&store), Some(&prefs));
    let run = env.assign_on(
        &host,
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    let doc = run.doc();
    assert_eq!(run.code, 0, "{doc}");
    assert_eq!(doc["switched"], true);
    assert_eq!(
        doc["keychain"],
        serde_json::json!({
            "items": [{ "service": "NoMAD", "account": "alice@EXAMPLE.TEST" }],
            "lastUser": "alice",
            "partitions": "notApplicable",
        })
    );
    let item = store.find("NoMAD", "alice@EXAMPLE.TEST").unwrap().unwrap();
    assert_eq!(item.password.expose_secret(), ALICE_PASSWORD);
    assert_eq!(store.len(), 1);
    assert_eq!(
        prefs
            .get_string(NOMAD_DOMAIN, NOMAD_LAST_USER)
            .unwrap()
            .as_deref(),
        Some("alice")
    );

    // Run again: the device is already hers, the items are written again (still one).
    let run = env.assign_on(
        &host,
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    let doc = run.doc();
    assert_eq!(run.code, 0, "{doc}");
    assert_eq!(doc["outcome"], "alreadyAssigned");
    assert_eq!(doc["switched"], false);
    assert_eq!(doc["keychain"]["items"][0]["service"], "NoMAD");
    assert_eq!(store.len(), 1);
    assert_eq!(store.puts(), 2);
    assert_eq!(env.sim.count(Route::SwitchUser), 1, "one PATCH in all");
}

/// The CLI asks for no Mac password: partition IDs are added when the directory password also
/// opens the login keychain, and otherwise the items are written without them (and it says so).
#[test]
fn keychain_partitions_need_the_directory_password_to_open_the_login_keychain() {
    let env = env_with(|config| {
        config["KeychainPartitionTeamIDs"] = serde_json::json!(["AAPZK3CB24"]);
    });
    let prefs = PlistDirPreferences::new(env.dir.path().join("prefs"));
    let cases = [
        (
            MemoryStore::with_login_keychain(ALICE_PASSWORD),
            "added",
            true,
        ),
        (
            MemoryStore::with_login_keychain("Other-Mac-Pass"),
            "notAdded",
            false,
        ),
        // The check cannot be trusted (UNCERTAIN on a Mac): the write refuses, written plainly.
        (
            MemoryStore::with_login_keychain("Other-Mac-Pass").with_lenient_check(),
            "notAdded",
            false,
        ),
        (MemoryStore::new(), "notApplicable", false),
    ];
    for (store, partitions, added) in cases {
        let host = env.host(Some(&store), Some(&prefs));
        let run = env.assign_on(
            &host,
            "C02DEMO00001",
            "alice",
            ALICE_PASSWORD,
            &["--keychain"],
        );
        let doc = run.doc();
        assert_eq!(run.code, 0, "{doc}");
        assert_eq!(doc["keychain"]["partitions"], partitions, "{doc}");
        let spec = &store.specs()[0];
        assert_eq!(spec.service, "NoMAD");
        assert_eq!(!spec.partition_ids.is_empty(), added, "{partitions}");
        assert_eq!(store.len(), 1);
        let item = store.find("NoMAD", "alice@EXAMPLE.TEST").unwrap().unwrap();
        assert_eq!(item.password.expose_secret(), ALICE_PASSWORD);
    }
    let text = env.assign_text(
        &env.host(
            Some(&MemoryStore::with_login_keychain("Other-Mac-Pass")),
            Some(&prefs),
        ),
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    assert_eq!(text.code, 0, "{}", text.err);
    assert!(text.out.contains("NoMAD may ask once"), "{}", text.out);
}

#[test]
fn keychain_items_are_not_written_for_a_rejected_password_or_a_refused_switch() {
    let env = env();
    let store = MemoryStore::new();
    let prefs_dir = env.dir.path().join("prefs");
    let prefs = PlistDirPreferences::new(&prefs_dir);
    let host = env.host(Some(&store), Some(&prefs));
    let run = env.assign_on(&host, "C02DEMO00001", "alice", "wrong", &["--keychain"]);
    assert_eq!(run.code, 3, "{}", run.out);
    // C02DEMO00002 belongs to bob (run on that Mac: UEM refuses, not the CLI's policy).
    let bobs_mac = Host {
        this_mac: Some(DeviceIdentity {
            serial: "C02DEMO00002".into(),
            hardware_uuid: None,
        }),
        ..env.host(Some(&store), Some(&prefs))
    };
    let run = env.assign_on(
        &bobs_mac,
        "C02DEMO00002",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    assert_eq!(run.code, 5, "{}", run.out);
    assert_eq!(store.puts(), 0);
    assert!(store.is_empty());
    assert!(!prefs.path(NOMAD_DOMAIN).exists(), "LastUser not set");
}

#[test]
fn a_keychain_failure_exits_8_and_the_switch_stands() {
    let env = env();
    let prefs_dir = env.dir.path().join("prefs");
    let prefs = PlistDirPreferences::new(&prefs_dir);
    let host = env.host(Some(&LockedStore), Some(&prefs));
    let run = env.assign_on(
        &host,
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    let doc = run.doc();
    assert_eq!(run.code, 8, "{doc}");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["switched"], true);
    assert_eq!(doc["outcome"], "switched");
    assert_eq!(doc["userName"], "alice");
    assert_eq!(doc["error"]["code"], "KEYCHAIN-LOCKED");
    assert_eq!(doc["error"]["exit"], "keychainFailed");
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert_eq!(env.sim.count(Route::SwitchUser), 1, "never undone");

    // Text mode says both: the Mac is hers (stdout), the Keychain failed (stderr).
    let text = env.assign_text(
        &host,
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &["--keychain"],
    );
    assert_eq!(text.code, 8);
    assert!(
        text.out.contains("already belongs to alice"),
        "{}",
        text.out
    );
    assert!(text.err.contains("KEYCHAIN-LOCKED"), "{}", text.err);
}

/// The demo tenant whose directory answers WhoAmI or not, where every bound user reads every
/// entry and alice's entry says `description: badge-bob`: `LDAPUserFilter`
/// `(description=badge-{username})` finds alice's entry for bob.
fn env_badges(whoami: bool, filter: &str) -> Env {
    let mut seed = Seed::demo();
    seed.directory.whoami = whoami;
    seed.directory.users_read_all = true;
    seed.directory.user_mut("alice").unwrap().description = Some("badge-bob".into());
    env_seeded(seed, |c| {
        c["LDAPUserFilter"] = filter.into();
        c["MaxAttempts"] = 1.into();
    })
}

/// Bob's right password must never assign the Mac to alice, whose entry the filter found.
#[test]
fn bobs_password_with_a_filter_that_finds_alice_exits_2_and_changes_nothing_in_uem() {
    for whoami in [true, false] {
        let env = env_badges(whoami, "(description=badge-{username})");
        let run = env.assign("C02DEMO00001", "bob", "Bob-Pass-2", &[]);
        let doc = run.doc();
        assert_eq!(run.code, 2, "whoami {whoami}: {doc}");
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["error"]["code"], "DIR-320");
        assert_eq!(doc["error"]["exit"], "usage");
        assert!(env.binds() >= 1, "the directory accepted bob's password");
        let whoami_results: Vec<_> = env
            .sim
            .requests()
            .into_iter()
            .filter(|r| r.route == Route::Ldap && r.method == "WHOAMI")
            .map(|r| r.ldap.unwrap().result_code)
            .collect();
        assert_eq!(whoami_results, [Some(if whoami { 0 } else { 2 })]);
        assert_eq!(env.sim.count(Route::SwitchUser), 0, "no PATCH");
        assert_eq!(
            env.sim.count(Route::UserSearch),
            0,
            "alice was not even looked up"
        );
        assert_eq!(env.uem_changes(), 0);
        assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));

        // Not the person's doing: MaxAttempts is 1 and the next attempt still reaches the
        // directory (exit 2 again, not 9), and nothing was recorded.
        let text = env.baton_on(
            &env.host(None, None),
            &[
                "assign",
                "--serial",
                "C02DEMO00001",
                "--user",
                "bob",
                "--password-stdin",
            ],
            &mut "Bob-Pass-2\n".as_bytes(),
        );
        assert_eq!(text.code, 2, "{}", text.err);
        assert!(text.err.contains("DIR-320"), "{}", text.err);
        assert!(
            text.err
                .contains("Baton could not confirm which account you signed in with."),
            "{}",
            text.err
        );
        assert!(!env.data_dir.join("directory-throttle.json").exists());
        assert_eq!(env.uem_changes(), 0);
        assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
    }
}

#[test]
fn without_whoami_the_bind_name_confirms_the_entry_and_the_switch_happens() {
    let env = env_badges(false, "(uid={username})");
    let run = env.assign("C02DEMO00001", "alice", ALICE_PASSWORD, &[]);
    let doc = run.doc();
    assert_eq!(run.code, 0, "{doc}");
    assert_eq!(doc["userName"], "alice");
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
    // Baton asked, was told the server has no WhoAmI, and went on with the bind name.
    let whoami_results: Vec<_> = env
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::Ldap && r.method == "WHOAMI")
        .map(|r| r.ldap.unwrap().result_code)
        .collect();
    assert_eq!(whoami_results, [Some(2)]);
}

#[test]
fn a_record_whose_udid_is_another_machine_changes_nothing() {
    let env = env();
    let on = |uuid: &str| Host {
        this_mac: Some(DeviceIdentity {
            serial: "C02DEMO00001".into(),
            hardware_uuid: Some(uuid.into()),
        }),
        ..env.host(None, None)
    };
    // This Mac's hardware UUID is not the one UEM has for serial C02DEMO00001.
    let run = env.assign_on(
        &on("FFFFFFFF-0000-0000-0000-000000000000"),
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &[],
    );
    assert_eq!(run.code, 4, "{}", run.out);
    assert_eq!(run.doc()["error"]["code"], "CHK-RECORD-MISMATCH");
    assert_eq!(env.uem_changes(), 0);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
    // The same UUID as ioreg prints it (hyphens, any case): the hand-off goes ahead.
    let run = env.assign_on(
        &on("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
        "C02DEMO00001",
        "alice",
        ALICE_PASSWORD,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.out);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
}
