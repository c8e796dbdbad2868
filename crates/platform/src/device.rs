//! This Mac's identity: serial number and hardware UUID, read from `ioreg` on macOS.
//!
//! `BATON_DEVICE_SERIAL` / `BATON_DEVICE_UDID` replace them for development and tests. A release
//! build on macOS honours them only when the managed key `AllowIdentityOverride` is true:
//! otherwise a person could claim someone else's staged Mac by setting an environment variable.

use std::sync::atomic::{AtomicBool, Ordering};

/// Serial number and hardware UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceIdentity {
    pub serial: String,
    pub hardware_uuid: Option<String>,
}

/// Why this machine's identity is unknown.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdentityError {
    #[error("ioreg could not be run: {0}")]
    Ioreg(String),
    #[error("ioreg did not report IOPlatformSerialNumber")]
    NoSerial,
    #[error("this is not a Mac: set BATON_DEVICE_SERIAL (and BATON_DEVICE_UDID) to play one")]
    NotAMac,
}

/// Parses `ioreg -rd1 -c IOPlatformExpertDevice` output.
pub fn parse_ioreg(output: &str) -> Result<DeviceIdentity, IdentityError> {
    let value = |key: &str| {
        output.lines().find_map(|line| {
            let rest = line.trim().strip_prefix(&format!("\"{key}\""))?;
            let rest = rest.trim_start().strip_prefix('=')?.trim();
            let text = rest.strip_prefix('"')?.strip_suffix('"')?;
            (!text.trim().is_empty()).then(|| text.trim().to_owned())
        })
    };
    Ok(DeviceIdentity {
        serial: value("IOPlatformSerialNumber").ok_or(IdentityError::NoSerial)?,
        hardware_uuid: value("IOPlatformUUID"),
    })
}

/// Whether the environment may replace the hardware identity in this build.
pub fn override_allowed(allow_identity_override: bool) -> bool {
    cfg!(debug_assertions) || !cfg!(target_os = "macos") || allow_identity_override
}

/// True the first time it is called with `flag` (a warning said once per process, not on every
/// read of the identity).
fn first_time(flag: &AtomicBool) -> bool {
    !flag.swap(true, Ordering::Relaxed)
}

/// The identity from `BATON_DEVICE_SERIAL`/`BATON_DEVICE_UDID`, when set and allowed. Whether
/// it is used or ignored is logged once per process.
pub fn from_environment(allow_identity_override: bool) -> Option<DeviceIdentity> {
    let serial = std::env::var("BATON_DEVICE_SERIAL")
        .ok()
        .filter(|s| !s.trim().is_empty())?;
    static IGNORED: AtomicBool = AtomicBool::new(false);
    static USED: AtomicBool = AtomicBool::new(false);
    if !override_allowed(allow_identity_override) {
        if first_time(&IGNORED) {
            tracing::warn!("BATON_DEVICE_SERIAL is ignored: AllowIdentityOverride is not set");
        }
        return None;
    }
    if first_time(&USED) {
        tracing::warn!(
            serial = serial.trim(),
            "this Mac's identity comes from BATON_DEVICE_SERIAL, not from the hardware (identity override)"
        );
    }
    Some(DeviceIdentity {
        serial: serial.trim().to_owned(),
        hardware_uuid: std::env::var("BATON_DEVICE_UDID")
            .ok()
            .filter(|s| !s.trim().is_empty()),
    })
}

/// This machine's identity: the environment override when allowed, else the hardware.
pub fn identity(allow_identity_override: bool) -> Result<DeviceIdentity, IdentityError> {
    if let Some(identity) = from_environment(allow_identity_override) {
        return Ok(identity);
    }
    hardware()
}

#[cfg(target_os = "macos")]
fn hardware() -> Result<DeviceIdentity, IdentityError> {
    let output = std::process::Command::new("/usr/sbin/ioreg")
        .args(["-rd1", "-c", "IOPlatformExpertDevice"])
        .output()
        .map_err(|e| IdentityError::Ioreg(e.to_string()))?;
    if !output.status.success() {
        return Err(IdentityError::Ioreg(format!(
            "exit status {}",
            output.status
        )));
    }
    parse_ioreg(&String::from_utf8_lossy(&output.stdout))
}

#[cfg(not(target_os = "macos"))]
fn hardware() -> Result<DeviceIdentity, IdentityError> {
    Err(IdentityError::NotAMac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_flag_says_yes_once() {
        let flag = AtomicBool::new(false);
        assert!(first_time(&flag));
        assert!(!first_time(&flag));
        assert!(!first_time(&flag));
    }

    #[test]
    fn parses_apple_silicon_and_intel_output() {
        let arm = include_str!("../tests/fixtures/ioreg-apple-silicon.txt");
        assert_eq!(
            parse_ioreg(arm).unwrap(),
            DeviceIdentity {
                serial: "FVFHK0AAQ6L4".into(),
                hardware_uuid: Some("4C4C4544-0042-3510-8051-B7C04F4B4E32".into()),
            }
        );
        let intel = include_str!("../tests/fixtures/ioreg-intel.txt");
        assert_eq!(parse_ioreg(intel).unwrap().serial, "C02XK0AAJG5J");
    }

    #[test]
    fn output_without_a_serial_is_an_error() {
        assert_eq!(
            parse_ioreg(
                "+-o Root  <class IORegistryEntry>\n{\n  \"IOPlatformSerialNumber\" = \"\"\n}"
            ),
            Err(IdentityError::NoSerial)
        );
        assert_eq!(parse_ioreg(""), Err(IdentityError::NoSerial));
    }

    #[test]
    fn the_override_is_allowed_in_debug_builds_and_off_macos() {
        assert!(override_allowed(false) || cfg!(all(target_os = "macos", not(debug_assertions))));
        assert!(override_allowed(true));
    }
}
