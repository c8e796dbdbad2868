//! A JSON Schema (draft 2020-12) of every configuration key, for editors and for checking a
//! `--config` JSON file or a profile's settings before it is deployed. Written to
//! `deploy/dev.baton.Baton.schema.json`.

use serde_json::{json, Map, Value};

use crate::config::keys::{DefaultValue, KeySpec, Kind, Scope, DOMAIN, KEYS};

/// Where the generated schema is committed.
pub const PATH: &str = "deploy/dev.baton.Baton.schema.json";

/// The schema of one key's value.
pub fn key_schema(spec: &KeySpec) -> Value {
    let mut schema = match spec.kind {
        Kind::Text => json!({"type": "string"}),
        Kind::Localized => json!({
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "propertyNames": {"pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
                    "additionalProperties": {"type": "string"},
                    "minProperties": 1
                }
            ]
        }),
        Kind::HttpsUrl => json!({"type": "string", "format": "uri", "pattern": "^https://"}),
        Kind::LdapUrl => json!({"type": "string", "format": "uri", "pattern": "^ldaps?://"}),
        Kind::HelpLink => json!({"type": "string", "pattern": "^(https://|mailto:)"}),
        Kind::Color => json!({"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Choice(options) => {
            // Compared case-insensitively: the pattern accepts any case of each option.
            let alternatives: Vec<String> = options.iter().map(|o| case_insensitive(o)).collect();
            json!({
                "type": "string",
                "pattern": format!("^({})$", alternatives.join("|")),
                "examples": options,
            })
        }
        Kind::TextList => json!({"type": "array", "items": {"type": "string"}}),
        Kind::PemList => json!({
            "type": "array",
            "items": {"type": "string", "pattern": "-----BEGIN CERTIFICATE-----"}
        }),
        Kind::ItemTemplates => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["Service", "Account"],
                "additionalProperties": false,
                "properties": {
                    "Service": {"type": "string"},
                    "Account": {"type": "string"},
                    "Label": {"type": "string"},
                    "TrustedApplications": {"type": "array", "items": {"type": "string"}}
                }
            }
        }),
    };
    let object = schema
        .as_object_mut()
        .expect("every key schema is an object");
    let scope = match spec.scope {
        Scope::Forced => "Forced: from managed preferences, or from --config when no profile is installed; never from the user's own preferences.",
        Scope::Managed => "Managed: honoured only from managed preferences (a configuration profile).",
        Scope::Any => "Any source, including the user's own preferences.",
    };
    object.insert(
        "description".into(),
        Value::String(format!("{} {scope}", spec.description)),
    );
    if let Some(default) = default_json(spec.default) {
        object.insert("default".into(), default);
    }
    if spec.secret {
        object.insert("writeOnly".into(), Value::Bool(true));
    }
    schema
}

fn case_insensitive(option: &str) -> String {
    option
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// A key's default as JSON; `None` when it has none.
pub fn default_json(default: DefaultValue) -> Option<Value> {
    match default {
        DefaultValue::None => None,
        DefaultValue::Text(text) => Some(Value::String(text.into())),
        DefaultValue::Bool(b) => Some(Value::Bool(b)),
        DefaultValue::Integer(i) => Some(json!(i)),
        DefaultValue::EmptyList => Some(json!([])),
    }
}

/// The whole schema.
pub fn schema() -> Value {
    let properties: Map<String, Value> = KEYS
        .iter()
        .map(|spec| (spec.name.to_owned(), key_schema(spec)))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Baton configuration ({DOMAIN})"),
        "description": "Generated from crates/core/src/config/keys.rs, the one table of keys; a test fails when this file differs from it. Which keys are required depends on the deployment (direct or relay, mode); `baton check-config` reports those rules.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

/// The schema as committed: pretty JSON and a final newline.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("the schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deploy_schema_json_is_generated_from_the_key_table() {
        crate::deploy_kit::assert_generated(PATH, &schema_text());
    }

    #[test]
    fn every_key_is_described_with_its_type_and_default() {
        let schema = schema();
        let properties = schema["properties"].as_object().unwrap();
        assert_eq!(properties.len(), KEYS.len());
        for spec in KEYS {
            let key = &properties[spec.name];
            assert!(key["description"]
                .as_str()
                .unwrap()
                .starts_with(spec.description));
            assert_eq!(
                key.get("default"),
                default_json(spec.default).as_ref(),
                "{}",
                spec.name
            );
        }
        assert_eq!(properties["MaxAttempts"]["minimum"], 1);
        assert_eq!(properties["UEMOAuthClientSecret"]["writeOnly"], true);
        assert_eq!(properties["StagingUsernames"]["items"]["type"], "string");
    }

    /// The example profiles' settings conform to the schema's types, patterns and ranges.
    #[test]
    fn the_example_settings_conform_to_the_schema() {
        let schema = schema();
        for deployment in crate::deploy_kit::profiles::Deployment::ALL {
            for (key, value) in deployment.settings() {
                let json = serde_json::to_value(&value).unwrap();
                let property = &schema["properties"][&key];
                assert!(property.is_object(), "{key} is not in the schema");
                let alternatives = match property.get("oneOf") {
                    Some(Value::Array(options)) => options.clone(),
                    _ => vec![property.clone()],
                };
                assert!(
                    alternatives.iter().any(|p| conforms(p, &json)),
                    "{deployment:?}: {key} = {json} does not conform to {property}"
                );
            }
        }
        // And the check can fail.
        assert!(!conforms(&schema["properties"]["MaxAttempts"], &json!(21)));
        assert!(!conforms(
            &schema["properties"]["UEMAPIURL"],
            &json!("http://x")
        ));
    }

    fn conforms(schema: &Value, value: &Value) -> bool {
        let type_ok = match schema["type"].as_str() {
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("integer") => value.is_i64(),
            Some("array") => value
                .as_array()
                .is_some_and(|items| items.iter().all(|i| conforms(&schema["items"], i))),
            Some("object") => value.as_object().is_some_and(|o| {
                o.values().all(|v| match &schema["additionalProperties"] {
                    Value::Object(_) => conforms(&schema["additionalProperties"], v),
                    _ => true,
                })
            }),
            _ => false,
        };
        let pattern_ok = match (schema["pattern"].as_str(), value.as_str()) {
            (Some(p), Some(v)) => regex::Regex::new(p).unwrap().is_match(v),
            _ => true,
        };
        let range_ok = match value.as_i64() {
            Some(i) => {
                schema["minimum"].as_i64().is_none_or(|m| i >= m)
                    && schema["maximum"].as_i64().is_none_or(|m| i <= m)
            }
            None => true,
        };
        type_ok && pattern_ok && range_ok
    }

    #[test]
    fn a_choice_pattern_accepts_any_case_and_nothing_else() {
        let schema = key_schema(crate::config::keys::spec("Mode").unwrap());
        let pattern = regex::Regex::new(schema["pattern"].as_str().unwrap()).unwrap();
        assert!(pattern.is_match("self-service"));
        assert!(pattern.is_match("Kiosk"));
        assert!(!pattern.is_match("kiosks"));
        assert!(!pattern.is_match("selfxservice"));
    }
}
