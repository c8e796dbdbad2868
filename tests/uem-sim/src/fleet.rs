//! A large tenant for load runs (the relay benchmark's "fleet morning"): the demo tenant plus
//! `n` staged Macs and `n` directory users, Mac `i` meant for user `i`.
//!
//! ```
//! let seed = uem_sim::fleet::seed(3);
//! assert_eq!(uem_sim::fleet::serial(2), "FLT000000002");
//! assert!(seed.devices.iter().any(|d| d.serial_number == "FLT000000002"));
//! ```

use crate::ldap::seed::{AccountState, DirectoryUser};
use crate::seed::{SecurityType, Seed, User};

/// Serial of fleet Mac `i` (0-based): 12 characters, like Apple's.
pub fn serial(i: usize) -> String {
    format!("FLT{i:09}")
}

/// Username of fleet user `i` (a UEM directory user and an LDAP account).
pub fn username(i: usize) -> String {
    format!("fleet{i:05}")
}

/// The directory password of fleet user `i`.
pub fn password(i: usize) -> String {
    format!("Fleet-Pass-{i}")
}

/// [`Seed::demo`] plus `n` Macs enrolled to the staging user and `n` directory users with
/// passwords. The demo's own users and devices are unchanged.
pub fn seed(n: usize) -> Seed {
    let mut seed = Seed::demo();
    let staged = seed
        .devices
        .iter()
        .find(|d| d.user.as_deref() == Some("staging"))
        .cloned()
        .expect("the demo tenant has a staged Mac");
    for i in 0..n {
        let id = 100_000 + i as i64;
        let name = username(i);
        seed.users.push(User {
            id,
            uuid: String::new(),
            username: name.clone(),
            first_name: "Fleet".into(),
            last_name: format!("User {i}"),
            email: format!("{name}@example.test"),
            security_type: SecurityType::Directory,
            active: true,
            staging: None,
            external_id: None,
        });
        seed.directory.users.push(DirectoryUser {
            username: name,
            password: password(i),
            state: AccountState::Active,
            first_name: None,
            last_name: None,
            email: None,
            description: None,
        });
        let mut device = staged.clone();
        device.id = 500_000 + i as i64;
        device.uuid = String::new();
        device.udid = format!("F1EE7{i:027X}");
        device.serial_number = serial(i);
        device.asset_number = format!("F-{i:05}");
        device.friendly_name = format!("staging MacBook Pro {}", serial(i));
        device.mac_address = None;
        device.notes.clear();
        device.event_log.clear();
        seed.devices.push(device);
    }
    seed.fill_defaults();
    seed.validate().expect("the fleet seed is valid");
    seed
}

#[cfg(test)]
mod tests {
    #[test]
    fn n_staged_macs_for_n_directory_users() {
        let seed = super::seed(50);
        let staged = seed
            .devices
            .iter()
            .filter(|d| d.serial_number.starts_with("FLT") && d.user.as_deref() == Some("staging"))
            .count();
        assert_eq!(staged, 50);
        let user = seed.directory.user(&super::username(49)).unwrap();
        assert_eq!(user.password, super::password(49));
        assert!(seed.users.iter().any(|u| u.username == super::username(0)));
    }
}
