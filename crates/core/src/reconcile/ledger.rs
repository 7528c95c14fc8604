//! The reconciliation arithmetic: licenses the fleet uses, per Virtual Account, against what
//! the entitlements file says the account owns. Data in, data out: no IO, the clock injected.
//!
//! **Usage.** Every audited device that is not in traditional (PAK/RTU) licensing contributes
//! each license of its merged model whose state consumes an entitlement: `in use`,
//! `authorized`, `out of compliance`, `not authorized`, `authorization expired`, or no state
//! printed. Evaluation use (`eval mode`, `eval expired`) draws nothing from an account, and
//! `not in use` or a state fleetlic does not know is not counted. A license counts its
//! `count` (XR: `requested_count`), else 1. The model already merges the device's commands
//! taking one license list whole, so a license shown by several commands counts once.
//!
//! **Account.** A device's usage counts under the Virtual Account the device reports
//! (classic registration, XR `Assigned Pool Info`), else the inventory's `virtual_account`,
//! else `unknown`; the Smart Account likewise (reported, else inventory, else not known, which
//! matches any Smart Account of the file).
//!
//! **Matching.** Within its account a license matches the file's row with the same
//! entitlement tag (case-insensitive); failing that, a row whose name equals the license's
//! name or tag (a truncated name matches a row starting with it), unless both carry tags that
//! differ. Rows of the file with the same account and license are summed; the earliest expiry
//! of them is kept.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use fleetlic_parsers::model::{LicenseStatus, LicensingMode};
use serde::Serialize;

use super::entitlements::Entitlement;
use crate::device::Device;
use crate::finding::{Finding, Severity};
use crate::rule::{Context, Rule};

/// In use beyond what the account owns.
pub const SHORTFALL: Rule = Rule {
    id: "license.shortfall",
    severity: Severity::Critical,
    meaning: "The fleet uses more of a license in a Virtual Account than the entitlements file (--entitlements) says the account owns: the account is or will be out of compliance.",
    fix: "Buy the missing licenses, or transfer surplus ones into this Virtual Account in CSSM (Inventory > Licenses > Transfer); or remove the feature from devices that no longer need it (`no license boot level ...` / `no feature ...`).",
};

/// In use, but the account owns none.
pub const NOT_OWNED: Rule = Rule {
    id: "license.not_owned",
    severity: Severity::Warning,
    meaning: "Devices use a license that the entitlements file lists for none of their Virtual Account's rows (by tag or name), or devices whose Virtual Account is not known (they report none and the inventory sets no virtual_account).",
    fix: "Check the device is in the right Virtual Account (compliance.account_mismatch) and the export covers that account; add the license to the account, or set `virtual_account` in the inventory.",
};

/// Owned, not used: money on the table.
pub const UNUSED: Rule = Rule {
    id: "license.unused",
    severity: Severity::Info,
    meaning: "The account owns more of a license than the audited fleet uses (devices outside the inventory may use the rest: compare the file's In Use column).",
    fix: "Transfer the surplus to a Virtual Account that is short (CSSM Inventory > Licenses > Transfer), or do not renew it.",
};

/// A term license expires soon or has expired.
pub const TERM_EXPIRING: Rule = Rule {
    id: "license.term_expiring",
    severity: Severity::Warning,
    meaning: "A term (subscription) license of the entitlements file expires within --warn-days (critical within --crit-days or past); info when the fleet does not use it.",
    fix: "Renew the subscription (Cisco Commerce / your partner) before it ends, or move the devices to another license; a lapsed term license makes the devices using it out of compliance.",
};

/// The reconciliation rules, for the rule table.
pub const RULES: &[Rule] = &[SHORTFALL, NOT_OWNED, UNUSED, TERM_EXPIRING];

/// One license of one device that consumes an entitlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Device name.
    pub device: String,
    /// The Smart Account it counts under, when known.
    pub smart_account: Option<String>,
    /// The Virtual Account it counts under, when known.
    pub virtual_account: Option<String>,
    /// License name as the device prints it.
    pub name: Option<String>,
    /// The device cut the name.
    pub name_truncated: bool,
    /// Entitlement tag as the device prints it.
    pub tag: Option<String>,
    /// How many.
    pub count: u64,
}

/// How a license of an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Owned covers use, nothing expiring.
    Ok,
    /// Owned more than used.
    Surplus,
    /// Owned, used by no audited device.
    Unused,
    /// Term license expiring within the warning window.
    Expiring,
    /// Term license past its expiry.
    Expired,
    /// In use, not in the file for this account.
    NotOwned,
    /// In use beyond what is owned.
    Shortfall,
}

impl RowStatus {
    /// The word in the licenses CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Ok => "ok",
            RowStatus::Surplus => "surplus",
            RowStatus::Unused => "unused",
            RowStatus::Expiring => "expiring",
            RowStatus::Expired => "expired",
            RowStatus::NotOwned => "not_owned",
            RowStatus::Shortfall => "shortfall",
        }
    }
}

/// One license in one Virtual Account: owned, used, balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseRow {
    /// Smart Account (from the file, else the devices), empty when not known.
    pub smart_account: String,
    /// Virtual Account (`unknown` when the devices' is not known).
    pub virtual_account: String,
    /// License name (the file's, else the devices').
    pub license: String,
    /// Entitlement tag (the file's, else the devices').
    pub entitlement_tag: String,
    /// Owned according to the file (0 when not in it).
    pub owned: u64,
    /// Used by the audited fleet.
    pub in_use: u64,
    /// `owned - in_use`: negative when short.
    pub balance: i64,
    /// In use as the Smart Account counts it (the file's In Use column).
    pub account_in_use: Option<u64>,
    /// Expiry of a term license.
    pub expires: Option<DateTime<Utc>>,
    /// Whole days to `expires`, negative when past.
    pub days_left: Option<i64>,
    /// Devices using it, sorted.
    pub devices: Vec<String>,
    /// The worst condition of the row.
    pub status: RowStatus,
}

/// The reconciliation: one row per license per Virtual Account, and its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// The entitlements file it was reconciled with.
    pub entitlements_file: String,
    /// Rows sorted by Smart Account, Virtual Account, license.
    pub rows: Vec<LicenseRow>,
    /// Findings (`license.*`), worst first.
    pub findings: Vec<Finding>,
    /// Devices whose licenses could not be counted (not audited): usage may be undercounted.
    pub devices_not_counted: Vec<String>,
}

/// Whether a license in this state draws an entitlement from the account.
fn consumes(status: Option<&LicenseStatus>) -> bool {
    match status {
        None => true,
        Some(s) => matches!(
            s,
            LicenseStatus::InUse
                | LicenseStatus::Authorized
                | LicenseStatus::OutOfCompliance
                | LicenseStatus::NotAuthorized
                | LicenseStatus::AuthorizationExpired
        ),
    }
}

fn text(s: Option<&String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

/// The licenses each device consumes, with the account they count under.
pub fn usage<'a>(devices: impl IntoIterator<Item = &'a Device>) -> Vec<Usage> {
    let mut out = Vec::new();
    for d in devices {
        let m = &d.model;
        if m.mode == Some(LicensingMode::Traditional) {
            continue;
        }
        let reg = m.registration.as_ref();
        let smart_account = text(reg.and_then(|r| r.smart_account.as_ref()))
            .or_else(|| text(d.keys.smart_account.as_ref()));
        let virtual_account = text(reg.and_then(|r| r.virtual_account.as_ref()))
            .or_else(|| text(m.assigned_pool.as_ref()))
            .or_else(|| text(d.keys.virtual_account.as_ref()));
        for l in &m.licenses {
            if !consumes(l.status.as_ref()) {
                continue;
            }
            let count = l.count.or(l.requested_count).map_or(1, u64::from);
            if count == 0 {
                continue;
            }
            let name = text(l.name.as_ref());
            let tag = text(l.entitlement_tag.as_ref());
            if name.is_none() && tag.is_none() {
                continue;
            }
            out.push(Usage {
                device: d.name.clone(),
                smart_account: smart_account.clone(),
                virtual_account: virtual_account.clone(),
                name,
                name_truncated: l.name_truncated,
                tag,
                count,
            });
        }
    }
    out
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn same_opt(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// What identifies a license the entitlements file does not hold: its account, and its tag
/// (or, without one, its name), compared without case as [`same`] does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct UnmatchedKey {
    smart_account: Option<String>,
    virtual_account: Option<String>,
    tag: Option<String>,
    name: Option<String>,
}

impl UnmatchedKey {
    /// The key of a usage (or an account line) with these fields; the name counts only
    /// without a tag.
    fn of(
        smart_account: Option<&String>,
        virtual_account: Option<&String>,
        tag: Option<&String>,
        name: Option<&String>,
    ) -> Self {
        let lower = |s: Option<&String>| s.map(|s| s.to_lowercase());
        UnmatchedKey {
            smart_account: lower(smart_account),
            virtual_account: lower(virtual_account),
            tag: lower(tag),
            name: if tag.is_some() { None } else { lower(name) },
        }
    }

    /// The key of an account line not from the file.
    fn acc(a: &Acc) -> Self {
        Self::of(
            a.smart_account.as_ref(),
            a.virtual_account.as_ref(),
            a.tag.as_ref(),
            a.license.as_ref(),
        )
    }
}

/// One license of one account being totalled.
#[derive(Debug)]
struct Acc {
    smart_account: Option<String>,
    virtual_account: Option<String>,
    license: Option<String>,
    tag: Option<String>,
    in_file: bool,
    owned: u64,
    account_in_use: Option<u64>,
    expires: Option<DateTime<Utc>>,
    in_use: u64,
    devices: BTreeSet<String>,
}

fn account_matches(acc: &Acc, u: &Usage) -> bool {
    let va = match (&acc.virtual_account, &u.virtual_account) {
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    };
    let sa = match (&acc.smart_account, &u.smart_account) {
        (Some(a), Some(b)) => same(a, b),
        _ => true,
    };
    va && sa
}

fn name_matches(acc: &Acc, u: &Usage) -> bool {
    if let (Some(a), Some(b)) = (&acc.tag, &u.tag) {
        if !same(a, b) {
            return false;
        }
    }
    let Some(name) = &acc.license else {
        return false;
    };
    let lower = name.to_lowercase();
    u.tag.as_deref().is_some_and(|t| same(name, t))
        || u.name.as_deref().is_some_and(|n| {
            same(name, n) || (u.name_truncated && lower.starts_with(&n.to_lowercase()))
        })
}

/// Reconciles `devices` with the entitlements `rows` at `ctx` (its clock and thresholds).
pub fn reconcile<'a>(
    entitlements_file: &str,
    rows: &[Entitlement],
    devices: impl IntoIterator<Item = &'a Device>,
    ctx: &Context,
) -> Ledger {
    let devices: Vec<&Device> = devices.into_iter().collect();
    let mut accs: Vec<Acc> = Vec::new();
    for e in rows {
        let sa = e.smart_account.clone();
        let va = Some(e.virtual_account.clone());
        let found = accs.iter_mut().find(|a| {
            same_opt(a.smart_account.as_ref(), sa.as_ref())
                && same_opt(a.virtual_account.as_ref(), va.as_ref())
                && same_opt(a.license.as_ref(), e.license.as_ref())
                && same_opt(a.tag.as_ref(), e.tag.as_ref())
        });
        match found {
            Some(a) => {
                a.owned += e.owned;
                a.account_in_use = match (a.account_in_use, e.account_in_use) {
                    (Some(x), Some(y)) => Some(x + y),
                    (x, y) => x.or(y),
                };
                a.expires = match (a.expires, e.expires) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
            }
            None => accs.push(Acc {
                smart_account: sa,
                virtual_account: va,
                license: e.license.clone(),
                tag: e.tag.clone(),
                in_file: true,
                owned: e.owned,
                account_in_use: e.account_in_use,
                expires: e.expires,
                in_use: 0,
                devices: BTreeSet::new(),
            }),
        }
    }
    let in_file = accs.len();
    // Licenses the file does not hold, by what identifies them: looked up, not scanned (a
    // fleet can use thousands of them).
    let mut unmatched: HashMap<UnmatchedKey, usize> = HashMap::new();
    for u in usage(devices.iter().copied()) {
        let by_tag = u.tag.as_ref().and_then(|t| {
            accs[..in_file].iter().position(|a| {
                account_matches(a, &u) && a.tag.as_deref().is_some_and(|at| same(at, t))
            })
        });
        let by_name = || {
            accs[..in_file]
                .iter()
                .position(|a| account_matches(a, &u) && name_matches(a, &u))
        };
        let i = match by_tag.or_else(by_name) {
            Some(i) => i,
            None => match unmatched.get(&UnmatchedKey::of(
                u.smart_account.as_ref(),
                u.virtual_account.as_ref(),
                u.tag.as_ref(),
                u.name.as_ref(),
            )) {
                Some(&j) => j,
                None => {
                    accs.push(Acc {
                        smart_account: u.smart_account.clone(),
                        virtual_account: u.virtual_account.clone(),
                        license: u.name.clone(),
                        tag: u.tag.clone(),
                        in_file: false,
                        owned: 0,
                        account_in_use: None,
                        expires: None,
                        in_use: 0,
                        devices: BTreeSet::new(),
                    });
                    let j = accs.len() - 1;
                    unmatched.entry(UnmatchedKey::acc(&accs[j])).or_insert(j);
                    j
                }
            },
        };
        let a = &mut accs[i];
        a.in_use += u.count;
        a.devices.insert(u.device.clone());
        // A device's own name is more complete than a truncated file-less one.
        if !a.in_file && !u.name_truncated && u.name.is_some() && a.license != u.name {
            let before = UnmatchedKey::acc(a);
            a.license = u.name.clone();
            let after = UnmatchedKey::acc(a);
            if before != after {
                if unmatched.get(&before) == Some(&i) {
                    unmatched.remove(&before);
                }
                unmatched.entry(after).or_insert(i);
            }
        }
    }

    let mut out_rows = Vec::new();
    let mut findings = Vec::new();
    for a in accs {
        let row = row(&a, ctx);
        findings.extend(row_findings(&row, ctx));
        out_rows.push(row);
    }
    out_rows.sort_by(|x, y| {
        (
            x.smart_account.to_lowercase(),
            x.virtual_account.to_lowercase(),
            x.license.to_lowercase(),
            x.entitlement_tag.to_lowercase(),
        )
            .cmp(&(
                y.smart_account.to_lowercase(),
                y.virtual_account.to_lowercase(),
                y.license.to_lowercase(),
                y.entitlement_tag.to_lowercase(),
            ))
    });
    crate::finding::sort(&mut findings);
    let devices_not_counted = devices
        .iter()
        .filter(|d| d.status != crate::device::CollectionStatus::Ok)
        .map(|d| d.name.clone())
        .collect();
    Ledger {
        entitlements_file: entitlements_file.to_string(),
        rows: out_rows,
        findings,
        devices_not_counted,
    }
}

fn row(a: &Acc, ctx: &Context) -> LicenseRow {
    let balance =
        i64::try_from(a.owned).unwrap_or(i64::MAX) - i64::try_from(a.in_use).unwrap_or(i64::MAX);
    let status = if !a.in_file {
        RowStatus::NotOwned
    } else if a.in_use > a.owned {
        RowStatus::Shortfall
    } else if a.expires.is_some_and(|d| d < ctx.now) {
        RowStatus::Expired
    } else if a
        .expires
        .is_some_and(|d| ctx.deadline_severity(d) > Severity::Ok)
    {
        RowStatus::Expiring
    } else if a.in_use == 0 && a.owned > 0 {
        RowStatus::Unused
    } else if a.in_use < a.owned {
        RowStatus::Surplus
    } else {
        RowStatus::Ok
    };
    LicenseRow {
        smart_account: a.smart_account.clone().unwrap_or_default(),
        virtual_account: a
            .virtual_account
            .clone()
            .unwrap_or_else(|| "unknown".into()),
        license: a
            .license
            .clone()
            .or_else(|| a.tag.clone())
            .unwrap_or_default(),
        entitlement_tag: a.tag.clone().unwrap_or_default(),
        owned: a.owned,
        in_use: a.in_use,
        balance,
        account_in_use: a.account_in_use,
        expires: a.expires,
        days_left: a.expires.map(|d| ctx.days_left(d)),
        devices: a.devices.iter().cloned().collect(),
        status,
    }
}

/// The `device` column of a fleet-level license finding: `account:<Smart Account>/<Virtual
/// Account>` (or `account:<Virtual Account>`), never a device name.
pub fn account_label(row: &LicenseRow) -> String {
    if row.smart_account.is_empty() {
        format!("account:{}", row.virtual_account)
    } else {
        format!("account:{}/{}", row.smart_account, row.virtual_account)
    }
}

fn what(row: &LicenseRow) -> String {
    if row.entitlement_tag.is_empty() || same(&row.entitlement_tag, &row.license) {
        row.license.clone()
    } else {
        format!("{} ({})", row.license, row.entitlement_tag)
    }
}

fn devices_list(row: &LicenseRow) -> String {
    const SHOWN: usize = 8;
    let mut s = row
        .devices
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if row.devices.len() > SHOWN {
        s.push_str(&format!(" and {} more", row.devices.len() - SHOWN));
    }
    s
}

fn row_findings(row: &LicenseRow, ctx: &Context) -> Vec<Finding> {
    let finding = |rule: &Rule, severity: Severity, message: String, due| Finding {
        device: account_label(row),
        host: String::new(),
        platform: None,
        rule_id: rule.id.to_string(),
        severity,
        message,
        due,
        days_left: due.map(|d| ctx.days_left(d)),
        fix: Some(rule.fix.to_string()),
    };
    let mut out = Vec::new();
    let lic = what(row);
    if row.status == RowStatus::NotOwned {
        let message = if row.virtual_account == "unknown" {
            format!(
                "{lic}: {} in use by devices whose Virtual Account is not known (they report none and the inventory sets no virtual_account): {}",
                row.in_use,
                devices_list(row)
            )
        } else {
            format!(
                "{lic}: {} in use in Virtual Account {}, but the entitlements file lists none for it; devices: {}",
                row.in_use,
                row.virtual_account,
                devices_list(row)
            )
        };
        out.push(finding(&NOT_OWNED, Severity::Warning, message, None));
        return out;
    }
    if row.in_use > row.owned {
        out.push(finding(
            &SHORTFALL,
            Severity::Critical,
            format!(
                "{lic}: {} in use, {} owned: {} short; devices: {}",
                row.in_use,
                row.owned,
                row.in_use - row.owned,
                devices_list(row)
            ),
            None,
        ));
    } else if row.in_use < row.owned {
        let unused = row.owned - row.in_use;
        let mut message = format!(
            "{lic}: {} owned, {} in use by the audited fleet: {unused} unused",
            row.owned, row.in_use
        );
        if let Some(n) = row.account_in_use {
            message.push_str(&format!(" (the account counts {n} in use)"));
        }
        out.push(finding(&UNUSED, Severity::Info, message, None));
    }
    if let Some(due) = row.expires {
        let severity = match ctx.deadline_severity(due) {
            Severity::Ok => None,
            // Nothing of the fleet depends on it: worth knowing, not acting on.
            _ if row.in_use == 0 => Some(Severity::Info),
            s => Some(s),
        };
        if let Some(severity) = severity {
            let days = ctx.days_left(due);
            let when = due.format("%Y-%m-%d");
            let timing = if due < ctx.now {
                format!("expired on {when} ({} days ago)", -days)
            } else {
                format!("expires on {when} ({days} days left)")
            };
            out.push(finding(
                &TERM_EXPIRING,
                severity,
                format!(
                    "Term license {lic}: {} owned, {} in use, {timing}",
                    row.owned, row.in_use
                ),
                Some(due),
            ));
        }
    }
    out
}
