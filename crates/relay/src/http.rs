//! The HTTPS server: TLS with optional client certificates ([`crate::tls`]), then the routes of
//! RELAY.md's HTTP contract. Each connection's [`ClientIdentity`] travels with its requests.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use baton_core::ops::wire::{AssignBody, CredentialsBody, MAX_PASSWORD, MAX_USERNAME};
use baton_core::ops::Actor;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::config::RelayConfig;
use crate::openapi::Problems;
use crate::problem::ApiProblem;
use crate::service::Session;
use crate::service::{Asker, Service, ServiceError};
use crate::store::AuditRow;
use crate::tls::{ClientIdentity, TlsSettings};
use baton_core::ops::wire::{DeviceState, HandedOff, Registered, Returned, UserSummary};

/// The longest a request may take (a hand-off waits for UEM's confirmation, within its own
/// retry budget); past it the asker gets a 503 problem and nothing more is started for it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The peer's address, for the rate limit of clients without an identity.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub std::net::SocketAddr);

/// Largest request body accepted (a hand-off body is a few hundred bytes).
pub const MAX_BODY: usize = 16 * 1024;
/// Longest a TLS handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler reaches.
pub struct Shared {
    pub service: Service,
    pub config: RelayConfig,
    pub rate: crate::limits::RateLimits,
}

type AppState = Arc<Shared>;

/// The routes.
pub fn router(shared: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/openapi.json", get(openapi_json))
        .route("/v1/device", get(own_device))
        .route("/v1/handoff", post(own_handoff))
        .route("/v1/sessions", post(sign_in).delete(sign_out))
        .route("/v1/users", get(users))
        .route("/v1/devices", get(device_by_asset_tag))
        .route("/v1/devices/{serial}", get(any_device))
        .route("/v1/devices/{serial}/handoff", post(kiosk_handoff))
        .route("/v1/devices/{serial}/assign", post(assign))
        .route("/v1/devices/{serial}/return", post(return_to_staging))
        .route("/v1/registrations", post(preregister))
        .route("/v1/audit", get(audit))
        .fallback(|| async { ApiProblem::relay(StatusCode::NOT_FOUND, "no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::clone(&shared),
            traced,
        ))
        .with_state(shared)
}

/// 200 while the process serves.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "Serving", body = String, content_type = "text/plain")))]
pub(crate) async fn healthz() -> &'static str {
    "ok"
}

/// Prometheus text (bind the relay so that only monitoring reaches it).
#[utoipa::path(get, path = "/metrics", responses((status = 200, description = "Prometheus text", body = String, content_type = "text/plain")))]
pub(crate) async fn metrics(State(shared): State<AppState>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        shared.service.metrics.encode(),
    )
        .into_response()
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", responses((status = 200, description = "The OpenAPI 3.1 description of this API", content_type = "application/json")))]
pub(crate) async fn openapi_json() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::openapi::document(),
    )
        .into_response()
}

/// 200 when the database is usable, else 503.
#[utoipa::path(get, path = "/readyz", responses(
    (status = 200, description = "Ready", body = String, content_type = "text/plain"),
    (status = 503, description = "The database cannot be used", body = String, content_type = "text/plain"),
))]
pub(crate) async fn readyz(State(shared): State<AppState>) -> Response {
    match shared.service.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::error!("not ready: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

tokio::task_local! {
    /// The id of the request being answered, set by [`traced`].
    static REQUEST_ID: String;
}

/// The id of the request being answered: in every log line (the `request` span), the audit
/// row, the problem document and the `X-Request-Id` header.
fn request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| uuid::Uuid::new_v4().to_string())
}

/// Gives each request its id and span, and logs one line when it is answered (method, path,
/// status, milliseconds; never a body or a query string).
async fn traced(
    State(shared): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use tracing::Instrument;
    let id = uuid::Uuid::new_v4().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    let started = std::time::Instant::now();
    let path = request.uri().path().to_owned();
    let client = client_key(&request);
    let mut response = match shared.rate.take(&client, started) {
        Err(wait) => {
            let _entered = span.enter();
            tracing::warn!("client over its request rate");
            let mut problem = ApiProblem::relay(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests from this client",
            );
            problem.doc.retry_after_seconds = Some(wait.as_secs().max(1));
            problem.into_response()
        }
        Ok(()) => {
            let run = REQUEST_ID.scope(id.clone(), next.run(request));
            match tokio::time::timeout(REQUEST_TIMEOUT, run.instrument(span.clone())).await {
                Ok(response) => response,
                Err(_) => {
                    let _entered = span.enter();
                    tracing::error!("the request took longer than {REQUEST_TIMEOUT:?}");
                    ApiProblem::relay(StatusCode::SERVICE_UNAVAILABLE, "the request took too long")
                        .into_response()
                }
            }
        }
    };
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "answered"
        )
    });
    shared
        .service
        .metrics
        .request(&path, response.status().as_u16());
    if let Ok(value) = axum::http::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The serial of a URL or body, normalised; anything that is not a serial is refused before
/// any work.
fn serial_of(raw: &str) -> Result<String, ApiProblem> {
    let serial = raw.trim().to_uppercase();
    if (4..=32).contains(&serial.len()) && serial.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(serial)
    } else {
        Err(ApiProblem::bad_field("serial", "not a serial number"))
    }
}

type Body = Result<Bytes, axum::extract::rejection::BytesRejection>;

/// The request body, or the problem: 413 past [`MAX_BODY`], 400 when it cannot be read.
fn body_of(body: Body) -> Result<Bytes, ApiProblem> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let mut problem =
                ApiProblem::relay(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large");
            problem.doc.field = Some("body".into());
            problem
        } else {
            ApiProblem::bad_field("body", "the body could not be read")
        }
    })
}

fn credentials(body: Body) -> Result<CredentialsBody, ApiProblem> {
    let body = body_of(body)?;
    let credentials = serde_json::from_slice::<CredentialsBody>(&body).map_err(|e| {
        // serde's message names the field; it never holds the password's value.
        let field = if e.to_string().contains("username") {
            "username"
        } else {
            "password"
        };
        ApiProblem::bad_field(field, "the body must be {\"username\", \"password\"}")
    })?;
    if credentials.username.len() > MAX_USERNAME {
        return Err(ApiProblem::bad_field(
            "username",
            "the username is too long",
        ));
    }
    if secrecy::ExposeSecret::expose_secret(&credentials.password).len() > MAX_PASSWORD {
        return Err(ApiProblem::bad_field(
            "password",
            "the password is too long",
        ));
    }
    Ok(credentials)
}

fn answer(result: Result<impl serde::Serialize, ServiceError>, request_id: &str) -> Response {
    answer_with(StatusCode::OK, result, request_id)
}

fn answer_with(
    status: StatusCode,
    result: Result<impl serde::Serialize, ServiceError>,
    request_id: &str,
) -> Response {
    match result {
        Ok(done) => (status, Json(done)).into_response(),
        Err(ServiceError::Ops(e)) => {
            tracing::info!(request_id, "refused: {}", baton_core::uem::error_chain(&e));
            ApiProblem::from_ops(&e)
                .with_request_id(request_id)
                .into_response()
        }
        Err(ServiceError::NotTechnician(who)) => {
            tracing::info!(
                request_id,
                "refused a technician session: {who} is in no TechnicianGroups group"
            );
            ApiProblem::relay(StatusCode::FORBIDDEN, "not a member of a technicians group")
                .with_request_id(request_id)
                .into_response()
        }
        Err(ServiceError::Store(e)) => {
            tracing::error!(request_id, "database: {e}");
            ApiProblem::relay(StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
                .with_request_id(request_id)
                .into_response()
        }
    }
}

/// A device as `GET /v1/devices/{serial}` answers: for a technician with its history (UEM's
/// event log and this relay's audit rows, newest first).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DeviceDetail {
    #[serde(flatten)]
    device: baton_core::ops::DeviceState,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<Vec<baton_core::ops::HistoryEntry>>,
    /// For a technician: the serial's registration ("pre-registration") record.
    #[serde(skip_serializing_if = "Option::is_none")]
    registration: Option<baton_core::ops::RegistrationRecord>,
}

/// Whose bucket a request takes from: the device (by serial, whichever of its certificates)
/// or kiosk, else the bearer token's digest, else the peer's address. Never the token itself.
fn client_key(request: &axum::extract::Request) -> String {
    match request.extensions().get::<ClientIdentity>() {
        Some(ClientIdentity::Device { serial, .. }) => return format!("device:{serial}"),
        Some(ClientIdentity::Kiosk { name, .. }) => return format!("kiosk:{name}"),
        _ => {}
    }
    if let Some(token) = bearer(request.headers()) {
        return format!("token:{}", crate::tls::fingerprint_hex(token.as_bytes()));
    }
    match request.extensions().get::<Peer>() {
        Some(Peer(addr)) => format!("ip:{}", addr.ip()),
        None => "unknown".into(),
    }
}

/// Who is asking: from the connection's certificate, or the request's bearer token.
enum Caller {
    Device { serial: String, fingerprint: String },
    Kiosk { name: String, fingerprint: String },
    Technician { username: String },
    Integration(crate::config::Integration),
}

impl Caller {
    fn asker(&self) -> Asker {
        let (actor, role, client) = match self {
            Caller::Device { fingerprint, .. } => {
                (Actor::SelfService, "device", fingerprint.clone())
            }
            Caller::Kiosk { name, fingerprint } => {
                (Actor::Kiosk(name.clone()), "kiosk", fingerprint.clone())
            }
            Caller::Technician { username } => (
                Actor::Technician(username.clone()),
                "technician",
                username.clone(),
            ),
            Caller::Integration(i) => (
                Actor::Integration(i.name.clone()),
                "integration",
                i.name.clone(),
            ),
        };
        Asker {
            actor,
            role,
            client,
            request_id: request_id(),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The caller, or 401 when there is no (valid) identity at all.
async fn caller(
    identity: &ClientIdentity,
    headers: &HeaderMap,
    shared: &Shared,
) -> Result<Caller, ApiProblem> {
    match identity {
        ClientIdentity::Device {
            serial,
            fingerprint,
        } => {
            return Ok(Caller::Device {
                serial: serial.clone(),
                fingerprint: fingerprint.clone(),
            })
        }
        ClientIdentity::Kiosk { name, fingerprint } => {
            return Ok(Caller::Kiosk {
                name: name.clone(),
                fingerprint: fingerprint.clone(),
            })
        }
        ClientIdentity::None => {}
    }
    let token = bearer(headers)
        .ok_or_else(|| ApiProblem::relay(StatusCode::UNAUTHORIZED, "no client identity"))?;
    let digest = crate::tls::sha256(token.as_bytes());
    // Digests of the presented token are compared, never the token: timing reveals nothing an
    // attacker could steer towards a valid token.
    if let Some(integration) = shared
        .config
        .integrations
        .iter()
        .find(|i| i.token_sha256 == digest)
    {
        return Ok(Caller::Integration(integration.clone()));
    }
    match shared.service.technician(token).await {
        Ok(Some(username)) => Ok(Caller::Technician { username }),
        Ok(None) => Err(ApiProblem::relay(
            StatusCode::UNAUTHORIZED,
            "unknown or expired token",
        )),
        Err(e) => {
            tracing::error!("session look-up: {e}");
            Err(ApiProblem::relay(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable",
            ))
        }
    }
}

fn forbidden(what: &str) -> ApiProblem {
    ApiProblem::relay(StatusCode::FORBIDDEN, what)
}

#[utoipa::path(get, path = "/v1/device", security(("clientCertificate" = [])), responses((status = 200, body = DeviceState), Problems))]
pub(crate) async fn own_device(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let serial = match caller(&identity, &headers, &shared).await? {
        Caller::Device { serial, .. } => serial,
        _ => {
            return Err(forbidden(
                "only a device reads /v1/device; others use /v1/devices/{serial}",
            ))
        }
    };
    let id = request_id();
    let device = shared.service.device(&serial).await;
    Ok(answer(device.map_err(ServiceError::from), &id))
}

#[utoipa::path(post, path = "/v1/handoff", security(("clientCertificate" = [])), request_body = CredentialsBody, responses((status = 200, body = HandedOff), Problems))]
pub(crate) async fn own_handoff(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiProblem> {
    let who = match caller(&identity, &headers, &shared).await? {
        who @ Caller::Device { .. } => who,
        _ => return Err(forbidden("only a device hands itself over")),
    };
    let Caller::Device { serial, .. } = &who else {
        unreachable!("matched above")
    };
    let body = credentials(body)?;
    if let Some(asked) = &body.serial {
        if !asked.trim().eq_ignore_ascii_case(serial) {
            return Err(forbidden(
                "a device hands over only itself: the serial is not this certificate's",
            ));
        }
    }
    let asker = who.asker();
    let result = shared
        .service
        .hand_off(serial, &body.username, &body.password, &asker)
        .await;
    Ok(answer(result, &asker.request_id))
}

#[utoipa::path(post, path = "/v1/sessions", request_body = CredentialsBody, responses((status = 201, body = Session), Problems))]
pub(crate) async fn sign_in(
    State(shared): State<AppState>,
    body: Body,
) -> Result<Response, ApiProblem> {
    let body = credentials(body)?;
    if body.serial.is_some() {
        return Err(ApiProblem::bad_field(
            "serial",
            "a session is not for a serial",
        ));
    }
    let asker = Asker {
        // Named only once the directory verified them (the service sets it); what was typed
        // may be a password in the wrong field and is never audited.
        actor: Actor::Technician("(unverified)".into()),
        role: "technician",
        client: "session".into(),
        request_id: request_id(),
    };
    let result = shared
        .service
        .sign_in_technician(&body.username, &body.password, &asker)
        .await;
    Ok(answer_with(StatusCode::CREATED, result, &asker.request_id))
}

#[utoipa::path(delete, path = "/v1/sessions", security(("bearer" = [])), responses((status = 204, description = "Signed out"), Problems))]
pub(crate) async fn sign_out(State(shared): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else {
        return ApiProblem::relay(StatusCode::UNAUTHORIZED, "no session").into_response();
    };
    match shared.service.sign_out(token).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!("sign-out: {e}");
            ApiProblem::relay(StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
                .into_response()
        }
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub(crate) struct UsersQuery {
    /// Part of a user name, e-mail or name (1–100 characters).
    q: String,
}

#[utoipa::path(get, path = "/v1/users", params(UsersQuery), security(("bearer" = [])), responses((status = 200, body = Vec<UserSummary>), Problems))]
pub(crate) async fn users(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    query: Result<Query<UsersQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiProblem> {
    match caller(&identity, &headers, &shared).await? {
        Caller::Technician { .. } => {}
        _ => return Err(forbidden("only a technician searches people")),
    }
    let Some(Query(query)) = query
        .ok()
        .filter(|q| !q.0.q.trim().is_empty() && q.0.q.len() <= 100)
    else {
        return Err(ApiProblem::bad_field("q", "q must be 1 to 100 characters"));
    };
    let id = request_id();
    Ok(answer(shared.service.search_users(&query.q).await, &id))
}

#[utoipa::path(get, path = "/v1/devices/{serial}", params(("serial" = String, Path, description = "The device's serial number")), security(("clientCertificate" = []), ("bearer" = [])), responses((status = 200, body = DeviceDetail), Problems))]
pub(crate) async fn any_device(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    Path(serial): Path<String>,
) -> Result<Response, ApiProblem> {
    let who = match caller(&identity, &headers, &shared).await? {
        Caller::Device { .. } => {
            return Err(forbidden("a device reads only itself, at /v1/device"))
        }
        who => who,
    };
    let serial = serial_of(&serial)?;
    let id = request_id();
    let technician = matches!(who, Caller::Technician { .. });
    // A technician's card also shows the registration record: asked alongside the device.
    let (device, registration) = tokio::join!(shared.service.device(&serial), async {
        if technician {
            Some(shared.service.registration(&serial).await)
        } else {
            None
        }
    });
    let mut device = match device {
        Ok(device) => device,
        Err(e) => return Ok(answer(Err::<(), _>(ServiceError::from(e)), &id)),
    };
    let history = if technician {
        let (history, ()) = tokio::join!(
            shared.service.history(&serial),
            shared.service.name_owner(&mut device)
        );
        match history {
            Ok(history) => Some(history),
            Err(e) => return Ok(answer(Err::<(), _>(e), &id)),
        }
    } else {
        None
    };
    Ok(Json(DeviceDetail {
        device,
        history,
        registration,
    })
    .into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub(crate) struct AssetQuery {
    /// The asset tag (asset number) on the device's registration record (1–64 characters).
    asset_number: String,
}

/// A kiosk's scan of an asset tag: the device whose registration record carries it.
#[utoipa::path(get, path = "/v1/devices", params(AssetQuery), security(("clientCertificate" = []), ("bearer" = [])), responses((status = 200, body = DeviceDetail), Problems))]
pub(crate) async fn device_by_asset_tag(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    query: Result<Query<AssetQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiProblem> {
    if let Caller::Device { .. } = caller(&identity, &headers, &shared).await? {
        return Err(forbidden("a device reads only itself, at /v1/device"));
    }
    let Some(Query(query)) = query.ok().filter(|q| {
        let tag = q.0.asset_number.trim();
        !tag.is_empty() && tag.len() <= 64 && !tag.chars().any(char::is_control)
    }) else {
        return Err(ApiProblem::bad_field(
            "asset_number",
            "asset_number must be 1 to 64 printable characters",
        ));
    };
    let id = request_id();
    match shared
        .service
        .device_by_asset_tag(&query.asset_number)
        .await
    {
        Ok(device) => Ok(Json(DeviceDetail {
            device,
            history: None,
            registration: None,
        })
        .into_response()),
        Err(e) => Ok(answer(Err::<(), _>(ServiceError::from(e)), &id)),
    }
}

#[utoipa::path(post, path = "/v1/devices/{serial}/handoff", params(("serial" = String, Path, description = "The device's serial number")), security(("clientCertificate" = [])), request_body = CredentialsBody, responses((status = 200, body = HandedOff), Problems))]
pub(crate) async fn kiosk_handoff(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    Path(serial): Path<String>,
    body: Body,
) -> Result<Response, ApiProblem> {
    let who = match caller(&identity, &headers, &shared).await? {
        who @ Caller::Kiosk { .. } => who,
        _ => return Err(forbidden("only a kiosk hands over another serial")),
    };
    let serial = serial_of(&serial)?;
    let body = credentials(body)?;
    if body
        .serial
        .as_deref()
        .is_some_and(|asked| !asked.trim().eq_ignore_ascii_case(&serial))
    {
        return Err(ApiProblem::bad_field(
            "serial",
            "the body names another serial than the URL",
        ));
    }
    let asker = who.asker();
    let result = shared
        .service
        .hand_off(&serial, &body.username, &body.password, &asker)
        .await;
    Ok(answer(result, &asker.request_id))
}

/// A technician, or an integration whose token may assign.
async fn assigner(
    identity: &ClientIdentity,
    headers: &HeaderMap,
    shared: &Shared,
) -> Result<Caller, ApiProblem> {
    match caller(identity, headers, shared).await? {
        who @ Caller::Technician { .. } => Ok(who),
        Caller::Integration(i) if i.may_assign => Ok(Caller::Integration(i)),
        Caller::Integration(_) => Err(forbidden("this token may only read")),
        _ => Err(forbidden("only a technician or an integration assigns")),
    }
}

#[utoipa::path(post, path = "/v1/devices/{serial}/assign", params(("serial" = String, Path, description = "The device's serial number")), security(("bearer" = [])), request_body = AssignBody, responses((status = 200, body = HandedOff), Problems))]
pub(crate) async fn assign(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    Path(serial): Path<String>,
    body: Body,
) -> Result<Response, ApiProblem> {
    let who = assigner(&identity, &headers, &shared).await?;
    let serial = serial_of(&serial)?;
    let body = body_of(body)?;
    let Ok(body) = serde_json::from_slice::<AssignBody>(&body) else {
        return Err(ApiProblem::bad_field(
            "username",
            "the body must be {\"username\"}",
        ));
    };
    let asker = who.asker();
    let result = shared.service.assign(&serial, &body.username, &asker).await;
    Ok(answer(result, &asker.request_id))
}

#[utoipa::path(post, path = "/v1/devices/{serial}/return", params(("serial" = String, Path, description = "The device's serial number")), security(("bearer" = [])), responses((status = 200, body = Returned), Problems))]
pub(crate) async fn return_to_staging(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    Path(serial): Path<String>,
) -> Result<Response, ApiProblem> {
    let who = match caller(&identity, &headers, &shared).await? {
        who @ Caller::Technician { .. } => who,
        _ => return Err(forbidden("only a technician returns a device to staging")),
    };
    let serial = serial_of(&serial)?;
    let asker = who.asker();
    let result = shared.service.return_to_staging(&serial, &asker).await;
    Ok(answer(result, &asker.request_id))
}

/// The body of `POST /v1/registrations`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationBody {
    #[schema(min_length = 4, max_length = 32)]
    serial: String,
    #[schema(min_length = 1, max_length = 256)]
    username: String,
}

#[utoipa::path(post, path = "/v1/registrations", security(("bearer" = [])), request_body = RegistrationBody, responses((status = 201, body = Registered), Problems))]
pub(crate) async fn preregister(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiProblem> {
    let who = assigner(&identity, &headers, &shared).await?;
    let body = body_of(body)?;
    let Ok(body) = serde_json::from_slice::<RegistrationBody>(&body) else {
        return Err(ApiProblem::bad_field(
            "serial",
            "the body must be {\"serial\", \"username\"}",
        ));
    };
    let serial = serial_of(&body.serial)?;
    let asker = who.asker();
    let result = shared
        .service
        .preregister(&serial, &body.username, &asker)
        .await;
    Ok(answer_with(StatusCode::CREATED, result, &asker.request_id))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub(crate) struct AuditQuery {
    /// Only this serial's rows.
    serial: Option<String>,
}

#[utoipa::path(get, path = "/v1/audit", params(AuditQuery), security(("bearer" = [])), responses((status = 200, body = Vec<AuditRow>), Problems))]
pub(crate) async fn audit(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Ok(Query(query)) = query else {
        return Err(ApiProblem::bad_field(
            "serial",
            "serial must be a serial number",
        ));
    };
    match caller(&identity, &headers, &shared).await? {
        Caller::Technician { .. } | Caller::Integration(_) => {}
        _ => {
            return Err(forbidden(
                "only a technician or an integration reads the audit",
            ))
        }
    }
    let serial = query.serial.as_deref().map(serial_of).transpose()?;
    match shared.service.store.audit(serial.as_deref(), 200).await {
        Ok(rows) => Ok(Json(rows).into_response()),
        Err(e) => {
            tracing::error!("audit read: {e}");
            Err(ApiProblem::relay(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable",
            ))
        }
    }
}

/// A relay that is listening.
pub struct Running {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    pub addr: SocketAddr,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops accepting, lets in-flight requests finish, and returns when they have.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds `config.listen` and serves until [`Running::shutdown`].
pub async fn serve(shared: Shared) -> Result<Running, crate::StartError> {
    let tls = crate::tls::server_config(&shared.config.tls)?;
    let listener = TcpListener::bind(shared.config.listen)
        .await
        .map_err(|e| crate::StartError::Listen(shared.config.listen, e.kind()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| crate::StartError::Listen(shared.config.listen, e.kind()))?;
    let url = format!("https://{addr}");
    let settings = shared.config.tls.clone();
    let app = router(Arc::new(shared));
    let (shutdown, mut stop) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        let acceptor = TlsAcceptor::from(tls);
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((tcp, peer)) = accepted else { continue };
                    let acceptor = acceptor.clone();
                    let settings: TlsSettings = settings.clone();
                    let app = app.clone();
                    let (conn_tx, conn_rx) = tokio::sync::oneshot::channel();
                    tokio::spawn(async move {
                        let handshake = tokio::time::timeout(
                            HANDSHAKE_TIMEOUT,
                            crate::tls::accept(&acceptor, tcp, &settings),
                        );
                        let (stream, identity) = match handshake.await {
                            Ok(Ok(done)) => done,
                            Ok(Err(e)) => {
                                tracing::info!("TLS refused: {e}");
                                return;
                            }
                            Err(_) => return,
                        };
                        let _ = conn_tx.send((stream, identity));
                    });
                    let watcher = graceful.watcher();
                    tokio::spawn(async move {
                        let Ok((stream, identity)) = conn_rx.await else { return };
                        let service = app.layer(Extension(identity)).layer(Extension(Peer(peer)));
                        let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)).into_owned();
                        if let Err(e) = watcher.watch(conn).await {
                            tracing::debug!("connection ended: {e}");
                        }
                    });
                }
                _ = stop.changed() => break,
            }
        }
        drop(listener);
        let _ = tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await;
    });
    Ok(Running {
        url,
        addr,
        shutdown,
        task,
    })
}
