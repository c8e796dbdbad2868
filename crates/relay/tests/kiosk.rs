//! The pickup desk through the relay: the kiosk holds only its own client certificate (listed
//! in `Kiosks`), the relay holds the UEM credential, verifies the person and audits who
//! collected which Mac. uem-sim (UEM and its LDAPS directory) behind a real TLS relay.

#[path = "support/relay_env.rs"]
#[allow(dead_code)] // shared with tests/relay.rs, which uses all of it
mod relay_env;

use baton_core::kiosk::{Kiosk, KioskOptions, KioskView, ScanNotice};
use baton_core::ops::RelayClient;
use relay_env::*;
use secrecy::SecretString;
use uem_sim::pki::{self, DeviceCertOptions, IssuedCert};
use uem_sim::Route;

impl Env {
    /// The app's relay client with `identity`, as a kiosk configured with `RelayURL` builds it.
    fn kiosk_client(&self, identity: &IssuedCert) -> RelayClient {
        self.client_with(identity).for_kiosk()
    }

    fn desk(&self, identity: &IssuedCert) -> Kiosk<RelayClient> {
        Kiosk::new(
            self.kiosk_client(identity),
            KioskOptions {
                name: "ignored-through-a-relay".into(),
                reset_after: std::time::Duration::from_secs(30),
                log_collections: false,
            },
            |_: &KioskView| {},
        )
    }

    async fn audit(&self) -> String {
        self.http(None)
            .get(format!("{}/v1/audit?serial={STAGED}", self.relay.url))
            .bearer_auth(READ_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kiosk_hands_a_scanned_asset_tag_to_the_person_and_the_relay_audits_it() {
    let env = env().await;
    let desk = env.desk(&env.kiosk);
    desk.scan("A-0001").await;
    assert!(
        matches!(desk.view(), KioskView::SignIn { device: Some(ref d), .. } if d.serial == STAGED),
        "{:?}",
        desk.view()
    );
    desk.submit("alice", password("wrong-password")).await;
    assert!(
        matches!(desk.view(), KioskView::SignIn { problem: Some(p), .. } if p.code == "DIR-049"),
        "{:?}",
        desk.view()
    );
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    desk.submit("alice", password("Alice-Pass-1")).await;
    assert!(
        matches!(desk.view(), KioskView::Done { ref name, .. } if name == "Alice Adams"),
        "{:?}",
        desk.view()
    );
    assert_eq!(env.sim.owner(STAGED).as_deref(), Some("alice"));
    assert_eq!(env.sim.count(Route::SwitchUser), 1);
    // The relay names the kiosk by its certificate, in its audit and the UEM note.
    let audit = env.audit().await;
    assert!(audit.contains("Front-Desk-1"), "{audit}");
    assert!(audit.contains("\"kiosk\""), "{audit}");
    assert!(!audit.contains("Alice-Pass-1"));
    assert!(env
        .sim
        .notes(STAGED)
        .iter()
        .any(|n| n.note.contains("by Baton kiosk Front-Desk-1")));
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn someone_elses_mac_and_an_unknown_one_are_refused_at_the_desk_without_a_patch() {
    let env = env().await;
    let desk = env.desk(&env.kiosk);
    desk.scan(&format!("S{BOBS}")).await;
    assert!(
        matches!(
            desk.view(),
            KioskView::Scan {
                notice: Some(ScanNotice::NotStaged { .. }),
                ..
            }
        ),
        "{:?}",
        desk.view()
    );
    desk.scan("C02NOSUCH01").await;
    assert!(
        matches!(
            desk.view(),
            KioskView::Scan {
                notice: Some(ScanNotice::Unknown { .. }),
                ..
            }
        ),
        "{:?}",
        desk.view()
    );
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    env.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_listed_kiosk_may_run_a_desk() {
    let env = env().await;
    // A Mac's own certificate may not read other serials or asset tags.
    let device = env
        .ca
        .device_cert(STAGED, &DeviceCertOptions::default())
        .unwrap();
    let desk = env.desk(&device);
    desk.scan(BOBS).await;
    assert!(
        matches!(
            desk.view(),
            KioskView::Scan {
                notice: Some(ScanNotice::Problem { problem }),
                ..
            } if problem.code == "RELAY-FORBIDDEN"
        ),
        "{:?}",
        desk.view()
    );
    desk.scan("A-0001").await;
    assert!(matches!(
        desk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::Problem { .. }),
            ..
        }
    ));
    // A kiosk certificate that is not listed is nobody.
    let stranger = pki::kiosk_cert("Unlisted-Desk").unwrap();
    let desk = env.desk(&stranger);
    desk.scan(STAGED).await;
    assert!(matches!(
        desk.view(),
        KioskView::Scan {
            notice: Some(ScanNotice::Problem { .. }),
            ..
        }
    ));
    assert_eq!(env.sim.count(Route::SwitchUser), 0);
    env.relay.shutdown().await;
}
