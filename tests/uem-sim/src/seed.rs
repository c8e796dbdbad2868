//! The tenant seed: a JSON file (comments allowed) describing a tenant's starting state —
//! OAuth clients, basic admins, users, devices and a few behaviour switches for the points
//! that `uem-api.md` marks UNCERTAIN. The same types are the simulator's live state, so
//! `GET /_sim/state` answers in this schema and its output can be used as a seed again.
//!
//! `seeds/demo.json` documents every field with comments.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::jsonc;
use crate::ldap::seed::Directory;
use crate::ratelimit::RateLimitConfig;

const DEMO_SEED: &str = include_str!("../seeds/demo.json");

/// A tenant's starting state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub tenant: TenantInfo,
    #[serde(default)]
    pub oauth_clients: Vec<OAuthClient>,
    #[serde(default)]
    pub basic_admins: Vec<BasicAdmin>,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Registration ("pre-registration") records: `POST /api/system/users/{id}/registerdevice`
    /// makes them, `GET /api/system/users/registereddevices/search` finds them (by asset
    /// number too, which the device lookup cannot do — modes-and-relay.md §1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registrations: Vec<Registration>,
    #[serde(default)]
    pub behavior: Behavior,
    /// The directory the LDAP listeners serve (see `seeds/demo.json`); a seed without it
    /// gets an empty `dc=example,dc=test` directory.
    #[serde(default)]
    pub directory: Directory,
}

/// What `GET /api/system/info` reports and the organization group users and devices sit in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TenantInfo {
    pub product_version: String,
    pub build_number: String,
    pub organization_group: OrganizationGroup,
}

impl Default for TenantInfo {
    fn default() -> Self {
        TenantInfo {
            product_version: "24.10.0.0".into(),
            build_number: "24.10.0.0".into(),
            organization_group: OrganizationGroup::default(),
        }
    }
}

/// The one organization group of the simulated tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OrganizationGroup {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub group_id: String,
}

impl Default for OrganizationGroup {
    fn default() -> Self {
        OrganizationGroup {
            id: 570,
            uuid: "6f1c8d2e-0000-4000-8000-000000000570".into(),
            name: "Baton Demo".into(),
            group_id: "BATONDEMO".into(),
        }
    }
}

/// An OAuth client of the token service (client credentials grant).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// A basic (not directory) admin for `Authorization: Basic` + `aw-tenant-code`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicAdmin {
    pub username: String,
    pub password: String,
    pub tenant_code: String,
}

impl fmt::Debug for BasicAdmin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAdmin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// An enrollment user (directory or basic; staging users have `staging` set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// Numeric id, the wire's `Id.Value`.
    pub id: i64,
    /// Filled with a stable value derived from `id` when left out.
    #[serde(default)]
    pub uuid: String,
    pub username: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub security_type: SecurityType,
    /// `Status` on the wire: false = inactive.
    #[serde(default = "yes")]
    pub active: bool,
    /// Present for staging users: a device enrolled to such a user may be switched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staging: Option<StagingType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// `SecurityType` (uem-api.md §4.3: 1 = directory, 2 = basic; 3 and 4 are inferred).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityType {
    Directory,
    #[default]
    Basic,
    AuthenticationProxy,
    Saml,
}

impl SecurityType {
    /// The wire's integer.
    pub fn code(self) -> i64 {
        match self {
            SecurityType::Directory => 1,
            SecurityType::Basic => 2,
            SecurityType::AuthenticationProxy => 3,
            SecurityType::Saml => 4,
        }
    }

    /// Reads the wire's integer back.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(SecurityType::Directory),
            2 => Some(SecurityType::Basic),
            3 => Some(SecurityType::AuthenticationProxy),
            4 => Some(SecurityType::Saml),
            _ => None,
        }
    }
}

/// The kind of device staging a staging user is enabled for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StagingType {
    SingleUserStandard,
    SingleUserAdvanced,
    MultiUser,
}

impl StagingType {
    /// `DeviceStagingType` on the wire (the order of the swagger text; UNCERTAIN).
    pub fn device_staging_type(self) -> i64 {
        match self {
            StagingType::SingleUserStandard => 1,
            StagingType::SingleUserAdvanced => 2,
            StagingType::MultiUser => 3,
        }
    }

    /// `StagingMode` on the wire (the order of the swagger text; UNCERTAIN).
    pub fn staging_mode(self) -> i64 {
        match self {
            StagingType::SingleUserStandard => 1,
            StagingType::SingleUserAdvanced => 2,
            StagingType::MultiUser => 4,
        }
    }
}

/// An enrolled (or formerly enrolled) device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Numeric id, the wire's `Id.Value`, used in `/devices/{id}/…` paths.
    pub id: i64,
    /// Filled with a stable value derived from `id` when left out.
    #[serde(default)]
    pub uuid: String,
    pub udid: String,
    pub serial_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eas_id: Option<String>,
    #[serde(default)]
    pub asset_number: String,
    #[serde(default)]
    pub friendly_name: String,
    /// The `Platform` string. The exact macOS value is UNCERTAIN, hence configurable.
    #[serde(default = "default_platform")]
    pub platform: String,
    #[serde(default = "default_platform_id")]
    pub platform_id: i64,
    #[serde(default = "default_model")]
    pub model: String,
    #[serde(default = "default_os")]
    pub operating_system: String,
    /// `Enrolled`, `Unenrolled`, `EnterpriseWipePending`, `DeviceWipePending`, …
    #[serde(default = "default_enrollment_status")]
    pub enrollment_status: String,
    /// Username of the current enrollment user (none for a device nobody enrolled).
    #[serde(default)]
    pub user: Option<String>,
    /// `C` corporate, `E` employee-owned, `S` shared.
    #[serde(default = "default_ownership")]
    pub ownership: String,
    #[serde(default = "yes")]
    pub is_supervised: bool,
    #[serde(default = "yes")]
    pub enrolled_via_dep: bool,
    /// `LastSeen` as UEM prints it (ISO without zone); the start time when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Device notes (`GET|POST /api/mdm/devices/{id}/notes`), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<DeviceNote>,
    /// Device event log (`GET /api/mdm/devices/{id}/eventlog`), in any order (answers sort
    /// newest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_log: Vec<EventLogEntry>,
}

/// A note on a device (`DeviceNotes` of the mdm v1 spec: `Id` and `DeviceId` are plain ints).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceNote {
    /// Unique over the tenant; 0 or left out = the next free id.
    #[serde(default)]
    pub id: i64,
    pub note: String,
    /// `CreatedOn` as UEM prints it (ISO without zone); the start time when left out.
    #[serde(default)]
    pub created_on: String,
    /// `ModifiedOn`; `created_on` when left out.
    #[serde(default)]
    pub modified_on: String,
}

/// One entry of a device's event log (`DeviceEventLogEntry`, modes-and-relay.md §1.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventLogEntry {
    /// Unique over the tenant (`Id.Value`); 0 or left out = the next free id.
    #[serde(default)]
    pub id: i64,
    /// Filled with a stable value derived from `id` when left out.
    #[serde(default)]
    pub uuid: String,
    /// `emergency`…`debug` in the filter; the wire's spelling of the value is UNCERTAIN
    /// (a string in the spec), default `Information`.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// `TimeStamp` (ISO without zone); the start time when left out.
    #[serde(default)]
    pub timestamp: String,
    /// `Source`, e.g. `Device`, `Console`; default `Device`.
    #[serde(default = "default_event_source")]
    pub source: String,
    /// `Event`, e.g. `Enrollment user changed`.
    pub event: String,
    #[serde(default)]
    pub admin_account: String,
    /// `EventDataList`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_data: Vec<EventData>,
}

/// One `EventDataList` item: what changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventData {
    pub event_data_type: String,
    #[serde(default)]
    pub old_value: String,
    #[serde(default)]
    pub new_value: String,
}

/// A registration record (`RegisteredDeviceDetails`, modes-and-relay.md §1.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The enrollment user the device is registered to (must exist).
    pub username: String,
    pub serial_number: String,
    #[serde(default)]
    pub asset_number: String,
    #[serde(default)]
    pub friendly_name: String,
    /// Left out: the UDID of the enrolled device with this serial, if any (UNCERTAIN whether
    /// UEM fills it once the device enrolls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udid: Option<String>,
    #[serde(default = "default_platform")]
    pub platform: String,
    /// `C`, `E`, `S`.
    #[serde(default = "default_ownership")]
    pub ownership: String,
    /// `RegistrationDate` (ISO without zone); the start time when left out.
    #[serde(default)]
    pub registration_date: String,
}

/// Switches for the points `uem-api.md` marks UNCERTAIN, and token/quota settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Behavior {
    /// `expires_in` of issued tokens; tokens really stop working after it.
    pub token_expires_in_secs: u64,
    /// Status of the token endpoint for bad client credentials (RFC 6749 says 401;
    /// IdentityServer-style services answer 400).
    pub token_error_status: u16,
    /// Status for a request whose API version the route does not serve (e.g. the PATCH
    /// switch without `version=2`): 400 as ASP.NET API versioning does, or 404.
    pub unsupported_version_status: u16,
    /// The tenant's request quota.
    pub rate_limit: RateLimitConfig,
    /// Whether the PATCH switch writes an "Enrollment user changed" entry to the device's
    /// event log. Whether real UEM logs a switch, and with which text, is UNCERTAIN
    /// (modes-and-relay.md §1.3): turn this off to test a client against a silent log.
    pub log_enrollment_user_change: bool,
    /// Status of `POST /api/mdm/devices/{id}/notes`: 200 or 201 (the spec only names the
    /// `EntityId` body, not the status — UNCERTAIN).
    pub note_created_status: u16,
    /// Status of the list routes without evidence (notes, event log, registered devices)
    /// when there is nothing to list: 204 with no body, as the device and user searches are
    /// observed to answer, or 200 with an empty list. UNCERTAIN which one UEM sends.
    pub empty_list_status: u16,
    /// Whether the PATCH may also check a device *in*: from a person back to a staging user
    /// ("Check In and Check Out the device to the Multi-Staging enrollment User", the
    /// swagger's words; whether UEM allows it from any user is UNCERTAIN, uem-api.md §4.5 and
    /// modes-and-relay.md §1.6). Off, only check-out from a staging user is accepted.
    pub allow_check_in: bool,
    /// Whether `GET /api/system/users/registereddevices/search` ignores `serialnumber` and
    /// answers every record (filtered by the other parameters only). The swagger of that
    /// search names `assetnumber` but no `serialnumber` (modes-and-relay.md §1.5): whether a
    /// tenant filters by it is UNCERTAIN. Off (the default), it filters.
    pub registration_search_ignores_serialnumber: bool,
}

impl Default for Behavior {
    fn default() -> Self {
        Behavior {
            token_expires_in_secs: 3600,
            token_error_status: 401,
            unsupported_version_status: 400,
            rate_limit: RateLimitConfig::default(),
            log_enrollment_user_change: true,
            note_created_status: 200,
            empty_list_status: 204,
            allow_check_in: true,
            registration_search_ignores_serialnumber: false,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_platform() -> String {
    "AppleOsX".into()
}
fn default_platform_id() -> i64 {
    10
}
fn default_model() -> String {
    "MacBook Pro".into()
}
fn default_os() -> String {
    "14.5.0".into()
}
fn default_enrollment_status() -> String {
    "Enrolled".into()
}
fn default_ownership() -> String {
    "C".into()
}
fn default_severity() -> String {
    "Information".into()
}
fn default_event_source() -> String {
    "Device".into()
}

/// Why a seed was refused.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read seed file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("seed is not valid JSON for the schema: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("invalid seed: {0}")]
    Invalid(String),
}

impl Seed {
    /// The bundled demo tenant (`seeds/demo.json`).
    pub fn demo() -> Seed {
        Seed::from_json(DEMO_SEED).expect("the bundled demo seed is valid")
    }

    /// Parses a seed (comments allowed), fills derived values and validates it.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let mut seed: Seed = serde_json::from_str(&jsonc::strip_comments(text))?;
        seed.fill_defaults();
        seed.validate()?;
        Ok(seed)
    }

    /// Reads a seed file.
    pub fn from_file(path: &Path) -> Result<Seed, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Seed::from_json(&text)
    }

    /// Gives users and devices without a `uuid` a stable one derived from their id.
    pub fn fill_defaults(&mut self) {
        for user in &mut self.users {
            if user.uuid.is_empty() {
                user.uuid = stable_uuid(0x7573_6572, user.id);
            }
        }
        for device in &mut self.devices {
            if device.uuid.is_empty() {
                device.uuid = stable_uuid(0x6465_7669, device.id);
            }
        }
        let mut next_note = self.next_note_id();
        let mut next_event = self.next_event_id();
        for device in &mut self.devices {
            for note in &mut device.notes {
                if note.id == 0 {
                    note.id = next_note;
                    next_note += 1;
                }
                if note.modified_on.is_empty() {
                    note.modified_on = note.created_on.clone();
                }
            }
            for entry in &mut device.event_log {
                if entry.id == 0 {
                    entry.id = next_event;
                    next_event += 1;
                }
                if entry.uuid.is_empty() {
                    entry.uuid = stable_uuid(0x6576_656e, entry.id);
                }
            }
        }
    }

    /// The next free note id (note ids are unique over the tenant).
    pub(crate) fn next_note_id(&self) -> i64 {
        next_id(
            self.devices
                .iter()
                .flat_map(|d| d.notes.iter().map(|n| n.id)),
        )
    }

    /// The next free event log entry id.
    pub(crate) fn next_event_id(&self) -> i64 {
        next_id(
            self.devices
                .iter()
                .flat_map(|d| d.event_log.iter().map(|e| e.id)),
        )
    }

    /// Checks ids, usernames, serials and UDIDs are unique and device users exist.
    pub fn validate(&self) -> Result<(), SeedError> {
        let invalid = |msg: String| Err(SeedError::Invalid(msg));
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for user in &self.users {
            if user.username.trim().is_empty() {
                return invalid(format!("user {} has an empty username", user.id));
            }
            if !ids.insert(user.id) {
                return invalid(format!("duplicate user id {}", user.id));
            }
            if !names.insert(user.username.to_lowercase()) {
                return invalid(format!("duplicate username {:?}", user.username));
            }
        }
        let mut device_ids = HashSet::new();
        let mut serials = HashSet::new();
        let mut udids = HashSet::new();
        for device in &self.devices {
            if !device_ids.insert(device.id) {
                return invalid(format!("duplicate device id {}", device.id));
            }
            if !serials.insert(device.serial_number.to_lowercase()) {
                return invalid(format!("duplicate serial {:?}", device.serial_number));
            }
            if !udids.insert(device.udid.to_lowercase()) {
                return invalid(format!("duplicate udid {:?}", device.udid));
            }
            if let Some(user) = &device.user {
                if !names.contains(&user.to_lowercase()) {
                    return invalid(format!(
                        "device {:?} names unknown user {user:?}",
                        device.serial_number
                    ));
                }
            }
        }
        let mut note_ids = HashSet::new();
        let mut event_ids = HashSet::new();
        for device in &self.devices {
            for note in &device.notes {
                if note.id != 0 && !note_ids.insert(note.id) {
                    return invalid(format!("duplicate note id {}", note.id));
                }
            }
            for entry in &device.event_log {
                if entry.id != 0 && !event_ids.insert(entry.id) {
                    return invalid(format!("duplicate event log id {}", entry.id));
                }
            }
        }
        let mut registered = HashSet::new();
        for record in &self.registrations {
            if record.serial_number.trim().is_empty() {
                return invalid("a registration has an empty serial_number".into());
            }
            if !registered.insert(record.serial_number.to_lowercase()) {
                return invalid(format!(
                    "duplicate registration of serial {:?}",
                    record.serial_number
                ));
            }
            if !names.contains(&record.username.to_lowercase()) {
                return invalid(format!(
                    "registration of {:?} names unknown user {:?}",
                    record.serial_number, record.username
                ));
            }
        }
        let mut client_ids = HashSet::new();
        for client in &self.oauth_clients {
            if !client_ids.insert(client.client_id.as_str()) {
                return invalid(format!("duplicate OAuth client {:?}", client.client_id));
            }
        }
        self.directory.validate().map_err(SeedError::Invalid)?;
        if self.behavior.rate_limit.window_secs == 0 {
            return invalid("behavior.rate_limit.window_secs must be > 0".into());
        }
        if !matches!(self.behavior.note_created_status, 200 | 201) {
            return invalid("behavior.note_created_status must be 200 or 201".into());
        }
        if !matches!(self.behavior.empty_list_status, 200 | 204) {
            return invalid("behavior.empty_list_status must be 200 or 204".into());
        }
        for (name, status) in [
            ("token_error_status", self.behavior.token_error_status),
            (
                "unsupported_version_status",
                self.behavior.unsupported_version_status,
            ),
        ] {
            if !(400..=599).contains(&status) {
                return invalid(format!("behavior.{name} must be a 4xx/5xx status"));
            }
        }
        Ok(())
    }

    /// Usernames of the staging users, for Baton's `StagingUsernames`.
    pub fn staging_usernames(&self) -> Vec<String> {
        self.users
            .iter()
            .filter(|u| u.staging.is_some())
            .map(|u| u.username.clone())
            .collect()
    }
}

fn next_id(ids: impl Iterator<Item = i64>) -> i64 {
    ids.max().unwrap_or(0).max(0) + 1
}

/// A GUID-shaped, stable identifier: `tag` marks the kind of record, `id` its number.
pub(crate) fn stable_uuid(tag: u32, id: i64) -> String {
    format!(
        "{tag:08x}-0000-4000-8000-{:012x}",
        id as u64 & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ldap::seed::AccountState;

    #[test]
    fn demo_seed_has_what_the_tests_and_demo_rely_on() {
        let seed = Seed::demo();
        assert_eq!(seed.oauth_clients[0].client_id, "baton-demo");
        assert_eq!(seed.staging_usernames(), vec!["staging".to_string()]);
        let alice = seed.users.iter().find(|u| u.username == "alice").unwrap();
        assert_eq!(
            (
                alice.first_name.as_str(),
                alice.last_name.as_str(),
                alice.email.as_str()
            ),
            ("Alice", "Adams", "alice@example.test")
        );
        let staged = seed
            .devices
            .iter()
            .find(|d| d.serial_number == "C02DEMO00001")
            .unwrap();
        assert_eq!(staged.user.as_deref(), Some("staging"));
        assert!(seed
            .devices
            .iter()
            .any(|d| d.user.as_deref() == Some("bob")));
        assert!(seed
            .devices
            .iter()
            .any(|d| d.enrollment_status == "Unenrolled"));
        assert!(seed.users.iter().all(|u| !u.uuid.is_empty()));
        let directory = &seed.directory;
        assert_eq!(
            (
                directory.base_dn.as_str(),
                directory.domain.as_str(),
                directory.netbios_name.as_str()
            ),
            ("dc=example,dc=test", "example.test", "EXAMPLE")
        );
        let accounts: Vec<_> = directory
            .users
            .iter()
            .map(|u| (u.username.as_str(), u.password.as_str(), u.state))
            .collect();
        assert_eq!(
            accounts,
            [
                ("alice", "Alice-Pass-1", AccountState::Active),
                ("bob", "Bob-Pass-2", AccountState::Active),
                ("alicia", "Alicia-Pass-3", AccountState::Active),
                ("carol", "Carol-Pass-4", AccountState::Disabled),
                ("dave", "Dave-Pass-5", AccountState::Locked),
                ("tess", "Tess-Pass-6", AccountState::Active),
            ]
        );
    }

    #[test]
    fn a_seed_without_directory_gets_an_empty_default_one() {
        let seed = Seed::from_json(r#"{"users": []}"#).unwrap();
        assert_eq!(seed.directory, Directory::default());
        assert!(seed.directory.users.is_empty());
    }

    #[test]
    fn refuses_a_bad_directory_section() {
        let text = r#"{"directory": {"users": [{"username": "a", "password": ""}]}}"#;
        assert!(matches!(Seed::from_json(text), Err(SeedError::Invalid(_))));
        let text =
            r#"{"directory": {"users": [{"username": "a", "password": "p", "state": "gone"}]}}"#;
        assert!(matches!(Seed::from_json(text), Err(SeedError::Parse(_))));
    }

    #[test]
    fn refuses_duplicate_usernames_case_insensitively() {
        let text = r#"{"users": [{"id": 1, "username": "Alice"}, {"id": 2, "username": "alice"}]}"#;
        assert!(matches!(Seed::from_json(text), Err(SeedError::Invalid(_))));
    }

    #[test]
    fn refuses_device_on_unknown_user() {
        let text =
            r#"{"devices": [{"id": 1, "udid": "U", "serial_number": "S", "user": "ghost"}]}"#;
        let err = Seed::from_json(text).unwrap_err();
        assert!(err.to_string().contains("ghost"), "{err}");
    }

    #[test]
    fn refuses_unknown_fields() {
        assert!(matches!(
            Seed::from_json(r#"{"users": [{"id": 1, "username": "a", "mail": "x"}]}"#),
            Err(SeedError::Parse(_))
        ));
    }

    #[test]
    fn debug_output_hides_secrets() {
        let seed = Seed::demo();
        let text = format!("{seed:?}");
        for user in &seed.directory.users {
            assert!(!text.contains(&user.password), "{}", user.username);
        }
        for client in &seed.oauth_clients {
            assert!(!text.contains(&client.client_secret));
        }
        for admin in &seed.basic_admins {
            assert!(!text.contains(&admin.password));
            assert!(!text.contains(&admin.tenant_code));
        }
    }
}
