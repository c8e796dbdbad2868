//! A bare Tauri v2 window: the baseline next to which `scripts/bench-app.sh` measures Baton's
//! start-up, memory and binary size. Its page calls `form_ready` once loaded; the time since the
//! process started is printed once, in the same words as Baton's `baton::ready` log line.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();
static LOGGED: AtomicBool = AtomicBool::new(false);

#[tauri::command]
fn form_ready() {
    if !LOGGED.swap(true, Ordering::SeqCst) {
        let ms = STARTED
            .get()
            .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1e3);
        eprintln!("INFO bench_bare::ready: form ready: {ms:.1} ms after process start");
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![form_ready])
        .run(tauri::generate_context!())
        .expect("the window could not be opened");
}
