//! Device identity and clock: `show version`, `show clock`, and the timestamp headers some
//! devices print before every output.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What `show version` says about the device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoftwareVersion {
    /// Software family as printed (`NX-OS`, `IOS-XE`, `IOS-XR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// Version string (`9.3(4)`, `17.3.2`, `6.1.4`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Hardware model / PID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Chassis or processor board serial number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Uptime as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime: Option<String>,
    /// System image file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// The device's clock at collection time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceClock {
    /// The time the device printed, in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
    /// `false` when IOS marks the time `*` (not authoritative) or `.` (lost sync).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synced: Option<bool>,
    /// `Time source is NTP` and friends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ClockSource>,
}

/// Where the device takes its time from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockSource {
    /// `Time source is NTP`.
    Ntp,
    /// `Time source is hardware calendar`.
    HardwareCalendar,
    /// `No time source`.
    None,
    /// Anything else, verbatim.
    Other(String),
}
