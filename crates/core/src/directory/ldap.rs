//! [`LdapDirectory`]: a simple bind as the user over LDAPS or StartTLS, a read of the user's own
//! entry with that identity, then the proof that the entry is that identity's: the server's answer
//! to "Who am I?" (RFC 4532), or, from a server without it, what the bind name proves
//! ([`identity`](super::identity)). All on one connection, before the unbind.
//!
//! Connection set-up, in order: resolve the host, connect TCP ourselves and set `TCP_NODELAY`
//! (ldap3 never does; without it every exchange stalls on delayed ACKs), hand the socket to ldap3,
//! which runs StartTLS if configured and the TLS handshake with our rustls configuration. The
//! connect timeout covers all of that; the operation timeout covers each LDAP operation.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ldap3::exop::WhoAmI;
use ldap3::result::ExopResult;
use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, SearchOptions, StdStream};
use rustls::ClientConfig;
use secrecy::{ExposeSecret, SecretString};

use super::error::{
    from_bind_result, from_io_error, from_ldap_error, log_safe, DirectoryError, Stage,
};
use super::identity::{
    confirm_bind, confirm_whoami, dn_within, same_dn, whoami_dn, Confirmation, EntryNames,
};
use super::options::{
    parse_url, render_filter, BindKind, BindTemplate, Endpoint, EntryLookup, Host, LdapOptions,
    Transport,
};
use super::username::{normalize_username, NormalizedUsername};
use super::{tls, BoxFuture, Directory, VerifiedUser};

/// Attributes read from the user's own entry.
const ENTRY_ATTRIBUTES: &[&str] = &[
    "sAMAccountName",
    "uid",
    "userPrincipalName",
    "displayName",
    "cn",
    "mail",
    "memberOf",
    "entryUUID",
    "objectGUID",
];

/// The LDAP [`Directory`]. Cheap to clone; one connection per verification.
#[derive(Clone)]
pub struct LdapDirectory {
    inner: Arc<Prepared>,
}

struct Prepared {
    endpoint: Endpoint,
    /// What ldap3 is given: scheme, a bracket-free host, port. Only the scheme and host matter to
    /// ldap3 (we hand it the socket); the certificate is checked against `endpoint.host`.
    ldap3_url: String,
    bind: BindTemplate,
    lookup: EntryLookup,
    tls: Arc<ClientConfig>,
    ad_domain: Option<String>,
    /// The NetBIOS name a WhoAmI `u:DOMAIN\user` answer must carry, when known.
    ad_netbios: Option<String>,
    realm: Option<String>,
    connect_timeout: Duration,
    operation_timeout: Duration,
    groups: Vec<String>,
}

impl fmt::Debug for LdapDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LdapDirectory")
            .field("endpoint", &self.inner.endpoint.to_string())
            .field("bind", &self.inner.bind)
            .field("lookup", &self.inner.lookup)
            .finish_non_exhaustive()
    }
}

impl LdapDirectory {
    /// Validates `options` and prepares the TLS configuration. Every configuration mistake
    /// surfaces here as [`DirectoryError::Config`], before any verification.
    pub fn new(options: &LdapOptions) -> Result<Self, DirectoryError> {
        let endpoint = parse_url(&options.url)?;
        let bind = BindTemplate::parse(&options.bind_template)?;
        let lookup = EntryLookup::parse(&options.base_dn, &options.user_filter, &bind)?;
        if options.connect_timeout.is_zero() || options.operation_timeout.is_zero() {
            return Err(DirectoryError::Config {
                detail: "directory timeouts must be greater than zero".into(),
            });
        }
        let roots = tls::root_store(options.use_platform_roots, &options.trusted_ca_pems)?;
        let tls = tls::client_config(roots, tls::server_name(&endpoint.host)?)?;
        let scheme = match endpoint.transport {
            Transport::Ldaps => "ldaps",
            Transport::StartTls => "ldap",
        };
        let ldap3_url = format!(
            "{scheme}://{}:{}",
            tls::ldap3_host(&endpoint.host),
            endpoint.port
        );

        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let ad_domain = clean(&options.ad_domain).map(|d| d.to_lowercase());
        let realm =
            clean(&options.kerberos_realm).or_else(|| ad_domain.as_ref().map(|d| d.to_uppercase()));
        let ad_netbios = clean(&options.netbios_domain)
            .or_else(|| {
                (bind.kind() == BindKind::Other)
                    .then(|| options.bind_template.trim().split_once('\\'))
                    .flatten()
                    .map(|(domain, _)| domain.trim().to_string())
                    .filter(|d| !d.is_empty() && !d.contains('{'))
            })
            .or_else(|| {
                ad_domain
                    .as_deref()
                    .and_then(|d| d.split('.').next())
                    .filter(|label| !label.is_empty())
                    .map(str::to_string)
            });
        Ok(LdapDirectory {
            inner: Arc::new(Prepared {
                endpoint,
                ldap3_url,
                bind,
                lookup,
                tls,
                ad_domain,
                ad_netbios,
                realm,
                connect_timeout: options.connect_timeout,
                operation_timeout: options.operation_timeout,
                groups: options
                    .groups
                    .iter()
                    .map(|g| g.trim().to_owned())
                    .filter(|g| !g.is_empty())
                    .collect(),
            }),
        })
    }

    /// The validated endpoint, e.g. `ldaps://dc1.example.com:636` or
    /// `ldap+starttls://dc1.example.com:389`, for logs and `check-config`.
    pub fn endpoint(&self) -> String {
        self.inner.endpoint.to_string()
    }

    /// Connects and completes TLS (LDAPS or StartTLS) with the configured roots, then ends the
    /// session without binding: whether the directory is reachable and trusted (`baton doctor`).
    pub async fn probe(&self) -> Result<(), DirectoryError> {
        let mut ldap = self.inner.connect().await?;
        let _ = tokio::time::timeout(self.inner.operation_timeout, ldap.unbind()).await;
        Ok(())
    }

    async fn verify_logged(
        &self,
        typed: &str,
        password: &SecretString,
    ) -> Result<VerifiedUser, DirectoryError> {
        let started = Instant::now();
        let user = match normalize_username(typed) {
            Ok(user) => user,
            Err(problem) => {
                let err = DirectoryError::InvalidUsername {
                    reason: problem.as_str(),
                };
                tracing::warn!(target: "baton::directory", error = %err, "directory verification refused");
                return Err(err);
            }
        };
        let result = self.inner.verify(&user, password).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let endpoint = self.inner.endpoint.to_string();
        match &result {
            Ok(v) => tracing::info!(
                target: "baton::directory",
                user = %user,
                dn = %log_safe(&v.dn),
                %endpoint,
                elapsed_ms,
                "directory verification succeeded"
            ),
            Err(e) => {
                // A failed username may be a password typed into the wrong field: log a
                // fingerprint, not the name.
                let code = crate::problem::Problem::user_facing(e).code;
                tracing::warn!(
                    target: "baton::directory",
                    user_ref = %fingerprint(&user),
                    code,
                    error = %e,
                    %endpoint,
                    elapsed_ms,
                    "directory verification failed"
                );
            }
        }
        result
    }
}

impl Directory for LdapDirectory {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        Box::pin(self.verify_logged(username, password))
    }
}

/// First 8 hex digits of SHA-256 of the normalised name: enough to correlate log lines, and a
/// support engineer who knows the username can compute it.
pub(crate) fn fingerprint(user: &NormalizedUsername) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, user.as_str().as_bytes());
    digest.as_ref()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Prepared {
    async fn verify(
        &self,
        user: &NormalizedUsername,
        password: &SecretString,
    ) -> Result<VerifiedUser, DirectoryError> {
        // Never send an empty password: AD answers it as a successful anonymous bind.
        if password.expose_secret().is_empty() {
            return Err(DirectoryError::EmptyPassword);
        }
        let bind_name = self.bind.render(user);
        let mut ldap = self.connect().await?;
        let outcome = self
            .bind_and_read(&mut ldap, user, &bind_name, password)
            .await;
        // Politely end the session; failure here changes nothing.
        let _ = tokio::time::timeout(self.operation_timeout, ldap.unbind()).await;
        outcome
    }

    async fn bind_and_read(
        &self,
        ldap: &mut ldap3::Ldap,
        user: &NormalizedUsername,
        bind_name: &str,
        password: &SecretString,
    ) -> Result<VerifiedUser, DirectoryError> {
        let bound = ldap
            .with_timeout(self.operation_timeout)
            .simple_bind(bind_name, password.expose_secret())
            .await
            .map_err(|e| from_ldap_error(e, Stage::Bind))?;
        if bound.rc != 0 {
            return Err(from_bind_result(bound.rc, &bound.text));
        }
        // Asked at most once per connection: by the own-entry read below, else by the identity
        // check.
        let mut whoami = None;
        let entry = match self.read_entry(ldap, user, bind_name).await? {
            Some(entry) => entry,
            None => {
                self.read_own_entry(ldap, user, bind_name, &mut whoami)
                    .await?
            }
        };
        let whoami = match whoami {
            Some(answer) => answer,
            None => self.ask_whoami(ldap).await,
        };
        let confirmed = self.confirm_identity(bind_name, &entry, &whoami)?;
        tracing::info!(
            target: "baton::directory",
            user = %user,
            dn = %log_safe(&entry.dn),
            confirmed_by = %confirmed,
            "directory identity confirmed"
        );
        let mut verified = self.verified_user(user, bind_name, &entry);
        verified.groups = self.memberships(ldap, &entry).await?;
        Ok(verified)
    }

    /// The configured groups `entry` belongs to: named in its `memberOf`, or (for directories
    /// without `memberOf`, such as a plain OpenLDAP) listing the entry as `member` or
    /// `uniqueMember` — asked of each group with the person's own identity, one base-scope
    /// search per group not already found.
    async fn memberships(
        &self,
        ldap: &mut ldap3::Ldap,
        entry: &SearchEntry,
    ) -> Result<Vec<String>, DirectoryError> {
        let member_of: Vec<&String> = entry
            .attrs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("memberOf"))
            .flat_map(|(_, values)| values.iter())
            .collect();
        let mut found = Vec::new();
        for group in &self.groups {
            if member_of.iter().any(|dn| same_dn(dn, group)) {
                found.push(group.clone());
                continue;
            }
            let dn = ldap3::ldap_escape(&entry.dn);
            let filter = format!("(|(member={dn})(uniqueMember={dn}))");
            let answer = ldap
                .with_timeout(self.operation_timeout)
                .search(group, Scope::Base, &filter, vec!["1.1"])
                .await
                .map_err(|e| from_ldap_error(e, Stage::Search))?;
            let ldap3::SearchResult(entries, result) = answer;
            match result.rc {
                // 32: no such group (or not visible to this person): not a member.
                0 | 32 => {}
                rc => {
                    tracing::warn!(
                        target: "baton::directory",
                        group = %log_safe(group),
                        rc,
                        "group membership could not be read: {}",
                        log_safe(&result.text)
                    );
                }
            }
            if entries.iter().any(|e| !e.is_ref() && !e.is_intermediate()) {
                found.push(group.clone());
            }
        }
        Ok(found)
    }

    /// The server's "Who am I?" answer on this connection (RFC 4532). One round trip.
    async fn ask_whoami(&self, ldap: &mut ldap3::Ldap) -> WhoAmIAnswer {
        let asked = ldap
            .with_timeout(self.operation_timeout)
            .extended(WhoAmI)
            .await;
        match asked {
            Ok(ExopResult(exop, result)) if result.rc == 0 => {
                WhoAmIAnswer::Authzid(exop.val.unwrap_or_default())
            }
            Ok(ExopResult(_, result)) => WhoAmIAnswer::Unavailable(format!(
                "the directory does not answer WhoAmI (LDAP {}: {})",
                result.rc,
                log_safe(&result.text)
            )),
            Err(e) => WhoAmIAnswer::Unavailable(format!("no WhoAmI answer ({})", log_safe(e))),
        }
    }

    /// Proves that `entry` belongs to the identity that bound as `bind_name`: the server's
    /// "Who am I?" answer must name it; a server that does not answer WhoAmI (a non-zero result,
    /// or no usable reply) is judged by what the bind itself proves. Which of the two it was is
    /// in the caller's info line (`confirmed_by`); why there was no WhoAmI answer is logged at
    /// debug.
    fn confirm_identity(
        &self,
        bind_name: &str,
        entry: &SearchEntry,
        whoami: &WhoAmIAnswer,
    ) -> Result<Confirmation, DirectoryError> {
        let names = EntryNames {
            dn: entry.dn.clone(),
            account: attribute(entry, "sAMAccountName").or_else(|| attribute(entry, "uid")),
            upn: attribute(entry, "userPrincipalName"),
        };
        let confirmed = match whoami {
            WhoAmIAnswer::Authzid(authzid) => {
                confirm_whoami(authzid, &names, self.ad_netbios.as_deref())
            }
            WhoAmIAnswer::Unavailable(why) => {
                tracing::debug!(
                    target: "baton::directory",
                    "{why}; checking the entry against the bind name"
                );
                confirm_bind(self.bind.kind(), bind_name, &names)
            }
        };
        confirmed.map_err(|detail| DirectoryError::IdentityMismatch {
            detail: log_safe(detail),
        })
    }

    /// For a directory that lets a person read their own entry and nothing else (`access to *
    /// by self read by anonymous auth by * none`), where the search from `LDAPBaseDN` saw nothing:
    /// reads the entry of the identity that bound, with a base-scope search at its DN — the bind
    /// DN of a DN bind template, else the DN the server's WhoAmI answer names — and the
    /// configured filter, so the entry must still be one `LDAPUserFilter` accepts, under
    /// `LDAPBaseDN`. The identity check that follows is unchanged. `whoami` keeps the answer for
    /// it.
    async fn read_own_entry(
        &self,
        ldap: &mut ldap3::Ldap,
        user: &NormalizedUsername,
        bind_name: &str,
        whoami: &mut Option<WhoAmIAnswer>,
    ) -> Result<SearchEntry, DirectoryError> {
        let EntryLookup::Search { base, filter } = &self.lookup else {
            unreachable!("only a search can see nothing");
        };
        let filter = render_filter(filter, user);
        let unavailable = |detail: String| DirectoryError::EntryUnavailable {
            detail: log_safe(detail),
        };
        let own_dn = if self.bind.kind() == BindKind::Dn {
            bind_name.to_string()
        } else {
            let answer = self.ask_whoami(ldap).await;
            let dn = match &answer {
                WhoAmIAnswer::Authzid(authzid) => whoami_dn(authzid),
                WhoAmIAnswer::Unavailable(_) => None,
            };
            let said = match &answer {
                WhoAmIAnswer::Authzid(a) => format!("{:?}", String::from_utf8_lossy(a)),
                WhoAmIAnswer::Unavailable(why) => why.clone(),
            };
            *whoami = Some(answer);
            dn.ok_or_else(|| {
                unavailable(format!(
                    "no entry matches {filter} under {base}, and the bound identity names no DN \
                     to read instead (WhoAmI: {said})"
                ))
            })?
        };
        if !dn_within(&own_dn, base) {
            return Err(unavailable(format!(
                "no entry matches {filter} under {base}, and the bound identity {own_dn} is not \
                 under it"
            )));
        }
        let ldap3::SearchResult(entries, result) = ldap
            .with_timeout(self.operation_timeout)
            .with_search_options(SearchOptions::new().sizelimit(2))
            .search(&own_dn, Scope::Base, &filter, ENTRY_ATTRIBUTES.to_vec())
            .await
            .map_err(|e| from_ldap_error(e, Stage::Search))?;
        let mut found: Vec<SearchEntry> = entries
            .into_iter()
            .filter(|e| !e.is_ref() && !e.is_intermediate())
            .map(SearchEntry::construct)
            .collect();
        match (result.rc, found.len()) {
            (0, 1) => {
                tracing::info!(
                    target: "baton::directory",
                    dn = %log_safe(&own_dn),
                    "the search under the base DN saw no entry; read the bound identity's own entry"
                );
                Ok(found.remove(0))
            }
            (0 | 10 | 32 | 50, _) => Err(unavailable(format!(
                "no entry matches {filter} under {base}, nor at the bound identity {own_dn} \
                 (LDAP {}: {})",
                result.rc, result.text
            ))),
            (rc, _) => Err(DirectoryError::ServerError {
                code: rc,
                detail: log_safe(format!("own entry read: {}", result.text)),
            }),
        }
    }

    /// TCP (with NODELAY) + StartTLS + TLS, all within the connect timeout.
    async fn connect(&self) -> Result<ldap3::Ldap, DirectoryError> {
        let deadline = tokio::time::Instant::now() + self.connect_timeout;
        let tcp = match tokio::time::timeout_at(deadline, self.dial()).await {
            Ok(result) => result?,
            Err(_) => {
                return Err(DirectoryError::TimedOut {
                    detail: format!("TCP connect to {} did not complete", self.endpoint),
                })
            }
        };
        let std_stream = tcp
            .into_std()
            .map_err(|e| from_io_error(&e, Stage::Connect))?;
        let remaining = deadline
            .saturating_duration_since(tokio::time::Instant::now())
            .max(Duration::from_millis(1));
        let settings = LdapConnSettings::new()
            .set_config(self.tls.clone())
            .set_conn_timeout(remaining)
            .set_starttls(self.endpoint.transport == Transport::StartTls)
            .set_std_stream(StdStream::Tcp(std_stream));
        let (conn, ldap) = LdapConnAsync::with_settings(settings, &self.ldap3_url)
            .await
            .map_err(|e| from_ldap_error(e, Stage::Connect))?;
        tokio::spawn(async move {
            if let Err(e) = conn.drive().await {
                tracing::debug!(target: "baton::directory", "LDAP connection ended: {}", log_safe(e));
            }
        });
        Ok(ldap)
    }

    /// Resolves the host and connects to the first address that answers.
    async fn dial(&self) -> Result<tokio::net::TcpStream, DirectoryError> {
        let port = self.endpoint.port;
        let addrs: Vec<SocketAddr> = match &self.endpoint.host {
            Host::Ip(ip) => vec![SocketAddr::new(*ip, port)],
            Host::Name(name) => tokio::net::lookup_host((name.as_str(), port))
                .await
                .map_err(|e| DirectoryError::Unreachable {
                    detail: format!("cannot resolve {name}: {}", log_safe(e)),
                })?
                .collect(),
        };
        let mut failures = Vec::new();
        for addr in &addrs {
            match tokio::net::TcpStream::connect(addr).await {
                Ok(stream) => {
                    if let Err(e) = stream.set_nodelay(true) {
                        tracing::debug!(target: "baton::directory", "TCP_NODELAY not set: {e}");
                    }
                    return Ok(stream);
                }
                Err(e) => failures.push(format!("{addr}: {e}")),
            }
        }
        Err(DirectoryError::Unreachable {
            detail: if failures.is_empty() {
                format!("{} resolved to no address", self.endpoint)
            } else {
                log_safe(format!(
                    "cannot connect to {}: {}",
                    self.endpoint,
                    failures.join("; ")
                ))
            },
        })
    }

    /// Reads the user's own entry, with the user's own identity. `None`: a search under
    /// `LDAPBaseDN` saw no entry (none matched, or the base is not visible to this person), so
    /// [`read_own_entry`](Self::read_own_entry) may still read it.
    async fn read_entry(
        &self,
        ldap: &mut ldap3::Ldap,
        user: &NormalizedUsername,
        bind_name: &str,
    ) -> Result<Option<SearchEntry>, DirectoryError> {
        let searching = matches!(self.lookup, EntryLookup::Search { .. });
        let (base, scope, filter) = match &self.lookup {
            EntryLookup::Search { base, filter } => {
                (base.clone(), Scope::Subtree, render_filter(filter, user))
            }
            EntryLookup::BoundDn => (
                bind_name.to_string(),
                Scope::Base,
                "(objectClass=*)".to_string(),
            ),
        };
        let unavailable = |detail: String| DirectoryError::EntryUnavailable {
            detail: log_safe(detail),
        };
        let ldap3::SearchResult(entries, result) = ldap
            .with_timeout(self.operation_timeout)
            .with_search_options(SearchOptions::new().sizelimit(2))
            .search(&base, scope, &filter, ENTRY_ATTRIBUTES.to_vec())
            .await
            .map_err(|e| from_ldap_error(e, Stage::Search))?;
        match result.rc {
            0 => {}
            4 => {
                return Err(unavailable(format!(
                    "more than one entry matches {filter} under {base}"
                )))
            }
            10 | 32 | 50 if searching => {
                tracing::debug!(
                    target: "baton::directory",
                    rc = result.rc,
                    "the search under {} saw nothing: {}",
                    log_safe(&base),
                    log_safe(&result.text)
                );
                return Ok(None);
            }
            10 | 32 | 50 => {
                return Err(unavailable(format!(
                    "search under {base} failed (LDAP {}): {}",
                    result.rc, result.text
                )))
            }
            rc => {
                return Err(DirectoryError::ServerError {
                    code: rc,
                    detail: log_safe(format!("entry search: {}", result.text)),
                })
            }
        }
        // Continuation references (AD returns them for its other partitions) are not entries.
        let mut found: Vec<SearchEntry> = entries
            .into_iter()
            .filter(|e| !e.is_ref() && !e.is_intermediate())
            .map(SearchEntry::construct)
            .collect();
        match found.len() {
            1 => Ok(Some(found.remove(0))),
            0 if searching => Ok(None),
            0 => Err(unavailable(format!(
                "no entry matches {filter} under {base}"
            ))),
            n => Err(unavailable(format!(
                "{n} entries match {filter} under {base}"
            ))),
        }
    }

    fn verified_user(
        &self,
        user: &NormalizedUsername,
        bind_name: &str,
        entry: &SearchEntry,
    ) -> VerifiedUser {
        let upn = attribute(entry, "userPrincipalName")
            .or_else(|| (self.bind.kind() == BindKind::Upn).then(|| bind_name.to_string()));
        let upn_domain = upn
            .as_deref()
            .and_then(|u| u.rsplit_once('@'))
            .map(|(_, d)| d.to_string())
            .filter(|d| !d.is_empty());
        VerifiedUser {
            short_name: attribute(entry, "sAMAccountName")
                .or_else(|| attribute(entry, "uid"))
                .unwrap_or_else(|| user.as_str().to_string()),
            display_name: attribute(entry, "displayName").or_else(|| attribute(entry, "cn")),
            email: attribute(entry, "mail"),
            dn: entry.dn.clone(),
            domain: self
                .ad_domain
                .clone()
                .or_else(|| upn_domain.as_ref().map(|d| d.to_lowercase())),
            realm: self
                .realm
                .clone()
                .or_else(|| upn_domain.as_ref().map(|d| d.to_uppercase())),
            upn,
            groups: Vec::new(),
            directory_id: directory_id(entry),
        }
    }
}

/// The entry's unique id ([`VerifiedUser::directory_id`]): `objectGUID` (16 bytes, the first
/// three fields little-endian, as Active Directory shows a GUID) else `entryUUID` (already text).
fn directory_id(entry: &SearchEntry) -> Option<String> {
    let guid = entry
        .bin_attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("objectGUID"))
        .and_then(|(_, values)| values.first().cloned())
        // ldap3 keeps a value that happens to be valid UTF-8 among the text attributes.
        .or_else(|| {
            entry
                .attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("objectGUID"))
                .and_then(|(_, values)| values.first())
                .map(|v| v.as_bytes().to_vec())
        });
    if let Some(bytes) = guid.filter(|b| b.len() == 16) {
        return Some(format_guid(&bytes));
    }
    attribute(entry, "entryUUID")
        .map(|uuid| uuid.to_ascii_lowercase())
        .filter(|uuid| crate::uem::parse_uuid_text(uuid).is_some())
}

/// A 16-byte Microsoft GUID as lower-case `8-4-4-4-12` text.
pub(crate) fn format_guid(bytes: &[u8]) -> String {
    let hex = |range: &mut dyn Iterator<Item = &u8>| -> String {
        range.map(|b| format!("{b:02x}")).collect()
    };
    format!(
        "{}-{}-{}-{}-{}",
        hex(&mut bytes[0..4].iter().rev()),
        hex(&mut bytes[4..6].iter().rev()),
        hex(&mut bytes[6..8].iter().rev()),
        hex(&mut bytes[8..10].iter()),
        hex(&mut bytes[10..16].iter()),
    )
}

/// What the server said to "Who am I?" on this connection.
enum WhoAmIAnswer {
    /// The authorization identity (`dn:…`, `u:…`, or empty for anonymous).
    Authzid(Vec<u8>),
    /// No usable answer; why, for the log.
    Unavailable(String),
}

/// First non-empty value of an attribute, matching the name case-insensitively.
fn attribute(entry: &SearchEntry, name: &str) -> Option<String> {
    entry
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.iter().map(|v| v.trim()).find(|v| !v.is_empty()))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A CA certificate (key discarded) so that construction has a root without platform roots.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBoDCCAUegAwIBAgIUEcGYP6/tDLPAeMuj2pBLYknlQrAwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSQmF0b24gVW5pdCBUZXN0IENBMCAXDTI2MTEyNTA0NDIzM1oY
DzIxMjYxMTAxMDQ0MjMzWjAdMRswGQYDVQQDDBJCYXRvbiBVbml0IFRlc3QgQ0Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATcXVKMZhxK8/PAgw/yr5kO84JVl7NZ
AhRE391CCh5O2lRFA9PAnjq6wcCuhNpbTkp2OyQ/6xC5XpRRJIYRTMFJo2MwYTAd
BgNVHQ4EFgQUKRYVpEB3P80yYBhA3EccxlU6nnEwHwYDVR0jBBgwFoAUKRYVpEB3
P80yYBhA3EccxlU6nnEwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw
CgYIKoZIzj0EAwIDRwAwRAIgZIIB224lYo3s81eTsDWKtDLvre2VzOygXICkzqV/
SBACIGD90ZWlLyqUKe0qos3UAUntAZoG4tjAiFYh1klr9ds0
-----END CERTIFICATE-----
";

    fn options() -> LdapOptions {
        LdapOptions {
            url: "ldaps://127.0.0.1:1".into(),
            bind_template: "{username}@example.com".into(),
            base_dn: "dc=example,dc=com".into(),
            user_filter: "(sAMAccountName={username})".into(),
            ad_domain: Some("Example.com".into()),
            trusted_ca_pems: vec![TEST_CA.into()],
            use_platform_roots: false,
            ..LdapOptions::default()
        }
    }

    #[test]
    fn configuration_mistakes_surface_at_construction() {
        type Change = Box<dyn Fn(&mut LdapOptions)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "plaintext scheme",
                Box::new(|o| o.url = "http://dc1".into()),
            ),
            (
                "no placeholder",
                Box::new(|o| o.bind_template = "jdoe@example.com".into()),
            ),
            ("filter without base", Box::new(|o| o.base_dn.clear())),
            (
                "zero timeout",
                Box::new(|o| o.operation_timeout = Duration::ZERO),
            ),
            ("no roots", Box::new(|o| o.trusted_ca_pems.clear())),
        ];
        for (what, change) in cases {
            let mut o = options();
            change(&mut o);
            assert!(
                matches!(LdapDirectory::new(&o), Err(DirectoryError::Config { .. })),
                "{what}"
            );
        }
        let dir = LdapDirectory::new(&options()).unwrap();
        assert_eq!(dir.endpoint(), "ldaps://127.0.0.1:1");
    }

    #[test]
    fn verified_user_prefers_directory_attributes() {
        let dir = LdapDirectory::new(&options()).unwrap();
        let user = normalize_username("JDOE").unwrap();
        let mut attrs = HashMap::new();
        attrs.insert("sAMAccountName".to_string(), vec!["JDoe".to_string()]);
        attrs.insert(
            "userprincipalname".to_string(),
            vec!["John.Doe@Example.com".to_string()],
        );
        attrs.insert(
            "displayName".to_string(),
            vec!["".to_string(), "John Doe".to_string()],
        );
        attrs.insert("cn".to_string(), vec!["jdoe-cn".to_string()]);
        attrs.insert("mail".to_string(), vec!["john.doe@example.com".to_string()]);
        let entry = SearchEntry {
            dn: "CN=John Doe,OU=Staff,DC=example,DC=com".into(),
            attrs,
            bin_attrs: HashMap::new(),
        };
        let v = dir.inner.verified_user(&user, "jdoe@example.com", &entry);
        assert_eq!(v.short_name, "JDoe");
        assert_eq!(v.upn.as_deref(), Some("John.Doe@Example.com"));
        assert_eq!(v.display_name.as_deref(), Some("John Doe"));
        assert_eq!(v.email.as_deref(), Some("john.doe@example.com"));
        assert_eq!(v.domain.as_deref(), Some("example.com"));
        assert_eq!(v.realm.as_deref(), Some("EXAMPLE.COM"));
    }

    #[test]
    fn verified_user_falls_back_sensibly() {
        let mut o = options();
        o.ad_domain = None;
        let dir = LdapDirectory::new(&o).unwrap();
        let user = normalize_username("jdoe").unwrap();
        let mut attrs = HashMap::new();
        attrs.insert("cn".to_string(), vec!["J Doe".to_string()]);
        let entry = SearchEntry {
            dn: "uid=jdoe,dc=x".into(),
            attrs,
            bin_attrs: HashMap::new(),
        };
        let v = dir.inner.verified_user(&user, "jdoe@corp.example", &entry);
        assert_eq!(v.short_name, "jdoe");
        assert_eq!(
            v.upn.as_deref(),
            Some("jdoe@corp.example"),
            "UPN-shaped bind name"
        );
        assert_eq!(v.display_name.as_deref(), Some("J Doe"));
        assert_eq!(v.email, None);
        assert_eq!(v.domain.as_deref(), Some("corp.example"));
        assert_eq!(v.realm.as_deref(), Some("CORP.EXAMPLE"));
    }

    /// F15: the domain a WhoAmI `u:DOMAIN\\user` answer must name.
    #[test]
    fn the_netbios_domain_comes_from_the_key_the_bind_template_or_ad_domain() {
        let netbios = |edit: &dyn Fn(&mut LdapOptions)| {
            let mut o = options();
            edit(&mut o);
            LdapDirectory::new(&o).unwrap().inner.ad_netbios.clone()
        };
        // ADDomain Example.com, UPN template: the first label.
        assert_eq!(netbios(&|_| {}).as_deref(), Some("example"));
        // A down-level template names it.
        assert_eq!(
            netbios(&|o| o.bind_template = "CORP\\{username}".into()).as_deref(),
            Some("CORP")
        );
        // The key wins over both.
        assert_eq!(
            netbios(&|o| {
                o.bind_template = "CORP\\{username}".into();
                o.netbios_domain = Some(" EXMPL ".into());
            })
            .as_deref(),
            Some("EXMPL")
        );
        // Nothing known: no domain check.
        assert_eq!(netbios(&|o| o.ad_domain = None), None);
    }

    #[test]
    fn the_directory_id_is_the_object_guid_else_the_entry_uuid() {
        let entry = |text: &[(&str, &str)], bin: &[(&str, Vec<u8>)]| SearchEntry {
            dn: "cn=x".into(),
            attrs: text
                .iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect(),
            bin_attrs: bin
                .iter()
                .map(|(k, v)| (k.to_string(), vec![v.clone()]))
                .collect(),
        };
        // The GUID {3F2504E0-4F89-11D3-9A0C-0305E82C3301} as AD stores it.
        let guid = vec![
            0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c,
            0x33, 0x01,
        ];
        assert_eq!(
            directory_id(&entry(&[], &[("objectGUID", guid)])).as_deref(),
            Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
        );
        // 16 bytes that happen to be UTF-8 arrive as text.
        assert_eq!(
            directory_id(&entry(&[("objectguid", "ABCDEFGHIJKLMNOP")], &[])).as_deref(),
            Some("44434241-4645-4847-494a-4b4c4d4e4f50")
        );
        assert_eq!(
            directory_id(&entry(
                &[("entryUUID", "4E9B2C86-1D5B-103F-8E1A-9B0F5A2B7C11")],
                &[]
            ))
            .as_deref(),
            Some("4e9b2c86-1d5b-103f-8e1a-9b0f5a2b7c11")
        );
        assert_eq!(
            directory_id(&entry(&[("entryUUID", "not a uuid")], &[])),
            None
        );
        assert_eq!(
            directory_id(&entry(&[], &[("objectGUID", vec![1, 2, 3])])),
            None
        );
        assert_eq!(directory_id(&entry(&[("cn", "x")], &[])), None);
    }

    #[test]
    fn fingerprints_are_stable_and_short() {
        let a = fingerprint(&normalize_username("JDoe").unwrap());
        let b = fingerprint(&normalize_username("jdoe@example.com").unwrap());
        assert_eq!(a, b);
        assert_eq!(a.len(), 8);
        assert_ne!(a, fingerprint(&normalize_username("jdoe2").unwrap()));
    }

    /// A hostile or misconfigured server that refuses StartTLS must not get a plaintext bind.
    #[tokio::test]
    async fn refused_starttls_never_falls_back_to_plaintext() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut sock, _) = listener.accept().unwrap();
            sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 512];
            let n = sock.read(&mut buf).unwrap();
            // LDAPMessage { id, ExtendedRequest [APPLICATION 23] { 1.3.6.1.4.1.1466.20037 } }
            assert!(
                n > 5 && buf[0] == 0x30 && buf[2] == 0x02 && buf[3] == 1,
                "{:x?}",
                &buf[..n]
            );
            assert_eq!(buf[5], 0x77, "first request is StartTLS: {:x?}", &buf[..n]);
            assert!(buf[..n].windows(22).any(|w| w == b"1.3.6.1.4.1.1466.20037"));
            let id = buf[4];
            // ExtendedResponse [APPLICATION 24] { resultCode protocolError(2), "", "" }
            let reply = [
                0x30, 0x0c, 0x02, 0x01, id, 0x78, 0x07, 0x0a, 0x01, 0x02, 0x04, 0x00, 0x04, 0x00,
            ];
            sock.write_all(&reply).unwrap();
            // Nothing may follow: no bind, no password.
            let mut rest = Vec::new();
            let _ = sock.read_to_end(&mut rest);
            rest
        });
        let mut o = options();
        o.url = format!("ldap://127.0.0.1:{port}");
        let dir = LdapDirectory::new(&o).unwrap();
        let result = dir
            .verify("jdoe", &SecretString::from("pw".to_string()))
            .await;
        match &result {
            Err(DirectoryError::Tls { detail }) => assert!(detail.contains("StartTLS"), "{detail}"),
            other => panic!("expected a TLS failure, got {other:?}"),
        }
        let after = server.join().unwrap();
        assert!(after.is_empty(), "bytes sent after the refusal: {after:x?}");
    }

    #[tokio::test]
    async fn refusals_before_any_packet() {
        // Port 1 on loopback: if anything were sent, the result would be Unreachable instead.
        let dir = LdapDirectory::new(&options()).unwrap();
        let empty = SecretString::from(String::new());
        assert_eq!(
            dir.verify("jdoe", &empty).await,
            Err(DirectoryError::EmptyPassword)
        );
        let pw = SecretString::from("x".to_string());
        assert!(matches!(
            dir.verify("  ", &pw).await,
            Err(DirectoryError::InvalidUsername { .. })
        ));
        // And with a password, the same directory really does try to connect.
        assert!(matches!(
            dir.verify("jdoe", &pw).await,
            Err(DirectoryError::Unreachable { .. })
        ));
    }
}
