//! The `baton-relay` binary as an admin runs it: `--check-config`, the one URL line on
//! standard output, JSON logs with a request id per request, and not one secret in them.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use uem_sim::pki::{self, CertificateAuthority, DeviceCertOptions};
use uem_sim::{Seed, Sim, SimOptions};

const RELAY: &str = env!("CARGO_BIN_EXE_baton-relay");
const TECHNICIANS: &str = "cn=baton-technicians,ou=groups,dc=example,dc=test";
const TOKEN: &str = "an-integration-token-that-must-never-be-logged";

/// A relay configuration for `sim` in `dir`, with the UEM client secret in its own file.
fn write_config(
    sim: &uem_sim::SimHandle,
    dir: &std::path::Path,
    ca: &CertificateAuthority,
) -> (std::path::PathBuf, String) {
    let server = ca.server_cert(&["127.0.0.1"]).unwrap();
    std::fs::write(dir.join("relay.pem"), &server.cert_pem).unwrap();
    std::fs::write(dir.join("relay-key.pem"), &server.key_pem).unwrap();
    let mut json = sim.baton_config();
    let secret = json["UEMOAuthClientSecret"].as_str().unwrap().to_owned();
    json.as_object_mut().unwrap().remove("UEMOAuthClientSecret");
    std::fs::write(dir.join("uem-secret"), &secret).unwrap();
    json["UEMOAuthClientSecretFile"] = dir.join("uem-secret").to_str().unwrap().into();
    json["Listen"] = "127.0.0.1:0".into();
    json["TLSCertificateFile"] = dir.join("relay.pem").to_str().unwrap().into();
    json["TLSKeyFile"] = dir.join("relay-key.pem").to_str().unwrap().into();
    json["DeviceCACertificates"] = serde_json::json!([ca.cert_pem()]);
    json["Database"] = format!("sqlite:{}", dir.join("state.db").display()).into();
    json["TechnicianGroups"] = serde_json::json!([TECHNICIANS]);
    json["IntegrationTokens"] = serde_json::json!([
        {"Name": "ServiceDesk", "TokenSHA256": pki::sha256_fingerprint(TOKEN.as_bytes()), "Role": "read"}
    ]);
    let path = dir.join("relay.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    (path, secret)
}

#[test]
fn check_config_says_every_problem_at_once_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "UEMAPIURL = \"http://insecure.example\"\nListen = \"nowhere\"\nKiosks = [{ Name = \"Desk\", CertificateSHA256 = \"abc\" }]\n",
    )
    .unwrap();
    let out = Command::new(RELAY)
        .args(["--config", path.to_str().unwrap(), "--check-config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "UEMAPIURL",
        "Listen",
        "Kiosks",
        "TLSCertificateFile",
        "LDAP",
    ] {
        assert!(err.contains(needle), "{needle} missing from:\n{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_serves_logs_json_with_request_ids_and_never_a_secret() {
    let sim = Sim::start(Seed::demo(), SimOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = CertificateAuthority::new("Binary Test CA").unwrap();
    let (config, uem_secret) = write_config(&sim, dir.path(), &ca);

    let ok = Command::new(RELAY)
        .args(["--config", config.to_str().unwrap(), "--check-config"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let mut child = Command::new(RELAY)
        .args(["--config", config.to_str().unwrap(), "--log-format", "json"])
        .env("BATON_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the log as it comes: at trace level it would fill the pipe and stop the relay.
    let mut stderr = child.stderr.take().unwrap();
    let log_reader = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let url = url.trim().to_owned();
    assert!(url.starts_with("https://127.0.0.1:"), "{url:?}");

    let device = ca
        .device_cert("C02DEMO00001", &DeviceCertOptions::default())
        .unwrap();
    let client = |identity: bool| {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .add_root_certificate(
                reqwest::Certificate::from_pem(ca.cert_pem().as_bytes()).unwrap(),
            );
        if identity {
            let pem = format!("{}\n{}", device.cert_pem, device.key_pem);
            builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
        }
        builder.build().unwrap()
    };
    let wrong = client(true)
        .post(format!("{url}/v1/handoff"))
        .json(&serde_json::json!({"username": "alice", "password": "Wrong-Secret-77"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = client(true)
        .post(format!("{url}/v1/handoff"))
        .json(&serde_json::json!({"username": "alice", "password": "Alice-Pass-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    let request_id = right.headers()["x-request-id"].to_str().unwrap().to_owned();
    let session: serde_json::Value = client(false)
        .post(format!("{url}/v1/sessions"))
        .json(&serde_json::json!({"username": "tess", "password": "Tess-Pass-6"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session_token = session["token"].as_str().unwrap().to_owned();
    let users = client(false)
        .get(format!("{url}/v1/users?q=ali"))
        .bearer_auth(&session_token)
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
    let audit = client(false)
        .get(format!("{url}/v1/audit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(audit.status(), 200);

    // Graceful stop on SIGTERM, as a service manager sends it.
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let log = log_reader.join().unwrap();

    for secret in [
        "Wrong-Secret-77",
        "Alice-Pass-1",
        "Tess-Pass-6",
        &session_token,
        TOKEN,
        &uem_secret,
    ] {
        assert!(!log.contains(secret), "a secret reached the log: {secret}");
    }
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    // BATON_LOG=trace took effect: the filter is not capped at the fmt builder's default (info).
    assert!(
        lines.iter().any(|l| l["level"] == "TRACE"),
        "no TRACE line with BATON_LOG=trace"
    );
    let of_request: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["span"]["request_id"] == request_id.as_str())
        .collect();
    assert!(
        of_request.len() >= 2,
        "the hand-off's lines carry its request id: {of_request:?}"
    );
    assert!(of_request
        .iter()
        .any(|l| l["fields"]["message"] == "answered" && l["fields"]["status"] == 200));
}
