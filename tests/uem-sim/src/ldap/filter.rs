//! Search filters: evaluated against one entry with RFC 4511's three-valued logic, and
//! written back as RFC 4515 text for the request log. The proto crate has already decoded
//! the filter from BER, so escaped values (`\2a`, `\28`…) arrive here as plain characters.

use ldap3_proto::proto::{LdapFilter, LdapSubstringFilter};

use super::directory::Entry;

/// Whether `filter` matches `entry`: `Some(true)`, `Some(false)`, or `None` (Undefined, for
/// filter kinds the simulator does not evaluate: ordering, approximate, extensible).
///
/// Every attribute of the simulated schema uses caseIgnoreMatch, so comparisons ignore case.
pub(crate) fn matches(filter: &LdapFilter, entry: &Entry) -> Option<bool> {
    match filter {
        LdapFilter::And(parts) => {
            let results: Vec<_> = parts.iter().map(|f| matches(f, entry)).collect();
            if results.contains(&Some(false)) {
                Some(false)
            } else if results.contains(&None) {
                None
            } else {
                Some(true)
            }
        }
        LdapFilter::Or(parts) => {
            let results: Vec<_> = parts.iter().map(|f| matches(f, entry)).collect();
            if results.contains(&Some(true)) {
                Some(true)
            } else if results.contains(&None) {
                None
            } else {
                Some(false)
            }
        }
        LdapFilter::Not(inner) => matches(inner, entry).map(|m| !m),
        LdapFilter::Equality(attr, value) => {
            let value = value.to_lowercase();
            Some(entry.values(attr).iter().any(|v| v.to_lowercase() == value))
        }
        LdapFilter::Present(attr) => Some(!entry.values(attr).is_empty()),
        LdapFilter::Substring(attr, parts) => Some(
            entry
                .values(attr)
                .iter()
                .any(|v| substring_match(&v.to_lowercase(), parts)),
        ),
        LdapFilter::GreaterOrEqual(..)
        | LdapFilter::LessOrEqual(..)
        | LdapFilter::Approx(..)
        | LdapFilter::Extensible(_) => None,
    }
}

fn substring_match(value: &str, parts: &LdapSubstringFilter) -> bool {
    let mut rest = value;
    if let Some(initial) = &parts.initial {
        match rest.strip_prefix(initial.to_lowercase().as_str()) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    for any in &parts.any {
        let any = any.to_lowercase();
        match rest.find(any.as_str()) {
            Some(at) => rest = &rest[at + any.len()..],
            None => return false,
        }
    }
    match &parts.final_ {
        Some(last) => rest.ends_with(last.to_lowercase().as_str()),
        None => true,
    }
}

/// RFC 4515 text of a filter. Values of password-like attributes are redacted.
pub(crate) fn render(filter: &LdapFilter) -> String {
    match filter {
        LdapFilter::And(parts) => format!("(&{})", parts.iter().map(render).collect::<String>()),
        LdapFilter::Or(parts) => format!("(|{})", parts.iter().map(render).collect::<String>()),
        LdapFilter::Not(inner) => format!("(!{})", render(inner)),
        LdapFilter::Equality(attr, value) => format!("({attr}={})", value_text(attr, value)),
        LdapFilter::GreaterOrEqual(attr, value) => {
            format!("({attr}>={})", value_text(attr, value))
        }
        LdapFilter::LessOrEqual(attr, value) => format!("({attr}<={})", value_text(attr, value)),
        LdapFilter::Approx(attr, value) => format!("({attr}~={})", value_text(attr, value)),
        LdapFilter::Present(attr) => format!("({attr}=*)"),
        LdapFilter::Substring(attr, parts) => {
            let mut text = format!("({attr}=");
            if let Some(initial) = &parts.initial {
                text.push_str(&value_text(attr, initial));
            }
            text.push('*');
            for any in &parts.any {
                text.push_str(&value_text(attr, any));
                text.push('*');
            }
            if let Some(last) = &parts.final_ {
                text.push_str(&value_text(attr, last));
            }
            text.push(')');
            text
        }
        LdapFilter::Extensible(rule) => {
            let mut text = String::from("(");
            let attr = rule.type_.clone().unwrap_or_default();
            text.push_str(&attr);
            if rule.dn_attributes {
                text.push_str(":dn");
            }
            if let Some(matching_rule) = &rule.matching_rule {
                text.push(':');
                text.push_str(matching_rule);
            }
            text.push_str(":=");
            text.push_str(&value_text(&attr, &rule.match_value));
            text.push(')');
            text
        }
    }
}

fn value_text(attr: &str, value: &str) -> String {
    let lower = attr.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("pwd") {
        return crate::reqlog::REDACTED.to_string();
    }
    let mut text = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' => text.push_str(r"\2a"),
            '(' => text.push_str(r"\28"),
            ')' => text.push_str(r"\29"),
            '\\' => text.push_str(r"\5c"),
            '\0' => text.push_str(r"\00"),
            _ => text.push(c),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use ldap3_proto::parse_ldap_filter_str;

    fn entry() -> Entry {
        Entry {
            dn: "uid=alice,ou=people,dc=example,dc=test".into(),
            attrs: vec![
                ("objectClass", vec!["top".into(), "inetOrgPerson".into()]),
                ("uid", vec!["alice".into()]),
                ("userPrincipalName", vec!["alice@example.test".into()]),
                ("mail", vec!["Alice@Example.test".into()]),
                ("cn", vec!["Alice Adams".into()]),
            ],
        }
    }

    fn check(text: &str) -> Option<bool> {
        matches(&parse_ldap_filter_str(text).unwrap(), &entry())
    }

    #[test]
    fn evaluates_what_baton_sends() {
        assert_eq!(check("(uid=alice)"), Some(true));
        assert_eq!(check("(UID=ALICE)"), Some(true));
        assert_eq!(check("(userPrincipalName=ALICE@example.test)"), Some(true));
        assert_eq!(check("(mail=alice@example.test)"), Some(true));
        assert_eq!(check("(sAMAccountName=alice)"), Some(false));
        assert_eq!(
            check("(|(uid=bob)(mail=alice@example.test)(userPrincipalName=x))"),
            Some(true)
        );
        assert_eq!(
            check("(&(objectClass=inetorgperson)(uid=alice))"),
            Some(true)
        );
        assert_eq!(check("(&(objectClass=person)(uid=alice))"), Some(false));
        assert_eq!(check("(!(uid=bob))"), Some(true));
        assert_eq!(check("(uid=*)"), Some(true));
        // On the wire `(uid=\2a)` arrives decoded: an equality with the value "*".
        let star = LdapFilter::Equality("uid".into(), "*".into());
        assert_eq!(
            matches(&star, &entry()),
            Some(false),
            "an escaped star is a star"
        );
        assert_eq!(check("(cn=ali*ad*ms)"), Some(true));
        assert_eq!(check("(cn=*bob*)"), Some(false));
        assert_eq!(check("(uid>=a)"), None);
        assert_eq!(check("(|(uid>=a)(uid=alice))"), Some(true));
        assert_eq!(check("(&(uid>=a)(uid=alice))"), None);
    }

    #[test]
    fn renders_rfc4515_text() {
        for text in ["(uid=alice)", "(&(objectClass=*)(!(cn=a*b*c)))"] {
            assert_eq!(render(&parse_ldap_filter_str(text).unwrap()), text);
        }
        let decoded = LdapFilter::Or(vec![
            LdapFilter::Equality("uid".into(), "a*b".into()),
            LdapFilter::Equality("mail".into(), "x(y)\\".into()),
        ]);
        assert_eq!(render(&decoded), r"(|(uid=a\2ab)(mail=x\28y\29\5c))");
        assert_eq!(
            render(&parse_ldap_filter_str("(userPassword=hunter2)").unwrap()),
            "(userPassword=[redacted])"
        );
    }
}
