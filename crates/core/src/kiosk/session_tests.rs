//! The desk's transitions over a fake authority; the clock is tokio's paused test clock.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use super::*;
use crate::checkout::CheckoutError;
use crate::directory::DirectoryError;
use crate::ipc::StepState;
use crate::ops::{
    Actor, AssetTags, Authority, DeviceState, HandOffRequest, HandedOff, HistoryEntry, OpsError,
    Outcome, Person, Phase, Progress, Registered, Returned, UserSummary,
};
use crate::uem::{HttpDetails, UemError};

const STAGED: &str = "C02DEMO00001";
const BOBS: &str = "C02DEMO00002";
const RESET: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Calls {
    device_reads: Vec<String>,
    asset_reads: Vec<String>,
    hand_offs: Vec<(String, String, Actor)>,
    prefetched: Vec<String>,
}

#[derive(Clone)]
struct FakeDesk {
    devices: Arc<BTreeMap<String, DeviceState>>,
    assets: Arc<BTreeMap<String, String>>,
    calls: Arc<Mutex<Calls>>,
    /// Hand-offs wait for a permit when set (to hold one in flight).
    gate: Option<Arc<Semaphore>>,
}

fn device(serial: &str, owner: Option<&str>, enrolled: bool) -> DeviceState {
    DeviceState {
        serial: serial.into(),
        enrolled,
        staged: enrolled && owner.is_none(),
        owner: owner.map(|o| crate::ops::Owner {
            username: o.into(),
            display_name: None,
            realm: None,
        }),
        model: Some("MacBook Air (M2, 2022)".into()),
        asset_number: Some("A-0001".into()),
        last_seen: None,
    }
}

fn not_found() -> OpsError {
    UemError::DeviceNotFound {
        details: HttpDetails::without_body(404),
    }
    .into()
}

impl FakeDesk {
    fn new() -> Self {
        let devices = [
            device(STAGED, None, true),
            device(BOBS, Some("bob"), true),
            device("C02DEMO00003", None, false),
            device("SC02DEMO0001", None, true),
        ];
        FakeDesk {
            devices: Arc::new(devices.into_iter().map(|d| (d.serial.clone(), d)).collect()),
            assets: Arc::new([("A-0001".to_owned(), STAGED.to_owned())].into()),
            calls: Arc::new(Mutex::new(Calls::default())),
            gate: None,
        }
    }

    fn calls(&self) -> std::sync::MutexGuard<'_, Calls> {
        self.calls.lock().unwrap()
    }
}

impl Authority for FakeDesk {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        self.calls().device_reads.push(serial.to_owned());
        // A look-up takes a moment: the form is on screen before it answers.
        tokio::task::yield_now().await;
        self.devices.get(serial).cloned().ok_or_else(not_found)
    }

    async fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        self.calls().hand_offs.push((
            request.serial.to_owned(),
            request.username.to_owned(),
            request.by.clone(),
        ));
        if let Some(gate) = &self.gate {
            gate.acquire().await.unwrap().forget();
        }
        if request.password.expose_secret() != "Alice-Pass-1" || request.username != "alice" {
            return Err(DirectoryError::InvalidCredentials.into());
        }
        progress.reached(Phase::Verified);
        let device = &self.devices[request.serial];
        if !device.staged {
            return Err(CheckoutError::NotStaged {
                serial: request.serial.into(),
                owner: "bob".into(),
            }
            .into());
        }
        progress.reached(Phase::Switching);
        progress.reached(Phase::Confirming);
        Ok(HandedOff {
            outcome: Outcome::Switched,
            user: Person {
                short_name: "alice".into(),
                upn: None,
                display_name: Some("Alice Adams".into()),
                email: None,
                domain: None,
                realm: None,
            },
            synced: true,
            user_created: false,
            switch_attempts: 1,
        })
    }

    async fn username_entered(&self, username: &str) {
        self.calls().prefetched.push(username.to_owned());
    }

    async fn assign(&self, _: &str, _: &str, _: &Actor) -> Result<HandedOff, OpsError> {
        unreachable!("a kiosk never assigns without a password")
    }

    async fn search_users(&self, _: &str) -> Result<Vec<UserSummary>, OpsError> {
        unreachable!()
    }

    async fn history(&self, _: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        unreachable!()
    }

    async fn return_to_staging(&self, _: &str, _: &Actor) -> Result<Returned, OpsError> {
        unreachable!()
    }

    async fn preregister(&self, _: &str, _: &str, _: &Actor) -> Result<Registered, OpsError> {
        unreachable!()
    }
}

impl AssetTags for FakeDesk {
    async fn device_by_asset_tag(&self, tag: &str) -> Result<DeviceState, OpsError> {
        self.calls().asset_reads.push(tag.to_owned());
        let serial = self.assets.get(tag).ok_or_else(not_found)?;
        self.device(serial).await
    }
}

type Shown = Arc<Mutex<Vec<KioskView>>>;

fn desk(fake: FakeDesk) -> (Arc<Kiosk<FakeDesk>>, Shown) {
    let shown: Shown = Arc::default();
    let sink = shown.clone();
    let kiosk = Kiosk::new(
        fake,
        KioskOptions {
            name: "Front-Desk-1".into(),
            reset_after: RESET,
            log_collections: true,
        },
        move |view: &KioskView| sink.lock().unwrap().push(view.clone()),
    );
    (Arc::new(kiosk), shown)
}

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn card(serial: &str) -> KioskDevice {
    KioskDevice {
        serial: serial.into(),
        model: Some("MacBook Air (M2, 2022)".into()),
        asset_tag: Some("A-0001".into()),
    }
}

fn is_scan(view: &KioskView) -> bool {
    matches!(view, KioskView::Scan { notice: None, .. })
}

#[tokio::test]
async fn a_staged_mac_is_shown_then_handed_to_the_person_with_a_receipt() {
    let fake = FakeDesk::new();
    let (kiosk, shown) = desk(fake.clone());
    kiosk.scan("  c02demo00001\r\n").await;
    assert_eq!(
        kiosk.view(),
        KioskView::SignIn {
            device: Some(card(STAGED)),
            problem: None,
            retry_after_seconds: None
        }
    );
    // The form was on screen before the look-up answered.
    assert_eq!(
        shown.lock().unwrap()[0],
        KioskView::SignIn {
            device: None,
            problem: None,
            retry_after_seconds: None
        }
    );
    kiosk.username_entered("alice").await;
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert_eq!(
        kiosk.view(),
        KioskView::Done {
            device: card(STAGED),
            name: "Alice Adams".into()
        }
    );
    let calls = fake.calls();
    assert_eq!(
        calls.hand_offs,
        [(
            STAGED.to_owned(),
            "alice".to_owned(),
            Actor::Kiosk("Front-Desk-1".into())
        )]
    );
    assert_eq!(calls.prefetched, ["alice"]);
    // The working screen walked through its steps.
    let shown = shown.lock().unwrap();
    let last_working = shown
        .iter()
        .rev()
        .find_map(|v| match v {
            KioskView::Working { steps, .. } => Some(steps.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        last_working.iter().map(|s| s.state).collect::<Vec<_>>(),
        [StepState::Done, StepState::Done, StepState::Active]
    );
}

#[tokio::test]
async fn someone_elses_mac_goes_back_to_scan_and_is_never_handed_over() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake.clone());
    kiosk.scan(BOBS).await;
    assert_eq!(
        kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::NotStaged { device: card(BOBS) }),
            session: 1
        }
    );
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert!(fake.calls().hand_offs.is_empty());
}

#[tokio::test]
async fn unknown_and_unenrolled_macs_and_unreadable_scans_get_their_own_sentence() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake.clone());
    kiosk.scan("C02NOPE0001").await;
    assert!(matches!(
        kiosk.view(),
        KioskView::Scan { notice: Some(ScanNotice::Unknown { scanned }), .. } if scanned == "C02NOPE0001"
    ));
    // A serial-shaped scan that is no serial was also tried as an asset tag.
    assert_eq!(fake.calls().asset_reads, ["C02NOPE0001"]);
    kiosk.scan("C02DEMO00003").await;
    assert!(matches!(
        kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::NotEnrolled { .. }),
            ..
        }
    ));
    kiosk.scan(" \r\n").await;
    assert!(matches!(
        kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::Unreadable),
            ..
        }
    ));
    assert!(fake.calls().hand_offs.is_empty());
}

#[tokio::test]
async fn an_asset_tag_resolves_to_its_mac() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake.clone());
    kiosk.scan("A-0001\n").await;
    assert!(matches!(
        kiosk.view(),
        KioskView::SignIn { device: Some(d), .. } if d.serial == STAGED
    ));
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert_eq!(fake.calls().hand_offs[0].0, STAGED);
}

#[tokio::test]
async fn the_box_labels_s_is_dropped_only_when_the_rest_is_a_serial() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake.clone());
    // 13 characters: only the serial without the S is read.
    kiosk.scan("SC02DEMO00001").await;
    assert_eq!(fake.calls().device_reads, [STAGED]);
    assert!(
        matches!(kiosk.view(), KioskView::SignIn { device: Some(d), .. } if d.serial == STAGED)
    );
    // 12 characters starting with S: a serial as it is, found first.
    fake.calls().device_reads.clear();
    kiosk.scan("SC02DEMO0001").await;
    assert_eq!(fake.calls().device_reads, ["SC02DEMO0001"]);
    assert!(
        matches!(kiosk.view(), KioskView::SignIn { device: Some(d), .. } if d.serial == "SC02DEMO0001")
    );
}

#[tokio::test]
async fn a_wrong_password_stays_on_the_form_with_the_mac_and_the_problem() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake);
    kiosk.scan(STAGED).await;
    kiosk.submit("alice", password("wrong")).await;
    match kiosk.view() {
        KioskView::SignIn {
            device, problem, ..
        } => {
            assert_eq!(device, Some(card(STAGED)));
            assert_eq!(problem.unwrap().code, "DIR-049");
        }
        other => panic!("{other:?}"),
    }
    // And the person may try again.
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
}

#[tokio::test]
async fn a_submit_before_the_look_up_answered_waits_for_it() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake.clone());
    let scanning = {
        let kiosk = kiosk.clone();
        tokio::spawn(async move { kiosk.scan(STAGED).await })
    };
    // Let the scan show the form, then submit at once.
    while !matches!(kiosk.view(), KioskView::SignIn { .. }) {
        tokio::task::yield_now().await;
    }
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    scanning.await.unwrap();
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
    assert_eq!(fake.calls().hand_offs.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_receipt_returns_to_scan_after_the_reset_time_and_next_person_at_once() {
    let (kiosk, _) = desk(FakeDesk::new());
    let clock = {
        let kiosk = kiosk.clone();
        tokio::spawn(async move { kiosk.run_reset_clock().await })
    };
    kiosk.scan(STAGED).await;
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
    tokio::time::sleep(RESET - Duration::from_secs(1)).await;
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(is_scan(&kiosk.view()), "{:?}", kiosk.view());
    let KioskView::Scan {
        session: before, ..
    } = kiosk.view()
    else {
        unreachable!()
    };

    kiosk.scan(STAGED).await;
    kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
    kiosk.next_person();
    match kiosk.view() {
        KioskView::Scan {
            notice: None,
            session,
        } => assert_ne!(session, before),
        other => panic!("{other:?}"),
    }
    clock.abort();
}

#[tokio::test(start_paused = true)]
async fn inactivity_on_any_screen_returns_to_scan_but_never_mid_hand_off() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = FakeDesk {
        gate: Some(gate.clone()),
        ..FakeDesk::new()
    };
    let (kiosk, _) = desk(fake);
    let clock = {
        let kiosk = kiosk.clone();
        tokio::spawn(async move { kiosk.run_reset_clock().await })
    };
    // The sign-in form, idle: activity postpones the reset, silence ends it.
    kiosk.scan(STAGED).await;
    tokio::time::sleep(RESET - Duration::from_secs(5)).await;
    kiosk.activity();
    tokio::time::sleep(RESET - Duration::from_secs(5)).await;
    assert!(matches!(kiosk.view(), KioskView::SignIn { .. }));
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert!(is_scan(&kiosk.view()));

    // A notice on scan is cleared too.
    kiosk.scan(BOBS).await;
    tokio::time::sleep(RESET + Duration::from_secs(1)).await;
    assert!(is_scan(&kiosk.view()));

    // A hand-off in flight is never interrupted, however long it takes.
    kiosk.scan(STAGED).await;
    let submit = {
        let kiosk = kiosk.clone();
        tokio::spawn(async move { kiosk.submit("alice", password("Alice-Pass-1")).await })
    };
    tokio::time::sleep(RESET * 3).await;
    assert!(matches!(kiosk.view(), KioskView::Working { .. }));
    // Reset is refused while it runs.
    kiosk.next_person();
    assert!(matches!(kiosk.view(), KioskView::Working { .. }));
    gate.add_permits(1);
    submit.await.unwrap();
    assert!(matches!(kiosk.view(), KioskView::Done { .. }));
    tokio::time::sleep(RESET + Duration::from_secs(1)).await;
    assert!(is_scan(&kiosk.view()));
    clock.abort();
}

#[tokio::test]
async fn a_reset_during_the_look_up_drops_its_late_answer() {
    let fake = FakeDesk::new();
    let (kiosk, _) = desk(fake);
    let scanning = {
        let kiosk = kiosk.clone();
        tokio::spawn(async move { kiosk.scan(BOBS).await })
    };
    while !matches!(kiosk.view(), KioskView::SignIn { .. }) {
        tokio::task::yield_now().await;
    }
    kiosk.next_person();
    scanning.await.unwrap();
    // The late "not staged" answer belongs to the previous person: scan stays clean.
    assert!(is_scan(&kiosk.view()), "{:?}", kiosk.view());
}
