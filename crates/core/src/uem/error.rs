//! Every way a UEM call can fail, with what was learnt from the server kept for the log and a
//! fixed sentence for the person ([`Problem`]).
//!
//! Nothing here ever holds a token, a secret or a URL: transport errors are stored stripped of
//! their URL, and bodies of token responses are never excerpted.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::problem::{ExitCode, Problem, UserFacing};

/// Longest body excerpt kept in an error, in characters.
pub const EXCERPT_CHARS: usize = 300;

/// What the server answered when a call failed: kept for the log and for support, never shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpDetails {
    /// HTTP status code.
    pub status: u16,
    /// UEM's application error code (`errorCode`), when the body was UEM's error object.
    pub error_code: Option<i64>,
    /// UEM's transaction id (`activityId`), for UEM support.
    pub activity_id: Option<String>,
    /// The start of the body (JSON, HTML or nothing), control characters replaced, at most
    /// [`EXCERPT_CHARS`] characters.
    pub excerpt: String,
}

impl HttpDetails {
    /// Details from a status and a body of any format.
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
        HttpDetails {
            status,
            error_code: parsed.as_ref().and_then(|b| b.error_code),
            activity_id: parsed.and_then(|b| b.activity_id),
            excerpt: excerpt(body),
        }
    }

    /// Details whose body must not be repeated (e.g. a token response).
    pub fn without_body(status: u16) -> Self {
        HttpDetails {
            status,
            ..Default::default()
        }
    }
}

impl fmt::Display for HttpDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.error_code {
            write!(f, ", errorCode {code}")?;
        }
        if let Some(id) = &self.activity_id {
            write!(f, ", activityId {id}")?;
        }
        if self.excerpt.is_empty() {
            write!(f, ", empty body")
        } else {
            write!(f, ", body: {:?}", self.excerpt)
        }
    }
}

/// UEM's `BaseExceptionModel`, read leniently: `errorCode` as a number or a numeric string.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(
        default,
        alias = "ErrorCode",
        deserialize_with = "super::models::lenient_i64"
    )]
    #[serde(rename = "errorCode")]
    error_code: Option<i64>,
    #[serde(
        default,
        alias = "ActivityId",
        deserialize_with = "super::models::lenient_text"
    )]
    #[serde(rename = "activityId")]
    activity_id: Option<String>,
}

/// The first [`EXCERPT_CHARS`] characters of a body, as text, with control characters (log
/// injection) replaced by spaces.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out.trim().to_owned()
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be opened (DNS, refused, unreachable). The request was not sent.
    Connect,
    /// The server's certificate was not trusted, or TLS could not be negotiated.
    Tls,
    /// The connect or request timeout ran out.
    Timeout,
    /// Anything else: connection reset mid-request, malformed HTTP, …
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connection failed",
            TransportKind::Tls => "TLS failure",
            TransportKind::Timeout => "timed out",
            TransportKind::Other => "transport error",
        })
    }
}

/// Everything the UEM client can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UemError {
    /// A URL in the settings is not https.
    #[error("{key} must be an https:// URL, not {scheme}://")]
    InsecureUrl {
        /// The configuration key.
        key: String,
        /// The scheme that was given.
        scheme: String,
    },
    /// The settings cannot work (missing tenant code, unreadable CA certificate, …).
    #[error("invalid UEM settings: {reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },
    /// The request did not get an HTTP answer.
    #[error("UEM request failed ({kind}): {source}")]
    Transport {
        /// What kind of failure.
        kind: TransportKind,
        /// reqwest's error, stripped of its URL.
        #[source]
        source: reqwest::Error,
    },
    /// The token service refused the OAuth client credentials.
    #[error("the UEM token service refused the client credentials ({details})")]
    TokenRejected {
        /// The token service's answer (body never kept).
        details: HttpDetails,
    },
    /// UEM refused the credentials (401, after one token refresh for OAuth).
    #[error("UEM refused the API credentials ({details})")]
    Unauthorized {
        /// UEM's answer.
        details: HttpDetails,
    },
    /// The API account or OAuth client lacks a permission (403).
    #[error("the UEM API account lacks a permission ({details})")]
    Forbidden {
        /// UEM's answer.
        details: HttpDetails,
    },
    /// No device with that serial number, UDID or id (404).
    #[error("UEM knows no such device ({details})")]
    DeviceNotFound {
        /// UEM's answer.
        details: HttpDetails,
    },
    /// The user search found no account with exactly that user name.
    #[error("UEM has no user named {username:?}")]
    UserNotFound {
        /// The name searched for.
        username: String,
    },
    /// UEM has accounts of the person's name, but none is the directory's person (F7): another
    /// entry's `ExternalId`, not a directory account, inactive, or another e-mail address.
    #[error("no UEM account named {username:?} is the directory's person: {detail}")]
    UserMismatch {
        /// The name searched for.
        username: String,
        /// Why each account was refused, for the log.
        detail: String,
    },
    /// Several accounts match the user name when case is ignored.
    #[error("{count} UEM accounts match the user name {username:?} when case is ignored")]
    AmbiguousUser {
        /// The name searched for.
        username: String,
        /// How many accounts matched.
        count: usize,
    },
    /// UEM refused the switch with a definite answer (400: device not on a staging user, 404, …).
    #[error("UEM refused to change the enrollment user ({details})")]
    SwitchRejected {
        /// UEM's answer.
        details: HttpDetails,
    },
    /// The switch request may or may not have been applied, and a re-read could not tell.
    #[error("it is not known whether UEM changed the enrollment user: {reason}")]
    SwitchOutcomeUnknown {
        /// Why it is unknown.
        reason: &'static str,
        /// The failure that left it unknown.
        #[source]
        cause: Box<UemError>,
    },
    /// While the switch was in doubt, the device came to belong to someone else (or vanished).
    #[error("the device changed in UEM during the switch (now enrolled to {now_user:?})")]
    DeviceChanged {
        /// The enrollment user the device has now, if it still exists.
        now_user: Option<String>,
    },
    /// UEM's rate limit was hit and waiting more would exceed the retry budget.
    #[error("UEM rate limit reached ({details})")]
    RateLimited {
        /// UEM's answer.
        details: HttpDetails,
        /// How long UEM asked to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// UEM (or a proxy in front of it) answered with a server error.
    #[error("UEM server error ({details})")]
    Server {
        /// The answer.
        details: HttpDetails,
    },
    /// Any other status that the operation does not expect.
    #[error("unexpected UEM answer ({details})")]
    UnexpectedStatus {
        /// The answer.
        details: HttpDetails,
    },
    /// A 2xx body did not have the expected shape.
    #[error("could not read UEM's answer at {path}: {message} ({details})")]
    Decode {
        /// JSON path of the value that failed (`.` for the root).
        path: String,
        /// serde's message.
        message: String,
        /// The answer (body excerpt left out for token responses).
        details: HttpDetails,
    },
    /// The answer was larger than [`super::UemOptions::max_body_bytes`].
    #[error("UEM's answer (HTTP {status}) is larger than the {limit}-byte limit")]
    BodyTooLarge {
        /// HTTP status of the answer.
        status: u16,
        /// The limit.
        limit: usize,
    },
}

impl UemError {
    /// The server's answer, when there was one.
    pub fn http_details(&self) -> Option<&HttpDetails> {
        match self {
            UemError::TokenRejected { details }
            | UemError::Unauthorized { details }
            | UemError::Forbidden { details }
            | UemError::DeviceNotFound { details }
            | UemError::SwitchRejected { details }
            | UemError::RateLimited { details, .. }
            | UemError::Server { details }
            | UemError::UnexpectedStatus { details }
            | UemError::Decode { details, .. } => Some(details),
            UemError::SwitchOutcomeUnknown { cause, .. } => cause.http_details(),
            _ => None,
        }
    }

    /// A transport error, classified and stripped of its URL.
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        let kind = classify_transport(&error);
        UemError::Transport {
            kind,
            source: error.without_url(),
        }
    }
}

/// An error and its causes on one line, for the log. Transport errors are stored without their
/// URL, so nothing here names one.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(current) = cause {
        let next = current.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = current.source();
    }
    text
}

fn classify_transport(error: &reqwest::Error) -> TransportKind {
    if error.is_timeout() {
        return TransportKind::Timeout;
    }
    // io::Error's `source()` skips the error it wraps, so descend through `get_ref()` instead.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.is::<rustls::Error>() {
            return TransportKind::Tls;
        }
        cause = match current.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() == std::io::ErrorKind::TimedOut => return TransportKind::Timeout,
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    if error.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    }
}

impl Problem for UemError {
    fn user_facing(&self) -> UserFacing {
        use ExitCode::*;
        let (code, summary, next_step, exit) = match self {
            UemError::InsecureUrl { .. } => (
                "UEM-CONFIG-HTTPS",
                "Baton is set up to reach Workspace ONE UEM without encryption, so it will not connect.",
                "Ask IT to set the UEM addresses to https:// in Baton's configuration profile.",
                Usage,
            ),
            UemError::InvalidOptions { .. } => (
                "UEM-CONFIG",
                "Baton's Workspace ONE UEM settings are incomplete or invalid.",
                "Ask IT to check the UEM keys in Baton's configuration profile.",
                Usage,
            ),
            UemError::Transport { kind: TransportKind::Tls, .. } => (
                "UEM-TLS",
                "Baton could not establish a trusted connection to Workspace ONE UEM.",
                "Ask IT to check the UEM server certificate and Baton's trusted certificates.",
                Unreachable,
            ),
            UemError::Transport { kind: TransportKind::Timeout, .. } => (
                "UEM-TIMEOUT",
                "Workspace ONE UEM did not answer in time.",
                "Check the network connection and try again in a few minutes.",
                Unreachable,
            ),
            UemError::Transport { .. } => (
                "UEM-OFFLINE",
                "Baton could not reach Workspace ONE UEM.",
                "Check the network connection and try again.",
                Unreachable,
            ),
            UemError::TokenRejected { .. } => (
                "UEM-TOKEN",
                "The Workspace ONE sign-in service refused Baton's API credentials.",
                "Ask IT to check the OAuth client id and secret in Baton's configuration.",
                Usage,
            ),
            UemError::Unauthorized { .. } => (
                "UEM-401",
                "Workspace ONE UEM refused Baton's API credentials.",
                "Ask IT to check Baton's UEM API credentials and tenant code.",
                Usage,
            ),
            UemError::Forbidden { .. } => (
                "UEM-403",
                "Baton's UEM API account is not allowed to do this.",
                "Ask IT to give Baton's API account a role that can read devices and change enrollment users.",
                Usage,
            ),
            UemError::DeviceNotFound { .. } => (
                "UEM-DEVICE-NOT-FOUND",
                "This Mac was not found in Workspace ONE UEM.",
                "Make sure the Mac has finished enrolling, then try again, or contact IT.",
                DeviceNotFound,
            ),
            UemError::UserNotFound { .. } => (
                "UEM-USER-NOT-FOUND",
                "Your account was not found in Workspace ONE UEM.",
                "Check the user name, or ask IT to add your account to UEM.",
                UserNotFound,
            ),
            UemError::UserMismatch { .. } => (
                "UEM-USER-MISMATCH",
                "Your Workspace ONE UEM account could not be matched to your directory account.",
                "Contact IT support and mention the support code; your UEM account must be an active directory account with your e-mail address.",
                UserNotFound,
            ),
            UemError::AmbiguousUser { .. } => (
                "UEM-USER-AMBIGUOUS",
                "More than one Workspace ONE UEM account matches this user name.",
                "Ask IT to remove the duplicate UEM account, then try again.",
                UserNotFound,
            ),
            UemError::SwitchRejected { .. } => (
                "UEM-SWITCH-REJECTED",
                "Workspace ONE UEM refused to assign this Mac to you.",
                "Ask IT to check that the Mac is enrolled to a staging user.",
                NotStaged,
            ),
            UemError::SwitchOutcomeUnknown { .. } => (
                "UEM-SWITCH-UNKNOWN",
                "It is not known whether this Mac was assigned to you.",
                "Start Baton again; it will check the Mac's state in UEM before doing anything.",
                Unreachable,
            ),
            UemError::DeviceChanged { .. } => (
                "UEM-DEVICE-CHANGED",
                "This Mac was assigned to someone else while Baton was working.",
                "Contact IT before using this Mac.",
                NotStaged,
            ),
            UemError::RateLimited { .. } => (
                "UEM-429",
                "Workspace ONE UEM is busy and asked Baton to wait.",
                "Try again later.",
                Unreachable,
            ),
            UemError::Server { .. } => (
                "UEM-5XX",
                "Workspace ONE UEM reported an error.",
                "Try again in a few minutes; if it keeps happening, contact IT with the support code.",
                Unreachable,
            ),
            UemError::UnexpectedStatus { .. } => (
                "UEM-UNEXPECTED",
                "Workspace ONE UEM gave an answer Baton did not expect.",
                "Try again; if it keeps happening, contact IT with the support code.",
                Unreachable,
            ),
            UemError::Decode { .. } | UemError::BodyTooLarge { .. } => (
                "UEM-UNREADABLE",
                "Baton could not read Workspace ONE UEM's answer.",
                "Try again; if it keeps happening, contact IT with the support code.",
                Unreachable,
            ),
        };
        UserFacing {
            code,
            summary,
            next_step,
            exit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_uem_error_objects() {
        let body = br#"{"errorCode": 1005, "message": "An error occurred while validating remote service client credentials or user not found : api", "activityId": "7c0e4ae7-1f2b-4a0b-9b86-5f3a1c0e9d11"}"#;
        let d = HttpDetails::from_body(401, body);
        assert_eq!(d.status, 401);
        assert_eq!(d.error_code, Some(1005));
        assert_eq!(
            d.activity_id.as_deref(),
            Some("7c0e4ae7-1f2b-4a0b-9b86-5f3a1c0e9d11")
        );
        assert!(d.excerpt.starts_with("{\"errorCode\": 1005"));
    }

    #[test]
    fn details_accept_string_error_codes_and_missing_activity() {
        let d = HttpDetails::from_body(400, br#"{"errorCode":"400","message":"nope"}"#);
        assert_eq!(d.error_code, Some(400));
        assert_eq!(d.activity_id, None);
    }

    #[test]
    fn details_keep_html_and_empty_bodies() {
        let html = b"<!DOCTYPE html>\r\n<html><body><h1>502 Bad Gateway</h1></body></html>";
        let d = HttpDetails::from_body(502, html);
        assert_eq!(d.error_code, None);
        assert!(d.excerpt.starts_with("<!DOCTYPE html>"));
        assert!(!d.excerpt.contains('\r') && !d.excerpt.contains('\n'));
        let empty = HttpDetails::from_body(503, b"");
        assert_eq!(empty.excerpt, "");
        assert_eq!(empty.to_string(), "HTTP 503, empty body");
    }

    #[test]
    fn excerpt_is_capped_on_a_char_boundary() {
        let body = "é".repeat(EXCERPT_CHARS * 3);
        let e = excerpt(body.as_bytes());
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        let short = excerpt(b"short");
        assert_eq!(short, "short");
    }

    #[test]
    fn excerpt_survives_invalid_utf8() {
        let e = excerpt(&[0x66, 0xff, 0x6f]);
        assert_eq!(e, "f\u{fffd}o");
    }

    #[test]
    fn every_variant_maps_to_the_cli_contract() {
        let d = || HttpDetails::from_body(500, b"");
        let cases: Vec<(UemError, &str, ExitCode)> = vec![
            (
                UemError::InsecureUrl {
                    key: "UEMAPIURL".into(),
                    scheme: "http".into(),
                },
                "UEM-CONFIG-HTTPS",
                ExitCode::Usage,
            ),
            (
                UemError::InvalidOptions { reason: "x".into() },
                "UEM-CONFIG",
                ExitCode::Usage,
            ),
            (
                UemError::TokenRejected { details: d() },
                "UEM-TOKEN",
                ExitCode::Usage,
            ),
            (
                UemError::Unauthorized { details: d() },
                "UEM-401",
                ExitCode::Usage,
            ),
            (
                UemError::Forbidden { details: d() },
                "UEM-403",
                ExitCode::Usage,
            ),
            (
                UemError::DeviceNotFound { details: d() },
                "UEM-DEVICE-NOT-FOUND",
                ExitCode::DeviceNotFound,
            ),
            (
                UemError::UserNotFound {
                    username: "jdoe".into(),
                },
                "UEM-USER-NOT-FOUND",
                ExitCode::UserNotFound,
            ),
            (
                UemError::AmbiguousUser {
                    username: "jdoe".into(),
                    count: 2,
                },
                "UEM-USER-AMBIGUOUS",
                ExitCode::UserNotFound,
            ),
            (
                UemError::UserMismatch {
                    username: "jdoe".into(),
                    detail: "x".into(),
                },
                "UEM-USER-MISMATCH",
                ExitCode::UserNotFound,
            ),
            (
                UemError::SwitchRejected { details: d() },
                "UEM-SWITCH-REJECTED",
                ExitCode::NotStaged,
            ),
            (
                UemError::SwitchOutcomeUnknown {
                    reason: "x",
                    cause: Box::new(UemError::Server { details: d() }),
                },
                "UEM-SWITCH-UNKNOWN",
                ExitCode::Unreachable,
            ),
            (
                UemError::DeviceChanged { now_user: None },
                "UEM-DEVICE-CHANGED",
                ExitCode::NotStaged,
            ),
            (
                UemError::RateLimited {
                    details: d(),
                    retry_after: None,
                },
                "UEM-429",
                ExitCode::Unreachable,
            ),
            (
                UemError::Server { details: d() },
                "UEM-5XX",
                ExitCode::Unreachable,
            ),
            (
                UemError::UnexpectedStatus { details: d() },
                "UEM-UNEXPECTED",
                ExitCode::Unreachable,
            ),
            (
                UemError::Decode {
                    path: ".".into(),
                    message: "x".into(),
                    details: d(),
                },
                "UEM-UNREADABLE",
                ExitCode::Unreachable,
            ),
            (
                UemError::BodyTooLarge {
                    status: 200,
                    limit: 1,
                },
                "UEM-UNREADABLE",
                ExitCode::Unreachable,
            ),
        ];
        for (error, code, exit) in cases {
            let uf = error.user_facing();
            assert_eq!(uf.code, code, "{error:?}");
            assert_eq!(uf.exit, exit, "{error:?}");
            assert!(uf.summary.ends_with('.') && uf.next_step.ends_with('.'));
        }
    }

    #[test]
    fn switch_outcome_unknown_exposes_the_cause_details() {
        let e = UemError::SwitchOutcomeUnknown {
            reason: "re-read failed",
            cause: Box::new(UemError::Server {
                details: HttpDetails::from_body(503, br#"{"activityId":"a-1"}"#),
            }),
        };
        assert_eq!(
            e.http_details().unwrap().activity_id.as_deref(),
            Some("a-1")
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
