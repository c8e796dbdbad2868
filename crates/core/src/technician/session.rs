//! [`TechnicianSession`]: technician mode's state machine. One method per intent; each ends in
//! a [`TechnicianView`] that is also handed to the observer (the window). The session keeps no
//! password and stores nothing: the technician's desk (and with a relay, their token) lives in
//! memory until sign-out or `SessionSeconds` without activity.

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::desk::{Desk, Gate};
use super::view::{DeviceCard, PendingAction, PersonFound, SearchPurpose, TechnicianView};
use super::TechnicianError;
use crate::checkout::CheckoutError;
use crate::ipc::{HandoffStep, StepState, StepView};
use crate::ops::{
    Actor, Authority, DeviceState, HistoryEntry, Outcome, RegistrationRecord, UserSummary,
};
use crate::problem::{Problem, UserFacing};
use crate::uem::UemError;

/// The time the idle limit is measured with (a test moves it by hand).
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The real monotonic clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// What the session takes from the configuration and the machine.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// `SessionSeconds`.
    pub idle: Duration,
    /// `AllowBasicUsers`.
    pub allow_basic_users: bool,
    /// This Mac's serial, when known: looked up right after sign-in.
    pub this_mac: Option<String>,
}

/// Receives every view the session reaches.
pub type Observer = Arc<dyn Fn(&TechnicianView) + Send + Sync>;

struct Looked {
    state: DeviceState,
    history: Vec<HistoryEntry>,
    registration: Option<RegistrationRecord>,
    page: usize,
}

impl Looked {
    fn card(&self) -> DeviceCard {
        DeviceCard::new(
            &self.state,
            &self.history,
            self.registration.as_ref(),
            self.page,
        )
    }
}

enum State {
    SignIn {
        problem: Option<UserFacing>,
        retry_after_seconds: Option<u32>,
    },
    Device {
        looked: Option<Looked>,
        unknown_serial: Option<String>,
        problem: Option<UserFacing>,
    },
    Search {
        purpose: SearchPurpose,
        serial: String,
        looked: Option<Looked>,
        query: String,
        results: Vec<UserSummary>,
        problem: Option<UserFacing>,
    },
    Confirm {
        action: PendingAction,
        looked: Option<Looked>,
    },
    Working {
        action: PendingAction,
    },
    Done {
        action: PendingAction,
        confirmed_owner: String,
        unchanged: bool,
    },
}

/// Technician mode over a [`Gate`] (direct or relay).
pub struct TechnicianSession<G: Gate> {
    gate: G,
    desk: Option<G::Desk>,
    options: SessionOptions,
    clock: Arc<dyn Clock>,
    last_active: Instant,
    state: State,
    observer: Observer,
}

fn signed_out(problem: Option<UserFacing>) -> State {
    State::SignIn {
        problem,
        retry_after_seconds: None,
    }
}

fn display(person: &PersonFound) -> String {
    match &person.display_name {
        Some(name) => format!("{name} ({})", person.username),
        None => person.username.clone(),
    }
}

impl<G: Gate> TechnicianSession<G> {
    pub fn new(
        gate: G,
        options: SessionOptions,
        clock: Arc<dyn Clock>,
        observer: Observer,
    ) -> Self {
        let now = clock.now();
        TechnicianSession {
            gate,
            desk: None,
            options,
            clock,
            last_active: now,
            state: signed_out(None),
            observer,
        }
    }

    /// What the window shows now.
    pub fn view(&self) -> TechnicianView {
        let technician = || {
            self.desk
                .as_ref()
                .map(|desk| desk.technician().to_owned())
                .unwrap_or_default()
        };
        match &self.state {
            State::SignIn {
                problem,
                retry_after_seconds,
            } => TechnicianView::TechSignIn {
                problem: *problem,
                retry_after_seconds: *retry_after_seconds,
            },
            State::Device {
                looked,
                unknown_serial,
                problem,
            } => TechnicianView::Device {
                technician: technician(),
                this_mac: self.options.this_mac.clone(),
                card: looked.as_ref().map(Looked::card),
                unknown_serial: unknown_serial.clone(),
                problem: *problem,
            },
            State::Search {
                purpose,
                serial,
                looked,
                query,
                results,
                problem,
            } => TechnicianView::Search {
                technician: technician(),
                purpose: *purpose,
                serial: serial.clone(),
                card: looked.as_ref().map(Looked::card),
                query: query.clone(),
                results: results.iter().map(PersonFound::from).collect(),
                problem: *problem,
            },
            State::Confirm { action, .. } => TechnicianView::Confirm {
                technician: technician(),
                action: action.clone(),
            },
            State::Working { action } => TechnicianView::Working {
                technician: technician(),
                action: action.clone(),
                steps: working_steps(action),
            },
            State::Done {
                action,
                confirmed_owner,
                unchanged,
            } => TechnicianView::Done {
                technician: technician(),
                action: action.clone(),
                confirmed_owner: confirmed_owner.clone(),
                unchanged: *unchanged,
            },
        }
    }

    /// Whether a technician is signed in.
    pub fn signed_in(&self) -> bool {
        self.desk.is_some()
    }

    fn publish(&mut self) -> TechnicianView {
        let view = self.view();
        (self.observer)(&view);
        view
    }

    /// Ends the session after `SessionSeconds` without activity. The app calls this on a timer.
    /// Only a change is published.
    pub async fn tick(&mut self) -> TechnicianView {
        if self.desk.is_some() && self.idle_too_long() {
            tracing::info!("technician session ended after SessionSeconds without activity");
            self.end(Some(TechnicianError::SessionEnded.user_facing()))
                .await;
            return self.publish();
        }
        self.view()
    }

    fn idle_too_long(&self) -> bool {
        self.clock.now().saturating_duration_since(self.last_active) >= self.options.idle
    }

    /// The desk, when signed in and not idle too long (each intent counts as activity).
    async fn active(&mut self) -> bool {
        if self.desk.is_none() {
            return false;
        }
        if self.idle_too_long() {
            tracing::info!("technician session ended after SessionSeconds without activity");
            self.end(Some(TechnicianError::SessionEnded.user_facing()))
                .await;
            return false;
        }
        self.last_active = self.clock.now();
        true
    }

    async fn end(&mut self, problem: Option<UserFacing>) {
        if let Some(desk) = self.desk.take() {
            desk.sign_out().await;
        }
        self.state = signed_out(problem);
    }

    /// After a refusal: a session that ended goes back to sign-in.
    async fn refused(&mut self, error: &TechnicianError) -> bool {
        if matches!(error, TechnicianError::SessionEnded) {
            self.end(Some(error.user_facing())).await;
            return true;
        }
        false
    }

    /// The technician's own directory username and password.
    pub async fn sign_in(&mut self, username: &str, password: &SecretString) -> TechnicianView {
        if self.desk.is_some() {
            self.end(None).await;
        }
        match self.gate.sign_in(username, password).await {
            Ok(desk) => {
                self.desk = Some(desk);
                self.last_active = self.clock.now();
                self.state = State::Device {
                    looked: None,
                    unknown_serial: None,
                    problem: None,
                };
                if let Some(serial) = self.options.this_mac.clone() {
                    return self.look_up(&serial).await;
                }
            }
            Err(error) => {
                let retry_after_seconds = match &error {
                    TechnicianError::Ops(e) => e
                        .retry_after()
                        .map(|d| u32::try_from(d.as_secs().max(1)).unwrap_or(u32::MAX)),
                    _ => None,
                };
                self.state = State::SignIn {
                    problem: Some(error.user_facing()),
                    retry_after_seconds,
                };
            }
        }
        self.publish()
    }

    /// Looks `serial` up (typed or scanned), or this Mac when `serial` is empty.
    pub async fn look_up(&mut self, serial: &str) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let serial = match serial.trim() {
            "" => self.options.this_mac.clone().unwrap_or_default(),
            typed => typed.to_uppercase(),
        };
        if serial.is_empty() {
            return self.publish();
        }
        let Some(desk) = &self.desk else {
            return self.publish();
        };
        let answer = desk.look_up(&serial).await.map_err(TechnicianError::from);
        self.state = match answer {
            Ok(found) => State::Device {
                looked: Some(Looked {
                    state: found.device,
                    history: found.history,
                    registration: found.registration,
                    page: 0,
                }),
                unknown_serial: None,
                problem: None,
            },
            Err(TechnicianError::Ops(e)) if is_unknown_device(&e) => State::Device {
                looked: None,
                unknown_serial: Some(serial),
                problem: Some(e.user_facing()),
            },
            Err(error) => {
                if self.refused(&error).await {
                    return self.publish();
                }
                State::Device {
                    looked: None,
                    unknown_serial: None,
                    problem: Some(error.user_facing()),
                }
            }
        };
        self.publish()
    }

    /// Shows page `page` (0-based) of the device's history.
    pub async fn history_page(&mut self, page: u32) -> TechnicianView {
        if self.active().await {
            if let State::Device {
                looked: Some(looked),
                ..
            } = &mut self.state
            {
                looked.page = usize::try_from(page).unwrap_or(0);
                let pages = looked
                    .history
                    .len()
                    .div_ceil(super::view::HISTORY_PAGE)
                    .max(1);
                looked.page = looked.page.min(pages - 1);
            }
        }
        self.publish()
    }

    /// From the device screen: find the person to assign the (staged) device to, or to
    /// pre-register the (unknown or unenrolled) serial to.
    pub async fn find_person(&mut self, purpose: SearchPurpose) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let State::Device {
            looked,
            unknown_serial,
            ..
        } = &mut self.state
        else {
            return self.not_now("find a person from the device screen");
        };
        let allowed = match (purpose, looked.as_ref(), unknown_serial.as_ref()) {
            (SearchPurpose::Assign, Some(l), _) => l.state.staged.then(|| l.state.serial.clone()),
            (SearchPurpose::Preregister, Some(l), _) => {
                (!l.state.enrolled).then(|| l.state.serial.clone())
            }
            (SearchPurpose::Preregister, None, Some(serial)) => Some(serial.clone()),
            _ => None,
        };
        let Some(serial) = allowed else {
            return self.not_now(match purpose {
                SearchPurpose::Assign => "only a device on a staging user is assigned",
                SearchPurpose::Preregister => "only a serial not enrolled yet is pre-registered",
            });
        };
        self.state = State::Search {
            purpose,
            serial,
            looked: looked.take(),
            query: String::new(),
            results: Vec::new(),
            problem: None,
        };
        self.publish()
    }

    fn not_now(&mut self, why: &'static str) -> TechnicianView {
        tracing::info!("technician step refused: {why}");
        let problem = Some(TechnicianError::NotNow(why).user_facing());
        match &mut self.state {
            State::Device { problem: p, .. } | State::Search { problem: p, .. } => *p = problem,
            _ => {}
        }
        self.publish()
    }

    /// People matching `query` (the UI debounces typing); exact user name first; directory
    /// users only unless `AllowBasicUsers`.
    pub async fn search(&mut self, query: &str) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        if !matches!(self.state, State::Search { .. }) {
            return self.publish();
        }
        let query = query.trim().to_owned();
        let answer = if query.is_empty() {
            Ok(Vec::new())
        } else {
            match &self.desk {
                Some(desk) => desk
                    .search_users(&query)
                    .await
                    .map_err(TechnicianError::from),
                None => Ok(Vec::new()),
            }
        };
        let allow_basic = self.options.allow_basic_users;
        match answer {
            Ok(found) => {
                if let State::Search {
                    query: q,
                    results,
                    problem,
                    ..
                } = &mut self.state
                {
                    *q = query;
                    *results = found
                        .into_iter()
                        .filter(|user| allow_basic || user.directory != Some(false))
                        .collect();
                    *problem = None;
                }
            }
            Err(error) => {
                if self.refused(&error).await {
                    return self.publish();
                }
                if let State::Search {
                    query: q, problem, ..
                } = &mut self.state
                {
                    *q = query;
                    *problem = Some(error.user_facing());
                }
            }
        }
        self.publish()
    }

    /// The person chosen from the results: the confirmation.
    pub async fn choose(&mut self, username: &str) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let State::Search {
            purpose,
            serial,
            looked,
            results,
            ..
        } = &mut self.state
        else {
            return self.publish();
        };
        let Some(person) = results.iter().find(|u| u.username == username) else {
            return self.not_now("choose a person from the results");
        };
        let to = PersonFound::from(person);
        let action = match purpose {
            SearchPurpose::Assign => PendingAction::Assign {
                serial: serial.clone(),
                model: looked.as_ref().and_then(|l| l.state.model.clone()),
                from: None,
                to,
            },
            SearchPurpose::Preregister => PendingAction::Preregister {
                serial: serial.clone(),
                to,
            },
        };
        self.state = State::Confirm {
            action,
            looked: looked.take(),
        };
        self.publish()
    }

    /// From the device screen: return the (assigned) device to staging, after its own
    /// confirmation.
    pub async fn ask_return(&mut self) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let State::Device { looked, .. } = &mut self.state else {
            return self.publish();
        };
        let Some(l) = looked
            .as_ref()
            .filter(|l| l.state.enrolled && !l.state.staged)
        else {
            return self.not_now("only an enrolled device that is not on staging is returned");
        };
        let action = PendingAction::Return {
            serial: l.state.serial.clone(),
            model: l.state.model.clone(),
            from: l
                .state
                .owner
                .as_ref()
                .map(|o| o.username.clone())
                .unwrap_or_default(),
        };
        self.state = State::Confirm {
            action,
            looked: looked.take(),
        };
        self.publish()
    }

    /// Confirmed: the step runs (working), then done, or back to the device with the problem.
    pub async fn confirm(&mut self) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let State::Confirm { action, .. } = &self.state else {
            return self.publish();
        };
        let action = action.clone();
        self.state = State::Working {
            action: action.clone(),
        };
        self.publish();
        let Some(desk) = &self.desk else {
            return self.publish();
        };
        let technician = desk.technician().to_owned();
        let by = Actor::Technician(technician.clone());
        let result: Result<(String, bool), TechnicianError> = match &action {
            PendingAction::Assign { serial, to, .. } => desk
                .assign(serial, &to.username, &by)
                .await
                .map(|done| {
                    (
                        done.user.short_name.clone(),
                        done.outcome == Outcome::AlreadyYours,
                    )
                })
                .map_err(TechnicianError::from),
            PendingAction::Return { serial, .. } => desk
                .return_to_staging(serial, &by)
                .await
                .map(|back| (back.staging_user.clone(), back.from.is_none()))
                .map_err(TechnicianError::from),
            PendingAction::Preregister { serial, to } => desk
                .preregister(serial, &to.username, &by)
                .await
                .map(|registered| (registered.username, false))
                .map_err(TechnicianError::from),
        };
        audit(&technician, &action, &result);
        match result {
            Ok((confirmed_owner, unchanged)) => {
                self.state = State::Done {
                    action,
                    confirmed_owner,
                    unchanged,
                };
                self.publish()
            }
            Err(error) => {
                if self.refused(&error).await {
                    return self.publish();
                }
                // The device as it is now, with the refusal.
                let view = self.look_up(action.serial()).await;
                if let State::Device { problem, .. } = &mut self.state {
                    *problem = Some(error.user_facing());
                    return self.publish();
                }
                view
            }
        }
    }

    /// One screen back: confirm → search (or device), search → device, done → the device read
    /// fresh.
    pub async fn back(&mut self) -> TechnicianView {
        if !self.active().await {
            return self.publish();
        }
        let state = std::mem::replace(&mut self.state, signed_out(None));
        self.state = match state {
            State::Confirm {
                action: PendingAction::Assign { serial, to, .. },
                looked,
            } => State::Search {
                purpose: SearchPurpose::Assign,
                serial,
                looked,
                query: to.username.clone(),
                results: Vec::new(),
                problem: None,
            },
            State::Confirm {
                action: PendingAction::Preregister { serial, to },
                looked,
            } => State::Search {
                purpose: SearchPurpose::Preregister,
                serial,
                looked,
                query: to.username.clone(),
                results: Vec::new(),
                problem: None,
            },
            State::Confirm { looked, action } => State::Device {
                unknown_serial: looked.is_none().then(|| action.serial().to_owned()),
                looked,
                problem: None,
            },
            State::Search { looked, serial, .. } => State::Device {
                unknown_serial: looked.is_none().then_some(serial),
                looked,
                problem: None,
            },
            State::Done { action, .. } => {
                self.state = State::Device {
                    looked: None,
                    unknown_serial: None,
                    problem: None,
                };
                return self.look_up(action.serial()).await;
            }
            other => other,
        };
        if let State::Search { query, .. } = &self.state {
            if !query.is_empty() {
                let query = query.clone();
                return self.search(&query).await;
            }
        }
        self.publish()
    }

    /// Signs the technician out: the desk (and a relay token) is dropped.
    pub async fn sign_out(&mut self) -> TechnicianView {
        self.end(None).await;
        self.publish()
    }
}

fn is_unknown_device(error: &crate::ops::OpsError) -> bool {
    matches!(
        error,
        crate::ops::OpsError::Checkout(CheckoutError::Uem(UemError::DeviceNotFound { .. }))
    )
}

fn working_steps(action: &PendingAction) -> Vec<StepView> {
    let step = |step, state| StepView { step, state };
    match action {
        PendingAction::Preregister { .. } => vec![step(HandoffStep::Assign, StepState::Active)],
        _ => vec![
            step(HandoffStep::Assign, StepState::Active),
            step(HandoffStep::Sync, StepState::Pending),
        ],
    }
}

/// One audit line per technician action (in direct mode the log is the audit; the relay
/// writes its own audit row too).
fn audit(
    technician: &str,
    action: &PendingAction,
    result: &Result<(String, bool), TechnicianError>,
) {
    let to = match action {
        PendingAction::Assign { to, .. } | PendingAction::Preregister { to, .. } => display(to),
        PendingAction::Return { .. } => "staging".to_owned(),
    };
    match result {
        Ok((owner, unchanged)) => tracing::info!(
            target: "baton::audit",
            technician,
            action = action.verb(),
            serial = action.serial(),
            to = %to,
            confirmed_owner = %owner,
            unchanged,
            "technician action done"
        ),
        Err(e) => tracing::warn!(
            target: "baton::audit",
            technician,
            action = action.verb(),
            serial = action.serial(),
            to = %to,
            code = e.user_facing().code,
            "technician action refused"
        ),
    }
}
