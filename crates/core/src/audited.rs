//! The result of auditing one device: the device and its findings. Rules produce it; history,
//! reconcile, alerts and every report read it, and the facts they share about a device (its
//! states in words, its nearest deadline, its worst severity) are derived here once.

use chrono::{DateTime, Utc};
use fleetlic_parsers::model::{LicensingMode, TransportKind};
use serde::Serialize;

use crate::device::{CollectionStatus, Device};
use crate::finding::{Finding, Severity};

/// One audited device and its findings (worst first).
#[derive(Debug, Clone)]
pub struct Audited {
    /// The device as collected or replayed.
    pub device: Device,
    /// Its findings, every severity including `ok` deadlines.
    pub findings: Vec<Finding>,
}

/// A device's nearest deadline, from its `deadline.*` findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextDeadline<'a> {
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Which deadline it is: the rule name without `deadline.` (e.g. `communication_deadline`).
    pub kind: &'a str,
    /// Whole days to it; negative when past.
    pub days_left: Option<i64>,
}

impl Audited {
    /// `nxos`, `iosxe`, `iosxr`, or empty when unknown.
    pub fn platform_word(&self) -> String {
        self.device
            .platform
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    /// The licensing mode word (`smart_licensing`, `using_policy`, `traditional`), or empty.
    pub fn mode(&self) -> String {
        word(self.device.model.mode.as_ref())
    }

    /// The registration state word, or empty.
    pub fn registration(&self) -> String {
        let m = &self.device.model;
        word(m.registration.as_ref().and_then(|r| r.status.as_ref()))
    }

    /// The authorization state word; under SLP, which has none, how reporting stands
    /// (`reported (smart)`, `never_acked`...); on IOS-XR without one, the compliance status.
    pub fn authorization(&self) -> String {
        let m = &self.device.model;
        match m.mode {
            Some(LicensingMode::UsingPolicy) => self.slp_state(),
            _ => match m.authorization.as_ref().and_then(|r| r.status.as_ref()) {
                Some(status) => word(Some(status)),
                None => word(m.compliance.as_ref()),
            },
        }
    }

    /// SLP has no authorization: say how reporting stands instead.
    fn slp_state(&self) -> String {
        let m = &self.device.model;
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

    /// The nearest deadline among its `deadline.*` findings (the first listed on a tie).
    pub fn next_deadline(&self) -> Option<NextDeadline<'_>> {
        self.findings
            .iter()
            .filter(|f| f.rule_id.starts_with("deadline."))
            .filter_map(|f| f.due.map(|due| (due, f)))
            .min_by_key(|(due, _)| *due)
            .map(|(due, f)| NextDeadline {
                due,
                kind: f.rule_id.trim_start_matches("deadline."),
                days_left: f.days_left,
            })
    }

    /// The worst severity of its findings; `ok` when it has none.
    pub fn worst_severity(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Ok)
    }

    /// How many of its findings are of severity info and above.
    pub fn reported_findings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity > Severity::Ok)
            .count()
    }

    /// The collection error, or empty.
    pub fn error(&self) -> String {
        self.device.error.clone().unwrap_or_default()
    }

    /// The label the device is counted under in the fleet summary ("devices per state").
    pub fn state_label(&self) -> String {
        let d = &self.device;
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
        match d.model.mode {
            Some(LicensingMode::UsingPolicy) => format!("SLP {}", self.authorization()),
            Some(LicensingMode::Traditional) => "traditional".to_string(),
            Some(LicensingMode::SmartLicensing) => {
                let (authorization, registration) = (self.authorization(), self.registration());
                if !authorization.is_empty() {
                    authorization.replace('_', " ")
                } else if !registration.is_empty() {
                    registration.replace('_', " ")
                } else {
                    "not audited".to_string()
                }
            }
            _ => "not audited".to_string(),
        }
    }
}

/// The JSON spelling of a state enum: `registered`, or the verbatim text of `{"other": "..."}`.
pub fn word<T: Serialize>(value: Option<&T>) -> String {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use fleetlic_parsers::model::{
        Authorization, AuthorizationStatus, Registration, RegistrationStatus,
    };

    use super::*;
    use crate::device::AuditKeys;

    fn audited(findings: Vec<Finding>) -> Audited {
        let mut model = fleetlic_parsers::model::DeviceLicensing {
            mode: Some(LicensingMode::SmartLicensing),
            ..Default::default()
        };
        model.registration = Some(Registration {
            status: Some(RegistrationStatus::Registered),
            ..Default::default()
        });
        Audited {
            device: Device {
                name: "sw1".into(),
                host: "192.0.2.1".into(),
                platform: None,
                collected_at: None,
                status: CollectionStatus::Ok,
                error: None,
                keys: AuditKeys::default(),
                outputs: BTreeMap::new(),
                model,
            },
            findings,
        }
    }

    fn finding(rule_id: &str, severity: Severity, due: Option<&str>) -> Finding {
        Finding {
            device: "sw1".into(),
            host: "192.0.2.1".into(),
            platform: None,
            rule_id: rule_id.into(),
            severity,
            message: "m".into(),
            due: due.map(|d| d.parse().expect("date")),
            days_left: due.map(|_| 3),
            fix: None,
        }
    }

    #[test]
    fn next_deadline_is_the_nearest_deadline_finding_and_the_first_on_a_tie() {
        let a = audited(vec![
            finding(
                "transport.clock",
                Severity::Warning,
                Some("2026-01-01T00:00:00Z"),
            ),
            finding(
                "deadline.id_certificate",
                Severity::Ok,
                Some("2026-06-01T00:00:00Z"),
            ),
            finding(
                "deadline.evaluation",
                Severity::Ok,
                Some("2026-03-01T00:00:00Z"),
            ),
            finding(
                "deadline.registration",
                Severity::Ok,
                Some("2026-03-01T00:00:00Z"),
            ),
        ]);
        let next = a.next_deadline().expect("a deadline");
        assert_eq!(next.kind, "evaluation");
        assert_eq!(
            next.due,
            "2026-03-01T00:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("date")
        );
        assert_eq!(audited(Vec::new()).next_deadline(), None);
    }

    #[test]
    fn worst_severity_is_ok_without_findings_and_ok_findings_are_not_reported() {
        assert_eq!(audited(Vec::new()).worst_severity(), Severity::Ok);
        let a = audited(vec![
            finding("deadline.evaluation", Severity::Ok, None),
            finding("compliance.x", Severity::Warning, None),
        ]);
        assert_eq!(a.worst_severity(), Severity::Warning);
        assert_eq!(a.reported_findings(), 1);
    }

    #[test]
    fn state_label_prefers_authorization_then_registration_in_words() {
        let mut a = audited(Vec::new());
        assert_eq!(a.state_label(), "registered");
        a.device.model.authorization = Some(Authorization {
            status: Some(AuthorizationStatus::OutOfCompliance),
            ..Default::default()
        });
        assert_eq!(a.authorization(), "out_of_compliance");
        assert_eq!(a.state_label(), "out of compliance");
        a.device.status = CollectionStatus::Unreachable;
        assert_eq!(a.state_label(), "not collected: unreachable");
    }

    #[test]
    fn an_unknown_state_word_is_kept_verbatim() {
        let status = RegistrationStatus::Other("HALF REGISTERED".into());
        assert_eq!(word(Some(&status)), "HALF REGISTERED");
        assert_eq!(word::<RegistrationStatus>(None), "");
    }
}
