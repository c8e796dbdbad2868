//! `baton batch --csv FILE`: one checkout per row (`SerialNumber,Username`), every row attempted,
//! one result per row. Rows run one after another: UEM's quota is per tenant, and a pickup queue
//! is not a bulk migration.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use super::csv_rows::{read_rows, Strictness};
use super::{assign, report, Cli};
use crate::ops::{Actor, Authority};
use crate::problem::{ExitCode, Problem, UserFacing};
use crate::wiring::Backend;

/// A row that cannot be attempted.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
struct BadRow {
    line: u64,
    reason: &'static str,
}

impl Problem for BadRow {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "CLI-CSV-ROW",
            summary: match self.reason {
                DUPLICATE => "This serial number appears on an earlier line of the file.",
                _ => "This line lacks a serial number or a user name.",
            },
            next_step: "Correct the line and run the batch again; lines that succeeded are skipped as already assigned.",
            exit: ExitCode::Usage,
        }
    }
}

const DUPLICATE: &str = "the serial number appears on an earlier line";

pub(super) async fn run(
    cli: &Cli,
    backend: &Backend,
    path: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let rows = match read_rows(path, Strictness::Strict) {
        Ok(rows) => rows,
        Err(e) => return report::failure(cli.json, &e, None, out, err),
    };
    let mut seen = HashSet::new();
    let mut results: Vec<Value> = Vec::new();
    let mut text = String::new();
    let mut first_failure: Option<ExitCode> = None;
    let (mut ok, mut failed) = (0, 0);
    for row in &rows {
        let attempt = if row.serial.is_empty() || row.username.is_empty() {
            Err(Box::new(BadRow {
                line: row.line,
                reason: "missing field",
            }) as Box<dyn report::ProblemError>)
        } else if !seen.insert(row.serial.to_uppercase()) {
            Err(Box::new(BadRow {
                line: row.line,
                reason: DUPLICATE,
            }) as Box<dyn report::ProblemError>)
        } else {
            backend
                .assign(&row.serial, &row.username, &Actor::Cli)
                .await
                .map(|done| assign::report(&row.serial, &done))
                .map_err(|e| Box::new(e) as Box<dyn report::ProblemError>)
        };
        match attempt {
            Ok((mut value, line)) => {
                ok += 1;
                text.push_str(&format!("line {}: ok    {line}\n", row.line));
                value["line"] = json!(row.line);
                value["ok"] = json!(true);
                results.push(value);
            }
            Err(e) => {
                failed += 1;
                let facing = e.user_facing();
                tracing::error!(
                    line = row.line,
                    code = facing.code,
                    "{}",
                    crate::uem::error_chain(e.as_error())
                );
                first_failure.get_or_insert(facing.exit);
                text.push_str(&format!(
                    "line {}: FAIL  {} {}: {} (support code {})\n",
                    row.line, row.serial, row.username, facing.summary, facing.code
                ));
                results.push(json!({
                    "line": row.line,
                    "serial": row.serial,
                    "userName": row.username,
                    "ok": false,
                    "error": facing,
                }));
            }
        }
    }
    text.push_str(&format!(
        "{ok} assigned or already assigned, {failed} failed.\n"
    ));
    let doc = json!({ "ok": failed == 0, "succeeded": ok, "failed": failed, "rows": results });
    let written = if cli.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    } else {
        write!(out, "{text}")
    };
    if let Err(e) = written {
        tracing::error!("could not write the report: {e}");
    }
    first_failure.unwrap_or(ExitCode::Done)
}
