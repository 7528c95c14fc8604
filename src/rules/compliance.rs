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
    fix: "Fix the cause the `Failure reason:` names, then `license smart renew auth` (authorization) or `license smart renew ID` (ID certificate).",
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
    fix: "Enable it (NX-OS `feature license smart`, IOS-XE `license smart enable` on releases that have it) and register the device.",
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
        match &reg.failure_reason {
            Some(r) => f.raise_with_fix(
                &REGISTRATION_FAILED,
                Severity::Critical,
                message,
                failure_fix(r.kind),
            ),
            None => f.raise(&REGISTRATION_FAILED, Severity::Critical, message),
        }
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
                match &auth.failure_reason {
                    Some(r) => f.raise_with_fix(
                        &LAST_ATTEMPT_FAILED,
                        Severity::Warning,
                        message,
                        failure_fix(r.kind),
                    ),
                    None => f.raise(&LAST_ATTEMPT_FAILED, Severity::Warning, message),
                }
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
                match &reg.failure_reason {
                    Some(r) => f.raise_with_fix(
                        &LAST_ATTEMPT_FAILED,
                        Severity::Warning,
                        message,
                        failure_fix(r.kind),
                    ),
                    None => f.raise(&LAST_ATTEMPT_FAILED, Severity::Warning, message),
                }
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
    let compliance_ooc =
        model.compliance == Some(fleetlic_parsers::model::ComplianceStatus::OutOfCompliance);
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
        "Compliance Status: Out of compliance".to_string()
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
        None => message.push_str(
            "; compliance is per pool: check the other devices of its pool (admin show license pool)",
        ),
    }
    f.raise(&XR_OUT_OF_COMPLIANCE, Severity::Critical, message);
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
