//! Running the built `fleetlic` binary and reading its output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `fleetlic` with `args` from the repository root.
pub fn fleetlic(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run fleetlic");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root (where `samples/` lives).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A scratch directory unique to one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fleetlic-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Kills a child process when the test ends, whatever happens.
pub struct Reaper(pub std::process::Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends SIGINT (Ctrl-C) to the child and waits for it to exit, at most `limit`.
pub fn interrupt_and_wait(
    child: &mut Reaper,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let started = std::time::Instant::now();
    loop {
        if let Some(s) = child.0.try_wait().expect("wait") {
            return s;
        }
        assert!(
            started.elapsed() < limit,
            "fleetlic did not stop within {limit:?} of SIGINT"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The clock the bundled replay fleet is audited at.
pub const FLEET_NOW: &str = "2026-11-23T00:00:00Z";

/// `fleetlic audit --quiet --replay samples/fleet --now FLEET_NOW`, then `extra`.
pub fn audit_fleet(extra: &[&str]) -> Run {
    let mut args = vec![
        "audit",
        "--quiet",
        "--replay",
        "samples/fleet",
        "--now",
        FLEET_NOW,
    ];
    args.extend_from_slice(extra);
    fleetlic(&args)
}
