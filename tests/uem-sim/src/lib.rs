//! # uem-sim — a Workspace ONE UEM tenant over real HTTPS
//!
//! A stateful simulator of the UEM REST API surface Baton uses (see
//! `shared/reference/uem-api.md`): OAuth token endpoint, device lookup by serial, user
//! search, the v2 switch-user PATCH, device commands, user creation, system info — with UEM's
//! headers, error objects, version fallback and tenant quota, plus fault injection, latency
//! and an admin API under `/_sim/…`. An LDAP server on two more ports (LDAPS, and plain LDAP
//! with mandatory StartTLS, same CA) plays the directory Baton verifies passwords against.
//!
//! ```no_run
//! # async fn demo() -> Result<(), uem_sim::SimError> {
//! use uem_sim::{Fault, Route, Seed, Sim, SimOptions};
//!
//! let sim = Sim::start(Seed::demo(), SimOptions::default()).await?;
//! println!("{} trusts {} bytes of CA PEM", sim.base_url(), sim.ca_pem().len());
//! sim.set_fault(Route::SwitchUser, Fault::hang().after_handler().times(1));
//! // … run the client against sim.base_url() / sim.token_url() …
//! assert_eq!(sim.device_by_serial("C02DEMO00001").unwrap().user.as_deref(), Some("alice"));
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
mod background;
mod clock;
mod config;
mod errors;
mod faults;
pub mod fleet;
mod jsonc;
mod latency;
mod ldap;
mod pipeline;
pub mod pki;
mod ratelimit;
mod reqlog;
mod route;
mod routes;
mod seed;
mod server;
mod sim;
mod state;
mod tls;
mod version;
mod wire;

pub use background::BackgroundSim;
pub use errors::code as error_code;
pub use faults::{Fault, FaultBody, FaultKind, FaultPhase, FaultRule, DEFAULT_OVERSIZE_BYTES};
pub use ldap::seed::{AccountState, Directory, DirectoryUser};
pub use ratelimit::{QuotaSnapshot, RateLimitConfig};
pub use reqlog::{LdapRecord, RequestRecord, REDACTED};
pub use route::Route;
pub use seed::{
    BasicAdmin, Behavior, Device, DeviceNote, EventData, EventLogEntry, OAuthClient,
    OrganizationGroup, Registration, SecurityType, Seed, SeedError, StagingType, TenantInfo, User,
};
pub use sim::{ServerCert, Sim, SimError, SimHandle, SimOptions};
pub use state::CommandRecord;
pub use tls::TlsError;
