//! What happens to every request before and after its route's handler, in order:
//!
//! 1. the path is normalised (`/API/…` → `/api/…`, `/api/v2/…` → `/api/…`) and classified;
//!    `/_sim/…` goes straight to the admin API (loopback peers only);
//! 2. the request is logged (headers redacted);
//! 3. latency (global + route) is waited out;
//! 4. API routes: authentication (Bearer, or Basic + `aw-tenant-code`), the tenant quota
//!    (429 when spent), API version negotiation;
//! 5. a fault rule for the route, if any, fires before or after the handler;
//! 6. UEM's response headers are added and the status is logged.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{self, Principal};
use crate::errors::{code, ApiError};
use crate::faults::{self, Outcome};
use crate::ratelimit::QuotaSnapshot;
use crate::route::{self, Route};
use crate::server::ConnContext;
use crate::sim::{lock, Shared};
use crate::version::{self, Negotiated};

/// The response headers a request earned along the way.
#[derive(Default)]
struct Earned {
    route_versions: &'static [u32],
    served_version: Option<u32>,
    quota: Option<QuotaSnapshot>,
}

pub(crate) async fn front(
    State(sim): State<Arc<Shared>>,
    mut request: Request,
    next: Next,
) -> Response {
    let normalized = route::normalize(request.uri().path());
    let route = Route::classify(&normalized.path);
    let original = request.uri().clone();
    if normalized.path != original.path() {
        let rewritten = match original.query() {
            Some(query) => format!("{}?{query}", normalized.path),
            None => normalized.path.clone(),
        };
        if let Ok(uri) = rewritten.parse() {
            *request.uri_mut() = uri;
        }
    }
    let connection = request.extensions().get::<ConnContext>().cloned();

    if route == Route::Admin {
        if connection.is_some_and(|c| !c.peer.ip().is_loopback()) {
            return StatusCode::FORBIDDEN.into_response();
        }
        return next.run(request).await;
    }

    let method = request.method().clone();
    let seq = lock(&sim.log).begin(&method, &original, request.headers(), route);
    let response = handle(
        &sim,
        request,
        next,
        route,
        normalized.url_version,
        seq,
        connection,
    )
    .await;
    let status = response.status().as_u16();
    lock(&sim.log).update(seq, |entry| entry.status = Some(status));
    tracing::info!(seq, %method, path = original.path(), status, "request");
    response
}

async fn handle(
    sim: &Shared,
    mut request: Request,
    next: Next,
    route: Route,
    url_version: Option<u32>,
    seq: u64,
    connection: Option<ConnContext>,
) -> Response {
    let delay = lock(&sim.latency).for_route(route);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }

    let mut earned = Earned::default();
    if route.is_api() {
        match admit(sim, request.headers(), route, url_version, seq, &mut earned) {
            // Handlers that record who acted (the event log's AdminAccount) read it here.
            Ok(principal) => {
                request.extensions_mut().insert(principal);
            }
            Err(refusal) => return with_uem_headers(refusal.into_response(), &earned),
        }
    }

    let Some(fault) = lock(&sim.faults).take(route) else {
        return with_uem_headers(next.run(request).await, &earned);
    };
    let label = fault.label();
    tracing::info!(seq, fault = %label, "injecting fault");
    lock(&sim.log).update(seq, |entry| entry.fault = Some(label));
    let handled = if fault.runs_handler() {
        Some(next.run(request).await)
    } else {
        None
    };
    match faults::outcome(&fault.kind, handled).await {
        Outcome::Respond {
            response,
            uem_headers: true,
        } => with_uem_headers(response, &earned),
        Outcome::Respond { response, .. } => response,
        Outcome::Reset => {
            if let Some(connection) = connection {
                connection.reset();
            }
            std::future::pending().await
        }
        Outcome::Hang => std::future::pending().await,
    }
}

/// Why an API request was turned away before its handler.
enum Refusal {
    Error(ApiError),
    QuotaSpent(QuotaSnapshot),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Error(error) => error.into_response(),
            Refusal::QuotaSpent(snapshot) => quota_spent(snapshot),
        }
    }
}

/// Authentication, quota and version negotiation of an API request.
fn admit(
    sim: &Shared,
    headers: &HeaderMap,
    route: Route,
    url_version: Option<u32>,
    seq: u64,
    earned: &mut Earned,
) -> Result<Principal, Refusal> {
    let principal =
        auth::authenticate(headers, &sim.seed, &lock(&sim.tokens)).map_err(Refusal::Error)?;
    lock(&sim.log).update(seq, |entry| entry.principal = Some(principal.to_string()));

    match lock(&sim.quota).take(crate::clock::epoch_secs()) {
        Ok(snapshot) => earned.quota = Some(snapshot),
        Err(snapshot) => {
            earned.quota = Some(snapshot);
            return Err(Refusal::QuotaSpent(snapshot));
        }
    }

    earned.route_versions = route.supported_versions();
    if earned.route_versions.is_empty() {
        return Ok(principal);
    }
    let requested = url_version.or_else(|| version::requested(headers));
    match version::negotiate(requested, earned.route_versions) {
        Negotiated::Serve(served) => {
            earned.served_version = Some(served);
            lock(&sim.log).update(seq, |entry| entry.api_version = Some(served));
            Ok(principal)
        }
        Negotiated::Unsupported { requested } => {
            let status = StatusCode::from_u16(sim.seed.behavior.unsupported_version_status)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let code = if status == StatusCode::NOT_FOUND {
                code::NOT_FOUND
            } else {
                code::BAD_REQUEST
            };
            Err(Refusal::Error(ApiError::new(
                status,
                code,
                format!(
                    "The HTTP resource that matches the request URI does not support the API version '{requested}'."
                ),
            )))
        }
    }
}

fn quota_spent(snapshot: QuotaSnapshot) -> Response {
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        code::RATE_LIMITED,
        "The API request quota of the tenant is used up; try again after X-RateLimit-Reset.",
    )
    .into_response();
    if let Some(seconds) = snapshot.retry_after_secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Adds the headers a real tenant sends (uem-api.md §3), keeping any the handler set.
fn with_uem_headers(mut response: Response, earned: &Earned) -> Response {
    let headers = response.headers_mut();
    let mut put = |name: &'static str, value: HeaderValue| {
        headers
            .entry(HeaderName::from_static(name))
            .or_insert(value);
    };
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        put("x-correlation-id", id);
    }
    put(
        "strict-transport-security",
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    put(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Some(served) = earned.served_version {
        if let Ok(value) = HeaderValue::from_str(&format!("v{served}")) {
            put("x-api-version", value);
        }
    }
    if !earned.route_versions.is_empty() {
        if let Ok(value) = HeaderValue::from_str(&version::supported_header(earned.route_versions))
        {
            put("api-supported-versions", value);
        }
    }
    if let Some(quota) = earned.quota {
        put("x-ratelimit-limit", HeaderValue::from(quota.limit));
        put("x-ratelimit-remaining", HeaderValue::from(quota.remaining));
        put("x-ratelimit-reset", HeaderValue::from(quota.reset));
    }
    response
}
