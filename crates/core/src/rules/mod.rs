//! Audit rules: each takes a device (its merged model, collection record and audit keys) and
//! the injected clock, and yields findings.
//!
//! Rules are grouped in families, one file each: `collection` (could the device be audited),
//! `compliance` (registration, authorization, evaluation, reporting, license states),
//! `deadlines` (what expires when), `transport` (call-home, SLP transport, proxy, VRF, clock).
//! Every rule has a stable id (`family.name`) and a documented default severity and fix in its
//! family's `RULES` table; the README's rule table is checked against [`all_rules`]. The
//! `license.*` rules are fleet-wide, not per device: they live in [`crate::reconcile`].

pub mod collection;
pub mod compliance;
pub mod deadlines;
pub mod transport;

#[cfg(test)]
pub(crate) mod testing;

use chrono::{DateTime, Utc};

use crate::device::Device;
use crate::finding::{Finding, Severity};
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

/// Collects the findings of one device; rules call it instead of building [`Finding`]s.
#[derive(Debug)]
pub struct Findings<'a> {
    device: &'a Device,
    ctx: &'a Context,
    out: Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// An empty collection for `device` at `ctx`.
    pub fn new(device: &'a Device, ctx: &'a Context) -> Self {
        Self {
            device,
            ctx,
            out: Vec::new(),
        }
    }

    /// The audit context.
    pub fn ctx(&self) -> &Context {
        self.ctx
    }

    /// Raises `rule` with its documented fix.
    pub fn raise(&mut self, rule: &Rule, severity: Severity, message: impl Into<String>) {
        self.push(
            rule,
            severity,
            message.into(),
            None,
            Some(rule.fix.to_string()),
        );
    }

    /// Raises `rule` with a fix specific to this device (e.g. naming its VRF or URL).
    pub fn raise_with_fix(
        &mut self,
        rule: &Rule,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(rule, severity, message.into(), None, Some(fix.into()));
    }

    /// Raises `rule` for a deadline: severity from the thresholds, `due` and `days_left` set,
    /// and `what` (e.g. "Communication deadline") turned into a message with the date.
    pub fn deadline(&mut self, rule: &Rule, due: DateTime<Utc>, what: &str) {
        let days = self.ctx.days_left(due);
        let severity = self.ctx.deadline_severity(due);
        let when = due.format("%Y-%m-%d %H:%M UTC");
        let message = if due < self.ctx.now {
            format!("{what} passed on {when} ({} days ago)", -days)
        } else {
            format!("{what} on {when} ({days} days left)")
        };
        self.push(
            rule,
            severity,
            message,
            Some(due),
            Some(rule.fix.to_string()),
        );
    }

    /// Raises `rule` with a due date but a severity and message the rule decides (a problem
    /// that is already a warning however far its deadline is, e.g. a failing renewal).
    pub fn deadline_with(
        &mut self,
        rule: &Rule,
        severity: Severity,
        due: DateTime<Utc>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(rule, severity, message.into(), Some(due), Some(fix.into()));
    }

    fn push(
        &mut self,
        rule: &Rule,
        severity: Severity,
        message: String,
        due: Option<DateTime<Utc>>,
        fix: Option<String>,
    ) {
        self.out.push(Finding {
            device: self.device.name.clone(),
            host: self.device.host.clone(),
            platform: self.device.platform,
            rule_id: rule.id.to_string(),
            severity,
            message,
            due,
            days_left: due.map(|d| self.ctx.days_left(d)),
            fix,
        });
    }

    /// The findings, worst first, then by nearest deadline.
    pub fn into_sorted(mut self) -> Vec<Finding> {
        sort(&mut self.out);
        self.out
    }
}

/// Worst severity first, then nearest due date, then rule id (a stable order for reports).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
}

/// Runs every rule family over one device.
pub fn audit(device: &Device, ctx: &Context) -> Vec<Finding> {
    let mut f = Findings::new(device, ctx);
    let auditable = collection::check(device, &mut f);
    if auditable {
        compliance::check(device, &mut f);
        deadlines::check(device, &mut f);
        transport::check(device, &mut f);
    }
    f.into_sorted()
}

/// Every rule of every family, for documentation and tests.
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    collection::RULES
        .iter()
        .chain(compliance::RULES)
        .chain(deadlines::RULES)
        .chain(transport::RULES)
        .chain(crate::reconcile::RULES)
}

/// The rule table as Markdown (the README's rule table is this output, checked by a test).
pub fn markdown_table() -> String {
    let mut s = String::from("| rule_id | severity | meaning | fix |\n|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    for r in all_rules() {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.severity,
            cell(r.meaning),
            cell(r.fix)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::testing::at;
    use super::*;

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

    #[test]
    fn rule_ids_are_unique_and_follow_family_dot_name() {
        let ids: Vec<&str> = all_rules().map(|r| r.id).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[i + 1..].contains(id), "{id} twice");
            let (family, name) = id.split_once('.').unwrap_or_default();
            assert!(
                [
                    "collection",
                    "compliance",
                    "deadline",
                    "transport",
                    "license",
                    "parse"
                ]
                .contains(&family),
                "{id}"
            );
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id}"
            );
        }
    }
}
