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
    Device::from_outputs(record, outputs.iter().map(|(c, t)| (*c, t.to_string())))
}

/// Audits `device` at `now` with default thresholds; findings of severity info and above.
pub fn findings_at(device: &Device, now: DateTime<Utc>) -> Vec<Finding> {
    audit(device, &Context::at(now))
        .into_iter()
        .filter(|f| f.severity > Severity::Ok)
        .collect()
}

/// The `(rule_id, severity)` pairs of [`findings_at`].
pub fn raised(device: &Device, now: DateTime<Utc>) -> Vec<(String, Severity)> {
    findings_at(device, now)
        .into_iter()
        .map(|f| (f.rule_id, f.severity))
        .collect()
}
