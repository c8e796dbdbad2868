//! A device's history: notes (modes-and-relay.md §1.7) and the event log (§1.3), by numeric
//! device id or by alternate id (`searchBy=Serialnumber&id=…`, note the camel-case name in
//! the spec; any case is accepted).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{list_page, paging, param};
use crate::clock;
use crate::errors::{json_response, ApiError};
use crate::sim::{lock, Shared};
use crate::state::SearchBy;
use crate::wire;

type Query_ = Query<Vec<(String, String)>>;

fn device_not_found() -> Response {
    ApiError::not_found("Device not found.").into_response()
}

/// The device a `/devices/{id}/…` path names, if it exists.
fn by_path(sim: &Shared, id: &str) -> Option<i64> {
    let id = id.parse::<i64>().ok()?;
    lock(&sim.tenant).device(id).map(|d| d.id)
}

/// The device `searchBy` + `id` name: `Err` is the answer (400 or 404).
fn by_alternate_id(sim: &Shared, query: &[(String, String)]) -> Result<i64, ApiError> {
    let (Some(by), Some(id)) = (param(query, "searchby"), param(query, "id")) else {
        return Err(ApiError::bad_request(
            "The searchBy and id parameters are required.",
        ));
    };
    let Some(by) = SearchBy::parse(by) else {
        return Err(ApiError::bad_request(format!(
            "The searchBy value '{by}' is not valid."
        )));
    };
    lock(&sim.tenant)
        .device_by(by, id)
        .map(|d| d.id)
        .ok_or_else(|| ApiError::not_found("Device not found."))
}

/// `GET /api/mdm/devices/{id}/notes?page=&pagesize=` →
/// `{"DeviceId", "DeviceNotes": [{Id, DeviceId, Note, CreatedOn, ModifiedOn}], "Page",
/// "PageSize", "Total"}`, oldest first (the spec gives no order; UNCERTAIN).
pub(crate) async fn notes(
    State(sim): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query_,
) -> Response {
    match by_path(&sim, &id) {
        Some(device_id) => list_notes(&sim, device_id, &query),
        None => device_not_found(),
    }
}

/// `GET /api/mdm/devices/notes?searchBy=Serialnumber&id=…`.
pub(crate) async fn notes_by_search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query_,
) -> Response {
    match by_alternate_id(&sim, &query) {
        Ok(device_id) => list_notes(&sim, device_id, &query),
        Err(refusal) => refusal.into_response(),
    }
}

fn list_notes(sim: &Shared, device_id: i64, query: &[(String, String)]) -> Response {
    let tenant = lock(&sim.tenant);
    let Some(device) = tenant.device(device_id) else {
        return device_not_found();
    };
    list_page(
        sim,
        "DeviceNotes",
        json!({ "DeviceId": device_id }),
        &device.notes,
        paging(query),
        |note| wire::note(note, device_id),
    )
}

/// The `DeviceNotes` fields a POST reads (`Id`, `CreatedOn`, `ModifiedOn` are the server's).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NewNote {
    #[serde(default)]
    device_id: Option<i64>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/mdm/devices/{id}/notes` body `{"DeviceId", "Note"}` → `EntityId`
/// `{"Value": noteId}` with `behavior.note_created_status` (200; 201 is the other
/// plausible answer, UNCERTAIN).
pub(crate) async fn add_note(
    State(sim): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match by_path(&sim, &id) {
        Some(device_id) => create_note(&sim, device_id, &body),
        None => device_not_found(),
    }
}

/// `POST /api/mdm/devices/notes?searchBy=Serialnumber&id=…`, same body and answer.
pub(crate) async fn add_note_by_search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query_,
    body: Bytes,
) -> Response {
    match by_alternate_id(&sim, &query) {
        Ok(device_id) => create_note(&sim, device_id, &body),
        Err(refusal) => refusal.into_response(),
    }
}

fn create_note(sim: &Shared, device_id: i64, body: &[u8]) -> Response {
    let Ok(body) = serde_json::from_slice::<NewNote>(body) else {
        return ApiError::bad_request("The request body is not a valid DeviceNotes object.")
            .into_response();
    };
    let Some(text) = body.note.filter(|n| !n.trim().is_empty()) else {
        return ApiError::bad_request("Note is required.").into_response();
    };
    // A DeviceId naming another device than the path: refused here (what UEM does is
    // UNCERTAIN; 0, as generated clients send by default, counts as left out).
    if body.device_id.is_some_and(|d| d != 0 && d != device_id) {
        return ApiError::bad_request("DeviceId does not match the device of the request.")
            .into_response();
    }
    let Some(note_id) = lock(&sim.tenant).add_note(device_id, &text, &clock::uem_now()) else {
        return device_not_found();
    };
    tracing::info!(device_id, note_id, "device note added");
    let status =
        StatusCode::from_u16(sim.seed.behavior.note_created_status).unwrap_or(StatusCode::OK);
    json_response(status, &json!({ "Value": note_id }))
}

/// `GET /api/mdm/devices/{id}/eventlog?page=&pagesize=&severity=` →
/// `{"DeviceEventLogEntries": [...], "Page", "PageSize", "Total"}`, newest first.
pub(crate) async fn event_log(
    State(sim): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query_,
) -> Response {
    match by_path(&sim, &id) {
        Some(device_id) => list_events(&sim, device_id, &query),
        None => device_not_found(),
    }
}

/// `GET /api/mdm/devices/eventlog?searchBy=Serialnumber&id=…&page=&pagesize=`.
pub(crate) async fn event_log_by_search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query_,
) -> Response {
    match by_alternate_id(&sim, &query) {
        Ok(device_id) => list_events(&sim, device_id, &query),
        Err(refusal) => refusal.into_response(),
    }
}

/// `severity` keeps entries of exactly that severity, ignoring case (whether UEM means
/// "this or worse" is UNCERTAIN); `dayrange` is accepted and ignored.
fn list_events(sim: &Shared, device_id: i64, query: &[(String, String)]) -> Response {
    let tenant = lock(&sim.tenant);
    let Some(mut entries) = tenant.event_log(device_id) else {
        return device_not_found();
    };
    if let Some(severity) = param(query, "severity") {
        entries.retain(|e| e.severity.eq_ignore_ascii_case(severity.trim()));
    }
    list_page(
        sim,
        "DeviceEventLogEntries",
        json!({}),
        &entries,
        paging(query),
        |entry| wire::event_entry(entry),
    )
}
