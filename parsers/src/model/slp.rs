//! Smart Licensing Using Policy sections of `show license status` / `show license all`:
//! `Data Privacy:`, `Transport:`, `Policy:`, `Usage reporting:`, `Trust Code installed:`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `Data Privacy:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataPrivacy {
    /// `Sending Hostname: yes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sending_hostname: Option<bool>,
    /// `Callhome Hostname Privacy: DISABLED` (true = privacy enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callhome_hostname_privacy: Option<bool>,
    /// `Smart Licensing Hostname Privacy:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_licensing_hostname_privacy: Option<bool>,
    /// `Version Privacy:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_privacy: Option<bool>,
}

/// `Transport:` section: how the product instance reaches CSSM, CSLU or SSM On-Prem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Transport {
    /// `Type:` (`Callhome`, `Smart`, `CSLU`/`cslu`, `Off`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TransportKind>,
    /// `URL:` (smart transport; or the CSLU/On-Prem URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `Cslu address:` (`cslu-local` or an explicit URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cslu_address: Option<String>,
    /// `Proxy:` address, when one is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_address: Option<String>,
    /// `Proxy:` port, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_port: Option<u16>,
    /// `VRF:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vrf: Option<String>,
    /// `Source Interface:` (newer releases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_interface: Option<String>,
    /// `Server Identity Check:` (newer releases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_identity_check: Option<bool>,
    /// Fields newer releases print that the grammar does not type (`Reporting Mode`, `IP Mode`,
    /// `Trust Point` ...), label to value, kept rather than dropped.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// SLP transport types (`license smart transport {callhome|cslu|off|smart}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// Call-home profile (CiscoTAC-1) carries the messages.
    Callhome,
    /// Direct HTTPS to smartreceiver.cisco.com.
    Smart,
    /// Cisco Smart License Utility, or SSM On-Prem through its CSLU tenant URL.
    Cslu,
    /// No communication; usage is reported by file.
    Off,
    /// Anything else, verbatim.
    Other(String),
}

/// `Policy:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// `Policy in use:` (`Merged from multiple sources`, `Installed On <date>`, `Cisco default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_use: Option<String>,
    /// `Policy name:` (IOS-XE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Reporting ACK required:` (`Yes`, `yes (Customer Policy)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_ack_required: Option<bool>,
    /// Per license class reporting requirements, in the order printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<PolicyClass>,
}

/// One license class of a policy, e.g. `Unenforced/Non-Export:`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyClass {
    /// The class header as printed, without the colon.
    pub name: String,
    /// `First report requirement (days):`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_report_days: Option<PolicyValue>,
    /// `Ongoing reporting frequency (days):` / `Reporting frequency (days):`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ongoing_reporting_days: Option<PolicyValue>,
    /// `On change reporting (days):` / `Report on change (days):`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_change_days: Option<PolicyValue>,
}

/// A policy value: `90 (CISCO default)`, `120 (Installed)`, `0 (no reporting)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyValue {
    /// The number of days (0 = not required).
    pub days: u32,
    /// Where it comes from, as printed in parentheses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `Usage reporting:` timers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UsageReporting {
    /// `Last ACK received:` (`<none>` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ack_received: Option<DateTime<Utc>>,
    /// `Next ACK deadline:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_ack_deadline: Option<DateTime<Utc>>,
    /// `Reporting push interval:` in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_push_interval_days: Option<u32>,
    /// What `Reporting push interval:` printed beside the number (`no reporting`,
    /// `State(2) InPolicy(90)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_push_interval_note: Option<String>,
    /// `Next ACK push check:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_ack_push_check: Option<DateTime<Utc>>,
    /// `Next report push:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_report_push: Option<DateTime<Utc>>,
    /// `Last report push:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_report_push: Option<DateTime<Utc>>,
    /// `Last report file write:` (offline reporting evidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_report_file_write: Option<DateTime<Utc>>,
}

/// `Trust Code installed:` and its per-supervisor lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrustCode {
    /// `false` when printed `<none>`.
    pub installed: bool,
    /// Install date, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installed_at: Option<DateTime<Utc>>,
    /// `Trust Code Type:` (`CSSM`, `SSM On-Prem`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `Attributes:` as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
    /// `Active: PID: ..., SN: ...` / `Standby: ...`, each with its own date line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<TrustCodeUnit>,
}

/// One supervisor / stack member's trust code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrustCodeUnit {
    /// `Active`, `Standby`, or a member label.
    pub role: String,
    /// `PID:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<String>,
    /// `SN:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// The date line under it (`<none>` = not installed on this unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installed_at: Option<DateTime<Utc>>,
    /// `Valid on <date>` printed after the install date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<DateTime<Utc>>,
    /// `Expired on <date>` (the trust code's end of validity, often years ahead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
    /// `Trust Code Type:` of this unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `Attributes:` of this unit, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
}
