//! macOS only: generic passwords in the user's login (default, file-based) keychain whose access
//! list trusts named applications besides Baton, so that e.g. NoMAD reads its item without a
//! prompt — what the `keyring` crate cannot express.
//!
//! How an item is written (`put`):
//! 1. every item with the same service and account is deleted (so there is never a duplicate,
//!    and Baton never has to modify an item whose access list may not trust it);
//! 2. a `SecAccess` is created that trusts Baton itself and each application in
//!    `ItemSpec::trusted_applications` that exists on disk (a missing one is logged and left
//!    out: that application will ask once);
//! 3. the item is created with service, account, label, password and that access in one call
//!    (`SecKeychainItemCreateFromContent`);
//! 4. only in `put_in_partitions`, for an item with `partition_ids`: the item's
//!    `ACLAuthorizationPartitionID` entry gets those IDs added and the access is written back
//!    with the login-keychain password (`SecKeychainItemSetAccessWithPassword`); a wrong
//!    password (`errSecAuthFailed`) is `StoreError::KeychainPasswordRejected`. Without it, macOS
//!    10.12+ may ask the person once, the first time NoMAD reads the item.
//!
//! `check_keychain_password` tries the password with `SecKeychainUnlock` on the default
//! keychain. UNCERTAIN: whether that call rejects a wrong password while the keychain is already
//! unlocked is not documented; if it does not, step 4 still rejects it, and callers treat both
//! the same way (ask again).
//!
//! Plain items (no trusted applications, label = service, no partition list) go through the
//! `keyring` crate ([`KeyringStore`]).
//!
//! **Type-checked only** (`cargo clippy --target aarch64-apple-darwin` / `x86_64-apple-darwin`
//! on Linux); it has not been run on a Mac yet.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::ptr;

use core_foundation::array::CFArray;
use core_foundation::base::{CFType, TCFType};
use core_foundation::string::CFString;
use core_foundation_sys::base::{CFTypeRef, OSStatus};
use secrecy::{ExposeSecret, SecretString};
use security_framework::item::{ItemClass, ItemSearchOptions, Reference, SearchResult};
use security_framework::os::macos::access::SecAccess;
use security_framework::os::macos::keychain::SecKeychain;
use security_framework::os::macos::keychain_item::SecKeychainItem;
use security_framework::os::macos::passwords::find_generic_password;
use security_framework_sys::base::{SecKeychainAttribute, SecKeychainAttributeList};
use security_framework_sys::keychain_item::SecKeychainItemDelete;
use zeroize::Zeroizing;

use super::macos_ffi as ffi;
use super::{partition, FoundItem, ItemSpec, KeyringStore, SecretStore, StoreError};

const BACKEND: &str = "login-keychain";

/// Most items one service/account may have before `delete` gives up (duplicates written by
/// other tools).
const MAX_DUPLICATES: usize = 32;

/// The login keychain with access lists (see the module documentation).
#[derive(Debug, Default)]
pub struct AccessListStore {
    plain: KeyringStore,
}

impl AccessListStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn needs_access_list(&self, spec: &ItemSpec) -> bool {
        !spec.trusted_applications.is_empty() || spec.label != spec.service
    }

    /// Deletes any item with this service and account and creates it with its access list.
    fn create_with_access(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
    ) -> Result<SecKeychainItem, StoreError> {
        let access = self.access_for(&spec.label, &spec.trusted_applications)?;
        self.delete_all(&spec.service, &spec.account)?;
        self.create_item(spec, password, &access)
    }

    /// An access object trusting Baton and every application of `apps` found on disk.
    fn access_for(
        &self,
        label: &str,
        apps: &[std::path::PathBuf],
    ) -> Result<SecAccess, StoreError> {
        let mut trusted: Vec<CFType> = Vec::with_capacity(apps.len() + 1);
        trusted.push(trusted_application(None)?);
        for app in apps {
            if !app.exists() {
                tracing::warn!(
                    app = %app.display(),
                    "trusted application not installed; it will ask once to read its item"
                );
                continue;
            }
            trusted.push(trusted_application(Some(app))?);
        }
        let list = CFArray::from_CFTypes(&trusted);
        let descriptor = CFString::new(label);
        let mut access = ptr::null_mut();
        // SAFETY: `descriptor` and `list` are live CF objects for the whole call (a CFString and
        // a CFArray of SecTrustedApplicationRef, as SecAccessCreate expects); `access` is a
        // valid out-pointer. On success we own the returned object (Create rule), which
        // `wrap_under_create_rule` takes over exactly once.
        unsafe {
            check(ffi::SecAccessCreate(
                descriptor.as_concrete_TypeRef(),
                list.as_concrete_TypeRef(),
                &mut access,
            ))?;
            if access.is_null() {
                return Err(platform("SecAccessCreate returned no access object".into()));
            }
            Ok(SecAccess::wrap_under_create_rule(access))
        }
    }

    fn create_item(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
        access: &SecAccess,
    ) -> Result<SecKeychainItem, StoreError> {
        let length = |s: &str, what: &str| {
            u32::try_from(s.len()).map_err(|_| StoreError::InvalidItem {
                detail: format!("the {what} is too long"),
            })
        };
        let mut attributes = [
            SecKeychainAttribute {
                tag: ffi::kSecServiceItemAttr,
                length: length(&spec.service, "service")?,
                data: spec.service.as_ptr() as *mut _,
            },
            SecKeychainAttribute {
                tag: ffi::kSecAccountItemAttr,
                length: length(&spec.account, "account")?,
                data: spec.account.as_ptr() as *mut _,
            },
            SecKeychainAttribute {
                tag: ffi::kSecLabelItemAttr,
                length: length(&spec.label, "label")?,
                data: spec.label.as_ptr() as *mut _,
            },
        ];
        let mut list = SecKeychainAttributeList {
            count: attributes.len() as u32,
            attr: attributes.as_mut_ptr(),
        };
        let secret = password.expose_secret().as_bytes();
        let secret_len = u32::try_from(secret.len()).map_err(|_| StoreError::InvalidItem {
            detail: "the password is too long".into(),
        })?;
        let mut item = ptr::null_mut();
        // SAFETY: `list` points at three attributes whose `data` point into strings that
        // outlive the call, with their exact byte lengths (the framework copies them and does
        // not write through the pointers despite the `*mut`); `secret` is `secret_len` readable
        // bytes; a NULL keychain means the default (login) keychain; `access` is a live
        // SecAccess; `item` is a valid out-pointer whose object we own on success.
        unsafe {
            check(ffi::SecKeychainItemCreateFromContent(
                ffi::kSecGenericPasswordItemClass,
                &mut list,
                secret_len,
                secret.as_ptr().cast(),
                ptr::null_mut(),
                access.as_concrete_TypeRef(),
                &mut item,
            ))
            .map_err(|e| e.without(password))?;
            if item.is_null() {
                return Err(platform("the keychain returned no item".into()));
            }
            Ok(SecKeychainItem::wrap_under_create_rule(item))
        }
    }

    /// Adds `ids` to the item's partition list, authorised by the login-keychain password.
    fn set_partitions(
        &self,
        item: &SecKeychainItem,
        ids: &[String],
        keychain_password: &SecretString,
    ) -> Result<(), StoreError> {
        let mut access_ref = ptr::null_mut();
        // SAFETY: `item` is a live keychain item; `access_ref` is a valid out-pointer whose
        // object we own on success (Copy rule) and hand to `wrap_under_create_rule` once.
        let access = unsafe {
            check(ffi::SecKeychainItemCopyAccess(
                item.as_concrete_TypeRef(),
                &mut access_ref,
            ))?;
            if access_ref.is_null() {
                return Err(platform("the item has no access object".into()));
            }
            SecAccess::wrap_under_create_rule(access_ref)
        };
        // SAFETY: `access` is live; `kSecACLAuthorizationPartitionID` is a constant CFString
        // exported by Security.framework. The returned array (or NULL) is ours (Copy rule).
        let acls = unsafe {
            let list = ffi::SecAccessCopyMatchingACLList(
                access.as_concrete_TypeRef(),
                ffi::kSecACLAuthorizationPartitionID as CFTypeRef,
            );
            if list.is_null() {
                return Err(platform(
                    "the item has no partition entry in its access list".into(),
                ));
            }
            CFArray::<CFType>::wrap_under_create_rule(list)
        };
        let mut changed = false;
        for acl in acls.iter() {
            let acl_ref = acl.as_CFTypeRef() as ffi::SecACLRef;
            let mut apps = ptr::null();
            let mut description = ptr::null();
            let mut prompt: ffi::SecKeychainPromptSelector = 0;
            // SAFETY: `acl_ref` is a SecACLRef kept alive by `acls`; the three out-pointers are
            // valid. The list and description returned (each possibly NULL) are ours (Copy
            // rule) and are wrapped once below.
            let (apps, description) = unsafe {
                check(ffi::SecACLCopyContents(
                    acl_ref,
                    &mut apps,
                    &mut description,
                    &mut prompt,
                ))?;
                let apps = (!apps.is_null()).then(|| CFType::wrap_under_create_rule(apps.cast()));
                let description = if description.is_null() {
                    String::new()
                } else {
                    CFString::wrap_under_create_rule(description).to_string()
                };
                (apps, description)
            };
            let merged = partition::merge(&description, ids)
                .map_err(|e| platform(format!("partition list: {e}")))?;
            if let Some(merged) = merged {
                let merged = CFString::new(&merged);
                let apps_ref = apps
                    .as_ref()
                    .map_or(ptr::null(), |a| a.as_CFTypeRef().cast());
                // SAFETY: `acl_ref` is live (held by `acls`), `apps_ref` is the entry's own
                // application list or NULL (= any application, as it was), `merged` is a live
                // CFString; the framework copies what it keeps.
                unsafe {
                    check(ffi::SecACLSetContents(
                        acl_ref,
                        apps_ref,
                        merged.as_concrete_TypeRef(),
                        prompt,
                    ))?;
                }
                changed = true;
            }
        }
        if !changed {
            return Ok(());
        }
        let bytes = keychain_password.expose_secret().as_bytes();
        let len = u32::try_from(bytes.len())
            .map_err(|_| platform("the keychain password is too long".into()))?;
        // SAFETY: `item` and `access` are live; `bytes` is `len` readable bytes that outlive the
        // call.
        let status = unsafe {
            ffi::SecKeychainItemSetAccessWithPassword(
                item.as_concrete_TypeRef(),
                access.as_concrete_TypeRef(),
                len,
                bytes.as_ptr().cast(),
            )
        };
        match status {
            ffi::errSecAuthFailed => Err(StoreError::KeychainPasswordRejected { backend: BACKEND }),
            status => check(status).map_err(|e| e.without(keychain_password)),
        }
    }

    /// Deletes every item with this service and account. Items are found by reference only
    /// (no password is read), so an item whose access list does not trust Baton is found and
    /// deleted without a "wants to use your confidential information" prompt.
    fn delete_all(&self, service: &str, account: &str) -> Result<usize, StoreError> {
        for deleted in 0..MAX_DUPLICATES {
            let Some(item) = self.one_reference(service, account)? else {
                return Ok(deleted);
            };
            // SAFETY: `item` is a live keychain item returned by the search above.
            check(unsafe { SecKeychainItemDelete(item.as_concrete_TypeRef()) })?;
        }
        Err(platform(format!(
            "more than {MAX_DUPLICATES} items have this service and account"
        )))
    }

    /// One item with this service and account, as a reference (no password read).
    fn one_reference(
        &self,
        service: &str,
        account: &str,
    ) -> Result<Option<SecKeychainItem>, StoreError> {
        let results = match ItemSearchOptions::new()
            .class(ItemClass::generic_password())
            .service(service)
            .account(account)
            .load_refs(true)
            .limit(1i64)
            .search()
        {
            Ok(results) => results,
            Err(e) if e.code() == ffi::errSecItemNotFound => return Ok(None),
            Err(e) => return Err(map_status(e.code())),
        };
        Ok(results.into_iter().find_map(|result| match result {
            SearchResult::Ref(Reference::KeychainItem(item)) => Some(item),
            _ => None,
        }))
    }

    fn label(&self, service: &str, account: &str) -> Option<String> {
        let results = ItemSearchOptions::new()
            .class(ItemClass::generic_password())
            .service(service)
            .account(account)
            .load_attributes(true)
            .limit(1i64)
            .search()
            .ok()?;
        results.iter().find_map(|result| match result {
            SearchResult::Dict(_) => result.simplify_dict()?.get("labl").cloned(),
            _ => None,
        })
    }
}

impl SecretStore for AccessListStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        spec.validate()?;
        if !self.needs_access_list(spec) {
            return self.plain.put(spec, password);
        }
        self.create_with_access(spec, password).map(drop)
    }

    fn keeps_partitions(&self) -> bool {
        true
    }

    fn check_keychain_password(&self, keychain_password: &SecretString) -> Result<(), StoreError> {
        let mut keychain = SecKeychain::default().map_err(|e| map_status(e.code()))?;
        match keychain.unlock(Some(keychain_password.expose_secret())) {
            Ok(()) => Ok(()),
            Err(e) if e.code() == ffi::errSecAuthFailed => {
                Err(StoreError::KeychainPasswordRejected { backend: BACKEND })
            }
            Err(e) => Err(map_status(e.code()).without(keychain_password)),
        }
    }

    fn put_in_partitions(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
        keychain_password: &SecretString,
    ) -> Result<(), StoreError> {
        spec.validate()?;
        if spec.partition_ids.is_empty() {
            return self.put(spec, password);
        }
        let item = self.create_with_access(spec, password)?;
        self.set_partitions(&item, &spec.partition_ids, keychain_password)
    }

    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        let (password, _item) = match find_generic_password(None, service, account) {
            Ok(found) => found,
            Err(e) if e.code() == ffi::errSecItemNotFound => return Ok(None),
            Err(e) => return Err(map_status(e.code())),
        };
        let bytes = Zeroizing::new(password.to_vec());
        drop(password);
        let text =
            std::str::from_utf8(&bytes).map_err(|_| StoreError::NotText { backend: BACKEND })?;
        Ok(Some(FoundItem {
            service: service.to_owned(),
            account: account.to_owned(),
            label: self.label(service, account),
            password: SecretString::from(text),
        }))
    }

    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        Ok(self.delete_all(service, account)? > 0)
    }
}

/// A trusted-application object for `path`, or for Baton itself when `None`.
fn trusted_application(path: Option<&Path>) -> Result<CFType, StoreError> {
    let path = match path {
        Some(path) => Some(CString::new(path.as_os_str().as_bytes()).map_err(|_| {
            StoreError::InvalidItem {
                detail: format!(
                    "the application path {} contains a NUL byte",
                    path.display()
                ),
            }
        })?),
        None => None,
    };
    let mut app = ptr::null_mut();
    // SAFETY: the path is a NUL-terminated C string that outlives the call, or NULL for the
    // calling application; `app` is a valid out-pointer whose object we own on success.
    unsafe {
        check(ffi::SecTrustedApplicationCreateFromPath(
            path.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
            &mut app,
        ))?;
        if app.is_null() {
            return Err(platform(
                "no trusted-application object was returned".into(),
            ));
        }
        Ok(CFType::wrap_under_create_rule(app as CFTypeRef))
    }
}

fn check(status: OSStatus) -> Result<(), StoreError> {
    if status == 0 {
        Ok(())
    } else {
        Err(map_status(status))
    }
}

fn platform(detail: String) -> StoreError {
    StoreError::Platform {
        backend: BACKEND,
        detail,
    }
}

fn map_status(status: OSStatus) -> StoreError {
    let message = security_framework::base::Error::from_code(status).to_string();
    let detail = format!("{message} (OSStatus {status})");
    match status {
        ffi::errSecInteractionNotAllowed
        | ffi::errSecAuthFailed
        | ffi::errSecUserCanceled
        | ffi::errSecNoAccessForItem => StoreError::Locked {
            backend: BACKEND,
            detail,
        },
        ffi::errSecNoSuchKeychain | ffi::errSecNotAvailable | ffi::errSecNoDefaultKeychain => {
            StoreError::NoStore {
                backend: BACKEND,
                detail,
            }
        }
        _ => platform(detail),
    }
}
