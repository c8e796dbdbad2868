//! What the UEM client needs to know: where the API is, how to authenticate, whom to trust and how
//! long to wait. Built by the configuration layer; checked again when a client is made from it.

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::error::UemError;

/// How the client authenticates against UEM.
#[derive(Clone)]
pub enum UemAuth {
    /// OAuth 2.0 client credentials against the Workspace ONE token service (recommended).
    OAuth {
        /// Full token URL, e.g. `https://na.uemauth.workspaceone.com/connect/token`. https only.
        token_url: Url,
        /// The OAuth client's id.
        client_id: String,
        /// The OAuth client's secret.
        client_secret: SecretString,
        /// How the client id and secret are presented to the token service.
        client_auth: ClientAuth,
    },
    /// Legacy basic authentication; needs [`UemOptions::tenant_code`].
    Basic {
        /// A basic (not directory) UEM admin account with an API role.
        username: String,
        /// That account's password.
        password: SecretString,
    },
}

/// Where the OAuth client credentials go in the token request (RFC 6749 §2.3.1 allows both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` as form fields (default).
    #[default]
    Form,
    /// `Authorization: Basic base64(client_id:client_secret)`.
    Basic,
}

impl fmt::Debug for UemAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UemAuth::OAuth {
                token_url,
                client_id,
                client_auth,
                client_secret: _,
            } => f
                .debug_struct("OAuth")
                .field("token_url", &token_url.as_str())
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .field("client_auth", client_auth)
                .finish(),
            UemAuth::Basic {
                username,
                password: _,
            } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[redacted]")
                .finish(),
        }
    }
}

/// Everything the UEM client is configured with.
///
/// Fields are public so the configuration layer can fill them; [`UemOptions::new`] gives sensible
/// defaults for the numbers, and both it and [`super::UemClient::new`] run [`UemOptions::validate`].
#[derive(Clone)]
pub struct UemOptions {
    /// API host, e.g. `https://as1234.awmdm.com`. https only, no user name or password in it.
    pub api_url: Url,
    /// How to authenticate.
    pub auth: UemAuth,
    /// The REST API key (`aw-tenant-code`): required with basic auth, sent with OAuth if set.
    pub tenant_code: Option<SecretString>,
    /// PEM certificates trusted as roots in addition to the platform's (private CAs).
    pub trusted_ca_pems: Vec<String>,
    /// Time allowed to open a connection, TLS included.
    pub connect_timeout: Duration,
    /// Time allowed for one request, from sending to the last byte of the body.
    pub request_timeout: Duration,
    /// Total time one operation may spend retrying (waits included).
    pub retry_budget: Duration,
    /// Largest response body read; a longer body is an error.
    pub max_body_bytes: usize,
    /// Honour `HTTPS_PROXY`/`ALL_PROXY` (`UEMUseSystemProxy`). Off: connect directly, so a
    /// proxy set in the environment cannot see or alter UEM traffic.
    pub use_system_proxy: bool,
}

impl fmt::Debug for UemOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UemOptions")
            .field("api_url", &self.api_url.as_str())
            .field("auth", &self.auth)
            .field(
                "tenant_code",
                &self.tenant_code.as_ref().map(|_| "[redacted]"),
            )
            .field("trusted_ca_pems", &self.trusted_ca_pems.len())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry_budget", &self.retry_budget)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("use_system_proxy", &self.use_system_proxy)
            .finish()
    }
}

impl UemOptions {
    /// Default connect timeout.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default per-request timeout.
    pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default retry budget per operation.
    pub const DEFAULT_RETRY_BUDGET: Duration = Duration::from_secs(60);
    /// Default response body cap (a device record is a few KiB; a 500-user page well under this).
    pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

    /// Options with default timeouts, no tenant code and no extra roots; fails on an `http://`
    /// (or otherwise unusable) API or token URL.
    pub fn new(api_url: Url, auth: UemAuth) -> Result<Self, UemError> {
        let options = UemOptions {
            api_url,
            auth,
            tenant_code: None,
            trusted_ca_pems: Vec::new(),
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            request_timeout: Self::DEFAULT_REQUEST_TIMEOUT,
            retry_budget: Self::DEFAULT_RETRY_BUDGET,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            use_system_proxy: false,
        };
        check_url(&options.api_url, "UEMAPIURL")?;
        if let UemAuth::OAuth { token_url, .. } = &options.auth {
            check_url(token_url, "UEMOAuthTokenURL")?;
        }
        Ok(options)
    }

    /// Checks everything that can be checked without the network.
    pub fn validate(&self) -> Result<(), UemError> {
        check_url(&self.api_url, "UEMAPIURL")?;
        match &self.auth {
            UemAuth::OAuth {
                token_url,
                client_id,
                ..
            } => {
                check_url(token_url, "UEMOAuthTokenURL")?;
                if client_id.trim().is_empty() {
                    return Err(invalid("UEMOAuthClientID is empty"));
                }
            }
            UemAuth::Basic { username, .. } => {
                if username.trim().is_empty() {
                    return Err(invalid("UEMUsername is empty"));
                }
                if self.tenant_code.is_none() {
                    return Err(invalid(
                        "UEMTenantCode is required with basic authentication",
                    ));
                }
            }
        }
        if self.connect_timeout.is_zero() || self.request_timeout.is_zero() {
            return Err(invalid("timeouts must be longer than zero"));
        }
        if self.max_body_bytes == 0 {
            return Err(invalid("the response size limit must be larger than zero"));
        }
        Ok(())
    }
}

fn invalid(reason: impl Into<String>) -> UemError {
    UemError::InvalidOptions {
        reason: reason.into(),
    }
}

/// An API or token URL must be https, name a host and carry no credentials.
fn check_url(url: &Url, key: &str) -> Result<(), UemError> {
    if url.scheme() != "https" {
        return Err(UemError::InsecureUrl {
            key: key.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("{key} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(format!(
            "{key} must not contain a user name or password"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "{key} must not contain a query or fragment"
        )));
    }
    Ok(())
}

impl UemOptions {
    /// The client options for a validated configuration.
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Self, UemError> {
        use crate::config::UemAuthSettings;
        let Some(uem) = &settings.uem else {
            return Err(UemError::InvalidOptions {
                reason: "RelayURL is set: this configuration holds no UEM credential".into(),
            });
        };
        let auth = match &uem.auth {
            UemAuthSettings::OAuth {
                token_url,
                client_id,
                client_secret,
                basic_client_auth,
            } => UemAuth::OAuth {
                token_url: token_url.clone(),
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
                client_auth: if *basic_client_auth {
                    ClientAuth::Basic
                } else {
                    ClientAuth::Form
                },
            },
            UemAuthSettings::Basic { username, password } => UemAuth::Basic {
                username: username.clone(),
                password: password.clone(),
            },
        };
        let mut options = UemOptions::new(uem.api_url.clone(), auth)?;
        options.tenant_code = uem.tenant_code.clone();
        options.trusted_ca_pems = settings.trusted_ca_certificates.clone();
        options.retry_budget = uem.retry_budget;
        options.use_system_proxy = settings.use_system_proxy;
        options.validate()?;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oauth(token_url: &str) -> UemAuth {
        UemAuth::OAuth {
            token_url: Url::parse(token_url).unwrap(),
            client_id: "baton".into(),
            client_secret: SecretString::from("s3cr3t-client"),
            client_auth: ClientAuth::Form,
        }
    }

    #[test]
    fn http_api_url_is_refused_with_a_typed_error() {
        let err = UemOptions::new(
            Url::parse("http://as1.example.test").unwrap(),
            oauth("https://auth.example.test/connect/token"),
        )
        .unwrap_err();
        assert!(
            matches!(&err, UemError::InsecureUrl { key, scheme } if key == "UEMAPIURL" && scheme == "http"),
            "{err:?}"
        );
    }

    #[test]
    fn http_token_url_is_refused() {
        let err = UemOptions::new(
            Url::parse("https://as1.example.test").unwrap(),
            oauth("http://auth.example.test/connect/token"),
        )
        .unwrap_err();
        assert!(
            matches!(&err, UemError::InsecureUrl { key, .. } if key == "UEMOAuthTokenURL"),
            "{err:?}"
        );
    }

    #[test]
    fn credentials_in_the_url_are_refused() {
        let err = UemOptions::new(
            Url::parse("https://admin:pw@as1.example.test").unwrap(),
            oauth("https://auth.example.test/connect/token"),
        )
        .unwrap_err();
        assert!(matches!(err, UemError::InvalidOptions { .. }), "{err:?}");
    }

    #[test]
    fn basic_auth_needs_a_tenant_code() {
        let mut options = UemOptions::new(
            Url::parse("https://as1.example.test").unwrap(),
            UemAuth::Basic {
                username: "api".into(),
                password: SecretString::from("pw"),
            },
        )
        .unwrap();
        assert!(matches!(
            options.validate(),
            Err(UemError::InvalidOptions { .. })
        ));
        options.tenant_code = Some(SecretString::from("tenant"));
        options.validate().unwrap();
    }

    #[test]
    fn debug_masks_every_secret() {
        let mut options = UemOptions::new(
            Url::parse("https://as1.example.test").unwrap(),
            oauth("https://auth.example.test/connect/token"),
        )
        .unwrap();
        options.tenant_code = Some(SecretString::from("tenant-code-xyz"));
        let basic = UemAuth::Basic {
            username: "api".into(),
            password: SecretString::from("basic-pw-123"),
        };
        let text = format!("{options:?} {basic:?} {options:#?}");
        for secret in ["s3cr3t-client", "tenant-code-xyz", "basic-pw-123"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(
            text.contains("baton"),
            "client id should stay visible: {text}"
        );
    }
}
