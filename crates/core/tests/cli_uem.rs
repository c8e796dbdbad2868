//! The headless CLI (`status`, `assign`, `batch`) against the UEM simulator over real TLS: every
//! exit code the UEM side can produce, the request budget of an `assign`, idempotent re-runs and
//! batches that never stop at the first failure — on an IT-owned Mac, whose configuration
//! profile sets `AllowUnverifiedCLI` (assignments without the person's password). What a
//! self-service Mac's CLI may do is at the end.

use std::path::PathBuf;

use baton_core::cli::{self, Cli};
use clap::Parser;
use uem_sim::{BackgroundSim, Fault, Route};

struct Env {
    sim: BackgroundSim,
    dir: tempfile::TempDir,
    config: PathBuf,
}

/// A simulator with the demo tenant and a technician configuration pointing at it.
fn env() -> Env {
    let sim = BackgroundSim::demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    sim.write_baton_config(&path, |config| {
        config["Mode"] = "technician".into();
        config["DirectoryType"] = "none".into();
    })
    .unwrap();
    Env {
        sim,
        dir,
        config: path,
    }
}

struct Run {
    code: u8,
    out: String,
    err: String,
}

impl Env {
    /// Installs `self.config` (JSON, plus `extra`) as this machine's configuration profile.
    fn install_profile(&self, extra: serde_json::Value) {
        let mut config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&self.config).unwrap()).unwrap();
        for (key, value) in extra.as_object().unwrap() {
            config[key] = value.clone();
        }
        let managed = self.dir.path().join("data/managed");
        std::fs::create_dir_all(&managed).unwrap();
        plist::to_file_xml(managed.join("dev.baton.Baton.plist"), &config).unwrap();
    }

    /// `baton ARGS` on the IT-owned Mac C02DEMO00001 (the profile allows unverified CLI use).
    fn baton(&self, args: &[&str]) -> Run {
        self.install_profile(serde_json::json!({ "AllowUnverifiedCLI": true }));
        self.baton_as_configured(&[], args)
    }

    /// `baton [FIRST…] ARGS` with whatever profile is installed.
    fn baton_as_configured(&self, first: &[&str], args: &[&str]) -> Run {
        let mut argv = vec!["baton"];
        argv.extend_from_slice(first);
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let host = cli::Host::sandboxed(self.dir.path().join("data"), "C02DEMO00001");
        let code = cli::run_with(
            &cli,
            cli.command.as_ref().unwrap(),
            &host,
            &mut "".as_bytes(),
            &mut out,
            &mut err,
        );
        Run {
            code: code.code(),
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }

    fn json(&self, args: &[&str]) -> (u8, serde_json::Value) {
        let mut argv = vec!["--json"];
        argv.extend_from_slice(args);
        let run = self.baton(&argv);
        let doc = serde_json::from_str(&run.out).unwrap_or_else(|e| panic!("{e}: {}", run.out));
        (run.code, doc)
    }

    fn csv(&self, text: &str) -> String {
        let path = self.dir.path().join("batch.csv");
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

#[test]
fn status_of_a_staged_device_exits_0() {
    let env = env();
    let (code, doc) = env.json(&["status", "--serial", "C02DEMO00001"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["userName"], "staging");
    assert_eq!(doc["staged"], true);
    assert_eq!(doc["enrolled"], true);
    let (_, doc) = env.json(&["status", "--serial", "C02DEMO00002"]);
    assert_eq!(doc["staged"], false);
    assert_eq!(doc["userName"], "bob");
    let text = env.baton(&["status", "--serial", "C02DEMO00001"]);
    assert!(text.out.contains("ready to be handed over"), "{}", text.out);
}

#[test]
fn assign_switches_syncs_and_confirms_within_the_request_budget() {
    let env = env();
    env.sim.clear_requests();
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["outcome"], "switched");
    assert_eq!(doc["synced"], true);
    assert_eq!(doc["switchAttempts"], 1);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
    // 1 token, 1 device read, 1 user search, 1 PATCH, then at once: 1 command, 1 confirming
    // read and the device note (WriteDeviceNote, on by default).
    assert_eq!(env.sim.count(Route::Token), 1);
    assert_eq!(env.sim.count(Route::UserSearch), 1);
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
    assert_eq!(env.sim.count(Route::DeviceCommand), 1);
    assert_eq!(env.sim.count(Route::DeviceLookup), 2);
    assert_eq!(env.sim.count(Route::DeviceNotes), 1);
    assert_eq!(env.sim.requests().len(), 7, "{:#?}", env.sim.requests());
    let notes = env.sim.notes("C02DEMO00001");
    assert!(
        notes
            .iter()
            .any(|n| n.note == "Checked out to alice by Baton's command line"),
        "{notes:?}"
    );
    let commands = env.sim.commands();
    assert_eq!(commands.len(), 1);
}

#[test]
fn assigning_again_to_the_same_user_changes_nothing() {
    let env = env();
    assert_eq!(
        env.baton(&["assign", "--serial", "C02DEMO00001", "--user", "alice"])
            .code,
        0
    );
    env.sim.clear_requests();
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "ALICE"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["outcome"], "alreadyAssigned");
    assert_eq!(env.sim.count(Route::SwitchUser), 0, "no second PATCH");
    assert_eq!(env.sim.count(Route::DeviceCommand), 0);
}

#[test]
fn sync_can_be_turned_off() {
    let env = env();
    let mut config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&env.config).unwrap()).unwrap();
    config["SyncDeviceAfterSwitch"] = false.into();
    std::fs::write(&env.config, serde_json::to_vec(&config).unwrap()).unwrap();
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["synced"], false);
    assert_eq!(env.sim.count(Route::DeviceCommand), 0);
}

#[test]
fn exit_4_for_an_unknown_or_unenrolled_device() {
    let env = env();
    let (code, doc) = env.json(&["assign", "--serial", "NOSUCHSERIAL", "--user", "alice"]);
    assert_eq!(code, 4, "{doc}");
    assert_eq!(doc["error"]["exit"], "deviceNotFound");
    let (code, doc) = env.json(&["status", "--serial", "NOSUCHSERIAL"]);
    assert_eq!(code, 4, "{doc}");
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00003", "--user", "alice"]);
    assert_eq!(code, 4, "{doc}");
    assert_eq!(doc["error"]["code"], "CHK-NOT-ENROLLED");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
}

#[test]
fn exit_5_for_a_device_assigned_to_someone_else() {
    let env = env();
    let run = env.baton(&["assign", "--serial", "C02DEMO00002", "--user", "alice"]);
    assert_eq!(run.code, 5);
    assert!(
        run.err.contains("already assigned to someone else"),
        "{}",
        run.err
    );
    assert!(run.err.contains("CHK-NOT-STAGED"), "{}", run.err);
    assert_eq!(env.sim.owner("C02DEMO00002").as_deref(), Some("bob"));
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
}

#[test]
fn exit_6_for_a_user_unknown_to_uem() {
    let env = env();
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "zed"]);
    assert_eq!(code, 6, "{doc}");
    assert_eq!(doc["userName"], "zed");
    // "ali" matches alice and alicia by substring, but exactly no one.
    let (code, _) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "ali"]);
    assert_eq!(code, 6);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
}

#[test]
fn exit_7_when_uem_fails_and_no_server_text_reaches_the_output() {
    let env = env();
    env.sim.set_fault(Route::DeviceLookup, Fault::html(500));
    let run = env.baton(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(run.code, 7);
    assert!(
        !run.err.contains("<html") && !run.err.contains("<!DOCTYPE"),
        "{}",
        run.err
    );
    assert!(run.err.contains("support code"), "{}", run.err);
    env.sim.clear_faults();

    // A switch that fails for good before UEM applied it: sent once, re-read, repeated once.
    env.sim.set_fault(Route::SwitchUser, Fault::status(503));
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(code, 7, "{doc}");
    assert_eq!(
        env.sim.count(Route::SwitchUser),
        2,
        "never more than one repeat"
    );
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
}

#[test]
fn a_switch_applied_before_a_lost_answer_is_not_repeated() {
    let env = env();
    env.sim
        .set_fault(Route::SwitchUser, Fault::reset().after_handler().times(1));
    let (code, doc) = env.json(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["switchAttempts"], 1);
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
}

#[test]
fn exit_7_when_uem_is_unreachable() {
    let env = env();
    let mut config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&env.config).unwrap()).unwrap();
    // A closed port on loopback.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    config["UEMAPIURL"] = format!("https://127.0.0.1:{port}").into();
    config["UEMOAuthTokenURL"] = format!("https://127.0.0.1:{port}/connect/token").into();
    // Connection refused is retried within this budget, then reported.
    config["UEMRetrySeconds"] = 2.into();
    std::fs::write(&env.config, serde_json::to_vec(&config).unwrap()).unwrap();
    let (code, doc) = env.json(&["status", "--serial", "C02DEMO00001"]);
    assert_eq!(code, 7, "{doc}");
}

#[test]
fn exit_2_for_a_bad_configuration_before_any_request() {
    let env = env();
    std::fs::write(&env.config, r#"{"UEMAPIURL": "http://insecure.example"}"#).unwrap();
    let run = env.baton(&["assign", "--serial", "C02DEMO00001", "--user", "alice"]);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("https://"), "{}", run.err);
    assert!(env.sim.requests().is_empty());
}

#[test]
fn batch_attempts_every_row_and_reports_each() {
    let env = env();
    let csv = env.csv(
        "\u{feff}SerialNumber,Username\nC02DEMO00001,alice\nNOSUCHSERIAL,bob\nC02DEMO00002,alice\nC02DEMO00004,alicia\nC02DEMO00001,alice\n,bob\n",
    );
    let (code, doc) = env.json(&["batch", "--csv", &csv]);
    assert_eq!(code, 4, "the first failure's exit code: {doc}");
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let oks: Vec<bool> = rows.iter().map(|r| r["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, false, false, true, false, false]);
    assert_eq!(rows[1]["error"]["exit"], "deviceNotFound");
    assert_eq!(rows[2]["error"]["exit"], "notStaged");
    assert_eq!(rows[4]["error"]["code"], "CLI-CSV-ROW", "duplicate serial");
    assert_eq!(rows[5]["error"]["code"], "CLI-CSV-ROW", "missing serial");
    assert_eq!(doc["succeeded"], 2);
    assert_eq!(doc["failed"], 4);
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("alice"));
    assert_eq!(env.sim.owner("C02DEMO00004").as_deref(), Some("alicia"));
}

#[test]
fn batch_reruns_are_idempotent_and_all_green_exits_0() {
    let env = env();
    let csv = env.csv("serialnumber,username\nC02DEMO00001,alice\nC02DEMO00004,alicia\n");
    assert_eq!(env.baton(&["batch", "--csv", &csv]).code, 0);
    env.sim.clear_requests();
    let run = env.baton(&["batch", "--csv", &csv]);
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(
        run.out.contains("2 assigned or already assigned, 0 failed"),
        "{}",
        run.out
    );
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
}

#[test]
fn batch_refuses_a_file_without_the_columns() {
    let env = env();
    let csv = env.csv("Serial,User\nC02DEMO00001,alice\n");
    let run = env.baton(&["batch", "--csv", &csv]);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("CLI-CSV"), "{}", run.err);
    assert!(env.sim.requests().is_empty());
}

// What a self-service Mac's CLI may do (PRODUCT.md, CLI contract; security-review F2, F3, F6).

#[test]
fn a_self_service_mac_assigns_nothing_without_the_persons_password() {
    let env = env();
    env.install_profile(serde_json::json!({ "Mode": "self-service", "DirectoryType": "ldap" }));
    for args in [
        &[
            "--json",
            "assign",
            "--serial",
            "C02DEMO00001",
            "--user",
            "alice",
        ][..],
        &[
            "--json",
            "assign",
            "--serial",
            "C02DEMO00004",
            "--user",
            "alice",
        ][..],
        &[
            "--json",
            "batch",
            "--csv",
            &env.csv("SerialNumber,Username\nC02DEMO00001,alice\n"),
        ][..],
    ] {
        let run = env.baton_as_configured(&[], args);
        assert_eq!(run.code, 10, "{args:?}: {}", run.out);
        let doc: serde_json::Value = serde_json::from_str(&run.out).unwrap();
        assert_eq!(doc["error"]["code"], "CLI-UNVERIFIED", "{doc}");
        assert!(
            doc["error"]["nextStep"]
                .as_str()
                .unwrap()
                .contains("--password-stdin"),
            "{doc}"
        );
    }
    assert!(env.sim.requests().is_empty(), "{:#?}", env.sim.requests());
    assert_eq!(env.sim.owner("C02DEMO00001").as_deref(), Some("staging"));
    // Reading stays allowed.
    let run = env.baton_as_configured(&[], &["status", "--serial", "C02DEMO00004"]);
    assert_eq!(run.code, 0, "{}", run.err);
}

#[test]
fn allow_unverified_cli_counts_only_from_the_configuration_profile() {
    let env = env();
    // No profile at all: --config may not grant it.
    let file = env.dir.path().join("grant.json");
    let mut config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&env.config).unwrap()).unwrap();
    config["AllowUnverifiedCLI"] = true.into();
    config["AllowIdentityOverride"] = true.into();
    std::fs::write(&file, serde_json::to_vec(&config).unwrap()).unwrap();
    let config_arg = ["--config", file.to_str().unwrap()];
    let run = env.baton_as_configured(
        &config_arg,
        &["assign", "--serial", "C02DEMO00001", "--user", "alice"],
    );
    assert_eq!(run.code, 10, "{}", run.out);
    assert!(env.sim.requests().is_empty());
    let run = env.baton_as_configured(&config_arg, &["check-config"]);
    assert_eq!(run.code, 2, "{}", run.out);
    for key in ["AllowUnverifiedCLI", "AllowIdentityOverride"] {
        assert!(
            run.out.contains(&format!(
                "{key} is honoured only from a configuration profile"
            )),
            "{key}: {}",
            run.out
        );
    }
}

#[test]
fn with_a_profile_installed_the_config_file_cannot_change_forced_keys() {
    let env = env();
    env.install_profile(serde_json::json!({ "AllowUnverifiedCLI": true }));
    // The file would make bob's Mac count as staged and turn sync off.
    let file = env.dir.path().join("override.json");
    std::fs::write(
        &file,
        r#"{"StagingUsernames": ["staging", "bob"], "SyncDeviceAfterSwitch": false, "Title": "Hello"}"#,
    )
    .unwrap();
    let config_arg = ["--config", file.to_str().unwrap()];
    let run = env.baton_as_configured(
        &config_arg,
        &[
            "--json",
            "assign",
            "--serial",
            "C02DEMO00002",
            "--user",
            "alice",
        ],
    );
    assert_eq!(run.code, 5, "bob's Mac is still not staged: {}", run.out);
    assert_eq!(env.sim.owner("C02DEMO00002").as_deref(), Some("bob"));
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    let run = env.baton_as_configured(&config_arg, &["--json", "check-config"]);
    assert_eq!(run.code, 2, "{}", run.out);
    let doc: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(doc["ok"], false);
    let refused: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(refused, ["StagingUsernames", "SyncDeviceAfterSwitch"]);
    // A presentation key from the file is still honoured.
    let title = doc["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "Title")
        .unwrap()
        .clone();
    assert_eq!(title["origin"], "file", "{title}");
}
