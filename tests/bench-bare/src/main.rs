//! A bare Tauri v2 window: the baseline next to which `scripts/bench-app.sh` measures Baton's
//! start-up, memory and binary size. Its page calls `form_ready` once loaded; the time since the
//! process started is printed once, in the same words as Baton's `baton::ready` log line, and so
//! is a start-up trace in the words of Baton's (src-tauri/src/startup_trace.rs) with the marks a
//! bare window has: app built, page load started/loaded, and the page's own.
//!
//! For finding what a page costs (not used by `npm run bench`): `BENCH_BARE_PAGE=DIR` shows the
//! files of DIR instead of the embedded `page/`, read when asked for, so variants of a page can be
//! measured in this window without a rebuild; `BENCH_BARE_CSP=POLICY` replaces the configured
//! content security policy (e.g. with Baton's, which allows `data:` images), and
//! `BENCH_BARE_FREEZE=1` then also sets `freezePrototype` as Baton does. A page that should count
//! as ready calls `form_ready` as `page/ready.js` does.

use std::borrow::Cow;
use std::path::PathBuf;
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
        let origin = STARTED.get().map_or(0.0, |(_, epoch)| *epoch);
        let page_mark = |name: &str| {
            marks
                .iter()
                .flatten()
                .take(16)
                .find(|(n, _)| n == name)
                .map(|(_, epoch_ms)| epoch_ms - origin)
        };
        // As Baton: the form was interactive at the page's mark; painted at its paint mark.
        let ms = page_mark("form interactive").unwrap_or_else(since_start);
        eprintln!("INFO bench_bare::ready: form ready: {ms:.1} ms after process start");
        if let Some(painted) = page_mark("form painted") {
            eprintln!("INFO bench_bare::ready: form painted: {painted:.1} ms after process start");
        }
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

/// `BENCH_BARE_PAGE`: the page's files from a folder, read when the webview asks for them.
struct PageDir(PathBuf);

impl<R: tauri::Runtime> tauri::Assets<R> for PageDir {
    fn get(&self, key: &tauri::utils::assets::AssetKey) -> Option<Cow<'_, [u8]>> {
        let path = key.as_ref().trim_start_matches('/');
        if path.split('/').any(|part| part == "..") {
            return None;
        }
        std::fs::read(self.0.join(path)).ok().map(Cow::Owned)
    }

    fn iter(&self) -> Box<tauri::utils::assets::AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(
        &self,
        _html_path: &tauri::utils::assets::AssetKey,
    ) -> Box<dyn Iterator<Item = tauri::utils::assets::CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

fn main() {
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3;
    STARTED.get_or_init(|| (Instant::now(), epoch));
    let mut context = tauri::generate_context!();
    if let Some(dir) = std::env::var_os("BENCH_BARE_PAGE") {
        context.set_assets(Box::new(PageDir(dir.into())));
    }
    if let Some(csp) = std::env::var_os("BENCH_BARE_CSP") {
        let security = &mut context.config_mut().app.security;
        security.csp = Some(tauri::utils::config::Csp::Policy(
            csp.to_string_lossy().into_owned(),
        ));
        security.freeze_prototype = std::env::var_os("BENCH_BARE_FREEZE").is_some();
    }
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![form_ready])
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => mark("page load started"),
            tauri::webview::PageLoadEvent::Finished => mark("page loaded"),
        })
        .build(context)
        .expect("the window could not be opened");
    mark("app built");
    app.run(|_, _| {});
}
