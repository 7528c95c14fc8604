//! Value shapes shared by all grammars: `STATUS on <date>`, `90 (CISCO default)`,
//! `yes (Customer Policy)`, `IN USE(15)`, and date fields that may be placeholders.

use chrono::{DateTime, Utc};

use super::absent::is_absent;
use super::date;
use super::Warnings;

/// Splits `AUTHORIZED on Jul 16 14:26:01 2021 UTC` into the status words and the date text.
/// The split is at the last ` on ` followed by something that parses as a timestamp.
pub(crate) fn status_on(value: &str) -> (&str, Option<&str>) {
    let v = value.trim();
    let mut search = v.len();
    while let Some(p) = v[..search].rfind(" on ") {
        let rest = &v[p + 4..];
        if date::stamp(rest.trim_start()).is_ok() {
            return (v[..p].trim(), Some(rest.trim()));
        }
        search = p;
    }
    (v, None)
}

/// A date field: placeholders and the epoch sentinel give `None` silently; anything else that
/// is not a convertible timestamp gives `None` and a warning naming the line. Every timestamp
/// is recorded with its printed text in the context's date log, resolved or not.
pub(crate) fn date_field(value: &str, line: usize, w: &mut Warnings) -> Option<DateTime<Utc>> {
    if is_absent(value) {
        return None;
    }
    match date::whole_stamp(value) {
        Ok(st) => w.date(line, value, &st, None, None),
        Err(e) => {
            w.push(line, value, e.to_string());
            None
        }
    }
}

/// `90 (CISCO default)` → `(90, Some("CISCO default"))`; `30` → `(30, None)`.
pub(crate) fn number_with_source(value: &str) -> Option<(u32, Option<&str>)> {
    let v = value.trim();
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    let n = v[..digits].parse().ok()?;
    let rest = v[digits..].trim();
    if rest.is_empty() {
        return Some((n, None));
    }
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    Some((n, Some(inner.trim())))
}

/// `Yes`, `yes (Customer Policy)`, `ENABLED`, `True`, `enable` → `true`, and the opposites.
pub(crate) fn flag(value: &str) -> Option<bool> {
    let word = value
        .split(['(', ';'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match word.as_str() {
        "yes" | "true" | "enabled" | "enable" | "on" | "active" | "allowed" => Some(true),
        "no" | "false" | "disabled" | "disable" | "off" | "inactive" | "not allowed" => Some(false),
        _ => None,
    }
}

/// `IN USE(15)` / `IN USE (15)` → `("IN USE", Some(15))`.
pub(crate) fn words_with_count(value: &str) -> (&str, Option<u32>) {
    let v = value.trim();
    if let Some(open) = v.rfind('(') {
        if let Some(inner) = v[open + 1..].strip_suffix(')') {
            if let Ok(n) = inner.trim().parse() {
                return (v[..open].trim(), Some(n));
            }
        }
    }
    (v, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::Resolution;
    use crate::ParseOptions;

    #[test]
    fn status_and_date_split_at_last_on() {
        assert_eq!(
            status_on("AUTHORIZED on Jul 16 14:26:01 2021 UTC"),
            ("AUTHORIZED", Some("Jul 16 14:26:01 2021 UTC"))
        );
        assert_eq!(
            status_on("OUT OF COMPLIANCE on Jul 26 09:24:09 2018 UTC"),
            ("OUT OF COMPLIANCE", Some("Jul 26 09:24:09 2018 UTC"))
        );
        assert_eq!(status_on("EVAL MODE"), ("EVAL MODE", None));
        assert_eq!(
            status_on("Installed On Nov 07 22:50:04 2020 UTC").0,
            "Installed On Nov 07 22:50:04 2020 UTC"
        );
        assert_eq!(status_on("Turned on now"), ("Turned on now", None));
    }

    #[test]
    fn date_fields_warn_only_on_real_problems() {
        let mut w = Warnings::default();
        assert_eq!(date_field("<none>", 1, &mut w), None);
        assert_eq!(date_field("Jan 01 00:00:00 1970 UTC", 2, &mut w), None);
        assert!(w.0.is_empty());
        assert_eq!(
            date_field("Jul 16 14:26:01 2021 UTC", 3, &mut w),
            Some(utc(2021, 7, 16, 14, 26, 1))
        );
        assert_eq!(date_field("Jul 16 14:26:01 2021 IST", 4, &mut w), None);
        assert_eq!(w.0.len(), 1);
        assert_eq!(w.0[0].line, 4);
    }

    #[test]
    fn every_date_is_recorded_as_printed() {
        let mut w = Warnings::default();
        date_field("<none>", 1, &mut w);
        date_field("Jan 01 00:00:00 1970 UTC", 2, &mut w);
        date_field(" Jul 16 14:26:01 2021 UTC", 3, &mut w);
        date_field("Apr 23 15:33:15 2025 IST", 4, &mut w);
        date_field("garbage", 5, &mut w);
        let got: Vec<_> =
            w.1.dates
                .iter()
                .map(|d| {
                    (
                        d.line,
                        d.text.as_str(),
                        d.zone.as_deref(),
                        d.utc,
                        d.resolved,
                    )
                })
                .collect();
        assert_eq!(
            got,
            [
                (
                    3,
                    "Jul 16 14:26:01 2021 UTC",
                    Some("UTC"),
                    Some(utc(2021, 7, 16, 14, 26, 1)),
                    Resolution::Printed
                ),
                (
                    4,
                    "Apr 23 15:33:15 2025 IST",
                    Some("IST"),
                    None,
                    Resolution::Unresolved
                ),
            ]
        );
    }

    #[test]
    fn options_resolve_the_device_zone_without_warning() {
        let mut w = Warnings::with_options(ParseOptions {
            zones: [("XYZ".to_string(), 330)].into(),
            timezone: None,
        });
        assert_eq!(
            date_field("Apr 23 15:33:15 2025 XYZ", 7, &mut w),
            Some(utc(2025, 4, 23, 10, 3, 15))
        );
        assert!(w.0.is_empty(), "{:?}", w.0);
        assert_eq!(w.1.dates[0].resolved, Resolution::DeviceClock);
    }

    #[test]
    fn policy_numbers_keep_their_source() {
        assert_eq!(
            number_with_source("90 (CISCO default)"),
            Some((90, Some("CISCO default")))
        );
        assert_eq!(
            number_with_source("0 (no reporting)"),
            Some((0, Some("no reporting")))
        );
        assert_eq!(number_with_source("30"), Some((30, None)));
        assert_eq!(number_with_source("soon"), None);
    }

    #[test]
    fn flags_and_counts() {
        assert_eq!(flag("yes (Customer Policy)"), Some(true));
        assert_eq!(flag("DISABLED"), Some(false));
        assert_eq!(flag("maybe"), None);
        assert_eq!(words_with_count("IN USE(15)"), ("IN USE", Some(15)));
        assert_eq!(words_with_count("IN USE"), ("IN USE", None));
    }
}
