//! Secret stores: where Baton leaves the person's password for the apps that keep it in sync.
//!
//! One trait, [`SecretStore`], over generic passwords named by service and account, and these
//! backends:
//!
//! | backend | where | what it can express |
//! |---|---|---|
//! | [`KeyringStore`] | every OS (the default): the freedesktop Secret Service on Linux, the login keychain on macOS | service, account, password; the label too on Linux |
//! | `macos::AccessListStore` | macOS only | everything above plus the label, an access list that trusts named applications (e.g. `/Applications/NoMAD.app`) and, when configured, partition IDs |
//! | [`MemoryStore`] | anywhere, in memory | everything; for tests of the callers |
//!
//! [`handoff_store`] picks the right one for this OS. Every `put` **replaces** an item with the
//! same service and account; a store never holds two items for one service/account after a put.
//!
//! Partition IDs ([`ItemSpec::partition_ids`], e.g. `teamid:AAPZK3CB24` so NoMAD reads its item
//! without a prompt) exist only in the macOS login keychain, and adding them needs the
//! login-keychain password: [`SecretStore::keeps_partitions`] says whether a store has them,
//! [`SecretStore::check_keychain_password`] checks that password, and
//! [`SecretStore::put_in_partitions`] writes with it. A plain `put` never changes a partition
//! list.
//!
//! Passwords travel as [`SecretString`] and are never part of an error or a log line.

pub mod identity;
#[cfg(feature = "os-keychain")]
mod keyring_store;
mod memory;
pub mod partition;

#[cfg(all(target_os = "macos", feature = "os-keychain"))]
pub mod macos;
#[cfg(all(target_os = "macos", feature = "os-keychain"))]
mod macos_ffi;

use std::fmt;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

#[cfg(feature = "os-keychain")]
pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;

/// A generic password to write: which item, and who may read it without asking.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemSpec {
    /// The item's service (`svce` on macOS, attribute `service` in the Secret Service).
    pub service: String,
    /// The item's account (`acct` on macOS, attribute `username` in the Secret Service).
    pub account: String,
    /// What Keychain Access / Seahorse show as the item's name.
    pub label: String,
    /// Applications that may read the item without a prompt besides Baton itself (macOS access
    /// list). Ignored where the store has no such notion (Secret Service).
    pub trusted_applications: Vec<PathBuf>,
    /// Partition IDs to add to the item (`teamid:AAPZK3CB24`; a bare team ID gets the `teamid:`
    /// prefix). Applied only by [`SecretStore::put_in_partitions`] in a store that
    /// [keeps partitions](SecretStore::keeps_partitions).
    pub partition_ids: Vec<String>,
}

impl ItemSpec {
    /// An item whose label is its service and that trusts no other application.
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        let service = service.into();
        ItemSpec {
            label: service.clone(),
            service,
            account: account.into(),
            trusted_applications: Vec::new(),
            partition_ids: Vec::new(),
        }
    }

    /// The same item with another label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The same item, also readable by `app` without a prompt.
    pub fn trusting(mut self, app: impl Into<PathBuf>) -> Self {
        self.trusted_applications.push(app.into());
        self
    }

    /// The same item, with `ids` added to its partition list when written with
    /// [`SecretStore::put_in_partitions`].
    pub fn in_partitions(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.partition_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Checks what every store needs: non-empty service, account and label, no NUL byte,
    /// absolute paths for trusted applications and well-formed partition IDs.
    pub fn validate(&self) -> Result<(), StoreError> {
        for (name, value) in [
            ("service", &self.service),
            ("account", &self.account),
            ("label", &self.label),
        ] {
            if value.trim().is_empty() {
                return Err(StoreError::InvalidItem {
                    detail: format!("the {name} is empty"),
                });
            }
            if value.contains('\0') {
                return Err(StoreError::InvalidItem {
                    detail: format!("the {name} contains a NUL character"),
                });
            }
        }
        for app in &self.trusted_applications {
            if !app.is_absolute() {
                return Err(StoreError::InvalidItem {
                    detail: format!(
                        "the trusted application {} is not an absolute path",
                        app.display()
                    ),
                });
            }
        }
        for id in &self.partition_ids {
            partition::normalize(id).map_err(|e| StoreError::InvalidItem {
                detail: e.to_string(),
            })?;
        }
        Ok(())
    }
}

/// An item found in a store: its metadata and its password.
pub struct FoundItem {
    pub service: String,
    pub account: String,
    /// The label, where the store reports one.
    pub label: Option<String>,
    pub password: SecretString,
}

impl fmt::Debug for FoundItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoundItem")
            .field("service", &self.service)
            .field("account", &self.account)
            .field("label", &self.label)
            .field("password", &"••••")
            .finish()
    }
}

/// Why a store could not do what was asked. Never holds a password: details are the platform's
/// own error text, with the password masked should it ever appear there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// There is no secret store to talk to (no Secret Service on the session bus, no login
    /// keychain).
    #[error("No secret store is available ({backend}): {detail}")]
    NoStore {
        backend: &'static str,
        detail: String,
    },
    /// The store exists but is locked and could not be unlocked without a prompt, or access
    /// was refused.
    #[error("The secret store is locked or refused access ({backend}): {detail}")]
    Locked {
        backend: &'static str,
        detail: String,
    },
    /// The item cannot be stored as described.
    #[error("The item cannot be stored: {detail}")]
    InvalidItem { detail: String },
    /// The login-keychain (Mac) password given for a partition-list change is not the right
    /// one.
    #[error("The login keychain password was not accepted ({backend}).")]
    KeychainPasswordRejected { backend: &'static str },
    /// The stored password is not UTF-8 text.
    #[error("The stored password is not text ({backend}).")]
    NotText { backend: &'static str },
    /// Any other failure of the platform's store.
    #[error("The secret store failed ({backend}): {detail}")]
    Platform {
        backend: &'static str,
        detail: String,
    },
}

impl StoreError {
    /// Masks `password` in the detail text (defence in depth: platform error texts are not
    /// expected to contain it).
    pub fn without(mut self, password: &SecretString) -> Self {
        let secret = password.expose_secret();
        if secret.is_empty() {
            return self;
        }
        match &mut self {
            StoreError::NoStore { detail, .. }
            | StoreError::Locked { detail, .. }
            | StoreError::InvalidItem { detail }
            | StoreError::Platform { detail, .. } => {
                if detail.contains(secret) {
                    *detail = detail.replace(secret, "••••");
                }
            }
            StoreError::NotText { .. } | StoreError::KeychainPasswordRejected { .. } => {}
        }
        self
    }
}

/// A place to keep generic passwords.
pub trait SecretStore: Send + Sync {
    /// A short name for logs (`secret-service`, `login-keychain`, …).
    fn backend(&self) -> &'static str;

    /// Writes `password` as the item `spec`, replacing any item with the same service and
    /// account (label and access list included). Writing the same item twice leaves exactly
    /// one item. `spec.partition_ids` are not applied: see [`put_in_partitions`](Self::put_in_partitions).
    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError>;

    /// Whether items here carry a partition list (the macOS login keychain), so that adding
    /// `ItemSpec::partition_ids` is possible and needs the login-keychain password.
    fn keeps_partitions(&self) -> bool {
        false
    }

    /// Checks `keychain_password` against the login keychain without writing anything:
    /// [`StoreError::KeychainPasswordRejected`] when it is wrong. A store without partitions has
    /// no such password and accepts any.
    fn check_keychain_password(&self, keychain_password: &SecretString) -> Result<(), StoreError> {
        let _ = keychain_password;
        Ok(())
    }

    /// Writes the item like [`put`](Self::put), then adds `spec.partition_ids` to its partition
    /// list, which `keychain_password` (the login-keychain password) authorises. A wrong
    /// password is [`StoreError::KeychainPasswordRejected`]; the item is then already written,
    /// without the IDs. A store without partitions writes as `put` does.
    fn put_in_partitions(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
        keychain_password: &SecretString,
    ) -> Result<(), StoreError> {
        let _ = keychain_password;
        self.put(spec, password)
    }

    /// The item with this service and account, if any.
    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError>;

    /// Deletes every item with this service and account; `false` when there was none.
    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError>;
}

/// `&S` and `Box<S>` are stores too, forwarding every method (the defaulted ones included, so
/// a boxed login keychain still keeps partitions).
macro_rules! forward_secret_store {
    ($($pointer:ty),+) => {$(
        impl<S: SecretStore + ?Sized> SecretStore for $pointer {
            fn backend(&self) -> &'static str {
                (**self).backend()
            }
            fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
                (**self).put(spec, password)
            }
            fn keeps_partitions(&self) -> bool {
                (**self).keeps_partitions()
            }
            fn check_keychain_password(
                &self,
                keychain_password: &SecretString,
            ) -> Result<(), StoreError> {
                (**self).check_keychain_password(keychain_password)
            }
            fn put_in_partitions(
                &self,
                spec: &ItemSpec,
                password: &SecretString,
                keychain_password: &SecretString,
            ) -> Result<(), StoreError> {
                (**self).put_in_partitions(spec, password, keychain_password)
            }
            fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
                (**self).find(service, account)
            }
            fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
                (**self).delete(service, account)
            }
        }
    )+};
}

forward_secret_store!(&S, Box<S>);

/// The store Baton writes the hand-off items to on this OS.
///
/// - macOS: the login keychain through `macos::AccessListStore`, which writes items that name
///   trusted applications (or a label other than the service, or partition IDs) itself and
///   hands plain items to the `keyring` crate. It [keeps partitions](SecretStore::keeps_partitions).
/// - elsewhere: [`KeyringStore`] (the Secret Service on Linux), which has no partitions.
#[cfg(feature = "os-keychain")]
pub fn handoff_store() -> Box<dyn SecretStore> {
    #[cfg(target_os = "macos")]
    {
        Box::new(macos::AccessListStore::new())
    }
    #[cfg(not(target_os = "macos"))]
    {
        Box::new(KeyringStore::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_specs_are_validated() {
        assert!(ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM")
            .validate()
            .is_ok());
        let cases = [
            (ItemSpec::new("", "a"), "service is empty"),
            (ItemSpec::new("s", " "), "account is empty"),
            (ItemSpec::new("s", "a").with_label(""), "label is empty"),
            (ItemSpec::new("s\0x", "a"), "NUL"),
            (
                ItemSpec::new("s", "a").trusting("Applications/NoMAD.app"),
                "not an absolute path",
            ),
            (
                ItemSpec::new("s", "a").in_partitions(["AAP ZK3CB24"]),
                "partition ID",
            ),
        ];
        for (spec, expected) in cases {
            let err = spec.validate().unwrap_err().to_string();
            assert!(err.contains(expected), "{spec:?}: {err}");
        }
    }

    #[test]
    fn errors_never_carry_the_password() {
        let password = SecretString::from("Tr0ub4dor&3");
        let err = StoreError::Platform {
            backend: "test",
            detail: "echoed Tr0ub4dor&3 back".into(),
        }
        .without(&password);
        assert!(!err.to_string().contains("Tr0ub4dor&3"), "{err}");
        assert!(!format!("{err:?}").contains("Tr0ub4dor&3"));
    }

    #[test]
    fn found_items_hide_passwords_in_debug() {
        let found = FoundItem {
            service: "s".into(),
            account: "a".into(),
            label: None,
            password: SecretString::from("hunter2-hunter2"),
        };
        assert!(!format!("{found:?}").contains("hunter2"));
    }

    /// A store without partitions: the default methods must forward through `&S` and `Box`.
    struct Partitioned;
    impl SecretStore for Partitioned {
        fn backend(&self) -> &'static str {
            "partitioned"
        }
        fn put(&self, _: &ItemSpec, _: &SecretString) -> Result<(), StoreError> {
            Err(StoreError::InvalidItem {
                detail: "plain put".into(),
            })
        }
        fn find(&self, _: &str, _: &str) -> Result<Option<FoundItem>, StoreError> {
            Ok(None)
        }
        fn delete(&self, _: &str, _: &str) -> Result<bool, StoreError> {
            Ok(false)
        }
        fn keeps_partitions(&self) -> bool {
            true
        }
        fn check_keychain_password(&self, _: &SecretString) -> Result<(), StoreError> {
            Err(StoreError::KeychainPasswordRejected {
                backend: "partitioned",
            })
        }
        fn put_in_partitions(
            &self,
            _: &ItemSpec,
            _: &SecretString,
            _: &SecretString,
        ) -> Result<(), StoreError> {
            Ok(())
        }
    }

    #[test]
    fn references_and_boxes_forward_the_partition_methods() {
        let spec = ItemSpec::new("s", "a").in_partitions(["AAPZK3CB24"]);
        let secret = SecretString::from("x");
        let boxed: Box<dyn SecretStore> = Box::new(Partitioned);
        for store in [&boxed as &dyn SecretStore, &&Partitioned] {
            assert!(store.keeps_partitions());
            assert!(store.check_keychain_password(&secret).is_err());
            assert!(store.put_in_partitions(&spec, &secret, &secret).is_ok());
        }
    }

    #[test]
    fn stores_without_partitions_accept_any_keychain_password_and_write_plainly() {
        let store = MemoryStore::new();
        assert!(!store.keeps_partitions());
        assert!(store
            .check_keychain_password(&SecretString::from("anything"))
            .is_ok());
    }
}
