//! The second pass of [`super::scrub`]: values written in a credential-like shape, found by a
//! small hand-written scanner (no regular-expression engine in the binary). Four shapes, each
//! given as the regular expression it implements (all case-insensitive; `TOKEN` is
//! `[A-Za-z0-9._~+/=-]`, `NAME` the alternation in [`NAMES`]):
//!
//! 1. `(authorization\W{0,3}\s*(?:bearer|basic)?\s*)TOKEN{4,}` → `$1••••`, and when that
//!    value is followed by white space and more `TOKEN`s (another scheme's credentials, as in
//!    `Authorization: Negotiate YII…`), those too
//! 2. `\b(bearer|basic)\s+TOKEN{8,}` → `$1 ••••`
//! 3. `(NAME"?\s*[:=]\s*")[^"]*` → `$1••••`
//! 4. `(NAME"?\s*[:=]\s*)[^\s",&;)}\]]+` → `$1••••`
//!
//! Matching follows the regular expressions' rules (greedy repetition, the first alternative
//! that leads to a match, Unicode `\s`, and case-insensitive letters matching what Unicode simple
//! case folding makes equal to them: `K` (U+212A KELVIN SIGN) is a `k`, `ſ` (U+017F LONG S) an
//! `s`). Where it differs, it masks more, never less:
//!
//! - A shape is tried at *every* position of the line and every value found is masked (where
//!   two overlap they become one mask). The regular expressions went left to right and resumed
//!   after each match, so a shape starting inside an earlier match's value was not seen
//!   (`authorization: x.bearer abcdefgh` kept `abcdefgh`).
//! - All four shapes are looked for in the line as written. The regular expressions ran one after
//!   the other, each on the previous one's output, so a value masked by one could hide the name
//!   in front of another's value.
//! - A "word character" (for `\W` and `\b`) is an ASCII letter, digit or `_`, or one of `K` and
//!   `ſ`; every other non-ASCII character counts as a non-word character. Unicode's `\w` also
//!   counts other letters, marks and digits, so `ébearer 12345678` is masked here and was not
//!   before. (Every character counted as a word character here is one for Unicode too, so no
//!   boundary that the regular expression saw is missed.)
//!
//! The regular expressions themselves are kept in `regex_reference.rs`, which the unit tests and
//! the `redact` fuzz target use to check that nothing they masked is left visible.

use std::ops::Range;

use super::MASK;

/// The credential-like names of shapes 3 and 4, lowercase, in the order the regular expression's
/// alternation tried them (`api[_-]?key` and `tenant[_-]?code` written out). No name is a prefix
/// of another, so at most one matches at any position.
const NAMES: [&str; 18] = [
    "password",
    "passwd",
    "pwd",
    "secret",
    "client_secret",
    "access_token",
    "refresh_token",
    "token",
    "api_key",
    "api-key",
    "apikey",
    "aw-tenant-code",
    "tenant_code",
    "tenant-code",
    "tenantcode",
    "uempassword",
    "uemoauthclientsecret",
    "uemtenantcode",
];

/// What replaces the value of shape 2 (the white space after the scheme included).
const SPACED_MASK: &str = " ••••";

/// The lowercase ASCII letter (or the ASCII character itself) `c` matches case-insensitively, if
/// any.
fn fold(c: char) -> Option<u8> {
    match c {
        _ if c.is_ascii() => Some((c as u8).to_ascii_lowercase()),
        '\u{212A}' => Some(b'k'),
        '\u{17F}' => Some(b's'),
        _ => None,
    }
}

/// A word character for `\W` and `\b` (see the module comment: fewer than Unicode's).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\u{212A}' || c == '\u{17F}'
}

/// `[A-Za-z0-9._~+/=-]`, case-insensitively (which adds `K` and `ſ`).
fn is_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._~+/=-".contains(c) || c == '\u{212A}' || c == '\u{17F}'
}

/// `[^\s",&;)}\]]`: a bare value of shape 4.
fn is_bare_value(c: char) -> bool {
    !c.is_whitespace() && !"\",&;)}]".contains(c)
}

/// Where `word` (lowercase ASCII) ends when it is written at `at`, in any case.
fn literal(text: &str, at: usize, word: &str) -> Option<usize> {
    let mut chars = text[at..].char_indices();
    for expected in word.bytes() {
        let (_, c) = chars.next()?;
        if fold(c)? != expected {
            return None;
        }
    }
    Some(at + chars.offset())
}

/// Past the white space (Unicode `\s`) at `at`.
fn skip_space(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| !c.is_whitespace())
        .map_or(text.len(), |n| at + n)
}

/// The end of the longest run of characters of one class that starts at a position, remembering
/// the last run so that the many positions inside one long run cost one scan, not one each.
struct Runs {
    class: fn(char) -> bool,
    /// `text[from..end]` is all of the class and `end` is where the run stops.
    from: usize,
    end: usize,
}

impl Runs {
    fn new(class: fn(char) -> bool) -> Self {
        Runs {
            class,
            from: usize::MAX,
            end: 0,
        }
    }

    /// The end of the run at `at` when it is at least `min` characters long.
    fn at_least(&mut self, text: &str, at: usize, min: usize) -> Option<usize> {
        if !(self.from <= at && at <= self.end) {
            let class = self.class;
            self.from = at;
            self.end = text[at..]
                .find(|c: char| !class(c))
                .map_or(text.len(), |n| at + n);
        }
        (text[at..self.end].chars().take(min).count() == min).then_some(self.end)
    }
}

/// The scanner's state over one line.
struct Scan<'a> {
    text: &'a str,
    tokens: Runs,
    bare: Runs,
    quoted: Runs,
}

impl Scan<'_> {
    /// Shape 1 at `at`: the value after an `Authorization` header name.
    fn authorization(&mut self, at: usize) -> Option<Range<usize>> {
        let text = self.text;
        let name_end = literal(text, at, "authorization")?;
        // `\W{0,3}`, greedy: the longest first.
        let mut after_sep = [name_end; 4];
        let mut count = 0;
        for c in text[name_end..].chars().take(3) {
            if is_word(c) {
                break;
            }
            after_sep[count + 1] = after_sep[count] + c.len_utf8();
            count += 1;
        }
        for &sep_end in after_sep[..=count].iter().rev() {
            let scheme_at = skip_space(text, sep_end);
            let scheme_end =
                literal(text, scheme_at, "bearer").or_else(|| literal(text, scheme_at, "basic"));
            if let Some(scheme_end) = scheme_end {
                let value = skip_space(text, scheme_end);
                if let Some(end) = self.tokens.at_least(text, value, 4) {
                    return Some(value..end);
                }
            }
            if let Some(end) = self.tokens.at_least(text, scheme_at, 4) {
                // Any other scheme (`Negotiate`, `NTLM`, `Digest`, `AWS4-HMAC-SHA256`, …), or
                // `Bearer`/`Basic` with a short value: the credentials follow it after white
                // space. The regular expression masked the scheme word only and left them
                // visible; scheme and credentials are masked together here.
                let next = skip_space(text, end);
                if next > end {
                    if let Some(credentials_end) = self.tokens.at_least(text, next, 1) {
                        return Some(scheme_at..credentials_end);
                    }
                }
                return Some(scheme_at..end);
            }
        }
        None
    }

    /// Shape 2 at `at`: credentials after a `Bearer`/`Basic` scheme word. The range starts at
    /// the white space after the scheme (it becomes one space).
    fn scheme(&mut self, at: usize) -> Option<Range<usize>> {
        let text = self.text;
        if text[..at].chars().next_back().is_some_and(is_word) {
            return None;
        }
        let scheme_end = literal(text, at, "bearer").or_else(|| literal(text, at, "basic"))?;
        let value = skip_space(text, scheme_end);
        if value == scheme_end {
            return None;
        }
        let end = self.tokens.at_least(text, value, 8)?;
        Some(scheme_end..end)
    }

    /// Shapes 3 and 4 at `at`: the value after a credential-like name and `:` or `=`.
    fn named(&mut self, at: usize) -> Option<Range<usize>> {
        let text = self.text;
        let name_end = NAMES.iter().find_map(|name| literal(text, at, name))?;
        let mut sep = name_end;
        if text[sep..].starts_with('"') {
            sep += 1;
        }
        sep = skip_space(text, sep);
        if !text[sep..].starts_with([':', '=']) {
            return None;
        }
        let value = skip_space(text, sep + 1);
        if text[value..].starts_with('"') {
            // Shape 3: everything up to the closing quote (or the end), even nothing.
            let start = value + 1;
            let end = self.quoted.at_least(text, start, 0)?;
            return Some(start..end);
        }
        let end = self.bare.at_least(text, value, 1)?;
        Some(value..end)
    }
}

/// Every credential-shaped value in `line`: sorted, not overlapping, each with what replaces it.
/// Not part of Baton's API (public for the `redact` fuzz target).
#[doc(hidden)]
pub fn credential_hits(line: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut scan = Scan {
        text: line,
        tokens: Runs::new(is_token),
        bare: Runs::new(is_bare_value),
        quoted: Runs::new(|c| c != '"'),
    };
    let mut hits = Vec::new();
    for (at, c) in line.char_indices() {
        match fold(c) {
            Some(b'a') => {
                hits.extend(scan.authorization(at).map(|r| (r, MASK)));
                hits.extend(scan.named(at).map(|r| (r, MASK)));
            }
            Some(b'b') => hits.extend(scan.scheme(at).map(|r| (r, SPACED_MASK))),
            Some(b'c' | b'p' | b'r' | b's' | b't' | b'u') => {
                hits.extend(scan.named(at).map(|r| (r, MASK)));
            }
            _ => {}
        }
    }
    hits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut merged: Vec<(Range<usize>, &'static str)> = Vec::with_capacity(hits.len());
    for (range, replacement) in hits {
        match merged.last_mut() {
            Some((last, last_replacement))
                if range.start < last.end || range.start == last.start =>
            {
                // `Authorization: Bearer  abc…` is shapes 1 and 2 at once. The regular
                // expressions masked shape 1 first (`Bearer  ••••`, the white space as written):
                // where only white space comes before the later value, keep it the same way.
                if *last_replacement == SPACED_MASK
                    && line[last.start..range.start]
                        .chars()
                        .all(char::is_whitespace)
                {
                    last.start = range.start;
                    *last_replacement = MASK;
                }
                last.end = last.end.max(range.end);
            }
            _ => merged.push((range, replacement)),
        }
    }
    merged
}

/// `line` with every credential-shaped value masked, or `None` when there is none.
pub(crate) fn mask_credentials(line: &str) -> Option<String> {
    let hits = credential_hits(line);
    if hits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut last = 0;
    for (range, replacement) in hits {
        out.push_str(&line[last..range.start]);
        out.push_str(replacement);
        last = range.end;
    }
    out.push_str(&line[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character classes agree with the regular expressions' on every character (the
    /// word class only where it must: what it calls a word character, Unicode does too).
    #[test]
    fn the_classes_agree_with_the_regex_classes_on_every_character() {
        let one = |pattern: &str| regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
        let token = one(r"(?i)[A-Za-z0-9._~+/=-]");
        let bare = one(r#"(?i)[^\s",&;)}\]"]"#);
        let space = one(r"\s");
        let word = one(r"\w");
        let letter = one(r"(?i)[a-z]");
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(is_token(c), token.is_match(s), "{c:?}");
            assert_eq!(is_bare_value(c), bare.is_match(s), "{c:?}");
            assert_eq!(c.is_whitespace(), space.is_match(s), "{c:?}");
            if is_word(c) {
                assert!(word.is_match(s), "{c:?}");
            }
            if letter.is_match(s) {
                let folded = fold(c).unwrap_or_else(|| panic!("{c:?} folds to a letter"));
                let exact = one(&format!("(?i){}", folded as char));
                assert!(exact.is_match(s), "{c:?} is not {}", folded as char);
            } else if let Some(folded) = fold(c) {
                assert!(c.is_ascii() && !folded.is_ascii_alphabetic(), "{c:?}");
            }
        }
    }

    #[test]
    fn literals_match_in_any_case_and_stop_at_the_end() {
        assert_eq!(literal("AuThOrIzAtIoN:", 0, "authorization"), Some(13));
        assert_eq!(literal("x-Api-\u{212A}ey", 2, "api-key"), Some(11));
        assert_eq!(literal("ba\u{17F}ic", 0, "basic"), Some(6));
        assert_eq!(literal("bas", 0, "basic"), None);
        assert_eq!(literal("bäsic", 0, "basic"), None);
    }

    #[test]
    fn a_long_run_of_names_is_scanned_once_per_run() {
        // Thousands of starts inside one value run: fast, and one mask.
        let line = format!("authorization:{}", "authorization".repeat(20_000));
        let hits = credential_hits(&line);
        assert_eq!(hits, vec![(14..line.len(), MASK)]);
        let line = format!("token={}", "token=".repeat(20_000));
        assert_eq!(credential_hits(&line), vec![(6..line.len(), MASK)]);
    }
}
