//! The typed settings the rest of Baton uses, built from the merged table values, with the
//! checks that span several keys.

use secrecy::SecretString;
use url::Url;

use super::localized::Localized;
use super::merge::{Issue, Merged};
use super::templates::KeychainItemTemplate;
use super::value::Parsed;

/// Who is in front of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Mode {
    SelfService,
    Technician,
    Kiosk,
}

impl Mode {
    /// The configuration value of a mode this version of the app cannot run yet (`technician`);
    /// `None` for self-service and kiosk. The app refuses these rather than running the
    /// self-service hand-off, which on a pickup-desk kiosk would hand over the kiosk itself.
    pub fn unavailable(self) -> Option<&'static str> {
        match self {
            Mode::SelfService | Mode::Technician | Mode::Kiosk => None,
        }
    }
}

/// How Baton authenticates to the UEM API.
#[derive(Debug, Clone)]
pub enum UemAuthSettings {
    OAuth {
        token_url: Url,
        client_id: String,
        client_secret: SecretString,
        /// Send the client credentials as HTTP Basic instead of form fields.
        basic_client_auth: bool,
    },
    Basic {
        username: String,
        password: SecretString,
    },
}

#[derive(Debug, Clone)]
pub struct UemSettings {
    pub api_url: Url,
    pub auth: UemAuthSettings,
    pub tenant_code: Option<SecretString>,
    pub staging_usernames: Vec<String>,
    pub create_missing_users: bool,
    /// `CreateMissingUsersGroup`.
    pub create_users_group: Option<String>,
    /// `CreateMissingUsersLocationGroupId`.
    pub create_users_location_group_id: Option<String>,
    pub sync_after_switch: bool,
    /// `WriteDeviceNote`.
    pub write_device_note: bool,
    /// `UEMRetrySeconds`: the retry budget of UEM reads.
    pub retry_budget: std::time::Duration,
}

#[derive(Debug, Clone)]
pub struct LdapSettings {
    pub url: Url,
    pub bind_template: String,
    pub base_dn: Option<String>,
    pub user_filter: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DirectorySettings {
    /// `None` when `DirectoryType` is `none`.
    pub ldap: Option<LdapSettings>,
    pub ad_domain: Option<String>,
    /// `KerberosRealm`, else `ADDomain` in upper case.
    pub kerberos_realm: Option<String>,
    /// `ADNetBIOSDomain`.
    pub netbios_domain: Option<String>,
    /// `LDAPTrustedCACertificates`, then the deprecated `TrustedCACertificates`.
    pub trusted_ca_certificates: Vec<String>,
    /// `LDAPUsePlatformRoots`.
    pub use_platform_roots: bool,
}

#[derive(Debug, Clone)]
pub struct KeychainSettings {
    pub write_nomad_item: bool,
    pub items: Vec<KeychainItemTemplate>,
    pub partition_team_ids: Vec<String>,
    pub kerberos_sso_handoff: bool,
}

#[derive(Debug, Clone)]
pub struct Branding {
    pub title: Localized,
    pub message: Localized,
    pub username_label: Option<Localized>,
    pub logo_path: Option<String>,
    pub accent_color: Option<String>,
    pub help_url: Option<Url>,
}

#[derive(Debug, Clone)]
pub struct Throttle {
    pub max_attempts: u32,
    pub lockout_seconds: u64,
    /// `DirectoryObservationSeconds`: the first wait is never shorter.
    pub observation_seconds: u64,
}

/// How this Mac reaches a Baton relay instead of holding a UEM credential (`RelayURL`).
#[derive(Debug, Clone)]
pub struct RelaySettings {
    pub url: Url,
    /// `RelayCACertificates`.
    pub ca_certificates: Vec<String>,
    /// This Mac's client identity. Required in self-service and kiosk mode; a technician on
    /// an IT Mac without a device certificate signs in to the relay with their own password
    /// and may have none.
    pub identity: Option<RelayIdentity>,
}

/// Where this Mac's relay client identity comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayIdentity {
    /// `RelayClientCertificateFile` + `RelayClientKeyFile` (PEM).
    Files {
        certificate: std::path::PathBuf,
        key: std::path::PathBuf,
    },
    /// `RelayClientIdentityIssuer`: the keychain identity issued by this CA (macOS).
    Keychain { issuer: String },
}

/// Technician mode: who may sign in, for how long, and whom the search lists.
#[derive(Debug, Clone, Default)]
pub struct TechnicianSettings {
    /// `TechnicianGroups`: group DNs whose members are technicians.
    pub groups: Vec<String>,
    /// `SessionSeconds`: idle seconds before the technician is signed out.
    pub session_seconds: u64,
    /// `AllowBasicUsers`: the search lists UEM basic users too.
    pub allow_basic_users: bool,
}

/// The UEM credential keys: none of them may be on a Mac that talks to a relay.
pub const UEM_CREDENTIAL_KEYS: &[&str] = &[
    "UEMOAuthClientID",
    "UEMOAuthClientSecret",
    "UEMUsername",
    "UEMPassword",
    "UEMTenantCode",
];

/// Baton's validated configuration. `Debug` never shows a secret (they are `SecretString`).
#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    /// The UEM credential and hand-off rules: set in direct mode, `None` with `RelayURL`.
    pub uem: Option<UemSettings>,
    /// `RelayURL` and the client identity: set in relay mode, `None` in direct mode.
    pub relay: Option<RelaySettings>,
    pub directory: DirectorySettings,
    /// The roots trusted for UEM: `UEMTrustedCACertificates`, then the deprecated
    /// `TrustedCACertificates`. Never `LDAPTrustedCACertificates`.
    pub trusted_ca_certificates: Vec<String>,
    pub keychain: KeychainSettings,
    pub branding: Branding,
    pub throttle: Throttle,
    pub kiosk_reset_seconds: u64,
    /// `TechnicianGroups`, `SessionSeconds`, `AllowBasicUsers`.
    pub technician: TechnicianSettings,
    pub full_screen: bool,
    /// `AllowIdentityOverride` (managed preferences only).
    pub allow_identity_override: bool,
    /// `AllowUnverifiedCLI` (managed preferences only): the CLI may assign without a password.
    pub allow_unverified_cli: bool,
    /// `UEMUseSystemProxy` (managed preferences only): UEM and relay traffic honour the proxy
    /// variables; otherwise they are ignored.
    pub use_system_proxy: bool,
    /// `KioskExitSecretSHA256`, lower-case hex without separators.
    pub kiosk_exit_secret_sha256: Option<String>,
}

impl Settings {
    /// Every secret in the configuration, so logging can scrub them.
    pub fn secrets(&self) -> Vec<&SecretString> {
        let Some(uem) = &self.uem else {
            return Vec::new();
        };
        let mut secrets: Vec<&SecretString> = uem.tenant_code.iter().collect();
        match &uem.auth {
            UemAuthSettings::OAuth { client_secret, .. } => secrets.push(client_secret),
            UemAuthSettings::Basic { password, .. } => secrets.push(password),
        }
        secrets
    }
}

/// Reads typed values out of the merged table, recording problems for missing required keys.
struct Reader<'a> {
    merged: &'a Merged,
    problems: &'a mut Vec<Issue>,
}

impl Reader<'_> {
    fn missing(&mut self, key: &'static str, why: &str) {
        // A key that is present but invalid already has its own problem.
        if !self.problems.iter().any(|p| p.key == Some(key)) {
            self.problems.push(Issue {
                key: Some(key),
                message: format!("{key} is not set; {why}."),
            });
        }
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Text(text)) => Some(text.clone()),
            _ => None,
        }
    }

    fn secret(&self, key: &str) -> Option<SecretString> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Secret(secret)) => Some(secret.clone()),
            _ => None,
        }
    }

    fn url(&self, key: &str) -> Option<Url> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Url(url)) => Some(url.clone()),
            _ => None,
        }
    }

    fn flag(&self, key: &str) -> bool {
        matches!(
            self.merged.get(key).map(|e| &e.value),
            Some(Parsed::Bool(true))
        )
    }

    fn integer(&self, key: &str) -> i64 {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Integer(i)) => *i,
            _ => 0,
        }
    }

    fn list(&self, key: &str) -> Vec<String> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::List(list)) => list.clone(),
            _ => Vec::new(),
        }
    }

    fn localized(&self, key: &str) -> Option<Localized> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Localized(text)) => Some(text.clone()),
            Some(Parsed::Text(text)) => Some(Localized::plain(text.clone())),
            _ => None,
        }
    }

    fn items(&self, key: &str) -> Vec<KeychainItemTemplate> {
        match self.merged.get(key).map(|e| &e.value) {
            Some(Parsed::Items(items)) => items.clone(),
            _ => Vec::new(),
        }
    }
}

/// Builds [`Settings`], adding a problem for every required key that is missing and every
/// combination of keys that cannot work. `None` when any problem was found.
pub fn build(merged: &Merged, problems: &mut Vec<Issue>) -> Option<Settings> {
    let mut r = Reader { merged, problems };

    let mode = match r.text("Mode").as_deref() {
        Some("technician") => Mode::Technician,
        Some("kiosk") => Mode::Kiosk,
        _ => Mode::SelfService,
    };

    let relay_url = r.url("RelayURL");
    let relay = relay_url.map(|url| relay_settings(&mut r, url, mode));
    let uem = if relay.is_some() {
        None
    } else {
        Some(uem_settings(&mut r))
    };
    let staging_usernames = r.list("StagingUsernames");
    if relay.is_none()
        && staging_usernames.is_empty()
        && !r.problems.iter().any(|p| p.key == Some("StagingUsernames"))
    {
        r.problems.push(Issue {
            key: Some("StagingUsernames"),
            message: "StagingUsernames is empty; Baton needs at least one staging enrollment user name to know which Macs it may hand over.".into(),
        });
    }

    // With a relay, the relay verifies the password: the Mac needs no directory settings.
    let uses_ldap = relay.is_none() && r.text("DirectoryType").as_deref() != Some("none");
    let ldap = if uses_ldap {
        ldap_settings(&mut r)
    } else {
        if relay.is_none() && mode == Mode::SelfService {
            r.problems.push(Issue {
                key: Some("DirectoryType"),
                message: "DirectoryType \"none\" is not allowed in self-service mode: the person's password must be verified before the Mac is handed over.".into(),
            });
        }
        None
    };
    // A direct-mode configuration whose UEM keys are incomplete is refused after every other
    // problem was collected too.
    let uem_incomplete = matches!(uem, Some(None));
    let uem = uem.flatten().map(|parts| UemSettings {
        staging_usernames,
        ..parts
    });
    let settings = rest(r, mode, uem, relay, ldap, uses_ldap)?;
    (!uem_incomplete).then_some(settings)
}

/// `RelayURL` and the client identity; every UEM credential key is refused. The identity is
/// required unless `mode` is technician: the relay serves a technician's own session without
/// one (RELAY.md, "Who may ask for what").
fn relay_settings(r: &mut Reader<'_>, url: Url, mode: Mode) -> RelaySettings {
    for key in UEM_CREDENTIAL_KEYS {
        if r.merged.get(key).is_some() {
            r.problems.push(Issue {
                key: Some(key),
                message: format!(
                    "{key} is set, but so is RelayURL: with a relay this Mac must hold no UEM credential. Remove {key} from this Mac's configuration and keep it on the relay only."
                ),
            });
        }
    }
    let certificate = r.text("RelayClientCertificateFile");
    let key = r.text("RelayClientKeyFile");
    let issuer = r.text("RelayClientIdentityIssuer");
    let identity = match (certificate, key, issuer) {
        (Some(certificate), Some(key), _) => Some(RelayIdentity::Files {
            certificate: certificate.into(),
            key: key.into(),
        }),
        (Some(_), None, _) => {
            r.missing(
                "RelayClientKeyFile",
                "RelayClientCertificateFile needs its private key",
            );
            None
        }
        (None, Some(_), _) => {
            r.missing(
                "RelayClientCertificateFile",
                "RelayClientKeyFile needs its certificate",
            );
            None
        }
        (None, None, Some(issuer)) => Some(RelayIdentity::Keychain { issuer }),
        (None, None, None) if mode == Mode::Technician => None,
        (None, None, None) => {
            r.missing(
                "RelayClientIdentityIssuer",
                "RelayURL needs this Mac's client identity: RelayClientIdentityIssuer (macOS keychain), or RelayClientCertificateFile and RelayClientKeyFile",
            );
            None
        }
    };
    RelaySettings {
        url,
        ca_certificates: r.list("RelayCACertificates"),
        identity,
    }
}

/// The UEM credential and API host (direct mode); `None` when a required key is missing.
/// `staging_usernames` is filled in by the caller.
fn uem_settings(r: &mut Reader<'_>) -> Option<UemSettings> {
    let api_url = r.url("UEMAPIURL");
    if api_url.is_none() {
        r.missing("UEMAPIURL", "Baton needs the Workspace ONE UEM API host");
    }
    let basic = r.text("UEMAuthMethod").as_deref() == Some("basic");
    let tenant_code = r.secret("UEMTenantCode");
    let auth = if basic {
        let username = r.text("UEMUsername");
        let password = r.secret("UEMPassword");
        if username.is_none() {
            r.missing(
                "UEMUsername",
                "UEMAuthMethod \"basic\" needs an API admin user name",
            );
        }
        if password.is_none() {
            r.missing(
                "UEMPassword",
                "UEMAuthMethod \"basic\" needs the API admin's password",
            );
        }
        if tenant_code.is_none() {
            r.missing(
                "UEMTenantCode",
                "UEMAuthMethod \"basic\" needs the REST API key",
            );
        }
        username
            .zip(password)
            .map(|(username, password)| UemAuthSettings::Basic { username, password })
    } else {
        let token_url = r.url("UEMOAuthTokenURL");
        let client_id = r.text("UEMOAuthClientID");
        let client_secret = r.secret("UEMOAuthClientSecret");
        if token_url.is_none() {
            r.missing(
                "UEMOAuthTokenURL",
                "UEMAuthMethod \"oauth\" needs the token URL of your region",
            );
        }
        if client_id.is_none() {
            r.missing(
                "UEMOAuthClientID",
                "UEMAuthMethod \"oauth\" needs an OAuth client ID",
            );
        }
        if client_secret.is_none() {
            r.missing(
                "UEMOAuthClientSecret",
                "UEMAuthMethod \"oauth\" needs the OAuth client secret",
            );
        }
        let basic_client_auth = r.text("UEMOAuthClientAuth").as_deref() == Some("basic");
        match (token_url, client_id, client_secret) {
            (Some(token_url), Some(client_id), Some(client_secret)) => {
                Some(UemAuthSettings::OAuth {
                    token_url,
                    client_id,
                    client_secret,
                    basic_client_auth,
                })
            }
            _ => None,
        }
    };
    let create_missing_users = r.flag("CreateMissingUsers");
    let create_users_group = r.text("CreateMissingUsersGroup");
    let create_users_location_group_id = r.text("CreateMissingUsersLocationGroupId");
    if create_missing_users {
        if create_users_group.is_none() {
            r.missing(
                "CreateMissingUsersGroup",
                "CreateMissingUsers adds only members of a directory group: name it",
            );
        }
        if create_users_location_group_id.is_none() {
            r.missing(
                "CreateMissingUsersLocationGroupId",
                "CreateMissingUsers needs the organization group the users go into",
            );
        }
    }
    Some(UemSettings {
        api_url: api_url?,
        auth: auth?,
        tenant_code,
        staging_usernames: Vec::new(),
        create_missing_users,
        create_users_group,
        create_users_location_group_id,
        sync_after_switch: r.flag("SyncDeviceAfterSwitch"),
        write_device_note: r.flag("WriteDeviceNote"),
        retry_budget: std::time::Duration::from_secs(
            u64::try_from(r.integer("UEMRetrySeconds")).unwrap_or(30),
        ),
    })
}

/// The LDAP settings (`DirectoryType` ldap); `None` when a required key is missing.
fn ldap_settings(r: &mut Reader<'_>) -> Option<LdapSettings> {
    let url = r.url("LDAPURL");
    let bind_template = r.text("LDAPBindTemplate");
    if url.is_none() {
        r.missing(
            "LDAPURL",
            "DirectoryType \"ldap\" needs the directory's ldaps:// or ldap:// URL",
        );
    }
    match bind_template.as_deref() {
        None => r.missing(
            "LDAPBindTemplate",
            "DirectoryType \"ldap\" needs to know how to bind as the user",
        ),
        Some(t) if !t.contains("{username}") => r.problems.push(Issue {
            key: Some("LDAPBindTemplate"),
            message: "LDAPBindTemplate must contain {username}.".into(),
        }),
        Some(_) => {}
    }
    let base_dn = r.text("LDAPBaseDN");
    let user_filter = r.text("LDAPUserFilter");
    if user_filter.is_some() && base_dn.is_none() {
        r.missing(
            "LDAPBaseDN",
            "LDAPUserFilter needs a base DN to search under",
        );
    }
    if let Some(filter) = &user_filter {
        if !filter.contains("{username}") {
            r.problems.push(Issue {
                key: Some("LDAPUserFilter"),
                message: "LDAPUserFilter must contain {username}.".into(),
            });
        }
    }
    url.zip(bind_template)
        .map(|(url, bind_template)| LdapSettings {
            url,
            bind_template,
            base_dn,
            user_filter,
        })
}

/// Everything that does not depend on how UEM is reached.
fn rest(
    mut r: Reader<'_>,
    mode: Mode,
    uem: Option<UemSettings>,
    relay: Option<RelaySettings>,
    ldap: Option<LdapSettings>,
    uses_ldap: bool,
) -> Option<Settings> {
    let r = &mut r;
    let mut partition_team_ids = Vec::new();
    for id in r.list("KeychainPartitionTeamIDs") {
        match baton_platform::keychain::partition::normalize(&id) {
            Ok(id) if !partition_team_ids.contains(&id) => partition_team_ids.push(id),
            Ok(_) => {}
            Err(_) => r.problems.push(Issue {
                key: Some("KeychainPartitionTeamIDs"),
                message: format!(
                    "KeychainPartitionTeamIDs entry {id:?} is not a team ID such as AAPZK3CB24 or teamid:AAPZK3CB24."
                ),
            }),
        }
    }

    let ad_domain = r.text("ADDomain");
    let kerberos_realm = r
        .text("KerberosRealm")
        .or_else(|| ad_domain.as_ref().map(|d| d.to_uppercase()));

    let branding = Branding {
        title: r.localized("Title").unwrap_or_else(|| Localized::plain("")),
        message: r
            .localized("Message")
            .unwrap_or_else(|| Localized::plain("")),
        username_label: r.localized("UsernameLabel"),
        logo_path: r.text("LogoPath"),
        accent_color: r.text("AccentColor"),
        help_url: r.url("HelpURL"),
    };

    // The deprecated alias for both lists goes after each list's own roots.
    let shared_cas = r.list("TrustedCACertificates");
    let mut uem_cas = r.list("UEMTrustedCACertificates");
    uem_cas.extend(shared_cas.iter().cloned());
    let mut ldap_cas = r.list("LDAPTrustedCACertificates");
    ldap_cas.extend(shared_cas);

    let settings = Settings {
        mode,
        uem,
        relay,
        directory: DirectorySettings {
            ldap,
            ad_domain,
            kerberos_realm,
            netbios_domain: r.text("ADNetBIOSDomain"),
            trusted_ca_certificates: ldap_cas,
            use_platform_roots: r.flag("LDAPUsePlatformRoots"),
        },
        trusted_ca_certificates: uem_cas,
        keychain: KeychainSettings {
            write_nomad_item: r.flag("WriteNoMADKeychainItem"),
            items: r.items("KeychainItems"),
            partition_team_ids,
            kerberos_sso_handoff: r.flag("KerberosSSOHandoff"),
        },
        branding,
        throttle: Throttle {
            max_attempts: u32::try_from(r.integer("MaxAttempts")).unwrap_or(5),
            lockout_seconds: u64::try_from(r.integer("LockoutSeconds")).unwrap_or(60),
            observation_seconds: u64::try_from(r.integer("DirectoryObservationSeconds"))
                .unwrap_or(600),
        },
        kiosk_reset_seconds: u64::try_from(r.integer("KioskResetSeconds")).unwrap_or(30),
        technician: TechnicianSettings {
            groups: r.list("TechnicianGroups"),
            session_seconds: u64::try_from(r.integer("SessionSeconds")).unwrap_or(900),
            allow_basic_users: r.flag("AllowBasicUsers"),
        },
        full_screen: r.flag("FullScreen"),
        allow_identity_override: r.flag("AllowIdentityOverride"),
        allow_unverified_cli: r.flag("AllowUnverifiedCLI"),
        use_system_proxy: r.flag("UEMUseSystemProxy"),
        kiosk_exit_secret_sha256: r
            .text("KioskExitSecretSHA256")
            .map(|hex| hex.replace(':', "").trim().to_ascii_lowercase()),
    };
    if uses_ldap && settings.directory.ldap.is_none() {
        return None;
    }
    r.problems.is_empty().then_some(settings)
}
