//! IOS-XR specific licensing state: compliance summary and traditional licensing pools.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// XR `Compliance Status:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceStatus {
    /// `In compliance` / `Authorized`.
    InCompliance,
    /// `Out of compliance`.
    OutOfCompliance,
    /// Anything else, verbatim.
    Other(String),
}

/// XR traditional licensing pool (`show license pools`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LicensePool {
    /// `Pool:` name (`Owner`, an SDR name).
    pub name: String,
    /// Feature IDs in the pool.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// XR traditional licensing allocation of one feature (`show license allocated`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeatureAllocation {
    /// `FeatureID:`.
    pub feature_id: String,
    /// `(Slot based, Permanent)`: first word(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `(Slot based, Permanent)`: duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `Total licenses`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// `Status: Allocated N`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated: Option<u32>,
    /// `Pool:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// `Total licenses in pool:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool_total: Option<u32>,
    /// `Status: Operational: N`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational: Option<u32>,
    /// `Locations with licenses:` rows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationAllocation>,
}

/// `0/0/CPU0 (0/1) [Owner]`: a location's active/allocated count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LocationAllocation {
    /// Node location.
    pub location: String,
    /// Active licenses.
    pub active: u32,
    /// Allocated licenses.
    pub allocated: u32,
    /// Secure domain router, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdr: Option<String>,
}

/// IOS-XR 7.x `show license platform summary|detail` timers and `Parameters:` (Smart
/// Licensing Using Policy): when usage was last / will next be collected and reported.
///
/// Dates are UTC when the printed zone is known (a date whose zone cannot be converted is
/// left out, with a warning).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlatformTimers {
    /// `Collection: LAST:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_last: Option<DateTime<Utc>>,
    /// `Collection: NEXT:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_next: Option<DateTime<Utc>>,
    /// `Reporting: LAST:` (also in `usage_reporting.last_report_push`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_last: Option<DateTime<Utc>>,
    /// `Reporting: NEXT:` (also in `usage_reporting.next_report_push`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_next: Option<DateTime<Utc>>,
    /// `Parameters: Collection interval: 15 minute(s)`, in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_interval_minutes: Option<u32>,
    /// `Reporting interval: 1440 minute(s)`, in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_interval_minutes: Option<u32>,
}
