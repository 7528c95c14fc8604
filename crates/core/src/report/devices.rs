//! One summary row per device: what the devices CSV, the terminal table and the JSON share.

use chrono::{DateTime, Utc};
use fleetlic_parsers::model::{LicensingMode, TransportKind};
use serde::Serialize;

use crate::audited::Audited;
use crate::device::CollectionStatus;
use crate::finding::Severity;

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
}

/// Summarises one audited device.
pub fn row(a: &Audited) -> DeviceRow {
    let d = &a.device;
    let m = &d.model;
    let registration = word(m.registration.as_ref().and_then(|r| r.status.as_ref()));
    let authorization = match m.mode {
        Some(LicensingMode::UsingPolicy) => slp_state(a),
        _ => match m.authorization.as_ref().and_then(|r| r.status.as_ref()) {
            Some(status) => word(Some(status)),
            None => word(m.compliance.as_ref()),
        },
    };
    let nearest = a
        .findings
        .iter()
        .filter(|f| f.rule_id.starts_with("deadline."))
        .filter_map(|f| f.due.map(|due| (due, f)))
        .min_by_key(|(due, _)| *due);
    let eval_days_left = a
        .findings
        .iter()
        .find(|f| f.rule_id == "deadline.evaluation")
        .and_then(|f| f.days_left);
    DeviceRow {
        device: d.name.clone(),
        host: d.host.clone(),
        platform: d.platform.map(|p| p.to_string()).unwrap_or_default(),
        version: m
            .version
            .as_ref()
            .and_then(|v| v.version.clone())
            .unwrap_or_default(),
        mode: word(m.mode.as_ref()),
        registration,
        authorization,
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
        next_deadline: nearest.map(|(due, _)| due),
        next_deadline_kind: nearest
            .map(|(_, f)| f.rule_id.trim_start_matches("deadline.").to_string())
            .unwrap_or_default(),
        days_left: nearest.and_then(|(_, f)| f.days_left),
        worst_severity: worst(a),
        findings: a
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Ok)
            .count(),
        collection_status: d.status.as_word().to_string(),
        error: d.error.clone().unwrap_or_default(),
    }
}

/// The JSON spelling of a state enum: `registered`, or the verbatim text of `{"other": "..."}`.
fn word<T: Serialize>(value: Option<&T>) -> String {
    match value.and_then(|v| serde_json::to_value(v).ok()) {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Object(o)) => o
            .values()
            .next()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

/// The worst severity of a device's findings; `ok` when it has none.
pub fn worst(a: &Audited) -> Severity {
    a.findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Ok)
}

/// SLP has no authorization: say how reporting stands instead.
fn slp_state(a: &Audited) -> String {
    let m = &a.device.model;
    let transport = match m.transport.as_ref().and_then(|t| t.kind.as_ref()) {
        Some(TransportKind::Off) => "offline",
        Some(TransportKind::Smart) => "smart",
        Some(TransportKind::Cslu) => "cslu",
        Some(TransportKind::Callhome) => "callhome",
        _ => "",
    };
    let acked = m
        .usage_reporting
        .as_ref()
        .is_some_and(|u| u.last_ack_received.is_some());
    let ack_known = acked
        || m.usage_reporting
            .as_ref()
            .is_some_and(|u| u.next_ack_deadline.is_some());
    if !ack_known {
        // IOS-XR 7.x `show license platform summary` prints no ACK, but a compliance status.
        if let Some(c) = &m.compliance {
            return word(Some(c));
        }
    }
    let state = if acked { "reported" } else { "never_acked" };
    if transport.is_empty() {
        state.to_string()
    } else {
        format!("{state} ({transport})")
    }
}

/// The label a device is counted under in the fleet summary ("devices per state").
pub fn state_label(a: &Audited) -> String {
    let d = &a.device;
    if d.status != CollectionStatus::Ok {
        let how = if d.outputs.is_empty() {
            "not collected"
        } else {
            "partial"
        };
        return format!("{how}: {}", d.status.as_word());
    }
    if d.model.smart_licensing_enabled == Some(false) {
        return "smart licensing disabled".to_string();
    }
    let r = row(a);
    match d.model.mode {
        Some(LicensingMode::UsingPolicy) => format!("SLP {}", r.authorization),
        Some(LicensingMode::Traditional) => "traditional".to_string(),
        Some(LicensingMode::SmartLicensing) if !r.authorization.is_empty() => {
            r.authorization.replace('_', " ")
        }
        Some(LicensingMode::SmartLicensing) if !r.registration.is_empty() => {
            r.registration.replace('_', " ")
        }
        _ => "not audited".to_string(),
    }
}
