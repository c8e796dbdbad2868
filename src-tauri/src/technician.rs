//! Technician mode's shell: builds the [`TechnicianSession`] over the configured gate (direct or
//! relay), forwards every view to the window as a `technician` event, ends an idle session on a
//! timer, and offers one command per intent. The technician's password crosses IPC once, in
//! `technician_sign_in`, straight into a `SecretString`; nothing returns it.

use std::sync::Arc;
use std::time::Duration;

use baton_core::config::Settings;
use baton_core::technician::{
    self, AnyGate, DirectGate, RelayGate, SearchPurpose, SessionOptions, SystemClock,
    TechnicianSession, TechnicianView,
};
use baton_core::uem::UemClient;
use baton_core::wiring::AppDirectory;
use secrecy::SecretString;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tokio::sync::Mutex;

use crate::AppState;

/// The event that carries every [`TechnicianView`].
pub const TECHNICIAN_EVENT: &str = "technician";
/// Longest user name, serial and query accepted from the UI.
const MAX_TEXT: usize = 1024;
/// How often the idle limit is checked.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// The session over whichever gate the configuration names.
pub enum AppTechnician {
    Direct(Box<Mutex<TechnicianSession<DirectGate<UemClient, AppDirectory>>>>),
    Relay(Box<Mutex<TechnicianSession<RelayGate>>>),
}

/// Runs `$call` on the session, whichever gate it is over.
macro_rules! on_session {
    ($technician:expr, |$session:ident| $call:expr) => {
        match $technician {
            AppTechnician::Direct(session) => {
                #[allow(unused_mut)]
                let mut $session = session.lock().await;
                $call
            }
            AppTechnician::Relay(session) => {
                #[allow(unused_mut)]
                let mut $session = session.lock().await;
                $call
            }
        }
    };
}

/// Builds technician mode: the session (this Mac looked up after sign-in when its serial can be
/// read), its events, and the idle timer. The window is made resizable (a list needs room).
pub fn start<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    data_dir: &std::path::Path,
) -> Result<Arc<AppTechnician>, baton_core::ops::OpsError> {
    let this_mac = match baton_platform::device::identity(settings.allow_identity_override) {
        Ok(identity) => Some(identity.serial),
        Err(e) => {
            tracing::info!("this Mac's serial is not known; the technician types one: {e}");
            None
        }
    };
    let options = SessionOptions {
        idle: Duration::from_secs(settings.technician.session_seconds.max(1)),
        allow_basic_users: settings.technician.allow_basic_users,
        this_mac,
    };
    let emitter = app.clone();
    let observer: technician::Observer = Arc::new(move |view: &TechnicianView| {
        if let Err(e) = emitter.emit(TECHNICIAN_EVENT, view) {
            tracing::error!("the window could not be told about a screen change: {e}");
        }
    });
    let clock = Arc::new(SystemClock);
    let technician = Arc::new(match technician::gate(settings, data_dir)? {
        AnyGate::Direct(gate) => AppTechnician::Direct(Box::new(Mutex::new(
            TechnicianSession::new(gate, options, clock, observer),
        ))),
        AnyGate::Relay(gate) => AppTechnician::Relay(Box::new(Mutex::new(TechnicianSession::new(
            gate, options, clock, observer,
        )))),
    });
    let ticking = technician.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(IDLE_CHECK).await;
            on_session!(&*ticking, |session| {
                if session.signed_in() {
                    session.tick().await;
                }
            });
        }
    });
    Ok(technician)
}

/// The technician's window may be resized and maximised (a list needs room).
pub fn make_resizable<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        return;
    };
    let resized = window
        .set_resizable(true)
        .and_then(|()| window.set_maximizable(true))
        .and_then(|()| {
            window.set_min_size(Some(tauri::Size::Logical(tauri::LogicalSize::new(
                560.0, 560.0,
            ))))
        })
        .and_then(|()| {
            window.set_size(tauri::Size::Logical(tauri::LogicalSize::new(820.0, 680.0)))
        });
    if let Err(e) = resized {
        tracing::warn!("the technician window could not be made resizable: {e}");
    }
}

fn session(state: &AppState) -> Option<Arc<AppTechnician>> {
    state.technician.clone()
}

fn fits(text: &str) -> bool {
    text.len() <= MAX_TEXT
}

/// The screen now (the UI asks once when it loads; later changes arrive as events).
#[tauri::command]
pub(crate) async fn technician_view(state: State<'_, AppState>) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session.view()))
}

/// The technician's own user name and password.
#[tauri::command]
pub(crate) async fn technician_sign_in(
    state: State<'_, AppState>,
    username: String,
    password: SecretString,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state).filter(|_| fits(&username)) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .sign_in(&username, &password)
        .await))
}

/// A serial typed or scanned; empty = this Mac.
#[tauri::command]
pub(crate) async fn technician_look_up(
    state: State<'_, AppState>,
    serial: String,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state).filter(|_| fits(&serial)) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .look_up(&serial)
        .await))
}

/// A page of the device's history.
#[tauri::command]
pub(crate) async fn technician_history_page(
    state: State<'_, AppState>,
    page: u32,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .history_page(page)
        .await))
}

/// "Assign to a person" or "Pre-register" on the device screen.
#[tauri::command]
pub(crate) async fn technician_find_person(
    state: State<'_, AppState>,
    purpose: SearchPurpose,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .find_person(purpose)
        .await))
}

/// The search field's text (debounced by the UI).
#[tauri::command]
pub(crate) async fn technician_search(
    state: State<'_, AppState>,
    query: String,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state).filter(|_| fits(&query)) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .search(&query)
        .await))
}

/// A person chosen from the results.
#[tauri::command]
pub(crate) async fn technician_choose(
    state: State<'_, AppState>,
    username: String,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state).filter(|_| fits(&username)) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .choose(&username)
        .await))
}

/// "Return to staging" on the device screen.
#[tauri::command]
pub(crate) async fn technician_ask_return(
    state: State<'_, AppState>,
) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .ask_return()
        .await))
}

/// The confirmation's "Assign" / "Return" / "Pre-register".
#[tauri::command]
pub(crate) async fn technician_confirm(state: State<'_, AppState>) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session.confirm().await))
}

/// "Back".
#[tauri::command]
pub(crate) async fn technician_back(state: State<'_, AppState>) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session.back().await))
}

/// "Sign out".
#[tauri::command]
pub(crate) async fn technician_sign_out(state: State<'_, AppState>) -> Result<TechnicianView, ()> {
    let Some(technician) = session(&state) else {
        return Err(());
    };
    Ok(on_session!(&*technician, |session| session
        .sign_out()
        .await))
}
