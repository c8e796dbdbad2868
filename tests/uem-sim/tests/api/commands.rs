//! Device commands.

use reqwest::{Method, StatusCode};

use crate::common::*;

#[tokio::test]
async fn sync_device_is_202_with_an_empty_body_and_is_recorded() {
    let env = Env::start().await;
    for command in ["SyncDevice", "DeviceQuery"] {
        let response = env
            .api(
                Method::POST,
                &format!("/api/mdm/devices/{STAGED_ID}/commands?command={command}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(header(&response, "content-length"), Some("0"));
        assert!(response.headers().get("content-type").is_none());
        assert!(response.bytes().await.unwrap().is_empty());
    }
    let sent: Vec<(i64, String)> = env
        .sim
        .commands()
        .into_iter()
        .map(|c| (c.device_id, c.command))
        .collect();
    assert_eq!(
        sent,
        [
            (STAGED_ID, "SyncDevice".to_string()),
            (STAGED_ID, "DeviceQuery".to_string())
        ]
    );
}

#[tokio::test]
async fn command_by_serial_number() {
    let env = Env::start().await;
    let response = env
        .api(
            Method::POST,
            "/api/mdm/devices/commands?command=syncdevice&searchby=SerialNumber&id=C02DEMO00002",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let sent = env.sim.commands();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].serial_number, "C02DEMO00002");
    assert_eq!(sent[0].command, "SyncDevice");
}

#[tokio::test]
async fn unknown_command_is_400_and_unknown_device_404() {
    let env = Env::start().await;
    let bad_command = env
        .api(
            Method::POST,
            &format!("/api/mdm/devices/{STAGED_ID}/commands?command=SelfDestruct"),
        )
        .send()
        .await
        .unwrap();
    error_object(bad_command, StatusCode::BAD_REQUEST).await;
    let no_device = env
        .api(
            Method::POST,
            "/api/mdm/devices/99999/commands?command=SyncDevice",
        )
        .send()
        .await
        .unwrap();
    error_object(no_device, StatusCode::NOT_FOUND).await;
    assert!(env.sim.commands().is_empty());
}
