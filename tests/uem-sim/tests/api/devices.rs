//! Device lookups, headers, prefixes and version fallback.

use reqwest::{header, Method, StatusCode};
use serde_json::Value;
use uem_sim::{Seed, SimOptions};

use crate::common::*;

#[tokio::test]
async fn device_by_serial_is_one_pascal_case_device_with_uem_headers() {
    let env = Env::start().await;
    let response = env
        .get(&format!(
            "/api/mdm/devices?searchby=Serialnumber&id={STAGED_SERIAL}"
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(header(&response, "x-api-version"), Some("v1"));
    assert_eq!(header(&response, "api-supported-versions"), Some("1"));
    assert_eq!(header(&response, "x-ratelimit-limit"), Some("50000"));
    assert!(header(&response, "x-ratelimit-remaining").is_some());
    assert!(header(&response, "x-ratelimit-reset").is_some());
    assert_eq!(header(&response, "x-correlation-id").unwrap().len(), 36);

    let device: Value = response.json().await.unwrap();
    assert!(device.is_object(), "a single object, not a list");
    assert_eq!(device["Id"]["Value"], STAGED_ID);
    assert_eq!(device["SerialNumber"], STAGED_SERIAL);
    assert_eq!(device["UserName"], "staging");
    assert_eq!(device["UserId"]["Id"]["Value"], 1001);
    assert_eq!(device["UserId"]["Name"], "staging");
    let staging = env.sim.user_by_username("staging").unwrap();
    assert_eq!(device["UserId"]["Uuid"], staging.uuid.as_str());
    assert_eq!(device["EnrollmentUserUuid"], staging.uuid.as_str());
    assert_eq!(device["EnrollmentStatus"], "Enrolled");
    assert_eq!(device["Platform"], "AppleOsX");
    assert_eq!(device["LocationGroupId"]["Id"]["Value"], 570);
    assert!(device["Uuid"].is_string());
    assert!(device["Udid"].is_string());
}

#[tokio::test]
async fn searchby_name_and_value_are_case_insensitive() {
    let env = Env::start().await;
    for query in [
        "searchBy=SerialNumber&id=C02DEMO00001",
        "SEARCHBY=SERIALNUMBER&ID=C02DEMO00001",
        "searchby=serialnumber&id=c02demo00001",
        "searchby=Udid&id=0A1B2C3D4E5F60718293A4B5C6D7E8F9",
        "searchby=Macaddress&id=3C0630A1B2C4",
        "searchby=DeviceId&id=2002",
    ] {
        let response = env.get(&format!("/api/mdm/devices?{query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
    }
    let by_mac: Value = env
        .get("/api/mdm/devices?searchby=macaddress&id=3C0630A1B2C4")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_mac["SerialNumber"], "C02DEMO00004");
}

#[tokio::test]
async fn unknown_serial_is_404_with_an_error_object() {
    let env = Env::start().await;
    let response = env
        .get("/api/mdm/devices?searchby=Serialnumber&id=NOPE00000000")
        .await;
    assert!(header(&response, "x-correlation-id").is_some());
    error_object(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn bad_searchby_is_400() {
    let env = Env::start().await;
    let response = env.get("/api/mdm/devices?searchby=Colour&id=red").await;
    error_object(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn device_by_numeric_id_and_by_udid() {
    let env = Env::start().await;
    let bob: Value = env.get("/api/mdm/devices/2002").await.json().await.unwrap();
    assert_eq!(bob["UserName"], "bob");
    assert_eq!(bob["UserEmailAddress"], "bob@example.test");

    let udid = env.sim.device(STAGED_ID).unwrap().udid;
    let staged: Value = env
        .get(&format!("/api/mdm/devices/udid/{}", udid.to_lowercase()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(staged["Id"]["Value"], STAGED_ID);

    error_object(
        env.get("/api/mdm/devices/99999").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error_object(
        env.get("/api/mdm/devices/udid/FFFF").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn upper_case_api_prefix_and_url_version_work() {
    let env = Env::start().await;
    let response = env
        .get("/API/mdm/devices?searchby=Serialnumber&id=C02DEMO00001")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["Id"]["Value"], STAGED_ID);
    assert_eq!(
        env.get("/API/v1/system/info").await.status(),
        StatusCode::OK
    );
    // The request log keeps the path as it was sent.
    assert!(env
        .sim
        .requests()
        .iter()
        .any(|r| r.path == "/API/mdm/devices"));
}

#[tokio::test]
async fn unenrolled_device_is_returned_with_its_status_and_no_user() {
    let env = Env::start().await;
    let device = env.device_json("C02DEMO00003").await;
    assert_eq!(device["EnrollmentStatus"], "Unenrolled");
    assert_eq!(device["UserName"], "");
    assert_eq!(device["UserId"], serde_json::json!({}));
}

#[tokio::test]
async fn a_higher_version_than_supported_is_served_as_the_highest() {
    let env = Env::start().await;
    let response = env
        .api_with(
            &env.http,
            Method::GET,
            "/api/mdm/devices/2001",
            "application/json;version=3",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "x-api-version"), Some("v1"));
    assert_eq!(header(&response, "api-supported-versions"), Some("1"));
}

#[tokio::test]
async fn platform_string_comes_from_the_seed() {
    let mut seed = Seed::demo();
    seed.devices[0].platform = "macOS".into();
    let env = Env::start_with(seed, SimOptions::default()).await;
    let device = env.device_json(STAGED_SERIAL).await;
    assert_eq!(device["Platform"], "macOS");
}

#[tokio::test]
async fn unknown_api_path_is_404_and_http2_is_offered() {
    let env = Env::start().await;
    let response = env.get("/api/mdm/unknown").await;
    error_object(response, StatusCode::NOT_FOUND).await;
    // ALPN settles on HTTP/2 when the build gives reqwest its `http2` feature and on HTTP/1.1
    // otherwise (baton-core's client speaks HTTP/1.1 only); the simulator must serve both.
    let response = env.get("/api/system/info").await;
    assert!(
        [reqwest::Version::HTTP_11, reqwest::Version::HTTP_2].contains(&response.version()),
        "{:?}",
        response.version()
    );
    assert!(response.headers().get(header::CONTENT_TYPE).is_some());
}

#[tokio::test]
async fn device_search_lists_matches_and_answers_204_for_none() {
    let env = Env::start().await;
    let response = env
        .api_with(
            &env.http,
            Method::GET,
            "/api/mdm/devices/search?user=STAGING",
            "application/json;version=2",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "x-api-version"), Some("v2"));
    assert_eq!(header(&response, "api-supported-versions"), Some("1, 2"));
    let body: Value = response.json().await.unwrap();
    let ids: Vec<i64> = body["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["Id"]["Value"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [2001, 2004]);
    assert_eq!(body["Total"], 2);

    let none = env.get("/api/mdm/devices/search?user=nobody").await;
    assert_eq!(none.status(), StatusCode::NO_CONTENT);
    assert!(none.headers().get(header::CONTENT_TYPE).is_none());
    let past_end = env.get("/api/mdm/devices/search?page=1&pagesize=500").await;
    assert_eq!(past_end.status(), StatusCode::NO_CONTENT);
}
