//! Baton's product logic. No Tauri types and no operating-system calls of its own: those live in
//! `baton-platform`, and the Tauri shell (`src-tauri`) only translates between IPC and this crate.
#![forbid(unsafe_code)]

pub mod directory;
pub mod problem;
