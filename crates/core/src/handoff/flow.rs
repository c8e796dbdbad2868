//! The self-service hand-off as a state machine over four small interfaces — [`UemApi`],
//! [`Directory`], [`SecretStore`] and [`Preferences`] — with no Tauri types, so every transition
//! is tested with in-memory fakes.
//!
//! ```text
//! start ──► Checking ──► SignIn ───── submit ────► Working ──► Done
//!             │  ▲          ▲  (wrong password:        │
//!             │  └ Offline  │   back with a problem)   └──► Problem ── retry ──► SignIn / Checking
//!             ├──► Assigned (already set up for this person)
//!             └──► SignIn { resume } (assigned, but the Keychain items are missing)
//!
//! Working (after the switch, with KeychainPartitionTeamIDs, when the directory password does
//! not open the login keychain) ──► MacPassword ── submit / skip ──► Working
//!                                      ▲  wrong: again, with the problem inline  │
//!                                      └─────────────────────────────────────────┘
//! ```
//!
//! Every screen change goes to the [`Observer`] as a [`HandoffView`]. The password arrives once,
//! as a `SecretString`, in [`Flow::submit`]; it is used for the bind and the Keychain write and
//! dropped; it is never stored for a person the directory did not verify, and a device is only
//! ever switched to the person who was verified. The Mac (login-keychain) password, asked for
//! only when partition IDs are configured and the store keeps them, arrives in
//! [`Flow::submit_mac_password`] and is used only to check it and to add the partition IDs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_platform::app_prefs::Preferences;
use baton_platform::keychain::SecretStore;
use secrecy::SecretString;

use crate::checkout::CheckoutError;
use crate::config::Settings;
use crate::handoff::items::{self, Identity, RealmDefaults};
use crate::handoff::save::{self, MacAnswer, MacPasswordSource};
use crate::ipc::{CheckingDetail, HandoffStep, HandoffView, StepState, StepView};
use crate::ops::{Actor, Authority, DeviceState, HandOffRequest, OpsError, Outcome, Person, Phase};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::same_username;

/// Receives every screen change.
pub trait Observer: Send + Sync {
    fn show(&self, view: &HandoffView);
}

impl<F: Fn(&HandoffView) + Send + Sync> Observer for F {
    fn show(&self, view: &HandoffView) {
        self(view)
    }
}

/// The interfaces the flow runs on: the hand-off's use cases (direct or through the relay),
/// this Mac's Keychain and preferences.
pub struct Services<A, S, P> {
    pub authority: A,
    pub store: S,
    pub prefs: P,
}

/// The Mac belongs to someone other than the person who signed in (resume), or a refusal of
/// the flow's own.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("the Mac is assigned to {owner}, but {signed_in} signed in")]
    NotYours { owner: String, signed_in: String },
}

impl Problem for FlowError {
    fn user_facing(&self) -> UserFacing {
        match self {
            FlowError::NotYours { .. } => UserFacing {
                code: "FLOW-NOT-YOURS",
                summary: "This Mac is set up for someone else.",
                next_step:
                    "Sign in with the account this Mac was given to, or contact your IT department.",
                exit: ExitCode::NotStaged,
            },
        }
    }
}

/// The Mac password the person typed cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MacPasswordError {
    #[error("no Mac password was entered")]
    Empty,
    #[error("the login keychain did not accept the Mac password")]
    Wrong,
}

impl Problem for MacPasswordError {
    fn user_facing(&self) -> UserFacing {
        let (code, summary, next_step) = match self {
            MacPasswordError::Empty => (
                "MACPW-EMPTY",
                "No Mac password was entered.",
                "Enter the password you use to unlock this Mac.",
            ),
            MacPasswordError::Wrong => (
                "MACPW-WRONG",
                "That is not the password of this Mac.",
                "Enter the password you use to unlock this Mac, or choose Skip.",
            ),
        };
        UserFacing {
            code,
            summary,
            next_step,
            exit: ExitCode::KeychainFailed,
        }
    }
}

/// Waits between attempts while UEM cannot be reached: 2, 4, 8, 16, 30, 30, … seconds.
pub fn offline_backoff(attempt: u32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempt.min(5)).min(30))
}

/// What the flow knows beyond the view.
#[derive(Debug, Default)]
struct Known {
    /// The Mac this session hands over (set by [`Flow::start`]).
    serial: String,
    device: Option<DeviceState>,
    /// The person the Mac is already assigned to, when only the Keychain step is left.
    resume_owner: Option<String>,
}

/// The self-service hand-off of one Mac, over any [`Authority`].
pub struct Flow<A, S, P> {
    authority: A,
    /// Shared with the blocking thread that writes the Keychain items.
    store: Arc<S>,
    prefs: Arc<P>,
    settings: Arc<Settings>,
    observer: Box<dyn Observer>,
    view: Mutex<HandoffView>,
    known: Mutex<Known>,
    /// Held while a submit runs: a second "Continue" is ignored, not queued.
    busy: tokio::sync::Mutex<()>,
    /// Cuts an offline wait short ("Try again").
    wake: tokio::sync::Notify,
    /// Set while the Mac password screen waits for its answer.
    mac_answer: Mutex<Option<tokio::sync::oneshot::Sender<MacAnswer>>>,
    /// Counts usernames entered: only the last of a burst is looked up.
    typed: std::sync::atomic::AtomicU64,
}

/// How long a typed username must stay unchanged before UEM is asked about it.
const USERNAME_SETTLE: Duration = Duration::from_millis(300);

impl<A, S, P> Flow<A, S, P>
where
    A: Authority + 'static,
    S: SecretStore + 'static,
    P: Preferences + 'static,
{
    pub fn new(
        services: Services<A, S, P>,
        settings: Arc<Settings>,
        observer: Box<dyn Observer>,
    ) -> Arc<Self> {
        Arc::new(Flow {
            authority: services.authority,
            store: Arc::new(services.store),
            prefs: Arc::new(services.prefs),
            settings,
            observer,
            view: Mutex::new(HandoffView::Checking {
                detail: CheckingDetail::Starting,
            }),
            known: Mutex::new(Known::default()),
            busy: tokio::sync::Mutex::new(()),
            wake: tokio::sync::Notify::new(),
            mac_answer: Mutex::new(None),
            typed: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// The Mac this session hands over (empty before [`Flow::start`]).
    pub fn serial(&self) -> String {
        self.known().serial.clone()
    }

    /// The use cases the flow runs on.
    pub fn authority(&self) -> &A {
        &self.authority
    }

    /// The screen now.
    pub fn view(&self) -> HandoffView {
        self.view.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn show(&self, view: HandoffView) {
        *self.view.lock().unwrap_or_else(|e| e.into_inner()) = view.clone();
        self.observer.show(&view);
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn problem(&self, error: &dyn Problem, can_retry: bool) {
        self.show(HandoffView::Problem {
            problem: error.user_facing(),
            can_retry,
        });
    }

    /// Reads the Mac `serial` while the dialog is already on screen, retrying by itself while
    /// UEM (or the relay) cannot be reached, and shows the sign-in, "already set up" or problem
    /// screen.
    pub async fn start(&self, serial: &str) {
        self.known().serial = serial.to_owned();
        let mut attempt = 0u32;
        loop {
            self.show(HandoffView::Checking {
                detail: CheckingDetail::LookingUpMac,
            });
            match self.authority.device(serial).await {
                Ok(device) => return self.arrive(device),
                Err(error) if error.is_offline() => {
                    attempt += 1;
                    let wait = offline_backoff(attempt);
                    tracing::warn!(
                        attempt,
                        "UEM cannot be reached: {}",
                        crate::uem::error_chain(&error)
                    );
                    self.show(HandoffView::Checking {
                        detail: CheckingDetail::Offline {
                            retry_in_seconds: u32::try_from(wait.as_secs()).unwrap_or(u32::MAX),
                            attempt,
                        },
                    });
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                Err(error) => {
                    tracing::error!("device lookup failed: {}", crate::uem::error_chain(&error));
                    return self.problem(&error, true);
                }
            }
        }
    }

    /// Decides the first screen from the device record.
    fn arrive(&self, device: DeviceState) {
        if !device.enrolled {
            let error = CheckoutError::NotEnrolled {
                serial: device.serial.clone(),
                status: "not enrolled".into(),
            };
            return self.problem(&error, true);
        }
        let owner = device
            .owner
            .as_ref()
            .map(|owner| (owner.username.clone(), owner.realm.clone()));
        self.known().device = Some(device);
        let Some((owner, realm)) = owner else {
            self.known().resume_owner = None;
            return self.show(HandoffView::SignIn {
                resume: false,
                problem: None,
                retry_after_seconds: None,
            });
        };
        if self.keychain_complete(&owner, realm) {
            tracing::info!(owner = %owner, "this Mac is already set up");
            self.show(HandoffView::Assigned {
                display_name: owner,
            });
        } else {
            tracing::info!(owner = %owner, "assigned, but the Keychain items are missing: resume");
            self.known().resume_owner = Some(owner);
            self.show(HandoffView::SignIn {
                resume: true,
                problem: None,
                retry_after_seconds: None,
            });
        }
    }

    /// Whether the items Baton writes for `owner` are there. Items whose account needs details
    /// only the directory knows (UPN, e-mail) cannot be checked before sign-in; the NoMAD item,
    /// named from the short name and realm, can.
    /// `realm` is the one the authority told with the owner, for a Mac whose configuration
    /// names none (a Mac talking to a relay).
    fn keychain_complete(&self, owner: &str, realm: Option<String>) -> bool {
        let mut identity = Identity::new(owner).with_serial(self.serial());
        identity.realm = realm;
        let defaults = RealmDefaults::from(&self.settings.directory);
        let keychain = &self.settings.keychain;
        let planned = match items::plan_items(&identity, keychain, &defaults) {
            Ok(plan) => plan.items,
            Err(_) => {
                let nomad_only = crate::config::KeychainSettings {
                    items: Vec::new(),
                    ..keychain.clone()
                };
                items::plan_items(&identity, &nomad_only, &defaults)
                    .map(|plan| plan.items)
                    .unwrap_or_default()
            }
        };
        planned
            .iter()
            .all(|item| matches!(self.store.find(&item.service, &item.account), Ok(Some(_))))
    }

    /// The person finished typing a user name: let the authority prepare (the UEM user
    /// look-up), so "Continue" does not wait for it. The caller runs this in the background.
    ///
    /// Before any verification the name goes to UEM, so (security-review F10): only what looks
    /// like a user name is looked up (a password typed into the wrong field usually does not),
    /// only the last of a burst (debounced here, whatever the UI does), and it is never logged.
    pub async fn username_entered(&self, username: &str) {
        use std::sync::atomic::Ordering;
        if !matches!(self.view(), HandoffView::SignIn { resume: false, .. }) {
            return;
        }
        let mine = self.typed.fetch_add(1, Ordering::SeqCst) + 1;
        let Ok(name) = crate::directory::normalize_username(username) else {
            return;
        };
        if !name.looks_like_a_name() {
            tracing::debug!("not looked up before verification: it does not look like a user name");
            return;
        }
        tokio::time::sleep(USERNAME_SETTLE).await;
        if self.typed.load(Ordering::SeqCst) != mine {
            return;
        }
        self.authority.username_entered(username).await;
    }

    /// "Continue": verify, switch, sync and confirm (one use case of the authority), then save
    /// the sign-in. Ignored unless the sign-in screen is showing and no other submit is running.
    pub async fn submit(self: &Arc<Self>, username: &str, password: SecretString) {
        let Ok(_busy) = self.busy.try_lock() else {
            tracing::info!("ignored a second Continue while one is running");
            return;
        };
        let HandoffView::SignIn { resume, .. } = self.view() else {
            return;
        };
        let _scrub = crate::redact::register(&password);
        let (serial, resume_owner) = {
            let known = self.known();
            (known.serial.clone(), known.resume_owner.clone())
        };
        let steps = Mutex::new(Steps::new(self.sync_shown()));
        let set = |step, state| {
            let mut steps = steps.lock().unwrap_or_else(|e| e.into_inner());
            steps.set(step, state);
            self.show(steps.view());
        };
        set(HandoffStep::Verify, StepState::Active);
        let progress = |phase: Phase| match phase {
            Phase::Verified => {
                set(HandoffStep::Verify, StepState::Done);
                set(HandoffStep::Assign, StepState::Active);
            }
            Phase::Switching => set(HandoffStep::Assign, StepState::Active),
            Phase::Confirming => {
                set(HandoffStep::Assign, StepState::Done);
                set(HandoffStep::Sync, StepState::Active);
            }
        };
        let request = HandOffRequest {
            serial: &serial,
            username,
            password: &password,
            by: &Actor::SelfService,
        };
        let handed = match self.authority.hand_off(request, &progress).await {
            Ok(handed) => handed,
            Err(error) => {
                let verified = steps
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is(HandoffStep::Verify, StepState::Done);
                return self.failed(resume, resume_owner, verified, &error, &steps);
            }
        };
        let person = handed.user.clone();
        if let Some(owner) = &resume_owner {
            // Resume: the Mac was already someone's; only its owner may finish setting it up.
            if handed.outcome != Outcome::AlreadyYours || !same_username(owner, &person.short_name)
            {
                return self.problem(
                    &FlowError::NotYours {
                        owner: owner.clone(),
                        signed_in: person.short_name.clone(),
                    },
                    true,
                );
            }
        }
        // UEM confirmed the Mac is this person's: a later failure resumes, never re-switches.
        self.known().resume_owner = Some(person.short_name.clone());
        set(HandoffStep::Assign, StepState::Done);
        set(
            HandoffStep::Sync,
            if handed.synced {
                StepState::Done
            } else {
                StepState::Skipped
            },
        );

        // Save the sign-in: only now, with the password verified and UEM's confirmation in.
        set(HandoffStep::SaveSignIn, StepState::Active);
        let saved = self.save(&person, &serial, password, &steps).await;
        if !saved {
            return;
        }
        set(HandoffStep::SaveSignIn, StepState::Done);
        self.known().device = None;
        self.show(HandoffView::Done {
            display_name: person
                .display_name
                .clone()
                .unwrap_or_else(|| person.short_name.clone()),
        });
    }

    /// Whether the working screen lists the sync step.
    fn sync_shown(&self) -> bool {
        self.settings
            .uem
            .as_ref()
            .is_none_or(|uem| uem.sync_after_switch)
    }

    /// A hand-off that did not happen: back to the sign-in screen with the reason inline, or a
    /// problem screen.
    fn failed(
        &self,
        resume: bool,
        resume_owner: Option<String>,
        verified: bool,
        error: &OpsError,
        steps: &Mutex<Steps>,
    ) {
        if error.belongs_to_sign_in() {
            tracing::info!("sign-in refused: {error}");
            return self.show(HandoffView::SignIn {
                resume,
                problem: Some(error.user_facing()),
                retry_after_seconds: error
                    .retry_after()
                    .map(|wait| u32::try_from(wait.as_secs().max(1)).unwrap_or(u32::MAX)),
            });
        }
        if verified {
            steps
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .set(HandoffStep::Assign, StepState::Failed);
        }
        tracing::error!("the hand-off failed: {}", crate::uem::error_chain(error));
        if let (Some(owner), true) = (resume_owner, error.is_not_staged()) {
            // Resuming someone else's Mac: say whose it is not, not "assigned to someone else".
            return self.problem(
                &FlowError::NotYours {
                    owner,
                    signed_in: String::new(),
                },
                true,
            );
        }
        self.problem(error, !error.is_not_staged())
    }

    /// Plans and writes the Keychain items for `person`, asking for the Mac password when the
    /// partition IDs need it. False when the flow stopped (a problem is showing, or the flow
    /// was dropped while asking).
    async fn save(
        self: &Arc<Self>,
        person: &Person,
        serial: &str,
        password: SecretString,
        steps: &Mutex<Steps>,
    ) -> bool {
        let identity = Identity::from(person).with_serial(serial.to_owned());
        let defaults = RealmDefaults::from(&self.settings.directory);
        let fail = |error: &items::KeychainError| {
            steps
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .set(HandoffStep::SaveSignIn, StepState::Failed);
            tracing::error!("Keychain hand-off failed: {error}");
            self.problem(error, true);
        };
        let plan = match items::plan_items(&identity, &self.settings.keychain, &defaults) {
            Ok(plan) => plan,
            Err(error) => {
                fail(&items::KeychainError::from(error));
                return false;
            }
        };
        let (store, prefs) = (Arc::clone(&self.store), Arc::clone(&self.prefs));
        let prompt = Prompt {
            flow: Arc::downgrade(self),
            working: steps.lock().unwrap_or_else(|e| e.into_inner()).view(),
        };
        let planned = plan.clone();
        // The blocking thread logs where this one does (a scoped subscriber included).
        let dispatch = tracing::dispatcher::get_default(Clone::clone);
        let saved = tokio::task::spawn_blocking(move || {
            let result = tracing::dispatcher::with_default(&dispatch, || {
                save::save_sign_in(&*store, &*prefs, &planned, &password, &prompt)
            });
            drop(password);
            result
        })
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        match saved {
            Ok(Some(_)) => {}
            Ok(None) => return false,
            Err(error) => {
                fail(&error);
                return false;
            }
        }
        if let Some(kerberos) = &plan.kerberos {
            if let Err(e) =
                baton_platform::console::start_kerberos_sso(&kerberos.realm, &kerberos.principal)
            {
                tracing::warn!("Kerberos SSO sign-in was not started: {e}");
            }
        }
        true
    }

    /// "Continue" on the Mac password screen. Ignored unless that screen waits for an answer.
    pub fn submit_mac_password(&self, mac_password: SecretString) {
        self.answer_mac_password(MacAnswer::Password(mac_password));
    }

    /// "Skip" on the Mac password screen: the items are written without partition IDs.
    pub fn skip_mac_password(&self) {
        self.answer_mac_password(MacAnswer::Skip);
    }

    fn answer_mac_password(&self, answer: MacAnswer) {
        let waiting = self
            .mac_answer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match waiting {
            Some(sender) => {
                // A closed receiver means the submit is gone; nothing else to do.
                let _ = sender.send(answer);
            }
            None => tracing::info!("ignored a Mac password answer: none is asked for"),
        }
    }

    /// "Try again" on a problem screen: back to sign-in when the device is known, else a fresh
    /// start. On the offline screen it cuts the wait short.
    pub async fn retry(&self) {
        match self.view() {
            HandoffView::Checking {
                detail: CheckingDetail::Offline { .. },
            } => self.wake.notify_waiters(),
            HandoffView::Problem {
                can_retry: true, ..
            } => {
                let resume = self.known().resume_owner.is_some();
                if self.known().device.is_some() {
                    self.show(HandoffView::SignIn {
                        resume,
                        problem: None,
                        retry_after_seconds: None,
                    });
                } else {
                    let serial = self.serial();
                    self.start(&serial).await;
                }
            }
            _ => {}
        }
    }
}

/// The Mac password screen as a [`MacPasswordSource`]: shows the screen, waits (on the
/// blocking thread that writes the items) for "Continue" or "Skip", and puts the working screen
/// back. Holds the flow weakly: a flow dropped while asking is "gone", not a thread left waiting.
struct Prompt<A, S, P> {
    flow: std::sync::Weak<Flow<A, S, P>>,
    working: HandoffView,
}

impl<A, S, P> MacPasswordSource for Prompt<A, S, P>
where
    A: Authority + 'static,
    S: SecretStore + 'static,
    P: Preferences + 'static,
{
    fn ask(&self, problem: Option<UserFacing>) -> MacAnswer {
        let asked = {
            let Some(flow) = self.flow.upgrade() else {
                return MacAnswer::Gone;
            };
            let (answer, asked) = tokio::sync::oneshot::channel();
            *flow.mac_answer.lock().unwrap_or_else(|e| e.into_inner()) = Some(answer);
            flow.show(HandoffView::MacPassword { problem });
            asked
        };
        let answer = asked.blocking_recv().unwrap_or(MacAnswer::Gone);
        if !matches!(answer, MacAnswer::Gone) {
            if let Some(flow) = self.flow.upgrade() {
                flow.show(self.working.clone());
            }
        }
        answer
    }
}

/// The working screen's lines.
struct Steps(Vec<StepView>);

impl Steps {
    fn new(sync: bool) -> Self {
        let mut steps = vec![HandoffStep::Verify, HandoffStep::Assign];
        if sync {
            steps.push(HandoffStep::Sync);
        }
        steps.push(HandoffStep::SaveSignIn);
        Steps(
            steps
                .into_iter()
                .map(|step| StepView {
                    step,
                    state: StepState::Pending,
                })
                .collect(),
        )
    }

    fn set(&mut self, step: HandoffStep, state: StepState) {
        if let Some(line) = self.0.iter_mut().find(|line| line.step == step) {
            line.state = state;
        }
    }

    fn is(&self, step: HandoffStep, state: StepState) -> bool {
        self.0
            .iter()
            .any(|line| line.step == step && line.state == state)
    }

    fn view(&self) -> HandoffView {
        HandoffView::Working {
            steps: self.0.clone(),
        }
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
