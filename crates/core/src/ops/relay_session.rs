//! [`TechnicianRelay`]: the use cases asked of `baton-relay` by a technician, with their own
//! short-lived session (RELAY.md, "Who may ask for what": `POST /v1/sessions`, then a bearer
//! token). The token lives in memory only and ends with [`TechnicianRelay::sign_out`] or after
//! the relay's `SessionSeconds` of inactivity.

use secrecy::{ExposeSecret, SecretString};

use super::relay_client::RelayClient;
use super::wire::{AssignBody, DeviceState, HistoryEntry, RegistrationRecord};
use super::{
    Actor, Authority, HandOffRequest, HandedOff, OpsError, Progress, Registered, RelayError,
    Returned, UserSummary,
};
use crate::directory::normalize_username;
use crate::technician::TechnicianError;

/// A technician's session with the relay.
pub struct TechnicianRelay {
    client: RelayClient,
    token: SecretString,
    technician: String,
}

impl std::fmt::Debug for TechnicianRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TechnicianRelay")
            .field("technician", &self.technician)
            .field("token", &"••••")
            .finish()
    }
}

#[derive(serde::Serialize)]
struct SignInBody<'a> {
    username: &'a str,
    password: &'a str,
}

#[derive(serde::Deserialize)]
struct SessionAnswer {
    token: SecretString,
}

/// `GET /v1/devices/{serial}` as a technician gets it.
#[derive(serde::Deserialize)]
struct DeviceDetail {
    #[serde(flatten)]
    device: DeviceState,
    #[serde(default)]
    history: Vec<HistoryEntry>,
    /// Absent from a relay that predates it.
    #[serde(default)]
    registration: Option<RegistrationRecord>,
}

#[derive(serde::Serialize)]
struct RegistrationBody<'a> {
    serial: &'a str,
    username: &'a str,
}

impl TechnicianRelay {
    /// Signs `username` in with their directory password (`POST /v1/sessions`). A wrong
    /// password is the directory's refusal (`DIR-049`); a person in no `TechnicianGroups`
    /// group is [`TechnicianError::NotTechnician`].
    pub async fn sign_in(
        client: RelayClient,
        username: &str,
        password: &SecretString,
    ) -> Result<Self, TechnicianError> {
        let body = SignInBody {
            username,
            password: password.expose_secret(),
        };
        let request = client
            .http()
            .post(client.url(&["v1", "sessions"]))
            .json(&body);
        let answer: SessionAnswer = match client.send(request).await {
            Ok(answer) => answer,
            Err(OpsError::Relay(RelayError::Refused { status: 403, .. })) => {
                return Err(TechnicianError::NotTechnician)
            }
            Err(e) => return Err(e.into()),
        };
        crate::redact::register_forever(&answer.token);
        // The relay verified this name; it audits with the directory's short name.
        let technician = normalize_username(username)
            .map(|name| name.as_str().to_owned())
            .unwrap_or_else(|_| username.trim().to_owned());
        tracing::info!(technician = %technician, "technician session started with the relay");
        Ok(TechnicianRelay {
            client,
            token: answer.token,
            technician,
        })
    }

    /// The technician's short name.
    pub fn technician(&self) -> &str {
        &self.technician
    }

    /// Ends the session on the relay (`DELETE /v1/sessions`); the token is useless afterwards.
    pub async fn sign_out(&self) {
        let request = self
            .client
            .http()
            .delete(self.client.url(&["v1", "sessions"]))
            .bearer_auth(self.token.expose_secret());
        match request.send().await {
            Ok(answer) if answer.status().is_success() => {
                tracing::info!(technician = %self.technician, "technician signed out of the relay")
            }
            Ok(answer) => tracing::warn!(status = answer.status().as_u16(), "sign-out refused"),
            Err(e) => tracing::warn!("sign-out: {}", crate::uem::error_chain(&e.without_url())),
        }
    }

    fn authed(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(self.token.expose_secret())
    }

    /// The device, its history (UEM's event log and the relay's audit, newest first) and its
    /// registration record, in one request.
    pub async fn device_detail(&self, serial: &str) -> Result<crate::technician::Lookup, OpsError> {
        let request =
            self.authed(
                self.client
                    .http()
                    .get(self.client.url(&["v1", "devices", serial.trim()])),
            );
        let detail: DeviceDetail = self
            .client
            .send(request)
            .await
            .map_err(|e| e.for_serial(serial))?;
        Ok(crate::technician::Lookup {
            device: detail.device,
            history: detail.history,
            registration: detail.registration,
        })
    }
}

impl Authority for TechnicianRelay {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        Ok(self.device_detail(serial).await?.device)
    }

    async fn hand_off(
        &self,
        _request: HandOffRequest<'_>,
        _progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        // A technician assigns without the person's password; a hand-off with it is the
        // person's own (self-service) or the kiosk's.
        Err(RelayError::Refused {
            status: 403,
            code: "RELAY-FORBIDDEN".into(),
            title: "a technician session assigns; it does not hand over with a password".into(),
        }
        .into())
    }

    async fn username_entered(&self, _username: &str) {}

    async fn assign(
        &self,
        serial: &str,
        username: &str,
        _by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        // The relay names the actor itself, from the session.
        let body = AssignBody {
            username: username.trim().to_owned(),
        };
        let request = self.authed(
            self.client
                .http()
                .post(self.client.url(&["v1", "devices", serial.trim(), "assign"]))
                .json(&body),
        );
        self.client
            .send(request)
            .await
            .map_err(|e| e.for_serial(serial))
    }

    async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, OpsError> {
        let mut url = self.client.url(&["v1", "users"]);
        url.query_pairs_mut().append_pair("q", query.trim());
        self.client
            .send(self.authed(self.client.http().get(url)))
            .await
    }

    async fn history(&self, serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        Ok(self.device_detail(serial).await?.history)
    }

    async fn return_to_staging(&self, serial: &str, _by: &Actor) -> Result<Returned, OpsError> {
        let request = self.authed(self.client.http().post(self.client.url(&[
            "v1",
            "devices",
            serial.trim(),
            "return",
        ])));
        self.client
            .send(request)
            .await
            .map_err(|e| e.for_serial(serial))
    }

    async fn preregister(
        &self,
        serial: &str,
        username: &str,
        _by: &Actor,
    ) -> Result<Registered, OpsError> {
        let body = RegistrationBody {
            serial: serial.trim(),
            username: username.trim(),
        };
        let request = self.authed(
            self.client
                .http()
                .post(self.client.url(&["v1", "registrations"]))
                .json(&body),
        );
        self.client.send(request).await
    }
}
