//! The demo fleet (`samples/fleet`), embedded in the binary: `fleetlic demo`, `simulate` and
//! `bench` work from a binary copied alone to any machine, with no checkout beside it.
//!
//! The files are unpacked into a private temporary directory for the run (a replay
//! directory like any other), removed when the [`Unpacked`] value is dropped.

use std::path::Path;

use include_dir::{include_dir, Dir, DirEntry};

/// The fleet's files, paths relative to the fleet's directory.
static FLEET: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../samples/fleet");

/// The embedded fleet unpacked into a temporary directory for as long as this lives.
#[derive(Debug)]
pub struct Unpacked {
    dir: tempfile::TempDir,
}

impl Unpacked {
    /// The replay directory holding the fleet.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Unpacks the embedded demo fleet into a new temporary directory.
pub fn unpack() -> std::io::Result<Unpacked> {
    let dir = tempfile::Builder::new()
        .prefix("fleetlic-demo-")
        .tempdir()?;
    write_dir(&FLEET, dir.path())?;
    Ok(Unpacked { dir })
}

/// How many files the embedded fleet holds (tests check it is the whole fleet).
pub fn file_count() -> usize {
    fn count(dir: &Dir<'_>) -> usize {
        dir.entries()
            .iter()
            .map(|e| match e {
                DirEntry::Dir(d) => count(d),
                DirEntry::File(_) => 1,
            })
            .sum()
    }
    count(&FLEET)
}

fn write_dir(dir: &Dir<'_>, root: &Path) -> std::io::Result<()> {
    for entry in dir.entries() {
        // Paths inside the embedded tree are relative to the fleet's root.
        let target = root.join(entry.path());
        match entry {
            DirEntry::Dir(d) => {
                std::fs::create_dir_all(&target)?;
                write_dir(d, root)?;
            }
            DirEntry::File(f) => {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&target, f.contents())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacked_fleet_is_the_samples_fleet_file_for_file() {
        let fleet = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
        let unpacked = unpack().expect("unpack");
        let mut checked = 0;
        let mut stack = vec![fleet.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read fleet") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&fleet).expect("inside the fleet");
                let copy = std::fs::read(unpacked.path().join(relative)).expect("unpacked file");
                assert_eq!(
                    copy,
                    std::fs::read(&path).expect("sample"),
                    "{}",
                    relative.display()
                );
                checked += 1;
            }
        }
        assert_eq!(checked, file_count());
        assert!(checked > 100, "{checked} files");
        let kept = unpacked.path().to_path_buf();
        drop(unpacked);
        assert!(!kept.exists(), "the temporary fleet is removed");
    }
}
