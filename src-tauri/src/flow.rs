//! Builds the hand-off flow from the configuration with the real services, and forwards every
//! screen change to the window as a `handoff` event.

use std::sync::Arc;

use baton_core::config::Settings;
use baton_core::handoff::flow::{Flow, Observer, Services};
use baton_core::ipc::{HandoffView, HANDOFF_EVENT};
use baton_core::ops::OpsError;
use baton_core::problem::{ExitCode, Problem, UserFacing};
use baton_core::wiring::{self, Backend};
use baton_platform::app_prefs::{console_user_preferences, Preferences};
use baton_platform::keychain::{handoff_store, SecretStore};
use std::path::Path;

use baton_core::handoff::at_login::{at_login, record_for, AtLogin};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The flow with the real services.
pub type AppFlow = Flow<Backend, Box<dyn SecretStore>, Box<dyn Preferences>>;

/// Why the flow could not be built; shown as a problem screen.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("this Mac's serial number could not be read: {0}")]
    Identity(#[from] baton_platform::device::IdentityError),
    #[error("{0}")]
    Backend(#[from] OpsError),
    #[error("DirectoryType is none")]
    NoDirectory,
    #[error("Mode {0} is not available in this version")]
    ModeUnavailable(&'static str),
}

impl Problem for StartError {
    fn user_facing(&self) -> UserFacing {
        match self {
            StartError::Identity(_) => UserFacing {
                code: "APP-IDENTITY",
                summary: "Baton could not read this Mac's serial number.",
                next_step: "Restart the Mac and sign in again. If this keeps happening, contact your IT department.",
                exit: ExitCode::Usage,
            },
            StartError::Backend(e) => e.user_facing(),
            StartError::ModeUnavailable(_) => UserFacing {
                code: "APP-MODE",
                summary: "This version of Baton cannot run in the mode this Mac is set up for.",
                next_step: "Contact your IT department and mention the support code.",
                exit: ExitCode::Usage,
            },
            StartError::NoDirectory => UserFacing {
                code: "APP-NO-DIRECTORY",
                summary: "Baton is not set up to check your password on this Mac.",
                next_step: "Contact your IT department and mention the support code.",
                exit: ExitCode::Usage,
            },
        }
    }
}

/// Builds the flow for this Mac with the OS's Keychain and preferences, and reads this Mac's
/// serial (the flow's input at start); its views go to `app` as events. Done and already-set-up leave a [`HandedOff`] record in `data_dir`; `at_login`
/// applies [`at_login`](baton_core::handoff::at_login::at_login) to every view.
pub fn build<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    data_dir: &Path,
    at_login: bool,
) -> Result<(Arc<AppFlow>, String), StartError> {
    if let Some(mode) = settings.mode.unavailable() {
        return Err(StartError::ModeUnavailable(mode));
    }
    // The self-service hand-off on a pickup desk would hand over the kiosk Mac itself.
    if settings.mode == baton_core::config::Mode::Kiosk {
        return Err(StartError::ModeUnavailable("kiosk"));
    }
    let identity = baton_platform::device::identity(settings.allow_identity_override)?;
    tracing::info!(serial = %identity.serial, "this Mac");
    let emitter = app.clone();
    let serial = identity.serial.clone();
    let this_mac = identity.serial.clone();
    let record_dir = data_dir.to_owned();
    let observer = move |view: &HandoffView| {
        if matches!(view, HandoffView::SignIn { .. }) {
            crate::startup_trace::mark("sign-in view sent");
        }
        if let Some(record) = record_for(view, &serial) {
            if let Err(e) = record.write(&record_dir) {
                tracing::warn!("the hand-off record could not be written: {e}");
            }
        }
        if let Err(e) = emitter.emit(HANDOFF_EVENT, view) {
            tracing::error!("the window could not be told about a screen change: {e}");
        }
        if at_login {
            react_at_login(&emitter, view);
        }
    };
    let flow = assemble(
        settings,
        data_dir,
        handoff_store(),
        console_user_preferences(),
        Box::new(observer),
        Some(&identity),
    )?;
    Ok((flow, this_mac))
}

/// Started at login: show the hidden window when the person is needed, quit when not.
fn react_at_login<R: Runtime>(app: &AppHandle<R>, view: &HandoffView) {
    let window = app.get_webview_window(crate::window::MAIN);
    let hidden = window
        .as_ref()
        .is_some_and(|w| !w.is_visible().unwrap_or(true));
    match at_login(view, hidden) {
        AtLogin::Wait => {}
        AtLogin::Show => {
            if let (true, Some(window)) = (hidden, &window) {
                tracing::info!("at login: the person is needed; showing the window");
                if let Err(e) = window.show().and_then(|()| window.set_focus()) {
                    tracing::error!("the window could not be shown: {e}");
                }
            }
        }
        AtLogin::Quit => {
            tracing::info!(
                hidden,
                view = ?view,
                "at login: nothing for the person to do here; quitting"
            );
            app.exit(0);
        }
    }
}

/// The flow over the configured [`Backend`] (direct: the real UEM client and directory, its
/// attempt limit kept in `data_dir`; or the relay), with the given Keychain, preferences and
/// observer.
pub fn assemble(
    settings: &Settings,
    data_dir: &std::path::Path,
    store: Box<dyn SecretStore>,
    prefs: Box<dyn Preferences>,
    observer: Box<dyn Observer>,
    this_mac: Option<&baton_platform::device::DeviceIdentity>,
) -> Result<Arc<AppFlow>, StartError> {
    let mut backend = wiring::backend(settings, data_dir)?;
    if let Some(identity) = this_mac {
        backend = backend.on_this_mac(identity);
    }
    if let (Backend::Direct(_), None) = (&backend, &settings.directory.ldap) {
        return Err(StartError::NoDirectory);
    }
    Ok(Flow::new(
        Services {
            authority: backend,
            store,
            prefs,
        },
        Arc::new(settings.clone()),
        observer,
    ))
}
