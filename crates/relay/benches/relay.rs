//! `npm run bench` (part 1c): what the relay costs and what it sustains, against uem-sim (a
//! tenant quota, and 100 ms of latency on every UEM request unless said otherwise).
//!
//! (a) One hand-off (verify alice's password, switch C02DEMO00001, sync, confirm), direct
//!     (`baton_core::ops::Direct` in this process) and through the relay (`RelayClient` →
//!     baton-relay → the same simulator); median of 7 runs, the simulator reset between runs.
//! (b) Fleet morning: `BENCH_FLEET` (default 2000) distinct staged Macs, each with its own
//!     device certificate, handed to as many directory users by 50 concurrent clients, 5% of
//!     the serials sent twice at once (one copy to each replica); through two relay replicas
//!     sharing one PostgreSQL (the throwaway cluster of `tests/support/pg.rs`), then through one
//!     replica on SQLite. `BENCH_FLEET_LATENCY_MS` changes the UEM latency of (b).
//!
//! Starts and stops everything it uses; skips PostgreSQL with a printed reason when its
//! binaries are missing. Prints figures; asserts nothing.
//! Run with `cargo bench -p baton-relay --bench relay`.

#[allow(dead_code)]
#[path = "../tests/support/pg.rs"]
mod pg;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use baton_core::config::{self as core_config, source, Settings, Sources};
use baton_core::directory::{LdapDirectory, LdapOptions};
use baton_core::ops::{
    Actor, Authority, Direct, DirectOptions, HandOffRequest, OpsError, Outcome, RelayClient,
    RelayClientIdentity, RelayClientOptions,
};
use baton_core::problem::Problem;
use baton_core::uem::{UemClient, UemOptions};
use baton_relay::config::{self, RelayConfig};
use plist::Value;
use secrecy::SecretString;
use uem_sim::pki::{CertificateAuthority, DeviceCertOptions, IssuedCert};
use uem_sim::{fleet, RateLimitConfig, Route, Seed, Sim, SimHandle, SimOptions};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 7;
const SERIAL: &str = "C02DEMO00001";
const USER: &str = "alice";
const PASSWORD: &str = "Alice-Pass-1";
/// Concurrent clients in the fleet run.
const CONCURRENCY: usize = 50;
/// Every 20th serial (5%) is sent twice at once.
const DUPLICATE_EVERY: usize = 20;
/// The tenant quota: a day's window, as on real tenants (uem-api.md §6).
const QUOTA: u64 = 50_000;

fn quota() -> RateLimitConfig {
    RateLimitConfig {
        limit: QUOTA,
        window_secs: 86_400,
        retry_after_secs: None,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn uem_requests(sim: &SimHandle) -> usize {
    sim.requests()
        .iter()
        .filter(|r| r.route != Route::Ldap)
        .count()
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The app's settings for this simulator (what a direct-mode Mac would be configured with).
fn direct_settings(sim: &SimHandle) -> Settings {
    let config = source::from_json(sim.baton_config());
    core_config::load_from(&Sources {
        file: config.into_dictionary(),
        ..Default::default()
    })
    .expect("the simulator's configuration loads")
    .settings
}

/// The relay's TLS material: a device CA (which also issues the relay's server certificate)
/// and the server certificate's files.
struct Pki {
    ca: CertificateAuthority,
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca = CertificateAuthority::new("Baton Bench Device CA").unwrap();
        let server = ca.server_cert(&["127.0.0.1", "localhost"]).unwrap();
        std::fs::write(dir.path().join("relay.pem"), &server.cert_pem).unwrap();
        std::fs::write(dir.path().join("relay-key.pem"), &server.key_pem).unwrap();
        Pki { ca, dir }
    }

    fn device(&self, serial: &str) -> IssuedCert {
        self.ca
            .device_cert(serial, &DeviceCertOptions::default())
            .unwrap()
    }

    /// A relay configuration for `sim` with state in `database` (`sqlite:…` or `postgres://…`).
    fn relay_config(&self, sim: &SimHandle, database: &str) -> RelayConfig {
        let mut json = sim.baton_config();
        json["Listen"] = "127.0.0.1:0".into();
        json["TLSCertificateFile"] = self.dir.path().join("relay.pem").to_str().unwrap().into();
        json["TLSKeyFile"] = self
            .dir
            .path()
            .join("relay-key.pem")
            .to_str()
            .unwrap()
            .into();
        json["DeviceCACertificates"] = serde_json::json!([self.ca.cert_pem()]);
        json["Database"] = database.into();
        let Value::Dictionary(dict) = source::from_json(json) else {
            unreachable!()
        };
        config::from_dictionary(dict, &|_| None).expect("the relay configuration is valid")
    }

    /// The app's relay client, as the Mac holding `cert` builds it.
    fn client(&self, url: &str, cert: &IssuedCert) -> RelayClient {
        RelayClient::new(RelayClientOptions {
            url: url.parse().unwrap(),
            ca_certificates: vec![self.ca.cert_pem().to_owned()],
            identity: Some(RelayClientIdentity::Pem(SecretString::from(format!(
                "{}\n{}",
                cert.cert_pem, cert.key_pem
            )))),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
        })
        .unwrap()
    }
}

async fn hand_off(
    authority: &impl Authority,
    serial: &str,
    username: &str,
    password: &SecretString,
) -> Result<Outcome, OpsError> {
    authority
        .hand_off(
            HandOffRequest {
                serial,
                username,
                password,
                by: &Actor::SelfService,
            },
            &|_| {},
        )
        .await
        .map(|done| done.outcome)
}

// ---- (a) one hand-off, direct vs relay ----

struct Single {
    wall: Vec<Duration>,
    requests: usize,
}

impl Single {
    fn median(&self) -> Duration {
        median(&self.wall)
    }

    fn trips(&self) -> f64 {
        (self.median().as_secs_f64() / LATENCY.as_secs_f64()).round()
    }
}

/// Direct, as the app runs it: after the launch read (token, device) and, with `prefetch`,
/// after the user look-up started when the username was typed; none of that is timed.
async fn single_direct(sim: &SimHandle, settings: &Settings, prefetch: bool) -> Single {
    let password = SecretString::from(PASSWORD.to_owned());
    let mut wall = Vec::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        sim.reset();
        let direct = Direct::new(
            UemClient::new(UemOptions::from_settings(settings).unwrap()).unwrap(),
            LdapDirectory::new(&LdapOptions::from_settings(settings).unwrap()).unwrap(),
            DirectOptions::from_settings(settings),
        );
        direct.device(SERIAL).await.unwrap();
        if prefetch {
            direct.username_entered(USER).await;
        }
        sim.clear_requests();
        let start = Instant::now();
        let outcome = hand_off(&direct, SERIAL, USER, &password).await.unwrap();
        wall.push(start.elapsed());
        assert_eq!(outcome, Outcome::Switched);
        requests = uem_requests(sim);
    }
    Single { wall, requests }
}

/// Through a fresh relay per run (its stored answers would otherwise answer run 2 without a
/// switch), after the app's launch read (`GET /v1/device`, which also gets the relay its UEM
/// token and opens the client's TLS connection); only the hand-off is timed.
async fn single_relay(sim: &SimHandle, pki: &Pki) -> Single {
    let password = SecretString::from(PASSWORD.to_owned());
    let cert = pki.device(SERIAL);
    let mut wall = Vec::new();
    let mut requests = 0;
    for run in 0..RUNS {
        sim.reset();
        let db = format!(
            "sqlite:{}",
            pki.dir.path().join(format!("a{run}.db")).display()
        );
        let relay = baton_relay::start(pki.relay_config(sim, &db))
            .await
            .unwrap();
        let client = pki.client(&relay.url, &cert);
        client.device(SERIAL).await.unwrap();
        sim.clear_requests();
        let start = Instant::now();
        let outcome = hand_off(&client, SERIAL, USER, &password).await.unwrap();
        wall.push(start.elapsed());
        assert_eq!(outcome, Outcome::Switched);
        requests = uem_requests(sim);
        relay.shutdown().await;
    }
    Single { wall, requests }
}

/// Runs (a); answers the relay's round trips on the critical path.
async fn one_hand_off(pki: &Pki) -> f64 {
    let sim = Sim::start(
        Seed::demo(),
        SimOptions {
            latency: LATENCY,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap();
    sim.set_rate_limit(quota(), None);
    let settings = direct_settings(&sim);
    let direct = single_direct(&sim, &settings, false).await;
    let prefetched = single_direct(&sim, &settings, true).await;
    let relay = single_relay(&sim, pki).await;
    sim.shutdown().await;

    println!();
    println!(
        "(a) one hand-off {SERIAL} -> {USER} (verify, switch, sync, confirm), uem-sim with {} ms \
         per UEM request and a {QUOTA}/day quota, {RUNS} runs each",
        LATENCY.as_millis()
    );
    println!(
        "{:<40} {:>9} {:>7} {:>7} {:>13} {:>11}",
        "", "median ms", "min ms", "max ms", "UEM requests", "round trips"
    );
    let row = |name: &str, f: &Single| {
        println!(
            "{name:<40} {:>9.0} {:>7.0} {:>7.0} {:>13} {:>11}",
            ms(f.median()),
            ms(*f.wall.iter().min().unwrap()),
            ms(*f.wall.iter().max().unwrap()),
            f.requests,
            f.trips()
        );
    };
    row("direct (Direct in process)", &direct);
    row("direct, user prefetched while typing", &prefetched);
    row("relay (RelayClient -> baton-relay)", &relay);
    println!(
        "relay overhead: {:+.0} ms and {:+} round trips over direct ({:+.0} ms, {:+} over the \
         prefetched direct hand-off)",
        ms(relay.median()) - ms(direct.median()),
        relay.trips() - direct.trips(),
        ms(relay.median()) - ms(prefetched.median()),
        relay.trips() - prefetched.trips()
    );
    println!(
        "round trips = median / UEM latency: the UEM calls on the critical path (the LDAPS bind \
         and the relay hop add no injected latency)."
    );
    relay.trips()
}

// ---- (b) fleet morning ----

/// One request's answer: its latency and outcome (or the error's support code).
type Answer = (Duration, Result<Outcome, String>);

struct Fleet {
    label: String,
    serials: usize,
    requests: usize,
    answered_ok: usize,
    completed: usize,
    duplicate_patches: usize,
    patches: usize,
    uem_calls: usize,
    by_route: BTreeMap<Route, usize>,
    latencies: Vec<Duration>,
    wall: Duration,
    errors: BTreeMap<String, usize>,
    duplicates_agreeing: usize,
    duplicates: usize,
    quota_used: u64,
}

async fn fleet_run(
    label: &str,
    n: usize,
    latency: Duration,
    pki: &Arc<Pki>,
    certs: &Arc<Vec<IssuedCert>>,
    database: &str,
    replicas: usize,
) -> Fleet {
    let sim = Sim::start(
        fleet::seed(n),
        SimOptions {
            latency,
            request_log_capacity: n * 40 + 10_000,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap();
    sim.set_rate_limit(quota(), None);
    let mut relays = Vec::new();
    for _ in 0..replicas {
        relays.push(
            baton_relay::start(pki.relay_config(&sim, database))
                .await
                .unwrap(),
        );
    }
    let urls: Vec<String> = relays.iter().map(|r| r.url.clone()).collect();
    // Each Mac builds its client at launch: made up front, not timed.
    let mut jobs = Vec::with_capacity(n);
    for (i, cert) in certs.iter().enumerate().take(n) {
        let mut clients = vec![pki.client(&urls[i % replicas], cert)];
        if i % DUPLICATE_EVERY == 0 {
            clients.push(pki.client(&urls[(i + 1) % replicas], cert));
        }
        jobs.push((i, clients));
    }
    let requests: usize = jobs.iter().map(|(_, c)| c.len()).sum();
    sim.clear_requests();
    let quota_before = sim.rate_limit().remaining;

    let gate = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, clients) in jobs {
        let gate = Arc::clone(&gate);
        tasks.spawn(async move {
            let _permit = gate.acquire_many(clients.len() as u32).await.unwrap();
            let serial = fleet::serial(i);
            let username = fleet::username(i);
            let password = SecretString::from(fleet::password(i));
            let one = |client: RelayClient| {
                let (serial, username, password) =
                    (serial.clone(), username.clone(), password.clone());
                async move {
                    let sent = Instant::now();
                    let result = hand_off(&client, &serial, &username, &password)
                        .await
                        .map_err(|e| e.user_facing().code.to_owned());
                    (sent.elapsed(), result)
                }
            };
            let mut answers: Vec<Answer> = Vec::new();
            let mut clients = clients.into_iter();
            let first = clients.next().unwrap();
            match clients.next() {
                Some(second) => {
                    let (a, b) = tokio::join!(one(first), one(second));
                    answers.push(a);
                    answers.push(b);
                }
                None => answers.push(one(first).await),
            }
            (i, answers)
        });
    }
    let mut results: Vec<(usize, Vec<Answer>)> = Vec::with_capacity(n);
    while let Some(done) = tasks.join_next().await {
        results.push(done.unwrap());
    }
    let wall = start.elapsed();

    let log = sim.requests();
    let mut by_route = BTreeMap::new();
    let mut patches_per_device: HashMap<String, usize> = HashMap::new();
    for record in &log {
        if record.route == Route::Ldap {
            continue;
        }
        *by_route.entry(record.route).or_insert(0) += 1;
        if record.route == Route::SwitchUser && record.method.eq_ignore_ascii_case("PATCH") {
            // /api/mdm/devices/{id}/enrollmentuser/{userId}
            let device = record
                .path
                .split('/')
                .skip_while(|s| !s.eq_ignore_ascii_case("devices"))
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            *patches_per_device.entry(device).or_insert(0) += 1;
        }
    }
    let patches: usize = patches_per_device.values().sum();
    let duplicate_patches = patches_per_device
        .values()
        .map(|c| c.saturating_sub(1))
        .sum();
    let uem_calls = by_route.values().sum();

    let mut latencies = Vec::new();
    let mut errors = BTreeMap::new();
    let mut answered_ok = 0;
    let mut completed = 0;
    let mut duplicates = 0;
    let mut duplicates_agreeing = 0;
    for (i, answers) in &results {
        let mut all_ok = true;
        for (latency, result) in answers {
            match result {
                Ok(_) => {
                    answered_ok += 1;
                    latencies.push(*latency);
                }
                Err(code) => {
                    all_ok = false;
                    *errors.entry(code.clone()).or_insert(0) += 1;
                }
            }
        }
        if answers.len() > 1 {
            duplicates += 1;
            if answers.iter().all(|(_, r)| r == &answers[0].1) && answers[0].1.is_ok() {
                duplicates_agreeing += 1;
            }
        }
        let owner = sim.owner(&fleet::serial(*i));
        if all_ok && owner.as_deref() == Some(fleet::username(*i).as_str()) {
            completed += 1;
        }
    }
    latencies.sort();
    let quota_used = quota_before.saturating_sub(sim.rate_limit().remaining);

    for relay in relays {
        relay.shutdown().await;
    }
    sim.shutdown().await;
    Fleet {
        label: label.to_owned(),
        serials: n,
        requests,
        answered_ok,
        completed,
        duplicate_patches,
        patches,
        uem_calls,
        by_route,
        latencies,
        wall,
        errors,
        duplicates_agreeing,
        duplicates,
        quota_used,
    }
}

fn fleet_header(n: usize, latency: Duration) {
    println!();
    println!(
        "(b) fleet morning: {n} staged Macs (one device certificate each) -> {n} directory users, \
         {CONCURRENCY} concurrent clients, every {DUPLICATE_EVERY}th serial sent twice at once \
         (one copy per replica); uem-sim with {} ms per UEM request and a {QUOTA}/day quota",
        latency.as_millis()
    );
    println!(
        "{:<34} {:>10} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7} {:>12}",
        "",
        "completed",
        "dup PATCH",
        "UEM/h-o",
        "quota/h-o",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "hand-offs/s"
    );
}

fn fleet_row(f: &Fleet) {
    let completed = f.completed.max(1) as f64;
    println!(
        "{:<34} {:>9.1}% {:>9} {:>9.2} {:>9.2} {:>7.0} {:>7.0} {:>7.0} {:>12.1}",
        f.label,
        100.0 * f.completed as f64 / f.serials as f64,
        f.duplicate_patches,
        f.uem_calls as f64 / completed,
        f.quota_used as f64 / completed,
        ms(percentile(&f.latencies, 50.0)),
        ms(percentile(&f.latencies, 95.0)),
        ms(percentile(&f.latencies, 99.0)),
        f.completed as f64 / f.wall.as_secs_f64()
    );
    let routes: Vec<String> = f
        .by_route
        .iter()
        .map(|(route, count)| {
            format!(
                "{} {count}",
                serde_json::to_value(route)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            )
        })
        .collect();
    println!(
        "  {} requests ({} duplicates), {} answered 200, {}/{} duplicate pairs got one same \
         answer; {} PATCHes for {} serials; {:.1} s wall",
        f.requests,
        f.duplicates,
        f.answered_ok,
        f.duplicates_agreeing,
        f.duplicates,
        f.patches,
        f.serials,
        f.wall.as_secs_f64()
    );
    println!("  UEM calls by route: {}", routes.join(", "));
    if !f.errors.is_empty() {
        let errors: Vec<String> = f
            .errors
            .iter()
            .map(|(code, count)| format!("{code} x{count}"))
            .collect();
        println!("  refused or failed: {}", errors.join(", "));
    }
}

async fn fleet_morning(pki: Arc<Pki>, trips: f64) {
    let n = env_usize("BENCH_FLEET").unwrap_or(2000).max(1);
    let latency = env_usize("BENCH_FLEET_LATENCY_MS")
        .map(|v| Duration::from_millis(v as u64))
        .unwrap_or(LATENCY);
    let made = Instant::now();
    let certs: Vec<IssuedCert> = (0..n).map(|i| pki.device(&fleet::serial(i))).collect();
    let certs = Arc::new(certs);
    let certs_took = made.elapsed();
    fleet_header(n, latency);

    match pg::cluster() {
        Some(cluster) => {
            let url = cluster.fresh_database().await;
            let f = fleet_run(
                "2 replicas, one PostgreSQL",
                n,
                latency,
                &pki,
                &certs,
                &url,
                2,
            )
            .await;
            fleet_row(&f);
        }
        None => println!(
            "{:<34} skipped: {}",
            "2 replicas, one PostgreSQL",
            pg::unavailable_reason().unwrap_or("PostgreSQL is not available")
        ),
    }
    let db = format!("sqlite:{}", pki.dir.path().join("fleet.db").display());
    let f = fleet_run("1 replica, SQLite", n, latency, &pki, &certs, &db, 1).await;
    fleet_row(&f);
    println!(
        "completed = serials whose every request was answered 200 and that UEM shows on their \
         person; dup PATCH = PATCHes beyond the first per serial in the simulator's request log \
         (must be 0); UEM/h-o = API and token requests the relays sent per completed hand-off \
         (quota/h-o: what the tenant quota counted); latency = each request as its client saw \
         it; hand-offs/s = completed / wall time. The {n} device certificates took {:.1} s to \
         issue and the clients are built before the clock starts (a Mac does both long before).",
        certs_took.as_secs_f64()
    );
    println!(
        "ceiling of this load: {CONCURRENCY} clients / ({trips} round trips x {} ms) = {:.0} \
         hand-offs/s; a throughput near it means the clients and UEM's latency, not the relay or \
         its database, set the pace.",
        latency.as_millis(),
        CONCURRENCY as f64 / (trips.max(1.0) * latency.as_secs_f64().max(1e-3))
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let pki = Arc::new(Pki::new());
        let trips = one_hand_off(&pki).await;
        fleet_morning(pki, trips).await;
    });
}
