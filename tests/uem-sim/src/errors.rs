//! UEM's error object (uem-api.md §5): `{"errorCode": int, "message": "…", "activityId": guid}`
//! and the JSON response helper every route uses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// `errorCode` values. Only 1005 (bad credentials) is seen on real tenants; the others are
/// the simulator's own choice, documented in the README.
pub mod code {
    /// Bad or missing credentials (observed, uem-api.md §2.2).
    pub const AUTH: i64 = 1005;
    /// Malformed request: missing/invalid parameter, unsupported API version.
    pub const BAD_REQUEST: i64 = 400;
    /// The device or user does not exist.
    pub const NOT_FOUND: i64 = 404;
    /// The device is not on a staging user / not enrolled / user inactive.
    pub const NOT_STAGED: i64 = 1040;
    /// A user with this username exists already.
    pub const DUPLICATE: i64 = 1041;
    /// A registration record for this serial number exists already.
    pub const DUPLICATE_REGISTRATION: i64 = 1042;
    /// The tenant quota is spent.
    pub const RATE_LIMITED: i64 = 429;
}

pub(crate) const JSON_UTF8: &str = "application/json; charset=utf-8";

/// An error answer in UEM's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: i64, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code::NOT_FOUND, message)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code::AUTH, message)
    }

    pub(crate) fn body(&self) -> Value {
        json!({
            "errorCode": self.code,
            "message": self.message,
            "activityId": uuid::Uuid::new_v4().to_string(),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// A JSON answer with UEM's `content-type: application/json; charset=utf-8`.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    response
}

/// An answer with no body at all (204, 200 of the PATCH, 202 of commands):
/// no content-type, and `Content-Length: 0` stated explicitly (except on 204).
pub(crate) fn empty_response(status: StatusCode) -> Response {
    let mut response = status.into_response();
    if status != StatusCode::NO_CONTENT {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    response
}
