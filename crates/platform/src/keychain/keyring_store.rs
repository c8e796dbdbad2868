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
}

#[cfg(target_os = "linux")]
impl SecretStore for KeyringStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        let mapped = |e| map_error(e, Some(password));
        // Exactly one item, with this label, must hold the password afterwards: update the one
        // item in place when its label already matches; otherwise remove whatever has this
        // service and account (a differently labelled item, duplicates written by other tools)
        // and create one.
        let labels = ss::labels(&spec.service, &spec.account).map_err(mapped)?;
        if labels.len() > 1 || labels.iter().any(|l| *l != spec.label) {
            ss::delete_all(&spec.service, &spec.account).map_err(mapped)?;
        }
        ss::entry(&spec.service, &spec.account, &spec.label)
            .map_err(mapped)?
            .set_password(password.expose_secret())
            .map_err(mapped)
    }

    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        match ss::first(service, account) {
            Ok(None) => Ok(None),
            Ok(Some((password, label))) => Ok(Some(FoundItem {
                service: service.to_owned(),
                account: account.to_owned(),
                label: Some(label),
                password: SecretString::from(password.as_str()),
            })),
            Err(e) => Err(map_error(e, None)),
        }
    }

    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        Ok(ss::delete_all(service, account).map_err(|e| map_error(e, None))? > 0)
    }
}

/// The Secret Service through `keyring`'s own credential type, searching by service and
/// account only, so items written by other tools (without keyring's `target` attribute) and
/// duplicates are seen too.
#[cfg(target_os = "linux")]
mod ss {
    use keyring::secret_service::{delete_item, get_item_password, SsCredential};
    use zeroize::Zeroizing;

    /// Every item with this service and account, in any collection.
    fn any(service: &str, account: &str) -> keyring::Result<SsCredential> {
        SsCredential::new_with_no_target(service, account)
    }

    /// The entry that creates (or updates) the item in the default collection.
    pub fn entry(service: &str, account: &str, label: &str) -> keyring::Result<keyring::Entry> {
        let mut credential = SsCredential::new_with_target(None, service, account)?;
        credential.label = label.to_owned();
        Ok(keyring::Entry::new_with_credential(Box::new(credential)))
    }

    pub fn labels(service: &str, account: &str) -> keyring::Result<Vec<String>> {
        any(service, account)?
            .map_matching_items(|item| Ok(SsCredential::new_from_item(item)?.label), false)
    }

    pub fn delete_all(service: &str, account: &str) -> keyring::Result<usize> {
        Ok(any(service, account)?
            .map_matching_items(delete_item, false)?
            .len())
    }

    /// The password and label of the first matching item.
    pub fn first(
        service: &str,
        account: &str,
    ) -> keyring::Result<Option<(Zeroizing<String>, String)>> {
        let mut found = any(service, account)?.map_matching_items(
            |item| {
                Ok((
                    Zeroizing::new(get_item_password(item)?),
                    SsCredential::new_from_item(item)?.label,
                ))
            },
            false,
        )?;
        Ok((!found.is_empty()).then(|| found.swap_remove(0)))
    }
}

#[cfg(not(target_os = "linux"))]
impl SecretStore for KeyringStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        keyring::Entry::new(&spec.service, &spec.account)
            .and_then(|entry| entry.set_password(password.expose_secret()))
            .map_err(|e| map_error(e, Some(password)))
    }

    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        let entry = keyring::Entry::new(service, account).map_err(|e| map_error(e, None))?;
        match entry.get_password() {
            Ok(password) => {
                let password = Zeroizing::new(password);
                Ok(Some(FoundItem {
                    service: service.to_owned(),
                    account: account.to_owned(),
                    label: None,
                    password: SecretString::from(password.as_str()),
                }))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e, None)),
        }
    }

    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        let entry = keyring::Entry::new(service, account).map_err(|e| map_error(e, None))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e, None)),
        }
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
