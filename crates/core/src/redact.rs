//! The one redaction rule every log sink goes through.
//!
//! Two passes over each formatted log line, before it reaches stderr, the log file or the
//! system log:
//! 1. every secret registered with [`register`] (configuration secrets, tokens, the password
//!    being verified) is replaced by `••••`: wherever it appears when it is at least
//!    [`ANYWHERE_FROM`] characters long, and only as a whole token (not inside a longer word)
//!    when it is shorter — a short password masked inside ordinary words ("Summer" in
//!    "Summertime") would point at itself;
//! 2. values written after a credential-like name (`password=…`, `"client_secret": "…"`,
//!    `Authorization: Bearer …`) are replaced, so a secret that was never registered still
//!    does not reach a log in those shapes.
//!
//! Secrets are also `SecretString`s, whose `Debug` prints no content; this module is the net
//! under that.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use regex::Regex;
use secrecy::{ExposeSecret, SecretString};

/// What a redacted value is replaced with.
pub const MASK: &str = "••••";

/// Registered secrets at least this long are masked wherever they appear; shorter ones only as
/// whole tokens.
pub const ANYWHERE_FROM: usize = 8;

/// Replaces `secret` in `text`: everywhere, or (short secrets) where it is a whole token — no
/// letter or digit right before or after it.
fn mask_secret(text: &str, secret: &str) -> Option<String> {
    if secret.chars().count() >= ANYWHERE_FROM {
        return text.contains(secret).then(|| text.replace(secret, MASK));
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut changed = false;
    for (at, _) in text.match_indices(secret) {
        if at < last {
            continue;
        }
        let before = text[..at].chars().next_back();
        let after = text[at + secret.len()..].chars().next();
        if word(before) || word(after) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(MASK);
        last = at + secret.len();
        changed = true;
    }
    changed.then(|| {
        out.push_str(&text[last..]);
        out
    })
}

static REGISTRY: OnceLock<RwLock<Vec<(u64, SecretString)>>> = OnceLock::new();
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn registry() -> &'static RwLock<Vec<(u64, SecretString)>> {
    REGISTRY.get_or_init(|| RwLock::new(Vec::new()))
}

/// Keeps a secret registered for scrubbing until it is dropped.
#[must_use = "the secret is scrubbed from logs only while the guard lives"]
#[derive(Debug)]
pub struct Registration(u64);

impl Drop for Registration {
    fn drop(&mut self) {
        let mut secrets = registry().write().unwrap_or_else(|e| e.into_inner());
        secrets.retain(|(id, _)| *id != self.0);
    }
}

/// Registers `secret` so that it is scrubbed from every log line while the returned guard
/// lives. Empty secrets are ignored (there is nothing to find).
pub fn register(secret: &SecretString) -> Registration {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    if !secret.expose_secret().is_empty() {
        let mut secrets = registry().write().unwrap_or_else(|e| e.into_inner());
        secrets.push((id, secret.clone()));
        // Longest first, so a secret that contains another is replaced whole.
        secrets.sort_by_key(|(_, s)| std::cmp::Reverse(s.expose_secret().len()));
    }
    Registration(id)
}

/// Registers a secret for the life of the process (configuration secrets).
pub fn register_forever(secret: &SecretString) {
    std::mem::forget(register(secret));
}

fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let name = r"(?:password|passwd|pwd|secret|client_secret|access_token|refresh_token|token|api[_-]?key|aw-tenant-code|tenant[_-]?code|UEMPassword|UEMOAuthClientSecret|UEMTenantCode)";
        vec![
            // Authorization headers: scheme kept, credentials masked.
            (
                Regex::new(r"(?i)(authorization\W{0,3}\s*(?:bearer|basic)?\s*)[A-Za-z0-9._~+/=-]{4,}").unwrap(),
                "${1}••••",
            ),
            (
                Regex::new(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}").unwrap(),
                "${1} ••••",
            ),
            // name="value", name: "value", name=value, "name":"value"
            (
                Regex::new(&format!(r#"(?i)({name}"?\s*[:=]\s*")[^"]*"#)).unwrap(),
                "${1}••••",
            ),
            (
                Regex::new(&format!(r#"(?i)({name}"?\s*[:=]\s*)[^\s",&;)}}\]"]+"#)).unwrap(),
                "${1}••••",
            ),
        ]
    })
}

/// Returns `line` with every registered secret and every credential-shaped value masked.
pub fn scrub(line: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(line);
    {
        let secrets = registry().read().unwrap_or_else(|e| e.into_inner());
        for (_, secret) in secrets.iter() {
            if let Some(masked) = mask_secret(&out, secret.expose_secret()) {
                out = Cow::Owned(masked);
            }
        }
    }
    for (pattern, replacement) in patterns() {
        if pattern.is_match(&out) {
            out = Cow::Owned(pattern.replace_all(&out, *replacement).into_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_masked_while_registered() {
        let secret = SecretString::from("Correct-Horse-77".to_owned());
        let line = "bind failed for Correct-Horse-77 twice: Correct-Horse-77";
        {
            let _guard = register(&secret);
            let scrubbed = scrub(line);
            assert!(!scrubbed.contains("Correct-Horse-77"), "{scrubbed}");
            assert_eq!(scrubbed.matches(MASK).count(), 2);
        }
        assert!(
            scrub(line).contains("Correct-Horse-77"),
            "unregistered after drop"
        );
    }

    #[test]
    fn credential_shapes_are_masked_without_registration() {
        let cases = [
            ("password=hunter2 next", "hunter2"),
            ("client_secret: s3cr3t-value", "s3cr3t-value"),
            (
                r#"{"access_token":"eyJhbGciOi.abc.def","expires_in":3600}"#,
                "eyJhbGciOi.abc.def",
            ),
            ("Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop"),
            ("authorization=Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
            ("aw-tenant-code: 1234ABCD", "1234ABCD"),
            (r#"UEMPassword = "p a s s""#, "p a s s"),
        ];
        for (line, secret) in cases {
            let scrubbed = scrub(line);
            assert!(!scrubbed.contains(secret), "{line} -> {scrubbed}");
            assert!(scrubbed.contains(MASK), "{line} -> {scrubbed}");
        }
    }

    #[test]
    fn a_short_secret_is_masked_as_a_whole_token_only() {
        let secret = SecretString::from("Summer".to_owned());
        let _guard = register(&secret);
        let scrubbed = scrub("Summertime in summer: Summer, (Summer) and xSummer");
        assert_eq!(
            scrubbed, "Summertime in summer: ••••, (••••) and xSummer",
            "inside words it is left alone: masking it there would point at it"
        );
        // Long secrets are masked anywhere.
        let long = SecretString::from("Correct-Horse-77".to_owned());
        let _long = register(&long);
        assert_eq!(scrub("xCorrect-Horse-77y"), "x••••y");
    }

    #[test]
    fn ordinary_lines_are_untouched() {
        let line = "device C02DEMO00001 is on staging user staging; 3 passwords policy";
        assert!(matches!(scrub(line), Cow::Borrowed(_)));
    }
}
