//! What changed between two runs: new, escalated and resolved findings, devices that
//! disappeared or came back, deadlines that crossed the warning or critical threshold. Pure
//! functions of two [`Snapshot`]s; the store reads them, the reports print the result.
//!
//! A finding's identity across runs is `(device, rule_id, subject)`. For `deadline.*` rules the
//! subject is empty: one deadline of a kind per device, whose date may move a little every night
//! (some are counted from the collection time); a deadline that moves across a threshold is
//! reported as a crossing, and as an escalation when its severity rises. For other rules the
//! subject is the message with every run of digits masked, so that counts, days and dates in
//! the text do not make a finding new, while a second license in a bad state does; a finding
//! whose wording changes otherwise (a license going from `EVAL MODE` to `EVAL EXPIRED`) is new,
//! and the old wording resolved.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{DeviceState, Snapshot};
use crate::finding::{Finding, Severity};
use crate::thresholds::Thresholds;

/// The run a comparison starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRef {
    /// Run id as `fleetlic history --runs` lists it.
    pub id: i64,
    /// That run's audit clock.
    pub audited_at: DateTime<Utc>,
}

/// A finding that is worse than in the earlier run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    /// The finding as it is now.
    pub finding: Finding,
    /// Its severity in the earlier run.
    pub was: Severity,
}

/// How a device's presence changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceChangeKind {
    /// In the earlier run, absent from this one.
    Disappeared,
    /// Absent from the earlier run, in this one (new, or back after an absence).
    Appeared,
    /// Audited in the earlier run, not collected (fully) in this one.
    NotAudited,
    /// Not audited in the earlier run, audited again in this one.
    AuditedAgain,
}

impl DeviceChangeKind {
    /// Words for the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceChangeKind::Disappeared => "disappeared",
            DeviceChangeKind::Appeared => "appeared",
            DeviceChangeKind::NotAudited => "not audited",
            DeviceChangeKind::AuditedAgain => "came back",
        }
    }
}

/// One device whose presence or reachability changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceChange {
    /// Device name.
    pub device: String,
    /// What happened.
    pub change: DeviceChangeKind,
    /// Collection status now (`absent` when not in the run).
    pub status: String,
    /// Collection status before (`absent` when not in the run).
    pub was_status: String,
}

/// A deadline that moved across `--warn-days` or `--crit-days`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crossing {
    /// Device name.
    pub device: String,
    /// The deadline rule (`deadline.*`).
    pub rule_id: String,
    /// The deadline now.
    pub due: Option<DateTime<Utc>>,
    /// Days left now.
    pub days_left: i64,
    /// Days left in the earlier run.
    pub was_days_left: i64,
    /// The band now: `ok`, `warning` or `critical`.
    pub band: Severity,
    /// The band before.
    pub was_band: Severity,
}

/// Everything that changed between two runs (the JSON report's `changes` section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Changes {
    /// The earlier run; `None` when there was none (the first run of a history file).
    pub since: Option<RunRef>,
    /// Findings (info and above) whose identity had none in the earlier run.
    pub new_findings: Vec<Finding>,
    /// Findings present in both runs but of a higher severity now.
    pub escalated: Vec<Escalation>,
    /// Findings of the earlier run gone now, on devices fully audited now.
    pub resolved_findings: Vec<Finding>,
    /// Devices that disappeared, appeared, stopped or restarted being audited.
    pub devices: Vec<DeviceChange>,
    /// Deadlines whose band (ok / warning / critical) changed.
    pub deadlines: Vec<Crossing>,
}

impl Changes {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.new_findings.is_empty()
            && self.escalated.is_empty()
            && self.resolved_findings.is_empty()
            && self.devices.is_empty()
            && self.deadlines.is_empty()
    }
}

/// A finding's identity across runs: `(device, rule_id, subject)` (see the module doc).
type Key = (String, String, String);

/// The identity of `f` across runs.
pub fn identity(f: &Finding) -> Key {
    let subject = if f.rule_id.starts_with("deadline.") {
        String::new()
    } else {
        let mut masked = String::with_capacity(f.message.len());
        for c in f.message.chars() {
            if !c.is_ascii_digit() {
                masked.push(c);
            } else if !masked.ends_with('#') {
                masked.push('#');
            }
        }
        masked
    };
    (f.device.clone(), f.rule_id.clone(), subject)
}

/// The worst finding per identity, severity info and above.
fn reported(findings: &[Finding]) -> BTreeMap<Key, &Finding> {
    let mut map: BTreeMap<Key, &Finding> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity > Severity::Ok) {
        let slot = map.entry(identity(f)).or_insert(f);
        if f.severity > slot.severity {
            *slot = f;
        }
    }
    map
}

/// Fully audited: collected and no finding says otherwise.
fn audited(d: &DeviceState, findings: &[Finding]) -> bool {
    d.status == "ok"
        && !findings
            .iter()
            .any(|f| f.device == d.name && f.severity == Severity::Unknown)
}

/// Compares the earlier run `before` (with its reference) with `after`, deadlines banded by
/// this run's thresholds (so a change of flags alone crosses nothing).
pub fn compare(
    since: Option<RunRef>,
    before: &Snapshot,
    after: &Snapshot,
    thresholds: Thresholds,
) -> Changes {
    let old = reported(&before.findings);
    let new = reported(&after.findings);
    let mut changes = Changes {
        since,
        ..Changes::default()
    };
    for (key, f) in &new {
        match old.get(key) {
            None => changes.new_findings.push((*f).clone()),
            Some(was) if f.severity > was.severity => changes.escalated.push(Escalation {
                finding: (*f).clone(),
                was: was.severity,
            }),
            Some(_) => {}
        }
    }

    let before_devices: BTreeMap<&str, &DeviceState> = before
        .devices
        .iter()
        .map(|d| (d.name.as_str(), d))
        .collect();
    let after_devices: BTreeMap<&str, &DeviceState> =
        after.devices.iter().map(|d| (d.name.as_str(), d)).collect();
    let fully_audited_now: BTreeSet<&str> = after
        .devices
        .iter()
        .filter(|d| audited(d, &after.findings))
        .map(|d| d.name.as_str())
        .collect();
    for (key, f) in &old {
        if !new.contains_key(key) && fully_audited_now.contains(key.0.as_str()) {
            changes.resolved_findings.push((*f).clone());
        }
    }

    let names: BTreeSet<&str> = before_devices
        .keys()
        .chain(after_devices.keys())
        .copied()
        .collect();
    for name in names {
        let was = before_devices.get(name);
        let now = after_devices.get(name);
        let kind = match (was, now) {
            (Some(_), None) => Some(DeviceChangeKind::Disappeared),
            (None, Some(_)) => Some(DeviceChangeKind::Appeared),
            (Some(w), Some(n)) => {
                match (audited(w, &before.findings), audited(n, &after.findings)) {
                    (true, false) => Some(DeviceChangeKind::NotAudited),
                    (false, true) => Some(DeviceChangeKind::AuditedAgain),
                    _ => None,
                }
            }
            (None, None) => None,
        };
        if let Some(change) = kind {
            let status = |d: Option<&&DeviceState>| {
                d.map_or_else(|| "absent".to_string(), |d| d.status.clone())
            };
            changes.devices.push(DeviceChange {
                device: name.to_string(),
                change,
                status: status(now),
                was_status: status(was),
            });
        }
    }

    let deadlines = |s: &'_ Snapshot| -> BTreeMap<(String, String), Finding> {
        s.findings
            .iter()
            .filter(|f| f.rule_id.starts_with("deadline.") && f.days_left.is_some())
            .map(|f| ((f.device.clone(), f.rule_id.clone()), f.clone()))
            .collect()
    };
    let old_deadlines = deadlines(before);
    for (key, f) in deadlines(after) {
        let (Some(was), Some(days)) = (old_deadlines.get(&key), f.days_left) else {
            continue;
        };
        let Some(was_days) = was.days_left else {
            continue;
        };
        let (b, wb) = (thresholds.band(days), thresholds.band(was_days));
        if b != wb {
            changes.deadlines.push(Crossing {
                device: key.0,
                rule_id: key.1,
                due: f.due,
                days_left: days,
                was_days_left: was_days,
                band: b,
                was_band: wb,
            });
        }
    }
    changes
}

/// The findings of `current` (severity info and above) new since the earlier run's findings
/// `previous` or escalated to a higher severity (what `--alert-on new` sends).
pub fn new_or_escalated(previous: &[Finding], current: &[Finding]) -> Vec<Finding> {
    let old = reported(previous);
    current
        .iter()
        .filter(|f| f.severity > Severity::Ok)
        .filter(|f| {
            old.get(&identity(f))
                .map_or(true, |was| f.severity > was.severity)
        })
        .cloned()
        .collect()
}

/// Writes the changes as a terminal block: `heading:` then one section per kind of change
/// (`nothing changed` when empty).
pub fn write_text(out: &mut dyn Write, heading: &str, changes: &Changes) -> std::io::Result<()> {
    let day = |d: Option<DateTime<Utc>>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    writeln!(out, "{heading}:")?;
    if changes.is_empty() {
        return writeln!(out, "  nothing changed");
    }
    let finding_line = |f: &Finding| {
        format!(
            "{:<8}  {:<24} {:<36} {}",
            f.severity.as_str(),
            f.device,
            f.rule_id,
            f.message
        )
    };
    if !changes.new_findings.is_empty() {
        writeln!(out, "  New findings ({}):", changes.new_findings.len())?;
        for f in &changes.new_findings {
            writeln!(out, "    {}", finding_line(f))?;
        }
    }
    if !changes.escalated.is_empty() {
        writeln!(out, "  Escalated ({}):", changes.escalated.len())?;
        for e in &changes.escalated {
            writeln!(
                out,
                "    {} (was {})",
                finding_line(&e.finding),
                e.was.as_str()
            )?;
        }
    }
    if !changes.resolved_findings.is_empty() {
        writeln!(out, "  Resolved ({}):", changes.resolved_findings.len())?;
        for f in &changes.resolved_findings {
            writeln!(out, "    {}", finding_line(f))?;
        }
    }
    if !changes.devices.is_empty() {
        writeln!(out, "  Devices ({}):", changes.devices.len())?;
        for d in &changes.devices {
            writeln!(
                out,
                "    {:<12}  {:<24} {} (was {})",
                d.change.as_str(),
                d.device,
                d.status,
                d.was_status
            )?;
        }
    }
    if !changes.deadlines.is_empty() {
        writeln!(
            out,
            "  Deadlines crossing a threshold ({}):",
            changes.deadlines.len()
        )?;
        for c in &changes.deadlines {
            writeln!(
                out,
                "    {} -> {:<8}  {:<24} {:<36} {}  {} d (was {} d)",
                c.was_band.as_str(),
                c.band.as_str(),
                c.device,
                c.rule_id,
                day(c.due),
                c.days_left,
                c.was_days_left
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(device: &str, rule: &str, severity: Severity, days: Option<i64>) -> Finding {
        Finding {
            device: device.into(),
            host: "192.0.2.1".into(),
            platform: None,
            rule_id: rule.into(),
            severity,
            message: format!("{rule} on {device}"),
            due: None,
            days_left: days,
            fix: None,
        }
    }

    fn device(name: &str, status: &str) -> DeviceState {
        DeviceState {
            name: name.into(),
            status: status.into(),
            ..DeviceState::default()
        }
    }

    fn snapshot(devices: Vec<DeviceState>, findings: Vec<Finding>) -> Snapshot {
        Snapshot { devices, findings }
    }

    #[test]
    fn a_finding_is_new_once_then_stays_quiet_until_resolved() {
        let night1 = snapshot(vec![device("a", "ok")], vec![]);
        let night2 = snapshot(
            vec![device("a", "ok")],
            vec![finding("a", "compliance.x", Severity::Critical, None)],
        );
        let c = compare(None, &night1, &night2, Thresholds::DEFAULT);
        assert_eq!(c.new_findings.len(), 1);
        assert!(c.resolved_findings.is_empty());
        let same = compare(None, &night2, &night2, Thresholds::DEFAULT);
        assert!(same.is_empty(), "{same:?}");
        let back = compare(None, &night2, &night1, Thresholds::DEFAULT);
        assert_eq!(back.resolved_findings[0].rule_id, "compliance.x");
        assert!(back.new_findings.is_empty());
    }

    #[test]
    fn numbers_in_a_message_keep_its_identity_but_another_subject_is_new() {
        let with = |messages: &[&str]| {
            let findings = messages
                .iter()
                .map(|m| Finding {
                    message: (*m).into(),
                    ..finding("a", "compliance.license_bad_state", Severity::Warning, None)
                })
                .collect();
            snapshot(vec![device("a", "ok")], findings)
        };
        let night1 = with(&["license X, position 0 is EVAL MODE, count 1"]);
        let night2 = with(&[
            "license X, position 0 is EVAL MODE, count 12",
            "license Y, position 1 is EVAL MODE, count 1",
        ]);
        let c = compare(None, &night1, &night2, Thresholds::DEFAULT);
        assert_eq!(c.new_findings.len(), 1);
        assert!(c.new_findings[0].message.starts_with("license Y"));
        assert!(c.resolved_findings.is_empty());
    }

    #[test]
    fn ok_findings_are_never_new_or_resolved() {
        let a = snapshot(
            vec![device("a", "ok")],
            vec![finding("a", "deadline.x", Severity::Ok, Some(90))],
        );
        let b = snapshot(vec![device("a", "ok")], vec![]);
        assert!(compare(None, &b, &a, Thresholds::DEFAULT).is_empty());
        assert!(compare(None, &a, &b, Thresholds::DEFAULT).is_empty());
    }

    #[test]
    fn a_worse_severity_is_an_escalation_not_a_new_finding() {
        let a = snapshot(
            vec![device("a", "ok")],
            vec![finding("a", "deadline.x", Severity::Warning, Some(10))],
        );
        let b = snapshot(
            vec![device("a", "ok")],
            vec![finding("a", "deadline.x", Severity::Critical, Some(6))],
        );
        let c = compare(None, &a, &b, Thresholds::DEFAULT);
        assert!(c.new_findings.is_empty());
        assert_eq!(c.escalated.len(), 1);
        assert_eq!(c.escalated[0].was, Severity::Warning);
        // Getting better is neither new nor escalated.
        let better = compare(None, &b, &a, Thresholds::DEFAULT);
        assert!(better.new_findings.is_empty() && better.escalated.is_empty());
    }

    #[test]
    fn findings_of_a_device_not_audited_now_are_not_resolved() {
        let a = snapshot(
            vec![device("a", "ok")],
            vec![finding("a", "compliance.x", Severity::Critical, None)],
        );
        let b = snapshot(
            vec![device("a", "unreachable")],
            vec![finding(
                "a",
                "collection.unreachable",
                Severity::Unknown,
                None,
            )],
        );
        let c = compare(None, &a, &b, Thresholds::DEFAULT);
        assert!(c.resolved_findings.is_empty());
        assert_eq!(c.new_findings[0].rule_id, "collection.unreachable");
        assert_eq!(c.devices[0].change, DeviceChangeKind::NotAudited);
        assert_eq!(c.devices[0].was_status, "ok");
        let again = compare(None, &b, &a, Thresholds::DEFAULT);
        assert_eq!(again.devices[0].change, DeviceChangeKind::AuditedAgain);
        // collection.unreachable is resolved: the device is audited again.
        assert_eq!(again.resolved_findings[0].rule_id, "collection.unreachable");
    }

    #[test]
    fn devices_missing_from_a_run_disappear_and_appear() {
        let a = snapshot(vec![device("a", "ok"), device("b", "ok")], vec![]);
        let b = snapshot(vec![device("a", "ok"), device("c", "ok")], vec![]);
        let c = compare(None, &a, &b, Thresholds::DEFAULT);
        let got: Vec<_> = c
            .devices
            .iter()
            .map(|d| (d.device.as_str(), d.change, d.status.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b", DeviceChangeKind::Disappeared, "absent"),
                ("c", DeviceChangeKind::Appeared, "ok"),
            ]
        );
        // A disappeared device's findings are not "resolved".
        let with = snapshot(
            vec![device("b", "ok")],
            vec![finding("b", "compliance.x", Severity::Warning, None)],
        );
        let gone = compare(None, &with, &snapshot(vec![], vec![]), Thresholds::DEFAULT);
        assert!(gone.resolved_findings.is_empty());
    }

    #[test]
    fn deadlines_crossing_warn_or_crit_days_are_reported_both_ways() {
        let at = |days| {
            snapshot(
                vec![device("a", "ok")],
                vec![finding("a", "deadline.next_ack", Severity::Ok, Some(days))],
            )
        };
        // 31 → 30 crosses warn (30 is a warning), 8 → 7 crosses crit, 20 → 10 crosses nothing.
        let c = compare(None, &at(31), &at(30), Thresholds::DEFAULT);
        assert_eq!(
            (c.deadlines[0].was_band, c.deadlines[0].band),
            (Severity::Ok, Severity::Warning)
        );
        let c = compare(None, &at(8), &at(7), Thresholds::DEFAULT);
        assert_eq!(
            (c.deadlines[0].was_band, c.deadlines[0].band),
            (Severity::Warning, Severity::Critical)
        );
        assert!(compare(None, &at(20), &at(10), Thresholds::DEFAULT)
            .deadlines
            .is_empty());
        // Renewed: critical back to ok.
        let c = compare(None, &at(-3), &at(365), Thresholds::DEFAULT);
        assert_eq!(
            (c.deadlines[0].was_band, c.deadlines[0].band),
            (Severity::Critical, Severity::Ok)
        );
        assert_eq!(c.deadlines[0].was_days_left, -3);
    }

    #[test]
    fn only_new_or_escalated_findings_of_info_and_above_are_new_or_escalated() {
        let prev = vec![
            finding("a", "compliance.x", Severity::Critical, None),
            finding("a", "deadline.y", Severity::Warning, Some(10)),
        ];
        let now = vec![
            finding("a", "compliance.x", Severity::Critical, None),
            finding("a", "deadline.y", Severity::Critical, Some(5)),
            finding("b", "transport.z", Severity::Warning, None),
            finding("b", "deadline.w", Severity::Ok, Some(90)),
        ];
        let ids: Vec<String> = new_or_escalated(&prev, &now)
            .into_iter()
            .map(|f| format!("{}/{}", f.device, f.rule_id))
            .collect();
        assert_eq!(ids, vec!["a/deadline.y", "b/transport.z"]);
        assert!(new_or_escalated(&now, &now).is_empty());
    }
}
