//! `POST /connect/token`: the OAuth 2.0 client-credentials grant of the Workspace ONE token
//! service (uem-api.md §2.1). Client credentials come in the form body or as HTTP Basic,
//! never both. Errors use RFC 6749's `{"error": "…"}` shape.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::auth::basic_credentials;
use crate::errors::json_response;
use crate::sim::{lock, Shared};

fn oauth_error(status: StatusCode, error: &str) -> Response {
    json_response(status, &json!({ "error": error }))
}

pub(crate) async fn issue(
    State(sim): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(_) => return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
        None => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request"),
    }
    let in_body = field("client_id").map(|id| {
        (
            id.to_string(),
            field("client_secret").unwrap_or_default().to_string(),
        )
    });
    let credentials = match (basic_credentials(&headers), in_body) {
        (Some(_), Some(_)) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request"),
        (Some(basic), None) => Some(basic),
        (None, body) => body,
    };
    let client = credentials.and_then(|(id, secret)| {
        sim.seed
            .oauth_clients
            .iter()
            .find(|c| c.client_id == id && c.client_secret == secret)
    });
    let Some(client) = client else {
        let status = StatusCode::from_u16(sim.seed.behavior.token_error_status)
            .unwrap_or(StatusCode::UNAUTHORIZED);
        return oauth_error(status, "invalid_client");
    };
    let lifetime = sim.seed.behavior.token_expires_in_secs;
    let token = lock(&sim.tokens).issue(&client.client_id, Duration::from_secs(lifetime));
    tracing::info!(client_id = %client.client_id, "issued an access token");
    let mut response = json_response(
        StatusCode::OK,
        &json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
        }),
    );
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
