//! `assign --keychain`: after the switch, leave the verified password in the Keychain items the
//! configuration names and set NoMAD's `LastUser` (see `docs/keychain.md`).
//!
//! Runs only with a password the directory verified in this run, and only after UEM confirmed
//! that the device belongs to that person. A failure here is exit code 8 and never undoes the
//! switch.

use baton_platform::app_prefs::{console_user_preferences, Preferences};
use baton_platform::keychain::{handoff_store, SecretStore};
use secrecy::SecretString;
use serde::Serialize;

use super::Host;
use crate::config::Loaded;
use crate::handoff::items::{plan_items, Identity, KeychainError, RealmDefaults};
use crate::handoff::save::{save_sign_in, DoNotAsk, Partitions, Saved};
use crate::ops::Person;

/// One item written: never the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WrittenItem {
    pub service: String,
    pub account: String,
}

/// What the Keychain hand-off did, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct KeychainReport {
    pub items: Vec<WrittenItem>,
    /// NoMAD's `LastUser`, when it was set.
    pub last_user: Option<String>,
    pub partitions: Partitions,
}

impl KeychainReport {
    /// One line for a person.
    pub fn describe(&self) -> String {
        let mut text = if self.items.is_empty() {
            "No Keychain item is configured; nothing was saved.".to_owned()
        } else {
            let items: Vec<String> = self
                .items
                .iter()
                .map(|i| format!("{} ({})", i.service, i.account))
                .collect();
            format!(
                "The password was saved in the Keychain for {}.",
                items.join(", ")
            )
        };
        if let Some(user) = &self.last_user {
            text.push_str(&format!(" NoMAD's LastUser is {user}."));
        }
        if self.partitions == Partitions::NotAdded {
            text.push_str(
                " The partition IDs were not added because this Mac's password is not the directory password; NoMAD may ask once to use it.",
            );
        }
        text
    }
}

/// Plans the items for `verified` on the Mac `serial` and writes them with `password`.
pub(super) fn hand_off(
    loaded: &Loaded,
    host: &Host<'_>,
    verified: &Person,
    serial: &str,
    password: &SecretString,
) -> Result<KeychainReport, KeychainError> {
    let settings = &loaded.settings;
    let identity = Identity::from(verified).with_serial(serial);
    let plan = plan_items(
        &identity,
        &settings.keychain,
        &RealmDefaults::from(&settings.directory),
    )?;
    if let Some(kerberos) = &plan.kerberos {
        // The Kerberos SSO sign-in is Apple's dialog for the person at the console: the app
        // starts it, the headless CLI (often run by a technician, or as root) does not.
        tracing::info!(
            realm = %kerberos.realm,
            principal = %kerberos.principal,
            "KerberosSSOHandoff is on; the CLI leaves the Kerberos SSO sign-in to the app"
        );
    }
    let own_store;
    let store: &dyn SecretStore = match host.secret_store {
        Some(store) => store,
        None => {
            own_store = handoff_store();
            &*own_store
        }
    };
    let own_prefs;
    let prefs: &dyn Preferences = match host.preferences {
        Some(prefs) => prefs,
        None => {
            own_prefs = console_user_preferences();
            &*own_prefs
        }
    };
    // The headless CLI asks nobody for the Mac password: the partition IDs are added only when
    // the directory password also opens the login keychain (docs/keychain.md).
    let Some(Saved {
        report: written,
        partitions,
    }) = save_sign_in(store, prefs, &plan, password, &DoNotAsk)?
    else {
        unreachable!("DoNotAsk never goes away")
    };
    Ok(KeychainReport {
        items: written
            .written
            .into_iter()
            .map(|(service, account)| WrittenItem { service, account })
            .collect(),
        last_user: if written.last_user_set {
            plan.last_user
        } else {
            None
        },
        partitions,
    })
}
