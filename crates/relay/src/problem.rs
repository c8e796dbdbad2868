//! Every refusal as an RFC 9457 `application/problem+json` with the Baton support code and the
//! same plain sentences the app shows ([`baton_core::problem::Problem`]). Raw server text goes to
//! the log only.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use baton_core::checkout::CheckoutError;
use baton_core::directory::DirectoryError;
use baton_core::ops::wire::ProblemDoc;
use baton_core::ops::{OpsError, RelayError};
use baton_core::problem::{Problem, UserFacing};
use baton_core::uem::UemError;

/// A problem answer.
#[derive(Debug)]
pub struct ApiProblem {
    pub status: StatusCode,
    pub doc: Box<ProblemDoc>,
}

impl ApiProblem {
    /// A problem with the sentences of `facing`.
    pub fn new(status: StatusCode, facing: UserFacing) -> Self {
        ApiProblem {
            status,
            doc: Box::new(ProblemDoc {
                kind: "about:blank".into(),
                title: facing.summary.into(),
                status: status.as_u16(),
                detail: facing.next_step.into(),
                code: facing.code.into(),
                field: None,
                retry_after_seconds: None,
                request_id: None,
            }),
        }
    }

    /// One of the relay's own refusals, with the sentences the app shows for it.
    pub fn relay(status: StatusCode, reason: &str) -> Self {
        let facing = RelayError::Refused {
            status: status.as_u16(),
            code: String::new(),
            title: reason.into(),
        }
        .user_facing();
        tracing::info!(status = status.as_u16(), "refused: {reason}");
        ApiProblem::new(status, facing)
    }

    /// 400 for the request field `field`.
    pub fn bad_field(field: &str, reason: &str) -> Self {
        let mut problem = ApiProblem::relay(StatusCode::BAD_REQUEST, reason);
        problem.doc.field = Some(field.to_owned());
        problem
    }

    /// The answer for a use case that did not happen.
    pub fn from_ops(error: &OpsError) -> Self {
        let mut problem = ApiProblem::new(status_of(error), error.user_facing());
        problem.doc.retry_after_seconds = error.retry_after().map(|d| d.as_secs().max(1));
        problem
    }

    pub fn with_request_id(mut self, id: &str) -> Self {
        self.doc.request_id = Some(id.to_owned());
        self
    }
}

/// The HTTP status of a use case's failure (RELAY.md, "Status codes").
pub fn status_of(error: &OpsError) -> StatusCode {
    match error {
        OpsError::Directory(e) => match e {
            DirectoryError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            DirectoryError::EmptyPassword | DirectoryError::InvalidUsername { .. } => {
                StatusCode::BAD_REQUEST
            }
            e if e.is_credential_rejection() => StatusCode::UNAUTHORIZED,
            DirectoryError::TimedOut { .. } => StatusCode::GATEWAY_TIMEOUT,
            DirectoryError::Unreachable { .. } | DirectoryError::Tls { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ => StatusCode::BAD_GATEWAY,
        },
        OpsError::Checkout(e) => match e {
            CheckoutError::NotEnrolled { .. } => StatusCode::NOT_FOUND,
            CheckoutError::NotStaged { .. } => StatusCode::CONFLICT,
            CheckoutError::NotConfirmed { .. } => StatusCode::BAD_GATEWAY,
            CheckoutError::Uem(UemError::DeviceNotFound { .. })
            | CheckoutError::Uem(UemError::UserNotFound { .. }) => StatusCode::NOT_FOUND,
            CheckoutError::Uem(UemError::DeviceChanged { .. }) => StatusCode::CONFLICT,
            CheckoutError::Uem(UemError::Transport { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            CheckoutError::Uem(UemError::RateLimited { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_GATEWAY,
        },
        OpsError::Relay(_) => StatusCode::BAD_GATEWAY,
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&*self.doc).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.doc.retry_after_seconds {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
