//! Kiosk mode in the shell: builds the pickup desk ([`baton_core::kiosk::Kiosk`]) over the
//! configured backend, forwards its views to the window as `kiosk` events, runs its reset clock,
//! and holds its commands.
//!
//! The window is full screen, cannot be closed, and the app cannot be quit by the person at the
//! desk: closing is refused, and a quit request (Cmd-Q, the last window closing) is refused too
//! unless IT left the kiosk with the secret whose SHA-256 is `KioskExitSecretSHA256` (a managed
//! preference; Ctrl+Alt+Shift+E on the desk opens its field). Without that key the desk cannot
//! be left from the keyboard at all: IT quits it with the MDM or `launchctl`.
//!
//! On macOS the desk also locks the Mac down to itself while it is frontmost
//! ([`baton_platform::lockdown::Lockdown::PICKUP_DESK`]: no Dock, menu bar, Force Quit, Cmd-Tab,
//! Log Out / Shut Down, Hide), applied when the window opens and again whenever it gets the focus
//! back (AppKit sets presentation options itself around full-screen spaces), lifted when IT leaves with the exit secret and when the
//! app ends. Its menu has no Quit ([`menu`]): AppKit's Quit would end the app without asking.
//!
//! Nothing about the person is written here: no Keychain item, no preference, no file. The
//! password crosses IPC once, in `kiosk_submit`, straight into a `SecretString`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use baton_core::config::Settings;
use baton_core::kiosk::exit_secret_matches;
use baton_core::kiosk::{Kiosk, KioskOptions, KioskView, KIOSK_EVENT};
use baton_core::wiring::{self, Backend};
use baton_platform::lockdown::{self, Lockdown, Outcome, Refused};
use secrecy::SecretString;
use tauri::menu::{Menu, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::flow::StartError;

/// The desk with the real backend.
pub type AppKiosk = Kiosk<Backend>;

/// Longest scan or user name accepted from the UI.
const MAX_TEXT: usize = 1024;
/// Wrong exit secrets before the field is refused for a while.
const EXIT_ATTEMPTS: u32 = 5;

/// What the kiosk commands reach (managed next to [`crate::AppState`] in kiosk mode).
pub struct KioskState {
    pub desk: Option<Arc<AppKiosk>>,
    /// Why there is no desk (configuration, backend), shown as a problem.
    pub problem: Option<KioskView>,
    /// `KioskExitSecretSHA256`.
    exit_digest: Option<String>,
    failed_exits: AtomicU32,
}

/// IT left the kiosk with the exit secret: the app may quit now.
static LEAVING: AtomicBool = AtomicBool::new(false);

/// Whether a quit request may end the app: in kiosk mode only after the exit secret.
pub fn may_quit() -> bool {
    LEAVING.load(Ordering::SeqCst)
}

/// Whether a quit request (`code` None: Cmd-Q, the last window closing; `Some`: the app's own
/// `exit`) is refused: in kiosk mode every one without a code, until IT used the exit secret.
pub fn refuses_quit(kiosk_mode: bool, code: Option<i32>) -> bool {
    kiosk_mode && code.is_none() && !may_quit()
}

/// Locks the Mac down to the desk, on the main thread (AppKit's rule), unless IT is leaving.
pub fn lock_down<R: Runtime>(app: &AppHandle<R>) {
    let result = app.run_on_main_thread(|| {
        if !may_quit() {
            report("applied", lockdown::apply(Lockdown::PICKUP_DESK));
        }
    });
    if let Err(e) = result {
        tracing::error!("the kiosk lock-down could not be scheduled: {e}");
    }
}

/// Lifts the lock-down. Call on the main thread (the event loop's callbacks on macOS); from
/// elsewhere it changes nothing and logs that.
pub fn lift_here() {
    report("lifted", lockdown::lift(Lockdown::PICKUP_DESK));
}

fn report(what: &str, result: Result<Outcome, Refused>) {
    // The outcome itself is logged by baton-platform.
    if let Err(e) = result {
        tracing::error!("kiosk lock-down not {what}: AppKit would refuse it ({e})");
    }
}

/// The desk's menu (macOS): an application menu with nothing in it (AppKit always shows the
/// first menu as the app's, and the default one has Quit, whose `terminate:` ends the app
/// without a quit request Baton could refuse, and Hide) and Edit, for typing and pasting.
pub fn menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let name = app.package_info().name.clone();
    let app_menu = Submenu::with_items(app, name, true, &[])?;
    let edit = Submenu::with_items(
        app,
        "Edit",
        true,
        &[
            &PredefinedMenuItem::undo(app, None)?,
            &PredefinedMenuItem::redo(app, None)?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
        ],
    )?;
    Menu::with_items(app, &[&app_menu, &edit])
}

impl KioskState {
    /// The view now.
    pub fn view(&self) -> KioskView {
        match (&self.desk, &self.problem) {
            (Some(desk), _) => desk.view(),
            (None, Some(view)) => view.clone(),
            (None, None) => KioskView::Scan {
                notice: None,
                session: 0,
            },
        }
    }
}

/// Builds the desk from `settings` (its local attempt limit in `data_dir`), its views going to
/// `app` as `kiosk` events, and starts its reset clock.
pub fn start<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    data_dir: &std::path::Path,
) -> KioskState {
    let exit_digest = settings.kiosk_exit_secret_sha256.clone();
    match build(app, settings, data_dir) {
        Ok(desk) => {
            let clock = desk.clone();
            tauri::async_runtime::spawn(async move { clock.run_reset_clock().await });
            KioskState {
                desk: Some(desk),
                problem: None,
                exit_digest,
                failed_exits: AtomicU32::new(0),
            }
        }
        Err(e) => {
            use baton_core::problem::Problem;
            tracing::error!("the pickup desk cannot start: {e}");
            KioskState {
                desk: None,
                problem: Some(KioskView::Problem {
                    problem: e.user_facing(),
                }),
                exit_digest,
                failed_exits: AtomicU32::new(0),
            }
        }
    }
}

fn build<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    data_dir: &std::path::Path,
) -> Result<Arc<AppKiosk>, StartError> {
    let backend = wiring::backend(settings, data_dir)?;
    if let (Backend::Direct(_), None) = (&backend, &settings.directory.ldap) {
        return Err(StartError::NoDirectory);
    }
    // The desk's name in direct mode's audit log and device notes: the kiosk Mac's serial.
    let name = baton_platform::device::identity(settings.allow_identity_override)
        .map(|identity| format!("desk {}", identity.serial))
        .unwrap_or_else(|_| "pickup desk".to_owned());
    let options = KioskOptions {
        name,
        reset_after: Duration::from_secs(settings.kiosk_reset_seconds),
        log_collections: !backend.is_relay(),
    };
    let emitter = app.clone();
    let observer = move |view: &KioskView| {
        if let Err(e) = emitter.emit(KIOSK_EVENT, view) {
            tracing::error!("the window could not be told about a screen change: {e}");
        }
    };
    tracing::info!(relay = backend.is_relay(), "pickup desk ready");
    Ok(Arc::new(Kiosk::new(backend, options, observer)))
}

/// The screen now (the UI asks once when it loads; later changes arrive as events).
#[tauri::command]
pub(crate) fn kiosk_view(state: State<'_, KioskState>) -> KioskView {
    state.view()
}

/// The scanner pressed Enter. Returns at once; the look-up's answer arrives as an event.
#[tauri::command]
pub(crate) fn kiosk_scan(state: State<'_, KioskState>, code: String) {
    if let (Some(desk), true) = (state.desk.clone(), code.len() <= MAX_TEXT) {
        tauri::async_runtime::spawn(async move { desk.scan(&code).await });
    }
}

/// The person finished typing their username: UEM looks them up now.
#[tauri::command]
pub(crate) fn kiosk_username_entered(state: State<'_, KioskState>, username: String) {
    if let (Some(desk), true) = (state.desk.clone(), username.len() <= MAX_TEXT) {
        tauri::async_runtime::spawn(async move { desk.username_entered(&username).await });
    }
}

/// "Continue". Returns at once; progress and the receipt arrive as events.
#[tauri::command]
pub(crate) fn kiosk_submit(state: State<'_, KioskState>, username: String, password: SecretString) {
    if let (Some(desk), true) = (state.desk.clone(), username.len() <= MAX_TEXT) {
        tauri::async_runtime::spawn(async move { desk.submit(&username, password).await });
    }
}

/// A key was pressed or the screen touched: the inactivity reset starts over.
#[tauri::command]
pub(crate) fn kiosk_activity(state: State<'_, KioskState>) {
    if let Some(desk) = &state.desk {
        desk.activity();
    }
}

/// "Next person" (and "Back" on a problem): `scan`, every field empty.
#[tauri::command]
pub(crate) fn kiosk_next_person(state: State<'_, KioskState>) {
    if let Some(desk) = &state.desk {
        desk.next_person();
    }
}

/// IT's way out: quits when the secret's SHA-256 is `KioskExitSecretSHA256`. Answers whether
/// it was; after [`EXIT_ATTEMPTS`] wrong secrets every further one is refused until restart.
#[tauri::command]
pub(crate) fn kiosk_exit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    secret: SecretString,
) -> bool {
    let Some(expected) = &state.exit_digest else {
        tracing::warn!("kiosk exit refused: KioskExitSecretSHA256 is not configured");
        return false;
    };
    if state.failed_exits.load(Ordering::SeqCst) >= EXIT_ATTEMPTS {
        tracing::warn!("kiosk exit refused: too many wrong secrets");
        return false;
    }
    if !exit_secret_matches(&secret, expected) {
        state.failed_exits.fetch_add(1, Ordering::SeqCst);
        tracing::warn!("kiosk exit refused: wrong secret");
        return false;
    }
    tracing::info!("IT left the kiosk with the exit secret");
    LEAVING.store(true, Ordering::SeqCst);
    // Before the exit request, which the event loop handles after it.
    if let Err(e) = app.run_on_main_thread(lift_here) {
        tracing::error!("the kiosk lock-down could not be lifted: {e}");
    }
    app.exit(0);
    true
}
