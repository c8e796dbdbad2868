//! The one contract between a typed error and the person in front of the screen.
//!
//! Every error type Baton shows to a person implements [`Problem`]: one plain sentence saying what
//! happened, one saying what to do next, a stable support code the help desk can search for, and
//! the CLI exit code from PRODUCT.md. Raw server text never goes into any of these; it goes to the
//! log only.

use serde::Serialize;
use ts_rs::TS;

/// Exit codes of the headless CLI (PRODUCT.md, "CLI contract").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExitCode {
    /// 0: done.
    Done,
    /// 2: usage or configuration error.
    Usage,
    /// 3: the directory rejected the credentials.
    CredentialsRejected,
    /// 4: device not found or not enrolled.
    DeviceNotFound,
    /// 5: device not on a staging user (already assigned).
    NotStaged,
    /// 6: user not found in UEM.
    UserNotFound,
    /// 7: UEM or directory unreachable, or a server error.
    Unreachable,
    /// 8: Keychain hand-off failed after a successful switch.
    KeychainFailed,
    /// 9: throttled locally (too many attempts).
    Throttled,
    /// 10: not authorised (not a technician, or this role may not do that).
    NotAuthorised,
}

impl ExitCode {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Done => 0,
            ExitCode::Usage => 2,
            ExitCode::CredentialsRejected => 3,
            ExitCode::DeviceNotFound => 4,
            ExitCode::NotStaged => 5,
            ExitCode::UserNotFound => 6,
            ExitCode::Unreachable => 7,
            ExitCode::KeychainFailed => 8,
            ExitCode::Throttled => 9,
            ExitCode::NotAuthorised => 10,
        }
    }
}

/// What a person is told about one failure. Built only from `&'static str`s written in this
/// code base, so no server text and no secret can ever reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserFacing {
    /// Stable support code, e.g. `CFG-001`. Also the UI's translation key.
    pub code: &'static str,
    /// One plain sentence: what happened.
    pub summary: &'static str,
    /// One plain sentence: what to do next.
    pub next_step: &'static str,
    /// The CLI exit code for this failure.
    pub exit: ExitCode,
}

/// Implemented by every error type that can reach a person.
pub trait Problem: std::error::Error {
    /// The sentence, next step, support code and exit code for this error.
    fn user_facing(&self) -> UserFacing;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_cli_contract() {
        let table = [
            (ExitCode::Done, 0),
            (ExitCode::Usage, 2),
            (ExitCode::CredentialsRejected, 3),
            (ExitCode::DeviceNotFound, 4),
            (ExitCode::NotStaged, 5),
            (ExitCode::UserNotFound, 6),
            (ExitCode::Unreachable, 7),
            (ExitCode::KeychainFailed, 8),
            (ExitCode::Throttled, 9),
            (ExitCode::NotAuthorised, 10),
        ];
        for (exit, code) in table {
            assert_eq!(exit.code(), code, "{exit:?}");
        }
    }
}
