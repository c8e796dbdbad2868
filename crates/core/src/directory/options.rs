//! [`LdapOptions`]: what the configuration layer hands to [`LdapDirectory`](super::LdapDirectory),
//! and its validation into the parts the LDAP client uses.
//!
//! Plaintext is impossible by construction: a validated endpoint has a [`Transport`] that is either
//! LDAPS or StartTLS; there is no third variant, and `ldap://` always means StartTLS.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use super::error::DirectoryError;
use super::username::NormalizedUsername;

/// The placeholder the templates must contain.
pub const USERNAME_PLACEHOLDER: &str = "{username}";

/// Directory settings, one field per configuration key (PRODUCT.md: `LDAPURL`,
/// `LDAPBindTemplate`, `LDAPBaseDN`, `LDAPUserFilter`, `ADDomain`, `KerberosRealm`,
/// `ADNetBIOSDomain`, `LDAPTrustedCACertificates`, `LDAPUsePlatformRoots`). Plain data: [`LdapDirectory::new`](super::LdapDirectory::new)
/// validates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdapOptions {
    /// `ldaps://host[:port]` (default port 636) or `ldap://host[:port]` (default port 389,
    /// always upgraded with StartTLS). Host may be a DNS name, an IPv4 address or a bracketed IPv6
    /// address. No path, query, user or password part.
    pub url: String,
    /// How the person binds, with `{username}` standing for the normalised short name:
    /// `{username}@example.com` (UPN), `EXAMPLE\{username}` (down-level), or a DN such as
    /// `uid={username},ou=people,dc=example,dc=test` (the value is then RFC 4514-escaped).
    pub bind_template: String,
    /// Where the user's own entry is searched after the bind (subtree).
    pub base_dn: String,
    /// Filter that finds the user's own entry, e.g. `(uid={username})` or
    /// `(sAMAccountName={username})`; the value is RFC 4515-escaped. May be empty (with an empty
    /// `base_dn`) when `bind_template` is a DN: the bound entry itself is then read.
    pub user_filter: String,
    /// Active Directory DNS domain, e.g. `example.com`; gives [`VerifiedUser::domain`](super::VerifiedUser).
    pub ad_domain: Option<String>,
    /// Kerberos realm; defaults to the upper-case `ad_domain`.
    pub kerberos_realm: Option<String>,
    /// The NetBIOS (down-level) name of this Mac's domain, e.g. `EXAMPLE` (`ADNetBIOSDomain`): a
    /// WhoAmI answer `u:DOMAIN\user` must name it. Defaults to the DOMAIN of a down-level
    /// `bind_template` (`EXAMPLE\{username}`), else the first label of `ad_domain`.
    pub netbios_domain: Option<String>,
    /// Extra trusted roots (PEM, one or more certificates each), for private CAs.
    pub trusted_ca_pems: Vec<String>,
    /// Also trust the platform's roots (the macOS keychain / `/etc/ssl/certs`). Default true.
    pub use_platform_roots: bool,
    /// Budget for name resolution, TCP connect, StartTLS and the TLS handshake together.
    pub connect_timeout: Duration,
    /// Budget for each LDAP operation (bind, search).
    pub operation_timeout: Duration,
    /// Groups (DNs) whose membership the verification reports in [`super::VerifiedUser::groups`]
    /// (`TechnicianGroups`): from the entry's `memberOf`, else by asking each group whether it
    /// lists the entry (`member` / `uniqueMember`), for directories without `memberOf`.
    pub groups: Vec<String>,
}

impl Default for LdapOptions {
    fn default() -> Self {
        LdapOptions {
            url: String::new(),
            bind_template: String::new(),
            base_dn: String::new(),
            user_filter: String::new(),
            ad_domain: None,
            kerberos_realm: None,
            netbios_domain: None,
            trusted_ca_pems: Vec::new(),
            use_platform_roots: true,
            connect_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(10),
            groups: Vec::new(),
        }
    }
}

/// How TLS is established. There is deliberately no plaintext variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// TLS from the first byte (`ldaps://`).
    Ldaps,
    /// Plain TCP, then the StartTLS extended operation, then everything else (`ldap://`).
    StartTls,
}

/// The host part of the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Host {
    Name(String),
    Ip(IpAddr),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(n) => f.write_str(n),
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// A validated `LDAPURL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub transport: Transport,
    pub host: Host,
    pub port: u16,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.transport {
            Transport::Ldaps => "ldaps",
            Transport::StartTls => "ldap+starttls",
        };
        write!(f, "{scheme}://{}:{}", self.host, self.port)
    }
}

fn config(detail: impl Into<String>) -> DirectoryError {
    DirectoryError::Config {
        detail: detail.into(),
    }
}

/// Parses and checks `LDAPURL`.
pub(crate) fn parse_url(raw: &str) -> Result<Endpoint, DirectoryError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(config("LDAPURL is empty"));
    }
    let url = url::Url::parse(raw).map_err(|e| config(format!("LDAPURL is not a URL: {e}")))?;
    let (transport, default_port) = match url.scheme() {
        "ldaps" => (Transport::Ldaps, 636),
        "ldap" => (Transport::StartTls, 389),
        other => {
            return Err(config(format!(
                "LDAPURL scheme {other:?} is not supported; use ldaps:// or ldap:// (StartTLS)"
            )))
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config("LDAPURL must not contain a user or password"));
    }
    if !(url.path().is_empty() || url.path() == "/") || url.query().is_some() {
        return Err(config(
            "LDAPURL must be just scheme://host[:port]; set the base DN and filter in LDAPBaseDN and LDAPUserFilter",
        ));
    }
    if url.fragment().is_some() {
        return Err(config("LDAPURL must not contain a fragment"));
    }
    let host = match url.host() {
        Some(url::Host::Ipv4(ip)) => Host::Ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Host::Ip(IpAddr::V6(ip)),
        // `ldap` is not a "special" scheme for the URL standard, so IPv4 literals arrive as names.
        Some(url::Host::Domain(d)) => match d.parse::<IpAddr>() {
            Ok(ip) => Host::Ip(ip),
            Err(_) if is_dns_name(d) => Host::Name(d.to_ascii_lowercase()),
            Err(_) => {
                return Err(config(format!(
                    "LDAPURL host {d:?} is not a valid host name"
                )))
            }
        },
        None => return Err(config("LDAPURL has no host")),
    };
    let port = url.port().unwrap_or(default_port);
    if port == 0 {
        return Err(config("LDAPURL port 0 is not valid"));
    }
    Ok(Endpoint {
        transport,
        host,
        port,
    })
}

fn is_dns_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `LDAPBindTemplate`, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BindTemplate {
    template: String,
    kind: BindKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BindKind {
    /// `uid={username},ou=…`: the value is escaped per RFC 4514.
    Dn,
    /// `{username}@example.com`.
    Upn,
    /// `EXAMPLE\{username}` or anything else AD accepts as a simple-bind name.
    Other,
}

impl BindTemplate {
    pub fn parse(raw: &str) -> Result<Self, DirectoryError> {
        let template = raw.trim().to_string();
        check_placeholders(&template, "LDAPBindTemplate")?;
        let outside: String = template.replace(USERNAME_PLACEHOLDER, "");
        let kind = if outside.contains('=') {
            BindKind::Dn
        } else if outside.contains('@') {
            BindKind::Upn
        } else {
            BindKind::Other
        };
        Ok(BindTemplate { template, kind })
    }

    pub fn kind(&self) -> BindKind {
        self.kind
    }

    /// The bind name for this user.
    pub fn render(&self, user: &NormalizedUsername) -> String {
        let value = match self.kind {
            BindKind::Dn => ldap3::dn_escape(user.as_str()).into_owned(),
            BindKind::Upn | BindKind::Other => user.as_str().to_string(),
        };
        self.template.replace(USERNAME_PLACEHOLDER, &value)
    }
}

/// How the user's own entry is found after the bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryLookup {
    /// Subtree search under `base` with the filter template.
    Search { base: String, filter: String },
    /// Base-scope read of the bound DN (DN bind template, no filter configured).
    BoundDn,
}

impl EntryLookup {
    pub fn parse(
        base_dn: &str,
        user_filter: &str,
        bind: &BindTemplate,
    ) -> Result<Self, DirectoryError> {
        let base = base_dn.trim();
        let filter = user_filter.trim();
        match (base.is_empty(), filter.is_empty()) {
            (true, true) if bind.kind() == BindKind::Dn => Ok(EntryLookup::BoundDn),
            (true, true) => Err(config(
                "LDAPBaseDN and LDAPUserFilter are required unless LDAPBindTemplate is a DN",
            )),
            (true, false) => Err(config("LDAPUserFilter is set but LDAPBaseDN is empty")),
            (false, true) => Err(config("LDAPBaseDN is set but LDAPUserFilter is empty")),
            (false, false) => {
                check_placeholders(filter, "LDAPUserFilter")?;
                // The sample rendering must be a filter the client can encode.
                let sample = filter.replace(USERNAME_PLACEHOLDER, "sample");
                if ldap3::parse_filter(&sample).is_err() {
                    return Err(config(format!(
                        "LDAPUserFilter {filter:?} is not a valid LDAP filter"
                    )));
                }
                Ok(EntryLookup::Search {
                    base: base.to_string(),
                    filter: filter.to_string(),
                })
            }
        }
    }
}

/// Renders a filter template with the value escaped per RFC 4515, so `*)(uid=*` stays a literal.
pub(crate) fn render_filter(template: &str, user: &NormalizedUsername) -> String {
    template.replace(USERNAME_PLACEHOLDER, &ldap3::ldap_escape(user.as_str()))
}

/// Requires `{username}` at least once and no other `{…}` placeholder (catches `{user}` typos).
fn check_placeholders(template: &str, key: &str) -> Result<(), DirectoryError> {
    if !template.contains(USERNAME_PLACEHOLDER) {
        return Err(config(format!("{key} must contain {USERNAME_PLACEHOLDER}")));
    }
    let rest = template.replace(USERNAME_PLACEHOLDER, "");
    if rest.contains('{') || rest.contains('}') {
        return Err(config(format!(
            "{key} may only use the placeholder {USERNAME_PLACEHOLDER}"
        )));
    }
    Ok(())
}

impl LdapOptions {
    /// The directory options of a validated configuration; `None` when `DirectoryType` is `none`.
    pub fn from_settings(settings: &crate::config::Settings) -> Option<Self> {
        let ldap = settings.directory.ldap.as_ref()?;
        // The group CreateMissingUsers adds members of: its membership must be read.
        let groups = settings
            .uem
            .as_ref()
            .filter(|uem| uem.create_missing_users)
            .and_then(|uem| uem.create_users_group.clone())
            .into_iter()
            .collect();
        Some(LdapOptions {
            url: ldap.url.to_string().trim_end_matches('/').to_owned(),
            bind_template: ldap.bind_template.clone(),
            base_dn: ldap.base_dn.clone().unwrap_or_default(),
            user_filter: ldap.user_filter.clone().unwrap_or_default(),
            ad_domain: settings.directory.ad_domain.clone(),
            kerberos_realm: settings.directory.kerberos_realm.clone(),
            netbios_domain: settings.directory.netbios_domain.clone(),
            trusted_ca_pems: settings.directory.trusted_ca_certificates.clone(),
            use_platform_roots: settings.directory.use_platform_roots,
            groups,
            ..LdapOptions::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::normalize_username;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn ok(url: &str) -> Endpoint {
        parse_url(url).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    #[test]
    fn urls_that_are_accepted() {
        let e = ok("ldaps://dc1.example.com");
        assert_eq!(e.transport, Transport::Ldaps);
        assert_eq!(e.host, Host::Name("dc1.example.com".into()));
        assert_eq!(e.port, 636);

        let e = ok("ldap://DC1.Example.COM/");
        assert_eq!(e.transport, Transport::StartTls);
        assert_eq!(e.host, Host::Name("dc1.example.com".into()));
        assert_eq!(e.port, 389);

        let e = ok("LDAPS://127.0.0.1:1636");
        assert_eq!(e.host, Host::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert_eq!(e.port, 1636);

        let e = ok("ldaps://[::1]:1636");
        assert_eq!(e.host, Host::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert_eq!(e.to_string(), "ldaps://[::1]:1636");

        let e = ok("  ldap://localhost:3890  ");
        assert_eq!(e.to_string(), "ldap+starttls://localhost:3890");
    }

    #[test]
    fn urls_that_are_refused() {
        for url in [
            "",
            "dc1.example.com",
            "http://dc1.example.com",
            "ldapi:///var/run/slapd/ldapi",
            "cldap://dc1.example.com",
            "ldaps://",
            "ldaps://user:pw@dc1.example.com",
            "ldaps://dc1.example.com/dc=example,dc=com",
            "ldaps://dc1.example.com/??sub?(uid=x)",
            "ldaps://dc1.example.com#x",
            "ldaps://dc1.example.com:0",
            "ldaps://dc1.example.com:99999",
            "ldaps://bad host",
            "ldaps://-bad.example.com",
        ] {
            let err = parse_url(url).expect_err(url);
            assert!(
                matches!(err, DirectoryError::Config { .. }),
                "{url}: {err:?}"
            );
        }
    }

    #[test]
    fn bind_templates_render_per_kind() {
        let jdoe = normalize_username("JDoe").unwrap();
        let t = BindTemplate::parse("{username}@example.com").unwrap();
        assert_eq!(t.kind(), BindKind::Upn);
        assert_eq!(t.render(&jdoe), "jdoe@example.com");

        let t = BindTemplate::parse("EXAMPLE\\{username}").unwrap();
        assert_eq!(t.kind(), BindKind::Other);
        assert_eq!(t.render(&jdoe), "EXAMPLE\\jdoe");

        let t = BindTemplate::parse("uid={username},ou=people,dc=example,dc=test").unwrap();
        assert_eq!(t.kind(), BindKind::Dn);
        assert_eq!(t.render(&jdoe), "uid=jdoe,ou=people,dc=example,dc=test");

        // DN special characters in the value cannot change the DN's structure.
        let evil = normalize_username("x,ou=admins+cn=y").unwrap();
        assert_eq!(
            t.render(&evil),
            "uid=x\\2cou\\3dadmins\\2bcn\\3dy,ou=people,dc=example,dc=test"
        );
    }

    #[test]
    fn templates_need_exactly_the_username_placeholder() {
        for bad in [
            "",
            "jdoe@example.com",
            "{user}@example.com",
            "{username}@{domain}",
        ] {
            assert!(BindTemplate::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn filters_are_escaped() {
        let evil = normalize_username("*)(uid=*").unwrap();
        assert_eq!(
            render_filter("(uid={username})", &evil),
            "(uid=\\2a\\29\\28uid=\\2a)"
        );
        let star = normalize_username("a*").unwrap();
        assert_eq!(
            render_filter("(|(uid={username})(mail={username}))", &star),
            "(|(uid=a\\2a)(mail=a\\2a))"
        );
        let backslash_free = normalize_username("o(x)").unwrap();
        assert!(ldap3::parse_filter(render_filter("(uid={username})", &backslash_free)).is_ok());
    }

    #[test]
    fn entry_lookup_rules() {
        let dn = BindTemplate::parse("uid={username},ou=people,dc=example,dc=test").unwrap();
        let upn = BindTemplate::parse("{username}@example.com").unwrap();
        assert_eq!(
            EntryLookup::parse("", "", &dn).unwrap(),
            EntryLookup::BoundDn
        );
        assert!(EntryLookup::parse("", "", &upn).is_err());
        assert!(EntryLookup::parse("dc=x", "", &upn).is_err());
        assert!(EntryLookup::parse("", "(uid={username})", &upn).is_err());
        assert!(EntryLookup::parse("dc=x", "(uid=jdoe)", &upn).is_err());
        assert!(EntryLookup::parse("dc=x", "(uid={username}", &upn).is_err());
        assert_eq!(
            EntryLookup::parse(" dc=x ", " (sAMAccountName={username}) ", &upn).unwrap(),
            EntryLookup::Search {
                base: "dc=x".into(),
                filter: "(sAMAccountName={username})".into()
            }
        );
    }
}
