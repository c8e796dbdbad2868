//! The Tauri shell: builds the app, holds its state, registers the commands. All product logic
//! lives in `baton-core`; this crate only translates between IPC and it.
//!
//! The same binary is the headless CLI: with a subcommand it never opens a window.

mod commands;
mod window;

use baton_core::cli::Cli;
use baton_core::config::{self, ConfigError, Loaded};
use baton_core::logging::{self, LogOptions};
use clap::Parser;
use tauri::Runtime;

/// What every command can reach.
pub struct AppState {
    pub config: Result<Loaded, ConfigError>,
}

/// Entry point of the `baton` binary.
pub fn run() {
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
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Baton starting");
    app(tauri::Builder::default(), AppState { config })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            tracing::error!("the window could not be opened: {e}");
            std::process::exit(1);
        });
}

/// The app, generic over the runtime so tests drive the real setup with `tauri::test`.
pub fn app<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![commands::get_startup])
        .setup(|app| {
            window::open_main(app.handle())?;
            Ok(())
        })
}

#[cfg(test)]
mod tests;
