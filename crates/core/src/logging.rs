//! Logging: `tracing` to stderr, a daily-rotated file in the platform log folder
//! (`~/Library/Logs/Baton` on macOS) and, on macOS, the unified log. Every sink receives lines
//! only through [`RedactingWriter`], which applies [`crate::redact::scrub`].

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use baton_platform::system_log;
use tracing::{Level, Metadata};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, Registry};

use crate::redact;

/// Where log lines go.
#[derive(Clone)]
pub enum Sink {
    Stderr,
    File(tracing_appender::non_blocking::NonBlocking),
    SystemLog,
    /// An in-memory buffer (tests).
    Memory(Arc<Mutex<Vec<u8>>>),
}

/// A `MakeWriter` that scrubs every line before it reaches its sink.
#[derive(Clone)]
pub struct RedactingWriter {
    sink: Sink,
}

impl RedactingWriter {
    pub fn new(sink: Sink) -> Self {
        RedactingWriter { sink }
    }
}

/// One event's writer: the fmt layer writes each formatted event in one `write_all`.
pub struct LineWriter {
    sink: Sink,
    level: Level,
}

impl Write for LineWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let clean = redact::scrub(&text);
        match &mut self.sink {
            Sink::Stderr => io::stderr().write_all(clean.as_bytes())?,
            Sink::File(file) => file.write_all(clean.as_bytes())?,
            Sink::Memory(buffer) => buffer
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(clean.as_bytes()),
            Sink::SystemLog => {
                let level = match self.level {
                    Level::ERROR | Level::WARN => system_log::Level::Error,
                    Level::INFO => system_log::Level::Default,
                    Level::DEBUG => system_log::Level::Info,
                    Level::TRACE => system_log::Level::Debug,
                };
                system_log::write(level, "general", clean.trim_end());
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::File(file) => file.flush(),
            Sink::Stderr => io::stderr().flush(),
            _ => Ok(()),
        }
    }
}

impl<'a> MakeWriter<'a> for RedactingWriter {
    type Writer = LineWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter {
            sink: self.sink.clone(),
            level: Level::INFO,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        LineWriter {
            sink: self.sink.clone(),
            level: *meta.level(),
        }
    }
}

/// What [`init`] sets up.
#[derive(Debug, Clone, Default)]
pub struct LogOptions {
    /// Also log to stderr (the CLI and development; the GUI too, harmlessly).
    pub stderr: bool,
    /// Filter of the stderr sink when `BATON_LOG` is unset; `None` uses `default_filter`. The
    /// CLI keeps stderr to warnings so its report on stdout stays the only output.
    pub stderr_filter: Option<String>,
    /// Write a daily-rotated `baton.log` here (7 files kept).
    pub file_dir: Option<PathBuf>,
    /// Also write to the system log where there is one (macOS).
    pub system_log: bool,
    /// Default filter when `BATON_LOG` is unset, e.g. `info`.
    pub default_filter: String,
}

impl LogOptions {
    /// The app's and the CLI's defaults: stderr, the platform log folder, the system log.
    pub fn standard() -> Self {
        LogOptions {
            stderr: true,
            stderr_filter: None,
            file_dir: Some(baton_platform::paths::log_dir()),
            system_log: true,
            default_filter: "info".into(),
        }
    }
}

/// Lines the file writer's queue holds while its thread catches up; past that, new lines are
/// dropped (as with tracing-appender's default, which is 128 000 lines). The queue is allocated
/// and touched in full up front, 32 bytes a line: the default cost 4 MiB of memory for a log that
/// gets tens of lines per hand-off.
const FILE_QUEUE_LINES: usize = 4096;

/// Keeps the background file writer alive; dropping it flushes the log file.
#[must_use]
pub struct LogGuard {
    _file: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// Parses a `BATON_LOG` value: comma-separated directives, each `target=level` (the target a
/// module-path prefix such as `baton_core` or `baton_core::uem`) or a bare level (`debug`: every
/// other target). The most specific target wins. Span and field filters (`[span{field=…}]`) are
/// not accepted. Empty directives are skipped; `None` when nothing is left or a directive does
/// not parse (an unknown level, two `=`), so the caller falls back to its default.
pub fn parse_filter(value: &str) -> Option<Targets> {
    let directives: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if directives.is_empty() {
        return None;
    }
    directives.join(",").parse().ok()
}

/// The filter `BATON_LOG` asks for, or `default` (directives as [`parse_filter`] reads them) when
/// it is unset, empty or does not parse.
pub fn filter_from_env(default: &str) -> Targets {
    filter_from(std::env::var("BATON_LOG").ok().as_deref(), default)
}

fn filter_from(value: Option<&str>, default: &str) -> Targets {
    value
        .and_then(parse_filter)
        .or_else(|| parse_filter(default))
        .unwrap_or_default()
}

/// A sink's filter: `BATON_LOG`, or warnings from everything and `default` from Baton's crates.
fn filter(default: &str) -> Targets {
    filter_from_env(&format!(
        "warn,baton={default},baton_core={default},baton_platform={default}"
    ))
}

/// Builds the subscriber for `options` plus any extra sinks (tests add [`Sink::Memory`]).
pub fn subscriber(
    options: &LogOptions,
    extra: Vec<Sink>,
) -> (impl tracing::Subscriber + Send + Sync, LogGuard) {
    let mut sinks = extra;
    if options.stderr {
        sinks.push(Sink::Stderr);
    }
    let mut file_guard = None;
    if let Some(dir) = &options.file_dir {
        // The folder is the owner's only: the files in it carry user names and serials.
        let appender = baton_platform::fs::create_private_dir(dir)
            .ok()
            .and_then(|_| {
                tracing_appender::rolling::Builder::new()
                    .rotation(tracing_appender::rolling::Rotation::DAILY)
                    .filename_prefix("baton")
                    .filename_suffix("log")
                    .max_log_files(7)
                    .build(dir)
                    .ok()
            });
        if let Some(appender) = appender {
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(FILE_QUEUE_LINES)
                .finish(appender);
            sinks.push(Sink::File(writer));
            file_guard = Some(guard);
        }
    }
    if options.system_log && system_log::AVAILABLE {
        sinks.push(Sink::SystemLog);
    }
    let layers: Vec<Box<dyn Layer<Registry> + Send + Sync>> = sinks
        .into_iter()
        .map(|sink| {
            let is_stderr = matches!(sink, Sink::Stderr);
            let ansi = is_stderr && io::IsTerminal::is_terminal(&io::stderr());
            let with_time = !matches!(sink, Sink::SystemLog);
            let level = match (&options.stderr_filter, is_stderr) {
                (Some(stderr), true) => stderr.as_str(),
                _ => options.default_filter.as_str(),
            };
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(RedactingWriter::new(sink))
                .with_ansi(ansi)
                .with_target(true);
            if with_time {
                layer.with_filter(filter(level)).boxed()
            } else {
                layer.without_time().with_filter(filter(level)).boxed()
            }
        })
        .collect();
    let subscriber = Registry::default().with(layers);
    (subscriber, LogGuard { _file: file_guard })
}

/// Installs logging for the whole process. Later calls are ignored.
pub fn init(options: &LogOptions) -> LogGuard {
    let (subscriber, guard) = subscriber(options, Vec::new());
    let _ = tracing::subscriber::set_global_default(subscriber);
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baton_log_value_is_honoured() {
        let filter = filter_from(Some("baton_core=debug,warn"), "info");
        assert!(filter.would_enable("baton_core::uem", &Level::DEBUG));
        assert!(!filter.would_enable("baton_core::uem", &Level::TRACE));
        assert!(filter.would_enable("hyper::client", &Level::WARN));
        assert!(!filter.would_enable("hyper::client", &Level::INFO));
        // The most specific target wins, whatever the order; spaces and empty directives are
        // skipped.
        let filter = filter_from(Some(" trace , baton_core::uem=error,,"), "info");
        assert!(filter.would_enable("reqwest", &Level::TRACE));
        assert!(!filter.would_enable("baton_core::uem::client", &Level::WARN));
        assert!(filter.would_enable("baton_core::uem::client", &Level::ERROR));
        // A bare level.
        let filter = filter_from(Some("DEBUG"), "info");
        assert!(filter.would_enable("anything", &Level::DEBUG));
    }

    #[test]
    fn an_unset_empty_or_garbage_baton_log_falls_back_to_the_default() {
        let default = "warn,baton=info,baton_core=info,baton_platform=info";
        for value in [
            None,
            Some(""),
            Some(" , "),
            Some("baton_core=loud"),
            Some("baton_core=debug=trace"),
            Some("baton_core[span{user=x}]=debug"),
        ] {
            let filter = filter_from(value, default);
            assert!(
                filter.would_enable("baton_core::uem", &Level::INFO),
                "{value:?}"
            );
            assert!(
                !filter.would_enable("baton_core::uem", &Level::DEBUG),
                "{value:?}"
            );
            assert!(filter.would_enable("hyper", &Level::WARN), "{value:?}");
            assert!(!filter.would_enable("hyper", &Level::INFO), "{value:?}");
        }
    }

    #[test]
    fn the_default_directives_parse() {
        assert!(parse_filter("warn,baton=warn,baton_core=warn,baton_platform=warn").is_some());
        assert!(parse_filter("info").is_some());
    }
}
