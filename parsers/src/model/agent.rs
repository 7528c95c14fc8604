//! Classic Smart Licensing agent state: `Registration:`, `License Authorization:`,
//! evaluation and `Smart License Conversion:` (NX-OS and IOS-XE agents, IOS-XR register-status).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::FailureReason;

/// `Registration:` section (IOS-XR: `show license register-status`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Registration {
    /// `Status:` (`REGISTERED`, `UNREGISTERED - REGISTRATION FAILED`, XR `Completed` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<RegistrationStatus>,
    /// `Smart Account:` (may contain commas and spaces).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_account: Option<String>,
    /// `Virtual Account:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_account: Option<String>,
    /// `Export-Controlled Functionality:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_controlled: Option<ExportControl>,
    /// `Initial Registration: SUCCEEDED on <date>` / `FAILED on <date>`; XR `Registration Start Time:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_registration: Option<Attempt>,
    /// `Last Renewal Attempt:` (`None` until the first renewal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_renewal_attempt: Option<Attempt>,
    /// `Next Renewal Attempt:`; XR `Next ID Cert Renew Time:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_renewal_attempt: Option<DateTime<Utc>>,
    /// `Next Registration Attempt:` (retry after a failed registration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_registration_attempt: Option<DateTime<Utc>>,
    /// `Registration Expires:`; XR `Next ID Cert Expiration Time:` (the 1-year ID certificate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
    /// `Failure reason:` printed in this section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<FailureReason>,
    /// XR `Last Response Time:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_response_at: Option<DateTime<Utc>>,
    /// XR `Last Response Message:` (`OK: OK`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_response_message: Option<String>,
}

/// Registration state words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// `REGISTERED`; IOS-XR `Completed`.
    Registered,
    /// `UNREGISTERED`; IOS-XR `Not Registered`.
    Unregistered,
    /// `UNREGISTERED - REGISTRATION FAILED`.
    RegistrationFailed,
    /// `REGISTERING - REGISTRATION IN PROGRESS`.
    Registering,
    /// A state this grammar has not seen, kept verbatim.
    Other(String),
}

/// `Export-Controlled Functionality:` (`Allowed`, `ALLOWED`, `NotAllowed`, `Not Allowed`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportControl {
    /// Export-controlled features are permitted.
    Allowed,
    /// Export-controlled features are not permitted.
    NotAllowed,
    /// Anything else, verbatim.
    Other(String),
}

/// The outcome of one registration or communication attempt: `SUCCEEDED on <date>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Attempt {
    /// `SUCCEEDED`, `FAILED`, `PENDING`.
    pub result: AttemptResult,
    /// When it happened, if printed (`Last Communication Attempt: SUCCEEDED` has no date in summaries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

impl Default for Attempt {
    fn default() -> Self {
        Self {
            result: AttemptResult::Other(String::new()),
            at: None,
        }
    }
}

/// Result words of an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptResult {
    /// `SUCCEEDED` (XR register-status: a start time with `Last Response Message: OK`).
    Succeeded,
    /// `FAILED`.
    Failed,
    /// `PENDING` (usually with `Failure reason: Waiting for reply`).
    Pending,
    /// Anything else, verbatim.
    Other(String),
}

/// `License Authorization:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Authorization {
    /// `Status:` (`AUTHORIZED on <date>`, `EVAL MODE`, `OUT OF COMPLIANCE on <date>` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AuthorizationStatus>,
    /// The date printed after the status word (`AUTHORIZED on <date>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_since: Option<DateTime<Utc>>,
    /// `Last Communication Attempt:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_communication: Option<Attempt>,
    /// `Next Communication Attempt:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_communication: Option<DateTime<Utc>>,
    /// `Communication Deadline:` (90 days after the last successful authorization).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communication_deadline: Option<DateTime<Utc>>,
    /// `Failure reason:` printed in this section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<FailureReason>,
}

/// Authorization state words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizationStatus {
    /// `AUTHORIZED`.
    Authorized,
    /// `OUT OF COMPLIANCE`.
    OutOfCompliance,
    /// `EVAL MODE`.
    EvalMode,
    /// `EVAL EXPIRED` / `EVALUATION EXPIRED`.
    EvalExpired,
    /// `AUTHORIZATION EXPIRED`.
    AuthorizationExpired,
    /// `NOT AUTHORIZED`.
    NotAuthorized,
    /// `Not Applicable` (Smart Licensing Using Policy has no authorization).
    NotApplicable,
    /// A state this grammar has not seen, kept verbatim.
    Other(String),
}

/// Evaluation period state, derived from the authorization section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Evaluation {
    /// The device runs on its evaluation period (`EVAL MODE`).
    pub in_use: bool,
    /// The evaluation period is used up (`EVAL EXPIRED`).
    pub expired: bool,
    /// `Evaluation Period Remaining:` in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_seconds: Option<u64>,
}

/// `Smart License Conversion:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conversion {
    /// `Automatic Conversion Enabled:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automatic: Option<bool>,
    /// `Status:` (`Not started`, `Successful on <date>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ConversionStatus>,
    /// The date after the status word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// IOS-XE `Last Data Push:` (`<none>` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_data_push: Option<DateTime<Utc>>,
    /// IOS-XE `Last File Export:` (`<none>` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_file_export: Option<DateTime<Utc>>,
}

/// Conversion state words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversionStatus {
    /// `Not started`.
    NotStarted,
    /// `Successful`.
    Successful,
    /// `Failed`.
    Failed,
    /// `In progress`.
    InProgress,
    /// Anything else, verbatim.
    Other(String),
}

/// IOS-XE `Export Authorization Key:` section: the export-controlled features a key unlocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportAuthorization {
    /// `Features Authorized:` (empty when the device printed `<none>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features_authorized: Vec<String>,
}

/// IOS-XE `License Authorizations` banner: authorization codes (SLR / SLAC) per HA member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LicenseAuthorizations {
    /// `Last Data Push:` (`<none>` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_data_push: Option<DateTime<Utc>>,
    /// `Last File Export:` (`<none>` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_file_export: Option<DateTime<Utc>>,
    /// `Overall status:`: one entry per `Active:` / `Standby:` / `Member:` unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<AuthorizationUnit>,
    /// `Purchased Licenses:` lines as printed (`No Purchase Information Available`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purchased: Vec<String>,
    /// `Device Enforcement State:` (`NOT APPLICABLE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_enforcement_state: Option<String>,
}

/// One HA member's authorization code state under `Overall status:`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthorizationUnit {
    /// `Active`, `Standby`, `Member`.
    pub role: String,
    /// `PID:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<String>,
    /// `SN:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// `Status:` words as printed (`NOT INSTALLED`, `INSTALLED`), without the date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The date printed with the status (`INSTALLED on <date>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}
