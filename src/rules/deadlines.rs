//! Deadline rules: what expires when. Every known deadline is emitted, far-away ones with
//! severity ok, so the reports can list each device's nearest deadlines; the `--warn-days` /
//! `--crit-days` thresholds decide the severity. Staleness rules (timers that should have moved
//! forward but did not) are warnings after a 24 h grace period (stale timers self-correct
//! within 24 h, 003 Guidelines).

use chrono::{DateTime, Duration, Utc};
use fleetlic_parsers::model::{AttemptResult, AuthorizationStatus, RegistrationStatus};

use crate::device::Device;
use crate::finding::Severity;

use super::compliance::{attempt_word, day, failure_fix};
use super::{Findings, Rule};

/// `Registration Expires:` / IOS-XR `Next ID Cert Expiration Time:`.
pub const REGISTRATION_EXPIRY: Rule = Rule {
    id: "deadline.registration_expiry",
    severity: Severity::Warning,
    meaning: "The 1-year ID certificate (registration) expires then; once passed the device unregisters and CSSM deletes the product instance. Severity: critical within --crit-days or past, warning within --warn-days, ok otherwise.",
    fix: "Make sure the device reaches Cisco so the 6-monthly renewal succeeds: `license smart renew ID`; once expired, register again with `license smart register idtoken <token> force`.",
};

/// ID certificate renewal is failing on a registered device.
pub const ID_CERT_RENEWAL_FAILING: Rule = Rule {
    id: "deadline.id_cert_renewal_failing",
    severity: Severity::Warning,
    meaning: "A registered device cannot renew its ID certificate (a failure reason is printed, the last renewal FAILED, or the next renewal attempt is more than 24 h in the past); critical within --crit-days of the registration expiry.",
    fix: "Fix the failure reason (call-home / transport reachability, or re-register if CSSM no longer knows the product instance), then `license smart renew ID`; if it keeps failing, `license smart register idtoken <token> force`.",
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

/// Every deadline rule.
pub const RULES: &[Rule] = &[
    REGISTRATION_EXPIRY,
    ID_CERT_RENEWAL_FAILING,
    COMMUNICATION_DEADLINE,
    COMMUNICATION_STALE,
    NEXT_ACK,
    EVALUATION,
];

/// Raises the deadline findings of one device.
pub fn check(device: &Device, f: &mut Findings<'_>) {
    registration(device, f);
    authorization(device, f);
    ack(device, f);
    evaluation(device, f);
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
            "Registration (1-year ID certificate) expires",
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
    match expires {
        Some(expires) if f.ctx().deadline_severity(expires) > Severity::Ok => {
            f.deadline(
                &ID_CERT_RENEWAL_FAILING,
                expires,
                &format!("ID certificate renewal failing ({why}); registration expires"),
            );
        }
        _ => {
            let until = expires
                .map(|d| format!("; registration expires {}", day(d)))
                .unwrap_or_default();
            let message = format!("ID certificate renewal failing: {why}{until}");
            match &reg.failure_reason {
                Some(r) => f.raise_with_fix(
                    &ID_CERT_RENEWAL_FAILING,
                    Severity::Warning,
                    message,
                    failure_fix(r.kind),
                ),
                None => f.raise(&ID_CERT_RENEWAL_FAILING, Severity::Warning, message),
            }
        }
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
    let due = i64::try_from(remaining)
        .ok()
        .and_then(Duration::try_seconds)
        .and_then(|d| from.checked_add_signed(d));
    if let Some(due) = due {
        f.deadline(&EVALUATION, due, "Evaluation period ends");
    }
}
