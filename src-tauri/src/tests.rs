//! The real app setup driven through Tauri's IPC and ACL layer with the mock runtime.

use baton_core::config::{self, source, Sources};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

use super::*;

fn state(file: &str) -> AppState {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/config")
        .join(file);
    let config = config::load_from(&Sources {
        file: Some(source::read_file(&path).unwrap()),
        ..Default::default()
    });
    AppState::new(config)
}

fn invoke(
    app: &tauri::App<tauri::test::MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let webview = app
        .get_webview_window(window::MAIN)
        .expect("setup opened the main window");
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<serde_json::Value>().unwrap())
}

/// Builds the app and runs one event-loop iteration, which runs the real setup hook. The
/// context is the app's own (`tauri.conf.json`, `capabilities/`), so the ACL is the real one.
fn build(state: AppState) -> tauri::App<tauri::test::MockRuntime> {
    let mut app = app(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("app builds");
    #[allow(deprecated)] // the one way to run setup without blocking in the event loop
    app.run_iteration(|_, _| {});
    app
}

#[test]
fn setup_opens_the_main_window_and_get_startup_answers_through_ipc() {
    let app = build(state("good.json"));
    let startup = invoke(
        &app,
        "get_startup",
        serde_json::json!({"languages": ["de-CH", "en"]}),
    )
    .unwrap();
    assert_eq!(startup["kind"], "ready");
    assert_eq!(startup["screen"]["title"], "Willkommen bei Example");
    assert_eq!(
        startup["screen"]["message"],
        "Sign in with your Example account."
    );
}

#[test]
fn a_bad_configuration_reaches_the_window_as_a_problem() {
    let app = build(state("bad.json"));
    let startup = invoke(&app, "get_startup", serde_json::json!({"languages": []})).unwrap();
    assert_eq!(startup["kind"], "misconfigured");
    assert_eq!(startup["problem"]["code"], "CFG-001");
}

#[test]
fn the_mac_password_commands_are_allowed_and_return_nothing() {
    let app = build(state("good.json"));
    let answer = invoke(
        &app,
        "submit_mac_password",
        serde_json::json!({"password": "Mac-Unlock-7"}),
    )
    .unwrap();
    assert_eq!(answer, serde_json::Value::Null, "nothing comes back");
    let answer = invoke(&app, "skip_mac_password", serde_json::json!({})).unwrap();
    assert_eq!(answer, serde_json::Value::Null);
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let app = build(state("good.json"));
    let err = invoke(&app, "plugin:window|close", serde_json::json!({})).unwrap_err();
    assert!(
        err.to_string().contains("not allowed") || err.to_string().contains("not found"),
        "{err}"
    );
}
