//! The sample corpus as `(platform, command, text)`: every `samples/<platform>/<slug>/*.txt`.
//! For the benchmark and the profiling example, which both time the same workload.

use std::fs;
use std::path::Path;

use crate::{Command, Platform};

/// Reads every sample under `root` (the repository's `samples/`) whose directory names a
/// command; unreadable files and other directories are skipped.
pub fn load(root: &Path) -> Vec<(Platform, Command, String)> {
    let mut out = Vec::new();
    for platform in Platform::ALL {
        for slug in fs::read_dir(root.join(platform.as_str()))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = slug.file_name().to_string_lossy().to_string();
            let Some(command) = Command::from_slug(&name) else {
                continue;
            };
            for f in fs::read_dir(slug.path()).into_iter().flatten().flatten() {
                if f.path().extension().is_some_and(|e| e == "txt") {
                    if let Ok(text) = fs::read_to_string(f.path()) {
                        out.push((platform, command, text));
                    }
                }
            }
        }
    }
    out
}
