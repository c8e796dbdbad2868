//! `baton doctor [--serial S]`: the preflight an admin runs on a test Mac before the first
//! hand-off. Every check is one line, ✔ or ✖, and a failed check names its support code and the
//! fix from the support-code catalogue (`deploy_kit::it_notes`). Only harmless reads and one
//! throw-away Keychain item (removed again) — nothing in UEM or the directory changes. Exit 0
//! only when every check passed.

use std::io::Write;
use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;

use super::{Cli, Host};
use crate::config::{self, Loaded, Settings};
use crate::deploy_kit::it_notes;
use crate::directory::{LdapDirectory, LdapOptions};
use crate::ops::{Authority, RelayClient, RelayClientOptions};
use crate::problem::{ExitCode, Problem};
use crate::uem::{UemApi, UemClient, UemError, UemOptions};

/// The service of the throw-away Keychain item.
pub const PROBE_SERVICE: &str = "dev.baton.Baton.doctor";

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
    exit: Option<ExitCode>,
}

impl Check {
    fn pass(id: &'static str, detail: impl Into<String>) -> Self {
        Check {
            id,
            ok: true,
            detail: detail.into(),
            code: None,
            fix: None,
            exit: None,
        }
    }

    fn fail(id: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
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
    fn problem(id: &'static str, what: &str, error: &dyn Problem) -> Self {
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

/// Everything `doctor` needs besides the configuration.
pub struct Probe<'a> {
    pub host: &'a Host<'a>,
    /// `--serial`; otherwise this Mac's.
    pub serial: Option<&'a str>,
}

/// Runs every check that applies to the configuration, in order.
pub async fn checks(loaded: &Loaded, probe: &Probe<'_>) -> Vec<Check> {
    let settings = &loaded.settings;
    let mut checks = vec![Check::pass(
        "config",
        match loaded.warnings.len() {
            0 => "Configuration valid".to_owned(),
            n => format!("Configuration valid, with {n} warning(s): see `baton check-config`"),
        },
    )];
    let serial = match probe.serial {
        Some(serial) => Some(serial.trim().to_owned()),
        None => baton_platform::device::identity(settings.allow_identity_override)
            .map(|identity| identity.serial)
            .ok(),
    };
    if settings.relay.is_some() {
        checks.extend(relay_checks(settings, serial.as_deref()).await);
    } else {
        checks.extend(uem_checks(settings, serial.as_deref()).await);
        checks.extend(directory_check(settings).await);
    }
    checks.push(keychain_check(probe.host));
    checks
}

fn no_serial() -> Check {
    Check::fail(
        "device",
        "This Mac's serial number could not be read",
        "Pass --serial S.",
    )
}

async fn uem_checks(settings: &Settings, serial: Option<&str>) -> Vec<Check> {
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

async fn directory_check(settings: &Settings) -> Option<Check> {
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

async fn relay_checks(settings: &Settings, serial: Option<&str>) -> Vec<Check> {
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

/// Writes a throw-away item with a random value, reads it back and removes it.
fn keychain_check(host: &Host<'_>) -> Check {
    let os_store;
    let store: &dyn baton_platform::keychain::SecretStore = match host.secret_store {
        Some(store) => store,
        None => {
            os_store = baton_platform::keychain::handoff_store();
            os_store.as_ref()
        }
    };
    let account = format!("doctor-{}", std::process::id());
    let spec = baton_platform::keychain::ItemSpec::new(PROBE_SERVICE, account.as_str());
    let value: String = {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        (0..24)
            .map(|_| rng.sample(rand::distributions::Alphanumeric) as char)
            .collect()
    };
    let secret = SecretString::from(value);
    let outcome = store
        .put(&spec, &secret)
        .and_then(|()| store.find(PROBE_SERVICE, &account))
        .and_then(|found| {
            let removed = store.delete(PROBE_SERVICE, &account)?;
            Ok((found.is_some(), removed))
        });
    match outcome {
        Ok((true, true)) => Check::pass(
            "keychain",
            format!(
                "Keychain writable ({}): a test item was written, read and removed",
                store.backend()
            ),
        ),
        Ok(_) => Check::fail(
            "keychain",
            format!(
                "Keychain ({}): a test item did not read back",
                store.backend()
            ),
            it_notes::note("KEYCHAIN-UNAVAILABLE").map_or("", |n| n.check),
        ),
        Err(e) => {
            let _ = store.delete(PROBE_SERVICE, &account);
            Check {
                code: Some("KEYCHAIN-UNAVAILABLE"),
                exit: Some(ExitCode::KeychainFailed),
                ..Check::fail(
                    "keychain",
                    format!("Keychain ({}) not writable: {e}", store.backend()),
                    it_notes::note("KEYCHAIN-UNAVAILABLE").map_or("", |n| n.check),
                )
            }
        }
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

/// `baton doctor`.
pub(super) fn run(cli: &Cli, probe: &Probe<'_>, out: &mut dyn Write) -> ExitCode {
    let loaded = match config::load(cli.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            let problems: Vec<_> = error.problems.iter().map(|p| p.message.as_str()).collect();
            let check = Check {
                code: Some("CFG-001"),
                ..Check::fail(
                    "config",
                    format!("Configuration invalid: {}", problems.join(" ")),
                    "Fix the keys named above in Baton's configuration profile (docs/configuration.md); `baton check-config` lists them. The other checks need a valid configuration.",
                )
            };
            return report(cli.json, &[check], out);
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
    let checks = runtime.block_on(checks(&loaded, probe));
    report(cli.json, &checks, out)
}
