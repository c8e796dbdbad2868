//! Where configuration comes from: reading a `--config` file (`.plist` XML or binary, or
//! `.json`) into the common value model, and naming each source for `check-config`.

use std::path::{Path, PathBuf};

use plist::{Dictionary, Value};
use serde::Serialize;

/// One place configuration was read from, in precedence order (highest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Managed preferences (a configuration profile).
    Managed,
    /// The file given with `--config`.
    File,
    /// The user's own preferences (presentation keys only).
    User,
    /// Baton's built-in default.
    Default,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Origin::Managed => "managed preferences",
            Origin::File => "--config file",
            Origin::User => "user preferences",
            Origin::Default => "default",
        })
    }
}

/// The raw dictionaries of every source, before validation.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub managed: Option<Dictionary>,
    pub file: Option<Dictionary>,
    pub user: Option<Dictionary>,
}

/// Why a configuration file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("The configuration file {path} could not be read: {reason}.")]
    Unreadable { path: PathBuf, reason: String },
    #[error("The configuration file {path} is not a valid {format} file: {reason}.")]
    Malformed {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
    #[error("The configuration file {path} must contain a dictionary at the top level.")]
    NotADictionary { path: PathBuf },
}

/// Reads a configuration file. `.json` files (or any file whose first non-blank byte is `{`)
/// are JSON; everything else is a property list, XML or binary.
pub fn read_file(path: &Path) -> Result<Dictionary, FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::Unreadable {
        path: path.to_owned(),
        reason: e.kind().to_string(),
    })?;
    from_bytes(path, &bytes)
}

/// Parses the bytes of a configuration file read from `path` (only named in errors, and its
/// extension chooses JSON), as [`read_file`] does.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Dictionary, FileError> {
    let is_json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let value = if is_json {
        let json: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| FileError::Malformed {
                path: path.to_owned(),
                format: "JSON",
                reason: e.to_string(),
            })?;
        from_json(json)
    } else {
        Value::from_reader(std::io::Cursor::new(bytes)).map_err(|e| FileError::Malformed {
            path: path.to_owned(),
            format: "property list",
            reason: e.to_string(),
        })?
    };
    match value {
        Value::Dictionary(dict) => Ok(dict),
        _ => Err(FileError::NotADictionary {
            path: path.to_owned(),
        }),
    }
}

/// Converts JSON into the property-list value model, so both formats validate identically.
/// `null` has no property-list equivalent; it becomes an empty string so validation reports a
/// wrong type for it rather than silently dropping the key.
pub fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::String(String::new()),
        serde_json::Value::Bool(b) => Value::Boolean(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i.into()),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::Array(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Value::Dictionary(
            map.into_iter()
                .map(|(key, value)| (key, from_json(value)))
                .collect(),
        ),
    }
}
