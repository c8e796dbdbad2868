//! The simulator's own API under `/_sim/…` (loopback peers only, checked by the pipeline):
//! request log, state, faults, latency, quota, tokens, reset, and the Baton configuration.
//! Requests to it are never logged, delayed, counted or faulted.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::faults::FaultRule;
use crate::ratelimit::{QuotaSnapshot, RateLimitConfig};
use crate::route::Route;
use crate::sim::{lock, Shared};

type Sim = State<Arc<Shared>>;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/state", get(state))
        .route("/commands", get(commands))
        .route("/reset", post(reset))
        .route(
            "/faults",
            get(faults)
                .post(add_fault)
                .put(replace_faults)
                .delete(clear_faults),
        )
        .route("/latency", get(latency).put(set_latency))
        .route("/ratelimit", get(rate_limit).put(set_rate_limit))
        .route("/tokens/expire", post(expire_tokens))
        .route("/config", get(config))
        .route("/ca.pem", get(ca_pem))
        .route("/devices/{serial}/notes", get(device_notes))
        .route("/devices/{serial}/eventlog", get(device_event_log))
        .route("/registrations", get(registrations))
}

/// The notes of the device with this serial in seed form, oldest first; 404 for no device.
async fn device_notes(State(sim): Sim, Path(serial): Path<String>) -> Response {
    match sim.device_by_serial(&serial) {
        Some(device) => Json(device.notes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The event log of the device with this serial in seed form, newest first.
async fn device_event_log(State(sim): Sim, Path(serial): Path<String>) -> Response {
    match sim.event_log(&serial) {
        Some(entries) => Json(entries).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn registrations(State(sim): Sim) -> Response {
    Json(lock(&sim.tenant).registrations.clone()).into_response()
}

async fn requests(State(sim): Sim) -> Response {
    Json(lock(&sim.log).entries()).into_response()
}

async fn clear_requests(State(sim): Sim) -> StatusCode {
    lock(&sim.log).clear();
    StatusCode::NO_CONTENT
}

async fn state(State(sim): Sim) -> Response {
    Json(sim.state()).into_response()
}

async fn commands(State(sim): Sim) -> Response {
    Json(lock(&sim.tenant).commands.clone()).into_response()
}

async fn reset(State(sim): Sim) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

async fn faults(State(sim): Sim) -> Response {
    Json(lock(&sim.faults).rules()).into_response()
}

async fn add_fault(State(sim): Sim, Json(rule): Json<FaultRule>) -> StatusCode {
    lock(&sim.faults).add(rule);
    StatusCode::NO_CONTENT
}

async fn replace_faults(State(sim): Sim, Json(rules): Json<Vec<FaultRule>>) -> StatusCode {
    let mut faults = lock(&sim.faults);
    faults.clear();
    for rule in rules {
        faults.add(rule);
    }
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(sim): Sim) -> StatusCode {
    lock(&sim.faults).clear();
    StatusCode::NO_CONTENT
}

async fn latency(State(sim): Sim) -> Response {
    Json(lock(&sim.latency).view()).into_response()
}

/// `{"ms": 250}` sets the global delay; `{"route": "switch_user", "ms": 250}` one route's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LatencyUpdate {
    #[serde(default)]
    route: Option<Route>,
    ms: u64,
}

async fn set_latency(State(sim): Sim, Json(update): Json<LatencyUpdate>) -> StatusCode {
    lock(&sim.latency).set(update.route, Duration::from_millis(update.ms));
    StatusCode::NO_CONTENT
}

#[derive(Serialize)]
struct RateLimitView {
    config: RateLimitConfig,
    current: QuotaSnapshot,
}

async fn rate_limit(State(sim): Sim) -> Response {
    let quota = lock(&sim.quota);
    Json(RateLimitView {
        config: quota.config().clone(),
        current: quota.snapshot(),
    })
    .into_response()
}

/// Starts a new quota window. Left-out `limit`/`window_secs` keep their values;
/// `retry_after_secs` is set as given (left out = no `Retry-After`); `remaining` defaults
/// to the whole limit.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitUpdate {
    limit: Option<u64>,
    window_secs: Option<u64>,
    #[serde(default)]
    retry_after_secs: Option<u64>,
    remaining: Option<u64>,
}

async fn set_rate_limit(State(sim): Sim, Json(update): Json<RateLimitUpdate>) -> StatusCode {
    let mut quota = lock(&sim.quota);
    let current = quota.config().clone();
    let config = RateLimitConfig {
        limit: update.limit.unwrap_or(current.limit),
        window_secs: update.window_secs.unwrap_or(current.window_secs).max(1),
        retry_after_secs: update.retry_after_secs,
    };
    quota.configure(config, update.remaining, crate::clock::epoch_secs());
    StatusCode::NO_CONTENT
}

async fn expire_tokens(State(sim): Sim) -> StatusCode {
    lock(&sim.tokens).expire_all();
    StatusCode::NO_CONTENT
}

async fn config(State(sim): Sim) -> Response {
    Json(sim.baton_config()).into_response()
}

async fn ca_pem(State(sim): Sim) -> Response {
    (
        [(header::CONTENT_TYPE, "application/x-pem-file")],
        sim.ca_pem.clone(),
    )
        .into_response()
}
