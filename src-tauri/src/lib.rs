//! The Tauri shell: builds the app, holds its state, registers the commands. All product logic
//! lives in `baton-core`; this crate only translates between IPC and it.
//!
//! The same binary is the headless CLI: with a subcommand it never opens a window.

// A build without `custom-protocol` loads the UI from the dev server (`devUrl`), where any local
// listener could serve a look-alike sign-in form with Baton's full IPC (security-review F13).
// Only debug builds may do that.
#[cfg(all(not(debug_assertions), not(feature = "custom-protocol")))]
compile_error!(
    "a release build of Baton must bundle its UI: build with --features baton/custom-protocol (tauri build does)"
);

mod commands;
mod flow;
mod kiosk;
pub mod startup_trace;
mod technician;
mod window;

use std::sync::{Arc, OnceLock};

use baton_core::cli::Cli;
use baton_core::config::{self, ConfigError, Loaded};
use baton_core::ipc::HandoffView;
use baton_core::logging::{self, LogOptions};
use baton_core::problem::Problem;
use clap::Parser;
use tauri::{Emitter, Manager, Runtime};

/// What every command can reach.
pub struct AppState {
    pub config: Result<Loaded, ConfigError>,
    /// The hand-off, once built (not when the configuration or this Mac's identity is unusable).
    /// Built after the window is open (see [`app`]), so it is set once, later.
    pub flow: OnceLock<Arc<flow::AppFlow>>,
    /// This Mac's serial: the flow's input when it starts.
    pub serial: OnceLock<String>,
    /// Why there is no flow, shown instead of it.
    pub startup_problem: OnceLock<HandoffView>,
    /// `form_ready` logs once.
    pub form_ready_logged: std::sync::atomic::AtomicBool,
    /// Started by the LaunchAgent (`--at-login`): stay out of sight when nothing is to do.
    pub at_login: bool,
    /// Where the attempt limit and the hand-off record live (the app-data folder).
    pub data_dir: std::path::PathBuf,
    /// Technician mode's session (`Mode` technician), instead of the hand-off flow.
    pub technician: Option<Arc<technician::AppTechnician>>,
}

/// When this process started (monotonic), for the form-ready figure and the start-up trace.
pub fn started() -> std::time::Instant {
    startup_trace::started()
}

impl AppState {
    /// State without a flow (configuration only); [`app`] builds the flow in its setup.
    pub fn new(config: Result<Loaded, ConfigError>) -> Self {
        AppState {
            config,
            flow: OnceLock::new(),
            serial: OnceLock::new(),
            startup_problem: OnceLock::new(),
            form_ready_logged: Default::default(),
            at_login: false,
            data_dir: baton_platform::paths::app_data_dir(),
            technician: None,
        }
    }

    /// Whether the window may close now (the close button, Cmd-Q and the UI's Close).
    pub fn may_close(&self) -> bool {
        if self.is_kiosk() {
            return kiosk::may_quit();
        }
        let full_screen = self
            .config
            .as_ref()
            .is_ok_and(|loaded| loaded.settings.full_screen);
        self.view().may_close(full_screen)
    }

    /// The hand-off flow, once it is built.
    pub fn flow(&self) -> Option<Arc<flow::AppFlow>> {
        self.flow.get().cloned()
    }

    /// `Mode` is `kiosk`: the pickup desk, never the self-service hand-off.
    pub fn is_kiosk(&self) -> bool {
        matches!(&self.config, Ok(loaded) if loaded.settings.mode == config::Mode::Kiosk)
    }

    /// The screen now.
    pub fn view(&self) -> HandoffView {
        match (self.flow.get(), self.startup_problem.get(), &self.config) {
            (Some(flow), _, _) => flow.view(),
            (None, Some(view), _) => view.clone(),
            (None, None, Err(err)) => HandoffView::Problem {
                problem: err.user_facing(),
                can_retry: false,
            },
            (None, None, Ok(_)) => HandoffView::Checking {
                detail: baton_core::ipc::CheckingDetail::Starting,
            },
        }
    }
}

/// Entry point of the `baton` binary.
pub fn run() {
    started();
    let cli = Cli::parse();
    let mut log_options = LogOptions::standard();
    if cli.command.is_some() {
        log_options.stderr_filter = Some("warn".into());
    }
    let log = logging::init(&log_options);
    if let Some(command) = &cli.command {
        let code = baton_core::cli::run(
            &cli,
            command,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        );
        drop(log);
        std::process::exit(code.code().into());
    }
    let config = config::load(cli.config.as_deref());
    startup_trace::mark("configuration loaded");
    match &config {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                tracing::warn!("configuration: {}", warning.message);
            }
        }
        Err(err) => {
            for problem in &err.problems {
                tracing::error!("configuration: {}", problem.message);
            }
        }
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        at_login = cli.at_login,
        "Baton starting"
    );
    let mut state = AppState::new(config);
    state.at_login = cli.at_login;
    let kiosk_mode = state.is_kiosk();
    let app = match app(tauri::Builder::default(), state).build(tauri::generate_context!()) {
        Ok(app) => {
            startup_trace::mark("app built");
            app
        }
        Err(e) => {
            tracing::error!("the window could not be opened: {e}");
            drop(log);
            std::process::exit(1);
        }
    };
    // The event loop ends the process itself; the log file's last lines (e.g. why Baton quit)
    // are written out when it says it is exiting, not lost with the buffer.
    let log = std::sync::Mutex::new(Some(log));
    app.run(move |_, event| {
        // A pickup desk is not quit by the person at it (Cmd-Q, the last window closing);
        // only IT's exit secret ends it (`kiosk_exit`, which exits with a code).
        if let tauri::RunEvent::ExitRequested { code, api, .. } = &event {
            if kiosk::refuses_quit(kiosk_mode, *code) {
                tracing::info!("quit refused: this is a pickup desk");
                api.prevent_exit();
            }
        }
        if let tauri::RunEvent::Exit = event {
            if kiosk_mode {
                // The event loop's callback runs on the main thread.
                kiosk::lift_here();
            }
            drop(log.lock().unwrap_or_else(|e| e.into_inner()).take());
        }
    });
}

/// The app, generic over the runtime so tests drive the real setup with `tauri::test`.
pub fn app<R: Runtime>(builder: tauri::Builder<R>, mut state: AppState) -> tauri::Builder<R> {
    let start_flow = state.flow.get().is_none() && state.startup_problem.get().is_none();
    let kiosk_mode = state.is_kiosk();
    // macOS's default menu has Quit (Cmd-Q), which AppKit carries out without a quit request
    // the desk could refuse; the desk's own menu has none.
    let builder = if kiosk_mode && cfg!(target_os = "macos") {
        builder.menu(kiosk::menu)
    } else {
        builder
    };
    builder
        .invoke_handler(tauri::generate_handler![
            commands::get_startup,
            commands::get_view,
            commands::username_entered,
            commands::submit_credentials,
            commands::submit_mac_password,
            commands::skip_mac_password,
            commands::retry,
            commands::quit,
            commands::form_ready,
            commands::open_help,
            technician::technician_view,
            technician::technician_sign_in,
            technician::technician_look_up,
            technician::technician_history_page,
            technician::technician_find_person,
            technician::technician_search,
            technician::technician_choose,
            technician::technician_ask_return,
            technician::technician_confirm,
            technician::technician_back,
            technician::technician_sign_out,
            kiosk::kiosk_view,
            kiosk::kiosk_scan,
            kiosk::kiosk_username_entered,
            kiosk::kiosk_submit,
            kiosk::kiosk_activity,
            kiosk::kiosk_next_person,
            kiosk::kiosk_exit,
        ])
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => startup_trace::mark("page load started"),
            tauri::webview::PageLoadEvent::Finished => startup_trace::mark("page loaded"),
        })
        .on_window_event(move |window, event| match event {
            tauri::WindowEvent::CloseRequested { api, .. }
                if !window.state::<AppState>().may_close() =>
            {
                tracing::info!("close refused: the hand-off is not finished");
                api.prevent_close();
            }
            // AppKit sets the app's presentation options itself around full-screen spaces, so
            // the desk applies its lock-down again whenever its window gets the focus (a no-op
            // when it is still in force; not yet seen on a Mac).
            tauri::WindowEvent::Focused(true) if kiosk_mode => {
                kiosk::lock_down(window.app_handle())
            }
            _ => {}
        })
        .setup(move |app| {
            startup_trace::mark("setup started");
            let mode = state.config.as_ref().ok().map(|l| l.settings.mode);
            if let (Some(config::Mode::Technician), Ok(loaded)) = (mode, &state.config) {
                // Technician mode: its own session and screens instead of the hand-off flow.
                match technician::start(app.handle(), &loaded.settings, &state.data_dir) {
                    Ok(session) => state.technician = Some(session),
                    Err(e) => {
                        tracing::error!("technician mode cannot start: {e}");
                        let _ = state.startup_problem.set(HandoffView::Problem {
                            problem: e.user_facing(),
                            can_retry: false,
                        });
                    }
                }
                app.manage(state);
                window::open_main(app.handle(), true)?;
                startup_trace::mark("window created");
                technician::make_resizable(app.handle());
                return Ok(());
            }
            if let (Some(config::Mode::Kiosk), Ok(loaded), true) = (mode, &state.config, start_flow)
            {
                app.manage(kiosk::start(app.handle(), &loaded.settings, &state.data_dir));
                app.manage(state);
                window::open_main(app.handle(), true)?;
                startup_trace::mark("window created");
                kiosk::lock_down(app.handle());
                return Ok(());
            }
            let settings = match (&state.config, start_flow) {
                (Ok(loaded), true) => Some(loaded.settings.clone()),
                _ => None,
            };
            // At login the window opens hidden on a Mac handed off before, which needs this
            // Mac's serial first: the flow is built before the window then. Otherwise the flow
            // (this Mac's identity, the Keychain, the UEM and directory clients with their trust
            // stores) is built, and starts reading this Mac's record, on a thread of its own while
            // the main thread creates the window: none of it is needed to draw the dialog, and on
            // a Mac reading the identity and the trust settings takes a while.
            let (at_login, data_dir) = (state.at_login, state.data_dir.clone());
            app.manage(state);
            let handle = app.handle().clone();
            match settings {
                Some(settings) if at_login => {
                    build_flow(&handle, &settings, &data_dir, true);
                    let state = handle.state::<AppState>();
                    let hidden = state.serial.get().is_some_and(|serial| {
                        baton_core::handoff::at_login::HandedOff::exists_for(&data_dir, serial)
                    });
                    if hidden {
                        tracing::info!(
                            "at login on a Mac handed off before: the window stays hidden unless needed"
                        );
                    }
                    window::open_main(&handle, !hidden)?;
                    startup_trace::mark("window created");
                    start_built_flow(&handle);
                }
                Some(settings) => {
                    let builder = handle.clone();
                    std::thread::Builder::new()
                        .name("baton-flow".into())
                        .spawn(move || {
                            build_flow(&builder, &settings, &data_dir, false);
                            start_built_flow(&builder);
                        })?;
                    window::open_main(&handle, true)?;
                    startup_trace::mark("window created");
                }
                None => {
                    // A flow given by the caller (tests), or none to build (configuration error).
                    window::open_main(&handle, true)?;
                    startup_trace::mark("window created");
                    start_built_flow(&handle);
                }
            }
            Ok(())
        })
}

/// Builds the hand-off flow into the app's state, or the problem that stops it (also sent to the
/// window, which may be showing "Starting" already).
fn build_flow<R: Runtime>(
    app: &tauri::AppHandle<R>,
    settings: &config::Settings,
    data_dir: &std::path::Path,
    at_login: bool,
) {
    let state = app.state::<AppState>();
    match flow::build(app, settings, data_dir, at_login) {
        Ok((flow, serial)) => {
            let _ = state.serial.set(serial);
            let _ = state.flow.set(flow);
        }
        Err(e) => {
            tracing::error!("the hand-off cannot start: {e}");
            let view = HandoffView::Problem {
                problem: e.user_facing(),
                can_retry: false,
            };
            let _ = state.startup_problem.set(view.clone());
            if let Err(e) = app.emit(baton_core::ipc::HANDOFF_EVENT, &view) {
                tracing::error!("the window could not be told why Baton cannot start: {e}");
            }
        }
    }
    startup_trace::mark("hand-off built");
}

/// Starts the flow in the app's state, if there is one.
fn start_built_flow<R: Runtime>(app: &tauri::AppHandle<R>) {
    let state = app.state::<AppState>();
    if let Some(flow) = state.flow() {
        let serial = state.serial.get().cloned().unwrap_or_default();
        tauri::async_runtime::spawn(async move { flow.start(&serial).await });
    }
}

#[cfg(test)]
mod tests;
