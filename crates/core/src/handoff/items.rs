//! Which Keychain items the hand-off writes, and writing them.
//!
//! [`plan_items`] is pure: from the verified [`Identity`], the `Keychain*` settings and the
//! realm defaults it computes a [`Plan`] — the NoMAD item (`WriteNoMADKeychainItem`), every
//! `KeychainItems` template expanded, the NoMAD `LastUser` preference and, when
//! `KerberosSSOHandoff` is on, the Kerberos principal. A placeholder whose value is unknown for
//! this person is an error, never an empty string.
//!
//! Items that trust other applications also get the `KeychainPartitionTeamIDs` as partition
//! IDs; writing those needs the login-keychain (Mac) password, which [`Plan::wants_mac_password`]
//! says and the caller obtains.
//!
//! [`write_items`] writes a plan through a [`SecretStore`] and a [`Preferences`]. Each put
//! replaces the item with the same service and account, so writing the same hand-off twice
//! leaves exactly one item each. It runs only after the directory verified the password and UEM
//! confirmed the switch; its failure ([`KeychainError`], exit code 8) never undoes the switch.

use std::path::PathBuf;

use baton_platform::app_prefs::{Preferences, PreferencesError, NOMAD_DOMAIN, NOMAD_LAST_USER};
use baton_platform::keychain::{SecretStore, StoreError};
use secrecy::SecretString;

pub use baton_platform::keychain::ItemSpec;

use crate::config::templates::{KeychainItemTemplate, PLACEHOLDERS};
use crate::config::{DirectorySettings, KeychainSettings};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::redact;

/// NoMAD 1.x's item: service and label.
pub const NOMAD_SERVICE: &str = "NoMAD";
pub const NOMAD_LABEL: &str = "NoMAD";
/// The application NoMAD's item trusts.
pub const NOMAD_APP: &str = "/Applications/NoMAD.app";

/// Who the hand-off is for, as the directory verification established it. Optional values are
/// `None` when the directory did not say; templates that need them then fail to expand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The account's short name (`sAMAccountName` / `uid`), e.g. `jdoe`.
    pub short_name: String,
    /// The user principal name, e.g. `jdoe@example.com`.
    pub upn: Option<String>,
    /// The domain the person named or the directory reported (`example.com`, or `EXAMPLE`
    /// from `EXAMPLE\jdoe`).
    pub domain: Option<String>,
    /// The Kerberos realm the directory reported, if any.
    pub realm: Option<String>,
    pub email: Option<String>,
    pub full_name: Option<String>,
    /// This Mac's serial number.
    pub serial: Option<String>,
}

/// A typed username that cannot name an account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("The username is empty.")]
    Empty,
    #[error("The username {0:?} is not of the form jdoe, jdoe@example.com or EXAMPLE\\jdoe.")]
    Malformed(String),
}

impl Problem for IdentityError {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "SIGNIN-USERNAME",
            summary: "Baton does not recognise this username.",
            next_step: "Type your username as jdoe, jdoe@example.com or EXAMPLE\\jdoe.",
            exit: ExitCode::Usage,
        }
    }
}

fn non_empty(value: impl Into<String>) -> Option<String> {
    let value = value.into();
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl Identity {
    /// An identity that knows only its short name.
    pub fn new(short_name: impl Into<String>) -> Self {
        Identity {
            short_name: short_name.into().trim().to_owned(),
            upn: None,
            domain: None,
            realm: None,
            email: None,
            full_name: None,
            serial: None,
        }
    }

    /// From what a person typed: `jdoe`, `jdoe@example.com` (a UPN: short name `jdoe`, domain
    /// `example.com`) or `EXAMPLE\jdoe` (domain `EXAMPLE`).
    pub fn from_username(typed: &str) -> Result<Self, IdentityError> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(IdentityError::Empty);
        }
        let malformed = || IdentityError::Malformed(typed.to_owned());
        if typed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
        {
            return Err(malformed());
        }
        if let Some((domain, user)) = typed.split_once('\\') {
            if domain.is_empty() || user.is_empty() || user.contains(['\\', '@']) {
                return Err(malformed());
            }
            return Ok(Identity::new(user).with_domain(domain));
        }
        if let Some((user, suffix)) = typed.split_once('@') {
            if user.is_empty() || suffix.is_empty() || suffix.contains('@') {
                return Err(malformed());
            }
            return Ok(Identity::new(user).with_upn(typed).with_domain(suffix));
        }
        Ok(Identity::new(typed))
    }

    pub fn with_upn(mut self, upn: impl Into<String>) -> Self {
        self.upn = non_empty(upn);
        self
    }
    pub fn with_domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = non_empty(domain);
        self
    }
    pub fn with_realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = non_empty(realm);
        self
    }
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = non_empty(email);
        self
    }
    pub fn with_full_name(mut self, full_name: impl Into<String>) -> Self {
        self.full_name = non_empty(full_name);
        self
    }
    pub fn with_serial(mut self, serial: impl Into<String>) -> Self {
        self.serial = non_empty(serial);
        self
    }

    fn upn_suffix(&self) -> Option<&str> {
        self.upn
            .as_deref()
            .and_then(|upn| upn.rsplit_once('@'))
            .map(|(_, suffix)| suffix)
            .filter(|s| !s.is_empty())
    }
}

impl From<&crate::ops::Person> for Identity {
    /// What the directory vouched for: short name, UPN, domain, realm, email and display name
    /// as read from the person's own entry (by this Mac, or by the relay). The serial is added
    /// with [`Identity::with_serial`].
    fn from(verified: &crate::ops::Person) -> Self {
        let mut identity = Identity::new(verified.short_name.as_str());
        identity.upn = verified.upn.clone().and_then(non_empty);
        identity.domain = verified.domain.clone().and_then(non_empty);
        identity.realm = verified.realm.clone().and_then(non_empty);
        identity.email = verified.email.clone().and_then(non_empty);
        identity.full_name = verified.display_name.clone().and_then(non_empty);
        identity
    }
}

/// Where a realm comes from when the identity does not carry one: `KerberosRealm` and
/// `ADDomain`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RealmDefaults {
    pub kerberos_realm: Option<String>,
    pub ad_domain: Option<String>,
}

impl From<&DirectorySettings> for RealmDefaults {
    fn from(directory: &DirectorySettings) -> Self {
        RealmDefaults {
            kerberos_realm: directory.kerberos_realm.clone(),
            ad_domain: directory.ad_domain.clone(),
        }
    }
}

/// The Kerberos realm for `identity`, first found of:
/// 1. `KerberosRealm`, exactly as configured (realms are case-sensitive);
/// 2. `ADDomain` in upper case;
/// 3. the realm the directory reported, exactly;
/// 4. the UPN's suffix in upper case.
///
/// A NetBIOS domain (`EXAMPLE` from `EXAMPLE\jdoe`) is never taken for a realm.
pub fn resolve_realm(identity: &Identity, defaults: &RealmDefaults) -> Option<String> {
    configured(&defaults.kerberos_realm)
        .map(str::to_owned)
        .or_else(|| configured(&defaults.ad_domain).map(str::to_uppercase))
        .or_else(|| identity.realm.clone())
        .or_else(|| identity.upn_suffix().map(str::to_uppercase))
}

/// A configured value, unless blank.
fn configured(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The `<<domain>>` value: `ADDomain`, else the domain the person typed or the directory
/// reported, else the UPN's suffix.
fn resolve_domain(identity: &Identity, defaults: &RealmDefaults) -> Option<String> {
    configured(&defaults.ad_domain)
        .map(str::to_owned)
        .or_else(|| identity.domain.clone())
        .or_else(|| identity.upn_suffix().map(str::to_owned))
}

/// Starting Apple's Kerberos SSO extension sign-in (`app-sso -a <realm> -u <principal>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KerberosHandoff {
    pub realm: String,
    pub principal: String,
}

/// What the hand-off writes for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Items to write, NoMAD's first; never two with the same service and account.
    pub items: Vec<ItemSpec>,
    /// NoMAD's `LastUser` (the short name) when the NoMAD item is written.
    pub last_user: Option<String>,
    /// When `KerberosSSOHandoff` is on.
    pub kerberos: Option<KerberosHandoff>,
}

impl Plan {
    /// Whether some item asks for partition IDs, which only the login-keychain (Mac) password
    /// can add.
    pub fn wants_mac_password(&self) -> bool {
        self.items.iter().any(|item| !item.partition_ids.is_empty())
    }
}

/// The items cannot be planned for this person with this configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("The short name is empty.")]
    NoShortName,
    #[error("No Kerberos realm is known for {needed_for}: set KerberosRealm or ADDomain.")]
    NoRealm { needed_for: &'static str },
    #[error(
        "The template {template:?} needs <<{placeholder}>>, which is not known for this user."
    )]
    MissingValue {
        placeholder: &'static str,
        template: String,
    },
    #[error("The template {template:?} is invalid: {reason}.")]
    BadTemplate { template: String, reason: String },
}

/// The values placeholders expand to for one person (`None` = unknown).
struct Values<'a> {
    identity: &'a Identity,
    realm: Option<String>,
    domain: Option<String>,
}

impl Values<'_> {
    fn get(&self, placeholder: &str) -> Option<&str> {
        let id = self.identity;
        match placeholder {
            "shortname" => Some(id.short_name.as_str()),
            "upn" => id.upn.as_deref(),
            "domain" => self.domain.as_deref(),
            "realm" => self.realm.as_deref(),
            "email" => id.email.as_deref(),
            "fullname" => id.full_name.as_deref(),
            "serial" => id.serial.as_deref(),
            _ => None,
        }
    }

    /// `template` with every `<<name>>` replaced by its value.
    fn expand(&self, template: &str) -> Result<String, PlanError> {
        let bad = |reason: String| PlanError::BadTemplate {
            template: template.to_owned(),
            reason,
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find("<<") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find(">>").ok_or_else(|| {
                bad("a placeholder opened with << is never closed with >>".into())
            })?;
            let name = &after[..end];
            let placeholder = PLACEHOLDERS
                .iter()
                .copied()
                .find(|p| *p == name)
                .ok_or_else(|| bad(format!("<<{name}>> is not a known placeholder")))?;
            let value = self
                .get(placeholder)
                .ok_or_else(|| PlanError::MissingValue {
                    placeholder,
                    template: template.to_owned(),
                })?;
            out.push_str(value);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        if out.trim().is_empty() {
            return Err(bad("it expands to nothing".into()));
        }
        Ok(out)
    }

    fn item(&self, template: &KeychainItemTemplate) -> Result<ItemSpec, PlanError> {
        let service = self.expand(&template.service)?;
        let account = self.expand(&template.account)?;
        let label = match &template.label {
            Some(label) => self.expand(label)?,
            None => service.clone(),
        };
        Ok(ItemSpec {
            service,
            account,
            label,
            trusted_applications: template
                .trusted_applications
                .iter()
                .map(PathBuf::from)
                .collect(),
            partition_ids: Vec::new(),
        })
    }
}

/// The items, preference and Kerberos hand-off for `identity` under these settings.
pub fn plan_items(
    identity: &Identity,
    keychain: &KeychainSettings,
    defaults: &RealmDefaults,
) -> Result<Plan, PlanError> {
    if identity.short_name.trim().is_empty() {
        return Err(PlanError::NoShortName);
    }
    let realm = resolve_realm(identity, defaults);
    let values = Values {
        identity,
        realm: realm.clone(),
        domain: resolve_domain(identity, defaults),
    };
    let principal = |needed_for| {
        realm
            .as_deref()
            .map(|realm| format!("{}@{realm}", identity.short_name))
            .ok_or(PlanError::NoRealm { needed_for })
    };

    let mut items: Vec<ItemSpec> = Vec::new();
    if keychain.write_nomad_item {
        items.push(
            ItemSpec::new(NOMAD_SERVICE, principal("the NoMAD Keychain item")?)
                .with_label(NOMAD_LABEL)
                .trusting(NOMAD_APP),
        );
    }
    for template in &keychain.items {
        let item = values.item(template)?;
        match items
            .iter_mut()
            .find(|i| i.service == item.service && i.account == item.account)
        {
            // Same item twice: write it once, trusting every application either names.
            Some(existing) => {
                for app in item.trusted_applications {
                    if !existing.trusted_applications.contains(&app) {
                        existing.trusted_applications.push(app);
                    }
                }
            }
            None => items.push(item),
        }
    }
    // The partition list matters only to the applications an item trusts.
    for item in &mut items {
        if !item.trusted_applications.is_empty() {
            item.partition_ids = keychain.partition_team_ids.clone();
        }
    }
    let kerberos = if keychain.kerberos_sso_handoff {
        Some(KerberosHandoff {
            principal: principal("the Kerberos SSO hand-off")?,
            realm: realm.clone().unwrap_or_default(),
        })
    } else {
        None
    };
    Ok(Plan {
        items,
        last_user: keychain
            .write_nomad_item
            .then(|| identity.short_name.clone()),
        kerberos,
    })
}

/// What [`write_items`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteReport {
    /// `(service, account)` of every item written.
    pub written: Vec<(String, String)>,
    /// Whether NoMAD's `LastUser` was set.
    pub last_user_set: bool,
}

/// The Keychain hand-off failed. The switch in UEM has happened and stays; this is reported
/// (exit code 8, a clear screen in the app) and the person can carry on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("The Keychain items could not be planned: {0}")]
    Plan(#[from] PlanError),
    #[error("The Keychain item {service}/{account} could not be written ({failed} of {total} items failed): {source}")]
    Store {
        service: String,
        account: String,
        source: StoreError,
        failed: usize,
        total: usize,
    },
    #[error("NoMAD's LastUser preference could not be set: {0}")]
    Preferences(PreferencesError),
}

impl Problem for KeychainError {
    fn user_facing(&self) -> UserFacing {
        let (code, summary, next_step) = match self {
            KeychainError::Plan(_) => (
                "KEYCHAIN-PLAN",
                "Your Mac is set up for you, but your password could not be saved for your apps because Baton is missing details about your account.",
                "Sign in to those apps with your password once, and give IT this support code so they can fix Baton's settings.",
            ),
            KeychainError::Store { source: StoreError::Locked { .. }, .. } => (
                "KEYCHAIN-LOCKED",
                "Your Mac is set up for you, but your password could not be saved because your Keychain is locked.",
                "Sign in to NoMAD (or the app that asks) with your password once; contact IT with this support code if it keeps asking.",
            ),
            KeychainError::Store { source: StoreError::KeychainPasswordRejected { .. }, .. } => (
                "KEYCHAIN-MAC-PASSWORD",
                "Your Mac is set up for you, but your password could not be saved for your apps because this Mac's password was not accepted.",
                "Sign in to NoMAD (or the app that asks) with your password once; contact IT with this support code if it keeps asking.",
            ),
            KeychainError::Store { source: StoreError::NoStore { .. }, .. } => (
                "KEYCHAIN-UNAVAILABLE",
                "Your Mac is set up for you, but your password could not be saved because your Keychain could not be opened.",
                "Sign in to NoMAD (or the app that asks) with your password once; contact IT with this support code if it keeps asking.",
            ),
            KeychainError::Store { service, .. } if service == NOMAD_SERVICE => (
                "KEYCHAIN-NOMAD",
                "Your Mac is set up for you, but your password could not be saved for NoMAD.",
                "Sign in to NoMAD with your password once; it will remember it.",
            ),
            KeychainError::Store { .. } => (
                "KEYCHAIN-ITEM",
                "Your Mac is set up for you, but your password could not be saved for one of your apps.",
                "Sign in to that app with your password once; contact IT with this support code if it keeps asking.",
            ),
            KeychainError::Preferences(_) => (
                "KEYCHAIN-PREFS",
                "Your Mac is set up for you, but NoMAD could not be told your username.",
                "Type your username in NoMAD the first time it asks.",
            ),
        };
        UserFacing {
            code,
            summary,
            next_step,
            exit: ExitCode::KeychainFailed,
        }
    }
}

impl KeychainError {
    /// The login-keychain (Mac) password given for the partition lists was wrong.
    pub fn is_mac_password_rejected(&self) -> bool {
        matches!(
            self,
            KeychainError::Store {
                source: StoreError::KeychainPasswordRejected { .. },
                ..
            }
        )
    }
}

/// Writes every item of `plan` with `password` (each put replaces the item with the same
/// service and account), then NoMAD's `LastUser`. Items with partition IDs get them when
/// `mac_password` (the login-keychain password) is given, and are written without them
/// otherwise. Every item is attempted even when one fails; the first failure is returned. Both
/// passwords are scrubbed from logs while this runs and are never part of the error.
pub fn write_items<S, P>(
    store: &S,
    prefs: &P,
    plan: &Plan,
    password: &SecretString,
    mac_password: Option<&SecretString>,
) -> Result<WriteReport, KeychainError>
where
    S: SecretStore + ?Sized,
    P: Preferences + ?Sized,
{
    let _scrub = redact::register(password);
    let _scrub_mac = mac_password.map(redact::register);
    let mut report = WriteReport::default();
    let mut first_failure: Option<(ItemSpec, StoreError)> = None;
    let mut failed = 0;
    for item in &plan.items {
        let written = match mac_password {
            Some(mac_password) if !item.partition_ids.is_empty() => {
                store.put_in_partitions(item, password, mac_password)
            }
            _ => store.put(item, password),
        };
        match written {
            Ok(()) => {
                tracing::info!(
                    service = %item.service,
                    account = %item.account,
                    backend = store.backend(),
                    partitions = ?(mac_password.is_some() && store.keeps_partitions()).then_some(&item.partition_ids),
                    "Keychain item written"
                );
                report
                    .written
                    .push((item.service.clone(), item.account.clone()));
            }
            Err(error) => {
                let error = match mac_password {
                    Some(mac_password) => error.without(password).without(mac_password),
                    None => error.without(password),
                };
                tracing::warn!(
                    service = %item.service,
                    account = %item.account,
                    backend = store.backend(),
                    %error,
                    "Keychain item not written"
                );
                failed += 1;
                first_failure.get_or_insert((item.clone(), error));
            }
        }
    }
    let mut prefs_failure = None;
    if let Some(short_name) = &plan.last_user {
        match prefs.set_string(NOMAD_DOMAIN, NOMAD_LAST_USER, short_name) {
            Ok(()) => {
                tracing::info!(domain = NOMAD_DOMAIN, last_user = %short_name, "NoMAD LastUser set");
                report.last_user_set = true;
            }
            Err(error) => {
                tracing::warn!(domain = NOMAD_DOMAIN, %error, "NoMAD LastUser not set");
                prefs_failure = Some(error);
            }
        }
    }
    if let Some((item, source)) = first_failure {
        return Err(KeychainError::Store {
            service: item.service,
            account: item.account,
            source,
            failed,
            total: plan.items.len(),
        });
    }
    if let Some(error) = prefs_failure {
        return Err(KeychainError::Preferences(error));
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
