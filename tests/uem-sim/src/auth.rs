//! Who is calling: OAuth bearer tokens issued by the token endpoint (no tenant code needed),
//! or HTTP Basic for a basic admin plus the matching `aw-tenant-code` (uem-api.md §2).
//!
//! Token values are secrets: they live only in [`TokenStore`], whose `Debug` shows a count.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap};
use base64::Engine as _;

use crate::errors::ApiError;
use crate::seed::Seed;

/// The authenticated caller, as the request log shows it (`oauth:<client>` / `basic:<user>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Principal {
    OAuthClient(String),
    BasicAdmin(String),
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::OAuthClient(id) => write!(f, "oauth:{id}"),
            Principal::BasicAdmin(name) => write!(f, "basic:{name}"),
        }
    }
}

impl Principal {
    /// The account name alone (the event log's `AdminAccount`): client id or admin username.
    pub(crate) fn account(&self) -> &str {
        match self {
            Principal::OAuthClient(name) | Principal::BasicAdmin(name) => name,
        }
    }
}

struct Issued {
    client_id: String,
    expires_at: Instant,
}

/// Access tokens handed out by the token endpoint.
#[derive(Default)]
pub(crate) struct TokenStore {
    tokens: HashMap<String, Issued>,
}

impl fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenStore")
            .field("issued", &self.tokens.len())
            .finish()
    }
}

impl TokenStore {
    /// A new random token for `client_id`, valid for `lifetime`.
    pub(crate) fn issue(&mut self, client_id: &str, lifetime: Duration) -> String {
        let now = Instant::now();
        self.tokens.retain(|_, t| t.expires_at > now);
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        self.tokens.insert(
            token.clone(),
            Issued {
                client_id: client_id.to_string(),
                expires_at: now + lifetime,
            },
        );
        token
    }

    /// The client a still-valid token was issued to.
    fn client_of(&self, token: &str) -> Option<&str> {
        self.tokens
            .get(token)
            .filter(|t| t.expires_at > Instant::now())
            .map(|t| t.client_id.as_str())
    }

    /// Makes every issued token invalid (to test a client's refresh on 401).
    pub(crate) fn expire_all(&mut self) {
        self.tokens.clear();
    }
}

/// Splits `Authorization: Basic base64(user:password)`.
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Authenticates an API request. Failures carry UEM's 401 / errorCode 1005 object.
pub(crate) fn authenticate(
    headers: &HeaderMap,
    seed: &Seed,
    tokens: &TokenStore,
) -> Result<Principal, ApiError> {
    if let Some(token) = bearer_token(headers) {
        return tokens
            .client_of(token)
            .map(|client| Principal::OAuthClient(client.to_string()))
            .ok_or_else(|| ApiError::unauthorized("The access token is invalid or has expired."));
    }
    if let Some((username, password)) = basic_credentials(headers) {
        let tenant_code = headers
            .get("aw-tenant-code")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let valid = seed.basic_admins.iter().any(|admin| {
            admin.username.eq_ignore_ascii_case(&username)
                && admin.password == password
                && admin.tenant_code == tenant_code
        });
        return if valid {
            Ok(Principal::BasicAdmin(username))
        } else {
            // The message real tenants send (uem-api.md §2.2); it names the user, never the password.
            Err(ApiError::unauthorized(format!(
                "An error occurred while validating remote service client credentials or user not found : {username}"
            )))
        };
    }
    Err(ApiError::unauthorized(
        "The request has no supported Authorization header.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn basic(user: &str, password: &str) -> String {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        format!("Basic {encoded}")
    }

    #[test]
    fn issued_token_authenticates_until_expired() {
        let seed = Seed::demo();
        let mut tokens = TokenStore::default();
        let token = tokens.issue("baton-demo", Duration::from_secs(60));
        let h = headers(&[("authorization", format!("Bearer {token}"))]);
        assert_eq!(
            authenticate(&h, &seed, &tokens),
            Ok(Principal::OAuthClient("baton-demo".into()))
        );
        tokens.expire_all();
        assert_eq!(authenticate(&h, &seed, &tokens).unwrap_err().code, 1005);
    }

    #[test]
    fn basic_needs_the_tenant_code() {
        let seed = Seed::demo();
        let admin = &seed.basic_admins[0];
        let tokens = TokenStore::default();
        let without = headers(&[("authorization", basic(&admin.username, &admin.password))]);
        assert!(authenticate(&without, &seed, &tokens).is_err());
        let with = headers(&[
            ("authorization", basic(&admin.username, &admin.password)),
            ("aw-tenant-code", admin.tenant_code.clone()),
        ]);
        assert_eq!(
            authenticate(&with, &seed, &tokens),
            Ok(Principal::BasicAdmin(admin.username.clone()))
        );
        let wrong = headers(&[
            ("authorization", basic(&admin.username, "nope")),
            ("aw-tenant-code", admin.tenant_code.clone()),
        ]);
        let err = authenticate(&wrong, &seed, &tokens).unwrap_err();
        assert!(!err.message.contains("nope"));
    }

    #[test]
    fn debug_never_shows_tokens() {
        let mut tokens = TokenStore::default();
        let token = tokens.issue("c", Duration::from_secs(60));
        assert!(!format!("{tokens:?}").contains(&token));
    }
}
