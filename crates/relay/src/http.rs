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
use baton_core::ops::wire::{AssignBody, CredentialsBody};
use baton_core::ops::Actor;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::config::RelayConfig;
use crate::problem::ApiProblem;
use crate::service::{Asker, Service, ServiceError};
use crate::tls::{ClientIdentity, TlsSettings};

/// Largest request body accepted (a hand-off body is a few hundred bytes).
pub const MAX_BODY: usize = 16 * 1024;
/// Longest a TLS handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler reaches.
pub struct Shared {
    pub service: Service,
    pub config: RelayConfig,
}

type AppState = Arc<Shared>;

/// The routes.
pub fn router(shared: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/v1/device", get(own_device))
        .route("/v1/handoff", post(own_handoff))
        .route("/v1/devices/{serial}", get(any_device))
        .route("/v1/devices/{serial}/handoff", post(kiosk_handoff))
        .route("/v1/devices/{serial}/assign", post(assign))
        .route("/v1/audit", get(audit))
        .fallback(|| async { ApiProblem::relay(StatusCode::NOT_FOUND, "no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

async fn readyz(State(shared): State<AppState>) -> Response {
    match shared.service.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::error!("not ready: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The serial of a URL, normalised; anything that is not a serial is refused before any work.
fn serial_of(raw: &str) -> Result<String, ApiProblem> {
    let serial = raw.trim().to_uppercase();
    if (4..=32).contains(&serial.len()) && serial.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(serial)
    } else {
        Err(ApiProblem::bad_field("serial", "not a serial number"))
    }
}

fn credentials(body: &Bytes) -> Result<CredentialsBody, ApiProblem> {
    serde_json::from_slice::<CredentialsBody>(body).map_err(|e| {
        // serde's message names the field; it never holds the password's value.
        let field = if e.to_string().contains("username") {
            "username"
        } else {
            "password"
        };
        ApiProblem::bad_field(field, "the body must be {\"username\", \"password\"}")
    })
}

fn answer(result: Result<impl serde::Serialize, ServiceError>, request_id: &str) -> Response {
    match result {
        Ok(done) => Json(done).into_response(),
        Err(ServiceError::Ops(e)) => {
            tracing::info!(request_id, "refused: {}", baton_core::uem::error_chain(&e));
            ApiProblem::from_ops(&e)
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

/// The device role: the serial comes from the certificate, never from the request.
fn device_serial(identity: &ClientIdentity) -> Result<(String, String), ApiProblem> {
    match identity {
        ClientIdentity::Device {
            serial,
            fingerprint,
        } => Ok((serial.clone(), fingerprint.clone())),
        ClientIdentity::None => Err(ApiProblem::relay(
            StatusCode::UNAUTHORIZED,
            "no device certificate",
        )),
        ClientIdentity::Kiosk { .. } => Err(ApiProblem::relay(
            StatusCode::FORBIDDEN,
            "a kiosk uses /v1/devices/{serial}",
        )),
    }
}

async fn own_device(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
) -> Response {
    let (serial, _) = match device_serial(&identity) {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    let id = request_id();
    answer(
        shared
            .service
            .device(&serial)
            .await
            .map_err(ServiceError::from),
        &id,
    )
}

async fn own_handoff(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    body: Bytes,
) -> Response {
    let (serial, fingerprint) = match device_serial(&identity) {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    let body = match credentials(&body) {
        Ok(body) => body,
        Err(problem) => return problem.into_response(),
    };
    let asker = Asker {
        actor: Actor::SelfService,
        role: "device",
        client: fingerprint,
        request_id: request_id(),
    };
    let result = shared
        .service
        .hand_off(&serial, &body.username, &body.password, &asker)
        .await;
    answer(result, &asker.request_id)
}

/// A kiosk, or an integration token (read).
fn reader(
    identity: &ClientIdentity,
    headers: &HeaderMap,
    shared: &Shared,
) -> Result<(), ApiProblem> {
    match identity {
        ClientIdentity::Kiosk { .. } => Ok(()),
        _ => integration(headers, shared).map(|_| ()),
    }
}

/// The integration whose token is in `Authorization: Bearer …`.
fn integration<'a>(
    headers: &HeaderMap,
    shared: &'a Shared,
) -> Result<&'a crate::config::Integration, ApiProblem> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiProblem::relay(StatusCode::UNAUTHORIZED, "no client identity"))?;
    let digest = crate::tls::sha256(token.trim().as_bytes());
    shared
        .config
        .integrations
        .iter()
        // Digests of the presented token are compared, never the token: timing reveals nothing
        // an attacker could steer towards a valid token.
        .find(|i| i.token_sha256 == digest)
        .ok_or_else(|| ApiProblem::relay(StatusCode::UNAUTHORIZED, "unknown token"))
}

async fn any_device(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    headers: HeaderMap,
    Path(serial): Path<String>,
) -> Response {
    if let Err(problem) = reader(&identity, &headers, &shared) {
        return problem.into_response();
    }
    let serial = match serial_of(&serial) {
        Ok(serial) => serial,
        Err(problem) => return problem.into_response(),
    };
    let id = request_id();
    answer(
        shared
            .service
            .device(&serial)
            .await
            .map_err(ServiceError::from),
        &id,
    )
}

async fn kiosk_handoff(
    State(shared): State<AppState>,
    Extension(identity): Extension<ClientIdentity>,
    Path(serial): Path<String>,
    body: Bytes,
) -> Response {
    let ClientIdentity::Kiosk { name, fingerprint } = identity else {
        return ApiProblem::relay(
            StatusCode::FORBIDDEN,
            "only a kiosk hands over another serial",
        )
        .into_response();
    };
    let serial = match serial_of(&serial) {
        Ok(serial) => serial,
        Err(problem) => return problem.into_response(),
    };
    let body = match credentials(&body) {
        Ok(body) => body,
        Err(problem) => return problem.into_response(),
    };
    let asker = Asker {
        actor: Actor::Kiosk(name),
        role: "kiosk",
        client: fingerprint,
        request_id: request_id(),
    };
    let result = shared
        .service
        .hand_off(&serial, &body.username, &body.password, &asker)
        .await;
    answer(result, &asker.request_id)
}

async fn assign(
    State(shared): State<AppState>,
    headers: HeaderMap,
    Path(serial): Path<String>,
    body: Bytes,
) -> Response {
    let integration = match integration(&headers, &shared) {
        Ok(i) if i.may_assign => i.clone(),
        Ok(_) => {
            return ApiProblem::relay(StatusCode::FORBIDDEN, "this token may only read")
                .into_response()
        }
        Err(problem) => return problem.into_response(),
    };
    let serial = match serial_of(&serial) {
        Ok(serial) => serial,
        Err(problem) => return problem.into_response(),
    };
    let Ok(body) = serde_json::from_slice::<AssignBody>(&body) else {
        return ApiProblem::bad_field("username", "the body must be {\"username\"}")
            .into_response();
    };
    let asker = Asker {
        actor: Actor::Integration(integration.name.clone()),
        role: "integration",
        client: integration.name.clone(),
        request_id: request_id(),
    };
    let result = shared.service.assign(&serial, &body.username, &asker).await;
    answer(result, &asker.request_id)
}

#[derive(serde::Deserialize)]
struct AuditQuery {
    serial: Option<String>,
}

async fn audit(
    State(shared): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Response {
    if let Err(problem) = integration(&headers, &shared) {
        return problem.into_response();
    }
    let serial = match query.serial.as_deref().map(serial_of).transpose() {
        Ok(serial) => serial,
        Err(problem) => return problem.into_response(),
    };
    match shared.service.store.audit(serial.as_deref(), 200).await {
        Ok(rows) => Json(rows).into_response(),
        Err(e) => {
            tracing::error!("audit read: {e}");
            ApiProblem::relay(StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
                .into_response()
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
                    let Ok((tcp, _peer)) = accepted else { continue };
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
                        let service = app.layer(Extension(identity));
                        let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)).into_owned();
                        let _ = watcher.watch(conn).await;
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
