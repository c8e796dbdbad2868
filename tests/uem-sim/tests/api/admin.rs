//! The request log and the `/_sim/…` admin API over HTTPS.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uem_sim::Route;

use crate::common::*;

#[tokio::test]
async fn request_log_records_requests_and_redacts_every_secret() {
    let env = Env::start().await;
    let admin = env.sim.seed().basic_admins[0].clone();
    env.get(&format!(
        "/api/mdm/devices?searchby=Serialnumber&id={STAGED_SERIAL}"
    ))
    .await;
    env.http
        .get(env.url("/api/system/info"))
        .basic_auth(&admin.username, Some(&admin.password))
        .header("aw-tenant-code", &admin.tenant_code)
        .send()
        .await
        .unwrap();
    env.switch(STAGED_ID, ALICE_ID).await;

    for log in [
        serde_json::to_value(env.sim.requests()).unwrap(),
        env.admin_json("/_sim/requests").await,
    ] {
        let text = log.to_string();
        for secret in [
            env.token.as_str(),
            CLIENT_SECRET,
            admin.password.as_str(),
            admin.tenant_code.as_str(),
        ] {
            assert!(!text.contains(secret), "a secret reached the log: {text}");
        }
        let entries = log.as_array().unwrap();
        // The token request made by Env::start, then the three calls; no /_sim entries.
        assert_eq!(entries.len(), 4, "{text}");
        assert_eq!(entries[0]["route"], "token");
        let lookup = &entries[1];
        assert_eq!(lookup["method"], "GET");
        assert_eq!(lookup["path"], "/api/mdm/devices");
        assert_eq!(lookup["query"], "searchby=Serialnumber&id=C02DEMO00001");
        assert_eq!(lookup["status"], 200);
        assert_eq!(lookup["principal"], "oauth:baton-demo");
        assert_eq!(lookup["headers"]["authorization"], "Bearer [redacted]");
        assert!(lookup["timestamp"].as_str().unwrap().ends_with('Z'));
        let basic = &entries[2];
        assert_eq!(basic["headers"]["authorization"], "Basic [redacted]");
        assert_eq!(basic["headers"]["aw-tenant-code"], "[redacted]");
        assert_eq!(basic["principal"], format!("basic:{}", admin.username));
        let patch = &entries[3];
        assert_eq!(patch["route"], "switch_user");
        assert_eq!(patch["api_version"], 2);
        assert_eq!(patch["headers"]["accept"], V2);
    }

    env.sim.clear_requests();
    assert!(env.sim.requests().is_empty());
}

#[tokio::test]
async fn admin_api_sets_and_lists_faults() {
    let env = Env::start().await;
    let response = env
        .http
        .post(env.url("/_sim/faults"))
        .json(&json!({"route": "user_search", "kind": "status", "status": 500, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let listed: Value = env.admin_json("/_sim/faults").await;
    assert_eq!(listed[0]["route"], "user_search");
    assert_eq!(listed[0]["times"], 1);

    let search = "/api/system/users/search?username=bob";
    assert_eq!(
        env.get(search).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(env.get(search).await.status(), StatusCode::OK);

    env.http
        .put(env.url("/_sim/faults"))
        .json(&json!([{"route": "system_info", "kind": "hang"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(env.sim.faults().len(), 1);
    assert_eq!(env.sim.faults()[0].route, Some(Route::SystemInfo));
    let cleared = env
        .http
        .delete(env.url("/_sim/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert!(env.sim.faults().is_empty());

    let bad = env
        .http
        .post(env.url("/_sim/faults"))
        .json(&json!({"route": "nowhere", "kind": "hang"}))
        .send()
        .await
        .unwrap();
    assert!(bad.status().is_client_error());
}

#[tokio::test]
async fn admin_api_sets_latency_and_quota() {
    let env = Env::start().await;
    env.http
        .put(env.url("/_sim/latency"))
        .json(&json!({"route": "system_info", "ms": 250}))
        .send()
        .await
        .unwrap();
    let latency: Value = env.admin_json("/_sim/latency").await;
    assert_eq!(
        latency,
        json!({"global_ms": 0, "per_route_ms": {"system_info": 250}})
    );
    let started = std::time::Instant::now();
    env.get("/api/system/info").await;
    assert!(started.elapsed() >= Duration::from_millis(250));

    let response = env
        .http
        .put(env.url("/_sim/ratelimit"))
        .json(&json!({"limit": 1, "retry_after_secs": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        env.get("/api/mdm/devices/2001").await.status(),
        StatusCode::OK
    );
    let refused = env.get("/api/mdm/devices/2001").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&refused, "retry-after"), Some("5"));
    let quota: Value = env.admin_json("/_sim/ratelimit").await;
    assert_eq!(quota["config"]["limit"], 1);
    assert_eq!(quota["current"]["remaining"], 0);
}

#[tokio::test]
async fn admin_api_state_reset_commands_and_tokens() {
    let env = Env::start().await;
    env.switch(STAGED_ID, ALICE_ID).await;
    env.api(
        Method::POST,
        &format!("/api/mdm/devices/{STAGED_ID}/commands?command=SyncDevice"),
    )
    .send()
    .await
    .unwrap();

    let state: Value = env.admin_json("/_sim/state").await;
    let staged = state["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["serial_number"] == STAGED_SERIAL)
        .unwrap();
    assert_eq!(staged["user"], "alice");
    // The state is a valid seed again.
    uem_sim::Seed::from_json(&state.to_string()).unwrap();

    let commands: Value = env.admin_json("/_sim/commands").await;
    assert_eq!(commands[0]["command"], "SyncDevice");

    let reset = env.http.post(env.url("/_sim/reset")).send().await.unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
    assert!(env.sim.commands().is_empty());

    env.http
        .post(env.url("/_sim/tokens/expire"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        env.get("/api/system/info").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn admin_api_serves_the_baton_config_and_the_ca() {
    let env = Env::start().await;
    let config: Value = env.admin_json("/_sim/config").await;
    assert_eq!(config, env.sim.baton_config());
    assert_eq!(config["UEMAPIURL"], env.sim.base_url());
    let pem = env
        .http
        .get(env.url("/_sim/ca.pem"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(pem, env.sim.ca_pem());
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let env = Env::start().await;
    let base = env.sim.base_url().to_string();
    let http = env.http.clone();
    env.sim.shutdown().await;
    let error = http
        .get(format!("{base}/api/system/info"))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect() || error.is_request(), "{error:?}");
}
