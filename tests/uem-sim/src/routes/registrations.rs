//! Registration ("pre-registration") records (modes-and-relay.md §1.5): register a device to
//! a user, find records (by asset number too — the one way from an asset tag to a serial),
//! delete them.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::param;
use crate::clock;
use crate::errors::{code, empty_response, json_response, ApiError};
use crate::seed::Registration;
use crate::sim::{lock, Shared};
use crate::state::{RegisterError, RegistrationFilter};
use crate::wire;

/// The `RegisterDeviceDetailsModel` fields the simulator keeps; the rest (`ModelId`,
/// `OperatingSystemId`, `MessageType`, `ToEmailAddress`, `Tags`, `CustomAttributes`, and
/// `LocationGroupId`, as the tenant has one organization group) is accepted and ignored.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RegisterBody {
    #[serde(default)]
    serial_number: Option<String>,
    #[serde(default)]
    asset_number: Option<String>,
    #[serde(default)]
    friendly_name: Option<String>,
    #[serde(default)]
    udid: Option<String>,
    #[serde(default)]
    ownership: Option<String>,
    #[serde(default)]
    platform_id: Option<Value>,
}

/// The `Platform` string for a `PlatformId`. Only 10 = macOS is seen in use (migrator.sh,
/// uem-api.md §4.8) and its string is the seed's default; the others are UNCERTAIN.
fn platform_name(id: i64) -> &'static str {
    match id {
        2 => "Apple",
        5 => "Android",
        12 => "WinRT",
        _ => "AppleOsX",
    }
}

fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `POST /api/system/users/{id}/registerdevice` → 200 with no body (the spec's void).
/// 404 for an unknown user, 400 without `SerialNumber`, 400 (errorCode 1042) when the serial
/// is registered already (what UEM does then is UNCERTAIN).
pub(crate) async fn register(
    State(sim): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let user_not_found = || ApiError::not_found("Enrollment user not found.").into_response();
    let Ok(user_id) = id.parse::<i64>() else {
        return user_not_found();
    };
    let Ok(body) = serde_json::from_slice::<RegisterBody>(&body) else {
        return ApiError::bad_request(
            "The request body is not a valid RegisterDeviceDetailsModel.",
        )
        .into_response();
    };
    let mut tenant = lock(&sim.tenant);
    if tenant.user(user_id).is_none() {
        return user_not_found();
    }
    let Some(serial) = body
        .serial_number
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    else {
        return ApiError::bad_request("SerialNumber is required.").into_response();
    };
    let platform = body
        .platform_id
        .as_ref()
        .and_then(as_int)
        .map_or("AppleOsX", platform_name);
    let record = Registration {
        username: String::new(),
        serial_number: serial.clone(),
        asset_number: body.asset_number.unwrap_or_default(),
        friendly_name: body.friendly_name.unwrap_or_default(),
        udid: body.udid.filter(|u| !u.is_empty()),
        platform: platform.to_string(),
        ownership: body.ownership.unwrap_or_else(|| "C".into()),
        registration_date: clock::uem_now(),
    };
    match tenant.register(user_id, record) {
        Ok(()) => {
            tracing::info!(user_id, serial = %serial, "device registered");
            empty_response(StatusCode::OK)
        }
        Err(RegisterError::UserNotFound) => user_not_found(),
        Err(RegisterError::AlreadyRegistered(serial)) => ApiError::new(
            StatusCode::BAD_REQUEST,
            code::DUPLICATE_REGISTRATION,
            format!("A registration record for serial number '{serial}' exists already."),
        )
        .into_response(),
    }
}

/// `GET /api/system/users/registereddevices/search?assetnumber=&serialnumber=&username=&platform=`
/// → `{"RegisteredDeviceInfoList": [...]}` (no paging fields in the spec). Nothing found:
/// `behavior.empty_list_status` — 204 (default) or 200 with an empty list; UNCERTAIN which.
pub(crate) async fn search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let text = |name: &str| {
        param(&query, name)
            .map(str::to_string)
            .filter(|v| !v.is_empty())
    };
    let filter = RegistrationFilter {
        asset_number: text("assetnumber"),
        // UNCERTAIN whether UEM filters by it: `behavior` decides.
        serial_number: text("serialnumber")
            .filter(|_| !sim.seed.behavior.registration_search_ignores_serialnumber),
        username: text("username"),
        platform: text("platform"),
    };
    let tenant = lock(&sim.tenant);
    let found = tenant.search_registrations(&filter);
    if found.is_empty() && sim.seed.behavior.empty_list_status == 204 {
        return empty_response(StatusCode::NO_CONTENT);
    }
    let list: Vec<Value> = found
        .iter()
        .map(|r| wire::registration(r, &tenant, &sim.seed.tenant))
        .collect();
    json_response(StatusCode::OK, &json!({ "RegisteredDeviceInfoList": list }))
}

/// `POST /api/system/users/registereddevices/deletebyserialnumber?serialnumber=…` → 200 with
/// no body; 404 when no record has it; 400 without the parameter. (Status and the 404 are
/// UNCERTAIN: the spec only names the route.)
pub(crate) async fn delete_by_serial(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    delete(&sim, &query, "serialnumber", |r| &r.serial_number)
}

/// `POST /api/system/users/registereddevices/deletebyassetnumber?assetnumber=…`, the same.
pub(crate) async fn delete_by_asset(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    delete(&sim, &query, "assetnumber", |r| &r.asset_number)
}

fn delete(
    sim: &Shared,
    query: &[(String, String)],
    name: &str,
    field: impl Fn(&Registration) -> &String,
) -> Response {
    let Some(value) = param(query, name).map(str::trim).filter(|v| !v.is_empty()) else {
        return ApiError::bad_request(format!("The {name} parameter is required.")).into_response();
    };
    let deleted = lock(&sim.tenant).delete_registrations(|r| field(r).eq_ignore_ascii_case(value));
    if deleted == 0 {
        return ApiError::not_found("Registration record not found.").into_response();
    }
    tracing::info!(%name, value, deleted, "registration deleted");
    empty_response(StatusCode::OK)
}
