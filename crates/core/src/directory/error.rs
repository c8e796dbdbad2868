//! [`DirectoryError`]: every way a verification can end other than success, with its support code,
//! and the classification of LDAP results (including Active Directory's `data NNN` sub-codes).
//!
//! Server text travels in the `detail` fields, which reach the log through `Display`, never the
//! person: [`Problem::user_facing`] is built from fixed sentences only. No variant can hold the
//! password, and wrong password and unknown user are one variant.

use std::fmt;
use std::time::Duration;

use crate::problem::{ExitCode, Problem, UserFacing};

/// Why a verification did not produce a [`VerifiedUser`](super::VerifiedUser).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// Wrong password, or no such user. One variant on purpose: the person must not be able to
    /// tell the two apart. (The log has the AD sub-code when there was one.)
    #[error("the directory rejected the credentials")]
    InvalidCredentials,
    /// AD 533.
    #[error("the account is disabled")]
    AccountDisabled,
    /// AD 701.
    #[error("the account has expired")]
    AccountExpired,
    /// AD 532.
    #[error("the password has expired")]
    PasswordExpired,
    /// AD 773 (`pwdLastSet` = 0: "user must change password at next logon").
    #[error("the password must be changed before the next logon")]
    MustChangePassword,
    /// AD 775.
    #[error("the account is locked")]
    AccountLocked,
    /// AD 530.
    #[error("the account may not log on at this time")]
    OutsideLogonHours,
    /// AD 531.
    #[error("the account may not log on from this workstation")]
    WorkstationNotAllowed,
    /// The password was empty; nothing was sent (AD would treat it as an anonymous bind).
    #[error("empty password refused before contacting the directory")]
    EmptyPassword,
    /// The username was empty or malformed; nothing was sent.
    #[error("username refused before contacting the directory: {reason}")]
    InvalidUsername {
        /// Which rule refused it.
        reason: &'static str,
    },
    /// No connection: name not resolved, connection refused or reset, network down.
    #[error("directory unreachable: {detail}")]
    Unreachable {
        /// For the log.
        detail: String,
    },
    /// The server accepted the connection but did not answer in time.
    #[error("directory did not answer in time: {detail}")]
    TimedOut {
        /// Which step timed out, for the log.
        detail: String,
    },
    /// TLS could not be established: untrusted or expired certificate, wrong host name, StartTLS
    /// refused, peer not speaking TLS.
    #[error("TLS with the directory failed: {detail}")]
    Tls {
        /// The verifier's reason, for the log.
        detail: String,
    },
    /// The server answered with an error that says nothing about the credentials.
    #[error("directory server error (LDAP result {code}): {detail}")]
    ServerError {
        /// LDAP result code.
        code: u32,
        /// Diagnostic text, for the log.
        detail: String,
    },
    /// The bind succeeded but the user's own entry could not be read (none, several, or no
    /// access): `LDAPBaseDN` / `LDAPUserFilter` do not match this directory.
    #[error("the user's directory entry could not be read: {detail}")]
    EntryUnavailable {
        /// For the log.
        detail: String,
    },
    /// The bind succeeded and an entry was read, but it is not the account that bound: the
    /// server's "Who am I?" answer (or, without one, the bind name) names someone else.
    /// `LDAPUserFilter` finds another person's entry. Not the person's doing: it does not count
    /// towards the local attempt limit.
    #[error("the entry read is not the account that signed in: {detail}")]
    IdentityMismatch {
        /// The bound identity and the entry's DN, for the log.
        detail: String,
    },
    /// The directory settings are invalid.
    #[error("directory configuration: {detail}")]
    Config {
        /// Which key and why.
        detail: String,
    },
    /// Too many failed attempts recently; nothing was sent.
    #[error("throttled locally for {}s after repeated failures", retry_after.as_secs())]
    Throttled {
        /// How long until the next attempt is allowed.
        retry_after: Duration,
    },
}

impl DirectoryError {
    /// True for outcomes where the directory judged the credentials (these count towards local
    /// throttling); false for refusals before any packet and for connection or server trouble.
    pub fn is_credential_rejection(&self) -> bool {
        matches!(
            self,
            DirectoryError::InvalidCredentials
                | DirectoryError::AccountDisabled
                | DirectoryError::AccountExpired
                | DirectoryError::PasswordExpired
                | DirectoryError::MustChangePassword
                | DirectoryError::AccountLocked
                | DirectoryError::OutsideLogonHours
                | DirectoryError::WorkstationNotAllowed
        )
    }
}

impl Problem for DirectoryError {
    fn user_facing(&self) -> UserFacing {
        use DirectoryError as E;
        let (code, summary, next_step, exit) = match self {
            E::InvalidCredentials => (
                "DIR-049",
                "The username or password is incorrect.",
                "Check your username and password, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::AccountDisabled => (
                "DIR-533",
                "Your account is disabled.",
                "Contact IT support to have your account enabled.",
                ExitCode::CredentialsRejected,
            ),
            E::AccountExpired => (
                "DIR-701",
                "Your account has expired.",
                "Contact IT support to have your account extended.",
                ExitCode::CredentialsRejected,
            ),
            E::PasswordExpired => (
                "DIR-532",
                "Your password has expired.",
                "Change your password on another device or in the company portal, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::MustChangePassword => (
                "DIR-773",
                "You must change your password before you can sign in.",
                "Change your password on another device or in the company portal, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::AccountLocked => (
                "DIR-775",
                "Your account is locked.",
                "Wait until it unlocks or contact IT support, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::OutsideLogonHours => (
                "DIR-530",
                "Your account may not sign in at this time of day.",
                "Try again during your permitted hours, or contact IT support.",
                ExitCode::CredentialsRejected,
            ),
            E::WorkstationNotAllowed => (
                "DIR-531",
                "Your account may not sign in on this computer.",
                "Contact IT support.",
                ExitCode::CredentialsRejected,
            ),
            E::EmptyPassword => (
                "DIR-001",
                "No password was entered.",
                "Enter your password, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::InvalidUsername { .. } => (
                "DIR-002",
                "That username is not valid.",
                "Enter your username, for example jdoe or jdoe@example.com, then try again.",
                ExitCode::CredentialsRejected,
            ),
            E::Unreachable { .. } => (
                "DIR-100",
                "The directory server could not be reached.",
                "Check the network connection, then try again.",
                ExitCode::Unreachable,
            ),
            E::TimedOut { .. } => (
                "DIR-101",
                "The directory server did not answer in time.",
                "Check the network connection, then try again.",
                ExitCode::Unreachable,
            ),
            E::Tls { .. } => (
                "DIR-200",
                "A secure connection to the directory server could not be established.",
                "Contact IT support and mention the support code.",
                ExitCode::Unreachable,
            ),
            E::ServerError { .. } => (
                "DIR-300",
                "The directory server reported an error.",
                "Try again in a few minutes; if it keeps happening, contact IT support.",
                ExitCode::Unreachable,
            ),
            E::EntryUnavailable { .. } => (
                "DIR-310",
                "Your password was accepted, but your account details could not be read.",
                "Contact IT support and mention the support code.",
                ExitCode::Usage,
            ),
            E::IdentityMismatch { .. } => (
                "DIR-320",
                "Baton could not confirm which account you signed in with.",
                "Contact IT support and mention the support code.",
                ExitCode::Usage,
            ),
            E::Config { .. } => (
                "DIR-900",
                "Directory sign-in is not set up correctly on this Mac.",
                "Contact IT support and mention the support code.",
                ExitCode::Usage,
            ),
            E::Throttled { .. } => (
                "DIR-429",
                "Too many unsuccessful sign-in attempts.",
                "Wait a few minutes, then try again.",
                ExitCode::Throttled,
            ),
        };
        UserFacing {
            code,
            summary,
            next_step,
            exit,
        }
    }
}

/// Active Directory's reason for a result code 49, from the `data NNN` part of the diagnostic
/// text (`80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveDirectoryCode {
    /// 525: user not found.
    UserNotFound,
    /// 52e: invalid credentials (wrong password; Samba also for unknown users).
    WrongPassword,
    /// 530: not permitted to log on at this time.
    OutsideLogonHours,
    /// 531: not permitted to log on at this workstation.
    WorkstationNotAllowed,
    /// 532: password expired.
    PasswordExpired,
    /// 533: account disabled.
    AccountDisabled,
    /// 701: account expired.
    AccountExpired,
    /// 773: user must reset password.
    MustChangePassword,
    /// 775: account locked out.
    AccountLocked,
    /// Any other sub-code (hexadecimal value).
    Other(u32),
}

impl ActiveDirectoryCode {
    /// Finds `data <hex>` in AD's diagnostic text.
    pub fn from_diagnostic(text: &str) -> Option<Self> {
        let lower = text.to_ascii_lowercase();
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("data ") {
            let after = &rest[at + 5..];
            let hex: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
            let ends_cleanly = after[hex.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == ',' || c == ' ' || c == '\0');
            if !hex.is_empty() && hex.len() <= 8 && ends_cleanly {
                let value = u32::from_str_radix(&hex, 16).ok()?;
                return Some(Self::from_value(value));
            }
            rest = after;
        }
        None
    }

    fn from_value(value: u32) -> Self {
        match value {
            0x525 => Self::UserNotFound,
            0x52e => Self::WrongPassword,
            0x530 => Self::OutsideLogonHours,
            0x531 => Self::WorkstationNotAllowed,
            0x532 => Self::PasswordExpired,
            0x533 => Self::AccountDisabled,
            0x701 => Self::AccountExpired,
            0x773 => Self::MustChangePassword,
            0x775 => Self::AccountLocked,
            other => Self::Other(other),
        }
    }

    /// The outcome this sub-code stands for.
    pub fn to_error(self) -> DirectoryError {
        match self {
            Self::UserNotFound | Self::WrongPassword | Self::Other(_) => {
                DirectoryError::InvalidCredentials
            }
            Self::OutsideLogonHours => DirectoryError::OutsideLogonHours,
            Self::WorkstationNotAllowed => DirectoryError::WorkstationNotAllowed,
            Self::PasswordExpired => DirectoryError::PasswordExpired,
            Self::AccountDisabled => DirectoryError::AccountDisabled,
            Self::AccountExpired => DirectoryError::AccountExpired,
            Self::MustChangePassword => DirectoryError::MustChangePassword,
            Self::AccountLocked => DirectoryError::AccountLocked,
        }
    }
}

impl fmt::Display for ActiveDirectoryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (hex, what) = match self {
            Self::UserNotFound => (0x525, "user not found"),
            Self::WrongPassword => (0x52e, "invalid credentials"),
            Self::OutsideLogonHours => (0x530, "logon hours"),
            Self::WorkstationNotAllowed => (0x531, "workstation restriction"),
            Self::PasswordExpired => (0x532, "password expired"),
            Self::AccountDisabled => (0x533, "account disabled"),
            Self::AccountExpired => (0x701, "account expired"),
            Self::MustChangePassword => (0x773, "must change password"),
            Self::AccountLocked => (0x775, "account locked"),
            Self::Other(v) => (*v, "other"),
        };
        write!(f, "AD data {hex:x} ({what})")
    }
}

/// Where in the exchange an ldap3 error happened; decides how timeouts and I/O errors read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// TCP, StartTLS, TLS handshake.
    Connect,
    /// The simple bind.
    Bind,
    /// Reading the user's entry.
    Search,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Connect => "connect",
            Stage::Bind => "bind",
            Stage::Search => "entry read",
        }
    }
}

/// Makes server or library text safe for one log line: no control characters (log injection),
/// bounded length.
pub(crate) fn log_safe(text: impl fmt::Display) -> String {
    const MAX: usize = 400;
    let mut out = String::new();
    for (i, c) in text.to_string().chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out.trim_end().to_string()
}

/// Classifies the result of a simple bind that came back with a non-zero result code.
pub(crate) fn from_bind_result(rc: u32, text: &str) -> DirectoryError {
    match rc {
        49 => match ActiveDirectoryCode::from_diagnostic(text) {
            Some(ad) => {
                tracing::debug!(target: "baton::directory", "bind rejected: {ad}");
                ad.to_error()
            }
            None => DirectoryError::InvalidCredentials,
        },
        // invalidDNSyntax: the bind name is not a DN but this server wants one (OpenLDAP with a
        // UPN-shaped template). The username is escaped, so this is the template.
        34 => DirectoryError::Config {
            detail: format!(
                "the server refused the bind name's syntax (LDAP 34: {}); LDAPBindTemplate must be a DN for this server",
                log_safe(text)
            ),
        },
        // busy, unavailable: the server says it cannot serve right now.
        51 | 52 => DirectoryError::Unreachable {
            detail: format!("server busy or unavailable (LDAP {rc}): {}", log_safe(text)),
        },
        _ => DirectoryError::ServerError {
            code: rc,
            detail: log_safe(text),
        },
    }
}

/// Classifies an error from ldap3 (transport, TLS, timeout, or a result code).
pub(crate) fn from_ldap_error(err: ldap3::LdapError, stage: Stage) -> DirectoryError {
    use ldap3::LdapError as L;
    match err {
        L::Timeout { .. } => DirectoryError::TimedOut {
            detail: format!("no answer during {}", stage.as_str()),
        },
        L::Io { source } => from_io_error(&source, stage),
        L::Rustls { source } => DirectoryError::Tls {
            detail: log_safe(source),
        },
        L::DNSName { source } => DirectoryError::Config {
            detail: format!("LDAPURL host is not a valid TLS server name: {source}"),
        },
        L::LdapResult { result } => {
            if stage == Stage::Connect {
                // The only operation during connect is StartTLS.
                DirectoryError::Tls {
                    detail: format!(
                        "StartTLS refused (LDAP {}): {}",
                        result.rc,
                        log_safe(&result.text)
                    ),
                }
            } else if stage == Stage::Bind {
                from_bind_result(result.rc, &result.text)
            } else {
                DirectoryError::ServerError {
                    code: result.rc,
                    detail: log_safe(&result.text),
                }
            }
        }
        L::ResultRecv { .. } | L::OpSend { .. } | L::EndOfStream | L::IdScrubSend { .. } => {
            if stage == Stage::Connect {
                DirectoryError::Tls {
                    detail: "connection closed during StartTLS".into(),
                }
            } else {
                DirectoryError::Unreachable {
                    detail: format!("connection closed during {}", stage.as_str()),
                }
            }
        }
        other => DirectoryError::ServerError {
            code: 0,
            detail: log_safe(other),
        },
    }
}

/// I/O errors: a rustls error inside means TLS; an early EOF during connect means the peer does not
/// speak TLS (e.g. `ldaps://` to a plain port); the rest means unreachable.
pub(crate) fn from_io_error(err: &std::io::Error, stage: Stage) -> DirectoryError {
    use std::io::ErrorKind as K;
    if let Some(tls) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return DirectoryError::Tls {
            detail: log_safe(tls),
        };
    }
    match err.kind() {
        K::UnexpectedEof if stage == Stage::Connect => DirectoryError::Tls {
            detail: "connection closed during the TLS handshake (is the server speaking TLS on this port?)".into(),
        },
        K::InvalidData if stage == Stage::Connect => DirectoryError::Tls {
            detail: format!("TLS handshake failed: {}", log_safe(err)),
        },
        K::TimedOut | K::WouldBlock => DirectoryError::TimedOut {
            detail: format!("{} timed out: {}", stage.as_str(), log_safe(err)),
        },
        _ => DirectoryError::Unreachable {
            detail: format!("{} failed: {}", stage.as_str(), log_safe(err)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_sub_codes_map_to_their_variants() {
        let table = [
            ("525", DirectoryError::InvalidCredentials),
            ("52e", DirectoryError::InvalidCredentials),
            ("52E", DirectoryError::InvalidCredentials),
            ("530", DirectoryError::OutsideLogonHours),
            ("531", DirectoryError::WorkstationNotAllowed),
            ("532", DirectoryError::PasswordExpired),
            ("533", DirectoryError::AccountDisabled),
            ("701", DirectoryError::AccountExpired),
            ("773", DirectoryError::MustChangePassword),
            ("775", DirectoryError::AccountLocked),
            ("568", DirectoryError::InvalidCredentials),
        ];
        for (code, want) in table {
            let text = format!(
                "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data {code}, v4563\0"
            );
            assert_eq!(from_bind_result(49, &text), want, "data {code}");
        }
    }

    #[test]
    fn sub_code_parsing_is_strict() {
        assert_eq!(ActiveDirectoryCode::from_diagnostic(""), None);
        assert_eq!(
            ActiveDirectoryCode::from_diagnostic("Invalid credentials"),
            None
        );
        assert_eq!(ActiveDirectoryCode::from_diagnostic("metadata xyz"), None);
        // "data" inside another word, followed by the real one.
        assert_eq!(
            ActiveDirectoryCode::from_diagnostic("metadata 5zz, data 775, v1db1"),
            Some(ActiveDirectoryCode::AccountLocked)
        );
        assert_eq!(
            ActiveDirectoryCode::from_diagnostic("... data 52e"),
            Some(ActiveDirectoryCode::WrongPassword)
        );
        assert_eq!(
            ActiveDirectoryCode::from_diagnostic("data 123456789"),
            None,
            "more than 32 bits"
        );
        assert_eq!(
            ActiveDirectoryCode::from_diagnostic("data 6a1,"),
            Some(ActiveDirectoryCode::Other(0x6a1))
        );
    }

    #[test]
    fn plain_49_is_invalid_credentials_and_other_codes_are_not() {
        assert_eq!(from_bind_result(49, ""), DirectoryError::InvalidCredentials);
        assert!(matches!(
            from_bind_result(34, "invalid DN"),
            DirectoryError::Config { .. }
        ));
        assert!(matches!(
            from_bind_result(52, ""),
            DirectoryError::Unreachable { .. }
        ));
        assert!(matches!(
            from_bind_result(8, "BindSimple: Transport encryption required."),
            DirectoryError::ServerError { code: 8, .. }
        ));
        assert!(matches!(
            from_bind_result(53, "unauthenticated bind (DN with no password) disallowed"),
            DirectoryError::ServerError { code: 53, .. }
        ));
    }

    #[test]
    fn wrong_password_and_unknown_user_look_identical_to_the_person() {
        let wrong = from_bind_result(49, "AcceptSecurityContext error, data 52e, v1db1");
        let unknown = from_bind_result(49, "AcceptSecurityContext error, data 525, v1db1");
        assert_eq!(wrong, unknown);
        assert_eq!(wrong.user_facing(), unknown.user_facing());
        assert_eq!(wrong.to_string(), unknown.to_string());
    }

    #[test]
    fn io_errors_are_classified() {
        use std::io::{Error, ErrorKind};
        let tls = Error::new(
            ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        assert!(matches!(
            from_io_error(&tls, Stage::Connect),
            DirectoryError::Tls { .. }
        ));
        assert!(matches!(
            from_io_error(&tls, Stage::Bind),
            DirectoryError::Tls { .. }
        ));
        let refused = Error::from(ErrorKind::ConnectionRefused);
        assert!(matches!(
            from_io_error(&refused, Stage::Connect),
            DirectoryError::Unreachable { .. }
        ));
        let eof = Error::from(ErrorKind::UnexpectedEof);
        assert!(matches!(
            from_io_error(&eof, Stage::Connect),
            DirectoryError::Tls { .. }
        ));
        assert!(matches!(
            from_io_error(&eof, Stage::Bind),
            DirectoryError::Unreachable { .. }
        ));
    }

    #[test]
    fn every_variant_has_a_distinct_code_and_plain_sentences() {
        const SERVER_TEXT: &str = "DSID-0C0903A9 server text";
        let all = [
            DirectoryError::InvalidCredentials,
            DirectoryError::AccountDisabled,
            DirectoryError::AccountExpired,
            DirectoryError::PasswordExpired,
            DirectoryError::MustChangePassword,
            DirectoryError::AccountLocked,
            DirectoryError::OutsideLogonHours,
            DirectoryError::WorkstationNotAllowed,
            DirectoryError::EmptyPassword,
            DirectoryError::InvalidUsername { reason: "x" },
            DirectoryError::Unreachable {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::TimedOut {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::Tls {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::ServerError {
                code: 1,
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::EntryUnavailable {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::IdentityMismatch {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::Config {
                detail: SERVER_TEXT.into(),
            },
            DirectoryError::Throttled {
                retry_after: Duration::from_secs(60),
            },
        ];
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            let uf = e.user_facing();
            assert!(uf.code.starts_with("DIR-") && uf.code.len() == 7, "{e:?}");
            assert!(codes.insert(uf.code), "duplicate code {}", uf.code);
            assert!(
                uf.summary.ends_with('.') && uf.next_step.ends_with('.'),
                "{e:?}"
            );
            // Server detail reaches the log (Display) but never the person.
            assert!(!uf.summary.contains(SERVER_TEXT) && !uf.next_step.contains(SERVER_TEXT));
        }
        let exit = |e: &DirectoryError| e.user_facing().exit.code();
        assert_eq!(exit(&all[0]), 3);
        assert_eq!(exit(&all[5]), 3);
        assert_eq!(exit(&all[10]), 7);
        assert_eq!(exit(&all[12]), 7);
        assert_eq!(
            exit(&all[15]),
            2,
            "identity mismatch: a configuration error"
        );
        assert!(matches!(all[15], DirectoryError::IdentityMismatch { .. }));
        assert_eq!(exit(&all[16]), 2);
        assert_eq!(exit(&all[17]), 9);
        for e in &all[..8] {
            assert!(e.is_credential_rejection(), "{e:?}");
        }
        for e in &all[8..] {
            assert!(!e.is_credential_rejection(), "{e:?}");
        }
    }

    #[test]
    fn log_safe_strips_control_characters_and_bounds_length() {
        assert_eq!(log_safe("a\nb\r\u{1b}[31mc\0"), "a b  [31mc");
        assert_eq!(log_safe("x".repeat(1000)).chars().count(), 401);
    }
}
