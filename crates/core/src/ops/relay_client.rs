//! [`RelayClient`]: the use cases asked of `baton-relay` over HTTPS (RELAY.md, "HTTP contract"),
//! authenticated with this Mac's client certificate. The Mac holds no UEM credential.
//!
//! A problem the relay answers with carries a Baton support code; it is turned back into the
//! same typed error [`super::Direct`] would have returned (a wrong password is
//! `DirectoryError::InvalidCredentials`, someone else's Mac `CheckoutError::NotStaged`, …), so
//! every screen, retry and exit code behaves the same in both modes.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use baton_platform::keychain::identity::ClientIdentity;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::wire::ProblemDoc;
use super::{
    Actor, AssetTags, Authority, DeviceState, HandOffRequest, HandedOff, HistoryEntry, OpsError,
    Phase, Progress, Registered, Returned, UserSummary,
};
use crate::checkout::CheckoutError;
use crate::directory::DirectoryError;
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::uem::{HttpDetails, UemError, USER_AGENT};

/// How to reach the relay.
#[derive(Debug, Clone)]
pub struct RelayClientOptions {
    /// `RelayURL` (https only).
    pub url: Url,
    /// `RelayCACertificates`: PEM roots added to the platform's.
    pub ca_certificates: Vec<String>,
    /// This Mac's client identity.
    pub identity: Option<RelayClientIdentity>,
    pub connect_timeout: Duration,
    /// A hand-off verifies, switches, syncs and confirms on the relay: give it time.
    pub request_timeout: Duration,
}

impl RelayClientOptions {
    /// The options of a relay configuration; reads the client certificate and key files.
    pub fn from_settings(relay: &crate::config::RelaySettings) -> Result<Self, RelayError> {
        let identity = match &relay.identity {
            None => None,
            Some(crate::config::RelayIdentity::Files { certificate, key }) => {
                let read = |path: &std::path::Path| {
                    std::fs::read_to_string(path).map_err(|e| RelayError::Identity {
                        detail: format!("{} could not be read: {}", path.display(), e.kind()),
                    })
                };
                let mut pem = read(certificate)?;
                pem.push('\n');
                pem.push_str(&read(key)?);
                Some(RelayClientIdentity::Pem(SecretString::from(pem)))
            }
            Some(crate::config::RelayIdentity::Keychain { issuer }) => {
                let identity = baton_platform::keychain::identity::client_identity_issued_by(
                    issuer,
                )
                .map_err(|e| RelayError::Identity {
                    detail: format!("RelayClientIdentityIssuer: {e}"),
                })?;
                Some(RelayClientIdentity::Key(Arc::new(identity)))
            }
        };
        Ok(RelayClientOptions {
            url: relay.url.clone(),
            ca_certificates: relay.ca_certificates.clone(),
            identity,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(90),
        })
    }
}

/// Where this Mac's client certificate and key come from.
#[derive(Clone)]
pub enum RelayClientIdentity {
    /// The certificate chain and private key, PEM, in one buffer (read from
    /// `RelayClientCertificateFile` + `RelayClientKeyFile`).
    Pem(SecretString),
    /// A certificate chain whose private key stays in the OS and only signs (the macOS keychain
    /// identity named by `RelayClientIdentityIssuer`): the TLS configuration of
    /// [`super::relay_tls`].
    Key(Arc<ClientIdentity>),
}

impl fmt::Debug for RelayClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelayClientIdentity::Pem(_) => f.write_str("Pem(••••)"),
            RelayClientIdentity::Key(identity) => f
                .debug_struct("Key")
                .field("certificates", &identity.certificate_chain_der.len())
                .field("key", &identity.key)
                .finish(),
        }
    }
}

/// Why the relay could not be asked, or a refusal that has no typed twin on this side.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RelayError {
    /// No connection, or no answer in time.
    #[error("the relay could not be reached: {detail}")]
    Unreachable { detail: String },
    /// TLS failed: the relay's certificate is not trusted, or it refused this Mac's.
    #[error("TLS with the relay failed: {detail}")]
    Tls { detail: String },
    /// This Mac's client identity is missing or unreadable.
    #[error("the relay client identity cannot be used: {detail}")]
    Identity { detail: String },
    /// The relay refused with a problem of its own.
    #[error("the relay answered {status} {code}: {title}")]
    Refused {
        status: u16,
        code: String,
        title: String,
    },
    /// The relay's answer could not be read.
    #[error("the relay's answer ({status}) could not be read: {detail}")]
    Unreadable { status: u16, detail: String },
}

impl RelayError {
    /// Waiting may help: the relay (or UEM behind it) is down or busy.
    pub fn is_offline(&self) -> bool {
        match self {
            RelayError::Unreachable { .. } => true,
            RelayError::Refused { status, .. } => matches!(status, 429 | 502..=504),
            _ => false,
        }
    }
}

impl Problem for RelayError {
    fn user_facing(&self) -> UserFacing {
        let (code, summary, next_step, exit) = match self {
            RelayError::Unreachable { .. } => (
                "RELAY-UNREACHABLE",
                "The hand-off service could not be reached.",
                "Check the network connection, then try again.",
                ExitCode::Unreachable,
            ),
            RelayError::Tls { .. } => (
                "RELAY-TLS",
                "A secure connection to the hand-off service could not be established.",
                "Contact your IT department and mention the support code.",
                ExitCode::Unreachable,
            ),
            RelayError::Identity { .. } => (
                "RELAY-IDENTITY",
                "This Mac's certificate for the hand-off service is missing.",
                "Contact your IT department and mention the support code.",
                ExitCode::Usage,
            ),
            RelayError::Refused { status: 401, .. } => (
                "RELAY-UNKNOWN-DEVICE",
                "The hand-off service did not recognise this Mac.",
                "Contact your IT department and mention the support code.",
                ExitCode::NotAuthorised,
            ),
            RelayError::Refused { status: 403, .. } => (
                "RELAY-FORBIDDEN",
                "The hand-off service does not allow this here.",
                "Contact your IT department and mention the support code.",
                ExitCode::NotAuthorised,
            ),
            RelayError::Refused { status: 429, .. } => (
                "RELAY-BUSY",
                "The hand-off service is busy.",
                "Wait a moment; Baton tries again by itself.",
                ExitCode::Unreachable,
            ),
            RelayError::Refused { status: 400, .. } => (
                "RELAY-BAD-REQUEST",
                "The hand-off service could not use this request.",
                "Contact your IT department and mention the support code.",
                ExitCode::Usage,
            ),
            RelayError::Refused { .. } | RelayError::Unreadable { .. } => (
                "RELAY-ERROR",
                "The hand-off service reported an error.",
                "Try again in a few minutes; if it keeps happening, contact your IT department.",
                ExitCode::Unreachable,
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

/// The use cases over HTTPS to `baton-relay`.
pub struct RelayClient {
    http: reqwest::Client,
    base: Url,
    /// The identity is a pickup-desk kiosk's (RELAY.md, role `kiosk`): it names the serial it
    /// reads or hands over; a device's identity is its serial.
    kiosk: bool,
}

impl RelayClient {
    /// Builds the client; makes no request.
    pub fn new(options: RelayClientOptions) -> Result<Self, RelayError> {
        if options.url.scheme() != "https" {
            return Err(RelayError::Identity {
                detail: "RelayURL must be https".into(),
            });
        }
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(true)
            .min_tls_version(reqwest::tls::Version::TLS_1_2)
            .tls_built_in_root_certs(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .no_proxy()
            .user_agent(USER_AGENT);
        for (index, pem) in options.ca_certificates.iter().enumerate() {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|_| {
                RelayError::Identity {
                    detail: format!("RelayCACertificates[{index}] is not a PEM certificate"),
                }
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        match &options.identity {
            Some(RelayClientIdentity::Pem(pem)) => {
                let identity = reqwest::Identity::from_pem(pem.expose_secret().as_bytes())
                    .map_err(|_| RelayError::Identity {
                        detail: "the client certificate or key is not valid PEM".into(),
                    })?;
                builder = builder.identity(identity);
            }
            Some(RelayClientIdentity::Key(identity)) => {
                // The same roots as above, in a rustls configuration of our own whose client
                // certificate resolver signs through the OS-held key.
                let roots = super::relay_tls::root_store(true, &options.ca_certificates)?;
                let config = super::relay_tls::client_config(identity.clone(), roots)?;
                builder = builder.use_preconfigured_tls(config);
            }
            None => {}
        }
        let http = builder.build().map_err(|e| RelayError::Identity {
            detail: format!("the HTTPS client could not be built: {}", e.without_url()),
        })?;
        Ok(RelayClient {
            http,
            base: options.url,
            kiosk: false,
        })
    }

    /// The HTTPS client (this Mac's TLS settings), for the technician session's client.
    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The same client for a pickup-desk kiosk's identity: devices are read and handed over by
    /// serial (`/v1/devices/{serial}`, `/v1/devices/{serial}/handoff`).
    pub fn for_kiosk(mut self) -> Self {
        self.kiosk = true;
        self
    }

    pub(super) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    pub(super) async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, OpsError> {
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = response.bytes().await.map_err(transport)?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                RelayError::Unreadable {
                    status: status.as_u16(),
                    detail: e.to_string(),
                }
                .into()
            });
        }
        let problem: ProblemDoc =
            serde_json::from_slice(&body).map_err(|e| RelayError::Unreadable {
                status: status.as_u16(),
                detail: format!("not a problem document: {e}"),
            })?;
        tracing::warn!(status = status.as_u16(), code = %problem.code, request_id = ?problem.request_id, "the relay refused: {}", problem.title);
        Err(typed(status, &problem, retry_after))
    }
}

fn transport(error: reqwest::Error) -> OpsError {
    let timeout = error.is_timeout();
    let detail = crate::uem::error_chain(&error.without_url());
    let tls = detail.contains("certificate")
        || detail.contains("tls")
        || detail.contains("TLS")
        || detail.contains("handshake")
        // The keychain key refused to sign (relay_tls::SchemeSigner).
        || detail.contains("client key:");
    if tls && !timeout {
        RelayError::Tls { detail }.into()
    } else {
        RelayError::Unreachable { detail }.into()
    }
}

/// The typed error a relay problem stands for: the same one [`super::Direct`] would have
/// returned, where this side knows it; else a [`RelayError::Refused`].
pub fn typed(status: StatusCode, problem: &ProblemDoc, retry_after: Option<u64>) -> OpsError {
    let from_relay = || "as the relay reported".to_owned();
    let directory = match problem.code.as_str() {
        "DIR-049" => Some(DirectoryError::InvalidCredentials),
        "DIR-533" => Some(DirectoryError::AccountDisabled),
        "DIR-701" => Some(DirectoryError::AccountExpired),
        "DIR-532" => Some(DirectoryError::PasswordExpired),
        "DIR-773" => Some(DirectoryError::MustChangePassword),
        "DIR-775" => Some(DirectoryError::AccountLocked),
        "DIR-530" => Some(DirectoryError::OutsideLogonHours),
        "DIR-531" => Some(DirectoryError::WorkstationNotAllowed),
        "DIR-001" => Some(DirectoryError::EmptyPassword),
        "DIR-002" => Some(DirectoryError::InvalidUsername {
            reason: "refused by the relay",
        }),
        "DIR-100" => Some(DirectoryError::Unreachable {
            detail: from_relay(),
        }),
        "DIR-101" => Some(DirectoryError::TimedOut {
            detail: from_relay(),
        }),
        "DIR-200" => Some(DirectoryError::Tls {
            detail: from_relay(),
        }),
        "DIR-300" => Some(DirectoryError::ServerError {
            code: 0,
            detail: from_relay(),
        }),
        "DIR-310" => Some(DirectoryError::EntryUnavailable {
            detail: from_relay(),
        }),
        "DIR-320" => Some(DirectoryError::IdentityMismatch {
            detail: from_relay(),
        }),
        "DIR-900" => Some(DirectoryError::Config {
            detail: from_relay(),
        }),
        "DIR-429" => Some(DirectoryError::Throttled {
            retry_after: Duration::from_secs(
                problem.retry_after_seconds.or(retry_after).unwrap_or(60),
            ),
        }),
        _ => None,
    };
    if let Some(error) = directory {
        return error.into();
    }
    let details = || HttpDetails::without_body(status.as_u16());
    let checkout = match problem.code.as_str() {
        "CHK-NOT-ENROLLED" => Some(CheckoutError::NotEnrolled {
            serial: String::new(),
            status: "not enrolled".into(),
        }),
        "CHK-NOT-STAGED" => Some(CheckoutError::NotStaged {
            serial: String::new(),
            owner: "someone else".into(),
        }),
        "CHK-NOT-CONFIRMED" => Some(CheckoutError::NotConfirmed {
            serial: String::new(),
            owner: "unknown".into(),
        }),
        "UEM-DEVICE-NOT-FOUND" => Some(CheckoutError::Uem(UemError::DeviceNotFound {
            details: details(),
        })),
        "UEM-USER-NOT-FOUND" => Some(CheckoutError::Uem(UemError::UserNotFound {
            username: String::new(),
        })),
        "UEM-DEVICE-CHANGED" => Some(CheckoutError::Uem(UemError::DeviceChanged {
            now_user: None,
        })),
        _ => None,
    };
    if let Some(error) = checkout {
        return error.into();
    }
    RelayError::Refused {
        status: status.as_u16(),
        code: problem.code.clone(),
        title: problem.title.clone(),
    }
    .into()
}

#[derive(serde::Serialize)]
struct HandOffBody<'a> {
    username: &'a str,
    password: &'a str,
    /// The Mac this process means: the relay refuses it unless it is the certificate's.
    serial: &'a str,
}

impl Authority for RelayClient {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        if self.kiosk {
            return self
                .send(self.http.get(self.url(&["v1", "devices", serial])))
                .await
                .map_err(|e| e.for_serial(serial));
        }
        // The relay reads the serial from this Mac's certificate: a device never names another.
        self.send(self.http.get(self.url(&["v1", "device"])))
            .await
            .map_err(|e| e.for_serial(serial))
    }

    async fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        let body = HandOffBody {
            username: request.username,
            password: request.password.expose_secret(),
            serial: request.serial,
        };
        let path = if self.kiosk {
            self.url(&["v1", "devices", request.serial, "handoff"])
        } else {
            self.url(&["v1", "handoff"])
        };
        let answer: HandedOff = self
            .send(self.http.post(path).json(&body))
            .await
            .map_err(|e| e.for_serial(request.serial))?;
        // One request verified, switched, synced and confirmed on the relay.
        progress.reached(Phase::Verified);
        progress.reached(Phase::Switching);
        progress.reached(Phase::Confirming);
        Ok(answer)
    }

    async fn username_entered(&self, _username: &str) {
        // The relay looks the user up itself when the hand-off arrives.
    }

    async fn assign(
        &self,
        _serial: &str,
        _username: &str,
        _by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        Err(device_may_not("assign without the person's password"))
    }

    async fn search_users(&self, _query: &str) -> Result<Vec<UserSummary>, OpsError> {
        Err(device_may_not("search people"))
    }

    async fn history(&self, _serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        Err(device_may_not("read device history"))
    }

    async fn return_to_staging(&self, _serial: &str, _by: &Actor) -> Result<Returned, OpsError> {
        Err(device_may_not("return a device to staging"))
    }

    async fn preregister(
        &self,
        _serial: &str,
        _username: &str,
        _by: &Actor,
    ) -> Result<Registered, OpsError> {
        Err(device_may_not("pre-register"))
    }
}

impl AssetTags for RelayClient {
    async fn device_by_asset_tag(&self, asset_tag: &str) -> Result<DeviceState, OpsError> {
        let mut url = self.url(&["v1", "devices"]);
        url.query_pairs_mut()
            .append_pair("asset_number", asset_tag.trim());
        self.send(self.http.get(url)).await
    }
}

/// What a device identity may not ask of the relay (RELAY.md, "Who may ask for what"): only
/// technicians and integrations may; the relay would answer 403.
fn device_may_not(what: &str) -> OpsError {
    RelayError::Refused {
        status: 403,
        code: "RELAY-FORBIDDEN".into(),
        title: format!("a device may not {what}"),
    }
    .into()
}
