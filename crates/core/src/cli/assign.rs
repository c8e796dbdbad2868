//! `baton assign --serial S --user U`: the technician path — check the device out to the user in
//! UEM, sync it and confirm.

use std::io::Write;

use serde_json::json;

use super::{report, Cli};
use crate::checkout::{self, CheckoutOptions, CheckoutReport, Outcome};
use crate::config::Loaded;
use crate::problem::ExitCode;
use crate::uem::UemClient;

/// The checkout options of a configuration.
pub(super) fn options(loaded: &Loaded, user: &str) -> CheckoutOptions {
    let settings = &loaded.settings;
    CheckoutOptions {
        staging_usernames: settings.uem.staging_usernames.clone(),
        sync_after_switch: settings.uem.sync_after_switch,
        create_missing_user: settings.uem.create_missing_users.then(|| {
            crate::uem::NewDirectoryUser {
                user_name: user.to_owned(),
                ..Default::default()
            }
        }),
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

pub(super) async fn run(
    cli: &Cli,
    loaded: &Loaded,
    client: &UemClient,
    serial: &str,
    user: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let (serial, user) = (serial.trim(), user.trim());
    match checkout::checkout(client, serial, user, &options(loaded, user)).await {
        Ok(report) => {
            let text = format!("{}\n", describe(&report));
            report::success(cli.json, json!(report), &text, out);
            ExitCode::Done
        }
        Err(e) => report::failure(
            cli.json,
            &e,
            Some(json!({ "serial": serial, "userName": user })),
            out,
            err,
        ),
    }
}
