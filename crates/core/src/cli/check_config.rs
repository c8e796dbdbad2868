//! `baton check-config`: the effective settings with secrets masked, or every problem at once.

use std::io::Write;

use serde_json::json;

use super::Cli;
use crate::config::{self, ConfigError, Loaded};
use crate::problem::{ExitCode, Problem};

pub(super) fn run(cli: &Cli, managed_dir: &std::path::Path, out: &mut dyn Write) -> ExitCode {
    let result = config::load_with_managed(cli.config.as_deref(), managed_dir).map(|mut loaded| {
        loaded.warnings.extend(advice(&loaded.settings));
        loaded
    });
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
        // A `--config` key that a configuration profile overrules is not an error for the app
        // (it is ignored), but an administrator checking the file must hear about it.
        Ok(loaded) if !loaded.refused_from_file.is_empty() => ExitCode::Usage,
        Ok(_) => ExitCode::Done,
        Err(err) => {
            log_problems(&err);
            err.user_facing().exit
        }
    }
}

/// What `check-config` says beyond validity: a self-service Mac in direct mode holds the UEM
/// credential (RELAY.md, "The app and the CLI against a relay").
fn advice(settings: &config::Settings) -> Vec<config::Issue> {
    if settings.relay.is_none() && settings.mode == config::Mode::SelfService {
        vec![config::Issue {
            key: Some("RelayURL"),
            message: "Direct mode on a self-service Mac: this Mac holds the UEM credential, which every local account can read and use to reassign any device in the tenant. Set RelayURL to a Baton relay so the Mac holds no UEM secret; keep direct mode for IT-owned Macs.".into(),
        }]
    } else {
        Vec::new()
    }
}

/// Logs every problem (at info: the report itself already shows them).
pub(super) fn log_problems(err: &ConfigError) {
    for problem in &err.problems {
        tracing::info!(
            key = problem.key,
            "configuration problem: {}",
            problem.message
        );
    }
}

fn write_text_ok(loaded: &Loaded, out: &mut dyn Write) -> std::io::Result<()> {
    if loaded.refused_from_file.is_empty() {
        writeln!(out, "Configuration is valid.")?;
    } else {
        let n = loaded.refused_from_file.len();
        writeln!(
            out,
            "The configuration has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &loaded.refused_from_file {
            writeln!(out, "  - {}", problem.message)?;
        }
        writeln!(out, "Effective settings (the keys above are ignored):")?;
    }
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

pub(super) fn write_text_err(err: &ConfigError, out: &mut dyn Write) -> std::io::Result<()> {
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
        "ok": loaded.refused_from_file.is_empty(),
        "problems": loaded.refused_from_file,
        "settings": loaded.effective,
        "warnings": loaded.warnings,
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)
}

pub(super) fn write_json_err(err: &ConfigError, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = json!({
        "ok": false,
        "problems": err.problems,
        "warnings": err.warnings,
        "error": err.user_facing(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)
}
