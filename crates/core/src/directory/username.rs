//! The one place where what a person typed as "username" becomes the name Baton binds with.
//!
//! Accepted forms: `jdoe`, `jdoe@example.com` (UPN or e-mail shape) and `EXAMPLE\jdoe` (down-level
//! logon name). Surrounding white space is dropped, the text is put in Unicode NFC (a name pasted
//! in decomposed form, `u` + combining diaeresis, is the same name as the precomposed `ü` the
//! directory holds) and the result is lower case (Unicode-aware), so `  JDoe@Example.COM ` and
//! `example\JDOE` both become `jdoe` with the domain hint kept apart. The
//! domain part only informs the log: the bind template decides which domain the bind goes to.
//!
//! Passwords never pass through here; they are used exactly as typed.

use std::fmt;

/// Longest accepted username, in characters, after trimming (UPNs may be long; a typed password
/// pasted into the username field is usually shorter, so this is no secrecy measure).
pub const MAX_USERNAME_CHARS: usize = 256;

/// A username reduced to its short name, lower case.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NormalizedUsername {
    short: String,
    domain: Option<String>,
}

impl NormalizedUsername {
    /// The short name (`jdoe`), the value substituted for `{username}` in the templates.
    pub fn as_str(&self) -> &str {
        &self.short
    }

    /// Whether the short name looks like an account name rather than something else typed
    /// into the field (a password, a sentence): letters, digits and `.`, `_`, `-`, `'` only, at
    /// most 64 characters. Decides only whether the name may be sent anywhere *before* the
    /// directory verified it; verification itself takes any name the directory takes.
    pub fn looks_like_a_name(&self) -> bool {
        self.short.chars().count() <= 64
            && self.short.chars().any(char::is_alphabetic)
            && self
                .short
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '\''))
    }

    /// The domain the person typed (`example.com` from `jdoe@example.com`, `example` from
    /// `EXAMPLE\jdoe`), lower case; `None` for a bare name.
    pub fn domain_hint(&self) -> Option<&str> {
        self.domain.as_deref()
    }
}

impl fmt::Display for NormalizedUsername {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short)
    }
}

impl fmt::Debug for NormalizedUsername {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.domain {
            Some(d) => write!(f, "NormalizedUsername({:?} @ {:?})", self.short, d),
            None => write!(f, "NormalizedUsername({:?})", self.short),
        }
    }
}

/// Why a typed username was refused before anything was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameProblem {
    /// Nothing but white space.
    Empty,
    /// Longer than [`MAX_USERNAME_CHARS`].
    TooLong,
    /// Control characters, or a shape like `a@b@c`, `DOMAIN\`, `@example.com`.
    Malformed,
}

impl UsernameProblem {
    /// A short reason for the log.
    pub fn as_str(self) -> &'static str {
        match self {
            UsernameProblem::Empty => "empty username",
            UsernameProblem::TooLong => "username too long",
            UsernameProblem::Malformed => "malformed username",
        }
    }
}

/// Normalises what the person typed as their username. See the module documentation.
pub fn normalize_username(input: &str) -> Result<NormalizedUsername, UsernameProblem> {
    let composed = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(input.trim());
    let trimmed = composed.as_ref();
    if trimmed.is_empty() {
        return Err(UsernameProblem::Empty);
    }
    if trimmed.chars().count() > MAX_USERNAME_CHARS {
        return Err(UsernameProblem::TooLong);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(UsernameProblem::Malformed);
    }

    let (name, domain) = if let Some((domain, name)) = trimmed.split_once('\\') {
        // EXAMPLE\jdoe
        if name.contains('\\') || name.contains('@') {
            return Err(UsernameProblem::Malformed);
        }
        (name, Some(domain))
    } else if let Some((name, domain)) = trimmed.rsplit_once('@') {
        // jdoe@example.com
        if name.contains('@') {
            return Err(UsernameProblem::Malformed);
        }
        (name, Some(domain))
    } else {
        (trimmed, None)
    };

    let name = name.trim();
    if name.is_empty() {
        return Err(UsernameProblem::Malformed);
    }
    let domain = match domain.map(str::trim) {
        Some("") => return Err(UsernameProblem::Malformed),
        Some(d) => Some(lower_nfc(d)),
        None => None,
    };
    let short = lower_nfc(name);
    // Lower case can be longer (`İ` is `i` + a combining dot): the bound holds for the result
    // too, so a normalised name is always accepted again (found by `cargo fuzz`).
    if short.chars().count() > MAX_USERNAME_CHARS {
        return Err(UsernameProblem::TooLong);
    }
    Ok(NormalizedUsername { short, domain })
}

/// Lower case, then NFC again: lowering can make a sequence composable that was not (`J` +
/// combining caron has no precomposed form, `j` + caron is `ǰ`), and a normalised name must
/// normalise to itself (found by `cargo fuzz`, target `username`).
fn lower_nfc(text: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(&text.to_lowercase())
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        // (typed, short name, domain hint)
        let ok: &[(&str, &str, Option<&str>)] = &[
            ("jdoe", "jdoe", None),
            ("JDoe", "jdoe", None),
            ("  jdoe  ", "jdoe", None),
            ("\tjdoe\n", "jdoe", None),
            ("\u{00a0}jdoe\u{3000}", "jdoe", None), // no-break and ideographic spaces
            ("jdoe@example.com", "jdoe", Some("example.com")),
            ("JDOE@EXAMPLE.COM", "jdoe", Some("example.com")),
            (" jdoe@Example.Com ", "jdoe", Some("example.com")),
            ("EXAMPLE\\jdoe", "jdoe", Some("example")),
            ("example\\JDOE", "jdoe", Some("example")),
            ("EXAMPLE\\ jdoe ", "jdoe", Some("example")),
            ("jdoe @ example.com", "jdoe", Some("example.com")),
            ("ÅSA.ÖBERG", "åsa.öberg", None),
            ("JÜRGEN@Beispiel.DE", "jürgen", Some("beispiel.de")),
            // Decomposed (as pasted from a file name on macOS) is the same name, composed.
            ("JU\u{308}RGEN", "j\u{fc}rgen", None),
            (
                "ju\u{308}rgen@beispiel.de",
                "j\u{fc}rgen",
                Some("beispiel.de"),
            ),
            ("A\u{30a}SA", "\u{e5}sa", None),
            ("ΟΔΥΣΣΕΥΣ", "οδυσσευς", None), // Greek final sigma handled by to_lowercase
            ("first.last", "first.last", None),
            ("john doe", "john doe", None), // inner spaces are legal in sAMAccountName
            ("*)(uid=*", "*)(uid=*", None), // escaped later, never interpreted here
            ("o'brien", "o'brien", None),
            // Composable only once lower case (found by cargo fuzz): J + caron is ǰ (U+01F0).
            ("J\u{30c}ANE", "\u{1f0}ane", None),
            ("jane@E\u{30c}X.TEST", "jane", Some("\u{11b}x.test")),
        ];
        for (typed, short, domain) in ok {
            let n = normalize_username(typed).unwrap_or_else(|e| panic!("{typed:?}: {e:?}"));
            assert_eq!(n.as_str(), *short, "short name of {typed:?}");
            assert_eq!(n.domain_hint(), *domain, "domain of {typed:?}");
            assert_eq!(n.to_string(), *short);
        }
    }

    #[test]
    fn a_normalised_name_normalises_to_itself() {
        for typed in [
            "J\u{30c}ANE",
            "JjDJuJ\u{30c}ge.e.",
            "\u{130}STANBUL",
            "K\u{212a}",
            "\u{1e9e}",
        ] {
            let once = normalize_username(typed).unwrap();
            let twice = normalize_username(once.as_str()).unwrap();
            assert_eq!(twice.as_str(), once.as_str(), "{typed:?}");
        }
    }

    #[test]
    fn the_three_accepted_forms_are_the_same_user() {
        let a = normalize_username("jdoe").unwrap();
        let b = normalize_username("JDoe@example.com").unwrap();
        let c = normalize_username("EXAMPLE\\jdoe").unwrap();
        assert_eq!(a.as_str(), b.as_str());
        assert_eq!(b.as_str(), c.as_str());
    }

    #[test]
    fn refusals_table() {
        let bad: &[(&str, UsernameProblem)] = &[
            ("", UsernameProblem::Empty),
            ("   ", UsernameProblem::Empty),
            ("\u{2003}\t", UsernameProblem::Empty),
            ("jdoe@", UsernameProblem::Malformed),
            ("@example.com", UsernameProblem::Malformed),
            ("EXAMPLE\\", UsernameProblem::Malformed),
            ("\\jdoe", UsernameProblem::Malformed),
            ("a@b@c", UsernameProblem::Malformed),
            ("EX\\jd\\oe", UsernameProblem::Malformed),
            ("EX\\jdoe@example.com", UsernameProblem::Malformed),
            ("jd\u{0}oe", UsernameProblem::Malformed),
            ("jd\roe", UsernameProblem::Malformed),
            ("jd\u{7f}oe", UsernameProblem::Malformed),
        ];
        for (typed, want) in bad {
            assert_eq!(normalize_username(typed), Err(*want), "{typed:?}");
        }
        let long = "a".repeat(MAX_USERNAME_CHARS + 1);
        assert_eq!(normalize_username(&long), Err(UsernameProblem::TooLong));
        let just = "ä".repeat(MAX_USERNAME_CHARS);
        assert!(
            normalize_username(&just).is_ok(),
            "the limit counts characters"
        );
        // Within the limit as typed, past it in lower case (İ is i + U+0307): refused, so every
        // name accepted is accepted again (found by cargo fuzz).
        let dotted = "\u{130}".repeat(MAX_USERNAME_CHARS / 2 + 1);
        assert_eq!(normalize_username(&dotted), Err(UsernameProblem::TooLong));
    }
}
