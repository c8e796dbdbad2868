//! The seed's `directory` section: the simulated LDAP/AD directory Baton binds to.
//!
//! Passwords are the demo's plain throwaway passwords (a simulator seed, not a directory
//! dump); they are never logged and never shown by `Debug`. Names and e-mail addresses come
//! from the UEM user with the same username unless the directory user sets its own, so a
//! directory-only user (one UEM does not know) should carry them.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::dn::Dn;

/// The directory served over LDAPS and StartTLS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Directory {
    /// Naming context, e.g. `dc=example,dc=test` (Baton's `LDAPBaseDN`).
    pub base_dn: String,
    /// Where the user entries live; `ou=people,<base_dn>` when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people_dn: Option<String>,
    /// DNS domain: the UPN suffix (`alice@example.test`) and Baton's `ADDomain`.
    pub domain: String,
    /// NetBIOS domain name accepted in `EXAMPLE\alice` bind names.
    pub netbios_name: String,
    /// Whether the server answers "Who am I?" (RFC 4532) as slapd does (`dn:<DN>` when bound,
    /// empty when anonymous). Off, the request gets protocolError (2) `unsupported extended
    /// operation`, as from a server without it, and the root DSE does not list it.
    pub whoami: bool,
    /// Whether the plain LDAP port accepts StartTLS (the default). Off, the request gets
    /// protocolError (2) `unsupported extended operation`, as from a server without TLS, so
    /// nothing can be bound there.
    pub starttls: bool,
    /// Whether a bound user may read every user's entry (slapd's `by users read`, Active
    /// Directory's default). Off (the default), a user sees only their own entry.
    pub users_read_all: bool,
    /// Whether a bound user may read their own entry and nothing else, not even the base DN or
    /// the people container (slapd's `access to * by self read by anonymous auth by * none`): a
    /// subtree search from the base then answers noSuchObject. Off by default.
    #[serde(default)]
    pub self_only: bool,
    pub users: Vec<DirectoryUser>,
    /// Groups (`groupOfNames` with `member`), readable by every bound user, e.g. Baton's
    /// `TechnicianGroups`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<DirectoryGroup>,
    /// Whether user entries carry `memberOf` (as Active Directory's do). Off, membership is
    /// only in the group entries, as in an OpenLDAP without the memberof overlay.
    pub member_of: bool,
}

/// A group entry: its DN and the usernames of its members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryGroup {
    pub dn: String,
    pub members: Vec<String>,
}

impl Default for Directory {
    fn default() -> Self {
        Directory {
            base_dn: "dc=example,dc=test".into(),
            people_dn: None,
            domain: "example.test".into(),
            netbios_name: "EXAMPLE".into(),
            whoami: true,
            starttls: true,
            users_read_all: false,
            self_only: false,
            users: Vec::new(),
            groups: Vec::new(),
            member_of: true,
        }
    }
}

/// One directory account: `uid=<username>,<people_dn>`, `<username>@<domain>`,
/// `<NETBIOS>\<username>`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryUser {
    /// `uid` and `sAMAccountName`; letters, digits, `.`, `_` and `-` only.
    pub username: String,
    /// The demo password (compared exactly, UTF-8).
    pub password: String,
    #[serde(default, skip_serializing_if = "AccountState::is_active")]
    pub state: AccountState,
    /// `givenName`; the UEM user's first name when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// `sn`; the UEM user's last name when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// `mail`; the UEM user's e-mail, else `<username>@<domain>`, when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `description`; the entry has none when left out. A filter can match on it, e.g. a
    /// `badge-<someone else>` value for a `LDAPUserFilter` that finds another person's entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl fmt::Debug for DirectoryUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectoryUser")
            .field("username", &self.username)
            .field("state", &self.state)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &self.email)
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

/// Why an account may not sign in, as Active Directory reports it: every state but `active`
/// answers a bind with resultCode 49 and the AD `data` sub-code in the diagnostic message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    #[default]
    Active,
    /// `data 533` (ACCOUNTDISABLE), only when the password is right.
    Disabled,
    /// `data 775` (account locked out), whatever the password.
    Locked,
    /// `data 532`, only when the password is right.
    PasswordExpired,
    /// `data 773` (pwdLastSet = 0), only when the password is right.
    MustChangePassword,
    /// `data 701` (accountExpires passed), only when the password is right.
    AccountExpired,
}

impl AccountState {
    pub fn is_active(&self) -> bool {
        *self == AccountState::Active
    }

    /// The AD `data` sub-code of a refused bind; `None` for an active account.
    pub fn ad_data_code(self) -> Option<&'static str> {
        match self {
            AccountState::Active => None,
            AccountState::Disabled => Some("533"),
            AccountState::Locked => Some("775"),
            AccountState::PasswordExpired => Some("532"),
            AccountState::MustChangePassword => Some("773"),
            AccountState::AccountExpired => Some("701"),
        }
    }

    /// Whether AD reports the state even for a wrong password (only a lockout does).
    pub(crate) fn reported_without_password(self) -> bool {
        self == AccountState::Locked
    }
}

impl Directory {
    /// `people_dn`, or `ou=people,<base_dn>` when left out.
    pub fn people_dn(&self) -> String {
        match &self.people_dn {
            Some(dn) => dn.clone(),
            None => format!("ou=people,{}", self.base_dn),
        }
    }

    /// The DN a user binds with: `uid=<username>,<people_dn>`.
    pub fn user_dn(&self, username: &str) -> String {
        format!("uid={username},{}", self.people_dn())
    }

    /// Baton's `LDAPBindTemplate` for this directory.
    pub fn bind_template(&self) -> String {
        self.user_dn("{username}")
    }

    pub fn user(&self, username: &str) -> Option<&DirectoryUser> {
        self.users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// The account `username`, to change in a test's seed (its state, its `description`).
    pub fn user_mut(&mut self, username: &str) -> Option<&mut DirectoryUser> {
        self.users
            .iter_mut()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    /// Checks the DNs parse, the people DN is under the base DN, and usernames are unique,
    /// DN-safe and have a password.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let base = Dn::parse(&self.base_dn)
            .ok()
            .filter(|dn| !dn.is_root())
            .ok_or_else(|| format!("directory.base_dn {:?} is not a DN", self.base_dn))?;
        let people = Dn::parse(&self.people_dn())
            .map_err(|()| format!("directory.people_dn {:?} is not a DN", self.people_dn()))?;
        if !people.is_under(&base) {
            return Err(format!(
                "directory.people_dn {:?} is not under base_dn {:?}",
                self.people_dn(),
                self.base_dn
            ));
        }
        let label_ok = |s: &str, extra: char| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == extra)
        };
        if !label_ok(&self.domain, '.') {
            return Err(format!(
                "directory.domain {:?} is not a DNS domain",
                self.domain
            ));
        }
        if !label_ok(&self.netbios_name, '-') {
            return Err(format!(
                "directory.netbios_name {:?} is not a NetBIOS name",
                self.netbios_name
            ));
        }
        let mut names = HashSet::new();
        for user in &self.users {
            let name_ok = !user.username.is_empty()
                && user
                    .username
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !name_ok {
                return Err(format!(
                    "directory user {:?}: use letters, digits, '.', '_' and '-' only",
                    user.username
                ));
            }
            if !names.insert(user.username.to_ascii_lowercase()) {
                return Err(format!("duplicate directory user {:?}", user.username));
            }
            if user.password.is_empty() {
                return Err(format!(
                    "directory user {:?} has an empty password",
                    user.username
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> DirectoryUser {
        DirectoryUser {
            username: name.into(),
            password: "Secret-1".into(),
            state: AccountState::Active,
            first_name: None,
            last_name: None,
            email: None,
            description: None,
        }
    }

    #[test]
    fn derives_people_dn_and_bind_template() {
        let dir = Directory::default();
        assert_eq!(dir.people_dn(), "ou=people,dc=example,dc=test");
        assert_eq!(
            dir.bind_template(),
            "uid={username},ou=people,dc=example,dc=test"
        );
    }

    #[test]
    fn validation_refuses_bad_sections() {
        let mut dir = Directory {
            users: vec![user("alice"), user("ALICE")],
            ..Directory::default()
        };
        assert!(dir.validate().unwrap_err().contains("duplicate"));
        dir.users = vec![user("a,b")];
        assert!(dir.validate().is_err());
        dir.users = vec![DirectoryUser {
            password: String::new(),
            ..user("alice")
        }];
        assert!(dir.validate().unwrap_err().contains("empty password"));
        dir.users.clear();
        dir.people_dn = Some("ou=people,dc=other".into());
        assert!(dir.validate().unwrap_err().contains("not under"));
        dir.people_dn = None;
        dir.base_dn = "not a dn".into();
        assert!(dir.validate().is_err());
        dir.base_dn = "dc=example,dc=test".into();
        dir.netbios_name = "EX\\AMPLE".into();
        assert!(dir.validate().is_err());
    }

    #[test]
    fn whoami_read_access_and_descriptions_come_from_the_seed() {
        let dir = Directory::default();
        assert!(dir.whoami, "slapd answers WhoAmI");
        assert!(!dir.users_read_all, "own entry only");
        let dir: Directory = serde_json::from_str(
            r#"{"whoami": false, "users_read_all": true,
                "users": [{"username": "a", "password": "p", "description": "badge-b"}]}"#,
        )
        .unwrap();
        assert!(!dir.whoami && dir.users_read_all);
        assert_eq!(dir.users[0].description.as_deref(), Some("badge-b"));
        dir.validate().unwrap();
    }

    #[test]
    fn debug_hides_the_password() {
        let text = format!("{:?}", user("alice"));
        assert!(
            text.contains("alice") && !text.contains("Secret-1"),
            "{text}"
        );
    }

    #[test]
    fn sub_codes_are_ads() {
        let codes: Vec<_> = [
            AccountState::Disabled,
            AccountState::Locked,
            AccountState::PasswordExpired,
            AccountState::MustChangePassword,
            AccountState::AccountExpired,
        ]
        .iter()
        .map(|s| s.ad_data_code().unwrap())
        .collect();
        assert_eq!(codes, ["533", "775", "532", "773", "701"]);
        assert_eq!(AccountState::Active.ad_data_code(), None);
    }
}
