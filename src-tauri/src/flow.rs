//! Builds the hand-off flow from the configuration with the real services, and forwards every
//! screen change to the window as a `handoff` event.

use std::sync::Arc;

use baton_core::config::Settings;
use baton_core::directory::{
    LdapDirectory, LdapOptions, Throttle, ThrottleOptions, ThrottledDirectory,
};
use baton_core::handoff::flow::{Flow, Observer, Services};
use baton_core::ipc::{HandoffView, HANDOFF_EVENT};
use baton_core::problem::{ExitCode, Problem, UserFacing};
use baton_core::uem::{UemClient, UemOptions};
use baton_platform::app_prefs::{console_user_preferences, Preferences};
use baton_platform::keychain::{handoff_store, SecretStore};
use std::path::Path;

use baton_core::handoff::at_login::{at_login, record_for, AtLogin};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The flow with the real services.
pub type AppFlow =
    Flow<UemClient, ThrottledDirectory<LdapDirectory>, Box<dyn SecretStore>, Box<dyn Preferences>>;

/// Why the flow could not be built; shown as a problem screen.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("this Mac's serial number could not be read: {0}")]
    Identity(#[from] baton_platform::device::IdentityError),
    #[error("UEM client: {0}")]
    Uem(#[from] baton_core::uem::UemError),
    #[error("directory: {0}")]
    Directory(#[from] baton_core::directory::DirectoryError),
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
            StartError::Uem(e) => e.user_facing(),
            StartError::Directory(e) => e.user_facing(),
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

/// Builds the flow for this Mac with the OS's Keychain and preferences; its views go to `app`
/// as events. Done and already-set-up leave a [`HandedOff`] record in `data_dir`; `at_login`
/// applies [`at_login`](baton_core::handoff::at_login::at_login) to every view.
pub fn build<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    data_dir: &Path,
    at_login: bool,
) -> Result<Arc<AppFlow>, StartError> {
    if let Some(mode) = settings.mode.unavailable() {
        return Err(StartError::ModeUnavailable(mode));
    }
    let identity = baton_platform::device::identity(settings.allow_identity_override)?;
    tracing::info!(serial = %identity.serial, "this Mac");
    let emitter = app.clone();
    let serial = identity.serial.clone();
    let record_dir = data_dir.to_owned();
    let observer = move |view: &HandoffView| {
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
    assemble(
        settings,
        identity.serial,
        data_dir,
        handoff_store(),
        console_user_preferences(),
        Box::new(observer),
    )
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

/// The flow for the Mac `serial` with the real UEM client and directory (its attempt limit kept
/// in `data_dir`), and the given Keychain, preferences and observer.
pub fn assemble(
    settings: &Settings,
    serial: String,
    data_dir: &std::path::Path,
    store: Box<dyn SecretStore>,
    prefs: Box<dyn Preferences>,
    observer: Box<dyn Observer>,
) -> Result<Arc<AppFlow>, StartError> {
    let uem = UemClient::new(UemOptions::from_settings(settings)?)?;
    let options = LdapOptions::from_settings(settings).ok_or(StartError::NoDirectory)?;
    let throttle = Throttle::open(
        data_dir,
        ThrottleOptions::new(
            settings.throttle.max_attempts,
            std::time::Duration::from_secs(settings.throttle.lockout_seconds),
        ),
    );
    let directory = ThrottledDirectory::new(LdapDirectory::new(&options)?, throttle);
    Ok(Flow::new(
        Services {
            uem,
            directory,
            store,
            prefs,
        },
        Arc::new(settings.clone()),
        serial,
        observer,
    ))
}
