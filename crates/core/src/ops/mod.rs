//! The hand-off's use cases, shared by every mode, the CLI and the relay, behind one interface
//! with two implementations.
//!
//! [`Authority`] is cut at the level of use cases, never raw UEM calls: a relay that proxied
//! `UemApi` primitives would let any device switch any other. Its implementations:
//!
//! | implementation | who holds the UEM credential | who verifies the password |
//! |---|---|---|
//! | [`Direct`] | this process | this process (LDAP bind) |
//! | [`RelayClient`] | `baton-relay` | `baton-relay` |
//!
//! The relay itself serves its routes with a [`Direct`]. A device is switched to a person only
//! inside [`Authority::hand_off`], right after that person's password was verified in the same
//! call (the [`Verified`] proof can be made by nothing but the verifier), or by [`Authority::assign`]
//! for an actor the caller has already authorised (a technician, an integration, IT's own CLI).
//!
//! | module | what |
//! |---|---|
//! | `direct` | [`Direct`]: over [`crate::uem::UemApi`] and [`crate::directory::Directory`] |
//! | `relay_client` | [`RelayClient`]: HTTPS to `baton-relay` with this Mac's client identity |
//! | `relay_session` | [`TechnicianRelay`]: HTTPS to `baton-relay` with a technician's own session |
//! | `relay_tls` | the TLS configuration for a client identity whose key stays in the OS (macOS keychain) |
//! | `wire` | the JSON shapes both sides of the relay speak |
//! | `error` | [`OpsError`] and its plain sentences |

mod direct;
mod error;
pub mod relay_client;
pub mod relay_session;
pub mod relay_tls;
pub mod wire;

use std::future::Future;

use secrecy::SecretString;

pub use direct::{Direct, DirectOptions, ThisMac};
pub use error::OpsError;
pub use relay_client::{RelayClient, RelayClientIdentity, RelayClientOptions, RelayError};
pub use relay_session::TechnicianRelay;
pub use wire::{
    DeviceState, HandedOff, HistoryEntry, Outcome, Owner, Person, Registered, RegistrationRecord,
    Returned, UserSummary,
};

/// Who asks for an action: named in the audit log and in the UEM device note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The person at their own Mac (self-service), or the Mac itself through the relay.
    SelfService,
    /// A pickup-desk kiosk, by its configured name.
    Kiosk(String),
    /// An IT technician, by their directory short name.
    Technician(String),
    /// A service-desk or asset system, by its configured token name.
    Integration(String),
    /// The headless CLI run by IT on a machine that holds the UEM credential.
    Cli,
}

impl Actor {
    /// "by Baton kiosk Front-Desk-1": the end of the device note.
    pub fn by(&self) -> String {
        match self {
            Actor::SelfService => "by Baton (self-service)".to_owned(),
            Actor::Kiosk(name) => format!("by Baton kiosk {name}"),
            Actor::Technician(name) => format!("by {name} with Baton"),
            Actor::Integration(name) => format!("by {name} through Baton"),
            Actor::Cli => "by Baton's command line".to_owned(),
        }
    }
}

/// How far a hand-off has come: the working screen's steps follow these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The directory accepted the password.
    Verified,
    /// The switch is being sent.
    Switching,
    /// Switched (or already the person's); syncing and confirming.
    Confirming,
}

/// Receives the [`Phase`]s of one hand-off as they are reached.
pub trait Progress: Send + Sync {
    fn reached(&self, phase: Phase);
}

impl<F: Fn(Phase) + Send + Sync> Progress for F {
    fn reached(&self, phase: Phase) {
        self(phase)
    }
}

/// One hand-off request: this device, this person, their password.
pub struct HandOffRequest<'a> {
    pub serial: &'a str,
    /// As typed: `jdoe`, `jdoe@example.com` or `EXAMPLE\jdoe`.
    pub username: &'a str,
    pub password: &'a SecretString,
    /// Who asks (the relay knows this itself and ignores it from a client).
    pub by: &'a Actor,
}

/// The hand-off's use cases.
pub trait Authority: Send + Sync {
    /// The device as it is now in UEM (a fresh read, never a cached record).
    fn device(&self, serial: &str) -> impl Future<Output = Result<DeviceState, OpsError>> + Send;

    /// Verifies the person's password and hands the device over to them: the device is read
    /// fresh (while the directory is asked), refused unless it is enrolled and on a staging user
    /// or already theirs, switched (never repeated blindly), synced, and confirmed by UEM before
    /// this returns. Nothing in UEM changes unless the directory accepted the password.
    fn hand_off(
        &self,
        request: HandOffRequest<'_>,
        progress: &dyn Progress,
    ) -> impl Future<Output = Result<HandedOff, OpsError>> + Send;

    /// The person finished typing a user name: prepare what can be prepared (the UEM user
    /// look-up), so the hand-off does not wait for it.
    fn username_entered(&self, username: &str) -> impl Future<Output = ()> + Send;

    /// Assigns a staged device to `username` for an actor the caller has already authorised
    /// (no end-user password): technicians, integrations with the `assign` role, and IT's own
    /// CLI. The same refusals, switch and confirmation as [`Authority::hand_off`].
    fn assign(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> impl Future<Output = Result<HandedOff, OpsError>> + Send;

    /// Finds people in UEM by user name, e-mail or name (technicians).
    fn search_users(
        &self,
        query: &str,
    ) -> impl Future<Output = Result<Vec<UserSummary>, OpsError>> + Send;

    /// The device's recent UEM event log, newest first (technicians).
    fn history(
        &self,
        serial: &str,
    ) -> impl Future<Output = Result<Vec<HistoryEntry>, OpsError>> + Send;

    /// Puts an enrolled device back on the first staging user (a technician's explicit
    /// action; the one move that starts from someone other than a staging user).
    fn return_to_staging(
        &self,
        serial: &str,
        by: &Actor,
    ) -> impl Future<Output = Result<Returned, OpsError>> + Send;

    /// Pre-registers `serial` to `username`, so UEM checks the Mac out to them by itself after
    /// staging enrollment (Workspace ONE's documented flow).
    fn preregister(
        &self,
        serial: &str,
        username: &str,
        by: &Actor,
    ) -> impl Future<Output = Result<Registered, OpsError>> + Send;
}

/// A pickup desk's scan may be an asset tag instead of a serial. UEM has no device search by
/// asset number: the tag resolves through registration records (modes-and-relay.md §1.1).
pub trait AssetTags: Send + Sync {
    /// The device whose registration record carries `asset_tag` (ignoring case), read as
    /// [`Authority::device`] reads it. No record → `UemError::DeviceNotFound`.
    fn device_by_asset_tag(
        &self,
        asset_tag: &str,
    ) -> impl Future<Output = Result<DeviceState, OpsError>> + Send;
}

/// Proof that the directory accepted this person's password in this process, just now. Only
/// the verifier ([`Direct`]) can make one; switching a device to a person takes one.
#[derive(Debug)]
pub struct Verified {
    person: crate::directory::VerifiedUser,
}

impl Verified {
    /// Made only by [`Direct`] right after a successful bind.
    fn new(person: crate::directory::VerifiedUser) -> Self {
        Verified { person }
    }

    /// The person the directory vouched for.
    pub fn person(&self) -> &crate::directory::VerifiedUser {
        &self.person
    }
}
