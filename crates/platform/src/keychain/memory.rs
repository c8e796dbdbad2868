//! An in-memory [`SecretStore`] for tests of the code that writes items (the hand-off flow).
//! It behaves like the real stores: put replaces, find returns label and password, delete
//! reports whether something was there. Shared state lives behind an `Arc`, so clones see the
//! same items (unlike `keyring`'s mock, whose state lives in one `Entry`).
//!
//! [`MemoryStore::with_login_keychain`] makes it behave like the macOS login keychain for
//! partition lists: it keeps partitions, knows one keychain password, and (like
//! `SecKeychainItemSetAccessWithPassword`) writes the item first and then refuses to add the
//! partition IDs with a wrong password. Whether the up-front check is trustworthy on a real Mac
//! is not known yet, so the check can be made to accept anything
//! ([`MemoryStore::with_lenient_check`]) to test callers against both answers.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};

use super::{FoundItem, ItemSpec, SecretStore, StoreError};

type Items = BTreeMap<(String, String), (ItemSpec, SecretString)>;

#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    items: Arc<Mutex<Items>>,
    puts: Arc<Mutex<usize>>,
    login_keychain: Option<LoginKeychain>,
}

/// The login-keychain behaviour of a [`MemoryStore`].
#[derive(Debug, Clone)]
struct LoginKeychain {
    password: Arc<SecretString>,
    /// `check_keychain_password` accepts any password (only the write finds out).
    lenient_check: bool,
    checks: Arc<Mutex<usize>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that keeps partition lists, guarded by `keychain_password`.
    pub fn with_login_keychain(keychain_password: &str) -> Self {
        MemoryStore {
            login_keychain: Some(LoginKeychain {
                password: Arc::new(SecretString::from(keychain_password)),
                lenient_check: false,
                checks: Arc::default(),
            }),
            ..Self::default()
        }
    }

    /// The same store, whose `check_keychain_password` accepts any password.
    pub fn with_lenient_check(mut self) -> Self {
        if let Some(keychain) = &mut self.login_keychain {
            keychain.lenient_check = true;
        }
        self
    }

    /// How many times `check_keychain_password` was called.
    pub fn keychain_password_checks(&self) -> usize {
        self.login_keychain
            .as_ref()
            .map_or(0, |k| *k.checks.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Every item's description, ordered by service then account.
    pub fn specs(&self) -> Vec<ItemSpec> {
        self.lock().values().map(|(spec, _)| spec.clone()).collect()
    }

    /// How many items the store holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many successful puts were made.
    pub fn puts(&self) -> usize {
        *self.puts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Items> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn backend(&self) -> &'static str {
        "memory"
    }

    /// Stores the item as described, except its partition IDs: a plain put creates an item
    /// with no partition list of its own.
    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        let stored = ItemSpec {
            partition_ids: Vec::new(),
            ..spec.clone()
        };
        self.lock().insert(
            (spec.service.clone(), spec.account.clone()),
            (stored, SecretString::from(password.expose_secret())),
        );
        *self.puts.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Ok(())
    }

    fn keeps_partitions(&self) -> bool {
        self.login_keychain.is_some()
    }

    fn check_keychain_password(&self, keychain_password: &SecretString) -> Result<(), StoreError> {
        let Some(keychain) = &self.login_keychain else {
            return Ok(());
        };
        *keychain.checks.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        if keychain.lenient_check
            || keychain.password.expose_secret() == keychain_password.expose_secret()
        {
            Ok(())
        } else {
            Err(StoreError::KeychainPasswordRejected { backend: "memory" })
        }
    }

    fn put_in_partitions(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
        keychain_password: &SecretString,
    ) -> Result<(), StoreError> {
        self.put(spec, password)?;
        let Some(keychain) = &self.login_keychain else {
            return Ok(());
        };
        if spec.partition_ids.is_empty() {
            return Ok(());
        }
        if keychain.password.expose_secret() != keychain_password.expose_secret() {
            return Err(StoreError::KeychainPasswordRejected { backend: "memory" });
        }
        let mut ids = Vec::new();
        for id in &spec.partition_ids {
            let id = super::partition::normalize(id).map_err(|e| StoreError::InvalidItem {
                detail: e.to_string(),
            })?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if let Some((stored, _)) = self
            .lock()
            .get_mut(&(spec.service.clone(), spec.account.clone()))
        {
            stored.partition_ids = ids;
        }
        Ok(())
    }

    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        Ok(self
            .lock()
            .get(&(service.to_owned(), account.to_owned()))
            .map(|(spec, password)| FoundItem {
                service: spec.service.clone(),
                account: spec.account.clone(),
                label: Some(spec.label.clone()),
                password: SecretString::from(password.expose_secret()),
            }))
    }

    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        Ok(self
            .lock()
            .remove(&(service.to_owned(), account.to_owned()))
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_replaces_and_clones_share_state() {
        let store = MemoryStore::new();
        let other = store.clone();
        let spec = ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM");
        store.put(&spec, &SecretString::from("one")).unwrap();
        other
            .put(
                &spec.clone().with_label("Renamed"),
                &SecretString::from("two"),
            )
            .unwrap();
        assert_eq!(store.len(), 1);
        let found = store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().unwrap();
        assert_eq!(found.password.expose_secret(), "two");
        assert_eq!(found.label.as_deref(), Some("Renamed"));
        assert!(store.delete("NoMAD", "jdoe@EXAMPLE.COM").unwrap());
        assert!(!store.delete("NoMAD", "jdoe@EXAMPLE.COM").unwrap());
        assert!(store.find("NoMAD", "jdoe@EXAMPLE.COM").unwrap().is_none());
    }

    #[test]
    fn a_login_keychain_adds_partitions_only_with_its_password() {
        let store = MemoryStore::with_login_keychain("mac-pass");
        let spec = ItemSpec::new("NoMAD", "jdoe@EXAMPLE.COM").in_partitions(["AAPZK3CB24"]);
        let secret = SecretString::from("dir-pass");
        assert!(store.keeps_partitions());
        assert!(store
            .check_keychain_password(&SecretString::from("mac-pass"))
            .is_ok());
        assert_eq!(
            store.check_keychain_password(&SecretString::from("nope")),
            Err(StoreError::KeychainPasswordRejected { backend: "memory" })
        );
        assert_eq!(store.keychain_password_checks(), 2);

        // A wrong keychain password: the item is written, without partitions.
        assert_eq!(
            store.put_in_partitions(&spec, &secret, &SecretString::from("nope")),
            Err(StoreError::KeychainPasswordRejected { backend: "memory" })
        );
        assert_eq!(store.specs()[0].partition_ids, Vec::<String>::new());
        store
            .put_in_partitions(&spec, &secret, &SecretString::from("mac-pass"))
            .unwrap();
        assert_eq!(store.specs()[0].partition_ids, ["teamid:AAPZK3CB24"]);
        // A plain put replaces the item: no partitions.
        store.put(&spec, &secret).unwrap();
        assert_eq!(store.len(), 1);
        assert!(store.specs()[0].partition_ids.is_empty());

        let lenient = MemoryStore::with_login_keychain("mac-pass").with_lenient_check();
        assert!(lenient
            .check_keychain_password(&SecretString::from("nope"))
            .is_ok());
        assert!(lenient
            .put_in_partitions(&spec, &secret, &SecretString::from("nope"))
            .is_err());
    }

    #[test]
    fn invalid_items_are_refused() {
        let store = MemoryStore::new();
        assert!(matches!(
            store.put(&ItemSpec::new("", "a"), &SecretString::from("x")),
            Err(StoreError::InvalidItem { .. })
        ));
        assert!(store.is_empty());
    }
}
