//! Is the entry that was read the account that bound? Pure decisions, no I/O.
//!
//! The bind proves the password of one identity; the entry read afterwards (through
//! `LDAPBaseDN` + `LDAPUserFilter`, or at the bound DN) is what Baton hands the Mac and the
//! Keychain to. A filter that matches on an attribute someone else's entry carries would
//! otherwise turn Bob's correct password into a [`VerifiedUser`](super::VerifiedUser) for Alice.
//!
//! The server is asked first, with the "Who am I?" extended operation (RFC 4532):
//! [`confirm_whoami`] compares its answer with the entry. A server without it is judged by what
//! the bind itself proves: [`confirm_bind`].

use std::fmt;

use super::options::BindKind;

/// What an entry says about whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryNames {
    /// The entry's DN, as the server sent it.
    pub dn: String,
    /// `sAMAccountName`, else `uid`.
    pub account: Option<String>,
    /// `userPrincipalName`.
    pub upn: Option<String>,
}

/// How the identity was confirmed (for the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirmation {
    /// WhoAmI answered `dn:` with the entry's DN (OpenLDAP).
    WhoAmIDn,
    /// WhoAmI answered `u:[DOMAIN\]user` with the entry's account name (Active Directory, Samba).
    WhoAmIUser,
    /// No WhoAmI; the entry's DN is the DN that bound.
    BindDn,
    /// No WhoAmI; the entry's `userPrincipalName` is the UPN that bound.
    BindUpn,
    /// No WhoAmI; the entry's account name is the UPN's user part (an implicit UPN), and its
    /// `userPrincipalName`, if any, has the same domain.
    BindUpnUser,
    /// No WhoAmI; the entry's account name is the user part of the `DOMAIN\user` that bound.
    BindUser,
}

impl Confirmation {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Confirmation::WhoAmIDn => "whoami-dn",
            Confirmation::WhoAmIUser => "whoami-user",
            Confirmation::BindDn => "bind-dn",
            Confirmation::BindUpn => "bind-upn",
            Confirmation::BindUpnUser => "bind-upn-user",
            Confirmation::BindUser => "bind-user",
        }
    }
}

impl fmt::Display for Confirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares a WhoAmI answer (the authorization identity, RFC 4513 §5.2.1.8) with the entry.
///
/// `dn:<DN>` must be the entry's DN ([`same_dn`]); `u:DOMAIN\user` or `u:user` must name the
/// entry's account (`sAMAccountName`, else `uid`), without regard to case, and, when `netbios`
/// (the domain this Mac belongs to) is known, DOMAIN must be it (ASCII case-insensitively): in a
/// forest whose `LDAPBaseDN` reaches another domain, `OTHER\jdoe` is not `EXAMPLE\jdoe`. Anything
/// else — the empty answer of an anonymous connection, an empty DN, another form, bytes that are
/// not UTF-8 — is a mismatch. `Err` holds the reason, for the log.
pub(crate) fn confirm_whoami(
    authzid: &[u8],
    entry: &EntryNames,
    netbios: Option<&str>,
) -> Result<Confirmation, String> {
    let Ok(authzid) = std::str::from_utf8(authzid) else {
        return Err(format!(
            "the server's WhoAmI answer is not UTF-8; the entry read is {}",
            entry.dn
        ));
    };
    let prefix = |p: &str| {
        authzid
            .get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &authzid[p.len()..])
    };
    if let Some(dn) = prefix("dn:") {
        if !dn.trim().is_empty() && same_dn(dn, &entry.dn) {
            return Ok(Confirmation::WhoAmIDn);
        }
        return Err(format!(
            "WhoAmI says this connection is {authzid:?}, but the entry read is {}",
            entry.dn
        ));
    }
    if let Some(user) = prefix("u:") {
        let (domain, name) = user.rsplit_once('\\').unwrap_or(("", user));
        if let Some(expected) = netbios.filter(|n| !n.is_empty()) {
            if !domain.is_empty() && !domain.trim().eq_ignore_ascii_case(expected) {
                return Err(format!(
                    "WhoAmI says this connection is {authzid:?}, an account of the domain \
                     {domain:?}, not of {expected:?} (ADNetBIOSDomain); the entry read is {}",
                    entry.dn
                ));
            }
        }
        if !name.trim().is_empty() && entry.account.as_deref().is_some_and(|a| same_name(a, name)) {
            return Ok(Confirmation::WhoAmIUser);
        }
        return Err(format!(
            "WhoAmI says this connection is {authzid:?}, but the entry read is {} (account {})",
            entry.dn,
            entry.account.as_deref().unwrap_or("none")
        ));
    }
    let what = if authzid.is_empty() {
        "anonymous".to_string()
    } else {
        format!("{authzid:?}, a form Baton does not know")
    };
    Err(format!(
        "WhoAmI says this connection is {what}; the entry read is {}",
        entry.dn
    ))
}

/// The DN a WhoAmI answer names (`dn:<DN>`, not empty), for reading the bound identity's own
/// entry. `None` for any other answer (`u:…`, anonymous, not UTF-8).
pub(crate) fn whoami_dn(authzid: &[u8]) -> Option<String> {
    let authzid = std::str::from_utf8(authzid).ok()?;
    let dn = authzid
        .get(..3)
        .filter(|head| head.eq_ignore_ascii_case("dn:"))
        .map(|_| authzid[3..].trim())?;
    parse_dn(dn)
        .filter(|rdns| !rdns.is_empty())
        .map(|_| dn.to_string())
}

/// Whether the entry `dn` is `base` or below it (RFC 4514 strings, compared as [`same_dn`]
/// does). An empty or unparsable `base` contains nothing.
pub(crate) fn dn_within(dn: &str, base: &str) -> bool {
    match (parse_dn(dn), parse_dn(base)) {
        (Some(dn), Some(base)) => {
            !base.is_empty() && dn.len() >= base.len() && dn[dn.len() - base.len()..] == base[..]
        }
        _ => false,
    }
}

/// For a server without WhoAmI: what the bind itself proves.
///
/// A DN bind: the entry's DN is the bind DN. A UPN bind: the entry's `userPrincipalName` is the
/// bind name, or its account name is the part before `@` (Active Directory's implicit UPN) and
/// its `userPrincipalName`, if any, is in the same domain. A
/// `DOMAIN\user` bind (or any other name): the entry's account name is the part after the last
/// `\`. Names are compared without regard to case. `Err` holds the reason, for the log.
pub(crate) fn confirm_bind(
    kind: BindKind,
    bind_name: &str,
    entry: &EntryNames,
) -> Result<Confirmation, String> {
    let account = || entry.account.as_deref().unwrap_or("none");
    match kind {
        BindKind::Dn => {
            if same_dn(bind_name, &entry.dn) {
                Ok(Confirmation::BindDn)
            } else {
                Err(format!(
                    "bound as {bind_name}, but the entry read is {}",
                    entry.dn
                ))
            }
        }
        BindKind::Upn => {
            let (user, domain) = bind_name.rsplit_once('@').unwrap_or((bind_name, ""));
            let account_is_user = entry.account.as_deref().is_some_and(|a| same_name(a, user));
            match entry.upn.as_deref() {
                Some(upn) if same_name(upn, bind_name) => Ok(Confirmation::BindUpn),
                // Active Directory's implicit UPN: `sAMAccountName@domain` binds too when the
                // explicit userPrincipalName is another name in the same domain.
                Some(upn)
                    if account_is_user
                        && upn
                            .rsplit_once('@')
                            .is_some_and(|(_, d)| same_name(d, domain)) =>
                {
                    Ok(Confirmation::BindUpnUser)
                }
                Some(upn) => Err(format!(
                    "bound as {bind_name}, but the entry read is {} (userPrincipalName {upn}, account {})",
                    entry.dn,
                    account()
                )),
                None if account_is_user => Ok(Confirmation::BindUpnUser),
                None => Err(format!(
                    "bound as {bind_name}, but the entry read is {} (no userPrincipalName, account {})",
                    entry.dn,
                    account()
                )),
            }
        }
        BindKind::Other => {
            let user = bind_name.rsplit('\\').next().unwrap_or(bind_name);
            if entry.account.as_deref().is_some_and(|a| same_name(a, user)) {
                Ok(Confirmation::BindUser)
            } else {
                Err(format!(
                    "bound as {bind_name}, but the entry read is {} (account {})",
                    entry.dn,
                    account()
                ))
            }
        }
    }
}

/// Account names and UPNs: equal without regard to case, as UEM user names are compared
/// ([`crate::uem::same_username`]: a name with a compatibility character such as the Kelvin sign
/// equals only itself).
fn same_name(a: &str, b: &str) -> bool {
    !a.trim().is_empty() && crate::uem::same_username(a, b)
}

/// Whether two DNs (RFC 4514 strings) name the same entry: attribute types and values compared
/// without regard to case, spaces around `,` `=` `+` and at either end ignored, escapes decoded
/// (`\,` and `\2C` are the same comma, inside a value), the attribute-value pairs of a
/// multi-valued RDN in any order. A DN that does not parse is the same as nothing, and the empty
/// DN is never the same as anything.
pub(crate) fn same_dn(a: &str, b: &str) -> bool {
    match (parse_dn(a), parse_dn(b)) {
        (Some(a), Some(b)) => !a.is_empty() && a == b,
        _ => false,
    }
}

/// One RDN: its (type, value) pairs, lower case, sorted.
type Rdn = Vec<(String, String)>;

/// Parses a DN into its RDNs, normalised for [`same_dn`]. `None` when it is not a DN.
pub(crate) fn parse_dn(dn: &str) -> Option<Vec<Rdn>> {
    let mut rdns = Vec::new();
    // Leading spaces only: a trailing one may be escaped (`cn=a\ `); the value parser drops
    // the unescaped ones.
    let dn = dn.trim_start_matches(' ');
    if dn.trim_end_matches(' ').is_empty() {
        return Some(rdns);
    }
    let mut chars = dn.chars().peekable();
    let mut rdn: Rdn = Vec::new();
    loop {
        // attributeType: up to the first '='.
        let mut kind = String::new();
        loop {
            match chars.next()? {
                '=' => break,
                '\\' | ',' | '+' => return None,
                c => kind.push(c),
            }
        }
        let kind = kind.trim_matches(' ').to_lowercase();
        if kind.is_empty() {
            return None;
        }
        // attributeValue: up to an unescaped ',' or '+' (or the end). Unescaped spaces at either
        // end are not part of it; escaped ones are.
        let mut value: Vec<u8> = Vec::new();
        let mut significant = 0;
        let mut end = None;
        while let Some(c) = chars.next() {
            match c {
                ',' | '+' => {
                    end = Some(c);
                    break;
                }
                '\\' => {
                    let first = chars.next()?;
                    match first.to_digit(16) {
                        Some(high) => {
                            let low = chars.next()?.to_digit(16)?;
                            value.push((high * 16 + low) as u8);
                        }
                        None => {
                            let mut buf = [0u8; 4];
                            value.extend_from_slice(first.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                    significant = value.len();
                }
                ' ' if value.is_empty() => {}
                c => {
                    let mut buf = [0u8; 4];
                    value.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    if c != ' ' {
                        significant = value.len();
                    }
                }
            }
        }
        value.truncate(significant);
        let value = String::from_utf8(value).ok()?.to_lowercase();
        rdn.push((kind, value));
        match end {
            Some('+') => continue,
            Some(_) => {
                rdn.sort();
                rdns.push(std::mem::take(&mut rdn));
            }
            None => {
                rdn.sort();
                rdns.push(rdn);
                return Some(rdns);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_dn_table() {
        let alice = "uid=alice,ou=people,dc=example,dc=test";
        let table: &[(&str, &str, bool)] = &[
            (alice, alice, true),
            // Case of types and values.
            (alice, "UID=Alice,OU=People,DC=Example,DC=Test", true),
            ("CN=Jürgen,DC=x", "cn=JÜRGEN,dc=x", true),
            // Insignificant spaces around ',', '=', '+' and at the ends.
            (alice, "uid = alice , ou=people,  dc=example ,dc=test", true),
            (alice, "  uid=alice,ou=people,dc=example,dc=test  ", true),
            ("cn=a+sn=b,dc=x", "cn=a + sn=b,dc=x", true),
            // The pairs of a multi-valued RDN in any order.
            ("cn=a+sn=b,dc=x", "sn=b+cn=a,dc=x", true),
            // Spaces inside a value are significant.
            ("cn=John Doe,dc=x", "cn=JohnDoe,dc=x", false),
            ("cn=John Doe,dc=x", "cn=John  Doe,dc=x", false),
            // An escaped space at the end is part of the value.
            ("cn=a\\ ,dc=x", "cn=a,dc=x", false),
            ("cn=a\\ ,dc=x", "cn=a\\20,dc=x", true),
            ("cn=\\ a,dc=x", "cn=a,dc=x", false),
            ("dc=x,cn=a\\ ", "dc=x,cn=a\\20", true),
            ("dc=x,cn=a\\ ", "dc=x,cn=a", false),
            ("dc=x,cn=a  ", "dc=x,cn=a", true),
            // Escaped separators stay in the value; the escape form does not matter.
            ("cn=Doe\\, John,dc=x", "cn=Doe,cn=John,dc=x", false),
            ("cn=Doe\\,cn=John,dc=x", "cn=Doe,cn=John,dc=x", false),
            ("cn=Doe\\, John,dc=x", "cn=doe\\2c John,dc=x", true),
            ("cn=Doe\\, John,dc=x", "cn=Doe\\2C John,dc=x", true),
            ("cn=a\\+b,dc=x", "cn=a+b=,dc=x", false),
            ("cn=a\\+b,dc=x", "cn=a\\2bb,dc=x", true),
            ("cn=a\\=b,dc=x", "cn=a\\3db,dc=x", true),
            ("cn=a\\\\b,dc=x", "cn=a\\5cb,dc=x", true),
            ("cn=a\\\\,dc=x", "cn=a\\,dc=x", false),
            // UTF-8 in hex escapes.
            ("cn=j\\c3\\bcrgen,dc=x", "cn=jürgen,dc=x", true),
            // Baton's own escaping of a DN bind name (ldap3::dn_escape).
            (
                "uid=x\\2cou\\3dadmins\\2bcn\\3dy,ou=people,dc=example,dc=test",
                "uid=x\\,ou\\=admins\\+cn\\=y,ou=people,dc=example,dc=test",
                true,
            ),
            (
                "uid=x\\2cou\\3dadmins,ou=people,dc=example,dc=test",
                "uid=x,ou=admins,ou=people,dc=example,dc=test",
                false,
            ),
            // Other entries, other shapes.
            (alice, "uid=bob,ou=people,dc=example,dc=test", false),
            (alice, "uid=alice,ou=people,dc=example", false),
            (alice, "uid=alice,ou=people,dc=example,dc=test,dc=x", false),
            (alice, "cn=alice,ou=people,dc=example,dc=test", false),
            ("cn=a+sn=b,dc=x", "cn=a,sn=b,dc=x", false),
            ("cn=a+sn=b,dc=x", "cn=a,dc=x", false),
            // Not DNs, or empty: never the same, not even as themselves.
            ("", "", false),
            ("   ", "", false),
            ("alice", "alice", false),
            ("cn=a\\", "cn=a\\", false),
            ("cn=a\\4", "cn=a\\4", false),
            ("=a,dc=x", "=a,dc=x", false),
            ("cn=a,,dc=x", "cn=a,,dc=x", false),
            ("cn=a,dc=x,", "cn=a,dc=x", false),
            ("cn=\\ff,dc=x", "cn=\\ff,dc=x", false),
        ];
        for (a, b, want) in table {
            assert_eq!(same_dn(a, b), *want, "same_dn({a:?}, {b:?})");
            assert_eq!(same_dn(b, a), *want, "same_dn({b:?}, {a:?})");
        }
    }

    fn entry(dn: &str, account: Option<&str>, upn: Option<&str>) -> EntryNames {
        EntryNames {
            dn: dn.into(),
            account: account.map(Into::into),
            upn: upn.map(Into::into),
        }
    }

    #[test]
    fn whoami_answers_table() {
        let alice = entry(
            "uid=alice,ou=people,dc=example,dc=test",
            Some("alice"),
            Some("alice@example.test"),
        );
        let ad_alice = entry(
            "CN=Alice Adams,CN=Users,DC=example,DC=test",
            Some("Alice"),
            Some("alice@example.test"),
        );
        let no_account = entry("CN=x,DC=example,DC=test", None, None);
        let kim = entry("CN=Kim,DC=example,DC=test", Some("kim"), None);
        use Confirmation::*;
        let table: &[(&[u8], &EntryNames, Option<Confirmation>)] = &[
            // slapd
            (
                b"dn:uid=alice,ou=people,dc=example,dc=test",
                &alice,
                Some(WhoAmIDn),
            ),
            (
                b"dn:UID=Alice, OU=People, DC=Example, DC=Test",
                &alice,
                Some(WhoAmIDn),
            ),
            (
                b"DN:uid=alice,ou=people,dc=example,dc=test",
                &alice,
                Some(WhoAmIDn),
            ),
            (b"dn:uid=bob,ou=people,dc=example,dc=test", &alice, None),
            (b"dn:uid=alice,ou=people,dc=example", &alice, None),
            (b"dn:", &alice, None),
            (b"dn: ", &alice, None),
            // Active Directory, Samba
            (b"u:EXAMPLE\\alice", &ad_alice, Some(WhoAmIUser)),
            (b"u:example\\ALICE", &ad_alice, Some(WhoAmIUser)),
            (b"U:alice", &ad_alice, Some(WhoAmIUser)),
            (b"u:alice", &alice, Some(WhoAmIUser)),
            (b"u:EXAMPLE\\bob", &ad_alice, None),
            (b"u:bob", &alice, None),
            (b"u:EXAMPLE\\", &ad_alice, None),
            (b"u:", &ad_alice, None),
            (b"u:alice@example.test", &ad_alice, None),
            (b"u:EXAMPLE\\x", &no_account, None),
            // The Kelvin sign is not a k.
            (b"u:EXAMPLE\\\xe2\x84\xaaim", &kim, None),
            (b"u:EXAMPLE\\KIM", &kim, Some(WhoAmIUser)),
            // A dn: answer for the AD entry's account name is not the same thing.
            (b"dn:alice", &ad_alice, None),
            // anonymous, unknown forms, garbage
            (b"", &alice, None),
            (b"uid=alice,ou=people,dc=example,dc=test", &alice, None),
            (b"alice", &alice, None),
            (b"x:alice", &alice, None),
            (b"d", &alice, None),
            (
                b"dn:uid=alice,ou=people,dc=example,dc=test\xff",
                &alice,
                None,
            ),
            (b"u:\xffalice", &alice, None),
        ];
        for (answer, entry, want) in table {
            let got = confirm_whoami(answer, entry, None);
            assert_eq!(
                got.as_ref().ok().copied(),
                *want,
                "{:?} vs {entry:?}: {got:?}",
                String::from_utf8_lossy(answer)
            );
            if let Err(detail) = got {
                assert!(detail.contains(&entry.dn), "{detail}");
            }
        }
    }

    #[test]
    fn whoami_domain_must_be_this_domain() {
        let alice = entry(
            "CN=Alice Adams,CN=Users,DC=example,DC=test",
            Some("alice"),
            Some("alice@example.test"),
        );
        let table: &[(&[u8], Option<&str>, bool)] = &[
            (b"u:EXAMPLE\\alice", Some("EXAMPLE"), true),
            (b"u:example\\alice", Some("EXAMPLE"), true),
            // Another domain of the forest with an account of the same name.
            (b"u:OTHER\\alice", Some("EXAMPLE"), false),
            (b"u:EXAMPLE2\\alice", Some("EXAMPLE"), false),
            // No domain in the answer: nothing to compare.
            (b"u:alice", Some("EXAMPLE"), true),
            // No domain known: as before.
            (b"u:OTHER\\alice", None, true),
            (b"u:OTHER\\alice", Some(""), true),
            // Only ASCII case is ignored: the Kelvin sign is not a K.
            (b"u:\xe2\x84\xaaIM\\alice", Some("KIM"), false),
        ];
        for (answer, netbios, want) in table {
            let got = confirm_whoami(answer, &alice, *netbios);
            assert_eq!(
                got.is_ok(),
                *want,
                "{:?} with {netbios:?}: {got:?}",
                String::from_utf8_lossy(answer)
            );
        }
    }

    #[test]
    fn whoami_dn_and_dn_within() {
        assert_eq!(
            whoami_dn(b"dn:uid=alice,ou=people,dc=example,dc=test").as_deref(),
            Some("uid=alice,ou=people,dc=example,dc=test")
        );
        assert_eq!(whoami_dn(b"DN: uid=a,dc=x").as_deref(), Some("uid=a,dc=x"));
        for no in [
            &b"dn:"[..],
            b"dn: ",
            b"u:EXAMPLE\\alice",
            b"",
            b"dn:\xff",
            b"dn:cn=a,,dc=x",
        ] {
            assert_eq!(whoami_dn(no), None, "{:?}", String::from_utf8_lossy(no));
        }
        let base = "dc=example,dc=test";
        let table: &[(&str, &str, bool)] = &[
            ("uid=alice,ou=people,dc=example,dc=test", base, true),
            ("UID=alice, OU=People,DC=Example,DC=Test", base, true),
            (base, base, true),
            (
                "uid=alice,ou=people,dc=example,dc=test",
                "ou=people,dc=example,dc=test",
                true,
            ),
            (
                "uid=alice,ou=people,dc=example,dc=test",
                "ou=staff,dc=example,dc=test",
                false,
            ),
            ("uid=alice,dc=other,dc=test", base, false),
            ("uid=alice,dc=example,dc=test,dc=x", base, false),
            // A value that merely ends like the base is not under it.
            ("uid=alice,dc=myexample,dc=test", base, false),
            ("dc=test", base, false),
            ("uid=alice,dc=example,dc=test", "", false),
            ("not a dn", base, false),
        ];
        for (dn, base, want) in table {
            assert_eq!(dn_within(dn, base), *want, "{dn} within {base}");
        }
    }

    #[test]
    fn bind_fallback_table() {
        let alice = entry(
            "uid=alice,ou=people,dc=example,dc=test",
            Some("alice"),
            Some("alice@example.test"),
        );
        let bob = entry(
            "uid=bob,ou=people,dc=example,dc=test",
            Some("bob"),
            Some("bob@example.test"),
        );
        let alice_no_upn = entry(
            "uid=alice,ou=people,dc=example,dc=test",
            Some("Alice"),
            None,
        );
        let alice_nothing = entry("uid=alice,ou=people,dc=example,dc=test", None, None);
        // UPN is not sAMAccountName@domain: the UPN decides, not the account name.
        let renamed = entry(
            "CN=John Doe,CN=Users,DC=example,DC=test",
            Some("jdoe"),
            Some("john.doe@example.test"),
        );
        use BindKind::*;
        use Confirmation::*;
        let table: &[(BindKind, &str, &EntryNames, Option<Confirmation>)] = &[
            // DN binds
            (
                Dn,
                "uid=alice,ou=people,dc=example,dc=test",
                &alice,
                Some(BindDn),
            ),
            (
                Dn,
                "UID=Alice, ou=people,dc=example,dc=test",
                &alice,
                Some(BindDn),
            ),
            (Dn, "uid=bob,ou=people,dc=example,dc=test", &alice, None),
            (Dn, "uid=alice,ou=other,dc=example,dc=test", &alice, None),
            // The account name does not matter for a DN bind.
            (
                Dn,
                "uid=bob,ou=people,dc=example,dc=test",
                &bob,
                Some(BindDn),
            ),
            // UPN binds
            (Upn, "alice@example.test", &alice, Some(BindUpn)),
            (Upn, "ALICE@Example.Test", &alice, Some(BindUpn)),
            (Upn, "bob@example.test", &alice, None),
            (Upn, "alice@other.test", &alice, None),
            (Upn, "alice@example.test", &alice_no_upn, Some(BindUpnUser)),
            (Upn, "bob@example.test", &alice_no_upn, None),
            (Upn, "alice@example.test", &alice_nothing, None),
            (Upn, "john.doe@example.test", &renamed, Some(BindUpn)),
            // The implicit UPN (sAMAccountName@domain) of an account whose explicit UPN differs.
            (Upn, "jdoe@example.test", &renamed, Some(BindUpnUser)),
            (Upn, "jdoe@other.test", &renamed, None),
            // DOMAIN\user binds (and other names)
            (Other, "EXAMPLE\\alice", &alice, Some(BindUser)),
            (Other, "example\\ALICE", &alice_no_upn, Some(BindUser)),
            (Other, "EXAMPLE\\bob", &alice, None),
            (Other, "EXAMPLE\\alice", &alice_nothing, None),
            (Other, "EXAMPLE\\jdoe", &renamed, Some(BindUser)),
            (Other, "alice", &alice, Some(BindUser)),
            (Other, "EXAMPLE\\", &alice, None),
        ];
        for (kind, bind_name, entry, want) in table {
            let got = confirm_bind(*kind, bind_name, entry);
            assert_eq!(
                got.as_ref().ok().copied(),
                *want,
                "{kind:?} {bind_name:?} vs {entry:?}: {got:?}"
            );
            if let Err(detail) = got {
                assert!(
                    detail.contains(bind_name) && detail.contains(&entry.dn),
                    "the detail names both: {detail}"
                );
            }
        }
    }
}
