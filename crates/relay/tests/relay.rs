//! The relay end to end over real TLS: uem-sim (UEM and its LDAPS directory) behind it, device
//! and kiosk certificates from a throwaway CA, state in SQLite. Each test fails when the
//! guarantee it names is removed.

use std::sync::Arc;

use baton_core::ops::{
    Actor, Authority, HandOffRequest, OpsError, Outcome, RelayClient, RelayClientIdentity,
    RelayClientOptions,
};
use baton_relay::config::{self, RelayConfig};
use plist::Value;
use secrecy::SecretString;
use uem_sim::pki::{self, CertificateAuthority, DeviceCertOptions, IssuedCert};
use uem_sim::{Route, Seed, Sim, SimHandle, SimOptions};

const STAGED: &str = "C02DEMO00001";
const BOBS: &str = "C02DEMO00002";
const PASSWORD: &str = "Alice-Pass-1";

struct Env {
    sim: SimHandle,
    ca: CertificateAuthority,
    relay: baton_relay::http::Running,
    dir: tempfile::TempDir,
    kiosk: IssuedCert,
}

async fn env() -> Env {
    let sim = Sim::start(Seed::demo(), SimOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = CertificateAuthority::new("Baton Test Device CA").unwrap();
    let server = ca.server_cert(&["127.0.0.1", "localhost"]).unwrap();
    let kiosk = pki::kiosk_cert("Front-Desk-1").unwrap();
    std::fs::write(dir.path().join("relay.pem"), &server.cert_pem).unwrap();
    std::fs::write(dir.path().join("relay-key.pem"), &server.key_pem).unwrap();
    let mut json = sim.baton_config();
    json["Listen"] = "127.0.0.1:0".into();
    json["TLSCertificateFile"] = dir.path().join("relay.pem").to_str().unwrap().into();
    json["TLSKeyFile"] = dir.path().join("relay-key.pem").to_str().unwrap().into();
    json["DeviceCACertificates"] = serde_json::json!([ca.cert_pem()]);
    json["Kiosks"] =
        serde_json::json!([{"Name": "Front-Desk-1", "CertificateSHA256": kiosk.fingerprint()}]);
    json["Database"] = format!("sqlite:{}", dir.path().join("relay.db").display()).into();
    let Value::Dictionary(dict) = baton_core::config::source::from_json(json) else {
        unreachable!()
    };
    let config: RelayConfig = config::from_dictionary(dict, &|_| None).unwrap();
    let relay = baton_relay::start(config).await.unwrap();
    Env {
        sim,
        ca,
        relay,
        dir,
        kiosk,
    }
}

impl Env {
    fn http(&self, identity: Option<&IssuedCert>) -> reqwest::Client {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .add_root_certificate(
                reqwest::Certificate::from_pem(self.ca.cert_pem().as_bytes()).unwrap(),
            );
        if let Some(cert) = identity {
            let pem = format!("{}\n{}", cert.cert_pem, cert.key_pem);
            builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
        }
        builder.build().unwrap()
    }

    fn device(&self, serial: &str) -> IssuedCert {
        self.ca
            .device_cert(serial, &DeviceCertOptions::default())
            .unwrap()
    }

    /// The app's own relay client, as this Mac `serial` would build it.
    fn client(&self, serial: &str) -> RelayClient {
        let cert = self.device(serial);
        RelayClient::new(RelayClientOptions {
            url: self.relay.url.parse().unwrap(),
            ca_certificates: vec![self.ca.cert_pem().to_owned()],
            identity: Some(RelayClientIdentity::Pem(SecretString::from(format!(
                "{}\n{}",
                cert.cert_pem, cert.key_pem
            )))),
            connect_timeout: std::time::Duration::from_secs(5),
            request_timeout: std::time::Duration::from_secs(30),
        })
        .unwrap()
    }

    async fn post(
        &self,
        identity: Option<&IssuedCert>,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value, reqwest::header::HeaderMap) {
        let response = self
            .http(identity)
            .post(format!("{}{path}", self.relay.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        (status, body, headers)
    }
}

fn alice(password: &str) -> serde_json::Value {
    serde_json::json!({"username": "alice", "password": password})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_hands_itself_to_the_person_who_proves_their_password() {
    let env = env().await;
    let client = env.client(STAGED);
    let state = client
        .device("ignored: the certificate says which")
        .await
        .unwrap();
    assert_eq!(state.serial, STAGED);
    assert!(state.staged && state.enrolled);

    env.sim.clear_requests();
    let password = SecretString::from(PASSWORD.to_owned());
    let done = client
        .hand_off(
            HandOffRequest {
                serial: STAGED,
                username: "alice",
                password: &password,
                by: &Actor::SelfService,
            },
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(done.outcome, Outcome::Switched);
    assert_eq!(done.user.short_name, "alice");
    assert_eq!(done.user.display_name.as_deref(), Some("Alice Adams"));
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
    // The hand-off shows in the UEM console, and in the relay's audit.
    let notes = env.sim.notes(STAGED);
    assert!(
        notes
            .iter()
            .any(|n| n.note.contains("Checked out to alice")),
        "{notes:?}"
    );

    // Again: already the person's, no second PATCH.
    let again = client
        .hand_off(
            HandOffRequest {
                serial: STAGED,
                username: "alice",
                password: &password,
                by: &Actor::SelfService,
            },
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(
        again.outcome,
        Outcome::Switched,
        "a duplicate gets the first answer"
    );
    assert_eq!(env.sim.count(Route::SwitchUser), 1);

    // The database holds no password.
    let db = std::fs::read(env.dir.path().join("relay.db")).unwrap();
    let wal = std::fs::read(env.dir.path().join("relay.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes()),
            "the password reached the database"
        );
    }
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_with_its_support_code_and_changes_nothing() {
    let env = env().await;
    env.sim.clear_requests();
    let device = env.device(STAGED);
    let (status, problem, headers) = env.post(Some(&device), "/v1/handoff", alice("wrong")).await;
    assert_eq!(status, 401, "{problem}");
    assert_eq!(problem["code"], "DIR-049");
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(
        !problem.to_string().contains("wrong"),
        "the password is never echoed"
    );
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("staging"));

    // The app's client turns it back into the same typed error as direct mode.
    let password = SecretString::from("wrong".to_owned());
    let error = env
        .client(STAGED)
        .hand_off(
            HandOffRequest {
                serial: STAGED,
                username: "alice",
                password: &password,
                by: &Actor::SelfService,
            },
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(error.belongs_to_sign_in(), "{error:?}");
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_attempts_are_limited_per_username_and_answered_429_with_retry_after() {
    let env = env().await;
    let device = env.device(STAGED);
    // The demo configuration's MaxAttempts is 5.
    let mut last = 0;
    for _ in 0..5 {
        last = env
            .post(Some(&device), "/v1/handoff", alice("wrong"))
            .await
            .0;
    }
    assert_eq!(last, 401);
    // From another client (a kiosk) too: the limit is per username, not per client.
    let (status, problem, headers) = env
        .post(
            Some(&env.kiosk),
            &format!("/v1/devices/{STAGED}/handoff"),
            alice(PASSWORD),
        )
        .await;
    assert_eq!(status, 429, "{problem}");
    assert_eq!(problem["code"], "DIR-429");
    assert!(headers.contains_key("retry-after"));
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn someone_elses_mac_is_refused_without_a_patch() {
    let env = env().await;
    env.sim.clear_requests();
    let bobs = env.device(BOBS);
    let (status, problem, _) = env.post(Some(&bobs), "/v1/handoff", alice(PASSWORD)).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "CHK-NOT-STAGED");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    assert_eq!(env.sim.owner(BOBS).as_deref(), Some("bob"));
    let error = env.client(BOBS).device(BOBS).await.unwrap();
    assert!(!error.staged);
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn who_may_ask_for_what() {
    let env = env().await;
    let device = env.device(STAGED);
    // No client identity: no device route.
    let response = env
        .http(None)
        .get(format!("{}/v1/device", env.relay.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // A device may not use the kiosk's route for another serial (or its own).
    let (status, problem, _) = env
        .post(
            Some(&device),
            &format!("/v1/devices/{BOBS}/handoff"),
            alice(PASSWORD),
        )
        .await;
    assert_eq!(status, 403, "{problem}");
    // A kiosk may read any device, but not use the device route.
    let response = env
        .http(Some(&env.kiosk))
        .get(format!("{}/v1/devices/{BOBS}", env.relay.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = env
        .http(Some(&env.kiosk))
        .get(format!("{}/v1/device", env.relay.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // A certificate from another CA does not get past TLS.
    let other = CertificateAuthority::new("Another CA").unwrap();
    let stranger = other
        .device_cert(STAGED, &DeviceCertOptions::default())
        .unwrap();
    assert!(env
        .http(Some(&stranger))
        .get(format!("{}/v1/device", env.relay.url))
        .send()
        .await
        .is_err());
    // Bad input: unknown fields, malformed JSON, a huge body, a serial that is not one.
    for body in [
        serde_json::json!({"username": "alice", "password": PASSWORD, "admin": true}),
        serde_json::json!({"username": "alice"}),
    ] {
        let (status, problem, _) = env.post(Some(&device), "/v1/handoff", body).await;
        assert_eq!(status, 400, "{problem}");
        assert!(!problem.to_string().contains(PASSWORD));
    }
    let huge = "x".repeat(baton_relay::http::MAX_BODY * 2);
    let (status, _, _) = env.post(Some(&device), "/v1/handoff", alice(&huge)).await;
    assert_eq!(status, 413);
    let (status, _, _) = env
        .post(
            Some(&env.kiosk),
            "/v1/devices/..%2Fetc/handoff",
            alice(PASSWORD),
        )
        .await;
    assert!(status == 400 || status == 404, "{status}");
    assert_eq!(
        env.sim.owner(STAGED).as_deref(),
        Some("staging"),
        "nothing changed"
    );
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_concurrent_hand_offs_of_one_serial_send_one_patch_and_get_one_answer() {
    let env = Arc::new(env().await);
    env.sim.clear_requests();
    let device = env.device(STAGED);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let env = Arc::clone(&env);
        let device = device.clone();
        tasks.push(tokio::spawn(async move {
            env.post(Some(&device), "/v1/handoff", alice(PASSWORD))
                .await
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        let (status, body, _) = task.await.unwrap();
        assert_eq!(status, 200, "{body}");
        answers.push(body);
    }
    assert_eq!(env.sim.count(Route::SwitchUser), 1, "exactly one PATCH");
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert_eq!(answers[0]["outcome"], "switched");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_that_cannot_be_reached_is_offline_for_the_app() {
    let env = env().await;
    let client = env.client(STAGED);
    env.relay.shutdown().await;
    let error = client.device(STAGED).await.unwrap_err();
    assert!(matches!(error, OpsError::Relay(_)), "{error:?}");
    assert!(error.is_offline(), "the app retries by itself: {error:?}");
}
