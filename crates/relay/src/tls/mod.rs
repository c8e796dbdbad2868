//! The relay's TLS side (RELAY.md, "Who may ask for what" and "Running it"): the server
//! configuration built from `TLSCertificateFile`/`TLSKeyFile`, the client-certificate rule
//! (`DeviceCACertificates` or a `Kiosks` fingerprint, or no certificate at all), and who the
//! client is once the handshake is done (`DeviceSerialFrom`).
//!
//! - [`TlsSettings`] holds the relay keys in parsed form ([`SerialFrom::parse`],
//!   [`Kiosk::parse`]).
//! - [`server_config`] builds the `rustls::ServerConfig` (ALPN `h2`, `http/1.1`).
//! - [`identify`] reads the verified peer certificate into a [`ClientIdentity`].
//! - [`accept`] does both for one TCP connection.

mod config;
mod identity;
mod settings;
mod verifier;

pub use config::{server_config, TlsError};
pub use identity::{accept, identify, AcceptError, ClientIdentity, IdentityError};
pub use settings::{
    fingerprint_hex, parse_fingerprint, sha256, Kiosk, SerialFrom, SettingsError, TlsSettings,
};
pub use verifier::RelayClientVerifier;

pub use rustls::pki_types::CertificateDer;
