//! Typed configuration: one key table ([`keys`]), the sources it is read from ([`source`]),
//! merging and type checks ([`merge`], [`value`]) and the typed [`Settings`].
//!
//! Precedence, highest first: managed preferences, the `--config` file, the user's own
//! preferences (presentation keys only), defaults. Every problem is reported at once.

pub mod keys;
pub mod localized;
pub mod merge;
pub mod settings;
pub mod source;
pub mod templates;
pub mod value;

#[cfg(test)]
mod tests;

use std::path::Path;

use serde::Serialize;

use crate::problem::{ExitCode, Problem, UserFacing};
pub use localized::Localized;
pub use merge::Issue;
pub use settings::*;
pub use source::{Origin, Sources};
use value::Parsed;

/// A configuration that validated, with what `check-config` shows about it.
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub warnings: Vec<Issue>,
    pub effective: Vec<EffectiveSetting>,
    /// Keys the `--config` file set where only a configuration profile may; ignored (and among
    /// the warnings). `check-config` reports them as problems.
    pub refused_from_file: Vec<Issue>,
}

/// One line of `check-config`: a key, its value as shown (secrets masked) and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct EffectiveSetting {
    pub key: &'static str,
    pub value: String,
    pub origin: Origin,
}

/// The configuration cannot be used. Holds every problem found, in key-table order.
#[derive(Debug, thiserror::Error)]
#[error("Baton's configuration has {} problem(s): {}", problems.len(), problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" "))]
pub struct ConfigError {
    pub problems: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Problem for ConfigError {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "CFG-001",
            summary: "Baton is not set up correctly on this Mac.",
            next_step: "Contact your IT department and mention the support code; they need to fix Baton's configuration profile.",
            exit: ExitCode::Usage,
        }
    }
}

/// The mask shown instead of every secret.
pub const MASK: &str = "••••";

/// Validates configuration from already-read sources.
pub fn load_from(sources: &Sources) -> Result<Loaded, ConfigError> {
    let merge::Outcome {
        merged,
        mut problems,
        mut warnings,
        refused_from_file,
    } = merge::merge(sources);
    let settings = settings::build(&merged, &mut problems);
    match settings {
        Some(settings) if problems.is_empty() => {
            if merged
                .get("TrustedCACertificates")
                .is_some_and(|entry| entry.origin != Origin::Default)
            {
                let message = "TrustedCACertificates is deprecated: its roots are trusted for both UEM and LDAP. Move them to UEMTrustedCACertificates and LDAPTrustedCACertificates, so a CA of the domain controllers is not also trusted for the UEM host.".to_string();
                tracing::warn!(target: "baton::config", "{message}");
                warnings.push(Issue {
                    key: Some("TrustedCACertificates"),
                    message,
                });
            }
            if let Some(mode) = settings.mode.unavailable() {
                warnings.push(Issue {
                    key: Some("Mode"),
                    message: format!(
                        "Mode \"{mode}\" is not available in this version of Baton: the app shows a problem instead of a hand-off (the CLI is not affected)."
                    ),
                });
            }
            let effective = keys::KEYS
                .iter()
                .filter_map(|spec| merged.get(spec.name))
                .map(|entry| EffectiveSetting {
                    key: entry.spec.name,
                    value: shown(&entry.value),
                    origin: entry.origin,
                })
                .collect();
            Ok(Loaded {
                settings,
                warnings,
                effective,
                refused_from_file,
            })
        }
        _ => Err(ConfigError { problems, warnings }),
    }
}

/// Reads managed preferences, the optional `--config` file and the user's preferences from
/// where this operating system keeps them, then validates.
pub fn load(config_file: Option<&Path>) -> Result<Loaded, ConfigError> {
    load_with_managed(
        config_file,
        &baton_platform::paths::managed_preferences_dir(),
    )
}

/// [`load`] with managed preferences read from `managed_dir` (this OS's folder in [`load`]).
pub fn load_with_managed(
    config_file: Option<&Path>,
    managed_dir: &Path,
) -> Result<Loaded, ConfigError> {
    let mut problems = Vec::new();
    let mut read = |result: Result<Option<plist::Dictionary>, String>| match result {
        Ok(dict) => dict,
        Err(message) => {
            problems.push(Issue { key: None, message });
            None
        }
    };
    let managed = read(
        baton_platform::prefs::managed_in(managed_dir, keys::DOMAIN).map_err(|e| e.to_string()),
    );
    let user = read(baton_platform::prefs::user(keys::DOMAIN).map_err(|e| e.to_string()));
    let file = match config_file {
        Some(path) => read(source::read_file(path).map(Some).map_err(|e| e.to_string())),
        None => None,
    };
    if !problems.is_empty() {
        return Err(ConfigError {
            problems,
            warnings: Vec::new(),
        });
    }
    let loaded = load_from(&Sources {
        managed,
        file,
        user,
    })?;
    for secret in loaded.settings.secrets() {
        crate::redact::register_forever(secret);
    }
    Ok(loaded)
}

fn shown(value: &Parsed) -> String {
    match value {
        Parsed::Secret(_) => MASK.to_owned(),
        Parsed::Text(text) => text.clone(),
        Parsed::Url(url) => url.to_string(),
        Parsed::Bool(b) => b.to_string(),
        Parsed::Integer(i) => i.to_string(),
        Parsed::List(list) if list.iter().any(|item| item.contains("-----BEGIN")) => {
            format!("{} certificate(s)", list.len())
        }
        Parsed::List(list) => format!("[{}]", list.join(", ")),
        Parsed::Localized(text) => {
            let languages: Vec<_> = text.languages().collect();
            if languages.is_empty() {
                text.fallback().to_owned()
            } else {
                format!("{} ({})", text.fallback(), languages.join(", "))
            }
        }
        Parsed::Items(items) => items
            .iter()
            .map(|item| format!("{} / {}", item.service, item.account))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
