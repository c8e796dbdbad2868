//! An in-memory [`SecretStore`] for tests of the code that writes items (the hand-off flow).
//! It behaves like the real stores: put replaces, find returns label and password, delete
//! reports whether something was there. Shared state lives behind an `Arc`, so clones see the
//! same items (unlike `keyring`'s mock, whose state lives in one `Entry`).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};

use super::{FoundItem, ItemSpec, SecretStore, StoreError};

type Items = BTreeMap<(String, String), (ItemSpec, SecretString)>;

#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    items: Arc<Mutex<Items>>,
    puts: Arc<Mutex<usize>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
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

    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        self.lock().insert(
            (spec.service.clone(), spec.account.clone()),
            (spec.clone(), SecretString::from(password.expose_secret())),
        );
        *self.puts.lock().unwrap_or_else(|e| e.into_inner()) += 1;
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
    fn invalid_items_are_refused() {
        let store = MemoryStore::new();
        assert!(matches!(
            store.put(&ItemSpec::new("", "a"), &SecretString::from("x")),
            Err(StoreError::InvalidItem { .. })
        ));
        assert!(store.is_empty());
    }
}
