//! The `keyring` crate as a [`SecretStore`]: the freedesktop Secret Service on Linux (the
//! default collection, normally "login"), the login keychain on macOS.
//!
//! On Linux the item's label is set and kept in step (a put whose label differs replaces the
//! item). On macOS `keyring` cannot set a label or an access list: the label is the service and
//! only Baton may read the item without a prompt — `macos::AccessListStore` covers the rest.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::{FoundItem, ItemSpec, SecretStore, StoreError};

/// The `keyring` crate's default store for this OS.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyringStore;

#[cfg(target_os = "linux")]
const BACKEND: &str = "secret-service";
#[cfg(target_os = "macos")]
const BACKEND: &str = "login-keychain";
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
const BACKEND: &str = "keyring";

impl KeyringStore {
    pub fn new() -> Self {
        KeyringStore
    }

    fn entry(
        &self,
        service: &str,
        account: &str,
        label: Option<&str>,
    ) -> Result<keyring::Entry, StoreError> {
        #[cfg(target_os = "linux")]
        {
            let mut credential =
                keyring::secret_service::SsCredential::new_with_target(None, service, account)
                    .map_err(|e| map_error(e, None))?;
            if let Some(label) = label {
                credential.label = label.to_owned();
            }
            Ok(keyring::Entry::new_with_credential(Box::new(credential)))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = label;
            keyring::Entry::new(service, account).map_err(|e| map_error(e, None))
        }
    }

    /// The label of the one matching item (Secret Service only; `None` elsewhere).
    #[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
    fn existing_label(&self, entry: &keyring::Entry) -> Result<Option<String>, keyring::Error> {
        #[cfg(target_os = "linux")]
        {
            match entry
                .get_credential()
                .downcast_ref::<keyring::secret_service::SsCredential>()
            {
                Some(credential) => Ok(Some(credential.new_from_matching_item()?.label)),
                None => Ok(None),
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            Ok(None)
        }
    }

    /// Deletes every item matching `entry`; the number deleted.
    fn delete_all(&self, entry: &keyring::Entry) -> Result<usize, StoreError> {
        match entry.delete_credential() {
            Ok(()) => Ok(1),
            Err(keyring::Error::NoEntry) => Ok(0),
            Err(keyring::Error::Ambiguous(credentials)) => {
                let count = credentials.len();
                for credential in credentials {
                    match keyring::Entry::new_with_credential(credential).delete_credential() {
                        Ok(()) | Err(keyring::Error::NoEntry) => {}
                        Err(e) => return Err(map_error(e, None)),
                    }
                }
                Ok(count)
            }
            Err(e) => Err(map_error(e, None)),
        }
    }
}

impl SecretStore for KeyringStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        let entry = self.entry(&spec.service, &spec.account, Some(&spec.label))?;
        // Exactly one item, with this label, must hold the password afterwards: update the one
        // item in place when its label already matches; otherwise remove what is there (a
        // differently labelled item, or duplicates written by other tools) and create one.
        let replace = match self.existing_label(&entry) {
            Ok(Some(label)) => label != spec.label,
            Ok(None) => false,
            Err(keyring::Error::NoEntry) => false,
            Err(keyring::Error::Ambiguous(_)) => true,
            Err(e) => return Err(map_error(e, Some(password))),
        };
        if replace {
            self.delete_all(&entry).map_err(|e| e.without(password))?;
        }
        match entry.set_password(password.expose_secret()) {
            Ok(()) => Ok(()),
            Err(keyring::Error::Ambiguous(_)) => {
                self.delete_all(&entry).map_err(|e| e.without(password))?;
                entry
                    .set_password(password.expose_secret())
                    .map_err(|e| map_error(e, Some(password)))
            }
            Err(e) => Err(map_error(e, Some(password))),
        }
    }

    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        let entry = self.entry(service, account, None)?;
        let password = match entry.get_password() {
            Ok(password) => Zeroizing::new(password),
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(e) => return Err(map_error(e, None)),
        };
        let password = SecretString::from(password.as_str());
        let label = match self.existing_label(&entry) {
            Ok(label) => label,
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(e) => return Err(map_error(e, Some(&password))),
        };
        Ok(Some(FoundItem {
            service: service.to_owned(),
            account: account.to_owned(),
            label,
            password,
        }))
    }

    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        let entry = self.entry(service, account, None)?;
        Ok(self.delete_all(&entry)? > 0)
    }
}

/// Turns a `keyring` error into a [`StoreError`] without keeping anything that could hold the
/// password (the bytes of a `BadEncoding` are wiped, not kept).
fn map_error(error: keyring::Error, password: Option<&SecretString>) -> StoreError {
    let mapped = match error {
        keyring::Error::NoStorageAccess(e) => StoreError::Locked {
            backend: BACKEND,
            detail: e.to_string(),
        },
        keyring::Error::PlatformFailure(e) => {
            let detail = e.to_string();
            if is_unavailable(&detail) {
                StoreError::NoStore {
                    backend: BACKEND,
                    detail,
                }
            } else {
                StoreError::Platform {
                    backend: BACKEND,
                    detail,
                }
            }
        }
        keyring::Error::NoEntry => StoreError::Platform {
            backend: BACKEND,
            detail: "the item disappeared while it was being used".into(),
        },
        keyring::Error::BadEncoding(bytes) => {
            drop(Zeroizing::new(bytes));
            StoreError::NotText { backend: BACKEND }
        }
        keyring::Error::TooLong(name, limit) => StoreError::InvalidItem {
            detail: format!("the {name} is longer than {limit} characters"),
        },
        keyring::Error::Invalid(name, reason) => StoreError::InvalidItem {
            detail: format!("the {name} is invalid: {reason}"),
        },
        keyring::Error::Ambiguous(items) => StoreError::Platform {
            backend: BACKEND,
            detail: format!("{} items match one service and account", items.len()),
        },
        other => StoreError::Platform {
            backend: BACKEND,
            detail: other.to_string(),
        },
    };
    match password {
        Some(password) => mapped.without(password),
        None => mapped,
    }
}

/// Whether a platform error text says there is no store to talk to (no session bus, no
/// Secret Service on it, no keychain).
fn is_unavailable(detail: &str) -> bool {
    const MARKERS: &[&str] = &[
        "ServiceUnknown",
        "NoServer",
        "autolaunch",
        "Failed to connect to socket",
        "No such file or directory",
        "Unavailable",
        "NoDefaultKeychain",
        "No Default Keychain",
        "no default keychain",
        "NoSuchKeychain",
        "The specified keychain could not be found",
    ];
    MARKERS.iter().any(|m| detail.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Text(&'static str);
    impl std::fmt::Display for Text {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Text {}

    #[test]
    fn keyring_errors_map_to_typed_errors() {
        type Check = fn(&StoreError) -> bool;
        let cases: Vec<(keyring::Error, Check)> = vec![
            (
                keyring::Error::PlatformFailure(Box::new(Text(
                    "D-Bus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
                ))),
                |e| matches!(e, StoreError::NoStore { .. }),
            ),
            (
                keyring::Error::PlatformFailure(Box::new(Text(
                    "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided",
                ))),
                |e| matches!(e, StoreError::NoStore { .. }),
            ),
            (
                keyring::Error::PlatformFailure(Box::new(Text("something else broke"))),
                |e| matches!(e, StoreError::Platform { .. }),
            ),
            (
                keyring::Error::NoStorageAccess(Box::new(Text("NoResult"))),
                |e| matches!(e, StoreError::Locked { .. }),
            ),
            (
                keyring::Error::BadEncoding(vec![0xff, 0xfe]),
                |e| matches!(e, StoreError::NotText { .. }),
            ),
            (
                keyring::Error::TooLong("service".into(), 255),
                |e| matches!(e, StoreError::InvalidItem { .. }),
            ),
            (
                keyring::Error::Invalid("target".into(), "cannot be empty".into()),
                |e| matches!(e, StoreError::InvalidItem { .. }),
            ),
        ];
        for (error, check) in cases {
            let shown = error.to_string();
            let mapped = map_error(error, None);
            assert!(check(&mapped), "{shown} -> {mapped:?}");
        }
    }

    #[test]
    fn the_password_is_masked_in_mapped_errors() {
        let password = SecretString::from("S3cret-Value-99");
        let mapped = map_error(
            keyring::Error::PlatformFailure(Box::new(Text("refused S3cret-Value-99"))),
            Some(&password),
        );
        assert!(!mapped.to_string().contains("S3cret-Value-99"), "{mapped}");
    }
}
