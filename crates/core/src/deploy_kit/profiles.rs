//! An example configuration profile (`.mobileconfig`) per deployment, written to
//! `deploy/profiles/`. The settings of each are checked by Baton's own configuration loader, and
//! the profile itself as `plutil -lint` and an MDM would (well-formed, unique `PayloadUUID`s, the
//! right `PayloadType`s). Deliver one with Workspace ONE UEM as a Custom Settings payload (paste
//! the file) after replacing every `example.com` value.

use plist::{Dictionary, Value};

use crate::config::keys::DOMAIN;

/// The deployments Baton documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    /// Self-service; the Mac holds the UEM credential and verifies the password over LDAP/TLS.
    SelfServiceDirect,
    /// Self-service through Baton Relay: the Mac holds only its device certificate.
    SelfServiceRelay,
    /// A technician's Mac, through the relay.
    Technician,
    /// A pickup-desk kiosk, through the relay with its kiosk certificate.
    Kiosk,
}

impl Deployment {
    pub const ALL: [Deployment; 4] = [
        Deployment::SelfServiceDirect,
        Deployment::SelfServiceRelay,
        Deployment::Technician,
        Deployment::Kiosk,
    ];

    /// File name stem and identifier part.
    pub fn slug(self) -> &'static str {
        match self {
            Deployment::SelfServiceDirect => "self-service-direct",
            Deployment::SelfServiceRelay => "self-service-relay",
            Deployment::Technician => "technician",
            Deployment::Kiosk => "kiosk",
        }
    }

    /// Where the profile is committed.
    pub fn path(self) -> String {
        format!("deploy/profiles/{}.mobileconfig", self.slug())
    }

    fn display_name(self) -> &'static str {
        match self {
            Deployment::SelfServiceDirect => "Baton (self-service)",
            Deployment::SelfServiceRelay => "Baton (self-service via Baton Relay)",
            Deployment::Technician => "Baton (technician)",
            Deployment::Kiosk => "Baton (pickup-desk kiosk)",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Deployment::SelfServiceDirect => "Baton hands this Mac to the person who signs in first: it verifies their directory password over LDAP/TLS and switches the Mac in Workspace ONE UEM with its own OAuth client. Scope it to Macs still on the staging user.",
            Deployment::SelfServiceRelay => "Baton hands this Mac to the person who signs in first, through Baton Relay: this Mac holds no UEM credential, only its device certificate (delivered by a SCEP/AD CS certificate profile). Scope it to Macs still on the staging user.",
            Deployment::Technician => "Baton for a technician's Mac: the technician signs in to Baton Relay with their own account and hands Macs over. Technician mode is not built in this version: the app shows a problem (APP-MODE); the CLI works.",
            Deployment::Kiosk => "Baton for a pickup-desk kiosk Mac: people prove their password at the kiosk and collect a staged Mac. The kiosk talks to Baton Relay with a kiosk certificate listed in the relay's Kiosks. Kiosk mode is not built in this version: the app shows a problem (APP-MODE).",
        }
    }

    /// The example settings, in the order they are written.
    pub fn settings(self) -> Dictionary {
        let s = |t: &str| Value::String(t.into());
        let list = |items: &[&str]| Value::Array(items.iter().map(|i| s(i)).collect());
        let int = |i: i64| Value::Integer(i.into());
        let mut entries: Vec<(&str, Value)> = Vec::new();
        let relay = |entries: &mut Vec<(&str, Value)>| {
            entries.push(("RelayURL", s("https://baton-relay.example.com:8443")));
            entries.push(("RelayClientIdentityIssuer", s("Example Device CA")));
        };
        match self {
            Deployment::SelfServiceDirect => {
                entries.extend([
                    ("UEMAPIURL", s("https://as1234.awmdm.com")),
                    ("UEMAuthMethod", s("oauth")),
                    (
                        "UEMOAuthTokenURL",
                        s("https://na.uemauth.workspaceone.com/connect/token"),
                    ),
                    ("UEMOAuthClientID", s("REPLACE-WITH-CLIENT-ID")),
                    ("UEMOAuthClientSecret", s("REPLACE-WITH-CLIENT-SECRET")),
                    ("StagingUsernames", list(&["staging"])),
                    ("DirectoryType", s("ldap")),
                    ("LDAPURL", s("ldaps://dc1.example.com")),
                    ("LDAPBindTemplate", s("{username}@example.com")),
                    ("LDAPBaseDN", s("dc=example,dc=com")),
                    ("LDAPUserFilter", s("(sAMAccountName={username})")),
                    ("ADDomain", s("example.com")),
                ]);
            }
            Deployment::SelfServiceRelay => relay(&mut entries),
            Deployment::Technician => {
                relay(&mut entries);
                entries.push(("Mode", s("technician")));
            }
            Deployment::Kiosk => {
                relay(&mut entries);
                entries.extend([
                    ("Mode", s("kiosk")),
                    ("FullScreen", Value::Boolean(true)),
                    ("KioskResetSeconds", int(60)),
                ]);
            }
        }
        let mut title = Dictionary::new();
        title.insert("en".into(), s("Welcome to Example"));
        title.insert("de".into(), s("Willkommen bei Example"));
        entries.push(("Title", Value::Dictionary(title)));
        if matches!(
            self,
            Deployment::SelfServiceDirect | Deployment::SelfServiceRelay
        ) {
            entries.push((
                "Message",
                s("Sign in with your Example account to finish setting up this Mac."),
            ));
        }
        entries.push(("HelpURL", s("https://help.example.com/new-mac")));
        if self == Deployment::SelfServiceDirect {
            entries.push(("MaxAttempts", int(4)));
        }
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
    }

    /// The whole configuration profile.
    pub fn profile(self) -> Value {
        let s = |t: &str| Value::String(t.into());
        let identifier = format!("{DOMAIN}.profile.{}", self.slug());
        let settings_identifier = format!("{identifier}.settings");
        let mut forced = Dictionary::new();
        forced.insert(
            "mcx_preference_settings".into(),
            Value::Dictionary(self.settings()),
        );
        let mut domain = Dictionary::new();
        domain.insert(
            "Forced".into(),
            Value::Array(vec![Value::Dictionary(forced)]),
        );
        let mut content = Dictionary::new();
        content.insert(DOMAIN.into(), Value::Dictionary(domain));
        let mut payload = Dictionary::new();
        payload.insert(
            "PayloadType".into(),
            s("com.apple.ManagedClient.preferences"),
        );
        payload.insert("PayloadIdentifier".into(), s(&settings_identifier));
        payload.insert(
            "PayloadUUID".into(),
            s(&super::payload_uuid(&settings_identifier)),
        );
        payload.insert("PayloadVersion".into(), Value::Integer(1.into()));
        payload.insert("PayloadDisplayName".into(), s("Baton settings"));
        payload.insert("PayloadContent".into(), Value::Dictionary(content));
        let mut profile = Dictionary::new();
        profile.insert(
            "PayloadContent".into(),
            Value::Array(vec![Value::Dictionary(payload)]),
        );
        profile.insert("PayloadDescription".into(), s(self.description()));
        profile.insert("PayloadDisplayName".into(), s(self.display_name()));
        profile.insert("PayloadIdentifier".into(), s(&identifier));
        profile.insert("PayloadOrganization".into(), s("Example"));
        profile.insert("PayloadScope".into(), s("System"));
        profile.insert("PayloadType".into(), s("Configuration"));
        profile.insert("PayloadUUID".into(), s(&super::payload_uuid(&identifier)));
        profile.insert("PayloadVersion".into(), Value::Integer(1.into()));
        Value::Dictionary(profile)
    }

    /// The profile as committed.
    pub fn profile_xml(self) -> String {
        super::plist_xml(
            &self.profile(),
            &format!(
                "  Example configuration profile: {}.\n  Replace every example.com and REPLACE-WITH value; deliver it with Workspace ONE UEM as a\n  Custom Settings payload. Every key: docs/configuration.md. Generated from the key table\n  (crates/core/src/deploy_kit/profiles.rs); the settings are checked by Baton's own loader.\n  Regenerate: BATON_UPDATE_DOCS=1 cargo test -p baton-core deploy_kit::",
                self.display_name()
            ),
        )
    }
}

/// The settings dictionary of a profile in the shape Baton's deployments use
/// (`PayloadContent[0].PayloadContent.<domain>.Forced[0].mcx_preference_settings`), or what is
/// wrong with it.
pub fn forced_settings(profile: &Value) -> Result<Dictionary, String> {
    let payload = profile
        .as_dictionary()
        .and_then(|d| d.get("PayloadContent"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_dictionary)
        .ok_or("no payload")?;
    if payload.get("PayloadType").and_then(Value::as_string)
        != Some("com.apple.ManagedClient.preferences")
    {
        return Err("the payload is not com.apple.ManagedClient.preferences".into());
    }
    payload
        .get("PayloadContent")
        .and_then(Value::as_dictionary)
        .and_then(|d| d.get(DOMAIN))
        .and_then(Value::as_dictionary)
        .and_then(|d| d.get("Forced"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_dictionary)
        .and_then(|d| d.get("mcx_preference_settings"))
        .and_then(Value::as_dictionary)
        .cloned()
        .ok_or_else(|| format!("no {DOMAIN} Forced mcx_preference_settings"))
}

/// Whether `text` is a UUID as a profile writes it: 8-4-4-4-12 hexadecimal digits (either
/// case), nothing before or after.
fn is_uuid_shaped(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What `plutil -lint` and an MDM check about a configuration profile: a top-level
/// `Configuration` with identifier, UUID and version; every payload with a type, identifier,
/// UUID and integer version; every `PayloadUUID` well-formed and used once. Returns every
/// problem found.
pub fn lint(profile: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut uuids = Vec::new();
    let mut check_payload = |d: &Dictionary, what: &str, problems: &mut Vec<String>| {
        for key in ["PayloadType", "PayloadIdentifier", "PayloadUUID"] {
            if d.get(key)
                .and_then(Value::as_string)
                .is_none_or(str::is_empty)
            {
                problems.push(format!("{what}: {key} is missing or not a string"));
            }
        }
        if d.get("PayloadVersion")
            .and_then(Value::as_signed_integer)
            .is_none()
        {
            problems.push(format!(
                "{what}: PayloadVersion is missing or not an integer"
            ));
        }
        if let Some(uuid) = d.get("PayloadUUID").and_then(Value::as_string) {
            if !is_uuid_shaped(uuid) {
                problems.push(format!("{what}: PayloadUUID {uuid} is not a UUID"));
            }
            let upper = uuid.to_ascii_uppercase();
            if uuids.contains(&upper) {
                problems.push(format!("{what}: PayloadUUID {uuid} is used twice"));
            }
            uuids.push(upper);
        }
    };
    let Some(root) = profile.as_dictionary() else {
        return vec!["the profile is not a dictionary".into()];
    };
    check_payload(root, "profile", &mut problems);
    if root.get("PayloadType").and_then(Value::as_string) != Some("Configuration") {
        problems.push("profile: PayloadType must be Configuration".into());
    }
    match root.get("PayloadContent").and_then(Value::as_array) {
        Some(payloads) if !payloads.is_empty() => {
            for (i, payload) in payloads.iter().enumerate() {
                match payload.as_dictionary() {
                    Some(d) => check_payload(d, &format!("payload {i}"), &mut problems),
                    None => problems.push(format!("payload {i} is not a dictionary")),
                }
            }
        }
        _ => problems.push("profile: PayloadContent must be a non-empty array of payloads".into()),
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{load_from, Sources};

    #[test]
    fn deploy_profiles_are_generated_from_the_examples() {
        for deployment in Deployment::ALL {
            crate::deploy_kit::assert_generated(&deployment.path(), &deployment.profile_xml());
        }
    }

    /// Each profile as committed reads back, passes the lint, and its settings pass Baton's own
    /// loader; technician and kiosk only with the warning that this version does not run them.
    #[test]
    fn every_committed_profile_loads_in_baton() {
        let mut all_uuids = Vec::new();
        for deployment in Deployment::ALL {
            // What is committed (the drift test above checks the file equals this text).
            let xml = deployment.profile_xml();
            let profile = Value::from_reader(std::io::Cursor::new(xml.as_bytes()))
                .unwrap_or_else(|e| panic!("{}: not a well-formed plist: {e}", deployment.path()));
            assert_eq!(
                lint(&profile),
                Vec::<String>::new(),
                "{}",
                deployment.path()
            );
            let settings = forced_settings(&profile).unwrap();
            let loaded = load_from(&Sources {
                managed: Some(settings),
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{}: {:?}", deployment.path(), e.problems));
            let warned: Vec<_> = loaded.warnings.iter().map(|w| w.key).collect();
            assert!(warned.is_empty(), "{:?}", loaded.warnings);
            let relay = loaded.settings.relay.is_some();
            assert_eq!(
                relay,
                deployment != Deployment::SelfServiceDirect,
                "{deployment:?}"
            );
            for d in [profile.as_dictionary().unwrap()].into_iter().chain(
                profile.as_dictionary().unwrap()["PayloadContent"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(Value::as_dictionary),
            ) {
                all_uuids.push(d["PayloadUUID"].as_string().unwrap().to_owned());
            }
        }
        let before = all_uuids.len();
        all_uuids.sort();
        all_uuids.dedup();
        assert_eq!(
            before,
            all_uuids.len(),
            "a PayloadUUID is shared between profiles"
        );
    }

    #[test]
    fn the_lint_finds_a_repeated_uuid_a_wrong_type_and_a_missing_version() {
        let mut profile = Deployment::Kiosk.profile();
        assert!(lint(&profile).is_empty());
        let root = profile.as_dictionary_mut().unwrap();
        let outer_uuid = root["PayloadUUID"].clone();
        root.insert("PayloadType".into(), Value::String("Configurations".into()));
        let payload = root["PayloadContent"].as_array_mut().unwrap()[0]
            .as_dictionary_mut()
            .unwrap();
        payload.insert("PayloadUUID".into(), outer_uuid);
        payload.remove("PayloadVersion");
        let problems = lint(&profile);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("used twice")));
        assert!(problems.iter().any(|p| p.contains("must be Configuration")));
        assert!(problems.iter().any(|p| p.contains("PayloadVersion")));
    }

    #[test]
    fn the_uuid_shape_is_8_4_4_4_12_hex_digits_and_nothing_else() {
        // The pattern the lint used before it was written out by hand: the two must agree.
        let pattern = regex::Regex::new(
            r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
        )
        .unwrap();
        let cases = [
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789AB", true),
            ("6f1c2e3a-1b2c-8d3e-9f40-0123456789ab", true),
            (&crate::deploy_kit::payload_uuid("x"), true),
            ("", false),
            ("----", false),
            ("6F1C2E3A1B2C8D3E9F400123456789AB", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789A", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789ABC", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789AG", false),
            ("6F1C2E3A-1B2C-8D3E-9F4-00123456789AB", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789AB-", false),
            ("-6F1C2E3A-1B2C-8D3E-9F40-0123456789AB", false),
            (" 6F1C2E3A-1B2C-8D3E-9F40-0123456789AB", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789AB\n", false),
            ("{6F1C2E3A-1B2C-8D3E-9F40-0123456789AB}", false),
            ("6F1C2E3A-1B2C-8D3E-9F40-0123456789\u{FF21}B", false),
            ("\u{FF16}F1C2E3A-1B2C-8D3E-9F40-0123456789AB", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_uuid_shaped(text), expected, "{text:?}");
            assert_eq!(pattern.is_match(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_profile_whose_settings_baton_refuses_is_noticed() {
        // The loader is the judge: a direct profile without its OAuth secret does not load.
        let mut settings = Deployment::SelfServiceDirect.settings();
        settings.remove("UEMOAuthClientSecret");
        let error = load_from(&Sources {
            managed: Some(settings),
            ..Default::default()
        })
        .unwrap_err();
        assert!(error
            .problems
            .iter()
            .any(|p| p.key == Some("UEMOAuthClientSecret")));
        // And a relay profile that also carries a UEM credential is refused.
        let mut settings = Deployment::SelfServiceRelay.settings();
        settings.insert("UEMOAuthClientSecret".into(), Value::String("x".into()));
        assert!(load_from(&Sources {
            managed: Some(settings),
            ..Default::default()
        })
        .is_err());
    }
}
