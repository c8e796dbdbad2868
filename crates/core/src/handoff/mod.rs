//! The hand-off: which Keychain items to write for the verified person, and writing them.
//! (The flow itself — verify, switch, hand the credentials on, confirm — comes later.)

pub mod items;
