//! `baton assign --serial S --user U [--password-stdin] [--keychain]`: check the device out to the
//! user in UEM, sync it and confirm; with `--password-stdin` the person's directory password is
//! verified first (and the verified short name is the UEM user); with `--keychain` that verified
//! password is then left in the Keychain.

use std::io::{BufRead, Write};

use secrecy::SecretString;
use serde_json::json;

use super::keychain;
use super::{report, Cli, Host};
use crate::config::Loaded;
use crate::ops::{Actor, Authority, HandOffRequest, HandedOff, Outcome};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::wiring::Backend;

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
/// The one reader of a password on standard input: the person's (`--password-stdin`) and a
/// technician's own (`--technician`).
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

/// The report of one assignment: the JSON document and one line for a person.
pub(super) fn report(serial: &str, done: &HandedOff) -> (serde_json::Value, String) {
    let switched = done.outcome == Outcome::Switched;
    let user = &done.user.short_name;
    let doc = json!({
        "outcome": if switched { "switched" } else { "alreadyAssigned" },
        "serial": serial,
        "userName": user,
        "userCreated": done.user_created,
        "switchAttempts": done.switch_attempts,
        "synced": done.synced,
        "switched": switched,
    });
    let text = if switched {
        format!(
            "{serial} is now assigned to {user}{}{}.",
            if done.user_created {
                " (user added to UEM)"
            } else {
                ""
            },
            if done.synced {
                "; the Mac was asked to sync"
            } else {
                ""
            },
        )
    } else {
        format!("{serial} already belongs to {user}; nothing was changed.")
    };
    (doc, text)
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
    backend: &Backend,
    host: &Host<'_>,
    request: Request<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let Request {
        serial,
        user,
        password,
        keychain,
    } = request;
    let serial = serial.trim();
    let context = Some(json!({ "serial": serial, "userName": user.trim() }));
    // With a password: verified first, and the verified short name is the UEM name; nothing in
    // UEM changes unless the directory accepted it.
    let done = match &password {
        Some(secret) => {
            if !backend.is_relay() && loaded.settings.directory.ldap.is_none() {
                return report::failure(cli.json, &PasswordInput::NoDirectory, context, out, err);
            }
            let request = HandOffRequest {
                serial,
                username: user,
                password: secret,
                by: &Actor::Cli,
            };
            backend.hand_off(request, &|_| {}).await
        }
        None => backend.assign(serial, user, &Actor::Cli).await,
    };
    let done = match done {
        Ok(done) => done,
        Err(e) => return report::failure(cli.json, &e, context, out, err),
    };
    let (mut doc, line) = report(serial, &done);
    let mut text = format!("{line}\n");
    // The Keychain only for a password verified in this run, once UEM confirmed the device is
    // the person's.
    if let (Some(secret), true) = (password, keychain) {
        let written = keychain::hand_off(loaded, host, &done.user, serial, &secret);
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
