//! The switch from the staging user: `PATCH /api/mdm/devices/{id}/enrollmentuser/{userId}`.

use reqwest::{Method, StatusCode};
use uem_sim::{Seed, SimOptions};

use crate::common::*;

#[tokio::test]
async fn patch_v2_answers_200_empty_and_moves_the_device() {
    let env = Env::start().await;
    let response = env.switch(STAGED_ID, ALICE_ID).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-length"), Some("0"));
    assert!(response.headers().get("content-type").is_none());
    assert_eq!(header(&response, "x-api-version"), Some("v2"));
    assert_eq!(header(&response, "api-supported-versions"), Some("2"));
    assert!(response.bytes().await.unwrap().is_empty());

    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
    let device = env.device_json(STAGED_SERIAL).await;
    let alice = env.sim.user_by_username("alice").unwrap();
    assert_eq!(device["UserName"], "alice");
    assert_eq!(device["UserId"]["Id"]["Value"], ALICE_ID);
    assert_eq!(device["UserEmailAddress"], "alice@example.test");
    assert_eq!(device["EnrollmentUserUuid"], alice.uuid.as_str());
}

#[tokio::test]
async fn patch_without_version_2_is_refused_and_changes_nothing() {
    let env = Env::start().await;
    for accept in ["application/json", "application/json;version=1"] {
        let response = env
            .api_with(
                &env.http,
                Method::PATCH,
                &Env::switch_path(STAGED_ID, ALICE_ID),
                accept,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(header(&response, "api-supported-versions"), Some("2"));
        let body = error_object(response, StatusCode::BAD_REQUEST).await;
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("API version '1'"));
    }
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn unsupported_version_status_follows_the_seed() {
    let mut seed = Seed::demo();
    seed.behavior.unsupported_version_status = 404;
    let env = Env::start_with(seed, SimOptions::default()).await;
    let response = env
        .api(Method::PATCH, &Env::switch_path(STAGED_ID, ALICE_ID))
        .send()
        .await
        .unwrap();
    error_object(response, StatusCode::NOT_FOUND).await;
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn patch_on_a_device_not_on_a_staging_user_is_400() {
    let env = Env::start().await;
    let response = env.switch(BOBS_DEVICE_ID, ALICE_ID).await;
    error_object(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(env.device_user("C02DEMO00002").as_deref(), Some("bob"));
}

#[tokio::test]
async fn a_second_switch_is_refused_because_the_device_left_staging() {
    let env = Env::start().await;
    assert_eq!(
        env.switch(STAGED_ID, ALICE_ID).await.status(),
        StatusCode::OK
    );
    let again = env.switch(STAGED_ID, 1003).await;
    error_object(again, StatusCode::BAD_REQUEST).await;
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
}

#[tokio::test]
async fn patch_on_unenrolled_device_or_to_inactive_user_is_400() {
    let env = Env::start().await;
    error_object(env.switch(2003, ALICE_ID).await, StatusCode::BAD_REQUEST).await;
    error_object(env.switch(STAGED_ID, 1005).await, StatusCode::BAD_REQUEST).await;
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn patch_unknown_device_or_user_is_404() {
    let env = Env::start().await;
    error_object(env.switch(99999, ALICE_ID).await, StatusCode::NOT_FOUND).await;
    error_object(env.switch(STAGED_ID, 99999).await, StatusCode::NOT_FOUND).await;
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
}

#[tokio::test]
async fn reset_puts_the_device_back_on_the_staging_user() {
    let env = Env::start().await;
    assert_eq!(
        env.switch(STAGED_ID, ALICE_ID).await.status(),
        StatusCode::OK
    );
    env.sim.reset();
    assert_eq!(env.device_user(STAGED_SERIAL).as_deref(), Some("staging"));
    assert_eq!(
        env.switch(STAGED_ID, ALICE_ID).await.status(),
        StatusCode::OK
    );
}
