//! `admin show license entitlement` (classic IOS-XR smart agent), samples
//! `samples/iosxr/show_license_entitlement/`.
//!
//! ```text
//! Entitlement:
//! Tag: regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c, Version: 1.0, Enforce Mode: Out of compliance
//! Requested Time : Mon Jan 12 2015 20:47:07 PST, Requested Count: 1
//! Vendor String:
//! Tag: INSTALLMGR, Version: 1.0, Not In Use
//! Requested Time : NA, Requested Count: NA
//! Vendor String:
//! ```
//!
//! Tags contain a comma (`...-LIC,1.0_<uuid>`), so the fields are split at `Version:`, not at
//! every comma. Terminals hard-wrap the long `Tag:` lines at 80 columns, mid-UUID or before
//! `Version:`; 004 even wraps them shorter. A line that does not start with a known label
//! continues the previous one when that one was hard-wrapped or is a `Tag:` line still
//! missing its state.

use nom::bytes::complete::{tag_no_case, take_until};
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{map_res, rest};
use nom::sequence::preceded;
use nom::Parser;

use crate::lex::absent::{is_absent, present};
use crate::lex::kv::{join_wrapped, norm, split_kv, WRAP_WIDTH};
use crate::lex::text::Text;
use crate::lex::value::date_field;
use crate::lex::{PResult, Warnings};
use crate::model::{Extra, License, LicenseStatus, LicensingMode};
use crate::{not_this, DeviceLicensing, ParseError};

/// What a logical line (physical lines rejoined) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `Entitlement:` heading.
    Heading,
    /// `Tag: ..., Version: ..., <state>`.
    Tag,
    /// `Requested Time : ..., Requested Count: ...`.
    Requested,
    /// `Vendor String: ...`.
    Vendor,
    /// A line not understood (already warned about): it closes the `Tag:` block above.
    Unknown,
}

/// A logical line: one or more physical lines rejoined.
struct Logical {
    /// What the line is.
    kind: Kind,
    /// Number of its first physical line.
    no: usize,
    /// The value after the label, pieces rejoined.
    value: String,
    /// Width of its last physical line (a hard wrap is ≥ [`WRAP_WIDTH`]).
    width: usize,
    /// Physical lines joined so far.
    pieces: usize,
}

/// Most physical lines a `Tag:` line still missing its state may absorb: real wraps need
/// three; the cap keeps hostile input from making the rejoin quadratic.
const MAX_TAG_PIECES: usize = 6;

/// `show license entitlement`: one [`License`] per `Tag:` line, with the `Requested ...` and
/// `Vendor String:` lines that follow it.
pub(crate) fn entitlement(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let logical = logical_lines(text, w);
    if logical.iter().all(|l| l.kind == Kind::Unknown) {
        return Err(not_this("no `Tag:` or `Entitlement:` line"));
    }
    let mut licenses: Vec<License> = Vec::new();
    let mut extra: Vec<Extra> = Vec::new();
    // Whether `Requested` / `Vendor String` lines still belong to the last `Tag:`.
    let mut open = false;
    for l in &logical {
        let current = if open { licenses.last_mut() } else { None };
        match (l.kind, current) {
            (Kind::Heading, _) => {}
            (Kind::Tag, _) => match tag_line(&l.value) {
                Some(mut lic) => {
                    lic.position = licenses.len() as u32;
                    licenses.push(lic);
                    open = true;
                }
                None => {
                    w.push(l.no, &l.value, "Tag line without `Version:` and state");
                    open = false;
                    extra.push(kept("Tag", l));
                }
            },
            (Kind::Requested, Some(lic)) => requested(&l.value, l.no, lic, w),
            (Kind::Vendor, Some(lic)) => lic.vendor_string = present(&l.value).map(str::to_string),
            (Kind::Requested | Kind::Vendor, None) => {
                if licenses.is_empty() {
                    w.push(l.no, &l.value, "line before any Tag");
                }
                let label = if l.kind == Kind::Vendor {
                    "Vendor String"
                } else {
                    "Requested Time"
                };
                extra.push(kept(label, l));
            }
            (Kind::Unknown, _) => {
                open = false;
                extra.push(kept("", l));
            }
        }
    }
    Ok(DeviceLicensing {
        mode: Some(LicensingMode::SmartLicensing),
        licenses,
        extra,
        ..DeviceLicensing::default()
    })
}

/// A logical line kept as an `extra` entry.
fn kept(label: &str, l: &Logical) -> Extra {
    Extra {
        label: label.to_string(),
        value: l.value.clone(),
        line: l.no,
        ..Extra::default()
    }
}

/// Groups physical lines into logical ones, rejoining wrapped `Tag:` lines.
fn logical_lines(text: &Text, w: &mut Warnings) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        if let Some((kind, value)) = labelled(&line.text) {
            out.push(Logical {
                kind,
                no: line.no,
                value: value.to_string(),
                width: line.width,
                pieces: 1,
            });
            continue;
        }
        // quirk: 004 prints `... output snipped ...` where the author cut the output.
        if is_snip_marker(&line.text) {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if last.width >= WRAP_WIDTH
                    || (last.kind == Kind::Tag
                        && last.pieces < MAX_TAG_PIECES
                        && !tag_is_complete(&last.value)) =>
            {
                join_wrapped(&mut last.value, last.width, &line.text);
                last.width = line.width;
                last.pieces += 1;
            }
            _ => {
                w.push(line.no, &line.text, "not an entitlement line");
                out.push(Logical {
                    kind: Kind::Unknown,
                    no: line.no,
                    value: line.text.to_string(),
                    width: 0,
                    pieces: 1,
                });
            }
        }
    }
    out
}

/// The label a logical line starts with, and its value.
fn labelled(t: &str) -> Option<(Kind, &str)> {
    let (label, value) = split_kv(t)?;
    let kind = match norm(label).as_str() {
        "entitlement" if value.is_empty() => Kind::Heading,
        "tag" => Kind::Tag,
        "requested time" => Kind::Requested,
        "vendor string" => Kind::Vendor,
        _ => return None,
    };
    Some((kind, value))
}

/// `... output snipped ...` (document marker, not device text).
fn is_snip_marker(t: &str) -> bool {
    t.starts_with("...") && t.ends_with("...")
}

/// A `Tag:` value that already carries a recognised state.
fn tag_is_complete(value: &str) -> bool {
    tag_line(value).is_some_and(|l| !matches!(l.status, Some(LicenseStatus::Other(_)) | None))
}

/// `<tag>, Version: <v>, <state>` (value of a `Tag:` line, wrapped pieces rejoined).
fn tag_line(value: &str) -> Option<License> {
    let lower = value.to_ascii_lowercase();
    let at = lower.rfind("version:")?;
    let tag_text = value.get(..at)?.trim_end().trim_end_matches(',');
    // Tags hold no blanks: any blank comes from a rejoined wrap.
    let tag: String = tag_text.split_whitespace().collect();
    let after = value.get(at + "version:".len()..)?;
    let (version, state) = after.split_once(',')?;
    let status = entitlement_state(state)?;
    Some(License {
        name: pid_of(&tag),
        entitlement_tag: (!tag.is_empty()).then_some(tag),
        version: Some(version.trim().to_string()).filter(|v| !v.is_empty()),
        status: Some(status),
        ..License::default()
    })
}

/// `regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_<uuid>` → `A9K-24X10-OPT-LIC`.
fn pid_of(tag: &str) -> Option<String> {
    let (_, after) = tag.split_once(".com.cisco.")?;
    let pid = after.split(',').next()?;
    (!pid.is_empty()).then(|| pid.to_string())
}

/// `Not In Use`, `In Use`, `Enforce Mode: Out of compliance`; `None` when empty.
fn entitlement_state(state: &str) -> Option<LicenseStatus> {
    let state = state.trim();
    if state.is_empty() {
        return None;
    }
    // Compared without blanks: a hard wrap can glue or split words.
    let squeezed: String = state
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    let mode = squeezed.strip_prefix("enforcemode:").unwrap_or(&squeezed);
    Some(match mode {
        "notinuse" => LicenseStatus::NotInUse,
        "inuse" => LicenseStatus::InUse,
        "outofcompliance" => LicenseStatus::OutOfCompliance,
        "authorized" | "incompliance" => LicenseStatus::Authorized,
        "evalmode" | "eval" => LicenseStatus::EvalMode,
        "evalexpired" => LicenseStatus::EvalExpired,
        _ => LicenseStatus::Other(state.to_string()),
    })
}

/// `<date|NA>, Requested Count: <n|NA>` (value of `Requested Time :`).
fn requested(value: &str, no: usize, lic: &mut License, w: &mut Warnings) {
    match requested_fields(value) {
        Ok((_, (time, count))) => {
            lic.requested_at = date_field(time, no, w);
            let count = count.trim();
            if !is_absent(count) {
                match count_value(count) {
                    Ok(("", n)) => lic.requested_count = Some(n),
                    _ => w.push(no, count, "requested count is not a number"),
                }
            }
        }
        Err(_) => w.push(no, value, "no `Requested Count:` after the requested time"),
    }
}

/// Splits `Mon Jan 12 2015 20:47:07 PST, Requested Count: 1` into time and count text.
fn requested_fields(i: &str) -> PResult<'_, (&str, &str)> {
    (
        take_until(","),
        preceded(
            (
                char(','),
                space0,
                tag_no_case("Requested Count"),
                space0,
                char(':'),
            ),
            rest,
        ),
    )
        .parse(i)
}

/// A decimal count.
fn count_value(i: &str) -> PResult<'_, u32> {
    map_res(digit1, str::parse::<u32>).parse(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (DeviceLicensing, Vec<Warning>) {
        let (got, w) = testing::run(entitlement, raw);
        (got.unwrap_or_default(), w)
    }

    #[test]
    fn tag_with_comma_is_split_at_version() {
        let lic = tag_line("regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c, Version: 1.0, Enforce Mode: Out of compliance").unwrap_or_default();
        assert_eq!(
            lic.entitlement_tag.as_deref(),
            Some("regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c")
        );
        assert_eq!(lic.name.as_deref(), Some("A9K-24X10-OPT-LIC"));
        assert_eq!(lic.version.as_deref(), Some("1.0"));
        assert_eq!(lic.status, Some(LicenseStatus::OutOfCompliance));
    }

    #[test]
    fn entitlement_states_map() {
        for (printed, want) in [
            ("Not In Use", LicenseStatus::NotInUse),
            ("In Use", LicenseStatus::InUse),
            (
                "Enforce Mode: Out of compliance",
                LicenseStatus::OutOfCompliance,
            ),
            (
                "Enforce Mode: Out of com pliance",
                LicenseStatus::OutOfCompliance,
            ),
            ("Enforce Mode: Authorized", LicenseStatus::Authorized),
            ("Enforce Mode: Eval", LicenseStatus::EvalMode),
            (
                "Enforce Mode: Odd",
                LicenseStatus::Other("Enforce Mode: Odd".into()),
            ),
        ] {
            assert_eq!(entitlement_state(printed), Some(want), "{printed}");
        }
        assert_eq!(entitlement_state("  "), None);
    }

    #[test]
    fn wrapped_entitlement_tag_is_rejoined() {
        // 80-column terminal wrap mid-UUID, and 004's shorter wrap before `Version:`.
        let raw = "Tag: regid.2014-04.com.cisco.A9K-24X10-VID-LIC,1.0_9f03b94f-3c76-4a39-82f2-1b53\ncdf5cb15, Version: 1.0, Enforce Mode: Out of compliance\nTag: regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,\n1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c, Version: 1.0, Enforce Mode:\nOut of compliance\n";
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{w:?}");
        let tags: Vec<_> = got
            .licenses
            .iter()
            .map(|l| l.entitlement_tag.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            tags,
            [
                "regid.2014-04.com.cisco.A9K-24X10-VID-LIC,1.0_9f03b94f-3c76-4a39-82f2-1b53cdf5cb15",
                "regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c"
            ]
        );
        assert!(got
            .licenses
            .iter()
            .all(|l| l.status == Some(LicenseStatus::OutOfCompliance)));
    }

    #[test]
    fn requested_and_vendor_lines_attach_to_the_last_tag() {
        let raw = "Entitlement:\nTag: INSTALLMGR, Version: 1.0, Not In Use\nRequested Time : NA, Requested Count: NA\nVendor String:\nTag: regid.2014-04.com.cisco.A9K-24X10-OPT-LIC,1.0_66d3ccf7-a374-4409-a3f9-6bc56d645f1c, Version: 1.0, Enforce Mode: Out of compliance\nRequested Time : Mon Jan 12 2015 20:47:07 PST, Requested Count: 1\nVendor String: acme\n... output snipped ...\n";
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(got.licenses.len(), 2);
        let first = &got.licenses[0];
        assert_eq!(first.entitlement_tag.as_deref(), Some("INSTALLMGR"));
        assert_eq!(first.name, None);
        assert_eq!((first.requested_at, first.requested_count), (None, None));
        let second = &got.licenses[1];
        assert_eq!(second.position, 1);
        assert_eq!(second.requested_at, Some(utc(2015, 1, 13, 4, 47, 7)));
        assert_eq!(second.requested_count, Some(1));
        assert_eq!(second.vendor_string.as_deref(), Some("acme"));
    }

    #[test]
    fn a_line_not_understood_closes_the_tag_above_it() {
        let raw = "Tag: regid.2015-01.com.cisco.ASR9K-A,1.0_abc, Version: 1.0, Enforce Mode: In compliance, Entitlement: A\n  Requested Time : NA, Requested Count: 2\n@@ unknown @@\n  Vendor String: stray\n";
        let (got, w) = testing::run(entitlement, raw);
        let d = got.unwrap_or_default();
        assert_eq!(d.licenses.len(), 1);
        assert_eq!(d.licenses[0].vendor_string, None);
        assert_eq!(w.iter().map(|w| w.line).collect::<Vec<_>>(), [3]);
        let kept: Vec<(&str, usize)> = d.extra.iter().map(|e| (e.label.as_str(), e.line)).collect();
        assert_eq!(kept, [("", 3), ("Vendor String", 4)]);
    }

    #[test]
    fn stray_lines_warn_and_unrelated_text_is_refused() {
        let (got, w) = run("Tag: INSTALLMGR, Version: 1.0, Not In Use\nRequested Time : NA, Requested Count: lots\nsomething else\n");
        assert_eq!(got.licenses.len(), 1);
        assert_eq!(w.len(), 2);
        let (refused, _) = testing::run(entitlement, "Compliance Status: In compliance\n");
        assert!(refused.is_err());
    }
}
