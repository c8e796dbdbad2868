//! Checking a device out from its staging user to a person in UEM: the sequence both the CLI's
//! `assign` and the app's hand-off use once the person is known.
//!
//! 1. Read the device by serial and look the user up, concurrently (one round trip).
//! 2. Already enrolled to that user → done, no switch (an idempotent re-run).
//! 3. Not enrolled, or on someone other than a staging user → refuse.
//! 4. Switch (never repeated blindly, see [`crate::uem`]).
//! 5. At once: `SyncDevice` when configured, and the confirming re-read of the device (skipped
//!    when the switch itself was confirmed by a re-read).

use serde::Serialize;

use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::{Device, DeviceCommand, NewDirectoryUser, UemApi, UemError, User};

/// What the checkout needs besides the two names.
#[derive(Debug, Clone, Default)]
pub struct CheckoutOptions {
    /// `StagingUsernames`.
    pub staging_usernames: Vec<String>,
    /// `SyncDeviceAfterSwitch`.
    pub sync_after_switch: bool,
    /// `CreateMissingUsers`: add the user to UEM when the search finds none, with these details.
    pub create_missing_user: Option<NewDirectoryUser>,
}

/// How a successful checkout ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The device was switched to the user now.
    Switched,
    /// The device already belonged to the user; nothing was changed.
    AlreadyAssigned,
}

/// A successful checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutReport {
    pub outcome: Outcome,
    pub serial: String,
    pub device_id: i64,
    pub user_name: String,
    pub user_id: i64,
    /// The user was created in UEM first (`CreateMissingUsers`).
    pub user_created: bool,
    /// PATCH requests sent (0, 1, or 2 after an answer in doubt).
    pub switch_attempts: u8,
    /// `SyncDevice` was accepted.
    pub synced: bool,
}

/// Why a checkout did not happen or could not be confirmed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckoutError {
    #[error(transparent)]
    Uem(#[from] UemError),
    #[error("device {serial} is not enrolled (status {status})")]
    NotEnrolled { serial: String, status: String },
    #[error("device {serial} is enrolled to {owner}, not to a staging user")]
    NotStaged { serial: String, owner: String },
    #[error("after the switch, UEM shows device {serial} enrolled to {owner}")]
    NotConfirmed { serial: String, owner: String },
    /// UEM's record is not the Mac asked about: its `SerialNumber` is another serial, or (for
    /// this Mac) its `Udid` is not this Mac's hardware UUID.
    #[error(
        "UEM's record for {serial} does not match: its {field} is {found}, expected {expected}"
    )]
    RecordMismatch {
        serial: String,
        field: &'static str,
        found: String,
        expected: String,
    },
}

impl Problem for CheckoutError {
    fn user_facing(&self) -> UserFacing {
        match self {
            CheckoutError::Uem(e) => e.user_facing(),
            CheckoutError::NotEnrolled { .. } => UserFacing {
                code: "CHK-NOT-ENROLLED",
                summary: "This Mac is not enrolled in Workspace ONE yet.",
                next_step: "Finish enrolling the Mac with the staging account, then try again.",
                exit: ExitCode::DeviceNotFound,
            },
            CheckoutError::NotStaged { .. } => UserFacing {
                code: "CHK-NOT-STAGED",
                summary: "This Mac is already assigned to someone else.",
                next_step: "Ask your IT department to check who this Mac belongs to in Workspace ONE.",
                exit: ExitCode::NotStaged,
            },
            CheckoutError::RecordMismatch { .. } => UserFacing {
                code: "CHK-RECORD-MISMATCH",
                summary: "Workspace ONE's record for this Mac does not match this Mac, so nothing was changed.",
                next_step: "Contact your IT department with the support code; they need to check this Mac's record in Workspace ONE.",
                exit: ExitCode::DeviceNotFound,
            },
            CheckoutError::NotConfirmed { .. } => UserFacing {
                code: "CHK-NOT-CONFIRMED",
                summary: "Workspace ONE did not confirm that this Mac is now yours.",
                next_step: "Try again in a minute. If it keeps happening, contact your IT department with the support code.",
                exit: ExitCode::Unreachable,
            },
        }
    }
}

fn owner(device: &Device) -> String {
    device
        .user_name
        .clone()
        .unwrap_or_else(|| "no user".to_owned())
}

/// What to do with a device for a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The device already belongs to the user: nothing to switch.
    AlreadyAssigned,
    /// The device is on a staging user: switch it.
    Switch,
}

/// The UEM user to add for a verified directory user (`CreateMissingUsers`): the short name,
/// e-mail, and the display name split into given and family name at its last space.
pub fn new_directory_user(verified: &crate::directory::VerifiedUser) -> NewDirectoryUser {
    let (first_name, last_name) = match verified.display_name.as_deref().map(str::trim) {
        Some(name) => match name.rsplit_once(' ') {
            Some((first, last)) => (Some(first.to_owned()), Some(last.to_owned())),
            None => (Some(name.to_owned()), None),
        },
        None => (None, None),
    };
    NewDirectoryUser {
        user_name: verified.short_name.clone(),
        email: verified.email.clone(),
        first_name,
        last_name,
        ..Default::default()
    }
}

/// Decides from the device record alone whether it may be handed to `user`.
pub fn assess(
    device: &Device,
    user: &User,
    serial: &str,
    staging_usernames: &[String],
) -> Result<Plan, CheckoutError> {
    // A record of another device must never decide this one (a search by serial that UEM
    // answered loosely, a proxy, a mix-up): nothing is changed.
    if let Some(found) = &device.serial_number {
        if !found.trim().eq_ignore_ascii_case(serial.trim()) {
            return Err(CheckoutError::RecordMismatch {
                serial: serial.to_owned(),
                field: "SerialNumber",
                found: found.clone(),
                expected: serial.to_owned(),
            });
        }
    }
    if !device.is_enrolled() {
        return Err(CheckoutError::NotEnrolled {
            serial: serial.to_owned(),
            status: device
                .enrollment_status
                .clone()
                .unwrap_or_else(|| "unknown".to_owned()),
        });
    }
    if device.belongs_to(user) {
        return Ok(Plan::AlreadyAssigned);
    }
    if !device.is_on_staging_user(staging_usernames) {
        return Err(CheckoutError::NotStaged {
            serial: serial.to_owned(),
            owner: owner(device),
        });
    }
    Ok(Plan::Switch)
}

/// Reads the device and looks the user up at once (one round trip); adds the user to UEM first
/// when the search finds none and `create_missing_user` is set. Returns the user and whether it
/// was created.
pub async fn lookup<A: UemApi>(
    api: &A,
    serial: &str,
    username: &str,
    options: &CheckoutOptions,
) -> Result<(Device, User, bool), CheckoutError> {
    let (device, user) = tokio::join!(api.device_by_serial(serial), api.find_user(username));
    let device = device?;
    let (user, created) = match (user, &options.create_missing_user) {
        (Ok(user), _) => (user, false),
        (Err(UemError::UserNotFound { .. }), Some(new_user)) if device.is_enrolled() => {
            tracing::info!(user = %new_user.user_name, "adding the directory user to UEM");
            api.add_directory_user(new_user).await?;
            (api.find_user(&new_user.user_name).await?, true)
        }
        (Err(e), _) => {
            // An unenrolled device says more than a missing user.
            if !device.is_enrolled() {
                assess(
                    &device,
                    &User::default(),
                    serial,
                    &options.staging_usernames,
                )?;
            }
            return Err(e.into());
        }
    };
    Ok((device, user, created))
}

/// After the switch: `SyncDevice` (when `sync`) and the confirming re-read (unless the switch
/// was already confirmed by one), at once. Returns whether the sync was accepted; a refused sync
/// is logged, not an error: the switch stands and the profiles arrive at the next check-in.
pub async fn finish<A: UemApi>(
    api: &A,
    device: &Device,
    user: &User,
    serial: &str,
    confirmed_by_reread: bool,
    sync: bool,
) -> Result<bool, CheckoutError> {
    let synced = async {
        if !sync {
            return false;
        }
        match api
            .device_command(device.id, DeviceCommand::SyncDevice)
            .await
        {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(
                    "SyncDevice was not accepted: {}",
                    crate::uem::error_chain(&e)
                );
                false
            }
        }
    };
    let confirmed = async {
        if confirmed_by_reread {
            Ok(())
        } else {
            confirm(api, device, user, serial).await
        }
    };
    let (synced, confirmed) = tokio::join!(synced, confirmed);
    confirmed?;
    Ok(synced)
}

/// Checks `serial` out to `username`: [`lookup`], [`assess`], the switch, [`finish`].
pub async fn checkout<A: UemApi>(
    api: &A,
    serial: &str,
    username: &str,
    options: &CheckoutOptions,
) -> Result<CheckoutReport, CheckoutError> {
    let (device, user, user_created) = lookup(api, serial, username, options).await?;
    let plan = assess(&device, &user, serial, &options.staging_usernames)?;
    let mut report = CheckoutReport {
        outcome: Outcome::AlreadyAssigned,
        serial: serial.to_owned(),
        device_id: device.id.0,
        user_name: user.user_name.clone(),
        user_id: user.id.0,
        user_created,
        switch_attempts: 0,
        synced: false,
    };
    if plan == Plan::AlreadyAssigned {
        tracing::info!(serial, user = %user.user_name, "device already enrolled to the user; no switch");
        return Ok(report);
    }
    let switch = api
        .switch_enrollment_user(device.id, &user, &options.staging_usernames)
        .await?;
    report.outcome = Outcome::Switched;
    report.switch_attempts = switch.attempts;
    tracing::info!(serial, user = %user.user_name, attempts = switch.attempts, "device switched");
    report.synced = finish(
        api,
        &device,
        &user,
        serial,
        switch.confirmed_by_reread,
        options.sync_after_switch,
    )
    .await?;
    Ok(report)
}

async fn confirm<A: UemApi>(
    api: &A,
    device: &Device,
    user: &User,
    serial: &str,
) -> Result<(), CheckoutError> {
    let now = api.device(device.id).await?;
    if now.belongs_to(user) {
        Ok(())
    } else {
        Err(CheckoutError::NotConfirmed {
            serial: serial.to_owned(),
            owner: owner(&now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uem::{DeviceId, UserId};

    fn device(status: &str, user: Option<(&str, i64)>) -> Device {
        Device {
            id: DeviceId(7),
            enrollment_status: Some(status.into()),
            user_name: user.map(|(name, _)| name.into()),
            user_id: user.map(|(_, id)| UserId(id)),
            ..Default::default()
        }
    }

    fn alice() -> User {
        User {
            id: UserId(2),
            user_name: "alice".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_record_of_another_serial_decides_nothing() {
        let staging = ["staging".to_owned()];
        let mut record = device("Enrolled", Some(("staging", 1)));
        record.serial_number = Some("C02OTHER0001".into());
        assert!(matches!(
            assess(&record, &alice(), "C02MINE00001", &staging),
            Err(CheckoutError::RecordMismatch {
                field: "SerialNumber",
                ..
            })
        ));
        // The same serial in another case or with spaces is the same Mac.
        record.serial_number = Some(" c02mine00001".into());
        assert_eq!(
            assess(&record, &alice(), "C02MINE00001", &staging).unwrap(),
            Plan::Switch
        );
    }

    #[test]
    fn assess_decides_from_the_device_record() {
        let staging = ["Staging".to_owned()];
        let plan = |d: &Device| assess(d, &alice(), "S", &staging);
        assert_eq!(
            plan(&device("Enrolled", Some(("staging", 1)))).unwrap(),
            Plan::Switch
        );
        assert_eq!(
            plan(&device("enrolled", Some(("alice", 2)))).unwrap(),
            Plan::AlreadyAssigned
        );
        assert!(
            matches!(plan(&device("Enrolled", Some(("bob", 3)))), Err(CheckoutError::NotStaged { owner, .. }) if owner == "bob")
        );
        assert!(matches!(
            plan(&device("Unenrolled", Some(("staging", 1)))),
            Err(CheckoutError::NotEnrolled { .. })
        ));
        assert!(matches!(
            plan(&device("EnrollmentInProgress", None)),
            Err(CheckoutError::NotEnrolled { .. })
        ));
        // Same name, other id: another account that happens to share the name is not alice.
        assert!(matches!(
            plan(&device("Enrolled", Some(("alice", 9)))),
            Err(CheckoutError::NotStaged { .. })
        ));
    }

    #[test]
    fn every_refusal_has_its_exit_code() {
        let cases = [
            (
                CheckoutError::NotEnrolled {
                    serial: "S".into(),
                    status: "x".into(),
                },
                4,
            ),
            (
                CheckoutError::NotStaged {
                    serial: "S".into(),
                    owner: "bob".into(),
                },
                5,
            ),
            (
                CheckoutError::NotConfirmed {
                    serial: "S".into(),
                    owner: "bob".into(),
                },
                7,
            ),
        ];
        for (error, code) in cases {
            let facing = error.user_facing();
            assert_eq!(facing.exit.code(), code, "{error}");
            assert!(
                !facing.summary.contains("bob"),
                "no names from the server in the sentence"
            );
        }
    }
}
