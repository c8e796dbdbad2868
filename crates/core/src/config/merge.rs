//! Merges the sources key by key (managed > `--config` > user > default), type-checks every
//! value, and collects every problem and warning in one pass so an administrator sees them all
//! at once.

use std::collections::BTreeMap;

use plist::Value;

use super::keys::{self, DefaultValue, KeySpec, Scope, KEYS};
use super::source::{Origin, Sources};
use super::value::{self, Parsed};

/// A key's checked value and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub spec: &'static KeySpec,
    pub value: Parsed,
    pub origin: Origin,
}

/// Every key that has a value (configured or default), by name.
pub type Merged = BTreeMap<&'static str, Entry>;

/// Something wrong with the configuration that stops Baton from running.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// The key concerned, if one is.
    pub key: Option<&'static str>,
    /// One plain sentence.
    pub message: String,
}

/// What merging found: the values, what stops Baton, what it only warns about, and the keys
/// a `--config` file tried to set where only a configuration profile may (also among the
/// warnings; `check-config` reports them as problems).
#[derive(Debug, Default)]
pub struct Outcome {
    pub merged: Merged,
    pub problems: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub refused_from_file: Vec<Issue>,
}

/// Whether a key may come from this source. `None`: yes; `Some(reason)`: ignored, and why.
/// `profile_installed`: a managed domain exists, so `--config` may set presentation keys only.
fn refusal(spec: &KeySpec, origin: Origin, profile_installed: bool) -> Option<&'static str> {
    match (origin, spec.scope) {
        (Origin::Managed | Origin::Default, _) | (_, Scope::Any) => None,
        (Origin::User, Scope::Forced) => {
            Some("is ignored in the user's own preferences; it is honoured only from a configuration profile or --config")
        }
        (Origin::User | Origin::File, Scope::Managed) => {
            Some("is honoured only from a configuration profile (managed preferences); the value given elsewhere is ignored")
        }
        (Origin::File, Scope::Forced) if profile_installed => {
            Some("is ignored in the --config file because a configuration profile for Baton is installed on this Mac; change it in the profile")
        }
        (Origin::File, Scope::Forced) => None,
    }
}

/// Merges and type-checks, collecting every problem and warning.
pub fn merge(sources: &Sources) -> Outcome {
    let mut merged = Merged::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut refused_from_file = Vec::new();
    let profile_installed = sources.managed.is_some();

    let layers = [
        (Origin::Managed, sources.managed.as_ref()),
        (Origin::File, sources.file.as_ref()),
        (Origin::User, sources.user.as_ref()),
    ];

    for (origin, dict) in layers {
        let Some(dict) = dict else { continue };
        for name in dict.keys() {
            if keys::spec(name).is_some() || is_profile_bookkeeping(name) {
                continue;
            }
            let hint = keys::closest(name)
                .map(|k| format!(" Did you mean {k}?"))
                .unwrap_or_default();
            warnings.push(Issue {
                key: None,
                message: format!(
                    "{name} (in {origin}) is not a Baton setting and is ignored.{hint}"
                ),
            });
        }
    }

    for spec in KEYS {
        let mut chosen: Option<(Origin, &Value)> = None;
        for (origin, dict) in layers {
            let Some(raw) = dict.and_then(|d| d.get(spec.name)) else {
                continue;
            };
            if let Some(reason) = refusal(spec, origin, profile_installed) {
                let issue = Issue {
                    key: Some(spec.name),
                    message: format!("{} {reason}.", spec.name),
                };
                if origin == Origin::File {
                    refused_from_file.push(issue.clone());
                }
                warnings.push(issue);
                continue;
            }
            if chosen.is_none() {
                chosen = Some((origin, raw));
            }
        }
        match chosen {
            Some((origin, raw)) => match value::parse(spec, raw) {
                Ok(value) => {
                    merged.insert(
                        spec.name,
                        Entry {
                            spec,
                            value,
                            origin,
                        },
                    );
                }
                Err(message) => problems.push(Issue {
                    key: Some(spec.name),
                    message,
                }),
            },
            None => {
                if let Some(value) = default_value(spec.default) {
                    merged.insert(
                        spec.name,
                        Entry {
                            spec,
                            value,
                            origin: Origin::Default,
                        },
                    );
                }
            }
        }
    }
    Outcome {
        merged,
        problems,
        warnings,
        refused_from_file,
    }
}

fn default_value(default: DefaultValue) -> Option<Parsed> {
    match default {
        DefaultValue::None => None,
        DefaultValue::Text(text) => Some(Parsed::Text(text.to_owned())),
        DefaultValue::Bool(b) => Some(Parsed::Bool(b)),
        DefaultValue::Integer(i) => Some(Parsed::Integer(i)),
        DefaultValue::EmptyList => Some(Parsed::List(Vec::new())),
    }
}

/// Keys a configuration profile's plist may carry that are not settings.
fn is_profile_bookkeeping(name: &str) -> bool {
    name.starts_with("Payload") || name == "PayloadContent"
}
