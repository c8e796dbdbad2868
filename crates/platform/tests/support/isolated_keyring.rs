//! A real, throwaway freedesktop Secret Service for integration tests: `gnome-keyring-daemon`
//! inside its own `dbus-run-session`, unlocked non-interactively from stdin, with a temporary
//! HOME and XDG directories — so `cargo test` needs no prepared environment and never touches
//! the developer's own keyring.
//!
//! An outer test calls [`run_isolated`], which re-executes the current test binary inside such
//! a session, running only the `#[ignore]`d inner tests whose names start with a prefix. Inner
//! tests start with [`require_session`], which refuses to run outside that session.
//!
//! Also: [`SecretTool`], an independent client (`secret-tool` from libsecret-tools) to read back
//! what Baton wrote. Secrets go to it on stdin only, never in argv.
//!
//! Shared by `crates/platform/tests` and `crates/core/tests` (included with `#[path]`).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the re-executed test binary to the session's mode.
pub const SESSION_VAR: &str = "BATON_TEST_KEYRING_SESSION";

/// How long the whole inner run may take before it is killed (a hang guard, not an assertion).
const WATCHDOG: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A login keyring, created and unlocked from stdin.
    Unlocked,
    /// The daemon runs but no keyring was unlocked (no prompter can show).
    Locked,
    /// No session bus at all.
    NoBus,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Unlocked => "unlocked",
            Mode::Locked => "locked",
            Mode::NoBus => "nobus",
        }
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

/// Panics unless this process is the inner run of [`run_isolated`] in `mode`.
pub fn require_session(mode: Mode) {
    let actual = std::env::var(SESSION_VAR).unwrap_or_default();
    assert_eq!(
        actual,
        mode.name(),
        "this test writes to a Secret Service and runs only inside the throwaway session its \
         outer test starts (run plain `cargo test`, not `--ignored`)"
    );
}

/// Re-executes this test binary inside a throwaway session in `mode`, running the ignored tests
/// whose names contain `filter`, and asserts that exactly `expected` of them ran and passed.
/// Returns `false` (after printing why) when the tools for the session are not installed.
pub fn run_isolated(mode: Mode, filter: &str, expected: usize) -> bool {
    let mut needed = vec!["secret-tool"];
    if mode != Mode::NoBus {
        needed.extend(["dbus-run-session", "gnome-keyring-daemon"]);
    }
    let missing: Vec<_> = needed.iter().filter(|p| on_path(p).is_none()).collect();
    if !missing.is_empty() {
        eprintln!(
            "SKIPPED: {missing:?} not installed; on Debian: \
             apt-get install -y --no-install-recommends gnome-keyring libsecret-tools dbus"
        );
        return false;
    }

    let home = tempfile::tempdir().expect("temporary HOME");
    let runtime = home.path().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let exe = std::env::current_exe().expect("the test binary");
    let test_args = [
        filter,
        "--ignored",
        "--test-threads=1",
        "--nocapture",
        "--color=never",
    ];

    let mut command = match mode {
        Mode::Unlocked | Mode::Locked => {
            let start = if mode == Mode::Unlocked {
                r#"printf %s "$BATON_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null"#
            } else {
                "gnome-keyring-daemon --start --components=secrets >/dev/null"
            };
            let mut c = Command::new("dbus-run-session");
            c.arg("--")
                .arg("sh")
                .arg("-c")
                .arg(format!("{start} && exec \"$@\""))
                .arg("sh")
                .arg(&exe);
            c.env_remove("DBUS_SESSION_BUS_ADDRESS");
            c
        }
        Mode::NoBus => {
            let mut c = Command::new(&exe);
            c.env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", home.path().join("no-bus").display()),
            );
            c
        }
    };
    command
        .args(test_args)
        .env(SESSION_VAR, mode.name())
        // Throwaway: only this run's keyring uses it; it is not anyone's password.
        .env(
            "BATON_TEST_KEYRING_PASSWORD",
            format!("throwaway-{}", std::process::id()),
        )
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("GNOME_KEYRING_CONTROL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());

    let child = command.spawn().expect("start the isolated session");
    let output = wait_with_watchdog(child);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("--- inner run ({}) stdout ---\n{stdout}", mode.name());
    println!("--- inner run ({}) stderr ---\n{stderr}", mode.name());
    assert!(
        output.status.success(),
        "the inner tests failed ({}); see the output above",
        output.status
    );
    let summary = format!("test result: ok. {expected} passed; 0 failed");
    assert!(
        stdout.contains(&summary),
        "expected {expected} inner tests matching {filter:?} to pass, got: {}",
        stdout
            .lines()
            .find(|l| l.starts_with("test result"))
            .unwrap_or("no summary")
    );
    true
}

fn wait_with_watchdog(mut child: std::process::Child) -> std::process::Output {
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).ok();
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).ok();
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the inner run") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let status = child.wait().expect("reap the inner run");
            eprintln!("the inner run did not finish within {WATCHDOG:?} and was killed");
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
    }
}

/// `secret-tool`, an independent Secret Service client (libsecret).
pub struct SecretTool;

impl SecretTool {
    fn run(args: &[&str], stdin: Option<&str>) -> std::process::Output {
        if let Some(secret) = stdin {
            assert!(
                !args.iter().any(|a| a.contains(secret)),
                "a secret must never be in argv"
            );
        }
        let mut child = Command::new("secret-tool")
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run secret-tool");
        if let Some(secret) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(secret.as_bytes())
                .unwrap();
        }
        child.wait_with_output().expect("secret-tool output")
    }

    /// The password of the item with these attributes (`secret-tool lookup`), if any.
    pub fn lookup(service: &str, account: &str) -> Option<String> {
        let output = Self::run(&["lookup", "service", service, "username", account], None);
        output
            .status
            .success()
            .then(|| String::from_utf8(output.stdout).expect("UTF-8 password"))
    }

    /// How many items have this service and account (`secret-tool search --all`), whoever
    /// wrote them.
    pub fn count(service: &str, account: &str) -> usize {
        let output = Self::run(
            &["search", "--all", "service", service, "username", account],
            None,
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|l| l.starts_with("[/"))
            .count()
    }

    /// The label of each item with this service and account.
    pub fn labels(service: &str, account: &str) -> Vec<String> {
        let output = Self::run(
            &["search", "--all", "service", service, "username", account],
            None,
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("label = ").map(str::to_owned))
            .collect()
    }

    /// Stores an item as another tool would (no `target`/`application` attributes); the secret
    /// goes on stdin.
    pub fn store(label: &str, attributes: &[(&str, &str)], secret: &str) {
        let label = format!("--label={label}");
        let mut args = vec!["store", label.as_str()];
        for (k, v) in attributes {
            args.push(k);
            args.push(v);
        }
        let output = Self::run(&args, Some(secret));
        assert!(
            output.status.success(),
            "secret-tool store failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A directory that exists for the life of the value (re-exported for tests that need one).
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Whether `path` holds `needle` anywhere (for "the password is not in this file" checks).
pub fn file_contains(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|bytes| {
            bytes
                .windows(needle.len().max(1))
                .any(|w| w == needle.as_bytes())
        })
        .unwrap_or(false)
}
