//! Fault injection per route: an error status (JSON error object, HTML page or empty body),
//! truncated JSON, an oversize body, a connection reset, a hang. A fault fires either before
//! the handler runs (nothing changes server-side) or after it (a PATCH switch is applied,
//! then the client sees the fault), for the next N matching requests or until cleared.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::errors::{json_response, ApiError};
use crate::route::Route;

/// Default size of an oversize body: 16 MiB.
pub const DEFAULT_OVERSIZE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest handler body the truncation fault reads back.
const MAX_TRUNCATE_INPUT: usize = 16 * 1024 * 1024;

/// What goes wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer `status` with a UEM error object (`json`), an HTML page as a proxy or load
    /// balancer would send (`html`, without UEM's headers), or no body (`empty`).
    Status {
        status: u16,
        #[serde(default)]
        body: FaultBody,
    },
    /// The real answer with its body cut in half: valid HTTP framing, invalid JSON.
    /// Always runs the handler first (whatever the phase).
    TruncatedJson,
    /// A 200 whose JSON body is `bytes` long, streamed without `Content-Length`.
    Oversize {
        #[serde(default = "default_oversize_bytes")]
        bytes: u64,
    },
    /// The connection is closed with a TCP reset instead of an answer.
    Reset,
    /// No answer ever (until the client gives up or the simulator shuts down).
    Hang,
}

fn default_oversize_bytes() -> u64 {
    DEFAULT_OVERSIZE_BYTES
}

/// The body of a [`FaultKind::Status`] answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultBody {
    #[default]
    Json,
    Html,
    Empty,
}

/// When the fault strikes relative to the route's own work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultPhase {
    /// Before the handler: the request has no effect ("fail before applying").
    #[default]
    Before,
    /// After the handler: its effect stays (the switch happened server-side) but the client
    /// gets the fault instead of the answer.
    After,
}

/// One fault and how often it fires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default)]
    pub phase: FaultPhase,
    /// `Some(n)`: the next `n` matching requests (one-shot = 1); `None`: until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

impl Fault {
    fn of(kind: FaultKind) -> Fault {
        Fault {
            kind,
            phase: FaultPhase::Before,
            times: None,
        }
    }

    /// `status` with a UEM error object.
    pub fn status(status: u16) -> Fault {
        Fault::of(FaultKind::Status {
            status,
            body: FaultBody::Json,
        })
    }

    /// `status` with an HTML page.
    pub fn html(status: u16) -> Fault {
        Fault::of(FaultKind::Status {
            status,
            body: FaultBody::Html,
        })
    }

    /// `status` with no body.
    pub fn empty(status: u16) -> Fault {
        Fault::of(FaultKind::Status {
            status,
            body: FaultBody::Empty,
        })
    }

    pub fn truncated_json() -> Fault {
        Fault::of(FaultKind::TruncatedJson)
    }

    pub fn oversize(bytes: u64) -> Fault {
        Fault::of(FaultKind::Oversize { bytes })
    }

    pub fn reset() -> Fault {
        Fault::of(FaultKind::Reset)
    }

    pub fn hang() -> Fault {
        Fault::of(FaultKind::Hang)
    }

    /// Let the handler do its work first (see [`FaultPhase::After`]).
    pub fn after_handler(mut self) -> Fault {
        self.phase = FaultPhase::After;
        self
    }

    /// Fire for the next `n` matching requests only.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = Some(n);
        self
    }

    /// Whether the handler runs before the fault strikes.
    pub(crate) fn runs_handler(&self) -> bool {
        self.phase == FaultPhase::After || self.kind == FaultKind::TruncatedJson
    }

    /// Short description for the request log.
    pub(crate) fn label(&self) -> String {
        let kind = match &self.kind {
            FaultKind::Status { status, body } => {
                format!("status {status} ({})", format!("{body:?}").to_lowercase())
            }
            FaultKind::TruncatedJson => "truncated_json".into(),
            FaultKind::Oversize { bytes } => format!("oversize {bytes} bytes"),
            FaultKind::Reset => "reset".into(),
            FaultKind::Hang => "hang".into(),
        };
        if self.phase == FaultPhase::After {
            format!("{kind} after handler")
        } else {
            kind
        }
    }
}

/// A fault bound to a route (`None` = every API and token request).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(default)]
    pub route: Option<Route>,
    #[serde(flatten)]
    pub fault: Fault,
}

/// The active fault rules, first match wins.
#[derive(Debug, Default)]
pub(crate) struct FaultSet {
    rules: Vec<FaultRule>,
}

impl FaultSet {
    pub(crate) fn add(&mut self, rule: FaultRule) {
        if rule.fault.times != Some(0) {
            self.rules.push(rule);
        }
    }

    /// Replaces the rules of `route` with this one.
    pub(crate) fn set(&mut self, route: Option<Route>, fault: Fault) {
        self.rules.retain(|r| r.route != route);
        self.add(FaultRule { route, fault });
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    pub(crate) fn rules(&self) -> Vec<FaultRule> {
        self.rules.clone()
    }

    /// The fault for this request, if any; counts down one-shot rules.
    pub(crate) fn take(&mut self, route: Route) -> Option<Fault> {
        if route == Route::Admin {
            return None;
        }
        let index = self
            .rules
            .iter()
            .position(|r| r.route.is_none_or(|wanted| wanted == route))?;
        let fault = self.rules[index].fault.clone();
        if let Some(left) = &mut self.rules[index].fault.times {
            *left -= 1;
            if *left == 0 {
                self.rules.remove(index);
            }
        }
        Some(fault)
    }
}

/// What the pipeline does instead of (or with) the real answer.
pub(crate) enum Outcome {
    /// Send this answer; `uem_headers` = whether to add UEM's usual headers.
    Respond {
        response: Response,
        uem_headers: bool,
    },
    Reset,
    Hang,
}

/// Turns a fault into an outcome. `handled` is the handler's answer when it ran.
pub(crate) async fn outcome(kind: &FaultKind, handled: Option<Response>) -> Outcome {
    match kind {
        FaultKind::Status { status, body } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let (response, uem_headers) = status_answer(status, *body);
            Outcome::Respond {
                response,
                uem_headers,
            }
        }
        FaultKind::TruncatedJson => Outcome::Respond {
            response: truncated(handled).await,
            uem_headers: true,
        },
        FaultKind::Oversize { bytes } => Outcome::Respond {
            response: oversize(*bytes),
            uem_headers: true,
        },
        FaultKind::Reset => Outcome::Reset,
        FaultKind::Hang => Outcome::Hang,
    }
}

fn status_answer(status: StatusCode, body: FaultBody) -> (Response, bool) {
    match body {
        FaultBody::Json => {
            let error = ApiError::new(
                status,
                i64::from(status.as_u16()),
                format!("Simulated fault: HTTP {}", status.as_u16()),
            );
            (json_response(status, &error.body()), true)
        }
        FaultBody::Html => {
            let reason = status.canonical_reason().unwrap_or("Error");
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\
                 <body><h1>{code} {reason}</h1><p>The server could not handle the request.</p>\
                 </body></html>\n",
                code = status.as_u16()
            );
            let mut response = Response::new(Body::from(page));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            (response, false)
        }
        FaultBody::Empty => (crate::errors::empty_response(status), true),
    }
}

async fn truncated(handled: Option<Response>) -> Response {
    let (mut parts, body) = match handled {
        Some(response) => response.into_parts(),
        None => Response::new(Body::empty()).into_parts(),
    };
    let mut bytes = axum::body::to_bytes(body, MAX_TRUNCATE_INPUT)
        .await
        .unwrap_or_default();
    if bytes.is_empty() {
        bytes = Bytes::from_static(br#"{"errorCode":500,"message":"Simulated truncated answer"}"#);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::errors::JSON_UTF8),
        );
    }
    if parts.status == StatusCode::NO_CONTENT {
        // A 204 cannot carry the cut body.
        parts.status = StatusCode::OK;
    }
    let cut = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, cut.len().into());
    Response::from_parts(parts, Body::from(cut))
}

fn oversize(bytes: u64) -> Response {
    const CHUNK: usize = 64 * 1024;
    const OPEN: &[u8] = br#"{"Padding":""#;
    const CLOSE: &[u8] = br#""}"#;
    let padding = bytes.saturating_sub((OPEN.len() + CLOSE.len()) as u64);
    let chunk = Bytes::from(vec![b'x'; CHUNK]);
    let full_chunks = padding / CHUNK as u64;
    let rest = (padding % CHUNK as u64) as usize;
    let middle = (0..full_chunks)
        .map(move |_| chunk.clone())
        .chain(std::iter::once(Bytes::from(vec![b'x'; rest])));
    let parts = std::iter::once(Bytes::from_static(OPEN))
        .chain(middle)
        .chain(std::iter::once(Bytes::from_static(CLOSE)))
        .map(Ok::<_, Infallible>);
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(parts)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::errors::JSON_UTF8),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shot_faults_fire_the_given_number_of_times() {
        let mut set = FaultSet::default();
        set.add(FaultRule {
            route: Some(Route::SwitchUser),
            fault: Fault::status(503).times(2),
        });
        assert!(set.take(Route::DeviceLookup).is_none());
        assert!(set.take(Route::SwitchUser).is_some());
        assert!(set.take(Route::SwitchUser).is_some());
        assert!(set.take(Route::SwitchUser).is_none());
    }

    #[test]
    fn permanent_and_any_route_faults_stay_until_cleared() {
        let mut set = FaultSet::default();
        set.add(FaultRule {
            route: None,
            fault: Fault::hang(),
        });
        for _ in 0..3 {
            assert_eq!(set.take(Route::Token), Some(Fault::hang()));
        }
        assert!(set.take(Route::Admin).is_none());
        set.clear();
        assert!(set.take(Route::Token).is_none());
    }

    #[test]
    fn rules_queue_in_order() {
        let mut set = FaultSet::default();
        set.add(FaultRule {
            route: Some(Route::UserSearch),
            fault: Fault::status(500).times(1),
        });
        set.add(FaultRule {
            route: Some(Route::UserSearch),
            fault: Fault::reset().times(1),
        });
        assert_eq!(
            set.take(Route::UserSearch).unwrap().kind,
            Fault::status(500).kind
        );
        assert_eq!(set.take(Route::UserSearch).unwrap().kind, FaultKind::Reset);
        assert!(set.take(Route::UserSearch).is_none());
    }

    #[test]
    fn rules_read_from_admin_json() {
        let rule: FaultRule = serde_json::from_str(
            r#"{"route": "switch_user", "kind": "hang", "phase": "after", "times": 1}"#,
        )
        .unwrap();
        assert_eq!(
            rule,
            FaultRule {
                route: Some(Route::SwitchUser),
                fault: Fault::hang().after_handler().times(1)
            }
        );
        let rule: FaultRule =
            serde_json::from_str(r#"{"kind": "status", "status": 502, "body": "html"}"#).unwrap();
        assert_eq!(rule.route, None);
        assert_eq!(rule.fault, Fault::html(502));
    }

    #[tokio::test]
    async fn truncated_answer_is_invalid_json_with_a_matching_length() {
        let full = json_response(
            StatusCode::OK,
            &serde_json::json!({"Id": {"Value": 1}, "UserName": "alice"}),
        );
        let Outcome::Respond { response, .. } =
            outcome(&FaultKind::TruncatedJson, Some(full)).await
        else {
            panic!("expected an answer");
        };
        let length: usize = response.headers()[header::CONTENT_LENGTH]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body.len(), length);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
    }

    #[tokio::test]
    async fn oversize_body_has_the_requested_size() {
        let response = oversize(200_000);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body.len(), 200_000);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    }
}
