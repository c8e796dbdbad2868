//! Baton Relay (`../shared/design/RELAY.md`): holds the UEM credential and the directory
//! settings, checks who is asking, verifies the person's password itself, and performs only the
//! hand-offs the asker is entitled to.
//!
//! | module | what |
//! |---|---|
//! | `config` | the relay's keys, and the app's key table for the shared ones |
//! | `tls` | the server's TLS, client certificates, who the client is |
//! | `store` | the state (audit, attempt counts, leases, answers) in SQLite or PostgreSQL |
//! | `service` | the use cases with the shared limits, leases and audit |
//! | `http` | the routes and the server |
//! | `problem` | RFC 9457 problems with the Baton support codes |
//! | `metrics` | `/metrics` (Prometheus text) and the metered UEM client |

pub mod config;
pub mod doctor;
pub mod http;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod problem;
pub mod service;
pub mod store;
pub mod tls;

use std::net::SocketAddr;
use std::time::Duration;

use baton_core::directory::{LdapDirectory, LdapOptions};
use baton_core::ops::{Direct, DirectOptions};
use baton_core::uem::{UemClient, UemOptions};

/// Why the relay could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("TLS: {0}")]
    Tls(#[from] tls::TlsError),
    #[error("{0} could not be listened on: {1}")]
    Listen(SocketAddr, std::io::ErrorKind),
    #[error("database: {0}")]
    Store(#[from] store::StoreError),
    #[error("UEM client: {0}")]
    Uem(#[from] baton_core::uem::UemError),
    #[error("directory: {0}")]
    Directory(#[from] baton_core::directory::DirectoryError),
}

/// Opens the database, builds the UEM client and directory of `config`, and serves.
pub async fn start(config: config::RelayConfig) -> Result<http::Running, StartError> {
    let settings = &config.settings;
    let store = store::Store::open(&config.database).await?;
    let metrics = metrics::Metrics::new();
    let uem = metrics::Metered::new(
        UemClient::new(UemOptions::from_settings(settings)?)?,
        std::sync::Arc::clone(&metrics),
    );
    let ldap = LdapOptions::from_settings(settings).ok_or(
        baton_core::directory::DirectoryError::Config {
            detail: "the relay needs LDAPURL and LDAPBindTemplate".into(),
        },
    )?;
    let technicians = LdapDirectory::new(&LdapOptions {
        groups: config.technician_groups.clone(),
        ..ldap.clone()
    })?;
    let direct = Direct::new(
        uem,
        LdapDirectory::new(&ldap)?,
        DirectOptions::from_settings(settings),
    );
    let limits = store::AttemptLimits::new(
        settings.throttle.max_attempts,
        Duration::from_secs(settings.throttle.lockout_seconds),
    );
    let service = service::Service {
        direct,
        technicians,
        session_idle: config.session,
        metrics,
        store,
        limits,
        replica: format!("relay-{}", uuid::Uuid::new_v4()),
    };
    let rate = limits::RateLimits::new(config.client_requests_per_second);
    http::serve(http::Shared {
        service,
        config,
        rate,
    })
    .await
}
