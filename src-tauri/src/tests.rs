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

/// The hand-off (this Mac's identity, Keychain, the UEM and directory clients) is built on a
/// thread beside the window, not before it; a hand-off that cannot be built still reaches the
/// window, whether it asks before or after: `get_view` answers the problem, and it is sent as a
/// `handoff` event too.
#[test]
fn a_hand_off_that_cannot_be_built_reaches_the_window_after_it_opened() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    // Off macOS this Mac's identity comes only from BATON_DEVICE_SERIAL: without it the hand-off
    // cannot be built (APP-IDENTITY), which is what this test needs.
    if std::env::var_os("BATON_DEVICE_SERIAL").is_some() {
        eprintln!("skipped: BATON_DEVICE_SERIAL is set in this environment");
        return;
    }
    let loaded = state("good.json").config.unwrap();
    let mut app = app(mock_builder(), AppState::new(Ok(loaded)))
        .build(tauri::generate_context!())
        .expect("app builds");
    let events = Arc::new(Mutex::new(Vec::<String>::new()));
    let heard = Arc::clone(&events);
    app.listen_any(baton_core::ipc::HANDOFF_EVENT, move |event| {
        heard.lock().unwrap().push(event.payload().to_owned())
    });
    #[allow(deprecated)] // runs setup
    app.run_iteration(|_, _| {});
    assert!(
        app.get_webview_window(window::MAIN).is_some(),
        "the window is open"
    );
    let mut view = serde_json::Value::Null;
    for _ in 0..500 {
        view = invoke(&app, "get_view", serde_json::json!({})).unwrap();
        if view["screen"] == "problem" {
            break;
        }
        assert_eq!(view["screen"], "checking", "{view}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(view["problem"]["code"], "APP-IDENTITY", "{view}");
    assert!(app.state::<AppState>().flow.get().is_none());
    for _ in 0..500 {
        if !events.lock().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let events = events.lock().unwrap().join("\n");
    assert!(events.contains("APP-IDENTITY"), "{events}");
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

/// The whole self-service hand-off through the app's IPC commands and events (mock runtime,
/// real ACL), against the UEM simulator and its LDAPS directory, with a login keychain whose
/// password differs from the directory password: Continue → switched → "Enter your Mac
/// password" → a wrong one comes back inline → the right one → done, partition IDs added.
#[test]
fn the_mac_password_travels_from_the_window_to_the_keychain_and_nowhere_else() {
    use baton_platform::app_prefs::PlistDirPreferences;
    use baton_platform::keychain::{MemoryStore, SecretStore};
    use secrecy::ExposeSecret;
    use std::sync::{Arc, Mutex, OnceLock};
    use tauri::{Emitter, Listener};

    const SERIAL: &str = "C02DEMO00001";
    const DIRECTORY_PASSWORD: &str = "Alice-Pass-1";
    const MAC_PASSWORD: &str = "Mac-Unlock-7";

    let sim = uem_sim::BackgroundSim::demo();
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.json");
    sim.write_baton_config(&config_path, |config| {
        config["KeychainPartitionTeamIDs"] = serde_json::json!(["AAPZK3CB24"]);
    })
    .unwrap();
    let loaded = config::load_from(&Sources {
        file: Some(source::read_file(&config_path).unwrap()),
        ..Default::default()
    })
    .unwrap();

    let store = MemoryStore::with_login_keychain(MAC_PASSWORD);
    let handle: Arc<OnceLock<tauri::AppHandle<tauri::test::MockRuntime>>> = Arc::default();
    let emitter = Arc::clone(&handle);
    let flow = flow::assemble(
        &loaded.settings,
        &dir.path().join("data"),
        Box::new(store.clone()),
        Box::new(PlistDirPreferences::new(dir.path().join("prefs"))),
        Box::new(move |view: &HandoffView| {
            if let Some(app) = emitter.get() {
                app.emit(baton_core::ipc::HANDOFF_EVENT, view).unwrap();
            }
        }),
        None,
    )
    .unwrap();
    let state = AppState::new(Ok(loaded));
    let _ = state.flow.set(flow);
    let _ = state.serial.set(SERIAL.into());
    let app = app(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("app builds");
    handle.set(app.handle().clone()).unwrap();
    let events = Arc::new(Mutex::new(Vec::<String>::new()));
    let heard = Arc::clone(&events);
    app.listen_any(baton_core::ipc::HANDOFF_EVENT, move |event| {
        heard.lock().unwrap().push(event.payload().to_owned())
    });
    let mut app = app;
    #[allow(deprecated)] // runs setup, which starts the flow
    app.run_iteration(|_, _| {});

    let wait_for = |wanted: &dyn Fn(&serde_json::Value) -> bool| -> serde_json::Value {
        for _ in 0..1000 {
            let view = invoke(&app, "get_view", serde_json::json!({})).unwrap();
            if wanted(&view) {
                return view;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!(
            "never reached; last view {}",
            invoke(&app, "get_view", serde_json::json!({})).unwrap()
        );
    };
    wait_for(&|v| v["screen"] == "signIn");
    invoke(
        &app,
        "submit_credentials",
        serde_json::json!({"username": "alice", "password": DIRECTORY_PASSWORD}),
    )
    .unwrap();
    let asked = wait_for(&|v| v["screen"] == "macPassword");
    assert_eq!(asked["problem"], serde_json::Value::Null);
    assert_eq!(
        sim.device_by_serial(SERIAL).unwrap().user.as_deref(),
        Some("alice"),
        "asked after the switch"
    );
    assert!(store.is_empty(), "nothing written while asking");

    invoke(
        &app,
        "submit_mac_password",
        serde_json::json!({"password": "not-the-mac-password"}),
    )
    .unwrap();
    let refused = wait_for(&|v| v["screen"] == "macPassword" && !v["problem"].is_null());
    assert_eq!(refused["problem"]["code"], "MACPW-WRONG");

    invoke(
        &app,
        "submit_mac_password",
        serde_json::json!({"password": MAC_PASSWORD}),
    )
    .unwrap();
    let done = wait_for(&|v| v["screen"] == "done");
    assert_eq!(done["displayName"], "Alice Adams");

    let nomad = store.specs().into_iter().find(|s| s.service == "NoMAD");
    assert_eq!(
        nomad.map(|s| s.partition_ids),
        Some(vec!["teamid:AAPZK3CB24".to_owned()])
    );
    let item = store.find("NoMAD", "alice@EXAMPLE.TEST").unwrap().unwrap();
    assert_eq!(item.password.expose_secret(), DIRECTORY_PASSWORD);
    let events = events.lock().unwrap().join("\n");
    assert!(events.contains("\"macPassword\""), "{events}");
    for secret in [DIRECTORY_PASSWORD, MAC_PASSWORD, "not-the-mac-password"] {
        assert!(!events.contains(secret), "{secret} in an event");
    }
}

/// Technician mode runs its own session: the window asks for its view and gets the technician's
/// sign-in; the hand-off flow is not built, and the technician commands pass the capability.
#[test]
fn technician_mode_starts_at_the_technicians_own_sign_in() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/config/good.json");
    let mut dict = source::read_file(&path).unwrap();
    dict.insert("Mode".into(), "technician".into());
    let loaded = config::load_from(&Sources {
        file: Some(dict),
        ..Default::default()
    })
    .unwrap();
    let app = build(AppState::new(Ok(loaded)));
    assert!(
        app.state::<AppState>().flow.get().is_none(),
        "no hand-off flow"
    );
    assert!(app.state::<AppState>().technician.is_some());
    let view = invoke(&app, "technician_view", serde_json::json!({})).unwrap();
    assert_eq!(view["screen"], "techsignin", "{view}");
    let startup = invoke(
        &app,
        "get_startup",
        serde_json::json!({"languages": ["en"]}),
    )
    .unwrap();
    assert_eq!(startup["screen"]["mode"], "technician", "{startup}");
}

/// Kiosk mode opens the pickup desk, never the self-service hand-off (which would hand over the
/// kiosk Mac itself), and its window may not be closed by the person at the desk.
#[test]
fn kiosk_mode_opens_the_desk_and_its_window_stays() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/config/good.json");
    let mut dict = source::read_file(&path).unwrap();
    dict.insert("Mode".into(), "kiosk".into());
    let loaded = config::load_from(&Sources {
        file: Some(dict),
        ..Default::default()
    })
    .unwrap();
    assert!(
        !loaded.warnings.iter().any(|w| w.key == Some("Mode")),
        "{:?}",
        loaded.warnings
    );
    let app = build(AppState::new(Ok(loaded)));
    assert!(
        app.state::<AppState>().flow.get().is_none(),
        "no self-service flow"
    );
    let view = invoke(&app, "kiosk_view", serde_json::json!({})).unwrap();
    assert_eq!(view["screen"], "scan", "{view}");
    assert!(!app.state::<AppState>().may_close());
    // A wrong exit secret (none is configured here) does not end the desk.
    let left = invoke(&app, "kiosk_exit", serde_json::json!({"secret": "guess"})).unwrap();
    assert_eq!(left, false);
}

/// Cmd-Q and the last window closing (a quit request without a code) never end a pickup desk
/// until IT used the exit secret; the app's own exit (with a code) and other modes are not held.
#[test]
fn a_pickup_desk_refuses_every_quit_request_but_its_own_exit() {
    assert!(!kiosk::may_quit(), "no test leaves the kiosk");
    assert!(kiosk::refuses_quit(true, None));
    assert!(!kiosk::refuses_quit(true, Some(0)));
    assert!(!kiosk::refuses_quit(false, None));
}

/// The desk's menu (used on macOS) has no Quit, Hide or Close Window: only an empty application
/// menu and Edit.
#[test]
fn the_desks_menu_has_nothing_that_leaves_it() {
    let app = build(state("good.json"));
    let menu = kiosk::menu(app.handle()).unwrap();
    let mut texts = Vec::new();
    for item in menu.items().unwrap() {
        let submenu = item.as_submenu().expect("only submenus at the top").clone();
        texts.push(submenu.text().unwrap());
        for entry in submenu.items().unwrap() {
            if let Some(predefined) = entry.as_predefined_menuitem() {
                texts.push(predefined.text().unwrap());
            }
        }
    }
    assert_eq!(texts.len(), 2 + 7, "{texts:?}");
    for text in &texts {
        let text = text.to_lowercase();
        assert!(
            !["quit", "hide", "close"].iter().any(|w| text.contains(w)),
            "{texts:?}"
        );
    }
}
