//! The `License Usage:` table of `show license summary`, read from the right because the
//! columns are not aligned (gaps can be a single space) and names are cut with `...`.

use nom::bytes::complete::take_till1;
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{eof, map_res};
use nom::sequence::delimited;
use nom::Parser;

use super::words;
use crate::lex::absent::present;
use crate::lex::PResult;
use crate::model::License;

/// Status words the table prints, longest first so `NOT IN USE` wins over `IN USE`.
const STATUSES: &[&str] = &[
    "AUTHORIZATION EXPIRED",
    "OUT OF COMPLIANCE",
    "NOT AUTHORIZED",
    "EVAL EXPIRED",
    "NOT IN USE",
    "AUTHORIZED",
    "EVAL MODE",
    "IN USE",
];

/// The header of the table: `License  Entitlement tag  Count  Status`.
pub(super) fn is_table_header(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.starts_with("license") && lower.contains("entitlement") && lower.contains("count")
}

/// `(LAN_ENTERPRISE_SERVICES_PKG)  1 ` — the tag in parentheses and the count after it.
fn tag_and_count(i: &str) -> PResult<'_, (&str, u32)> {
    let (i, tag) = delimited(char('('), take_till1(|c| c == ')'), char(')')).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, count) = map_res(digit1, str::parse::<u32>).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, _) = eof(i)?;
    Ok((i, (tag, count)))
}

/// The status column at the end of a row; unknown words are kept from the last blank on.
fn split_status(t: &str) -> Option<(&str, &str)> {
    for s in STATUSES {
        let Some(cut) = t.len().checked_sub(s.len()) else {
            continue;
        };
        if let (Some(head), Some(tail)) = (t.get(..cut), t.get(cut..)) {
            if tail.eq_ignore_ascii_case(s) {
                return Some((head, tail));
            }
        }
    }
    let cut = t.rfind(char::is_whitespace)?;
    let tail = t.get(cut..)?.trim();
    if tail.is_empty() || tail.chars().any(|c| c.is_ascii_digit() || c == ')') {
        return None;
    }
    Some((t.get(..cut)?, tail))
}

/// One table row, e.g.
/// `LAN license for Nexus 9... (LAN_ENTERPRISE_SERVICES_PKG)  1 AUTHORIZED` or
/// `<empty>                               (VPN_FABRIC)                                   1          EVAL MODE`.
/// `position` is the row's index; rows are never merged.
pub(super) fn row(t: &str, position: u32) -> Option<License> {
    let t = t.trim();
    let (head, status) = split_status(t)?;
    let head = head.trim_end();
    let open = head.rfind('(')?;
    let (_, (tag, count)) = tag_and_count(head.get(open..)?).ok()?;
    let name_text = head.get(..open)?.trim();
    let (name, name_truncated) = match name_text.strip_suffix("...") {
        Some(cut) => (present(cut).map(str::to_string), true),
        None => (present(name_text).map(str::to_string), false),
    };
    let (status, _) = words::license_status(status);
    Some(License {
        position,
        name,
        name_truncated,
        entitlement_tag: Some(tag.trim().to_string()),
        count: Some(count),
        status: Some(status),
        ..License::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LicenseStatus;

    #[test]
    fn summary_rows_with_single_space_gaps_parse_from_the_right() {
        let r = row(
            "LAN license for Nexus 9... (LAN_ENTERPRISE_SERVICES_PKG)  1 AUTHORIZED",
            3,
        )
        .unwrap_or_default();
        assert_eq!(r.position, 3);
        assert_eq!(r.name.as_deref(), Some("LAN license for Nexus 9"));
        assert!(r.name_truncated);
        assert_eq!(
            r.entitlement_tag.as_deref(),
            Some("LAN_ENTERPRISE_SERVICES_PKG")
        );
        assert_eq!(r.count, Some(1));
        assert_eq!(r.status, Some(LicenseStatus::Authorized));
    }

    /// Row text, name, truncated, tag, count, status.
    type Case = (
        &'static str,
        Option<&'static str>,
        bool,
        &'static str,
        u32,
        LicenseStatus,
    );

    #[test]
    fn summary_rows_known_answers() {
        let cases: [Case; 6] = [
            (
                "<empty>                               (VPN_FABRIC)                                   1          EVAL MODE",
                None, false, "VPN_FABRIC", 1, LicenseStatus::EvalMode,
            ),
            (
                "C9500 Network Advantage   (C9500 Network Advantage)     1      AUTHORIZED",
                Some("C9500 Network Advantage"), false, "C9500 Network Advantage", 1, LicenseStatus::Authorized,
            ),
            (
                "DCN NDB Add-On License ... (DCN_NDB)                                1          IN USE",
                Some("DCN NDB Add-On License"), true, "DCN_NDB", 1, LicenseStatus::InUse,
            ),
            (
                "network-advantage       (C9300-24 Network Advan...)       2 NOT IN USE",
                Some("network-advantage"), false, "C9300-24 Network Advan...", 2, LicenseStatus::NotInUse,
            ),
            (
                "air-network-advantage (AIR-DNA-A)1 OUT OF COMPLIANCE",
                Some("air-network-advantage"), false, "AIR-DNA-A", 1, LicenseStatus::OutOfCompliance,
            ),
            (
                "odd (ODD_PKG) 4 RESERVED",
                Some("odd"), false, "ODD_PKG", 4, LicenseStatus::Other("RESERVED".into()),
            ),
        ];
        for (line, name, trunc, tag, count, status) in cases {
            let r = row(line, 0);
            assert!(r.is_some(), "{line}");
            let r = r.unwrap_or_default();
            assert_eq!(r.name.as_deref(), name, "{line}");
            assert_eq!(r.name_truncated, trunc, "{line}");
            assert_eq!(r.entitlement_tag.as_deref(), Some(tag), "{line}");
            assert_eq!(r.count, Some(count), "{line}");
            assert_eq!(r.status, Some(status), "{line}");
        }
    }

    #[test]
    fn non_rows_are_not_rows() {
        for t in [
            "Status: AUTHORIZED",
            "License                               Entitlement tag   Count      Status",
            "(DCN_NDB):",
            "---------------",
            "",
            "(X) 1",
        ] {
            assert!(row(t, 0).is_none(), "{t}");
        }
    }

    #[test]
    fn table_header_is_recognised() {
        assert!(is_table_header(
            "License                   Entitlement tag               Count  Status"
        ));
        assert!(is_table_header(
            "License                 Entitlement Tag               Count Status"
        ));
        assert!(!is_table_header("License Usage:"));
    }
}
