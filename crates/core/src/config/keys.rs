//! The one table of configuration keys: name, type, default, where it may come from, whether it
//! is a secret, and what it means. Validation, `check-config`, the typed [`super::Settings`] and
//! `docs/configuration.md` are all driven by this table.

/// The managed preference domain.
pub const DOMAIN: &str = "dev.baton.Baton";

/// The shape a key's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any string.
    Text,
    /// A string, or a dictionary of strings keyed by language code (`en`, `de`, `pt-BR`, …).
    Localized,
    /// An `https://` URL.
    HttpsUrl,
    /// An `ldaps://` or `ldap://` URL (the latter always with StartTLS).
    LdapUrl,
    /// A link shown to the person: `https://` or `mailto:`.
    HelpLink,
    /// `#RRGGBB`.
    Color,
    /// true or false.
    Bool,
    /// A whole number in an inclusive range.
    Integer { min: i64, max: i64 },
    /// One of a fixed set of strings (compared case-insensitively, stored lower-case).
    Choice(&'static [&'static str]),
    /// An array of strings.
    TextList,
    /// An array of PEM-encoded certificates (strings).
    PemList,
    /// An array of dictionaries describing extra Keychain items.
    ItemTemplates,
}

/// Where a key may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Security-relevant: honoured only from managed preferences or an explicit `--config`
    /// file, never from the user's own preferences.
    Forced,
    /// Honoured only from managed preferences (a configuration profile): keys that let this Mac
    /// be handed to someone other than the person at it, or let Baton's traffic leave its
    /// guarded path. Ignored, with a warning, from `--config` and the user's preferences.
    Managed,
    /// Presentation only: the user's own preferences may set it too.
    Any,
}

/// A key's default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// No default: unset unless configured.
    None,
    Text(&'static str),
    Bool(bool),
    Integer(i64),
    EmptyList,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub name: &'static str,
    pub kind: Kind,
    pub default: DefaultValue,
    pub scope: Scope,
    /// Masked in every output (`••••`).
    pub secret: bool,
    pub description: &'static str,
}

const fn key(
    name: &'static str,
    kind: Kind,
    default: DefaultValue,
    scope: Scope,
    description: &'static str,
) -> KeySpec {
    KeySpec {
        name,
        kind,
        default,
        scope,
        secret: false,
        description,
    }
}

const fn secret(name: &'static str, description: &'static str) -> KeySpec {
    KeySpec {
        name,
        kind: Kind::Text,
        default: DefaultValue::None,
        scope: Scope::Forced,
        secret: true,
        description,
    }
}

use DefaultValue as D;
use Kind as K;
use Scope::{Any, Forced, Managed};

/// Every configuration key Baton reads.
#[rustfmt::skip]
pub const KEYS: &[KeySpec] = &[
    key("UEMAPIURL", K::HttpsUrl, D::None, Forced, "Workspace ONE UEM API host, e.g. `https://as1234.awmdm.com`. https only."),
    key("UEMAuthMethod", K::Choice(&["oauth", "basic"]), D::Text("oauth"), Forced, "How Baton authenticates to the UEM API: `oauth` (client credentials) or `basic` (admin account + tenant code)."),
    key("UEMOAuthTokenURL", K::HttpsUrl, D::None, Forced, "OAuth token URL of your region, e.g. `https://na.uemauth.workspaceone.com/connect/token`."),
    key("UEMOAuthClientID", K::Text, D::None, Forced, "OAuth client ID."),
    secret("UEMOAuthClientSecret", "OAuth client secret."),
    key("UEMOAuthClientAuth", K::Choice(&["form", "basic"]), D::Text("form"), Forced, "How the OAuth client credentials are sent to the token URL: as form fields or as HTTP Basic."),
    key("UEMUsername", K::Text, D::None, Forced, "Basic-auth API admin user name (only with `UEMAuthMethod` = `basic`)."),
    secret("UEMPassword", "Basic-auth API admin password."),
    secret("UEMTenantCode", "REST API key sent as `aw-tenant-code` (required with `basic`, optional with `oauth`)."),
    key("UEMRetrySeconds", K::Integer { min: 0, max: 600 }, D::Integer(30), Forced, "How long a UEM read that failed for a passing reason (connection refused, 429, 502–504) is retried before Baton reports it. The switch itself is never retried blindly."),
    key("StagingUsernames", K::TextList, D::EmptyList, Forced, "Enrollment user names that count as staging users (case-insensitive)."),
    key("CreateMissingUsers", K::Bool, D::Bool(false), Forced, "Add the directory user to UEM when the user search finds none: only a member of `CreateMissingUsersGroup`, whose password was verified, into `CreateMissingUsersLocationGroupId` (both required)."),
    key("CreateMissingUsersGroup", K::Text, D::None, Managed, "The directory group (DN, e.g. `CN=Mac Users,OU=Groups,DC=example,DC=com`) whose members `CreateMissingUsers` may add to UEM; read from the person's own `memberOf` (or the group's `member`)."),
    key("CreateMissingUsersLocationGroupId", K::Text, D::None, Managed, "The UEM organization group id (`LocationGroupId`) users added by `CreateMissingUsers` go into."),
    key("SyncDeviceAfterSwitch", K::Bool, D::Bool(true), Forced, "Send `SyncDevice` after the switch so the user's profiles arrive now."),
    key("WriteDeviceNote", K::Bool, D::Bool(true), Forced, "After every switch, add a note to the device in UEM (\"Checked out to alice by Baton kiosk Front-Desk-1\"), so the hand-off shows in the UEM console. A note that cannot be written is logged; the hand-off stands."),
    key("RelayURL", K::HttpsUrl, D::None, Forced, "The Baton relay (`https://relay.example.com:8443`). When set, this Mac holds no UEM credential: every hand-off goes through the relay, which verifies the password itself. Setting a UEM credential too is a configuration error."),
    key("RelayCACertificates", K::PemList, D::EmptyList, Forced, "PEM roots added to the system roots to trust the relay's TLS certificate (private CAs)."),
    key("RelayClientIdentityIssuer", K::Text, D::None, Forced, "macOS: the common name of the CA that issued this Mac's relay client identity (the device certificate UEM delivers, e.g. by SCEP); Baton uses that identity from the keychain without exporting its key. With `RelayURL`, this or `RelayClientCertificateFile` is required in self-service and kiosk mode; in technician mode it is optional (a technician signs in to the relay with their own password)."),
    key("RelayClientCertificateFile", K::Text, D::None, Forced, "PEM file with this device's relay client certificate (and its chain), with `RelayClientKeyFile`. Elsewhere than macOS, and in tests."),
    key("RelayClientKeyFile", K::Text, D::None, Forced, "PEM file with the private key of `RelayClientCertificateFile`."),
    key("DirectoryType", K::Choice(&["ldap", "none"]), D::Text("ldap"), Forced, "`ldap` verifies the password with an LDAP bind; `none` skips verification (technician and kiosk-with-UEM-lookup only)."),
    key("LDAPURL", K::LdapUrl, D::None, Forced, "`ldaps://host[:port]`, or `ldap://host[:port]` which always uses StartTLS. Plaintext is refused."),
    key("LDAPBindTemplate", K::Text, D::None, Forced, "How to bind as the user, e.g. `{username}@example.com` or `uid={username},ou=people,dc=example,dc=test`."),
    key("LDAPBaseDN", K::Text, D::None, Forced, "Where to read the user's own entry after the bind (a subtree search with `LDAPUserFilter`). Where people may read only their own entry (`access to * by self read by anonymous auth by * none`) the search sees nothing; Baton then reads the entry of the identity that bound at its DN (the bind DN, or the DN the server's \"Who am I?\" answer names), which must still match `LDAPUserFilter` and lie under this base."),
    key("LDAPUserFilter", K::Text, D::None, Forced, "Filter for the user's own entry, e.g. `(uid={username})`; the value is escaped. The entry found must be the account that signed in: Baton asks the server \"Who am I?\" (RFC 4532) and, when the server has no WhoAmI (Samba), compares the entry with the bind name; an entry of anyone else is refused (`DIR-320`)."),
    key("ADDomain", K::Text, D::None, Forced, "Active Directory domain, e.g. `example.com`."),
    key("KerberosRealm", K::Text, D::None, Forced, "Kerberos realm; defaults to `ADDomain` in upper case."),
    key("TrustedCACertificates", K::PemList, D::EmptyList, Forced, "Deprecated: PEM root certificates trusted for both UEM and LDAP TLS. Use `UEMTrustedCACertificates` and `LDAPTrustedCACertificates` instead, so a CA for the domain controllers is not also trusted for the UEM host; while set, it is added to both lists and `check-config` warns."),
    key("UEMTrustedCACertificates", K::PemList, D::EmptyList, Forced, "PEM root certificates added to the system roots for the UEM API's TLS only (a private CA in front of UEM)."),
    key("LDAPTrustedCACertificates", K::PemList, D::EmptyList, Forced, "PEM root certificates trusted for the directory's TLS only (e.g. the AD CS root of the domain controllers); never for UEM."),
    key("LDAPUsePlatformRoots", K::Bool, D::Bool(true), Forced, "Also trust the platform's root certificates for the directory's TLS. `false`: only `LDAPTrustedCACertificates` (and the deprecated `TrustedCACertificates`) are trusted for LDAP."),
    key("ADNetBIOSDomain", K::Text, D::None, Forced, "The NetBIOS (down-level) name of the domain, e.g. `EXAMPLE`. A \"Who am I?\" answer `DOMAIN\\user` must name this domain, so an account of the same name in another domain of the forest is refused (`DIR-320`). Defaults to the DOMAIN of a down-level `LDAPBindTemplate` (`EXAMPLE\\{username}`), else the first label of `ADDomain`; set it when the NetBIOS name differs from that."),
    key("WriteNoMADKeychainItem", K::Bool, D::Bool(true), Forced, "Write the NoMAD Keychain item and NoMAD's `LastUser` preference."),
    key("KeychainItems", K::ItemTemplates, D::EmptyList, Forced, "Extra Keychain items: dictionaries with `Service`, `Account`, `Label` (templates: `<<shortname>>`, `<<upn>>`, `<<domain>>`, `<<realm>>`, `<<email>>`, `<<fullname>>`, `<<serial>>`; a value unknown for the user fails the hand-off, never an empty string) and `TrustedApplications` (paths of apps that may read the item without a prompt, macOS). See `docs/keychain.md`."),
    key("KeychainPartitionTeamIDs", K::TextList, D::EmptyList, Forced, "Team IDs (e.g. `AAPZK3CB24` for NoMAD) added to the partition list of the items Baton writes with trusted applications (macOS). Needs the login-keychain password: Baton tries the directory password first; if the Mac password differs, the app asks for it once (the person may skip) and the CLI writes without. Without it NoMAD may ask once to read its item."),
    key("KerberosSSOHandoff", K::Bool, D::Bool(false), Forced, "Start Apple's Kerberos SSO extension sign-in for the same user (macOS)."),
    key("Mode", K::Choice(&["self-service", "technician", "kiosk"]), D::Text("self-service"), Forced, "`self-service` (end user at first login), `technician` (IT signs in as themselves; see `TechnicianGroups`) or `kiosk` (a full-screen pickup desk where people scan the Mac they collect and sign in; `KioskResetSeconds`, `KioskExitSecretSHA256`)."),
    key("FullScreen", K::Bool, D::Bool(false), Forced, "Cover the screen; the window cannot be closed before the hand-off ends."),
    key("AllowIdentityOverride", K::Bool, D::Bool(false), Managed, "Honour `BATON_DEVICE_SERIAL`/`BATON_DEVICE_UDID` in a release build on macOS. Only for testing: when it is in effect Baton logs a warning and the dialog says so."),
    key("AllowUnverifiedCLI", K::Bool, D::Bool(false), Managed, "IT-owned Macs in direct mode only: the CLI may assign any serial to any user without that person's password (`assign` without `--password-stdin`, `batch`). Without it the CLI hands over only this Mac, and only with the person's password; everything else needs `--technician`."),
    key("UEMUseSystemProxy", K::Bool, D::Bool(false), Managed, "Direct mode: send UEM traffic through the proxy named by `HTTPS_PROXY`/`ALL_PROXY`. By default Baton connects directly and ignores those variables, so a local account cannot route Baton's UEM traffic through a proxy of its own. (LDAP and the relay connection never use a proxy.)"),
    key("Title", K::Localized, D::Text("Set up your Mac"), Any, "Dialog title; a string or a dictionary keyed by language code."),
    key("Message", K::Localized, D::Text("Sign in with your company account to finish setting up this Mac."), Any, "Text under the title; a string or a dictionary keyed by language code."),
    key("LogoPath", K::Text, D::None, Any, "Path to a logo image (PNG or SVG) shown above the title."),
    key("AccentColor", K::Color, D::None, Any, "Accent colour of buttons and focus rings, `#RRGGBB`."),
    key("HelpURL", K::HelpLink, D::None, Any, "Where the Help link on the problem screen leads (`https://` or `mailto:`)."),
    key("UsernameLabel", K::Localized, D::None, Any, "Label of the user name field; a string or a dictionary keyed by language code."),
    key("MaxAttempts", K::Integer { min: 1, max: 20 }, D::Integer(5), Forced, "Failed sign-ins before Baton waits `LockoutSeconds`; keep it below the directory's own lockout threshold (see `DirectoryObservationSeconds` for what this local limit does and does not guarantee)."),
    key("LockoutSeconds", K::Integer { min: 1, max: 86_400 }, D::Integer(60), Forced, "First wait after `MaxAttempts` failures (never shorter than `DirectoryObservationSeconds`); it grows with further failures."),
    key("DirectoryObservationSeconds", K::Integer { min: 0, max: 86_400 }, D::Integer(600), Forced, "How long the directory counts failed sign-ins before it forgets them (Active Directory: \"Reset account lockout counter after\", 10 minutes in current Windows baselines, 30 in older ones; OpenLDAP ppolicy: `pwdFailureCountInterval`). Baton's first wait after `MaxAttempts` failures is at least this long, so with `MaxAttempts` below the directory's lockout threshold a person at this Mac cannot lock an account by guessing here. This limit is a courtesy on one Mac, kept in the user's own files: anyone with a shell can reset it, and a directory reachable from the Mac can be guessed against with other tools. The directory's own lockout policy — and, with `RelayURL`, the relay's per-account limit — is the real control."),
    key("KioskResetSeconds", K::Integer { min: 5, max: 3_600 }, D::Integer(30), Any, "Kiosk mode: seconds of inactivity before the kiosk returns to its start screen."),
    key("TechnicianGroups", K::TextList, D::EmptyList, Forced, "Technician mode: directory groups (DNs) whose members may sign in as technicians. Membership is read from `memberOf`, or by a group search where entries have none. Empty: nobody may."),
    key("SessionSeconds", K::Integer { min: 60, max: 86_400 }, D::Integer(900), Forced, "Technician mode: seconds of inactivity after which the technician is signed out."),
    key("AllowBasicUsers", K::Bool, D::Bool(false), Forced, "Technician mode: the person search also lists UEM basic (non-directory) users."),
    key("KioskExitSecretSHA256", K::Text, D::None, Managed, "Kiosk mode: the SHA-256 (hex) of the secret IT types to leave the full-screen kiosk (Ctrl+Alt+Shift+E on the desk opens the field). Unset: the kiosk cannot be left from the desk at all (quit it with the MDM or `launchctl`)."),
];

/// Looks a key up by its exact name.
pub fn spec(name: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.name == name)
}

/// The closest known key name to an unknown one, for a "did you mean" hint.
pub fn closest(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    KEYS.iter()
        .map(|k| (k.name, strsim::jaro_winkler(&lower, &k.name.to_lowercase())))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name)
}

impl Kind {
    /// How the type is written in the documentation.
    pub fn describe(self) -> String {
        match self {
            Kind::Text => "string".into(),
            Kind::Localized => "string or dictionary".into(),
            Kind::HttpsUrl => "string (https URL)".into(),
            Kind::LdapUrl => "string (ldaps/ldap URL)".into(),
            Kind::HelpLink => "string (https or mailto URL)".into(),
            Kind::Color => "string (#RRGGBB)".into(),
            Kind::Bool => "bool".into(),
            Kind::Integer { min, max } => format!("integer ({min}–{max})"),
            Kind::Choice(options) => format!("string: {}", options.join(" / ")),
            Kind::TextList => "array of string".into(),
            Kind::PemList => "array of string (PEM)".into(),
            Kind::ItemTemplates => "array of dictionary".into(),
        }
    }
}

impl DefaultValue {
    fn describe(self) -> String {
        match self {
            DefaultValue::None => "—".into(),
            DefaultValue::Text(text) => format!("`{text}`"),
            DefaultValue::Bool(b) => format!("`{b}`"),
            DefaultValue::Integer(i) => format!("`{i}`"),
            DefaultValue::EmptyList => "empty".into(),
        }
    }
}

/// The key reference as a Markdown table, the body of `docs/configuration.md`.
pub fn markdown_reference() -> String {
    let mut out = String::from(
        "# Configuration keys\n\n\
         Generated from `crates/core/src/config/keys.rs` (the one table of keys); a test fails when \
         this file differs from it. Regenerate with `BATON_UPDATE_DOCS=1 cargo test -p baton-core config::`.\n\n\
         Managed preference domain: `dev.baton.Baton`. Sources, highest precedence first: managed \
         preferences (`/Library/Managed Preferences/dev.baton.Baton.plist` on macOS), the file given \
         with `--config` (`.plist` XML or binary, or `.json`), the user's own preferences (only keys \
         whose source is *any*), then the defaults below. Keys marked *forced* are security-relevant: \
         they are ignored, with a warning, when they come from the user's own preferences, and \
         also from `--config` whenever a configuration profile for the domain is installed \
         (`check-config` reports that as a problem). Keys marked *managed* are honoured only from a \
         configuration profile.\n\n\
         | key | type | default | source | meaning |\n|---|---|---|---|---|\n",
    );
    for k in KEYS {
        let scope = match k.scope {
            Scope::Forced => "forced",
            Scope::Managed => "managed",
            Scope::Any => "any",
        };
        let secret = if k.secret {
            " Secret: masked in every output."
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {}{} |\n",
            k.name,
            k.kind.describe(),
            k.default.describe(),
            scope,
            k.description.replace('|', "\\|"),
            secret
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = KEYS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn every_key_of_the_product_table_is_known() {
        #[rustfmt::skip]
        let names = [
            "UEMAPIURL", "UEMAuthMethod", "UEMOAuthTokenURL", "UEMOAuthClientID", "UEMOAuthClientSecret",
            "UEMUsername", "UEMPassword", "UEMTenantCode", "StagingUsernames", "CreateMissingUsers",
            "SyncDeviceAfterSwitch", "DirectoryType", "LDAPURL", "LDAPBindTemplate", "LDAPBaseDN",
            "LDAPUserFilter", "ADDomain", "KerberosRealm", "TrustedCACertificates",
            "WriteNoMADKeychainItem", "KeychainItems", "Mode", "Title", "Message", "LogoPath",
            "AccentColor", "HelpURL", "UsernameLabel", "MaxAttempts", "LockoutSeconds",
            "KioskResetSeconds",
        ];
        for name in names {
            assert!(spec(name).is_some(), "{name} missing from the key table");
        }
    }

    #[test]
    fn secrets_are_the_credentials() {
        let secrets: Vec<_> = KEYS.iter().filter(|k| k.secret).map(|k| k.name).collect();
        assert_eq!(
            secrets,
            ["UEMOAuthClientSecret", "UEMPassword", "UEMTenantCode"]
        );
        assert!(KEYS
            .iter()
            .filter(|k| k.secret)
            .all(|k| k.scope == Scope::Forced));
    }

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        assert_eq!(closest("UEMApiUrl"), Some("UEMAPIURL"));
        assert_eq!(closest("LDAPUrl"), Some("LDAPURL"));
        assert_eq!(closest("Titel"), Some("Title"));
        assert_eq!(closest("StagingUsername"), Some("StagingUsernames"));
        assert_eq!(closest("CompletelyUnrelated"), None);
    }

    #[test]
    fn docs_configuration_md_is_generated_from_this_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/configuration.md");
        let generated = markdown_reference();
        if std::env::var_os("BATON_UPDATE_DOCS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/configuration.md is out of date: run BATON_UPDATE_DOCS=1 cargo test -p baton-core config::"
        );
    }
}
