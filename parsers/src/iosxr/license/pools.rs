//! `admin show license pools` (IOS-XR traditional licensing), samples
//! `samples/iosxr/show_license_pools/`.
//!
//! ```text
//! Pool: Owner
//! Feature: A9K-24X10-OPT-LIC A9K-24X10-VID-LIC A9K-24X10G-AIP-SE A9K-24X10G-AIP-TR
//! A9K-2X100-OPT-LIC A9K-2X100-VID-LIC A9K-2X100G-AIP-SE A9K-2X100G-AIP-TR
//! ```

use nom::bytes::complete::take_while1;
use nom::character::complete::space0;
use nom::combinator::all_consuming;
use nom::multi::many1;
use nom::sequence::delimited;
use nom::Parser;

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::{PResult, Warnings};
use crate::model::{LicensePool, LicensingMode};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license pools`: `Pool: <name>` then `Feature:` and feature IDs over several lines.
pub(crate) fn pools(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut pools: Vec<LicensePool> = Vec::new();
    let mut in_features = false;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let field = split_kv(&line.text).map(|(l, v)| (norm(l), v));
        match field {
            Some((label, value)) if label == "pool" => {
                pools.push(LicensePool {
                    name: value.to_string(),
                    features: Vec::new(),
                });
                in_features = false;
            }
            Some((label, value)) if label == "feature" || label == "features" => {
                match pools.last_mut() {
                    Some(pool) => {
                        in_features = true;
                        add_features(value, line.no, pool, w);
                    }
                    None => w.push(line.no, &line.text, "feature list before any `Pool:`"),
                }
            }
            _ => match pools.last_mut() {
                Some(pool) if in_features => add_features(&line.text, line.no, pool, w),
                _ => w.push(line.no, &line.text, "not a pool line"),
            },
        }
    }
    if pools.is_empty() {
        return Err(not_this("no `Pool:` line"));
    }
    Ok(DeviceLicensing {
        mode: Some(LicensingMode::Traditional),
        pools,
        ..DeviceLicensing::default()
    })
}

/// Adds the feature IDs of one line, or warns when it is not a list of IDs.
fn add_features(list: &str, no: usize, pool: &mut LicensePool, w: &mut Warnings) {
    if list.trim().is_empty() {
        return;
    }
    match feature_ids(list) {
        Ok((_, ids)) => pool.features.extend(ids.into_iter().map(str::to_string)),
        Err(_) => w.push(no, list, "not a list of feature IDs"),
    }
}

/// `A9K-24X10-OPT-LIC A9K-24X10-VID-LIC ...`: blank-separated IDs filling the whole line.
fn feature_ids(i: &str) -> PResult<'_, Vec<&str>> {
    all_consuming(many1(delimited(
        space0,
        take_while1(|c: char| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        space0,
    )))
    .parse(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(pools, raw)
    }

    #[test]
    fn feature_lines_continue_until_next_pool() {
        let (got, w) = run("Pool: Owner\nFeature: A9K-24X10-OPT-LIC A9K-24X10-VID-LIC\nA9K-2X100-OPT-LIC\n\nPool: sdr1\nFeature: A9K-AIP-LIC-B\n");
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        assert_eq!(
            got.pools,
            [
                LicensePool {
                    name: "Owner".into(),
                    features: vec![
                        "A9K-24X10-OPT-LIC".into(),
                        "A9K-24X10-VID-LIC".into(),
                        "A9K-2X100-OPT-LIC".into()
                    ]
                },
                LicensePool {
                    name: "sdr1".into(),
                    features: vec!["A9K-AIP-LIC-B".into()]
                }
            ]
        );
        assert_eq!(got.mode, Some(LicensingMode::Traditional));
    }

    #[test]
    fn feature_id_shapes() {
        assert_eq!(
            feature_ids(" A9K-AIP-LIC-B  A9K-AIP-LIC-E "),
            Ok(("", vec!["A9K-AIP-LIC-B", "A9K-AIP-LIC-E"]))
        );
        assert!(feature_ids("not (a) list").is_err());
    }

    #[test]
    fn garbage_warns_and_unrelated_text_is_refused() {
        let (got, w) = run("Pool: Owner\nFeature: A\nweird (line)\n");
        assert_eq!(got.unwrap_or_default().pools[0].features, ["A"]);
        assert_eq!(w.len(), 1);
        assert!(run("Assigned Pool Info: X\n").0.is_err());
    }
}
