//! Technician mode: IT signs in as themselves (a directory bind; members of `TechnicianGroups`
//! only), looks a device up with its history, finds the person, confirms, and assigns, returns
//! to staging or pre-registers, every action audited with their name. The same use cases
//! ([`crate::ops::Authority`]) over both implementations: direct, or the relay with the
//! technician's own session.
//!
//! | module | what |
//! |---|---|
//! | `desk` | [`Gate`] (sign-in) and [`Desk`] (a signed-in technician's use cases), direct and relay |
//! | `session` | [`TechnicianSession`]: the window's state machine, idle expiry |
//! | `view` | [`TechnicianView`] and the types it shows (exported to the UI) |
//! | `error` | [`TechnicianError`] |

mod desk;
mod error;
mod session;
pub mod view;

pub use desk::{gate, AnyGate, Desk, DirectDesk, DirectGate, Gate, Lookup, RelayGate};
pub use error::TechnicianError;
pub use session::{Clock, Observer, SessionOptions, SystemClock, TechnicianSession};
pub use view::{
    DeviceCard, PendingAction, PersonFound, RegistrationView, SearchPurpose, TechnicianView,
};

#[cfg(test)]
mod tests;
