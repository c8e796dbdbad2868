//! `GET /api/system/info`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::errors::json_response;
use crate::sim::Shared;

pub(crate) async fn info(State(sim): State<Arc<Shared>>) -> Response {
    let tenant = &sim.seed.tenant;
    json_response(
        StatusCode::OK,
        &json!({
            "ProductVersion": tenant.product_version,
            "BuildNumber": tenant.build_number,
        }),
    )
}
