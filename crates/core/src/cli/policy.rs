//! Who may run what on this Mac (PRODUCT.md, CLI contract; security-review F2, F16).
//!
//! The CLI is the app binary, and any local account can run it. On a self-service Mac it may hand
//! over only *this* Mac, and only with the person's own password; every other assignment needs
//! `--technician` or — in direct mode on an IT-owned Mac — the managed-only key
//! `AllowUnverifiedCLI`. `--keychain` saves a password only into the keychain of the person
//! signed in at this Mac, for this Mac. Decided before any request, and before the password is
//! read.

use baton_platform::device::DeviceIdentity;

use crate::config::Settings;
use crate::problem::{ExitCode, Problem, UserFacing};

/// What the command wants to do, as far as the policy cares.
#[derive(Debug, Clone, Copy)]
pub(super) enum Wish<'a> {
    /// `assign`: with the person's password or not, with `--keychain` or not.
    Assign {
        serial: &'a str,
        verified: bool,
        keychain: bool,
    },
    /// `batch`: many serials, no passwords.
    Batch,
}

/// What the policy knows about this machine.
pub(super) struct Facts<'a> {
    /// This Mac's identity, or why it could not be read.
    pub this_mac: Result<&'a DeviceIdentity, String>,
    /// Whether the process runs as the person signed in at the console (`None`: unknown).
    pub console_user: Option<bool>,
}

/// Why the CLI refuses.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(super) enum Refusal {
    #[error("assign without --password-stdin (or batch) needs AllowUnverifiedCLI in managed preferences and direct mode")]
    Unverified,
    #[error("--serial {asked} is not this Mac ({this_mac})")]
    NotThisMac { asked: String, this_mac: String },
    #[error("this Mac's serial number could not be read: {0}")]
    ThisMacUnknown(String),
    #[error("--keychain needs this Mac's serial and the console user running baton")]
    KeychainOfAnotherAccount,
}

impl Problem for Refusal {
    fn user_facing(&self) -> UserFacing {
        match self {
            Refusal::Unverified => UserFacing {
                code: "CLI-UNVERIFIED",
                summary: "On this Mac, the command line assigns a Mac only with the person's own password.",
                next_step: "Pipe the person's password into baton with --password-stdin for this Mac's serial number, or use --technician. An IT-owned Mac in direct mode can allow it with the managed key AllowUnverifiedCLI.",
                exit: ExitCode::NotAuthorised,
            },
            Refusal::NotThisMac { .. } | Refusal::ThisMacUnknown(_) => UserFacing {
                code: "CLI-NOT-THIS-MAC",
                summary: "On this Mac, the command line may hand over only this Mac.",
                next_step: "Give this Mac's serial number with --serial (baton status shows it), or use --technician to hand over another Mac.",
                exit: ExitCode::NotAuthorised,
            },
            Refusal::KeychainOfAnotherAccount => UserFacing {
                code: "CLI-KEYCHAIN-NOT-CONSOLE",
                summary: "--keychain saves the password only for the person signed in at this Mac, for this Mac.",
                next_step: "Run baton as the user signed in at this Mac, with this Mac's serial number, or leave out --keychain.",
                exit: ExitCode::NotAuthorised,
            },
        }
    }
}

/// Serial numbers as people type them: case and surrounding space do not matter.
fn same_serial(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Decides. `Ok(())`: the command may run.
pub(super) fn check(wish: Wish<'_>, settings: &Settings, facts: &Facts<'_>) -> Result<(), Refusal> {
    // Only a Mac that holds the UEM credential itself can be IT-owned in this sense; through a
    // relay the relay decides, and a device certificate never assigns without a password.
    let it_owned = settings.allow_unverified_cli && settings.relay.is_none();
    let this_mac = || -> Result<&DeviceIdentity, Refusal> {
        facts
            .this_mac
            .as_ref()
            .map(|identity| *identity)
            .map_err(|reason| Refusal::ThisMacUnknown(reason.clone()))
    };
    match wish {
        Wish::Batch => it_owned.then_some(()).ok_or(Refusal::Unverified),
        Wish::Assign {
            serial,
            verified,
            keychain,
        } => {
            if keychain {
                // Whoever runs the CLI gets the password in their keychain: only the person at
                // this Mac, for this Mac, ever.
                let mac = this_mac().map_err(|_| Refusal::KeychainOfAnotherAccount)?;
                if !same_serial(serial, &mac.serial) || facts.console_user != Some(true) {
                    return Err(Refusal::KeychainOfAnotherAccount);
                }
            }
            if it_owned {
                return Ok(());
            }
            if !verified {
                return Err(Refusal::Unverified);
            }
            let mac = this_mac()?;
            if same_serial(serial, &mac.serial) {
                Ok(())
            } else {
                Err(Refusal::NotThisMac {
                    asked: serial.trim().to_owned(),
                    this_mac: mac.serial.clone(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(allow_unverified: bool, relay: bool) -> Settings {
        let mut dict = plist::Dictionary::new();
        if relay {
            for (k, v) in [
                ("RelayURL", "https://relay.example.test"),
                ("RelayClientCertificateFile", "/etc/baton/device.pem"),
                ("RelayClientKeyFile", "/etc/baton/device-key.pem"),
            ] {
                dict.insert(k.into(), plist::Value::String(v.into()));
            }
        } else {
            for (k, v) in [
                ("UEMAPIURL", "https://uem.example.test"),
                (
                    "UEMOAuthTokenURL",
                    "https://auth.example.test/connect/token",
                ),
                ("UEMOAuthClientID", "baton"),
                ("UEMOAuthClientSecret", "secret"),
                ("LDAPURL", "ldaps://ldap.example.test"),
                (
                    "LDAPBindTemplate",
                    "uid={username},ou=people,dc=example,dc=test",
                ),
            ] {
                dict.insert(k.into(), plist::Value::String(v.into()));
            }
            dict.insert(
                "StagingUsernames".into(),
                plist::Value::Array(vec![plist::Value::String("staging".into())]),
            );
        }
        dict.insert(
            "AllowUnverifiedCLI".into(),
            plist::Value::Boolean(allow_unverified),
        );
        crate::config::load_from(&crate::config::Sources {
            managed: Some(dict),
            file: None,
            user: None,
        })
        .unwrap()
        .settings
    }

    fn mac() -> DeviceIdentity {
        DeviceIdentity {
            serial: "C02THISMAC01".into(),
            hardware_uuid: None,
        }
    }

    fn assign(serial: &str, verified: bool, keychain: bool) -> Wish<'_> {
        Wish::Assign {
            serial,
            verified,
            keychain,
        }
    }

    #[test]
    fn a_self_service_mac_hands_over_only_itself_and_only_with_a_password() {
        let s = settings(false, false);
        let mac = mac();
        let facts = Facts {
            this_mac: Ok(&mac),
            console_user: Some(true),
        };
        assert_eq!(
            check(assign(" c02thismac01 ", true, false), &s, &facts),
            Ok(())
        );
        assert_eq!(
            check(assign("C02THISMAC01", true, true), &s, &facts),
            Ok(())
        );
        assert_eq!(
            check(assign("C02THISMAC01", false, false), &s, &facts),
            Err(Refusal::Unverified)
        );
        assert!(matches!(
            check(assign("C02OTHERMAC9", true, false), &s, &facts),
            Err(Refusal::NotThisMac { .. })
        ));
        assert_eq!(check(Wish::Batch, &s, &facts), Err(Refusal::Unverified));
        // Not knowing this Mac's serial refuses rather than trusting the one given.
        let unknown = Facts {
            this_mac: Err("not a Mac".into()),
            console_user: Some(true),
        };
        assert!(matches!(
            check(assign("C02THISMAC01", true, false), &s, &unknown),
            Err(Refusal::ThisMacUnknown(_))
        ));
        for refusal in [
            Refusal::Unverified,
            Refusal::ThisMacUnknown(String::new()),
            Refusal::KeychainOfAnotherAccount,
        ] {
            assert_eq!(refusal.user_facing().exit, ExitCode::NotAuthorised);
        }
    }

    #[test]
    fn allow_unverified_cli_opens_everything_but_only_in_direct_mode() {
        let mac = mac();
        let facts = Facts {
            this_mac: Ok(&mac),
            console_user: Some(true),
        };
        let it = settings(true, false);
        assert_eq!(
            check(assign("C02OTHERMAC9", false, false), &it, &facts),
            Ok(())
        );
        assert_eq!(check(Wish::Batch, &it, &facts), Ok(()));
        let relay = settings(true, true);
        assert_eq!(check(Wish::Batch, &relay, &facts), Err(Refusal::Unverified));
        assert!(matches!(
            check(assign("C02OTHERMAC9", true, false), &relay, &facts),
            Err(Refusal::NotThisMac { .. })
        ));
    }

    #[test]
    fn keychain_only_for_the_console_user_and_this_mac_even_on_an_it_owned_mac() {
        let mac = mac();
        let it = settings(true, false);
        let not_console = Facts {
            this_mac: Ok(&mac),
            console_user: Some(false),
        };
        assert_eq!(
            check(assign("C02THISMAC01", true, true), &it, &not_console),
            Err(Refusal::KeychainOfAnotherAccount)
        );
        let unknown = Facts {
            this_mac: Ok(&mac),
            console_user: None,
        };
        assert_eq!(
            check(assign("C02THISMAC01", true, true), &it, &unknown),
            Err(Refusal::KeychainOfAnotherAccount)
        );
        let console = Facts {
            this_mac: Ok(&mac),
            console_user: Some(true),
        };
        assert_eq!(
            check(assign("C02OTHERMAC9", true, true), &it, &console),
            Err(Refusal::KeychainOfAnotherAccount)
        );
    }
}
