//! The record cap (`--max-records`): how much one command's output may contribute to a
//! device's model, whatever the device printed.
//!
//! A hostile or broken device can print tens of thousands of licenses within `--max-output`;
//! kept whole for every device of a fleet they would make memory grow with the fleet's output.
//! Each list of one parsed output (licenses and entitlements, UDIs, pools, allocations,
//! traditional features, `extra` entries, dates, warnings) keeps its first `max` entries in
//! the order printed; what is left out is counted in [`Dropped`], which the finding
//! `collection.too_many_records` reports. Nothing is dropped silently.

use fleetlic_parsers::model::DeviceLicensing;
use fleetlic_parsers::{Parsed, Warning};
use serde::{Deserialize, Serialize};

/// The default of `--max-records`: far above what a real device prints (a large chassis has a
/// few hundred licenses), far below what keeps a fleet's memory in check.
pub const DEFAULT_MAX_RECORDS: usize = 5000;

/// Most records of each kind one output may keep (`--max-records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordCap {
    /// Entries kept per list and output.
    pub max: usize,
}

impl Default for RecordCap {
    fn default() -> Self {
        RecordCap {
            max: DEFAULT_MAX_RECORDS,
        }
    }
}

/// What the cap left out of one output, per kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dropped {
    /// Licenses and entitlements.
    pub licenses: usize,
    /// `extra` entries (what the model has no typed home for).
    pub extra: usize,
    /// Parse warnings.
    pub warnings: usize,
    /// Other records: UDIs, pools, allocations, traditional features, printed dates.
    pub other: usize,
}

impl Dropped {
    /// Records left out in all.
    pub fn total(&self) -> usize {
        self.licenses + self.extra + self.warnings + self.other
    }

    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// `62000 license(s), 12 warning(s)`: the kinds left out, with their counts.
    pub fn describe(&self) -> String {
        [
            (self.licenses, "license(s)"),
            (self.extra, "extra entrie(s)"),
            (self.warnings, "warning(s)"),
            (self.other, "other record(s)"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl RecordCap {
    /// Keeps the first [`RecordCap::max`] entries of every list of `parsed` and returns what
    /// was left out. Lists are shrunk to what they keep, so the memory of the rest is freed.
    pub fn apply(&self, parsed: &mut Parsed<DeviceLicensing>) -> Dropped {
        let max = self.max;
        let model = &mut parsed.value;
        Dropped {
            licenses: keep_first(&mut model.licenses, max),
            extra: keep_first(&mut model.extra, max),
            warnings: keep_first::<Warning>(&mut parsed.warnings, max),
            other: keep_first(&mut model.udis, max)
                + keep_first(&mut model.pools, max)
                + keep_first(&mut model.allocations, max)
                + keep_first(&mut model.features, max)
                + keep_first(&mut model.dates, max),
        }
    }
}

/// Truncates `list` to its first `max` entries, releasing the spare capacity when it did;
/// returns how many were left out.
fn keep_first<T>(list: &mut Vec<T>, max: usize) -> usize {
    if list.len() <= max {
        return 0;
    }
    let dropped = list.len() - max;
    list.truncate(max);
    list.shrink_to_fit();
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetlic_parsers::model::License;

    fn licenses(n: u32) -> Parsed<DeviceLicensing> {
        let value = DeviceLicensing {
            licenses: (0..n)
                .map(|i| License {
                    position: i,
                    name: Some(format!("LIC_{i}")),
                    ..License::default()
                })
                .collect(),
            ..DeviceLicensing::default()
        };
        let warnings = (0..n as usize)
            .map(|i| Warning::new(i + 1, "x", "not understood"))
            .collect();
        Parsed { value, warnings }
    }

    #[test]
    fn the_cap_keeps_the_first_records_in_order_and_counts_the_rest() {
        let mut parsed = licenses(12);
        let dropped = RecordCap { max: 5 }.apply(&mut parsed);
        let kept: Vec<u32> = parsed.value.licenses.iter().map(|l| l.position).collect();
        assert_eq!(kept, vec![0, 1, 2, 3, 4]);
        assert_eq!(parsed.warnings.len(), 5);
        assert_eq!(parsed.warnings[0].line, 1);
        assert_eq!(dropped.licenses, 7);
        assert_eq!(dropped.warnings, 7);
        assert_eq!(dropped.total(), 14);
        assert_eq!(dropped.describe(), "7 license(s), 7 warning(s)");
    }

    #[test]
    fn an_output_within_the_cap_is_left_whole() {
        let mut parsed = licenses(5);
        let before = parsed.clone();
        let dropped = RecordCap { max: 5 }.apply(&mut parsed);
        assert!(dropped.is_empty());
        assert_eq!(parsed, before);
    }
}
