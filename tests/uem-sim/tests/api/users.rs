//! User search, user by id, adduser, system info.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;

fn names(body: &Value) -> Vec<String> {
    body["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["UserName"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn username_search_returns_several_case_insensitive_substring_matches() {
    let env = Env::start().await;
    let response = env.get("/api/system/users/search?username=ALI").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(names(&body), ["alice", "alicia"]);
    assert_eq!(body["Total"], 2);
    assert_eq!(body["Page"], 0);
    assert_eq!(body["PageSize"], 500);
    let alice = &body["Users"][0];
    assert_eq!(alice["Id"]["Value"], ALICE_ID);
    assert_eq!(alice["Email"], "alice@example.test");
    assert_eq!(alice["FirstName"], "Alice");
    assert_eq!(alice["LastName"], "Adams");
    assert_eq!(alice["SecurityType"], 1);
    assert_eq!(alice["Status"], true);
    assert!(alice["Uuid"].is_string());
    assert_eq!(alice["LocationGroupId"], "570");
}

#[tokio::test]
async fn search_without_a_match_is_204_with_no_body_and_no_content_type() {
    let env = Env::start().await;
    let response = env.get("/api/system/users/search?username=nobody").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().get("content-type").is_none());
    assert!(header(&response, "x-ratelimit-remaining").is_some());
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn search_pages_and_other_filters() {
    let env = Env::start().await;
    let second: Value = env
        .get("/api/system/users/search?username=ali&pagesize=1&page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&second), ["alicia"]);
    assert_eq!(second["Total"], 2);
    let past_the_end = env
        .get("/api/system/users/search?username=ali&pagesize=1&page=2")
        .await;
    assert_eq!(past_the_end.status(), StatusCode::NO_CONTENT);
    let by_email: Value = env
        .get("/api/system/users/search?email=bob@example.test")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&by_email), ["bob"]);
    let staging: Value = env
        .get("/api/system/users/search?username=staging")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(staging["Users"][0]["DeviceStagingEnabled"], true);
    assert_eq!(staging["Users"][0]["EnrolledDevicesCount"], "2");
}

#[tokio::test]
async fn user_by_id() {
    let env = Env::start().await;
    let alice: Value = env
        .get(&format!("/api/system/users/{ALICE_ID}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(alice["UserName"], "alice");
    error_object(
        env.get("/api/system/users/424242").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn adduser_creates_a_user_that_search_then_finds() {
    let env = Env::start().await;
    let response = env
        .api(Method::POST, "/api/system/users/adduser")
        .json(&json!({
            "UserName": "dave",
            "Password": "dave-initial-password",
            "FirstName": "Dave",
            "LastName": "Doe",
            "Email": "dave@example.test",
            "SecurityType": 2,
            "Status": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let created: Value = response.json().await.unwrap();
    let id = created["Value"].as_i64().unwrap();
    assert!(created["uuid"].is_string());

    let found: Value = env
        .get("/api/system/users/search?username=dave")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["Users"][0]["Id"]["Value"], id);
    assert_eq!(found["Users"][0]["SecurityType"], 2);
    // The password is never kept.
    let state = serde_json::to_string(&env.sim.state()).unwrap();
    assert!(state.contains("dave@example.test"));
    assert!(!state.contains("dave-initial-password"));

    let again = env
        .api(Method::POST, "/api/system/users/adduser")
        .json(&json!({"UserName": "DAVE"}))
        .send()
        .await
        .unwrap();
    error_object(again, StatusCode::BAD_REQUEST).await;
    let nameless = env
        .api(Method::POST, "/api/system/users/adduser")
        .json(&json!({"FirstName": "X"}))
        .send()
        .await
        .unwrap();
    error_object(nameless, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn system_info_reports_product_version_and_build() {
    let env = Env::start().await;
    let info: Value = env.get("/api/system/info").await.json().await.unwrap();
    assert_eq!(info["ProductVersion"], "24.10.0.0");
    assert_eq!(info["BuildNumber"], "24.10.0.0");
}

#[tokio::test]
async fn a_technician_finds_people_by_partial_first_or_last_name() {
    let env = Env::start().await;
    let by_first: Value = env
        .get("/api/system/users/search?firstname=LIC")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&by_first), ["alice", "alicia"]);
    let by_last: Value = env
        .get("/api/system/users/search?lastname=alv")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&by_last), ["alicia"]);
    // Filters combine: every one given must match.
    let both: Value = env
        .get("/api/system/users/search?firstname=ali&lastname=ada")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&both), ["alice"]);
    let by_email: Value = env
        .get("/api/system/users/search?email=EXAMPLE.TEST&pagesize=2&page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_email["Total"], 5);
    assert_eq!(by_email["PageSize"], 2);
    assert_eq!(names(&by_email), ["bob", "alicia"]);
    let none = env
        .get("/api/system/users/search?firstname=ali&lastname=brown")
        .await;
    assert_eq!(none.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn status_filters_active_or_inactive_users() {
    let env = Env::start().await;
    let inactive: Value = env
        .get("/api/system/users/search?status=Inactive")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&inactive), ["carol"]);
    let active: Value = env
        .get("/api/system/users/search?status=active&username=c")
        .await
        .json()
        .await
        .unwrap();
    assert!(!names(&active).contains(&"carol".to_string()));
}

#[tokio::test]
async fn a_users_devices_are_counted_and_listed() {
    let env = Env::start().await;
    let bob: Value = env
        .get("/api/system/users/search?username=bob")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bob["Users"][0]["EnrolledDevicesCount"], "1");
    let devices: Value = env
        .get("/api/mdm/devices/search?user=bob")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(devices["Total"], 1);
    assert_eq!(devices["Devices"][0]["SerialNumber"], "C02DEMO00002");
    assert!(devices["Page"].is_u64() && devices["PageSize"].is_u64());
    // After a switch alice has one too.
    env.switch(STAGED_ID, ALICE_ID).await;
    let alice: Value = env
        .get(&format!("/api/system/users/{ALICE_ID}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(alice["EnrolledDevicesCount"], "1");
}
