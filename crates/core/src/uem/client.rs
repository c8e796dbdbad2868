//! The real UEM client: one reqwest client (rustls, https only, TLS ≥ 1.2, platform roots plus the
//! configured ones, no redirects), bearer or basic authentication, capped bodies, and retries of
//! idempotent reads.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
};
use reqwest::{Method, Response, StatusCode};
use secrecy::zeroize::{Zeroize, Zeroizing};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

use super::error::{HttpDetails, UemError};
use super::models::{
    decode, same_username, AddUserBody, Device, DeviceId, EntityIdModel, EventLogEntry,
    EventLogPage, NewDirectoryUser, Registration, RegistrationPage, SystemInfo, User, UserId,
    UserSearchPage,
};
use super::options::{ClientAuth, UemAuth, UemOptions};
use super::retry::{self, Failure};
use super::switch::{self, Event, Step, SwitchReport};
use super::{DeviceCommand, UemApi};

/// Sent on every request.
pub const USER_AGENT: &str = concat!(
    "Baton/",
    env!("CARGO_PKG_VERSION"),
    " (Workspace ONE hand-off)"
);

/// Refresh a token this long before it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// Lifetime assumed when the token service does not say (UEM's documented hour).
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// Most pages of user search results read (500 users each).
const MAX_USER_PAGES: i64 = 20;

/// How long a token with lifetime `expires_in` seconds is used: a few minutes less than its
/// lifetime, and at most half of a short one.
pub(crate) fn token_use_period(expires_in: Option<i64>) -> Duration {
    let lifetime = match expires_in {
        Some(secs) if secs > 0 => Duration::from_secs(secs as u64),
        Some(_) => Duration::ZERO,
        None => DEFAULT_TOKEN_LIFETIME,
    };
    if lifetime >= REFRESH_MARGIN * 2 {
        lifetime - REFRESH_MARGIN
    } else {
        lifetime / 2
    }
}

/// The Workspace ONE UEM REST client. Cheap to clone; clones share the connection pool and token.
#[derive(Clone)]
pub struct UemClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    options: UemOptions,
    token: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: SecretString,
    use_until: tokio::time::Instant,
    generation: u64,
}

impl std::fmt::Debug for UemClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UemClient")
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

/// One API request, before authentication.
struct Call {
    method: Method,
    url: Url,
    version: u8,
    json: Option<Vec<u8>>,
    /// Retry on transient failures (idempotent requests only).
    retry: bool,
    /// A 2xx answer's body is not needed (PATCH, commands): do not read it.
    skip_success_body: bool,
}

/// A 2xx answer.
struct Reply {
    status: StatusCode,
    body: Vec<u8>,
}

/// Authorization for one request; `generation` identifies the bearer token used.
struct Credentials {
    header: Option<HeaderValue>,
    generation: Option<u64>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    #[serde(default, deserialize_with = "super::models::lenient_i64")]
    expires_in: Option<i64>,
}

impl UemClient {
    /// Builds the client. Fails on invalid options or an unreadable trusted CA certificate; makes
    /// no request.
    pub fn new(options: UemOptions) -> Result<Self, UemError> {
        options.validate()?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(true)
            .min_tls_version(reqwest::tls::Version::TLS_1_2)
            .tls_built_in_root_certs(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(USER_AGENT);
        if !options.use_system_proxy {
            builder = builder.no_proxy();
        }
        for (index, pem) in options.trusted_ca_pems.iter().enumerate() {
            for cert in parse_pem_certificates(pem, index)? {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| UemError::InvalidOptions {
            reason: format!("the HTTPS client could not be built: {}", e.without_url()),
        })?;
        Ok(UemClient {
            inner: Arc::new(Inner {
                http,
                options,
                token: Mutex::new(None),
            }),
        })
    }

    /// The options this client was built with.
    pub fn options(&self) -> &UemOptions {
        &self.inner.options
    }

    fn endpoint(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.inner.options.api_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    // ---- authentication -----------------------------------------------------------------------

    /// The `Authorization` value for the next request (fetching a token if needed).
    async fn credentials(&self) -> Result<Credentials, UemError> {
        match &self.inner.options.auth {
            UemAuth::Basic { .. } => Ok(Credentials {
                header: None,
                generation: None,
            }),
            UemAuth::OAuth { .. } => {
                let mut cached = self.inner.token.lock().await;
                let now = tokio::time::Instant::now();
                if let Some(token) = cached.as_ref().filter(|t| now < t.use_until) {
                    return Ok(Credentials {
                        header: Some(bearer(&token.token)?),
                        generation: Some(token.generation),
                    });
                }
                let generation = cached.as_ref().map_or(0, |t| t.generation + 1);
                let (token, period) = self.fetch_token().await?;
                let header = bearer(&token)?;
                *cached = Some(CachedToken {
                    token,
                    use_until: tokio::time::Instant::now() + period,
                    generation,
                });
                Ok(Credentials {
                    header: Some(header),
                    generation: Some(generation),
                })
            }
        }
    }

    /// Drops the cached token if it is still the one a 401 was answered with.
    async fn invalidate_token(&self, generation: u64) {
        let mut cached = self.inner.token.lock().await;
        if let Some(token) = cached.as_mut().filter(|t| t.generation == generation) {
            token.use_until = tokio::time::Instant::now();
        }
    }

    /// OAuth 2.0 client credentials grant, retried like a read.
    async fn fetch_token(&self) -> Result<(SecretString, Duration), UemError> {
        let UemAuth::OAuth {
            token_url,
            client_id,
            client_secret,
            client_auth,
        } = &self.inner.options.auth
        else {
            return Err(UemError::InvalidOptions {
                reason: "no OAuth settings".into(),
            });
        };
        let attempt = || async {
            let mut request = self
                .inner
                .http
                .post(token_url.clone())
                .header(ACCEPT, "application/json");
            request = match client_auth {
                ClientAuth::Form => request.form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id.as_str()),
                    ("client_secret", client_secret.expose_secret()),
                ]),
                // RFC 6749 §2.3.1: both parts form-urlencoded before Basic encoding.
                ClientAuth::Basic => {
                    let secret = Zeroizing::new(form_encode(client_secret.expose_secret()));
                    request
                        .basic_auth(form_encode(client_id), Some(secret.as_str()))
                        .form(&[("grant_type", "client_credentials")])
                }
            };
            let response = request.send().await.map_err(UemError::transport)?;
            let status = response.status();
            let hint =
                retry::hint_from_headers(status.as_u16(), response.headers(), SystemTime::now());
            let mut body = read_capped(response, self.inner.options.max_body_bytes).await?;
            let result = if status.is_success() {
                decode::<TokenResponse>(status.as_u16(), &body, false)
                    .map(|t| (t.access_token, token_use_period(t.expires_in)))
                    .map_err(Failure::from)
            } else {
                let details = HttpDetails::from_body(status.as_u16(), &body);
                let error = match status.as_u16() {
                    400 | 401 | 403 => UemError::TokenRejected { details },
                    _ => status_error(details, hint),
                };
                Err(Failure {
                    error,
                    hint,
                    final_: false,
                })
            };
            body.zeroize();
            result
        };
        let result = retry::run(self.inner.options.retry_budget, true, attempt).await;
        match &result {
            Ok(_) => tracing::debug!("obtained a UEM OAuth token"),
            Err(e) => tracing::warn!(error = %e, "UEM OAuth token request failed"),
        }
        result
    }

    // ---- requests -----------------------------------------------------------------------------

    /// Sends `call` (retrying if it allows), refreshing the OAuth token once on a 401.
    async fn execute(&self, call: Call) -> Result<Reply, UemError> {
        retry::run(self.inner.options.retry_budget, call.retry, || {
            self.attempt(&call)
        })
        .await
    }

    async fn attempt(&self, call: &Call) -> Result<Reply, Failure> {
        let credentials = self.credentials().await.map_err(|error| Failure {
            error,
            hint: Default::default(),
            final_: true,
        })?;
        let mut response = self.send(call, &credentials).await?;
        if response.status() == StatusCode::UNAUTHORIZED {
            if let Some(generation) = credentials.generation {
                tracing::info!("UEM answered 401: refreshing the OAuth token once");
                drop(response);
                self.invalidate_token(generation).await;
                let fresh = self.credentials().await.map_err(|error| Failure {
                    error,
                    hint: Default::default(),
                    final_: true,
                })?;
                response = self.send(call, &fresh).await?;
            }
        }
        self.finish(call, response).await
    }

    async fn send(&self, call: &Call, credentials: &Credentials) -> Result<Response, UemError> {
        let options = &self.inner.options;
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_str(&format!("application/json;version={}", call.version)).map_err(
                |_| UemError::InvalidOptions {
                    reason: "bad API version".into(),
                },
            )?,
        );
        if let Some(code) = &options.tenant_code {
            let mut value = HeaderValue::from_str(code.expose_secret().trim()).map_err(|_| {
                UemError::InvalidOptions {
                    reason: "UEMTenantCode contains characters not allowed in a header".into(),
                }
            })?;
            value.set_sensitive(true);
            headers.insert("aw-tenant-code", value);
        }
        let mut request = self
            .inner
            .http
            .request(call.method.clone(), call.url.clone());
        request = match (&credentials.header, &options.auth) {
            (Some(header), _) => {
                headers.insert(AUTHORIZATION, header.clone());
                request
            }
            (None, UemAuth::Basic { username, password }) => {
                request.basic_auth(username, Some(password.expose_secret()))
            }
            (None, UemAuth::OAuth { .. }) => request,
        };
        request = match &call.json {
            Some(json) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                request.body(json.clone())
            }
            None if call.method != Method::GET => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
                request
            }
            None => request,
        };
        let result = request
            .headers(headers)
            .send()
            .await
            .map_err(UemError::transport);
        match &result {
            Ok(response) => tracing::debug!(
                method = %call.method,
                path = call.url.path(),
                status = response.status().as_u16(),
                "UEM request"
            ),
            Err(e) => tracing::info!(
                method = %call.method,
                path = call.url.path(),
                error = %super::error::error_chain(e),
                "UEM request failed"
            ),
        }
        result
    }

    async fn finish(&self, call: &Call, response: Response) -> Result<Reply, Failure> {
        let status = response.status();
        if status.is_success() && call.skip_success_body {
            return Ok(Reply {
                status,
                body: Vec::new(),
            });
        }
        let hint = retry::hint_from_headers(status.as_u16(), response.headers(), SystemTime::now());
        let body = read_capped(response, self.inner.options.max_body_bytes).await?;
        if status.is_success() {
            return Ok(Reply { status, body });
        }
        let details = HttpDetails::from_body(status.as_u16(), &body);
        tracing::info!(method = %call.method, path = call.url.path(), %details, "UEM answered with an error");
        Err(Failure {
            error: status_error(details, hint),
            hint,
            final_: false,
        })
    }

    async fn get(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        version: u8,
    ) -> Result<Reply, UemError> {
        self.execute(Call {
            method: Method::GET,
            url: self.endpoint(segments, query),
            version,
            json: None,
            retry: true,
            skip_success_body: false,
        })
        .await
    }

    async fn get_device(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<Device, UemError> {
        match self.get(segments, query, 1).await {
            Ok(reply) if reply.status == StatusCode::NO_CONTENT => Err(UemError::DeviceNotFound {
                details: HttpDetails::without_body(204),
            }),
            Ok(reply) => decode(reply.status.as_u16(), &reply.body, true),
            Err(UemError::UnexpectedStatus { details }) if details.status == 404 => {
                Err(UemError::DeviceNotFound { details })
            }
            Err(e) => Err(e),
        }
    }

    async fn patch_enrollment_user(&self, device: DeviceId, user: UserId) -> Result<(), UemError> {
        let device = device.to_string();
        let user = user.to_string();
        let result = self
            .execute(Call {
                method: Method::PATCH,
                url: self.endpoint(
                    &["api", "mdm", "devices", &device, "enrollmentuser", &user],
                    &[],
                ),
                version: 2,
                json: None,
                retry: false,
                skip_success_body: true,
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(UemError::UnexpectedStatus { details }) if (400..500).contains(&details.status) => {
                Err(UemError::SwitchRejected { details })
            }
            Err(e) => Err(e),
        }
    }
}

/// The one user among `candidates` whose name equals `username` ignoring case.
pub(crate) fn pick_user(candidates: Vec<User>, username: &str) -> Result<User, UemError> {
    let mut matches: Vec<User> = candidates
        .into_iter()
        .filter(|u| same_username(&u.user_name, username))
        .collect();
    match matches.len() {
        0 => Err(UemError::UserNotFound {
            username: username.to_owned(),
        }),
        1 => Ok(matches.remove(0)),
        count => Err(UemError::AmbiguousUser {
            username: username.to_owned(),
            count,
        }),
    }
}

/// The error for a non-2xx status, before any operation-specific meaning is given to it.
fn status_error(details: HttpDetails, hint: retry::ServerHint) -> UemError {
    match details.status {
        401 => UemError::Unauthorized { details },
        403 => UemError::Forbidden { details },
        429 => UemError::RateLimited {
            details,
            retry_after: hint.retry_after,
        },
        500..=599 => UemError::Server { details },
        _ => UemError::UnexpectedStatus { details },
    }
}

fn bearer(token: &SecretString) -> Result<HeaderValue, UemError> {
    let mut text = format!("Bearer {}", token.expose_secret());
    let value = HeaderValue::from_str(&text);
    text.zeroize();
    let mut value = value.map_err(|_| UemError::Decode {
        path: "access_token".into(),
        message: "the token contains characters not allowed in a header".into(),
        details: HttpDetails::without_body(200),
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Reads a body, refusing one longer than `limit` (by `Content-Length` before reading, or while
/// streaming it, stopping at the limit).
async fn read_capped(mut response: Response, limit: usize) -> Result<Vec<u8>, UemError> {
    let status = response.status().as_u16();
    let too_large = || UemError::BodyTooLarge { status, limit };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(UemError::transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn parse_pem_certificates(pem: &str, index: usize) -> Result<Vec<reqwest::Certificate>, UemError> {
    let invalid = |what: &str| UemError::InvalidOptions {
        reason: format!("UEMTrustedCACertificates[{index}] {what}"),
    };
    let ders = rustls_pemfile::certs(&mut pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("is not valid PEM"))?;
    if ders.is_empty() {
        return Err(invalid("contains no CERTIFICATE block"));
    }
    ders.iter()
        .map(|der| reqwest::Certificate::from_der(der).map_err(|_| invalid("is not a certificate")))
        .collect()
}

impl UemClient {
    /// `GET /api/system/users/registereddevices/search?{parameter}=…` (v1): the records UEM
    /// answers (204, an empty body or an empty list → none). An empty value asks nothing.
    async fn registration_search(
        &self,
        parameter: &str,
        value: &str,
    ) -> Result<Vec<Registration>, UemError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(Vec::new());
        }
        let reply = self
            .get(
                &["api", "system", "users", "registereddevices", "search"],
                &[(parameter, value)],
                1,
            )
            .await?;
        if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
            return Ok(Vec::new());
        }
        let page: RegistrationPage = decode(reply.status.as_u16(), &reply.body, true)?;
        Ok(page.records)
    }
}

impl UemApi for UemClient {
    async fn device_by_serial(&self, serial: &str) -> Result<Device, UemError> {
        self.get_device(
            &["api", "mdm", "devices"],
            &[("searchby", "Serialnumber"), ("id", serial.trim())],
        )
        .await
    }

    async fn device_by_udid(&self, udid: &str) -> Result<Device, UemError> {
        self.get_device(
            &["api", "mdm", "devices"],
            &[("searchby", "Udid"), ("id", udid.trim())],
        )
        .await
    }

    async fn device(&self, id: DeviceId) -> Result<Device, UemError> {
        self.get_device(&["api", "mdm", "devices", &id.to_string()], &[])
            .await
    }

    async fn find_user(&self, username: &str) -> Result<User, UemError> {
        let candidates = self.find_users(username).await?;
        pick_user(candidates, username.trim())
    }

    async fn find_users(&self, username: &str) -> Result<Vec<User>, UemError> {
        let username = username.trim();
        if username.is_empty() {
            return Ok(Vec::new());
        }
        let mut candidates: Vec<User> = Vec::new();
        let mut seen: i64 = 0;
        for page in 0..MAX_USER_PAGES {
            let page_text = page.to_string();
            let mut query = vec![("username", username)];
            if page > 0 {
                query.push(("page", page_text.as_str()));
            }
            let reply = self
                .get(&["api", "system", "users", "search"], &query, 1)
                .await?;
            if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
                break;
            }
            let result: UserSearchPage = decode(reply.status.as_u16(), &reply.body, true)?;
            let count = result.users.len() as i64;
            seen += count;
            candidates.extend(result.users);
            if count == 0 || result.total.is_none_or(|total| seen >= total) {
                break;
            }
        }
        candidates.retain(|u| same_username(&u.user_name, username));
        Ok(candidates)
    }

    async fn switch_enrollment_user(
        &self,
        device: DeviceId,
        target: &User,
        staging_usernames: &[String],
    ) -> Result<SwitchReport, UemError> {
        let mut patches_sent: u8 = 1;
        let mut patch_result = self.patch_enrollment_user(device, target.id).await;
        let mut event = Event::Patch(switch::classify_patch(&patch_result));
        let mut last_reread: Option<Result<Device, UemError>> = None;
        loop {
            let step = switch::next_step(patches_sent, event);
            tracing::info!(device = %device, user = %target.id, ?event, ?step, "enrollment user switch");
            match step {
                Step::Done {
                    confirmed_by_reread,
                } => {
                    return Ok(SwitchReport {
                        attempts: patches_sent,
                        confirmed_by_reread,
                    })
                }
                Step::Reread => {
                    let reread = self.device(device).await;
                    event =
                        Event::Reread(switch::classify_reread(&reread, target, staging_usernames));
                    last_reread = Some(reread);
                }
                Step::RepeatPatch => {
                    patches_sent += 1;
                    patch_result = self.patch_enrollment_user(device, target.id).await;
                    event = Event::Patch(switch::classify_patch(&patch_result));
                }
                Step::FailWithPatchError => {
                    // The table fails this way only after a PATCH that failed, so the fallback
                    // is never used; it only avoids a panic path.
                    return Err(patch_result
                        .err()
                        .unwrap_or(UemError::SwitchOutcomeUnknown {
                            reason: "the switch request failed",
                            cause: Box::new(UemError::InvalidOptions {
                                reason: "no error recorded".into(),
                            }),
                        }));
                }
                Step::Changed => {
                    let now_user = match last_reread {
                        Some(Ok(device)) => device.user_name,
                        _ => None,
                    };
                    return Err(UemError::DeviceChanged { now_user });
                }
                Step::Unknown => {
                    let cause = match (last_reread, patch_result) {
                        (Some(Err(reread_error)), _) => reread_error,
                        (_, Err(patch_error)) => patch_error,
                        _ => UemError::InvalidOptions {
                            reason: "no error recorded".into(),
                        },
                    };
                    return Err(UemError::SwitchOutcomeUnknown {
                        reason: "the switch request got no clear answer and the device could not be re-read",
                        cause: Box::new(cause),
                    });
                }
            }
        }
    }

    async fn device_command(
        &self,
        device: DeviceId,
        command: DeviceCommand,
    ) -> Result<(), UemError> {
        let id = device.to_string();
        let result = self
            .execute(Call {
                method: Method::POST,
                url: self.endpoint(
                    &["api", "mdm", "devices", &id, "commands"],
                    &[("command", command.as_str())],
                ),
                version: 1,
                json: None,
                retry: false,
                skip_success_body: true,
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(UemError::UnexpectedStatus { details }) if details.status == 404 => {
                Err(UemError::DeviceNotFound { details })
            }
            Err(e) => Err(e),
        }
    }

    async fn add_directory_user(&self, user: &NewDirectoryUser) -> Result<UserId, UemError> {
        let body =
            serde_json::to_vec(&AddUserBody::from(user)).map_err(|e| UemError::InvalidOptions {
                reason: format!("the new user could not be encoded: {e}"),
            })?;
        let reply = self
            .execute(Call {
                method: Method::POST,
                url: self.endpoint(&["api", "system", "users", "adduser"], &[]),
                version: 1,
                json: Some(body),
                retry: false,
                skip_success_body: false,
            })
            .await?;
        let id: EntityIdModel = decode(reply.status.as_u16(), &reply.body, true)?;
        Ok(id.value)
    }

    async fn add_device_note(&self, device: DeviceId, note: &str) -> Result<(), UemError> {
        let id = device.to_string();
        let body = serde_json::to_vec(&serde_json::json!({ "DeviceId": device.0, "Note": note }))
            .map_err(|e| UemError::InvalidOptions {
            reason: format!("the note could not be encoded: {e}"),
        })?;
        let result = self
            .execute(Call {
                method: Method::POST,
                url: self.endpoint(&["api", "mdm", "devices", &id, "notes"], &[]),
                version: 1,
                json: Some(body),
                retry: false,
                skip_success_body: true,
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(UemError::UnexpectedStatus { details }) if details.status == 404 => {
                Err(UemError::DeviceNotFound { details })
            }
            Err(e) => Err(e),
        }
    }

    async fn search_users(&self, query: &str, limit: usize) -> Result<Vec<User>, UemError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let page_size = limit.clamp(1, 100).to_string();
        let search = |field: &'static str| {
            let page_size = page_size.clone();
            async move {
                let reply = self
                    .get(
                        &["api", "system", "users", "search"],
                        &[(field, query), ("pagesize", page_size.as_str())],
                        1,
                    )
                    .await?;
                if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
                    return Ok(Vec::new());
                }
                let page: UserSearchPage = decode(reply.status.as_u16(), &reply.body, true)?;
                Ok::<_, UemError>(page.users)
            }
        };
        let (by_name, by_mail, by_first, by_last) = tokio::join!(
            search("username"),
            search("email"),
            search("firstname"),
            search("lastname")
        );
        let mut found: Vec<User> = Vec::new();
        for user in [by_name?, by_mail?, by_first?, by_last?]
            .into_iter()
            .flatten()
        {
            if !found.iter().any(|u| u.id == user.id) {
                found.push(user);
            }
        }
        // Exact user name first, then by name.
        found.sort_by_key(|u| {
            (
                !same_username(&u.user_name, query),
                u.user_name.to_lowercase(),
            )
        });
        found.truncate(limit);
        Ok(found)
    }

    async fn event_log(
        &self,
        device: DeviceId,
        limit: usize,
    ) -> Result<Vec<EventLogEntry>, UemError> {
        let id = device.to_string();
        let page_size = limit.clamp(1, 500).to_string();
        let reply = self
            .get(
                &["api", "mdm", "devices", &id, "eventlog"],
                &[("page", "0"), ("pagesize", page_size.as_str())],
                1,
            )
            .await?;
        if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
            return Ok(Vec::new());
        }
        let page: EventLogPage = decode(reply.status.as_u16(), &reply.body, true)?;
        Ok(page.entries)
    }

    async fn device_count_of_user(&self, username: &str) -> Result<Option<u32>, UemError> {
        /// `Total` of a device search (UNCERTAIN: whether UEM counts only the user's
        /// enrolled devices or also unenrolled records; the sources show `Total` only).
        #[derive(Deserialize)]
        struct Counted {
            #[serde(rename = "Total", default)]
            total: Option<serde_json::Value>,
        }
        let reply = self
            .get(
                &["api", "mdm", "devices", "search"],
                &[("user", username.trim()), ("pagesize", "1")],
                1,
            )
            .await?;
        if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
            return Ok(Some(0));
        }
        let counted: Counted = decode(reply.status.as_u16(), &reply.body, true)?;
        Ok(counted
            .total
            .and_then(|t| t.as_u64().or_else(|| t.as_str()?.trim().parse().ok()))
            .and_then(|t| u32::try_from(t).ok()))
    }

    async fn register_device(&self, user: UserId, serial: &str) -> Result<(), UemError> {
        let id = user.to_string();
        let body =
            serde_json::to_vec(&serde_json::json!({ "SerialNumber": serial, "PlatformId": 10 }))
                .map_err(|e| UemError::InvalidOptions {
                    reason: format!("the registration could not be encoded: {e}"),
                })?;
        self.execute(Call {
            method: Method::POST,
            url: self.endpoint(&["api", "system", "users", &id, "registerdevice"], &[]),
            version: 1,
            json: Some(body),
            retry: false,
            skip_success_body: true,
        })
        .await
        .map(|_| ())
    }

    async fn registrations_by_asset_number(
        &self,
        asset_number: &str,
    ) -> Result<Vec<Registration>, UemError> {
        self.registration_search("assetnumber", asset_number).await
    }

    async fn registrations_by_serial(&self, serial: &str) -> Result<Vec<Registration>, UemError> {
        // UNCERTAIN whether UEM filters by `serialnumber` (see the trait): filtered here too.
        let serial = serial.trim();
        Ok(self
            .registration_search("serialnumber", serial)
            .await?
            .into_iter()
            .filter(|record| {
                record
                    .serial_number
                    .as_deref()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case(serial))
            })
            .collect())
    }

    async fn system_info(&self) -> Result<SystemInfo, UemError> {
        let reply = self.get(&["api", "system", "info"], &[], 1).await?;
        decode(reply.status.as_u16(), &reply.body, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_use_period_refreshes_early() {
        assert_eq!(token_use_period(Some(3600)), Duration::from_secs(3300));
        assert_eq!(token_use_period(None), Duration::from_secs(3300));
        assert_eq!(token_use_period(Some(600)), Duration::from_secs(300));
        assert_eq!(token_use_period(Some(120)), Duration::from_secs(60));
        assert_eq!(token_use_period(Some(0)), Duration::ZERO);
        assert_eq!(token_use_period(Some(-5)), Duration::ZERO);
    }

    #[test]
    fn user_agent_names_baton_and_its_version() {
        assert!(USER_AGENT.starts_with(&format!("Baton/{}", env!("CARGO_PKG_VERSION"))));
    }

    #[test]
    fn form_encoding_follows_rfc_6749() {
        assert_eq!(form_encode("a b:c%"), "a+b%3Ac%25");
        assert_eq!(form_encode("plain-Id_1.2~"), "plain-Id_1.2%7E");
    }

    fn client(api: &str) -> UemClient {
        let options = UemOptions::new(
            Url::parse(api).unwrap(),
            UemAuth::Basic {
                username: "api".into(),
                password: SecretString::from("pw"),
            },
        )
        .map(|mut o| {
            o.tenant_code = Some(SecretString::from("t"));
            o
        })
        .unwrap();
        UemClient::new(options).unwrap()
    }

    #[test]
    fn endpoints_keep_a_base_path_and_encode_serials() {
        let c = client("https://as1.example.test");
        assert_eq!(
            c.endpoint(
                &["api", "mdm", "devices"],
                &[("searchby", "Serialnumber"), ("id", "C02 X&Y=1")]
            )
            .as_str(),
            "https://as1.example.test/api/mdm/devices?searchby=Serialnumber&id=C02+X%26Y%3D1"
        );
        let c = client("https://gw.example.test/uem/");
        assert_eq!(
            c.endpoint(&["api", "mdm", "devices", "42", "enrollmentuser", "7"], &[])
                .as_str(),
            "https://gw.example.test/uem/api/mdm/devices/42/enrollmentuser/7"
        );
        assert_eq!(
            c.endpoint(&["api", "mdm", "devices", "a/b"], &[]).path(),
            "/uem/api/mdm/devices/a%2Fb"
        );
    }

    #[test]
    fn trusted_ca_pems_must_hold_certificates() {
        let mut options = client("https://as1.example.test").inner.options.clone();
        options.trusted_ca_pems = vec!["not a pem".into()];
        let err = UemClient::new(options.clone()).unwrap_err();
        assert!(
            matches!(&err, UemError::InvalidOptions { reason } if reason.contains("UEMTrustedCACertificates[0]")),
            "{err:?}"
        );
        options.trusted_ca_pems =
            vec!["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into()];
        assert!(matches!(
            UemClient::new(options),
            Err(UemError::InvalidOptions { .. })
        ));
    }

    fn user(id: i64, name: &str) -> User {
        User {
            id: UserId(id),
            user_name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn pick_user_takes_the_exact_match_ignoring_case() {
        let hits = vec![user(1, "alicia"), user(2, "Alice"), user(3, "malice")];
        assert_eq!(pick_user(hits, "alice").unwrap().id, UserId(2));
        let hits = vec![user(1, "alicia")];
        assert!(matches!(
            pick_user(hits, "alice"),
            Err(UemError::UserNotFound { .. })
        ));
        assert!(matches!(
            pick_user(Vec::new(), "alice"),
            Err(UemError::UserNotFound { .. })
        ));
    }

    #[test]
    fn accounts_differing_only_by_case_are_ambiguous() {
        let hits = vec![user(1, "jdoe"), user(2, "JDoe"), user(3, "jdoe2")];
        let err = pick_user(hits, "jdoe").unwrap_err();
        assert!(
            matches!(&err, UemError::AmbiguousUser { count: 2, username } if username == "jdoe"),
            "{err:?}"
        );
    }

    #[test]
    fn status_errors_are_typed() {
        let hint = retry::ServerHint {
            retry_after: Some(Duration::from_secs(3)),
            reset_in: None,
        };
        let d = |s| HttpDetails::from_body(s, b"");
        assert!(matches!(
            status_error(d(401), hint),
            UemError::Unauthorized { .. }
        ));
        assert!(matches!(
            status_error(d(403), hint),
            UemError::Forbidden { .. }
        ));
        assert!(matches!(
            status_error(d(429), hint),
            UemError::RateLimited { retry_after: Some(w), .. } if w == Duration::from_secs(3)
        ));
        assert!(matches!(
            status_error(d(502), hint),
            UemError::Server { .. }
        ));
        assert!(matches!(
            status_error(d(404), hint),
            UemError::UnexpectedStatus { .. }
        ));
    }
}
