//! The hand-off: the flow that takes a person from the sign-in dialog to a Mac that is theirs
//! ([`flow`]), which Keychain items to write for them ([`items`]), and staying quiet at later
//! logins ([`at_login`]).

pub mod at_login;
pub mod flow;
pub mod items;
pub mod save;
