//! The terminal report: a one-screen fleet summary (devices per state, findings per severity,
//! the nearest deadlines, devices not audited, the license reconciliation when
//! `--entitlements` is given), then one line per device, worst first.
//!
//! The caller says whether to colour; this module never probes the terminal itself. Columns are
//! as wide as their content and never wrap (names, dates and rule ids are what people grep for).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};

use super::devices::row;
use crate::audited::Audited;
use crate::finding::Severity;
use crate::reconcile::{account_label, Ledger, RowStatus};
use crate::rules::collection::why_not_audited;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (only on a terminal).
    pub color: bool,
}

/// How many deadlines the summary lists.
const NEAREST: usize = 10;

/// How many license rows the summary lists.
const LICENSE_LINES: usize = 12;

/// Writes the summary and the device table.
pub fn write(
    out: &mut dyn Write,
    audited: &[Audited],
    licenses: Option<&Ledger>,
    now: DateTime<Utc>,
    style: Style,
) -> std::io::Result<()> {
    let day = |d: DateTime<Utc>| d.format("%Y-%m-%d").to_string();
    writeln!(
        out,
        "fleetlic audit: {} device(s) at {}",
        audited.len(),
        now.format("%Y-%m-%d %H:%M UTC")
    )?;

    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for a in audited {
        *states.entry(a.state_label()).or_default() += 1;
    }
    writeln!(out, "\nDevices per state:")?;
    for (state, n) in &states {
        writeln!(out, "  {n:>5}  {state}")?;
    }

    let count = |s: Severity| {
        audited
            .iter()
            .flat_map(|a| &a.findings)
            .chain(licenses.iter().flat_map(|l| &l.findings))
            .filter(|f| f.severity == s)
            .count()
    };
    let parts: Vec<String> = [
        Severity::Critical,
        Severity::Warning,
        Severity::Unknown,
        Severity::Info,
    ]
    .into_iter()
    .map(|s| paint(&format!("{} {s}", count(s)), s, style.color && count(s) > 0))
    .collect();
    writeln!(out, "\nFindings: {}", parts.join(", "))?;

    // Each device not fully audited on its own line: why, and what to do about it.
    let not_audited: Vec<(&str, String)> = audited
        .iter()
        .filter_map(|a| Some((a.device.name.as_str(), why_not_audited(a)?)))
        .collect();
    if !not_audited.is_empty() {
        writeln!(out, "\nNot fully audited ({}):", not_audited.len())?;
        let width = not_audited.iter().map(|(n, _)| n.chars().count()).max();
        for (name, why) in &not_audited {
            writeln!(out, "  {name:<w$}  {why}", w = width.unwrap_or(0))?;
        }
    }

    let mut deadlines: Vec<_> = audited
        .iter()
        .flat_map(|a| &a.findings)
        .filter(|f| f.rule_id.starts_with("deadline.") && f.due.is_some())
        .collect();
    deadlines.sort_by_key(|f| f.due);
    if !deadlines.is_empty() {
        writeln!(out, "\nNearest deadlines:")?;
        for f in deadlines.iter().take(NEAREST) {
            let due = f.due.map(day).unwrap_or_default();
            let days = f.days_left.map(|d| format!("{d:>5} d")).unwrap_or_default();
            let line = format!(
                "  {due}  {days}  {:<24} {}",
                f.device,
                f.rule_id.trim_start_matches("deadline.")
            );
            writeln!(out, "{}", paint(&line, f.severity, style.color))?;
        }
    }

    if let Some(ledger) = licenses {
        write_licenses(out, ledger, style)?;
    }

    let mut order: Vec<&Audited> = audited.iter().collect();
    order.sort_by(|a, b| {
        let due = |a: &Audited| {
            a.next_deadline()
                .map_or(DateTime::<Utc>::MAX_UTC, |n| n.due)
        };
        b.worst_severity()
            .cmp(&a.worst_severity())
            .then_with(|| due(a).cmp(&due(b)))
            .then_with(|| a.device.name.cmp(&b.device.name))
    });
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "DEVICE",
            "PLATFORM",
            "STATE",
            "WORST",
            "FINDINGS",
            "NEXT DEADLINE",
            "DAYS",
            "TOP FINDING",
        ]);
    for a in order {
        let r = row(a);
        let w = r.worst_severity;
        let mut sev = Cell::new(w.as_str());
        if style.color {
            if let Some(c) = color(w) {
                sev = sev.fg(c);
            }
        }
        let top = a
            .findings
            .iter()
            .find(|f| f.severity > Severity::Ok)
            .map(|f| f.rule_id.clone())
            .unwrap_or_default();
        table.add_row(vec![
            Cell::new(&r.device),
            Cell::new(&r.platform),
            Cell::new(a.state_label()),
            sev,
            Cell::new(r.findings),
            Cell::new(r.next_deadline.map(day).unwrap_or_default()),
            Cell::new(r.days_left.map(|d| d.to_string()).unwrap_or_default()),
            Cell::new(top),
        ]);
    }
    writeln!(out, "\n{table}")
}

/// The reconciliation block: counts per status, then the rows that need attention, worst first.
fn write_licenses(out: &mut dyn Write, ledger: &Ledger, style: Style) -> std::io::Result<()> {
    let accounts: std::collections::BTreeSet<String> =
        ledger.rows.iter().map(account_label).collect();
    let count = |s: RowStatus| ledger.rows.iter().filter(|r| r.status == s).count();
    let parts: Vec<String> = [
        (RowStatus::Shortfall, "short"),
        (RowStatus::NotOwned, "not owned"),
        (RowStatus::Expired, "expired"),
        (RowStatus::Expiring, "expiring"),
        (RowStatus::Surplus, "surplus"),
        (RowStatus::Unused, "unused"),
        (RowStatus::Ok, "ok"),
    ]
    .into_iter()
    .filter(|(s, _)| count(*s) > 0)
    .map(|(s, word)| format!("{} {word}", count(s)))
    .collect();
    writeln!(
        out,
        "\nLicenses vs {}: {} license(s) in {} virtual account(s): {}",
        ledger.entitlements_file,
        ledger.rows.len(),
        accounts.len(),
        parts.join(", ")
    )?;
    if !ledger.devices_not_counted.is_empty() {
        writeln!(
            out,
            "  usage of {} device(s) not collected is missing: {}",
            ledger.devices_not_counted.len(),
            ledger.devices_not_counted.join(", ")
        )?;
    }
    let mut rows: Vec<_> = ledger
        .rows
        .iter()
        .filter(|r| r.status != RowStatus::Ok)
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.status));
    let lines: Vec<[String; 7]> = rows
        .iter()
        .take(LICENSE_LINES)
        .map(|r| {
            [
                account_label(r).trim_start_matches("account:").to_string(),
                r.license.clone(),
                r.owned.to_string(),
                r.in_use.to_string(),
                format!("{:+}", r.balance),
                r.expires
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                r.status.as_str().to_string(),
            ]
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let header = [
        "ACCOUNT", "LICENSE", "OWNED", "IN USE", "BALANCE", "EXPIRES", "STATUS",
    ];
    let mut widths = header.map(str::len);
    for l in &lines {
        for (w, cell) in widths.iter_mut().zip(l) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let render = |cells: [&str; 7]| {
        let mut s = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            // Numbers right-aligned, text left-aligned.
            if (2..=4).contains(&i) {
                s.push_str(&format!(" {}{cell}", " ".repeat(pad)));
            } else {
                s.push_str(&format!(" {cell}{}", " ".repeat(pad)));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", render(header))?;
    for (r, l) in rows.iter().zip(&lines) {
        let line = render([&l[0], &l[1], &l[2], &l[3], &l[4], &l[5], &l[6]]);
        let severity = match r.status {
            RowStatus::Shortfall | RowStatus::Expired => Severity::Critical,
            RowStatus::NotOwned | RowStatus::Expiring => Severity::Warning,
            _ => Severity::Info,
        };
        writeln!(out, "{}", paint(&line, severity, style.color))?;
    }
    if rows.len() > LICENSE_LINES {
        writeln!(
            out,
            "  ... {} more in --csv-licenses",
            rows.len() - LICENSE_LINES
        )?;
    }
    Ok(())
}

fn color(s: Severity) -> Option<Color> {
    match s {
        Severity::Critical => Some(Color::Red),
        Severity::Warning => Some(Color::Yellow),
        Severity::Unknown => Some(Color::Magenta),
        Severity::Info | Severity::Ok => None,
    }
}

/// Wraps `text` in the severity's ANSI colour when `on`.
fn paint(text: &str, s: Severity, on: bool) -> String {
    let code = match (on, s) {
        (true, Severity::Critical) => "31",
        (true, Severity::Warning) => "33",
        (true, Severity::Unknown) => "35",
        _ => return text.to_string(),
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}
