//! The one composition root: from [`Settings`] to the [`Authority`] every mode and the CLI run
//! on — [`Direct`] with the real UEM client and the throttled LDAP directory, or the
//! [`RelayClient`] when `RelayURL` is set.

use std::path::Path;
use std::time::Duration;

use secrecy::SecretString;

use crate::config::Settings;
use crate::directory::{
    BoxFuture, Directory, DirectoryError, LdapDirectory, LdapOptions, Throttle, ThrottleOptions,
    ThrottledDirectory, VerifiedUser,
};
use crate::ops::{
    Actor, Authority, DeviceState, Direct, DirectOptions, HandOffRequest, HandedOff, HistoryEntry,
    OpsError, Progress, Registered, RelayClient, RelayClientOptions, Returned, UserSummary,
};
use crate::uem::{UemClient, UemOptions};

/// The directory of a configuration: LDAP behind the local attempt limit, or none
/// (`DirectoryType` none: nothing can be verified here).
pub enum AppDirectory {
    Ldap(Box<ThrottledDirectory<LdapDirectory>>),
    None,
}

impl Directory for AppDirectory {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        match self {
            AppDirectory::Ldap(directory) => directory.verify(username, password),
            AppDirectory::None => Box::pin(async {
                Err(DirectoryError::Config {
                    detail: "DirectoryType is none: there is no directory to verify passwords with"
                        .into(),
                })
            }),
        }
    }
}

/// The directory of `settings`, its local attempt limit kept in `data_dir`.
pub fn directory(settings: &Settings, data_dir: &Path) -> Result<AppDirectory, DirectoryError> {
    let Some(options) = LdapOptions::from_settings(settings) else {
        return Ok(AppDirectory::None);
    };
    let throttle = Throttle::open(
        data_dir,
        ThrottleOptions::new(
            settings.throttle.max_attempts,
            Duration::from_secs(settings.throttle.lockout_seconds),
        )
        .with_observation_window(Duration::from_secs(settings.throttle.observation_seconds)),
    );
    Ok(AppDirectory::Ldap(Box::new(ThrottledDirectory::new(
        LdapDirectory::new(&options)?,
        throttle,
    ))))
}

/// The use cases this configuration runs on.
pub enum Backend {
    /// This process holds the UEM credential and binds to the directory.
    Direct(Box<Direct<UemClient, AppDirectory>>),
    /// `RelayURL`: the relay does both; this Mac holds no UEM secret.
    Relay(RelayClient),
}

impl Backend {
    /// Whether the hand-off goes through a relay.
    pub fn is_relay(&self) -> bool {
        matches!(self, Backend::Relay(_))
    }

    /// This process runs on the Mac `identity` describes: in direct mode a record of its serial
    /// must carry its hardware UUID (security-review F3). Through a relay the relay decides
    /// from this Mac's certificate.
    pub fn on_this_mac(mut self, identity: &baton_platform::device::DeviceIdentity) -> Self {
        if let (Backend::Direct(direct), Some(uuid)) = (&mut self, &identity.hardware_uuid) {
            direct.set_this_mac(Some(crate::ops::ThisMac {
                serial: identity.serial.clone(),
                hardware_uuid: uuid.clone(),
            }));
        }
        self
    }
}

/// Builds the [`Backend`] of `settings` (the local attempt limit's state in `data_dir`). Makes
/// no request.
pub fn backend(settings: &Settings, data_dir: &Path) -> Result<Backend, OpsError> {
    if let Some(relay) = &settings.relay {
        let options = RelayClientOptions::from_settings(relay)?;
        let client = RelayClient::new(options)?;
        return Ok(Backend::Relay(
            if settings.mode == crate::config::Mode::Kiosk {
                client.for_kiosk()
            } else {
                client
            },
        ));
    }
    let uem = UemClient::new(UemOptions::from_settings(settings)?)?;
    let directory = directory(settings, data_dir)?;
    Ok(Backend::Direct(Box::new(Direct::new(
        uem,
        directory,
        DirectOptions::from_settings(settings),
    ))))
}

impl Authority for Backend {
    async fn device(&self, serial: &str) -> Result<DeviceState, OpsError> {
        match self {
            Backend::Direct(direct) => direct.device(serial).await,
            Backend::Relay(relay) => relay.device(serial).await,
        }
    }

    async fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> Result<HandedOff, OpsError> {
        match self {
            Backend::Direct(direct) => direct.hand_off(request, progress).await,
            Backend::Relay(relay) => relay.hand_off(request, progress).await,
        }
    }

    async fn username_entered(&self, username: &str) {
        match self {
            Backend::Direct(direct) => direct.username_entered(username).await,
            Backend::Relay(relay) => relay.username_entered(username).await,
        }
    }

    async fn assign(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<HandedOff, OpsError> {
        match self {
            Backend::Direct(direct) => direct.assign(serial, username, by).await,
            Backend::Relay(relay) => relay.assign(serial, username, by).await,
        }
    }

    async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, OpsError> {
        match self {
            Backend::Direct(direct) => direct.search_users(query).await,
            Backend::Relay(relay) => relay.search_users(query).await,
        }
    }

    async fn history(&self, serial: &str) -> Result<Vec<HistoryEntry>, OpsError> {
        match self {
            Backend::Direct(direct) => direct.history(serial).await,
            Backend::Relay(relay) => relay.history(serial).await,
        }
    }

    async fn return_to_staging(&self, serial: &str, by: &Actor) -> Result<Returned, OpsError> {
        match self {
            Backend::Direct(direct) => direct.return_to_staging(serial, by).await,
            Backend::Relay(relay) => relay.return_to_staging(serial, by).await,
        }
    }

    async fn preregister(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> Result<Registered, OpsError> {
        match self {
            Backend::Direct(direct) => direct.preregister(serial, username, by).await,
            Backend::Relay(relay) => relay.preregister(serial, username, by).await,
        }
    }
}

impl crate::ops::AssetTags for Backend {
    async fn device_by_asset_tag(&self, asset_tag: &str) -> Result<DeviceState, OpsError> {
        match self {
            Backend::Direct(direct) => direct.device_by_asset_tag(asset_tag).await,
            Backend::Relay(relay) => relay.device_by_asset_tag(asset_tag).await,
        }
    }
}
