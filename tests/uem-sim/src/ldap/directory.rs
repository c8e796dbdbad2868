//! The directory's rules, free of I/O: which bind names mean which account, what a bind
//! answers (slapd's codes, AD's diagnostic sub-codes), and what a bound user may read.

use ldap3_proto::proto::{
    LdapPartialAttribute, LdapResultCode, LdapSearchRequest, LdapSearchScope,
};
use ldap3_proto::LdapSearchResultEntry;

use super::dn::Dn;
use super::filter;
use super::seed::{Directory, DirectoryUser};
use crate::seed::User;

/// An entry: its DN as written and its attributes (names as in the schema).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub dn: String,
    pub attrs: Vec<(&'static str, Vec<String>)>,
}

impl Entry {
    /// The values of `attr` (name compared without regard to case); empty when absent.
    pub(crate) fn values(&self, attr: &str) -> &[String] {
        self.attrs
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(attr))
            .map_or(&[], |(_, values)| values.as_slice())
    }

    /// The search result entry with the requested attributes (RFC 4511 §4.5.1.8: none
    /// listed or `*` = all user attributes, `1.1` = none).
    fn to_result(&self, requested: &[String], types_only: bool) -> LdapSearchResultEntry {
        let all = requested.is_empty() || requested.iter().any(|a| a == "*");
        let attributes = self
            .attrs
            .iter()
            .filter(|(name, _)| all || requested.iter().any(|r| r.eq_ignore_ascii_case(name)))
            .map(|(name, values)| LdapPartialAttribute {
                atype: (*name).to_string(),
                vals: if types_only {
                    Vec::new()
                } else {
                    values.iter().map(|v| v.as_bytes().to_vec()).collect()
                },
            })
            .collect();
        LdapSearchResultEntry {
            dn: self.dn.clone(),
            attributes,
        }
    }
}

/// An LDAP result code with its diagnostic message.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Refusal {
    pub code: LdapResultCode,
    pub message: String,
    /// The matchedDN of a noSuchObject (the deepest entry of the base that exists).
    pub matched: String,
}

impl Refusal {
    fn new(code: LdapResultCode, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            matched: String::new(),
        }
    }
}

/// AD's diagnostic for a refused bind, with the `data` sub-code (`52e`, `533`, `775`…).
pub(crate) fn ad_diagnostic(data: &str) -> String {
    format!("80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data {data}, v1db1")
}

/// slapd's text for a name with an empty password.
pub(crate) const UNAUTHENTICATED_BIND: &str =
    "unauthenticated bind (DN with no password) disallowed";

/// Who a bind made the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Identity {
    Anonymous,
    /// The account's username and its canonical DN.
    User {
        username: String,
        dn: String,
    },
}

/// What a bind name designates.
#[derive(Debug, PartialEq)]
enum BindName {
    Empty,
    Dn(Dn),
    /// `user@domain`
    Upn(String, String),
    /// `DOMAIN\user`
    DownLevel(String, String),
}

fn classify(name: &str) -> Result<BindName, Refusal> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(BindName::Empty);
    }
    if !name.contains('=') {
        if let Some((domain, user)) = name.split_once('\\') {
            return Ok(BindName::DownLevel(domain.into(), user.into()));
        }
        if let Some((user, domain)) = name.rsplit_once('@') {
            return Ok(BindName::Upn(user.into(), domain.into()));
        }
    }
    Dn::parse(name)
        .map(BindName::Dn)
        .map_err(|()| Refusal::new(LdapResultCode::InvalidDNSyntax, "invalid DN"))
}

/// The directory as one request sees it: the seed section (with live account states) and
/// the seed's UEM users, for names and e-mail addresses.
pub(crate) struct View<'a> {
    pub directory: &'a Directory,
    pub uem_users: &'a [User],
}

impl View<'_> {
    fn account(&self, name: &BindName) -> Option<&DirectoryUser> {
        let dir = self.directory;
        match name {
            BindName::Empty => None,
            BindName::Upn(user, domain) => {
                (domain.eq_ignore_ascii_case(&dir.domain)).then(|| dir.user(user))?
            }
            BindName::DownLevel(domain, user) => {
                (domain.eq_ignore_ascii_case(&dir.netbios_name)).then(|| dir.user(user))?
            }
            BindName::Dn(dn) => {
                let people = Dn::parse(&dir.people_dn()).ok()?;
                if dn.len() != people.len() + 1 || !dn.is_under(&people) {
                    return None;
                }
                dir.user(dn.leaf()?.single("uid")?)
            }
        }
    }

    /// A simple bind: `Ok(identity)` or the refusal slapd/AD would send.
    ///
    /// Order as the servers do it: the name's syntax (34), an empty password with a name
    /// (53), then the account. An unknown account and a wrong password give the same 49 and
    /// diagnostic (`data 52e`); a lockout is reported whatever the password; other account
    /// states only once the password is right (as AD does).
    pub(crate) fn bind(&self, name: &str, password: &str) -> Result<Identity, Refusal> {
        let name = classify(name)?;
        let invalid = || Refusal::new(LdapResultCode::InvalidCredentials, ad_diagnostic("52e"));
        match (&name, password.is_empty()) {
            (BindName::Empty, true) => return Ok(Identity::Anonymous),
            (BindName::Empty, false) => return Err(invalid()),
            (_, true) => {
                return Err(Refusal::new(
                    LdapResultCode::UnwillingToPerform,
                    UNAUTHENTICATED_BIND,
                ))
            }
            (_, false) => {}
        }
        let account = self.account(&name).ok_or_else(invalid)?;
        let state_refusal = |account: &DirectoryUser| {
            account
                .state
                .ad_data_code()
                .map(|data| Refusal::new(LdapResultCode::InvalidCredentials, ad_diagnostic(data)))
        };
        if account.state.reported_without_password() {
            if let Some(refusal) = state_refusal(account) {
                return Err(refusal);
            }
        }
        if account.password != password {
            return Err(invalid());
        }
        if let Some(refusal) = state_refusal(account) {
            return Err(refusal);
        }
        Ok(Identity::User {
            username: account.username.clone(),
            dn: self.directory.user_dn(&account.username),
        })
    }

    /// The entry of a directory user.
    pub(crate) fn user_entry(&self, account: &DirectoryUser) -> Entry {
        let dir = self.directory;
        let uem = self
            .uem_users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(&account.username));
        let pick = |own: &Option<String>, from_uem: Option<&String>| {
            own.clone()
                .or_else(|| from_uem.filter(|v| !v.is_empty()).cloned())
                .unwrap_or_default()
        };
        let given = pick(&account.first_name, uem.map(|u| &u.first_name));
        let surname = pick(&account.last_name, uem.map(|u| &u.last_name));
        let upn = format!("{}@{}", account.username, dir.domain);
        let mail = {
            let mail = pick(&account.email, uem.map(|u| &u.email));
            if mail.is_empty() {
                upn.clone()
            } else {
                mail
            }
        };
        let full = [given.as_str(), surname.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let full = if full.is_empty() {
            account.username.clone()
        } else {
            full
        };
        let one = |v: &str| vec![v.to_string()];
        let mut attrs = vec![
            (
                "objectClass",
                ["top", "person", "organizationalPerson", "inetOrgPerson"]
                    .map(String::from)
                    .to_vec(),
            ),
            ("uid", one(&account.username)),
            ("sAMAccountName", one(&account.username)),
            ("userPrincipalName", one(&upn)),
            ("mail", one(&mail)),
            ("cn", one(&full)),
            ("displayName", one(&full)),
        ];
        if !given.is_empty() {
            attrs.push(("givenName", one(&given)));
        }
        let surname = if surname.is_empty() {
            account.username.clone()
        } else {
            surname
        };
        attrs.push(("sn", one(&surname)));
        if let Some(description) = account.description.as_deref().filter(|d| !d.is_empty()) {
            attrs.push(("description", one(description)));
        }
        let groups: Vec<String> = dir
            .groups
            .iter()
            .filter(|g| {
                g.members
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(&account.username))
            })
            .map(|g| g.dn.clone())
            .collect();
        if dir.member_of && !groups.is_empty() {
            attrs.push(("memberOf", groups));
        }
        Entry {
            dn: dir.user_dn(&account.username),
            attrs,
        }
    }

    fn root_dse(&self) -> Entry {
        Entry {
            dn: String::new(),
            attrs: vec![
                ("objectClass", vec!["top".into(), "OpenLDAProotDSE".into()]),
                ("namingContexts", vec![self.directory.base_dn.clone()]),
                ("supportedLDAPVersion", vec!["3".into()]),
                ("supportedExtension", {
                    let mut oids = vec![super::session::OID_START_TLS.to_string()];
                    if self.directory.whoami {
                        oids.push(ldap3_proto::proto::OID_WHOAMI.into());
                    }
                    oids
                }),
            ],
        }
    }

    /// Whether the request reads the root DSE (base `""`, scope base), which anyone may.
    pub(crate) fn is_root_dse(request: &LdapSearchRequest) -> bool {
        request.base.trim().is_empty() && request.scope == LdapSearchScope::Base
    }

    /// A search: the entries to send, or the refusal. Anonymous sessions may read only the
    /// root DSE (50 otherwise, as slapd with `by anonymous auth by * none`); a user sees only
    /// their own entry (every user's with `users_read_all`), and the base must exist as far as
    /// they can see (32 otherwise).
    pub(crate) fn search(
        &self,
        identity: &Identity,
        request: &LdapSearchRequest,
    ) -> Result<Vec<LdapSearchResultEntry>, Refusal> {
        let selected = |entry: &Entry| {
            (filter::matches(&request.filter, entry) == Some(true))
                .then(|| entry.to_result(&request.attrs, request.typesonly))
        };
        if Self::is_root_dse(request) {
            return Ok(selected(&self.root_dse()).into_iter().collect());
        }
        let Identity::User { username, .. } = identity else {
            return Err(Refusal::new(LdapResultCode::InsufficentAccessRights, ""));
        };
        let base = Dn::parse(&request.base)
            .map_err(|()| Refusal::new(LdapResultCode::InvalidDNSyntax, "invalid DN"))?;
        let dir = self.directory;
        let suffix = Dn::parse(&dir.base_dn).map_err(|()| no_such_object(""))?;
        let people = Dn::parse(&dir.people_dn()).map_err(|()| no_such_object(""))?;
        let Some(account) = dir.user(username) else {
            return Err(no_such_object(""));
        };
        let mut readable: Vec<Entry> = if dir.users_read_all {
            dir.users.iter().map(|u| self.user_entry(u)).collect()
        } else {
            vec![self.user_entry(account)]
        };
        // Groups are read one at a time (a base-scope look-up of the group's DN, as Baton asks
        // "is this person a member"); a search over the tree still shows a user only themselves.
        let group_lookup = request.scope == LdapSearchScope::Base;
        readable.extend(
            dir.groups
                .iter()
                .filter(|_| group_lookup)
                .map(|group| Entry {
                    dn: group.dn.clone(),
                    attrs: vec![
                        ("objectClass", vec!["top".into(), "groupOfNames".into()]),
                        (
                            "member",
                            group.members.iter().map(|m| dir.user_dn(m)).collect(),
                        ),
                    ],
                }),
        );
        let readable: Vec<(Dn, Entry)> = readable
            .into_iter()
            .map(|entry| Ok((Dn::parse(&entry.dn)?, entry)))
            .collect::<Result<_, ()>>()
            .map_err(|()| no_such_object(""))?;
        if !base.is_under(&suffix) {
            return Err(no_such_object(""));
        }
        let visible = (!dir.self_only && (base == suffix || base == people))
            || readable.iter().any(|(dn, _)| *dn == base);
        if !visible {
            let matched = if base.is_under(&people) {
                dir.people_dn()
            } else {
                dir.base_dn.clone()
            };
            return Err(no_such_object(&matched));
        }
        let in_scope = |dn: &Dn| match request.scope {
            LdapSearchScope::Base => *dn == base,
            LdapSearchScope::OneLevel => dn.parent() == base,
            LdapSearchScope::Subtree | LdapSearchScope::Children => {
                dn.is_under(&base) && (*dn != base || request.scope == LdapSearchScope::Subtree)
            }
        };
        Ok(readable
            .iter()
            .filter(|(dn, _)| in_scope(dn))
            .filter_map(|(_, entry)| selected(entry))
            .collect())
    }
}

fn no_such_object(matched: &str) -> Refusal {
    Refusal {
        code: LdapResultCode::NoSuchObject,
        message: String::new(),
        matched: matched.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ldap::seed::AccountState;
    use crate::seed::Seed;
    use ldap3_proto::parse_ldap_filter_str;
    use ldap3_proto::proto::LdapDerefAliases;

    fn with_view<T>(edit: impl FnOnce(&mut Directory), f: impl FnOnce(&View<'_>) -> T) -> T {
        let seed = Seed::demo();
        let mut directory = seed.directory.clone();
        edit(&mut directory);
        f(&View {
            directory: &directory,
            uem_users: &seed.users,
        })
    }

    fn bind(name: &str, password: &str) -> Result<Identity, Refusal> {
        with_view(|_| {}, |v| v.bind(name, password))
    }

    fn alice() -> Identity {
        Identity::User {
            username: "alice".into(),
            dn: "uid=alice,ou=people,dc=example,dc=test".into(),
        }
    }

    #[test]
    fn binds_by_dn_upn_and_down_level_name() {
        for name in [
            "uid=alice,ou=people,dc=example,dc=test",
            "UID=Alice, OU=People, DC=Example, DC=Test",
            "alice@example.test",
            "ALICE@EXAMPLE.TEST",
            "EXAMPLE\\alice",
            "example\\Alice",
        ] {
            assert_eq!(bind(name, "Alice-Pass-1"), Ok(alice()), "{name}");
        }
    }

    #[test]
    fn wrong_password_and_unknown_user_look_the_same() {
        let wrong = bind("uid=alice,ou=people,dc=example,dc=test", "nope").unwrap_err();
        assert_eq!(wrong.code, LdapResultCode::InvalidCredentials);
        assert!(wrong.message.contains("data 52e"), "{}", wrong.message);
        for unknown in [
            "uid=mallory,ou=people,dc=example,dc=test",
            "uid=alice,ou=other,dc=example,dc=test",
            "cn=alice,ou=people,dc=example,dc=test",
            "alice@other.test",
            "OTHER\\alice",
            "mallory@example.test",
        ] {
            assert_eq!(
                bind(unknown, "Alice-Pass-1"),
                Err(wrong.clone()),
                "{unknown}"
            );
        }
    }

    #[test]
    fn empty_passwords_and_bad_names_are_refused_like_slapd() {
        let refusal = bind("uid=alice,ou=people,dc=example,dc=test", "").unwrap_err();
        assert_eq!(refusal.code, LdapResultCode::UnwillingToPerform);
        assert_eq!(refusal.message, UNAUTHENTICATED_BIND);
        assert_eq!(
            bind("alice@example.test", "").unwrap_err().code,
            LdapResultCode::UnwillingToPerform
        );
        assert_eq!(bind("", ""), Ok(Identity::Anonymous));
        assert_eq!(
            bind("", "Alice-Pass-1").unwrap_err().code,
            LdapResultCode::InvalidCredentials
        );
        assert_eq!(
            bind("alice", "Alice-Pass-1").unwrap_err().code,
            LdapResultCode::InvalidDNSyntax
        );
    }

    #[test]
    fn account_states_give_ad_sub_codes() {
        let cases = [
            (AccountState::Disabled, "533"),
            (AccountState::Locked, "775"),
            (AccountState::PasswordExpired, "532"),
            (AccountState::MustChangePassword, "773"),
            (AccountState::AccountExpired, "701"),
        ];
        for (state, data) in cases {
            let (right, wrong) = with_view(
                |d| d.user_mut("alice").unwrap().state = state,
                |v| {
                    (
                        v.bind("alice@example.test", "Alice-Pass-1"),
                        v.bind("alice@example.test", "wrong"),
                    )
                },
            );
            let right = right.unwrap_err();
            assert_eq!(right.code, LdapResultCode::InvalidCredentials);
            assert!(
                right.message.contains(&format!("data {data},")),
                "{state:?}"
            );
            let wrong = wrong.unwrap_err().message;
            let expected = if state == AccountState::Locked {
                data
            } else {
                "52e"
            };
            assert!(
                wrong.contains(&format!("data {expected},")),
                "{state:?}: {wrong}"
            );
        }
    }

    fn request(base: &str, scope: LdapSearchScope, filter: &str) -> LdapSearchRequest {
        LdapSearchRequest {
            base: base.into(),
            scope,
            aliases: LdapDerefAliases::Never,
            sizelimit: 0,
            timelimit: 0,
            typesonly: false,
            filter: parse_ldap_filter_str(filter).unwrap(),
            attrs: Vec::new(),
        }
    }

    fn search(
        identity: &Identity,
        base: &str,
        scope: LdapSearchScope,
        filter: &str,
    ) -> Result<Vec<String>, LdapResultCode> {
        with_view(
            |_| {},
            |v| {
                v.search(identity, &request(base, scope, filter))
                    .map(|entries| entries.into_iter().map(|e| e.dn).collect())
                    .map_err(|r| r.code)
            },
        )
    }

    #[test]
    fn a_group_answers_whether_it_lists_someone_and_member_of_can_be_switched_off() {
        let group = "cn=baton-technicians,ou=groups,dc=example,dc=test";
        let tess = Identity::User {
            username: "tess".into(),
            dn: "uid=tess,ou=people,dc=example,dc=test".into(),
        };
        let members = with_view(
            |_| {},
            |v| {
                let entries = v
                    .search(
                        &alice(),
                        &request(group, LdapSearchScope::Base, "(objectClass=groupOfNames)"),
                    )
                    .unwrap();
                entries
                    .into_iter()
                    .flat_map(|e| e.attributes)
                    .filter(|a| a.atype.eq_ignore_ascii_case("member"))
                    .flat_map(|a| a.vals)
                    .map(|v| String::from_utf8(v).unwrap())
                    .collect::<Vec<_>>()
            },
        );
        assert_eq!(members, ["uid=tess,ou=people,dc=example,dc=test"]);
        let under_groups = search(
            &tess,
            "dc=example,dc=test",
            LdapSearchScope::Subtree,
            "(objectClass=*)",
        );
        assert_eq!(
            under_groups,
            Ok(vec!["uid=tess,ou=people,dc=example,dc=test".to_string()]),
            "a search over the tree shows a user only themselves"
        );
        let member_of = |on: bool| {
            with_view(
                |d| d.member_of = on,
                |v| {
                    let account = v.directory.user("tess").unwrap().clone();
                    v.user_entry(&account)
                        .attrs
                        .into_iter()
                        .find(|(k, _)| *k == "memberOf")
                        .map(|(_, values)| values)
                },
            )
        };
        assert_eq!(member_of(true), Some(vec![group.to_string()]));
        assert_eq!(member_of(false), None);
    }

    #[test]
    fn a_user_reads_only_their_own_entry() {
        let base = "dc=example,dc=test";
        let own = vec!["uid=alice,ou=people,dc=example,dc=test".to_string()];
        let sub = || LdapSearchScope::Subtree;
        assert_eq!(
            search(&alice(), base, sub(), "(uid=alice)"),
            Ok(own.clone())
        );
        assert_eq!(
            search(&alice(), base, sub(), "(sAMAccountName=ALICE)"),
            Ok(own.clone())
        );
        assert_eq!(
            search(&alice(), base, sub(), "(mail=alice@example.test)"),
            Ok(own.clone())
        );
        assert_eq!(search(&alice(), base, sub(), "(uid=bob)"), Ok(vec![]));
        assert_eq!(
            search(&alice(), base, sub(), "(objectClass=*)"),
            Ok(own.clone())
        );
        assert_eq!(
            search(&alice(), &own[0], LdapSearchScope::Base, "(objectClass=*)"),
            Ok(own.clone())
        );
        assert_eq!(
            search(
                &alice(),
                "ou=people,dc=example,dc=test",
                LdapSearchScope::OneLevel,
                "(uid=alice)"
            ),
            Ok(own.clone())
        );
        assert_eq!(
            search(&alice(), base, LdapSearchScope::OneLevel, "(uid=alice)"),
            Ok(vec![])
        );
        assert_eq!(
            search(
                &alice(),
                "uid=bob,ou=people,dc=example,dc=test",
                LdapSearchScope::Base,
                "(objectClass=*)"
            ),
            Err(LdapResultCode::NoSuchObject)
        );
        assert_eq!(
            search(&alice(), "dc=other", sub(), "(uid=alice)"),
            Err(LdapResultCode::NoSuchObject)
        );
        assert_eq!(
            search(&alice(), "not a dn", sub(), "(uid=alice)"),
            Err(LdapResultCode::InvalidDNSyntax)
        );
        assert_eq!(
            search(&Identity::Anonymous, base, sub(), "(uid=alice)"),
            Err(LdapResultCode::InsufficentAccessRights)
        );
        assert_eq!(
            search(
                &Identity::Anonymous,
                "",
                LdapSearchScope::Base,
                "(objectClass=*)"
            ),
            Ok(vec![String::new()])
        );
    }

    #[test]
    fn entries_take_names_from_uem_or_the_directory_user() {
        with_view(
            |_| {},
            |v| {
                let alice = v.user_entry(v.directory.user("alice").unwrap());
                assert_eq!(alice.values("givenName"), ["Alice"]);
                assert_eq!(alice.values("sn"), ["Adams"]);
                assert_eq!(alice.values("displayName"), ["Alice Adams"]);
                assert_eq!(alice.values("userPrincipalName"), ["alice@example.test"]);
                assert_eq!(alice.values("mail"), ["alice@example.test"]);
                let dave = v.user_entry(v.directory.user("dave").unwrap());
                assert_eq!(dave.values("cn"), ["Dave Davis"]);
                assert_eq!(dave.values("sAMAccountName"), ["dave"]);
                let names: Vec<_> = alice.attrs.iter().map(|(n, _)| *n).skip(1).collect();
                let expected = [
                    "uid",
                    "sAMAccountName",
                    "userPrincipalName",
                    "mail",
                    "cn",
                    "displayName",
                    "givenName",
                    "sn",
                ];
                assert_eq!(names, expected, "the attributes Baton reads, in order");
            },
        );
    }
}
