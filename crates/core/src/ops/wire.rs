//! The JSON shapes of the use cases' answers: what [`super::Direct`] returns, what `baton-relay`
//! sends (RELAY.md, "HTTP contract") and what [`super::RelayClient`] reads back. One definition,
//! so the two sides cannot drift.

use serde::{Deserialize, Serialize};

use crate::directory::VerifiedUser;
use crate::uem::{Device, User};

/// Who a device is enrolled to, as a person would recognise them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owner {
    pub username: String,
    pub display_name: Option<String>,
    /// The Kerberos realm the owner's Keychain items are named with, as the authority knows it
    /// (its `KerberosRealm` or `ADDomain`): a Mac talking to a relay has neither configured,
    /// yet must tell whether the owner's NoMAD item is there.
    #[serde(default)]
    pub realm: Option<String>,
}

/// A device as the hand-off sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceState {
    pub serial: String,
    /// UEM's `EnrollmentStatus` is `Enrolled`.
    pub enrolled: bool,
    /// Enrolled and on one of `StagingUsernames`: ready to be handed over.
    pub staged: bool,
    /// The enrollment user, unless the device is staged (or has none).
    pub owner: Option<Owner>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub asset_number: Option<String>,
    #[serde(default)]
    pub last_seen: Option<String>,
}

impl DeviceState {
    /// The state of `device` (read for `serial`) given the staging users.
    pub fn of(device: &Device, serial: &str, staging_usernames: &[String]) -> Self {
        let enrolled = device.is_enrolled();
        let staged = enrolled && device.is_on_staging_user(staging_usernames);
        let owner = device
            .user_name
            .clone()
            .filter(|name| !staged && !name.trim().is_empty())
            .map(|username| Owner {
                username,
                display_name: None,
                realm: None,
            });
        DeviceState {
            serial: serial.to_owned(),
            enrolled,
            staged,
            owner,
            model: device.model.clone(),
            asset_number: device.asset_number.clone(),
            last_seen: device.last_seen.clone(),
        }
    }
}

/// The person a device was handed to: what the Keychain items are planned from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub short_name: String,
    #[serde(default)]
    pub upn: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub realm: Option<String>,
}

impl From<&VerifiedUser> for Person {
    fn from(verified: &VerifiedUser) -> Self {
        Person {
            short_name: verified.short_name.clone(),
            upn: verified.upn.clone(),
            display_name: verified.display_name.clone(),
            email: verified.email.clone(),
            domain: verified.domain.clone(),
            realm: verified.realm.clone(),
        }
    }
}

impl From<&User> for Person {
    fn from(user: &User) -> Self {
        let joined = [user.first_name.as_deref(), user.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Person {
            short_name: user.user_name.clone(),
            upn: None,
            display_name: user
                .display_name
                .clone()
                .or_else(|| (!joined.is_empty()).then_some(joined)),
            email: user.email.clone(),
            domain: None,
            realm: None,
        }
    }
}

/// How a hand-off ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Switched to the person now, and confirmed by UEM.
    Switched,
    /// It already was the person's; nothing was changed.
    AlreadyYours,
}

/// A hand-off (or assignment) that UEM confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedOff {
    pub outcome: Outcome,
    pub user: Person,
    /// `SyncDevice` was accepted (false when not sent: not configured, or nothing switched).
    #[serde(default)]
    pub synced: bool,
    /// The user was added to UEM first (`CreateMissingUsers`).
    #[serde(default)]
    pub user_created: bool,
    /// PATCH requests sent: 0, 1, or 2 after an answer in doubt.
    #[serde(default)]
    pub switch_attempts: u8,
}

/// An RFC 9457 problem (`application/problem+json`) as the relay sends it: the same sentence,
/// next step and support code the app shows. Never server text, never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDoc {
    /// `about:blank`: the support code says what it is.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// One plain sentence: what happened.
    pub title: String,
    pub status: u16,
    /// One plain sentence: what to do next.
    #[serde(default)]
    pub detail: String,
    /// The Baton support code, e.g. `DIR-049`.
    pub code: String,
    /// The field of the request that was refused (400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds until another attempt is allowed (429; also the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// The request's id, as in the relay's log and audit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// The body of `POST /v1/handoff` and `POST /v1/devices/{serial}/handoff`. The password is
/// read straight into a `SecretString` and never serialised back.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CredentialsBody {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub username: String,
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, format = Password, min_length = 1, max_length = 1024)
    )]
    pub password: secrecy::SecretString,
    /// `POST /v1/handoff` only, optional: the serial the asker means. A device hands over only
    /// itself; a serial other than its certificate's is refused (403) instead of quietly
    /// handing over the certificate's Mac.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 32))]
    pub serial: Option<String>,
}

/// The longest username a relay accepts (UEM and AD names are far shorter).
pub const MAX_USERNAME: usize = 256;
/// The longest password a relay accepts.
pub const MAX_PASSWORD: usize = 1024;

/// The body of `POST /v1/devices/{serial}/assign`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub username: String,
}

/// A person found by a technician's search (`GET /v1/users?q=`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// How many devices UEM has enrolled to them (none when UEM could not tell).
    #[serde(default)]
    pub device_count: Option<u32>,
    /// A directory user (UEM `SecurityType` 1); false for a basic user; none when UEM did not say.
    #[serde(default)]
    pub directory: Option<bool>,
}

impl From<&User> for UserSummary {
    fn from(user: &User) -> Self {
        let person = Person::from(user);
        UserSummary {
            username: person.short_name,
            display_name: person.display_name,
            email: person.email,
            device_count: None,
            directory: user.security_type.map(|kind| kind == 1),
        }
    }
}

/// One line of a device's history: a UEM event-log entry or one of Baton's own audit rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// As the source wrote it (UEM's `TimeStamp`, the audit's RFC 3339).
    pub at: Option<String>,
    /// `uem` or `baton`.
    pub source: String,
    pub event: String,
    /// Who did it, when known.
    pub actor: Option<String>,
}

/// A serial's registration ("pre-registration") record, as a technician's device card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum RegistrationRecord {
    /// Registered to these people (one, unless UEM holds several records of the serial).
    Registered { usernames: Vec<String> },
    /// No record carries the serial.
    NotRegistered,
    /// UEM's registration records could not be read; `code` is the support code.
    Unreadable { code: String },
}

impl RegistrationRecord {
    /// The answer of a registration search for one serial.
    pub fn of(records: &[crate::uem::Registration]) -> Self {
        let mut usernames: Vec<String> = Vec::new();
        for name in records
            .iter()
            .filter_map(|r| r.username.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            if !usernames
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
            {
                usernames.push(name.to_owned());
            }
        }
        if usernames.is_empty() {
            RegistrationRecord::NotRegistered
        } else {
            RegistrationRecord::Registered { usernames }
        }
    }
}

/// A device returned to its staging user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Returned {
    /// The staging user it is on now.
    pub staging_user: String,
    /// Whom it belonged to before (none when it already was on the staging user).
    pub from: Option<String>,
}

/// A serial pre-registered to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registered {
    pub serial: String,
    pub username: String,
}
