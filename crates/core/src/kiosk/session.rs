//! [`Kiosk`]: the pickup desk's state machine, one method per thing a person (or the clock) does.
//!
//! `scan` → the Mac is looked up while the sign-in form is already on screen (the person types
//! their username meanwhile) → `signin` with the Mac above the form, or back to `scan` with a
//! plain sentence when it is not staged, unknown or not enrolled (never a switch) → `working` →
//! `done` (the receipt) → `scan` again at once ("Next person") or after `KioskResetSeconds`.
//! After `KioskResetSeconds` without activity any screen but `working` returns to `scan`, and
//! every field is emptied.
//!
//! Nothing about the person outlives the session: the password is a [`SecretString`] dropped
//! (zeroed) right after the hand-off, no Keychain item, preference or file is written, and the
//! only record of who collected which Mac is the relay's audit row, or in direct mode (no relay)
//! one log line.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::{watch, Notify};
use tokio::time::Instant;

use super::scan::{self, Scan};
use super::view::{KioskDevice, KioskView, ScanNotice};
use crate::checkout::CheckoutError;
use crate::ipc::{HandoffStep, StepState, StepView};
use crate::ops::{
    Actor, AssetTags, Authority, DeviceState, HandOffRequest, HandedOff, OpsError, Phase,
};
use crate::problem::Problem;
use crate::uem::UemError;

/// What the desk needs from the configuration.
#[derive(Debug, Clone)]
pub struct KioskOptions {
    /// The desk's name in the audit and the UEM device note (direct mode; a relay names the
    /// kiosk by its certificate).
    pub name: String,
    /// `KioskResetSeconds`.
    pub reset_after: Duration,
    /// Direct mode: write one log line of who collected which Mac (a relay audits it instead).
    pub log_collections: bool,
}

/// Receives every view the kiosk shows.
pub trait KioskObserver: Send + Sync {
    fn show(&self, view: &KioskView);
}

impl<F: Fn(&KioskView) + Send + Sync> KioskObserver for F {
    fn show(&self, view: &KioskView) {
        self(view)
    }
}

/// Where the look-up of the scanned Mac stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lookup {
    Pending,
    /// Enrolled and staged: it may be handed over.
    Ready(DeviceState),
    /// Refused; `scan` says why.
    Refused,
}

struct State {
    view: KioskView,
    /// Changes with every scan and every reset: a late answer for an older one is dropped.
    session: u32,
    /// The look-up of this session's scan.
    lookup: Option<watch::Receiver<Lookup>>,
    /// A hand-off is in flight: no reset, no second submit.
    busy: bool,
    /// Something happened since the last reset (a field may hold text).
    dirty: bool,
    last_activity: Instant,
}

/// The pickup desk over an [`Authority`] that also resolves asset tags.
pub struct Kiosk<A> {
    authority: A,
    options: KioskOptions,
    observer: Box<dyn KioskObserver>,
    state: Mutex<State>,
    /// Wakes the reset clock after activity.
    activity: Notify,
}

impl<A: Authority + AssetTags> Kiosk<A> {
    /// A desk on `scan`.
    pub fn new(
        authority: A,
        options: KioskOptions,
        observer: impl KioskObserver + 'static,
    ) -> Self {
        Kiosk {
            authority,
            options,
            observer: Box::new(observer),
            state: Mutex::new(State {
                view: KioskView::Scan {
                    notice: None,
                    session: 0,
                },
                session: 0,
                lookup: None,
                busy: false,
                dirty: false,
                last_activity: Instant::now(),
            }),
            activity: Notify::new(),
        }
    }

    /// The authority the desk runs on.
    pub fn authority(&self) -> &A {
        &self.authority
    }

    /// What the window shows now (e.g. after a reload).
    pub fn view(&self) -> KioskView {
        self.lock().view.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn show(&self, state: &mut State, view: KioskView) {
        state.view = view;
        self.observer.show(&state.view);
    }

    fn touch(&self, state: &mut State) {
        state.last_activity = Instant::now();
        state.dirty = true;
        self.activity.notify_one();
    }

    /// Someone typed or clicked: the inactivity reset starts over.
    pub fn activity(&self) {
        let mut state = self.lock();
        self.touch(&mut state);
    }

    /// The scanner (or a person) entered a serial number or asset tag. The sign-in form is shown
    /// at once; the Mac is looked up meanwhile and then shown above it, or `scan` says why it
    /// cannot be picked up.
    pub async fn scan(&self, raw: &str) {
        let (session, found, scan) = {
            let mut state = self.lock();
            if state.busy {
                return;
            }
            self.touch(&mut state);
            let Some(scan) = scan::read(raw) else {
                let session = state.session;
                state.lookup = None;
                self.show(
                    &mut state,
                    KioskView::Scan {
                        notice: Some(ScanNotice::Unreadable),
                        session,
                    },
                );
                return;
            };
            state.session = state.session.wrapping_add(1);
            let (found, lookup) = watch::channel(Lookup::Pending);
            state.lookup = Some(lookup);
            self.show(
                &mut state,
                KioskView::SignIn {
                    device: None,
                    problem: None,
                    retry_after_seconds: None,
                },
            );
            (state.session, found, scan)
        };
        let result = self.resolve(&scan).await;
        let mut state = self.lock();
        if state.session != session {
            return;
        }
        state.last_activity = Instant::now();
        match result {
            Ok(device) if device.enrolled && device.staged => {
                let card = KioskDevice::from(&device);
                found.send_replace(Lookup::Ready(device));
                if let KioskView::SignIn {
                    problem,
                    retry_after_seconds,
                    ..
                } = &state.view
                {
                    let view = KioskView::SignIn {
                        device: Some(card),
                        problem: *problem,
                        retry_after_seconds: *retry_after_seconds,
                    };
                    self.show(&mut state, view);
                }
            }
            Ok(device) => {
                let card = KioskDevice::from(&device);
                let notice = if device.enrolled {
                    ScanNotice::NotStaged { device: card }
                } else {
                    ScanNotice::NotEnrolled { device: card }
                };
                tracing::info!(serial = %device.serial, enrolled = device.enrolled, "a scanned Mac is not ready for pickup");
                found.send_replace(Lookup::Refused);
                self.back_to_scan(&mut state, notice);
            }
            Err(error) => {
                found.send_replace(Lookup::Refused);
                let notice = if is_unknown(&error) {
                    ScanNotice::Unknown {
                        scanned: scan.serials.first().cloned().unwrap_or(scan.asset_tag),
                    }
                } else {
                    tracing::warn!(
                        "the scanned Mac could not be looked up: {}",
                        crate::uem::error_chain(&error)
                    );
                    ScanNotice::Problem {
                        problem: error.user_facing(),
                    }
                };
                self.back_to_scan(&mut state, notice);
            }
        }
    }

    /// The serials of the scan in turn, then the asset tag.
    async fn resolve(&self, scan: &Scan) -> Result<DeviceState, OpsError> {
        for serial in &scan.serials {
            match self.authority.device(serial).await {
                Err(error) if is_unknown(&error) => continue,
                other => return other,
            }
        }
        self.authority.device_by_asset_tag(&scan.asset_tag).await
    }

    fn back_to_scan(&self, state: &mut State, notice: ScanNotice) {
        state.lookup = None;
        let session = state.session;
        self.show(
            state,
            KioskView::Scan {
                notice: Some(notice),
                session,
            },
        );
    }

    /// The person finished typing their username: UEM looks them up while they type the
    /// password.
    pub async fn username_entered(&self, username: &str) {
        self.activity();
        self.authority.username_entered(username).await;
    }

    /// The person submitted the form. Waits for the look-up if it is still running; verifies
    /// the password and hands the Mac over (the same verification and attempt limit as
    /// everywhere); the password is dropped when this returns.
    pub async fn submit(&self, username: &str, password: SecretString) {
        let (session, mut lookup) = {
            let mut state = self.lock();
            if state.busy || !matches!(state.view, KioskView::SignIn { .. }) {
                tracing::info!("ignored a submit outside the sign-in form");
                return;
            }
            let Some(lookup) = state.lookup.clone() else {
                return;
            };
            state.busy = true;
            self.touch(&mut state);
            (state.session, lookup)
        };
        let device = match lookup.wait_for(|l| *l != Lookup::Pending).await {
            Ok(answer) => match &*answer {
                Lookup::Ready(device) => Some(device.clone()),
                _ => None,
            },
            Err(_) => None,
        };
        let card = {
            let mut state = self.lock();
            match device.as_ref() {
                Some(device) if state.session == session => {
                    let card = KioskDevice::from(device);
                    self.show(
                        &mut state,
                        KioskView::Working {
                            device: card.clone(),
                            steps: steps(None),
                        },
                    );
                    card
                }
                // Refused (`scan` says why) or reset meanwhile.
                _ => {
                    state.busy = false;
                    return;
                }
            }
        };
        let Some(device) = device else { return };
        let by = Actor::Kiosk(self.options.name.clone());
        let progress = |phase: Phase| {
            let mut state = self.lock();
            if state.session == session {
                let view = KioskView::Working {
                    device: card.clone(),
                    steps: steps(Some(phase)),
                };
                self.show(&mut state, view);
            }
        };
        let result = self
            .authority
            .hand_off(
                HandOffRequest {
                    serial: &device.serial,
                    username,
                    password: &password,
                    by: &by,
                },
                &progress,
            )
            .await;
        drop(password);
        let mut state = self.lock();
        state.busy = false;
        self.touch(&mut state);
        if state.session != session {
            return;
        }
        self.settle(&mut state, card, result);
    }

    fn settle(&self, state: &mut State, card: KioskDevice, result: Result<HandedOff, OpsError>) {
        match result {
            Ok(handed) => {
                if self.options.log_collections {
                    tracing::info!(
                        serial = %card.serial,
                        user = %handed.user.short_name,
                        kiosk = %self.options.name,
                        outcome = ?handed.outcome,
                        "collected at the pickup desk"
                    );
                }
                let name = handed
                    .user
                    .display_name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(handed.user.short_name);
                state.lookup = None;
                self.show(state, KioskView::Done { device: card, name });
            }
            Err(error) if error.belongs_to_sign_in() => {
                tracing::info!("sign-in refused at the desk: {error}");
                let retry_after_seconds = error
                    .retry_after()
                    .map(|d| u32::try_from(d.as_secs().max(1)).unwrap_or(u32::MAX));
                self.show(
                    state,
                    KioskView::SignIn {
                        device: Some(card),
                        problem: Some(error.user_facing()),
                        retry_after_seconds,
                    },
                );
            }
            Err(error) => {
                tracing::warn!(
                    "the hand-off at the desk failed: {}",
                    crate::uem::error_chain(&error)
                );
                match &error {
                    OpsError::Checkout(CheckoutError::NotStaged { .. }) => {
                        self.back_to_scan(state, ScanNotice::NotStaged { device: card })
                    }
                    OpsError::Checkout(CheckoutError::NotEnrolled { .. }) => {
                        self.back_to_scan(state, ScanNotice::NotEnrolled { device: card })
                    }
                    _ if is_unknown(&error) => self.back_to_scan(
                        state,
                        ScanNotice::Unknown {
                            scanned: card.serial,
                        },
                    ),
                    _ => {
                        state.lookup = None;
                        self.show(
                            state,
                            KioskView::Problem {
                                problem: error.user_facing(),
                            },
                        )
                    }
                }
            }
        }
    }

    /// "Next person", "Back", or the reset clock: `scan`, every field empty. Not while a
    /// hand-off is in flight.
    pub fn next_person(&self) {
        let mut state = self.lock();
        if state.busy {
            return;
        }
        self.reset(&mut state);
    }

    fn reset(&self, state: &mut State) {
        state.session = state.session.wrapping_add(1);
        state.lookup = None;
        state.dirty = false;
        state.last_activity = Instant::now();
        let session = state.session;
        self.show(
            state,
            KioskView::Scan {
                notice: None,
                session,
            },
        );
    }

    /// The reset clock: runs for the life of the desk. After `KioskResetSeconds` without
    /// activity, any screen but `working` returns to `scan` (a `done` receipt too, counted from
    /// when it appeared); an untouched `scan` is left alone.
    pub async fn run_reset_clock(&self) {
        loop {
            let (deadline, idle) = {
                let state = self.lock();
                let pristine =
                    !state.dirty && matches!(state.view, KioskView::Scan { notice: None, .. });
                (state.last_activity + self.options.reset_after, pristine)
            };
            if idle {
                self.activity.notified().await;
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {}
                () = self.activity.notified() => continue,
            }
            let busy = {
                let mut state = self.lock();
                if state.busy {
                    true
                } else {
                    if state.last_activity + self.options.reset_after <= Instant::now() {
                        tracing::info!("the desk was idle: back to scan");
                        self.reset(&mut state);
                    }
                    false
                }
            };
            if busy {
                // Never mid-hand-off: its end is activity, and the clock starts over from there.
                self.activity.notified().await;
            }
        }
    }
}

/// No Mac has this serial number (or asset tag).
fn is_unknown(error: &OpsError) -> bool {
    matches!(
        error,
        OpsError::Checkout(CheckoutError::Uem(UemError::DeviceNotFound { .. }))
    )
}

/// The working screen's lines once `reached` was reached (`None`: verifying).
fn steps(reached: Option<Phase>) -> Vec<StepView> {
    use StepState::{Active, Done, Pending};
    let (verify, assign, sync) = match reached {
        None => (Active, Pending, Pending),
        Some(Phase::Verified) | Some(Phase::Switching) => (Done, Active, Pending),
        Some(Phase::Confirming) => (Done, Done, Active),
    };
    [
        (HandoffStep::Verify, verify),
        (HandoffStep::Assign, assign),
        (HandoffStep::Sync, sync),
    ]
    .into_iter()
    .map(|(step, state)| StepView { step, state })
    .collect()
}
