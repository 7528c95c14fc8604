//! The deadline thresholds (`--warn-days`, `--crit-days`) and the band a deadline falls into:
//! one definition for the rules' deadline severities and the history's threshold crossings.

use crate::finding::Severity;

/// How many days before a deadline it becomes a warning, then critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// A deadline this many days away or less is a warning.
    pub warn_days: i64,
    /// A deadline this many days away or less is critical.
    pub crit_days: i64,
}

impl Thresholds {
    /// The default thresholds: a warning 30 days before, critical 7 days before.
    pub const DEFAULT: Thresholds = Thresholds {
        warn_days: 30,
        crit_days: 7,
    };

    /// The band a deadline `days` away falls into: `critical` within `crit_days`, `warning`
    /// within `warn_days`, else `ok`.
    pub fn band(self, days: i64) -> Severity {
        if days <= self.crit_days {
            Severity::Critical
        } else if days <= self.warn_days {
            Severity::Warning
        } else {
            Severity::Ok
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_threshold_is_the_last_day_of_its_band() {
        let t = Thresholds::DEFAULT;
        assert_eq!(t.band(-3), Severity::Critical);
        assert_eq!(t.band(7), Severity::Critical);
        assert_eq!(t.band(8), Severity::Warning);
        assert_eq!(t.band(30), Severity::Warning);
        assert_eq!(t.band(31), Severity::Ok);
    }
}
