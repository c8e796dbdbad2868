//! The tenant's live data — users, devices, the commands queued for devices — and the rules
//! of the operations that change it (the switch, user creation, commands).

use serde::{Deserialize, Serialize};

use crate::seed::{Device, DeviceNote, EventLogEntry, Registration, Seed, User};

/// A device command the tenant accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    pub device_id: i64,
    pub serial_number: String,
    /// Canonical name, e.g. `SyncDevice`.
    pub command: String,
    /// RFC 3339 time the command was accepted.
    pub at: String,
}

/// Device commands UEM's v1 command endpoint knows (uem-api.md §4.6).
pub(crate) const COMMANDS: &[&str] = &[
    "Lock",
    "EnterpriseWipe",
    "DeviceWipe",
    "DeviceQuery",
    "ClearPasscode",
    "SyncDevice",
    "StopAirPlay",
    "ScheduleOsUpdate",
    "CustomMdmCommand",
    "InstallPackagedMacOSXAgent",
    "SoftReset",
    "Shutdown",
    "EnterpriseReset",
    "SyncSensors",
    "OsUpdateStatus",
    "RotateFileVaultKey",
    "RotateDEPAdminPassword",
    "ResetBiosPassword",
    "UserList",
    "SyncWorkflows",
    "InstallSeededScepProfile",
];

/// How `GET /api/mdm/devices?searchby=…` identifies a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SearchBy {
    Serialnumber,
    Udid,
    Macaddress,
    ImeiNumber,
    EasId,
    DeviceId,
}

impl SearchBy {
    /// Case-insensitive, as real clients spell it in several ways.
    pub(crate) fn parse(name: &str) -> Option<SearchBy> {
        let all = [
            ("serialnumber", SearchBy::Serialnumber),
            ("udid", SearchBy::Udid),
            ("macaddress", SearchBy::Macaddress),
            ("imeinumber", SearchBy::ImeiNumber),
            ("easid", SearchBy::EasId),
            ("deviceid", SearchBy::DeviceId),
        ];
        all.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, s)| s)
    }
}

/// Why the switch was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SwitchError {
    DeviceNotFound,
    UserNotFound,
    NotEnrolled(String),
    NotOnStagingUser(Option<String>),
    UserInactive,
}

/// Filters of `GET /api/system/users/search`: substrings, case-insensitive (UEM's own
/// matching rule is UNCERTAIN, uem-api.md §4.3), and `status` `Active`/`Inactive`.
#[derive(Debug, Default)]
pub(crate) struct UserFilter {
    pub username: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// `Some(true)` active users only, `Some(false)` inactive only.
    pub active: Option<bool>,
}

/// Filters of `GET /api/mdm/devices/search`.
#[derive(Debug, Default)]
pub(crate) struct DeviceFilter {
    /// Substring of the enrollment user's username, case-insensitive.
    pub user: Option<String>,
    /// Exact platform, case-insensitive.
    pub platform: Option<String>,
    /// Substring of the model, case-insensitive.
    pub model: Option<String>,
    /// Exact ownership letter, case-insensitive.
    pub ownership: Option<String>,
}

/// A user to create (`POST /api/system/users/adduser`).
#[derive(Debug)]
pub(crate) struct NewUser {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub security_type: crate::seed::SecurityType,
    pub active: bool,
    pub external_id: Option<String>,
}

/// Filters of `GET /api/system/users/registereddevices/search`: exact values, ignoring
/// case (whether UEM matches substrings here is UNCERTAIN; a kiosk resolving an asset tag
/// needs the exact record anyway).
#[derive(Debug, Default)]
pub(crate) struct RegistrationFilter {
    pub asset_number: Option<String>,
    pub serial_number: Option<String>,
    pub username: Option<String>,
    pub platform: Option<String>,
}

/// Why a registration was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RegisterError {
    UserNotFound,
    /// The serial has a registration record already (UNCERTAIN what UEM does then).
    AlreadyRegistered(String),
}

/// The tenant's data.
#[derive(Debug, Clone)]
pub(crate) struct Tenant {
    pub users: Vec<User>,
    pub devices: Vec<Device>,
    pub commands: Vec<CommandRecord>,
    pub registrations: Vec<Registration>,
    next_note_id: i64,
    next_event_id: i64,
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

impl Tenant {
    pub(crate) fn from_seed(seed: &Seed, now: &str) -> Tenant {
        let mut devices = seed.devices.clone();
        let fill = |field: &mut String| {
            if field.is_empty() {
                *field = now.to_string();
            }
        };
        for device in &mut devices {
            device.last_seen.get_or_insert_with(|| now.to_string());
            for note in &mut device.notes {
                fill(&mut note.created_on);
                fill(&mut note.modified_on);
            }
            for entry in &mut device.event_log {
                fill(&mut entry.timestamp);
            }
        }
        let mut registrations = seed.registrations.clone();
        for record in &mut registrations {
            fill(&mut record.registration_date);
        }
        Tenant {
            users: seed.users.clone(),
            devices,
            commands: Vec::new(),
            registrations,
            next_note_id: seed.next_note_id(),
            next_event_id: seed.next_event_id(),
        }
    }

    fn device_mut(&mut self, id: i64) -> Option<&mut Device> {
        self.devices.iter_mut().find(|d| d.id == id)
    }

    /// Adds a note to a device; `None` when there is no such device.
    pub(crate) fn add_note(&mut self, device_id: i64, text: &str, now: &str) -> Option<i64> {
        let id = self.next_note_id;
        let device = self.device_mut(device_id)?;
        device.notes.push(DeviceNote {
            id,
            note: text.to_string(),
            created_on: now.to_string(),
            modified_on: now.to_string(),
        });
        self.next_note_id += 1;
        Some(id)
    }

    /// Appends an entry to a device's event log, giving it the next id (and a uuid).
    pub(crate) fn record_event(&mut self, device_id: i64, mut entry: EventLogEntry) -> Option<i64> {
        let id = self.next_event_id;
        let device = self.device_mut(device_id)?;
        entry.id = id;
        if entry.uuid.is_empty() {
            entry.uuid = uuid::Uuid::new_v4().to_string();
        }
        device.event_log.push(entry);
        self.next_event_id += 1;
        Some(id)
    }

    /// A device's event log, newest first (by `TimeStamp`, then by id).
    pub(crate) fn event_log(&self, device_id: i64) -> Option<Vec<&EventLogEntry>> {
        let device = self.device(device_id)?;
        let mut entries: Vec<&EventLogEntry> = device.event_log.iter().collect();
        entries.sort_by(|a, b| b.timestamp.cmp(&a.timestamp).then(b.id.cmp(&a.id)));
        Some(entries)
    }

    /// Registers a device to the user `user_id`.
    pub(crate) fn register(
        &mut self,
        user_id: i64,
        mut record: Registration,
    ) -> Result<(), RegisterError> {
        let user = self.user(user_id).ok_or(RegisterError::UserNotFound)?;
        record.username = user.username.clone();
        if self
            .registrations
            .iter()
            .any(|r| r.serial_number.eq_ignore_ascii_case(&record.serial_number))
        {
            return Err(RegisterError::AlreadyRegistered(record.serial_number));
        }
        self.registrations.push(record);
        Ok(())
    }

    /// Registration records matching every given filter, in creation order.
    pub(crate) fn search_registrations(&self, filter: &RegistrationFilter) -> Vec<&Registration> {
        let exact = |field: &str, wanted: &Option<String>| {
            wanted
                .as_deref()
                .is_none_or(|w| field.eq_ignore_ascii_case(w.trim()))
        };
        self.registrations
            .iter()
            .filter(|r| {
                exact(&r.asset_number, &filter.asset_number)
                    && exact(&r.serial_number, &filter.serial_number)
                    && exact(&r.username, &filter.username)
                    && exact(&r.platform, &filter.platform)
            })
            .collect()
    }

    /// Deletes the registration records `matches` picks; how many went.
    pub(crate) fn delete_registrations(
        &mut self,
        matches: impl Fn(&Registration) -> bool,
    ) -> usize {
        let before = self.registrations.len();
        self.registrations.retain(|r| !matches(r));
        before - self.registrations.len()
    }

    pub(crate) fn device(&self, id: i64) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    pub(crate) fn device_by(&self, by: SearchBy, value: &str) -> Option<&Device> {
        let eq = |field: &str| field.eq_ignore_ascii_case(value.trim());
        let opt_eq = |field: &Option<String>| field.as_deref().is_some_and(eq);
        self.devices.iter().find(|d| match by {
            SearchBy::Serialnumber => eq(&d.serial_number),
            SearchBy::Udid => eq(&d.udid),
            SearchBy::Macaddress => opt_eq(&d.mac_address),
            SearchBy::ImeiNumber => opt_eq(&d.imei),
            SearchBy::EasId => opt_eq(&d.eas_id),
            SearchBy::DeviceId => value.trim().parse() == Ok(d.id),
        })
    }

    pub(crate) fn user(&self, id: i64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn user_by_name(&self, username: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// Users matching every given filter, in id order.
    pub(crate) fn search_users(&self, filter: &UserFilter) -> Vec<&User> {
        let matches = |field: &str, wanted: &Option<String>| {
            wanted.as_deref().is_none_or(|w| contains_ci(field, w))
        };
        let mut found: Vec<&User> = self
            .users
            .iter()
            .filter(|u| {
                matches(&u.username, &filter.username)
                    && matches(&u.email, &filter.email)
                    && matches(&u.first_name, &filter.first_name)
                    && matches(&u.last_name, &filter.last_name)
                    && filter.active.is_none_or(|a| u.active == a)
            })
            .collect();
        found.sort_by_key(|u| u.id);
        found
    }

    /// Devices matching every given filter, in id order.
    pub(crate) fn search_devices(&self, filter: &DeviceFilter) -> Vec<&Device> {
        let exact = |field: &str, wanted: &Option<String>| {
            wanted
                .as_deref()
                .is_none_or(|w| field.eq_ignore_ascii_case(w))
        };
        let mut found: Vec<&Device> = self
            .devices
            .iter()
            .filter(|d| {
                filter
                    .user
                    .as_deref()
                    .is_none_or(|w| d.user.as_deref().is_some_and(|u| contains_ci(u, w)))
                    && exact(&d.platform, &filter.platform)
                    && filter
                        .model
                        .as_deref()
                        .is_none_or(|w| contains_ci(&d.model, w))
                    && exact(&d.ownership, &filter.ownership)
            })
            .collect();
        found.sort_by_key(|d| d.id);
        found
    }

    /// Number of enrolled devices on a user (`EnrolledDevicesCount`).
    pub(crate) fn enrolled_device_count(&self, username: &str) -> usize {
        self.devices
            .iter()
            .filter(|d| {
                d.enrollment_status == "Enrolled"
                    && d.user
                        .as_deref()
                        .is_some_and(|u| u.eq_ignore_ascii_case(username))
            })
            .count()
    }

    /// The check-out: moves an enrolled device from its staging user to `user_id`.
    #[cfg(test)]
    pub(crate) fn switch_user(&mut self, device_id: i64, user_id: i64) -> Result<(), SwitchError> {
        self.switch_user_with(device_id, user_id, false)
    }

    /// The switch; with `check_in`, a device on a person may also go back to a staging user.
    pub(crate) fn switch_user_with(
        &mut self,
        device_id: i64,
        user_id: i64,
        check_in: bool,
    ) -> Result<(), SwitchError> {
        let device = self.device(device_id).ok_or(SwitchError::DeviceNotFound)?;
        let target = self.user(user_id).ok_or(SwitchError::UserNotFound)?;
        if device.enrollment_status != "Enrolled" {
            return Err(SwitchError::NotEnrolled(device.enrollment_status.clone()));
        }
        let current = device
            .user
            .as_deref()
            .and_then(|name| self.user_by_name(name));
        let checking_in = check_in && target.staging.is_some();
        if !checking_in && current.is_none_or(|u| u.staging.is_none()) {
            return Err(SwitchError::NotOnStagingUser(device.user.clone()));
        }
        if !target.active {
            return Err(SwitchError::UserInactive);
        }
        let username = target.username.clone();
        if let Some(device) = self.devices.iter_mut().find(|d| d.id == device_id) {
            device.user = Some(username);
        }
        Ok(())
    }

    /// Queues a command; `None` if the command name is unknown. The device must exist.
    pub(crate) fn queue_command(&mut self, device_id: i64, command: &str, at: &str) -> Option<()> {
        let canonical = COMMANDS.iter().find(|c| c.eq_ignore_ascii_case(command))?;
        let serial = self.device(device_id)?.serial_number.clone();
        self.commands.push(CommandRecord {
            device_id,
            serial_number: serial,
            command: (*canonical).to_string(),
            at: at.to_string(),
        });
        Some(())
    }

    /// Creates a user with the next free id; `Err` names the clash if the username exists.
    pub(crate) fn add_user(&mut self, new: NewUser) -> Result<&User, String> {
        if self.user_by_name(&new.username).is_some() {
            return Err(new.username);
        }
        let id = self.users.iter().map(|u| u.id).max().unwrap_or(0) + 1;
        self.users.push(User {
            id,
            uuid: uuid::Uuid::new_v4().to_string(),
            username: new.username,
            first_name: new.first_name,
            last_name: new.last_name,
            email: new.email,
            security_type: new.security_type,
            active: new.active,
            staging: None,
            external_id: new.external_id,
        });
        Ok(self.users.last().expect("just pushed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Tenant {
        Tenant::from_seed(&Seed::demo(), "2024-01-01T00:00:00")
    }

    #[test]
    fn switch_moves_a_staged_device_once() {
        let mut tenant = demo();
        assert_eq!(tenant.switch_user(2001, 1002), Ok(()));
        assert_eq!(tenant.device(2001).unwrap().user.as_deref(), Some("alice"));
        // Now on alice, not on a staging user any more.
        assert_eq!(
            tenant.switch_user(2001, 1003),
            Err(SwitchError::NotOnStagingUser(Some("alice".into())))
        );
    }

    #[test]
    fn switch_refuses_unenrolled_unknown_and_inactive() {
        let mut tenant = demo();
        assert_eq!(
            tenant.switch_user(2003, 1002),
            Err(SwitchError::NotEnrolled("Unenrolled".into()))
        );
        assert_eq!(
            tenant.switch_user(9, 1002),
            Err(SwitchError::DeviceNotFound)
        );
        assert_eq!(tenant.switch_user(2001, 9), Err(SwitchError::UserNotFound));
        assert_eq!(
            tenant.switch_user(2001, 1005),
            Err(SwitchError::UserInactive)
        );
        assert_eq!(
            tenant.device(2001).unwrap().user.as_deref(),
            Some("staging")
        );
    }

    #[test]
    fn user_search_is_a_case_insensitive_substring_match() {
        let tenant = demo();
        let filter = UserFilter {
            username: Some("ALI".into()),
            ..UserFilter::default()
        };
        let names: Vec<&str> = tenant
            .search_users(&filter)
            .iter()
            .map(|u| u.username.as_str())
            .collect();
        assert_eq!(names, ["alice", "alicia"]);
    }

    #[test]
    fn device_search_filters_by_user_and_platform() {
        let tenant = demo();
        let staged = DeviceFilter {
            user: Some("STAG".into()),
            platform: Some("appleosx".into()),
            ..DeviceFilter::default()
        };
        let ids: Vec<i64> = tenant
            .search_devices(&staged)
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, [2001, 2004]);
        let none = DeviceFilter {
            platform: Some("Android".into()),
            ..DeviceFilter::default()
        };
        assert!(tenant.search_devices(&none).is_empty());
    }

    #[test]
    fn commands_are_canonicalised_and_unknown_ones_refused() {
        let mut tenant = demo();
        assert_eq!(tenant.queue_command(2001, "syncdevice", "t"), Some(()));
        assert_eq!(tenant.commands[0].command, "SyncDevice");
        assert_eq!(tenant.queue_command(2001, "Explode", "t"), None);
        assert_eq!(tenant.queue_command(9, "SyncDevice", "t"), None);
    }
}
