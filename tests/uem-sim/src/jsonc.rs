//! JSON with comments: seed files may carry `//` line comments and `/* … */` block comments,
//! which are blanked out here before the text goes to `serde_json`.
//!
//! Comment characters are replaced by spaces (newlines are kept), so `serde_json` error
//! positions still point at the right line and column of the original file.

/// Returns `text` with every comment outside string literals replaced by spaces.
pub(crate) fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                out.push(' ');
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                    out.push(' ');
                }
            }
            ('/', Some('*')) => {
                chars.next();
                out.push_str("  ");
                let mut prev = '\0';
                for next in chars.by_ref() {
                    out.push(if next == '\n' { '\n' } else { ' ' });
                    if prev == '*' && next == '/' {
                        break;
                    }
                    prev = next;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_comments;

    #[test]
    fn removes_line_and_block_comments() {
        let text = "{\n  // a comment\n  \"a\": 1, /* block\n more */ \"b\": 2\n}";
        let value: serde_json::Value = serde_json::from_str(&strip_comments(text)).unwrap();
        assert_eq!(value, serde_json::json!({"a": 1, "b": 2}));
    }

    #[test]
    fn keeps_slashes_inside_strings() {
        let text = r#"{"url": "https://x.test/a//b", "q": "say \"//hi\" /* no */"}"#;
        let value: serde_json::Value = serde_json::from_str(&strip_comments(text)).unwrap();
        assert_eq!(value["url"], "https://x.test/a//b");
        assert_eq!(value["q"], "say \"//hi\" /* no */");
    }

    #[test]
    fn keeps_line_numbers_for_error_messages() {
        let text = "// one\n// two\n{ \"a\": }";
        let err = serde_json::from_str::<serde_json::Value>(&strip_comments(text)).unwrap_err();
        assert_eq!(err.line(), 3);
    }
}
