//! What one audit is asked to do, as plain data: where the devices come from, the clock and
//! thresholds, where each report goes, the history and the alert sinks. The binary builds it
//! from its flags; `demo` and `bench` build it directly.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::alert::{AlertOn, AlertSettings};
use crate::cap::RecordCap;
use crate::exit::FailOn;
use crate::preflight::Planned;
use crate::report::{Output, Reports};

/// Where the devices of a run come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Saved outputs laid out as `DIR/<device>/<slug>.txt` + `DIR/<device>/device.toml`.
    Replay(PathBuf),
    /// An inventory collected over SSH (TOML, or CSV with a settings file).
    Inventory {
        /// The inventory file.
        file: PathBuf,
        /// `[defaults]` / `[[group]]` settings for a CSV inventory.
        defaults: Option<PathBuf>,
    },
}

impl Source {
    /// How the history records the run's source: `replay DIR` or `inventory FILE`.
    pub fn label(&self) -> String {
        match self {
            Source::Replay(dir) => format!("replay {}", dir.display()),
            Source::Inventory { file, .. } => format!("inventory {}", file.display()),
        }
    }
}

/// How live collection runs (ignored for a replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Devices collected at once.
    pub concurrency: usize,
    /// Budget for the whole run.
    pub deadline: Option<Duration>,
    /// Keep every output collected, in the replay layout.
    pub save_raw: Option<PathBuf>,
    /// Most output one command may send; overrides the inventory's.
    pub max_output: Option<usize>,
    /// Accept any host key where the inventory says `host_key_check = "off"`.
    pub accept_any_host_key: bool,
    /// Any inventory problem stops the run, also one that concerns a single device's
    /// credentials (by default that device is reported `collection.config_error`).
    pub strict_inventory: bool,
}

impl Default for Collection {
    fn default() -> Self {
        Collection {
            concurrency: 64,
            deadline: None,
            save_raw: None,
            max_output: None,
            accept_any_host_key: false,
            strict_inventory: false,
        }
    }
}

/// The terminal report (the human one, besides the report files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terminal {
    /// No terminal report (`--quiet`, cron).
    pub quiet: bool,
    /// Colour severities (stdout is a terminal and `NO_COLOR` is unset).
    pub color: bool,
}

/// Everything one audit is asked to do.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Where the devices come from.
    pub source: Source,
    /// The audit clock; `None` is the real time at start.
    pub now: Option<DateTime<Utc>>,
    /// A deadline this many days away or less is a warning.
    pub warn_days: i64,
    /// A deadline this many days away or less, or past, is critical.
    pub crit_days: i64,
    /// How live collection runs.
    pub collection: Collection,
    /// Most records of each kind one output keeps (`--max-records`), live or replayed.
    pub max_records: RecordCap,
    /// The report files.
    pub reports: Reports,
    /// The Smart Account's license export to reconcile the fleet's usage with.
    pub entitlements: Option<PathBuf>,
    /// The terminal report.
    pub terminal: Terminal,
    /// Which severity makes the exit status non-zero.
    pub fail_on: FailOn,
    /// The history file (compare with the previous run, record this one).
    pub history: Option<PathBuf>,
    /// Which findings alert and count for the exit status.
    pub alert_on: AlertOn,
    /// The alert sinks.
    pub alerts: AlertSettings,
}

impl AuditConfig {
    /// An audit of `source` with every default of `fleetlic audit`: now, 30/7 days, no
    /// reports, fail on warning.
    pub fn new(source: Source) -> Self {
        AuditConfig {
            source,
            now: None,
            warn_days: 30,
            crit_days: 7,
            collection: Collection::default(),
            max_records: RecordCap::default(),
            reports: Reports::default(),
            entitlements: None,
            terminal: Terminal::default(),
            fail_on: FailOn::Warning,
            history: None,
            alert_on: AlertOn::All,
            alerts: AlertSettings::default(),
        }
    }
}

impl AuditConfig {
    /// Every path the run will write, with the flag naming it: the report files (not `-`),
    /// the history, the metrics file and the raw-output directory. Checked before any device
    /// is contacted ([`crate::preflight::check`]).
    pub fn outputs(&self) -> Vec<Planned> {
        let reports = [
            ("--csv", &self.reports.csv),
            ("--csv-devices", &self.reports.csv_devices),
            ("--json", &self.reports.json),
            ("--csv-licenses", &self.reports.csv_licenses),
        ];
        let mut out: Vec<Planned> = reports
            .into_iter()
            .filter_map(|(flag, o)| match o {
                Some(Output::File(p)) => Some(Planned::file(flag, p)),
                _ => None,
            })
            .collect();
        out.extend(
            self.history
                .as_deref()
                .map(|p| Planned::file("--history", p)),
        );
        out.extend(
            self.alerts
                .prom
                .as_deref()
                .map(|p| Planned::file("--prom", p)),
        );
        out.extend(
            self.collection
                .save_raw
                .as_deref()
                .map(|p| Planned::dir("--save-raw", p)),
        );
        out
    }
}
