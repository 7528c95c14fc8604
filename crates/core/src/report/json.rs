//! The JSON report: one versioned document with the parameters, the fleet summary, and per
//! device its summary row, collection outcome per command, full model and findings.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::devices::{row, DeviceRow};
use super::Results;
use crate::device::OutputOutcome;
use crate::finding::{Finding, Severity};
use crate::reconcile::Ledger;
use fleetlic_parsers::model::DeviceLicensing;

/// Version of the JSON document's schema; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    audited_at: DateTime<Utc>,
    warn_days: i64,
    crit_days: i64,
    summary: Summary,
    devices: Vec<DeviceDoc<'a>>,
    /// `--entitlements` reconciliation (additive to schema 1: absent without the flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    licenses: Option<&'a Ledger>,
    /// Only with `--history`: what changed since the previous run (additive to schema 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::history::Changes>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    devices: usize,
    not_audited: usize,
    findings: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct DeviceDoc<'a> {
    #[serde(flatten)]
    row: DeviceRow,
    outputs: std::collections::BTreeMap<&'static str, &'a OutputOutcome>,
    model: &'a DeviceLicensing,
    findings: &'a [Finding],
}

/// Writes the JSON document (pretty-printed, one trailing newline). With a reconciliation, a
/// top-level `licenses` section (`entitlements_file`, `rows`, `findings`,
/// `devices_not_counted`) whose findings also count in the summary; with the changes since the
/// previous `--history` run, a `changes` section. Both are additive: schema_version stays 1.
pub fn write<W: Write>(mut out: W, results: &Results<'_>) -> std::io::Result<()> {
    let Results {
        audited,
        ledger: licenses,
        changes,
        now: audited_at,
        warn_days,
        crit_days,
        ..
    } = *results;
    let mut per_severity = std::collections::BTreeMap::new();
    for s in [
        Severity::Info,
        Severity::Warning,
        Severity::Critical,
        Severity::Unknown,
    ] {
        let n = audited
            .iter()
            .flat_map(|a| &a.findings)
            .chain(licenses.iter().flat_map(|l| &l.findings))
            .filter(|f| f.severity == s)
            .count();
        per_severity.insert(s.as_str(), n);
    }
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "fleetlic",
            version: env!("CARGO_PKG_VERSION"),
        },
        audited_at,
        warn_days,
        crit_days,
        summary: Summary {
            devices: audited.len(),
            not_audited: audited
                .iter()
                .filter(|a| a.findings.iter().any(|f| f.severity == Severity::Unknown))
                .count(),
            findings: per_severity,
        },
        devices: audited
            .iter()
            .map(|a| DeviceDoc {
                row: row(a),
                outputs: a
                    .device
                    .outputs
                    .iter()
                    .map(|(c, o)| (c.slug(), o))
                    .collect(),
                model: &a.device.model,
                findings: &a.findings,
            })
            .collect(),
        licenses,
        changes,
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}
