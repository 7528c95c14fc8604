//! One license / entitlement line as printed by `show license usage`, `show license summary`,
//! `show license all`, IOS-XE `show license` (traditional) and IOS-XR `show license entitlement`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A license the device uses or knows about.
///
/// Summary tables truncate names and repeat rows on stacked switches, so a license is
/// identified by its `entitlement_tag` plus `position` (its row in the output), never by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct License {
    /// Row / block index in the output, from 0.
    pub position: u32,
    /// `Handle:` of the block (`show license tech support`), the agent's own id for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<u32>,
    /// Name or `Description:` (IOS-XE block header name, NX-OS description, XR feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name was cut by the device (`LAN license for Nexus 9...`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub name_truncated: bool,
    /// Entitlement tag (`LAN_ENTERPRISE_SERVICES_PKG`, `regid.2014-04.com.cisco...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_tag: Option<String>,
    /// `Count:` / count column / the `(15)` in `IN USE(15)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// `Version:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `Status:` / status column / XR `Enforce Mode:` / traditional `License State:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LicenseStatus>,
    /// `Enforcement Type:` (SLP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<Enforcement>,
    /// `License Type:` (`Generic`, `Perpetual`, `Subscription`, `RightToUse`, `Permanent` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_type: Option<String>,
    /// `Export status:` (IOS-XE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_status: Option<String>,
    /// Traditional `Period left:` as printed (`Life time`, `Not Activated`, `8  weeks 4  days`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_left: Option<String>,
    /// The full state text when it carries more than the status word
    /// (`Active, In Use`, `Not in Use, EULA not accepted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_detail: Option<String>,
    /// XR `Requested Time :`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<DateTime<Utc>>,
    /// XR `Requested Count:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_count: Option<u32>,
    /// XR `Vendor String:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_string: Option<String>,
    /// Other labelled fields of the block, label to value, kept rather than dropped.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// Per-license state words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseStatus {
    /// `AUTHORIZED`.
    Authorized,
    /// `EVAL MODE`.
    EvalMode,
    /// `EVAL EXPIRED`.
    EvalExpired,
    /// `IN USE`.
    InUse,
    /// `NOT IN USE` / XR `Not In Use`.
    NotInUse,
    /// `OUT OF COMPLIANCE` / XR `Enforce Mode: Out of compliance`.
    OutOfCompliance,
    /// `NOT AUTHORIZED`.
    NotAuthorized,
    /// `AUTHORIZATION EXPIRED`.
    AuthorizationExpired,
    /// A state this grammar has not seen, kept verbatim.
    Other(String),
}

/// SLP `Enforcement Type:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Enforcement {
    /// `NOT ENFORCED` (the only type on Nexus).
    NotEnforced,
    /// `ENFORCED` (needs an authorization code).
    Enforced,
    /// `EXPORT RESTRICTED` / export-controlled.
    ExportControlled,
    /// Anything else, verbatim.
    Other(String),
}
