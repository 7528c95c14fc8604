//! Device identity and clock: `show version`, `show clock`, and the timestamp headers some
//! devices print before every output.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Resolution;

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
    /// Host name `show version` itself printed (`<host> uptime is ...`, the NX-OS `Device name:`),
    /// never taken from the prompt: the identity check compares the two.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
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
    /// The reading as printed, without its `*`/`.` marker (`15:30:12.345 IST Wed Apr 23 2025`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    /// The zone name the clock printed (`IST`, `UTC`, an administrator's `clock timezone XYZ`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// The local wall-clock time printed, before any zone is applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<NaiveDateTime>,
    /// Offset of [`Self::zone`] east of UTC, in minutes, once resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_minutes: Option<i32>,
    /// How the offset was obtained (`unresolved` when it was not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolution>,
    /// How the offset was derived from the clock and the collection instant, or why it was
    /// refused (set by the audit, which knows when the clock was read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_note: Option<String>,
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
