//! Workspace ONE UEM client: OAuth or basic authentication, device and user look-ups, the
//! enrollment-user switch, device commands, and errors that say what a person should do.
//!
//! The hand-off flow depends on the [`UemApi`] trait only, so it can be tested with fakes;
//! [`UemClient`] is the real implementation. Wire facts come from `shared/reference/uem-api.md`.
//!
//! | module | what |
//! |---|---|
//! | `options` | [`UemOptions`], [`UemAuth`]: settings, checked (https only) |
//! | `client` | [`UemClient`]: transport, token cache, operations |
//! | `models` | [`Device`], [`User`], …: lenient JSON models |
//! | `retry` | when and how long to wait before retrying a read |
//! | `switch` | the decision table of the non-idempotent switch |
//! | `error` | [`UemError`] and its [`crate::problem::Problem`] mapping |

mod client;
mod error;
pub(crate) mod models;
mod options;
mod person;
mod retry;
mod switch;

use std::future::Future;

pub use client::{UemClient, USER_AGENT};
pub use error::{error_chain, excerpt, HttpDetails, TransportKind, UemError, EXCERPT_CHARS};
pub use models::{
    same_username, Device, DeviceId, EventLogEntry, NewDirectoryUser, Registration, SystemInfo,
    User, UserId, UserSearchPage,
};
pub use options::{ClientAuth, UemAuth, UemOptions};
pub use person::{external_id_matches, parse_uuid_text, pick_person, SECURITY_TYPE_DIRECTORY};
pub use switch::SwitchReport;

/// An MDM command Baton sends after the switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceCommand {
    /// Ask the device to check in now, so the new user's profiles arrive.
    SyncDevice,
    /// Ask the device to report its inventory.
    DeviceQuery,
}

impl DeviceCommand {
    /// The `command=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceCommand::SyncDevice => "SyncDevice",
            DeviceCommand::DeviceQuery => "DeviceQuery",
        }
    }
}

/// The UEM operations the hand-off uses.
pub trait UemApi: Send + Sync {
    /// The device with this serial number (`GET /api/mdm/devices?searchby=Serialnumber&id=…`).
    /// 404 (or 204) → [`UemError::DeviceNotFound`]. Enrollment status is not checked here.
    fn device_by_serial(
        &self,
        serial: &str,
    ) -> impl Future<Output = Result<Device, UemError>> + Send;

    /// The device with this UDID (`searchby=Udid`).
    fn device_by_udid(&self, udid: &str) -> impl Future<Output = Result<Device, UemError>> + Send;

    /// The device with this id (`GET /api/mdm/devices/{id}`), e.g. to confirm a switch.
    fn device(&self, id: DeviceId) -> impl Future<Output = Result<Device, UemError>> + Send;

    /// The one account whose `UserName` equals `username` ignoring case
    /// (`/api/system/users/search?username=`). None → [`UemError::UserNotFound`]; several →
    /// [`UemError::AmbiguousUser`].
    fn find_user(&self, username: &str) -> impl Future<Output = Result<User, UemError>> + Send;

    /// Every account whose `UserName` equals `username` (as [`same_username`] compares names),
    /// for [`pick_person`] to choose the person's from. None is an empty list, not an error.
    fn find_users(
        &self,
        username: &str,
    ) -> impl Future<Output = Result<Vec<User>, UemError>> + Send {
        async move {
            match self.find_user(username).await {
                Ok(user) => Ok(vec![user]),
                Err(UemError::UserNotFound { .. }) => Ok(Vec::new()),
                Err(e) => Err(e),
            }
        }
    }

    /// Enrolls `device` to `target` (`PATCH /api/mdm/devices/{id}/enrollmentuser/{userId}`, v2).
    /// Never repeated blindly: after an answer in doubt the device is re-read; the PATCH is sent a
    /// second time only if the device is still on one of `staging_usernames`.
    fn switch_enrollment_user(
        &self,
        device: DeviceId,
        target: &User,
        staging_usernames: &[String],
    ) -> impl Future<Output = Result<SwitchReport, UemError>> + Send;

    /// Queues an MDM command (`POST /api/mdm/devices/{id}/commands?command=…`; 202, empty body).
    /// Not retried.
    fn device_command(
        &self,
        device: DeviceId,
        command: DeviceCommand,
    ) -> impl Future<Output = Result<(), UemError>> + Send;

    /// Adds a directory user (`POST /api/system/users/adduser`, v1) and returns its id. Not retried.
    fn add_directory_user(
        &self,
        user: &NewDirectoryUser,
    ) -> impl Future<Output = Result<UserId, UemError>> + Send;

    /// Adds a note to the device (`POST /api/mdm/devices/{id}/notes`, v1), so a hand-off shows
    /// in the UEM console. Not retried.
    fn add_device_note(
        &self,
        device: DeviceId,
        note: &str,
    ) -> impl Future<Output = Result<(), UemError>> + Send;

    /// People whose user name, e-mail, first or last name contains `query` (case-insensitive),
    /// at most `limit`, exact user-name matches first. Four searches at once (UEM's search
    /// parameters are combined with AND), merged by id.
    fn search_users(
        &self,
        query: &str,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<User>, UemError>> + Send;

    /// How many devices are enrolled to `username` (`GET /api/mdm/devices/search?user=…`, v1,
    /// read from `Total`): what a technician sees next to each person found. `None` when this
    /// client cannot tell.
    fn device_count_of_user(
        &self,
        username: &str,
    ) -> impl Future<Output = Result<Option<u32>, UemError>> + Send {
        let _ = username;
        async { Ok(None) }
    }

    /// The newest `limit` entries of the device's event log (`GET /api/mdm/devices/{id}/eventlog`,
    /// v1), newest first.
    fn event_log(
        &self,
        device: DeviceId,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<EventLogEntry>, UemError>> + Send;

    /// Pre-registers `serial` to `user` (`POST /api/system/users/{id}/registerdevice`, v1), so UEM
    /// checks the Mac out to them by itself after staging enrollment. Not retried.
    fn register_device(
        &self,
        user: UserId,
        serial: &str,
    ) -> impl Future<Output = Result<(), UemError>> + Send;

    /// The registration records carrying this asset number
    /// (`GET /api/system/users/registereddevices/search?assetnumber=…`, v1); none → empty.
    fn registrations_by_asset_number(
        &self,
        asset_number: &str,
    ) -> impl Future<Output = Result<Vec<Registration>, UemError>> + Send;

    /// The registration records of this serial number, for the technician's device card
    /// (`GET /api/system/users/registereddevices/search?serialnumber=…`, v1); none → empty.
    ///
    /// UNCERTAIN (modes-and-relay.md §1.5): the swagger of this search lists `assetnumber` but
    /// no `serialnumber` parameter (its siblings `enrollmenttoken/search` and
    /// `enrolleddevices/search` have one). A tenant may filter by it, or ignore it and answer
    /// every record of the organization group: implementations keep only the records whose
    /// `SerialNumber` is `serial` (case ignored), which is right either way.
    fn registrations_by_serial(
        &self,
        serial: &str,
    ) -> impl Future<Output = Result<Vec<Registration>, UemError>> + Send;

    /// `GET /api/system/info`.
    fn system_info(&self) -> impl Future<Output = Result<SystemInfo, UemError>> + Send;
}
