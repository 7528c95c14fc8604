//! The neutral model: what every parser returns, whatever the platform or command.
//!
//! One `DeviceLicensing` describes one device. Each command's parser fills the parts its
//! output shows and leaves the rest `None` (never a made-up default); [`merge`] folds the
//! per-command models of one device into one. Field names are the JSON schema printed by
//! `fleetlic parse` and read back by the audit, so they change only on purpose.

mod agent;
mod callhome;
mod dates;
pub mod extra;
mod failure;
mod license;
mod merge;
mod slp;
mod system;
mod traditional;
mod udi;
mod xr;

pub use agent::{
    Attempt, AttemptResult, Authorization, AuthorizationStatus, AuthorizationUnit, Conversion,
    ConversionStatus, Evaluation, ExportAuthorization, ExportControl, LicenseAuthorizations,
    Registration, RegistrationStatus,
};
pub use callhome::{CallHome, CallHomeProfile, CallHomeStatistic, HttpProxy};
pub use dates::{PrintedDate, Resolution};
pub use extra::Extra;
pub use failure::{FailureKind, FailureReason};
pub use license::{Enforcement, License, LicenseStatus};
pub use merge::merge;
pub use slp::{
    DataPrivacy, Policy, PolicyClass, PolicyValue, Transport, TransportKind, TrustCode,
    TrustCodeUnit, UsageReporting,
};
pub use system::{ClockSource, DeviceClock, SoftwareVersion};
pub use traditional::{FeatureExpiry, FeatureStatus, TraditionalFeature};
pub use udi::{Udi, UdiRole};
pub use xr::{
    ComplianceStatus, FeatureAllocation, LicensePool, LocationAllocation, PlatformTimers,
};

use serde::{Deserialize, Serialize};

use crate::Platform;

/// Everything fleetlic knows about one device's licensing, from one or more command outputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceLicensing {
    /// Platform the output was parsed as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Host name, from the prompt echoed around the output or from `show version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Host name from the prompt echoed around an output (`br42-c9300-acc-01#show ...`), when
    /// one was: who answered the session, which the identity check compares with the inventory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_hostname: Option<String>,
    /// Software version and hardware identity (`show version`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<SoftwareVersion>,
    /// Device clock (`show clock`, or the `Time source is ...` header some devices print).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<DeviceClock>,
    /// Which licensing generation the outputs show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<LicensingMode>,
    /// `Smart Licensing is ENABLED` (classic agent) or `Smart Licensing using Policy: Status: ENABLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_licensing_enabled: Option<bool>,
    /// `Utility: Status:` (SLP utility mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utility_enabled: Option<bool>,
    /// Classic Smart Licensing registration (also IOS-XR `show license register-status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// Classic Smart Licensing authorization (`License Authorization:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// Evaluation period, derived from the authorization section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    /// SLP `Reporting Mode:` (`STANDARD`), printed in the `Smart Licensing Using Policy:` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_mode: Option<String>,
    /// IOS-XE `Export Authorization Key:` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_authorization: Option<ExportAuthorization>,
    /// IOS-XE `License Authorizations` banner (authorization codes per HA member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_authorizations: Option<LicenseAuthorizations>,
    /// The device printed `No licenses in use` where its licenses would be: an empty list
    /// that is a fact, not a gap.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_licenses_in_use: bool,
    /// `Smart License Conversion:` (device-led conversion of PAK/RTU licenses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion: Option<Conversion>,
    /// SLP `Data Privacy:` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_privacy: Option<DataPrivacy>,
    /// SLP `Transport:` section: how the device reaches CSSM, CSLU or SSM On-Prem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// SLP `Policy:` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// SLP `Miscellaneous: Custom Id:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// SLP `Usage reporting:` timers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_reporting: Option<UsageReporting>,
    /// SLP `Trust Code installed:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_code: Option<TrustCode>,
    /// Licenses / entitlements in use or known to the device, in the order printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<License>,
    /// Call-home configuration and state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callhome: Option<CallHome>,
    /// Unique Device Identifiers (PID and serial) the licenses are bound to: the device's, or
    /// one per HA/stack member (`show license udi`, `Product Information:`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub udis: Vec<Udi>,
    /// IOS-XR `Compliance Status:` / `SIA Status:` / platform `Status:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance: Option<ComplianceStatus>,
    /// The parenthesised qualifier printed after the compliance status, verbatim:
    /// `Out of compliance (Grace period expired)` → `Grace period expired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance_qualifier: Option<String>,
    /// Free text printed on the lines under the compliance status (`Grace period expired;
    /// features not licensed will be disabled at next reload.`), lines joined by a blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance_explanation: Option<String>,
    /// IOS-XR 7.x `show license platform summary|detail` collection and reporting timers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_timers: Option<PlatformTimers>,
    /// IOS-XR smart licensing `Assigned Pool Info:` (the virtual account pool).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_pool: Option<String>,
    /// IOS-XR traditional licensing pools (`show license pools`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<LicensePool>,
    /// IOS-XR traditional licensing allocations (`show license allocated`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<FeatureAllocation>,
    /// NX-OS traditional licensing feature table (`show license usage` without Smart
    /// Licensing), one entry per row in the order printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<TraditionalFeature>,
    /// Sections and fields the model has no typed home for, in the order printed (every
    /// command's, after merging).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Extra>,
    /// Every date the outputs printed, as printed, with its UTC value and how its zone was
    /// resolved (every command's, after merging). The typed fields above stay `None` for the
    /// dates whose zone is unresolved; this list keeps them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<PrintedDate>,
}

/// The licensing generation a device runs; each has its own states and deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicensingMode {
    /// Classic Smart Licensing: register with an ID token, authorize, evaluation period.
    SmartLicensing,
    /// Smart Licensing Using Policy: usage reports and ACKs, no registration, no evaluation.
    UsingPolicy,
    /// Traditional (PAK / RTU / IOS-XR pools / NX-OS license files) licensing.
    Traditional,
}
