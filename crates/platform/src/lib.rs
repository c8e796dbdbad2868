//! Every line of Baton that touches the operating system. macOS-only code sits behind
//! `#[cfg(target_os = "macos")]` and is type-checked in CI with
//! `cargo check --target aarch64-apple-darwin -p baton-platform`.

pub mod account;
pub mod app_prefs;
pub mod console;
pub mod device;
pub mod fs;
pub mod keychain;
pub mod locale;
pub mod lockdown;
pub mod paths;
pub mod prefs;
pub mod system_log;
