//! What the kiosk window shows: [`KioskView`], sent as the payload of every [`KIOSK_EVENT`] and
//! returned by `kiosk_view`. It never carries a password; the only thing about the person is the
//! name on the receipt, gone at the next reset.

use serde::Serialize;
use ts_rs::TS;

use crate::ipc::StepView;
use crate::ops::DeviceState;
use crate::problem::UserFacing;

/// The name of the event that carries every [`KioskView`] to the UI.
pub const KIOSK_EVENT: &str = "kiosk";

/// The Mac being picked up, as the desk shows it above the form and on the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KioskDevice {
    pub serial: String,
    /// UEM's model name, e.g. "MacBook Air (M2, 2022)".
    pub model: Option<String>,
    /// The asset tag, when UEM has one.
    pub asset_tag: Option<String>,
}

impl From<&DeviceState> for KioskDevice {
    fn from(state: &DeviceState) -> Self {
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        KioskDevice {
            serial: state.serial.clone(),
            model: text(&state.model),
            asset_tag: text(&state.asset_number),
        }
    }
}

/// Why the desk is back on `scan` with a sentence instead of signing someone in. Never a switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ScanNotice {
    /// The scan held nothing that can be a serial number or an asset tag.
    Unreadable,
    /// No Mac in UEM has this serial number or asset tag.
    Unknown { scanned: String },
    /// The Mac is in UEM but not enrolled yet.
    NotEnrolled { device: KioskDevice },
    /// The Mac is already someone's (not on a staging user).
    NotStaged { device: KioskDevice },
    /// The look-up failed (UEM or the relay unreachable, …).
    Problem { problem: UserFacing },
}

/// What the kiosk window shows now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "screen",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum KioskView {
    /// The scan field. Every field of the window is empty whenever this is shown; `session`
    /// changes with every reset, so a reset is seen even from `scan` itself.
    Scan {
        notice: Option<ScanNotice>,
        session: u32,
    },
    /// The person's username and password, with the Mac above the form (`None` while it is
    /// still being looked up: the person may already type).
    SignIn {
        device: Option<KioskDevice>,
        /// Shown inline above the form, e.g. a wrong password.
        problem: Option<UserFacing>,
        /// The form may be submitted again after this many seconds.
        retry_after_seconds: Option<u32>,
    },
    /// One line per step: verify, assign, confirm.
    Working {
        device: KioskDevice,
        steps: Vec<StepView>,
    },
    /// The receipt: the Mac is now this person's, confirmed by UEM.
    Done {
        device: KioskDevice,
        /// The person's display name (else their username).
        name: String,
    },
    /// A failure the person cannot fix at the desk; "Back" returns to `scan`.
    Problem { problem: UserFacing },
}
