//! The one reader of a `SerialNumber,Username` CSV file: `batch` (strict: a line that is not
//! valid CSV stops the file) and a technician's `preregister --csv` (lenient: such a line
//! becomes a row reported as malformed, and every other row is still attempted).

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use super::report::ProblemError;
use crate::problem::{ExitCode, Problem, UserFacing};

/// The CSV file cannot be used at all.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct BadCsv(pub String);

impl Problem for BadCsv {
    fn user_facing(&self) -> UserFacing {
        UserFacing {
            code: "CLI-CSV",
            summary: "The CSV file cannot be read.",
            next_step: "Give a CSV file whose first line is SerialNumber,Username; the log says what is wrong.",
            exit: ExitCode::Usage,
        }
    }
}

/// How a line that does not fit the header is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strictness {
    /// The whole file is refused ([`BadCsv`]).
    Strict,
    /// The line becomes a row with `malformed` set; the others are read on.
    Lenient,
}

/// One row of the file, fields trimmed, as written (no case change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    pub line: u64,
    pub serial: String,
    pub username: String,
    /// Not valid CSV for the header's columns (lenient reading only).
    pub malformed: bool,
}

/// Reads the rows (a leading BOM and empty lines skipped), or says what is wrong with the file.
pub(super) fn read_rows(path: &Path, strictness: Strictness) -> Result<Vec<Row>, BadCsv> {
    let lenient = strictness == Strictness::Lenient;
    let text = std::fs::read_to_string(path).map_err(|e| {
        BadCsv(format!(
            "{} could not be read: {}",
            path.display(),
            e.kind()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(lenient)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| BadCsv(format!("the header line is not valid CSV: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                BadCsv(format!(
                    "the header line has no {name} column (found: {})",
                    headers.iter().collect::<Vec<_>>().join(",")
                ))
            })
    };
    let (serial_at, user_at) = (column("SerialNumber")?, column("Username")?);
    let mut rows = Vec::new();
    let mut line = 1;
    for record in reader.records() {
        line += 1;
        let record = match record {
            Ok(record) => record,
            Err(e) if lenient => {
                tracing::warn!("line {line}: {e}");
                rows.push(Row {
                    line,
                    serial: String::new(),
                    username: String::new(),
                    malformed: true,
                });
                continue;
            }
            Err(e) => return Err(BadCsv(format!("not valid CSV: {e}"))),
        };
        line = record.position().map_or(line, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        rows.push(Row {
            line,
            serial: field(serial_at),
            username: field(user_at),
            malformed: record.len() != headers.len(),
        });
    }
    if rows.is_empty() {
        return Err(BadCsv("the file has no rows".into()));
    }
    Ok(rows)
}

/// The report of a file of rows, built row by row: a line of text and a JSON result each, and
/// the exit code of the first row that failed.
#[derive(Default)]
pub(super) struct RowReport {
    text: String,
    results: Vec<Value>,
    succeeded: u32,
    failed: u32,
    first_failure: Option<ExitCode>,
}

impl RowReport {
    /// A row done: "line N: ok    {summary}"; `value` gains `line` and `ok: true`.
    pub fn succeeded(&mut self, line: u64, summary: &str, mut value: Value) {
        self.succeeded += 1;
        self.text
            .push_str(&format!("line {line}: ok    {summary}\n"));
        value["line"] = json!(line);
        value["ok"] = json!(true);
        self.results.push(value);
    }

    /// A row that failed: logged with its support code, reported with its sentence.
    pub fn failed(&mut self, row: &Row, error: &dyn ProblemError) {
        self.failed += 1;
        let facing = error.user_facing();
        tracing::error!(
            line = row.line,
            code = facing.code,
            "{}",
            crate::uem::error_chain(error.as_error())
        );
        self.first_failure.get_or_insert(facing.exit);
        self.text.push_str(&format!(
            "line {}: FAIL  {} {}: {} (support code {})\n",
            row.line, row.serial, row.username, facing.summary, facing.code
        ));
        self.results.push(json!({
            "line": row.line,
            "serial": row.serial,
            "userName": row.username,
            "ok": false,
            "error": facing,
        }));
    }

    /// Writes the report — the JSON document (with `extra`'s fields last) or the text, ending
    /// "{succeeded} {done}, {failed} failed." — and returns the first failure's exit code.
    pub fn finish(
        mut self,
        json: bool,
        done: &str,
        extra: serde_json::Map<String, Value>,
        out: &mut dyn Write,
    ) -> ExitCode {
        let (succeeded, failed) = (self.succeeded, self.failed);
        self.text
            .push_str(&format!("{succeeded} {done}, {failed} failed.\n"));
        let mut doc = json!({
            "ok": failed == 0,
            "succeeded": succeeded,
            "failed": failed,
            "rows": self.results,
        });
        if let Value::Object(map) = &mut doc {
            map.extend(extra);
        }
        let written = if json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )
        } else {
            write!(out, "{}", self.text)
        };
        if let Err(e) = written {
            tracing::error!("could not write the report: {e}");
        }
        self.first_failure.unwrap_or(ExitCode::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn strict_refuses_a_line_with_other_columns_and_lenient_reports_it_as_a_row() {
        let csv = file("\u{feff}SerialNumber, Username\nc02a,alice\nC02B,bob,extra\nC02C,carol\n");
        assert!(read_rows(csv.path(), Strictness::Strict).is_err());
        let rows = read_rows(csv.path(), Strictness::Lenient).unwrap();
        let seen: Vec<(u64, &str, &str, bool)> = rows
            .iter()
            .map(|r| (r.line, r.serial.as_str(), r.username.as_str(), r.malformed))
            .collect();
        assert_eq!(
            seen,
            [
                (2, "c02a", "alice", false),
                (3, "C02B", "bob", true),
                (4, "C02C", "carol", false)
            ]
        );
        let good = file("username,serialnumber\nalice , C02A\n");
        for strictness in [Strictness::Strict, Strictness::Lenient] {
            let rows = read_rows(good.path(), strictness).unwrap();
            assert_eq!(
                (rows[0].serial.as_str(), rows[0].username.as_str()),
                ("C02A", "alice")
            );
        }
    }

    #[test]
    fn a_file_without_the_columns_or_rows_is_refused_either_way() {
        for text in ["Serial,User\nC02A,alice\n", "SerialNumber,Username\n\n"] {
            let csv = file(text);
            for strictness in [Strictness::Strict, Strictness::Lenient] {
                assert!(read_rows(csv.path(), strictness).is_err(), "{text:?}");
            }
        }
    }
}
