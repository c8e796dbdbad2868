//! The properties the `cargo fuzz` targets (`fuzz/`) check, one function per target. Each takes
//! arbitrary bytes, feeds them through the real parser and panics when a property that the rest
//! of Baton relies on does not hold. Kept in the crate (not in `fuzz/`) so the private parsers
//! need no wider visibility and every input a fuzzer ever found can be replayed by an ordinary
//! unit test (`fuzzing::tests`). Not part of Baton's API.

use std::path::Path;

use crate::config::{self, keys, Origin, Sources};
use crate::directory::options::{render_filter, BindTemplate};
use crate::directory::username::{normalize_username, MAX_USERNAME_CHARS};
use crate::ops::wire::{AssignBody, CredentialsBody, ProblemDoc};
use crate::problem::Problem;
use crate::uem::models::{
    decode, Device, EntityIdModel, EventLogPage, SystemInfo, User, UserSearchPage,
};
use crate::uem::HttpDetails;

/// A value a fuzzer may put into a secret field; it must never come back out in a message.
pub const SECRET_MARKER: &str = "s3cret-MARKER";

/// Configuration: the first byte picks the source (managed, `--config`, user) and whether the
/// bytes are named `.json`; the rest is a property list (XML or binary) or JSON, read as a
/// `--config` file is read, then validated through the key table.
///
/// Properties: no panic; a key set only by the user's own preferences is never a `Forced` one;
/// secrets are masked in `check-config`; no problem or warning repeats a secret's value.
pub fn config(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector & 0b100 != 0 {
        "fuzz.json"
    } else {
        "fuzz.plist"
    };
    let Ok(dict) = config::source::from_bytes(Path::new(name), bytes) else {
        return;
    };
    let slot = selector % 3;
    let load = |dict: plist::Dictionary| {
        let mut sources = Sources::default();
        match slot {
            0 => sources.managed = Some(dict),
            1 => sources.file = Some(dict),
            _ => sources.user = Some(dict),
        }
        config::load_from(&sources)
    };
    // Every text a person can see: check-config's values, the problems and the warnings.
    let shown = |result: &Result<config::Loaded, config::ConfigError>| -> String {
        match result {
            Ok(loaded) => {
                let mut text: Vec<String> =
                    loaded.effective.iter().map(|s| s.value.clone()).collect();
                text.extend(loaded.warnings.iter().map(|w| w.message.clone()));
                text.join("\n")
            }
            Err(error) => {
                let mut text = vec![error.to_string()];
                text.extend(error.warnings.iter().map(|w| w.message.clone()));
                text.join("\n")
            }
        }
    };

    // The same configuration with every secret replaced by a marker: no text shows the marker.
    // (Comparing against the fuzzed secrets themselves would flag a secret that happens to
    // equal another key's value, which is quoted rightly.)
    let mut marked = dict.clone();
    for spec in keys::KEYS.iter().filter(|spec| spec.secret) {
        if let Some(value) = marked.get_mut(spec.name) {
            if value.as_string().is_some() {
                *value = plist::Value::String(SECRET_MARKER.to_owned());
            }
        }
    }
    // Unless the input itself holds the marker outside the secrets (a key or another value).
    let mut others = dict.clone();
    for spec in keys::KEYS.iter().filter(|spec| spec.secret) {
        others.remove(spec.name);
    }
    if !format!("{others:?}").contains(SECRET_MARKER) {
        let text = shown(&load(marked));
        assert!(
            !text.contains(SECRET_MARKER),
            "a secret's value is shown: {text:?}"
        );
    }

    match load(dict) {
        Ok(loaded) => {
            for setting in &loaded.effective {
                let spec = keys::spec(setting.key).expect("every effective key is in the table");
                if setting.origin == Origin::User {
                    assert_eq!(
                        spec.scope,
                        keys::Scope::Any,
                        "{} came from the user's preferences",
                        setting.key
                    );
                }
                if spec.secret {
                    assert_eq!(setting.value, config::MASK, "{} is not masked", setting.key);
                }
            }
        }
        Err(error) => assert_eq!(error.user_facing().code, "CFG-001"),
    }
}

/// UEM's JSON: every model Baton reads, as the client decodes it, and the error details kept
/// from an error body. Properties: no panic; a body decoded without an excerpt (token answers)
/// never appears in the error; the excerpt is bounded.
pub fn uem_models(data: &[u8]) {
    let status = 200;
    let _ = decode::<Device>(status, data, true).map(|device| {
        let _ = device.is_enrolled();
        let _ = device.is_on_staging_user(&["staging".to_owned()]);
        let _ = crate::ops::wire::DeviceState::of(&device, "C02FUZZ", &["staging".to_owned()]);
    });
    let _ = decode::<User>(status, data, true).map(|user| {
        let _ = crate::ops::wire::UserSummary::from(&user);
    });
    let _ = decode::<UserSearchPage>(status, data, true);
    let _ = decode::<SystemInfo>(status, data, true);
    let _ = decode::<EventLogPage>(status, data, true);
    if let Err(error) = decode::<EntityIdModel>(status, data, false) {
        // Without an excerpt (token answers) the error keeps where it failed — the JSON path,
        // made of the body's keys — and the kind of error, never a value of the body.
        let crate::uem::UemError::Decode {
            message, details, ..
        } = &error
        else {
            panic!("a decode error is UemError::Decode: {error:?}");
        };
        let text = format!("{message} {details:?}");
        let marker_in_body = data
            .windows(SECRET_MARKER.len())
            .any(|w| w == SECRET_MARKER.as_bytes());
        assert!(
            !(marker_in_body && text.contains(SECRET_MARKER)),
            "a body decoded without an excerpt is quoted: {text}"
        );
        let _ = error.user_facing();
    }
    let details = HttpDetails::from_body(500, data);
    assert!(details.excerpt.chars().count() <= crate::uem::EXCERPT_CHARS + 1);
    assert!(!details.excerpt.chars().any(char::is_control));
}

/// `ioreg -rd1 -c IOPlatformExpertDevice` output. Properties: no panic; a serial read is
/// non-empty and has no surrounding white space.
pub fn ioreg(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(identity) = baton_platform::device::parse_ioreg(&text) {
        assert!(!identity.serial.is_empty());
        assert_eq!(identity.serial.trim(), identity.serial);
        if let Some(uuid) = &identity.hardware_uuid {
            assert!(!uuid.is_empty());
            assert_eq!(uuid.trim(), uuid.as_str());
        }
    }
}

/// Username normalisation. Properties: no panic; a normalised name is non-empty, bounded, free
/// of control characters and of the separators `@` and `\`, lower case, and normalising it again
/// gives the same name (what the throttle, the templates and UEM see is one name).
pub fn username(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(user) = normalize_username(text) else {
        return;
    };
    let short = user.as_str();
    assert!(!short.is_empty());
    assert!(short.chars().count() <= MAX_USERNAME_CHARS);
    assert!(!short.chars().any(char::is_control), "{short:?}");
    assert!(!short.contains('@') && !short.contains('\\'), "{short:?}");
    let again = normalize_username(short).expect("a normalised name normalises");
    assert_eq!(again.as_str(), short, "normalising twice changes {short:?}");
}

/// DN and filter escaping round trips: whatever a person types, the DN Baton binds with parses
/// back to the template with exactly that name in its first RDN, and the filter parses to one
/// equality match on exactly that name (`*)(uid=*` stays a literal).
pub fn ldap_escaping(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(user) = normalize_username(text) else {
        return;
    };
    let template = BindTemplate::parse("uid={username},ou=people,dc=example,dc=test")
        .expect("a valid template");
    let dn = template.render(&user);
    let rdns = crate::directory::identity::parse_dn(&dn)
        .unwrap_or_else(|| panic!("the bind DN {dn:?} does not parse"));
    assert_eq!(rdns.len(), 4, "{dn:?}");
    assert_eq!(
        rdns[0],
        vec![("uid".to_owned(), user.as_str().to_lowercase())],
        "{dn:?}"
    );
    // The same DN written another way: every byte of the name as a hex escape.
    let hex: String = user
        .as_str()
        .bytes()
        .map(|b| format!("\\{b:02X}"))
        .collect();
    let other = format!("UID={hex} , OU=People,DC=Example,DC=Test");
    assert!(
        crate::directory::identity::same_dn(&dn, &other),
        "{dn:?} vs {other:?}"
    );
    let someone_else = format!("uid={hex}\\2A,ou=people,dc=example,dc=test");
    assert!(!crate::directory::identity::same_dn(&dn, &someone_else));

    let filter = render_filter("(uid={username})", &user);
    let parsed = ldap3::asn1::ASNTag::into_structure(
        ldap3::parse_filter(&filter).unwrap_or_else(|_| panic!("{filter:?} does not parse")),
    );
    // equalityMatch: [3] SEQUENCE { attributeDesc OCTET STRING, assertionValue OCTET STRING }
    assert_eq!(parsed.id, 3, "{filter:?} is not one equality match");
    let parts = match parsed.payload {
        ldap3::asn1::PL::C(parts) => parts,
        ldap3::asn1::PL::P(_) => panic!("{filter:?}: primitive"),
    };
    let values: Vec<Vec<u8>> = parts
        .into_iter()
        .map(|part| match part.payload {
            ldap3::asn1::PL::P(bytes) => bytes,
            ldap3::asn1::PL::C(_) => panic!("{filter:?}: nested"),
        })
        .collect();
    assert_eq!(
        values,
        vec![b"uid".to_vec(), user.as_str().as_bytes().to_vec()],
        "{filter:?}"
    );
}

/// The relay's request bodies (`POST /v1/handoff`, `…/assign`) and the problem documents a
/// relay client reads back. Properties: no panic; a password never shows in `Debug`.
pub fn relay_bodies(data: &[u8]) {
    if let Ok(body) = serde_json::from_slice::<CredentialsBody>(data) {
        // The Debug text must not depend on the password at all: the same body with another
        // password prints the same. (Looking for the password in the text would flag a
        // password that happens to be part of a field name, e.g. "usern".)
        let shown = format!("{body:?}");
        let other = CredentialsBody {
            username: body.username.clone(),
            password: secrecy::SecretString::from("\u{1}another password\u{1}".to_owned()),
            serial: body.serial.clone(),
        };
        assert_eq!(
            shown,
            format!("{other:?}"),
            "the password changes the Debug text"
        );
    }
    let _ = serde_json::from_slice::<AssignBody>(data);
    if let Ok(problem) = serde_json::from_slice::<ProblemDoc>(data) {
        let _ = serde_json::to_vec(&problem).expect("a problem serialises");
    }
}

/// The log redactor's credential shapes (`redact/shapes.rs`) on any line. Properties: no panic
/// (multi-byte characters included); the values found are in order, do not overlap and start and
/// end on character boundaries; a line without one is left as it is. (The `redact` fuzz target
/// also holds the scanner to the regular expressions it replaced: nothing they masked is left
/// visible.)
pub fn redact(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let hits = crate::redact::credential_hits(line);
    for (range, _) in &hits {
        assert!(
            range.start <= range.end
                && line.is_char_boundary(range.start)
                && line.is_char_boundary(range.end),
            "{line:?}: {hits:?}"
        );
    }
    for pair in hits.windows(2) {
        assert!(pair[0].0.end <= pair[1].0.start, "{line:?}: {hits:?}");
    }
    let masked = crate::redact::mask_credentials(line);
    assert_eq!(masked.is_none(), hits.is_empty(), "{line:?}");
    if let Some(masked) = masked {
        assert!(masked.contains(crate::redact::MASK), "{line:?}: {masked:?}");
    }
}

#[cfg(test)]
mod tests {
    //! Every input a fuzzing run found, and the committed seeds, replayed.

    use super::*;

    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/corpus")
            .join(target);
        let mut inputs = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
            inputs.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
        assert!(!inputs.is_empty(), "no seeds in {dir:?}");
        inputs
    }

    #[test]
    fn the_seed_corpora_hold() {
        for (target, check) in [
            ("config", config as fn(&[u8])),
            ("uem_models", uem_models),
            ("ioreg", ioreg),
            ("username", username),
            ("ldap_escaping", ldap_escaping),
            ("relay_bodies", relay_bodies),
            ("redact", redact),
        ] {
            for input in seeds(target) {
                check(&input);
            }
        }
    }

    /// The `redact` target's second property, which needs the `regex` crate (a dev-dependency):
    /// the scanner masks at least what the regular expressions it replaced masked.
    #[test]
    fn the_redact_seeds_hold_against_the_regexes() {
        for input in seeds("redact") {
            if let Ok(line) = std::str::from_utf8(&input) {
                crate::redact::regex_reference::assert_masks_at_least(
                    line,
                    &crate::redact::credential_hits(line),
                );
            }
        }
    }
}
