//! `baton assign --serial S --user U [--password-stdin] [--keychain]`: check the device out to the
//! user in UEM, sync it and confirm; with `--password-stdin` the person's directory password is
//! verified first (and the verified short name is the UEM user); with `--keychain` that verified
//! password is then left in the Keychain.

use std::io::{BufRead, Write};

use secrecy::SecretString;
use serde_json::json;

use super::keychain;
use super::{report, Cli, Host};
use crate::checkout::{self, CheckoutOptions, CheckoutReport, Outcome};
use crate::config::Loaded;
use crate::directory::{
    normalize_username, Directory, DirectoryError, LdapDirectory, LdapOptions, Throttle,
    ThrottleOptions, ThrottledDirectory, VerifiedUser,
};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::{NewDirectoryUser, UemClient};

/// `--password-stdin` cannot be honoured.
#[derive(Debug, thiserror::Error)]
pub(super) enum PasswordInput {
    #[error("standard input could not be read: {0}")]
    Unreadable(std::io::ErrorKind),
    #[error("DirectoryType is none, so there is no directory to verify the password with")]
    NoDirectory,
    #[error("--keychain without --password-stdin: Baton stores only a password it verified")]
    KeychainWithoutPassword,
}

impl Problem for PasswordInput {
    fn user_facing(&self) -> UserFacing {
        match self {
            PasswordInput::Unreadable(_) => UserFacing {
                code: "CLI-STDIN",
                summary: "The password could not be read from standard input.",
                next_step: "Pipe the password into baton, followed by a newline.",
                exit: ExitCode::Usage,
            },
            PasswordInput::NoDirectory => UserFacing {
                code: "CLI-NO-DIRECTORY",
                summary: "--password-stdin needs a directory, but DirectoryType is none.",
                next_step: "Configure LDAPURL and LDAPBindTemplate, or leave out --password-stdin.",
                exit: ExitCode::Usage,
            },
            PasswordInput::KeychainWithoutPassword => UserFacing {
                code: "CLI-KEYCHAIN-UNVERIFIED",
                summary: "--keychain needs --password-stdin: Baton saves only a password the directory verified.",
                next_step: "Add --password-stdin and pipe the person's password into baton.",
                exit: ExitCode::Usage,
            },
        }
    }
}

/// Reads one line: the password exactly as typed, without the line ending (`\n` or `\r\n`).
pub(super) fn read_password(input: &mut dyn BufRead) -> Result<SecretString, PasswordInput> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| PasswordInput::Unreadable(e.kind()))?;
    let trimmed = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line)
        .to_owned();
    secrecy::zeroize::Zeroize::zeroize(&mut line);
    Ok(SecretString::from(trimmed))
}

/// Verifies `user`'s password with the configured directory, throttled locally (state in
/// `data_dir`).
async fn verify(
    loaded: &Loaded,
    data_dir: &std::path::Path,
    user: &str,
    password: &SecretString,
) -> Result<VerifiedUser, Box<dyn report::ProblemError>> {
    let settings = &loaded.settings;
    let options = LdapOptions::from_settings(settings)
        .ok_or(Box::new(PasswordInput::NoDirectory) as Box<dyn report::ProblemError>)?;
    let directory =
        LdapDirectory::new(&options).map_err(|e| Box::new(e) as Box<dyn report::ProblemError>)?;
    let throttle = Throttle::open(
        data_dir,
        ThrottleOptions::new(
            settings.throttle.max_attempts,
            std::time::Duration::from_secs(settings.throttle.lockout_seconds),
        ),
    );
    let directory = ThrottledDirectory::new(directory, throttle);
    directory
        .verify(user, password)
        .await
        .map_err(|e: DirectoryError| Box::new(e) as Box<dyn report::ProblemError>)
}

/// The checkout options of a configuration.
pub(super) fn options(loaded: &Loaded, user: NewDirectoryUser) -> CheckoutOptions {
    let settings = &loaded.settings;
    CheckoutOptions {
        staging_usernames: settings.uem.staging_usernames.clone(),
        sync_after_switch: settings.uem.sync_after_switch,
        create_missing_user: settings.uem.create_missing_users.then_some(user),
    }
}

/// One line for a person.
pub(super) fn describe(report: &CheckoutReport) -> String {
    match report.outcome {
        Outcome::AlreadyAssigned => format!(
            "{} already belongs to {}; nothing was changed.",
            report.serial, report.user_name
        ),
        Outcome::Switched => format!(
            "{} is now assigned to {}{}{}.",
            report.serial,
            report.user_name,
            if report.user_created {
                " (user added to UEM)"
            } else {
                ""
            },
            if report.synced {
                "; the Mac was asked to sync"
            } else {
                ""
            },
        ),
    }
}

/// One `assign` as given on the command line.
pub(super) struct Request<'a> {
    pub serial: &'a str,
    pub user: &'a str,
    /// Read from standard input (`--password-stdin`); already registered with the log
    /// scrubber by the caller.
    pub password: Option<SecretString>,
    /// `--keychain` (only ever set together with a password).
    pub keychain: bool,
}

pub(super) async fn run(
    cli: &Cli,
    loaded: &Loaded,
    client: &UemClient,
    host: &Host<'_>,
    request: Request<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let Request {
        serial,
        user,
        mut password,
        keychain,
    } = request;
    let serial = serial.trim();
    let context = Some(json!({ "serial": serial, "userName": user.trim() }));
    // Verify before any UEM call that changes state; the verified short name is the UEM name.
    let (user, new, verified) = match &password {
        Some(secret) => match verify(loaded, &host.data_dir, user, secret).await {
            Ok(verified) => {
                tracing::info!(user = %verified.short_name, "directory verified the credentials");
                (
                    verified.short_name.clone(),
                    crate::checkout::new_directory_user(&verified),
                    Some(verified),
                )
            }
            Err(e) => return report::failure(cli.json, e.as_ref(), context, out, err),
        },
        None => {
            let short = match normalize_username(user) {
                Ok(name) => name.as_str().to_owned(),
                Err(_) => user.trim().to_owned(),
            };
            let new = NewDirectoryUser {
                user_name: short.clone(),
                ..Default::default()
            };
            (short, new, None)
        }
    };
    if !keychain {
        // Nothing needs the password any more.
        password = None;
    }
    let report = match checkout::checkout(client, serial, &user, &options(loaded, new)).await {
        Ok(report) => report,
        Err(e) => return report::failure(cli.json, &e, context, out, err),
    };
    let mut text = format!("{}\n", describe(&report));
    let mut doc = json!(report);
    doc["switched"] = json!(report.outcome == Outcome::Switched);
    // The Keychain only for a password verified in this run, once UEM confirmed the device is
    // the person's.
    if let (Some(secret), Some(verified)) = (password.take(), &verified) {
        let written = keychain::hand_off(loaded, host, verified, serial, &secret);
        drop(secret);
        match written {
            Ok(items) => {
                text.push_str(&format!("{}\n", items.describe()));
                doc["keychain"] = json!(items);
            }
            Err(e) => {
                // The switch stands: say so, then report the Keychain failure (exit 8).
                if !cli.json {
                    let _ = out.write_all(text.as_bytes());
                }
                return report::failure(cli.json, &e, Some(doc), out, err);
            }
        }
    }
    report::success(cli.json, doc, &text, out);
    ExitCode::Done
}
