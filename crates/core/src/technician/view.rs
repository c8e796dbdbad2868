//! What technician mode's window shows: [`TechnicianView`], one variant per screen (the
//! screen's `data-screen`), sent to the UI after every change. Never carries a password or a
//! session token.

use serde::Serialize;
use ts_rs::TS;

use crate::ipc::StepView;
use crate::ops::{DeviceState, HistoryEntry, RegistrationRecord, UserSummary};
use crate::problem::UserFacing;

/// How many history lines one page of the device screen shows.
pub const HISTORY_PAGE: usize = 10;

/// Technician mode's screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "screen",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TechnicianView {
    /// The technician's own sign-in (`techsignin`).
    #[serde(rename = "techsignin")]
    TechSignIn {
        /// Shown inline above the form: a wrong password, not a technician, session ended.
        problem: Option<UserFacing>,
        /// Throttled: the form may be sent again after this many seconds.
        retry_after_seconds: Option<u32>,
    },
    /// The device: this Mac or a serial typed or scanned.
    Device {
        technician: String,
        /// This Mac's serial, when known (the "This Mac" button).
        this_mac: Option<String>,
        /// The device looked up, if any.
        card: Option<DeviceCard>,
        /// A serial UEM does not know: it may be pre-registered.
        unknown_serial: Option<String>,
        problem: Option<UserFacing>,
    },
    /// Find the person (`input[type=search]`).
    Search {
        technician: String,
        purpose: SearchPurpose,
        /// The device (assign) or the serial (pre-register) the person is for.
        serial: String,
        card: Option<DeviceCard>,
        /// The query these results answer (the UI drops results of an older query).
        query: String,
        results: Vec<PersonFound>,
        problem: Option<UserFacing>,
    },
    /// One sentence to confirm before anything changes.
    Confirm {
        technician: String,
        action: PendingAction,
    },
    /// The step list while UEM works.
    Working {
        technician: String,
        action: PendingAction,
        steps: Vec<StepView>,
    },
    /// Confirmed by UEM.
    Done {
        technician: String,
        action: PendingAction,
        /// The owner UEM confirmed (assign), the staging user (return), the person (pre-register).
        confirmed_owner: String,
        /// It already was theirs: nothing changed.
        unchanged: bool,
    },
}

/// Why the person is searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SearchPurpose {
    Assign,
    Preregister,
}

/// A step waiting for (or past) its confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PendingAction {
    /// "Assign MacBook Pro · C02… from staging to Jane Doe (jdoe)?"
    Assign {
        serial: String,
        model: Option<String>,
        from: Option<String>,
        to: PersonFound,
    },
    /// "Return MacBook Pro · C02… from Jane Doe to staging?"
    Return {
        serial: String,
        model: Option<String>,
        from: String,
    },
    /// "Pre-register C02… to Jane Doe (jdoe)?"
    Preregister { serial: String, to: PersonFound },
}

impl PendingAction {
    pub fn serial(&self) -> &str {
        match self {
            PendingAction::Assign { serial, .. }
            | PendingAction::Return { serial, .. }
            | PendingAction::Preregister { serial, .. } => serial,
        }
    }

    /// The audit's word for it.
    pub fn verb(&self) -> &'static str {
        match self {
            PendingAction::Assign { .. } => "assign",
            PendingAction::Return { .. } => "return",
            PendingAction::Preregister { .. } => "preregister",
        }
    }
}

/// What the device screen says about one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeviceCard {
    pub serial: String,
    pub model: Option<String>,
    pub asset_number: Option<String>,
    pub enrolled: bool,
    /// Enrolled and on a staging user: it may be assigned.
    pub staged: bool,
    /// The current user (none when staged).
    pub owner: Option<OwnerView>,
    pub last_seen: Option<String>,
    /// This page of the history, newest first.
    pub history: Vec<HistoryLine>,
    /// 0-based.
    pub history_page: u32,
    pub history_pages: u32,
    /// The serial's registration record; none when the relay did not say.
    pub registration: Option<RegistrationView>,
}

impl DeviceCard {
    /// The card of `state` showing page `page` of `history`.
    pub fn new(
        state: &DeviceState,
        history: &[HistoryEntry],
        registration: Option<&RegistrationRecord>,
        page: usize,
    ) -> Self {
        let pages = history.len().div_ceil(HISTORY_PAGE).max(1);
        let page = page.min(pages - 1);
        DeviceCard {
            serial: state.serial.clone(),
            model: state.model.clone(),
            asset_number: state.asset_number.clone(),
            enrolled: state.enrolled,
            staged: state.staged,
            owner: state.owner.as_ref().map(|owner| OwnerView {
                username: owner.username.clone(),
                display_name: owner.display_name.clone(),
            }),
            last_seen: state.last_seen.clone(),
            history: history
                .iter()
                .skip(page * HISTORY_PAGE)
                .take(HISTORY_PAGE)
                .map(HistoryLine::from)
                .collect(),
            history_page: u32::try_from(page).unwrap_or(u32::MAX),
            history_pages: u32::try_from(pages).unwrap_or(u32::MAX),
            registration: registration.map(RegistrationView::from),
        }
    }
}

/// A serial's registration ("pre-registration") record on the device card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum RegistrationView {
    /// Registered to these people (usually one).
    Registered { usernames: Vec<String> },
    /// No registration record carries the serial.
    NotRegistered,
    /// The record could not be read: the card says so, with the support code.
    Unreadable { code: String },
}

impl From<&RegistrationRecord> for RegistrationView {
    fn from(record: &RegistrationRecord) -> Self {
        match record {
            RegistrationRecord::Registered { usernames } => RegistrationView::Registered {
                usernames: usernames.clone(),
            },
            RegistrationRecord::NotRegistered => RegistrationView::NotRegistered,
            RegistrationRecord::Unreadable { code } => {
                RegistrationView::Unreadable { code: code.clone() }
            }
        }
    }
}

/// Whom a device is enrolled to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnerView {
    pub username: String,
    pub display_name: Option<String>,
}

/// One line of a device's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryLine {
    pub at: Option<String>,
    /// `uem` (UEM's event log) or `baton` (the relay's audit).
    pub source: String,
    pub event: String,
    pub actor: Option<String>,
}

impl From<&HistoryEntry> for HistoryLine {
    fn from(entry: &HistoryEntry) -> Self {
        HistoryLine {
            at: entry.at.clone(),
            source: entry.source.clone(),
            event: entry.event.clone(),
            actor: entry.actor.clone(),
        }
    }
}

/// A person found by the search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonFound {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// Devices UEM already has enrolled to them (none when unknown).
    pub device_count: Option<u32>,
}

impl From<&UserSummary> for PersonFound {
    fn from(user: &UserSummary) -> Self {
        PersonFound {
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            email: user.email.clone(),
            device_count: user.device_count,
        }
    }
}
