//! The HTTP routes: the UEM API a client sees, the token endpoint, and `/_sim/…`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use serde_json::{json, Value};

use crate::errors::{empty_response, json_response, ApiError};
use crate::pipeline;
use crate::sim::Shared;

mod admin;
mod commands;
mod devices;
mod history;
mod registrations;
mod system;
mod token;
mod users;

/// The whole application: the pipeline in front of the routes (it must run before routing,
/// as it rewrites `/API/…` paths).
pub(crate) fn router(sim: Arc<Shared>) -> Router {
    let routes = Router::new()
        .route("/connect/token", post(token::issue))
        .route("/api/mdm/devices", get(devices::search))
        .route("/api/mdm/devices/search", get(devices::list))
        .route("/api/mdm/devices/udid/{udid}", get(devices::by_udid))
        .route("/api/mdm/devices/commands", post(commands::by_search))
        .route(
            "/api/mdm/devices/notes",
            get(history::notes_by_search).post(history::add_note_by_search),
        )
        .route(
            "/api/mdm/devices/eventlog",
            get(history::event_log_by_search),
        )
        .route(
            "/api/mdm/devices/{id}/notes",
            get(history::notes).post(history::add_note),
        )
        .route("/api/mdm/devices/{id}/eventlog", get(history::event_log))
        .route("/api/mdm/devices/{id}", get(devices::by_id))
        .route("/api/mdm/devices/{id}/commands", post(commands::by_id))
        .route(
            "/api/mdm/devices/{id}/enrollmentuser/{user_id}",
            patch(devices::switch_user),
        )
        .route("/api/system/users/search", get(users::search))
        .route("/api/system/users/adduser", post(users::add))
        .route(
            "/api/system/users/registereddevices/search",
            get(registrations::search),
        )
        .route(
            "/api/system/users/registereddevices/deletebyserialnumber",
            post(registrations::delete_by_serial),
        )
        .route(
            "/api/system/users/registereddevices/deletebyassetnumber",
            post(registrations::delete_by_asset),
        )
        .route(
            "/api/system/users/{id}/registerdevice",
            post(registrations::register),
        )
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

/// Largest `pagesize` UEM serves (and its default).
const MAX_PAGE_SIZE: usize = 500;

/// `page` (0-based) and `pagesize` (default and cap 500) of a search.
pub(crate) fn paging(query: &[(String, String)]) -> (usize, usize) {
    let number = |name: &str| param(query, name).and_then(|v| v.parse::<usize>().ok());
    let page = number("page").unwrap_or(0);
    let page_size = number("pagesize")
        .or_else(|| number("page_size"))
        .unwrap_or(MAX_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    (page, page_size)
}

/// One page of search results: `{"<list_key>": [...], "Page", "PageSize", "Total"}`, or
/// 204 with no body when the page is empty (no match, or past the end).
pub(crate) fn search_page<T>(
    list_key: &str,
    found: &[T],
    (page, page_size): (usize, usize),
    render: impl Fn(&T) -> Value,
) -> Response {
    let items: Vec<Value> = found
        .iter()
        .skip(page.saturating_mul(page_size))
        .take(page_size)
        .map(render)
        .collect();
    if items.is_empty() {
        return empty_response(StatusCode::NO_CONTENT);
    }
    json_response(
        StatusCode::OK,
        &json!({
            list_key: items,
            "Page": page,
            "PageSize": page_size,
            "Total": found.len(),
        }),
    )
}

/// One page of a list the sources give no empty answer for (notes, event log): the page
/// with `extra` fields, or when it is empty `behavior.empty_list_status` — 204 with no body,
/// or 200 with the empty list (UNCERTAIN which one UEM sends).
pub(crate) fn list_page<T>(
    sim: &Shared,
    list_key: &str,
    extra: Value,
    found: &[T],
    (page, page_size): (usize, usize),
    render: impl Fn(&T) -> Value,
) -> Response {
    let items: Vec<Value> = found
        .iter()
        .skip(page.saturating_mul(page_size))
        .take(page_size)
        .map(render)
        .collect();
    if items.is_empty() && sim.seed.behavior.empty_list_status == 204 {
        return empty_response(StatusCode::NO_CONTENT);
    }
    let mut body = extra;
    if let Some(fields) = body.as_object_mut() {
        fields.insert(list_key.to_string(), Value::Array(items));
        fields.insert("Page".into(), json!(page));
        fields.insert("PageSize".into(), json!(page_size));
        fields.insert("Total".into(), json!(found.len()));
    }
    json_response(StatusCode::OK, &body)
}
