//! The relay end to end over real TLS: uem-sim (UEM and its LDAPS directory) behind it, device
//! and kiosk certificates from a throwaway CA, state in SQLite. Each test fails when the
//! guarantee it names is removed.

use std::sync::Arc;

#[path = "support/pg.rs"]
#[allow(dead_code)] // shared with tests/store.rs, which uses all of it
mod pg;

#[path = "support/relay_env.rs"]
mod relay_env;

use baton_core::ops::{
    Actor, Authority, HandOffRequest, OpsError, Outcome, RelayClient, RelayClientIdentity,
    RelayClientOptions,
};
use baton_platform::keychain::identity::{
    ClientIdentity, ClientKey, IdentityError, KeyAlgorithm, SignatureScheme,
};
use relay_env::*;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::PrivatePkcs8KeyDer;
use secrecy::SecretString;
use uem_sim::pki::{CertificateAuthority, DeviceCertOptions};
use uem_sim::Route;

const PASSWORD: &str = "Alice-Pass-1";

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
    let done = alice_hands_off(&client, STAGED, &password).await.unwrap();
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
    let again = alice_hands_off(&client, STAGED, &password).await.unwrap();
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
    let error = alice_hands_off(&env.client(STAGED), STAGED, &password)
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
    let state = env.client(BOBS).device(BOBS).await.unwrap();
    assert!(!state.staged);
    // The app's client gets the same typed refusal as direct mode, naming the serial for the log.
    let password = SecretString::from(PASSWORD.to_owned());
    let error = alice_hands_off(&env.client(BOBS), BOBS, &password)
        .await
        .unwrap_err();
    assert!(error.is_not_staged(), "{error:?}");
    assert!(error.to_string().contains(BOBS), "{error}");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
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

impl Env {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .http(None)
            .request(method, format!("{}{path}", self.relay.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    async fn sign_in(&self, username: &str, password: &str) -> (u16, serde_json::Value) {
        self.call(
            reqwest::Method::POST,
            "/v1/sessions",
            None,
            Some(serde_json::json!({"username": username, "password": password})),
        )
        .await
    }
}

async fn technician_walk_through(env: &Env) {
    use reqwest::Method;
    // Only members of TechnicianGroups get a session; a wrong password is the usual refusal.
    let (status, problem) = env.sign_in("alice", PASSWORD).await;
    assert_eq!(status, 403, "{problem}");
    let (status, problem) = env.sign_in("tess", "wrong").await;
    assert_eq!(status, 401, "{problem}");
    assert_eq!(problem["code"], "DIR-049");
    let (status, session) = env.sign_in("tess", "Tess-Pass-6").await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["roles"], serde_json::json!(["technician"]));
    let token = session["token"].as_str().unwrap().to_owned();
    let token = Some(token.as_str());

    // Find the person, by part of a name.
    let (status, found) = env.call(Method::GET, "/v1/users?q=ali", token, None).await;
    assert_eq!(status, 200, "{found}");
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"alice") && names.contains(&"alicia"),
        "{names:?}"
    );

    // Assign the staged Mac, then look at it: owner and history (UEM's log and Baton's audit).
    env.sim.clear_requests();
    let (status, done) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/assign"),
            token,
            Some(serde_json::json!({"username": "alice"})),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["outcome"], "switched");
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    assert!(env
        .sim
        .notes(STAGED)
        .iter()
        .any(|n| n.note == "Checked out to alice by tess with Baton"));
    let (status, device) = env
        .call(Method::GET, &format!("/v1/devices/{STAGED}"), token, None)
        .await;
    assert_eq!(status, 200, "{device}");
    assert_eq!(device["owner"]["username"], "alice");
    assert_eq!(device["owner"]["display_name"], "Alice Adams");
    assert_eq!(device["registration"]["state"], "registered", "{device}");
    assert_eq!(device["registration"]["usernames"][0], "alice");
    let history = device["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|h| h["source"] == "baton" && h["actor"] == "tess (technician)"),
        "{history:?}"
    );

    // A device that is someone else's is never assigned.
    let (status, problem) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{BOBS}/assign"),
            token,
            Some(serde_json::json!({"username": "alice"})),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(env.sim.owner(BOBS).as_deref(), Some("bob"));

    // Return to staging, with its own audit row.
    let (status, returned) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/return"),
            token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{returned}");
    assert_eq!(returned["from"], "alice");
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("staging"));

    // Pre-register a serial not enrolled yet.
    let (status, registered) = env
        .call(
            Method::POST,
            "/v1/registrations",
            token,
            Some(serde_json::json!({"serial": "C02NEW000001", "username": "bob"})),
        )
        .await;
    assert_eq!(status, 201, "{registered}");
    assert!(env
        .sim
        .registrations()
        .iter()
        .any(|r| r.serial_number == "C02NEW000001" && r.username == "bob"));

    // The audit: every action with the technician's name, newest first.
    let (status, rows) = env
        .call(
            Method::GET,
            &format!("/v1/audit?serial={STAGED}"),
            token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{rows}");
    let actions: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(actions, [("return", "tess"), ("assign", "tess")]);

    // Sign out: the token is dead.
    let (status, _) = env.call(Method::DELETE, "/v1/sessions", token, None).await;
    assert_eq!(status, 204);
    let (status, _) = env.call(Method::GET, "/v1/users?q=ali", token, None).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_technician_of_a_directory_with_member_of_signs_in_finds_assigns_returns_and_preregisters(
) {
    let env = env().await;
    technician_walk_through(&env).await;
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn technician_membership_is_found_by_a_group_search_where_entries_have_no_member_of() {
    let env = env_with(|seed| seed.directory.member_of = false).await;
    technician_walk_through(&env).await;
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn integration_tokens_read_or_assign_as_their_role_says() {
    use reqwest::Method;
    let env = env().await;
    let assign = serde_json::json!({"username": "alice"});
    let (status, device) = env
        .call(
            Method::GET,
            &format!("/v1/devices/{STAGED}"),
            Some(READ_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 200, "{device}");
    assert!(
        device.get("history").is_none(),
        "history is for technicians"
    );
    assert!(
        device.get("registration").is_none(),
        "the registration record is for technicians"
    );
    let (status, _) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/assign"),
            Some(READ_TOKEN),
            Some(assign.clone()),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/assign"),
            Some("not-a-token"),
            Some(assign.clone()),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("staging"));
    let (status, done) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/assign"),
            Some(ASSIGN_TOKEN),
            Some(assign),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    // An integration may not return a device to staging, nor search people.
    let (status, _) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{STAGED}/return"),
            Some(ASSIGN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = env
        .call(Method::GET, "/v1/users?q=ali", Some(ASSIGN_TOKEN), None)
        .await;
    assert_eq!(status, 403);
    let (status, rows) = env
        .call(Method::GET, "/v1/audit", Some(READ_TOKEN), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(rows[0]["actor"], "AssetSystem");
    assert_eq!(rows[0]["role"], "integration");
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_uem_that_refuses_check_in_leaves_the_device_where_it_is_and_says_so() {
    use reqwest::Method;
    // UNCERTAIN whether UEM accepts the PATCH back to the staging user: the other answer.
    let env = env_with(|seed| seed.behavior.allow_check_in = false).await;
    let (_, session) = env.sign_in("tess", "Tess-Pass-6").await;
    let token = session["token"].as_str().map(str::to_owned);
    let (status, problem) = env
        .call(
            Method::POST,
            &format!("/v1/devices/{BOBS}/return"),
            token.as_deref(),
            None,
        )
        .await;
    assert_eq!(status, 502, "{problem}");
    assert_eq!(problem["code"], "UEM-SWITCH-REJECTED");
    assert_eq!(env.sim.owner(BOBS).as_deref(), Some("bob"));
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_replicas_on_one_postgresql_send_one_patch_for_twenty_concurrent_requests() {
    let Some(cluster) = pg::cluster() else {
        return; // the harness printed why (and fails instead when fixtures are required)
    };
    let database = cluster.fresh_database().await;
    let env = Arc::new(env_on(|_| {}, Some(database)).await);
    let second = baton_relay::start(env.config.clone()).await.unwrap();
    let urls = [env.relay.url.clone(), second.url.clone()];
    env.sim.clear_requests();
    let device = env.device(STAGED);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let env = Arc::clone(&env);
        let device = device.clone();
        let url = urls[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            let response = env
                .http(Some(&device))
                .post(format!("{url}/v1/handoff"))
                .json(&alice(PASSWORD))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<serde_json::Value>().await.unwrap(),
            )
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 200, "{body}");
        answers.push(body);
    }
    assert_eq!(
        env.sim.count(Route::SwitchUser),
        1,
        "exactly one PATCH across both replicas"
    );
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    // Both replicas wrote to the one audit log.
    let (status, rows) = env
        .call(
            reqwest::Method::GET,
            &format!("/v1/audit?serial={STAGED}"),
            Some(READ_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(rows.as_array().unwrap().len(), 20);
    second.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_outcomes_uem_calls_and_throttled_attempts_without_names() {
    let env = env().await;
    let device = env.device(STAGED);
    for _ in 0..6 {
        env.post(Some(&device), "/v1/handoff", alice("wrong")).await;
    }
    let text = env
        .http(None)
        .get(format!("{}/metrics", env.relay.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "baton_relay_requests_total{route=\"/v1/handoff\",status=\"401\"} 5",
        "baton_relay_requests_total{route=\"/v1/handoff\",status=\"429\"} 1",
        "baton_relay_outcomes_total{action=\"handoff\",outcome=\"refused DIR-049\"} 5",
        "baton_relay_throttled_attempts_total 1",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    env.relay.shutdown().await;
    let env = env_after_switch().await;
    let text = env
        .http(None)
        .get(format!("{}/metrics", env.relay.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            "baton_relay_uem_requests_total{operation=\"switch_enrollment_user\",result=\"ok\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("baton_relay_uem_request_seconds_bucket{le="),
        "{text}"
    );
    assert!(
        text.contains("baton_relay_outcomes_total{action=\"handoff\",outcome=\"switched\"} 1"),
        "{text}"
    );
    for name in [STAGED, "alice", PASSWORD] {
        assert!(!text.contains(name), "{name} in the metrics");
    }
    env.relay.shutdown().await;
}

/// A relay that has just handed the staged Mac to alice.
async fn env_after_switch() -> Env {
    let env = env().await;
    let device = env.device(STAGED);
    let (status, body, _) = env
        .post(Some(&device), "/v1/handoff", alice(PASSWORD))
        .await;
    assert_eq!(status, 200, "{body}");
    env
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_is_served_and_describes_every_route() {
    let env = env().await;
    let doc: serde_json::Value = env
        .http(None)
        .get(format!("{}/v1/openapi.json", env.relay.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let routes = [
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/v1/openapi.json", "get"),
        ("/v1/device", "get"),
        ("/v1/handoff", "post"),
        ("/v1/sessions", "post"),
        ("/v1/sessions", "delete"),
        ("/v1/users", "get"),
        ("/v1/devices", "get"),
        ("/v1/devices/{serial}", "get"),
        ("/v1/devices/{serial}/handoff", "post"),
        ("/v1/devices/{serial}/assign", "post"),
        ("/v1/devices/{serial}/return", "post"),
        ("/v1/registrations", "post"),
        ("/v1/audit", "get"),
    ];
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(
        paths
            .values()
            .map(|p| p.as_object().unwrap().len())
            .sum::<usize>(),
        routes.len(),
        "documented operations: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    for (path, method) in routes {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        for (status, response) in operation["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') && path.starts_with("/v1") {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{method} {path} {status} is not a problem document"
                );
            }
        }
    }
    assert!(doc["components"]["schemas"]["HandedOff"].is_object());
    assert_eq!(
        doc["components"]["schemas"]["CredentialsBody"]["properties"]["password"]["format"],
        "password"
    );
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_over_its_request_rate_is_told_to_wait_and_others_are_served() {
    let env = env_full(
        |_| {},
        None,
        |json| json["ClientRequestsPerSecond"] = 1.into(),
    )
    .await;
    let device = env.device(STAGED);
    let get = |identity| {
        let client = env.http(identity);
        let url = format!("{}/v1/devices/{STAGED}", env.relay.url);
        async move { client.get(url).send().await.unwrap() }
    };
    let own = |identity| {
        let client = env.http(identity);
        let url = format!("{}/v1/device", env.relay.url);
        async move { client.get(url).send().await.unwrap() }
    };
    // A burst of 4 (4 s worth), then 429 with Retry-After and a problem document.
    for _ in 0..4 {
        assert_eq!(own(Some(&device)).await.status(), 200);
    }
    let refused = own(Some(&device)).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    // The kiosk is another client.
    assert_eq!(get(Some(&env.kiosk)).await.status(), 200);
    // The app's client takes it for "busy, try again by itself".
    let error = env.client(STAGED).device(STAGED).await.unwrap_err();
    assert!(error.is_offline(), "{error:?}");
    env.relay.shutdown().await;
}

/// Runs the `baton` CLI of a Mac that holds `serial`'s device certificate and no UEM credential.
fn cli_on_mac(env: &Env, serial: &str, args: &[&str], stdin: &str) -> (u8, serde_json::Value) {
    let cert = env.device(serial);
    let dir = env.dir.path().join(format!("mac-{serial}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("device.pem"), &cert.cert_pem).unwrap();
    std::fs::write(dir.join("device-key.pem"), &cert.key_pem).unwrap();
    let config = dir.join("baton.json");
    std::fs::write(
        &config,
        serde_json::to_vec(&serde_json::json!({
            "RelayURL": env.relay.url,
            "RelayCACertificates": [env.ca.cert_pem()],
            "RelayClientCertificateFile": dir.join("device.pem"),
            "RelayClientKeyFile": dir.join("device-key.pem"),
            "ADDomain": "example.test",
        }))
        .unwrap(),
    )
    .unwrap();
    let mut argv = vec!["baton", "--json", "--config", config.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cli = <baton_core::cli::Cli as clap::Parser>::try_parse_from(argv).unwrap();
    let store = baton_platform::keychain::MemoryStore::new();
    let prefs = baton_platform::app_prefs::PlistDirPreferences::new(dir.join("prefs"));
    let host = baton_core::cli::Host {
        secret_store: Some(&store),
        preferences: Some(&prefs),
        ..baton_core::cli::Host::sandboxed(dir.join("data"), serial)
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = baton_core::cli::run_with(
        &cli,
        cli.command.as_ref().unwrap(),
        &host,
        &mut stdin.as_bytes(),
        &mut out,
        &mut err,
    );
    let doc = serde_json::from_slice(&out).unwrap_or(serde_json::Value::Null);
    (code.code(), doc)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_of_a_mac_without_a_uem_credential_works_through_the_relay_for_this_mac_only() {
    let env = Arc::new(env().await);
    let run = |serial: &'static str, args: &'static [&'static str], stdin: &'static str| {
        let env = Arc::clone(&env);
        tokio::task::spawn_blocking(move || cli_on_mac(&env, serial, args, stdin))
    };
    let (code, doc) = run(STAGED, &["status", "--serial", STAGED], "")
        .await
        .unwrap();
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["staged"], true);
    assert_eq!(doc["relay"], true);
    // Another serial than this Mac's certificate: refused, exit 10, nothing read for it.
    let (code, doc) = run(STAGED, &["status", "--serial", BOBS], "")
        .await
        .unwrap();
    assert_eq!(code, 10, "{doc}");
    let (code, doc) = run(
        STAGED,
        &[
            "assign",
            "--serial",
            BOBS,
            "--user",
            "alice",
            "--password-stdin",
        ],
        "Alice-Pass-1\n",
    )
    .await
    .unwrap();
    assert_eq!(code, 10, "{doc}");
    // Without the person's password a device may not assign: exit 10.
    let (code, doc) = run(
        STAGED,
        &["assign", "--serial", STAGED, "--user", "alice"],
        "",
    )
    .await
    .unwrap();
    assert_eq!(code, 10, "{doc}");
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    // Wrong password: 3; right password: switched, with the Keychain items written on the Mac.
    let (code, doc) = run(
        STAGED,
        &[
            "assign",
            "--serial",
            STAGED,
            "--user",
            "alice",
            "--password-stdin",
        ],
        "wrong\n",
    )
    .await
    .unwrap();
    assert_eq!(code, 3, "{doc}");
    let (code, doc) = run(
        STAGED,
        &[
            "assign",
            "--serial",
            STAGED,
            "--user",
            "alice",
            "--password-stdin",
            "--keychain",
        ],
        "Alice-Pass-1\n",
    )
    .await
    .unwrap();
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["outcome"], "switched");
    assert_eq!(doc["keychain"]["items"][0]["account"], "alice@EXAMPLE.TEST");
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn shutting_down_lets_an_in_flight_hand_off_finish_and_takes_no_new_one() {
    let env = env().await;
    // The PATCH takes 1.5 s: the stop comes while it is in flight.
    env.sim.set_latency(
        Some(Route::SwitchUser),
        std::time::Duration::from_millis(1500),
    );
    let device = env.device(STAGED);
    let url = env.relay.url.clone();
    let (in_flight, late) = (env.http(Some(&device)), env.http(Some(&device)));
    let Env { relay, sim, .. } = env;
    let handoff = async {
        let answer = in_flight
            .post(format!("{url}/v1/handoff"))
            .json(&alice(PASSWORD))
            .send()
            .await
            .unwrap();
        answer
    };
    // The binary exits when shutdown returns: it must wait for the hand-off.
    let stop = async {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        relay.shutdown().await;
        sim.owner(STAGED)
    };
    let newcomer = async {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        late.get(format!("{url}/v1/device")).send().await
    };
    let (answer, owner_when_stopped, refused) = tokio::join!(handoff, stop, newcomer);
    assert_eq!(
        owner_when_stopped.as_deref(),
        Some("alice"),
        "shutdown returned before the in-flight switch was done"
    );
    assert!(
        refused.is_err(),
        "a new request after the stop is not served"
    );
    assert_eq!(answer.status(), 200, "the in-flight hand-off finished");
}

/// Alice's hand-off of `serial` with `password`, through the app's relay client.
async fn alice_hands_off(
    client: &RelayClient,
    serial: &str,
    password: &SecretString,
) -> Result<baton_core::ops::HandedOff, OpsError> {
    let request = HandOffRequest {
        serial,
        username: "alice",
        password,
        by: &Actor::SelfService,
    };
    client.hand_off(request, &|_| {}).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_attempt_leaves_no_typed_username_in_the_audit() {
    // People type their password into the username field: only a verified name is audited.
    const TYPED: &str = "Typed-Into-Username-7";
    let env = env().await;
    let device = env.device(STAGED);
    let body = serde_json::json!({"username": TYPED, "password": "wrong"});
    let (status, _, _) = env.post(Some(&device), "/v1/handoff", body.clone()).await;
    assert_eq!(status, 401);
    let (status, _) = env
        .call(reqwest::Method::POST, "/v1/sessions", None, Some(body))
        .await;
    assert_eq!(status, 401);
    let (status, rows) = env
        .call(reqwest::Method::GET, "/v1/audit", Some(READ_TOKEN), None)
        .await;
    assert_eq!(status, 200);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "both refusals are audited: {rows:?}");
    assert!(
        !serde_json::to_string(rows).unwrap().contains(TYPED),
        "{rows:?}"
    );
    env.relay.shutdown().await;
}

/// A device key held by `ring` that only signs, as a macOS keychain key does (the app's
/// `RelayClientIdentity::Key` path: its own rustls configuration, baton_core::ops::relay_tls).
#[derive(Debug)]
struct SigningOnlyKey(ring::signature::EcdsaKeyPair);

impl ClientKey for SigningOnlyKey {
    fn algorithm(&self) -> KeyAlgorithm {
        KeyAlgorithm::EcdsaP256
    }

    fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, IdentityError> {
        assert_eq!(scheme, SignatureScheme::EcdsaSha256);
        let rng = ring::rand::SystemRandom::new();
        Ok(self.0.sign(&rng, message).unwrap().as_ref().to_vec())
    }
}

/// The relay offers ALPN h2 and http/1.1; the app's client (HTTP/1.1 only) is served all the
/// same with a key that only signs, on a new connection and on the pooled one.
#[tokio::test(flavor = "multi_thread")]
async fn the_apps_client_with_a_keychain_style_key_is_served_by_the_relay() {
    let env = env().await;
    let device = env.device(STAGED);
    let pkcs8 = PrivatePkcs8KeyDer::from_pem_slice(device.key_pem.as_bytes()).unwrap();
    let key = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
        pkcs8.secret_pkcs8_der(),
        &ring::rand::SystemRandom::new(),
    )
    .unwrap();
    let identity = ClientIdentity {
        certificate_chain_der: vec![device.cert_der.clone()],
        key: Box::new(SigningOnlyKey(key)),
    };
    let client = RelayClient::new(RelayClientOptions {
        url: env.relay.url.parse().unwrap(),
        ca_certificates: vec![env.ca.cert_pem().to_owned()],
        identity: Some(RelayClientIdentity::Key(Arc::new(identity))),
        connect_timeout: std::time::Duration::from_secs(5),
        request_timeout: std::time::Duration::from_secs(30),
    })
    .unwrap();
    for _ in 0..2 {
        let state = client
            .device("ignored: the certificate says which")
            .await
            .unwrap();
        assert_eq!(state.serial, STAGED);
        assert!(state.staged && state.enrolled);
    }
}
