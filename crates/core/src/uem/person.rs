//! Which UEM account is the person the directory vouched for (F7). One decision, used by every
//! mode and by the relay ([`crate::ops::Direct`]):
//!
//! 1. Only accounts whose `UserName` is the directory's account name count ([`same_username`]).
//! 2. When the directory gave the entry's unique id (`entryUUID` / `objectGUID`,
//!    [`VerifiedUser::directory_id`]) and an account carries it as `ExternalId`, that account is
//!    the person's. An account whose `ExternalId` is another id is someone else's, whatever its
//!    name.
//! 3. Else the account must have no `ExternalId`, be a directory account (`SecurityType` 1), be
//!    active (`Status` true), and have the directory entry's e-mail address.
//!
//! How UEM writes the directory id into `ExternalId` is UNCERTAIN (uem-api.md says nothing):
//! [`external_id_matches`] accepts the GUID text (any case, with or without braces or dashes, in
//! either byte order of the first three fields) and the base64 of the 16 bytes (either order).

use super::error::UemError;
use super::models::{same_username, User};
use crate::directory::VerifiedUser;

/// `SecurityType` of a directory account (uem-api.md §4.3).
pub const SECURITY_TYPE_DIRECTORY: i64 = 1;

/// The 16 bytes of a GUID or UUID written as text (`8-4-4-4-12`, or 32 hex digits; braces and
/// case do not matter), in the order written.
pub fn parse_uuid_text(text: &str) -> Option<[u8; 16]> {
    let text = text.trim();
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let dashed = text.len() == 36;
    if dashed
        && !text
            .char_indices()
            .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23))
    {
        return None;
    }
    let hex: Vec<u8> = text.bytes().filter(|b| *b != b'-').collect();
    if hex.len() != 32 || (!dashed && text.len() != 32) {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        let digits = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(digits, 16).ok()?;
    }
    Some(out)
}

/// Microsoft's GUID byte order <-> the order the text is written in: the first three fields
/// reversed. Its own inverse.
fn swap_guid_fields(b: [u8; 16]) -> [u8; 16] {
    let mut out = b;
    out[0..4].reverse();
    out[4..6].reverse();
    out[6..8].reverse();
    out
}

/// Whether UEM's `ExternalId` names the directory entry `directory_id` (text, as in
/// [`VerifiedUser::directory_id`]). See the module documentation for the forms accepted.
pub fn external_id_matches(external_id: &str, directory_id: &str) -> bool {
    let Some(id) = parse_uuid_text(directory_id) else {
        return false;
    };
    let wanted = [id, swap_guid_fields(id)];
    let external_id = external_id.trim();
    if let Some(bytes) = parse_uuid_text(external_id) {
        return wanted.contains(&bytes);
    }
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(external_id)
        .ok()
        .and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
        .is_some_and(|bytes| wanted.contains(&bytes))
}

/// E-mail addresses: equal ignoring ASCII case and surrounding white space; an empty one equals
/// nothing.
fn same_email(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// The one account among `candidates` (a user search for the person's name) that is `person`.
/// None named so → [`UemError::UserNotFound`]; named so but none (or several) passing the rules
/// → [`UemError::UserMismatch`] (or [`UemError::AmbiguousUser`]), with why each was refused.
pub fn pick_person(candidates: Vec<User>, person: &VerifiedUser) -> Result<User, UemError> {
    let username = person.short_name.as_str();
    let named: Vec<User> = candidates
        .into_iter()
        .filter(|u| same_username(&u.user_name, username))
        .collect();
    if named.is_empty() {
        return Err(UemError::UserNotFound {
            username: username.to_owned(),
        });
    }
    let external = |u: &User| {
        u.external_id
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
    };
    if let Some(id) = person.directory_id.as_deref() {
        let mut by_id: Vec<&User> = named
            .iter()
            .filter(|u| external(u).is_some_and(|e| external_id_matches(&e, id)))
            .collect();
        match by_id.len() {
            0 => {}
            1 => return Ok(by_id.remove(0).clone()),
            count => {
                return Err(UemError::AmbiguousUser {
                    username: username.to_owned(),
                    count,
                })
            }
        }
    }
    let mut reasons = Vec::new();
    let mut passing = Vec::new();
    for user in named {
        let why = if let Some(e) = external(&user) {
            Some(format!("its ExternalId {e:?} is another directory entry's"))
        } else if user.security_type != Some(SECURITY_TYPE_DIRECTORY) {
            Some(format!(
                "it is not a directory account (SecurityType {})",
                user.security_type
                    .map_or_else(|| "missing".to_owned(), |t| t.to_string())
            ))
        } else if user.active != Some(true) {
            Some("it is not active".to_owned())
        } else if !person
            .email
            .as_deref()
            .zip(user.email.as_deref())
            .is_some_and(|(a, b)| same_email(a, b))
        {
            Some(if person.email.is_none() {
                "the directory entry has no e-mail address to compare".to_owned()
            } else {
                "its e-mail address is not the directory entry's".to_owned()
            })
        } else {
            None
        };
        match why {
            Some(why) => reasons.push(format!(
                "UEM user {} (id {}): {why}",
                user.user_name, user.id
            )),
            None => passing.push(user),
        }
    }
    match passing.len() {
        1 => Ok(passing.remove(0)),
        0 => Err(UemError::UserMismatch {
            username: username.to_owned(),
            detail: reasons.join("; "),
        }),
        count => Err(UemError::AmbiguousUser {
            username: username.to_owned(),
            count,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uem::UserId;

    const GUID_TEXT: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    fn person(email: Option<&str>, id: Option<&str>) -> VerifiedUser {
        VerifiedUser {
            short_name: "alice".into(),
            upn: None,
            display_name: None,
            email: email.map(Into::into),
            dn: "uid=alice,dc=x".into(),
            domain: None,
            realm: None,
            groups: Vec::new(),
            directory_id: id.map(Into::into),
        }
    }

    fn account(id: i64, name: &str) -> User {
        User {
            id: UserId(id),
            user_name: name.into(),
            email: Some("alice@example.test".into()),
            security_type: Some(1),
            active: Some(true),
            ..Default::default()
        }
    }

    #[test]
    fn external_id_forms() {
        let ms_bytes = [
            0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c,
            0x33, 0x01,
        ];
        let text_bytes = swap_guid_fields(ms_bytes);
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        for yes in [
            GUID_TEXT.to_string(),
            GUID_TEXT.to_uppercase(),
            format!("{{{GUID_TEXT}}}"),
            GUID_TEXT.replace('-', ""),
            // The raw AD bytes as hex (the octet-string form).
            ms_bytes.iter().map(|b| format!("{b:02x}")).collect(),
            b64(&ms_bytes),
            b64(&text_bytes),
            format!("  {GUID_TEXT} "),
        ] {
            assert!(external_id_matches(&yes, GUID_TEXT), "{yes}");
        }
        for no in [
            "",
            "alice",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3302",
            "3f2504e04f89-11d3-9a0c-0305e82c3301-",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330",
            "{3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "AAAAAAAAAAAAAAAAAAAAAA==",
        ] {
            assert!(!external_id_matches(no, GUID_TEXT), "{no}");
        }
        assert!(!external_id_matches(GUID_TEXT, "not an id"));
    }

    #[test]
    fn the_external_id_decides_when_there_is_one() {
        let me = person(Some("alice@example.test"), Some(GUID_TEXT));
        // Another account of the same name, same e-mail, with another entry's id; and a basic one.
        let mut other = account(1, "alice");
        other.external_id = Some("11111111-2222-3333-4444-555555555555".into());
        let mut mine = account(2, "Alice");
        mine.external_id = Some(GUID_TEXT.to_uppercase());
        mine.security_type = Some(2); // The id decides; the fallback's rules do not apply.
        let picked = pick_person(vec![other.clone(), mine], &me).unwrap();
        assert_eq!(picked.id, UserId(2));
        // Only the other entry's account: refused, although the name and e-mail fit.
        let err = pick_person(vec![other], &me).unwrap_err();
        assert!(
            matches!(&err, UemError::UserMismatch { detail, .. } if detail.contains("another directory entry's")),
            "{err:?}"
        );
    }

    #[test]
    fn without_an_external_id_the_fallback_needs_email_directory_and_active() {
        let me = person(Some("Alice@Example.Test"), Some(GUID_TEXT));
        assert_eq!(
            pick_person(vec![account(5, "alice")], &me).unwrap().id,
            UserId(5)
        );
        type Change = Box<dyn Fn(&mut User)>;
        let table: Vec<(&str, Change, &str)> = vec![
            (
                "basic",
                Box::new(|u| u.security_type = Some(2)),
                "SecurityType 2",
            ),
            (
                "no type",
                Box::new(|u| u.security_type = None),
                "SecurityType missing",
            ),
            (
                "inactive",
                Box::new(|u| u.active = Some(false)),
                "not active",
            ),
            ("no status", Box::new(|u| u.active = None), "not active"),
            (
                "other mail",
                Box::new(|u| u.email = Some("alice@other.test".into())),
                "e-mail",
            ),
            ("no mail", Box::new(|u| u.email = None), "e-mail"),
        ];
        for (what, change, reason) in table {
            let mut u = account(5, "alice");
            change(&mut u);
            let err = pick_person(vec![u], &me).unwrap_err();
            assert!(
                matches!(&err, UemError::UserMismatch { detail, .. } if detail.contains(reason)),
                "{what}: {err:?}"
            );
        }
        // The directory entry without e-mail: nothing to compare, refused.
        let err = pick_person(vec![account(5, "alice")], &person(None, None)).unwrap_err();
        assert!(matches!(err, UemError::UserMismatch { .. }), "{err:?}");
        // A basic account next to the directory one: the directory one.
        let mut basic = account(6, "ALICE");
        basic.security_type = Some(2);
        assert_eq!(
            pick_person(vec![basic, account(5, "alice")], &me)
                .unwrap()
                .id,
            UserId(5)
        );
        // Two that both pass: ambiguous, not the first.
        assert!(matches!(
            pick_person(vec![account(5, "alice"), account(7, "Alice")], &me),
            Err(UemError::AmbiguousUser { count: 2, .. })
        ));
    }

    #[test]
    fn names_decide_who_is_a_candidate_at_all() {
        let me = person(Some("alice@example.test"), None);
        assert!(matches!(
            pick_person(vec![account(1, "alicia"), account(2, "malice")], &me),
            Err(UemError::UserNotFound { .. })
        ));
        assert!(matches!(
            pick_person(Vec::new(), &me),
            Err(UemError::UserNotFound { .. })
        ));
    }
}
