//! The `uem-sim` binary: `--print-config` and `--ca-out` give a client all it needs.

use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::client;

#[path = "../shared/running.rs"]
mod running;
use running::start;

#[tokio::test]
async fn print_config_points_baton_at_the_running_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("ca.pem");
    let ca_arg = ca_path.to_str().unwrap().to_string();
    let (_running, config) =
        tokio::task::spawn_blocking(move || start(&["--ca-out", &ca_arg, "--latency-ms", "1"]))
            .await
            .unwrap();

    assert_eq!(config["UEMAuthMethod"], "oauth");
    assert_eq!(config["UEMOAuthClientID"], "baton-demo");
    assert_eq!(config["StagingUsernames"], serde_json::json!(["staging"]));
    let base = config["UEMAPIURL"].as_str().unwrap();
    assert!(base.starts_with("https://127.0.0.1:"), "{base}");
    let ca = config["TrustedCACertificates"][0].as_str().unwrap();
    assert_eq!(std::fs::read_to_string(&ca_path).unwrap(), ca);

    let http = client(ca, Duration::from_secs(20));
    let token: Value = http
        .post(config["UEMOAuthTokenURL"].as_str().unwrap())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", config["UEMOAuthClientID"].as_str().unwrap()),
            (
                "client_secret",
                config["UEMOAuthClientSecret"].as_str().unwrap(),
            ),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device = http
        .get(format!(
            "{base}/api/mdm/devices?searchby=Serialnumber&id=C02DEMO00001"
        ))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(device.status(), StatusCode::OK);
}

#[test]
fn a_bad_seed_file_is_reported_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, r#"{"users": [{"id": 1}]}"#).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_uem-sim"))
        .arg("--seed")
        .arg(&seed)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("username"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn pki_subcommand_writes_the_files_and_prints_the_kiosk_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("relay-pki");
    let output = Command::new(env!("CARGO_BIN_EXE_uem-sim"))
        .args(["pki", "--out"])
        .arg(&out)
        .args(["--serial", "C02DEMO00001", "--kiosk", "desk-1"])
        .args(["--serial-attribute", "--relay-name", "relay.example.test"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let kiosk = read("kiosk.pem");
    assert_eq!(
        printed.trim(),
        uem_sim::pki::pem_fingerprint(&kiosk).unwrap()
    );
    assert_eq!(printed.lines().count(), 1);
    let ca = read("ca.pem");
    let device = read("device.pem");
    assert!(crate::pki::client_chains_to(&device, &ca));
    assert!(!crate::pki::client_chains_to(&kiosk, &ca));
    assert!(crate::pki::server_valid_for(
        &read("relay.pem"),
        &ca,
        "relay.example.test"
    ));
    for name in ["relay-key.pem", "device-key.pem", "kiosk-key.pem"] {
        assert!(read(name).contains("PRIVATE KEY"), "{name}");
    }

    // --out and --serial are required; server flags do not mix with the subcommand.
    let missing = Command::new(env!("CARGO_BIN_EXE_uem-sim"))
        .args(["pki", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!missing.status.success());
}
