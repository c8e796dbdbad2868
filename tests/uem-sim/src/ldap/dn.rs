//! Distinguished names as far as the simulator needs them (RFC 4514): parsed into RDNs whose
//! attribute types and values compare without regard to case or surrounding spaces, the way
//! slapd compares `uid`/`ou`/`dc` values (caseIgnoreMatch).

/// A parsed DN, leaf RDN first. The root DN (`""`) has no RDNs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dn(Vec<Rdn>);

/// One RDN: its attribute-value assertions (more than one for `cn=a+sn=b`), each
/// `(type, value)` lower-cased, sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rdn(Vec<(String, String)>);

impl Rdn {
    /// The value of a single-valued RDN of type `attr` (`uid=alice` → `alice`).
    pub(crate) fn single(&self, attr: &str) -> Option<&str> {
        match self.0.as_slice() {
            [(a, v)] if a == attr => Some(v),
            _ => None,
        }
    }
}

impl Dn {
    /// Parses an RFC 4514 string; `Err` is slapd's "invalid DN syntax" (34).
    pub(crate) fn parse(text: &str) -> Result<Dn, ()> {
        if text.trim().is_empty() {
            return Ok(Dn(Vec::new()));
        }
        let mut rdns = Vec::new();
        let mut avas = Vec::new();
        let mut chars = text.chars().peekable();
        loop {
            // attribute type
            let mut attr = String::new();
            let mut equals = false;
            for c in chars.by_ref() {
                if c == '=' {
                    equals = true;
                    break;
                }
                attr.push(c);
            }
            let attr = attr.trim().to_ascii_lowercase();
            let type_ok = equals
                && !attr.is_empty()
                && attr
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !type_ok {
                return Err(());
            }
            // value, up to an unescaped separator
            let mut bytes: Vec<u8> = Vec::new();
            let mut kept = 0; // length without unescaped trailing spaces
            let mut separator = None;
            while let Some(c) = chars.next() {
                match c {
                    ',' | ';' | '+' => {
                        separator = Some(c);
                        break;
                    }
                    '\\' => {
                        let next = chars.next().ok_or(())?;
                        if next.is_ascii_hexdigit() {
                            let low = chars.next().filter(char::is_ascii_hexdigit).ok_or(())?;
                            let hex = format!("{next}{low}");
                            bytes.push(u8::from_str_radix(&hex, 16).map_err(|_| ())?);
                        } else {
                            let mut buf = [0; 4];
                            bytes.extend_from_slice(next.encode_utf8(&mut buf).as_bytes());
                        }
                        kept = bytes.len();
                    }
                    '=' | '"' | '<' | '>' => return Err(()),
                    ' ' if bytes.is_empty() => {}
                    _ => {
                        let mut buf = [0; 4];
                        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        if c != ' ' {
                            kept = bytes.len();
                        }
                    }
                }
            }
            bytes.truncate(kept);
            let value = String::from_utf8(bytes).map_err(|_| ())?;
            avas.push((attr, value.to_lowercase()));
            match separator {
                Some('+') => continue,
                other => {
                    avas.sort();
                    rdns.push(Rdn(std::mem::take(&mut avas)));
                    if other.is_none() {
                        break;
                    }
                }
            }
        }
        Ok(Dn(rdns))
    }

    pub(crate) fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The leaf RDN.
    pub(crate) fn leaf(&self) -> Option<&Rdn> {
        self.0.first()
    }

    /// The DN one level up (the root's parent is the root).
    pub(crate) fn parent(&self) -> Dn {
        Dn(self.0.iter().skip(1).cloned().collect())
    }

    /// Whether `self` is `ancestor` or below it.
    pub(crate) fn is_under(&self, ancestor: &Dn) -> bool {
        self.0.len() >= ancestor.0.len() && self.0.ends_with(&ancestor.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_without_case_or_spaces() {
        let a = Dn::parse("uid=Alice,ou=People,dc=example,dc=test").unwrap();
        let b = Dn::parse(" UID = alice , OU=people;DC=Example, dc=TEST ").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 4);
        assert_eq!(a.leaf().unwrap().single("uid"), Some("alice"));
        assert!(a.is_under(&Dn::parse("dc=example,dc=test").unwrap()));
        assert!(!a.is_under(&Dn::parse("dc=other,dc=test").unwrap()));
        assert_eq!(
            a.parent(),
            Dn::parse("ou=people,dc=example,dc=test").unwrap()
        );
    }

    #[test]
    fn handles_escapes_and_multi_valued_rdns() {
        let dn = Dn::parse(r"cn=Smith\, John,dc=x").unwrap();
        assert_eq!(dn.leaf().unwrap().single("cn"), Some("smith, john"));
        let hex = Dn::parse(r"cn=\4a\c3\b6rg,dc=x").unwrap();
        assert_eq!(hex.leaf().unwrap().single("cn"), Some("jörg"));
        let trailing = Dn::parse(r"cn=a\ ,dc=x").unwrap();
        assert_eq!(trailing.leaf().unwrap().single("cn"), Some("a "));
        let multi = Dn::parse("cn=a+sn=b,dc=x").unwrap();
        assert_eq!(multi, Dn::parse("SN=b + cn=A,dc=x").unwrap());
        assert_eq!(multi.leaf().unwrap().single("cn"), None);
    }

    #[test]
    fn refuses_what_slapd_calls_invalid() {
        for bad in [
            "alice",
            "alice@example.test",
            "=x",
            "uid=a=b",
            "cn=a,",
            r"cn=a\",
        ] {
            assert!(Dn::parse(bad).is_err(), "{bad}");
        }
        assert!(Dn::parse("").unwrap().is_root());
    }
}
