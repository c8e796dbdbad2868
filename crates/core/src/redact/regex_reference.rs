//! The credential shapes as the regular expressions the redactor used before its hand-written
//! scanner (`shapes.rs`), applied as it applied them: one after the other, each to the previous
//! one's output. Tests and the `redact` fuzz target only (it includes this file by path), so it
//! needs nothing but `regex` and std.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// The four patterns (with the `regex` features baton-core had: `std`, `unicode-case`,
/// `unicode-perl`) and what replaced the part after capture group 1.
pub fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let name = r"(?:password|passwd|pwd|secret|client_secret|access_token|refresh_token|token|api[_-]?key|aw-tenant-code|tenant[_-]?code|UEMPassword|UEMOAuthClientSecret|UEMTenantCode)";
        vec![
            (
                Regex::new(
                    r"(?i)(authorization\W{0,3}\s*(?:bearer|basic)?\s*)[A-Za-z0-9._~+/=-]{4,}",
                )
                .unwrap(),
                "••••",
            ),
            (
                Regex::new(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}").unwrap(),
                " ••••",
            ),
            (
                Regex::new(&format!(r#"(?i)({name}"?\s*[:=]\s*")[^"]*"#)).unwrap(),
                "••••",
            ),
            (
                Regex::new(&format!(r#"(?i)({name}"?\s*[:=]\s*)[^\s",&;)}}\]"]+"#)).unwrap(),
                "••••",
            ),
        ]
    })
}

/// A line after some replacements, with where each of its bytes came from in the original
/// (`None`: a byte of a mask).
struct Traced {
    text: String,
    origin: Vec<Option<usize>>,
}

impl Traced {
    fn push(&mut self, text: &str, origin: impl Iterator<Item = Option<usize>>) {
        self.text.push_str(text);
        self.origin.extend(origin);
    }
}

/// What the regular expressions made of `line`, and which of its bytes are still visible.
pub fn scrub(line: &str) -> (String, Vec<bool>) {
    let mut traced = Traced {
        text: line.to_owned(),
        origin: (0..line.len()).map(Some).collect(),
    };
    // Shape 2 replaces the white space after the scheme by one space: that white space is
    // still shown (as a space), it is not hidden.
    let mut shown_as_space = Vec::new();
    for (pattern, replacement) in patterns() {
        let mut next = Traced {
            text: String::new(),
            origin: Vec::new(),
        };
        let mut last = 0;
        for captures in pattern.captures_iter(&traced.text) {
            let kept_to = captures.get(1).expect("group 1").end();
            let end = captures.get(0).expect("the match").end();
            if replacement.starts_with(' ') {
                let space = traced.text[kept_to..end]
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(end - kept_to);
                shown_as_space.extend(traced.origin[kept_to..kept_to + space].iter().flatten());
            }
            next.push(
                &traced.text[last..kept_to],
                traced.origin[last..kept_to].iter().copied(),
            );
            next.push(replacement, std::iter::repeat_n(None, replacement.len()));
            last = end;
        }
        next.push(&traced.text[last..], traced.origin[last..].iter().copied());
        traced = next;
    }
    let mut visible = vec![false; line.len()];
    for at in traced.origin.into_iter().flatten().chain(shown_as_space) {
        visible[at] = true;
    }
    (traced.text, visible)
}

/// Checks the scanner's `hits` for `line` against the regular expressions: panics when a byte
/// they masked is left visible. Returns whether both give the same text.
pub fn assert_masks_at_least(line: &str, hits: &[(Range<usize>, &str)]) -> bool {
    let (expected, visible_before) = scrub(line);
    let mut masked = String::new();
    let mut last = 0;
    for (range, replacement) in hits {
        assert!(
            last <= range.start && range.start <= range.end && range.end <= line.len(),
            "{line:?}: hits out of order: {hits:?}"
        );
        masked.push_str(&line[last..range.start]);
        masked.push_str(replacement);
        last = range.end;
    }
    masked.push_str(&line[last..]);
    let mut hidden_now = vec![false; line.len()];
    for (range, _) in hits {
        hidden_now[range.clone()].fill(true);
    }
    for (at, visible) in visible_before.iter().enumerate() {
        assert!(
            *visible || hidden_now[at],
            "{line:?}: byte {at} was masked by the regular expressions ({expected:?}) and is \
             visible now ({masked:?})"
        );
    }
    masked == expected
}
