//! `npm run bench` (part 1): `baton assign`'s UEM sequence against the simulator with 100 ms of
//! latency on every request, next to the five sequential calls a naive script makes
//! (token, system info, device, user search, PATCH, verifying read).
//!
//! Prints figures; asserts nothing. Run with `cargo bench -p baton-core --bench assign`.

use std::time::{Duration, Instant};

use baton_core::checkout::{checkout, CheckoutOptions};
use baton_core::uem::{UemAuth, UemClient, UemOptions};
use secrecy::SecretString;
use uem_sim::{Seed, Sim, SimHandle, SimOptions};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 7;
const SERIAL: &str = "C02DEMO00001";
const USER: &str = "alice";

struct Figures {
    wall: Vec<Duration>,
    requests: usize,
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn client(sim: &SimHandle) -> UemClient {
    let seed = sim.seed();
    let oauth = &seed.oauth_clients[0];
    let mut options = UemOptions::new(
        sim.base_url().parse().unwrap(),
        UemAuth::OAuth {
            token_url: sim.token_url().parse().unwrap(),
            client_id: oauth.client_id.clone(),
            client_secret: SecretString::from(oauth.client_secret.clone()),
            client_auth: Default::default(),
        },
    )
    .unwrap();
    options.trusted_ca_pems = vec![sim.ca_pem().to_owned()];
    UemClient::new(options).unwrap()
}

async fn baton(sim: &SimHandle) -> Figures {
    let options = CheckoutOptions {
        staging_usernames: vec!["staging".into()],
        sync_after_switch: true,
        create_missing_user: None,
    };
    let mut wall = Vec::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        sim.reset();
        sim.clear_requests();
        let client = client(sim);
        let start = Instant::now();
        checkout(&client, SERIAL, USER, &options).await.unwrap();
        wall.push(start.elapsed());
        requests = sim.requests().len();
    }
    Figures { wall, requests }
}

/// What a script does: one call after another, each waiting for the previous.
async fn naive(sim: &SimHandle) -> Figures {
    let seed = sim.seed();
    let oauth = &seed.oauth_clients[0];
    let mut wall = Vec::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        sim.reset();
        sim.clear_requests();
        let http = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(sim.ca_pem().as_bytes()).unwrap())
            .build()
            .unwrap();
        let base = sim.base_url().trim_end_matches('/').to_owned();
        let start = Instant::now();
        let token: serde_json::Value = http
            .post(sim.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", oauth.client_id.as_str()),
                ("client_secret", oauth.client_secret.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
        let get = |path: String| {
            http.get(format!("{base}{path}"))
                .header("Authorization", &bearer)
                .header("Accept", "application/json")
                .send()
        };
        get("/api/system/info".into()).await.unwrap();
        let device: serde_json::Value = get(format!(
            "/api/mdm/devices?searchby=Serialnumber&id={SERIAL}"
        ))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let users: serde_json::Value = get(format!("/api/system/users/search?username={USER}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let device_id = device["Id"]["Value"].as_i64().unwrap();
        let user_id = users["Users"][0]["Id"]["Value"].as_i64().unwrap();
        let patched = http
            .patch(format!(
                "{base}/api/mdm/devices/{device_id}/enrollmentuser/{user_id}"
            ))
            .header("Authorization", &bearer)
            .header("Accept", "application/json;version=2")
            .send()
            .await
            .unwrap();
        assert!(patched.status().is_success());
        get(format!("/api/mdm/devices/{device_id}")).await.unwrap();
        wall.push(start.elapsed());
        requests = sim.requests().len();
    }
    Figures { wall, requests }
}

fn row(name: &str, figures: &Figures) {
    let median = median(&figures.wall);
    let min = figures.wall.iter().min().unwrap();
    let max = figures.wall.iter().max().unwrap();
    let trips = (median.as_secs_f64() / LATENCY.as_secs_f64()).round() as u32;
    println!(
        "{name:<34} {:>9.0} {:>9.0} {:>9.0} {:>9} {:>11}",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        figures.requests,
        trips
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let options = SimOptions {
            latency: LATENCY,
            ..SimOptions::default()
        };
        let sim = Sim::start(Seed::demo(), options).await.unwrap();
        let naive = naive(&sim).await;
        let baton = baton(&sim).await;
        println!();
        println!(
            "assign {SERIAL} -> {USER} against uem-sim, {} ms latency per request, {RUNS} runs each",
            LATENCY.as_millis()
        );
        println!(
            "{:<34} {:>9} {:>9} {:>9} {:>9} {:>11}",
            "", "median ms", "min ms", "max ms", "requests", "round trips"
        );
        row("naive script (token+5 calls)", &naive);
        row("baton assign (switch+sync+confirm)", &baton);
        println!("round trips = median wall time / latency: the calls on the critical path.");
        sim.shutdown().await;
    });
}
