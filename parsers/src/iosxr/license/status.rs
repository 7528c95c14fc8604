//! `admin show license status` on IOS-XR, samples `samples/iosxr/show_license_status/`.
//!
//! Classic XR prints one line, `Compliance Status: Out of compliance` (004 §Smart Licensing);
//! 64-bit XR prints the shared smart agent layout (`Smart Licensing is ENABLED`,
//! `Registration:` ...), which [`crate::agent::license`] reads.

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::{ComplianceStatus, LicensingMode};
use crate::{agent, not_this, DeviceLicensing, ParseError};

/// `show license status`: `Compliance Status: Out of compliance`, or the agent layout.
pub(crate) fn status(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    if is_agent_layout(text) {
        return agent::license(text, w);
    }
    let mut out = DeviceLicensing::default();
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        match split_kv(&line.text) {
            Some((label, value)) if norm(label) == "compliance status" => {
                let (status, qualifier) = compliance_qualified(value);
                out.compliance = Some(status);
                out.compliance_qualifier = qualifier;
            }
            _ => w.push(line.no, &line.text, "not a compliance status line"),
        }
    }
    if out.compliance.is_none() {
        return Err(not_this("no `Compliance Status:` line"));
    }
    out.mode = Some(LicensingMode::SmartLicensing);
    Ok(out)
}

/// The first non-blank line is an agent heading (`Smart Licensing is ENABLED`,
/// `Smart Licensing Status`, `Utility:`, `Smart Licensing using Policy:`, `Registration:`).
fn is_agent_layout(text: &Text) -> bool {
    let Some(first) = text.lines.iter().find(|l| !l.text.is_empty()) else {
        return false;
    };
    let t = norm(&first.text);
    t.starts_with("smart licensing is")
        || t.starts_with("smart licensing status")
        || t.starts_with("smart licensing using policy")
        || t == "utility:"
        || t == "registration:"
}

/// `In compliance` / `Authorized` / `Out of compliance`; anything else verbatim.
pub(crate) fn compliance(value: &str) -> ComplianceStatus {
    match norm(value).as_str() {
        "in compliance" | "authorized" => ComplianceStatus::InCompliance,
        "out of compliance" => ComplianceStatus::OutOfCompliance,
        _ => ComplianceStatus::Other(value.trim().to_string()),
    }
}

/// `Out of compliance (Grace period expired)` → the status and its parenthesised qualifier
/// (`Grace period expired`), verbatim; any qualifier is kept, whatever it says.
pub(crate) fn compliance_qualified(value: &str) -> (ComplianceStatus, Option<String>) {
    let Some((word, rest)) = value.split_once('(') else {
        return (compliance(value), None);
    };
    let rest = rest.trim();
    let inner = rest.strip_suffix(')').unwrap_or(rest).trim();
    let qualifier = (!inner.is_empty()).then(|| inner.to_string());
    (compliance(word), qualifier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::text::prepare;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(status, raw)
    }

    #[test]
    fn compliance_qualifier_is_kept_verbatim() {
        assert_eq!(
            compliance_qualified("Out of compliance (Grace period expired)"),
            (
                ComplianceStatus::OutOfCompliance,
                Some("Grace period expired".to_string())
            )
        );
        assert_eq!(
            compliance_qualified("Out of Compliance (Remaining Grace Period: 87 days)"),
            (
                ComplianceStatus::OutOfCompliance,
                Some("Remaining Grace Period: 87 days".to_string())
            )
        );
        assert_eq!(
            compliance_qualified("In compliance"),
            (ComplianceStatus::InCompliance, None)
        );
        assert_eq!(
            compliance_qualified("Out of compliance ()"),
            (ComplianceStatus::OutOfCompliance, None)
        );
    }

    #[test]
    fn compliance_words_map() {
        for (printed, want) in [
            ("Out of compliance", ComplianceStatus::OutOfCompliance),
            ("In compliance", ComplianceStatus::InCompliance),
            ("Authorized", ComplianceStatus::InCompliance),
            ("AUTHORIZED", ComplianceStatus::InCompliance),
            ("Eval", ComplianceStatus::Other("Eval".into())),
        ] {
            assert_eq!(compliance(printed), want, "{printed}");
        }
    }

    #[test]
    fn out_of_compliance_line_sets_compliance() {
        let (got, w) = run(
            "RP/0/RSP0/CPU0:ROA#admin show license status\nCompliance Status: Out of compliance\n",
        );
        assert!(w.is_empty());
        let got = got.unwrap_or_default();
        assert_eq!(got.compliance, Some(ComplianceStatus::OutOfCompliance));
        assert_eq!(got.mode, Some(LicensingMode::SmartLicensing));
    }

    #[test]
    fn agent_layout_is_delegated() {
        let text = prepare("Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n")
            .unwrap_or_default();
        assert!(is_agent_layout(&text));
        assert!(!is_agent_layout(
            &prepare("Compliance Status: In compliance\n").unwrap_or_default()
        ));
    }

    #[test]
    fn unrelated_text_is_not_this_output() {
        assert!(matches!(
            run("Assigned Pool Info: X\n").0,
            Err(ParseError::NotThisOutput { .. })
        ));
    }
}
