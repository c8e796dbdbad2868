//! [`OpsError`]: why a use case did not happen, whichever [`super::Authority`] ran it.

use std::time::Duration;

use crate::checkout::CheckoutError;
use crate::directory::DirectoryError;
use crate::problem::{Problem, UserFacing};
use crate::uem::{TransportKind, UemError};

use super::relay_client::RelayError;

/// Why a use case did not happen. The same variants come back from [`super::Direct`] and, rebuilt
/// from the relay's support code, from [`super::RelayClient`], so every screen behaves alike.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// The directory did not verify the person (or could not be asked).
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// UEM refused, could not be reached, or the device may not be handed over.
    #[error(transparent)]
    Checkout(#[from] CheckoutError),
    /// The relay could not be asked, or refused for a reason of its own.
    #[error(transparent)]
    Relay(#[from] RelayError),
}

impl From<UemError> for OpsError {
    fn from(error: UemError) -> Self {
        OpsError::Checkout(CheckoutError::Uem(error))
    }
}

impl Problem for OpsError {
    fn user_facing(&self) -> UserFacing {
        match self {
            OpsError::Directory(e) => e.user_facing(),
            OpsError::Checkout(e) => e.user_facing(),
            OpsError::Relay(e) => e.user_facing(),
        }
    }
}

impl OpsError {
    /// The refusal belongs on the sign-in screen, next to the fields (wrong password, locked
    /// account, throttled, empty or malformed username), not on a problem screen.
    pub fn belongs_to_sign_in(&self) -> bool {
        match self {
            OpsError::Directory(e) => {
                e.is_credential_rejection()
                    || matches!(
                        e,
                        DirectoryError::Throttled { .. }
                            | DirectoryError::EmptyPassword
                            | DirectoryError::InvalidUsername { .. }
                    )
            }
            _ => false,
        }
    }

    /// How long until another attempt is allowed, when throttled.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            OpsError::Directory(DirectoryError::Throttled { retry_after }) => Some(*retry_after),
            _ => None,
        }
    }

    /// UEM (or the relay) cannot be reached right now; the same request may work in a moment.
    /// A TLS failure is not offline: it will not heal by waiting.
    pub fn is_offline(&self) -> bool {
        match self {
            OpsError::Checkout(CheckoutError::Uem(error)) => uem_offline(error),
            OpsError::Relay(error) => error.is_offline(),
            _ => false,
        }
    }

    /// Names `serial` in a refusal that came without it (a relay's problem names no serial;
    /// the log line should).
    pub fn for_serial(self, serial: &str) -> Self {
        let fill = |own: String| {
            if own.is_empty() {
                serial.to_owned()
            } else {
                own
            }
        };
        match self {
            OpsError::Checkout(CheckoutError::NotEnrolled { serial: s, status }) => {
                CheckoutError::NotEnrolled {
                    serial: fill(s),
                    status,
                }
                .into()
            }
            OpsError::Checkout(CheckoutError::NotStaged { serial: s, owner }) => {
                CheckoutError::NotStaged {
                    serial: fill(s),
                    owner,
                }
                .into()
            }
            OpsError::Checkout(CheckoutError::NotConfirmed { serial: s, owner }) => {
                CheckoutError::NotConfirmed {
                    serial: fill(s),
                    owner,
                }
                .into()
            }
            other => other,
        }
    }

    /// The device is someone else's: trying again cannot help.
    pub fn is_not_staged(&self) -> bool {
        matches!(self, OpsError::Checkout(CheckoutError::NotStaged { .. }))
    }
}

/// UEM is down, slow or over quota, as opposed to refusing.
pub(crate) fn uem_offline(error: &UemError) -> bool {
    match error {
        UemError::Transport { kind, .. } => *kind != TransportKind::Tls,
        UemError::Server { .. } | UemError::RateLimited { .. } => true,
        _ => false,
    }
}
