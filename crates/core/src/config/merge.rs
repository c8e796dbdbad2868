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

/// Merges and type-checks. Returns the merged values, the problems and the warnings.
pub fn merge(sources: &Sources) -> (Merged, Vec<Issue>, Vec<Issue>) {
    let mut merged = Merged::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

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
            if origin == Origin::User && spec.scope == Scope::Forced {
                warnings.push(Issue {
                    key: Some(spec.name),
                    message: format!(
                        "{} is ignored in the user's own preferences; it is honoured only from a configuration profile or --config.",
                        spec.name
                    ),
                });
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
    (merged, problems, warnings)
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
