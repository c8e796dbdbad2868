//! `baton-relay doctor` and the Mac's `baton doctor` through a relay, against uem-sim (UEM and
//! its LDAPS directory) and a real relay over TLS, each check made to fail in turn.

use std::sync::Arc;

#[path = "support/relay_env.rs"]
#[allow(dead_code)] // shared with tests/relay.rs, which uses all of it
mod relay_env;

use relay_env::{base_config, relay_config, BOBS, STAGED};
use serde_json::json;
use uem_sim::pki::{CertificateAuthority, DeviceCertOptions};
use uem_sim::{Fault, Route, Seed, Sim, SimHandle, SimOptions};

struct Env {
    sim: SimHandle,
    ca: CertificateAuthority,
    dir: tempfile::TempDir,
    json: serde_json::Value,
}

async fn env() -> Env {
    let sim = Sim::start(Seed::demo(), SimOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = CertificateAuthority::new("Baton Test Device CA").unwrap();
    let json = base_config(&sim, &ca, dir.path());
    Env { sim, ca, dir, json }
}

fn failed(checks: &[baton_core::doctor::Check]) -> Vec<&'static str> {
    checks.iter().filter(|c| !c.ok).map(|c| c.id).collect()
}

fn code_of(checks: &[baton_core::doctor::Check], id: &str) -> Option<&'static str> {
    checks.iter().find(|c| c.id == id).and_then(|c| c.code)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_relay_doctor_passes_on_a_good_host_and_names_each_failure() {
    let env = env().await;
    let checks = baton_relay::doctor::checks(&relay_config(env.json.clone())).await;
    let ids: Vec<_> = checks.iter().map(|c| (c.id, c.ok)).collect();
    assert_eq!(
        ids,
        [
            ("config", true),
            ("tls", true),
            ("database", true),
            ("uem", true),
            ("role", true),
            ("directory", true)
        ],
        "{checks:?}"
    );
    let mut out = Vec::new();
    assert_eq!(
        baton_core::doctor::report(false, &checks, &mut out).code(),
        0
    );
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("All 6 checks passed."));
    // Only reads reached UEM.
    for r in env.sim.requests().iter().filter(|r| r.ldap.is_none()) {
        assert!(
            r.method == "GET" || r.path.ends_with("/connect/token"),
            "{r:?}"
        );
    }

    // The token refused.
    env.sim.set_fault(Route::Token, Fault::status(401));
    let checks = baton_relay::doctor::checks(&relay_config(env.json.clone())).await;
    assert_eq!(failed(&checks), ["uem"], "{checks:?}");
    assert_eq!(code_of(&checks, "uem"), Some("UEM-TOKEN"));
    env.sim.clear_faults();

    // The role may not read devices.
    env.sim.set_fault(Route::DeviceLookup, Fault::status(403));
    let checks = baton_relay::doctor::checks(&relay_config(env.json.clone())).await;
    assert_eq!(failed(&checks), ["role"], "{checks:?}");
    assert_eq!(code_of(&checks, "role"), Some("UEM-403"));
    env.sim.clear_faults();

    // The directory unreachable.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut json = env.json.clone();
    json["LDAPURL"] = format!("ldaps://127.0.0.1:{closed}").into();
    let checks = baton_relay::doctor::checks(&relay_config(json)).await;
    assert_eq!(failed(&checks), ["directory"], "{checks:?}");
    assert_eq!(code_of(&checks, "directory"), Some("DIR-100"));

    // The database in a folder that does not exist.
    let mut json = env.json.clone();
    json["Database"] = format!(
        "sqlite:{}",
        env.dir.path().join("missing/relay.db").display()
    )
    .into();
    let checks = baton_relay::doctor::checks(&relay_config(json)).await;
    assert_eq!(failed(&checks), ["database"], "{checks:?}");

    // A TLS key that is not the certificate's.
    let other = env.ca.server_cert(&["127.0.0.1"]).unwrap();
    std::fs::write(env.dir.path().join("other-key.pem"), &other.key_pem).unwrap();
    let mut json = env.json.clone();
    json["TLSKeyFile"] = env
        .dir
        .path()
        .join("other-key.pem")
        .to_str()
        .unwrap()
        .into();
    let checks = baton_relay::doctor::checks(&relay_config(json)).await;
    assert_eq!(failed(&checks), ["tls"], "{checks:?}");
}

/// Runs `baton doctor` on a Mac whose relay configuration is `mac` (changed from a good one).
fn mac_doctor(
    relay_url: &str,
    env: &Env,
    serial: &str,
    cert: &uem_sim::pki::IssuedCert,
    edit: impl FnOnce(&mut serde_json::Value),
) -> (u8, serde_json::Value) {
    let dir = env
        .dir
        .path()
        .join(format!("mac-{serial}-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("device.pem"), &cert.cert_pem).unwrap();
    std::fs::write(dir.join("device-key.pem"), &cert.key_pem).unwrap();
    let mut config = json!({
        "RelayURL": relay_url,
        "RelayCACertificates": [env.ca.cert_pem()],
        "RelayClientCertificateFile": dir.join("device.pem"),
        "RelayClientKeyFile": dir.join("device-key.pem"),
    });
    edit(&mut config);
    let path = dir.join("baton.json");
    std::fs::write(&path, serde_json::to_vec(&config).unwrap()).unwrap();
    let argv = [
        "baton",
        "--json",
        "--config",
        path.to_str().unwrap(),
        "doctor",
        "--serial",
        serial,
    ];
    let cli = <baton_core::cli::Cli as clap::Parser>::try_parse_from(argv).unwrap();
    let store = baton_platform::keychain::MemoryStore::new();
    let host = baton_core::cli::Host {
        secret_store: Some(&store),
        preferences: None,
        ..baton_core::cli::Host::sandboxed(dir.join("data"), serial)
    };
    let mut out = Vec::new();
    let code = baton_core::cli::run_with(
        &cli,
        cli.command.as_ref().unwrap(),
        &host,
        &mut &b""[..],
        &mut out,
        &mut Vec::new(),
    );
    assert_eq!(store.len(), 0, "the throw-away item is removed");
    (code.code(), serde_json::from_slice(&out).unwrap())
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn mac_failed(doc: &serde_json::Value) -> Vec<String> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| {
            format!(
                "{}:{}",
                c["id"].as_str().unwrap(),
                c["code"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mac_doctor_through_a_relay_checks_reachability_the_certificate_and_staging() {
    let env = Arc::new(env().await);
    let relay = baton_relay::start(relay_config(env.json.clone()))
        .await
        .unwrap();
    let url = relay.url.clone();
    let run = {
        let env = Arc::clone(&env);
        move |serial: &'static str, foreign_ca: bool, edit: fn(&mut serde_json::Value)| {
            let env = Arc::clone(&env);
            let url = url.clone();
            tokio::task::spawn_blocking(move || {
                let cert = if foreign_ca {
                    CertificateAuthority::new("Someone Else's CA")
                        .unwrap()
                        .device_cert(serial, &DeviceCertOptions::default())
                        .unwrap()
                } else {
                    env.ca
                        .device_cert(serial, &DeviceCertOptions::default())
                        .unwrap()
                };
                mac_doctor(&url, &env, serial, &cert, edit)
            })
        }
    };

    let (code, doc) = run(STAGED, false, |_| {}).await.unwrap();
    assert_eq!(code, 0, "{doc}");
    let ids: Vec<_> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["config", "relay", "device", "keychain"]);

    // Bob's Mac is not on a staging user.
    let (code, doc) = run(BOBS, false, |_| {}).await.unwrap();
    assert_ne!(code, 0);
    assert_eq!(mac_failed(&doc), ["device:"], "{doc}");

    // A certificate from a CA the relay does not trust is refused.
    let (code, doc) = run(STAGED, true, |_| {}).await.unwrap();
    assert_ne!(code, 0);
    let failed = mac_failed(&doc);
    assert_eq!(failed.len(), 1, "{doc}");
    assert!(failed[0].starts_with("relay:RELAY-"), "{doc}");

    // The relay's certificate not trusted by the Mac.
    let (_, doc) = run(STAGED, false, |c| c["RelayCACertificates"] = json!([]))
        .await
        .unwrap();
    assert_eq!(mac_failed(&doc), ["relay:RELAY-TLS"], "{doc}");

    relay.shutdown().await;
    // The relay unreachable.
    let (code, doc) = run(STAGED, false, |_| {}).await.unwrap();
    assert_eq!(code, 7, "{doc}");
    assert_eq!(mac_failed(&doc), ["relay:RELAY-UNREACHABLE"], "{doc}");
}

/// The binary: `baton-relay --config FILE doctor --json` prints one document and exits 0 only
/// when every check passed.
#[tokio::test(flavor = "multi_thread")]
async fn the_binary_runs_doctor_and_exits_0_only_when_all_pass() {
    let env = env().await;
    let path = env.dir.path().join("relay.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&env.json).unwrap()).unwrap();
    let run = |path: std::path::PathBuf| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_baton-relay"))
                .args(["--config", path.to_str().unwrap(), "doctor", "--json"])
                .output()
                .unwrap()
        })
    };
    let output = run(path.clone()).await.unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{doc}");
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["checks"].as_array().unwrap().len(), 6);

    env.sim.set_fault(Route::Token, Fault::status(401));
    let output = run(path).await.unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_ne!(output.status.code(), Some(0), "{doc}");
    assert_eq!(doc["ok"], false);
    let secret = env.json["UEMOAuthClientSecret"].as_str().unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains(secret));
    assert!(!String::from_utf8_lossy(&output.stderr).contains(secret));
}
