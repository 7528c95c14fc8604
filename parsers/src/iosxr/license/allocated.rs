//! `admin show license allocated` (IOS-XR traditional licensing), samples
//! `samples/iosxr/show_license_allocated/`.
//!
//! ```text
//! FeatureID: A9K-800G-AIP-SE (Slot based, Permanent)
//! Total licenses 1
//! Status: Allocated 1
//! Pool: Owner
//! Total licenses in pool: 1
//! Status: Operational: 1
//! Locations with licenses: (Active/Allocated) [SDR]
//! 0/0/CPU0 (0/1) [Owner]
//! ```
//!
//! `Status:` is printed twice per feature; the words after it (`Allocated` / `Operational:`)
//! tell which.

use nom::bytes::complete::{tag_no_case, take_till1, take_while1};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{all_consuming, map_res, opt};
use nom::sequence::delimited;
use nom::Parser;

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::{PResult, Warnings};
use crate::model::{Extra, FeatureAllocation, LicensingMode, LocationAllocation};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license allocated`: one [`FeatureAllocation`] per `FeatureID:` block.
pub(crate) fn allocated(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut features: Vec<FeatureAllocation> = Vec::new();
    let mut extra: Vec<Extra> = Vec::new();
    // Whether lines still belong to the last block: a line not understood closes it, so
    // what follows is never counted for the feature above.
    let mut open = false;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let t = &*line.text;
        if let Ok((_, f)) = feature_id_line(t) {
            features.push(f);
            open = true;
            continue;
        }
        let understood = match features.last_mut() {
            Some(current) if open => block_line(t, current),
            _ => false,
        };
        if understood {
            continue;
        }
        if features.is_empty() {
            w.push(line.no, t, "line before any `FeatureID:`");
        } else if open {
            w.push(line.no, t, "not a feature allocation line");
        }
        open = false;
        extra.push(Extra {
            value: t.to_string(),
            line: line.no,
            ..Extra::default()
        });
    }
    if features.is_empty() {
        return Err(not_this("no `FeatureID:` line"));
    }
    Ok(DeviceLicensing {
        mode: Some(LicensingMode::Traditional),
        allocations: features,
        extra,
        ..DeviceLicensing::default()
    })
}

/// One line inside a feature block; `false` when not understood.
fn block_line(t: &str, f: &mut FeatureAllocation) -> bool {
    if let Ok((_, n)) = total_licenses(t) {
        f.total = Some(n);
        return true;
    }
    if let Ok((_, row)) = location_row(t) {
        f.locations.push(row);
        return true;
    }
    let Some((label, value)) = split_kv(t) else {
        return false;
    };
    match norm(label).as_str() {
        "pool" => f.pool = Some(value.to_string()).filter(|v| !v.is_empty()),
        "total licenses in pool" => match number(value) {
            Some(n) => f.pool_total = Some(n),
            None => return false,
        },
        "status" => match status_value(value) {
            Ok((_, ("allocated", n))) => f.allocated = Some(n),
            Ok((_, (_, n))) => f.operational = Some(n),
            Err(_) => return false,
        },
        // The table heading: `Locations with licenses: (Active/Allocated) [SDR]`.
        "locations with licenses" => {}
        _ => return false,
    }
    true
}

/// A whole value that is a number.
fn number(value: &str) -> Option<u32> {
    let parsed: PResult<'_, u32> =
        all_consuming(map_res(digit1, str::parse::<u32>)).parse(value.trim());
    parsed.ok().map(|(_, n)| n)
}

/// `FeatureID: A9K-800G-AIP-SE (Slot based, Permanent)`.
fn feature_id_line(i: &str) -> PResult<'_, FeatureAllocation> {
    let (i, _) = (tag_no_case("FeatureID"), space0, char(':'), space0).parse(i)?;
    let (i, id) = take_till1(|c: char| c.is_whitespace() || c == '(').parse(i)?;
    let (i, qual) = opt(delimited(
        (space0, char('(')),
        take_till1(|c: char| c == ')'),
        (char(')'), space0),
    ))
    .parse(i)?;
    let (i, _) = nom::combinator::eof(i)?;
    let (kind, duration) = match qual.map(|q| q.rsplit_once(',')) {
        Some(Some((k, d))) => (Some(k.trim()), Some(d.trim())),
        Some(None) => (qual.map(str::trim), None),
        None => (None, None),
    };
    Ok((
        i,
        FeatureAllocation {
            feature_id: id.to_string(),
            kind: kind.filter(|k| !k.is_empty()).map(str::to_string),
            duration: duration.filter(|d| !d.is_empty()).map(str::to_string),
            ..FeatureAllocation::default()
        },
    ))
}

/// `Total licenses 1` (no colon, unlike `Total licenses in pool: 1`).
fn total_licenses(i: &str) -> PResult<'_, u32> {
    all_consuming(delimited(
        (tag_no_case("Total licenses"), space1),
        map_res(digit1, str::parse::<u32>),
        space0,
    ))
    .parse(i)
}

/// `Allocated 1` / `Operational: 1` (value of `Status:`) → lower-case word and count.
fn status_value(i: &str) -> PResult<'_, (&'static str, u32)> {
    let (i, word) = nom::branch::alt((
        tag_no_case("Allocated").map(|_| "allocated"),
        tag_no_case("Operational").map(|_| "operational"),
    ))
    .parse(i)?;
    let (i, _) = (opt(char(':')), space0).parse(i)?;
    let (i, n) = all_consuming(delimited(
        space0,
        map_res(digit1, str::parse::<u32>),
        space0,
    ))
    .parse(i)?;
    Ok((i, (word, n)))
}

/// `0/0/CPU0 (0/1) [Owner]`: location, active/allocated, optional SDR.
fn location_row(i: &str) -> PResult<'_, LocationAllocation> {
    let (i, location) =
        take_while1(|c: char| c.is_ascii_alphanumeric() || "/_-".contains(c)).parse(i)?;
    let (i, _) = space1(i)?;
    let (i, (active, allocated)) = delimited(
        char('('),
        (
            map_res(digit1, str::parse::<u32>),
            char('/'),
            map_res(digit1, str::parse::<u32>),
        )
            .map(|(a, _, b)| (a, b)),
        char(')'),
    )
    .parse(i)?;
    let (i, sdr) = opt(delimited(
        (space1, char('[')),
        take_till1(|c: char| c == ']'),
        char(']'),
    ))
    .parse(i)?;
    let (i, _) = all_consuming(space0).parse(i)?;
    Ok((
        i,
        LocationAllocation {
            location: location.to_string(),
            active,
            allocated,
            sdr: sdr.map(|s| s.trim().to_string()),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn a_line_not_understood_closes_the_feature_block() {
        let raw = "FeatureID: A9K-800G-AIP-SE (Slot based, Permanent)\nTotal licenses 3\n~~ new release line ~~\nTotal licenses 9\nFeatureID: A9K-iVRF-LIC (Chassis based, Permanent)\nTotal licenses 1\n";
        let (got, w) = crate::testing::run(allocated, raw);
        let d = got.unwrap_or_default();
        let totals: Vec<Option<u32>> = d.allocations.iter().map(|f| f.total).collect();
        assert_eq!(totals, [Some(3), Some(1)]);
        assert_eq!(w.iter().map(|w| w.line).collect::<Vec<_>>(), [3]);
        let kept: Vec<usize> = d.extra.iter().map(|e| e.line).collect();
        assert_eq!(kept, [3, 4]);
    }

    #[test]
    fn feature_id_line_splits_kind_and_duration() {
        let (_, f) = feature_id_line("FeatureID: A9K-800G-AIP-SE (Slot based, Permanent)")
            .unwrap_or_default();
        assert_eq!(f.feature_id, "A9K-800G-AIP-SE");
        assert_eq!(f.kind.as_deref(), Some("Slot based"));
        assert_eq!(f.duration.as_deref(), Some("Permanent"));
        let (_, f) = feature_id_line("FeatureID: X").unwrap_or_default();
        assert_eq!(
            (f.feature_id.as_str(), f.kind, f.duration),
            ("X", None, None)
        );
        assert!(feature_id_line("Feature: X").is_err());
    }

    #[test]
    fn location_rows_known_answers() {
        assert_eq!(
            location_row("0/0/CPU0 (0/1) [Owner]").map(|r| r.1),
            Ok(LocationAllocation {
                location: "0/0/CPU0".into(),
                active: 0,
                allocated: 1,
                sdr: Some("Owner".into())
            })
        );
        assert_eq!(
            location_row("0/RSP0/CPU0 (2/2)").map(|r| (r.1.active, r.1.sdr)),
            Ok((2, None))
        );
        assert!(location_row("0/0/CPU0 (x/1)").is_err());
    }

    #[test]
    fn two_features_with_locations() {
        let raw = "FeatureID: A9K-800G-AIP-SE (Slot based, Permanent)\nTotal licenses 1\nStatus: Allocated 1\nPool: Owner\nTotal licenses in pool: 1\nStatus: Operational: 1\nLocations with licenses: (Active/Allocated) [SDR]\n0/0/CPU0 (0/1) [Owner]\n\nFeatureID: A9K-iVRF-LIC (Chassis based, Permanent)\nTotal licenses 2\nStatus: Allocated 2\nPool: Owner\nTotal licenses in pool: 2\nStatus: Operational: 2\nLocations with licenses: (Active/Allocated) [SDR]\n0/RSP0/CPU0 (1/1) [Owner]\n0/RSP1/CPU0 (1/1) [Owner]\n";
        let (got, w) = testing::run(allocated, raw);
        let got = got.unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(got.allocations.len(), 2);
        let a = &got.allocations[0];
        assert_eq!(
            (a.total, a.allocated, a.pool_total, a.operational),
            (Some(1), Some(1), Some(1), Some(1))
        );
        assert_eq!(a.pool.as_deref(), Some("Owner"));
        assert_eq!(got.allocations[1].locations.len(), 2);
        assert_eq!(got.allocations[1].total, Some(2));
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(testing::run(allocated, "Pool: Owner\n").0.is_err());
    }
}
