//! `baton assign --password-stdin --keychain` end to end against a real Secret Service
//! (gnome-keyring in a throwaway D-Bus session, see `support/isolated_keyring.rs`) and the UEM
//! simulator with its directory: the CLI as the binary runs it (`Host::os()`: this OS's
//! hand-off store, the console user's preferences, the app-data folder — all inside the
//! throwaway HOME), read back with `secret-tool`. Linux only.
#![cfg(target_os = "linux")]

#[path = "../../platform/tests/support/isolated_keyring.rs"]
mod support;

use std::path::PathBuf;

use baton_core::cli::{self, Cli, Host};
use baton_platform::app_prefs::{PlistDirPreferences, Preferences, NOMAD_DOMAIN, NOMAD_LAST_USER};
use clap::Parser;
use support::{require_session, run_isolated, Mode, SecretTool};
use uem_sim::{BackgroundSim, Route};

#[test]
fn keychain_cli_unlocked_suite() {
    run_isolated(Mode::Unlocked, "kcli_unlocked_", 3);
}

#[test]
fn keychain_cli_locked_suite() {
    run_isolated(Mode::Locked, "kcli_locked_", 1);
}

struct Env {
    sim: BackgroundSim,
    _dir: tempfile::TempDir,
    config: PathBuf,
}

fn env() -> Env {
    let sim = BackgroundSim::demo();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    sim.write_baton_config(&config, |_| {}).unwrap();
    Env {
        sim,
        _dir: dir,
        config,
    }
}

impl Env {
    /// `baton --json --config … assign --serial S --user U --password-stdin --keychain`, the
    /// password on standard input, on this (throwaway) machine.
    fn assign(&self, serial: &str, user: &str, password: &str) -> (u8, serde_json::Value) {
        let cli = Cli::try_parse_from([
            "baton",
            "--json",
            "--config",
            self.config.to_str().unwrap(),
            "assign",
            "--serial",
            serial,
            "--user",
            user,
            "--password-stdin",
            "--keychain",
        ])
        .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let stdin = format!("{password}\n");
        let code = cli::run_with(
            &cli,
            cli.command.as_ref().unwrap(),
            // This machine plays the Mac being handed over (the CLI hands over only itself).
            &Host {
                this_mac: Some(baton_platform::device::DeviceIdentity {
                    serial: serial.to_owned(),
                    hardware_uuid: None,
                }),
                ..Host::os()
            },
            &mut stdin.as_bytes(),
            &mut out,
            &mut err,
        );
        let (out, err) = (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        );
        assert!(
            !out.contains(password) && !err.contains(password),
            "{out}{err}"
        );
        let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        (code.code(), doc)
    }

    fn owner(&self, serial: &str) -> Option<String> {
        self.sim.device_by_serial(serial).unwrap().user
    }

    fn patches(&self) -> usize {
        self.sim
            .requests()
            .iter()
            .filter(|r| r.route == Route::SwitchUser)
            .count()
    }
}

/// NoMAD's `LastUser` where the CLI writes it on this OS (the throwaway HOME's config folder).
fn last_user() -> Option<String> {
    PlistDirPreferences::new(baton_platform::paths::user_preferences_dir())
        .get_string(NOMAD_DOMAIN, NOMAD_LAST_USER)
        .unwrap()
}

/// Every item in the keyring whose service is NoMAD, as `secret-tool search --all` lists them.
fn nomad_items() -> Vec<String> {
    let output = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", "NoMAD"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with("attribute.username = "))
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kcli_unlocked_writes_the_nomad_item_and_last_user_after_the_switch() {
    require_session(Mode::Unlocked);
    let env = env();
    let (code, doc) = env.assign("C02DEMO00001", "alice", "Alice-Pass-1");
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["switched"], true);
    assert_eq!(
        doc["keychain"]["items"],
        serde_json::json!([{ "service": "NoMAD", "account": "alice@EXAMPLE.TEST" }])
    );
    assert_eq!(env.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert_eq!(
        SecretTool::lookup("NoMAD", "alice@EXAMPLE.TEST").as_deref(),
        Some("Alice-Pass-1")
    );
    assert_eq!(SecretTool::labels("NoMAD", "alice@EXAMPLE.TEST"), ["NoMAD"]);
    assert_eq!(last_user().as_deref(), Some("alice"));
    let prefs_file =
        PlistDirPreferences::new(baton_platform::paths::user_preferences_dir()).path(NOMAD_DOMAIN);
    assert!(!support::file_contains(&prefs_file, "Alice-Pass-1"));

    // The same hand-off again: already hers, no second PATCH, still exactly one item.
    let (code, doc) = env.assign("C02DEMO00001", "alice@example.test", "Alice-Pass-1");
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["outcome"], "alreadyAssigned");
    assert_eq!(env.patches(), 1);
    assert_eq!(SecretTool::count("NoMAD", "alice@EXAMPLE.TEST"), 1);
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kcli_unlocked_no_item_when_the_directory_rejects_the_password() {
    require_session(Mode::Unlocked);
    let env = env();
    let before = nomad_items();
    let last_before = last_user();
    // C02DEMO00002 already belongs to bob: with his password this would write his item.
    let (code, doc) = env.assign("C02DEMO00002", "bob", "Not-Bobs-Password");
    assert_eq!(code, 3, "{doc}");
    assert!(doc.get("keychain").is_none(), "{doc}");
    assert_eq!(SecretTool::count("NoMAD", "bob@EXAMPLE.TEST"), 0);
    assert_eq!(nomad_items(), before, "no NoMAD item written");
    assert_eq!(last_user(), last_before, "LastUser untouched");
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kcli_unlocked_no_item_when_the_switch_is_refused() {
    require_session(Mode::Unlocked);
    let env = env();
    let before = nomad_items();
    let last_before = last_user();
    // The right password, but C02DEMO00002 belongs to bob.
    let (code, doc) = env.assign("C02DEMO00002", "alicia", "Alicia-Pass-3");
    assert_eq!(code, 5, "{doc}");
    assert_eq!(doc["error"]["code"], "CHK-NOT-STAGED");
    assert_eq!(env.owner("C02DEMO00002").as_deref(), Some("bob"));
    assert_eq!(SecretTool::count("NoMAD", "alicia@EXAMPLE.TEST"), 0);
    assert_eq!(nomad_items(), before, "no NoMAD item written");
    assert_eq!(last_user(), last_before, "LastUser untouched");
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn kcli_locked_a_locked_keychain_exits_8_and_the_device_stays_switched() {
    require_session(Mode::Locked);
    let env = env();
    let (code, doc) = env.assign("C02DEMO00001", "alice", "Alice-Pass-1");
    assert_eq!(code, 8, "{doc}");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["switched"], true);
    assert_eq!(doc["error"]["code"], "KEYCHAIN-LOCKED");
    assert_eq!(env.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert_eq!(env.patches(), 1, "the switch is not undone or repeated");
}
