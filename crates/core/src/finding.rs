//! What the audit says about a device: findings with a severity, a message and a fix.

use std::fmt;

use chrono::{DateTime, Utc};
use fleetlic_parsers::Platform;
use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered: `Ok < Info < Warning < Unknown < Critical`, the order in
/// which they decide the exit code (critical outranks unknown: a monitoring system sees the
/// worst actionable state; the report still names the devices that were not audited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Checked and fine (kept for deadlines so the nearest ones can be listed).
    Ok,
    /// Worth knowing, nothing to do.
    Info,
    /// Act before it becomes critical.
    Warning,
    /// The device could not be audited (collection failed, output unusable).
    Unknown,
    /// Out of compliance, expired, or broken now.
    Critical,
}

impl Severity {
    /// Lower-case name used in reports (`ok`, `info`, `warning`, `critical`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Unknown => "unknown",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the audit found on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Device name (inventory / replay directory name).
    pub device: String,
    /// Address the device was reached at.
    pub host: String,
    /// Platform, when known.
    pub platform: Option<Platform>,
    /// Stable rule id, `family.name` (documented in the README).
    pub rule_id: String,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, specific to this device.
    pub message: String,
    /// When it breaks, for deadline findings.
    pub due: Option<DateTime<Utc>>,
    /// Whole days from the audit clock to `due`; negative when past.
    pub days_left: Option<i64>,
    /// What to do, quoting the device CLI from the Cisco documents.
    pub fix: Option<String>,
}

/// Worst severity first, then nearest due date, then rule id (a stable order for reports).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
}
