//! Kiosk mode: a pickup desk where a person scans the Mac they collect, proves their directory
//! password, and leaves with the Mac checked out to them (PRODUCT.md, "The modes in detail").
//!
//! | module | what |
//! |---|---|
//! | `exit` | IT's exit secret (`KioskExitSecretSHA256`) |
//! | `scan` | what a barcode scanner sends, read as serial numbers and an asset tag |
//! | `view` | [`KioskView`]: what the window shows (exported to the UI with ts-rs) |
//! | `session` | [`Kiosk`]: the desk's state machine over [`crate::ops::Authority`] |
//!
//! The desk runs over the same use cases as every mode: in direct mode (an IT-owned kiosk Mac
//! holding the UEM credential) [`crate::ops::Direct`], through a relay
//! [`crate::ops::RelayClient::for_kiosk`] with the kiosk's own client certificate.

mod exit;
pub mod scan;
mod session;
#[cfg(test)]
mod session_tests;
mod view;

pub use exit::exit_secret_matches;
pub use session::{Kiosk, KioskObserver, KioskOptions};
pub use view::{KioskDevice, KioskView, ScanNotice, KIOSK_EVENT};
