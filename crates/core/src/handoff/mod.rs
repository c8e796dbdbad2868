//! The hand-off: the flow that takes a person from the sign-in dialog to a Mac that is theirs
//! ([`flow`]), and which Keychain items to write for them ([`items`]).

pub mod flow;
pub mod items;
