//! The headless command line: the same binary as the app, headless when a subcommand is given.
//!
//! ```text
//! baton [--config FILE] [--json] status  [--serial S]
//! baton [--config FILE] [--json] assign  --serial S --user U [--password-stdin] [--keychain]
//! baton [--config FILE] [--json] batch   --csv FILE
//! baton [--config FILE] [--json] check-config
//! baton [--config FILE] [--json] doctor  [--serial S]
//! ```
//! Exit codes follow PRODUCT.md's CLI contract ([`crate::problem::ExitCode`]). With `--json`
//! every command prints exactly one JSON document on stdout; logs go to stderr and the log file.

mod assign;
mod batch;
mod check_config;
mod csv_rows;
pub mod doctor;
mod keychain;
mod policy;
mod report;
mod status;
mod technician;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use baton_platform::app_prefs::Preferences;
use baton_platform::device::DeviceIdentity;
use baton_platform::keychain::SecretStore;
use clap::{Parser, Subcommand};

use crate::config;
use crate::problem::ExitCode;

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
    /// Run as this technician (directory user name; the password is read from standard input;
    /// only members of TechnicianGroups): device, users, assign, return, preregister.
    #[arg(long, global = true, value_name = "T")]
    pub technician: Option<String>,
    /// The app was started by the LaunchAgent at login: no window when this Mac is already set
    /// up (see `handoff::at_login`). Ignored by the subcommands.
    #[arg(long)]
    pub at_login: bool,
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
        /// After the switch (or when the device already belongs to the person), save the
        /// verified password in the Keychain items the configuration names (the NoMAD item by
        /// default) and set NoMAD's LastUser. Needs --password-stdin: Baton never stores a
        /// password it did not verify. Failure exits 8; the switch stands.
        #[arg(long)]
        keychain: bool,
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
    /// Preflight: configuration, UEM (TLS, token, role), this Mac in UEM, the directory or the
    /// relay, the Keychain. One line per check with the fix; exit 0 only when all pass.
    Doctor {
        /// Serial number; defaults to this Mac's.
        #[arg(long)]
        serial: Option<String>,
    },
    /// Technicians: a device's state and history in UEM.
    Device {
        /// The device's serial number.
        #[arg(long)]
        serial: String,
    },
    /// Technicians: find people in UEM by user name, e-mail or name.
    Users {
        /// Part of a user name, e-mail or name.
        query: String,
    },
    /// Technicians: put an enrolled device back on the first staging user.
    Return {
        /// The device's serial number.
        #[arg(long)]
        serial: String,
    },
    /// Technicians: pre-register a serial to a person (UEM checks the Mac out to them after
    /// staging enrollment), or every row of a CSV file (SerialNumber,Username).
    Preregister {
        #[arg(long, requires = "user", conflicts_with = "csv")]
        serial: Option<String>,
        #[arg(long, requires = "serial", conflicts_with = "csv")]
        user: Option<String>,
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
}

/// What the CLI takes from the machine it runs on. [`Host::os`] is the real machine; tests
/// replace parts (a temporary state folder, an in-memory Keychain).
pub struct Host<'a> {
    /// Folder of the local sign-in attempt limit's state (the app-data folder).
    pub data_dir: PathBuf,
    /// Where `--keychain` writes the items; `None`: this OS's hand-off store
    /// ([`baton_platform::keychain::handoff_store`]).
    pub secret_store: Option<&'a dyn SecretStore>,
    /// Where `--keychain` sets NoMAD's `LastUser`; `None`: the console user's preferences
    /// ([`baton_platform::app_prefs::console_user_preferences`]).
    pub preferences: Option<&'a dyn Preferences>,
    /// The folder configuration profiles install managed preferences into.
    pub managed_dir: PathBuf,
    /// This Mac's identity; `None`: read it from the hardware (or the allowed override).
    pub this_mac: Option<DeviceIdentity>,
    /// Whether baton runs as the person signed in at this Mac's console (`None`: unknown).
    pub console_user: Option<bool>,
}

impl Host<'static> {
    /// This machine: the app-data folder, the OS's Keychain and the console user's preferences.
    pub fn os() -> Self {
        Host {
            data_dir: baton_platform::paths::app_data_dir(),
            secret_store: None,
            preferences: None,
            managed_dir: baton_platform::paths::managed_preferences_dir(),
            this_mac: None,
            console_user: baton_platform::account::runs_as_console_user(),
        }
    }
}

impl Host<'static> {
    /// A machine for tests and tools: state under `data_dir`, no configuration profile (managed
    /// preferences are read from `data_dir/managed`), this Mac is `serial`, and baton runs as
    /// the console user. The Keychain and preferences are the OS's unless replaced.
    pub fn sandboxed(data_dir: PathBuf, serial: &str) -> Self {
        Host {
            managed_dir: data_dir.join("managed"),
            data_dir,
            secret_store: None,
            preferences: None,
            this_mac: Some(DeviceIdentity {
                serial: serial.to_owned(),
                hardware_uuid: None,
            }),
            console_user: Some(true),
        }
    }
}

impl Host<'_> {
    /// This Mac's identity: as given, else from the hardware (or the override, where allowed).
    fn this_mac(&self, settings: &config::Settings) -> Result<DeviceIdentity, String> {
        match &self.this_mac {
            Some(identity) => Ok(identity.clone()),
            None => baton_platform::device::identity(settings.allow_identity_override)
                .map_err(|e| e.to_string()),
        }
    }
}

/// Refuses what this Mac's CLI may not do ([`policy`]), before any request and before the
/// password is read.
fn authorise(
    command: &Command,
    settings: &config::Settings,
    host: &Host<'_>,
) -> Result<(), policy::Refusal> {
    let wish = match command {
        Command::Assign {
            serial,
            password_stdin,
            keychain,
            ..
        } => policy::Wish::Assign {
            serial,
            verified: *password_stdin,
            keychain: *keychain,
        },
        Command::Batch { .. } => policy::Wish::Batch,
        // Reads, and the technician's commands (authorised by their own bind and group).
        Command::Status { .. }
        | Command::CheckConfig
        | Command::Doctor { .. }
        | Command::Device { .. }
        | Command::Users { .. }
        | Command::Return { .. }
        | Command::Preregister { .. } => return Ok(()),
    };
    let this_mac = host.this_mac(settings);
    policy::check(
        wish,
        settings,
        &policy::Facts {
            this_mac: this_mac.as_ref().map_err(Clone::clone),
            console_user: host.console_user,
        },
    )
}

/// Runs a subcommand on this machine, reading a password (`--password-stdin`) from the
/// process's standard input, writing its report to `out` (stdout) and problems to `err`
/// (stderr). Returns the exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    run_with(
        cli,
        command,
        &Host::os(),
        &mut std::io::stdin().lock(),
        out,
        err,
    )
}

/// [`run`] with the machine and standard input given: the password of `--password-stdin` is
/// read from `stdin`.
pub fn run_with(
    cli: &Cli,
    command: &Command,
    host: &Host<'_>,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    if let Command::CheckConfig = command {
        return check_config::run(cli, &host.managed_dir, out);
    }
    if let Command::Doctor { serial } = command {
        let probe = doctor::Probe {
            host,
            serial: serial.as_deref(),
        };
        return doctor::run(cli, &probe, out);
    }
    if cli.technician.is_some() || technician::technician_only(command).is_some() {
        return technician::run(cli, command, host, stdin, out, err);
    }
    if let Command::Assign {
        serial,
        user,
        password_stdin: false,
        keychain: true,
    } = command
    {
        // Before anything else: no configuration read, no request, nothing read from stdin.
        let context = Some(serde_json::json!({ "serial": serial.trim(), "userName": user.trim() }));
        return report::failure(
            cli.json,
            &assign::PasswordInput::KeychainWithoutPassword,
            context,
            out,
            err,
        );
    }
    let loaded = match config::load_with_managed(cli.config.as_deref(), &host.managed_dir) {
        Ok(loaded) => loaded,
        Err(error) => {
            check_config::log_problems(&error);
            let _ = report::config_error(cli.json, &error, out, err);
            return ExitCode::Usage;
        }
    };
    for ignored in &loaded.refused_from_file {
        tracing::warn!(key = ignored.key, "{}", ignored.message);
    }
    if let Err(refusal) = authorise(command, &loaded.settings, host) {
        let context = match command {
            Command::Assign { serial, user, .. } => {
                Some(serde_json::json!({ "serial": serial.trim(), "userName": user.trim() }))
            }
            _ => None,
        };
        return report::failure(cli.json, &refusal, context, out, err);
    }
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
        let backend = match crate::wiring::backend(&loaded.settings, &host.data_dir) {
            Ok(backend) => match host.this_mac(&loaded.settings) {
                Ok(this_mac) => backend.on_this_mac(&this_mac),
                Err(_) => backend,
            },
            Err(error) => return report::failure(cli.json, &error, None, out, err),
        };
        match command {
            Command::Status { serial } => {
                status::run(cli, &loaded, &backend, serial.as_deref(), out, err).await
            }
            Command::Assign {
                serial,
                user,
                password_stdin,
                keychain,
            } => {
                // The password is scrubbed from every log line for the whole run, from the
                // moment it is read; the value itself is dropped as soon as it is not needed.
                let (password, _scrub) = if *password_stdin {
                    match assign::read_password(stdin) {
                        Ok(password) => {
                            let scrub = crate::redact::register(&password);
                            (Some(password), Some(scrub))
                        }
                        Err(e) => return report::failure(cli.json, &e, None, out, err),
                    }
                } else {
                    (None, None)
                };
                let request = assign::Request {
                    serial,
                    user,
                    password,
                    keychain: *keychain,
                };
                assign::run(cli, &loaded, &backend, host, request, out, err).await
            }
            Command::Batch { csv } => batch::run(cli, &backend, csv, out, err).await,
            Command::CheckConfig | Command::Doctor { .. } => unreachable!("handled above"),
            Command::Device { .. }
            | Command::Users { .. }
            | Command::Return { .. }
            | Command::Preregister { .. } => unreachable!("technician commands are handled above"),
        }
    })
}

#[cfg(test)]
mod tests;
