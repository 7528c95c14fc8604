//! One summary row per device: what the devices CSV, the terminal table and the JSON share.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audited::Audited;
use crate::finding::Severity;
use crate::identity::Identity;

/// A device's summary (columns of the devices CSV, in order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRow {
    /// Device name.
    pub device: String,
    /// Address.
    pub host: String,
    /// `nxos`, `iosxe`, `iosxr`.
    pub platform: String,
    /// Software version from `show version`.
    pub version: String,
    /// `smart_licensing`, `using_policy`, `traditional`.
    pub mode: String,
    /// Registration state word.
    pub registration: String,
    /// Authorization state word (SLP: reporting state; XR: compliance).
    pub authorization: String,
    /// Smart Account as the device reports it.
    pub smart_account: String,
    /// Virtual Account as the device reports it.
    pub virtual_account: String,
    /// Whole days of evaluation left, when in evaluation.
    pub eval_days_left: Option<i64>,
    /// The nearest deadline.
    pub next_deadline: Option<DateTime<Utc>>,
    /// Which deadline that is (the rule name, e.g. `communication_deadline`).
    pub next_deadline_kind: String,
    /// Whole days to it; negative when past.
    pub days_left: Option<i64>,
    /// The worst severity among its findings (`ok` when none).
    pub worst_severity: Severity,
    /// Findings of severity info and above.
    pub findings: usize,
    /// `ok` or why collection failed.
    pub collection_status: String,
    /// The collection error, if any.
    pub error: String,
    /// Host name in the device's prompt (who answered the session).
    pub prompt_hostname: String,
    /// Host name `show version` printed.
    pub version_hostname: String,
    /// Chassis serial (`show version`, else the device's UDI).
    pub serial: String,
}

/// Summarises one audited device.
pub fn row(a: &Audited) -> DeviceRow {
    let d = &a.device;
    let m = &d.model;
    let next = a.next_deadline();
    let id = Identity::of(d);
    let eval_days_left = a
        .findings
        .iter()
        .find(|f| f.rule_id == "deadline.evaluation")
        .and_then(|f| f.days_left);
    DeviceRow {
        device: d.name.clone(),
        host: d.host.clone(),
        platform: a.platform_word(),
        version: m
            .version
            .as_ref()
            .and_then(|v| v.version.clone())
            .unwrap_or_default(),
        mode: a.mode(),
        registration: a.registration(),
        authorization: a.authorization(),
        smart_account: m
            .registration
            .as_ref()
            .and_then(|r| r.smart_account.clone())
            .unwrap_or_default(),
        virtual_account: m
            .registration
            .as_ref()
            .and_then(|r| r.virtual_account.clone())
            .unwrap_or_default(),
        eval_days_left,
        next_deadline: next.map(|n| n.due),
        next_deadline_kind: next.map(|n| n.kind.to_string()).unwrap_or_default(),
        days_left: next.and_then(|n| n.days_left),
        worst_severity: a.worst_severity(),
        findings: a.reported_findings(),
        collection_status: d.status.as_word().to_string(),
        error: a.error(),
        prompt_hostname: id.prompt_hostname.unwrap_or_default(),
        version_hostname: id.version_hostname.unwrap_or_default(),
        serial: id.serial.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DeviceState;

    #[test]
    fn the_history_keeps_of_each_device_what_its_devices_row_says() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
        let devices = crate::replay::load(&dir, crate::cap::RecordCap::default())
            .expect("the sample fleet replays");
        let ctx = crate::rules::Context::at("2026-11-23T00:00:00Z".parse().expect("date"));
        assert!(devices.len() > 30);
        for device in devices {
            let findings = crate::rules::audit(&device, &ctx);
            let a = Audited { device, findings };
            let (r, s) = (row(&a), DeviceState::of(&a));
            let from_row = DeviceState {
                name: r.device,
                host: r.host,
                platform: r.platform,
                status: r.collection_status,
                error: r.error,
                registration: r.registration,
                authorization: r.authorization,
                next_deadline: r.next_deadline,
                next_deadline_kind: r.next_deadline_kind,
                days_left: r.days_left,
                worst_severity: Some(r.worst_severity),
                findings: i64::try_from(r.findings).expect("a small count"),
                prompt_hostname: r.prompt_hostname,
                version_hostname: r.version_hostname,
                serial: r.serial,
            };
            assert_eq!(s, from_row);
        }
    }
}
