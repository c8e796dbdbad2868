//! The few Security.framework functions `security-framework` does not declare, all from the
//! legacy file-based keychain API (`SecAccess.h`, `SecACL.h`, `SecTrustedApplication.h`,
//! `SecKeychainItem.h`). They are deprecated but are the only way to give a login-keychain item
//! an access list that trusts another application and a partition list — the same calls NoMAD
//! Login and XCreds make.
//!
//! Declarations only: every call site is in `macos.rs`, with its own `// SAFETY:` comment.
//! Type-checked on Linux for `aarch64-apple-darwin` and `x86_64-apple-darwin`; not yet run.
#![allow(non_upper_case_globals, non_snake_case, dead_code)]

use std::os::raw::{c_char, c_void};

use core_foundation_sys::array::CFArrayRef;
use core_foundation_sys::base::{CFTypeRef, OSStatus};
use core_foundation_sys::string::CFStringRef;
use security_framework_sys::base::{
    SecAccessRef, SecKeychainAttrType, SecKeychainAttributeList, SecKeychainItemRef, SecKeychainRef,
};

pub enum OpaqueSecTrustedApplicationRef {}
/// `SecTrustedApplicationRef`: a CF object (released with `CFRelease`).
pub type SecTrustedApplicationRef = *mut OpaqueSecTrustedApplicationRef;

pub enum OpaqueSecACLRef {}
/// `SecACLRef`: a CF object, owned by the `SecAccess` it came from.
pub type SecACLRef = *mut OpaqueSecACLRef;

/// `SecKeychainPromptSelector` (`uint16`).
pub type SecKeychainPromptSelector = u16;

/// `SecItemClass` (`FourCharCode`).
pub type SecItemClass = u32;

const fn four_char_code(code: &[u8; 4]) -> u32 {
    u32::from_be_bytes(*code)
}

/// `kSecGenericPasswordItemClass` = `'genp'`.
pub const kSecGenericPasswordItemClass: SecItemClass = four_char_code(b"genp");
/// `kSecServiceItemAttr` = `'svce'`.
pub const kSecServiceItemAttr: SecKeychainAttrType = four_char_code(b"svce");
/// `kSecAccountItemAttr` = `'acct'`.
pub const kSecAccountItemAttr: SecKeychainAttrType = four_char_code(b"acct");
/// `kSecLabelItemAttr` = `'labl'`.
pub const kSecLabelItemAttr: SecKeychainAttrType = four_char_code(b"labl");

/// `errSecItemNotFound`.
pub const errSecItemNotFound: OSStatus = -25300;
/// `errSecDuplicateItem`.
pub const errSecDuplicateItem: OSStatus = -25299;
/// `errSecInteractionNotAllowed`.
pub const errSecInteractionNotAllowed: OSStatus = -25308;
/// `errSecAuthFailed`.
pub const errSecAuthFailed: OSStatus = -25293;
/// `errSecUserCanceled`.
pub const errSecUserCanceled: OSStatus = -128;
/// `errSecNoAccessForItem`.
pub const errSecNoAccessForItem: OSStatus = -25243;
/// `errSecNoSuchKeychain`.
pub const errSecNoSuchKeychain: OSStatus = -25294;
/// `errSecNotAvailable`.
pub const errSecNotAvailable: OSStatus = -25291;
/// `errSecNoDefaultKeychain`.
pub const errSecNoDefaultKeychain: OSStatus = -25307;

#[link(name = "Security", kind = "framework")]
extern "C" {
    /// `ACLAuthorizationPartitionID`: the ACL entry whose description holds the partition list.
    pub static kSecACLAuthorizationPartitionID: CFStringRef;

    /// Creates an access object whose ACL trusts `trustedlist` (an array of
    /// `SecTrustedApplicationRef`; NULL = the calling application only).
    pub fn SecAccessCreate(
        descriptor: CFStringRef,
        trustedlist: CFArrayRef,
        accessRef: *mut SecAccessRef,
    ) -> OSStatus;

    /// A trusted-application object for the bundle or executable at `path` (a NUL-terminated
    /// UTF-8 path; NULL = the calling application).
    pub fn SecTrustedApplicationCreateFromPath(
        path: *const c_char,
        app: *mut SecTrustedApplicationRef,
    ) -> OSStatus;

    /// Creates an item with these attributes and data in `keychainRef` (NULL = the default
    /// keychain), with `initialAccess` as its access object.
    pub fn SecKeychainItemCreateFromContent(
        itemClass: SecItemClass,
        attrList: *mut SecKeychainAttributeList,
        length: u32,
        data: *const c_void,
        keychainRef: SecKeychainRef,
        initialAccess: SecAccessRef,
        itemRef: *mut SecKeychainItemRef,
    ) -> OSStatus;

    /// Copies the access object of an item (caller releases).
    pub fn SecKeychainItemCopyAccess(
        itemRef: SecKeychainItemRef,
        access: *mut SecAccessRef,
    ) -> OSStatus;

    /// The ACL entries of `accessRef` that carry the authorization `authorizationTag`
    /// (a `CFArray` of `SecACLRef`; caller releases; NULL when none).
    pub fn SecAccessCopyMatchingACLList(
        accessRef: SecAccessRef,
        authorizationTag: CFTypeRef,
    ) -> CFArrayRef;

    /// Copies an ACL entry's application list, description and prompt selector (caller
    /// releases the list and the description; either may come back NULL).
    pub fn SecACLCopyContents(
        acl: SecACLRef,
        applicationList: *mut CFArrayRef,
        description: *mut CFStringRef,
        promptSelector: *mut SecKeychainPromptSelector,
    ) -> OSStatus;

    /// Replaces an ACL entry's application list, description and prompt selector.
    pub fn SecACLSetContents(
        acl: SecACLRef,
        applicationList: CFArrayRef,
        description: CFStringRef,
        promptSelector: SecKeychainPromptSelector,
    ) -> OSStatus;

    /// Sets an item's access object, authorizing the change with the keychain's password
    /// (required when the partition list changes).
    pub fn SecKeychainItemSetAccessWithPassword(
        itemRef: SecKeychainItemRef,
        accessRef: SecAccessRef,
        passwordLength: u32,
        password: *const c_void,
    ) -> OSStatus;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_char_codes_match_the_headers() {
        assert_eq!(kSecGenericPasswordItemClass, 0x6765_6e70);
        assert_eq!(kSecLabelItemAttr, 0x6c61_626c);
        assert_eq!(kSecServiceItemAttr, 0x7376_6365);
        assert_eq!(kSecAccountItemAttr, 0x6163_6374);
    }
}
