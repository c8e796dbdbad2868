//! Device lookups (uem-api.md §4.1) and the switch from the staging user (§4.5).

use std::sync::Arc;

use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{paging, param, search_page};
use crate::auth::Principal;
use crate::clock;
use crate::errors::{code, empty_response, json_response, ApiError};
use crate::seed::{Device, EventData, EventLogEntry};
use crate::sim::{lock, Shared};
use crate::state::{DeviceFilter, SearchBy, SwitchError, Tenant};
use crate::wire;

fn device_not_found() -> Response {
    ApiError::not_found("Device not found.").into_response()
}

fn answer(sim: &Shared, tenant: &Tenant, device: Option<&Device>) -> Response {
    match device {
        Some(device) => json_response(
            StatusCode::OK,
            &wire::device(device, tenant, &sim.seed.tenant),
        ),
        None => device_not_found(),
    }
}

/// `GET /api/mdm/devices?searchby=Serialnumber&id=…` → one Device object, or 404.
pub(crate) async fn search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let Some(by) = param(&query, "searchby") else {
        return ApiError::bad_request("The searchby parameter is required.").into_response();
    };
    let Some(search_by) = SearchBy::parse(by) else {
        return ApiError::bad_request(format!("The searchby value '{by}' is not valid."))
            .into_response();
    };
    let Some(id) = param(&query, "id") else {
        return ApiError::bad_request("The id parameter is required.").into_response();
    };
    let tenant = lock(&sim.tenant);
    answer(&sim, &tenant, tenant.device_by(search_by, id))
}

/// `GET /api/mdm/devices/search?user=&platform=&model=&ownership=&page=&pagesize=` →
/// `{"Devices": [...], "Page", "PageSize", "Total"}`, or 204 with no body.
pub(crate) async fn list(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let text = |name: &str| param(&query, name).map(str::to_string);
    let filter = DeviceFilter {
        user: text("user"),
        platform: text("platform"),
        model: text("model"),
        ownership: text("ownership"),
    };
    let tenant = lock(&sim.tenant);
    let found = tenant.search_devices(&filter);
    search_page("Devices", &found, paging(&query), |device| {
        wire::device(device, &tenant, &sim.seed.tenant)
    })
}

/// `GET /api/mdm/devices/{id}` (numeric id).
pub(crate) async fn by_id(State(sim): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return device_not_found();
    };
    let tenant = lock(&sim.tenant);
    answer(&sim, &tenant, tenant.device(id))
}

/// `GET /api/mdm/devices/udid/{udid}`.
pub(crate) async fn by_udid(State(sim): State<Arc<Shared>>, Path(udid): Path<String>) -> Response {
    let tenant = lock(&sim.tenant);
    answer(&sim, &tenant, tenant.device_by(SearchBy::Udid, &udid))
}

/// `PATCH /api/mdm/devices/{id}/enrollmentuser/{userId}` (v2 only, enforced by the pipeline):
/// 200 with no body once the device is on the new user.
pub(crate) async fn switch_user(
    State(sim): State<Arc<Shared>>,
    Extension(principal): Extension<Principal>,
    Path((device_id, user_id)): Path<(String, String)>,
) -> Response {
    let Ok(device_id) = device_id.parse::<i64>() else {
        return device_not_found();
    };
    let Ok(user_id) = user_id.parse::<i64>() else {
        return ApiError::not_found("Enrollment user not found.").into_response();
    };
    let mut tenant = lock(&sim.tenant);
    let before = tenant.device(device_id).and_then(|d| d.user.clone());
    match tenant.switch_user_with(device_id, user_id, sim.seed.behavior.allow_check_in) {
        Ok(()) => {
            let after = tenant.device(device_id).and_then(|d| d.user.clone());
            tracing::info!(device_id, from = ?before, to = ?after, "enrollment user switched");
            if sim.seed.behavior.log_enrollment_user_change {
                tenant.record_event(device_id, switch_event(&principal, before, after));
            }
            empty_response(StatusCode::OK)
        }
        Err(refusal) => refused(refusal).into_response(),
    }
}

/// The event log entry of a switch. Whether UEM logs one, and its `Event`, `Source`,
/// `Severity` and `EventDataType` texts, are all UNCERTAIN (modes-and-relay.md §1.3); this
/// is the simulator's guess, switchable off with `behavior.log_enrollment_user_change`.
fn switch_event(
    principal: &Principal,
    before: Option<String>,
    after: Option<String>,
) -> EventLogEntry {
    EventLogEntry {
        id: 0,
        uuid: String::new(),
        severity: "Information".into(),
        timestamp: clock::uem_now(),
        source: "Console".into(),
        event: SWITCH_EVENT.into(),
        admin_account: principal.account().to_string(),
        event_data: vec![EventData {
            event_data_type: "EnrollmentUser".into(),
            old_value: before.unwrap_or_default(),
            new_value: after.unwrap_or_default(),
        }],
    }
}

/// The `Event` text of the entry a switch writes (UNCERTAIN, see [`switch_event`]).
pub(crate) const SWITCH_EVENT: &str = "Enrollment user changed";

fn refused(refusal: SwitchError) -> ApiError {
    let not_staged =
        |message: String| ApiError::new(StatusCode::BAD_REQUEST, code::NOT_STAGED, message);
    match refusal {
        SwitchError::DeviceNotFound => ApiError::not_found("Device not found."),
        SwitchError::UserNotFound => ApiError::not_found("Enrollment user not found."),
        SwitchError::NotEnrolled(status) => not_staged(format!(
            "The device is not enrolled (EnrollmentStatus {status})."
        )),
        SwitchError::NotOnStagingUser(_) => {
            not_staged("The device is not enrolled to a staging enrollment user.".into())
        }
        SwitchError::UserInactive => not_staged("The enrollment user is inactive.".into()),
    }
}
