//! Writing another application's preferences for the person at the console — e.g. NoMAD's
//! `LastUser` in `com.trusourcelabs.NoMAD`, so NoMAD starts with the right user.
//!
//! - macOS: [`CfPreferences`] — `CFPreferencesSetValue` + `CFPreferencesSynchronize` for the
//!   current user, any host (what `defaults write <domain>` and NoMAD's `UserDefaults` use).
//!   Baton runs as the console user (LaunchAgent), so "current user" is the console user.
//!   Type-checked only until run on a Mac.
//! - everywhere: [`PlistDirPreferences`] — `<dir>/<domain>.plist`, merged key by key (other
//!   keys are kept; a binary file stays binary), written atomically. Tests read it back.

use std::path::{Path, PathBuf};

use plist::{Dictionary, Value};

/// NoMAD 1.x's preference domain.
pub const NOMAD_DOMAIN: &str = "com.trusourcelabs.NoMAD";
/// NoMAD's key for the short name of the user it signs in.
pub const NOMAD_LAST_USER: &str = "LastUser";

/// A preference could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreferencesError {
    #[error("The preferences of {domain} could not be written: {reason}.")]
    Write { domain: String, reason: String },
    #[error("The preferences of {domain} could not be read: {reason}.")]
    Read { domain: String, reason: String },
}

/// Another application's preferences, for the user Baton runs as.
pub trait Preferences: Send + Sync {
    /// Sets `key` to the string `value` in `domain` and makes it durable.
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError>;

    /// The string value of `key` in `domain`, if set.
    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError>;
}

impl<P: Preferences + ?Sized> Preferences for &P {
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError> {
        (**self).set_string(domain, key, value)
    }
    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError> {
        (**self).get_string(domain, key)
    }
}

impl<P: Preferences + ?Sized> Preferences for Box<P> {
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError> {
        (**self).set_string(domain, key, value)
    }
    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError> {
        (**self).get_string(domain, key)
    }
}

/// Replaces the console user's preferences with property-list files in this folder, for
/// development and tests (e.g. `BATON_PREFERENCES_DIR=/tmp/prefs baton assign … --keychain`
/// writes `/tmp/prefs/com.trusourcelabs.NoMAD.plist`). Honoured everywhere except in release
/// builds for macOS, where NoMAD reads `CFPreferences` and nothing else would see the value.
pub const PREFERENCES_DIR_VAR: &str = "BATON_PREFERENCES_DIR";

/// The folder named by [`PREFERENCES_DIR_VAR`], where it is honoured and set (non-empty).
pub fn preferences_dir_override() -> Option<PathBuf> {
    if cfg!(all(target_os = "macos", not(debug_assertions))) {
        return None;
    }
    std::env::var_os(PREFERENCES_DIR_VAR)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The preferences of the user Baton runs as: `CFPreferences` on macOS, property-list files in
/// [`crate::paths::user_preferences_dir`] elsewhere; property-list files in
/// [`PREFERENCES_DIR_VAR`] when that is set (not in macOS release builds).
pub fn console_user_preferences() -> Box<dyn Preferences> {
    if let Some(dir) = preferences_dir_override() {
        tracing::debug!(dir = %dir.display(), "preferences redirected by {PREFERENCES_DIR_VAR}");
        return Box::new(PlistDirPreferences::new(dir));
    }
    #[cfg(target_os = "macos")]
    {
        Box::new(CfPreferences)
    }
    #[cfg(not(target_os = "macos"))]
    {
        Box::new(PlistDirPreferences::new(
            crate::paths::user_preferences_dir(),
        ))
    }
}

/// One property-list file per domain in a directory (`<dir>/<domain>.plist`).
#[derive(Debug, Clone)]
pub struct PlistDirPreferences {
    dir: PathBuf,
}

impl PlistDirPreferences {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        PlistDirPreferences { dir: dir.into() }
    }

    /// The file that holds `domain`.
    pub fn path(&self, domain: &str) -> PathBuf {
        self.dir.join(format!("{domain}.plist"))
    }

    fn check_domain(domain: &str) -> Result<(), PreferencesError> {
        if domain.is_empty() || domain.contains(['/', '\\', '\0']) || domain.starts_with('.') {
            return Err(PreferencesError::Write {
                domain: domain.to_owned(),
                reason: "the domain is not a plain name".into(),
            });
        }
        Ok(())
    }

    /// The dictionary in `path` and whether the file was a binary property list.
    fn read(domain: &str, path: &Path) -> Result<(Dictionary, bool), PreferencesError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Dictionary::new(), false))
            }
            Err(e) => {
                return Err(PreferencesError::Read {
                    domain: domain.to_owned(),
                    reason: e.kind().to_string(),
                })
            }
        };
        let binary = bytes.starts_with(b"bplist");
        match Value::from_reader(std::io::Cursor::new(bytes)) {
            Ok(Value::Dictionary(dict)) => Ok((dict, binary)),
            _ => Err(PreferencesError::Read {
                domain: domain.to_owned(),
                reason: format!(
                    "{} is not a property list with a dictionary at the top",
                    path.display()
                ),
            }),
        }
    }
}

impl Preferences for PlistDirPreferences {
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError> {
        Self::check_domain(domain)?;
        let write_error = |reason: String| PreferencesError::Write {
            domain: domain.to_owned(),
            reason,
        };
        let path = self.path(domain);
        let (mut dict, binary) = Self::read(domain, &path)?;
        dict.insert(key.to_owned(), Value::String(value.to_owned()));
        std::fs::create_dir_all(&self.dir).map_err(|e| write_error(e.kind().to_string()))?;
        let temp = self
            .dir
            .join(format!(".{domain}.plist.{}.tmp", std::process::id()));
        let value = Value::Dictionary(dict);
        let written = if binary {
            value.to_file_binary(&temp)
        } else {
            value.to_file_xml(&temp)
        };
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(write_error(e.to_string()));
        }
        std::fs::rename(&temp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            write_error(e.kind().to_string())
        })
    }

    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError> {
        Self::check_domain(domain).map_err(|e| match e {
            PreferencesError::Write { domain, reason }
            | PreferencesError::Read { domain, reason } => {
                PreferencesError::Read { domain, reason }
            }
        })?;
        let (dict, _) = Self::read(domain, &self.path(domain))?;
        Ok(dict.get(key).and_then(Value::as_string).map(str::to_owned))
    }
}

/// `CFPreferences` for the current user, any host (macOS only).
#[cfg(target_os = "macos")]
#[derive(Debug, Default, Clone, Copy)]
pub struct CfPreferences;

#[cfg(target_os = "macos")]
impl Preferences for CfPreferences {
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError> {
        use core_foundation::base::TCFType;
        use core_foundation::string::CFString;
        use core_foundation_sys::preferences::{
            kCFPreferencesAnyHost, kCFPreferencesCurrentUser, CFPreferencesSetValue,
            CFPreferencesSynchronize,
        };

        let (cf_domain, cf_key, cf_value) = (
            CFString::new(domain),
            CFString::new(key),
            CFString::new(value),
        );
        // SAFETY: all three CFStrings live until the end of this block; the user and host
        // constants are CFStrings exported by CoreFoundation. CFPreferencesSetValue retains what
        // it keeps; CFPreferencesSynchronize only reads its arguments.
        let synchronized = unsafe {
            CFPreferencesSetValue(
                cf_key.as_concrete_TypeRef(),
                cf_value.as_CFTypeRef(),
                cf_domain.as_concrete_TypeRef(),
                kCFPreferencesCurrentUser,
                kCFPreferencesAnyHost,
            );
            CFPreferencesSynchronize(
                cf_domain.as_concrete_TypeRef(),
                kCFPreferencesCurrentUser,
                kCFPreferencesAnyHost,
            )
        };
        if synchronized == 0 {
            return Err(PreferencesError::Write {
                domain: domain.to_owned(),
                reason: "CFPreferencesSynchronize failed".into(),
            });
        }
        Ok(())
    }

    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError> {
        use core_foundation::base::{CFType, TCFType};
        use core_foundation::string::CFString;
        use core_foundation_sys::preferences::{
            kCFPreferencesAnyHost, kCFPreferencesCurrentUser, CFPreferencesCopyValue,
        };

        let (cf_domain, cf_key) = (CFString::new(domain), CFString::new(key));
        // SAFETY: both CFStrings live for the call; the constants are CoreFoundation's. The
        // result is NULL or an object we own (Copy rule), wrapped exactly once.
        let value = unsafe {
            let raw = CFPreferencesCopyValue(
                cf_key.as_concrete_TypeRef(),
                cf_domain.as_concrete_TypeRef(),
                kCFPreferencesCurrentUser,
                kCFPreferencesAnyHost,
            );
            if raw.is_null() {
                return Ok(None);
            }
            CFType::wrap_under_create_rule(raw)
        };
        Ok(value.downcast_into::<CFString>().map(|s| s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_merges_into_an_existing_file_and_keeps_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = PlistDirPreferences::new(dir.path().join("Preferences"));
        let path = prefs.path(NOMAD_DOMAIN);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut existing = Dictionary::new();
        existing.insert("ADDomain".into(), Value::String("example.com".into()));
        existing.insert("UseKeychain".into(), Value::Boolean(true));
        Value::Dictionary(existing).to_file_xml(&path).unwrap();

        prefs
            .set_string(NOMAD_DOMAIN, NOMAD_LAST_USER, "jdoe")
            .unwrap();
        prefs
            .set_string(NOMAD_DOMAIN, NOMAD_LAST_USER, "jdoe")
            .unwrap();

        let dict = crate::prefs::read_dictionary(&path).unwrap().unwrap();
        assert_eq!(
            dict.get("LastUser").and_then(Value::as_string),
            Some("jdoe")
        );
        assert_eq!(
            dict.get("ADDomain").and_then(Value::as_string),
            Some("example.com")
        );
        assert_eq!(
            dict.get("UseKeychain").and_then(Value::as_boolean),
            Some(true)
        );
        assert_eq!(dict.len(), 3);
        assert_eq!(
            prefs
                .get_string(NOMAD_DOMAIN, NOMAD_LAST_USER)
                .unwrap()
                .as_deref(),
            Some("jdoe")
        );
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    }

    #[test]
    fn a_binary_file_stays_binary_and_a_new_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = PlistDirPreferences::new(dir.path());
        assert_eq!(prefs.get_string("com.example.New", "K").unwrap(), None);
        prefs.set_string("com.example.New", "K", "v").unwrap();
        assert!(std::fs::read(prefs.path("com.example.New"))
            .unwrap()
            .starts_with(b"<?xml"));

        let path = prefs.path("com.example.Bin");
        let mut dict = Dictionary::new();
        dict.insert("Other".into(), Value::Integer(7.into()));
        Value::Dictionary(dict).to_file_binary(&path).unwrap();
        prefs.set_string("com.example.Bin", "K", "v").unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(b"bplist"));
        assert_eq!(
            prefs.get_string("com.example.Bin", "K").unwrap().as_deref(),
            Some("v")
        );
    }

    #[test]
    fn a_malformed_file_is_not_clobbered() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = PlistDirPreferences::new(dir.path());
        let path = prefs.path(NOMAD_DOMAIN);
        std::fs::write(&path, b"not a plist").unwrap();
        assert!(matches!(
            prefs.set_string(NOMAD_DOMAIN, NOMAD_LAST_USER, "jdoe"),
            Err(PreferencesError::Read { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"not a plist");
    }

    #[test]
    fn domains_cannot_escape_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = PlistDirPreferences::new(dir.path());
        for domain in ["", "../evil", "a/b", ".hidden"] {
            assert!(prefs.set_string(domain, "K", "v").is_err(), "{domain:?}");
        }
    }
}
