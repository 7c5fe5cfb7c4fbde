//! The real `linli-server` binary, started as its own process on a test
//! database, as an operator (or a second instance) would run it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::TestDb;

pub struct Running {
    pub child: Child,
    pub base: String,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no chance to flush or answer anything more.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts the binary on `db` with the catalog in `data` and any `extra`
/// flags, and waits for its "listening" line.
pub fn spawn(db: &TestDb, data: &Path, extra: &[&str]) -> Running {
    spawn_with_env(db, data, extra, &[])
}

/// As [`spawn`], with these environment variables set.
pub fn spawn_with_env(db: &TestDb, data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .envs(env.iter().copied())
        .args([
            "--listen",
            "127.0.0.1:0",
            "--no-precompress",
            "--static-dir",
            "/nonexistent-linli-dist",
            // Every request comes from 127.0.0.1: no per-client limits.
            "--lookups-per-minute",
            "0",
            "--tries-per-code-hour",
            "0",
            "--bookings-per-hour",
            "0",
        ])
        .arg("--db")
        .arg(db.arg())
        .arg("--data")
        .arg(data)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let base = line
        .trim()
        .strip_prefix("Linli listening on ")
        .unwrap_or_else(|| panic!("listening line, got {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    Running { child, base }
}

pub fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}
