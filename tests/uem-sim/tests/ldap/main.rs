//! The simulator's directory over real LDAPS and StartTLS, driven with the `ldap3` client
//! (rustls with ring, trusting only the run's CA), as Baton's directory check talks to it.

mod binary;
mod bind;
mod common;
mod log;
mod search;
mod tls;
