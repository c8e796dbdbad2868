//! `docs/troubleshooting.md`: every support code Baton can show, with what the person is told,
//! the CLI exit code, what it means for IT and what to check. The person's sentences are read
//! from where each error defines them (the `code`/`summary`/`next_step` literals in the Rust
//! sources, as the UI's catalogue test reads them); IT's half comes from [`super::it_notes`].
//! Nothing is written twice.

use std::collections::BTreeMap;
use std::path::Path;

use crate::problem::ExitCode;

/// Where the generated table is committed.
pub const PATH: &str = "docs/troubleshooting.md";

/// One support code as the sources define it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportCode {
    pub code: String,
    /// Every distinct sentence sent with this code (some errors vary it).
    pub summaries: Vec<String>,
    pub next_steps: Vec<String>,
    /// The exit code's variant name, when the source names it.
    pub exit: Option<String>,
}

const STRING: &str = r#""((?:[^"\\]|\\.)*)""#;

fn unescape(text: &str) -> String {
    text.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// The support codes defined in one Rust source file (its `#[cfg(test)]` module excluded).
pub fn scan_source(source: &str, into: &mut BTreeMap<String, SupportCode>) {
    let test_module =
        regex::Regex::new(r"#\[cfg\(test\)\]\s*mod tests\s*\{").expect("valid pattern");
    let source = test_module
        .find(source)
        .map_or(source, |m| &source[..m.start()]);
    let code = r#""([A-Z]{2,}-[A-Z0-9-]+)""#;
    let tuple = regex::Regex::new(&format!(
        r"{code},\s*{STRING},\s*{STRING},?\s*(?:ExitCode::)?(\w+)?"
    ))
    .expect("valid pattern");
    let structure = regex::Regex::new(&format!(
        r"code:\s*{code},\s*summary:((?s:.*?))next_step:\s*{STRING},\s*exit:\s*ExitCode::(\w+)"
    ))
    .expect("valid pattern");
    let literal = regex::Regex::new(STRING).expect("valid pattern");
    let exit_after = regex::Regex::new(r"exit:\s*ExitCode::(\w+)").expect("valid pattern");
    let mut add = |code: &str, summaries: Vec<String>, next: String, exit: Option<String>| {
        let entry = into.entry(code.to_owned()).or_insert_with(|| SupportCode {
            code: code.to_owned(),
            summaries: Vec::new(),
            next_steps: Vec::new(),
            exit: None,
        });
        for summary in summaries {
            if !entry.summaries.contains(&summary) {
                entry.summaries.push(summary);
            }
        }
        if !entry.next_steps.contains(&next) {
            entry.next_steps.push(next);
        }
        if entry.exit.is_none() {
            entry.exit = exit;
        }
    };
    for m in tuple.captures_iter(source) {
        let end = m.get(0).expect("whole match").end();
        let exit = m
            .get(4)
            .map(|e| e.as_str().to_owned())
            .filter(|e| exit_variant(e).is_some())
            .or_else(|| exit_after.captures(&source[end..]).map(|c| c[1].to_owned()));
        add(&m[1], vec![unescape(&m[2])], unescape(&m[3]), exit);
    }
    for m in structure.captures_iter(source) {
        let summaries = literal
            .captures_iter(&m[2])
            .map(|c| unescape(&c[1]))
            .collect();
        add(&m[1], summaries, unescape(&m[3]), Some(m[4].to_owned()));
    }
}

/// Every support code in the sources of the workspace's crates (`crates/*/src`) and the app
/// shell (`src-tauri/src`). This module and its notes are skipped: they describe codes, they do
/// not send them.
pub fn scan_workspace(root: &Path) -> std::io::Result<BTreeMap<String, SupportCode>> {
    let mut codes = BTreeMap::new();
    let mut dirs = vec![root.join("src-tauri/src")];
    for entry in std::fs::read_dir(root.join("crates"))? {
        dirs.push(entry?.path().join("src"));
    }
    while let Some(dir) = dirs.pop() {
        if !dir.is_dir() || dir.ends_with("deploy_kit") {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with("tests.rs"))
            {
                scan_source(&std::fs::read_to_string(&path)?, &mut codes);
            }
        }
    }
    Ok(codes)
}

/// The exit code of a variant name as written in the sources.
pub fn exit_variant(name: &str) -> Option<ExitCode> {
    use ExitCode::*;
    [
        ("Done", Done),
        ("Usage", Usage),
        ("CredentialsRejected", CredentialsRejected),
        ("DeviceNotFound", DeviceNotFound),
        ("NotStaged", NotStaged),
        ("UserNotFound", UserNotFound),
        ("Unreachable", Unreachable),
        ("KeychainFailed", KeychainFailed),
        ("Throttled", Throttled),
        ("NotAuthorised", NotAuthorised),
    ]
    .into_iter()
    .find(|(n, _)| *n == name)
    .map(|(_, exit)| exit)
}

/// What is out of step between the codes in the sources and IT's notes.
pub fn missing_notes(codes: &BTreeMap<String, SupportCode>) -> (Vec<String>, Vec<&'static str>) {
    let without_note = codes
        .keys()
        .filter(|c| super::it_notes::note(c).is_none())
        .cloned()
        .collect();
    let unused = super::it_notes::IT_NOTES
        .iter()
        .map(|n| n.code)
        .filter(|c| !codes.contains_key(*c))
        .collect();
    (without_note, unused)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn area(code: &str) -> &'static str {
    match code.split('-').next().unwrap_or_default() {
        "APP" => "The app",
        "CFG" => "Configuration",
        "CHK" => "The hand-off (check-out)",
        "CLI" => "The command line",
        "DIR" => "Directory (LDAP) verification",
        "FLOW" => "The hand-off flow",
        "KEYCHAIN" | "SIGNIN" | "MACPW" => {
            "Keychain and sign-in hand-off (after a successful switch)"
        }
        "RELAY" => "Baton Relay",
        "UEM" => "Workspace ONE UEM",
        _ => "Other",
    }
}

/// The Markdown document.
pub fn markdown(codes: &BTreeMap<String, SupportCode>) -> String {
    let mut out = String::from(
        "# Troubleshooting: support codes\n\n\
         Generated from the support codes in Baton's sources (what the person sees, as each error \
         defines it) and `crates/core/src/deploy_kit/it_notes.rs` (what it means for IT); a test \
         fails when a code has no note or this file is out of date. Regenerate with \
         `BATON_UPDATE_DOCS=1 cargo test -p baton-core deploy_kit::`.\n\n\
         The person sees the sentence and the support code; the log (`~/Library/Logs/Baton`, and \
         the unified log, subsystem `dev.baton.Baton`) has the detail. The CLI exits with the \
         code shown. `baton doctor` checks most causes in one run.\n",
    );
    let mut by_area: BTreeMap<&str, Vec<&SupportCode>> = BTreeMap::new();
    for code in codes.values() {
        by_area.entry(area(&code.code)).or_default().push(code);
    }
    for (area, codes) in by_area {
        out.push_str(&format!(
            "\n## {area}\n\n| code | the person sees | exit | what it means for IT | what to check |\n|---|---|---|---|---|\n"
        ));
        for code in codes {
            let note = super::it_notes::note(&code.code);
            let exit = code
                .exit
                .as_deref()
                .and_then(exit_variant)
                .map_or("—".to_owned(), |e| e.code().to_string());
            let seen = format!(
                "{} {}",
                code.summaries.join(" / "),
                code.next_steps.join(" / ")
            );
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                code.code,
                cell(&seen),
                exit,
                cell(note.map_or("", |n| n.meaning)),
                cell(note.map_or("", |n| n.check)),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> BTreeMap<String, SupportCode> {
        scan_workspace(&crate::deploy_kit::repo_path("")).unwrap()
    }

    #[test]
    fn every_support_code_has_an_it_note_and_every_note_a_code() {
        let (without_note, unused) = missing_notes(&workspace());
        assert!(
            without_note.is_empty(),
            "support codes without an IT note in crates/core/src/deploy_kit/it_notes.rs: {without_note:?}"
        );
        assert!(
            unused.is_empty(),
            "IT notes for codes nothing sends: {unused:?}"
        );
    }

    #[test]
    fn docs_troubleshooting_md_is_generated_from_the_catalogue() {
        crate::deploy_kit::assert_generated(PATH, &markdown(&workspace()));
    }

    #[test]
    fn the_scan_reads_tuples_structs_and_varying_summaries() {
        let source = r#"
            E::Locked => (
                "DIR-775",
                "Your account is \"locked\".",
                "Wait.",
                ExitCode::CredentialsRejected,
            ),
            X => ("KEYCHAIN-ITEM", "Saved? No.", "Sign in once."),
        };
        UserFacing { code, summary, next_step, exit: ExitCode::KeychainFailed }
        UserFacing {
            code: "CLI-CSV-ROW",
            summary: match self.reason {
                DUPLICATE => "Twice.",
                _ => "Lacks a field.",
            },
            next_step:
                "Correct the line.",
            exit: ExitCode::Usage,
        }
        #[cfg(test)]
        mod tests {
            const X: UserFacing = UserFacing { code: "UEM-OFFLINE", summary: "s", next_step: "n", exit: ExitCode::Unreachable };
        }
        "#;
        let mut codes = BTreeMap::new();
        scan_source(source, &mut codes);
        assert_eq!(
            codes.keys().collect::<Vec<_>>(),
            ["CLI-CSV-ROW", "DIR-775", "KEYCHAIN-ITEM"]
        );
        assert_eq!(codes["DIR-775"].summaries, ["Your account is \"locked\"."]);
        assert_eq!(
            codes["DIR-775"].exit.as_deref(),
            Some("CredentialsRejected")
        );
        assert_eq!(
            codes["KEYCHAIN-ITEM"].exit.as_deref(),
            Some("KeychainFailed")
        );
        assert_eq!(codes["CLI-CSV-ROW"].summaries, ["Twice.", "Lacks a field."]);
        assert_eq!(codes["CLI-CSV-ROW"].next_steps, ["Correct the line."]);
    }

    #[test]
    fn a_new_code_without_a_note_is_reported() {
        let mut codes = workspace();
        codes.insert(
            "NEW-CODE".into(),
            SupportCode {
                code: "NEW-CODE".into(),
                summaries: vec!["s".into()],
                next_steps: vec!["n".into()],
                exit: None,
            },
        );
        assert_eq!(missing_notes(&codes).0, ["NEW-CODE"]);
    }

    #[test]
    fn the_table_shows_the_persons_sentence_the_exit_and_the_note() {
        let doc = markdown(&workspace());
        let row = doc
            .lines()
            .find(|l| l.starts_with("| `DIR-049` |"))
            .unwrap();
        assert!(
            row.contains("The username or password is incorrect."),
            "{row}"
        );
        assert!(row.contains("| 3 |"), "{row}");
        assert!(
            row.contains(super::super::it_notes::note("DIR-049").unwrap().check),
            "{row}"
        );
    }
}
