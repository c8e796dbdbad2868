//! Thin `#[tauri::command]` adapters into `baton-core`. Each is declared in `build.rs` so that
//! its permission is generated, and allowed by name in `capabilities/`.
//!
//! The password crosses IPC once, in `submit_credentials`, where serde reads it straight into a
//! `SecretString`; the Mac password, when it is asked for, once in `submit_mac_password`, the
//! same way. No command returns either or anything derived from them.

use baton_core::ipc::{HandoffView, Startup, StartupMark};
use secrecy::SecretString;
use tauri::{AppHandle, Runtime, State};

use crate::AppState;

/// Most languages, and longest tag, accepted from the UI.
const MAX_LANGUAGES: usize = 16;
const MAX_TAG_LEN: usize = 35;
/// Longest user name accepted (a UPN is at most 1024 characters in AD; be generous, not open).
const MAX_USERNAME_LEN: usize = 1024;

/// The sign-in screen resolved for the person's languages, or why Baton cannot start.
#[tauri::command]
pub(crate) fn get_startup(state: State<'_, AppState>, languages: Vec<String>) -> Startup {
    crate::startup_trace::mark("first IPC received");
    let languages: Vec<String> = languages
        .into_iter()
        .filter(|tag| tag.len() <= MAX_TAG_LEN)
        .take(MAX_LANGUAGES)
        .collect();
    Startup::new(&state.config, &languages)
}

/// The screen now (the UI asks once when it loads; later changes arrive as events).
#[tauri::command]
pub(crate) fn get_view(state: State<'_, AppState>) -> HandoffView {
    state.view()
}

/// The person finished typing a user name: start the UEM lookup now.
#[tauri::command]
pub(crate) fn username_entered(state: State<'_, AppState>, username: String) {
    if let (Some(flow), true) = (state.flow(), username.len() <= MAX_USERNAME_LEN) {
        tauri::async_runtime::spawn(async move { flow.username_entered(&username).await });
    }
}

/// "Continue". Returns at once; progress and the result arrive as `handoff` events.
#[tauri::command]
pub(crate) fn submit_credentials(
    state: State<'_, AppState>,
    username: String,
    password: SecretString,
) {
    let Some(flow) = state.flow() else {
        return;
    };
    if username.len() > MAX_USERNAME_LEN {
        return;
    }
    tauri::async_runtime::spawn(async move { flow.submit(&username, password).await });
}

/// "Continue" on the Mac password screen. Returns at once; the next screen arrives as an event.
#[tauri::command]
pub(crate) fn submit_mac_password(state: State<'_, AppState>, password: SecretString) {
    if let Some(flow) = state.flow() {
        flow.submit_mac_password(password);
    }
}

/// "Skip" on the Mac password screen.
#[tauri::command]
pub(crate) fn skip_mac_password(state: State<'_, AppState>) {
    if let Some(flow) = state.flow() {
        flow.skip_mac_password();
    }
}

/// "Try again".
#[tauri::command]
pub(crate) fn retry(state: State<'_, AppState>) {
    if let Some(flow) = state.flow() {
        tauri::async_runtime::spawn(async move { flow.retry().await });
    }
}

/// "Close": allowed when [`AppState::may_close`] says so.
#[tauri::command]
pub(crate) fn quit<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    if !state.may_close() {
        tracing::info!("quit refused: the hand-off is not finished");
        return;
    }
    app.exit(0);
}

/// The UI calls this once the sign-in form can be typed into and is painted (or that cannot be
/// told); the time since the process started to the form being interactive, and to its paint
/// when the page saw it, is logged once (`npm run bench` reads it).
#[tauri::command]
pub(crate) fn form_ready(state: State<'_, AppState>, marks: Option<Vec<StartupMark>>) {
    if !state
        .form_ready_logged
        .swap(true, std::sync::atomic::Ordering::SeqCst)
    {
        // The form was interactive at the page's mark (the page reports once it is painted
        // too); without the mark, now.
        let page = marks.as_deref().unwrap_or_default();
        let ms = crate::startup_trace::page_mark_ms(page, "form interactive")
            .unwrap_or_else(|| crate::started().elapsed().as_secs_f64() * 1e3);
        tracing::info!(target: "baton::ready", "form ready: {ms:.1} ms after process start");
        if let Some(painted) = crate::startup_trace::page_mark_ms(page, "form painted") {
            tracing::info!(target: "baton::ready", "form painted: {painted:.1} ms after process start");
        }
        let line = crate::startup_trace::line(page);
        tracing::info!(target: "baton::ready", "{line}");
    }
}

/// Opens the configured `HelpURL` in the default browser. The UI names no link: only the one
/// in the configuration can be opened.
#[tauri::command]
pub(crate) fn open_help(state: State<'_, AppState>) {
    let Ok(loaded) = &state.config else { return };
    if let Some(url) = &loaded.settings.branding.help_url {
        if let Err(e) = baton_platform::console::open_url(url.as_str()) {
            tracing::warn!("the help link could not be opened: {e}");
        }
    }
}
