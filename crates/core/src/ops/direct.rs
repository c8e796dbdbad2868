//! [`Direct`]: the use cases carried out by this process, which holds the UEM credential and
//! binds to the directory itself. What an IT-owned Mac runs, and what `baton-relay` runs for
//! every client it serves.

use std::sync::Mutex;

use secrecy::SecretString;

use super::{
    Actor, AssetTags, Authority, DeviceState, HandOffRequest, HandedOff, HistoryEntry, OpsError,
    Outcome, Person, Phase, Progress, Registered, RegistrationRecord, Returned, UserSummary,
    Verified,
};
use crate::checkout::{self, CheckoutError, CheckoutOptions, Plan};
use crate::directory::VerifiedUser;
use crate::directory::{normalize_username, Directory, DirectoryError};
use crate::uem::{pick_person, same_username, Device, NewDirectoryUser, UemApi, UemError, User};

/// What the use cases need from the configuration.
#[derive(Debug, Clone, Default)]
pub struct DirectOptions {
    /// `StagingUsernames`.
    pub staging_usernames: Vec<String>,
    /// `SyncDeviceAfterSwitch`.
    pub sync_after_switch: bool,
    /// `CreateMissingUsers`: add a verified person UEM does not know, if they are a member of
    /// `create_users_group` and with `create_users_location_group_id` both set.
    pub create_missing_users: bool,
    /// `CreateMissingUsersGroup`: the directory group (DN) whose members may be added.
    pub create_users_group: Option<String>,
    /// `CreateMissingUsersLocationGroupId`: the organization group they are added to.
    pub create_users_location_group_id: Option<String>,
    /// `WriteDeviceNote`: a UEM device note after every switch ("Checked out to alice by …").
    pub write_device_note: bool,
    /// `KerberosRealm` (else `ADDomain` in upper case): told with a device's owner.
    pub realm: Option<String>,
    /// The Mac this process runs on, when it is one (the app and the CLI, not the relay): a
    /// record of its serial must carry its hardware UUID as `Udid` before anything is switched.
    pub this_mac: Option<ThisMac>,
}

/// This Mac's serial number and hardware UUID (`IOPlatformUUID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThisMac {
    pub serial: String,
    pub hardware_uuid: String,
}

impl ThisMac {
    /// Refuses a record of this Mac's serial whose `Udid` is another machine's. A record
    /// without a `Udid` (not reported by every UEM version: UNCERTAIN) is judged by its serial.
    fn check(&self, serial: &str, device: &Device) -> Result<(), CheckoutError> {
        if !self.serial.trim().eq_ignore_ascii_case(serial.trim()) {
            return Ok(());
        }
        match &device.udid {
            Some(udid) if !same_uuid(udid, &self.hardware_uuid) => {
                Err(CheckoutError::RecordMismatch {
                    serial: serial.to_owned(),
                    field: "Udid",
                    found: udid.clone(),
                    expected: self.hardware_uuid.clone(),
                })
            }
            _ => Ok(()),
        }
    }
}

/// UUIDs as UEM and `ioreg` print them: case and hyphens do not matter.
fn same_uuid(a: &str, b: &str) -> bool {
    let canonical = |s: &str| {
        s.chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect::<String>()
    };
    canonical(a) == canonical(b)
}

impl DirectOptions {
    /// The options of a direct-mode configuration (none of its UEM keys with `RelayURL`:
    /// then no device counts as staged here).
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        let Some(uem) = &settings.uem else {
            return DirectOptions::default();
        };
        DirectOptions {
            staging_usernames: uem.staging_usernames.clone(),
            sync_after_switch: uem.sync_after_switch,
            create_missing_users: uem.create_missing_users,
            create_users_group: uem.create_users_group.clone(),
            create_users_location_group_id: uem.create_users_location_group_id.clone(),
            write_device_note: uem.write_device_note,
            realm: settings.directory.kerberos_realm.clone(),
            this_mac: None,
        }
    }

    /// For a hand-off without a verified person (`assign`): nobody is added to UEM, since no
    /// group membership was proven.
    fn checkout(&self) -> CheckoutOptions {
        CheckoutOptions {
            staging_usernames: self.staging_usernames.clone(),
            sync_after_switch: self.sync_after_switch,
            create_missing_user: None,
        }
    }

    /// The UEM user to add for `person` when UEM has none: only with `CreateMissingUsers`, a
    /// configured group the person is a member of, and a configured organization group.
    pub fn user_to_create(&self, person: &VerifiedUser) -> Option<NewDirectoryUser> {
        if !self.create_missing_users {
            return None;
        }
        let (Some(group), Some(location)) = (
            self.create_users_group.as_deref(),
            self.create_users_location_group_id.as_deref(),
        ) else {
            tracing::warn!(
                "CreateMissingUsers needs CreateMissingUsersGroup and CreateMissingUsersLocationGroupId; nobody is added"
            );
            return None;
        };
        if !person
            .groups
            .iter()
            .any(|g| g.trim().eq_ignore_ascii_case(group.trim()))
        {
            tracing::info!(
                user = %person.short_name,
                "not a member of CreateMissingUsersGroup; not added to UEM"
            );
            return None;
        }
        Some(NewDirectoryUser {
            location_group_id: Some(location.to_owned()),
            external_id: person.directory_id.clone(),
            ..checkout::new_directory_user(person)
        })
    }
}

/// The use cases over a UEM client and a directory.
pub struct Direct<U, D> {
    uem: U,
    directory: D,
    options: DirectOptions,
    /// The UEM users of the typed name, looked up while the person was still typing their
    /// password: (the name, the accounts of that name).
    prefetched: Mutex<Option<(String, Vec<User>)>>,
}

impl<U: UemApi, D: Directory> Direct<U, D> {
    pub fn new(uem: U, directory: D, options: DirectOptions) -> Self {
        Direct {
            uem,
            directory,
            options,
            prefetched: Mutex::new(None),
        }
    }

    /// The UEM client.
    pub fn uem(&self) -> &U {
        &self.uem
    }

    /// The directory.
    pub fn directory(&self) -> &D {
        &self.directory
    }

    /// The options.
    pub fn options(&self) -> &DirectOptions {
        &self.options
    }

    /// Runs on this Mac: see [`DirectOptions::this_mac`].
    pub fn set_this_mac(&mut self, this_mac: Option<ThisMac>) {
        self.options.this_mac = this_mac;
    }

    /// Asks the directory whether `password` is `username`'s: the only way to a [`Verified`].
    pub async fn verify(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<Verified, DirectoryError> {
        let person = self.directory.verify(username, password).await?;
        tracing::info!(user = %person.short_name, "directory verified the credentials");
        Ok(Verified::new(person))
    }

    /// Switches the device to the verified person: the only way a password-proven hand-off
    /// reaches UEM. `device` must have been read in this hand-off.
    pub async fn assign_verified(
        &self,
        serial: &str,
        device: Device,
        verified: &Verified,
        by: &Actor,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        let person = verified.person();
        refuse_unenrolled(&device, serial)?;
        let prefetched = self
            .prefetched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .filter(|(name, _)| same_username(name, &person.short_name))
            .map(|(_, users)| users);
        let (user, created) = self.find_or_add(person, prefetched).await?;
        self.settle(
            serial,
            device,
            user,
            created,
            Person::from(person),
            by,
            progress,
        )
        .await
    }

    /// The UEM account that is `person` ([`pick_person`]: the directory id against
    /// `ExternalId`, else e-mail, directory account and active), from `candidates` when they were
    /// prefetched; added first when UEM has no account of that name and
    /// [`DirectOptions::user_to_create`] allows it. The bool: it was added.
    async fn find_or_add(
        &self,
        person: &VerifiedUser,
        candidates: Option<Vec<User>>,
    ) -> Result<(User, bool), OpsError> {
        let candidates = match candidates {
            Some(candidates) => candidates,
            None => self.uem.find_users(&person.short_name).await?,
        };
        match pick_person(candidates, person) {
            Ok(user) => Ok((user, false)),
            Err(UemError::UserNotFound { username }) => {
                let Some(new_user) = self.options.user_to_create(person) else {
                    return Err(UemError::UserNotFound { username }.into());
                };
                tracing::info!(user = %new_user.user_name, "adding the directory user to UEM");
                self.uem.add_directory_user(&new_user).await?;
                let added = self.uem.find_users(&new_user.user_name).await?;
                Ok((pick_person(added, person)?, true))
            }
            Err(e) => {
                if let UemError::UserMismatch { detail, .. } = &e {
                    tracing::warn!(user = %person.short_name, "no UEM account is this person: {detail}");
                }
                Err(e.into())
            }
        }
    }

    /// From a fresh device record and the UEM user: refuse, or switch, then sync, note and
    /// confirm. The phase both [`Authority::hand_off`] and [`Authority::assign`] end in.
    #[allow(clippy::too_many_arguments)]
    async fn settle(
        &self,
        serial: &str,
        device: Device,
        user: User,
        user_created: bool,
        person: Person,
        by: &Actor,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        let staging = &self.options.staging_usernames;
        if let Some(this_mac) = &self.options.this_mac {
            this_mac.check(serial, &device)?;
        }
        let mut answer = HandedOff {
            outcome: Outcome::AlreadyYours,
            user: person,
            synced: false,
            user_created,
            switch_attempts: 0,
        };
        if checkout::assess(&device, &user, serial, staging)? == Plan::AlreadyAssigned {
            tracing::info!(serial, user = %user.user_name, "the device already belongs to the user; no switch");
            progress.reached(Phase::Confirming);
            return Ok(answer);
        }
        progress.reached(Phase::Switching);
        let switch = self
            .uem
            .switch_enrollment_user(device.id, &user, staging)
            .await?;
        tracing::info!(serial, user = %user.user_name, attempts = switch.attempts, "device switched");
        progress.reached(Phase::Confirming);
        let note = async {
            if !self.options.write_device_note {
                return;
            }
            let text = format!("Checked out to {} {}", user.user_name, by.by());
            if let Err(e) = self.uem.add_device_note(device.id, &text).await {
                tracing::warn!(
                    "the device note was not written: {}",
                    crate::uem::error_chain(&e)
                );
            }
        };
        let finish = checkout::finish(
            &self.uem,
            &device,
            &user,
            serial,
            switch.confirmed_by_reread,
            self.options.sync_after_switch,
        );
        let (synced, ()) = tokio::join!(finish, note);
        answer.outcome = Outcome::Switched;
        answer.switch_attempts = switch.attempts;
        answer.synced = synced?;
        Ok(answer)
    }
}

fn refuse_unenrolled(device: &Device, serial: &str) -> Result<(), CheckoutError> {
    if device.is_enrolled() {
        return Ok(());
    }
    Err(CheckoutError::NotEnrolled {
        serial: serial.to_owned(),
        status: device
            .enrollment_status
            .clone()
            .unwrap_or_else(|| "unknown".to_owned()),
    })
}

impl<U: UemApi, D: Directory> Authority for Direct<U, D> {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        let device = self.uem.device_by_serial(serial).await?;
        let mut state = DeviceState::of(&device, serial, &self.options.staging_usernames);
        if let Some(owner) = &mut state.owner {
            owner.realm = self.options.realm.clone();
        }
        Ok(state)
    }

    async fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        // The fresh device read rides along with the bind: no round trip of its own.
        let (verified, device) = tokio::join!(
            self.verify(request.username, request.password),
            self.uem.device_by_serial(request.serial)
        );
        let verified = verified?;
        progress.reached(Phase::Verified);
        let device = device?;
        self.assign_verified(request.serial, device, &verified, request.by, progress)
            .await
    }

    async fn username_entered(&self, username: &str) {
        let Ok(normalized) = normalize_username(username) else {
            return;
        };
        match self.uem.find_users(normalized.as_str()).await {
            Ok(users) if !users.is_empty() => {
                *self.prefetched.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((normalized.as_str().to_owned(), users))
            }
            Ok(_) => {}
            // The error may name the user (the name is not verified yet): its code only.
            Err(e) => tracing::debug!(
                code = crate::problem::Problem::user_facing(&e).code,
                "user prefetch failed"
            ),
        }
    }

    async fn assign(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        let short = normalize_username(username)
            .map(|name| name.as_str().to_owned())
            .map_err(|problem| DirectoryError::InvalidUsername {
                reason: problem.as_str(),
            })?;
        let options = self.options.checkout();
        let (device, user, created) = checkout::lookup(&self.uem, serial, &short, &options).await?;
        refuse_unenrolled(&device, serial)?;
        let person = Person::from(&user);
        self.settle(serial, device, user, created, person, by, &|_| {})
            .await
    }

    async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, OpsError> {
        let users = self.uem.search_users(query, SEARCH_LIMIT).await?;
        let mut found: Vec<UserSummary> = users.iter().map(UserSummary::from).collect();
        // Each person's device count, for the first few only (one request each, at once).
        let counts = futures_util::future::join_all(
            found
                .iter()
                .take(COUNTED_USERS)
                .map(|user| self.uem.device_count_of_user(&user.username)),
        )
        .await;
        for (user, count) in found.iter_mut().zip(counts) {
            match count {
                Ok(count) => user.device_count = count,
                Err(e) => {
                    tracing::debug!("device count of a user: {}", crate::uem::error_chain(&e))
                }
            }
        }
        Ok(found)
    }

    async fn history(&self, serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        let device = self.uem.device_by_serial(serial).await?;
        let entries = self.uem.event_log(device.id, HISTORY_LIMIT).await?;
        Ok(entries
            .into_iter()
            .map(|entry| HistoryEntry {
                at: entry.timestamp,
                source: "uem".into(),
                event: entry.event.unwrap_or_default(),
                actor: entry.admin_account,
            })
            .collect())
    }

    async fn return_to_staging(&self, serial: &str, by: &Actor) -> Result<Returned, OpsError> {
        let staging_name = self
            .options
            .staging_usernames
            .first()
            .cloned()
            .ok_or_else(|| {
                OpsError::from(UemError::InvalidOptions {
                    reason: "StagingUsernames is empty".into(),
                })
            })?;
        let (device, staging) = tokio::join!(
            self.uem.device_by_serial(serial),
            self.uem.find_user(&staging_name)
        );
        let (device, staging) = (device?, staging?);
        refuse_unenrolled(&device, serial)?;
        if device.is_on_staging_user(&self.options.staging_usernames) {
            return Ok(Returned {
                staging_user: device.user_name.unwrap_or(staging_name),
                from: None,
            });
        }
        let from = device.user_name.clone().unwrap_or_default();
        // The PATCH is repeated after an answer in doubt only while the device is provably
        // still on the person it is taken from: the same decision table as the hand-off.
        let switch = self
            .uem
            .switch_enrollment_user(device.id, &staging, std::slice::from_ref(&from))
            .await?;
        tracing::info!(serial, from = %from, attempts = switch.attempts, "device returned to staging");
        let note = format!("Returned to {} from {from} {}", staging.user_name, by.by());
        let (confirmed, noted) = tokio::join!(
            checkout::finish(
                &self.uem,
                &device,
                &staging,
                serial,
                switch.confirmed_by_reread,
                false,
            ),
            async {
                if self.options.write_device_note {
                    self.uem.add_device_note(device.id, &note).await
                } else {
                    Ok(())
                }
            }
        );
        confirmed?;
        if let Err(e) = noted {
            tracing::warn!(
                "the device note was not written: {}",
                crate::uem::error_chain(&e)
            );
        }
        Ok(Returned {
            staging_user: staging.user_name,
            from: Some(from),
        })
    }

    async fn preregister(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<Registered, OpsError> {
        let user = self.uem.find_user(username.trim()).await?;
        self.uem.register_device(user.id, serial).await?;
        tracing::info!(serial, user = %user.user_name, by = %by.by(), "serial pre-registered");
        Ok(Registered {
            serial: serial.to_owned(),
            username: user.user_name,
        })
    }
}

impl<U: UemApi, D: Directory> Direct<U, D> {
    /// The registration record of `serial`, for a technician's device card. A record that
    /// cannot be read never fails the card: it says so, and the log has the support code.
    pub async fn registration(&self, serial: &str) -> RegistrationRecord {
        match self.uem.registrations_by_serial(serial).await {
            Ok(records) => RegistrationRecord::of(&records),
            Err(e) => {
                let code = crate::problem::Problem::user_facing(&e).code;
                tracing::warn!(
                    serial,
                    code,
                    "the registration record could not be read: {}",
                    crate::uem::error_chain(&e)
                );
                RegistrationRecord::Unreadable { code: code.into() }
            }
        }
    }

    /// Fills in the owner's name as UEM has it ("Jane Doe" next to `jdoe`), for a technician's
    /// device card; a name that cannot be read leaves the user name alone.
    pub async fn name_owner(&self, state: &mut DeviceState) {
        let Some(owner) = state.owner.as_mut().filter(|o| o.display_name.is_none()) else {
            return;
        };
        match self.uem.find_users(owner.username.trim()).await {
            Ok(users) => {
                owner.display_name = users
                    .iter()
                    .filter(|user| same_username(&user.user_name, &owner.username))
                    .find_map(|user| Person::from(user).display_name);
            }
            Err(e) => tracing::debug!(
                code = crate::problem::Problem::user_facing(&e).code,
                "the owner's name could not be read"
            ),
        }
    }
}

impl<U: UemApi, D: Directory> AssetTags for Direct<U, D> {
    async fn device_by_asset_tag(&self, asset_tag: &str) -> Result<DeviceState, OpsError> {
        let tag = asset_tag.trim();
        let records = self.uem.registrations_by_asset_number(tag).await?;
        let mut serials: Vec<String> = records
            .into_iter()
            .filter(|r| {
                r.asset_number
                    .as_deref()
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case(tag))
            })
            .filter_map(|r| r.serial_number)
            .map(|serial| serial.trim().to_ascii_uppercase())
            .filter(|serial| !serial.is_empty())
            .collect();
        serials.sort();
        serials.dedup();
        match serials.as_slice() {
            [serial] => self.device(serial).await,
            [] => Err(UemError::DeviceNotFound {
                details: crate::uem::HttpDetails::without_body(404),
            }
            .into()),
            _ => {
                // Two Macs carry the tag: handing either over would be a guess.
                tracing::warn!(
                    count = serials.len(),
                    "an asset tag is on several registration records"
                );
                Err(UemError::DeviceNotFound {
                    details: crate::uem::HttpDetails::without_body(409),
                }
                .into())
            }
        }
    }
}

/// How many people a search returns.
const SEARCH_LIMIT: usize = 25;
/// How many of the people found get their device count.
const COUNTED_USERS: usize = 10;
/// How many event-log entries a history shows.
const HISTORY_LIMIT: usize = 50;
