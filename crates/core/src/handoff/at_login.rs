//! Started by the LaunchAgent at every login (`baton --at-login`), Baton must only be seen when
//! there is something to do: the first login on a staged Mac, a Mac staged again, or Keychain
//! items still missing. Once this Mac has been handed off, it says nothing at later logins.
//!
//! Two parts, both free of Tauri and the OS:
//! - [`HandedOff`]: a small record in the app-data folder, written when the hand-off is done or
//!   found done, naming this Mac's serial. With it, the app opens its window hidden at login
//!   and shows it only if the flow needs the person.
//! - [`at_login`]: what to do with each screen the flow reaches when started at login.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ipc::{CheckingDetail, HandoffView};

/// The record's file name in the app-data folder.
pub const RECORD_FILE: &str = "handed-off.json";

/// "This Mac was handed off": written when the flow reaches done or already set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandedOff {
    /// The Mac's serial number (a record copied from another Mac means nothing here).
    pub serial: String,
}

impl HandedOff {
    fn path(dir: &Path) -> PathBuf {
        dir.join(RECORD_FILE)
    }

    /// The record in `dir`, if there is a readable one.
    pub fn read(dir: &Path) -> Option<HandedOff> {
        let bytes = fs::read(Self::path(dir)).ok()?;
        match serde_json::from_slice(&bytes) {
            Ok(record) => Some(record),
            Err(e) => {
                tracing::warn!("{RECORD_FILE} is unreadable and is ignored: {e}");
                None
            }
        }
    }

    /// Whether `dir` holds the record for the Mac `serial`.
    pub fn exists_for(dir: &Path, serial: &str) -> bool {
        Self::read(dir).is_some_and(|record| record.serial == serial)
    }

    /// Writes the record into `dir` (created if missing), replacing any other, atomically.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        baton_platform::fs::write_private_atomic(&Self::path(dir), &bytes)
    }
}

/// What the app does with a screen when it was started at login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtLogin {
    /// Nothing yet (still looking).
    Wait,
    /// The person is needed: the window must be visible.
    Show,
    /// Nothing to do here: quit without a word to the person (the log says why).
    Quit,
}

/// The decision for `view` when started at login; `hidden`: the window was opened hidden
/// because this Mac has a [`HandedOff`] record.
///
/// | screen | visible window (first login) | hidden window (handed off before) |
/// |---|---|---|
/// | checking: starting, looking up | wait | wait |
/// | checking: offline | wait (the dialog says so and retries) | quit (nothing is known to be needed) |
/// | sign-in, working, Mac password, done | show | show (staged again, or items missing) |
/// | problem | show | quit |
/// | already set up | quit | quit |
pub fn at_login(view: &HandoffView, hidden: bool) -> AtLogin {
    match view {
        HandoffView::Assigned { .. } => AtLogin::Quit,
        HandoffView::Checking {
            detail: CheckingDetail::Offline { .. },
        } if hidden => AtLogin::Quit,
        HandoffView::Checking { .. } => AtLogin::Wait,
        HandoffView::Problem { .. } if hidden => AtLogin::Quit,
        HandoffView::SignIn { .. }
        | HandoffView::Working { .. }
        | HandoffView::MacPassword { .. }
        | HandoffView::Done { .. }
        | HandoffView::Problem { .. } => AtLogin::Show,
    }
}

/// The record to write when the flow shows `view`: on done and on already set up.
pub fn record_for(view: &HandoffView, serial: &str) -> Option<HandedOff> {
    matches!(
        view,
        HandoffView::Done { .. } | HandoffView::Assigned { .. }
    )
    .then(|| HandedOff {
        serial: serial.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{ExitCode, UserFacing};

    fn problem() -> HandoffView {
        HandoffView::Problem {
            problem: UserFacing {
                code: "UEM-OFFLINE",
                summary: "s",
                next_step: "n",
                exit: ExitCode::Unreachable,
            },
            can_retry: true,
        }
    }

    #[test]
    fn the_decision_table() {
        use AtLogin::*;
        let checking = |detail| HandoffView::Checking { detail };
        let offline = checking(CheckingDetail::Offline {
            retry_in_seconds: 2,
            attempt: 1,
        });
        let sign_in = HandoffView::SignIn {
            resume: false,
            problem: None,
            retry_after_seconds: None,
        };
        let assigned = HandoffView::Assigned {
            display_name: "a".into(),
        };
        let done = HandoffView::Done {
            display_name: "a".into(),
        };
        // (view, visible window, hidden window)
        let table = [
            (checking(CheckingDetail::Starting), Wait, Wait),
            (checking(CheckingDetail::LookingUpMac), Wait, Wait),
            (offline, Wait, Quit),
            (sign_in, Show, Show),
            (HandoffView::Working { steps: vec![] }, Show, Show),
            (HandoffView::MacPassword { problem: None }, Show, Show),
            (done, Show, Show),
            (problem(), Show, Quit),
            (assigned, Quit, Quit),
        ];
        for (view, visible, hidden) in table {
            assert_eq!(at_login(&view, false), visible, "{view:?} visible");
            assert_eq!(at_login(&view, true), hidden, "{view:?} hidden");
        }
    }

    #[test]
    fn the_record_names_this_mac_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("dev.baton.Baton");
        assert!(!HandedOff::exists_for(&data, "C02A"));
        let done = HandoffView::Done {
            display_name: "Alice".into(),
        };
        let record = record_for(&done, "C02A").expect("done writes the record");
        record.write(&data).unwrap();
        assert!(HandedOff::exists_for(&data, "C02A"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(data.join(RECORD_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the record is its owner's only");
        }
        assert!(
            !HandedOff::exists_for(&data, "C02B"),
            "another Mac's serial"
        );
        assert!(record_for(&problem(), "C02A").is_none());

        std::fs::write(data.join(RECORD_FILE), b"{not json").unwrap();
        assert_eq!(HandedOff::read(&data), None, "unreadable: as if absent");
    }
}
