//! Audit rules: each takes a device (its merged model, collection record and audit keys) and
//! the injected clock, and yields findings.
//!
//! Rules are grouped in families, one file each: `collection` (could the device be audited),
//! `compliance` (registration, authorization, evaluation, reporting, license states),
//! `deadlines` (what expires when), `transport` (call-home, SLP transport, proxy, VRF, clock).
//! Every rule has a stable id (`family.name`) and a documented default severity and fix
//! ([`Rule`]) in its family's `RULES` table; [`crate::catalog`] lists every family's, and the
//! README's rule table is checked against it. The `license.*` rules are fleet-wide, not per
//! device: they live in [`crate::reconcile`]. [`Rule`], [`Context`] and [`sort`] are defined
//! outside the rules (in [`crate::rule`] and [`crate::finding`]) so that the reconciliation
//! uses them without depending on the rules.

pub mod collection;
pub mod compliance;
pub mod deadlines;
pub mod transport;

#[cfg(test)]
pub(crate) mod testing;

use chrono::{DateTime, Utc};

use crate::device::Device;
pub use crate::finding::sort;
use crate::finding::{Finding, Severity};
pub use crate::rule::{Context, Rule};

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

    /// Raises `rule` with a due date, a severity, message and fix the rule decides (a problem
    /// that is already a warning however far its date is, e.g. a failing renewal); unlike
    /// [`Findings::deadline`], the thresholds do not decide the severity.
    pub fn raise_due(
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
