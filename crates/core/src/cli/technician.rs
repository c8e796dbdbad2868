//! `baton --technician T device|users|assign|return|preregister`: technician mode headless.
//! The technician's own directory password is read from standard input (never argv); only a
//! member of `TechnicianGroups` is served (else exit 10); every action is audited with their
//! name (the relay's audit, or this log in direct mode) and, where UEM allows, a device note.
//!
//! ```text
//! baton [--config F] [--json] --technician T device  --serial S
//! baton [--config F] [--json] --technician T users   QUERY
//! baton [--config F] [--json] --technician T assign  --serial S --user U
//! baton [--config F] [--json] --technician T return  --serial S
//! baton [--config F] [--json] --technician T preregister --serial S --user U   (or --csv FILE)
//! ```

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::Path;

use secrecy::SecretString;
use serde_json::{json, Value};

use super::csv_rows::{read_rows, RowReport, Strictness};
use super::{report, Cli, Command, Host};
use crate::config::Settings;
use crate::ops::{Actor, Outcome, RegistrationRecord};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::technician::{AnyGate, Desk, Gate, TechnicianError};

/// A technician command line that cannot be run as given.
#[derive(Debug, thiserror::Error)]
pub(super) enum Usage {
    #[error("{0} needs --technician")]
    NeedsTechnician(&'static str),
    #[error("--technician does not go with {0}")]
    NotForTechnician(&'static str),
    #[error("preregister needs --serial and --user, or --csv")]
    PreregisterInput,
}

impl Problem for Usage {
    fn user_facing(&self) -> UserFacing {
        let (code, summary, next_step) = match self {
            Usage::NeedsTechnician(_) => (
                "CLI-TECH-NEEDED",
                "This command is for technicians.",
                "Add --technician with your directory user name and pipe your password into baton.",
            ),
            Usage::NotForTechnician(_) => (
                "CLI-TECH-OPTION",
                "This option does not go with --technician.",
                "Leave the option out: a technician assigns without the person's password.",
            ),
            Usage::PreregisterInput => (
                "CLI-TECH-PREREGISTER",
                "Pre-registration needs a serial number and a user name, or a CSV file.",
                "Give --serial and --user, or --csv with the columns SerialNumber,Username.",
            ),
        };
        UserFacing {
            code,
            summary,
            next_step,
            exit: ExitCode::Usage,
        }
    }
}

/// The subcommands that exist only for technicians.
pub(super) fn technician_only(command: &Command) -> Option<&'static str> {
    match command {
        Command::Device { .. } => Some("device"),
        Command::Users { .. } => Some("users"),
        Command::Return { .. } => Some("return"),
        Command::Preregister { .. } => Some("preregister"),
        _ => None,
    }
}

/// One technician action, checked before the password is read.
enum Action<'a> {
    Device(&'a str),
    Users(&'a str),
    Assign { serial: &'a str, user: &'a str },
    Return(&'a str),
    Preregister { serial: &'a str, user: &'a str },
    PreregisterCsv(&'a Path),
}

fn action(command: &Command) -> Result<Action<'_>, Usage> {
    Ok(match command {
        Command::Device { serial } => Action::Device(serial),
        Command::Users { query } => Action::Users(query),
        Command::Assign {
            password_stdin: true,
            ..
        } => return Err(Usage::NotForTechnician("--password-stdin")),
        Command::Assign { keychain: true, .. } => {
            return Err(Usage::NotForTechnician("--keychain"))
        }
        Command::Assign { serial, user, .. } => Action::Assign { serial, user },
        Command::Return { serial } => Action::Return(serial),
        Command::Preregister {
            serial: Some(serial),
            user: Some(user),
            csv: None,
        } => Action::Preregister { serial, user },
        Command::Preregister {
            serial: None,
            user: None,
            csv: Some(csv),
        } => Action::PreregisterCsv(csv),
        Command::Preregister { .. } => return Err(Usage::PreregisterInput),
        Command::Status { .. } => return Err(Usage::NotForTechnician("status")),
        Command::Batch { .. } => return Err(Usage::NotForTechnician("batch")),
        Command::CheckConfig => return Err(Usage::NotForTechnician("check-config")),
        Command::Doctor { .. } => return Err(Usage::NotForTechnician("doctor")),
    })
}

/// Runs a technician subcommand: the password from `stdin`, the report to `out`/`err`.
pub(super) fn run(
    cli: &Cli,
    command: &Command,
    host: &Host<'_>,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let Some(technician) = cli.technician.as_deref() else {
        let name = technician_only(command).unwrap_or("this command");
        return report::failure(cli.json, &Usage::NeedsTechnician(name), None, out, err);
    };
    let action = match action(command) {
        Ok(action) => action,
        Err(e) => return report::failure(cli.json, &e, None, out, err),
    };
    let loaded = match crate::config::load_with_managed(cli.config.as_deref(), &host.managed_dir) {
        Ok(loaded) => loaded,
        Err(error) => {
            super::check_config::log_problems(&error);
            let _ = report::config_error(cli.json, &error, out, err);
            return ExitCode::Usage;
        }
    };
    let password = match super::assign::read_password(stdin) {
        Ok(password) => password,
        Err(e) => return report::failure(cli.json, &e, None, out, err),
    };
    let _scrub = crate::redact::register(&password);
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
        let gate = match crate::technician::gate(&loaded.settings, &host.data_dir) {
            Ok(gate) => gate,
            Err(e) => return report::failure(cli.json, &e, None, out, err),
        };
        let ctx = Ctx {
            json: cli.json,
            settings: &loaded.settings,
        };
        match gate {
            AnyGate::Direct(gate) => {
                serve(&ctx, &gate, technician, password, action, out, err).await
            }
            AnyGate::Relay(gate) => {
                serve(&ctx, &gate, technician, password, action, out, err).await
            }
        }
    })
}

struct Ctx<'a> {
    json: bool,
    settings: &'a Settings,
}

async fn serve<G: Gate>(
    ctx: &Ctx<'_>,
    gate: &G,
    technician: &str,
    password: SecretString,
    action: Action<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let signed_in = gate.sign_in(technician, &password).await;
    drop(password);
    let desk = match signed_in {
        Ok(desk) => desk,
        Err(e) => {
            let context = Some(json!({ "technician": technician.trim() }));
            return report::failure(ctx.json, &e, context, out, err);
        }
    };
    let code = act(ctx, &desk, action, out, err).await;
    desk.sign_out().await;
    code
}

async fn act<D: Desk>(
    ctx: &Ctx<'_>,
    desk: &D,
    action: Action<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let by = Actor::Technician(desk.technician().to_owned());
    let json = ctx.json;
    let fail = |e: TechnicianError, context: Value, out: &mut dyn Write, err: &mut dyn Write| {
        report::failure(json, &e, Some(context), out, err)
    };
    match action {
        Action::Device(serial) => {
            let serial = serial.trim().to_uppercase();
            match desk.look_up(&serial).await {
                Ok(found) => {
                    let (state, history) = (&found.device, &found.history);
                    let mut text = describe_device(state);
                    text.push_str(&describe_registration(found.registration.as_ref()));
                    if history.is_empty() {
                        text.push_str("History: none.\n");
                    } else {
                        text.push_str("History (newest first):\n");
                    }
                    for entry in history {
                        text.push_str(&format!(
                            "  {}  {:<5}  {}{}\n",
                            entry.at.as_deref().unwrap_or("-"),
                            entry.source,
                            entry.event,
                            entry
                                .actor
                                .as_deref()
                                .map(|a| format!(" ({a})"))
                                .unwrap_or_default()
                        ));
                    }
                    let doc = json!({
                        "device": state,
                        "history": history,
                        "registration": found.registration,
                    });
                    report::success(json, doc, &text, out);
                    ExitCode::Done
                }
                Err(e) => fail(e.into(), json!({ "serial": serial }), out, err),
            }
        }
        Action::Users(query) => match desk.search_users(query).await {
            Ok(found) => {
                let found: Vec<_> = found
                    .into_iter()
                    .filter(|u| {
                        ctx.settings.technician.allow_basic_users || u.directory != Some(false)
                    })
                    .collect();
                let mut text = String::new();
                for user in &found {
                    text.push_str(&format!(
                        "{}\t{}\t{}\t{}\n",
                        user.username,
                        user.display_name.as_deref().unwrap_or("-"),
                        user.email.as_deref().unwrap_or("-"),
                        user.device_count
                            .map(|n| format!("{n} device(s)"))
                            .unwrap_or_else(|| "-".into())
                    ));
                }
                if found.is_empty() {
                    text.push_str("Nobody found.\n");
                }
                let doc = json!({ "query": query.trim(), "users": found });
                report::success(json, doc, &text, out);
                ExitCode::Done
            }
            Err(e) => fail(e.into(), json!({ "query": query.trim() }), out, err),
        },
        Action::Assign { serial, user } => {
            let serial = serial.trim().to_uppercase();
            let context = json!({ "serial": serial, "userName": user.trim() });
            match desk.assign(&serial, user, &by).await {
                Ok(done) => {
                    audit(
                        desk.technician(),
                        "assign",
                        &serial,
                        Ok(&done.user.short_name),
                    );
                    let switched = done.outcome == Outcome::Switched;
                    let owner = &done.user.short_name;
                    let text = if switched {
                        format!(
                            "{serial} is now assigned to {owner} (by {}).\n",
                            desk.technician()
                        )
                    } else {
                        format!("{serial} already belongs to {owner}; nothing was changed.\n")
                    };
                    let doc = json!({
                        "serial": serial,
                        "userName": owner,
                        "outcome": if switched { "switched" } else { "alreadyAssigned" },
                        "synced": done.synced,
                        "technician": desk.technician(),
                    });
                    report::success(json, doc, &text, out);
                    ExitCode::Done
                }
                Err(e) => {
                    let e = TechnicianError::from(e);
                    audit(desk.technician(), "assign", &serial, Err(&e));
                    fail(e, context, out, err)
                }
            }
        }
        Action::Return(serial) => {
            let serial = serial.trim().to_uppercase();
            match desk.return_to_staging(&serial, &by).await {
                Ok(back) => {
                    audit(desk.technician(), "return", &serial, Ok(&back.staging_user));
                    let text = match &back.from {
                        Some(from) => format!(
                            "{serial} is back on {} (it was {from}'s).\n",
                            back.staging_user
                        ),
                        None => format!(
                            "{serial} already was on {}; nothing was changed.\n",
                            back.staging_user
                        ),
                    };
                    let doc = json!({
                        "serial": serial,
                        "stagingUser": back.staging_user,
                        "from": back.from,
                        "technician": desk.technician(),
                    });
                    report::success(json, doc, &text, out);
                    ExitCode::Done
                }
                Err(e) => {
                    let e = TechnicianError::from(e);
                    audit(desk.technician(), "return", &serial, Err(&e));
                    fail(e, json!({ "serial": serial }), out, err)
                }
            }
        }
        Action::Preregister { serial, user } => {
            let serial = serial.trim().to_uppercase();
            let context = json!({ "serial": serial, "userName": user.trim() });
            match preregister_one(desk, &serial, user, &by).await {
                Ok(username) => {
                    let text = format!("{serial} is pre-registered to {username}.\n");
                    let doc = json!({
                        "serial": serial,
                        "userName": username,
                        "technician": desk.technician(),
                    });
                    report::success(json, doc, &text, out);
                    ExitCode::Done
                }
                Err(e) => fail(e, context, out, err),
            }
        }
        Action::PreregisterCsv(path) => preregister_csv(json, desk, path, &by, out, err).await,
    }
}

async fn preregister_one<D: Desk>(
    desk: &D,
    serial: &str,
    user: &str,
    by: &Actor,
) -> Result<String, TechnicianError> {
    let result = desk
        .preregister(serial, user, by)
        .await
        .map(|registered| registered.username)
        .map_err(TechnicianError::from);
    audit(desk.technician(), "preregister", serial, result.as_ref());
    result
}

fn describe_device(state: &crate::ops::DeviceState) -> String {
    let mut text = format!("Serial:     {}\n", state.serial);
    let line = |label: &str, value: Option<&str>| format!("{label:<12}{}\n", value.unwrap_or("-"));
    text.push_str(&line("Model:", state.model.as_deref()));
    text.push_str(&line("Asset tag:", state.asset_number.as_deref()));
    text.push_str(&line(
        "Enrollment:",
        Some(if state.enrolled {
            "enrolled"
        } else {
            "not enrolled"
        }),
    ));
    let user = match (&state.owner, state.staged) {
        (_, true) => "staging (ready to be assigned)".to_owned(),
        (Some(owner), _) => match &owner.display_name {
            Some(name) => format!("{name} ({})", owner.username),
            None => owner.username.clone(),
        },
        (None, false) => "-".to_owned(),
    };
    text.push_str(&line("User:", Some(&user)));
    text.push_str(&line("Last seen:", state.last_seen.as_deref()));
    text
}

/// The registration line of the device text: "Registered: jdoe", "none", or why not.
fn describe_registration(record: Option<&RegistrationRecord>) -> String {
    let value = match record {
        Some(RegistrationRecord::Registered { usernames }) => usernames.join(", "),
        Some(RegistrationRecord::NotRegistered) => "none".to_owned(),
        Some(RegistrationRecord::Unreadable { code }) => {
            format!("could not be read (support code {code})")
        }
        None => "-".to_owned(),
    };
    format!("{:<12}{value}\n", "Registered:")
}

/// The audit line of one technician action (the relay writes its own audit row as well).
fn audit(technician: &str, action: &str, serial: &str, result: Result<&String, &TechnicianError>) {
    match result {
        Ok(to) => tracing::info!(
            target: "baton::audit",
            technician,
            action,
            serial,
            to = %to,
            "technician action done (command line)"
        ),
        Err(e) => tracing::warn!(
            target: "baton::audit",
            technician,
            action,
            serial,
            code = e.user_facing().code,
            "technician action refused (command line)"
        ),
    }
}

/// A row that cannot be attempted.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
struct BadRow {
    line: u64,
    reason: &'static str,
}

const DUPLICATE: &str = "the serial number appears on an earlier line";
const MALFORMED: &str = "the line is not valid CSV for these columns";

impl Problem for BadRow {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "CLI-CSV-ROW",
            summary: match self.reason {
                DUPLICATE => "This serial number appears on an earlier line of the file.",
                MALFORMED => "This line does not have the file's columns.",
                _ => "This line lacks a serial number or a user name.",
            },
            next_step: "Correct the line and run the pre-registration again for it.",
            exit: ExitCode::Usage,
        }
    }
}

/// One pre-registration per row, every row attempted; the exit code is the first failed
/// row's.
async fn preregister_csv<D: Desk>(
    json: bool,
    desk: &D,
    path: &Path,
    by: &Actor,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let mut rows = match read_rows(path, Strictness::Lenient) {
        Ok(rows) => rows,
        Err(e) => return report::failure(json, &e, None, out, err),
    };
    let mut seen = HashSet::new();
    let mut report = RowReport::default();
    for row in &mut rows {
        row.serial = row.serial.to_uppercase();
        let bad = row.malformed.then_some(MALFORMED).or_else(|| {
            if row.serial.is_empty() || row.username.is_empty() {
                Some("missing field")
            } else if !seen.insert(row.serial.clone()) {
                Some(DUPLICATE)
            } else {
                None
            }
        });
        let attempt: Result<String, Box<dyn report::ProblemError>> = match bad {
            Some(reason) => Err(Box::new(BadRow {
                line: row.line,
                reason,
            })),
            None => preregister_one(desk, &row.serial, &row.username, by)
                .await
                .map_err(|e| Box::new(e) as Box<dyn report::ProblemError>),
        };
        match attempt {
            Ok(username) => report.succeeded(
                row.line,
                &format!("{} pre-registered to {username}", row.serial),
                json!({ "line": row.line, "serial": row.serial, "userName": username }),
            ),
            Err(e) => report.failed(row, e.as_ref()),
        }
    }
    let mut extra = serde_json::Map::new();
    extra.insert("technician".into(), json!(desk.technician()));
    report.finish(json, "pre-registered", extra, out)
}
