//! The headless command line: the same binary as the app, headless when a subcommand is given.
//!
//! ```text
//! baton [--config FILE] [--json] check-config
//! ```
//! Exit codes follow PRODUCT.md's CLI contract ([`crate::problem::ExitCode`]).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::config::{self, ConfigError, Loaded};
use crate::problem::{ExitCode, Problem};

/// Baton hands a staged Mac to its user. Without a subcommand it opens the sign-in window.
#[derive(Debug, Parser)]
#[command(name = "baton", version, about, long_about = None)]
pub struct Cli {
    /// A configuration file (.plist XML or binary, or .json). Managed preferences still win.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the configuration and print the effective settings (secrets masked).
    CheckConfig,
}

/// Runs a subcommand, writing its report to `out`. Returns the exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> ExitCode {
    match command {
        Command::CheckConfig => check_config(cli, out),
    }
}

fn check_config(cli: &Cli, out: &mut dyn Write) -> ExitCode {
    let result = config::load(cli.config.as_deref());
    let written = match (&result, cli.json) {
        (Ok(loaded), true) => write_json_ok(loaded, out),
        (Ok(loaded), false) => write_text_ok(loaded, out),
        (Err(err), true) => write_json_err(err, out),
        (Err(err), false) => write_text_err(err, out),
    };
    if let Err(e) = written {
        tracing::error!("could not write the report: {e}");
    }
    match result {
        Ok(_) => ExitCode::Done,
        Err(err) => {
            for problem in &err.problems {
                tracing::warn!(
                    key = problem.key,
                    "configuration problem: {}",
                    problem.message
                );
            }
            err.user_facing().exit
        }
    }
}

fn write_text_ok(loaded: &Loaded, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Configuration is valid.")?;
    let width = loaded
        .effective
        .iter()
        .map(|e| e.key.len())
        .max()
        .unwrap_or(0);
    for entry in &loaded.effective {
        writeln!(
            out,
            "  {:width$}  {}  ({})",
            entry.key, entry.value, entry.origin
        )?;
    }
    write_warnings(&loaded.warnings, out)
}

fn write_text_err(err: &ConfigError, out: &mut dyn Write) -> std::io::Result<()> {
    let n = err.problems.len();
    writeln!(
        out,
        "The configuration has {n} problem{}:",
        if n == 1 { "" } else { "s" }
    )?;
    for problem in &err.problems {
        writeln!(out, "  - {}", problem.message)?;
    }
    write_warnings(&err.warnings, out)?;
    let facing = err.user_facing();
    writeln!(out, "Support code: {}", facing.code)
}

fn write_warnings(warnings: &[config::Issue], out: &mut dyn Write) -> std::io::Result<()> {
    if !warnings.is_empty() {
        writeln!(out, "Warnings:")?;
        for warning in warnings {
            writeln!(out, "  - {}", warning.message)?;
        }
    }
    Ok(())
}

fn write_json_ok(loaded: &Loaded, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = json!({
        "ok": true,
        "settings": loaded.effective,
        "warnings": loaded.warnings,
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)
}

fn write_json_err(err: &ConfigError, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = json!({
        "ok": false,
        "problems": err.problems,
        "warnings": err.warnings,
        "error": err.user_facing(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/config")
            .join(name)
    }

    fn run_check(args: &[&str]) -> (ExitCode, String) {
        let cli = Cli::try_parse_from(args).unwrap();
        let mut out = Vec::new();
        let code = run(&cli, cli.command.as_ref().unwrap(), &mut out);
        (code, String::from_utf8(out).unwrap())
    }

    #[test]
    fn good_config_exits_0_with_masked_secrets() {
        let path = fixture("good.json");
        let (code, out) = run_check(&["baton", "--config", path.to_str().unwrap(), "check-config"]);
        assert_eq!(code.code(), 0, "{out}");
        assert!(out.contains("UEMOAuthClientSecret"), "{out}");
        assert!(out.contains("••••"), "{out}");
        assert!(!out.contains("fixture-client-secret-8c1f"), "{out}");
        assert!(!out.contains("fixture-tenant-code-77aa"), "{out}");
    }

    #[test]
    fn bad_config_lists_every_problem_and_exits_2() {
        let path = fixture("bad.json");
        let (code, out) = run_check(&["baton", "check-config", "--config", path.to_str().unwrap()]);
        assert_eq!(code.code(), 2);
        assert!(out.contains("problems:"), "{out}");
        for key in [
            "UEMAPIURL",
            "StagingUsernames",
            "LDAPURL",
            "Mode",
            "AccentColor",
            "MaxAttempts",
            "KeychainItems",
            "UEMOAuthTokenURL",
        ] {
            assert!(
                out.lines()
                    .any(|l| l.trim_start().starts_with(&format!("- {key}"))),
                "{key}: {out}"
            );
        }
        assert!(out.contains("Did you mean SyncDeviceAfterSwitch?"), "{out}");
    }

    #[test]
    fn json_output_is_one_document() {
        let path = fixture("good.json");
        let (code, out) = run_check(&[
            "baton",
            "--json",
            "--config",
            path.to_str().unwrap(),
            "check-config",
        ]);
        assert_eq!(code.code(), 0);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["ok"], true);
        let secret = doc["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "UEMOAuthClientSecret")
            .unwrap();
        assert_eq!(secret["value"], "••••");
        assert_eq!(secret["origin"], "file");

        let bad = fixture("bad.json");
        let (code, out) = run_check(&[
            "baton",
            "--json",
            "--config",
            bad.to_str().unwrap(),
            "check-config",
        ]);
        assert_eq!(code.code(), 2);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["ok"], false);
        assert!(doc["problems"].as_array().unwrap().len() >= 8);
        assert_eq!(doc["error"]["code"], "CFG-001");
    }

    #[test]
    fn a_missing_file_is_a_configuration_error() {
        let (code, out) = run_check(&[
            "baton",
            "--config",
            "/nonexistent/baton.json",
            "check-config",
        ]);
        assert_eq!(code.code(), 2);
        assert!(out.contains("could not be read"), "{out}");
    }
}
