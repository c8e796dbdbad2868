//! The technician state machine over an in-memory desk: sign-in and its refusals, the device
//! card, search, confirm, working, done, return and pre-register, idle expiry, and that every
//! action names the technician.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::*;
use crate::directory::DirectoryError;
use crate::ops::{
    Actor, Authority, DeviceState, HandOffRequest, HandedOff, HistoryEntry, OpsError, Outcome,
    Owner, Person, Progress, Registered, RegistrationRecord, RelayError, Returned, UserSummary,
};
use crate::uem::{HttpDetails, UemError};

const STAGED: &str = "C02STAGED001";
const BOBS: &str = "C02BOBS00001";

#[derive(Default)]
struct World {
    /// serial → (enrolled, owner; None = staging)
    devices: HashMap<String, (bool, Option<String>)>,
    users: Vec<UserSummary>,
    registrations: Vec<(String, String)>,
    /// Every change with its actor.
    actions: Vec<String>,
    signed_out: u32,
    /// Answer every call with the relay's "session unknown".
    expired: bool,
    /// The registration search fails (the card says so).
    registrations_unreadable: bool,
}

fn user(username: &str, name: &str, directory: bool) -> UserSummary {
    UserSummary {
        username: username.into(),
        display_name: Some(name.into()),
        email: Some(format!("{username}@example.test")),
        device_count: Some(1),
        directory: Some(directory),
    }
}

fn world() -> Arc<Mutex<World>> {
    let mut world = World::default();
    world.devices.insert(STAGED.into(), (true, None));
    world
        .devices
        .insert(BOBS.into(), (true, Some("bob".into())));
    world.users = vec![
        user("alice", "Alice Example", true),
        user("alicia", "Alicia Other", true),
        user("alibasic", "Ali Basic", false),
    ];
    Arc::new(Mutex::new(world))
}

struct FakeDesk {
    world: Arc<Mutex<World>>,
    name: String,
}

fn expired() -> OpsError {
    RelayError::Refused {
        status: 401,
        code: "RELAY-UNKNOWN".into(),
        title: "no session".into(),
    }
    .into()
}

impl FakeDesk {
    fn world(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap()
    }

    fn state(&self, serial: &str) -> Result<DeviceState, OpsError> {
        let world = self.world();
        if world.expired {
            return Err(expired());
        }
        let Some((enrolled, owner)) = world.devices.get(serial) else {
            return Err(UemError::DeviceNotFound {
                details: HttpDetails::without_body(404),
            }
            .into());
        };
        Ok(DeviceState {
            serial: serial.into(),
            enrolled: *enrolled,
            staged: *enrolled && owner.is_none(),
            owner: owner.clone().map(|username| Owner {
                username,
                display_name: None,
                realm: None,
            }),
            model: Some("MacBook Pro".into()),
            asset_number: Some("A-1".into()),
            last_seen: Some("2026-12-05T10:00:00Z".into()),
        })
    }
}

impl Authority for FakeDesk {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        self.state(serial)
    }

    async fn hand_off(
        &self,
        _request: HandOffRequest<'_>,
        _progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        unreachable!("technicians never hand off with a password")
    }

    async fn username_entered(&self, _username: &str) {}

    async fn assign(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        let state = self.state(serial)?;
        if !state.staged {
            return Err(crate::checkout::CheckoutError::NotStaged {
                serial: serial.into(),
                owner: "someone".into(),
            }
            .into());
        }
        let mut world = self.world();
        world
            .devices
            .insert(serial.into(), (true, Some(username.into())));
        world
            .actions
            .push(format!("assign {serial} {username} {}", by.by()));
        Ok(HandedOff {
            outcome: Outcome::Switched,
            user: Person {
                short_name: username.into(),
                upn: None,
                display_name: None,
                email: None,
                domain: None,
                realm: None,
            },
            synced: true,
            user_created: false,
            switch_attempts: 1,
        })
    }

    async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, OpsError> {
        let world = self.world();
        if world.expired {
            return Err(expired());
        }
        Ok(world
            .users
            .iter()
            .filter(|u| u.username.contains(query))
            .cloned()
            .collect())
    }

    async fn history(&self, _serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        unreachable!("look_up reads the history")
    }

    async fn return_to_staging(&self, serial: &str, by: &Actor) -> Result<Returned, OpsError> {
        let state = self.state(serial)?;
        let mut world = self.world();
        world.devices.insert(serial.into(), (true, None));
        world.actions.push(format!("return {serial} {}", by.by()));
        Ok(Returned {
            staging_user: "staging".into(),
            from: state.owner.map(|o| o.username),
        })
    }

    async fn preregister(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<Registered, OpsError> {
        let mut world = self.world();
        world.registrations.push((serial.into(), username.into()));
        world
            .actions
            .push(format!("preregister {serial} {username} {}", by.by()));
        Ok(Registered {
            serial: serial.into(),
            username: username.into(),
        })
    }
}

impl Desk for FakeDesk {
    fn technician(&self) -> &str {
        &self.name
    }

    async fn look_up(&self, serial: &str) -> Result<Lookup, OpsError> {
        let state = self.state(serial)?;
        let registration = {
            let world = self.world();
            if world.registrations_unreadable {
                RegistrationRecord::Unreadable {
                    code: "UEM-SERVER".into(),
                }
            } else {
                let usernames: Vec<String> = world
                    .registrations
                    .iter()
                    .filter(|(s, _)| s == serial)
                    .map(|(_, u)| u.clone())
                    .collect();
                if usernames.is_empty() {
                    RegistrationRecord::NotRegistered
                } else {
                    RegistrationRecord::Registered { usernames }
                }
            }
        };
        // 23 entries, newest first: three pages.
        let history = (0..23)
            .map(|i| HistoryEntry {
                at: Some(format!("2026-12-05T09:{:02}:00Z", 59 - i)),
                source: "uem".into(),
                event: format!("event {i}"),
                actor: None,
            })
            .collect();
        Ok(Lookup {
            device: state,
            history,
            registration: Some(registration),
        })
    }

    async fn sign_out(&self) {
        self.world().signed_out += 1;
    }
}

struct FakeGate {
    world: Arc<Mutex<World>>,
}

impl Gate for FakeGate {
    type Desk = FakeDesk;

    async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<FakeDesk, TechnicianError> {
        use secrecy::ExposeSecret;
        match (username, password.expose_secret()) {
            ("tess", "Tess-Pass-6") => Ok(FakeDesk {
                world: self.world.clone(),
                name: "tess".into(),
            }),
            ("alice", "Alice-Pass-1") => Err(TechnicianError::NotTechnician),
            _ => Err(TechnicianError::Ops(
                DirectoryError::InvalidCredentials.into(),
            )),
        }
    }
}

struct ManualClock(Mutex<Instant>);

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

impl ManualClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

struct Rig {
    session: TechnicianSession<FakeGate>,
    world: Arc<Mutex<World>>,
    clock: Arc<ManualClock>,
    seen: Arc<Mutex<Vec<TechnicianView>>>,
}

fn rig(this_mac: Option<&str>) -> Rig {
    let world = world();
    let clock = Arc::new(ManualClock(Mutex::new(Instant::now())));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let session = TechnicianSession::new(
        FakeGate {
            world: world.clone(),
        },
        SessionOptions {
            idle: Duration::from_secs(900),
            allow_basic_users: false,
            this_mac: this_mac.map(str::to_owned),
        },
        clock.clone(),
        Arc::new(move |view: &TechnicianView| record.lock().unwrap().push(view.clone())),
    );
    Rig {
        session,
        world,
        clock,
        seen,
    }
}

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn code(view: &TechnicianView) -> Option<&'static str> {
    match view {
        TechnicianView::TechSignIn { problem, .. }
        | TechnicianView::Device { problem, .. }
        | TechnicianView::Search { problem, .. } => problem.map(|p| p.code),
        _ => None,
    }
}

#[tokio::test]
async fn only_a_technician_gets_past_sign_in_and_a_wrong_password_says_so() {
    let mut rig = rig(None);
    let view = rig
        .session
        .sign_in("alice", &password("Alice-Pass-1"))
        .await;
    assert!(
        matches!(view, TechnicianView::TechSignIn { .. }),
        "{view:?}"
    );
    assert_eq!(code(&view), Some("TECH-NOT-TECHNICIAN"));
    assert!(!rig.session.signed_in());
    let view = rig.session.sign_in("tess", &password("wrong")).await;
    assert_eq!(code(&view), Some("DIR-049"));
    // Nothing can be done without a session.
    let view = rig.session.look_up(STAGED).await;
    assert!(
        matches!(view, TechnicianView::TechSignIn { .. }),
        "{view:?}"
    );
    let view = rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    assert!(
        matches!(&view, TechnicianView::Device { technician, card: None, .. } if technician == "tess"),
        "{view:?}"
    );
}

#[tokio::test]
async fn sign_in_looks_this_mac_up_and_the_history_is_paged_newest_first() {
    let mut rig = rig(Some(BOBS));
    let view = rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    let TechnicianView::Device {
        card: Some(card), ..
    } = view
    else {
        panic!("{view:?}")
    };
    assert_eq!(card.serial, BOBS);
    assert!(card.enrolled && !card.staged);
    assert_eq!(card.owner.unwrap().username, "bob");
    assert_eq!(card.model.as_deref(), Some("MacBook Pro"));
    assert_eq!((card.history_page, card.history_pages), (0, 3));
    assert_eq!(card.history.len(), 10);
    assert_eq!(card.history[0].event, "event 0");
    let TechnicianView::Device {
        card: Some(card), ..
    } = rig.session.history_page(2).await
    else {
        panic!()
    };
    assert_eq!(card.history.len(), 3);
    assert_eq!(card.history[0].event, "event 20");
    // A page past the end shows the last one.
    let TechnicianView::Device {
        card: Some(card), ..
    } = rig.session.history_page(9).await
    else {
        panic!()
    };
    assert_eq!(card.history_page, 2);
}

#[tokio::test]
async fn look_up_search_confirm_working_done_assigns_as_the_technician() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    // A typed serial is read in upper case.
    let view = rig.session.look_up(&STAGED.to_lowercase()).await;
    assert!(
        matches!(&view, TechnicianView::Device { card: Some(c), .. } if c.staged && c.serial == STAGED),
        "{view:?}"
    );
    let view = rig.session.find_person(SearchPurpose::Assign).await;
    assert!(matches!(view, TechnicianView::Search { .. }), "{view:?}");
    let view = rig.session.search("ali").await;
    let TechnicianView::Search { results, query, .. } = &view else {
        panic!("{view:?}")
    };
    assert_eq!(query, "ali");
    let names: Vec<&str> = results.iter().map(|r| r.username.as_str()).collect();
    // Directory users only: the basic user is not offered.
    assert_eq!(names, ["alice", "alicia"]);
    assert_eq!(results[0].device_count, Some(1));
    // Only a person from the results can be chosen.
    rig.session.choose("mallory").await;
    assert!(rig.world.lock().unwrap().actions.is_empty());
    let view = rig.session.choose("alice").await;
    let TechnicianView::Confirm { action, .. } = &view else {
        panic!("{view:?}")
    };
    assert!(
        matches!(action, PendingAction::Assign { serial, to, model: Some(m), .. } if serial == STAGED && to.username == "alice" && m == "MacBook Pro")
    );
    // Nothing changed before the confirmation.
    assert!(rig.world.lock().unwrap().actions.is_empty());
    rig.seen.lock().unwrap().clear();
    let view = rig.session.confirm().await;
    assert!(
        matches!(&view, TechnicianView::Done { confirmed_owner, unchanged: false, .. } if confirmed_owner == "alice"),
        "{view:?}"
    );
    let seen = rig.seen.lock().unwrap().clone();
    assert!(
        matches!(seen.first(), Some(TechnicianView::Working { steps, .. }) if steps.len() == 2),
        "{seen:?}"
    );
    assert_eq!(
        rig.world.lock().unwrap().actions,
        [format!("assign {STAGED} alice by tess with Baton")]
    );
    // Back from done: the device read fresh, now alice's.
    let view = rig.session.back().await;
    assert!(
        matches!(&view, TechnicianView::Device { card: Some(c), .. } if !c.staged && c.owner.as_ref().unwrap().username == "alice"),
        "{view:?}"
    );
}

#[tokio::test]
async fn basic_users_are_offered_when_allowed() {
    let mut rig = rig(None);
    rig.session = TechnicianSession::new(
        FakeGate {
            world: rig.world.clone(),
        },
        SessionOptions {
            idle: Duration::from_secs(900),
            allow_basic_users: true,
            this_mac: None,
        },
        rig.clock.clone(),
        Arc::new(|_: &TechnicianView| {}),
    );
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.session.look_up(STAGED).await;
    rig.session.find_person(SearchPurpose::Assign).await;
    let TechnicianView::Search { results, .. } = rig.session.search("ali").await else {
        panic!()
    };
    assert_eq!(results.len(), 3);
}

#[tokio::test]
async fn someone_elses_device_is_never_offered_for_assignment_but_may_be_returned() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.session.look_up(BOBS).await;
    let view = rig.session.find_person(SearchPurpose::Assign).await;
    assert!(matches!(view, TechnicianView::Device { .. }), "{view:?}");
    assert_eq!(code(&view), Some("TECH-NOT-NOW"));
    let view = rig.session.ask_return().await;
    assert!(
        matches!(&view, TechnicianView::Confirm { action: PendingAction::Return { from, .. }, .. } if from == "bob"),
        "{view:?}"
    );
    // Back from the confirmation: nothing returned.
    let view = rig.session.back().await;
    assert!(matches!(view, TechnicianView::Device { .. }), "{view:?}");
    assert!(rig.world.lock().unwrap().actions.is_empty());
    rig.session.ask_return().await;
    let view = rig.session.confirm().await;
    assert!(
        matches!(&view, TechnicianView::Done { confirmed_owner, .. } if confirmed_owner == "staging"),
        "{view:?}"
    );
    assert_eq!(
        rig.world.lock().unwrap().actions,
        [format!("return {BOBS} by tess with Baton")]
    );
    // A staged device is not "returned".
    rig.session.look_up(STAGED).await;
    let view = rig.session.ask_return().await;
    assert_eq!(code(&view), Some("TECH-NOT-NOW"));
}

#[tokio::test]
async fn an_unknown_serial_can_be_pre_registered_after_its_own_confirmation() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    let view = rig.session.look_up("C02NEW000001").await;
    assert!(
        matches!(&view, TechnicianView::Device { unknown_serial: Some(s), card: None, .. } if s == "C02NEW000001"),
        "{view:?}"
    );
    assert_eq!(code(&view), Some("UEM-DEVICE-NOT-FOUND"));
    let view = rig.session.find_person(SearchPurpose::Preregister).await;
    assert!(
        matches!(
            &view,
            TechnicianView::Search {
                purpose: SearchPurpose::Preregister,
                ..
            }
        ),
        "{view:?}"
    );
    rig.session.search("alicia").await;
    let view = rig.session.choose("alicia").await;
    assert!(
        matches!(&view, TechnicianView::Confirm { action: PendingAction::Preregister { serial, .. }, .. } if serial == "C02NEW000001"),
        "{view:?}"
    );
    let view = rig.session.confirm().await;
    assert!(matches!(view, TechnicianView::Done { .. }), "{view:?}");
    let world = rig.world.lock().unwrap();
    assert_eq!(
        world.registrations,
        [("C02NEW000001".to_owned(), "alicia".to_owned())]
    );
    assert_eq!(
        world.actions,
        ["preregister C02NEW000001 alicia by tess with Baton"]
    );
}

#[tokio::test]
async fn an_enrolled_serial_is_not_pre_registered() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.session.look_up(STAGED).await;
    let view = rig.session.find_person(SearchPurpose::Preregister).await;
    assert_eq!(code(&view), Some("TECH-NOT-NOW"));
}

#[tokio::test]
async fn the_session_ends_after_session_seconds_idle_and_on_sign_out() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.clock.advance(Duration::from_secs(899));
    let view = rig.session.look_up(STAGED).await;
    assert!(matches!(view, TechnicianView::Device { .. }), "{view:?}");
    // Activity restarted the idle time: 899 s more is still fine, 900 is not.
    rig.clock.advance(Duration::from_secs(899));
    assert!(matches!(
        rig.session.tick().await,
        TechnicianView::Device { .. }
    ));
    rig.clock.advance(Duration::from_secs(1));
    let view = rig.session.tick().await;
    assert_eq!(code(&view), Some("TECH-SESSION-ENDED"));
    assert!(!rig.session.signed_in());
    assert_eq!(rig.world.lock().unwrap().signed_out, 1);
    // An intent after the limit ends it too, and does nothing.
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.clock.advance(Duration::from_secs(900));
    let view = rig.session.look_up(STAGED).await;
    assert_eq!(code(&view), Some("TECH-SESSION-ENDED"));
    assert_eq!(rig.world.lock().unwrap().signed_out, 2);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    let view = rig.session.sign_out().await;
    assert!(
        matches!(view, TechnicianView::TechSignIn { problem: None, .. }),
        "{view:?}"
    );
    assert_eq!(rig.world.lock().unwrap().signed_out, 3);
}

#[tokio::test]
async fn a_session_the_relay_no_longer_knows_goes_back_to_sign_in() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.world.lock().unwrap().expired = true;
    let view = rig.session.look_up(STAGED).await;
    assert_eq!(code(&view), Some("TECH-SESSION-ENDED"));
    assert!(!rig.session.signed_in());
}

#[tokio::test]
async fn a_refused_assignment_shows_the_device_again_with_the_refusal() {
    let mut rig = rig(None);
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    rig.session.look_up(STAGED).await;
    rig.session.find_person(SearchPurpose::Assign).await;
    rig.session.search("alice").await;
    rig.session.choose("alice").await;
    // Meanwhile someone else took the device.
    rig.world
        .lock()
        .unwrap()
        .devices
        .insert(STAGED.into(), (true, Some("bob".into())));
    let view = rig.session.confirm().await;
    assert_eq!(code(&view), Some("CHK-NOT-STAGED"));
    assert!(
        matches!(&view, TechnicianView::Device { card: Some(c), .. } if c.owner.as_ref().unwrap().username == "bob"),
        "{view:?}"
    );
}

#[test]
fn views_never_carry_a_secret_and_name_their_screen() {
    let view = TechnicianView::TechSignIn {
        problem: None,
        retry_after_seconds: None,
    };
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["screen"], "techsignin");
}

#[tokio::test]
async fn the_card_shows_the_registration_record_and_survives_one_that_cannot_be_read() {
    let mut rig = rig(None);
    rig.world
        .lock()
        .unwrap()
        .registrations
        .push((STAGED.into(), "alice".into()));
    rig.session.sign_in("tess", &password("Tess-Pass-6")).await;
    let card = |view: TechnicianView| match view {
        TechnicianView::Device {
            card: Some(card), ..
        } => card,
        other => panic!("{other:?}"),
    };
    let staged = card(rig.session.look_up(STAGED).await);
    assert_eq!(
        staged.registration,
        Some(RegistrationView::Registered {
            usernames: vec!["alice".into()]
        })
    );
    // The UI reads it by `state`.
    let json = serde_json::to_value(&staged).unwrap();
    assert_eq!(json["registration"]["state"], "registered");
    assert_eq!(json["registration"]["usernames"][0], "alice");
    // Paging the history keeps it.
    let paged = card(rig.session.history_page(1).await);
    assert_eq!(paged.registration, staged.registration);

    let bobs = card(rig.session.look_up(BOBS).await);
    assert_eq!(bobs.registration, Some(RegistrationView::NotRegistered));
    assert_eq!(
        serde_json::to_value(&bobs).unwrap()["registration"]["state"],
        "notRegistered"
    );

    // A registration search that fails leaves the rest of the card alone.
    rig.world.lock().unwrap().registrations_unreadable = true;
    let view = rig.session.look_up(BOBS).await;
    assert_eq!(code(&view), None, "{view:?}");
    let bobs = card(view);
    assert_eq!(bobs.owner.unwrap().username, "bob");
    assert_eq!(
        bobs.registration,
        Some(RegistrationView::Unreadable {
            code: "UEM-SERVER".into()
        })
    );
}
