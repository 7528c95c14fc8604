//! The history file: an SQLite database (bundled library, no server) holding one row per run,
//! and per run each device's summary and every finding.
//!
//! The schema is versioned with `PRAGMA user_version` and migrated on open, one transaction per
//! migration, in order ([`MIGRATIONS`]). A run is written in one transaction: a crash leaves
//! the file as it was before the run. A file written by a newer fleetlic (a higher version)
//! is refused rather than guessed at.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{DeviceState, Snapshot};
use crate::finding::{Finding, Severity};
use crate::thresholds::Thresholds;
use crate::time::rfc3339;

/// Schema migrations; entry `i` takes the file from version `i` to `i + 1`.
///
/// 1: runs, devices, findings. 2: indexes for `history --device` and the reader of a run's
/// findings, and the fleetlic version that wrote each run. 3: who answered for each device
/// (prompt and `show version` host names, chassis serial).
pub const MIGRATIONS: &[&str] = &[
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at TEXT,
        audited_at TEXT NOT NULL,
        source TEXT NOT NULL,
        warn_days INTEGER NOT NULL,
        crit_days INTEGER NOT NULL,
        devices INTEGER NOT NULL,
        critical INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        unknown INTEGER NOT NULL,
        info INTEGER NOT NULL
    );
    CREATE TABLE devices (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        platform TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT NOT NULL,
        registration TEXT NOT NULL,
        authorization TEXT NOT NULL,
        next_deadline TEXT,
        next_deadline_kind TEXT NOT NULL,
        days_left INTEGER,
        worst_severity TEXT,
        findings INTEGER NOT NULL,
        PRIMARY KEY (run_id, name)
    );
    CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        device TEXT NOT NULL,
        host TEXT NOT NULL,
        platform TEXT,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        due TEXT,
        days_left INTEGER,
        fix TEXT
    );",
    "CREATE INDEX findings_by_run ON findings (run_id, device);
    CREATE INDEX devices_by_name ON devices (name, run_id);
    ALTER TABLE runs ADD COLUMN tool_version TEXT NOT NULL DEFAULT '';",
    "ALTER TABLE devices ADD COLUMN prompt_hostname TEXT NOT NULL DEFAULT '';
    ALTER TABLE devices ADD COLUMN version_hostname TEXT NOT NULL DEFAULT '';
    ALTER TABLE devices ADD COLUMN serial TEXT NOT NULL DEFAULT '';",
];

/// The schema version this fleetlic writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A history file could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// SQLite refused (not a database, locked, disk full...).
    #[error("{}: {what}: {source}", path.display())]
    Sqlite {
        /// The history file.
        path: PathBuf,
        /// What fleetlic was doing.
        what: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file was written by a newer fleetlic.
    #[error("{}: history schema version {found} is newer than this fleetlic's ({SCHEMA_VERSION}); use a newer fleetlic", path.display())]
    TooNew {
        /// The history file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
    },
    /// A value in the file is not what fleetlic wrote.
    #[error("{}: run {run}: {detail}", path.display())]
    Invalid {
        /// The history file.
        path: PathBuf,
        /// The run it belongs to.
        run: i64,
        /// What is wrong.
        detail: String,
    },
}

/// One stored run (a row of `fleetlic history --runs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunInfo {
    /// Run id, 1, 2, 3... in the order runs were recorded.
    pub id: i64,
    /// The real time the run was recorded, when known.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The audit clock (`--now`, or the real time).
    pub audited_at: DateTime<Utc>,
    /// Where the devices came from (`replay DIR`, `inventory FILE`).
    pub source: String,
    /// `--warn-days` of that run.
    pub warn_days: i64,
    /// `--crit-days` of that run.
    pub crit_days: i64,
    /// Devices in the run.
    pub devices: i64,
    /// Critical findings.
    pub critical: i64,
    /// Warning findings.
    pub warning: i64,
    /// Unknown findings (devices not audited).
    pub unknown: i64,
    /// Info findings.
    pub info: i64,
}

impl RunInfo {
    /// The deadline thresholds of that run.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            warn_days: self.warn_days,
            crit_days: self.crit_days,
        }
    }
}

/// What a new run is recorded with, besides its snapshot.
#[derive(Debug, Clone)]
pub struct NewRun {
    /// The real time of the run, when known.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The audit clock.
    pub audited_at: DateTime<Utc>,
    /// Where the devices came from.
    pub source: String,
    /// `--warn-days`.
    pub warn_days: i64,
    /// `--crit-days`.
    pub crit_days: i64,
}

/// Creates a missing history file empty (an empty file is a new SQLite database) with mode
/// 0600: it holds device text (findings, licenses), so only its owner may read it; SQLite gives
/// its journal the same mode. An existing file is left as it is; a failure here is SQLite's
/// to report when it opens the path.
fn create_owner_only(path: &Path) {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let _ = options.open(path);
}

/// An open history file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the history file and migrates it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store, HistoryError> {
        Store::open_at_version(path, SCHEMA_VERSION)
    }

    /// Opens the file applying migrations only up to `version` ([`Store::open`] with the
    /// current version; tests open old files with an earlier one).
    fn open_at_version(path: &Path, version: i64) -> Result<Store, HistoryError> {
        create_owner_only(path);
        let conn = Connection::open(path).map_err(|source| HistoryError::Sqlite {
            path: path.to_path_buf(),
            what: "opening the history",
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(store.sql("setting the busy timeout"))?;
        store
            .conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(store.sql("enabling foreign keys"))?;
        store.migrate_to(version)?;
        Ok(store)
    }

    fn sql(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> HistoryError + '_ {
        move |source| HistoryError::Sqlite {
            path: self.path.clone(),
            what,
            source,
        }
    }

    fn invalid(&self, run: i64, detail: String) -> HistoryError {
        HistoryError::Invalid {
            path: self.path.clone(),
            run,
            detail,
        }
    }

    /// The file's schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, HistoryError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|source| HistoryError::Sqlite {
                path: self.path.clone(),
                what: "reading the schema version (is this a fleetlic history file?)",
                source,
            })
    }

    fn migrate_to(&mut self, target: i64) -> Result<(), HistoryError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(HistoryError::TooNew {
                path: self.path.clone(),
                found,
            });
        }
        let path = self.path.clone();
        let sql = |what| {
            let path = path.clone();
            move |source| HistoryError::Sqlite { path, what, source }
        };
        for version in found..target {
            let Some(step) = usize::try_from(version)
                .ok()
                .and_then(|i| MIGRATIONS.get(i))
            else {
                break;
            };
            let tx = self
                .conn
                .transaction()
                .map_err(sql("starting a migration"))?;
            tx.execute_batch(step)
                .map_err(sql("migrating the history schema"))?;
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(sql("setting the schema version"))?;
            tx.commit().map_err(sql("committing a migration"))?;
        }
        Ok(())
    }

    /// Stores a run in one transaction and returns its id.
    pub fn record(&mut self, run: &NewRun, snapshot: &Snapshot) -> Result<i64, HistoryError> {
        let path = self.path.clone();
        let sql = |what| {
            let path = path.clone();
            move |source| HistoryError::Sqlite { path, what, source }
        };
        let count =
            |s: Severity| snapshot.findings.iter().filter(|f| f.severity == s).count() as i64;
        let tx = self.conn.transaction().map_err(sql("starting a run"))?;
        tx.execute(
            "INSERT INTO runs (recorded_at, audited_at, source, warn_days, crit_days, devices,
                critical, warning, unknown, info, tool_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                run.recorded_at.map(rfc3339),
                rfc3339(run.audited_at),
                run.source,
                run.warn_days,
                run.crit_days,
                snapshot.devices.len() as i64,
                count(Severity::Critical),
                count(Severity::Warning),
                count(Severity::Unknown),
                count(Severity::Info),
                env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(sql("recording the run"))?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO devices (run_id, name, host, platform, status, error,
                        registration, authorization, next_deadline, next_deadline_kind,
                        days_left, worst_severity, findings, prompt_hostname, version_hostname,
                        serial)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                        ?16)",
                )
                .map_err(sql("recording devices"))?;
            for d in &snapshot.devices {
                insert
                    .execute(params![
                        id,
                        d.name,
                        d.host,
                        d.platform,
                        d.status,
                        d.error,
                        d.registration,
                        d.authorization,
                        d.next_deadline.map(rfc3339),
                        d.next_deadline_kind,
                        d.days_left,
                        d.worst_severity.map(Severity::as_str),
                        d.findings,
                        d.prompt_hostname,
                        d.version_hostname,
                        d.serial,
                    ])
                    .map_err(sql("recording a device"))?;
            }
            let mut insert = tx
                .prepare(
                    "INSERT INTO findings (run_id, device, host, platform, rule_id, severity,
                        message, due, days_left, fix)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(sql("recording findings"))?;
            for f in &snapshot.findings {
                insert
                    .execute(params![
                        id,
                        f.device,
                        f.host,
                        f.platform.map(|p| p.to_string()),
                        f.rule_id,
                        f.severity.as_str(),
                        f.message,
                        f.due.map(rfc3339),
                        f.days_left,
                        f.fix,
                    ])
                    .map_err(sql("recording a finding"))?;
            }
        }
        tx.commit().map_err(sql("committing the run"))?;
        Ok(id)
    }

    const RUN_COLUMNS: &'static str = "id, recorded_at, audited_at, source, warn_days, crit_days,
        devices, critical, warning, unknown, info";

    fn run_from(&self, r: &Row<'_>) -> rusqlite::Result<Result<RunInfo, HistoryError>> {
        let id: i64 = r.get(0)?;
        let recorded: Option<String> = r.get(1)?;
        let audited: String = r.get(2)?;
        let recorded_at = match recorded.as_deref().map(|t| self.date(id, t)).transpose() {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        let audited_at = match self.date(id, &audited) {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(RunInfo {
            id,
            recorded_at,
            audited_at,
            source: r.get(3)?,
            warn_days: r.get(4)?,
            crit_days: r.get(5)?,
            devices: r.get(6)?,
            critical: r.get(7)?,
            warning: r.get(8)?,
            unknown: r.get(9)?,
            info: r.get(10)?,
        }))
    }

    fn date(&self, run: i64, text: &str) -> Result<DateTime<Utc>, HistoryError> {
        DateTime::parse_from_rfc3339(text)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| self.invalid(run, format!("date {text:?}: {e}")))
    }

    fn severity(&self, run: i64, text: &str) -> Result<Severity, HistoryError> {
        serde_json::from_value(serde_json::Value::String(text.to_string()))
            .map_err(|_| self.invalid(run, format!("unknown severity {text:?}")))
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM runs ORDER BY id",
                Self::RUN_COLUMNS
            ))
            .map_err(self.sql("listing runs"))?;
        let rows = stmt
            .query_map([], |r| self.run_from(r))
            .map_err(self.sql("listing runs"))?;
        let mut runs = Vec::new();
        for r in rows {
            runs.push(r.map_err(self.sql("reading a run"))??);
        }
        Ok(runs)
    }

    /// One run by id.
    pub fn run(&self, id: i64) -> Result<Option<RunInfo>, HistoryError> {
        self.conn
            .query_row(
                &format!("SELECT {} FROM runs WHERE id = ?1", Self::RUN_COLUMNS),
                [id],
                |r| self.run_from(r),
            )
            .optional()
            .map_err(self.sql("reading a run"))?
            .transpose()
    }

    /// The most recent run.
    pub fn latest(&self) -> Result<Option<RunInfo>, HistoryError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {} FROM runs ORDER BY id DESC LIMIT 1",
                    Self::RUN_COLUMNS
                ),
                [],
                |r| self.run_from(r),
            )
            .optional()
            .map_err(self.sql("reading the latest run"))?
            .transpose()
    }

    /// What run `id` saw.
    pub fn snapshot(&self, id: i64) -> Result<Snapshot, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, host, platform, status, error, registration, authorization,
                    next_deadline, next_deadline_kind, days_left, worst_severity, findings,
                    prompt_hostname, version_hostname, serial
                 FROM devices WHERE run_id = ?1 ORDER BY name",
            )
            .map_err(self.sql("reading devices"))?;
        let rows = stmt
            .query_map([id], |r| self.device_from(id, r))
            .map_err(self.sql("reading devices"))?;
        let mut devices = Vec::new();
        for d in rows {
            devices.push(d.map_err(self.sql("reading a device"))??);
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device, host, platform, rule_id, severity, message, due, days_left, fix
                 FROM findings WHERE run_id = ?1 ORDER BY rowid",
            )
            .map_err(self.sql("reading findings"))?;
        let rows = stmt
            .query_map([id], |r| {
                let platform: Option<String> = r.get(2)?;
                let severity: String = r.get(4)?;
                let due: Option<String> = r.get(6)?;
                let parts = (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(3)?,
                    r.get(5)?,
                    r.get(7)?,
                    r.get(8)?,
                );
                Ok((platform, severity, due, parts))
            })
            .map_err(self.sql("reading findings"))?;
        let mut findings = Vec::new();
        for f in rows {
            let (platform, severity, due, (device, host, rule_id, message, days_left, fix)) =
                f.map_err(self.sql("reading a finding"))?;
            let platform = match platform {
                Some(p) => Some(
                    p.parse()
                        .map_err(|_| self.invalid(id, format!("unknown platform {p:?}")))?,
                ),
                None => None,
            };
            findings.push(Finding {
                device,
                host,
                platform,
                rule_id,
                severity: self.severity(id, &severity)?,
                message,
                due: due.map(|d| self.date(id, &d)).transpose()?,
                days_left,
                fix,
            });
        }
        Ok(Snapshot { devices, findings })
    }

    fn device_from(
        &self,
        run: i64,
        r: &Row<'_>,
    ) -> rusqlite::Result<Result<DeviceState, HistoryError>> {
        let next_deadline: Option<String> = r.get(7)?;
        let worst: Option<String> = r.get(10)?;
        let mut d = DeviceState {
            name: r.get(0)?,
            host: r.get(1)?,
            platform: r.get(2)?,
            status: r.get(3)?,
            error: r.get(4)?,
            registration: r.get(5)?,
            authorization: r.get(6)?,
            next_deadline: None,
            next_deadline_kind: r.get(8)?,
            days_left: r.get(9)?,
            worst_severity: None,
            findings: r.get(11)?,
            prompt_hostname: r.get(12)?,
            version_hostname: r.get(13)?,
            serial: r.get(14)?,
        };
        let parsed = (|| {
            d.next_deadline = next_deadline.map(|t| self.date(run, &t)).transpose()?;
            d.worst_severity = worst.map(|w| self.severity(run, &w)).transpose()?;
            Ok(d)
        })();
        Ok(parsed)
    }

    /// A device's state in every run, oldest first; `None` where the run did not have it.
    pub fn device_history(
        &self,
        name: &str,
    ) -> Result<Vec<(RunInfo, Option<DeviceState>)>, HistoryError> {
        let mut out = Vec::new();
        for run in self.runs()? {
            let state = self
                .conn
                .query_row(
                    "SELECT name, host, platform, status, error, registration, authorization,
                        next_deadline, next_deadline_kind, days_left, worst_severity, findings,
                        prompt_hostname, version_hostname, serial
                     FROM devices WHERE run_id = ?1 AND name = ?2",
                    params![run.id, name],
                    |r| self.device_from(run.id, r),
                )
                .optional()
                .map_err(self.sql("reading a device"))?
                .transpose()?;
            out.push((run, state));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        Snapshot {
            devices: vec![DeviceState {
                name: "sw1".into(),
                host: "192.0.2.1".into(),
                platform: "nxos".into(),
                status: "ok".into(),
                registration: "registered".into(),
                next_deadline: Some("2026-12-01T00:00:00Z".parse().expect("date")),
                next_deadline_kind: "communication_deadline".into(),
                days_left: Some(8),
                worst_severity: Some(Severity::Warning),
                findings: 1,
                ..DeviceState::default()
            }],
            findings: vec![Finding {
                device: "sw1".into(),
                host: "192.0.2.1".into(),
                platform: Some(fleetlic_parsers::Platform::NxOs),
                rule_id: "deadline.communication_deadline".into(),
                severity: Severity::Warning,
                message: "in 8 days".into(),
                due: Some("2026-12-01T00:00:00Z".parse().expect("date")),
                days_left: Some(8),
                fix: Some("license smart renew auth".into()),
            }],
        }
    }

    fn new_run() -> NewRun {
        NewRun {
            recorded_at: None,
            audited_at: "2026-11-23T00:00:00Z".parse().expect("date"),
            source: "replay fleet".into(),
            warn_days: 30,
            crit_days: 7,
        }
    }

    #[test]
    fn a_new_file_gets_the_latest_schema_and_keeps_it_on_reopen() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("h.db");
        let mut store = Store::open(&path).expect("open");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let id = store.record(&new_run(), &snapshot()).expect("record");
        assert_eq!(id, 1);
        drop(store);
        let store = Store::open(&path).expect("reopen");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(store.snapshot(1).expect("snapshot"), snapshot());
        let runs = store.runs().expect("runs");
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].warning, runs[0].devices), (1, 1));
    }

    #[test]
    fn a_version_1_file_is_migrated_and_keeps_its_runs() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("h.db");
        {
            let store = Store::open_at_version(&path, 1).expect("v1");
            assert_eq!(store.schema_version().expect("version"), 1);
            // A run as version 1 wrote it (no tool_version column yet).
            store
                .conn
                .execute(
                    "INSERT INTO runs (audited_at, source, warn_days, crit_days, devices,
                        critical, warning, unknown, info)
                     VALUES ('2026-11-01T00:00:00Z', 'replay old', 30, 7, 0, 0, 0, 0, 0)",
                    [],
                )
                .expect("insert");
            store
                .conn
                .execute(
                    "INSERT INTO devices (run_id, name, host, platform, status, error,
                        registration, authorization, next_deadline_kind, findings)
                     VALUES (1, 'sw0', '192.0.2.9', 'nxos', 'ok', '', '', '', '', 0)",
                    [],
                )
                .expect("insert device");
        }
        let mut store = Store::open(&path).expect("migrate");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION, 3);
        assert_eq!(store.runs().expect("runs")[0].source, "replay old");
        let old = store.snapshot(1).expect("old run");
        assert_eq!(
            (old.devices[0].name.as_str(), old.devices[0].serial.as_str()),
            ("sw0", "")
        );
        let mut now = snapshot();
        now.devices[0].serial = "FDO2341A0QT".into();
        now.devices[0].prompt_hostname = "sw1".into();
        assert_eq!(store.record(&new_run(), &now).expect("record"), 2);
        let back = store.snapshot(2).expect("new run");
        assert_eq!(back.devices[0].serial, "FDO2341A0QT");
        assert_eq!(back.devices[0].prompt_hostname, "sw1");
    }

    #[test]
    fn a_file_from_a_newer_fleetlic_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("h.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", 99).expect("set");
        }
        let err = Store::open(&path).expect_err("too new");
        assert!(err.to_string().contains("version 99"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("notes.txt");
        std::fs::write(
            &path,
            "this is not sqlite, just a text file that is long enough\n".repeat(40),
        )
        .expect("write");
        let err = Store::open(&path).expect_err("not a database");
        assert!(err.to_string().contains("notes.txt"), "{err}");
    }

    #[test]
    fn device_history_has_a_row_per_run_even_when_absent() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("h.db")).expect("open");
        store.record(&new_run(), &snapshot()).expect("1");
        store.record(&new_run(), &Snapshot::default()).expect("2");
        let h = store.device_history("sw1").expect("history");
        assert_eq!(h.len(), 2);
        assert!(h[0].1.is_some() && h[1].1.is_none());
        assert_eq!(store.latest().expect("latest").map(|r| r.id), Some(2));
    }

    #[cfg(unix)]
    #[test]
    fn a_new_history_file_is_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("h.db");
        let mut store = Store::open(&path).expect("open");
        store.record(&new_run(), &snapshot()).expect("record");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
