//! Which database holds the relay's state: the `Database` setting, parsed, and its redaction.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::error::StoreError;

/// Where the relay keeps its state.
///
/// `Debug` and `Display` never show a password that a PostgreSQL URL may hold.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file (created at first open): one relay, zero setup.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user:password@host:port/db?sslmode=…`): several relay
    /// replicas share it.
    Postgres(String),
}

impl Database {
    /// Parses the `Database` setting: `sqlite:PATH` (also `sqlite://PATH`, so `sqlite:///abs`
    /// is `/abs`), or a `postgres://…` / `postgresql://…` URL. Anything else is an error whose
    /// text never repeats the setting (it may hold a password).
    pub fn parse(setting: &str) -> Result<Database, StoreError> {
        let setting = setting.trim();
        if let Some(rest) = strip_prefix_ci(setting, "sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(StoreError::InvalidDatabase(
                    "\"sqlite:\" needs a file path, e.g. sqlite:/var/lib/baton-relay/state.db"
                        .into(),
                ));
            }
            return Ok(Database::Sqlite(PathBuf::from(path)));
        }
        if strip_prefix_ci(setting, "postgres://").is_some()
            || strip_prefix_ci(setting, "postgresql://").is_some()
        {
            // Validate now, so a bad URL is reported at configuration time; the parser's
            // message is scrubbed of the password in case it ever quotes the input.
            if let Err(e) = sqlx::postgres::PgConnectOptions::from_str(setting) {
                let redacted = Redacted::of(setting);
                return Err(StoreError::InvalidDatabase(format!(
                    "the PostgreSQL URL {} is not valid: {}",
                    redacted.text,
                    redacted.scrub(&e.to_string())
                )));
            }
            return Ok(Database::Postgres(setting.to_string()));
        }
        let scheme = setting.split_once(':').map(|(s, _)| s).filter(|s| {
            !s.is_empty() && s.len() <= 20 && s.chars().all(|c| c.is_ascii_alphanumeric())
        });
        Err(StoreError::InvalidDatabase(match scheme {
            Some(s) => format!(
                "unsupported database \"{s}:…\": expected \"sqlite:PATH\" or a \"postgres://\" URL"
            ),
            None => "expected \"sqlite:PATH\" or a \"postgres://\" URL".to_string(),
        }))
    }

    /// The setting with any password replaced by `***`: safe for logs and errors.
    pub fn redacted(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("sqlite:{}", path.display()),
            Database::Postgres(url) => Redacted::of(url).text,
        }
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }
}

impl FromStr for Database {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Database::parse(s)
    }
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Database::Postgres(_) => f.debug_tuple("Postgres").field(&self.redacted()).finish(),
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// A URL with its secrets replaced, and the secrets, to scrub them from other text (driver
/// errors) too.
#[derive(Clone, Default)]
pub(crate) struct Redacted {
    pub(crate) text: String,
    secrets: Vec<String>,
}

impl Redacted {
    /// Hides the password of `scheme://user:PASSWORD@host/…` and any `password=` query
    /// parameter.
    pub(crate) fn of(url: &str) -> Redacted {
        let mut secrets = Vec::new();
        let (head, rest) = match url.find("://") {
            Some(i) => url.split_at(i + 3),
            None => ("", url),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = match authority.rfind('@') {
            Some(at) => {
                let (userinfo, host) = authority.split_at(at);
                match userinfo.split_once(':') {
                    Some((user, password)) => {
                        secrets.push(password.to_string());
                        format!("{user}:***{host}")
                    }
                    None => authority.to_string(),
                }
            }
            None => authority.to_string(),
        };
        let tail = match tail.split_once('?') {
            Some((path, query)) => {
                let (query, fragment) = match query.split_once('#') {
                    Some((q, f)) => (q, Some(f)),
                    None => (query, None),
                };
                let params: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("password") => {
                            secrets.push(v.to_string());
                            format!("{k}=***")
                        }
                        _ => pair.to_string(),
                    })
                    .collect();
                let mut t = format!("{path}?{}", params.join("&"));
                if let Some(f) = fragment {
                    t.push('#');
                    t.push_str(f);
                }
                t
            }
            None => tail.to_string(),
        };
        // Drivers see the percent-decoded password: scrub that spelling as well.
        let decoded: Vec<String> = secrets.iter().map(|s| percent_decode(s)).collect();
        secrets.extend(decoded);
        secrets.retain(|s| !s.is_empty());
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redacted {
            text: format!("{head}{authority}{tail}"),
            secrets,
        }
    }

    /// `text` with every secret of the URL replaced by `***`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            out = out.replace(s.as_str(), "***");
        }
        out
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_two_kinds() {
        assert_eq!(
            Database::parse("sqlite:/var/lib/relay/state.db").unwrap(),
            Database::Sqlite("/var/lib/relay/state.db".into())
        );
        assert_eq!(
            Database::parse("sqlite:///abs/x.db").unwrap(),
            Database::Sqlite("/abs/x.db".into())
        );
        assert_eq!(
            Database::parse("sqlite:state.db").unwrap(),
            Database::Sqlite("state.db".into())
        );
        assert!(matches!(
            Database::parse("postgres://relay:pw@db.example:5432/relay").unwrap(),
            Database::Postgres(_)
        ));
        assert!(matches!(
            Database::parse("postgresql://db.example/relay?sslmode=verify-full").unwrap(),
            Database::Postgres(_)
        ));
    }

    #[test]
    fn anything_else_is_a_clear_error_without_the_setting() {
        for bad in [
            "",
            "sqlite:",
            "mysql://u:hunter2@h/db",
            "/var/lib/state.db",
            "postgress://u:hunter2@h/db",
        ] {
            let e = Database::parse(bad).unwrap_err().to_string();
            assert!(!e.contains("hunter2"), "{e}");
            assert!(e.contains("sqlite:"), "{e}");
        }
        let e = Database::parse("postgres://u:hunter2@h:notaport/db")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn redaction_hides_passwords_everywhere() {
        let db = Database::parse(
            "postgres://relay:s3cr%40t@db:5432/relay?password=other&sslmode=require",
        )
        .unwrap();
        for shown in [db.to_string(), format!("{db:?}"), db.redacted()] {
            assert!(!shown.contains("s3cr"), "{shown}");
            assert!(!shown.contains("other"), "{shown}");
            assert!(shown.contains("relay:***@db:5432"), "{shown}");
            assert!(shown.contains("sslmode=require"), "{shown}");
        }
        let r = Redacted::of("postgres://relay:s3cr%40t@db/relay");
        assert_eq!(
            r.scrub("auth failed for s3cr@t and s3cr%40t"),
            "auth failed for *** and ***"
        );
        assert_eq!(
            Redacted::of("postgres://db/relay").text,
            "postgres://db/relay"
        );
    }
}
