//! `baton-relay --config FILE`: a TOML or JSON file with the relay's own keys (RELAY.md,
//! "Running it") and the app's keys where a key means the same thing (`UEMAPIURL`, `LDAPURL`,
//! `StagingUsernames`, …), which are validated by the app's own key table. Secrets may come
//! from files (`UEMOAuthClientSecretFile`, `UEMPasswordFile`) or the environment
//! (`BATON_RELAY_UEMOAuthClientSecret`, …) instead of the file itself.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use baton_core::config::{self, source, Settings, Sources};
use plist::{Dictionary, Value};

use crate::store::Database;
use crate::tls::{Kiosk, SerialFrom, TlsSettings};

/// An integration (service desk, asset system) and what its token may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    pub name: String,
    /// SHA-256 of the token's UTF-8 bytes: the token itself is never configured.
    pub token_sha256: [u8; 32],
    /// `read`, or `assign` (read, assign, pre-register).
    pub may_assign: bool,
}

/// The relay's validated configuration.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// The app's settings: UEM credential, directory, staging users, limits.
    pub settings: Settings,
    pub listen: SocketAddr,
    pub tls: TlsSettings,
    pub database: Database,
    pub integrations: Vec<Integration>,
    pub technician_groups: Vec<String>,
    pub session: Duration,
    /// `ClientRequestsPerSecond`: each client's sustained request rate (burst: 4 s worth).
    pub client_requests_per_second: u32,
}

/// Keys only the relay reads; everything else goes to the app's key table.
const RELAY_KEYS: &[&str] = &[
    "Listen",
    "TLSCertificateFile",
    "TLSKeyFile",
    "DeviceCACertificates",
    "DeviceSerialFrom",
    "Kiosks",
    "IntegrationTokens",
    "TechnicianGroups",
    "SessionSeconds",
    "ClientRequestsPerSecond",
    "Database",
    "UEMOAuthClientSecretFile",
    "UEMPasswordFile",
];

/// Secrets that may come from a file or the environment instead of the configuration file.
const SECRET_SOURCES: &[(&str, &str)] = &[
    ("UEMOAuthClientSecret", "UEMOAuthClientSecretFile"),
    ("UEMPassword", "UEMPasswordFile"),
];

/// Every problem of a configuration, at once.
#[derive(Debug, thiserror::Error)]
#[error("the relay configuration has {} problem(s)", problems.len())]
pub struct RelayConfigError {
    pub problems: Vec<String>,
}

/// Reads and validates `path`.
pub fn load(path: &Path) -> Result<RelayConfig, RelayConfigError> {
    let fail = |problem: String| RelayConfigError {
        problems: vec![problem],
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(format!(
            "{} could not be read: {}",
            path.display(),
            e.kind()
        ))
    })?;
    let json: serde_json::Value = if path.extension().is_some_and(|e| e == "toml") {
        let value: toml::Value = toml::from_str(&text)
            .map_err(|e| fail(format!("{} is not valid TOML: {e}", path.display())))?;
        serde_json::to_value(value).map_err(|e| fail(e.to_string()))?
    } else {
        serde_json::from_str(&text)
            .map_err(|e| fail(format!("{} is not valid JSON: {e}", path.display())))?
    };
    let Value::Dictionary(dict) = source::from_json(json) else {
        return Err(fail(format!(
            "{} must hold a table of keys",
            path.display()
        )));
    };
    from_dictionary(dict, &|name| {
        std::env::var(format!("BATON_RELAY_{name}")).ok()
    })
}

/// Validates a configuration read into `dict`; `env` answers `BATON_RELAY_<key>` look-ups.
pub fn from_dictionary(
    mut dict: Dictionary,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<RelayConfig, RelayConfigError> {
    let mut problems = Vec::new();
    let mut own = Dictionary::new();
    for key in RELAY_KEYS {
        if let Some(value) = dict.remove(key) {
            own.insert((*key).to_owned(), value);
        }
    }
    for (secret, file_key) in SECRET_SOURCES {
        if let Some(file) = own.get(file_key).and_then(Value::as_string) {
            match std::fs::read_to_string(file) {
                Ok(text) => {
                    dict.insert((*secret).to_owned(), Value::String(text.trim().to_owned()));
                }
                Err(e) => problems.push(format!(
                    "{file_key}: {file} could not be read: {}",
                    e.kind()
                )),
            }
        } else if let Some(value) = env(secret) {
            dict.insert((*secret).to_owned(), Value::String(value));
        }
    }
    if dict.contains_key("RelayURL") {
        problems.push("RelayURL: a relay does not talk to another relay; remove it.".into());
    }
    let settings = match config::load_from(&Sources {
        file: Some(dict),
        ..Default::default()
    }) {
        Ok(loaded) => Some(loaded.settings),
        Err(error) => {
            problems.extend(error.problems.iter().map(|p| p.message.clone()));
            None
        }
    };
    if let Some(settings) = &settings {
        if settings.directory.ldap.is_none() {
            problems.push(
                "DirectoryType: the relay verifies every password itself, so it needs LDAPURL and LDAPBindTemplate.".into(),
            );
        }
    }

    let text = |key: &str| own.get(key).and_then(Value::as_string).map(str::to_owned);
    let listen = text("Listen").unwrap_or_else(|| "127.0.0.1:8443".into());
    let listen = listen
        .parse::<SocketAddr>()
        .map_err(|_| {
            problems.push(format!(
                "Listen: {listen:?} is not an address and port such as 127.0.0.1:8443."
            ))
        })
        .ok();
    let file = |key: &str, problems: &mut Vec<String>| match text(key) {
        Some(path) => PathBuf::from(path),
        None => {
            problems.push(format!("{key} is not set: the relay serves HTTPS only."));
            PathBuf::new()
        }
    };
    let cert_pem_file = file("TLSCertificateFile", &mut problems);
    let key_pem_file = file("TLSKeyFile", &mut problems);
    let strings = |key: &str, problems: &mut Vec<String>| -> Vec<String> {
        match own.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| match item.as_string() {
                    Some(s) => Some(s.to_owned()),
                    None => {
                        problems.push(format!("{key}: every entry must be a string."));
                        None
                    }
                })
                .collect(),
            Some(_) => {
                problems.push(format!("{key} must be an array of strings."));
                Vec::new()
            }
        }
    };
    let device_cas = strings("DeviceCACertificates", &mut problems);
    let serial_from = match text("DeviceSerialFrom") {
        None => SerialFrom::SubjectCn,
        Some(value) => SerialFrom::parse(&value).unwrap_or_else(|e| {
            problems.push(format!("DeviceSerialFrom: {e}"));
            SerialFrom::SubjectCn
        }),
    };
    let entries = |key: &str, problems: &mut Vec<String>| -> Vec<Dictionary> {
        match own.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| match item.as_dictionary() {
                    Some(d) => Some(d.clone()),
                    None => {
                        problems.push(format!("{key}: every entry must be a table."));
                        None
                    }
                })
                .collect(),
            Some(_) => {
                problems.push(format!("{key} must be an array of tables."));
                Vec::new()
            }
        }
    };
    let field = |entry: &Dictionary, name: &str| {
        entry
            .get(name)
            .and_then(Value::as_string)
            .map(str::to_owned)
    };
    let mut kiosks = Vec::new();
    for entry in entries("Kiosks", &mut problems) {
        match (field(&entry, "Name"), field(&entry, "CertificateSHA256")) {
            (Some(name), Some(sha)) => match Kiosk::parse(&name, &sha) {
                Ok(kiosk) => kiosks.push(kiosk),
                Err(e) => problems.push(format!("Kiosks: {e}")),
            },
            _ => problems.push("Kiosks: every entry needs Name and CertificateSHA256.".into()),
        }
    }
    let mut integrations = Vec::new();
    for entry in entries("IntegrationTokens", &mut problems) {
        let name = field(&entry, "Name");
        let sha = field(&entry, "TokenSHA256").map(|s| crate::tls::parse_fingerprint(&s));
        let role = field(&entry, "Role");
        match (name, sha, role.as_deref()) {
            (Some(name), Some(Ok(token_sha256)), Some(role @ ("read" | "assign"))) => {
                integrations.push(Integration {
                    name,
                    token_sha256,
                    may_assign: role == "assign",
                })
            }
            (name, _, _) => problems.push(format!(
                "IntegrationTokens: {} needs Name, TokenSHA256 (64 hex digits: the SHA-256 of the token, never the token) and Role read or assign.",
                name.as_deref().unwrap_or("an entry")
            )),
        }
    }
    let technician_groups = strings("TechnicianGroups", &mut problems);
    let session = match own.get("SessionSeconds") {
        None => Duration::from_secs(900),
        Some(value) => match value.as_signed_integer() {
            Some(s @ 60..=86_400) => Duration::from_secs(s as u64),
            _ => {
                problems.push("SessionSeconds must be a whole number from 60 to 86400.".into());
                Duration::from_secs(900)
            }
        },
    };
    let client_requests_per_second = match own.get("ClientRequestsPerSecond") {
        None => crate::limits::PER_SECOND,
        Some(value) => match value.as_signed_integer() {
            Some(n @ 1..=100_000) => n as u32,
            _ => {
                problems.push(
                    "ClientRequestsPerSecond must be a whole number from 1 to 100000.".into(),
                );
                crate::limits::PER_SECOND
            }
        },
    };
    let database =
        Database::parse(&text("Database").unwrap_or_else(|| "sqlite:baton-relay.db".into()))
            .map_err(|e| problems.push(format!("Database: {e}")))
            .ok();
    let tls = TlsSettings {
        cert_pem_file,
        key_pem_file,
        device_cas,
        serial_from,
        kiosks,
    };
    match (settings, listen, database) {
        (Some(settings), Some(listen), Some(database)) if problems.is_empty() => Ok(RelayConfig {
            settings,
            listen,
            tls,
            database,
            integrations,
            technician_groups,
            session,
            client_requests_per_second,
        }),
        _ => Err(RelayConfigError { problems }),
    }
}
