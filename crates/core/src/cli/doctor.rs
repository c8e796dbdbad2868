//! `baton doctor [--serial S]`: the preflight an admin runs on a test Mac before the first
//! hand-off ([`crate::doctor`] has the checks): configuration, UEM or the relay, this Mac in UEM,
//! the directory, and the Keychain (a throw-away item, removed again). Exit 0 only when every
//! check passed.

use std::io::Write;

use secrecy::SecretString;

use super::{Cli, Host};
use crate::config::{self, Loaded};
use crate::doctor::{directory_check, fix_for, relay_checks, report, uem_checks, Check};
use crate::problem::ExitCode;

/// The service of the throw-away Keychain item.
pub const PROBE_SERVICE: &str = "dev.baton.Baton.doctor";

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
        checks.extend(uem_checks(settings, serial.as_deref(), true).await);
        checks.extend(directory_check(settings).await);
    }
    checks.push(keychain_check(probe.host));
    checks
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
        // 24 characters drawn uniformly from A-Z, a-z, 0-9 (the top six bits of each random
        // byte; 62 and 63 are drawn again).
        const ALPHANUMERIC: &[u8; 62] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut value = String::with_capacity(24);
        let mut bytes = [0u8; 32];
        while value.len() < 24 {
            ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
                .expect("the operating system's random number generator failed");
            value.extend(
                bytes
                    .iter()
                    .map(|b| usize::from(b >> 2))
                    .filter(|&i| i < ALPHANUMERIC.len())
                    .map(|i| char::from(ALPHANUMERIC[i]))
                    .take(24 - value.len()),
            );
        }
        value
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
            fix_for("KEYCHAIN-UNAVAILABLE"),
        ),
        Err(e) => {
            let _ = store.delete(PROBE_SERVICE, &account);
            Check {
                code: Some("KEYCHAIN-UNAVAILABLE"),
                exit: Some(ExitCode::KeychainFailed),
                ..Check::fail(
                    "keychain",
                    format!("Keychain ({}) not writable: {e}", store.backend()),
                    fix_for("KEYCHAIN-UNAVAILABLE"),
                )
            }
        }
    }
}

/// `baton doctor`.
pub(super) fn run(cli: &Cli, probe: &Probe<'_>, out: &mut dyn Write) -> ExitCode {
    let loaded = match config::load_with_managed(cli.config.as_deref(), &probe.host.managed_dir) {
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
