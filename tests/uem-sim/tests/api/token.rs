//! The token endpoint and API authentication.

use std::time::Duration;

use reqwest::{header, StatusCode};
use serde_json::Value;
use uem_sim::{Seed, SimOptions};

use crate::common::*;

#[tokio::test]
async fn form_credentials_get_a_bearer_token_that_opens_the_api() {
    let env = Env::start().await;
    let response = env.request_token().await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    assert!(token.len() >= 32);

    let device = env
        .http
        .get(env.url("/api/mdm/devices/2001"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(device.status(), StatusCode::OK);
}

#[tokio::test]
async fn basic_client_credentials_get_a_token() {
    let env = Env::start().await;
    let response = env
        .http
        .post(env.sim.token_url())
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
}

#[tokio::test]
async fn bad_client_credentials_are_401_invalid_client() {
    let env = Env::start().await;
    let in_form = env
        .http
        .post(env.sim.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(in_form.status(), StatusCode::UNAUTHORIZED);
    let body: Value = in_form.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");

    let as_basic = env
        .http
        .post(env.sim.token_url())
        .basic_auth("someone-else", Some(CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(as_basic.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_errors_for_wrong_grant_or_content_type() {
    let env = Env::start().await;
    let wrong_grant = env
        .http
        .post(env.sim.token_url())
        .form(&[("grant_type", "password"), ("client_id", CLIENT_ID)])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_grant.status(), StatusCode::BAD_REQUEST);
    let body: Value = wrong_grant.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");

    let json_body = env
        .http
        .post(env.sim.token_url())
        .json(&serde_json::json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn token_error_status_follows_the_seed() {
    let mut seed = Seed::demo();
    seed.behavior.token_error_status = 400;
    let env = Env::start_with(seed, SimOptions::default()).await;
    let response = env
        .http
        .post(env.sim.token_url())
        .basic_auth(CLIENT_ID, Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn configured_lifetime_is_reported_and_enforced() {
    let mut seed = Seed::demo();
    seed.behavior.token_expires_in_secs = 1;
    let env = Env::start_with(seed, SimOptions::default()).await;
    assert_eq!(env.get("/api/system/info").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let expired = env.get("/api/system/info").await;
    let body = error_object(expired, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["errorCode"], 1005);
}

#[tokio::test]
async fn bad_or_missing_credentials_on_the_api_are_401_errorcode_1005() {
    let env = Env::start().await;
    let bad_bearer = env
        .http
        .get(env.url("/api/system/info"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    let body = error_object(bad_bearer, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["errorCode"], 1005);

    let none = env
        .http
        .get(env.url("/api/system/info"))
        .send()
        .await
        .unwrap();
    let body = error_object(none, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["errorCode"], 1005);
}

#[tokio::test]
async fn bearer_needs_no_tenant_code_but_basic_does() {
    let env = Env::start().await;
    let admin = env.sim.seed().basic_admins[0].clone();
    let with_code = env
        .http
        .get(env.url("/api/system/info"))
        .basic_auth(&admin.username, Some(&admin.password))
        .header("aw-tenant-code", &admin.tenant_code)
        .send()
        .await
        .unwrap();
    assert_eq!(with_code.status(), StatusCode::OK);

    let without_code = env
        .http
        .get(env.url("/api/system/info"))
        .basic_auth(&admin.username, Some(&admin.password))
        .send()
        .await
        .unwrap();
    let body = error_object(without_code, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["errorCode"], 1005);
    let message = body["message"].as_str().unwrap();
    assert!(message.ends_with(&format!("user not found : {}", admin.username)));
    assert!(!message.contains(&admin.password));

    // The bearer request carries no aw-tenant-code at all.
    let bearer = env.get("/api/system/info").await;
    assert_eq!(bearer.status(), StatusCode::OK);
    assert!(bearer.headers().get(header::WWW_AUTHENTICATE).is_none());
}

#[tokio::test]
async fn expired_tokens_are_refused_until_a_new_one_is_fetched() {
    let mut env = Env::start().await;
    env.sim.expire_tokens();
    assert_eq!(
        env.get("/api/system/info").await.status(),
        StatusCode::UNAUTHORIZED
    );
    env.token = env.fetch_token().await;
    assert_eq!(env.get("/api/system/info").await.status(), StatusCode::OK);
}
