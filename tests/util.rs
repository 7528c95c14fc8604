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
