//! Run history (`--history FILE`): every audit kept in an embedded SQLite database, what
//! changed since the previous run, a device's state over time, and the difference between two
//! runs.
//!
//! [`store`] owns the file (schema, migrations, reads and writes); [`changes`] compares two
//! runs and is pure; the audit pipeline calls [`record`] to compare and store a run.

pub mod changes;
pub mod record;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audited::Audited;
use crate::finding::{Finding, Severity};

pub use changes::{compare, new_or_escalated, Changes};
pub use store::{HistoryError, RunInfo, Store};

/// A device's summary as kept for each run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DeviceState {
    /// Device name.
    pub name: String,
    /// Address.
    pub host: String,
    /// `nxos`, `iosxe`, `iosxr`, or empty when unknown.
    pub platform: String,
    /// Collection status word (`ok`, `unreachable`, ...).
    pub status: String,
    /// The collection error, if any.
    pub error: String,
    /// Registration state word.
    pub registration: String,
    /// Authorization state word.
    pub authorization: String,
    /// The nearest deadline.
    pub next_deadline: Option<DateTime<Utc>>,
    /// Which deadline that is.
    pub next_deadline_kind: String,
    /// Whole days to it.
    pub days_left: Option<i64>,
    /// The worst severity among its findings.
    pub worst_severity: Option<Severity>,
    /// Findings of severity info and above.
    pub findings: i64,
    /// Host name in its prompt (empty when unknown or in runs before schema 3).
    pub prompt_hostname: String,
    /// Host name `show version` printed.
    pub version_hostname: String,
    /// Chassis serial: a change from one run to the next is `collection.identity_mismatch`.
    pub serial: String,
}

impl DeviceState {
    /// The state of an audited device as a run keeps it.
    pub fn of(a: &Audited) -> DeviceState {
        let next = a.next_deadline();
        let id = crate::identity::Identity::of(&a.device);
        DeviceState {
            name: a.device.name.clone(),
            host: a.device.host.clone(),
            platform: a.platform_word(),
            status: a.device.status.as_word().to_string(),
            error: a.error(),
            registration: a.registration(),
            authorization: a.authorization(),
            next_deadline: next.map(|n| n.due),
            next_deadline_kind: next.map(|n| n.kind.to_string()).unwrap_or_default(),
            days_left: next.and_then(|n| n.days_left),
            worst_severity: Some(a.worst_severity()),
            findings: i64::try_from(a.reported_findings()).unwrap_or(i64::MAX),
            prompt_hostname: id.prompt_hostname.unwrap_or_default(),
            version_hostname: id.version_hostname.unwrap_or_default(),
            serial: id.serial.unwrap_or_default(),
        }
    }
}

/// What one run saw: each device's summary and every finding (including `ok` deadlines, so
/// deadline threshold crossings can be computed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// One entry per device of the run.
    pub devices: Vec<DeviceState>,
    /// Every finding of the run.
    pub findings: Vec<Finding>,
}

impl Snapshot {
    /// The snapshot of an audit.
    pub fn from_audited(audited: &[Audited]) -> Snapshot {
        let devices = audited.iter().map(DeviceState::of).collect();
        Snapshot {
            devices,
            findings: audited.iter().flat_map(|a| a.findings.clone()).collect(),
        }
    }
}
