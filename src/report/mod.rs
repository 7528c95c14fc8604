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

use chrono::{DateTime, SecondsFormat, Utc};

use crate::device::Device;
use crate::finding::Finding;

/// One audited device and its findings (worst first).
#[derive(Debug, Clone)]
pub struct Audited {
    /// The device as collected or replayed.
    pub device: Device,
    /// Its findings, every severity including `ok` deadlines.
    pub findings: Vec<Finding>,
}

/// RFC 3339 UTC with a `Z`, second precision: the date format of every report.
pub fn rfc3339(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
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
