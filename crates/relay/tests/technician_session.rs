//! Technician mode through the relay with the technician's own session: the app's
//! [`TechnicianSession`] over [`RelayGate`] against a live relay (uem-sim and its LDAPS directory
//! behind it). Sign-in refusals, look-up with UEM's event log and the relay's audit, search,
//! confirm, done, return, pre-register, every action audited with the technician's name, and
//! sign-out ending the token.

#[path = "support/relay_env.rs"]
#[allow(dead_code)] // shared with tests/relay.rs, which uses all of it
mod relay_env;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baton_core::ops::{Authority, OpsError, RelayClient, RelayClientOptions, TechnicianRelay};
use baton_core::technician::{
    Clock, PendingAction, RegistrationView, RelayGate, SearchPurpose, SessionOptions, SystemClock,
    TechnicianError, TechnicianSession, TechnicianView,
};
use relay_env::*;
use secrecy::SecretString;

impl Env {
    /// What an IT Mac without a device identity configures: the relay's URL and its CA.
    fn options(&self) -> RelayClientOptions {
        RelayClientOptions {
            url: self.relay.url.parse().unwrap(),
            ca_certificates: vec![self.ca.cert_pem().to_owned()],
            identity: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
        }
    }

    fn session(&self, seen: Arc<Mutex<Vec<TechnicianView>>>) -> TechnicianSession<RelayGate> {
        TechnicianSession::new(
            RelayGate::new(self.options()),
            SessionOptions {
                idle: Duration::from_secs(900),
                allow_basic_users: false,
                this_mac: None,
            },
            Arc::new(SystemClock),
            Arc::new(move |view: &TechnicianView| seen.lock().unwrap().push(view.clone())),
        )
    }
}

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn problem(view: &TechnicianView) -> Option<&'static str> {
    match view {
        TechnicianView::TechSignIn { problem, .. }
        | TechnicianView::Device { problem, .. }
        | TechnicianView::Search { problem, .. } => problem.map(|p| p.code),
        _ => None,
    }
}

async fn walk_through(env: &Env) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut session = env.session(seen.clone());

    // Only a technician gets past sign-in.
    let view = session.sign_in("alice", &password("Alice-Pass-1")).await;
    assert_eq!(problem(&view), Some("TECH-NOT-TECHNICIAN"), "{view:?}");
    let view = session.sign_in("tess", &password("wrong")).await;
    assert_eq!(problem(&view), Some("DIR-049"), "{view:?}");
    let view = session.sign_in("tess", &password("Tess-Pass-6")).await;
    assert!(
        matches!(&view, TechnicianView::Device { technician, .. } if technician == "tess"),
        "{view:?}"
    );

    // The staged Mac: its card.
    let view = session.look_up(STAGED).await;
    let TechnicianView::Device {
        card: Some(card), ..
    } = &view
    else {
        panic!("{view:?}")
    };
    assert!(card.staged && card.enrolled);
    assert_eq!(card.asset_number.as_deref(), Some("A-0001"));
    assert_eq!(card.model.as_deref(), Some("MacBook Pro (14-inch, 2023)"));
    // The demo registers it to alice: the relay's device route tells.
    assert_eq!(
        card.registration,
        Some(RegistrationView::Registered {
            usernames: vec!["alice".into()]
        })
    );

    // Find the person, choose, confirm: working, then done with the owner UEM confirmed.
    session.find_person(SearchPurpose::Assign).await;
    let view = session.search("ali").await;
    let TechnicianView::Search { results, .. } = &view else {
        panic!("{view:?}")
    };
    let names: Vec<&str> = results.iter().map(|r| r.username.as_str()).collect();
    assert!(
        names.contains(&"alice") && names.contains(&"alicia"),
        "{names:?}"
    );
    assert_eq!(results[0].device_count, Some(0), "{results:?}");
    let view = session.choose("alice").await;
    assert!(matches!(view, TechnicianView::Confirm { .. }), "{view:?}");
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("staging"));
    seen.lock().unwrap().clear();
    let view = session.confirm().await;
    assert!(
        matches!(&view, TechnicianView::Done { confirmed_owner, .. } if confirmed_owner == "alice"),
        "{view:?}"
    );
    assert!(matches!(
        seen.lock().unwrap().first(),
        Some(TechnicianView::Working { .. })
    ));
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    assert!(env
        .sim
        .notes(STAGED)
        .iter()
        .any(|n| n.note == "Checked out to alice by tess with Baton"));

    // Back: the device read fresh, with the history of both sources, newest first.
    let view = session.back().await;
    let TechnicianView::Device {
        card: Some(card), ..
    } = &view
    else {
        panic!("{view:?}")
    };
    assert_eq!(card.owner.as_ref().unwrap().username, "alice");
    // Named as UEM has her.
    assert_eq!(
        card.owner.as_ref().unwrap().display_name.as_deref(),
        Some("Alice Adams")
    );
    assert!(
        card.history
            .iter()
            .any(|h| h.source == "baton" && h.actor.as_deref() == Some("tess (technician)")),
        "{:?}",
        card.history
    );
    assert!(
        card.history.iter().any(|h| h.source == "uem"),
        "{:?}",
        card.history
    );

    // Return to staging, with its own confirmation.
    let view = session.ask_return().await;
    assert!(
        matches!(&view, TechnicianView::Confirm { action: PendingAction::Return { from, .. }, .. } if from == "alice"),
        "{view:?}"
    );
    let view = session.confirm().await;
    assert!(
        matches!(&view, TechnicianView::Done { confirmed_owner, .. } if confirmed_owner == "staging"),
        "{view:?}"
    );
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("staging"));

    // Someone else's Mac is never offered for assignment.
    session.look_up(BOBS).await;
    let view = session.find_person(SearchPurpose::Assign).await;
    assert_eq!(problem(&view), Some("TECH-NOT-NOW"));

    // An unknown serial: pre-register it.
    let view = session.look_up("C02NEW000001").await;
    assert!(
        matches!(
            &view,
            TechnicianView::Device {
                unknown_serial: Some(_),
                ..
            }
        ),
        "{view:?}"
    );
    session.find_person(SearchPurpose::Preregister).await;
    session.search("bob").await;
    session.choose("bob").await;
    let view = session.confirm().await;
    assert!(matches!(view, TechnicianView::Done { .. }), "{view:?}");
    assert!(env
        .sim
        .registrations()
        .iter()
        .any(|r| r.serial_number == "C02NEW000001" && r.username == "bob"));

    // Sign out: the window is back at sign-in.
    let view = session.sign_out().await;
    assert!(matches!(
        view,
        TechnicianView::TechSignIn { problem: None, .. }
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_technician_session_through_the_relay_looks_up_assigns_returns_and_preregisters() {
    let env = env().await;
    walk_through(&env).await;
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_with_membership_found_by_a_group_search() {
    let env = env_with(|seed| seed.directory.member_of = false).await;
    walk_through(&env).await;
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_out_token_is_refused_as_a_session_that_ended() {
    let env = env().await;
    let client = RelayClient::new(env.options()).unwrap();
    let relay = TechnicianRelay::sign_in(client, "tess", &password("Tess-Pass-6"))
        .await
        .unwrap();
    assert!(relay.search_users("ali").await.is_ok());
    relay.sign_out().await;
    let error: OpsError = relay.search_users("ali").await.unwrap_err();
    assert!(matches!(
        TechnicianError::from(error),
        TechnicianError::SessionEnded
    ));
    env.relay.shutdown().await;
}

/// A clock the test moves.
struct Manual(Mutex<Instant>);

impl Clock for Manual {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_session_ends_and_asks_nothing_more() {
    let env = env().await;
    let clock = Arc::new(Manual(Mutex::new(Instant::now())));
    let mut session = TechnicianSession::new(
        RelayGate::new(env.options()),
        SessionOptions {
            idle: Duration::from_secs(900),
            allow_basic_users: false,
            this_mac: Some(STAGED.into()),
        },
        clock.clone(),
        Arc::new(|_: &TechnicianView| {}),
    );
    // This Mac is looked up right after sign-in.
    let view = session.sign_in("tess", &password("Tess-Pass-6")).await;
    assert!(
        matches!(&view, TechnicianView::Device { card: Some(c), .. } if c.serial == STAGED),
        "{view:?}"
    );
    let sessions_before = env.sim.requests().len();
    *clock.0.lock().unwrap() += Duration::from_secs(900);
    let view = session.tick().await;
    assert_eq!(problem(&view), Some("TECH-SESSION-ENDED"));
    // Nothing more was asked of UEM for the expired session.
    assert_eq!(env.sim.requests().len(), sessions_before);
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registration_record_the_relay_cannot_read_leaves_the_card_standing() {
    let env = env().await;
    env.sim.set_fault(
        uem_sim::Route::RegisteredDeviceSearch,
        uem_sim::Fault::status(403),
    );
    let mut session = env.session(Arc::new(Mutex::new(Vec::new())));
    session.sign_in("tess", &password("Tess-Pass-6")).await;
    let view = session.look_up(BOBS).await;
    let TechnicianView::Device {
        card: Some(card),
        problem: None,
        ..
    } = &view
    else {
        panic!("{view:?}")
    };
    assert_eq!(card.owner.as_ref().unwrap().username, "bob");
    assert!(
        matches!(&card.registration, Some(RegistrationView::Unreadable { code }) if code.starts_with("UEM-")),
        "{:?}",
        card.registration
    );
    env.relay.shutdown().await;
}
