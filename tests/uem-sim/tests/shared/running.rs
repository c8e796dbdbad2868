//! The `uem-sim` binary started with `--print-config`, for the test binaries that run it (shared
//! by `tests/api` and `tests/ldap` through `#[path]`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// Kills the simulator process however the test ends.
pub struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `--print-config` and `extra`, and reads the pretty-printed
/// configuration it prints on standard output. Blocking.
pub fn start(extra: &[&str]) -> (Running, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uem-sim"))
        .arg("--print-config")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut text = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        text.push_str(&line);
        text.push('\n');
        if line == "}" {
            break;
        }
    }
    (running, serde_json::from_str(&text).unwrap())
}
