//! Reading preferences: the managed (forced) domain written by configuration profiles, and the
//! user's own domain.

use std::path::{Path, PathBuf};

use plist::{Dictionary, Value};

use crate::paths;

/// A preferences file exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PrefsError {
    #[error("The preferences file {path} could not be read: {reason}.")]
    Unreadable { path: PathBuf, reason: String },
    #[error("The preferences file {path} is not a property list with a dictionary at the top.")]
    Malformed { path: PathBuf },
}

/// Managed preferences for `domain`: on macOS the computer-level
/// `/Library/Managed Preferences/<domain>.plist`, overridden key by key by the user-level
/// `/Library/Managed Preferences/<user>/<domain>.plist`. `None` when no profile sets any.
pub fn managed(domain: &str) -> Result<Option<Dictionary>, PrefsError> {
    managed_in(&paths::managed_preferences_dir(), domain)
}

/// [`managed`] from a given managed-preferences folder (tests install profiles in a temporary
/// one).
pub fn managed_in(dir: &Path, domain: &str) -> Result<Option<Dictionary>, PrefsError> {
    let computer = read_dictionary(&dir.join(format!("{domain}.plist")))?;
    // The account this process runs as, from the user database: `$USER` is the caller's to
    // set, and would choose another account's user-scoped profile.
    let user = match crate::account::login_name().filter(|u| !u.is_empty() && !u.contains('/')) {
        Some(user) => read_dictionary(&dir.join(user).join(format!("{domain}.plist")))?,
        None => None,
    };
    Ok(match (computer, user) {
        (None, None) => None,
        (Some(dict), None) | (None, Some(dict)) => Some(dict),
        (Some(mut computer), Some(user)) => {
            for (key, value) in user {
                computer.insert(key, value);
            }
            Some(computer)
        }
    })
}

/// The user's own preferences for `domain` (`~/Library/Preferences/<domain>.plist` on macOS).
pub fn user(domain: &str) -> Result<Option<Dictionary>, PrefsError> {
    read_dictionary(&paths::user_preferences_dir().join(format!("{domain}.plist")))
}

/// Reads a property list (XML or binary) whose top level is a dictionary; `None` if absent.
pub fn read_dictionary(path: &Path) -> Result<Option<Dictionary>, PrefsError> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(PrefsError::Unreadable {
            path: path.to_owned(),
            reason: e.kind().to_string(),
        }),
        Ok(bytes) => match Value::from_reader(std::io::Cursor::new(bytes)) {
            Ok(Value::Dictionary(dict)) => Ok(Some(dict)),
            _ => Err(PrefsError::Malformed {
                path: path.to_owned(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_file_is_none_and_binary_plist_reads() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_dictionary(&dir.path().join("missing.plist"))
            .unwrap()
            .is_none());

        let mut dict = Dictionary::new();
        dict.insert("Title".into(), Value::String("Hello".into()));
        let path = dir.path().join("binary.plist");
        Value::Dictionary(dict.clone())
            .to_file_binary(&path)
            .unwrap();
        assert_eq!(read_dictionary(&path).unwrap(), Some(dict));
    }

    #[test]
    fn a_top_level_array_is_malformed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("array.plist");
        Value::Array(vec![]).to_file_xml(&path).unwrap();
        assert!(matches!(
            read_dictionary(&path),
            Err(PrefsError::Malformed { .. })
        ));
    }
}
