//! IOS-XE / ISR G2 traditional (PAK / RTU) licensing `show license`, samples
//! `samples/iosxe/show_license/` (real device format; not printed in the seed documents).
//!
//! ```text
//! Index 1 Feature: appxk9
//!         Period left: Life time
//!         License Type: RightToUse
//!         License State: Active, In Use
//!         License Count: Non-Counted
//!         License Priority: Low
//! Index 2 Feature: uck9
//!         Period left: Not Activated
//!         Period Used: 0  minute  0  second
//!         License Type: EvalRightToUse
//!         License State: Not in Use, EULA not accepted
//!         License Count: Non-Counted
//!         License Priority: None
//! ```

use nom::bytes::complete::{tag, tag_no_case, take_while1};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{map_res, rest};
use nom::multi::separated_list1;
use nom::sequence::delimited;
use nom::Parser;

use crate::lex::absent::present;
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::{PResult, Warnings};
use crate::model::{Extra, License, LicenseStatus, LicensingMode};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license`: one [`License`] per `Index N Feature: <name>` block.
pub(crate) fn traditional(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut licenses: Vec<License> = Vec::new();
    let mut extra: Vec<Extra> = Vec::new();
    // The block fields attach to; closed by a line not understood, so that what follows
    // it is never written onto the license above.
    let mut open = false;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let t = &*line.text;
        if let Ok((_, name)) = index_line(t) {
            licenses.push(License {
                position: licenses.len() as u32,
                name: Some(name.trim().to_string()).filter(|n| !n.is_empty()),
                ..License::default()
            });
            open = true;
            continue;
        }
        let kv = split_kv(t);
        let (Some(lic), Some((label, value)), true) = (licenses.last_mut(), kv, open) else {
            // Fields after a line not understood were warned about with it.
            if open || kv.is_none() || licenses.is_empty() {
                w.push(line.no, t, "not a traditional license line");
            }
            open = false;
            let (label, value) = kv.unwrap_or(("", t));
            extra.push(Extra {
                label: label.to_string(),
                value: value.to_string(),
                line: line.no,
                ..Extra::default()
            });
            continue;
        };
        match norm(label).as_str() {
            "period left" => lic.period_left = present(value).map(str::to_string),
            "license type" => lic.license_type = present(value).map(str::to_string),
            "license state" => {
                lic.status = Some(license_state(value));
                lic.state_detail = Some(value.to_string()).filter(|v| !v.is_empty());
            }
            "license count" => {
                lic.count = in_use_count(value);
                lic.other.insert(label.to_string(), value.to_string());
            }
            _ => {
                lic.other.insert(label.to_string(), value.to_string());
            }
        }
    }
    if licenses.is_empty() {
        return Err(not_this("no `Index N Feature:` line"));
    }
    Ok(DeviceLicensing {
        mode: Some(LicensingMode::Traditional),
        licenses,
        extra,
        ..DeviceLicensing::default()
    })
}

/// `Index 1 Feature: appxk9` → `appxk9`.
fn index_line(i: &str) -> PResult<'_, &str> {
    let (i, _) = (tag_no_case("Index"), space1, digit1, space1).parse(i)?;
    let (i, _) = (tag_no_case("Feature"), space0, char(':'), space0).parse(i)?;
    rest(i)
}

/// `Active, In Use` → `InUse`; `Active, Not in Use, EULA accepted` / `Not in Use, EULA not
/// accepted` → `NotInUse` (the comma-separated parts are compared whole); anything else
/// verbatim.
fn license_state(value: &str) -> LicenseStatus {
    let parts: Vec<String> = value.split(',').map(norm).collect();
    if parts.iter().any(|p| p == "not in use") {
        LicenseStatus::NotInUse
    } else if parts.iter().any(|p| p == "in use") {
        LicenseStatus::InUse
    } else {
        LicenseStatus::Other(value.trim().to_string())
    }
}

/// `5/2/0 (Active/In-use/Violation)` or `0/0 (In-use/Violation)` → the `In-use` number;
/// `Non-Counted` → `None`.
fn in_use_count(value: &str) -> Option<u32> {
    let (_, (numbers, names)) = counted(value.trim()).ok()?;
    let at = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case("in-use") || n.eq_ignore_ascii_case("inuse"))?;
    numbers.get(at).copied()
}

/// `<n>/<m>[/<k>] (<Name>/<Name>[/<Name>])`.
fn counted(i: &str) -> PResult<'_, (Vec<u32>, Vec<&str>)> {
    let (i, numbers) = separated_list1(tag("/"), map_res(digit1, str::parse::<u32>)).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, names) = delimited(
        char('('),
        separated_list1(
            tag("/"),
            take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-'),
        ),
        char(')'),
    )
    .parse(i)?;
    Ok((i, (numbers, names)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(traditional, raw)
    }

    #[test]
    fn license_states_map() {
        for (printed, want) in [
            ("Active, In Use", LicenseStatus::InUse),
            ("Active, Not in Use, EULA accepted", LicenseStatus::NotInUse),
            ("Not in Use, EULA not accepted", LicenseStatus::NotInUse),
            ("Active, Not in Use", LicenseStatus::NotInUse),
            ("Inactive", LicenseStatus::Other("Inactive".into())),
        ] {
            assert_eq!(license_state(printed), want, "{printed}");
        }
    }

    #[test]
    fn a_line_not_understood_closes_the_block_above_it() {
        let raw = "Index 1 Feature: appxk9\n        License Type: RightToUse\n        License State: Active, In Use\n#### something else ####\n        License State: Not in Use, EULA not accepted\nIndex 2 Feature: uck9\n        License State: Active, In Use\n";
        let (got, w) = run(raw);
        let d = got.unwrap_or_default();
        assert_eq!(d.licenses.len(), 2);
        assert_eq!(d.licenses[0].status, Some(LicenseStatus::InUse));
        assert_eq!(d.licenses[1].status, Some(LicenseStatus::InUse));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 4);
        let kept: Vec<(&str, usize)> = d.extra.iter().map(|e| (e.label.as_str(), e.line)).collect();
        assert_eq!(kept, [("", 4), ("License State", 5)]);
    }

    #[test]
    fn counts_take_the_in_use_column() {
        assert_eq!(in_use_count("5/2/0 (Active/In-use/Violation)"), Some(2));
        assert_eq!(in_use_count("  0/0  (In-use/Violation)"), Some(0));
        assert_eq!(in_use_count("Non-Counted"), None);
    }

    #[test]
    fn blocks_become_licenses() {
        let (got, w) = run("Router#show license\nIndex 1 Feature: appxk9\n        Period left: Life time\n        License Type: RightToUse\n        License State: Active, In Use\n        License Count: Non-Counted\n        License Priority: Low\nIndex 2 Feature: uck9\n        Period left: Not Activated\n        Period Used: 0  minute  0  second\n        License Type: EvalRightToUse\n        License State: Not in Use, EULA not accepted\n        License Count: 0/0  (In-use/Violation)\n        License Priority: None\n");
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        assert_eq!(got.mode, Some(LicensingMode::Traditional));
        let [a, b] = got.licenses.as_slice() else {
            panic!("two licenses expected: {:?}", got.licenses);
        };
        assert_eq!(a.name.as_deref(), Some("appxk9"));
        assert_eq!(a.license_type.as_deref(), Some("RightToUse"));
        assert_eq!(a.status, Some(LicenseStatus::InUse));
        assert_eq!(a.state_detail.as_deref(), Some("Active, In Use"));
        assert_eq!(a.period_left.as_deref(), Some("Life time"));
        assert_eq!(a.count, None);
        assert_eq!(
            a.other.get("License Priority").map(String::as_str),
            Some("Low")
        );
        assert_eq!((b.position, b.count), (1, Some(0)));
        assert_eq!(b.period_left.as_deref(), Some("Not Activated"));
        assert_eq!(b.status, Some(LicenseStatus::NotInUse));
        assert_eq!(
            b.other.get("Period Used").map(String::as_str),
            Some("0  minute  0  second")
        );
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("Smart Licensing is ENABLED\n").0.is_err());
    }
}
