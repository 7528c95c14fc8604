//! The audit's side of `--history FILE`: open the file and read the previous run before the
//! reports are written (they show what changed), store this run after.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::changes::{compare, RunRef};
use super::store::{NewRun, RunInfo, Store};
use super::{Changes, HistoryError, Snapshot};
use crate::finding::Finding;
use crate::thresholds::Thresholds;

/// An open history and the run this audit compares with.
#[derive(Debug)]
pub struct Recorder {
    store: Store,
    previous: Option<(RunInfo, Snapshot)>,
}

impl Recorder {
    /// Opens (creating or migrating) the history file and reads its latest run.
    pub fn open(path: &Path) -> Result<Recorder, HistoryError> {
        let store = Store::open(path)?;
        let previous = match store.latest()? {
            Some(run) => {
                let snapshot = store.snapshot(run.id)?;
                Some((run, snapshot))
            }
            None => None,
        };
        Ok(Recorder { store, previous })
    }

    /// The run compared with, if the file had one.
    pub fn previous_run(&self) -> Option<&RunInfo> {
        self.previous.as_ref().map(|(r, _)| r)
    }

    /// The previous run's findings (what `--alert-on new` compares with).
    pub fn previous_findings(&self) -> Option<&[Finding]> {
        self.previous.as_ref().map(|(_, s)| s.findings.as_slice())
    }

    /// What changed between the previous run and `now` (everything is new on the first run).
    pub fn changes(&self, now: &Snapshot, thresholds: Thresholds) -> Changes {
        let empty = Snapshot::default();
        let (since, before) = match &self.previous {
            Some((run, snapshot)) => (
                Some(RunRef {
                    id: run.id,
                    audited_at: run.audited_at,
                }),
                snapshot,
            ),
            None => (None, &empty),
        };
        compare(since, before, now, thresholds)
    }

    /// Stores this run; returns its id.
    pub fn store(
        mut self,
        snapshot: &Snapshot,
        audited_at: DateTime<Utc>,
        recorded_at: Option<DateTime<Utc>>,
        source: String,
        warn_days: i64,
        crit_days: i64,
    ) -> Result<i64, HistoryError> {
        let run = NewRun {
            recorded_at,
            audited_at,
            source,
            warn_days,
            crit_days,
        };
        self.store.record(&run, snapshot)
    }
}

/// `--history` as the audit uses it: the file's previous run, what changed since, and this
/// run to store once the reports are written. Without `--history` every step does nothing.
#[derive(Debug)]
pub struct AuditHistory {
    path: Option<std::path::PathBuf>,
    recorder: Option<Recorder>,
    snapshot: Snapshot,
    /// What changed since the previous run (`None` without `--history` or when the file could
    /// not be read).
    pub changes: Option<Changes>,
    failed: bool,
}

impl AuditHistory {
    /// Opens the history (when `path` is given) and reads its latest run. A history that
    /// cannot be read is reported on `err` and remembered: the run goes on.
    pub fn open(
        path: Option<&Path>,
        err: &mut dyn std::io::Write,
    ) -> std::io::Result<AuditHistory> {
        let mut h = AuditHistory {
            path: path.map(Path::to_path_buf),
            recorder: None,
            snapshot: Snapshot::default(),
            changes: None,
            failed: false,
        };
        let Some(path) = path else {
            return Ok(h);
        };
        match Recorder::open(path) {
            Ok(r) => h.recorder = Some(r),
            Err(e) => {
                writeln!(err, "fleetlic: --history: {e}")?;
                h.failed = true;
            }
        }
        Ok(h)
    }

    /// The chassis serial each device had in the previous run (devices without one left out).
    pub fn previous_serials(&self) -> BTreeMap<String, String> {
        let Some((_, before)) = self.recorder.as_ref().and_then(|r| r.previous.as_ref()) else {
            return BTreeMap::new();
        };
        before
            .devices
            .iter()
            .filter(|d| !d.serial.is_empty())
            .map(|d| (d.name.clone(), d.serial.clone()))
            .collect()
    }

    /// Takes this audit as the run to store and compares it with the previous one.
    pub fn compare(&mut self, audited: &[crate::audited::Audited], thresholds: Thresholds) {
        if self.path.is_none() {
            return;
        }
        self.snapshot = Snapshot::from_audited(audited);
        if let Some(r) = &self.recorder {
            self.changes = Some(r.changes(&self.snapshot, thresholds));
        }
    }

    /// Adds findings made outside the per-device rules (the `--entitlements` reconciliation)
    /// to this run's snapshot, and recomputes the changes.
    pub fn add_findings(&mut self, findings: &[Finding], thresholds: Thresholds) {
        if self.path.is_none() || findings.is_empty() {
            return;
        }
        self.snapshot.findings.extend(findings.iter().cloned());
        if let Some(r) = &self.recorder {
            self.changes = Some(r.changes(&self.snapshot, thresholds));
        }
    }

    /// The previous run's findings, when there is one.
    pub fn previous_findings(&self) -> Option<&[Finding]> {
        self.recorder.as_ref().and_then(Recorder::previous_findings)
    }

    /// Writes the "Changed since last run" block. With `only_changes` (`--alert-on new`) it is
    /// the whole terminal report, so nothing is written when nothing changed; otherwise it
    /// follows the table and the first run of a file says so in one line.
    pub fn write_text(
        &self,
        out: &mut dyn std::io::Write,
        only_changes: bool,
    ) -> std::io::Result<()> {
        let (Some(changes), Some(path)) = (&self.changes, &self.path) else {
            return Ok(());
        };
        if only_changes && changes.is_empty() {
            return Ok(());
        }
        let heading = match &changes.since {
            Some(r) => format!(
                "Changed since last run (run {}, {})",
                r.id,
                r.audited_at.format("%Y-%m-%d %H:%M UTC")
            ),
            None if only_changes => format!(
                "Changed since last run (none in {}: everything is new)",
                path.display()
            ),
            None => {
                return writeln!(
                    out,
                    "\nChanged since last run: nothing to compare, this is the first run in {}",
                    path.display()
                );
            }
        };
        if !only_changes {
            writeln!(out)?;
        }
        super::changes::write_text(out, &heading, changes)
    }

    /// Stores this run. Returns false when the history could not be read or written (reported
    /// on `err`); true otherwise, including without `--history`.
    pub fn store(
        self,
        ctx: &crate::rules::Context,
        recorded_at: Option<DateTime<Utc>>,
        source: String,
        err: &mut dyn std::io::Write,
    ) -> std::io::Result<bool> {
        let Some(recorder) = self.recorder else {
            return Ok(!self.failed);
        };
        match recorder.store(
            &self.snapshot,
            ctx.now,
            recorded_at,
            source,
            ctx.warn_days,
            ctx.crit_days,
        ) {
            Ok(_) => Ok(true),
            Err(e) => {
                writeln!(err, "fleetlic: --history: {e}")?;
                Ok(false)
            }
        }
    }
}
