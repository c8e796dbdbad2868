//! Device notes and the device event log.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uem_sim::{EventData, EventLogEntry, Seed, SimOptions};

use crate::common::*;

async fn post_note(env: &Env, path: &str, body: Value) -> reqwest::Response {
    env.api(Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_note_is_written_listed_and_visible_to_the_admin_api() {
    let env = Env::start().await;
    let path = format!("/api/mdm/devices/{STAGED_ID}/notes");
    // No notes yet: 204 by default (behavior.empty_list_status).
    assert_eq!(env.get(&path).await.status(), StatusCode::NO_CONTENT);

    let created = post_note(
        &env,
        &path,
        json!({"DeviceId": STAGED_ID, "Note": "Checked out to alice by kiosk desk-1"}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(header(&created, "x-api-version"), Some("v1"));
    let entity: Value = created.json().await.unwrap();
    let note_id = entity["Value"].as_i64().unwrap();

    let second = post_note(&env, &path, json!({"Note": "second"})).await;
    assert_eq!(second.status(), StatusCode::OK);

    let response = env.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["DeviceId"], STAGED_ID);
    assert_eq!(body["Total"], 2);
    assert_eq!(body["Page"], 0);
    assert_eq!(body["PageSize"], 500);
    let first = &body["DeviceNotes"][0];
    assert_eq!(first["Id"], note_id);
    assert_eq!(first["DeviceId"], STAGED_ID);
    assert_eq!(first["Note"], "Checked out to alice by kiosk desk-1");
    assert!(first["CreatedOn"].as_str().unwrap().len() >= 19);
    assert_eq!(first["CreatedOn"], first["ModifiedOn"]);
    assert_eq!(body["DeviceNotes"][1]["Note"], "second");

    let paged: Value = env
        .get(&format!("{path}?page=1&pagesize=1"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paged["DeviceNotes"][0]["Note"], "second");
    assert_eq!(paged["Total"], 2);

    // The same list by alternate id, and the admin view.
    let by_serial: Value = env
        .get(&format!(
            "/api/mdm/devices/notes?searchBy=Serialnumber&id={STAGED_SERIAL}"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_serial, body);
    let admin = env
        .admin_json(&format!("/_sim/devices/{STAGED_SERIAL}/notes"))
        .await;
    assert_eq!(admin[0]["note"], "Checked out to alice by kiosk desk-1");
    assert_eq!(admin[0]["id"], note_id);
    assert_eq!(env.sim.notes(STAGED_SERIAL).len(), 2);
    // Only on that device.
    assert!(env.sim.notes("C02DEMO00002").is_empty());

    // Reset drops them (the seed has none).
    env.sim.reset();
    assert!(env.sim.notes(STAGED_SERIAL).is_empty());
}

#[tokio::test]
async fn note_errors_unknown_device_and_bad_bodies() {
    let env = Env::start().await;
    for path in [
        "/api/mdm/devices/99999/notes",
        "/api/mdm/devices/notes?searchBy=Serialnumber&id=NOPE",
    ] {
        error_object(env.get(path).await, StatusCode::NOT_FOUND).await;
        let post = post_note(&env, path, json!({"Note": "x"})).await;
        error_object(post, StatusCode::NOT_FOUND).await;
    }
    let path = format!("/api/mdm/devices/{STAGED_ID}/notes");
    for body in [
        json!({"DeviceId": STAGED_ID}),
        json!({"Note": "   "}),
        json!({"DeviceId": BOBS_DEVICE_ID, "Note": "wrong device"}),
        json!("not an object"),
    ] {
        let response = post_note(&env, &path, body.clone()).await;
        error_object(response, StatusCode::BAD_REQUEST).await;
    }
    let no_searchby = env.get("/api/mdm/devices/notes?id=C02DEMO00001").await;
    error_object(no_searchby, StatusCode::BAD_REQUEST).await;
    assert!(env.sim.notes(STAGED_SERIAL).is_empty());
    // Request log: these went to the device_notes route.
    assert!(env
        .sim
        .requests()
        .iter()
        .any(|r| r.route == uem_sim::Route::DeviceNotes));
}

#[tokio::test]
async fn the_other_answers_201_and_an_empty_200_list_are_selectable() {
    let mut seed = Seed::demo();
    seed.behavior.note_created_status = 201;
    seed.behavior.empty_list_status = 200;
    let env = Env::start_with(seed, SimOptions::default()).await;
    let path = format!("/api/mdm/devices/{STAGED_ID}/notes");
    let empty: Value = env.get(&path).await.json().await.unwrap();
    assert_eq!(
        empty,
        json!({"DeviceId": STAGED_ID, "DeviceNotes": [], "Page": 0, "PageSize": 500, "Total": 0})
    );
    let created = post_note(&env, &path, json!({"Note": "n"})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let log: Value = env
        .get(&format!("/api/mdm/devices/{STAGED_ID}/eventlog"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["DeviceEventLogEntries"], json!([]));
    assert_eq!(log["Total"], 0);
}

fn entries(body: &Value) -> &Vec<Value> {
    body["DeviceEventLogEntries"].as_array().unwrap()
}

#[tokio::test]
async fn the_switch_writes_an_event_log_entry_newest_first() {
    let mut seed = Seed::demo();
    seed.devices[0].event_log.push(EventLogEntry {
        id: 0,
        uuid: String::new(),
        severity: "Information".into(),
        timestamp: "2024-01-01T09:00:00.000".into(),
        source: "Device".into(),
        event: "Device enrolled".into(),
        admin_account: String::new(),
        event_data: vec![],
    });
    let env = Env::start_with(seed, SimOptions::default()).await;
    assert_eq!(
        env.switch(STAGED_ID, ALICE_ID).await.status(),
        StatusCode::OK
    );

    let path = format!("/api/mdm/devices/{STAGED_ID}/eventlog");
    let response = env.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["Total"], 2);
    assert_eq!(body["Page"], 0);
    let newest = &entries(&body)[0];
    assert_eq!(newest["Event"], "Enrollment user changed");
    assert_eq!(newest["Severity"], "Information");
    assert_eq!(newest["AdminAccount"], CLIENT_ID);
    assert!(newest["TimeStamp"].is_string());
    assert!(newest["Source"].is_string());
    assert!(newest["Id"]["Value"].is_i64());
    assert!(newest["Uuid"].is_string());
    let data = &newest["EventDataList"][0];
    assert_eq!(data["OldValue"], "staging");
    assert_eq!(data["NewValue"], "alice");
    assert!(data["EventDataType"].is_string());
    assert_eq!(entries(&body)[1]["Event"], "Device enrolled");
    assert_eq!(entries(&body)[1]["TimeStamp"], "2024-01-01T09:00:00.000");
    assert_eq!(entries(&body)[1]["EventDataList"], json!([]));

    // Paged (0-based), by alternate id, and in the admin view.
    let second: Value = env
        .get(&format!(
            "/api/mdm/devices/eventlog?searchBy=Serialnumber&id={STAGED_SERIAL}&page=1&pagesize=1"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(entries(&second).len(), 1);
    assert_eq!(entries(&second)[0]["Event"], "Device enrolled");
    assert_eq!(second["Total"], 2);
    assert_eq!(second["PageSize"], 1);
    let admin = env
        .admin_json(&format!("/_sim/devices/{STAGED_SERIAL}/eventlog"))
        .await;
    assert_eq!(admin[0]["event"], "Enrollment user changed");
    assert_eq!(
        env.sim.event_log(STAGED_SERIAL)[0].event_data[0].new_value,
        "alice"
    );

    // A severity filter, and a page past the end.
    let filtered = env.get(&format!("{path}?severity=error")).await;
    assert_eq!(filtered.status(), StatusCode::NO_CONTENT);
    let past = env.get(&format!("{path}?page=5")).await;
    assert_eq!(past.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_refused_switch_writes_nothing_and_the_entry_can_be_turned_off() {
    let env = Env::start().await;
    // bob's device is not on a staging user: refused, nothing logged.
    assert_eq!(
        env.switch(BOBS_DEVICE_ID, ALICE_ID).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert!(env.sim.event_log("C02DEMO00002").is_empty());

    let mut seed = Seed::demo();
    seed.behavior.log_enrollment_user_change = false;
    let quiet = Env::start_with(seed, SimOptions::default()).await;
    assert_eq!(
        quiet.switch(STAGED_ID, ALICE_ID).await.status(),
        StatusCode::OK
    );
    assert_eq!(quiet.device_user(STAGED_SERIAL).as_deref(), Some("alice"));
    assert!(quiet.sim.event_log(STAGED_SERIAL).is_empty());
    let log = quiet
        .get(&format!("/api/mdm/devices/{STAGED_ID}/eventlog"))
        .await;
    assert_eq!(log.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn event_log_of_an_unknown_device_is_404() {
    let env = Env::start().await;
    error_object(
        env.get("/api/mdm/devices/99999/eventlog").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error_object(
        env.get("/api/mdm/devices/eventlog?searchBy=Serialnumber&id=NOPE")
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error_object(
        env.get("/api/mdm/devices/eventlog?searchBy=Colour&id=red")
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[test]
fn seeded_notes_and_events_round_trip_through_the_state() {
    let text = r#"{
      "users": [{"id": 1, "username": "staging"}],
      "devices": [{"id": 5, "udid": "U", "serial_number": "S", "user": "staging",
        "notes": [{"note": "from the seed", "created_on": "2024-02-02T10:00:00.000"}],
        "event_log": [{"event": "Device enrolled", "severity": "Information",
          "event_data": [{"event_data_type": "EnrollmentUser", "new_value": "staging"}]}]}]
    }"#;
    let seed = Seed::from_json(text).unwrap();
    let device = &seed.devices[0];
    assert_eq!(device.notes[0].id, 1);
    assert_eq!(device.notes[0].modified_on, "2024-02-02T10:00:00.000");
    assert_eq!(device.event_log[0].id, 1);
    assert!(!device.event_log[0].uuid.is_empty());
    assert_eq!(
        device.event_log[0].event_data,
        vec![EventData {
            event_data_type: "EnrollmentUser".into(),
            old_value: String::new(),
            new_value: "staging".into(),
        }]
    );
    let again = Seed::from_json(&serde_json::to_string(&seed).unwrap()).unwrap();
    assert_eq!(again, seed);
    let duplicate = r#"{"devices": [{"id": 5, "udid": "U", "serial_number": "S",
        "notes": [{"id": 3, "note": "a"}, {"id": 3, "note": "b"}]}]}"#;
    assert!(Seed::from_json(duplicate).is_err());
}
