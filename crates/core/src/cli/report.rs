//! How the CLI reports: text for people, one JSON document with `--json`. Failures show the
//! plain sentence, what to do next and the support code; server details go to the log only.

use std::io::Write;

use serde_json::{json, Value};

use crate::config::ConfigError;
use crate::problem::{ExitCode, Problem};

/// Prints `error` (stderr in text mode, the JSON document on stdout otherwise), logs its
/// details, and returns its exit code.
pub(super) fn failure(
    json: bool,
    error: &dyn ProblemError,
    context: Option<Value>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let facing = error.user_facing();
    tracing::error!(
        code = facing.code,
        "{}",
        crate::uem::error_chain(error.as_error())
    );
    let written = if json {
        let mut doc = json!({ "ok": false, "error": facing });
        if let (Some(Value::Object(context)), Value::Object(doc)) = (context, &mut doc) {
            doc.extend(context);
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    } else {
        writeln!(
            err,
            "baton: {} {} (support code {})",
            facing.summary, facing.next_step, facing.code
        )
    };
    if let Err(e) = written {
        tracing::error!("could not write the report: {e}");
    }
    facing.exit
}

/// An error that is a [`Problem`] and can be logged with its chain of causes.
pub(super) trait ProblemError: Problem {
    fn as_error(&self) -> &(dyn std::error::Error + 'static);
}

impl<T: Problem + 'static> ProblemError for T {
    fn as_error(&self) -> &(dyn std::error::Error + 'static) {
        self
    }
}

/// Prints a configuration error the way `check-config` does.
pub(super) fn config_error(
    json: bool,
    error: &ConfigError,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if json {
        super::check_config::write_json_err(error, out)
    } else {
        super::check_config::write_text_err(error, err)
    }
}

/// Prints a success document.
pub(super) fn success(json: bool, doc: Value, text: &str, out: &mut dyn Write) {
    let written = if json {
        let mut doc = doc;
        if let Value::Object(map) = &mut doc {
            map.insert("ok".into(), Value::Bool(true));
        }
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
}
