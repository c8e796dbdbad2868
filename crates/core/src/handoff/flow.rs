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
//! ```
//!
//! Every screen change goes to the [`Observer`] as a [`HandoffView`]. The password arrives once,
//! as a `SecretString`, in [`Flow::submit`]; it is used for the bind and the Keychain write and
//! dropped; it is never stored for a person the directory did not verify, and a device is only
//! ever switched to the person who was verified.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_platform::app_prefs::Preferences;
use baton_platform::keychain::SecretStore;
use secrecy::SecretString;

use crate::checkout::{self, CheckoutError, Plan};
use crate::config::Settings;
use crate::directory::{normalize_username, Directory, DirectoryError, VerifiedUser};
use crate::handoff::items::{self, Identity, RealmDefaults};
use crate::ipc::{CheckingDetail, HandoffStep, HandoffView, StepState, StepView};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::{same_username, Device, TransportKind, UemApi, UemError, User};

/// Receives every screen change.
pub trait Observer: Send + Sync {
    fn show(&self, view: &HandoffView);
}

impl<F: Fn(&HandoffView) + Send + Sync> Observer for F {
    fn show(&self, view: &HandoffView) {
        self(view)
    }
}

/// The four interfaces the flow runs on.
pub struct Services<U, D, S, P> {
    pub uem: U,
    pub directory: D,
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

/// Waits between attempts while UEM cannot be reached: 2, 4, 8, 16, 30, 30, … seconds.
pub fn offline_backoff(attempt: u32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempt.min(5)).min(30))
}

/// What the flow knows beyond the view.
#[derive(Debug, Default)]
struct Known {
    device: Option<Device>,
    /// The person the Mac is already assigned to, when only the Keychain step is left.
    resume_owner: Option<String>,
    /// A UEM user looked up ahead of "Continue".
    prefetched: Option<User>,
}

/// The hand-off for one Mac.
pub struct Flow<U, D, S, P> {
    services: Services<U, D, S, P>,
    settings: Arc<Settings>,
    serial: String,
    observer: Box<dyn Observer>,
    view: Mutex<HandoffView>,
    known: Mutex<Known>,
    /// Held while a submit runs: a second "Continue" is ignored, not queued.
    busy: tokio::sync::Mutex<()>,
    /// Cuts an offline wait short ("Try again").
    wake: tokio::sync::Notify,
}

impl<U, D, S, P> Flow<U, D, S, P>
where
    U: UemApi + 'static,
    D: Directory + 'static,
    S: SecretStore + 'static,
    P: Preferences + 'static,
{
    pub fn new(
        services: Services<U, D, S, P>,
        settings: Arc<Settings>,
        serial: impl Into<String>,
        observer: Box<dyn Observer>,
    ) -> Arc<Self> {
        Arc::new(Flow {
            services,
            settings,
            serial: serial.into(),
            observer,
            view: Mutex::new(HandoffView::Checking {
                detail: CheckingDetail::Starting,
            }),
            known: Mutex::new(Known::default()),
            busy: tokio::sync::Mutex::new(()),
            wake: tokio::sync::Notify::new(),
        })
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

    /// Reads the device while the dialog is already on screen, retrying by itself while UEM
    /// cannot be reached, and shows the sign-in, "already set up" or problem screen.
    pub async fn start(&self) {
        let mut attempt = 0u32;
        loop {
            self.show(HandoffView::Checking {
                detail: CheckingDetail::LookingUpMac,
            });
            match self.services.uem.device_by_serial(&self.serial).await {
                Ok(device) => return self.arrive(device),
                Err(error) if is_offline(&error) => {
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
                    return self.problem(&CheckoutError::from(error), true);
                }
            }
        }
    }

    /// Decides the first screen from the device record.
    fn arrive(&self, device: Device) {
        let staging = &self.settings.uem.staging_usernames;
        if !device.is_enrolled() {
            let error = checkout::assess(&device, &User::default(), &self.serial, staging)
                .expect_err("an unenrolled device is refused");
            return self.problem(&error, true);
        }
        let owner = device
            .user_name
            .clone()
            .filter(|_| !device.is_on_staging_user(staging));
        self.known().device = Some(device);
        let Some(owner) = owner else {
            self.known().resume_owner = None;
            return self.show(HandoffView::SignIn {
                resume: false,
                problem: None,
                retry_after_seconds: None,
            });
        };
        if self.keychain_complete(&owner) {
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
    fn keychain_complete(&self, owner: &str) -> bool {
        let identity = Identity::new(owner).with_serial(self.serial.clone());
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
        planned.iter().all(|item| {
            matches!(
                self.services.store.find(&item.service, &item.account),
                Ok(Some(_))
            )
        })
    }

    /// The person finished typing a user name: look the UEM user up now, so "Continue" does not
    /// wait for it. The caller runs this in the background.
    pub async fn username_entered(&self, username: &str) {
        if !matches!(self.view(), HandoffView::SignIn { resume: false, .. }) {
            return;
        }
        let Ok(normalized) = normalize_username(username) else {
            return;
        };
        match self.services.uem.find_user(normalized.as_str()).await {
            Ok(user) => self.known().prefetched = Some(user),
            Err(e) => tracing::debug!("user prefetch: {}", crate::uem::error_chain(&e)),
        }
    }

    /// "Continue": verify, switch, save the sign-in, sync, confirm. Ignored unless the sign-in
    /// screen is showing and no other submit is running.
    pub async fn submit(self: &Arc<Self>, username: &str, password: SecretString) {
        let Ok(_busy) = self.busy.try_lock() else {
            tracing::info!("ignored a second Continue while one is running");
            return;
        };
        let HandoffView::SignIn { resume, .. } = self.view() else {
            return;
        };
        let _scrub = crate::redact::register(&password);
        let sync = self.settings.uem.sync_after_switch;
        let mut steps = Steps::new(sync);

        steps.set(HandoffStep::Verify, StepState::Active);
        self.show(steps.view());
        let verified = match self.services.directory.verify(username, &password).await {
            Ok(verified) => verified,
            Err(error) => return self.refused(resume, &error),
        };
        steps.set(HandoffStep::Verify, StepState::Done);
        tracing::info!(user = %verified.short_name, "directory verified the credentials");

        let (device, resume_owner) = {
            let known = self.known();
            (known.device.clone(), known.resume_owner.clone())
        };
        let Some(device) = device else {
            return self.problem(
                &CheckoutError::NotConfirmed {
                    serial: self.serial.clone(),
                    owner: "unknown".into(),
                },
                true,
            );
        };

        // Assign.
        let mut switched: Option<(User, bool)> = None;
        if let Some(owner) = resume_owner {
            if !same_username(&owner, &verified.short_name) {
                return self.problem(
                    &FlowError::NotYours {
                        owner,
                        signed_in: verified.short_name.clone(),
                    },
                    true,
                );
            }
            steps.set(HandoffStep::Assign, StepState::Done);
        } else {
            steps.set(HandoffStep::Assign, StepState::Active);
            self.show(steps.view());
            match self.assign(&device, &verified).await {
                Ok(outcome) => switched = outcome,
                Err(error) => {
                    steps.set(HandoffStep::Assign, StepState::Failed);
                    let can_retry = !matches!(error, CheckoutError::NotStaged { .. });
                    tracing::error!("assign failed: {}", crate::uem::error_chain(&error));
                    return self.problem(&error, can_retry);
                }
            }
            steps.set(HandoffStep::Assign, StepState::Done);
            // From here on the Mac is this person's: a later failure resumes, never re-switches.
            self.known().resume_owner = Some(verified.short_name.clone());
        }

        // Save the sign-in: only now, with the password verified and the switch done.
        steps.set(HandoffStep::SaveSignIn, StepState::Active);
        self.show(steps.view());
        let saved = self.save_sign_in(&verified, password).await;
        if let Err(error) = saved {
            steps.set(HandoffStep::SaveSignIn, StepState::Failed);
            tracing::error!("Keychain hand-off failed: {error}");
            return self.problem(&error, true);
        }
        steps.set(HandoffStep::SaveSignIn, StepState::Done);

        // Sync and confirm.
        if let Some((user, confirmed_by_reread)) = switched {
            if sync {
                steps.set(HandoffStep::Sync, StepState::Active);
            }
            self.show(steps.view());
            match checkout::finish(
                &self.services.uem,
                &device,
                &user,
                &self.serial,
                confirmed_by_reread,
                sync,
            )
            .await
            {
                Ok(synced) if sync => steps.set(
                    HandoffStep::Sync,
                    if synced {
                        StepState::Done
                    } else {
                        StepState::Skipped
                    },
                ),
                Ok(_) => {}
                Err(error) => {
                    tracing::error!("confirmation failed: {}", crate::uem::error_chain(&error));
                    return self.problem(&error, true);
                }
            }
        } else if sync {
            steps.set(HandoffStep::Sync, StepState::Skipped);
        }
        self.show(steps.view());
        self.known().device = None;
        self.show(HandoffView::Done {
            display_name: verified
                .display_name
                .clone()
                .unwrap_or_else(|| verified.short_name.clone()),
        });
    }

    /// Back to the sign-in screen with the reason inline, or a problem screen when the
    /// directory could not be asked at all.
    fn refused(&self, resume: bool, error: &DirectoryError) {
        tracing::info!("sign-in refused: {error}");
        let retry_after_seconds = match error {
            DirectoryError::Throttled { retry_after } => {
                Some(u32::try_from(retry_after.as_secs().max(1)).unwrap_or(u32::MAX))
            }
            _ => None,
        };
        let inline = error.is_credential_rejection()
            || retry_after_seconds.is_some()
            || matches!(
                error,
                DirectoryError::EmptyPassword | DirectoryError::InvalidUsername { .. }
            );
        if inline {
            self.show(HandoffView::SignIn {
                resume,
                problem: Some(error.user_facing()),
                retry_after_seconds,
            });
        } else {
            self.problem(error, true);
        }
    }

    /// Finds (or, with `CreateMissingUsers`, adds) the verified person in UEM and switches the
    /// device to them. Returns the user and whether the switch was confirmed by a re-read, or
    /// `None` when the device already was theirs.
    async fn assign(
        &self,
        device: &Device,
        verified: &VerifiedUser,
    ) -> Result<Option<(User, bool)>, CheckoutError> {
        let staging = &self.settings.uem.staging_usernames;
        let prefetched = self
            .known()
            .prefetched
            .take()
            .filter(|user| same_username(&user.user_name, &verified.short_name));
        let user = match prefetched {
            Some(user) => user,
            None => match self.services.uem.find_user(&verified.short_name).await {
                Ok(user) => user,
                Err(UemError::UserNotFound { .. }) if self.settings.uem.create_missing_users => {
                    let new_user = checkout::new_directory_user(verified);
                    self.services.uem.add_directory_user(&new_user).await?;
                    self.services.uem.find_user(&verified.short_name).await?
                }
                Err(error) => return Err(error.into()),
            },
        };
        match checkout::assess(device, &user, &self.serial, staging)? {
            Plan::AlreadyAssigned => Ok(None),
            Plan::Switch => {
                let report = self
                    .services
                    .uem
                    .switch_enrollment_user(device.id, &user, staging)
                    .await?;
                tracing::info!(user = %user.user_name, attempts = report.attempts, "device switched");
                Ok(Some((user, report.confirmed_by_reread)))
            }
        }
    }

    /// Plans and writes the Keychain items and NoMAD's `LastUser`; the password is dropped here.
    async fn save_sign_in(
        self: &Arc<Self>,
        verified: &VerifiedUser,
        password: SecretString,
    ) -> Result<(), items::KeychainError> {
        let identity = identity(verified, &self.serial);
        let defaults = RealmDefaults::from(&self.settings.directory);
        let plan = items::plan_items(&identity, &self.settings.keychain, &defaults)?;
        let flow = Arc::clone(self);
        let written = tokio::task::spawn_blocking(move || {
            let result =
                items::write_items(&flow.services.store, &flow.services.prefs, &plan, &password);
            drop(password);
            result.map(|report| (report, plan.kerberos))
        })
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
        let (report, kerberos) = written;
        tracing::info!(items = report.written.len(), "Keychain hand-off done");
        if let Some(kerberos) = kerberos {
            if let Err(e) =
                baton_platform::console::start_kerberos_sso(&kerberos.realm, &kerberos.principal)
            {
                tracing::warn!("Kerberos SSO sign-in was not started: {e}");
            }
        }
        Ok(())
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
                    self.start().await;
                }
            }
            _ => {}
        }
    }
}

fn is_offline(error: &UemError) -> bool {
    match error {
        UemError::Transport { kind, .. } => *kind != TransportKind::Tls,
        UemError::Server { .. } | UemError::RateLimited { .. } => true,
        _ => false,
    }
}

fn identity(verified: &VerifiedUser, serial: &str) -> Identity {
    let mut identity = Identity::new(verified.short_name.clone()).with_serial(serial.to_owned());
    identity.upn = verified.upn.clone();
    identity.domain = verified.domain.clone();
    identity.realm = verified.realm.clone();
    identity.email = verified.email.clone();
    identity.full_name = verified.display_name.clone();
    identity
}

/// The working screen's lines.
struct Steps(Vec<StepView>);

impl Steps {
    fn new(sync: bool) -> Self {
        let mut steps = vec![
            HandoffStep::Verify,
            HandoffStep::Assign,
            HandoffStep::SaveSignIn,
        ];
        if sync {
            steps.push(HandoffStep::Sync);
        }
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

    fn view(&self) -> HandoffView {
        HandoffView::Working {
            steps: self.0.clone(),
        }
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
