//! `admin show license register-status` (classic IOS-XR smart agent), samples
//! `samples/iosxr/show_license_register-status/`.
//!
//! ```text
//! Registration Status: Completed
//! Registration Start Time: Wed Dec 17 2014 13:07:23 PST
//! Next ID Cert Renew Time: Mon Jun 15 2015 14:07:45 PST
//! Next ID Cert Expiration Time: Thu Dec 17 2015 13:01:41 PST
//! Last Response Time: Wed Dec 17 2014 13:07:45 PST
//! Last Response Message: OK: OK
//! ```
//!
//! Dates are converted with the zone the device prints. 004 prints `PST` for a June date
//! (`Mon Jun 15 2015 14:07:45 PST`, DST mislabel); the printed abbreviation is trusted as is,
//! since guessing the device's real zone would be an invention.

use chrono::{DateTime, Utc};

use crate::lex::absent::present;
use crate::lex::kv::{join_wrapped, norm, split_kv};
use crate::lex::text::Text;
use crate::lex::value::date_field;
use crate::lex::Warnings;
use crate::model::{
    Attempt, AttemptResult, FailureReason, LicensingMode, Registration, RegistrationStatus,
};
use crate::{not_this, DeviceLicensing, ParseError};

/// The labels this output prints, normalised.
const LABELS: &[&str] = &[
    "registration status",
    "registration start time",
    "next id cert renew time",
    "next id cert expiration time",
    "last response time",
    "last response message",
];

/// `show license register-status`: `Registration Status: Completed` and the timers under it.
///
/// `Registration Start Time:` becomes `registration.initial_registration`. Its result is
/// `Succeeded` when the status says `Completed` (the registration went through, whatever
/// happened since); otherwise it follows `Last Response Message:`: `OK...` is `Succeeded`, a
/// message naming an error is `Failed`, any other message is kept verbatim as `Other`, no
/// message at all means no answer yet, `Pending`.
///
/// The last response describes the latest exchange, usually an ID-certificate renewal: an
/// error there (`Response error: ...`, `... is not valid`, `... failed`, the 004 §Syslogs
/// texts) is kept as the registration's `failure_reason` even on a registered device.
pub(crate) fn register_status(
    text: &Text,
    w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    let mut reg = Registration::default();
    let mut start: Option<DateTime<Utc>> = None;
    let mut message: Option<String> = None;
    let mut last_label = String::new();
    let mut prev_width = 0;
    let mut known = false;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let field = split_kv(&line.text)
            .map(|(l, v)| (norm(l), v))
            .filter(|(l, _)| LABELS.contains(&l.as_str()));
        let Some((label, value)) = field else {
            // A long `Last Response Message:` (a JSON error body) wraps onto the next lines.
            if let (true, Some(m)) = (last_label == "last response message", message.as_mut()) {
                join_wrapped(m, prev_width, &line.text);
                prev_width = line.width;
            } else {
                w.push(line.no, &line.text, "not a register-status field");
            }
            continue;
        };
        known = true;
        match label.as_str() {
            "registration status" => reg.status = Some(registration_status(value)),
            "registration start time" => start = date_field(value, line.no, w),
            "next id cert renew time" => reg.next_renewal_attempt = date_field(value, line.no, w),
            "next id cert expiration time" => reg.expires = date_field(value, line.no, w),
            "last response time" => reg.last_response_at = date_field(value, line.no, w),
            _ => message = Some(value.to_string()),
        }
        last_label = label;
        prev_width = line.width;
    }
    if !known {
        return Err(not_this(
            "no `Registration Status:` or register-status field",
        ));
    }
    let message = message.and_then(|m| present(&m).map(str::to_string));
    if let Some(at) = start {
        let result = match message.as_deref() {
            _ if reg.status == Some(RegistrationStatus::Registered) => AttemptResult::Succeeded,
            Some(m) if is_ok(m) => AttemptResult::Succeeded,
            Some(m) if is_error(m) => AttemptResult::Failed,
            Some(m) => AttemptResult::Other(m.to_string()),
            None => AttemptResult::Pending,
        };
        reg.initial_registration = Some(Attempt {
            result,
            at: Some(at),
        });
    }
    if let Some(m) = message.as_deref().filter(|m| is_error(m)) {
        reg.failure_reason = Some(FailureReason::new(m));
    }
    reg.last_response_message = message;
    Ok(DeviceLicensing {
        mode: Some(LicensingMode::SmartLicensing),
        registration: Some(reg),
        ..DeviceLicensing::default()
    })
}

/// `OK: OK` and other messages starting with the word `OK`.
fn is_ok(message: &str) -> bool {
    let m = message.trim_start();
    m.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ok"))
        && !m
            .get(2..3)
            .is_some_and(|c| c.chars().all(char::is_alphanumeric))
}

/// A response message that reports a failure.
fn is_error(message: &str) -> bool {
    const WORDS: [&str; 8] = [
        "error",
        "fail",
        "not valid",
        "invalid",
        "denied",
        "unable",
        "does not match",
        "do not match",
    ];
    let m = message.to_ascii_lowercase();
    !is_ok(message) && WORDS.iter().any(|w| m.contains(w))
}

/// `Completed` / `Not Registered`; anything else verbatim.
fn registration_status(value: &str) -> RegistrationStatus {
    match norm(value).as_str() {
        "completed" | "registered" => RegistrationStatus::Registered,
        "not registered" | "unregistered" => RegistrationStatus::Unregistered,
        _ => RegistrationStatus::Other(value.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::FailureKind;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(register_status, raw)
    }

    #[test]
    fn completed_registration_fills_every_timer() {
        let (got, w) = run("Registration Status: Completed\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nNext ID Cert Renew Time: Mon Jun 15 2015 14:07:45 PST\nNext ID Cert Expiration Time: Thu Dec 17 2015 13:01:41 PST\nLast Response Time: Wed Dec 17 2014 13:07:45 PST\nLast Response Message: OK: OK\n");
        assert!(w.is_empty(), "{w:?}");
        let reg = got.ok().and_then(|d| d.registration).unwrap_or_default();
        assert_eq!(reg.status, Some(RegistrationStatus::Registered));
        assert_eq!(
            reg.initial_registration,
            Some(Attempt {
                result: AttemptResult::Succeeded,
                at: Some(utc(2014, 12, 17, 21, 7, 23))
            })
        );
        // June date printed PST: trusted as printed (UTC-8).
        assert_eq!(reg.next_renewal_attempt, Some(utc(2015, 6, 15, 22, 7, 45)));
        assert_eq!(reg.expires, Some(utc(2015, 12, 17, 21, 1, 41)));
        assert_eq!(reg.last_response_at, Some(utc(2014, 12, 17, 21, 7, 45)));
        assert_eq!(reg.last_response_message.as_deref(), Some("OK: OK"));
        assert_eq!(reg.failure_reason, None);
    }

    #[test]
    fn registration_status_words_map() {
        for (printed, want) in [
            ("Completed", RegistrationStatus::Registered),
            ("Not Registered", RegistrationStatus::Unregistered),
            ("not  registered", RegistrationStatus::Unregistered),
            (
                "In Progress",
                RegistrationStatus::Other("In Progress".into()),
            ),
        ] {
            assert_eq!(registration_status(printed), want, "{printed}");
        }
    }

    #[test]
    fn wrapped_error_message_is_rejoined_and_classified() {
        let (got, w) = run("Registration Status: Not Registered\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nLast Response Message: Response error: {\"product_instance_identifier\": [\"Product\nInstance '8baecfb5-2688-429b-8519-10a3f0dec6b5' is not valid\"]}\n");
        assert!(w.is_empty(), "{w:?}");
        let reg = got.ok().and_then(|d| d.registration).unwrap_or_default();
        assert_eq!(
            reg.initial_registration.map(|a| a.result),
            Some(AttemptResult::Failed)
        );
        // The first line is 80 columns: a hard wrap, rejoined without a space.
        assert_eq!(
            reg.failure_reason.map(|f| f.kind),
            Some(FailureKind::ProductInstanceInvalid)
        );
        assert_eq!(
            reg.last_response_message.as_deref(),
            Some("Response error: {\"product_instance_identifier\": [\"ProductInstance '8baecfb5-2688-429b-8519-10a3f0dec6b5' is not valid\"]}")
        );
    }

    #[test]
    fn ok_prefix_and_error_word_rules() {
        assert!(is_ok("OK: OK"));
        assert!(is_ok("ok"));
        assert!(!is_ok("OKAY"));
        assert!(!is_ok("Response error: x"));
        assert!(is_error("Response error: x"));
        assert!(is_error("Fail to send out Call Home HTTP message"));
        assert!(!is_error("OK: OK"));
        assert!(!is_error("Registration in progress"));
    }

    #[test]
    fn renewal_error_on_a_registered_device_keeps_the_registration_succeeded() {
        let (got, _) = run("Registration Status: Completed\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nLast Response Message: Response error: {\"product_instance_identifier\": [\"ProductInstance 'x' is not valid\"]}\n");
        let reg = got.ok().and_then(|d| d.registration).unwrap_or_default();
        assert_eq!(
            reg.initial_registration.map(|a| a.result),
            Some(AttemptResult::Succeeded)
        );
        assert_eq!(
            reg.failure_reason.map(|f| f.kind),
            Some(FailureKind::ProductInstanceInvalid)
        );
    }

    #[test]
    fn neutral_message_is_kept_as_other_and_missing_one_is_pending() {
        let (got, _) = run("Registration Status: In Progress\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\nLast Response Message: Registration in progress\n");
        let reg = got.ok().and_then(|d| d.registration).unwrap_or_default();
        assert_eq!(
            reg.initial_registration.map(|a| a.result),
            Some(AttemptResult::Other("Registration in progress".into()))
        );
        assert_eq!(reg.failure_reason, None);
        let (got, _) = run("Registration Status: In Progress\nRegistration Start Time: Wed Dec 17 2014 13:07:23 PST\n");
        let reg = got.ok().and_then(|d| d.registration).unwrap_or_default();
        assert_eq!(
            reg.initial_registration.map(|a| a.result),
            Some(AttemptResult::Pending)
        );
    }

    #[test]
    fn unrelated_text_is_not_this_output() {
        assert!(matches!(
            run("Compliance Status: Out of compliance\n").0,
            Err(ParseError::NotThisOutput { .. })
        ));
        assert!(matches!(run("").0, Err(ParseError::NotThisOutput { .. })));
    }
}
