//! A preference manifest in the ProfileManifests format (what ProfileCreator and iMazing Profile
//! Editor read) for the `dev.baton.Baton` domain, one subkey per key of the table. Written to
//! `deploy/manifests/dev.baton.Baton.plist` (not `deploy/dev.baton.Baton.plist`, which is the
//! LaunchAgent).

use plist::{Dictionary, Value};

use crate::config::keys::{DefaultValue, KeySpec, Kind, Scope, DOMAIN, KEYS};

/// Where the generated manifest is committed.
pub const PATH: &str = "deploy/manifests/dev.baton.Baton.plist";

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn strings(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|i| s(i)).collect())
}

fn dict(entries: Vec<(&str, Value)>) -> Value {
    Value::Dictionary(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Dictionary>(),
    )
}

/// The standard payload keys every ProfileManifests manifest starts with.
fn payload_subkeys() -> Vec<Value> {
    let string = |name: &str, description: &str, default: Option<&str>| {
        let mut entries = vec![
            ("pfm_name", s(name)),
            ("pfm_type", s("string")),
            ("pfm_description", s(description)),
            ("pfm_require", s("always")),
        ];
        if let Some(default) = default {
            entries.push(("pfm_default", s(default)));
        }
        dict(entries)
    };
    vec![
        string("PayloadDescription", "Description of the payload.", Some("Configures Baton settings")),
        string("PayloadDisplayName", "Name of the payload.", Some("Baton")),
        string("PayloadIdentifier", "A unique identifier for the payload, dot-delimited.", Some(DOMAIN)),
        string("PayloadType", "The type of the payload, the preference domain.", Some(DOMAIN)),
        string("PayloadUUID", "Unique identifier for the payload (format 01234567-89AB-CDEF-0123-456789ABCDEF).", None),
        dict(vec![
            ("pfm_name", s("PayloadVersion")),
            ("pfm_type", s("integer")),
            ("pfm_description", s("The version of the whole configuration profile.")),
            ("pfm_require", s("always")),
            ("pfm_default", Value::Integer(1.into())),
        ]),
        string("PayloadOrganization", "This value describes the issuing organization of the profile, as displayed to the user.", None),
    ]
}

/// One key of the table as a manifest subkey.
pub fn subkey(spec: &KeySpec) -> Value {
    let mut entries: Vec<(&str, Value)> = vec![("pfm_name", s(spec.name))];
    let description = match spec.scope {
        Scope::Forced => format!(
            "{} Security-relevant (forced): not from the user's own preferences, and not from --config once a profile is installed.",
            spec.description
        ),
        Scope::Managed => format!(
            "{} Honoured only from a configuration profile (managed).",
            spec.description
        ),
        Scope::Any => spec.description.to_owned(),
    };
    entries.push(("pfm_description", s(&description)));
    let (pfm_type, extra): (&str, Vec<(&str, Value)>) = match spec.kind {
        Kind::Text | Kind::Localized => ("string", vec![]),
        Kind::HttpsUrl => ("string", vec![("pfm_format", s("^https://"))]),
        Kind::LdapUrl => ("string", vec![("pfm_format", s("^ldaps?://"))]),
        Kind::HelpLink => ("string", vec![("pfm_format", s("^(https://|mailto:)"))]),
        Kind::Color => ("string", vec![("pfm_format", s("^#[0-9A-Fa-f]{6}$"))]),
        Kind::Bool => ("boolean", vec![]),
        Kind::Integer { min, max } => (
            "integer",
            vec![
                ("pfm_range_min", Value::Integer(min.into())),
                ("pfm_range_max", Value::Integer(max.into())),
            ],
        ),
        Kind::Choice(options) => ("string", vec![("pfm_range_list", strings(options))]),
        Kind::TextList | Kind::PemList => (
            "array",
            vec![(
                "pfm_subkeys",
                Value::Array(vec![dict(vec![
                    ("pfm_name", s(&format!("{}Item", spec.name))),
                    ("pfm_type", s("string")),
                ])]),
            )],
        ),
        Kind::ItemTemplates => {
            let field = |name: &str, description: &str, required: bool| {
                let mut e = vec![
                    ("pfm_name", s(name)),
                    ("pfm_type", s("string")),
                    ("pfm_description", s(description)),
                ];
                if required {
                    e.push(("pfm_require", s("always")));
                }
                dict(e)
            };
            let item = dict(vec![
                ("pfm_name", s("KeychainItem")),
                ("pfm_type", s("dictionary")),
                (
                    "pfm_subkeys",
                    Value::Array(vec![
                        field("Service", "Keychain item service (template).", true),
                        field("Account", "Keychain item account (template).", true),
                        field("Label", "Keychain item label (template).", false),
                        dict(vec![
                            ("pfm_name", s("TrustedApplications")),
                            ("pfm_type", s("array")),
                            ("pfm_description", s("Paths of apps that may read the item without a prompt (macOS).")),
                            (
                                "pfm_subkeys",
                                Value::Array(vec![dict(vec![
                                    ("pfm_name", s("TrustedApplication")),
                                    ("pfm_type", s("string")),
                                ])]),
                            ),
                        ]),
                    ]),
                ),
            ]);
            ("array", vec![("pfm_subkeys", Value::Array(vec![item]))])
        }
    };
    entries.insert(1, ("pfm_type", s(pfm_type)));
    entries.extend(extra);
    if let Some(default) = default_plist(spec.default) {
        entries.push(("pfm_default", default));
    }
    if spec.secret {
        entries.push(("pfm_sensitive", Value::Boolean(true)));
    }
    let targets: &[&str] = match spec.scope {
        Scope::Forced | Scope::Managed => &["system-managed", "user-managed"],
        Scope::Any => &["system-managed", "user-managed", "user"],
    };
    entries.push(("pfm_targets", strings(targets)));
    dict(entries)
}

fn default_plist(default: DefaultValue) -> Option<Value> {
    match default {
        DefaultValue::None | DefaultValue::EmptyList => None,
        DefaultValue::Text(text) => Some(s(text)),
        DefaultValue::Bool(b) => Some(Value::Boolean(b)),
        DefaultValue::Integer(i) => Some(Value::Integer(i.into())),
    }
}

/// The whole manifest.
pub fn manifest() -> Value {
    let mut subkeys = payload_subkeys();
    subkeys.extend(KEYS.iter().map(subkey));
    dict(vec![
        ("pfm_domain", s(DOMAIN)),
        ("pfm_title", s("Baton")),
        ("pfm_description", s("Baton hands a staged Mac to its user: Workspace ONE UEM switch-user with directory verification.")),
        ("pfm_format_version", Value::Integer(1.into())),
        ("pfm_version", Value::Integer(1.into())),
        ("pfm_platforms", strings(&["macOS"])),
        ("pfm_targets", strings(&["system-managed", "user-managed"])),
        ("pfm_interaction", s("combined")),
        ("pfm_unique", Value::Boolean(true)),
        ("pfm_subkeys", Value::Array(subkeys)),
    ])
}

/// The manifest as committed.
pub fn manifest_xml() -> String {
    super::plist_xml(
        &manifest(),
        "  ProfileManifests manifest of the dev.baton.Baton preference domain (ProfileCreator,\n  iMazing Profile Editor). Generated from crates/core/src/config/keys.rs; a test fails when\n  this file differs. Regenerate: BATON_UPDATE_DOCS=1 cargo test -p baton-core deploy_kit::",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deploy_manifest_is_generated_from_the_key_table() {
        crate::deploy_kit::assert_generated(PATH, &manifest_xml());
    }

    /// The checks of a preference-manifest linter: the required top-level keys, format version
    /// 1, every subkey named and typed with a plist type, defaults of that type, valid targets.
    #[test]
    fn the_manifest_is_a_valid_profile_manifest() {
        // What is committed (the drift test above checks the file equals this text).
        let value = Value::from_reader(std::io::Cursor::new(manifest_xml().into_bytes())).unwrap();
        let root = value.as_dictionary().unwrap();
        for key in ["pfm_title", "pfm_domain", "pfm_description"] {
            assert!(
                root.get(key)
                    .and_then(Value::as_string)
                    .is_some_and(|v| !v.is_empty()),
                "{key}"
            );
        }
        assert_eq!(root["pfm_domain"].as_string(), Some(DOMAIN));
        assert_eq!(root["pfm_format_version"].as_signed_integer(), Some(1));
        let subkeys = root["pfm_subkeys"].as_array().unwrap();
        check_subkeys(subkeys);
        let names: Vec<_> = subkeys
            .iter()
            .filter_map(|k| k.as_dictionary()?.get("pfm_name")?.as_string())
            .collect();
        for spec in KEYS {
            assert_eq!(
                names.iter().filter(|n| **n == spec.name).count(),
                1,
                "{}",
                spec.name
            );
        }
    }

    fn check_subkeys(subkeys: &[Value]) {
        for subkey in subkeys {
            let subkey = subkey.as_dictionary().unwrap();
            let pfm_type = subkey["pfm_type"].as_string().unwrap();
            assert!(
                [
                    "array",
                    "boolean",
                    "date",
                    "data",
                    "dictionary",
                    "integer",
                    "real",
                    "string"
                ]
                .contains(&pfm_type),
                "{pfm_type}"
            );
            let name = subkey.get("pfm_name").and_then(Value::as_string);
            assert!(
                pfm_type == "array" || name.is_some(),
                "a {pfm_type} subkey without a name"
            );
            if let Some(default) = subkey.get("pfm_default") {
                let matches = match pfm_type {
                    "string" => default.as_string().is_some(),
                    "boolean" => default.as_boolean().is_some(),
                    "integer" => default.as_signed_integer().is_some(),
                    "array" => default.as_array().is_some(),
                    _ => false,
                };
                assert!(matches, "default of {name:?} is not a {pfm_type}");
            }
            if let Some(targets) = subkey.get("pfm_targets") {
                for target in targets.as_array().unwrap() {
                    assert!(["user", "user-managed", "system", "system-managed"]
                        .contains(&target.as_string().unwrap()));
                }
            }
            if let Some(require) = subkey.get("pfm_require") {
                assert!(["always", "always-nested", "push"].contains(&require.as_string().unwrap()));
            }
            if let Some(children) = subkey.get("pfm_subkeys") {
                check_subkeys(children.as_array().unwrap());
            }
        }
    }

    #[test]
    fn types_ranges_and_choices_come_from_the_table() {
        let mode = subkey(crate::config::keys::spec("Mode").unwrap());
        let mode = mode.as_dictionary().unwrap();
        assert_eq!(
            mode["pfm_range_list"],
            strings(&["self-service", "technician", "kiosk"])
        );
        assert_eq!(mode["pfm_default"], s("self-service"));
        let attempts = subkey(crate::config::keys::spec("MaxAttempts").unwrap());
        let attempts = attempts.as_dictionary().unwrap();
        assert_eq!(attempts["pfm_type"], s("integer"));
        assert_eq!(attempts["pfm_range_max"], Value::Integer(20.into()));
        let secret = subkey(crate::config::keys::spec("UEMPassword").unwrap());
        assert_eq!(
            secret.as_dictionary().unwrap()["pfm_sensitive"],
            Value::Boolean(true)
        );
        let title = subkey(crate::config::keys::spec("Title").unwrap());
        assert_eq!(
            title.as_dictionary().unwrap()["pfm_targets"],
            strings(&["system-managed", "user-managed", "user"])
        );
    }
}
