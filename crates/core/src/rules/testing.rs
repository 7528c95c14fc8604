//! Test helpers for rules: devices built from output text, as the replay source builds them.

use chrono::{DateTime, TimeZone, Utc};
use fleetlic_parsers::{Command, Platform};

use crate::device::{AuditKeys, CollectionStatus, Device, DeviceRecord};
use crate::finding::{Finding, Severity};

use super::{audit, Context};

/// 2026-11-23 12:00 UTC, the clock unit tests audit at unless they say otherwise.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// `y-m-d h:00:00` UTC.
pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or_default()
}

/// NX-OS seed 000 `show license status` (classic Smart Licensing, registered and authorized),
/// dates moved to just before [`now`] but for these three.
pub fn nxos_sl_status(next_comm: &str, deadline: &str, expires: &str) -> String {
    format!(
        "switch# show license status
Smart Licensing is ENABLED

Registration:
Status: REGISTERED
Smart Account: ldap_user_test
Virtual Account: Default
Export-Controlled Functionality: Allowed
Initial Registration: SUCCEEDED on Nov 01 16:15:41 2026 UTC
Last Renewal Attempt: None
Next Renewal Attempt: Apr 30 16:15:41 2027 UTC
Registration Expires: {expires}

License Authorization:
Status: AUTHORIZED on Nov 20 16:15:44 2026 UTC
Last Communication Attempt: SUCCEEDED on Nov 20 16:15:44 2026 UTC
Next Communication Attempt: {next_comm}
Communication Deadline: {deadline}
"
    )
}

/// [`nxos_sl_status`] with every date well after [`now`]: nothing due.
pub fn nxos_sl_authorized() -> String {
    nxos_sl_status(
        "Dec 20 16:15:43 2026 UTC",
        "Feb 18 16:12:55 2027 UTC",
        "Nov 01 16:13:53 2027 UTC",
    )
}

/// A collected device named `dev` with these outputs and audit keys, collected at [`now`].
pub fn device(platform: Platform, keys: AuditKeys, outputs: &[(Command, &str)]) -> Device {
    let record = DeviceRecord {
        name: "dev".into(),
        host: "192.0.2.1".into(),
        platform: Some(platform),
        collected_at: Some(now()),
        status: CollectionStatus::Ok,
        error: None,
        keys,
    };
    Device::from_outputs(
        record,
        outputs.iter().map(|(c, t)| (*c, t.to_string())),
        crate::cap::RecordCap::default(),
    )
}

/// Audits `device` at `now` with default thresholds; findings of severity info and above.
pub fn findings_at(device: &Device, now: DateTime<Utc>) -> Vec<Finding> {
    audit(device, &Context::at(now))
        .into_iter()
        .filter(|f| f.severity > Severity::Ok)
        .collect()
}

/// The one finding of rule `id` in `findings`, or a panic listing them.
pub fn one<'a>(findings: &'a [Finding], id: &str) -> &'a Finding {
    let hits: Vec<&Finding> = findings.iter().filter(|f| f.rule_id == id).collect();
    assert_eq!(hits.len(), 1, "{id} in {findings:?}");
    hits[0]
}

/// The `(rule_id, severity)` pairs of [`findings_at`].
pub fn raised(device: &Device, now: DateTime<Utc>) -> Vec<(String, Severity)> {
    findings_at(device, now)
        .into_iter()
        .map(|f| (f.rule_id, f.severity))
        .collect()
}
