//! Compliance rules: registration, authorization, evaluation, SLP reporting and trust, license
//! states, IOS-XR compliance and the expected Smart/Virtual Account.
//!
//! Each rule reads the merged model of one device; a field the outputs did not print is never
//! taken as bad (a rule that cannot tell stays silent, the collection rules say what is missing).

use chrono::{DateTime, Duration, Utc};
use fleetlic_parsers::model::{
    AttemptResult, AuthorizationStatus, FailureKind, FailureReason, License, LicenseStatus,
    LicensingMode, RegistrationStatus, TransportKind,
};
use fleetlic_parsers::Platform;

use crate::device::Device;
use crate::finding::Severity;

use super::{Findings, Rule};

/// Classic Smart Licensing registration reads `UNREGISTERED` (IOS-XR `Not Registered`).
pub const UNREGISTERED: Rule = Rule {
    id: "compliance.unregistered",
    severity: Severity::Warning,
    meaning: "The device is not registered to a Smart Account (classic Smart Licensing); it runs on its evaluation period or, once that is used up, in EVAL EXPIRED.",
    fix: "Generate an ID token in the Smart Account's Virtual Account and register: `license smart register idtoken <token>` (call-home or the transport must reach Cisco or the On-Prem server first).",
};

/// Registration was rejected: `UNREGISTERED - REGISTRATION FAILED` or `Initial Registration: FAILED`.
pub const REGISTRATION_FAILED: Rule = Rule {
    id: "compliance.registration_failed",
    severity: Severity::Critical,
    meaning: "The last registration attempt failed; the device's `Failure reason:` names the cause (SEED-SPEC (d) 6, 20, 21, 22).",
    fix: "Depends on the failure reason: `Product Already Registered` -> `license smart register idtoken <token> force`; clock offset -> NTP or `clock set` + `clock calendar-valid`; transport not available -> `service call-home` and one active profile with `reporting smart-licensing-data`; `try again` -> new token, retry.",
};

/// `REGISTERING - REGISTRATION IN PROGRESS` for more than a day.
pub const REGISTRATION_STUCK: Rule = Rule {
    id: "compliance.registration_stuck",
    severity: Severity::Warning,
    meaning: "Registration has been retrying for more than a day (retries every 15 min for 4 h, then hourly); it will not finish on its own.",
    fix: "Read the `Failure reason:` and fix its cause (call-home, DNS, clock), then register again with a fresh token: `license smart register idtoken <token>` (add `force` if the product is already registered).",
};

/// Authorization `EVAL MODE`.
pub const EVAL_MODE: Rule = Rule {
    id: "compliance.eval_mode",
    severity: Severity::Warning,
    meaning: "The device uses its one-time 90-day (usage-based) evaluation period; it is not registered or not authorized.",
    fix: "Register the device before the evaluation period runs out: `license smart register idtoken <token>`.",
};

/// Authorization `EVAL EXPIRED`.
pub const EVAL_EXPIRED: Rule = Rule {
    id: "compliance.eval_expired",
    severity: Severity::Critical,
    meaning: "The evaluation period is used up and the device is not registered: it uses licenses without any entitlement (no functional impact, never reset).",
    fix: "Register the device: `license smart register idtoken <token>` (or migrate it to Smart Licensing Using Policy and report usage).",
};

/// Authorization `OUT OF COMPLIANCE`.
pub const OUT_OF_COMPLIANCE: Rule = Rule {
    id: "compliance.out_of_compliance",
    severity: Severity::Critical,
    meaning: "The Virtual Account lacks licenses the device uses (negative balance, missing licenses, or a token from the wrong Virtual Account); licenses keep working. On IOS-XR see compliance.xr_out_of_compliance.",
    fix: "Add or transfer the missing licenses to the device's Virtual Account in CSSM (or re-register with a token from the Virtual Account that holds them), then `license smart renew auth`.",
};

/// Authorization `AUTHORIZATION EXPIRED`.
pub const AUTHORIZATION_EXPIRED: Rule = Rule {
    id: "compliance.authorization_expired",
    severity: Severity::Critical,
    meaning: "The device has not talked to Cisco for more than 90 days: CSSM released its licenses to the pool; it retries hourly until the ID certificate expires.",
    fix: "Restore communication with Cisco (call-home / transport, DNS, proxy, VRF), then `license smart renew auth`; if the ID certificate expired, register again with `license smart register idtoken <token> force`.",
};

/// Authorization `NOT AUTHORIZED`.
pub const NOT_AUTHORIZED: Rule = Rule {
    id: "compliance.not_authorized",
    severity: Severity::Critical,
    meaning: "CSSM did not authorize the licenses the device uses.",
    fix: "Check the device's licenses in its Virtual Account in CSSM, add the missing ones, then `license smart renew auth`.",
};

/// A license / entitlement whose own status is bad.
pub const LICENSE_BAD_STATE: Rule = Rule {
    id: "compliance.license_bad_state",
    severity: Severity::Warning,
    meaning: "One license is in EVAL MODE or an unknown state (warning), or OUT OF COMPLIANCE, NOT AUTHORIZED, AUTHORIZATION EXPIRED or EVAL EXPIRED (critical). IOS-XR out-of-compliance entitlements are reported by compliance.xr_out_of_compliance.",
    fix: "Make sure the Virtual Account holds this license (entitlement tag) in the needed count, then `license smart renew auth`; remove the feature's configuration if it is not needed.",
};

/// `Last Communication Attempt: FAILED/PENDING` or `Last Renewal Attempt: FAILED`.
pub const LAST_ATTEMPT_FAILED: Rule = Rule {
    id: "compliance.last_attempt_failed",
    severity: Severity::Warning,
    meaning: "The last authorization renewal or ID certificate renewal failed or is still pending, even if the status still reads AUTHORIZED (002 Scenario #9): the deadlines keep running.",
    fix: "Fix the cause the `Failure reason:` names, then `license smart renew auth` (authorization) or `license smart renew id` (ID certificate).",
};

/// SLP: an ACK is required and none was ever received.
pub const SLP_NO_ACK: Rule = Rule {
    id: "compliance.slp_no_ack",
    severity: Severity::Warning,
    meaning: "Smart Licensing Using Policy requires a usage report acknowledgement and the device has never received one (`Last ACK received: <none>`).",
    fix: "Check the transport (`show license status` Transport:), then `license smart sync all`; with CSLU / SSM On-Prem sync them with CSSM; offline (`transport off`) save the usage report, upload it to CSSM and import the ACK.",
};

/// SLP: `Next report push` more than a day in the past.
pub const REPORT_OVERDUE: Rule = Rule {
    id: "compliance.report_overdue",
    severity: Severity::Warning,
    meaning: "The next usage report push is more than 24 h overdue (stale timers self-correct within 24 h): the device cannot report usage.",
    fix: "Check the transport, VRF, DNS and proxy towards CSSM / CSLU / SSM On-Prem, then `license smart sync all`; the push interval is `license smart usage interval <days>` (NX-OS).",
};

/// SLP connected directly to CSSM without a trust code.
pub const TRUST_CODE_MISSING: Rule = Rule {
    id: "compliance.trust_code_missing",
    severity: Severity::Warning,
    meaning: "A device connected directly to CSSM (transport smart or callhome) needs a trust code and has none (warning); on a dual-supervisor device one supervisor lacks it (info).",
    fix: "Generate a token in the Virtual Account and install the trust code on every supervisor: `license smart trust idtoken <token> all` (add `force` if one is already installed; the clocks must be within 1 h of CSSM).",
};

/// IOS-XR out of compliance.
pub const XR_OUT_OF_COMPLIANCE: Rule = Rule {
    id: "compliance.xr_out_of_compliance",
    severity: Severity::Critical,
    meaning: "IOS-XR reports `Compliance Status: Out of compliance` or entitlements in `Enforce Mode: Out of compliance` (honor-based, syslog only). Compliance is per pool: one device short of a license puts every device of the pool out of compliance (004 Odds and Ends 1).",
    fix: "Add the missing licenses to the device's Virtual Account / pool in CSSM (or move devices between pools), then check `admin show license entitlement` and `admin show license status`.",
};

/// IOS-XR compliance status qualified `(Grace period expired)`.
pub const GRACE_PERIOD_EXPIRED: Rule = Rule {
    id: "compliance.grace_period_expired",
    severity: Severity::Critical,
    meaning: "IOS-XR reports its compliance status with the qualifier `Grace period expired` (e.g. `Status: Out of compliance (Grace period expired)`): the out-of-compliance grace period is used up and features without a license are disabled at the next reload. Reported instead of compliance.xr_out_of_compliance for the same status, never besides it.",
    fix: "Before any reload: add the missing licenses to the device's Virtual Account / pool in CSSM and report usage (`license smart sync`, or fix the transport so the next report goes out), then check `show license platform summary` reads `In compliance`.",
};

/// The registration's Smart/Virtual Account is not the one the inventory expects.
pub const ACCOUNT_MISMATCH: Rule = Rule {
    id: "compliance.account_mismatch",
    severity: Severity::Warning,
    meaning: "The device is registered to another Smart Account or Virtual Account than the inventory expects (tokens from the wrong Virtual Account lead to OUT OF COMPLIANCE or trust failures).",
    fix: "Check the inventory's smart_account / virtual_account; if the device is wrong, register it with a token from the right Virtual Account: `license smart register idtoken <token> force` (SLP: `license smart trust idtoken <token> all force`).",
};

/// `Smart Licensing is DISABLED`.
pub const SMART_LICENSING_DISABLED: Rule = Rule {
    id: "compliance.smart_licensing_disabled",
    severity: Severity::Warning,
    meaning: "Smart Licensing is disabled on the device: its license use is not registered, authorized or reported.",
    fix: "Enable it in global configuration, `license smart enable` (IOS-XR: in admin config, then `commit`), and register the device: `license smart register idtoken <token>`.",
};

/// Every compliance rule.
pub const RULES: &[Rule] = &[
    UNREGISTERED,
    REGISTRATION_FAILED,
    REGISTRATION_STUCK,
    EVAL_MODE,
    EVAL_EXPIRED,
    OUT_OF_COMPLIANCE,
    AUTHORIZATION_EXPIRED,
    NOT_AUTHORIZED,
    LICENSE_BAD_STATE,
    LAST_ATTEMPT_FAILED,
    SLP_NO_ACK,
    REPORT_OVERDUE,
    TRUST_CODE_MISSING,
    XR_OUT_OF_COMPLIANCE,
    GRACE_PERIOD_EXPIRED,
    ACCOUNT_MISMATCH,
    SMART_LICENSING_DISABLED,
];

/// Raises the compliance findings of one device.
pub fn check(device: &Device, f: &mut Findings<'_>) {
    smart_licensing_disabled(device, f);
    registration(device, f);
    authorization(device, f);
    license_states(device, f);
    last_attempt(device, f);
    slp(device, f);
    xr(device, f);
    accounts(device, f);
}

/// `2026-11-23`.
pub(crate) fn day(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `SUCCEEDED`, `FAILED`, `PENDING` or the word as printed.
pub(crate) fn attempt_word(result: &AttemptResult) -> &str {
    match result {
        AttemptResult::Succeeded => "SUCCEEDED",
        AttemptResult::Failed => "FAILED",
        AttemptResult::Pending => "PENDING",
        AttemptResult::Other(w) => w.trim(),
    }
}

/// Whether the device runs Smart Licensing Using Policy.
pub(crate) fn is_slp(device: &Device) -> bool {
    device.model.mode == Some(LicensingMode::UsingPolicy)
}

/// Raises `rule` with the documented fix for the device's failure reason when it printed one,
/// else the rule's own fix.
pub(crate) fn raise_with_reason(
    f: &mut Findings<'_>,
    rule: &Rule,
    severity: Severity,
    message: String,
    reason: Option<&FailureReason>,
) {
    match reason {
        Some(r) => f.raise_with_fix(rule, severity, message, failure_fix(r.kind)),
        None => f.raise(rule, severity, message),
    }
}

/// The documented fix for a failure reason (SEED-SPEC (d)).
pub(crate) fn failure_fix(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::AlreadyRegistered => "The product is already registered in CSSM: register again with `license smart register idtoken <token> force` (force wipes the previous registration data; use it sparingly) [(d) 21].",
        FailureKind::RetryLater => "CSSM could not process the request: generate a new ID token in the Virtual Account and retry `license smart register idtoken <token>` [(d) 22].",
        FailureKind::ClockOffset => "The device clock is off beyond CSSM's tolerance: configure NTP (`ntp server <address>`) or set the clock with `clock set` plus `clock calendar-valid`, then register again [(d) 20].",
        FailureKind::TransportUnavailable => "Call-home is not usable: configure `service call-home` and exactly one active profile (CiscoTAC-1) with `reporting smart-licensing-data`; another active custom profile blocks it [(d) 6].",
        FailureKind::CallHomeSendFailed => "Call-home could not send: check DNS for tools.cisco.com (`ip host` or name servers in the VRF), the route and TCP/443, `ip http client source-interface`, the call-home VRF and an https:// DDCEService destination [(d) 8, 9].",
        FailureKind::WaitingForReply => "No reply, often the SLA-TrustPoint CRL fetch timing out: `crypto pki trustpoint SLA-TrustPoint` / `revocation-check none`, then `license smart renew auth` [(d) 15].",
        FailureKind::SignatureMismatch => "Data and signature do not match: `license smart deregister`, then `license smart register idtoken <token> force` [(d) 18].",
        FailureKind::ParseResponseFailed => "The destination uses http://, no longer supported by Cisco: use `https://tools.cisco.com/its/service/oddce/services/DDCEService` [(d) 1].",
        FailureKind::ProductInstanceInvalid => "The product instance no longer exists in CSSM: register again with a new token, `license smart register idtoken <token> force` [(d) 18].",
        FailureKind::Other => "Fix the cause the failure reason names (call-home / transport reachability, clock, account), then retry: `license smart renew auth`, or register again with `license smart register idtoken <token>`.",
    }
}

/// ` ("<text>")` for a failure reason, or nothing.
fn quoted(reason: Option<&FailureReason>) -> String {
    reason
        .map(|r| format!(": \"{}\"", r.text.trim()))
        .unwrap_or_default()
}

/// `12 days 4 hours` from seconds.
fn duration_words(seconds: u64) -> String {
    let days = seconds / 86_400;
    let hours = (seconds % 86_400) / 3_600;
    format!("{days} days {hours} hours")
}

/// A license as a report reader finds it: `name (TAG), position N`.
fn license_label(license: &License) -> String {
    let name = license.name.as_deref().map(str::trim).unwrap_or("");
    let tag = license
        .entitlement_tag
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    let id = match (name.is_empty(), tag.is_empty()) {
        (false, false) if name != tag => format!("{name} ({tag})"),
        (false, _) => name.to_string(),
        (true, false) => tag.to_string(),
        (true, true) => "unnamed license".to_string(),
    };
    format!("{id}, position {}", license.position)
}

/// The short name of a license (XR product name, else tag, else name).
fn license_short(license: &License) -> String {
    license
        .name
        .as_deref()
        .or(license.entitlement_tag.as_deref())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| format!("position {}", license.position))
}

fn status_words(status: &LicenseStatus) -> String {
    match status {
        LicenseStatus::Authorized => "AUTHORIZED".into(),
        LicenseStatus::EvalMode => "EVAL MODE".into(),
        LicenseStatus::EvalExpired => "EVAL EXPIRED".into(),
        LicenseStatus::InUse => "IN USE".into(),
        LicenseStatus::NotInUse => "NOT IN USE".into(),
        LicenseStatus::OutOfCompliance => "OUT OF COMPLIANCE".into(),
        LicenseStatus::NotAuthorized => "NOT AUTHORIZED".into(),
        LicenseStatus::AuthorizationExpired => "AUTHORIZATION EXPIRED".into(),
        LicenseStatus::Other(s) => s.trim().to_string(),
    }
}

/// Severity of a license status; `None` when the status is fine.
fn license_severity(status: &LicenseStatus) -> Option<Severity> {
    match status {
        LicenseStatus::Authorized | LicenseStatus::InUse | LicenseStatus::NotInUse => None,
        LicenseStatus::OutOfCompliance
        | LicenseStatus::NotAuthorized
        | LicenseStatus::AuthorizationExpired
        | LicenseStatus::EvalExpired => Some(Severity::Critical),
        LicenseStatus::EvalMode | LicenseStatus::Other(_) => Some(Severity::Warning),
    }
}

fn smart_licensing_disabled(device: &Device, f: &mut Findings<'_>) {
    if device.model.smart_licensing_enabled == Some(false) {
        f.raise(
            &SMART_LICENSING_DISABLED,
            Severity::Warning,
            "Smart Licensing is DISABLED: license use is neither registered nor reported",
        );
    }
}

fn registration(device: &Device, f: &mut Findings<'_>) {
    let Some(reg) = &device.model.registration else {
        return;
    };
    let now = f.ctx().now;
    let status = reg.status.as_ref();
    let initial_failed = reg
        .initial_registration
        .as_ref()
        .is_some_and(|a| a.result == AttemptResult::Failed);

    if status == Some(&RegistrationStatus::Unregistered) && !is_slp(device) {
        let eval = device
            .model
            .evaluation
            .as_ref()
            .and_then(|e| e.remaining_seconds.filter(|_| e.in_use))
            .map(|s| format!(" (evaluation period: {} left)", duration_words(s)))
            .unwrap_or_default();
        f.raise(
            &UNREGISTERED,
            Severity::Warning,
            format!("registration status is UNREGISTERED: not registered to a Smart Account{eval}"),
        );
    }

    let failed = status == Some(&RegistrationStatus::RegistrationFailed)
        || (initial_failed && status != Some(&RegistrationStatus::Registered));
    if failed {
        let when = reg
            .initial_registration
            .as_ref()
            .and_then(|a| a.at)
            .map(|d| format!(" on {}", day(d)))
            .unwrap_or_default();
        let words = if status == Some(&RegistrationStatus::Registering) {
            "REGISTERING - REGISTRATION IN PROGRESS after a failed initial registration"
        } else {
            "UNREGISTERED - REGISTRATION FAILED"
        };
        let reason = match &reg.failure_reason {
            Some(r) => format!("; failure reason: \"{}\"", r.text.trim()),
            None => "; no failure reason printed".to_string(),
        };
        let next = reg
            .next_registration_attempt
            .map(|d| format!("; next attempt {}", day(d)))
            .unwrap_or_default();
        let message = format!("registration failed{when} ({words}){reason}{next}");
        raise_with_reason(
            f,
            &REGISTRATION_FAILED,
            Severity::Critical,
            message,
            reg.failure_reason.as_ref(),
        );
    }

    if status == Some(&RegistrationStatus::Registering) {
        let since = reg.initial_registration.as_ref().and_then(|a| a.at);
        if let Some(since) = since.filter(|s| *s < now - Duration::days(1)) {
            let days = (now - since).num_days();
            f.raise(
                &REGISTRATION_STUCK,
                Severity::Warning,
                format!(
                    "REGISTERING - REGISTRATION IN PROGRESS since {} ({days} days){}",
                    day(since),
                    quoted(reg.failure_reason.as_ref())
                ),
            );
        }
    }
}

fn authorization(device: &Device, f: &mut Findings<'_>) {
    let model = &device.model;
    let auth = model.authorization.as_ref();
    let status = auth.and_then(|a| a.status.as_ref());
    let since = auth
        .and_then(|a| a.status_since)
        .map(|d| format!(" since {}", day(d)))
        .unwrap_or_default();
    let eval = model.evaluation.as_ref();

    let eval_expired =
        status == Some(&AuthorizationStatus::EvalExpired) || eval.is_some_and(|e| e.expired);
    if eval_expired {
        f.raise(
            &EVAL_EXPIRED,
            Severity::Critical,
            format!("authorization status is EVAL EXPIRED{since}: the evaluation period is used up and the device is not registered"),
        );
    } else if status == Some(&AuthorizationStatus::EvalMode) || eval.is_some_and(|e| e.in_use) {
        let left = match eval.and_then(|e| e.remaining_seconds) {
            Some(s) => format!("{} of evaluation left", duration_words(s)),
            None => "evaluation time left not printed".to_string(),
        };
        f.raise(
            &EVAL_MODE,
            Severity::Warning,
            format!("authorization status is EVAL MODE: {left}"),
        );
    }

    match status {
        Some(AuthorizationStatus::OutOfCompliance) if device.platform != Some(Platform::IosXr) => {
            let bad: Vec<String> = model
                .licenses
                .iter()
                .filter(|l| {
                    l.status
                        .as_ref()
                        .is_some_and(|s| license_severity(s).is_some())
                })
                .map(license_short)
                .collect();
            let which = if bad.is_empty() {
                String::new()
            } else {
                format!("; licenses not authorized: {}", bad.join(", "))
            };
            f.raise(
                &OUT_OF_COMPLIANCE,
                Severity::Critical,
                format!("authorization status is OUT OF COMPLIANCE{since}{which}"),
            );
        }
        Some(AuthorizationStatus::AuthorizationExpired) => f.raise(
            &AUTHORIZATION_EXPIRED,
            Severity::Critical,
            format!("authorization status is AUTHORIZATION EXPIRED{since}: no communication with Cisco for more than 90 days, CSSM released the licenses to the pool"),
        ),
        Some(AuthorizationStatus::NotAuthorized) => f.raise(
            &NOT_AUTHORIZED,
            Severity::Critical,
            format!("authorization status is NOT AUTHORIZED{since}"),
        ),
        _ => {}
    }
}

fn license_states(device: &Device, f: &mut Findings<'_>) {
    let xr =
        device.platform == Some(Platform::IosXr) || device.model.platform == Some(Platform::IosXr);
    for license in &device.model.licenses {
        let Some(status) = &license.status else {
            continue;
        };
        if xr && *status == LicenseStatus::OutOfCompliance {
            continue;
        }
        let Some(severity) = license_severity(status) else {
            continue;
        };
        let count = license
            .count
            .map(|c| format!(", count {c}"))
            .unwrap_or_default();
        f.raise(
            &LICENSE_BAD_STATE,
            severity,
            format!(
                "license {} is {}{count}",
                license_label(license),
                status_words(status)
            ),
        );
    }
}

fn last_attempt(device: &Device, f: &mut Findings<'_>) {
    let model = &device.model;
    if let Some(auth) = &model.authorization {
        if let Some(attempt) = &auth.last_communication {
            let word = match attempt.result {
                AttemptResult::Failed => Some("FAILED"),
                AttemptResult::Pending => Some("PENDING"),
                _ => None,
            };
            if let Some(word) = word {
                let when = attempt
                    .at
                    .map(|d| format!(" on {}", day(d)))
                    .unwrap_or_default();
                let status = match &auth.status {
                    Some(AuthorizationStatus::Authorized) => {
                        " while the status still reads AUTHORIZED"
                    }
                    _ => "",
                };
                let deadline = auth
                    .communication_deadline
                    .map(|d| format!("; communication deadline {}", day(d)))
                    .unwrap_or_default();
                let message = format!(
                    "last authorization renewal (Last Communication Attempt) {word}{when}{status}{}{deadline}",
                    quoted(auth.failure_reason.as_ref())
                );
                raise_with_reason(
                    f,
                    &LAST_ATTEMPT_FAILED,
                    Severity::Warning,
                    message,
                    auth.failure_reason.as_ref(),
                );
            }
        }
    }
    if let Some(reg) = &model.registration {
        if let Some(attempt) = &reg.last_renewal_attempt {
            if attempt.result == AttemptResult::Failed {
                let when = attempt
                    .at
                    .map(|d| format!(" on {}", day(d)))
                    .unwrap_or_default();
                let expires = reg
                    .expires
                    .map(|d| format!("; registration expires {}", day(d)))
                    .unwrap_or_default();
                let message = format!(
                    "last ID certificate renewal (Last Renewal Attempt) FAILED{when}{}{expires}",
                    quoted(reg.failure_reason.as_ref())
                );
                raise_with_reason(
                    f,
                    &LAST_ATTEMPT_FAILED,
                    Severity::Warning,
                    message,
                    reg.failure_reason.as_ref(),
                );
            }
        }
    }
}

fn slp(device: &Device, f: &mut Findings<'_>) {
    if !is_slp(device) {
        return;
    }
    let model = &device.model;
    let now = f.ctx().now;
    let usage = model.usage_reporting.as_ref();
    let ack_required = model.policy.as_ref().and_then(|p| p.reporting_ack_required) == Some(true);
    if let Some(u) = usage {
        if ack_required && u.last_ack_received.is_none() {
            let deadline = u
                .next_ack_deadline
                .map(|d| format!("; next ACK deadline {}", day(d)))
                .unwrap_or_default();
            let pushed = match u.last_report_push {
                Some(d) => format!("; last report push {}", day(d)),
                None => "; no report ever pushed".to_string(),
            };
            f.raise(
                &SLP_NO_ACK,
                Severity::Warning,
                format!("Reporting ACK required but Last ACK received is <none>{pushed}{deadline}"),
            );
        }
        if let Some(next) = u.next_report_push {
            if next < now - Duration::hours(24) {
                let last = match u.last_report_push {
                    Some(d) => format!(" (last report push {})", day(d)),
                    None => " (no report ever pushed)".to_string(),
                };
                f.raise(
                    &REPORT_OVERDUE,
                    Severity::Warning,
                    format!(
                        "Next report push {} is {} days overdue{last}: usage reports are not being sent",
                        day(next),
                        (now - next).num_days()
                    ),
                );
            }
        }
    }

    let kind = model.transport.as_ref().and_then(|t| t.kind.as_ref());
    let direct = match kind {
        Some(TransportKind::Smart) => Some("smart"),
        Some(TransportKind::Callhome) => Some("callhome"),
        _ => None,
    };
    if let Some(kind) = direct {
        match &model.trust_code {
            Some(tc) if !tc.installed && tc.units.iter().all(|u| u.installed_at.is_none()) => {
                f.raise(
                    &TRUST_CODE_MISSING,
                    Severity::Warning,
                    format!("transport {kind} connects directly to CSSM but Trust Code installed is <none>"),
                );
            }
            Some(tc) => {
                let missing: Vec<String> = tc
                    .units
                    .iter()
                    .filter(|u| u.installed_at.is_none())
                    .map(|u| {
                        let sn = u
                            .serial
                            .as_deref()
                            .map(|s| format!(" (SN {s})"))
                            .unwrap_or_default();
                        format!("{}{sn}", u.role)
                    })
                    .collect();
                if tc.units.len() >= 2 && !missing.is_empty() {
                    f.raise(
                        &TRUST_CODE_MISSING,
                        Severity::Info,
                        format!(
                            "trust code installed, but not on {}: each supervisor needs its own trust code",
                            missing.join(", ")
                        ),
                    );
                }
            }
            None if usage.is_some() => f.raise(
                &TRUST_CODE_MISSING,
                Severity::Warning,
                format!("transport {kind} connects directly to CSSM but no trust code is shown"),
            ),
            None => {}
        }
    }
}

fn xr(device: &Device, f: &mut Findings<'_>) {
    let model = &device.model;
    if device.platform != Some(Platform::IosXr) && model.platform != Some(Platform::IosXr) {
        return;
    }
    let grace_expired = model
        .compliance_qualifier
        .as_deref()
        .is_some_and(says_grace_period_expired);
    let compliance_ooc = grace_expired
        || model.compliance == Some(fleetlic_parsers::model::ComplianceStatus::OutOfCompliance);
    let auth_ooc = model.authorization.as_ref().and_then(|a| a.status.as_ref())
        == Some(&AuthorizationStatus::OutOfCompliance);
    let ooc: Vec<String> = model
        .licenses
        .iter()
        .filter(|l| l.status == Some(LicenseStatus::OutOfCompliance))
        .map(|l| match l.requested_count.or(l.count) {
            Some(n) => format!("{} (count {n})", license_short(l)),
            None => license_short(l),
        })
        .collect();
    if !compliance_ooc && !auth_ooc && ooc.is_empty() {
        return;
    }
    let mut message = if compliance_ooc {
        let status = match &model.compliance {
            Some(fleetlic_parsers::model::ComplianceStatus::Other(word)) => word.clone(),
            _ => "Out of compliance".to_string(),
        };
        match &model.compliance_qualifier {
            Some(q) => format!("Compliance Status: {status} ({q})"),
            None => format!("Compliance Status: {status}"),
        }
    } else if auth_ooc {
        "authorization status is OUT OF COMPLIANCE".to_string()
    } else {
        "entitlements out of compliance".to_string()
    };
    if !ooc.is_empty() {
        message.push_str(&format!(
            "; {} entitlement(s) out of compliance: {}",
            ooc.len(),
            ooc.join(", ")
        ));
    }
    match &model.assigned_pool {
        Some(pool) => message.push_str(&format!(
            "; pool {pool}: compliance is per pool, one device short puts every device of the pool out of compliance"
        )),
        // Smart Licensing Using Policy (XR 7.x) has no pools.
        None if model.mode == Some(LicensingMode::UsingPolicy) => {}
        None => message.push_str(
            "; compliance is per pool: check the other devices of its pool (admin show license pool)",
        ),
    }
    if let Some(text) = &model.compliance_explanation {
        message.push_str(&format!("; device says: {text}"));
    }
    // One fact, one finding: an expired grace period is the out-of-compliance state at its
    // worst, so it replaces the plain out-of-compliance finding.
    let rule = if grace_expired {
        &GRACE_PERIOD_EXPIRED
    } else {
        &XR_OUT_OF_COMPLIANCE
    };
    f.raise(rule, Severity::Critical, message);
}

/// `Grace period expired`, `grace-period EXPIRED`, `Grace Period: Expired`: a qualifier naming
/// the grace period as expired, in any case or spacing.
fn says_grace_period_expired(qualifier: &str) -> bool {
    let words: String = qualifier
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    words.contains("grace period") && words.contains("expired")
}

fn same_account(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn accounts(device: &Device, f: &mut Findings<'_>) {
    let Some(reg) = &device.model.registration else {
        return;
    };
    let mut diffs = Vec::new();
    let pairs = [
        (
            "Smart Account",
            device.keys.smart_account.as_deref(),
            reg.smart_account.as_deref(),
        ),
        (
            "Virtual Account",
            device.keys.virtual_account.as_deref(),
            reg.virtual_account.as_deref(),
        ),
    ];
    for (label, want, have) in pairs {
        if let (Some(want), Some(have)) = (want, have) {
            if !want.trim().is_empty() && !same_account(want, have) {
                diffs.push(format!(
                    "{label} is \"{}\", the inventory expects \"{}\"",
                    have.trim(),
                    want.trim()
                ));
            }
        }
    }
    if !diffs.is_empty() {
        f.raise(&ACCOUNT_MISMATCH, Severity::Warning, diffs.join("; "));
    }
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::Command;

    use super::*;
    use crate::device::AuditKeys;
    use crate::finding::Finding;
    use crate::rules::testing::{at, device, findings_at, now, nxos_sl_authorized, one, raised};

    /// NX-OS seed 000 `show license status` with its trailing conversion block, dates moved to
    /// just before [`now`].
    fn nxos_authorized() -> String {
        nxos_sl_authorized()
            + "
Smart License Conversion:
Automatic Conversion Enabled: False
Status: Not started
"
    }

    /// NX-OS seed 003 SLP `show license status` (callhome, trust code on both supervisors),
    /// dates moved to just before [`now`].
    const NXOS_SLP_HEALTHY: &str = "Device# show license status

Utility:
  Status: DISABLED

Smart Licensing using Policy:
  Status: ENABLED

Transport:
  Type: Callhome

Policy:
  Policy in use: Merged from multiple sources
  Reporting ACK required: Yes
  Unenforced/Non-Export:
    First report requirement (days): 90 (CISCO default)
    Ongoing reporting frequency (days): 365 (CISCO default)
    On change reporting (days): 90 (CISCO default)

Miscellaneous:
  Custom Id: <empty>

Usage reporting:
  Last ACK received: Nov 16 15:22:31 2026 UTC
  Next ACK deadline: Nov 16 15:22:31 2027 UTC
  Reporting push interval: 30 days
  Next ACK push check: <none>
  Next report push: Dec 16 15:18:28 2026 UTC
  Last report push: Nov 16 15:18:28 2026 UTC
  Last report file write: <none>

Trust Code installed: Nov 16 15:15:47 2026 UTC
  Active: PID: N9K-C9504, SN: FOX2308PCEN
        Nov 16 15:15:47 2026 UTC
  Standby: PID: N9K-C9504, SN: FOX2308PCEQ
        Nov 16 15:15:47 2026 UTC
";

    fn nxos(command: Command, text: &str) -> Device {
        device(Platform::NxOs, AuditKeys::default(), &[(command, text)])
    }

    fn iosxe(command: Command, text: &str) -> Device {
        device(Platform::IosXe, AuditKeys::default(), &[(command, text)])
    }

    fn compliance_only(d: &Device, when: DateTime<Utc>) -> Vec<Finding> {
        findings_at(d, when)
            .into_iter()
            .filter(|f| f.rule_id.starts_with("compliance."))
            .collect()
    }

    fn ids(d: &Device, when: DateTime<Utc>) -> Vec<String> {
        raised(d, when).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn authorized_device_raises_no_compliance_finding() {
        let d = nxos(Command::LicenseStatus, &nxos_authorized());
        assert_eq!(compliance_only(&d, now()), []);
    }

    #[test]
    fn healthy_slp_device_raises_no_compliance_finding() {
        let d = nxos(Command::LicenseStatus, NXOS_SLP_HEALTHY);
        assert_eq!(compliance_only(&d, now()), []);
    }

    #[test]
    fn unregistered_eval_device_warns_with_the_time_left() {
        // 002 Scenario #8 lines (`show license all`).
        let d = iosxe(
            Command::LicenseAll,
            "Registration:\nStatus: UNREGISTERED\nSmart Account: Example Account\nExport-Controlled Functionality: ALLOWED\n\nLicense Authorization:\nStatus: EVAL MODE\nEvaluation Period Remaining: 65 days, 18 hours, 43 minutes, 0 seconds\n",
        );
        let got = compliance_only(&d, now());
        let unreg = one(&got, "compliance.unregistered");
        assert_eq!(unreg.severity, Severity::Warning);
        assert!(
            unreg.message.contains("65 days 18 hours"),
            "{}",
            unreg.message
        );
        let eval = one(&got, "compliance.eval_mode");
        assert_eq!(eval.severity, Severity::Warning);
        assert!(eval.message.contains("65 days"), "{}", eval.message);
        assert!(!ids(&d, now()).contains(&"compliance.eval_expired".to_string()));
    }

    #[test]
    fn registration_failed_already_registered_is_critical_with_the_force_fix() {
        let d = iosxe(
            Command::LicenseStatus,
            "c9500-core-01#show license status\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED - REGISTRATION FAILED\n  Export-Controlled Functionality: NOT ALLOWED\n  Initial Registration: FAILED on Oct 22 14:25:31 2018 EST\n    Failure reason: Product Already Registered\n  Next Registration Attempt: Oct 22 14:45:34 2018 EST\n\nLicense Authorization:\n  Status: EVAL MODE\n  Evaluation Period Remaining: 68 days, 10 hours, 4 minutes, 12 seconds\n",
        );
        let got = compliance_only(&d, now());
        let f = one(&got, "compliance.registration_failed");
        assert_eq!(f.severity, Severity::Critical);
        assert!(
            f.message.contains("\"Product Already Registered\""),
            "{}",
            f.message
        );
        assert!(f.message.contains("2018-10-22"), "{}", f.message);
        let fix = f.fix.as_deref().unwrap_or_default();
        assert!(
            fix.contains("license smart register idtoken <token> force"),
            "{fix}"
        );
        // UNREGISTERED - REGISTRATION FAILED is not the plain UNREGISTERED state.
        assert!(got.iter().all(|f| f.rule_id != "compliance.unregistered"));
    }

    #[test]
    fn registration_failed_fix_follows_the_failure_reason() {
        let cases = [
            (
                "Registration:\nStatus: UNREGISTERED - REGISTRATION FAILED\nExport-Controlled Functionality: Not Allowed\nInitial Registration: FAILED on Mar 09 21:42:02 2019 CST\nFailure reason: Communication transport not available.\n",
                "service call-home",
            ),
            (
                "Registration:\nStatus: REGISTERING - REGISTRATION IN PROGRESS\nExport-Controlled Functionality: NotAllowed\nInitial Registration: FAILED on Nov 11 17:55:46 2018 EST\nFailure reason: {\"timestamp\":[\"The device date '1526135268653' is offset beyond the allowed tolerance limit.\"]}\nNext Registration Attempt: Nov 11 18:12:17 2018 EST\n",
                "clock calendar-valid",
            ),
            (
                "Registration:\nStatus: REGISTERING - REGISTRATION IN PROGRESS\nExport-Controlled Functionality: NotAllowed\nInitial Registration: FAILED on Oct 24 15:55:26 2018 EST\nFailure reason: Your request could not be processed right now. Please try again\nNext Registration Attempt: Oct 24 16:12:15 2018 EST\n",
                "new ID token",
            ),
        ];
        for (text, fix) in cases {
            let got = compliance_only(&iosxe(Command::LicenseAll, text), now());
            let f = one(&got, "compliance.registration_failed");
            assert_eq!(f.severity, Severity::Critical);
            assert!(f.fix.as_deref().unwrap_or_default().contains(fix), "{f:?}");
        }
    }

    #[test]
    fn registration_in_progress_for_days_is_stuck_but_not_in_its_first_day() {
        let text = |date: &str| {
            format!("Registration:\nStatus: REGISTERING - REGISTRATION IN PROGRESS\nExport-Controlled Functionality: NotAllowed\nInitial Registration: FAILED on {date}\nFailure reason: Your request could not be processed right now. Please try again\n")
        };
        let old = iosxe(Command::LicenseAll, &text("Nov 10 15:55:26 2026 UTC"));
        let got = compliance_only(&old, now());
        let f = one(&got, "compliance.registration_stuck");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.contains("since 2026-11-10 (12 days)"),
            "{}",
            f.message
        );
        assert!(f.message.contains("Please try again"), "{}", f.message);

        let fresh = iosxe(Command::LicenseAll, &text("Nov 23 10:00:00 2026 UTC"));
        assert!(!ids(&fresh, now()).contains(&"compliance.registration_stuck".to_string()));
    }

    #[test]
    fn eval_expired_is_critical() {
        let d = nxos(
            Command::LicenseStatus,
            "leaf-07# show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: UNREGISTERED\n  Smart Account: N/A\n  Virtual Account: [Not Available]\n  Export-Controlled Functionality: Not Allowed\n  Next Renewal Attempt: Expired Not Rescheduled\n\nLicense Authorization:\n  Status: EVAL EXPIRED on Feb 11 08:30:00 2022 CST\n  Evaluation Period Remaining: 0 days, 0 hours, 0 minutes, 0 seconds\n  Next Communication Attempt: Not yet set up\n",
        );
        let got = compliance_only(&d, now());
        let f = one(&got, "compliance.eval_expired");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("since 2022-02-11"), "{}", f.message);
        assert!(got.iter().all(|f| f.rule_id != "compliance.eval_mode"));
        // No evaluation deadline once it is used up.
        assert!(!ids(&d, now()).contains(&"deadline.evaluation".to_string()));
    }

    #[test]
    fn out_of_compliance_names_the_unauthorized_licenses() {
        let d = nxos(
            Command::LicenseSummary,
            "n7k-agg-01# show license summary\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: Acme Networks, Inc.\n  Virtual Account: Campus\n  Export-Controlled Functionality: Allowed\n\nLicense Authorization:\n  Status: OUT OF COMPLIANCE on Nov 03 07:12:45 2026 UTC\n  Last Communication Attempt: SUCCEEDED\n  Next Communication Attempt: Dec 03 07:12:45 2026 UTC\n  Communication Deadline: Feb 01 07:09:33 2027 UTC\n\nLicense Usage:\nLicense                               Entitlement tag                                Count      Status\nLAN license for Nexus 9... (LAN_ENTERPRISE_SERVICES_PKG) 2 OUT OF COMPLIANCE\nNetwork Services for Ne... (NETWORK_SERVICES_PKG) 1 AUTHORIZED\nFAB License for Nexus 9... (VPN_FABRIC)                 1          OUT OF COMPLIANCE\n",
        );
        let got = compliance_only(&d, now());
        let f = one(&got, "compliance.out_of_compliance");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("since 2026-11-03"), "{}", f.message);
        assert!(!f.message.contains("NETWORK_SERVICES_PKG"), "{}", f.message);
        let bad: Vec<&Finding> = got
            .iter()
            .filter(|f| f.rule_id == "compliance.license_bad_state")
            .collect();
        assert_eq!(bad.len(), 2, "{got:?}");
        assert!(bad.iter().all(|f| f.severity == Severity::Critical));
        assert!(
            bad[0]
                .message
                .contains("(LAN_ENTERPRISE_SERVICES_PKG), position 0"),
            "{}",
            bad[0].message
        );
        assert!(bad[1].message.contains("VPN_FABRIC"), "{}", bad[1].message);
        assert!(
            bad[1].message.contains("OUT OF COMPLIANCE"),
            "{}",
            bad[1].message
        );
    }

    #[test]
    fn authorization_expired_is_critical_and_the_failed_renewals_are_reported() {
        let d = nxos(
            Command::LicenseStatus,
            "n9k-core-02# show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: Acme Networks, Inc.\n  Virtual Account: DC-East\n  Export-Controlled Functionality: Allowed\n  Initial Registration: SUCCEEDED on Mar 02 10:11:12 2022 EST\n  Last Renewal Attempt: FAILED on Sep 01 10:11:12 2022 EDT\n  Next Renewal Attempt: Sep 01 11:11:12 2022 EDT\n  Registration Expires: Mar 02 10:09:40 2023 EST\n\nLicense Authorization:\n  Status: AUTHORIZATION EXPIRED on Jun 05 09:00:01 2022 EDT\n  Last Communication Attempt: FAILED on Sep 01 09:59:59 2022 EDT\n  Failure reason: Fail to send out Call Home HTTP message.\n  Next Communication Attempt: Sep 01 10:59:59 2022 EDT\n  Communication Deadline: Jan 01 00:00:00 1970 UTC\n",
        );
        let when = at(2022, 9, 1, 16);
        let got = compliance_only(&d, when);
        assert_eq!(
            one(&got, "compliance.authorization_expired").severity,
            Severity::Critical
        );
        let last: Vec<&Finding> = got
            .iter()
            .filter(|f| f.rule_id == "compliance.last_attempt_failed")
            .collect();
        assert_eq!(last.len(), 2, "{got:?}");
        assert!(last[0]
            .message
            .contains("Fail to send out Call Home HTTP message."));
        assert!(last.iter().any(|f| f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("ip http client source-interface")));
        assert!(last
            .iter()
            .any(|f| f.message.contains("Last Renewal Attempt")));
    }

    #[test]
    fn not_authorized_is_critical() {
        let d = iosxe(
            Command::LicenseStatus,
            "r1#show license status\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: Acme\n  Virtual Account: WAN\n\nLicense Authorization:\n  Status: NOT AUTHORIZED on Nov 20 10:00:00 2026 UTC\n",
        );
        let got = compliance_only(&d, now());
        let f = one(&got, "compliance.not_authorized");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("2026-11-20"));
        let healthy = nxos(Command::LicenseStatus, &nxos_authorized());
        assert!(!ids(&healthy, now()).contains(&"compliance.not_authorized".to_string()));
    }

    #[test]
    fn eval_mode_licenses_are_warnings_each() {
        let d = nxos(
            Command::LicenseSummary,
            "PGBL-FX2-203(config)# show license summary\nRegistration:\n  Status: UNREGISTERED\n  Smart Account: VDANI-ON-PREM-004\n  Virtual Account: Default\n  Export-Controlled Functionality: Allowed\n\nLicense Authorization:\n  Status: EVAL MODE\n  Evaluation Period Remaining: 86 days, 11 hours, 49 minutes, 6 seconds\n\nLicense Usage:\nLicense                               Entitlement tag                                Count      Status\n<empty>                               (LAN_ENTERPRISE_SERVICES_PKG)                  1          EVAL MODE\n<empty>                               (NETWORK_SERVICES_PKG)                         1          EVAL MODE\n<empty>                               (VPN_FABRIC)                                   1          EVAL MODE\n",
        );
        let got = compliance_only(&d, now());
        let bad: Vec<&Finding> = got
            .iter()
            .filter(|f| f.rule_id == "compliance.license_bad_state")
            .collect();
        assert_eq!(bad.len(), 3, "{got:?}");
        assert!(bad.iter().all(|f| f.severity == Severity::Warning));
        assert!(
            bad[2]
                .message
                .contains("VPN_FABRIC, position 2 is EVAL MODE"),
            "{}",
            bad[2].message
        );
    }

    #[test]
    fn failed_renewal_while_authorized_is_a_warning_with_the_signature_fix() {
        // 002 Scenario #9.
        let d = iosxe(
            Command::LicenseAll,
            "License Authorization:\nStatus: AUTHORIZED on Mar 12 09:17:45 2020 EDT\nLast Communication Attempt: FAILED on Mar 12 09:17:45 2020 EDT\nFailure reason: Data and signature do not match\nNext Communication Attempt: Mar 12 09:18:15 2020 EDT\nCommunication Deadline: May 09 21:22:43 2020 EDT\n",
        );
        let got = compliance_only(&d, at(2020, 3, 12, 14));
        let f = one(&got, "compliance.last_attempt_failed");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.contains("still reads AUTHORIZED"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("Data and signature do not match"),
            "{}",
            f.message
        );
        assert!(f.message.contains("2020-05-10"), "{}", f.message);
        assert!(f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("license smart deregister"));
    }

    #[test]
    fn pending_renewal_waiting_for_reply_points_at_the_crl_fetch() {
        let d = iosxe(
            Command::LicenseAll,
            "License Authorization:\nStatus: OUT OF COMPLIANCE on Jul 26 09:24:09 2018 UTC\nLast Communication Attempt: PENDING on Aug 02 14:34:51 2018 UTC\nFailure reason: Waiting for reply\nNext Communication Attempt: Aug 02 14:53:58 2018 UTC\nCommunication Deadline: Oct 25 09:21:39 2018 UTC\n",
        );
        let got = compliance_only(&d, at(2018, 8, 2, 15));
        let f = one(&got, "compliance.last_attempt_failed");
        assert!(f.message.contains("PENDING on 2018-08-02"), "{}", f.message);
        assert!(f
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("revocation-check none"));
    }

    #[test]
    fn slp_without_ack_or_trust_code_and_an_old_report_push_is_flagged() {
        let d = nxos(
            Command::LicenseStatus,
            "PGBL-FX2-210# show license status   \n\nUtility:   \n  Status: DISABLED\n\nSmart Licensing using Policy:\n  Status: ENABLED\n\nTransport:   \n  Type: Callhome\n\nPolicy:\n  Policy in use: Merged from multiple sources\n  Reporting ACK required: Yes\n\nMiscellaneous:\n  Custom Id: <empty>\n\nUsage reporting:\n  Last ACK received: <none>\n  Next ACK deadline: Nov 15 02:51:57 2023 UTCReporting push interval: 30 days\n  Next ACK push check: <none>\n  Next report push: Aug 18 09:39:14 2023\nUTC\n  Last report push: <none>\n  Last report file write: <none>\n\nTrust Code installed: <none>\n",
        );
        let got = compliance_only(&d, at(2023, 9, 1, 0));
        let ack = one(&got, "compliance.slp_no_ack");
        assert_eq!(ack.severity, Severity::Warning);
        assert!(
            ack.message.contains("next ACK deadline 2023-11-15"),
            "{}",
            ack.message
        );
        let overdue = one(&got, "compliance.report_overdue");
        assert!(
            overdue.message.contains("2023-08-18 is 13 days overdue"),
            "{}",
            overdue.message
        );
        let trust = one(&got, "compliance.trust_code_missing");
        assert_eq!(trust.severity, Severity::Warning);
        assert!(trust.message.contains("callhome"), "{}", trust.message);
        assert!(trust
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("license smart trust idtoken <token> all"));
        // SLP has no registration: not "unregistered".
        assert!(got.iter().all(|f| f.rule_id != "compliance.unregistered"));
    }

    #[test]
    fn report_push_less_than_a_day_late_is_within_grace() {
        let d = nxos(Command::LicenseStatus, NXOS_SLP_HEALTHY);
        // Next report push Dec 16 15:18 2026; 20 h later is still within the 24 h grace.
        assert!(compliance_only(&d, at(2026, 12, 17, 11)).is_empty());
        let late = compliance_only(&d, at(2026, 12, 18, 11));
        assert_eq!(
            one(&late, "compliance.report_overdue").severity,
            Severity::Warning
        );
    }

    #[test]
    fn trust_code_is_not_needed_behind_cslu_and_info_when_a_supervisor_lacks_it() {
        let slp = |kind: &str| {
            format!(" n9k-dc2-01# show license status\n Smart Licensing using Policy:\n      Status: ENABLED\n Transport:\n Type: {kind}\n Policy:\n   Reporting ACK required: Yes\n Usage reporting:\n Last ACK received: Nov 15 02:51:57 2026 UTC\n   Next ACK deadline: Nov 15 02:51:57 2027 UTC\n Next report push: Dec 15 02:46:56 2026 UTC\n Trust Code installed: Nov 13 22:36:48 2026 UTC\n Active: PID: N9K-C9504, SN: FOX2308PCEN\n Nov 13 22:36:48 2026 UTC\n             Standby: PID: N9K-C9504, SN: FOX2308PCEQ\n   <none>\n")
        };
        let smart = nxos(Command::LicenseStatus, &slp("Smart"));
        let got = compliance_only(&smart, now());
        let f = one(&got, "compliance.trust_code_missing");
        assert_eq!(f.severity, Severity::Info);
        assert!(
            f.message.contains("Standby (SN FOX2308PCEQ)"),
            "{}",
            f.message
        );

        let cslu = nxos(Command::LicenseStatus, &slp("cslu"));
        assert!(compliance_only(&cslu, now()).is_empty());
        let none = nxos(
            Command::LicenseStatus,
            "switch# show license status\nSmart Licensing using Policy:\n  Status: ENABLED\nTransport:\n  Type: CSLU\n  Cslu address: cslu-local\nUsage reporting:\n  Last ACK received: Nov 15 02:51:57 2026 UTC\nTrust Code installed: <none>\n",
        );
        assert!(compliance_only(&none, now()).is_empty());
    }

    #[test]
    fn xr_out_of_compliance_lists_entitlements_and_the_pool_once() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, "RP/0/RSP0/CPU0:asr9k-pe-01#admin show license status\nTue Jul  2 10:15:01.123 UTC\n\nCompliance Status: Out of compliance\n\nRP/0/RSP0/CPU0:asr9k-pe-01#\n"),
                (Command::LicenseEntitlement, "RP/0/RSP0/CPU0:asr9k-pe-01#admin show license entitlement\nTue Jul  2 10:15:01.123 UTC\nEntitlement:\nTag: regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56\nd645f1c, Version: 1.0, Enforce Mode: Out of compliance\nRequested Time : Mon Jan 12 2015 20:47:07 PST, Requested Count: 1\nVendor String:\nTag: regid.2014-06.com.cisco.A9K-2X100-VID-LIC,1.0_a482b964-6371-4aad-8e82-2083c\n5749205, Version: 1.0, Enforce Mode: Out of compliance\nRequested Time : Mon Jan 12 2015 20:47:09 PST, Requested Count: 2\nVendor String:\nTag: INSTALLMGR, Version: 1.0, Not In Use\nRequested Time : NA, Requested Count: NA\nVendor String:\nRP/0/RSP0/CPU0:asr9k-pe-01#\n"),
                (Command::LicensePool, "RP/0/RSP1/CPU0:ROA(admin)#show license pool\nAssigned Pool Info: PATRICK_NO_LIC\n"),
            ],
        );
        let got = compliance_only(&d, now());
        assert_eq!(got.len(), 1, "{got:?}");
        let f = one(&got, "compliance.xr_out_of_compliance");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("2 entitlement(s) out of compliance: A9K-24X10-OPT-LIC (count 1), A9K-2X100-VID-LIC (count 2)"), "{}", f.message);
        assert!(f.message.contains("pool PATRICK_NO_LIC"), "{}", f.message);
    }

    #[test]
    fn xr_64bit_authorization_out_of_compliance_is_reported_once_by_the_xr_rule() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(Command::LicenseAll, "RP/0/RSP0/CPU0:asr9k-pe-64#show license all\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: Example Service Provider\n  Virtual Account: SP-Core\n  Export-Controlled Functionality: Allowed\n  Initial Registration: SUCCEEDED on Jun 10 09:12:44 2026 UTC\n  Last Renewal Attempt: None\n  Next Renewal Attempt: Dec 07 09:12:43 2026 UTC\n  Registration Expires: Jun 09 09:07:52 2027 UTC\n\nLicense Authorization:\n  Status: OUT OF COMPLIANCE on Nov 22 09:55:12 2026 UTC\n  Last Communication Attempt: SUCCEEDED on Nov 22 09:55:12 2026 UTC\n  Next Communication Attempt: Nov 23 09:55:11 2026 UTC\n  Communication Deadline: Feb 20 09:50:16 2027 UTC\n\nLicense Usage\n==============\n\nA9K 100G Advanced IP Lic for LC (A9K-100G-AIP-TR):\n  Description: A9K 100G Advanced IP Lic for LC\n  Count: 4\n  Version: 1.0\n  Status: OUT OF COMPLIANCE\n\nASR 9000 Base Software (ASR9K-BASE-SW):\n  Description: ASR 9000 Base Software\n  Count: 1\n  Version: 1.0\n  Status: AUTHORIZED\n")],
        );
        let got = compliance_only(&d, now());
        assert_eq!(got.len(), 1, "{got:?}");
        let f = one(&got, "compliance.xr_out_of_compliance");
        assert!(
            f.message
                .contains("A9K 100G Advanced IP Lic for LC (count 4)"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("admin show license pool"),
            "{}",
            f.message
        );
    }

    /// An XR 7.x `show license platform summary` with this status block.
    fn xr_platform(status: &str) -> Device {
        device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(
                Command::LicensePlatformSummary,
                &format!("RP/0/RP0/CPU0:xr7#show license platform summary\nCollection: LAST: Mon Nov 23 2026 11:45:05 UTC\n            NEXT: Mon Nov 23 2026 12:00:05 UTC\nReporting:  LAST: Mon Nov 23 2026 09:55:05 UTC\n            NEXT: Tue Nov 24 2026 09:55:06 UTC\nFeature/Area      Entitlement            Count\n                                         Last   Next\n================  =====================  =====  =====\nFabric            Essentials Hardware    2      2\n{status}\nRP/0/RP0/CPU0:xr7#\n"),
            )],
        )
    }

    #[test]
    fn grace_period_expired_is_critical() {
        let d = xr_platform("Status:  Out of compliance (Grace period expired)\n         Grace period expired; features not licensed will be disabled at next reload.");
        let got = compliance_only(&d, now());
        let f = one(&got, "compliance.grace_period_expired");
        assert_eq!(f.severity, Severity::Critical);
        assert!(
            f.message
                .contains("Compliance Status: Out of compliance (Grace period expired)"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("disabled at next reload"),
            "{}",
            f.message
        );
    }

    #[test]
    fn grace_period_expired_replaces_xr_out_of_compliance() {
        let d = xr_platform("Status:  Out of compliance (Grace period expired)");
        let got = ids(&d, now());
        assert!(
            !got.contains(&"compliance.xr_out_of_compliance".to_string()),
            "{got:?}"
        );
        assert_eq!(
            got.iter()
                .filter(|id| *id == "compliance.grace_period_expired")
                .count(),
            1
        );
    }

    #[test]
    fn other_qualifiers_stay_plain_out_of_compliance_and_are_quoted() {
        let d = xr_platform("Status:  Out of compliance (Remaining Grace Period: 87 days)");
        let got = compliance_only(&d, now());
        assert_eq!(got.len(), 1, "{got:?}");
        let f = one(&got, "compliance.xr_out_of_compliance");
        assert!(
            f.message.contains("(Remaining Grace Period: 87 days)"),
            "{}",
            f.message
        );
    }

    #[test]
    fn grace_period_qualifier_shapes_known_answers() {
        assert!(says_grace_period_expired("Grace period expired"));
        assert!(says_grace_period_expired("grace-period EXPIRED"));
        assert!(says_grace_period_expired("Grace Period: Expired"));
        assert!(!says_grace_period_expired(
            "Remaining Grace Period: 87 days"
        ));
        assert!(!says_grace_period_expired("Evaluation period expired"));
    }

    #[test]
    fn xr_in_compliance_raises_nothing() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(
                Command::LicenseStatus,
                "RP/0/RSP0/CPU0:r1#admin show license status\nCompliance Status: In compliance\n",
            )],
        );
        assert!(compliance_only(&d, now()).is_empty());
    }

    #[test]
    fn account_mismatch_ignores_case_and_spaces() {
        let keys = |sa: &str, va: &str| AuditKeys {
            smart_account: Some(sa.into()),
            virtual_account: Some(va.into()),
            ..AuditKeys::default()
        };
        let same = device(
            Platform::NxOs,
            keys(" LDAP_User_Test ", "default"),
            &[(Command::LicenseStatus, &nxos_authorized())],
        );
        assert!(compliance_only(&same, now()).is_empty());
        let other = device(
            Platform::NxOs,
            keys("ldap_user_test", "DC-East"),
            &[(Command::LicenseStatus, &nxos_authorized())],
        );
        let got = compliance_only(&other, now());
        let f = one(&got, "compliance.account_mismatch");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message,
            "Virtual Account is \"Default\", the inventory expects \"DC-East\""
        );
    }

    #[test]
    fn smart_licensing_disabled_is_a_warning() {
        let d = iosxe(
            Command::LicenseStatus,
            "switch#show license status\nSmart Licensing is DISABLED\n",
        );
        let got = compliance_only(&d, now());
        assert_eq!(
            one(&got, "compliance.smart_licensing_disabled").severity,
            Severity::Warning
        );
        let healthy = nxos(Command::LicenseStatus, &nxos_authorized());
        assert!(!ids(&healthy, now()).contains(&"compliance.smart_licensing_disabled".to_string()));
    }

    #[test]
    fn every_rule_documents_meaning_and_fix() {
        for rule in RULES {
            assert!(rule.id.starts_with("compliance."), "{}", rule.id);
            assert!(
                !rule.meaning.is_empty() && !rule.fix.is_empty(),
                "{}",
                rule.id
            );
        }
    }
}
