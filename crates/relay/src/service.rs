//! The relay's use cases over [`Direct`], with what only a shared server can guarantee: the
//! per-username attempt limit across clients and replicas, one switch in flight per serial (a
//! duplicate gets the first one's answer and never sends a second PATCH), and an audit row per
//! action.

use std::time::{Duration, SystemTime};

use baton_core::directory::{normalize_username, Directory, DirectoryError, LdapDirectory};
use baton_core::ops::{
    Actor, Authority, DeviceState, Direct, HandedOff, HistoryEntry, OpsError, Registered, Returned,
    UserSummary,
};
use baton_core::uem::{UemApi, UemClient};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::metrics::{Metered, Metrics};
use crate::store::{AttemptLimits, AuditRow, Claim, Store, StoreError};

/// How long a serial's lease lasts if its holder dies mid-switch.
const LEASE: Duration = Duration::from_secs(120);
/// How long a finished answer is kept for duplicates.
const KEEP: Duration = Duration::from_secs(120);

/// Why a relay use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error("the relay's database failed: {0}")]
    Store(#[from] StoreError),
    /// The person verified, but is not a member of any `TechnicianGroups` group.
    #[error("{0} is not a member of a technicians group")]
    NotTechnician(String),
}

/// A technician's new session.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Session {
    /// The bearer token: shown once, stored nowhere (the relay keeps its SHA-256).
    pub token: String,
    /// RFC 3339 UTC; moves forward with every use (`SessionSeconds` idle).
    pub expires_at: String,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<&'static str>,
}

/// Who asked, for the audit log.
#[derive(Debug, Clone)]
pub struct Asker {
    pub actor: Actor,
    /// `device`, `kiosk`, `technician`, `integration`.
    pub role: &'static str,
    /// The client identity: a certificate fingerprint or a token's name.
    pub client: String,
    pub request_id: String,
}

impl Asker {
    fn actor_name(&self) -> String {
        match &self.actor {
            Actor::SelfService => "device".into(),
            Actor::Kiosk(name) | Actor::Technician(name) | Actor::Integration(name) => name.clone(),
            Actor::Cli => "cli".into(),
        }
    }
}

/// The relay's use cases.
pub struct Service {
    pub direct: Direct<Metered<UemClient>, LdapDirectory>,
    /// The same directory, also asked for `TechnicianGroups` membership (technician sign-in).
    pub technicians: LdapDirectory,
    /// `SessionSeconds`.
    pub session_idle: Duration,
    pub metrics: std::sync::Arc<Metrics>,
    pub store: Store,
    pub limits: AttemptLimits,
    /// This replica's name in leases.
    pub replica: String,
}

impl Service {
    /// The device as it is now.
    pub async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        self.direct.device(serial).await
    }

    /// The serial's registration record (a technician's device card); never an error.
    pub async fn registration(&self, serial: &str) -> baton_core::ops::RegistrationRecord {
        self.direct.registration(serial).await
    }

    /// The owner's name as UEM has it, filled into `device` (a technician's device card).
    pub async fn name_owner(&self, device: &mut DeviceState) {
        self.direct.name_owner(device).await
    }

    /// The device whose registration record carries `asset_tag` (a kiosk's scan).
    pub async fn device_by_asset_tag(&self, asset_tag: &str) -> Result<DeviceState, OpsError> {
        use baton_core::ops::AssetTags as _;
        self.direct.device_by_asset_tag(asset_tag).await
    }

    /// Verifies the person's password (within the shared attempt limit) and hands `serial`
    /// over to them.
    pub async fn hand_off(
        &self,
        serial: &str,
        username: &str,
        password: &SecretString,
        asker: &Asker,
    ) -> Result<HandedOff, ServiceError> {
        let result = self
            .verified_hand_off(serial, username, password, asker)
            .await;
        // The typed username is not audited: it may be a password typed into the wrong field.
        // A hand-off that happened records the verified person.
        self.audit(asker, "handoff", serial, None, &result).await;
        result
    }

    /// A technician signs in with their own directory password (within the shared attempt
    /// limit); only members of a `TechnicianGroups` group get a session.
    pub async fn sign_in_technician(
        &self,
        username: &str,
        password: &SecretString,
        asker: &Asker,
    ) -> Result<Session, ServiceError> {
        let _scrub = baton_core::redact::register(password);
        let result = async {
            let key = self.allowed(username).await?;
            let verified = match self.technicians.verify(username, password).await {
                Ok(verified) => verified,
                Err(error) => return Err(self.failed(&key, error).await),
            };
            self.store.record_success(&key).await?;
            if verified.groups.is_empty() {
                return Err(ServiceError::NotTechnician(verified.short_name));
            }
            let token = random_token();
            let hash = hex(&crate::tls::sha256(token.as_bytes()));
            self.store
                .create_session(&hash, &verified.short_name, self.session_idle)
                .await?;
            tracing::info!(technician = %verified.short_name, "technician session started");
            Ok((
                Session {
                    token,
                    expires_at: rfc3339(SystemTime::now() + self.session_idle),
                    roles: vec!["technician"],
                },
                verified.short_name,
            ))
        }
        .await;
        let asker = match &result {
            Ok((_, name)) => Asker {
                actor: Actor::Technician(name.clone()),
                ..asker.clone()
            },
            Err(_) => asker.clone(),
        };
        self.audit_row(&asker, "sign-in", None, None, None, outcome_of(&result))
            .await;
        result.map(|(session, _)| session)
    }

    /// The technician of a bearer token, the session extended; `None` when unknown or expired.
    pub async fn technician(&self, token: &str) -> Result<Option<String>, StoreError> {
        let hash = hex(&crate::tls::sha256(token.as_bytes()));
        self.store.use_session(&hash, self.session_idle).await
    }

    /// Sign-out.
    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        let hash = hex(&crate::tls::sha256(token.as_bytes()));
        self.store.end_session(&hash).await
    }

    /// The normalised username, if the shared attempt limit allows another try.
    async fn allowed(&self, username: &str) -> Result<String, ServiceError> {
        let key = normalize_username(username)
            .map_err(|problem| {
                OpsError::from(DirectoryError::InvalidUsername {
                    reason: problem.as_str(),
                })
            })?
            .as_str()
            .to_owned();
        if let Err(retry_after) = self
            .store
            .attempt_allowed(&key, SystemTime::now(), &self.limits)
            .await?
        {
            self.metrics.throttled();
            return Err(OpsError::from(DirectoryError::Throttled { retry_after }).into());
        }
        Ok(key)
    }

    /// Counts a refusal the directory judged, and turns it into the answer.
    async fn failed(&self, key: &str, error: DirectoryError) -> ServiceError {
        if error.is_credential_rejection() {
            if let Err(e) = self
                .store
                .record_failure(key, SystemTime::now(), &self.limits)
                .await
            {
                return e.into();
            }
        }
        OpsError::from(error).into()
    }

    /// People in UEM (technicians).
    pub async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, ServiceError> {
        Ok(self.direct.search_users(query).await?)
    }

    /// The device's UEM event log and this relay's audit rows for it, newest first.
    pub async fn history(&self, serial: &str) -> Result<Vec<HistoryEntry>, ServiceError> {
        let (uem, audit) = tokio::join!(
            self.direct.history(serial),
            self.store.audit(Some(serial), 50)
        );
        let mut entries: Vec<HistoryEntry> = audit?
            .into_iter()
            .map(|row| HistoryEntry {
                at: Some(row.at),
                source: "baton".into(),
                event: format!(
                    "{} {}{}",
                    row.action,
                    row.outcome,
                    row.to.map(|to| format!(" → {to}")).unwrap_or_default()
                ),
                actor: Some(format!("{} ({})", row.actor, row.role)),
            })
            .collect();
        match uem {
            Ok(log) => entries.extend(log),
            // The device card still shows Baton's own history when UEM's log cannot be read.
            Err(e) => tracing::warn!(
                "the UEM event log could not be read: {}",
                baton_core::uem::error_chain(&e)
            ),
        }
        Ok(entries)
    }

    /// A technician puts the device back on the first staging user.
    pub async fn return_to_staging(
        &self,
        serial: &str,
        asker: &Asker,
    ) -> Result<Returned, ServiceError> {
        let request_key = format!("return:{serial}:{}", asker.request_id);
        let result = self
            .once_per_serial(serial, &request_key, || async {
                self.direct.return_to_staging(serial, &asker.actor).await
            })
            .await;
        let (from, to) = match &result {
            Ok(returned) => (returned.from.clone(), Some(returned.staging_user.clone())),
            Err(_) => (None, None),
        };
        self.audit_row(asker, "return", Some(serial), from, to, outcome_of(&result))
            .await;
        result
    }

    /// Pre-registers `serial` to `username` (technicians, integrations with `assign`).
    pub async fn preregister(
        &self,
        serial: &str,
        username: &str,
        asker: &Asker,
    ) -> Result<Registered, ServiceError> {
        let result = self
            .direct
            .preregister(serial, username, &asker.actor)
            .await
            .map_err(ServiceError::from);
        self.audit_row(
            asker,
            "preregister",
            Some(serial),
            None,
            Some(username.trim().to_owned()),
            outcome_of(&result),
        )
        .await;
        result
    }

    async fn verified_hand_off(
        &self,
        serial: &str,
        username: &str,
        password: &SecretString,
        asker: &Asker,
    ) -> Result<HandedOff, ServiceError> {
        let key = self.allowed(username).await?;
        let verified = match self.direct.verify(username, password).await {
            Ok(verified) => verified,
            Err(error) => return Err(self.failed(&key, error).await),
        };
        self.store.record_success(&key).await?;
        let person = verified.person().short_name.clone();
        let request_key = format!("handoff:{serial}:{}", person.to_lowercase());
        self.once_per_serial(serial, &request_key, || async {
            let device = self
                .direct
                .uem()
                .device_by_serial(serial)
                .await
                .map_err(OpsError::from)?;
            self.direct
                .assign_verified(serial, device, &verified, &asker.actor, &|_| {})
                .await
        })
        .await
    }

    /// Assigns `serial` to `username` for an authorised asker (technician, integration).
    pub async fn assign(
        &self,
        serial: &str,
        username: &str,
        asker: &Asker,
    ) -> Result<HandedOff, ServiceError> {
        let request_key = format!("assign:{serial}:{}", username.trim().to_lowercase());
        let result = self
            .once_per_serial(serial, &request_key, || async {
                self.direct.assign(serial, username, &asker.actor).await
            })
            .await;
        self.audit(asker, "assign", serial, Some(username), &result)
            .await;
        result
    }

    /// Runs `work` while holding the serial's lease, so at most one switch is in flight per
    /// serial across replicas; a duplicate that finds the lease taken waits for the holder's
    /// answer instead of switching again, and one that comes after gets the stored answer.
    async fn once_per_serial<T, F, Fut>(
        &self,
        serial: &str,
        request_key: &str,
        work: F,
    ) -> Result<T, ServiceError>
    where
        T: Serialize + DeserializeOwned,
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, OpsError>>,
    {
        for _ in 0..3 {
            if let Some(answer) = self.stored(request_key).await? {
                return Ok(answer);
            }
            match self.store.claim(serial, &self.replica, LEASE).await? {
                Claim::Acquired(lease) => {
                    if let Some(answer) = self.stored(request_key).await? {
                        self.store.release(&lease).await?;
                        return Ok(answer);
                    }
                    return match work().await {
                        Ok(answer) => {
                            let json = serde_json::to_value(&answer).unwrap_or_default();
                            self.store.settle(&lease, request_key, &json, KEEP).await?;
                            Ok(answer)
                        }
                        Err(error) => {
                            self.store.release(&lease).await?;
                            Err(error.into())
                        }
                    };
                }
                Claim::Busy => {
                    tracing::info!(
                        serial,
                        "a hand-off of this serial is in flight: waiting for its answer"
                    );
                    if let Some(json) = self.store.wait_for(serial, request_key, LEASE).await? {
                        if let Ok(answer) = serde_json::from_value(json) {
                            return Ok(answer);
                        }
                    }
                    // Released without an answer for this request: start again from a fresh read.
                }
            }
        }
        // Still contended: the device is being changed by someone else right now.
        Err(OpsError::from(baton_core::uem::UemError::DeviceChanged { now_user: None }).into())
    }

    async fn stored<T: DeserializeOwned>(
        &self,
        request_key: &str,
    ) -> Result<Option<T>, StoreError> {
        Ok(self
            .store
            .recent_answer(request_key, SystemTime::now())
            .await?
            .and_then(|json| serde_json::from_value(json).ok()))
    }

    async fn audit(
        &self,
        asker: &Asker,
        action: &str,
        serial: &str,
        to: Option<&str>,
        result: &Result<HandedOff, ServiceError>,
    ) {
        let to = match result {
            Ok(done) => Some(done.user.short_name.clone()),
            Err(_) => to.map(|t| t.trim().to_owned()),
        };
        self.audit_row(asker, action, Some(serial), None, to, outcome_of(result))
            .await;
    }

    async fn audit_row(
        &self,
        asker: &Asker,
        action: &str,
        serial: Option<&str>,
        from: Option<String>,
        to: Option<String>,
        outcome: String,
    ) {
        self.metrics.outcome(action, &outcome);
        let row = AuditRow {
            at: now_rfc3339(),
            actor: asker.actor_name(),
            role: asker.role.into(),
            client: asker.client.clone(),
            action: action.into(),
            serial: serial.map(str::to_owned),
            from,
            to,
            outcome,
            request_id: asker.request_id.clone(),
        };
        if let Err(e) = self.store.append_audit(&row).await {
            tracing::error!(request_id = %asker.request_id, "the audit row could not be written: {e}");
        }
    }
}

/// The audit's outcome of a result: `switched`, `already-yours`, `done`, or `refused CODE`.
fn outcome_of<T: Serialize>(result: &Result<T, ServiceError>) -> String {
    use baton_core::problem::Problem;
    match result {
        Ok(value) => serde_json::to_value(value)
            .ok()
            .and_then(|v| v.get("outcome").and_then(|o| o.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "done".into()),
        Err(ServiceError::Ops(e)) => format!("refused {}", e.user_facing().code),
        Err(ServiceError::NotTechnician(_)) => "refused not-a-technician".into(),
        Err(ServiceError::Store(_)) => "failed RELAY-STORE".into(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes, hex: a bearer token.
fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn rfc3339(at: SystemTime) -> String {
    time::OffsetDateTime::from(at)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Now, as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    rfc3339(SystemTime::now())
}
