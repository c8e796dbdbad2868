//! Saving the sign-in: the one implementation of writing a verified person's Keychain items
//! (and NoMAD's `LastUser`), used by the app's flow and the CLI's `assign --keychain`.
//!
//! When items get partition IDs (`KeychainPartitionTeamIDs`) and the store keeps them, the
//! login-keychain (Mac) password is needed: the directory password is tried first, silently (at
//! first login it is often the Mac password too); otherwise a [`MacPasswordSource`] is asked —
//! the app's Mac password screen, or nobody (the CLI writes without partition IDs). A password
//! the check accepted but the write refused is asked for again. Both passwords are used for the
//! check and the write only, and scrubbed from every log line meanwhile.
//!
//! Synchronous: store calls block (D-Bus, the Security framework); callers run it off the
//! async workers (the flow in `spawn_blocking`).

use baton_platform::app_prefs::Preferences;
use baton_platform::keychain::{SecretStore, StoreError};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::flow::MacPasswordError;
use super::items::{self, KeychainError, Plan, WriteReport};
use crate::problem::{Problem, UserFacing};

/// An answer about the Mac password.
pub enum MacAnswer {
    Password(SecretString),
    /// Write without partition IDs (NoMAD may ask once).
    Skip,
    /// Nobody is there to answer any more (the window went away): stop, write nothing.
    Gone,
}

/// Who is asked for the Mac password when the directory password does not open the login
/// keychain. `problem` says why the last answer was refused. Blocks until answered.
pub trait MacPasswordSource {
    fn ask(&self, problem: Option<UserFacing>) -> MacAnswer;
}

/// Nobody is asked (the headless CLI): the items are written without partition IDs.
pub struct DoNotAsk;

impl MacPasswordSource for DoNotAsk {
    fn ask(&self, _problem: Option<UserFacing>) -> MacAnswer {
        MacAnswer::Skip
    }
}

/// Whether the items got the `KeychainPartitionTeamIDs` in their partition lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Partitions {
    /// None is configured, no item trusts another application, or this OS's store has no
    /// partition lists.
    NotApplicable,
    /// Added, with the Mac password.
    Added,
    /// Not added: the Mac password was not at hand (differs from the directory password and
    /// was skipped or not asked). NoMAD may ask once to read its item.
    NotAdded,
}

/// What was saved.
pub struct Saved {
    pub report: WriteReport,
    pub partitions: Partitions,
}

/// Wrong Mac passwords accepted per hand-off before Baton stops asking and writes without
/// partition IDs (security-review F18). The screen adds nothing an attacker at the Mac lacks
/// (`security unlock-keychain` checks passwords too), but it must not be an unlimited oracle.
pub const MAX_WRONG_MAC_PASSWORDS: u32 = 5;

/// Writes `plan`'s items with the person's verified `password`; `None` when the source went
/// away while asked (nothing more was written).
pub fn save_sign_in<S, P>(
    store: &S,
    prefs: &P,
    plan: &Plan,
    password: &SecretString,
    source: &dyn MacPasswordSource,
) -> Result<Option<Saved>, KeychainError>
where
    S: SecretStore + ?Sized,
    P: Preferences + ?Sized,
{
    let mut mac_password: Option<SecretString> = None;
    let mut wrong = 0;
    if plan.wants_mac_password() && store.keeps_partitions() {
        match store.check_keychain_password(password) {
            Ok(()) => {
                tracing::info!("the directory password opens the login keychain");
                mac_password = Some(password.clone());
            }
            Err(StoreError::KeychainPasswordRejected { .. }) => {
                tracing::info!("the Mac password differs from the directory password: asking");
                match ask_checked(store, source, None, &mut wrong) {
                    Checked::Gone => return Ok(None),
                    Checked::Password(mac) => mac_password = Some(mac),
                    Checked::Without => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "the login keychain cannot check passwords; writing without partition IDs");
            }
        }
    }
    loop {
        match items::write_items(store, prefs, plan, password, mac_password.as_ref()) {
            Ok(report) => {
                let partitions = if !plan.wants_mac_password() || !store.keeps_partitions() {
                    Partitions::NotApplicable
                } else if mac_password.is_some() {
                    Partitions::Added
                } else {
                    Partitions::NotAdded
                };
                tracing::info!(
                    items = report.written.len(),
                    ?partitions,
                    "Keychain hand-off done"
                );
                return Ok(Some(Saved { report, partitions }));
            }
            // The check accepted a password the write refused: ask (again). It was the person's
            // fault only when it was a password they typed as the Mac password.
            Err(error) if error.is_mac_password_rejected() && mac_password.is_some() => {
                let typed = mac_password
                    .as_ref()
                    .is_some_and(|mac| mac.expose_secret() != password.expose_secret());
                let problem = typed.then(|| MacPasswordError::Wrong.user_facing());
                if typed {
                    wrong += 1;
                }
                mac_password = match ask_checked(store, source, problem, &mut wrong) {
                    Checked::Gone => return Ok(None),
                    Checked::Password(mac) => Some(mac),
                    Checked::Without => None,
                };
            }
            Err(error) => return Err(error),
        }
    }
}

enum Checked {
    Password(SecretString),
    Without,
    Gone,
}

/// Asks `source` until it answers with a Mac password the login keychain accepts, skips, or
/// goes away.
fn ask_checked<S: SecretStore + ?Sized>(
    store: &S,
    source: &dyn MacPasswordSource,
    mut problem: Option<UserFacing>,
    wrong: &mut u32,
) -> Checked {
    loop {
        if *wrong >= MAX_WRONG_MAC_PASSWORDS {
            tracing::warn!(
                wrong = *wrong,
                "too many wrong Mac passwords: writing without partition IDs"
            );
            return Checked::Without;
        }
        let mac = match source.ask(problem.take()) {
            MacAnswer::Gone => return Checked::Gone,
            MacAnswer::Skip => {
                tracing::info!("Mac password skipped: writing without partition IDs");
                return Checked::Without;
            }
            MacAnswer::Password(mac) => mac,
        };
        if mac.expose_secret().is_empty() {
            problem = Some(MacPasswordError::Empty.user_facing());
            continue;
        }
        let _scrub = crate::redact::register(&mac);
        match store.check_keychain_password(&mac) {
            Ok(()) => return Checked::Password(mac),
            Err(StoreError::KeychainPasswordRejected { .. }) => {
                tracing::info!("the Mac password was not accepted");
                *wrong += 1;
                problem = Some(MacPasswordError::Wrong.user_facing());
            }
            Err(error) => {
                tracing::warn!(%error, "the Mac password could not be checked; writing without partition IDs");
                return Checked::Without;
            }
        }
    }
}
