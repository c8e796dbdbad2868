//! Every transition of the flow, with in-memory fakes of UEM, the directory, the Keychain and
//! the preferences.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use baton_platform::app_prefs::{Preferences, PreferencesError};
use baton_platform::keychain::{FoundItem, ItemSpec, MemoryStore, SecretStore, StoreError};
use secrecy::{ExposeSecret, SecretString};

use super::*;
use crate::config::{self, source, Sources};
use crate::directory::BoxFuture;
use crate::directory::{normalize_username, Directory, DirectoryError, VerifiedUser};
use crate::ops::{Direct, DirectOptions};
use crate::uem::{Device, UemApi, UemError, User};
use crate::uem::{
    DeviceCommand, DeviceId, HttpDetails, NewDirectoryUser, SwitchReport, SystemInfo, UserId,
};

const SERIAL: &str = "C02TEST00001";
const PASSWORD: &str = "Correct-Horse-Battery-9";
/// The directory group alice is a member of.
const MAC_USERS: &str = "cn=mac-users,ou=groups,dc=example,dc=test";

// ---- fakes ---------------------------------------------------------------------------------

#[derive(Default)]
struct UemState {
    device: Option<Device>,
    users: Vec<User>,
    /// Answers for the next device reads, before the real one (offline, errors).
    device_failures: VecDeque<UemError>,
    switch_failure: Option<UemError>,
    sync_fails: bool,
    patches: u32,
    commands: u32,
    user_searches: u32,
    notes: Vec<String>,
    /// The users added (`CreateMissingUsers`), as asked.
    added: Vec<NewDirectoryUser>,
}

#[derive(Clone, Default)]
struct FakeUem(Arc<Mutex<UemState>>);

impl FakeUem {
    fn state(&self) -> std::sync::MutexGuard<'_, UemState> {
        self.0.lock().unwrap()
    }
}

fn device_on(user: &str, id: i64) -> Device {
    Device {
        id: DeviceId(42),
        serial_number: Some(SERIAL.into()),
        enrollment_status: Some("Enrolled".into()),
        user_name: Some(user.into()),
        user_id: Some(UserId(id)),
        ..Default::default()
    }
}

/// An active directory account with the directory's e-mail address (what [`pick_person`]
/// accepts).
///
/// [`pick_person`]: crate::uem::pick_person
fn user(name: &str, id: i64) -> User {
    User {
        id: UserId(id),
        user_name: name.into(),
        email: Some(format!("{name}@example.test")),
        security_type: Some(1),
        active: Some(true),
        ..Default::default()
    }
}

impl UemApi for FakeUem {
    async fn device_by_serial(&self, serial: &str) -> Result<Device, UemError> {
        assert_eq!(serial, SERIAL);
        let mut state = self.state();
        if let Some(error) = state.device_failures.pop_front() {
            return Err(error);
        }
        state.device.clone().ok_or(UemError::DeviceNotFound {
            details: HttpDetails::without_body(404),
        })
    }

    async fn device_by_udid(&self, _udid: &str) -> Result<Device, UemError> {
        unimplemented!("the flow reads by serial")
    }

    async fn device(&self, _id: DeviceId) -> Result<Device, UemError> {
        Ok(self.state().device.clone().expect("device"))
    }

    async fn find_user(&self, username: &str) -> Result<User, UemError> {
        let mut state = self.state();
        state.user_searches += 1;
        state
            .users
            .iter()
            .find(|u| same_username(&u.user_name, username))
            .cloned()
            .ok_or(UemError::UserNotFound {
                username: username.into(),
            })
    }

    async fn switch_enrollment_user(
        &self,
        _device: DeviceId,
        target: &User,
        staging: &[String],
    ) -> Result<SwitchReport, UemError> {
        let mut state = self.state();
        state.patches += 1;
        if let Some(error) = state.switch_failure.take() {
            return Err(error);
        }
        let device = state.device.as_mut().expect("device");
        assert!(
            device.is_on_staging_user(staging),
            "switch only from staging"
        );
        device.user_name = Some(target.user_name.clone());
        device.user_id = Some(target.id);
        Ok(SwitchReport {
            attempts: 1,
            confirmed_by_reread: false,
        })
    }

    async fn device_command(
        &self,
        _device: DeviceId,
        command: DeviceCommand,
    ) -> Result<(), UemError> {
        assert_eq!(command, DeviceCommand::SyncDevice);
        let mut state = self.state();
        state.commands += 1;
        if state.sync_fails {
            return Err(UemError::Server {
                details: HttpDetails::without_body(500),
            });
        }
        Ok(())
    }

    async fn add_directory_user(&self, new: &NewDirectoryUser) -> Result<UserId, UemError> {
        let mut state = self.state();
        let id = UserId(900 + state.users.len() as i64);
        state.users.push(user(&new.user_name, id.0));
        state.added.push(new.clone());
        Ok(id)
    }

    async fn search_users(&self, query: &str, limit: usize) -> Result<Vec<User>, UemError> {
        let state = self.state();
        Ok(state
            .users
            .iter()
            .filter(|u| u.user_name.contains(query))
            .take(limit)
            .cloned()
            .collect())
    }

    async fn event_log(
        &self,
        _device: DeviceId,
        _limit: usize,
    ) -> Result<Vec<crate::uem::EventLogEntry>, UemError> {
        Ok(Vec::new())
    }

    async fn register_device(&self, _user: UserId, _serial: &str) -> Result<(), UemError> {
        Ok(())
    }

    async fn add_device_note(&self, _device: DeviceId, note: &str) -> Result<(), UemError> {
        self.state().notes.push(note.to_owned());
        Ok(())
    }

    async fn system_info(&self) -> Result<SystemInfo, UemError> {
        Ok(SystemInfo::default())
    }

    async fn registrations_by_asset_number(
        &self,
        _asset_number: &str,
    ) -> Result<Vec<crate::uem::Registration>, UemError> {
        // The self-service flow never scans an asset tag.
        Ok(Vec::new())
    }

    async fn registrations_by_serial(
        &self,
        _serial: &str,
    ) -> Result<Vec<crate::uem::Registration>, UemError> {
        // The self-service flow never shows a registration record.
        Ok(Vec::new())
    }
}

#[derive(Clone, Default)]
struct FakeDirectory {
    /// short name → (password, display name)
    accounts: Arc<BTreeMap<String, (String, String)>>,
    outcome: Arc<Mutex<Option<DirectoryError>>>,
    calls: Arc<Mutex<u32>>,
}

impl Directory for FakeDirectory {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        Box::pin(async move {
            *self.calls.lock().unwrap() += 1;
            if let Some(error) = self.outcome.lock().unwrap().take() {
                return Err(error);
            }
            let short = normalize_username(username)
                .map_err(|_| DirectoryError::InvalidCredentials)?
                .as_str()
                .to_owned();
            match self.accounts.get(&short) {
                Some((expected, name)) if expected == password.expose_secret() => {
                    Ok(VerifiedUser {
                        short_name: short.clone(),
                        upn: Some(format!("{short}@example.test")),
                        display_name: Some(name.clone()),
                        email: Some(format!("{short}@example.test")),
                        dn: format!("uid={short},ou=people,dc=example,dc=test"),
                        domain: Some("example.test".into()),
                        realm: Some("EXAMPLE.TEST".into()),
                        // alice is a member of the group CreateMissingUsers may add.
                        groups: if short == "alice" {
                            vec![MAC_USERS.to_owned()]
                        } else {
                            Vec::new()
                        },
                        directory_id: None,
                    })
                }
                _ => Err(DirectoryError::InvalidCredentials),
            }
        })
    }
}

#[derive(Clone, Default)]
struct FakePrefs(Arc<Mutex<BTreeMap<(String, String), String>>>);

impl Preferences for FakePrefs {
    fn set_string(&self, domain: &str, key: &str, value: &str) -> Result<(), PreferencesError> {
        self.0
            .lock()
            .unwrap()
            .insert((domain.into(), key.into()), value.into());
        Ok(())
    }
    fn get_string(&self, domain: &str, key: &str) -> Result<Option<String>, PreferencesError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .get(&(domain.into(), key.into()))
            .cloned())
    }
}

/// A store that can be made to refuse writes (a locked keychain).
#[derive(Clone, Default)]
struct Store {
    memory: MemoryStore,
    locked: Arc<Mutex<bool>>,
}

impl SecretStore for Store {
    fn backend(&self) -> &'static str {
        "test"
    }
    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        self.unlocked()?;
        self.memory.put(spec, password)
    }
    fn keeps_partitions(&self) -> bool {
        self.memory.keeps_partitions()
    }
    fn check_keychain_password(&self, keychain_password: &SecretString) -> Result<(), StoreError> {
        self.memory.check_keychain_password(keychain_password)
    }
    fn put_in_partitions(
        &self,
        spec: &ItemSpec,
        password: &SecretString,
        keychain_password: &SecretString,
    ) -> Result<(), StoreError> {
        self.unlocked()?;
        self.memory
            .put_in_partitions(spec, password, keychain_password)
    }
    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        self.memory.find(service, account)
    }
    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        self.memory.delete(service, account)
    }
}

impl Store {
    fn unlocked(&self) -> Result<(), StoreError> {
        if *self.locked.lock().unwrap() {
            return Err(StoreError::Locked {
                backend: "test",
                detail: "locked".into(),
            });
        }
        Ok(())
    }
}

// ---- harness -------------------------------------------------------------------------------

struct Harness {
    flow: Arc<Flow<Direct<FakeUem, FakeDirectory>, Store, FakePrefs>>,
    uem: FakeUem,
    directory: FakeDirectory,
    store: Store,
    prefs: FakePrefs,
    views: Arc<Mutex<Vec<HandoffView>>>,
}

fn settings(edit: impl FnOnce(&mut plist::Dictionary)) -> Arc<Settings> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/config/good.json");
    let mut dict = source::read_file(&path).unwrap();
    edit(&mut dict);
    Arc::new(
        config::load_from(&Sources {
            file: Some(dict),
            ..Default::default()
        })
        .unwrap()
        .settings,
    )
}

/// [`settings`] from a configuration profile (managed preferences), for the managed-only keys.
fn managed_settings(edit: impl FnOnce(&mut plist::Dictionary)) -> Arc<Settings> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/config/good.json");
    let mut dict = source::read_file(&path).unwrap();
    edit(&mut dict);
    Arc::new(
        config::load_from(&Sources {
            managed: Some(dict),
            ..Default::default()
        })
        .unwrap()
        .settings,
    )
}

fn harness_with(settings: Arc<Settings>, device: Option<Device>) -> Harness {
    harness_with_store(settings, device, Store::default())
}

fn harness_with_store(settings: Arc<Settings>, device: Option<Device>, store: Store) -> Harness {
    harness_with_options(settings, device, store, |_| {})
}

fn harness_with_options(
    settings: Arc<Settings>,
    device: Option<Device>,
    store: Store,
    edit: impl FnOnce(&mut DirectOptions),
) -> Harness {
    let uem = FakeUem::default();
    uem.state().device = device;
    uem.state().users = vec![user("staging", 1), user("alice", 2), user("bob", 3)];
    let directory = FakeDirectory {
        accounts: Arc::new(BTreeMap::from([
            (
                "alice".to_owned(),
                (PASSWORD.to_owned(), "Alice Adams".to_owned()),
            ),
            (
                "bob".to_owned(),
                ("Bob-Pass-2".to_owned(), "Bob Brown".to_owned()),
            ),
        ])),
        ..Default::default()
    };
    let prefs = FakePrefs::default();
    let views = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&views);
    let mut options = DirectOptions::from_settings(&settings);
    edit(&mut options);
    let flow = Flow::new(
        Services {
            authority: Direct::new(uem.clone(), directory.clone(), options),
            store: store.clone(),
            prefs: prefs.clone(),
        },
        settings,
        Box::new(move |view: &HandoffView| seen.lock().unwrap().push(view.clone())),
    );
    Harness {
        flow,
        uem,
        directory,
        store,
        prefs,
        views,
    }
}

fn harness(device: Option<Device>) -> Harness {
    harness_with(settings(|_| {}), device)
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

impl Harness {
    fn screens(&self) -> Vec<String> {
        self.views
            .lock()
            .unwrap()
            .iter()
            .map(|v| {
                serde_json::to_value(v).unwrap()["screen"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    fn items(&self) -> Vec<(String, String)> {
        self.store
            .memory
            .specs()
            .into_iter()
            .map(|s| (s.service, s.account))
            .collect()
    }

    fn all_views_json(&self) -> String {
        serde_json::to_string(&*self.views.lock().unwrap()).unwrap()
    }
}

fn signin(resume: bool) -> HandoffView {
    HandoffView::SignIn {
        resume,
        problem: None,
        retry_after_seconds: None,
    }
}

fn code(view: &HandoffView) -> Option<&'static str> {
    match view {
        HandoffView::SignIn {
            problem: Some(p), ..
        }
        | HandoffView::Problem { problem: p, .. } => Some(p.code),
        _ => None,
    }
}

// ---- start ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_staged_mac_shows_the_sign_in_form() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    assert_eq!(h.flow.view(), signin(false));
    assert_eq!(h.screens(), ["checking", "signIn"]);
}

#[tokio::test]
async fn an_unenrolled_or_unknown_mac_is_a_problem() {
    let mut unenrolled = device_on("staging", 1);
    unenrolled.enrollment_status = Some("Unenrolled".into());
    let h = harness(Some(unenrolled));
    h.flow.start(SERIAL).await;
    assert_eq!(code(&h.flow.view()), Some("CHK-NOT-ENROLLED"));

    let h = harness(None);
    h.flow.start(SERIAL).await;
    let view = h.flow.view();
    assert!(
        matches!(
            view,
            HandoffView::Problem {
                can_retry: true,
                ..
            }
        ),
        "{view:?}"
    );
    assert_eq!(code(&view), Some("UEM-DEVICE-NOT-FOUND"));
}

#[tokio::test(start_paused = true)]
async fn offline_at_launch_says_so_and_retries_by_itself() {
    let h = harness(Some(device_on("staging", 1)));
    for _ in 0..2 {
        h.uem.state().device_failures.push_back(UemError::Server {
            details: HttpDetails::without_body(503),
        });
    }
    h.flow.start(SERIAL).await;
    assert_eq!(h.flow.view(), signin(false));
    let views = h.views.lock().unwrap().clone();
    let offline: Vec<_> = views
        .iter()
        .filter_map(|v| match v {
            HandoffView::Checking {
                detail:
                    CheckingDetail::Offline {
                        retry_in_seconds,
                        attempt,
                    },
            } => Some((*attempt, *retry_in_seconds)),
            _ => None,
        })
        .collect();
    assert_eq!(offline, [(1, 2), (2, 4)]);
}

#[tokio::test]
async fn a_mac_already_set_up_for_its_owner_says_so() {
    let h = harness(Some(device_on("alice", 2)));
    // The items Baton would have written, present.
    h.store
        .memory
        .put(&ItemSpec::new("NoMAD", "alice@EXAMPLE.TEST"), &secret("x"))
        .unwrap();
    h.flow.start(SERIAL).await;
    assert_eq!(
        h.flow.view(),
        HandoffView::Assigned {
            display_name: "alice".into()
        }
    );
}

// ---- the happy path ------------------------------------------------------------------------

#[tokio::test]
async fn sign_in_switches_saves_syncs_and_confirms() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    h.flow.submit("EXAMPLE\\Alice", secret(PASSWORD)).await;

    assert_eq!(
        h.flow.view(),
        HandoffView::Done {
            display_name: "Alice Adams".into()
        }
    );
    let state = h.uem.state();
    assert_eq!(state.patches, 1);
    assert_eq!(state.commands, 1);
    assert_eq!(
        state.device.as_ref().unwrap().user_name.as_deref(),
        Some("alice")
    );
    drop(state);
    // NoMAD item plus the fixture's template item (<<upn>>).
    assert_eq!(
        h.items(),
        [
            ("NoMAD".to_owned(), "alice@EXAMPLE.TEST".to_owned()),
            (
                "com.example.vpn".to_owned(),
                "alice@example.test".to_owned()
            ),
        ]
    );
    let stored = h
        .store
        .find("NoMAD", "alice@EXAMPLE.TEST")
        .unwrap()
        .unwrap();
    assert_eq!(stored.password.expose_secret(), PASSWORD);
    assert_eq!(
        h.prefs
            .get_string("com.trusourcelabs.NoMAD", "LastUser")
            .unwrap()
            .as_deref(),
        Some("alice")
    );

    // The working screen walked the four steps in order.
    let last_working = h
        .views
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find_map(|v| match v {
            HandoffView::Working { steps } => Some(steps.clone()),
            _ => None,
        })
        .unwrap();
    let states: Vec<_> = last_working.iter().map(|s| (s.step, s.state)).collect();
    assert_eq!(
        states,
        [
            (HandoffStep::Verify, StepState::Done),
            (HandoffStep::Assign, StepState::Done),
            (HandoffStep::Sync, StepState::Done),
            (HandoffStep::SaveSignIn, StepState::Done),
        ]
    );
    assert!(
        !h.all_views_json().contains(PASSWORD),
        "the password never reaches a view"
    );
}

#[tokio::test]
async fn the_user_lookup_started_at_username_entry_is_reused() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    h.flow.username_entered("alice").await;
    assert_eq!(h.uem.state().user_searches, 1);
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(
        h.uem.state().user_searches,
        1,
        "no second search after Continue"
    );
}

#[tokio::test]
async fn only_the_last_name_of_a_burst_that_looks_like_a_name_goes_to_uem_before_verification() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    // Typed quickly: only "alice" is looked up.
    tokio::join!(
        h.flow.username_entered("al"),
        h.flow.username_entered("alic"),
        h.flow.username_entered("alice")
    );
    assert_eq!(h.uem.state().user_searches, 1);
    // A password typed into the username field is not sent anywhere.
    for typed in ["Sp!ng-2024#x", "correct horse battery", "hunter2$"] {
        h.flow.username_entered(typed).await;
    }
    assert_eq!(h.uem.state().user_searches, 1);
    // Names as people have them are.
    h.flow.username_entered("EXAMPLE\\o'brien.j-2").await;
    assert_eq!(h.uem.state().user_searches, 2);
}

#[tokio::test]
async fn a_sync_that_fails_is_skipped_not_fatal_and_can_be_turned_off() {
    let h = harness(Some(device_on("staging", 1)));
    h.uem.state().sync_fails = true;
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert!(h
        .all_views_json()
        .contains(r#"{"step":"sync","state":"skipped"}"#));

    let h = harness_with(
        settings(|d| {
            d.insert("SyncDeviceAfterSwitch".into(), plist::Value::Boolean(false));
        }),
        Some(device_on("staging", 1)),
    );
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.uem.state().commands, 0);
    assert!(!h.all_views_json().contains(r#""step":"sync""#));
}

// ---- refusals ------------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_password_returns_to_sign_in_and_changes_nothing() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret("wrong")).await;
    let view = h.flow.view();
    assert!(
        matches!(view, HandoffView::SignIn { resume: false, .. }),
        "{view:?}"
    );
    assert_eq!(code(&view), Some("DIR-049"));
    assert_eq!(h.uem.state().patches, 0);
    assert!(
        h.items().is_empty(),
        "no password stored for an unverified person"
    );
    assert!(h.prefs.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn throttling_shows_the_wait_on_the_sign_in_form() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    *h.directory.outcome.lock().unwrap() = Some(DirectoryError::Throttled {
        retry_after: Duration::from_secs(42),
    });
    h.flow.submit("alice", secret(PASSWORD)).await;
    let view = h.flow.view();
    assert!(
        matches!(
            view,
            HandoffView::SignIn {
                retry_after_seconds: Some(42),
                ..
            }
        ),
        "{view:?}"
    );
    assert_eq!(h.uem.state().patches, 0);
}

#[tokio::test]
async fn an_unreachable_directory_is_a_problem_and_try_again_returns_to_sign_in() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    *h.directory.outcome.lock().unwrap() = Some(DirectoryError::Unreachable {
        detail: "connection refused".into(),
    });
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(
        h.flow.view(),
        HandoffView::Problem {
            can_retry: true,
            ..
        }
    ));
    assert!(
        !h.all_views_json().contains("connection refused"),
        "details stay in the log"
    );
    h.flow.retry().await;
    assert_eq!(h.flow.view(), signin(false));
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
}

#[tokio::test]
async fn a_refused_switch_stores_no_password() {
    let h = harness(Some(device_on("staging", 1)));
    h.uem.state().switch_failure = Some(UemError::SwitchRejected {
        details: HttpDetails::without_body(400),
    });
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Problem { .. }));
    assert!(h.items().is_empty());
    assert!(h.prefs.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_person_unknown_to_uem_is_a_problem_unless_users_may_be_created() {
    let h = harness(Some(device_on("staging", 1)));
    h.uem.state().users.retain(|u| u.user_name != "alice");
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert_eq!(code(&h.flow.view()), Some("UEM-USER-NOT-FOUND"));
    assert_eq!(h.uem.state().patches, 0);

    // Only a member of CreateMissingUsersGroup is added, into the configured organization group.
    for (group, added) in [
        ("cn=contractors,ou=groups,dc=example,dc=test", false),
        (MAC_USERS, true),
    ] {
        let h = harness_with(
            managed_settings(|d| {
                d.insert("CreateMissingUsers".into(), plist::Value::Boolean(true));
                d.insert(
                    "CreateMissingUsersGroup".into(),
                    plist::Value::String(group.into()),
                );
                d.insert(
                    "CreateMissingUsersLocationGroupId".into(),
                    plist::Value::String("570".into()),
                );
            }),
            Some(device_on("staging", 1)),
        );
        h.uem.state().users.retain(|u| u.user_name != "alice");
        h.flow.start(SERIAL).await;
        h.flow.submit("alice", secret(PASSWORD)).await;
        if !added {
            assert_eq!(code(&h.flow.view()), Some("UEM-USER-NOT-FOUND"), "{group}");
            assert!(h.uem.state().added.is_empty());
            assert_eq!(h.uem.state().patches, 0);
            continue;
        }
        assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
        assert_eq!(
            h.uem.state().device.as_ref().unwrap().user_name.as_deref(),
            Some("alice")
        );
        let state = h.uem.state();
        assert_eq!(state.added.len(), 1);
        assert_eq!(state.added[0].location_group_id.as_deref(), Some("570"));
    }
}

#[tokio::test]
async fn submit_outside_the_sign_in_screen_is_ignored() {
    let h = harness(Some(device_on("bob", 3)));
    h.store
        .memory
        .put(&ItemSpec::new("NoMAD", "bob@EXAMPLE.TEST"), &secret("x"))
        .unwrap();
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Assigned { .. }));
    assert_eq!(*h.directory.calls.lock().unwrap(), 0);
}

// ---- resuming ------------------------------------------------------------------------------

#[tokio::test]
async fn a_failed_keychain_write_never_undoes_the_switch_and_resumes_without_a_second_one() {
    let h = harness(Some(device_on("staging", 1)));
    *h.store.locked.lock().unwrap() = true;
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    let view = h.flow.view();
    assert_eq!(code(&view), Some("KEYCHAIN-LOCKED"), "{view:?}");
    assert_eq!(
        h.uem.state().device.as_ref().unwrap().user_name.as_deref(),
        Some("alice")
    );

    *h.store.locked.lock().unwrap() = false;
    h.flow.retry().await;
    assert_eq!(h.flow.view(), signin(true));
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.uem.state().patches, 1, "no second switch");
    assert_eq!(h.items().len(), 2);
}

#[tokio::test]
async fn after_a_restart_a_switched_mac_without_items_asks_to_sign_in_once_more() {
    let h = harness(Some(device_on("alice", 2)));
    h.flow.start(SERIAL).await;
    assert_eq!(h.flow.view(), signin(true));
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.uem.state().patches, 0);
    assert_eq!(
        h.uem.state().commands,
        0,
        "nothing to sync: the switch happened before"
    );
    assert_eq!(h.items().len(), 2);
}

#[tokio::test]
async fn resuming_refuses_someone_else() {
    let h = harness(Some(device_on("alice", 2)));
    h.flow.start(SERIAL).await;
    h.flow.submit("bob", secret("Bob-Pass-2")).await;
    assert_eq!(code(&h.flow.view()), Some("FLOW-NOT-YOURS"));
    assert!(
        h.items().is_empty(),
        "bob's password is not stored on alice's Mac"
    );
    assert_eq!(h.uem.state().patches, 0);
}

#[tokio::test]
async fn a_second_continue_while_one_runs_is_ignored() {
    let h = harness(Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    let (a, b) = tokio::join!(
        h.flow.submit("alice", secret(PASSWORD)),
        h.flow.submit("alice", secret(PASSWORD))
    );
    let _ = (a, b);
    assert_eq!(*h.directory.calls.lock().unwrap(), 1);
    assert_eq!(h.uem.state().patches, 1);
}

// ---- the Mac password (partition lists) -----------------------------------------------------

const MAC_PASSWORD: &str = "Mac-Unlock-7";

/// Partition IDs configured, plus an item that trusts no other application (it gets none).
fn partition_settings() -> Arc<Settings> {
    settings(|dict| {
        dict.insert(
            "KeychainPartitionTeamIDs".into(),
            plist::Value::Array(vec!["AAPZK3CB24".into()]),
        );
        let mut plain = plist::Dictionary::new();
        plain.insert("Service".into(), "com.example.plain".into());
        plain.insert("Account".into(), "<<shortname>>".into());
        if let Some(plist::Value::Array(items)) = dict.get_mut("KeychainItems") {
            items.push(plist::Value::Dictionary(plain));
        }
    })
}

/// A started flow with partition IDs configured and `memory` as its store (a login keychain).
async fn partitioned(device: Device, memory: MemoryStore) -> Harness {
    let store = Store {
        memory,
        ..Store::default()
    };
    let h = harness_with_store(partition_settings(), Some(device), store);
    h.flow.start(SERIAL).await;
    h
}

impl Harness {
    /// `(service, partition IDs)` of every item.
    fn partitions(&self) -> Vec<(String, Vec<String>)> {
        self.store
            .memory
            .specs()
            .into_iter()
            .map(|s| (s.service, s.partition_ids))
            .collect()
    }

    /// Runs `submit` in the background and waits until the Mac password screen has been shown
    /// `shown` times in all.
    async fn submit_until_asked(&self, password: &str) -> tokio::task::JoinHandle<()> {
        let flow = Arc::clone(&self.flow);
        let password = secret(password);
        let submit = tokio::spawn(async move { flow.submit("alice", password).await });
        self.until_asked(1).await;
        submit
    }

    async fn until_asked(&self, shown: usize) {
        for _ in 0..2000 {
            if self.mac_password_views().len() >= shown {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        panic!(
            "the Mac password screen was not shown {shown} time(s): {:?}",
            self.screens()
        );
    }

    fn mac_password_views(&self) -> Vec<Option<&'static str>> {
        self.views
            .lock()
            .unwrap()
            .iter()
            .filter_map(|v| match v {
                HandoffView::MacPassword { problem } => Some(problem.as_ref().map(|p| p.code)),
                _ => None,
            })
            .collect()
    }
}

fn with_partitions() -> Vec<(String, Vec<String>)> {
    let ids = vec!["teamid:AAPZK3CB24".to_owned()];
    vec![
        ("NoMAD".to_owned(), ids.clone()),
        ("com.example.plain".to_owned(), vec![]),
        ("com.example.vpn".to_owned(), ids),
    ]
}

fn without_partitions() -> Vec<(String, Vec<String>)> {
    ["NoMAD", "com.example.plain", "com.example.vpn"]
        .into_iter()
        .map(|s| (s.to_owned(), vec![]))
        .collect()
}

#[tokio::test]
async fn when_the_directory_password_opens_the_keychain_nothing_more_is_asked() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(PASSWORD),
    )
    .await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert!(h.mac_password_views().is_empty(), "{:?}", h.screens());
    assert_eq!(h.store.memory.keychain_password_checks(), 1);
    assert_eq!(h.partitions(), with_partitions());
}

#[tokio::test]
async fn after_five_wrong_mac_passwords_the_items_are_saved_without_partitions() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    let submit = h.submit_until_asked(PASSWORD).await;
    for asked in 2..=crate::handoff::save::MAX_WRONG_MAC_PASSWORDS as usize {
        h.flow.submit_mac_password(secret("guess"));
        h.until_asked(asked).await;
    }
    // The fifth wrong answer is the last one the login keychain is asked about.
    h.flow.submit_mac_password(secret("guess"));
    submit.await.unwrap();
    assert!(
        matches!(h.flow.view(), HandoffView::Done { .. }),
        "{:?}",
        h.screens()
    );
    assert_eq!(h.mac_password_views().len(), 5);
    // The directory password, then five guesses: no sixth check.
    assert_eq!(h.store.memory.keychain_password_checks(), 6);
    assert_eq!(h.partitions(), without_partitions());
}

#[tokio::test]
async fn a_different_mac_password_is_asked_once_checked_and_used_for_the_partitions() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    let submit = h.submit_until_asked(PASSWORD).await;
    assert_eq!(h.flow.view(), HandoffView::MacPassword { problem: None });
    assert_eq!(h.uem.state().patches, 1, "asked after the switch");
    assert!(h.items().is_empty(), "nothing written while asking");

    // Wrong, then empty: asked again with the reason inline.
    h.flow.submit_mac_password(secret("not-it"));
    h.until_asked(2).await;
    h.flow.submit_mac_password(secret(""));
    h.until_asked(3).await;
    assert_eq!(
        h.mac_password_views(),
        [None, Some("MACPW-WRONG"), Some("MACPW-EMPTY")]
    );
    h.flow.submit_mac_password(secret(MAC_PASSWORD));
    submit.await.unwrap();

    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.partitions(), with_partitions());
    // The items hold the directory password; the Mac password went nowhere else.
    let stored = h
        .store
        .find("NoMAD", "alice@EXAMPLE.TEST")
        .unwrap()
        .unwrap();
    assert_eq!(stored.password.expose_secret(), PASSWORD);
    assert!(!h.all_views_json().contains(MAC_PASSWORD));
    assert!(!h.all_views_json().contains(PASSWORD));
    assert_eq!(h.uem.state().patches, 1);
    // Directory password, "not-it" and the right one; the empty one never reaches the keychain.
    assert_eq!(h.store.memory.keychain_password_checks(), 3);
    let screens = h.screens();
    assert_eq!(
        &screens[screens.len() - 3..],
        ["working", "working", "done"],
        "{screens:?}"
    );
}

/// What the flow logs on this thread while the Mac password is asked, refused and used: neither
/// password, in any form (a plain subscriber: no redaction layer to hide a mistake).
#[tokio::test]
async fn neither_password_reaches_the_log() {
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    let submit = h.submit_until_asked(PASSWORD).await;
    h.flow.submit_mac_password(secret("Not-The-Mac-Pass"));
    h.until_asked(2).await;
    h.flow.submit_mac_password(secret(MAC_PASSWORD));
    submit.await.unwrap();
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("asking"), "the log was captured: {log}");
    for secret in [PASSWORD, MAC_PASSWORD, "Not-The-Mac-Pass"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[tokio::test]
async fn skipping_the_mac_password_writes_the_items_without_partitions() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    let submit = h.submit_until_asked(PASSWORD).await;
    h.flow.skip_mac_password();
    submit.await.unwrap();
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.partitions(), without_partitions());
}

/// UNCERTAIN on a Mac: whether the up-front check rejects a wrong password while the keychain
/// is unlocked. When it does not, the write refuses and the flow asks (again) all the same.
#[tokio::test]
async fn a_check_that_accepts_anything_is_caught_by_the_write() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD).with_lenient_check(),
    )
    .await;
    // The directory password passes the check, the write refuses it: asked, without blame.
    let submit = h.submit_until_asked(PASSWORD).await;
    assert_eq!(h.flow.view(), HandoffView::MacPassword { problem: None });
    h.flow.submit_mac_password(secret("not-it"));
    h.until_asked(2).await;
    assert_eq!(h.mac_password_views(), [None, Some("MACPW-WRONG")]);
    h.flow.submit_mac_password(secret(MAC_PASSWORD));
    submit.await.unwrap();
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.partitions(), with_partitions());
    assert_eq!(h.uem.state().patches, 1);
}

#[tokio::test]
async fn no_mac_password_is_asked_where_it_is_not_needed() {
    // Configured, but the store has no partition lists (the Secret Service).
    let h = harness_with(partition_settings(), Some(device_on("staging", 1)));
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert!(h.mac_password_views().is_empty());
    assert_eq!(h.partitions(), without_partitions());

    // A login keychain, but no partition IDs configured: not even checked.
    let store = Store {
        memory: MemoryStore::with_login_keychain(MAC_PASSWORD),
        ..Store::default()
    };
    let h = harness_with_store(settings(|_| {}), Some(device_on("staging", 1)), store);
    h.flow.start(SERIAL).await;
    h.flow.submit("alice", secret(PASSWORD)).await;
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert!(h.mac_password_views().is_empty());
    assert_eq!(h.store.memory.keychain_password_checks(), 0);
}

#[tokio::test]
async fn a_mac_password_nobody_asked_for_is_ignored() {
    let h = partitioned(
        device_on("staging", 1),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    h.flow.submit_mac_password(secret(MAC_PASSWORD));
    h.flow.skip_mac_password();
    assert_eq!(h.flow.view(), signin(false));
    assert_eq!(h.store.memory.keychain_password_checks(), 0);
}

#[tokio::test]
async fn resuming_asks_for_the_mac_password_too() {
    let h = partitioned(
        device_on("alice", 2),
        MemoryStore::with_login_keychain(MAC_PASSWORD),
    )
    .await;
    assert_eq!(h.flow.view(), signin(true));
    let submit = h.submit_until_asked(PASSWORD).await;
    h.flow.submit_mac_password(secret(MAC_PASSWORD));
    submit.await.unwrap();
    assert!(matches!(h.flow.view(), HandoffView::Done { .. }));
    assert_eq!(h.partitions(), with_partitions());
    assert_eq!(h.uem.state().patches, 0);
}

#[test]
fn offline_backoff_grows_and_is_capped() {
    let waits: Vec<u64> = (1..=7).map(|a| offline_backoff(a).as_secs()).collect();
    assert_eq!(waits, [2, 4, 8, 16, 30, 30, 30]);
}

#[tokio::test]
async fn a_mac_without_a_realm_of_its_own_checks_the_owners_items_in_the_realm_the_authority_tells()
{
    // A Mac talking to a relay has neither ADDomain nor KerberosRealm: the authority tells the
    // realm with the owner. Without it the NoMAD item cannot be named, and an assigned Mac
    // whose items are missing passed for "already set up".
    let no_realm = || {
        settings(|d| {
            d.remove("ADDomain");
            d.remove("KerberosRealm");
        })
    };
    let told = |o: &mut DirectOptions| o.realm = Some("EXAMPLE.TEST".into());
    let h = harness_with_options(
        no_realm(),
        Some(device_on("alice", 2)),
        Store::default(),
        told,
    );
    h.flow.start(SERIAL).await;
    assert!(
        matches!(h.flow.view(), HandoffView::SignIn { resume: true, .. }),
        "items missing: sign in once more, {:?}",
        h.flow.view()
    );
    let store = Store::default();
    store
        .put(
            &ItemSpec::new("NoMAD", "alice@EXAMPLE.TEST"),
            &secret(PASSWORD),
        )
        .unwrap();
    let h = harness_with_options(no_realm(), Some(device_on("alice", 2)), store, told);
    h.flow.start(SERIAL).await;
    assert!(
        matches!(h.flow.view(), HandoffView::Assigned { .. }),
        "items there: already set up, {:?}",
        h.flow.view()
    );
}
