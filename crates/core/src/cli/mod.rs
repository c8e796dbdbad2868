//! The headless command line: the same binary as the app, headless when a subcommand is given.
//!
//! ```text
//! baton [--config FILE] [--json] status  [--serial S]
//! baton [--config FILE] [--json] assign  --serial S --user U
//! baton [--config FILE] [--json] batch   --csv FILE
//! baton [--config FILE] [--json] check-config
//! ```
//! Exit codes follow PRODUCT.md's CLI contract ([`crate::problem::ExitCode`]). With `--json`
//! every command prints exactly one JSON document on stdout; logs go to stderr and the log file.

mod assign;
mod batch;
mod check_config;
mod report;
mod status;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{self, Loaded};
use crate::problem::ExitCode;
use crate::uem::{UemClient, UemOptions};

/// Baton hands a staged Mac to its user. Without a subcommand it opens the sign-in window.
#[derive(Debug, Parser)]
#[command(name = "baton", version, about, long_about = None)]
pub struct Cli {
    /// A configuration file (.plist XML or binary, or .json). Managed preferences still win.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the device in UEM: enrollment, enrollment user, whether it can be handed over.
    Status {
        /// Serial number; defaults to this Mac's.
        #[arg(long)]
        serial: Option<String>,
    },
    /// Check a staged device out to a user in UEM, then sync it and confirm.
    Assign {
        /// The device's serial number.
        #[arg(long)]
        serial: String,
        /// The person who gets the device: `jdoe`, `jdoe@example.com` or `EXAMPLE\jdoe`.
        #[arg(long)]
        user: String,
        /// Verify the person's directory password first, reading it from standard input (never
        /// from the command line). The verified directory short name is the UEM user name.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Assign many devices from a CSV file with the columns SerialNumber,Username. Every row is
    /// attempted; the exit code is that of the first row that failed.
    Batch {
        /// The CSV file.
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
    },
    /// Validate the configuration and print the effective settings (secrets masked).
    CheckConfig,
}

/// Runs a subcommand, writing its report to `out` (stdout) and problems to `err` (stderr).
/// Returns the exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if let Command::CheckConfig = command {
        return check_config::run(cli, out);
    }
    let loaded = match config::load(cli.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            check_config::log_problems(&error);
            let _ = report::config_error(cli.json, &error, out, err);
            return ExitCode::Usage;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!("could not start the async runtime: {e}");
            return ExitCode::Unreachable;
        }
    };
    runtime.block_on(async {
        let client = match client(&loaded) {
            Ok(client) => client,
            Err(error) => return report::failure(cli.json, &error, None, out, err),
        };
        match command {
            Command::Status { serial } => {
                status::run(cli, &loaded, &client, serial.as_deref(), out, err).await
            }
            Command::Assign {
                serial,
                user,
                password_stdin,
            } => {
                let password = if *password_stdin {
                    match assign::read_password(&mut std::io::stdin().lock()) {
                        Ok(password) => Some(password),
                        Err(e) => return report::failure(cli.json, &e, None, out, err),
                    }
                } else {
                    None
                };
                assign::run(cli, &loaded, &client, serial, user, password, out, err).await
            }
            Command::Batch { csv } => batch::run(cli, &loaded, &client, csv, out, err).await,
            Command::CheckConfig => unreachable!("handled above"),
        }
    })
}

fn client(loaded: &Loaded) -> Result<UemClient, crate::uem::UemError> {
    UemClient::new(UemOptions::from_settings(&loaded.settings)?)
}

#[cfg(test)]
mod tests;
