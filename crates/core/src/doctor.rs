//! The preflight checks of `baton doctor` and `baton-relay doctor`: each is one line, ✔ or ✖,
//! and a failed check names its support code and the fix from the support-code catalogue
//! ([`crate::deploy_kit::it_notes`]). Only harmless reads: nothing in UEM or the directory
//! changes.

use std::io::Write;
use std::time::Duration;

use serde::Serialize;

use crate::config::Settings;
use crate::deploy_kit::it_notes;
use crate::directory::{LdapDirectory, LdapOptions};
use crate::ops::{Authority, RelayClient, RelayClientOptions};
use crate::problem::{ExitCode, Problem};
use crate::uem::{UemApi, UemClient, UemError, UemOptions};

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Stable name: `config`, `uem`, `role`, `device`, `directory`, `relay`, `keychain`.
    pub id: &'static str,
    pub ok: bool,
    /// What was checked and what was found.
    pub detail: String,
    /// The support code of the failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    #[serde(skip_serializing)]
    pub exit: Option<ExitCode>,
}

impl Check {
    pub fn pass(id: &'static str, detail: impl Into<String>) -> Self {
        Check {
            id,
            ok: true,
            detail: detail.into(),
            code: None,
            fix: None,
            exit: None,
        }
    }

    pub fn fail(id: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Check {
            id,
            ok: false,
            detail: detail.into(),
            code: None,
            fix: Some(fix.into()),
            exit: Some(ExitCode::Usage),
        }
    }

    /// A failure described by a typed error: its support code, and the catalogue's fix.
    pub fn problem(id: &'static str, what: &str, error: &dyn Problem) -> Self {
        let facing = error.user_facing();
        let fix = it_notes::note(facing.code)
            .map_or(facing.next_step, |note| note.check)
            .to_owned();
        Check {
            id,
            ok: false,
            detail: format!("{what}: {} ({error})", facing.summary),
            code: Some(facing.code),
            fix: Some(fix),
            exit: Some(facing.exit),
        }
    }
}

/// The fix the catalogue gives for `code`.
pub fn fix_for(code: &str) -> &'static str {
    it_notes::note(code).map_or("", |n| n.check)
}

pub fn no_serial() -> Check {
    Check::fail(
        "device",
        "This Mac's serial number could not be read",
        "Pass --serial S.",
    )
}

/// UEM reachable, TLS trusted and a token obtained; the role's harmless reads (a device by
/// `serial`, a user search); with `device_check`, this Mac found, enrolled and on a staging user.
pub async fn uem_checks(
    settings: &Settings,
    serial: Option<&str>,
    device_check: bool,
) -> Vec<Check> {
    let uem = match UemOptions::from_settings(settings).and_then(|mut options| {
        // A preflight reports at once; the hand-off's retries would hide the failure.
        options.retry_budget = Duration::ZERO;
        UemClient::new(options)
    }) {
        Ok(uem) => uem,
        Err(e) => return vec![Check::problem("uem", "UEM client", &e)],
    };
    let host = uem.options().api_url.to_string();
    let mut checks = Vec::new();
    match uem.system_info().await {
        Ok(_) => checks.push(Check::pass(
            "uem",
            format!("UEM reachable at {host}, TLS trusted, API token obtained"),
        )),
        Err(e) => {
            checks.push(Check::problem("uem", &format!("UEM at {host}"), &e));
            return checks;
        }
    }
    let staging = settings
        .uem
        .as_ref()
        .map(|u| u.staging_usernames.clone())
        .unwrap_or_default();
    // The role: read a device and search users. "Not found" is an answer, so the read is allowed.
    let device = match serial {
        Some(serial) => Some(uem.device_by_serial(serial).await),
        None => None,
    };
    let search = uem
        .search_users(staging.first().map_or("a", String::as_str), 1)
        .await;
    let denied = |e: &UemError| {
        !matches!(
            e,
            UemError::DeviceNotFound { .. } | UemError::UserNotFound { .. }
        )
    };
    let device_denied = device
        .as_ref()
        .and_then(|d| d.as_ref().err())
        .filter(|e| denied(e));
    let search_denied = search.as_ref().err().filter(|e| denied(e));
    checks.push(match (device_denied, search_denied) {
        (Some(e), _) => Check::problem("role", "The API role reading devices", e),
        (None, Some(e)) => Check::problem("role", "The API role searching users", e),
        (None, None) => Check::pass("role", "The API role can read devices and search users"),
    });
    if !device_check {
        return checks;
    }
    checks.push(match device {
        None => no_serial(),
        Some(Ok(device)) if !device.is_enrolled() => Check::fail(
            "device",
            format!("{} is in UEM but not enrolled", serial.unwrap_or_default()),
            it_notes::note("CHK-NOT-ENROLLED").map_or("", |n| n.check),
        ),
        Some(Ok(device)) if !device.is_on_staging_user(&staging) => Check::fail(
            "device",
            format!(
                "{} is enrolled to {}, not to a staging user ({})",
                serial.unwrap_or_default(),
                device.user_name.as_deref().unwrap_or("nobody"),
                staging.join(", ")
            ),
            it_notes::note("CHK-NOT-STAGED").map_or("", |n| n.check),
        ),
        Some(Ok(_)) => Check::pass(
            "device",
            format!(
                "{} found in UEM, enrolled, on a staging user",
                serial.unwrap_or_default()
            ),
        ),
        Some(Err(e)) => Check::problem(
            "device",
            &format!("Looking up {}", serial.unwrap_or_default()),
            &e,
        ),
    });
    checks
}

/// The directory reachable over TLS with the configured roots (no bind).
pub async fn directory_check(settings: &Settings) -> Option<Check> {
    let options = LdapOptions::from_settings(settings)?;
    let directory = match LdapDirectory::new(&options) {
        Ok(directory) => directory,
        Err(e) => return Some(Check::problem("directory", "The directory settings", &e)),
    };
    let endpoint = directory.endpoint();
    Some(match directory.probe().await {
        Ok(()) => Check::pass(
            "directory",
            format!("Directory reachable at {endpoint} over TLS with the configured CA"),
        ),
        Err(e) => Check::problem("directory", &format!("Directory at {endpoint}"), &e),
    })
}

/// The relay reachable, this Mac's client certificate accepted, and this Mac on a staging user.
pub async fn relay_checks(settings: &Settings, serial: Option<&str>) -> Vec<Check> {
    let relay = settings.relay.as_ref().expect("relay checks need RelayURL");
    let url = relay.url.to_string();
    let client = match RelayClientOptions::from_settings(relay).and_then(RelayClient::new) {
        Ok(client) => client,
        Err(e) => return vec![Check::problem("relay", "This Mac's relay client", &e)],
    };
    let Some(serial) = serial else {
        return vec![no_serial()];
    };
    match client.device(serial).await {
        Ok(device) => vec![
            Check::pass(
                "relay",
                format!("Relay reachable at {url}, this Mac's client certificate accepted"),
            ),
            if device.staged {
                Check::pass(
                    "device",
                    format!("{} found in UEM, on a staging user", device.serial),
                )
            } else if !device.enrolled {
                Check::fail(
                    "device",
                    format!("{} is in UEM but not enrolled", device.serial),
                    it_notes::note("CHK-NOT-ENROLLED").map_or("", |n| n.check),
                )
            } else {
                Check::fail(
                    "device",
                    format!("{} is not on a staging user", device.serial),
                    it_notes::note("CHK-NOT-STAGED").map_or("", |n| n.check),
                )
            },
        ],
        Err(e) => vec![Check::problem("relay", &format!("Relay at {url}"), &e)],
    }
}

/// Prints the report; the exit code is 0 when every check passed, otherwise that of the first
/// failure.
pub fn report(json: bool, checks: &[Check], out: &mut dyn Write) -> ExitCode {
    let ok = checks.iter().all(|c| c.ok);
    if json {
        let doc = serde_json::json!({ "ok": ok, "checks": checks });
        let _ = writeln!(out, "{doc}");
    } else {
        for check in checks {
            let _ = writeln!(out, "{} {}", if check.ok { "✔" } else { "✖" }, check.detail);
            if let Some(fix) = &check.fix {
                let code = check.code.map(|c| format!(" [{c}]")).unwrap_or_default();
                let _ = writeln!(out, "    fix{code}: {fix}");
            }
        }
        let failed = checks.iter().filter(|c| !c.ok).count();
        let _ = if failed == 0 {
            writeln!(out, "All {} checks passed.", checks.len())
        } else {
            writeln!(out, "{failed} of {} checks failed.", checks.len())
        };
    }
    checks
        .iter()
        .find(|c| !c.ok)
        .map_or(ExitCode::Done, |c| c.exit.unwrap_or(ExitCode::Usage))
}
