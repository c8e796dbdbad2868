//! The pickup desk in direct mode (the kiosk Mac holds the UEM credential) against the
//! simulator's UEM and its LDAPS directory, built from configuration as the app builds it.

use baton_core::config::{self, source, Sources};
use baton_core::kiosk::{Kiosk, KioskOptions, KioskView, ScanNotice};
use baton_core::wiring::{self, Backend};
use secrecy::SecretString;
use uem_sim::{Route, Seed, Sim, SimHandle, SimOptions};

const STAGED: &str = "C02DEMO00001";
const BOBS: &str = "C02DEMO00002";

struct Desk {
    sim: SimHandle,
    kiosk: Kiosk<Backend>,
    _dir: tempfile::TempDir,
}

async fn desk() -> Desk {
    let sim = Sim::start(Seed::demo(), SimOptions::default())
        .await
        .unwrap();
    let mut json = sim.baton_config();
    json["Mode"] = "kiosk".into();
    let settings = config::load_from(&Sources {
        file: source::from_json(json).into_dictionary(),
        ..Default::default()
    })
    .unwrap()
    .settings;
    let dir = tempfile::tempdir().unwrap();
    let backend = wiring::backend(&settings, dir.path()).unwrap();
    assert!(!backend.is_relay());
    let kiosk = Kiosk::new(
        backend,
        KioskOptions {
            name: "Front-Desk-1".into(),
            reset_after: std::time::Duration::from_secs(30),
            log_collections: true,
        },
        |_: &KioskView| {},
    );
    Desk {
        sim,
        kiosk,
        _dir: dir,
    }
}

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

#[tokio::test]
async fn a_staged_mac_scanned_at_the_desk_becomes_the_persons() {
    let desk = desk().await;
    desk.kiosk.scan("c02demo00001\n").await;
    match desk.kiosk.view() {
        KioskView::SignIn {
            device: Some(device),
            ..
        } => {
            assert_eq!(device.serial, STAGED);
            assert_eq!(device.model.as_deref(), Some("MacBook Pro (14-inch, 2023)"));
        }
        other => panic!("{other:?}"),
    }
    desk.kiosk.username_entered("alice").await;
    desk.kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert!(
        matches!(desk.kiosk.view(), KioskView::Done { ref name, .. } if name == "Alice Adams"),
        "{:?}",
        desk.kiosk.view()
    );
    assert_eq!(desk.sim.owner(STAGED).as_deref(), Some("alice"));
    assert_eq!(desk.sim.count(Route::SwitchUser), 1);
    let notes = desk.sim.notes(STAGED);
    assert!(
        notes
            .iter()
            .any(|n| n.note.contains("by Baton kiosk Front-Desk-1")),
        "{notes:?}"
    );
}

#[tokio::test]
async fn someone_elses_mac_is_refused_on_scan_without_a_patch() {
    let desk = desk().await;
    desk.kiosk.scan(BOBS).await;
    assert!(matches!(
        desk.kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::NotStaged { .. }),
            ..
        }
    ));
    desk.kiosk.submit("alice", password("Alice-Pass-1")).await;
    assert_eq!(desk.sim.count(Route::SwitchUser), 0);
    assert_eq!(desk.sim.owner(BOBS).as_deref(), Some("bob"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_on_the_form_and_changes_nothing() {
    let desk = desk().await;
    desk.kiosk.scan(STAGED).await;
    desk.kiosk
        .submit("alice", password("not-her-password"))
        .await;
    match desk.kiosk.view() {
        KioskView::SignIn {
            problem: Some(problem),
            ..
        } => assert_eq!(problem.code, "DIR-049"),
        other => panic!("{other:?}"),
    }
    assert_eq!(desk.sim.count(Route::SwitchUser), 0);
    assert_eq!(desk.sim.owner(STAGED).as_deref(), Some("staging"));
}

#[tokio::test]
async fn an_asset_tag_and_a_box_label_resolve_through_uem() {
    let desk = desk().await;
    desk.kiosk.scan(" a-0001 ").await;
    assert!(
        matches!(desk.kiosk.view(), KioskView::SignIn { device: Some(ref d), .. } if d.serial == STAGED),
        "{:?}",
        desk.kiosk.view()
    );
    assert_eq!(desk.sim.count(Route::RegisteredDeviceSearch), 1);
    desk.kiosk.next_person();
    desk.kiosk.scan("SC02DEMO00001").await;
    assert!(
        matches!(desk.kiosk.view(), KioskView::SignIn { device: Some(ref d), .. } if d.serial == STAGED)
    );
    desk.kiosk.next_person();
    desk.kiosk.scan("C02NOSUCH01").await;
    assert!(matches!(
        desk.kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::Unknown { .. }),
            ..
        }
    ));
    desk.kiosk.scan("C02DEMO00003").await;
    assert!(matches!(
        desk.kiosk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::NotEnrolled { .. }),
            ..
        }
    ));
}
