//! The terminal report: a one-screen fleet summary (devices per state, findings per severity,
//! the nearest deadlines, devices not audited), then one line per device, worst first.
//!
//! The caller says whether to colour; this module never probes the terminal itself. Columns are
//! as wide as their content and never wrap (names, dates and rule ids are what people grep for).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};

use super::devices::{row, state_label, worst};
use super::Audited;
use crate::finding::Severity;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (only on a terminal).
    pub color: bool,
}

/// How many deadlines the summary lists.
const NEAREST: usize = 10;

/// Writes the summary and the device table.
pub fn write(
    out: &mut dyn Write,
    audited: &[Audited],
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
        *states.entry(state_label(a)).or_default() += 1;
    }
    writeln!(out, "\nDevices per state:")?;
    for (state, n) in &states {
        writeln!(out, "  {n:>5}  {state}")?;
    }

    let count = |s: Severity| {
        audited
            .iter()
            .flat_map(|a| &a.findings)
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

    let not_audited: Vec<String> = audited
        .iter()
        .filter(|a| a.findings.iter().any(|f| f.severity == Severity::Unknown))
        .map(|a| {
            let why = a
                .findings
                .iter()
                .find(|f| f.severity == Severity::Unknown)
                .map_or("unknown", |f| f.rule_id.trim_start_matches("collection."));
            format!("{} ({why})", a.device.name)
        })
        .collect();
    if !not_audited.is_empty() {
        writeln!(out, "Not fully audited: {}", not_audited.join(", "))?;
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

    let mut order: Vec<&Audited> = audited.iter().collect();
    order.sort_by(|a, b| {
        worst(b)
            .cmp(&worst(a))
            .then_with(|| {
                row(a)
                    .next_deadline
                    .unwrap_or(DateTime::<Utc>::MAX_UTC)
                    .cmp(&row(b).next_deadline.unwrap_or(DateTime::<Utc>::MAX_UTC))
            })
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
            Cell::new(state_label(a)),
            sev,
            Cell::new(r.findings),
            Cell::new(r.next_deadline.map(day).unwrap_or_default()),
            Cell::new(r.days_left.map(|d| d.to_string()).unwrap_or_default()),
            Cell::new(top),
        ]);
    }
    writeln!(out, "\n{table}")
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
