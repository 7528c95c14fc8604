//! Fleet reports: the terminal summary and table, findings CSV, devices CSV, JSON.
//!
//! Writers take any `io::Write` and data, never a path: the edge decides where bytes go and
//! writes files atomically ([`write_atomically`]).

pub mod cell;
pub mod csv;
pub mod devices;
pub mod json;
pub mod table;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

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

/// Where a report is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output (the flag's `-`).
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Output {
    /// `-` is stdout, anything else a file.
    pub fn from_arg(path: &Path) -> Self {
        if path.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::File(path.to_path_buf())
        }
    }

    /// How the report is named in messages: `-` or the path.
    pub fn display(&self) -> String {
        match self {
            Output::Stdout => "-".into(),
            Output::File(p) => p.display().to_string(),
        }
    }
}

/// The report files of a run; `None` is not written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reports {
    /// Findings CSV (`--csv`).
    pub csv: Option<Output>,
    /// Devices CSV (`--csv-devices`).
    pub csv_devices: Option<Output>,
    /// JSON report (`--json`).
    pub json: Option<Output>,
    /// Licenses CSV (`--csv-licenses`; written only with entitlements).
    pub csv_licenses: Option<Output>,
}

impl Reports {
    /// How many reports go to stdout.
    pub fn on_stdout(&self) -> usize {
        [&self.csv, &self.csv_devices, &self.json, &self.csv_licenses]
            .iter()
            .filter(|o| matches!(o, Some(Output::Stdout)))
            .count()
    }
}

/// Writes each report `reports` names: to `stdout` or atomically to its file. A report that
/// cannot be written (disk full, a directory gone) does not stop the others: each failure is
/// returned, naming the flag and the report's real path. Adding a report format is its writer
/// module, its field in [`Reports`] and its row here.
pub fn write_reports(
    results: &Results<'_>,
    reports: &Reports,
    stdout: &mut dyn Write,
) -> Vec<anyhow::Error> {
    let mut failures = Vec::new();
    // Reports first: a cron reader must find them even if the terminal is gone.
    let jobs: [(&str, &Option<Output>, ReportWriter); 4] = [
        ("--csv", &reports.csv, |w, r| {
            csv::write_findings(w, r.findings).map_err(csv_io)
        }),
        ("--csv-devices", &reports.csv_devices, |w, r| {
            csv::write_devices(w, r.audited).map_err(csv_io)
        }),
        ("--json", &reports.json, |w, r| json::write(w, r)),
        ("--csv-licenses", &reports.csv_licenses, |w, r| {
            match r.ledger {
                Some(ledger) => csv::write_licenses(w, &ledger.rows).map_err(csv_io),
                None => Ok(()),
            }
        }),
    ];
    for (flag, output, write) in jobs {
        let Some(output) = output else { continue };
        // The licenses CSV exists only with a reconciliation.
        if flag == "--csv-licenses" && results.ledger.is_none() {
            continue;
        }
        if let Err(e) = emit(output, stdout, |w| write(w, results))
            .with_context(|| format!("writing {flag} {}", output.display()))
        {
            failures.push(e);
        }
    }
    failures
}

/// One report's writer: the destination and the data.
type ReportWriter = fn(&mut dyn Write, &Results<'_>) -> std::io::Result<()>;

/// Writes a report to stdout or atomically to a file.
fn emit(
    output: &Output,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match output {
        Output::Stdout => {
            write(stdout)?;
            stdout.flush()
        }
        Output::File(path) => write_atomically(path, write),
    }
}

fn csv_io(e: ::csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Writes a report to `path` through a temporary file in the same directory, renamed into
/// place when complete: a reader never sees half a file. A new report gets mode
/// `0666 & ~umask`, as any file a program creates; a report replacing an existing file keeps
/// that file's mode. Errors never name the temporary file (the caller names `path`).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Created with open(2) mode 0666: the umask applies, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(without_temp_path)?;
    if let Some(permissions) = existing {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(without_temp_path)?;
    }
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf).map_err(without_temp_path)?;
        buf.flush().map_err(without_temp_path)?;
    }
    tmp.as_file().sync_all().map_err(without_temp_path)?;
    tmp.persist(path).map_err(|e| without_temp_path(e.error))?;
    Ok(())
}

/// The error without the temporary file's name `tempfile` adds (`... at path ".tmpe4aFBT"`):
/// the operating system's error itself, which the caller puts beside the report's real path.
fn without_temp_path(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    match text.split_once(" at path \"") {
        Some((error, _)) => std::io::Error::new(e.kind(), error.to_string()),
        None => e,
    }
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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
    }

    /// The umask in force, from `/proc/self/status` (Linux; `None` elsewhere).
    fn umask() -> Option<u32> {
        std::fs::read_to_string("/proc/self/status")
            .ok()?
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
    }

    #[cfg(unix)]
    #[test]
    fn a_new_report_gets_0666_less_the_umask_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let fresh = dir.path().join("new.csv");
        write_atomically(&fresh, |w| w.write_all(b"a\n")).expect("write");
        if let Some(mask) = umask() {
            assert_eq!(mode(&fresh), 0o666 & !mask);
        }
        assert_ne!(mode(&fresh), 0o600, "not a temporary file's 0600");
        let kept = dir.path().join("kept.csv");
        std::fs::write(&kept, "old\n").expect("seed");
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&kept, |w| w.write_all(b"new\n")).expect("write");
        assert_eq!(mode(&kept), 0o640);
        assert_eq!(std::fs::read_to_string(&kept).expect("read"), "new\n");
    }

    #[test]
    fn a_report_that_cannot_be_written_names_its_real_path_and_the_others_are_written() {
        let dir = tempfile::tempdir().expect("dir");
        let gone = dir.path().join("removed").join("findings.csv");
        let devices = dir.path().join("devices.csv");
        let results = Results {
            audited: &[],
            findings: &[],
            ledger: None,
            changes: None,
            now: chrono::DateTime::UNIX_EPOCH,
            warn_days: 30,
            crit_days: 7,
        };
        let reports = Reports {
            csv: Some(Output::File(gone.clone())),
            csv_devices: Some(Output::File(devices.clone())),
            json: None,
            csv_licenses: None,
        };
        let failures = write_reports(&results, &reports, &mut std::io::sink());
        assert_eq!(failures.len(), 1);
        let message = format!("{:#}", failures[0]);
        assert!(
            message.starts_with(&format!("writing --csv {}: ", gone.display())),
            "{message}"
        );
        assert!(!message.contains("removed/.tmp"), "{message}");
        assert!(message.ends_with("(os error 2)"), "{message}");
        assert!(devices.is_file(), "the devices CSV is still written");
    }
}
