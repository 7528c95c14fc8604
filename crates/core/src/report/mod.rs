//! Fleet reports: the terminal summary and table, findings CSV, devices CSV, JSON.
//!
//! Writers take any `io::Write` and data, never a path: the edge decides where bytes go and
//! writes files atomically ([`write_atomically`]).

pub mod csv;
pub mod devices;
pub mod json;
pub mod table;

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::audited::Audited;
use crate::finding::Finding;
use crate::history::Changes;
use crate::reconcile::Ledger;

/// What the reports are made of: the audited fleet, every finding sorted, the license
/// reconciliation and the changes since the previous run when there are, the audit clock and
/// the thresholds. Every writer takes it (or the part it needs) and an `io::Write`.
#[derive(Debug, Clone, Copy)]
pub struct Results<'a> {
    /// Every device with its findings.
    pub audited: &'a [Audited],
    /// Every finding, sorted by what breaks first.
    pub findings: &'a [Finding],
    /// The license reconciliation (the licenses CSV, the JSON's `licenses`).
    pub ledger: Option<&'a Ledger>,
    /// The changes since the previous history run (the JSON's `changes`).
    pub changes: Option<&'a Changes>,
    /// The audit clock.
    pub now: DateTime<Utc>,
    /// The warning threshold in days.
    pub warn_days: i64,
    /// The critical threshold in days.
    pub crit_days: i64,
}

/// Writes a report to `path` through a temporary file in the same directory, renamed into
/// place when complete: a reader never sees half a file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_halfway_leaves_the_previous_report_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("findings.csv");
        std::fs::write(&path, "previous good report\n").expect("seed");
        let failed = write_atomically(&path, |w| {
            w.write_all(b"device,host\npartial row")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "previous good report\n"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("findings.csv")]);
        write_atomically(&path, |w| w.write_all(b"new report\n")).expect("write");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "new report\n"
        );
    }
}
