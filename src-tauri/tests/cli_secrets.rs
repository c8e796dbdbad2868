//! The real `baton` binary with `assign --password-stdin`: the password goes in on standard
//! input and comes out nowhere — not in any process's argv while it runs (`/proc/*/cmdline`,
//! scanned throughout; the scanner first proves it finds a planted marker and that it sees the
//! running `baton`), not on stdout or stderr, not in the trace-level log file, not in any file
//! under the run's HOME. The UEM simulator (with its LDAPS directory) runs in this process.
//!
//! Build and run (the binary is built by the same command):
//! `(cd ui && npm ci && npm run build) && cargo test -p baton --features baton/custom-protocol --test cli_secrets`
//!
//! `binary_keychain_*` repeats the run with `--keychain` inside a throwaway Secret Service
//! (gnome-keyring in `dbus-run-session`, see `crates/platform/tests/support/isolated_keyring.rs`)
//! and reads the item back with `secret-tool`. Linux only (`/proc`).
#![cfg(target_os = "linux")]

#[path = "../../crates/platform/tests/support/isolated_keyring.rs"]
mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{require_session, run_isolated, Mode, SecretTool};
use uem_sim::{BackgroundSim, Route};

const BATON: &str = env!("CARGO_BIN_EXE_baton");
const SERIAL: &str = "C02DEMO00001";
const PASSWORD: &str = "Alice-Pass-1";

/// A hang guard for waits on other processes (never an assertion about speed).
const WATCHDOG: Duration = Duration::from_secs(120);

/// Every process's command line, as `/proc/<pid>/cmdline` has it (NUL-separated arguments).
/// Processes that end while being read are skipped.
fn cmdlines() -> Vec<(u32, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, std::fs::read(format!("/proc/{pid}/cmdline")).ok()?)))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// What the scanner saw.
#[derive(Debug, Default)]
struct Seen {
    scans: u64,
    /// Scans in which the watched process's command line was present.
    watched_seen: u64,
    /// Whether the marker was found in some argv.
    marker_found: bool,
    /// Command lines (lossy, with the needle masked) that contained the password.
    leaks: std::collections::BTreeSet<String>,
}

/// Scans `/proc/*/cmdline` over and over on a thread until stopped.
struct Scanner {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
    watched: Arc<Mutex<Option<u32>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Scanner {
    fn start(password: &'static str, marker: String) -> Scanner {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let watched: Arc<Mutex<Option<u32>>> = Arc::new(Mutex::new(None));
        let thread = {
            let (stop, seen, watched) = (stop.clone(), seen.clone(), watched.clone());
            std::thread::spawn(move || loop {
                let last = stop.load(Ordering::SeqCst);
                let all = cmdlines();
                let watched = *watched.lock().unwrap();
                let mut seen = seen.lock().unwrap();
                seen.scans += 1;
                for (pid, cmdline) in &all {
                    if contains(cmdline, password.as_bytes()) {
                        seen.leaks.insert(format!(
                            "pid {pid}: {}",
                            String::from_utf8_lossy(cmdline)
                                .replace('\0', " ")
                                .replace(password, "<PASSWORD>")
                        ));
                    }
                    if contains(cmdline, marker.as_bytes()) {
                        seen.marker_found = true;
                    }
                    if Some(*pid) == watched {
                        seen.watched_seen += 1;
                    }
                }
                drop(seen);
                if last {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            })
        };
        Scanner {
            stop,
            seen,
            watched,
            thread: Some(thread),
        }
    }

    fn watch(&self, pid: u32) {
        *self.watched.lock().unwrap() = Some(pid);
    }

    /// Waits (hang guard only) until `done` holds for what was seen.
    fn wait_for(&self, what: &str, done: impl Fn(&Seen) -> bool) {
        let started = Instant::now();
        while !done(&self.seen.lock().unwrap()) {
            assert!(started.elapsed() < WATCHDOG, "the scanner never saw {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Stops after one more complete scan and returns what was seen.
    fn finish(mut self) -> Seen {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap();
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// The ways a password could show up in text besides itself: Rust's `Debug` of its bytes, and
/// hex.
fn password_forms(password: &str) -> Vec<String> {
    let bytes = password.as_bytes();
    vec![
        password.to_owned(),
        bytes
            .iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
        bytes.iter().map(|b| format!("{b:02X}")).collect(),
    ]
}

/// Every regular file under `dir` that contains one of `forms`.
fn files_containing(dir: &Path, forms: &[String]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                if let Ok(bytes) = std::fs::read(&path) {
                    if forms.iter().any(|f| contains(&bytes, f.as_bytes())) {
                        hits.push(path);
                    }
                }
            }
        }
    }
    hits
}

struct Sandbox {
    sim: BackgroundSim,
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let sim = BackgroundSim::demo();
        let dir = tempfile::tempdir().unwrap();
        sim.write_baton_config(&dir.path().join("config.json"), |_| {})
            .unwrap();
        Sandbox { sim, dir }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.json")
    }
    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    fn log_dir(&self) -> PathBuf {
        self.dir.path().join("logs")
    }
    fn prefs_dir(&self) -> PathBuf {
        self.dir.path().join("prefs")
    }
}

/// What one run of the binary left behind.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    seen: Seen,
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        pipe.read_to_end(&mut buf).ok();
        buf
    })
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("baton did not finish within {WATCHDOG:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `baton --json --config … assign --serial … --user alice --password-stdin EXTRA` with the
/// password piped in, scanning every process's argv from before it starts until after it ends.
fn run_baton(sandbox: &Sandbox, extra: &[&str]) -> Outcome {
    // 1. The scanner finds a marker planted in some process's argv.
    let marker = format!("baton-argv-marker-{}-{}", std::process::id(), extra.len());
    let scanner = Scanner::start(PASSWORD, marker.clone());
    let mut planted = Command::new("sh")
        .args(["-c", "read _line", &marker])
        .stdin(Stdio::piped())
        .spawn()
        .expect("plant a marker process");
    scanner.wait_for("the planted marker", |s| s.marker_found);
    drop(planted.stdin.take());
    planted.wait().unwrap();

    // 2. baton itself, with its log at trace level into a folder of its own.
    let home = sandbox.home();
    std::fs::create_dir_all(&home).unwrap();
    let mut command = Command::new(BATON);
    command
        .args(["--json", "--config"])
        .arg(sandbox.config())
        .args([
            "assign",
            "--serial",
            SERIAL,
            "--user",
            "alice",
            "--password-stdin",
        ])
        .args(extra)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("BATON_LOG_DIR", sandbox.log_dir())
        .env("BATON_LOG", "trace")
        .env("BATON_PREFERENCES_DIR", sandbox.prefs_dir())
        // This machine plays the staged Mac: the CLI hands over only the Mac it runs on.
        .env("BATON_DEVICE_SERIAL", SERIAL)
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start target/debug/baton");
    scanner.watch(child.id());
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    // baton waits for the password: the scanner sees it running before the password exists
    // anywhere but in this test.
    scanner.wait_for("the running baton", |s| s.watched_seen > 0);
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    }
    let status = wait(&mut child);
    let seen = scanner.finish();
    Outcome {
        code: status.code(),
        stdout: String::from_utf8(stdout.join().unwrap()).unwrap(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap()).into_owned(),
        seen,
    }
}

/// The checks every run shares: exit 0, the device switched, the password nowhere. Every place
/// the password shows up is collected first, so a failure names them all.
fn assert_clean_success(sandbox: &Sandbox, outcome: &Outcome) -> serde_json::Value {
    let seen = &outcome.seen;
    println!(
        "scanner: {} scans of /proc/*/cmdline, baton seen in {}",
        seen.scans, seen.watched_seen
    );
    assert!(seen.marker_found);
    assert!(seen.watched_seen > 0);
    let mut leaks: Vec<String> = seen.leaks.iter().map(|l| format!("argv of {l}")).collect();

    let forms = password_forms(PASSWORD);
    let has = |text: &str| forms.iter().any(|f| text.contains(f.as_str()));
    if has(&outcome.stdout) {
        leaks.push("stdout".into());
    }
    if has(&outcome.stderr) {
        leaks.push("stderr".into());
    }

    // The log file exists, is at trace level, covers the verification and the switch.
    let logs: Vec<PathBuf> = std::fs::read_dir(sandbox.log_dir())
        .expect("baton wrote its log folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert!(!logs.is_empty(), "no log file");
    let text: String = logs
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    println!(
        "log: {} bytes in {} file(s), {} TRACE lines, {} masked values (••••)",
        text.len(),
        logs.len(),
        text.matches(" TRACE ").count(),
        text.matches("••••").count()
    );
    assert!(text.contains("TRACE"), "BATON_LOG=trace took effect");
    assert!(
        text.contains("directory verified the credentials"),
        "the log covers the verification"
    );
    if has(&text) {
        leaks.push(format!("the log file {logs:?}"));
    }
    // Nor any file the run left in its HOME, log or preferences folder.
    for dir in [sandbox.home(), sandbox.log_dir(), sandbox.prefs_dir()] {
        for hit in files_containing(&dir, &forms) {
            leaks.push(format!("the file {}", hit.display()));
        }
    }
    assert!(leaks.is_empty(), "the password leaked to: {leaks:#?}");

    assert_eq!(
        outcome.code,
        Some(0),
        "stdout: {}\nstderr (tail): {}",
        outcome.stdout,
        tail(&outcome.stderr)
    );
    assert!(
        text.contains("device switched"),
        "the log covers the switch"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&outcome.stdout).unwrap_or_else(|e| panic!("{e}: {}", outcome.stdout));
    assert_eq!(doc["ok"], true, "{doc}");
    assert_eq!(
        sandbox
            .sim
            .device_by_serial(SERIAL)
            .unwrap()
            .user
            .as_deref(),
        Some("alice")
    );
    assert_eq!(
        sandbox
            .sim
            .requests()
            .iter()
            .filter(|r| r.route == Route::SwitchUser)
            .count(),
        1
    );
    doc
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[test]
fn the_password_from_stdin_appears_in_no_argv_output_or_log() {
    let sandbox = Sandbox::new();
    let outcome = run_baton(&sandbox, &[]);
    let doc = assert_clean_success(&sandbox, &outcome);
    assert_eq!(doc["switched"], true);
    assert!(doc.get("keychain").is_none(), "{doc}");
}

#[test]
fn binary_keychain_suite() {
    run_isolated(Mode::Unlocked, "binary_keychain_inner_", 1);
}

#[test]
#[ignore = "runs inside the throwaway keyring session its outer test starts"]
fn binary_keychain_inner_the_password_reaches_the_keychain_and_nothing_else() {
    require_session(Mode::Unlocked);
    let sandbox = Sandbox::new();
    let outcome = run_baton(&sandbox, &["--keychain"]);
    let doc = assert_clean_success(&sandbox, &outcome);
    assert_eq!(
        doc["keychain"]["items"],
        serde_json::json!([{ "service": "NoMAD", "account": "alice@EXAMPLE.TEST" }])
    );
    assert_eq!(
        SecretTool::lookup("NoMAD", "alice@EXAMPLE.TEST").as_deref(),
        Some(PASSWORD)
    );
    // LastUser went to BATON_PREFERENCES_DIR.
    let prefs = sandbox.prefs_dir().join("com.trusourcelabs.NoMAD.plist");
    let text = std::fs::read_to_string(&prefs).expect("NoMAD's preferences were written");
    assert!(text.contains("<key>LastUser</key>"), "{text}");
    assert!(text.contains("<string>alice</string>"), "{text}");
}
