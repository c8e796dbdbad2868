//! Baton's product logic. No Tauri types and no operating-system calls of its own: those live in
//! `baton-platform`, and the Tauri shell (`src-tauri`) only translates between IPC and this crate.
#![forbid(unsafe_code)]

pub mod checkout;
#[cfg(feature = "desktop")]
pub mod cli;
pub mod config;
pub mod deploy_kit;
pub mod directory;
pub mod doctor;
pub mod first_screen;
#[doc(hidden)]
pub mod fuzzing;
pub mod handoff;
pub mod ipc;
pub mod kiosk;
pub mod logging;
pub mod ops;
pub mod problem;
pub mod redact;
pub mod technician;
pub mod uem;
pub mod wiring;
