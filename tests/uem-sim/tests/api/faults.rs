//! Fault injection and latency.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::Value;
use uem_sim::{Fault, FaultRule, Route, Seed, SimOptions};

use crate::common::*;

const LOOKUP: &str = "/api/mdm/devices?searchby=Serialnumber&id=C02DEMO00001";

fn short_client(env: &Env) -> reqwest::Client {
    client(env.sim.ca_pem(), Duration::from_millis(600))
}

async fn patch_with(env: &Env, http: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    env.api_with(
        http,
        Method::PATCH,
        &Env::switch_path(STAGED_ID, ALICE_ID),
        V2,
    )
    .send()
    .await
}

fn last_record(env: &Env, route: Route) -> uem_sim::RequestRecord {
    env.sim
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.route == route)
        .unwrap()
}

#[tokio::test]
async fn one_shot_status_fault_with_error_object_then_normal_again() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::DeviceLookup, Fault::status(503).times(1));
    let faulted = env.get(LOOKUP).await;
    assert!(header(&faulted, "x-correlation-id").is_some());
    let body = error_object(faulted, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(body["errorCode"], 503);
    assert_eq!(env.get(LOOKUP).await.status(), StatusCode::OK);
    assert!(env.sim.faults().is_empty());
    assert_eq!(
        last_record(&env, Route::DeviceLookup).fault,
        None,
        "the second request was not faulted"
    );
}

#[tokio::test]
async fn permanent_html_fault_until_cleared() {
    let env = Env::start().await;
    env.sim.set_fault(Route::UserSearch, Fault::html(502));
    for _ in 0..2 {
        let response = env.get("/api/system/users/search?username=alice").await;
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(
            header(&response, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(response.headers().get("x-api-version").is_none());
        let text = response.text().await.unwrap();
        assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
    }
    env.sim.clear_faults();
    let response = env.get("/api/system/users/search?username=alice").await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn truncated_json_keeps_framing_but_does_not_parse() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::DeviceLookup, Fault::truncated_json().times(1));
    let response = env.get(LOOKUP).await;
    assert_eq!(response.status(), StatusCode::OK);
    let length: usize = header(&response, "content-length")
        .unwrap()
        .parse()
        .unwrap();
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len(), length);
    assert!(body.len() > 10);
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert_eq!(
        last_record(&env, Route::DeviceLookup).fault.as_deref(),
        Some("truncated_json")
    );
}

#[tokio::test]
async fn oversize_body_is_streamed_without_a_length() {
    let env = Env::start().await;
    let size = 3 * 1024 * 1024 + 7;
    env.sim
        .set_fault(Route::DeviceLookup, Fault::oversize(size).times(1));
    let response = env.get(LOOKUP).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-length").is_none());
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len() as u64, size);
}

#[tokio::test]
async fn reset_closes_the_connection_without_an_answer() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::DeviceLookup, Fault::reset().times(1));
    let error = env.api(Method::GET, LOOKUP).send().await.unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert!(error.is_request() || error.is_connect(), "{error:?}");
    let record = last_record(&env, Route::DeviceLookup);
    assert_eq!(record.status, None);
    assert_eq!(record.fault.as_deref(), Some("reset"));
    // The next request, on a new connection, works.
    assert_eq!(env.get(LOOKUP).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn hang_never_answers() {
    let env = Env::start().await;
    env.sim.set_fault(Route::DeviceLookup, Fault::hang());
    let short = short_client(&env);
    let error = env
        .api_with(&short, Method::GET, LOOKUP, "application/json")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let record = last_record(&env, Route::DeviceLookup);
    assert_eq!(
        (record.status, record.fault.as_deref()),
        (None, Some("hang"))
    );
}

#[tokio::test]
async fn hang_before_the_patch_leaves_the_device_staged() {
    let env = Env::start().await;
    env.sim.set_fault(Route::SwitchUser, Fault::hang().times(1));
    let error = patch_with(&env, &short_client(&env)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn hang_after_the_patch_applied_it_anyway() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::SwitchUser, Fault::hang().after_handler().times(1));
    let error = patch_with(&env, &short_client(&env)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
    assert_eq!(
        last_record(&env, Route::SwitchUser).fault.as_deref(),
        Some("hang after handler")
    );
}

#[tokio::test]
async fn reset_before_the_patch_leaves_the_device_staged() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::SwitchUser, Fault::reset().times(1));
    let error = patch_with(&env, &env.http).await.unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn reset_after_the_patch_applied_it_anyway() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::SwitchUser, Fault::reset().after_handler().times(1));
    let error = patch_with(&env, &env.http).await.unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
    // Exactly one PATCH arrived: nothing retried it.
    let patches = env
        .sim
        .requests()
        .iter()
        .filter(|r| r.route == Route::SwitchUser)
        .count();
    assert_eq!(patches, 1);
}

#[tokio::test]
async fn server_error_after_the_patch_applied_it_anyway() {
    let env = Env::start().await;
    env.sim.set_fault(
        Route::SwitchUser,
        Fault::status(500).after_handler().times(1),
    );
    let response = patch_with(&env, &env.http).await.unwrap();
    error_object(response, StatusCode::INTERNAL_SERVER_ERROR).await;
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
}

#[tokio::test]
async fn empty_body_fault_and_any_route_rule() {
    let env = Env::start().await;
    env.sim.add_fault(FaultRule {
        route: None,
        fault: Fault::empty(503).times(1),
    });
    let response = env.request_token().await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.bytes().await.unwrap().is_empty());
    env.fetch_token().await;
}

#[tokio::test]
async fn route_latency_delays_only_that_route() {
    let env = Env::start().await;
    env.sim
        .set_latency(Some(Route::DeviceLookup), Duration::from_millis(600));
    let started = Instant::now();
    assert_eq!(env.get(LOOKUP).await.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(600));

    env.sim
        .set_latency(Some(Route::DeviceLookup), Duration::ZERO);
    let started = Instant::now();
    env.get(LOOKUP).await;
    assert!(started.elapsed() < Duration::from_millis(600));
}

#[tokio::test]
async fn global_latency_from_the_options_delays_everything() {
    let options = SimOptions {
        latency: Duration::from_millis(300),
        ..SimOptions::default()
    };
    let started = Instant::now();
    let env = Env::start_with(Seed::demo(), options).await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the token request"
    );
    let started = Instant::now();
    env.get("/api/system/info").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn truncated_fault_on_an_empty_answer_still_sends_broken_json() {
    let env = Env::start().await;
    env.sim
        .set_fault(Route::UserSearch, Fault::truncated_json().times(1));
    let response = env.get("/api/system/users/search?username=nobody").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    assert!(!body.is_empty());
    assert!(serde_json::from_slice::<Value>(&body).is_err());
}
