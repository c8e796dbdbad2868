//! Checks one raw value against its key's [`Kind`] and turns it into a typed [`Parsed`] value.
//! Every failure is one plain sentence naming the key and what was expected.

use std::collections::BTreeMap;

use plist::Value;
use secrecy::SecretString;
use url::Url;

use super::keys::{KeySpec, Kind};
use super::localized::Localized;
use super::templates::{self, KeychainItemTemplate};

/// A value that passed its type check.
#[derive(Debug, Clone)]
pub enum Parsed {
    Text(String),
    Secret(SecretString),
    Url(Url),
    Bool(bool),
    Integer(i64),
    List(Vec<String>),
    Localized(Localized),
    Items(Vec<KeychainItemTemplate>),
}

/// Parses `value` for `spec`, or says in one sentence why it cannot be used.
pub fn parse(spec: &KeySpec, value: &Value) -> Result<Parsed, String> {
    let name = spec.name;
    let wrong =
        |expected: &str| format!("{name} must be {expected}, but it is {}.", describe(value));
    match spec.kind {
        Kind::Text => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            if text.trim().is_empty() {
                return Err(format!("{name} is empty."));
            }
            Ok(if spec.secret {
                Parsed::Secret(SecretString::from(text.to_owned()))
            } else {
                Parsed::Text(text.to_owned())
            })
        }
        Kind::Localized => parse_localized(name, value).map(Parsed::Localized),
        Kind::HttpsUrl => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            let url = Url::parse(text.trim())
                .map_err(|_| format!("{name} is not a valid URL: \"{text}\"."))?;
            if url.scheme() != "https" {
                return Err(format!(
                    "{name} must be an https:// URL; \"{}\" is not.",
                    url.scheme()
                ));
            }
            if url.host_str().is_none_or(str::is_empty) {
                return Err(format!("{name} has no host name."));
            }
            if !url.username().is_empty() || url.password().is_some() {
                return Err(format!("{name} must not contain a user name or password."));
            }
            Ok(Parsed::Url(url))
        }
        Kind::LdapUrl => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            let url = Url::parse(text.trim())
                .map_err(|_| format!("{name} is not a valid URL: \"{text}\"."))?;
            match url.scheme() {
                "ldaps" | "ldap" => {}
                other => {
                    return Err(format!(
                        "{name} must start with ldaps:// (or ldap://, which always uses StartTLS); \"{other}\" is not supported."
                    ))
                }
            }
            if url.host_str().is_none_or(str::is_empty) {
                return Err(format!("{name} has no host name."));
            }
            Ok(Parsed::Url(url))
        }
        Kind::HelpLink => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            let url = Url::parse(text.trim())
                .map_err(|_| format!("{name} is not a valid URL: \"{text}\"."))?;
            if !matches!(url.scheme(), "https" | "mailto") {
                return Err(format!("{name} must be an https:// or mailto: link."));
            }
            Ok(Parsed::Url(url))
        }
        Kind::Color => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            let hex = text.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!(
                    "{name} must be a colour written #RRGGBB, not \"{text}\"."
                ));
            }
            Ok(Parsed::Text(text.to_ascii_uppercase()))
        }
        Kind::Bool => value
            .as_boolean()
            .map(Parsed::Bool)
            .ok_or_else(|| wrong("true or false")),
        Kind::Integer { min, max } => {
            let int = value
                .as_signed_integer()
                .ok_or_else(|| wrong("a whole number"))?;
            if !(min..=max).contains(&int) {
                return Err(format!(
                    "{name} must be between {min} and {max}, not {int}."
                ));
            }
            Ok(Parsed::Integer(int))
        }
        Kind::Choice(options) => {
            let text = value.as_string().ok_or_else(|| wrong("a string"))?;
            let lower = text.trim().to_lowercase();
            if options.contains(&lower.as_str()) {
                Ok(Parsed::Text(lower))
            } else {
                Err(format!(
                    "{name} must be one of {}, not \"{text}\".",
                    options
                        .iter()
                        .map(|o| format!("\"{o}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        Kind::TextList => string_list(name, value).map(Parsed::List),
        Kind::PemList => {
            let pems = string_list(name, value)?;
            for (i, pem) in pems.iter().enumerate() {
                let count = rustls_pemfile::certs(&mut pem.as_bytes())
                    .collect::<Result<Vec<_>, _>>()
                    .map(|certs| certs.len())
                    .unwrap_or(0);
                if count == 0 {
                    return Err(format!(
                        "{name} item {} is not a PEM certificate (it must contain \"-----BEGIN CERTIFICATE-----\").",
                        i + 1
                    ));
                }
            }
            Ok(Parsed::List(pems))
        }
        Kind::ItemTemplates => templates::parse(name, value).map(Parsed::Items),
    }
}

fn string_list(name: &str, value: &Value) -> Result<Vec<String>, String> {
    let items = value.as_array().ok_or_else(|| {
        format!(
            "{name} must be an array of strings, but it is {}.",
            describe(value)
        )
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_string().map(str::to_owned).ok_or_else(|| {
                format!(
                    "{name} item {} must be a string, but it is {}.",
                    i + 1,
                    describe(item)
                )
            })
        })
        .collect()
}

fn parse_localized(name: &str, value: &Value) -> Result<Localized, String> {
    match value {
        Value::String(text) => Ok(Localized::plain(text.clone())),
        Value::Dictionary(dict) => {
            let mut by_language = BTreeMap::new();
            for (language, text) in dict {
                let text = text.as_string().ok_or_else(|| {
                    format!(
                        "{name}[{language}] must be a string, but it is {}.",
                        describe(text)
                    )
                })?;
                by_language.insert(language.clone(), text.to_owned());
            }
            Localized::from_languages(by_language)
                .ok_or_else(|| format!("{name} is an empty dictionary."))
        }
        other => Err(format!(
            "{name} must be a string or a dictionary keyed by language code, but it is {}.",
            describe(other)
        )),
    }
}

/// Describes a value's type for an error sentence (never its content: it may be a secret).
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "an array",
        Value::Dictionary(_) => "a dictionary",
        Value::Boolean(_) => "a boolean",
        Value::Data(_) => "data",
        Value::Date(_) => "a date",
        Value::Real(_) => "a decimal number",
        Value::Integer(_) => "a number",
        Value::String(s) if s.is_empty() => "empty",
        Value::String(_) => "a string",
        Value::Uid(_) => "a UID",
        _ => "an unsupported value",
    }
}
