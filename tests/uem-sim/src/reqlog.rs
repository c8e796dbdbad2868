//! The request log: every token and API request (not `/_sim/…`) with method, path, query,
//! a fixed set of headers, who called, the status — or the fault that replaced it.
//!
//! Redaction: `Authorization` keeps only its scheme, `aw-tenant-code` is replaced, query
//! parameters that look secret are replaced, and bodies are never recorded.
//!
//! LDAP operations are logged too (route `ldap`, details in [`LdapRecord`]); bind
//! passwords are never recorded.

use std::collections::{BTreeMap, VecDeque};

use axum::http::{HeaderMap, Method, Uri};
use serde::{Deserialize, Serialize};

use crate::route::Route;

/// What replaces a secret value.
pub const REDACTED: &str = "[redacted]";

/// Headers the log keeps (everything else is left out).
const KEPT_HEADERS: &[&str] = &[
    "accept",
    "content-type",
    "content-length",
    "user-agent",
    "authorization",
    "aw-tenant-code",
];

/// One request as the simulator saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// 1, 2, 3… in arrival order (not reset by clearing the log).
    pub seq: u64,
    /// Arrival time, RFC 3339 UTC.
    pub timestamp: String,
    pub method: String,
    /// The path as sent (original case).
    pub path: String,
    /// The query string as sent, with secret-looking parameters redacted.
    pub query: Option<String>,
    pub route: Route,
    /// Kept headers, names lower-case, secrets redacted.
    pub headers: BTreeMap<String, String>,
    /// `oauth:<client_id>` or `basic:<username>` once authenticated.
    pub principal: Option<String>,
    /// The API version served.
    pub api_version: Option<u32>,
    /// The status sent; `None` while in flight or when a fault sent none (reset, hang).
    pub status: Option<u16>,
    /// The fault injected, if any, e.g. `hang after handler`.
    pub fault: Option<String>,
    /// Set for LDAP operations (route `ldap`): `method` is the operation (`BIND`, `SEARCH`,
    /// `STARTTLS`, …), `path` the DN it names (bind name as sent, search base), `query`
    /// the search filter, `principal` `ldap:<DN>` once bound; `headers` is empty and
    /// `status` stays `None` (the LDAP result code is in here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ldap: Option<LdapRecord>,
}

/// What the log keeps of an LDAP operation. Never the password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LdapRecord {
    /// `ldaps` (the LDAPS port) or `ldap` (the StartTLS port).
    pub port: String,
    /// Whether the operation arrived over TLS (always on `ldaps`; after StartTLS on `ldap`).
    pub tls: bool,
    /// The client's connection (`127.0.0.1:PORT`), to tell connections apart.
    pub peer: String,
    /// The LDAP messageID.
    pub message_id: i32,
    /// The LDAP resultCode sent (0 success, 49 invalidCredentials…); `None` when the
    /// operation has no response (unbind, abandon).
    pub result_code: Option<u32>,
    /// The diagnostic message sent, e.g. AD's `… data 52e, v1db1`.
    pub diagnostic: Option<String>,
    /// Entries returned by a search.
    pub entries: Option<u32>,
}

/// The log, capped to the most recent entries.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<RequestRecord>,
    next_seq: u64,
    capacity: usize,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> RequestLog {
        RequestLog {
            entries: VecDeque::new(),
            next_seq: 1,
            capacity: capacity.max(1),
        }
    }

    /// Records a request as it arrives and returns its sequence number.
    pub(crate) fn begin(
        &mut self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        route: Route,
    ) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(RequestRecord {
            seq,
            timestamp: crate::clock::rfc3339_now(),
            method: method.to_string(),
            path: uri.path().to_string(),
            query: uri.query().map(redact_query),
            route,
            headers: kept_headers(headers),
            principal: None,
            api_version: None,
            status: None,
            fault: None,
            ldap: None,
        });
        seq
    }

    /// Appends a finished record (LDAP operations), giving it the next sequence number.
    pub(crate) fn push(&mut self, mut record: RequestRecord) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        record.seq = seq;
        self.entries.push_back(record);
        seq
    }

    /// Updates the entry `seq` (if still in the log).
    pub(crate) fn update(&mut self, seq: u64, change: impl FnOnce(&mut RequestRecord)) {
        if let Some(entry) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            change(entry);
        }
    }

    pub(crate) fn entries(&self) -> Vec<RequestRecord> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

fn kept_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut kept = BTreeMap::new();
    for name in KEPT_HEADERS {
        let values: Vec<String> = headers
            .get_all(*name)
            .iter()
            .map(|v| redact_header(name, &String::from_utf8_lossy(v.as_bytes())))
            .collect();
        if !values.is_empty() {
            kept.insert((*name).to_string(), values.join(", "));
        }
    }
    kept
}

fn redact_header(name: &str, value: &str) -> String {
    match name {
        "authorization" => match value.trim().split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {REDACTED}"),
            None => REDACTED.to_string(),
        },
        "aw-tenant-code" => REDACTED.to_string(),
        _ => value.to_string(),
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["secret", "password", "token", "code", "key"]
        .iter()
        .any(|word| name.contains(word))
}

fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(name) => format!("{name}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn secrets_never_reach_the_log() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer abc123"));
        headers.insert("aw-tenant-code", HeaderValue::from_static("TENANTKEY"));
        headers.insert("cookie", HeaderValue::from_static("session=s3cr3t"));
        headers.insert(
            "accept",
            HeaderValue::from_static("application/json;version=2"),
        );
        let uri: Uri = "/api/x?client_secret=hunter2&id=C02&access_token=t0k"
            .parse()
            .unwrap();
        let mut log = RequestLog::new(10);
        log.begin(&Method::GET, &uri, &headers, Route::Unknown);
        let text = serde_json::to_string(&log.entries()).unwrap();
        for secret in ["abc123", "TENANTKEY", "s3cr3t", "hunter2", "t0k"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        let entry = &log.entries()[0];
        assert_eq!(entry.headers["authorization"], "Bearer [redacted]");
        assert_eq!(entry.headers["accept"], "application/json;version=2");
        assert_eq!(
            entry.query.as_deref(),
            Some("client_secret=[redacted]&id=C02&access_token=[redacted]")
        );
    }

    #[test]
    fn keeps_only_the_most_recent_entries() {
        let mut log = RequestLog::new(2);
        let uri: Uri = "/a".parse().unwrap();
        for _ in 0..3 {
            log.begin(&Method::GET, &uri, &HeaderMap::new(), Route::Unknown);
        }
        let seqs: Vec<u64> = log.entries().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [2, 3]);
        log.update(3, |e| e.status = Some(200));
        assert_eq!(log.entries()[1].status, Some(200));
    }
}
