//! Device commands (uem-api.md §4.6): 202 Accepted with `Content-Length: 0`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::param;
use crate::clock;
use crate::errors::{empty_response, ApiError};
use crate::sim::{lock, Shared};
use crate::state::SearchBy;

/// `POST /api/mdm/devices/{id}/commands?command=SyncDevice`.
pub(crate) async fn by_id(
    State(sim): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    queue(&sim, id.parse().ok(), &query)
}

/// `POST /api/mdm/devices/commands?command=…&searchby=Serialnumber&id=…`.
pub(crate) async fn by_search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let (Some(by), Some(id)) = (param(&query, "searchby"), param(&query, "id")) else {
        return ApiError::bad_request("The searchby and id parameters are required.")
            .into_response();
    };
    let Some(by) = SearchBy::parse(by) else {
        return ApiError::bad_request(format!("The searchby value '{by}' is not valid."))
            .into_response();
    };
    let device_id = lock(&sim.tenant).device_by(by, id).map(|d| d.id);
    queue(&sim, device_id, &query)
}

fn queue(sim: &Shared, device_id: Option<i64>, query: &[(String, String)]) -> Response {
    let mut tenant = lock(&sim.tenant);
    let Some(device_id) = device_id.filter(|id| tenant.device(*id).is_some()) else {
        return ApiError::not_found("Device not found.").into_response();
    };
    let Some(command) = param(query, "command") else {
        return ApiError::bad_request("The command parameter is required.").into_response();
    };
    match tenant.queue_command(device_id, command, &clock::rfc3339_now()) {
        Some(()) => {
            tracing::info!(device_id, command, "device command queued");
            empty_response(StatusCode::ACCEPTED)
        }
        None => ApiError::bad_request(format!("The command '{command}' is not supported."))
            .into_response(),
    }
}
