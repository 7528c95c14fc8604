//! IOS-XR 7.x usage collection and reporting timers (`show license platform summary`):
//! a scheduled run whose time has passed means the licensing jobs are not running
//! (SEED-SPEC F10).

use chrono::{DateTime, Duration, Utc};

use crate::device::Device;
use crate::finding::Severity;
use crate::rules::compliance::is_slp;
use crate::rules::{Findings, Rule};

use super::human_duration;

/// The next usage collection or reporting run is more than [`OVERDUE_GRACE_S`] in the past.
pub const COLLECTION_OVERDUE: Rule = Rule {
    id: "transport.collection_overdue",
    severity: Severity::Warning,
    meaning: "IOS-XR `show license platform summary` gives a `Collection:` or `Reporting:` `NEXT:` run more than 1 h before the audit clock: the licensing agent is not collecting or sending usage (timers move forward after every run; 1 h covers a run in progress while the output was captured and a clock a few minutes off, far less than a missed 15-minute collection cycle lasts). A reporting run more than 24 h late is compliance.report_overdue instead.",
    fix: "Check the transport towards CSSM / CSLU / SSM On-Prem (`show license platform detail`, `show license status`), the VRF, DNS and proxy; `license smart sync` forces a report; if the timers stay in the past, restart the licensing process (`process restart smartlicserver`) and check `show license events`.",
};

/// Grace past a scheduled run before it counts as missed, seconds.
pub const OVERDUE_GRACE_S: i64 = 3_600;

/// Beyond this lateness a reporting run is judged by compliance.report_overdue, seconds.
const REPORT_OVERDUE_S: i64 = 24 * 3_600;

/// Raises [`COLLECTION_OVERDUE`] once for the device, naming every overdue timer.
pub(super) fn check(device: &Device, f: &mut Findings<'_>) {
    let model = &device.model;
    let Some(timers) = &model.platform_timers else {
        return;
    };
    let now = f.ctx().now;
    let grace = Duration::seconds(OVERDUE_GRACE_S);
    let mut late: Vec<(&str, DateTime<Utc>)> = Vec::new();
    if let Some(next) = timers.collection_next.filter(|n| *n < now - grace) {
        late.push(("next collection", next));
    }
    if let Some(next) = timers.reporting_next.filter(|n| *n < now - grace) {
        // The same timer is `usage_reporting.next_report_push`; past a day it is that rule's.
        let reported_elsewhere = is_slp(device)
            && model
                .usage_reporting
                .as_ref()
                .and_then(|u| u.next_report_push)
                == Some(next)
            && next < now - Duration::seconds(REPORT_OVERDUE_S);
        if !reported_elsewhere {
            late.push(("next reporting", next));
        }
    }
    let Some(due) = late.iter().map(|(_, at)| *at).min() else {
        return;
    };
    let what: Vec<String> = late
        .iter()
        .map(|(name, at)| {
            format!(
                "{name} run {} UTC is {} overdue",
                at.format("%Y-%m-%d %H:%M"),
                human_duration((now - *at).num_seconds())
            )
        })
        .collect();
    let interval = timers
        .collection_interval_minutes
        .map(|m| format!(" (collection interval {m} min)"))
        .unwrap_or_default();
    f.raise_due(
        &COLLECTION_OVERDUE,
        Severity::Warning,
        due,
        format!(
            "{}{interval}: the licensing agent is not collecting or reporting usage",
            what.join("; ")
        ),
        COLLECTION_OVERDUE.fix,
    );
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::super::fixtures::{dev, ids, keys, one};
    use crate::finding::Severity;

    /// `show license platform summary` with these `NEXT:` timers (audit clock: 2026-11-23
    /// 12:00 UTC).
    fn summary(collection_next: &str, reporting_next: &str) -> String {
        format!(
            "RP/0/RP0/CPU0:xr7#show license platform summary\nCollection: LAST: Mon Nov 23 2026 08:00:00 UTC\n            NEXT: {collection_next}\nReporting:  LAST: Mon Nov 23 2026 08:00:00 UTC\n            NEXT: {reporting_next}\nParameters: Collection interval: 15 minute(s)\n            Reporting interval: 1440 minute(s)\nStatus: In compliance\nRP/0/RP0/CPU0:xr7#\n"
        )
    }

    fn device(collection_next: &str, reporting_next: &str) -> crate::device::Device {
        dev(
            Platform::IosXr,
            keys(&[], None),
            &[(
                Command::LicensePlatformSummary,
                &summary(collection_next, reporting_next),
            )],
        )
    }

    #[test]
    fn collection_next_in_the_past_is_overdue() {
        let d = device(
            "Mon Nov 23 2026 08:15:00 UTC",
            "Tue Nov 24 2026 08:00:00 UTC",
        );
        let f = one(&d, "transport.collection_overdue");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message
                .starts_with("next collection run 2026-11-23 08:15 UTC is 3 h 45 min overdue"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("collection interval 15 min"),
            "{}",
            f.message
        );
        assert_eq!(f.days_left, Some(-1));
    }

    #[test]
    fn collection_next_within_the_grace_hour_is_not_overdue() {
        let d = device(
            "Mon Nov 23 2026 11:05:00 UTC",
            "Tue Nov 24 2026 08:00:00 UTC",
        );
        assert!(!ids(&d)
            .iter()
            .any(|(id, _)| id == "transport.collection_overdue"));
    }

    #[test]
    fn reporting_next_hours_late_is_overdue_once_with_collection() {
        let d = device(
            "Mon Nov 23 2026 08:15:00 UTC",
            "Mon Nov 23 2026 09:00:00 UTC",
        );
        let f = one(&d, "transport.collection_overdue");
        assert!(
            f.message
                .contains("next reporting run 2026-11-23 09:00 UTC is 3 h 0 min overdue"),
            "{}",
            f.message
        );
    }

    #[test]
    fn reporting_a_day_late_is_left_to_report_overdue() {
        let d = device(
            "Mon Nov 23 2026 11:45:00 UTC",
            "Sat Nov 21 2026 08:00:00 UTC",
        );
        assert!(!ids(&d)
            .iter()
            .any(|(id, _)| id == "transport.collection_overdue"));
        let all = crate::rules::testing::findings_at(&d, crate::rules::testing::now());
        assert!(
            all.iter().any(|f| f.rule_id == "compliance.report_overdue"),
            "{all:#?}"
        );
    }
}
