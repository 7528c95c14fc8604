//! Deadline rules: what expires when. Every known deadline is emitted, far-away ones with
//! severity ok, so the reports can list each device's nearest deadlines; the `--warn-days` /
//! `--crit-days` thresholds decide the severity. Staleness rules (timers that should have moved
//! forward but did not) are warnings after a 24 h grace period (stale timers self-correct
//! within 24 h, 003 Guidelines).

use chrono::{DateTime, Duration, Utc};
use fleetlic_parsers::model::{
    AttemptResult, AuthorizationStatus, FeatureExpiry, FeatureStatus, RegistrationStatus,
};

use crate::device::Device;
use crate::finding::Severity;

use super::compliance::{attempt_word, day, failure_fix};
use super::{Findings, Rule};

/// `Registration Expires:` / IOS-XR `Next ID Cert Expiration Time:`.
pub const REGISTRATION_EXPIRY: Rule = Rule {
    id: "deadline.registration_expiry",
    severity: Severity::Warning,
    meaning: "The 1-year ID certificate (registration) expires then; once passed the device unregisters and CSSM deletes the product instance. Severity: critical within --crit-days or past, warning within --warn-days, ok otherwise.",
    fix: "Make sure the device reaches Cisco so the 6-monthly renewal succeeds: `license smart renew id`; once expired, register again with `license smart register idtoken <token> force`.",
};

/// ID certificate renewal is failing on a registered device.
pub const ID_CERT_RENEWAL_FAILING: Rule = Rule {
    id: "deadline.id_cert_renewal_failing",
    severity: Severity::Warning,
    meaning: "A registered device cannot renew its ID certificate (a failure reason is printed, the last renewal FAILED, or the next renewal attempt is more than 24 h in the past); critical within --crit-days of the registration expiry.",
    fix: "Fix the failure reason (call-home / transport reachability, or re-register if CSSM no longer knows the product instance), then `license smart renew id`; if it keeps failing, `license smart register idtoken <token> force`.",
};

/// `Communication Deadline:`.
pub const COMMUNICATION_DEADLINE: Rule = Rule {
    id: "deadline.communication_deadline",
    severity: Severity::Warning,
    meaning: "The 90-day authorization ends then unless the device talks to Cisco: the status becomes AUTHORIZATION EXPIRED and CSSM returns the licenses to the pool. Severity from --warn-days / --crit-days.",
    fix: "Make sure the device reaches Cisco (call-home / transport, DNS, proxy, VRF) and renew: `license smart renew auth`.",
};

/// `Next Communication Attempt:` more than a day in the past.
pub const COMMUNICATION_STALE: Rule = Rule {
    id: "deadline.communication_stale",
    severity: Severity::Warning,
    meaning: "The next authorization renewal attempt is more than 24 h in the past: the agent cannot reach Cisco (timers normally move forward).",
    fix: "Check call-home / transport reachability to Cisco (DNS, route, TCP/443, proxy, VRF, source interface), then `license smart renew auth`.",
};

/// SLP `Next ACK deadline:`.
pub const NEXT_ACK: Rule = Rule {
    id: "deadline.next_ack",
    severity: Severity::Warning,
    meaning: "Smart Licensing Using Policy: a usage report must be acknowledged by then (Cisco logs a warning 30 days before). Severity from --warn-days / --crit-days.",
    fix: "Report usage and get the ACK: `license smart sync all` (direct / CSLU / SSM On-Prem), or with transport off save the report, upload it to CSSM and import the ACK.",
};

/// Evaluation period remaining.
pub const EVALUATION: Rule = Rule {
    id: "deadline.evaluation",
    severity: Severity::Warning,
    meaning: "The 90-day usage-based evaluation period ends then (collection time + `Evaluation Period Remaining`); afterwards the device is in EVAL EXPIRED. Severity from --warn-days / --crit-days.",
    fix: "Register the device before then: `license smart register idtoken <token>`.",
};

/// NX-OS traditional licensing: a feature in use without an installed license file.
pub const GRACE_PERIOD: Rule = Rule {
    id: "deadline.grace_period",
    severity: Severity::Warning,
    meaning: "NX-OS traditional licensing: a feature package is `In use` without an installed license (`Ins` No), so it runs on the grace period (`Grace 89D 22H` in `show license usage`); when that ends the features it licenses are disabled. Deadline = collection time + grace left; severity from --warn-days / --crit-days, critical once expired (`Grace Expired`, or no time left); a warning when the grace left is not printed.",
    fix: "Install the license file for the package: copy it to the switch and `install license bootflash:<file>` (check with `show license usage`); or stop using the features it licenses (`no feature <name>`) before the grace period ends.",
};

/// NX-OS traditional licensing: an installed license file with an expiry date.
pub const LICENSE_FILE_EXPIRY: Rule = Rule {
    id: "deadline.license_file_expiry",
    severity: Severity::Warning,
    meaning: "NX-OS traditional licensing: an installed license file expires on the date in the `Expiry Date` column of `show license usage` (a calendar date without zone, taken as 00:00 UTC that day); afterwards features it licenses that are in use fall back to the grace period or stop. Severity from --warn-days / --crit-days.",
    fix: "Get a permanent or renewed license file (Cisco licensing portal, with the PAK and `show license host-id`) and `install license bootflash:<file>` before the date; or stop using the features it licenses (`no feature <name>`).",
};

/// Every deadline rule.
pub const RULES: &[Rule] = &[
    REGISTRATION_EXPIRY,
    ID_CERT_RENEWAL_FAILING,
    COMMUNICATION_DEADLINE,
    COMMUNICATION_STALE,
    NEXT_ACK,
    EVALUATION,
    GRACE_PERIOD,
    LICENSE_FILE_EXPIRY,
];

/// Raises the deadline findings of one device.
pub fn check(device: &Device, f: &mut Findings<'_>) {
    registration(device, f);
    authorization(device, f);
    ack(device, f);
    evaluation(device, f);
    traditional_features(device, f);
}

/// A date the device printed as a real deadline, not a "not set" placeholder
/// (`Communication Deadline: Jan 01 00:00:00 1970 UTC`).
fn real(date: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    date.filter(|d| d.timestamp() > 86_400)
}

fn registration(device: &Device, f: &mut Findings<'_>) {
    let Some(reg) = &device.model.registration else {
        return;
    };
    let now = f.ctx().now;
    let expires = real(reg.expires);
    if let Some(expires) = expires {
        f.deadline(
            &REGISTRATION_EXPIRY,
            expires,
            "Registration (1-year ID certificate) expiry",
        );
    }
    if reg.status != Some(RegistrationStatus::Registered) {
        return;
    }
    let stale = real(reg.next_renewal_attempt).filter(|d| *d < now - Duration::hours(24));
    let renewal_failed = reg
        .last_renewal_attempt
        .as_ref()
        .is_some_and(|a| a.result == AttemptResult::Failed);
    let mut why = Vec::new();
    if let Some(r) = &reg.failure_reason {
        why.push(format!("failure reason \"{}\"", r.text.trim()));
    }
    if renewal_failed {
        why.push("Last Renewal Attempt FAILED".to_string());
    }
    if let Some(d) = stale {
        why.push(format!(
            "next renewal attempt {} is {} days in the past",
            day(d),
            (now - d).num_days()
        ));
    }
    if why.is_empty() {
        return;
    }
    let why = why.join("; ");
    let fix = reg.failure_reason.as_ref().map_or_else(
        || ID_CERT_RENEWAL_FAILING.fix.to_string(),
        |r| failure_fix(r.kind).to_string(),
    );
    match expires {
        // A failing renewal is a warning however far the expiry; critical once it is close.
        Some(expires) => {
            let severity = f.ctx().deadline_severity(expires).max(Severity::Warning);
            let days = f.ctx().days_left(expires);
            let message = format!(
                "ID certificate renewal failing ({why}); registration expires {} ({days} days left)",
                day(expires)
            );
            f.raise_due(&ID_CERT_RENEWAL_FAILING, severity, expires, message, fix);
        }
        None => f.raise_with_fix(
            &ID_CERT_RENEWAL_FAILING,
            Severity::Warning,
            format!("ID certificate renewal failing: {why}"),
            fix,
        ),
    }
}

fn authorization(device: &Device, f: &mut Findings<'_>) {
    let Some(auth) = &device.model.authorization else {
        return;
    };
    if auth.status == Some(AuthorizationStatus::NotApplicable) {
        return;
    }
    let now = f.ctx().now;
    if let Some(deadline) = real(auth.communication_deadline) {
        f.deadline(
            &COMMUNICATION_DEADLINE,
            deadline,
            "Communication deadline (authorization expires, licenses return to the pool)",
        );
    }
    if let Some(next) = real(auth.next_communication).filter(|d| *d < now - Duration::hours(24)) {
        let last = match &auth.last_communication {
            Some(a) => match a.at {
                Some(at) => format!("; last attempt {} on {}", attempt_word(&a.result), day(at)),
                None => format!("; last attempt {}", attempt_word(&a.result)),
            },
            None => String::new(),
        };
        f.raise(
            &COMMUNICATION_STALE,
            Severity::Warning,
            format!(
                "Next Communication Attempt {} is {} days in the past: the agent is not reaching Cisco{last}",
                day(next),
                (now - next).num_days()
            ),
        );
    }
}

fn ack(device: &Device, f: &mut Findings<'_>) {
    let Some(usage) = &device.model.usage_reporting else {
        return;
    };
    if let Some(deadline) = real(usage.next_ack_deadline) {
        f.deadline(
            &NEXT_ACK,
            deadline,
            "Next ACK deadline (usage report acknowledgement due)",
        );
    }
}

fn evaluation(device: &Device, f: &mut Findings<'_>) {
    let Some(eval) = &device.model.evaluation else {
        return;
    };
    if !eval.in_use || eval.expired {
        return;
    }
    let Some(remaining) = eval.remaining_seconds else {
        return;
    };
    let from = device.collected_at.unwrap_or(f.ctx().now);
    if let Some(due) = after(from, remaining) {
        f.deadline(&EVALUATION, due, "End of the evaluation period");
    }
}

/// `from + seconds`, when representable.
fn after(from: DateTime<Utc>, seconds: u64) -> Option<DateTime<Utc>> {
    i64::try_from(seconds)
        .ok()
        .and_then(Duration::try_seconds)
        .and_then(|d| from.checked_add_signed(d))
}

/// NX-OS traditional feature table: grace periods of unlicensed features in use, and expiry
/// dates of installed license files.
fn traditional_features(device: &Device, f: &mut Findings<'_>) {
    let from = device.collected_at.unwrap_or(f.ctx().now);
    for feature in &device.model.features {
        let name = &feature.feature;
        let in_use = feature.status == Some(FeatureStatus::InUse);
        if in_use && feature.installed == Some(false) {
            let left = feature.grace_remaining_seconds.filter(|s| *s > 0);
            match left.and_then(|s| after(from, s)) {
                Some(due) if !feature.grace_expired => f.deadline(
                    &GRACE_PERIOD,
                    due,
                    &format!("End of the grace period of {name} (in use without a license)"),
                ),
                _ if feature.grace_expired => f.raise_due(
                    &GRACE_PERIOD,
                    Severity::Critical,
                    from,
                    format!(
                        "{name} is in use without a license and its grace period has expired ({})",
                        feature.comment.as_deref().unwrap_or("no time left")
                    ),
                    GRACE_PERIOD.fix,
                ),
                _ => f.raise(
                    &GRACE_PERIOD,
                    Severity::Warning,
                    format!(
                        "{name} is in use without a license (grace period; time left not printed)"
                    ),
                ),
            }
        }
        if feature.installed == Some(true) {
            if let Some(FeatureExpiry::On { date, printed }) = &feature.expiry {
                let due = date.and_time(chrono::NaiveTime::MIN).and_utc();
                let usage = if in_use { "in use" } else { "unused" };
                f.deadline(
                    &LICENSE_FILE_EXPIRY,
                    due,
                    &format!("Expiry of the {name} license file ({usage}; printed {printed:?})"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::*;
    use crate::device::AuditKeys;
    use crate::finding::Finding;
    use crate::rules::testing::{
        at, device, findings_at, now, nxos_sl_authorized, nxos_sl_status, one,
    };
    use crate::rules::{audit, Context};

    /// NX-OS seed 000 `show license status` with chosen dates.
    fn nxos_status(next_comm: &str, deadline: &str, expires: &str) -> Device {
        nxos_license_status(&nxos_sl_status(next_comm, deadline, expires))
    }

    fn nxos_license_status(text: &str) -> Device {
        device(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseStatus, text)],
        )
    }

    fn healthy() -> Device {
        nxos_license_status(&nxos_sl_authorized())
    }

    /// Every finding, ok ones included (the reports list the nearest deadlines).
    fn all_at(d: &Device, when: DateTime<Utc>) -> Vec<Finding> {
        audit(d, &Context::at(when))
    }

    fn none_of(findings: &[Finding], id: &str) {
        assert!(
            findings.iter().all(|f| f.rule_id != id),
            "{id} in {findings:?}"
        );
    }

    #[test]
    fn far_deadlines_are_emitted_as_ok_with_their_dates() {
        let got = all_at(&healthy(), now());
        let reg = one(&got, "deadline.registration_expiry");
        assert_eq!(reg.severity, Severity::Ok);
        assert_eq!(
            reg.due,
            Some(at(2027, 11, 1, 16) + Duration::seconds(13 * 60 + 53))
        );
        let comm = one(&got, "deadline.communication_deadline");
        assert_eq!(comm.severity, Severity::Ok);
        assert_eq!(comm.days_left, Some(87));
        // Nothing of warning and above on a healthy device.
        assert!(findings_at(&healthy(), now())
            .iter()
            .all(|f| !f.rule_id.starts_with("deadline.")));
    }

    #[test]
    fn communication_deadline_follows_the_thresholds() {
        let d = healthy();
        // Deadline Feb 18 2027: 20 days before is a warning, 5 days before and after critical.
        let warn = all_at(&d, at(2027, 1, 29, 12));
        let f = one(&warn, "deadline.communication_deadline");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.days_left, Some(20));
        assert!(f.message.contains("2027-02-18"), "{}", f.message);
        let crit = all_at(&d, at(2027, 2, 13, 12));
        assert_eq!(
            one(&crit, "deadline.communication_deadline").severity,
            Severity::Critical
        );
        let past = all_at(&d, at(2027, 2, 20, 12));
        let f = one(&past, "deadline.communication_deadline");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("passed"), "{}", f.message);
    }

    #[test]
    fn epoch_communication_deadline_is_not_a_deadline() {
        let d = nxos_status(
            "Dec 20 16:15:43 2026 UTC",
            "Jan 01 00:00:00 1970 UTC",
            "Nov 01 16:13:53 2027 UTC",
        );
        none_of(&all_at(&d, now()), "deadline.communication_deadline");
    }

    #[test]
    fn next_communication_more_than_a_day_past_is_stale() {
        let d = nxos_status(
            "Nov 20 10:00:00 2026 UTC",
            "Feb 18 16:12:55 2027 UTC",
            "Nov 01 16:13:53 2027 UTC",
        );
        let got = all_at(&d, now());
        let f = one(&got, "deadline.communication_stale");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.contains("2026-11-20 is 3 days in the past"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("last attempt SUCCEEDED on 2026-11-20"),
            "{}",
            f.message
        );
        // Twelve hours late is within the 24 h grace.
        none_of(
            &all_at(&d, at(2026, 11, 20, 22)),
            "deadline.communication_stale",
        );
        none_of(&all_at(&healthy(), now()), "deadline.communication_stale");
    }

    fn xr_renewal_failed() -> Device {
        device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(
                Command::LicenseRegisterStatus,
                "RP/0/RSP0/CPU0:asr9k-pe-01#admin show license register-status\nTue Jul  2 10:15:01.123 UTC\nRegistration Status: Completed\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nNext ID Cert Renew Time: Wed Dec 17 2014 21:01:28 PST\nNext ID Cert Expiration Time: Thu Dec 17 2015 13:01:41 PST\nLast Response Time: Wed Dec 17 2014 20:01:28 PST\nLast Response Message: Response error: {\"product_instance_identifier\": [\"Product\nInstance '8baecfb5-2688-429b-8519-10a3f0dec6b5' is not valid\"]}\nRP/0/RSP0/CPU0:asr9k-pe-01#\n",
            )],
        )
    }

    #[test]
    fn failing_id_cert_renewal_is_a_warning_then_critical_near_expiry() {
        let d = xr_renewal_failed();
        let early = all_at(&d, at(2015, 1, 10, 0));
        let f = one(&early, "deadline.id_cert_renewal_failing");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("is not valid"), "{}", f.message);
        assert!(
            f.message.contains("registration expires 2015-12-17"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("next renewal attempt 2014-12-18"),
            "{}",
            f.message
        );
        assert!(f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("license smart register idtoken <token> force"));
        assert_eq!(
            one(&early, "deadline.registration_expiry").severity,
            Severity::Ok
        );

        let late = all_at(&d, at(2015, 12, 12, 0));
        let f = one(&late, "deadline.id_cert_renewal_failing");
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.due, Some(at(2015, 12, 17, 21) + Duration::seconds(101)));
        assert_eq!(f.days_left, Some(5));
    }

    #[test]
    fn healthy_id_cert_renewal_raises_nothing() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(
                Command::LicenseRegisterStatus,
                "RP/0/RSP1/CPU0:ROA(admin)#show license register-status\nRegistration Status: Completed\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nNext ID Cert Renew Time: Mon Jun 15 2015 14:07:45 PST\nNext ID Cert Expiration Time: Thu Dec 17 2015 13:01:41 PST\nLast Response Time: Wed Dec 17 2014 13:07:45 PST\nLast Response Message: OK: OK\n",
            )],
        );
        none_of(
            &all_at(&d, at(2015, 1, 10, 0)),
            "deadline.id_cert_renewal_failing",
        );
        none_of(
            &all_at(&healthy(), now()),
            "deadline.id_cert_renewal_failing",
        );
    }

    #[test]
    fn next_ack_deadline_is_a_deadline() {
        let d = device(
            Platform::NxOs,
            AuditKeys::default(),
            &[(
                Command::LicenseStatus,
                "switch# show license status\nSmart Licensing using Policy:\n  Status: ENABLED\nTransport:\n  Type: CSLU\n  Cslu address: cslu-local\nPolicy:\n  Reporting ACK required: Yes\nUsage reporting:\n  Last ACK received: Dec 03 12:57:01 2025 UTC\n  Next ACK deadline: Dec 03 12:57:01 2026 UTC\n  Reporting push interval: 30 days\n  Next report push: Dec 03 12:57:01 2026 UTC\n  Last report push: Nov 03 12:57:01 2026 UTC\n",
            )],
        );
        let got = all_at(&d, now());
        let f = one(&got, "deadline.next_ack");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.days_left, Some(10));
        assert!(f.message.contains("Next ACK deadline"), "{}", f.message);
        assert!(f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("license smart sync all"));
        none_of(&all_at(&healthy(), now()), "deadline.next_ack");
    }

    #[test]
    fn evaluation_deadline_counts_from_collection_time() {
        let d = device(
            Platform::IosXe,
            AuditKeys::default(),
            &[(
                Command::LicenseStatus,
                "c3850#show license status\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED\n\nLicense Authorization:\n  Status: EVAL MODE\n  Evaluation Period Remaining: 5 days, 2 hours, 0 minutes, 0 seconds\n",
            )],
        );
        let got = all_at(&d, now());
        let f = one(&got, "deadline.evaluation");
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.due, Some(at(2026, 11, 28, 14)));
        assert_eq!(f.days_left, Some(5));
        assert!(
            f.message
                .contains("End of the evaluation period on 2026-11-28"),
            "{}",
            f.message
        );
        none_of(&all_at(&healthy(), now()), "deadline.evaluation");
    }

    /// An NX-OS traditional licensing device whose `show license usage` has these rows under
    /// the usual header (collected at [`now`]).
    fn nxos_traditional(rows: &str) -> Device {
        device(
            Platform::NxOs,
            AuditKeys::default(),
            &[(
                Command::LicenseUsage,
                &format!(
                    "switch# show license usage\nFeature                      Ins  Lic   Status Expiry Date Comments\n                                 Count\n--------------------------------------------------------------------------------\n{rows}--------------------------------------------------------------------------------\n"
                ),
            )],
        )
    }

    #[test]
    fn grace_period_in_use_without_license_is_warning() {
        let d = nxos_traditional(
            "ENTERPRISE_PKG                Yes   -   In use never       -\nLAN_ADVANCED_SERVICES_PKG     No    -   In use             Grace 20D 22H\n",
        );
        assert_eq!(
            d.model.mode,
            Some(fleetlic_parsers::model::LicensingMode::Traditional)
        );
        let got = all_at(&d, now());
        let f = one(&got, "deadline.grace_period");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.due, Some(at(2026, 12, 14, 10)));
        assert_eq!(f.days_left, Some(20));
        assert!(
            f.message
                .contains("grace period of LAN_ADVANCED_SERVICES_PKG (in use without a license) on 2026-12-14"),
            "{}",
            f.message
        );
        assert!(f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("install license bootflash:<file>"));
    }

    #[test]
    fn grace_period_follows_the_thresholds_from_collection_time() {
        let d = nxos_traditional("A_PKG  No  -  In use  Grace 89D 22H\n");
        assert_eq!(
            one(&all_at(&d, now()), "deadline.grace_period").severity,
            Severity::Ok
        );
        // Collected on Nov 23; 3 days before the end of the grace period it is critical.
        let late = all_at(&d, at(2027, 2, 18, 12));
        let f = one(&late, "deadline.grace_period");
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.due, Some(at(2027, 2, 21, 10)));
    }

    #[test]
    fn grace_expired_is_critical() {
        for comment in ["Grace Expired", "Grace 0D 0H"] {
            let d = nxos_traditional(&format!(
                "LAN_ENTERPRISE_SERVICES_PKG   No    -   In use             {comment}\n"
            ));
            let got = all_at(&d, now());
            let f = one(&got, "deadline.grace_period");
            assert_eq!(f.severity, Severity::Critical, "{comment}");
            assert!(f.message.contains("has expired"), "{}", f.message);
            assert_eq!(f.due, Some(now()));
        }
    }

    #[test]
    fn licensed_or_unused_features_have_no_grace_period() {
        let d = nxos_traditional(
            "ENTERPRISE_PKG                Yes   -   In use never       -\nMPLS_PKG                      No    -   Unused             -\nSTORAGE-ENT                   No    -   Unused             Grace 2D 1H\n",
        );
        let got = all_at(&d, now());
        none_of(&got, "deadline.grace_period");
        none_of(&got, "deadline.license_file_expiry");
    }

    #[test]
    fn in_use_without_license_and_no_grace_printed_is_warning() {
        let d = nxos_traditional("A_PKG                         No    -   In use             -\n");
        let got = all_at(&d, now());
        let f = one(&got, "deadline.grace_period");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.due, None);
    }

    #[test]
    fn installed_license_file_expiry_follows_the_thresholds() {
        let d = nxos_traditional(
            "ENTERPRISE_PKG                Yes   -   In use 05 Dec 2026  -\nLAN_ENTERPRISE_SERVICES_PKG   Yes   -   Unused 30 Sep 2027  -\n",
        );
        let got = all_at(&d, now());
        let hits: Vec<&Finding> = got
            .iter()
            .filter(|f| f.rule_id == "deadline.license_file_expiry")
            .collect();
        assert_eq!(hits.len(), 2, "{got:?}");
        assert_eq!(hits[0].severity, Severity::Warning);
        assert_eq!(hits[0].due, Some(at(2026, 12, 5, 0)));
        assert!(
            hits[0]
                .message
                .contains("ENTERPRISE_PKG license file (in use"),
            "{}",
            hits[0].message
        );
        assert_eq!(hits[1].severity, Severity::Ok);
        let past = all_at(&d, at(2026, 12, 6, 0));
        let f = one(
            &past
                .into_iter()
                .filter(|f| f.due == Some(at(2026, 12, 5, 0)))
                .collect::<Vec<_>>(),
            "deadline.license_file_expiry",
        )
        .clone();
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("passed"), "{}", f.message);
    }

    #[test]
    fn every_rule_documents_meaning_and_fix() {
        for rule in RULES {
            assert!(rule.id.starts_with("deadline."), "{}", rule.id);
            assert!(
                !rule.meaning.is_empty() && !rule.fix.is_empty(),
                "{}",
                rule.id
            );
        }
    }
}
