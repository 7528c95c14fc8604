//! Classic Smart Licensing sections: `Registration:`, `License Authorization:`,
//! `Smart License Conversion:`, and the SLP `Account Information:` that fills the same accounts.

use chrono::{DateTime, Utc};

use super::words;
use crate::lex::absent::{is_absent, present};
use crate::lex::date;
use crate::lex::duration::parse_duration;
use crate::lex::kv::norm;
use crate::lex::value::{date_field, flag, status_on};
use crate::lex::Warnings;
use crate::model::{Attempt, Authorization, Conversion, FailureReason, Registration};

/// `SUCCEEDED on Jun 22 16:15:41 2022 UTC`, `FAILED on ...`, `PENDING on ...`, bare `SUCCEEDED`;
/// `None` (the placeholder) gives no attempt.
pub(super) fn attempt(value: &str, line: usize, w: &mut Warnings) -> Option<Attempt> {
    if is_absent(value) {
        return None;
    }
    let (word, at) = status_on(value);
    Some(Attempt {
        result: words::attempt_result(word),
        at: at.and_then(|d| date_field(d, line, w)),
    })
}

/// A date or a placeholder (`None`, `<none>`, `Expired Not Rescheduled`, the 1970 sentinel).
fn when(value: &str, line: usize, w: &mut Warnings) -> Option<DateTime<Utc>> {
    date_field(value, line, w)
}

/// `Smart Account: Cisco Systems, TAC As of Mar 22 05:27:02 2021 UTC` → the account name only.
pub(super) fn account_name(value: &str) -> Option<String> {
    let v = value.trim();
    let mut search = v.len();
    while let Some(p) = v.get(..search).and_then(|s| s.rfind(" As of ")) {
        let rest = v.get(p + 7..).unwrap_or("");
        if date::stamp(rest.trim_start()).is_ok() {
            return present(v.get(..p).unwrap_or("")).map(str::to_string);
        }
        search = p;
    }
    present(v).map(str::to_string)
}

/// One field of `Registration:`, e.g. `Initial Registration: FAILED on Oct 22 14:25:31 2018 EST`.
/// Returns `false` for a label this section does not have.
pub(super) fn registration(
    r: &mut Registration,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    match norm(label).as_str() {
        "status" => r.status = present(value).map(words::registration_status),
        "smart account" => r.smart_account = account_name(value),
        "virtual account" => r.virtual_account = account_name(value),
        "export-controlled functionality" => {
            r.export_controlled = present(value).map(words::export_control)
        }
        "initial registration" => r.initial_registration = attempt(value, line, w),
        "last renewal attempt" => r.last_renewal_attempt = attempt(value, line, w),
        "next renewal attempt" => r.next_renewal_attempt = when(value, line, w),
        "next registration attempt" => r.next_registration_attempt = when(value, line, w),
        "registration expires" => r.expires = when(value, line, w),
        "failure reason" => r.failure_reason = present(value).map(FailureReason::new),
        _ => return false,
    }
    true
}

/// One field of `License Authorization:`, e.g. `Status: AUTHORIZED on Jul 16 14:26:01 2021 UTC`
/// or `Evaluation Period Remaining: 86 days, 11 hours, 49 minutes, 3 seconds`.
/// The remaining evaluation goes to `eval_remaining`.
pub(super) fn authorization(
    a: &mut Authorization,
    eval_remaining: &mut Option<u64>,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    match norm(label).as_str() {
        "status" => {
            let (word, at) = status_on(value);
            // `Not Applicable` is a state here (SLP), not a placeholder.
            let word = word.trim();
            a.status = (!word.is_empty()).then(|| words::authorization_status(word));
            a.status_since = at.and_then(|d| date_field(d, line, w));
        }
        "evaluation period remaining" => {
            *eval_remaining = present(value).and_then(|v| {
                let secs = parse_duration(v);
                if secs.is_none() {
                    w.push(line, v, "evaluation period remaining is not a duration");
                }
                secs
            })
        }
        "last communication attempt" => a.last_communication = attempt(value, line, w),
        "next communication attempt" => a.next_communication = when(value, line, w),
        "communication deadline" => a.communication_deadline = when(value, line, w),
        "failure reason" => a.failure_reason = present(value).map(FailureReason::new),
        _ => return false,
    }
    true
}

/// One field of `Smart License Conversion:` / IOS-XE `License Conversion:`:
/// `Automatic Conversion Enabled: False`, `Status: Successful on Aug 13 17:19:07 2021 UTC`,
/// `Last Data Push: <none>`, `Last File Export: <none>`.
pub(super) fn conversion(
    c: &mut Conversion,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    match norm(label).as_str() {
        "automatic conversion enabled" => c.automatic = flag(value),
        "last data push" => c.last_data_push = date_field(value, line, w),
        "last file export" => c.last_file_export = date_field(value, line, w),
        "status" => {
            let (word, at) = status_on(value);
            c.status = present(word).map(words::conversion_status);
            c.at = at.and_then(|d| date_field(d, line, w));
        }
        _ => return false,
    }
    true
}

/// IOS-XE SLP `Account Information:` `Smart Account: <name> As of <date>` / `Virtual Account:`.
pub(super) fn account(r: &mut Registration, label: &str, value: &str) -> bool {
    match norm(label).as_str() {
        "smart account" => r.smart_account = account_name(value),
        "virtual account" => r.virtual_account = account_name(value),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::{AttemptResult, AuthorizationStatus, ConversionStatus};

    #[test]
    fn attempts_split_result_and_date() {
        let mut w = Warnings::default();
        let a = attempt("FAILED on Oct 22 14:25:31 2018 EST", 1, &mut w).unwrap_or_default();
        assert_eq!(a.result, AttemptResult::Failed);
        assert_eq!(a.at, Some(utc(2018, 10, 22, 19, 25, 31)));
        let a = attempt("SUCCEEDED", 2, &mut w).unwrap_or_default();
        assert_eq!((a.result, a.at), (AttemptResult::Succeeded, None));
        assert_eq!(attempt("None", 3, &mut w), None);
        assert!(w.0.is_empty());
    }

    #[test]
    fn account_names_drop_the_as_of_date() {
        assert_eq!(
            account_name("Cisco Systems, TAC As of Mar 22 05:27:02 2021 UTC").as_deref(),
            Some("Cisco Systems, TAC")
        );
        assert_eq!(
            account_name("TAC Cisco Systems, Inc.").as_deref(),
            Some("TAC Cisco Systems, Inc.")
        );
        assert_eq!(account_name("<none>"), None);
    }

    #[test]
    fn authorization_status_carries_its_date_and_eval_time() {
        let mut w = Warnings::default();
        let mut a = Authorization::default();
        let mut eval = None;
        assert!(authorization(
            &mut a,
            &mut eval,
            "Status",
            "OUT OF COMPLIANCE on Jul 26 09:24:09 2018 UTC",
            1,
            &mut w
        ));
        assert_eq!(a.status, Some(AuthorizationStatus::OutOfCompliance));
        assert_eq!(a.status_since, Some(utc(2018, 7, 26, 9, 24, 9)));
        assert!(authorization(
            &mut a,
            &mut eval,
            "Evaluation Period Remaining",
            "65 days, 18 hours, 43 minutes, 0 seconds",
            2,
            &mut w
        ));
        assert_eq!(eval, Some(65 * 86_400 + 18 * 3_600 + 43 * 60));
        assert!(!authorization(
            &mut a, &mut eval, "Colour", "red", 3, &mut w
        ));
    }

    #[test]
    fn conversion_status_with_date() {
        let mut w = Warnings::default();
        let mut c = Conversion::default();
        conversion(
            &mut c,
            "Status",
            "Successful on Aug 13 17:19:07 2021 UTC",
            1,
            &mut w,
        );
        conversion(&mut c, "Automatic Conversion Enabled", "False", 2, &mut w);
        assert_eq!(c.status, Some(ConversionStatus::Successful));
        assert_eq!(c.at, Some(utc(2021, 8, 13, 17, 19, 7)));
        assert_eq!(c.automatic, Some(false));
    }
}
