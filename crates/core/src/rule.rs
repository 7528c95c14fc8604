//! What a rule is, outside any family: its documentation ([`Rule`]) and what it is evaluated
//! against ([`Context`]). The per-device rules ([`crate::rules`]) and the fleet-wide
//! reconciliation ([`crate::reconcile`]) both use them; [`crate::catalog`] lists them all.

use chrono::{DateTime, Utc};

use crate::finding::Severity;
use crate::thresholds::Thresholds;

/// The audit's parameters, decided once at the edge (`--now`, `--warn-days`, `--crit-days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The audit clock; rules never read the system clock.
    pub now: DateTime<Utc>,
    /// A deadline this many days away or less is a warning.
    pub warn_days: i64,
    /// A deadline this many days away or less (or past) is critical.
    pub crit_days: i64,
}

impl Context {
    /// A context at `now` with the default thresholds (30 and 7 days).
    pub fn at(now: DateTime<Utc>) -> Self {
        Self {
            now,
            warn_days: Thresholds::DEFAULT.warn_days,
            crit_days: Thresholds::DEFAULT.crit_days,
        }
    }

    /// The deadline thresholds.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            warn_days: self.warn_days,
            crit_days: self.crit_days,
        }
    }

    /// Whole days from now to `due`, rounded down: negative as soon as `due` has passed.
    pub fn days_left(&self, due: DateTime<Utc>) -> i64 {
        (due - self.now).num_seconds().div_euclid(86_400)
    }

    /// Severity of a deadline: critical once passed, else its band under the thresholds
    /// ([`Thresholds::band`]).
    pub fn deadline_severity(&self, due: DateTime<Utc>) -> Severity {
        if due < self.now {
            Severity::Critical
        } else {
            self.thresholds().band(self.days_left(due))
        }
    }
}

/// A rule's documentation: id, default severity, what it means, and the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, `family.name`; cron jobs and spreadsheets filter on it.
    pub id: &'static str,
    /// The severity it usually raises (deadlines and some rules vary it; the README says how).
    pub severity: Severity,
    /// What it means, in a sentence.
    pub meaning: &'static str,
    /// What to do, quoting the device CLI from the Cisco documents.
    pub fix: &'static str,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("a valid date")
    }

    #[test]
    fn days_left_is_negative_as_soon_as_due_passes() {
        let ctx = Context::at(at(2026, 11, 23, 12));
        assert_eq!(ctx.days_left(at(2026, 11, 23, 11)), -1);
        assert_eq!(ctx.days_left(at(2026, 11, 23, 13)), 0);
        assert_eq!(ctx.days_left(at(2026, 12, 23, 12)), 30);
    }

    #[test]
    fn deadline_severity_follows_the_thresholds() {
        let ctx = Context::at(at(2026, 11, 23, 12));
        assert_eq!(
            ctx.deadline_severity(at(2026, 11, 1, 0)),
            Severity::Critical
        );
        assert_eq!(
            ctx.deadline_severity(at(2026, 11, 30, 12)),
            Severity::Critical
        );
        assert_eq!(
            ctx.deadline_severity(at(2026, 12, 1, 12)),
            Severity::Warning
        );
        assert_eq!(
            ctx.deadline_severity(at(2026, 12, 23, 12)),
            Severity::Warning
        );
        assert_eq!(ctx.deadline_severity(at(2026, 12, 24, 12)), Severity::Ok);
    }
}
