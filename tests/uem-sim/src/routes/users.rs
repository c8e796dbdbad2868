//! Enrollment users (uem-api.md §4.3, §4.4): search, one by id, and v1 `adduser`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{paging, param, search_page};
use crate::errors::{code, json_response, ApiError};
use crate::seed::SecurityType;
use crate::sim::{lock, Shared};
use crate::state::{NewUser, UserFilter};
use crate::wire;

/// `GET /api/system/users/search?username=&email=&firstname=&lastname=&status=&page=&pagesize=`
/// — case-insensitive substring filters (all given must match); several users can match. `{"Users": [...], "Page", "PageSize", "Total"}`, or 204 with no body.
pub(crate) async fn search(
    State(sim): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let text = |name: &str| param(&query, name).map(str::to_string);
    let filter = UserFilter {
        username: text("username"),
        email: text("email"),
        first_name: text("firstname"),
        last_name: text("lastname"),
        // `Active` / `Inactive` (uem-api.md §4.3); any other value filters nothing.
        active: param(&query, "status").and_then(|s| {
            if s.eq_ignore_ascii_case("active") {
                Some(true)
            } else if s.eq_ignore_ascii_case("inactive") {
                Some(false)
            } else {
                None
            }
        }),
    };
    let tenant = lock(&sim.tenant);
    let found = tenant.search_users(&filter);
    search_page("Users", &found, paging(&query), |user| {
        wire::user(user, &tenant, &sim.seed.tenant)
    })
}

/// `GET /api/system/users/{id}`.
pub(crate) async fn by_id(State(sim): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let tenant = lock(&sim.tenant);
    match id.parse().ok().and_then(|id| tenant.user(id)) {
        Some(user) => json_response(StatusCode::OK, &wire::user(user, &tenant, &sim.seed.tenant)),
        None => ApiError::not_found("Enrollment user not found.").into_response(),
    }
}

/// The v1 User fields `adduser` reads. `Password` is deliberately not among them: the
/// simulator never keeps a user's password.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AddUserBody {
    #[serde(default)]
    user_name: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    security_type: Option<i64>,
    #[serde(default)]
    status: Option<bool>,
    #[serde(default)]
    external_id: Option<String>,
}

/// `POST /api/system/users/adduser` → `{"Value": id, "uuid": "…"}`.
pub(crate) async fn add(State(sim): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<AddUserBody>(&body) else {
        return ApiError::bad_request("The request body is not a valid User object.")
            .into_response();
    };
    if body.user_name.trim().is_empty() {
        return ApiError::bad_request("UserName is required.").into_response();
    }
    let security_type = match body.security_type {
        None => SecurityType::Basic,
        Some(code) => match SecurityType::from_code(code) {
            Some(kind) => kind,
            None => {
                return ApiError::bad_request(format!("SecurityType {code} is not valid."))
                    .into_response()
            }
        },
    };
    let mut tenant = lock(&sim.tenant);
    let created = tenant.add_user(NewUser {
        username: body.user_name.trim().to_string(),
        first_name: body.first_name,
        last_name: body.last_name,
        email: body.email,
        security_type,
        active: body.status.unwrap_or(true),
        external_id: body.external_id,
    });
    match created {
        Ok(user) => {
            tracing::info!(user_id = user.id, username = %user.username, "user added");
            json_response(
                StatusCode::OK,
                &json!({"Value": user.id, "uuid": user.uuid}),
            )
        }
        Err(name) => ApiError::new(
            StatusCode::BAD_REQUEST,
            code::DUPLICATE,
            format!("User '{name}' already exists."),
        )
        .into_response(),
    }
}
