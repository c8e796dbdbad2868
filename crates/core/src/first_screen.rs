//! The first screen, served inside the page: when the window's web view asks for `index.html`,
//! the back end puts the start-up screen and the view of that moment into it as a JSON data block,
//! so the page can show the sign-in form while its script is evaluated, without waiting for an
//! answer over IPC. Measured on WebKitGTK (issue 15): a form mounted after any asynchronous step
//! (an IPC round trip, a chunk import) is painted 100–500 ms after it is in the document; mounted
//! while the module is evaluated, within ~10 ms.
//!
//! The block is data (`<script type="application/json">`): it is never executed, so the content
//! security policy needs no change. Everything in it is what `get_startup` and `get_view` answer
//! anyway; neither type can hold a password.

use serde::Serialize;
use ts_rs::TS;

use crate::ipc::{HandoffView, Startup};

/// The `id` of the data block in the page.
pub const ELEMENT_ID: &str = "first-screen";

/// What the page shows first, resolved for `languages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FirstScreen {
    /// The languages the start-up screen was resolved for: what the back end expects the web
    /// view to report as `navigator.languages`. The page uses this first screen only when they
    /// are its own (compared without regard to case or `_`/`-`); otherwise it asks over IPC.
    pub languages: Vec<String>,
    pub startup: Startup,
    pub view: HandoffView,
}

impl FirstScreen {
    /// `html` with this first screen as a data block just before `</head>`; `None` when the page
    /// has no `</head>` (it is then served as it is and asks over IPC).
    pub fn embed(&self, html: &[u8]) -> Option<Vec<u8>> {
        let at = find(html, b"</head>")?;
        let json = serde_json::to_string(self).ok()?;
        // Inside a script element only `</script` or `<!--` could end or change it; neither can
        // appear once every `<` (which JSON has only inside strings) is written as its escape.
        let json = json.replace('<', "\\u003c");
        let block = format!(r#"<script type="application/json" id="{ELEMENT_ID}">{json}</script>"#);
        let mut out = Vec::with_capacity(html.len() + block.len());
        out.extend_from_slice(&html[..at]);
        out.extend_from_slice(block.as_bytes());
        out.extend_from_slice(&html[at..]);
        Some(out)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::SignInScreen;

    const PAGE: &str = "<!doctype html><html><head><title>Baton</title></head><body><div id=\"app\"></div></body></html>";

    fn first(title: &str) -> FirstScreen {
        FirstScreen {
            languages: vec!["en-US".into()],
            startup: Startup::Ready {
                screen: SignInScreen {
                    mode: crate::config::Mode::SelfService,
                    title: title.into(),
                    message: "Sign in.".into(),
                    username_label: None,
                    accent_color: None,
                    help_url: None,
                    logo: None,
                    identity_override: None,
                },
            },
            view: HandoffView::SignIn {
                resume: false,
                problem: None,
                retry_after_seconds: None,
            },
        }
    }

    /// The text of the data block, as the page's `textContent` reads it.
    fn block(page: &str) -> &str {
        let open = format!(r#"<script type="application/json" id="{ELEMENT_ID}">"#);
        let start = page.find(&open).expect("the block is in the page") + open.len();
        let len = page[start..].find("</script>").expect("the block ends");
        &page[start..start + len]
    }

    #[test]
    fn the_first_screen_is_a_data_block_at_the_end_of_the_head() {
        let served = String::from_utf8(first("Welcome").embed(PAGE.as_bytes()).unwrap()).unwrap();
        let json = block(&served);
        assert!(served.contains(&format!("{json}</script></head><body>")));
        let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, serde_json::to_value(first("Welcome")).unwrap());
        assert_eq!(parsed["languages"], serde_json::json!(["en-US"]));
        assert_eq!(parsed["startup"]["screen"]["title"], "Welcome");
        assert_eq!(parsed["view"]["screen"], "signIn");
        // The rest of the page is untouched.
        assert_eq!(
            served.replace(
                &format!(r#"<script type="application/json" id="{ELEMENT_ID}">{json}</script>"#),
                ""
            ),
            PAGE
        );
    }

    #[test]
    fn a_title_cannot_end_the_block_or_open_a_script() {
        let title = "</script><script>alert(1)</script><!-- </SCRIPT>";
        let served = String::from_utf8(first(title).embed(PAGE.as_bytes()).unwrap()).unwrap();
        let json = block(&served);
        assert!(!json.contains('<'), "{json}");
        // Exactly one script element: the block.
        assert_eq!(
            served.to_ascii_lowercase().matches("<script").count(),
            1,
            "{served}"
        );
        let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            parsed["startup"]["screen"]["title"], title,
            "the title reads back as it was"
        );
    }

    #[test]
    fn a_page_without_a_head_is_served_as_it_is() {
        assert_eq!(first("x").embed(b"<html><body></body></html>"), None);
        assert!(first("x").embed(b"<HTML><HEAD></HEAD></HTML>").is_some());
    }
}
