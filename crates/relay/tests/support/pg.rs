//! A throwaway PostgreSQL cluster for the store's tests (and the relay benchmark, which
//! includes this file with `#[path]`): one per test binary, one database per test.
//!
//! * Binaries: `pg_config --bindir`, else the directory of `initdb` on `PATH`, else the newest
//!   `/usr/lib/postgresql/*/bin`.
//! * `initdb`/`postgres` refuse root: as root they run as `nobody` (`runuser -u nobody --`) in a
//!   temporary directory opened to it; trust auth for the role `baton`; a free port on
//!   127.0.0.1; the socket in the same directory; durability off (it is thrown away).
//! * Clean-up: an `atexit` handler stops the server (`pg_ctl -m immediate stop`) and removes
//!   the directory when the test binary exits (also after failed tests); a watchdog shell that
//!   polls the test process does the same if the binary is killed.
//! * Not installed: the PostgreSQL half of each test is skipped with a printed reason, unless
//!   `BATON_REQUIRE_DIRECTORY_FIXTURES=1` (CI), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use sqlx::Connection;

/// The running cluster.
pub struct Cluster {
    dir: PathBuf,
    data: PathBuf,
    bindir: PathBuf,
    port: u16,
    as_nobody: bool,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// Is a missing PostgreSQL a failure (CI) rather than a skip?
fn required() -> bool {
    std::env::var("BATON_REQUIRE_DIRECTORY_FIXTURES").is_ok_and(|v| v == "1")
}

/// The cluster, started at first use; `None` (with the reason printed) when PostgreSQL is not
/// installed and not required.
pub fn cluster() -> Option<&'static Cluster> {
    match CLUSTER.get_or_init(start) {
        Ok(c) => Some(c),
        Err(reason) => {
            if required() {
                panic!("PostgreSQL is required (BATON_REQUIRE_DIRECTORY_FIXTURES=1): {reason}");
            }
            eprintln!("skipping the PostgreSQL half of this test: {reason}");
            None
        }
    }
}

/// Why there is no cluster (PostgreSQL not installed), once [`cluster`] has been asked; for a
/// caller that reports it itself (the relay benchmark prints it on standard output).
#[allow(dead_code)]
pub fn unavailable_reason() -> Option<&'static str> {
    match CLUSTER.get() {
        Some(Err(reason)) => Some(reason),
        _ => None,
    }
}

impl Cluster {
    /// URL of database `db` as the trusted role.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://baton@127.0.0.1:{}/{db}", self.port)
    }

    /// The same, with a password in the URL (trust auth ignores it): for redaction tests.
    pub fn url_with_password(&self, db: &str, password: &str) -> String {
        format!("postgres://baton:{password}@127.0.0.1:{}/{db}", self.port)
    }

    /// A free port nobody listens on, for connection-failure tests.
    pub fn closed_port() -> u16 {
        free_port()
    }

    /// Creates a fresh, empty database for one test; returns its URL.
    pub async fn fresh_database(&self) -> String {
        let name = format!("t_{:016x}", rand::random::<u64>());
        let mut admin = sqlx::PgConnection::connect(&self.url("postgres"))
            .await
            .expect("connect to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create a test database");
        admin.close().await.ok();
        self.url(&name)
    }
}

fn start() -> Result<Cluster, String> {
    let bindir = find_bindir().ok_or_else(|| {
        "PostgreSQL server binaries (initdb, pg_ctl) not found via pg_config, PATH or \
         /usr/lib/postgresql/*/bin (apt-get install postgresql)"
            .to_string()
    })?;
    let as_nobody = unsafe { libc::geteuid() } == 0;
    let dir = tempfile::Builder::new()
        .prefix("baton-relay-pg-")
        .tempdir()
        .map_err(|e| format!("temporary directory: {e}"))?
        .keep();
    if as_nobody {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777))
            .expect("open the cluster directory to nobody");
    }
    let data = dir.join("data");
    let mut cluster = Cluster {
        dir,
        data,
        bindir,
        port: 0,
        as_nobody,
    };
    let out = cluster
        .command("initdb")
        .arg("-D")
        .arg(&cluster.data)
        .args([
            "-A",
            "trust",
            "-U",
            "baton",
            "-E",
            "UTF8",
            "--locale=C",
            "-N",
        ])
        .output()
        .expect("run initdb");
    if !out.status.success() {
        panic!(
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Clean-up is armed before the server starts.
    unsafe {
        libc::atexit(stop_at_exit);
    }
    let mut last_error = String::new();
    for _ in 0..5 {
        cluster.port = free_port();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off",
            cluster.port,
            cluster.dir.display()
        );
        let out = cluster
            .command("pg_ctl")
            .arg("-D")
            .arg(&cluster.data)
            .args(["-o", &options, "-l"])
            .arg(cluster.dir.join("log"))
            .args(["-w", "-t", "30", "start"])
            .stdin(Stdio::null())
            .output()
            .expect("run pg_ctl start");
        if out.status.success() {
            spawn_watchdog(&cluster);
            return Ok(cluster);
        }
        last_error = format!(
            "{}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(cluster.dir.join("log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    cluster.stop();
    panic!("PostgreSQL did not start: {last_error}");
}

impl Cluster {
    fn command(&self, tool: &str) -> Command {
        let bin = self.bindir.join(tool);
        if self.as_nobody {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(bin);
            c
        } else {
            Command::new(bin)
        }
    }

    /// Stops the server (fast enough for a throwaway) and removes its directory.
    fn stop(&self) {
        if self.data.join("postmaster.pid").exists() {
            let _ = self
                .command("pg_ctl")
                .arg("-D")
                .arg(&self.data)
                .args(["-m", "immediate", "-w", "stop"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// The shell line that stops the server and removes the directory.
    fn stop_line(&self) -> String {
        let pg_ctl = shell_quote(&self.bindir.join("pg_ctl"));
        let runner = if self.as_nobody {
            "runuser -u nobody -- "
        } else {
            ""
        };
        format!(
            "{runner}{pg_ctl} -D {} -m immediate -w stop >/dev/null 2>&1; rm -rf {}",
            shell_quote(&self.data),
            shell_quote(&self.dir)
        )
    }
}

extern "C" fn stop_at_exit() {
    if let Some(Ok(cluster)) = CLUSTER.get() {
        cluster.stop();
    }
}

/// If the test binary is killed (no `atexit`), a detached shell notices and cleans up.
fn spawn_watchdog(cluster: &Cluster) {
    let script = format!(
        "while kill -0 {} 2>/dev/null; do sleep 0.5; done; {}",
        std::process::id(),
        cluster.stop_line()
    );
    let _ = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn has_server_tools(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() && dir.join("postgres").is_file()
}

fn find_bindir() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server_tools(&dir) {
            return Some(dir);
        }
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let initdb = dir.join("initdb");
            if initdb.is_file() {
                // /usr/local/bin/initdb may be a link into the real bin directory.
                let real = std::fs::canonicalize(&initdb).ok()?;
                let real_dir = real.parent()?.to_path_buf();
                if has_server_tools(&real_dir) {
                    return Some(real_dir);
                }
                if has_server_tools(&dir) {
                    return Some(dir);
                }
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            has_server_tools(&bin).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
