//! The binary stands alone: copied without the checkout it was built in, it still runs the
//! demo (the fleet is embedded), and it carries no path of the build machine.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::util::{fleetlic, repo, scratch};

/// `(device, rule_id, severity)` of every row of a findings CSV.
fn findings(path: &Path) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(path).expect("findings csv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[3].to_string(), r[4].to_string())
        })
        .collect()
}

#[test]
fn binary_copied_alone_runs_the_demo_from_its_embedded_fleet() {
    let dir = scratch("portable-demo");
    let bin = dir.join("fleetlic");
    fs::copy(env!("CARGO_BIN_EXE_fleetlic"), &bin).expect("copy the binary");
    let csv = dir.join("findings.csv");
    // From a directory holding nothing but the binary: no samples/ anywhere near it.
    let out = Command::new(&bin)
        .args(["demo", "--mode", "exec", "--csv", "findings.csv"])
        .current_dir(&dir)
        .output()
        .expect("run the copied binary");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("collected 42 device(s)"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("samples/fleet/entitlements.csv"),
        "the bundled entitlements are named as in the repository:\n{stdout}"
    );
    assert!(
        !stdout.contains("fleetlic-demo-"),
        "no temporary path shown:\n{stdout}"
    );

    assert!(
        findings(&csv).len() > 50,
        "the live demo reported its findings"
    );

    // The embedded fleet is the repository's samples/fleet: the copied binary's replay of it
    // finds what a replay of the checkout's samples/fleet finds.
    let embedded = dir.join("embedded.csv");
    let out = Command::new(&bin)
        .args(["demo", "--replay", "--csv", "embedded.csv"])
        .current_dir(&dir)
        .output()
        .expect("run the copied binary");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = dir.join("expected.csv");
    let replay = fleetlic(&[
        "demo",
        "--replay",
        "--fleet",
        "samples/fleet",
        "--csv",
        expected.to_str().unwrap_or_default(),
    ]);
    assert_eq!(replay.code, 2, "{}", replay.stderr);
    assert_eq!(
        fs::read_to_string(&embedded).expect("embedded findings"),
        fs::read_to_string(&expected).expect("checkout findings")
    );
}

#[test]
fn binary_carries_no_path_of_the_build_machine() {
    if std::env::var_os("RUSTC_WRAPPER").is_some() {
        eprintln!(
            "skipped: RUSTC_WRAPPER replaces the path-remapping wrapper of .cargo/config.toml"
        );
        return;
    }
    let root = fs::canonicalize(repo()).expect("checkout");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .and_then(|p| fs::canonicalize(p).ok());
    let mut paths = vec![root];
    // A debug build's C dependencies (ring) carry their sources' paths in the C compiler's
    // debug info, outside rustc's remapping; the release binary has no debug info.
    if !cfg!(debug_assertions) {
        paths.extend(cargo_home);
    }
    for path in paths {
        let needle = path.to_string_lossy().into_owned();
        let found = occurrences(Path::new(env!("CARGO_BIN_EXE_fleetlic")), needle.as_bytes());
        assert_eq!(found, 0, "{needle} appears {found} times in the binary");
    }
}

/// How often `needle` occurs in the file at `path`, read in chunks: the test process stays
/// small (the reliability tests measure the peak memory of the children it forks).
fn occurrences(path: &Path, needle: &[u8]) -> usize {
    use std::io::Read;
    let mut file = fs::File::open(path).expect("open the binary");
    let mut chunk = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    let mut found = 0;
    loop {
        let n = file.read(&mut chunk).expect("read the binary");
        if n == 0 {
            return found;
        }
        carry.extend_from_slice(&chunk[..n]);
        found += carry.windows(needle.len()).filter(|w| *w == needle).count();
        // Keep the last needle.len() - 1 bytes: a match across the chunk boundary.
        let keep = carry.len().min(needle.len().saturating_sub(1));
        carry.drain(..carry.len() - keep);
    }
}
