//! Baton Relay (`../shared/design/RELAY.md`): holds the UEM credential and the directory
//! settings, checks who is asking, verifies the person's password itself, and performs only the
//! hand-offs the asker is entitled to.

pub mod store;
pub mod tls;
