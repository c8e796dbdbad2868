//! The HTTP routes: the UEM API a client sees, the token endpoint, and `/_sim/…`.

use std::sync::Arc;

use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;

use crate::errors::ApiError;
use crate::pipeline;
use crate::sim::Shared;

mod admin;
mod commands;
mod devices;
mod system;
mod token;
mod users;

/// The whole application: the pipeline in front of the routes (it must run before routing,
/// as it rewrites `/API/…` paths).
pub(crate) fn router(sim: Arc<Shared>) -> Router {
    let routes = Router::new()
        .route("/connect/token", post(token::issue))
        .route("/api/mdm/devices", get(devices::search))
        .route("/api/mdm/devices/udid/{udid}", get(devices::by_udid))
        .route("/api/mdm/devices/commands", post(commands::by_search))
        .route("/api/mdm/devices/{id}", get(devices::by_id))
        .route("/api/mdm/devices/{id}/commands", post(commands::by_id))
        .route(
            "/api/mdm/devices/{id}/enrollmentuser/{user_id}",
            patch(devices::switch_user),
        )
        .route("/api/system/users/search", get(users::search))
        .route("/api/system/users/adduser", post(users::add))
        .route("/api/system/users/{id}", get(users::by_id))
        .route("/api/system/info", get(system::info))
        .nest("/_sim", admin::router())
        .fallback(no_such_resource)
        .with_state(sim.clone());
    Router::new()
        .fallback_service(routes)
        .layer(middleware::from_fn_with_state(sim, pipeline::front))
}

async fn no_such_resource() -> Response {
    ApiError::not_found("No HTTP resource was found that matches the request URI.").into_response()
}

/// A query parameter by name, ignoring the name's case (`searchby`, `searchBy`, `SearchBy`).
pub(crate) fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}
