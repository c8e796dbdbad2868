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
//!    does not reach a log in those shapes. The shapes and how they are found: `redact/shapes.rs`
//!    (a hand-written scanner; the regular expressions it replaced are what its tests and the
//!    `redact` fuzz target hold it to).
//!
//! Secrets are also `SecretString`s, whose `Debug` prints no content; this module is the net
//! under that.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use secrecy::{ExposeSecret, SecretString};

mod shapes;
#[doc(hidden)]
pub use shapes::credential_hits;
pub(crate) use shapes::mask_credentials;

#[cfg(test)]
pub(crate) mod regex_reference;

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
    if let Some(masked) = shapes::mask_credentials(&out) {
        out = Cow::Owned(masked);
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
            (
                "Authorization: Negotiate YIIHxgYGKwYBBQUCoIIHujCCB7ag",
                "YIIHxgYGKwYBBQUCoIIHujCCB7ag",
            ),
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

    /// Lines where the scanner masks more than the regular expressions did (see `shapes.rs`):
    /// the line and what it becomes now.
    const MASKED_MORE: &[(&str, &str)] = &[
        // A shape starting inside an earlier match's value.
        ("authorization: x.bearer abcdefgh", "authorization: ••••"),
        ("Authorization: token=abc!def", "Authorization: ••••"),
        // A value masked by one shape no longer hides the name in front of another.
        (
            "authorization: xauthorization password=ab!c",
            "authorization: ••••",
        ),
        (
            "authorization: xauthorization abcdefgh",
            "authorization: ••••",
        ),
        ("secret=token: abc", "secret=•••• ••••"),
        // After an Authorization header, the credentials that follow a scheme word (any scheme,
        // or Bearer/Basic with a short value) are masked with it; the regular expression masked
        // the word only.
        (
            "Authorization: Negotiate YIIHxgYGKwYBBQUCoIIHujCCB7ag",
            "Authorization: ••••",
        ),
        ("authorization: basic dXN", "authorization: ••••"),
        ("authorization: bearer ab", "authorization: ••••"),
        // Non-ASCII letters, marks and digits do not count as word characters for `\b`.
        ("ébearer abcdefgh1", "ébearer ••••"),
        ("x\u{301}basic dXNlcjpwYXNz", "x\u{301}basic ••••"),
        ("٣bearer abcdefgh1", "٣bearer ••••"),
        ("authorization\u{301}abcd", "authorization\u{301}••••"),
    ];

    /// Tricky lines for the differential test against the regular expressions.
    fn corpus() -> Vec<String> {
        let mut lines: Vec<String> = [
            // Headers, any case, `:` or `=`, with and without a scheme.
            "Authorization: Bearer abcdefghijklmnop",
            "AUTHORIZATION: BEARER ABCDEFGHIJKLMNOP",
            "authorization=Basic dXNlcjpwYXNz",
            "authorization: basic dXNl",
            "authorization: basic dXN",
            "authorization:dXNlcjpwYXNz",
            "authorization :  \t bearer\t\tabc.def~ghi+jkl/mno=pqr-stu_vwx",
            "authorization\": \"Bearer abc.def\"",
            r#"{"authorization":"Bearer eyJhbGciOi.abc.def","x":1}"#,
            r#"headers={"Authorization": "Basic dXNlcjpwYXNz"}"#,
            "authorization: bearer",
            "authorization: bearer ab",
            "authorization: bearerbearer",
            "authorization: bearer\nabcdefgh",
            "authorization----abcd",
            "authorization-----abcd",
            "authorization: - abcd",
            "Authorization: Negotiate YIIHxgYGKwYBBQUCoIIHujCCB7ag",
            "proxy-authorization: Bearer abcdefgh, authorization: Basic dXNlcjpwYXNz",
            "no-authorization-header",
            "authorizations: 12345",
            "x-authorization=1234",
            "authorization:",
            "authorization",
            // Schemes on their own, and word boundaries.
            "Bearer abcdefghijklmnop",
            "bearer abcdefg",
            "bearer abcdefgh",
            "sent with bearer   abcdefgh.ijk",
            "xbearer abcdefghijk",
            "_bearer abcdefghijk",
            "1bearer abcdefghijk",
            "-bearer abcdefghijk",
            ".basic abcdefghijk",
            "(Basic dXNlcjpwYXNz)",
            "bearerabcdefghijk",
            "Bearer\tabcdefghijk and basic\nabcdefghijk",
            "BASIC ABCDEFGHIJK BEARER ABCDEFGHIJK",
            "the basic plan costs 12345678",
            "token=Bearer abcdefgh",
            "password=Bearer abcdefgh",
            // Names with values: every name, `:`/`=`, quotes, spacing.
            "password=hunter2 next",
            "PASSWORD=hunter2",
            "Password: hunter2",
            "passwd=hunter2",
            "pwd=hunter2",
            "secret=s3cr3t",
            "client_secret: s3cr3t-value",
            "access_token=abc.def",
            "refresh_token=abc.def",
            "token=abc",
            "api_key=abc",
            "api-key=abc",
            "apikey=abc",
            "API-KEY: abc",
            "aw-tenant-code: 1234ABCD",
            "tenant_code=1234",
            "tenant-code=1234",
            "tenantcode=1234",
            "UEMPassword = \"p a s s\"",
            "uempassword=\"x\"",
            "UEMOAuthClientSecret=abc",
            "UEMTenantCode: abc",
            r#"{"access_token":"eyJhbGciOi.abc.def","expires_in":3600}"#,
            r#"{"access_token" : "a b c", "refresh_token":"d e f"}"#,
            r#"{"password":""}"#,
            r#"password="""#,
            r#"password=""#,
            r#"password="unterminated value to the end"#,
            r#"password: "a\"b""#,
            r#"password="a" secret="b" token="c""#,
            "password=a,secret=b;token=c&apikey=d)pwd=e}passwd=f]x",
            "password=",
            "password=  ",
            "password =   hunter2",
            "password\"=hunter2",
            "password\" : hunter2",
            "password\"\"=hunter2",
            "password==x",
            "password:=x",
            "password= \"spaced\"",
            "password=\thunter2",
            "password=hunter2\nsecond line",
            "form: user=a&password=hunter2&next=1",
            "url: https://h/p?access_token=abc&x=1",
            "cookie: token=abc; path=/",
            "(password=hunter2)",
            "[password=hunter2]",
            "password=hunter2\"",
            // Names inside other words.
            "tokens=abc",
            "mytoken=abc",
            "passwordless=true",
            "passwordless login for password=x",
            "secretary: Alice",
            "3 passwords policy",
            "token count: 3",
            "TOKEN:abc",
            "access_tokens: 3",
            "no_password_set=true",
            "tokenizer=bpe",
            // Several in one line, and nested.
            "password=a password=b password=c",
            "token=password=abc",
            "secret=token: abc",
            "authorization: xauthorization abcdefgh",
            "authorization: token=abc",
            "bearer abcdefgh bearer ijklmnop",
            // Unicode before, after and inside.
            "ünïcödé password=hunter2 ünïcödé",
            "пароль password=пароль123 конец",
            "password=日本語のパスワード",
            "password: \"日本語 のパスワード\" 後",
            "日本語 Authorization: Bearer abcdefgh 日本語",
            "emoji 🔑 token=🔑🔑🔑 done",
            "Bearer\u{3000}abcdefghij",
            "password=\u{a0}hunter2",
            "password\u{2003}=\u{2003}hunter2",
            "tok\u{212A}en=kelvin",
            "ba\u{17F}ic abcdefghijk",
            "authorization: bearer \u{212A}\u{212A}\u{212A}\u{212A}",
            "authorization:\u{212A}abcd",
            "Authorization\u{17F}: abcd",
            "ToKeN=abc İ token=def ı",
            "ßecret=abc SECRET=ß",
            "€ authorization €€€abcd",
            "•••• password=•••• ••••",
            "",
            "a",
            "é",
            "device C02DEMO00001 is on staging user staging; 3 passwords policy",
        ]
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
        lines.extend(MASKED_MORE.iter().map(|(line, _)| (*line).to_owned()));
        lines
    }

    /// The scanner against the regular expressions it replaced: on every line of the corpus it
    /// leaves nothing visible that they masked, and gives the same text except on the lines of
    /// `MASKED_MORE`, where it gives exactly what is written there.
    #[test]
    fn the_scanner_masks_at_least_what_the_regexes_masked() {
        let mut differ = Vec::new();
        for line in corpus() {
            let hits = credential_hits(&line);
            let same = regex_reference::assert_masks_at_least(&line, &hits);
            let now = mask_credentials(&line).unwrap_or_else(|| line.clone());
            match MASKED_MORE.iter().find(|(l, _)| *l == line) {
                Some((_, expected)) => {
                    assert!(!same, "{line:?}: the same as before, {now:?}");
                    if now != *expected {
                        differ.push(format!("{line:?}: {now:?}, MASKED_MORE says {expected:?}"));
                    }
                }
                None if !same => differ.push(format!(
                    "{line:?}: {now:?}, the regular expressions gave {:?}",
                    regex_reference::scrub(&line).0
                )),
                None => {}
            }
            // Ordinary lines stay borrowed.
            assert_eq!(mask_credentials(&line).is_none(), hits.is_empty());
        }
        assert!(differ.is_empty(), "not what MASKED_MORE lists (or masked more than the regular expressions without being listed):\n{}", differ.join("\n"));
    }

    #[test]
    fn ordinary_lines_are_untouched() {
        let line = "device C02DEMO00001 is on staging user staging; 3 passwords policy";
        assert!(matches!(scrub(line), Cow::Borrowed(_)));
    }
}
