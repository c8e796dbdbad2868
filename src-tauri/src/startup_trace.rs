//! The start-up trace: when each phase of a launch happened, in milliseconds after the process
//! entered `main`, from the back end's own marks (configuration loaded, window created, page
//! loaded, hand-off built, sign-in view sent, first screen served, first IPC) and the page's (`StartupMark`s sent with `form_ready`: HTML received,
//! script fetched, JS evaluated, catalogue ready, form interactive). Logged once, as one line
//! that `npm run bench` (scripts/bench-app.mjs) reads and prints. A measurement only: nothing
//! of the person is in it, and nothing here changes what the app does.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use baton_core::ipc::StartupMark;

/// The words the log line starts with; the bench looks for them.
pub const LINE_PREFIX: &str = "start-up trace (ms after process start):";

/// Marks the page may send (anything else is dropped: the UI cannot write free text to the log).
pub const PAGE_MARKS: &[&str] = &[
    "page requested",
    "HTML received",
    "script fetched",
    "JS evaluated",
    "first IPC answered",
    "first view",
    "catalogue ready",
    "form interactive",
    "form painted",
];

/// At most this many page marks are read (more is not a start-up).
const MAX_PAGE_MARKS: usize = 16;

struct Origin {
    instant: Instant,
    epoch: Duration,
}

fn origin() -> &'static Origin {
    static ORIGIN: OnceLock<Origin> = OnceLock::new();
    ORIGIN.get_or_init(|| Origin {
        instant: Instant::now(),
        epoch: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    })
}

fn marks() -> &'static Mutex<Vec<(&'static str, f64)>> {
    static MARKS: OnceLock<Mutex<Vec<(&'static str, f64)>>> = OnceLock::new();
    MARKS.get_or_init(Default::default)
}

/// When this process started (monotonic): the trace's zero. The first call fixes it.
pub fn started() -> Instant {
    origin().instant
}

/// Records that `name` happened now (the first time only).
pub fn mark(name: &'static str) {
    let ms = started().elapsed().as_secs_f64() * 1e3;
    let mut marks = marks().lock().unwrap_or_else(|e| e.into_inner());
    if !marks.iter().any(|(n, _)| *n == name) {
        marks.push((name, ms));
    }
}

/// The log line: the back end's marks and the page's, in time order.
pub fn line(page: &[StartupMark]) -> String {
    let own = marks().lock().unwrap_or_else(|e| e.into_inner()).clone();
    format_line(&own, page, origin().epoch.as_secs_f64() * 1e3)
}

/// When the page's mark `name` happened, in ms after the process started (`None`: not sent, or
/// not a finite time).
pub fn page_mark_ms(page: &[StartupMark], name: &str) -> Option<f64> {
    page_mark_ms_from(page, name, origin().epoch.as_secs_f64() * 1e3)
}

fn page_mark_ms_from(page: &[StartupMark], name: &str, origin_epoch_ms: f64) -> Option<f64> {
    page.iter()
        .take(MAX_PAGE_MARKS)
        .find(|mark| mark.name == name)
        .map(|mark| mark.epoch_ms - origin_epoch_ms)
        .filter(|ms| ms.is_finite())
}

/// The line for `own` marks (ms after the start) and `page` marks (epoch ms), the start being
/// `origin_epoch_ms`. Page marks with unknown names, or not finite, are left out.
pub fn format_line(own: &[(&str, f64)], page: &[StartupMark], origin_epoch_ms: f64) -> String {
    let mut all: Vec<(&str, f64)> = own.to_vec();
    for mark in page.iter().take(MAX_PAGE_MARKS) {
        let Some(name) = PAGE_MARKS.iter().find(|n| **n == mark.name) else {
            continue;
        };
        let ms = mark.epoch_ms - origin_epoch_ms;
        if ms.is_finite() && !all.iter().any(|(n, _)| n == name) {
            all.push((name, ms));
        }
    }
    all.sort_by(|a, b| a.1.total_cmp(&b.1));
    let parts: Vec<String> = all
        .iter()
        .map(|(name, ms)| format!("{name} {ms:.1}"))
        .collect();
    format!("{LINE_PREFIX} {}", parts.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, epoch_ms: f64) -> StartupMark {
        StartupMark {
            name: name.into(),
            epoch_ms,
        }
    }

    #[test]
    fn the_line_orders_the_back_ends_and_the_pages_marks_in_time() {
        let line = format_line(
            &[("configuration loaded", 2.0), ("window created", 90.3)],
            &[
                page("form interactive", 1_000_300.0),
                page("JS evaluated", 1_000_200.0),
            ],
            1_000_000.0,
        );
        assert_eq!(
            line,
            "start-up trace (ms after process start): configuration loaded 2.0 | window created 90.3 \
             | JS evaluated 200.0 | form interactive 300.0"
        );
    }

    #[test]
    fn the_page_cannot_write_its_own_words_to_the_log() {
        let line = format_line(
            &[],
            &[
                page("jdoe typed Hunter2", 5.0),
                page("JS evaluated", f64::NAN),
                page("JS evaluated", f64::INFINITY),
                page("catalogue ready", 7.0),
            ],
            0.0,
        );
        assert_eq!(line, format!("{LINE_PREFIX} catalogue ready 7.0"));
    }

    #[test]
    fn a_page_mark_is_read_in_ms_after_the_start() {
        let page = [
            page("form interactive", 1_000_300.5),
            page("form painted", f64::NAN),
        ];
        assert_eq!(
            page_mark_ms_from(&page, "form interactive", 1_000_000.0),
            Some(300.5)
        );
        assert_eq!(page_mark_ms_from(&page, "form painted", 1_000_000.0), None);
        assert_eq!(page_mark_ms_from(&page, "JS evaluated", 1_000_000.0), None);
    }

    #[test]
    fn a_mark_counts_once() {
        let line = format_line(
            &[("page loaded", 10.0)],
            &[
                page("form interactive", 20.0),
                page("form interactive", 30.0),
            ],
            0.0,
        );
        assert_eq!(
            line,
            format!("{LINE_PREFIX} page loaded 10.0 | form interactive 20.0")
        );
    }
}
