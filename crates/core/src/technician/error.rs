//! [`TechnicianError`]: why a technician's step did not happen.

use crate::ops::{OpsError, RelayError};
use crate::problem::{ExitCode, Problem, UserFacing};

/// Why a technician's step did not happen: the use case's own refusal, or one of the two that
/// belong to technician mode alone.
#[derive(Debug, thiserror::Error)]
pub enum TechnicianError {
    /// The directory verified the person, but they are in no `TechnicianGroups` group (or none
    /// is configured).
    #[error("the account is in no TechnicianGroups group")]
    NotTechnician,
    /// The session ended: `SessionSeconds` without activity, signed out, or the relay no
    /// longer knows the token.
    #[error("the technician session ended")]
    SessionEnded,
    /// The step asked for does not fit the screen (e.g. assigning a device that is not staged).
    #[error("not possible from here: {0}")]
    NotNow(&'static str),
    #[error(transparent)]
    Ops(OpsError),
}

impl From<OpsError> for TechnicianError {
    fn from(error: OpsError) -> Self {
        match error {
            // On a technician route a 401 that is no directory refusal is the bearer token:
            // the relay's session ended.
            OpsError::Relay(RelayError::Refused { status: 401, .. }) => {
                TechnicianError::SessionEnded
            }
            other => TechnicianError::Ops(other),
        }
    }
}

impl Problem for TechnicianError {
    fn user_facing(&self) -> UserFacing {
        match self {
            TechnicianError::NotTechnician => UserFacing {
                code: "TECH-NOT-TECHNICIAN",
                summary: "This account may not use technician mode.",
                next_step: "Sign in with a technician account, or ask IT to add you to a technicians group.",
                exit: ExitCode::NotAuthorised,
            },
            TechnicianError::SessionEnded => UserFacing {
                code: "TECH-SESSION-ENDED",
                summary: "Your technician session has ended.",
                next_step: "Sign in again to continue.",
                exit: ExitCode::NotAuthorised,
            },
            TechnicianError::NotNow(_) => UserFacing {
                code: "TECH-NOT-NOW",
                summary: "That step is not possible for this device now.",
                next_step: "Look the device up again and choose another step.",
                exit: ExitCode::Usage,
            },
            TechnicianError::Ops(e) => e.user_facing(),
        }
    }
}

impl TechnicianError {
    /// The refusal belongs on the sign-in screen next to the fields.
    pub fn belongs_to_sign_in(&self) -> bool {
        match self {
            TechnicianError::NotTechnician | TechnicianError::SessionEnded => true,
            TechnicianError::Ops(e) => e.belongs_to_sign_in(),
            TechnicianError::NotNow(_) => false,
        }
    }
}
