//! The language the window's web view reports to its page as `navigator.languages`, as far as
//! Baton can tell without asking the page. The back end resolves the first screen it serves with
//! the page for these languages (`baton_core::first_screen`); the page checks them against its
//! own and asks over IPC when they differ, so a wrong guess costs time, never a wrong language.
//!
//! WebKit reports a single language (it hides the rest of the list from pages):
//! - WebKitGTK: the C library's locale for `LC_CTYPE` (`setlocale`), `_` written `-` and the
//!   encoding cut off; `en-US` for the `C`/`POSIX` locale ("C.UTF-8" gives "C"). Measured here:
//!   LANG=C.UTF-8 → ["C"]; LANG unset, or a locale that is not installed → ["en-US"].
//! - macOS (WKWebView): the first of the person's preferred languages. UNCERTAIN: not observed
//!   here (no Mac); if WKWebView reports it differently, the page takes the IPC path.

/// The languages the web view of this process is expected to report, most preferred first.
/// Call it after the windowing toolkit set the process's locale (i.e. once a window exists).
pub fn webview_languages() -> Vec<String> {
    imp::webview_languages()
}

/// WebKitGTK's language for the C library locale `locale` (`None`: unknown).
pub fn webkitgtk_language(locale: Option<&str>) -> String {
    let locale = locale.unwrap_or("").trim();
    if locale.is_empty() || locale.eq_ignore_ascii_case("C") || locale.eq_ignore_ascii_case("POSIX")
    {
        return "en-US".to_owned();
    }
    let tag = locale.replace('_', "-");
    match tag.find('.') {
        Some(dot) => tag[..dot].to_owned(),
        None => tag,
    }
}

#[cfg(target_os = "macos")]
mod imp {
    use core_foundation::array::CFArray;
    use core_foundation::base::TCFType;
    use core_foundation::string::CFString;

    pub fn webview_languages() -> Vec<String> {
        // SAFETY: takes no arguments; returns a new array (create rule) or null.
        let raw = unsafe { core_foundation_sys::locale::CFLocaleCopyPreferredLanguages() };
        if raw.is_null() {
            return Vec::new();
        }
        // SAFETY: `raw` is a non-null CFArray of CFStrings that we own (create rule).
        let languages: CFArray<CFString> = unsafe { CFArray::wrap_under_create_rule(raw) };
        languages
            .iter()
            .next()
            .map(|first| vec![first.to_string()])
            .unwrap_or_default()
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod imp {
    pub fn webview_languages() -> Vec<String> {
        // SAFETY: a null locale only queries; the returned string is copied before anything
        // else may call setlocale.
        let current = unsafe { libc::setlocale(libc::LC_CTYPE, std::ptr::null()) };
        let locale = if current.is_null() {
            None
        } else {
            // SAFETY: setlocale returns a NUL-terminated string when not null.
            Some(
                unsafe { std::ffi::CStr::from_ptr(current) }
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        vec![super::webkitgtk_language(locale.as_deref())]
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn webview_languages() -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webkitgtk_reports_the_ctype_locale_as_a_language_tag() {
        for (locale, expected) in [
            (None, "en-US"),
            (Some(""), "en-US"),
            (Some("C"), "en-US"),
            (Some("POSIX"), "en-US"),
            (Some("C.UTF-8"), "C"),
            (Some("de_DE.UTF-8"), "de-DE"),
            (Some("pt_BR"), "pt-BR"),
            (Some("en_GB.ISO-8859-1"), "en-GB"),
        ] {
            assert_eq!(webkitgtk_language(locale), expected, "{locale:?}");
        }
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn this_process_has_one_language() {
        // Tests do not call setlocale, so the C library's locale is "C": WebKitGTK's en-US.
        assert_eq!(webview_languages(), vec!["en-US".to_owned()]);
    }
}
