//! `npm run bench` (part 1d): the pickup desk's throughput — one person from the scan to the
//! receipt, with the real UEM client and LDAP directory against the simulator (100 ms latency on
//! every UEM request; the LDAPS directory answers without injected latency). The desk shows the
//! sign-in form at once and looks the Mac up while the person types; the UEM user is looked up
//! when the username is complete. Two figures per person:
//!
//! - "Continue -> receipt": what the person waits for after typing (the critical path), with the
//!   UEM requests on it and the round trips they cost;
//! - "scan -> receipt, nobody typing": the whole machine time when Continue is pressed the
//!   instant the form appears (the look-up is then on the critical path too).
//!
//! Prints figures; asserts nothing.

use std::sync::Arc;
use std::time::{Duration, Instant};

use baton_core::config::{self, source, Sources};
use baton_core::directory::{LdapDirectory, LdapOptions};
use baton_core::kiosk::{Kiosk, KioskOptions, KioskView};
use baton_core::ops::{Authority, Direct, DirectOptions};
use baton_core::uem::{UemClient, UemOptions};
use secrecy::SecretString;
use uem_sim::{Route, Seed, Sim, SimHandle, SimOptions};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 7;
const STAGED: &str = "C02DEMO00001";

type Desk = Kiosk<Direct<UemClient, LdapDirectory>>;

fn uem_requests(sim: &SimHandle) -> usize {
    sim.requests()
        .iter()
        .filter(|r| r.route != Route::Ldap)
        .count()
}

fn median(mut walls: Vec<Duration>) -> (f64, f64, f64) {
    walls.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(walls[walls.len() / 2]),
        ms(walls[0]),
        ms(walls[walls.len() - 1]),
    )
}

async fn wait_for_device(desk: &Desk) {
    while !matches!(
        desk.view(),
        KioskView::SignIn {
            device: Some(_),
            ..
        }
    ) {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sim = Sim::start(
            Seed::demo(),
            SimOptions {
                latency: LATENCY,
                ..SimOptions::default()
            },
        )
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
        // One desk for every person, as at a real pickup desk (its UEM token is reused).
        let desk: Arc<Desk> = Arc::new(Kiosk::new(
            Direct::new(
                UemClient::new(UemOptions::from_settings(&settings).unwrap()).unwrap(),
                LdapDirectory::new(&LdapOptions::from_settings(&settings).unwrap()).unwrap(),
                DirectOptions::from_settings(&settings),
            ),
            KioskOptions {
                name: "bench desk".into(),
                reset_after: Duration::from_secs(30),
                log_collections: false,
            },
            |_: &KioskView| {},
        ));
        let password = || SecretString::from("Alice-Pass-1".to_owned());
        let warm = |desk: Arc<Desk>| async move {
            // The desk has been up a while: its UEM token is fresh.
            let _ = desk.authority().device("C02DEMO00004").await;
        };

        // 1. The person types: the look-up and the user search happen meanwhile.
        let (mut typed, mut typed_requests, mut lookup_requests) = (Vec::new(), 0, 0);
        for _ in 0..RUNS {
            sim.reset();
            warm(desk.clone()).await;
            desk.next_person();
            sim.clear_requests();
            desk.scan(STAGED).await;
            wait_for_device(&desk).await;
            desk.username_entered("alice").await;
            lookup_requests = uem_requests(&sim);
            sim.clear_requests();
            let start = Instant::now();
            desk.submit("alice", password()).await;
            let wall = start.elapsed();
            assert!(matches!(desk.view(), KioskView::Done { .. }), "{:?}", desk.view());
            typed.push(wall);
            typed_requests = uem_requests(&sim);
        }

        // 2. Nobody types: Continue the instant the form is on screen.
        let (mut instant, mut instant_requests) = (Vec::new(), 0);
        for _ in 0..RUNS {
            sim.reset();
            warm(desk.clone()).await;
            desk.next_person();
            sim.clear_requests();
            let start = Instant::now();
            let scanning = {
                let desk = desk.clone();
                tokio::spawn(async move { desk.scan(STAGED).await })
            };
            while !matches!(desk.view(), KioskView::SignIn { .. }) {
                tokio::task::yield_now().await;
            }
            desk.submit("alice", password()).await;
            scanning.await.unwrap();
            let wall = start.elapsed();
            assert!(matches!(desk.view(), KioskView::Done { .. }), "{:?}", desk.view());
            instant.push(wall);
            instant_requests = uem_requests(&sim);
        }

        let (typed_median, typed_min, typed_max) = median(typed);
        let (instant_median, instant_min, instant_max) = median(instant);
        let trips = |ms: f64| (ms / LATENCY.as_secs_f64() / 1e3).round();
        println!();
        println!(
            "pickup desk, one person, uem-sim with {} ms latency per UEM request, {RUNS} runs",
            LATENCY.as_millis()
        );
        println!(
            "{:<46} {:>9} {:>9} {:>9} {:>13} {:>11}",
            "", "median ms", "min ms", "max ms", "UEM requests", "round trips"
        );
        println!(
            "{:<46} {:>9.0} {:>9.0} {:>9.0} {:>13} {:>11}",
            "Continue -> receipt (look-up while typing)",
            typed_median,
            typed_min,
            typed_max,
            typed_requests,
            trips(typed_median)
        );
        println!(
            "{:<46} {:>9.0} {:>9.0} {:>9.0} {:>13} {:>11}",
            "scan -> receipt, Continue at once",
            instant_median,
            instant_min,
            instant_max,
            instant_requests,
            trips(instant_median)
        );
        println!(
            "off the critical path while the person types: {lookup_requests} UEM requests (device look-up, user search)"
        );
        println!(
            "desk throughput, machine time only: {:.0} people per minute (plus the time people take to type)",
            60_000.0 / typed_median
        );
        sim.shutdown().await;
    });
}
