//! Credential verification against the organisation's directory.
//!
//! The person types a username and a password; [`Directory::verify`] answers with the
//! [`VerifiedUser`] the directory knows, or with one [`DirectoryError`] that says exactly what went
//! wrong (and, through [`Problem`](crate::problem::Problem), what to tell the person).
//!
//! The one implementation today is [`LdapDirectory`]: a simple bind *as the user* over LDAPS or
//! LDAP + StartTLS (plaintext cannot be configured), followed by a read of the user's own entry
//! with that same identity and the proof that the entry is the bound identity's (the server's
//! "Who am I?" answer, or the bind name when the server has no WhoAmI; a mismatch is
//! [`DirectoryError::IdentityMismatch`]). [`ThrottledDirectory`] puts the local attempt limit of [`throttle`] in
//! front of any [`Directory`], so Baton never becomes the thing that locks a directory account.
//!
//! Layout:
//! - [`username`]: the one normalisation of what the person typed (`jdoe`, `jdoe@example.com`,
//!   `EXAMPLE\jdoe`).
//! - [`options`]: [`LdapOptions`], filled by the configuration layer, and its validation.
//! - [`error`]: [`DirectoryError`], its support codes, and the mapping of LDAP results and Active
//!   Directory sub-codes onto it.
//! - `tls`: the rustls client configuration (platform roots plus configured CAs).
//! - `identity`: whether the entry read is the identity that bound (WhoAmI answers, bind names,
//!   DN comparison).
//! - `ldap`: [`LdapDirectory`] itself.
//! - [`throttle`]: the persisted local attempt limit.

pub mod error;
pub(crate) mod identity;
mod ldap;
pub mod options;
pub mod throttle;
mod tls;
pub mod username;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use error::{ActiveDirectoryCode, DirectoryError};
pub use ldap::LdapDirectory;
pub use options::LdapOptions;
pub use throttle::{
    Clock, SystemClock, Throttle, ThrottleOptions, ThrottleScope, Throttled, ThrottledDirectory,
};
pub use username::{normalize_username, NormalizedUsername};

/// A boxed, sendable future: what [`Directory::verify`] returns, so that `dyn Directory` works.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that can check a person's directory credentials.
///
/// Implementations must refuse an empty password without contacting anything, must never log or
/// keep the password, and must return [`DirectoryError::InvalidCredentials`] alike for a wrong
/// password and an unknown user.
pub trait Directory: Send + Sync {
    /// Checks `password` for `username` (as typed: `jdoe`, `jdoe@example.com`, `EXAMPLE\jdoe`)
    /// and returns what the directory says about that person.
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>>;
}

impl<D: Directory + ?Sized> Directory for Arc<D> {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        (**self).verify(username, password)
    }
}

impl<D: Directory + ?Sized> Directory for Box<D> {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        (**self).verify(username, password)
    }
}

/// The person the directory vouched for, read from their own entry right after the bind (with
/// their own identity). Feeds the UEM user lookup and the Keychain item templates
/// (`<<shortname>>`, `<<upn>>`, `<<domain>>`, `<<realm>>`, `<<email>>`). Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifiedUser {
    /// The account name: `sAMAccountName`, else `uid`, else the normalised username.
    pub short_name: String,
    /// `userPrincipalName`, else the bind name when the bind template is UPN-shaped.
    pub upn: Option<String>,
    /// `displayName`, else `cn`.
    pub display_name: Option<String>,
    /// `mail`.
    pub email: Option<String>,
    /// The distinguished name of the entry that was read.
    pub dn: String,
    /// `ADDomain` when configured, else the domain part of the UPN (lower case).
    pub domain: Option<String>,
    /// `KerberosRealm`, else upper-case `ADDomain`, else the upper-case UPN domain.
    pub realm: Option<String>,
    /// Which of the directory's groups of interest ([`LdapOptions::groups`]) the person is a
    /// member of, as configured (DNs). Empty when none are asked about.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The entry's unique, immutable id: `entryUUID` (OpenLDAP, RFC 4530) or `objectGUID`
    /// (Active Directory), as lower-case `8-4-4-4-12` hex text (an `objectGUID` in Microsoft's
    /// byte order, as AD tools show it). Matched against UEM's `ExternalId`
    /// ([`crate::uem::pick_person`]). `None` when the entry has neither.
    #[serde(default)]
    pub directory_id: Option<String>,
}
