//! The check that every output of a run can be written, made before the first device is
//! contacted: a night's collection is never lost to a report path that was mistyped.
//!
//! A file output (a report, the history, the metrics file) needs its directory to exist and be
//! writable, and must not itself be a directory; an existing file must be writable. A directory
//! output (`--save-raw`) needs to be a writable directory, or to be creatable in an existing
//! writable parent. Writability is tried, not guessed from mode bits: a probe file is created
//! and removed, so ACLs, read-only mounts and other users' directories are all found.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

/// What kind of thing an output path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file, written (or replaced) by fleetlic.
    File,
    /// A directory fleetlic writes files under (created when missing).
    Dir,
}

/// One output of a run: the flag that named it, its path, and whether it is a file or a
/// directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The flag, as the user wrote it (`--csv`).
    pub flag: &'static str,
    /// The path given.
    pub path: PathBuf,
    /// File or directory.
    pub kind: Kind,
}

impl Planned {
    /// A file output named by `flag`.
    pub fn file(flag: &'static str, path: &Path) -> Self {
        Planned {
            flag,
            path: path.to_path_buf(),
            kind: Kind::File,
        }
    }

    /// A directory output named by `flag`.
    pub fn dir(flag: &'static str, path: &Path) -> Self {
        Planned {
            flag,
            path: path.to_path_buf(),
            kind: Kind::Dir,
        }
    }
}

/// An output that cannot be written: the flag, its path, the directory at fault and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{flag} {}: {reason}", .path.display())]
pub struct OutputError {
    /// The flag that named the output.
    pub flag: &'static str,
    /// The path given.
    pub path: PathBuf,
    /// The directory (or file) the problem is with.
    pub at: PathBuf,
    /// What is wrong, naming `at`.
    pub reason: String,
}

/// Checks every planned output; the first that cannot be written is the error.
pub fn check(outputs: &[Planned]) -> Result<(), OutputError> {
    outputs.iter().try_for_each(check_one)
}

fn check_one(output: &Planned) -> Result<(), OutputError> {
    let fail = |at: &Path, reason: String| OutputError {
        flag: output.flag,
        path: output.path.clone(),
        at: at.to_path_buf(),
        reason,
    };
    let path = &output.path;
    match output.kind {
        Kind::File => {
            if path.is_dir() {
                return Err(fail(path, format!("{} is a directory", path.display())));
            }
            let dir = parent(path);
            writable_dir(&dir).map_err(|why| fail(&dir, why))?;
            if path.exists() {
                OpenOptions::new().append(true).open(path).map_err(|e| {
                    fail(path, format!("{} cannot be written: {e}", path.display()))
                })?;
            }
            Ok(())
        }
        Kind::Dir if path.exists() => writable_dir(path).map_err(|why| fail(path, why)),
        Kind::Dir => {
            let dir = parent(path);
            writable_dir(&dir).map_err(|why| fail(&dir, why))
        }
    }
}

/// The directory a path is in (`.` for a bare file name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `Ok` when `dir` is an existing directory a file can be created in, else why not.
fn writable_dir(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("directory {shown} does not exist"))
        }
        Err(e) => return Err(format!("directory {shown} cannot be examined: {e}")),
        Ok(m) if !m.is_dir() => return Err(format!("{shown} is not a directory")),
        Ok(_) => {}
    }
    let probe = dir.join(format!(".fleetlic-preflight-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            // The probe is ours and empty; a leftover would only be an empty hidden file.
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(format!("directory {shown} is not writable: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_a_missing_directory_names_the_flag_and_the_directory() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("missing");
        let ok = dir.path().join("ok.json");
        let err = check(&[
            Planned::file("--json", &ok),
            Planned::file("--csv", &missing.join("f.csv")),
        ])
        .expect_err("missing directory");
        assert_eq!(err.flag, "--csv");
        assert_eq!(err.at, missing);
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(err.to_string().contains(&missing.display().to_string()));
        assert!(!ok.exists(), "nothing is written by the check");
    }

    #[test]
    fn writable_files_and_directories_pass_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let existing = dir.path().join("history.db");
        std::fs::write(&existing, "").expect("file");
        check(&[
            Planned::file("--history", &existing),
            Planned::file("--csv", &dir.path().join("new.csv")),
            Planned::dir("--save-raw", &dir.path().join("raw")),
            Planned::dir("--save-raw", dir.path()),
        ])
        .expect("all writable");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "only the existing file: {left:?}");
    }

    #[test]
    fn a_directory_given_as_a_file_and_a_file_given_as_a_directory_are_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let err = check(&[Planned::file("--prom", dir.path())]).expect_err("a directory");
        assert!(err.reason.contains("is a directory"), "{err}");
        let file = dir.path().join("plain");
        std::fs::write(&file, "").expect("file");
        let err = check(&[Planned::file("--json", &file.join("r.json"))]).expect_err("file");
        assert!(err.reason.contains("is not a directory"), "{err}");
        let err = check(&[Planned::dir("--save-raw", &file.join("raw"))]).expect_err("file");
        assert_eq!(err.at, file);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(ro.join("probe"), "").is_ok() {
            eprintln!("note: running as root, permission bits do not stop writes; skipped");
            return;
        }
        let err = check(&[Planned::file("--csv", &ro.join("f.csv"))]).expect_err("read-only");
        assert!(err.reason.contains("not writable"), "{err}");
        assert_eq!(err.at, ro);
    }
}
