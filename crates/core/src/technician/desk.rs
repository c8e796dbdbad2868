//! Who a technician works through once signed in ([`Desk`]), and how they get one ([`Gate`]):
//! directly (an IT-owned Mac holding the UEM credential, the directory asked here) or through
//! `baton-relay` with the technician's own session.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::TechnicianError;
use crate::config::Settings;
use crate::directory::{Directory, LdapDirectory, LdapOptions, Throttle, ThrottledDirectory};
use crate::ops::{
    Actor, Authority, DeviceState, Direct, DirectOptions, HandOffRequest, HandedOff, HistoryEntry,
    OpsError, Progress, Registered, RegistrationRecord, RelayClient, RelayClientOptions, Returned,
    TechnicianRelay, UserSummary,
};
use crate::uem::{UemApi, UemClient, UemOptions};
use crate::wiring::AppDirectory;

/// What a technician's device look-up finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The device, its owner named as UEM has them.
    pub device: DeviceState,
    /// Its recent history, newest first.
    pub history: Vec<HistoryEntry>,
    /// Its serial's registration record; `None` when the relay did not say (an older one).
    pub registration: Option<RegistrationRecord>,
}

/// The use cases as one signed-in technician may ask for them.
pub trait Desk: Authority {
    /// The technician's directory short name: named in every audit row and device note.
    fn technician(&self) -> &str;

    /// The device, its recent history (newest first) and its registration record.
    fn look_up(&self, serial: &str) -> impl Future<Output = Result<Lookup, OpsError>> + Send;

    /// Ends the session wherever it is held.
    fn sign_out(&self) -> impl Future<Output = ()> + Send;
}

/// Signs a technician in.
pub trait Gate: Send + Sync {
    type Desk: Desk;

    /// Verifies `username`'s password (a bind as them) and their membership of a
    /// `TechnicianGroups` group; refuses everyone else with [`TechnicianError::NotTechnician`].
    fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
    ) -> impl Future<Output = Result<Self::Desk, TechnicianError>> + Send;
}

/// Direct mode: this process holds the UEM credential and binds to the directory, whose
/// verification reports the `TechnicianGroups` the person is in.
pub struct DirectGate<U, D> {
    direct: Arc<Direct<U, D>>,
}

impl<U: UemApi, D: Directory> DirectGate<U, D> {
    /// `direct`'s directory must have been built with `TechnicianGroups` as its groups of
    /// interest ([`LdapOptions::groups`]): membership is read from what it reports.
    pub fn new(direct: Direct<U, D>) -> Self {
        DirectGate {
            direct: Arc::new(direct),
        }
    }
}

impl<U: UemApi, D: Directory> Gate for DirectGate<U, D> {
    type Desk = DirectDesk<U, D>;

    async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<DirectDesk<U, D>, TechnicianError> {
        let verified = self
            .direct
            .verify(username, password)
            .await
            .map_err(|e| TechnicianError::Ops(e.into()))?;
        let person = verified.person();
        if person.groups.is_empty() {
            tracing::info!(user = %person.short_name, "refused technician mode: in no TechnicianGroups group");
            return Err(TechnicianError::NotTechnician);
        }
        tracing::info!(technician = %person.short_name, "technician signed in");
        Ok(DirectDesk {
            direct: self.direct.clone(),
            technician: person.short_name.clone(),
        })
    }
}

/// A technician's desk in direct mode: every action is logged with their name (the log is the
/// audit here) and, where `WriteDeviceNote` allows, noted on the device in UEM.
pub struct DirectDesk<U, D> {
    direct: Arc<Direct<U, D>>,
    technician: String,
}

impl<U: UemApi, D: Directory> Desk for DirectDesk<U, D> {
    fn technician(&self) -> &str {
        &self.technician
    }

    async fn look_up(&self, serial: &str) -> Result<Lookup, OpsError> {
        // The registration record does not depend on the device: asked alongside it.
        let (device, registration) =
            tokio::join!(self.direct.device(serial), self.direct.registration(serial));
        let mut device = device?;
        let enrolled = device.enrolled;
        let (history, ()) = tokio::join!(
            async {
                if enrolled {
                    self.direct.history(serial).await
                } else {
                    Ok(Vec::new())
                }
            },
            self.direct.name_owner(&mut device)
        );
        Ok(Lookup {
            history: history?,
            device,
            registration: Some(registration),
        })
    }

    async fn sign_out(&self) {
        tracing::info!(technician = %self.technician, "technician signed out");
    }
}

impl<U: UemApi, D: Directory> Authority for DirectDesk<U, D> {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        self.direct.device(serial).await
    }

    async fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        self.direct.hand_off(request, progress).await
    }

    async fn username_entered(&self, username: &str) {
        self.direct.username_entered(username).await
    }

    async fn assign(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        self.direct.assign(serial, username, by).await
    }

    async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, OpsError> {
        self.direct.search_users(query).await
    }

    async fn history(&self, serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        self.direct.history(serial).await
    }

    async fn return_to_staging(&self, serial: &str, by: &Actor) -> Result<Returned, OpsError> {
        self.direct.return_to_staging(serial, by).await
    }

    async fn preregister(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<Registered, OpsError> {
        self.direct.preregister(serial, username, by).await
    }
}

/// Relay mode: the relay verifies the technician and holds their session.
pub struct RelayGate {
    options: RelayClientOptions,
}

impl RelayGate {
    pub fn new(options: RelayClientOptions) -> Self {
        RelayGate { options }
    }
}

impl Gate for RelayGate {
    type Desk = TechnicianRelay;

    async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<TechnicianRelay, TechnicianError> {
        let client =
            RelayClient::new(self.options.clone()).map_err(|e| TechnicianError::Ops(e.into()))?;
        TechnicianRelay::sign_in(client, username, password).await
    }
}

impl Desk for TechnicianRelay {
    fn technician(&self) -> &str {
        TechnicianRelay::technician(self)
    }

    async fn look_up(&self, serial: &str) -> Result<Lookup, OpsError> {
        self.device_detail(serial).await
    }

    async fn sign_out(&self) {
        TechnicianRelay::sign_out(self).await
    }
}

/// The gate of a configuration: the relay's when `RelayURL` is set, else this process's own.
pub enum AnyGate {
    Direct(DirectGate<UemClient, AppDirectory>),
    Relay(RelayGate),
}

/// Builds the gate of `settings` (the local attempt limit's state in `data_dir`). Makes no
/// request.
pub fn gate(settings: &Settings, data_dir: &Path) -> Result<AnyGate, OpsError> {
    if let Some(relay) = &settings.relay {
        return Ok(AnyGate::Relay(RelayGate::new(
            RelayClientOptions::from_settings(relay)?,
        )));
    }
    let uem = UemClient::new(UemOptions::from_settings(settings)?)?;
    let directory = match LdapOptions::from_settings(settings) {
        Some(mut options) => {
            options.groups = settings.technician.groups.clone();
            if options.groups.is_empty() {
                tracing::warn!("TechnicianGroups is empty: nobody may sign in as a technician");
            }
            let throttle = Throttle::open(
                data_dir,
                crate::directory::ThrottleOptions::new(
                    settings.throttle.max_attempts,
                    Duration::from_secs(settings.throttle.lockout_seconds),
                ),
            );
            AppDirectory::Ldap(Box::new(ThrottledDirectory::new(
                LdapDirectory::new(&options).map_err(OpsError::from)?,
                throttle,
            )))
        }
        None => AppDirectory::None,
    };
    Ok(AnyGate::Direct(DirectGate::new(Direct::new(
        uem,
        directory,
        DirectOptions::from_settings(settings),
    ))))
}
