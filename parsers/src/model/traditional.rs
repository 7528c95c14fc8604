//! NX-OS traditional licensing: one row of the `show license usage` feature table printed by
//! releases and boxes without Smart Licensing (`Feature  Ins  Lic Count  Status  Expiry Date
//! Comments`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One feature package row of the NX-OS traditional `show license usage` table.
///
/// Identified by `position` (its row in the output) plus `feature`: the table is printed as is,
/// never merged by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TraditionalFeature {
    /// Row index in the table, from 0.
    pub position: u32,
    /// Feature package name (`LAN_ENTERPRISE_SERVICES_PKG`).
    pub feature: String,
    /// `Ins` column: a license file for the feature is installed (`Yes` / `No`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installed: Option<bool>,
    /// `Lic Count` column (`-` for uncounted licenses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// `Status` column (`In use` / `Unused`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<FeatureStatus>,
    /// `Expiry Date` column: a calendar date or `never` (absent when blank or `-`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<FeatureExpiry>,
    /// Grace period left from the `Comments` column (`Grace 89D 22H`), in seconds, counted
    /// from when the output was collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_remaining_seconds: Option<u64>,
    /// The comment says the grace period is over (`Grace Expired`, or no time left).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub grace_expired: bool,
    /// `Comments` column as printed, unless it is `-` or blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `Status` column of the traditional feature table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureStatus {
    /// `In use`: the feature is enabled and consumes the license (or its grace period).
    InUse,
    /// `Unused`.
    Unused,
    /// Any other status text, verbatim.
    Other(String),
}

/// `Expiry Date` column of the traditional feature table.
///
/// NX-OS prints the date without time or zone; it is kept as the calendar date printed (no zone
/// is assumed) together with the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureExpiry {
    /// `never`: a permanent license.
    Never,
    /// A date such as `30 Sep 2027` / `30-Sep-2027`.
    On {
        /// The calendar date printed (no zone: the device's local date).
        date: NaiveDate,
        /// The text as printed.
        printed: String,
    },
}
