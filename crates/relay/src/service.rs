//! The relay's use cases over [`Direct`], with what only a shared server can guarantee: the
//! per-username attempt limit across clients and replicas, one switch in flight per serial (a
//! duplicate gets the first one's answer and never sends a second PATCH), and an audit row per
//! action.

use std::time::{Duration, SystemTime};

use baton_core::directory::{normalize_username, DirectoryError, LdapDirectory};
use baton_core::ops::{Actor, Authority, DeviceState, Direct, HandedOff, OpsError};
use baton_core::uem::{UemApi, UemClient};
use secrecy::SecretString;

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
    pub direct: Direct<UemClient, LdapDirectory>,
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
        self.audit(asker, "handoff", serial, Some(username), &result)
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
            return Err(OpsError::from(DirectoryError::Throttled { retry_after }).into());
        }
        let verified = match self.direct.verify(username, password).await {
            Ok(verified) => verified,
            Err(error) => {
                if error.is_credential_rejection() {
                    self.store
                        .record_failure(&key, SystemTime::now(), &self.limits)
                        .await?;
                }
                return Err(OpsError::from(error).into());
            }
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
    async fn once_per_serial<F, Fut>(
        &self,
        serial: &str,
        request_key: &str,
        work: F,
    ) -> Result<HandedOff, ServiceError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<HandedOff, OpsError>>,
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

    async fn stored(&self, request_key: &str) -> Result<Option<HandedOff>, StoreError> {
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
        let outcome = match result {
            Ok(done) => serde_json::to_value(done.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            Err(ServiceError::Ops(e)) => {
                use baton_core::problem::Problem;
                format!("refused {}", e.user_facing().code)
            }
            Err(ServiceError::Store(_)) => "failed RELAY-STORE".into(),
        };
        let to = match result {
            Ok(done) => Some(done.user.short_name.clone()),
            Err(_) => to.map(|t| t.trim().to_owned()),
        };
        let row = AuditRow {
            at: now_rfc3339(),
            actor: asker.actor_name(),
            role: asker.role.into(),
            client: asker.client.clone(),
            action: action.into(),
            serial: Some(serial.into()),
            from: None,
            to,
            outcome,
            request_id: asker.request_id.clone(),
        };
        if let Err(e) = self.store.append_audit(&row).await {
            tracing::error!(request_id = %asker.request_id, "the audit row could not be written: {e}");
        }
    }
}

/// Now, as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
