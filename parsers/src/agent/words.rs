//! State words of the agent outputs (`REGISTERED`, `EVAL MODE`, `IN USE(15)`, `cslu` ...) and
//! the model enums they map to. Unseen words are kept verbatim as `Other`.

use crate::lex::value::words_with_count;
use crate::model::{
    AttemptResult, AuthorizationStatus, ConversionStatus, Enforcement, ExportControl,
    LicenseStatus, RegistrationStatus, TransportKind,
};

/// Upper-cased words with single blanks: `Eval  mode` → `EVAL MODE`.
fn upper_words(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// The words before a parenthesised extra: `Out of Compliance(Grace Period Expired)` → `OUT OF COMPLIANCE`.
fn head_words(v: &str) -> String {
    upper_words(v.split('(').next().unwrap_or(""))
}

/// `Status: UNREGISTERED - REGISTRATION FAILED` (registration section).
pub(super) fn registration_status(v: &str) -> RegistrationStatus {
    let u = upper_words(v);
    match u.as_str() {
        "REGISTERED" => RegistrationStatus::Registered,
        "UNREGISTERED" => RegistrationStatus::Unregistered,
        _ if u.starts_with("UNREGISTERED") && u.contains("FAILED") => {
            RegistrationStatus::RegistrationFailed
        }
        _ if u.starts_with("REGISTERING") => RegistrationStatus::Registering,
        _ => RegistrationStatus::Other(v.trim().to_string()),
    }
}

/// `Status: OUT OF COMPLIANCE` (authorization section, date already split off).
pub(super) fn authorization_status(v: &str) -> AuthorizationStatus {
    match head_words(v).as_str() {
        "AUTHORIZED" => AuthorizationStatus::Authorized,
        "OUT OF COMPLIANCE" => AuthorizationStatus::OutOfCompliance,
        "EVAL MODE" | "EVALUATION MODE" => AuthorizationStatus::EvalMode,
        "EVAL EXPIRED" | "EVALUATION EXPIRED" | "EVALUATION PERIOD EXPIRED" => {
            AuthorizationStatus::EvalExpired
        }
        "AUTHORIZATION EXPIRED" => AuthorizationStatus::AuthorizationExpired,
        "NOT AUTHORIZED" => AuthorizationStatus::NotAuthorized,
        "NOT APPLICABLE" => AuthorizationStatus::NotApplicable,
        _ => AuthorizationStatus::Other(v.trim().to_string()),
    }
}

/// Per-license `Status: IN USE(15)` → status and the number in parentheses (a state code).
pub(super) fn license_status(v: &str) -> (LicenseStatus, Option<u32>) {
    let (words, count) = words_with_count(v);
    let status = match head_words(words).as_str() {
        "AUTHORIZED" => LicenseStatus::Authorized,
        "EVAL MODE" => LicenseStatus::EvalMode,
        "EVAL EXPIRED" | "EVALUATION EXPIRED" => LicenseStatus::EvalExpired,
        "IN USE" => LicenseStatus::InUse,
        "NOT IN USE" => LicenseStatus::NotInUse,
        "OUT OF COMPLIANCE" => LicenseStatus::OutOfCompliance,
        "NOT AUTHORIZED" => LicenseStatus::NotAuthorized,
        "AUTHORIZATION EXPIRED" => LicenseStatus::AuthorizationExpired,
        _ => LicenseStatus::Other(words.trim().to_string()),
    };
    (status, count)
}

/// `SUCCEEDED` / `FAILED` / `PENDING` of `Initial Registration:` and friends.
pub(super) fn attempt_result(v: &str) -> AttemptResult {
    match upper_words(v).as_str() {
        "SUCCEEDED" | "SUCCESS" | "SUCCESSFUL" => AttemptResult::Succeeded,
        "FAILED" => AttemptResult::Failed,
        "PENDING" => AttemptResult::Pending,
        _ => AttemptResult::Other(v.trim().to_string()),
    }
}

/// `Export-Controlled Functionality: Allowed | ALLOWED | NotAllowed | Not Allowed`.
pub(super) fn export_control(v: &str) -> ExportControl {
    let squeezed: String = v
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match squeezed.as_str() {
        "allowed" => ExportControl::Allowed,
        "notallowed" => ExportControl::NotAllowed,
        _ => ExportControl::Other(v.trim().to_string()),
    }
}

/// `Smart License Conversion: Status: Not started | Successful` (date split off).
pub(super) fn conversion_status(v: &str) -> ConversionStatus {
    match upper_words(v).as_str() {
        "NOT STARTED" => ConversionStatus::NotStarted,
        "SUCCESSFUL" | "SUCCEEDED" => ConversionStatus::Successful,
        "FAILED" => ConversionStatus::Failed,
        "IN PROGRESS" => ConversionStatus::InProgress,
        _ => ConversionStatus::Other(v.trim().to_string()),
    }
}

/// `Enforcement Type: NOT ENFORCED`.
pub(super) fn enforcement(v: &str) -> Enforcement {
    match upper_words(v).as_str() {
        "NOT ENFORCED" | "UNENFORCED" => Enforcement::NotEnforced,
        "ENFORCED" => Enforcement::Enforced,
        "EXPORT RESTRICTED" | "EXPORT CONTROLLED" | "EXPORT-CONTROLLED" => {
            Enforcement::ExportControlled
        }
        _ => Enforcement::Other(v.trim().to_string()),
    }
}

/// SLP `Transport: Type: Callhome | Smart | CSLU | cslu | Off`.
pub(super) fn transport_kind(v: &str) -> TransportKind {
    match upper_words(v).as_str() {
        "CALLHOME" | "CALL-HOME" | "CALL HOME" => TransportKind::Callhome,
        "SMART" => TransportKind::Smart,
        "CSLU" => TransportKind::Cslu,
        "OFF" => TransportKind::Off,
        _ => TransportKind::Other(v.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_words_map_to_states() {
        let cases = [
            ("REGISTERED", RegistrationStatus::Registered),
            ("UNREGISTERED", RegistrationStatus::Unregistered),
            (
                "UNREGISTERED - REGISTRATION FAILED",
                RegistrationStatus::RegistrationFailed,
            ),
            (
                "REGISTERING - REGISTRATION IN PROGRESS",
                RegistrationStatus::Registering,
            ),
            ("MYSTERY", RegistrationStatus::Other("MYSTERY".into())),
        ];
        for (v, want) in cases {
            assert_eq!(registration_status(v), want, "{v}");
        }
    }

    #[test]
    fn authorization_words_ignore_parenthesised_extras() {
        let cases = [
            ("AUTHORIZED", AuthorizationStatus::Authorized),
            ("EVAL MODE", AuthorizationStatus::EvalMode),
            ("EVAL EXPIRED", AuthorizationStatus::EvalExpired),
            (
                "AUTHORIZATION EXPIRED",
                AuthorizationStatus::AuthorizationExpired,
            ),
            ("NOT AUTHORIZED", AuthorizationStatus::NotAuthorized),
            ("Not Applicable", AuthorizationStatus::NotApplicable),
            (
                "Out of Compliance(Grace Period Expired)",
                AuthorizationStatus::OutOfCompliance,
            ),
            ("ODD STATE", AuthorizationStatus::Other("ODD STATE".into())),
        ];
        for (v, want) in cases {
            assert_eq!(authorization_status(v), want, "{v}");
        }
    }

    #[test]
    fn license_status_keeps_the_state_code_in_parentheses() {
        assert_eq!(
            license_status("IN USE(15)"),
            (LicenseStatus::InUse, Some(15))
        );
        assert_eq!(
            license_status("NOT IN USE"),
            (LicenseStatus::NotInUse, None)
        );
        assert_eq!(license_status("EVAL MODE"), (LicenseStatus::EvalMode, None));
    }

    #[test]
    fn transport_and_export_words_are_case_blind() {
        assert_eq!(transport_kind("cslu"), TransportKind::Cslu);
        assert_eq!(transport_kind("Callhome"), TransportKind::Callhome);
        assert_eq!(transport_kind("off"), TransportKind::Off);
        assert_eq!(export_control("Not Allowed"), ExportControl::NotAllowed);
        assert_eq!(export_control("NotAllowed"), ExportControl::NotAllowed);
        assert_eq!(export_control("ALLOWED"), ExportControl::Allowed);
        assert_eq!(enforcement("NOT ENFORCED"), Enforcement::NotEnforced);
        assert_eq!(
            conversion_status("Not started"),
            ConversionStatus::NotStarted
        );
    }
}
