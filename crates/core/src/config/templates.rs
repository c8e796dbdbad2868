//! `KeychainItems`: administrator-defined Keychain items whose service and account are
//! templates (`<<shortname>>@<<realm>>`). An unknown placeholder is a configuration error, never
//! an empty string in someone's Keychain.

use plist::Value;

use super::value::describe;

/// Placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "shortname",
    "upn",
    "domain",
    "realm",
    "email",
    "fullname",
    "serial",
];

/// One extra Keychain item, as configured (placeholders not yet filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeychainItemTemplate {
    pub service: String,
    pub account: String,
    pub label: Option<String>,
    pub trusted_applications: Vec<String>,
}

/// The placeholders used in `template`, or the first malformed or unknown one.
pub fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("<<") {
        let after = &rest[start + 2..];
        let end = after.find(">>").ok_or_else(|| {
            format!("\"{template}\" opens a placeholder with << but never closes it with >>")
        })?;
        let name = &after[..end];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "\"{template}\" uses the unknown placeholder <<{name}>> (known: {})",
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("<<{p}>>"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        found.push(name);
        rest = &after[end + 2..];
    }
    Ok(found)
}

pub(super) fn parse(name: &str, value: &Value) -> Result<Vec<KeychainItemTemplate>, String> {
    let items = value.as_array().ok_or_else(|| {
        format!(
            "{name} must be an array of dictionaries, but it is {}.",
            describe(value)
        )
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            let dict = item.as_dictionary().ok_or_else(|| {
                format!("{name} item {n} must be a dictionary, but it is {}.", describe(item))
            })?;
            let text = |field: &str, required: bool| -> Result<Option<String>, String> {
                match dict.get(field) {
                    None if required => Err(format!("{name} item {n} has no {field}.")),
                    None => Ok(None),
                    Some(v) => v
                        .as_string()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| Some(s.to_owned()))
                        .ok_or_else(|| format!("{name} item {n}: {field} must be a non-empty string.")),
                }
            };
            let service = text("Service", true)?.unwrap_or_default();
            let account = text("Account", true)?.unwrap_or_default();
            let label = text("Label", false)?;
            for template in [Some(&service), Some(&account), label.as_ref()].into_iter().flatten() {
                placeholders(template).map_err(|e| format!("{name} item {n}: {e}."))?;
            }
            let trusted_applications = match dict.get("TrustedApplications") {
                None => Vec::new(),
                Some(Value::Array(apps)) => apps
                    .iter()
                    .map(|app| {
                        app.as_string().map(str::to_owned).ok_or_else(|| {
                            format!("{name} item {n}: TrustedApplications must be an array of paths.")
                        })
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => {
                    return Err(format!(
                        "{name} item {n}: TrustedApplications must be an array of paths."
                    ))
                }
            };
            for field in dict.keys() {
                if !["Service", "Account", "Label", "TrustedApplications"].contains(&field.as_str()) {
                    return Err(format!(
                        "{name} item {n} has the unknown field {field} (known: Service, Account, Label, TrustedApplications)."
                    ));
                }
            }
            Ok(KeychainItemTemplate {
                service,
                account,
                label,
                trusted_applications,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(
            placeholders("<<shortname>>@<<realm>>").unwrap(),
            ["shortname", "realm"]
        );
        assert!(placeholders("plain").unwrap().is_empty());
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_errors() {
        let err = placeholders("<<user>>@x").unwrap_err();
        assert!(err.contains("<<user>>"), "{err}");
        assert!(placeholders("<<upn").unwrap_err().contains("never closes"));
    }

    #[test]
    fn labels_are_templates_too() {
        let item = |label: &str| {
            let mut dict = plist::Dictionary::new();
            dict.insert("Service".into(), Value::String("svc".into()));
            dict.insert("Account".into(), Value::String("<<shortname>>".into()));
            dict.insert("Label".into(), Value::String(label.into()));
            Value::Array(vec![Value::Dictionary(dict)])
        };
        let parsed = parse("KeychainItems", &item("Corp (<<fullname>>)")).unwrap();
        assert_eq!(parsed[0].label.as_deref(), Some("Corp (<<fullname>>)"));
        let err = parse("KeychainItems", &item("<<nope>>")).unwrap_err();
        assert!(err.contains("<<nope>>"), "{err}");
    }
}
