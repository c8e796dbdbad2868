//! `baton batch --csv FILE`: one checkout per row (`SerialNumber,Username`), every row attempted,
//! one result per row. Rows run one after another: UEM's quota is per tenant, and a pickup queue
//! is not a bulk migration.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use super::csv_rows::{read_rows, RowReport, Strictness};
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
    let mut report = RowReport::default();
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
            Ok((value, line)) => report.succeeded(row.line, &line, value),
            Err(e) => report.failed(row, e.as_ref()),
        }
    }
    report.finish(
        cli.json,
        "assigned or already assigned",
        serde_json::Map::new(),
        out,
    )
}
