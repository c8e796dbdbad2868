//! `baton status [--serial S]`: the device as UEM sees it, and whether Baton may hand it over.

use std::io::Write;

use serde_json::json;

use super::{report, Cli};
use crate::config::Loaded;
use crate::ops::{Authority, RelayClient};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::UemApi;
use crate::wiring::Backend;

fn backend_staging(backend: &Backend) -> Vec<String> {
    match backend {
        Backend::Direct(direct) => direct.options().staging_usernames.clone(),
        Backend::Relay(_) => Vec::new(),
    }
}

fn verdict(enrolled: bool, staged: bool) -> &'static str {
    match (enrolled, staged) {
        (false, _) => "not enrolled: finish enrolling it with the staging account first",
        (true, true) => "on a staging user: ready to be handed over",
        (true, false) => "assigned to a person: nothing to hand over",
    }
}

/// `status` through the relay: this Mac's state as the relay reads it (the serial comes from
/// this Mac's certificate, so another serial cannot be asked for).
async fn relayed(
    cli: &Cli,
    relay: &RelayClient,
    serial: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let device = match relay.device(serial).await {
        Ok(device) => device,
        Err(e) => {
            return report::failure(cli.json, &e, Some(json!({ "serial": serial })), out, err)
        }
    };
    if !device.serial.eq_ignore_ascii_case(serial.trim()) {
        // The relay answers for this Mac's certificate only: never show it as another serial.
        let refusal = crate::ops::RelayError::Refused {
            status: 403,
            code: "RELAY-FORBIDDEN".into(),
            title: format!("the relay answers for {} only", device.serial),
        };
        return report::failure(
            cli.json,
            &refusal,
            Some(json!({ "serial": serial })),
            out,
            err,
        );
    }
    let user = device.owner.as_ref().map(|o| o.username.clone());
    let text = format!(
        "Device {} (through the relay)\n  Model:       {}\n  User:        {}\n  Status:      {}\n",
        device.serial,
        device.model.as_deref().unwrap_or("—"),
        user.as_deref()
            .unwrap_or(if device.staged { "staging" } else { "—" }),
        verdict(device.enrolled, device.staged),
    );
    let doc = json!({
        "serial": device.serial,
        "model": device.model,
        "enrolled": device.enrolled,
        "staged": device.staged,
        "userName": user,
        "lastSeen": device.last_seen,
        "relay": true,
    });
    report::success(cli.json, doc, &text, out);
    ExitCode::Done
}

/// This machine's serial could not be read and none was given.
#[derive(Debug, thiserror::Error)]
#[error("the serial number is unknown: {0}")]
pub(super) struct NoSerial(pub(super) baton_platform::device::IdentityError);

impl Problem for NoSerial {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "CLI-NO-SERIAL",
            summary: "This Mac's serial number could not be read.",
            next_step: "Pass the serial number with --serial.",
            exit: ExitCode::Usage,
        }
    }
}

pub(super) async fn run(
    cli: &Cli,
    loaded: &Loaded,
    backend: &Backend,
    serial: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let serial = match serial {
        Some(serial) => serial.trim().to_owned(),
        None => match baton_platform::device::identity(loaded.settings.allow_identity_override) {
            Ok(identity) => identity.serial,
            Err(e) => return report::failure(cli.json, &NoSerial(e), None, out, err),
        },
    };
    let client = match backend {
        Backend::Direct(direct) => direct.uem(),
        Backend::Relay(relay) => return relayed(cli, relay, &serial, out, err).await,
    };
    let device = match client.device_by_serial(&serial).await {
        Ok(device) => device,
        Err(e) => {
            return report::failure(cli.json, &e, Some(json!({ "serial": serial })), out, err)
        }
    };
    let staging = &backend_staging(backend);
    let enrolled = device.is_enrolled();
    let staged = enrolled && device.is_on_staging_user(staging);
    let user = device.user_name.clone().unwrap_or_default();
    let verdict = verdict(enrolled, staged);
    let text = format!(
        "Device {serial} (UEM id {id})\n  Name:        {name}\n  Enrollment:  {status}\n  User:        {user}{email}\n  Status:      {verdict}\n",
        id = device.id,
        name = device.friendly_name.as_deref().unwrap_or("—"),
        status = device.enrollment_status.as_deref().unwrap_or("unknown"),
        email = device
            .user_email
            .as_deref()
            .filter(|e| !e.is_empty())
            .map(|e| format!(" <{e}>"))
            .unwrap_or_default(),
    );
    let doc = json!({
        "serial": serial,
        "deviceId": device.id.0,
        "friendlyName": device.friendly_name,
        "model": device.model,
        "enrollmentStatus": device.enrollment_status,
        "enrolled": enrolled,
        "userName": device.user_name,
        "userEmail": device.user_email,
        "staged": staged,
        "lastSeen": device.last_seen,
    });
    report::success(cli.json, doc, &text, out);
    ExitCode::Done
}
