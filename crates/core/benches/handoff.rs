//! `npm run bench` (part 1b): the app's hand-off from "Continue" to "Done" — the flow with the
//! real UEM client and LDAP directory against the simulator (100 ms latency on every UEM
//! request; the LDAPS directory answers without injected latency), after the launch prefetch
//! (token, device) and the user lookup started when the username was entered. The baseline is
//! the naive script of the assign benchmark: token, info, device, user, PATCH, verify, in turn
//! (612 ms, 6 round trips at 100 ms). Prints figures; asserts nothing.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baton_core::config::{self, source, Sources};
use baton_core::directory::{LdapDirectory, LdapOptions};
use baton_core::handoff::flow::{Flow, Services};
use baton_core::ipc::HandoffView;
use baton_core::ops::{Direct, DirectOptions};
use baton_core::uem::{UemClient, UemOptions};
use baton_platform::app_prefs::PlistDirPreferences;
use baton_platform::keychain::MemoryStore;
use secrecy::SecretString;
use uem_sim::{Seed, Sim, SimOptions};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 7;

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
        let config = source::from_json(sim.baton_config());
        let settings = config::load_from(&Sources {
            file: config.into_dictionary(),
            ..Default::default()
        })
        .unwrap()
        .settings;
        let prefs_dir = tempfile::tempdir().unwrap();
        let mut walls = Vec::new();
        let mut requests = 0;
        for _ in 0..RUNS {
            sim.reset();
            let done_at: Arc<Mutex<Option<Instant>>> = Arc::default();
            let seen = Arc::clone(&done_at);
            let direct = Direct::new(
                UemClient::new(UemOptions::from_settings(&settings).unwrap()).unwrap(),
                LdapDirectory::new(&LdapOptions::from_settings(&settings).unwrap()).unwrap(),
                DirectOptions::from_settings(&settings),
            );
            let flow = Flow::new(
                Services {
                    authority: direct,
                    store: MemoryStore::new(),
                    prefs: PlistDirPreferences::new(prefs_dir.path()),
                },
                Arc::new(settings.clone()),
                Box::new(move |view: &HandoffView| {
                    if matches!(view, HandoffView::Done { .. }) {
                        *seen.lock().unwrap() = Some(Instant::now());
                    }
                }),
            );
            flow.start("C02DEMO00001").await;
            flow.username_entered("alice").await;
            sim.clear_requests();
            let start = Instant::now();
            flow.submit("alice", SecretString::from("Alice-Pass-1".to_owned()))
                .await;
            let done = done_at.lock().unwrap().expect("the hand-off reached Done");
            walls.push(done - start);
            requests = sim.requests().iter().filter(|r| r.route != uem_sim::Route::Ldap).count();
        }
        walls.sort();
        let median = walls[walls.len() / 2];
        println!();
        println!(
            "app hand-off, Continue -> Done, uem-sim with {} ms latency per UEM request, {RUNS} runs",
            LATENCY.as_millis()
        );
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>13} {:>11}",
            "", "median ms", "min ms", "max ms", "UEM requests", "round trips"
        );
        println!(
            "{:<44} {:>9.0} {:>9.0} {:>9.0} {:>13} {:>11}",
            "baton (bind, switch, Keychain, sync+confirm)",
            median.as_secs_f64() * 1e3,
            walls[0].as_secs_f64() * 1e3,
            walls[walls.len() - 1].as_secs_f64() * 1e3,
            requests,
            (median.as_secs_f64() / LATENCY.as_secs_f64()).round()
        );
        println!("baseline: the naive 5-call script above (token+5 calls in turn, no directory check, no Keychain).");
        sim.shutdown().await;
    });
}
