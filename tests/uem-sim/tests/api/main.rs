//! The simulator over real HTTPS, driven with reqwest (rustls, trusting the run's CA).

mod admin;
mod binary;
mod commands;
mod common;
mod devices;
mod faults;
mod history;
mod pki;
mod quota;
mod registrations;
mod switch;
mod token;
mod users;
