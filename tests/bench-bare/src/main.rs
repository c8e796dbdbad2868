//! A bare Tauri v2 window: the baseline next to which `scripts/bench-app.sh` measures Baton's
//! start-up, memory and binary size. Its page calls `form_ready` once loaded; the time since the
//! process started is printed once, in the same words as Baton's `baton::ready` log line, and so
//! is a start-up trace in the words of Baton's (src-tauri/src/startup_trace.rs) with the marks a
//! bare window has: app built, page load started/loaded, and the page's own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static STARTED: OnceLock<(Instant, f64)> = OnceLock::new();
static LOGGED: AtomicBool = AtomicBool::new(false);
static MARKS: Mutex<Vec<(String, f64)>> = Mutex::new(Vec::new());

fn since_start() -> f64 {
    STARTED
        .get()
        .map_or(0.0, |(t, _)| t.elapsed().as_secs_f64() * 1e3)
}

fn mark(name: &str) {
    let ms = since_start();
    let mut marks = MARKS.lock().unwrap_or_else(|e| e.into_inner());
    if !marks.iter().any(|(n, _)| n == name) {
        marks.push((name.to_owned(), ms));
    }
}

/// `marks`: the page's `[name, epoch ms]` pairs.
#[tauri::command]
fn form_ready(marks: Option<Vec<(String, f64)>>) {
    if !LOGGED.swap(true, Ordering::SeqCst) {
        let ms = since_start();
        eprintln!("INFO bench_bare::ready: form ready: {ms:.1} ms after process start");
        let origin = STARTED.get().map_or(0.0, |(_, epoch)| *epoch);
        let mut all = MARKS.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for (name, epoch_ms) in marks.unwrap_or_default().into_iter().take(16) {
            if name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') {
                all.push((name, epoch_ms - origin));
            }
        }
        all.sort_by(|a, b| a.1.total_cmp(&b.1));
        let parts: Vec<String> = all.iter().map(|(n, ms)| format!("{n} {ms:.1}")).collect();
        eprintln!(
            "INFO bench_bare::ready: start-up trace (ms after process start): {}",
            parts.join(" | ")
        );
    }
}

fn main() {
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3;
    STARTED.get_or_init(|| (Instant::now(), epoch));
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![form_ready])
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => mark("page load started"),
            tauri::webview::PageLoadEvent::Finished => mark("page loaded"),
        })
        .build(tauri::generate_context!())
        .expect("the window could not be opened");
    mark("app built");
    app.run(|_, _| {});
}
