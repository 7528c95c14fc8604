//! `show license platform summary` / `show license platform detail` (IOS-XR 7.x, Smart
//! Licensing Using Policy), samples `samples/iosxr/show_license_platform_{summary,detail}/`.
//!
//! The seed documents do not print these commands: this grammar follows real XR 7.x output
//! as best known and is tolerant — whatever it does not place becomes a warning and an
//! `extra` entry, never an error.
//!
//! ```text
//! Collection: LAST: Tue Nov 10 2026 09:55:05 UTC
//!             NEXT: Tue Nov 10 2026 10:10:05 UTC
//! Reporting:  LAST: Tue Nov 10 2026 09:55:05 UTC
//!             NEXT: Wed Nov 11 2026 09:55:06 UTC
//! Parameters: Collection interval: 15 minute(s)
//!             Reporting interval: 1440 minute(s)
//! SIA Status: In Compliance
//! Feature/Area                   Entitlement              Count
//!                                                         Last     Next
//! ============================== ======================== ======   ======
//! Fabric                         Ess Hardware             2        2
//! Status:  Out of compliance (Grace period expired)
//!          Grace period expired; features not licensed will be disabled at next reload.
//! ```
//!
//! `detail` prints the same timers, `Parameters:` and per feature area blocks
//! (`Feature/Area: Fabric`, an entitlement name line ending in `:`, then `Status:`,
//! `Entitlement Tag:`, `Count: Last: 2  Next: 2`).
//!
//! Where things go: the timers and intervals to `platform_timers` (reporting `LAST`/`NEXT`
//! also to `usage_reporting.last_report_push` / `next_report_push`); `SIA Status:` and the
//! top-level `Status:` to `compliance`, a parenthesised qualifier to `compliance_qualifier`
//! and the free-text lines under it to `compliance_explanation`. The table heading may take
//! several lines (`Count` over `Last   Next`); its `=====` rule gives the columns, and the
//! table ends at a blank or labelled line.

use crate::lex::absent::present;
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::{Line, Text};
use crate::lex::value::date_field;
use crate::lex::Warnings;
use crate::model::{Extra, License, LicenseStatus, LicensingMode, PlatformTimers, UsageReporting};
use crate::{not_this, DeviceLicensing, ParseError};

use super::status::compliance_qualified;

/// The section a continuation line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any section heading.
    None,
    /// `Collection:` timers.
    Collection,
    /// `Reporting:` timers.
    Reporting,
    /// `Parameters:` lines.
    Parameters,
    /// `SIA Status:` / `Status:` and the free text under it.
    Compliance,
    /// Summary table heading lines, up to its `=====` rule.
    Heading,
    /// Summary table after its `=====` rule; the spans are the rule's columns.
    Table,
    /// Detail `Feature/Area:` blocks.
    Areas,
}

/// Walk state.
struct Walk<'a> {
    /// The model being filled.
    out: DeviceLicensing,
    /// Reporting timers, attached to `out` when any was read.
    reporting: UsageReporting,
    /// Collection / reporting timers and intervals, attached to `out` when any was read.
    timers: PlatformTimers,
    /// Where continuation lines belong.
    section: Section,
    /// Summary table columns from its `=====` rule (absolute character columns).
    spans: Vec<(usize, usize)>,
    /// Current detail `Feature/Area:`.
    area: Option<String>,
    /// Warnings sink.
    w: &'a mut Warnings,
    /// Something this grammar knows was seen (else: not this output).
    known: bool,
}

/// `show license platform summary|detail`: timers, compliance status and the entitlements.
pub(crate) fn platform(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut walk = Walk {
        out: DeviceLicensing::default(),
        reporting: UsageReporting::default(),
        timers: PlatformTimers::default(),
        section: Section::None,
        spans: Vec::new(),
        area: None,
        w,
        known: false,
    };
    for line in text.lines.iter() {
        if line.text.is_empty() {
            if walk.section != Section::Areas {
                walk.section = Section::None;
            }
            continue;
        }
        walk.line(line);
    }
    if !walk.known {
        return Err(not_this(
            "no platform licensing timers, SIA status or entitlement table",
        ));
    }
    let mut out = walk.out;
    if walk.reporting != UsageReporting::default() {
        out.usage_reporting = Some(walk.reporting);
    }
    if walk.timers != PlatformTimers::default() {
        out.platform_timers = Some(walk.timers);
    }
    out.mode = Some(LicensingMode::UsingPolicy);
    Ok(out)
}

/// Top-level labels: they end a `Parameters:` or status block instead of continuing it.
fn is_top_label(key: &str) -> bool {
    matches!(
        key,
        "collection" | "reporting" | "parameters" | "sia status" | "status" | "feature/area"
    )
}

impl Walk<'_> {
    /// One non-blank line.
    fn line(&mut self, line: &Line) {
        let t = &*line.text;
        if t.starts_with("Feature/Area") && t.contains("Entitlement") && !t.contains(':') {
            // Summary table heading; more heading lines may follow up to the `=====` rule.
            self.known = true;
            self.section = Section::Heading;
            return;
        }
        if t.starts_with('=') {
            self.spans = rule_spans(t, line.indent);
            self.section = Section::Table;
            return;
        }
        if self.section == Section::Heading && !t.contains(':') {
            // `Last   Next` under `Count`: column names only.
            return;
        }
        if self.section == Section::Table {
            if let Some(lic) = table_row(t, line.indent, &self.spans) {
                self.push_license(lic);
                return;
            }
            if split_kv(t).is_none() {
                self.unplaced(line, "", t, "not an entitlement row");
                return;
            }
            // A labelled line (`Status:`) ends the table.
            self.section = Section::None;
        }
        if norm(t) == "count" {
            // The `Count` super-heading above `Last   Next`, before the heading line.
            self.section = Section::Heading;
            return;
        }
        let Some((label, value)) = split_kv(t) else {
            if self.section == Section::Compliance {
                self.explain(t);
            } else {
                self.unplaced(line, "", t, "not a platform licensing line");
            }
            return;
        };
        let key = norm(label);
        match key.as_str() {
            "collection" => self.timer(Section::Collection, value, line),
            "reporting" => self.timer(Section::Reporting, value, line),
            "last" | "next" if matches!(self.section, Section::Collection | Section::Reporting) => {
                self.timer(self.section, t, line)
            }
            "parameters" => {
                self.known = true;
                self.section = Section::Parameters;
                self.parameter(value, line);
            }
            _ if self.section == Section::Parameters && !is_top_label(&key) => {
                self.parameter(t, line)
            }
            "sia status" => self.status(value),
            "status" if self.section != Section::Areas || !self.entitlement_awaits_status() => {
                self.status(value)
            }
            "feature/area" => {
                self.known = true;
                self.section = Section::Areas;
                self.area = present(value).map(str::to_string);
            }
            _ if self.section == Section::Compliance && !is_top_label(&key) => self.explain(t),
            _ if self.section == Section::Areas => self.detail_line(label, value, line),
            _ => self.unplaced(line, label, value, "not placed in the model"),
        }
    }

    /// Inside a `Feature/Area:` block, the entitlement just named has no `Status:` yet: a
    /// `Status:` line is its own (whatever it says, `OUT OF COMPLIANCE` included), not the
    /// device's.
    fn entitlement_awaits_status(&self) -> bool {
        self.out.licenses.last().is_some_and(|l| {
            l.status.is_none() && l.other.get("Feature/Area") == self.area.as_ref()
        })
    }

    /// A line the model has no place for: a warning, and an `extra` entry under the current
    /// section.
    fn unplaced(&mut self, line: &Line, label: &str, value: &str, reason: &str) {
        self.w.push(line.no, &line.text, reason);
        let section = match self.section {
            Section::None | Section::Heading => Vec::new(),
            Section::Collection => vec!["Collection".to_string()],
            Section::Reporting => vec!["Reporting".to_string()],
            Section::Parameters => vec!["Parameters".to_string()],
            Section::Compliance => vec!["Status".to_string()],
            Section::Table => vec!["Feature/Area table".to_string()],
            Section::Areas => vec![format!(
                "Feature/Area: {}",
                self.area.as_deref().unwrap_or_default()
            )],
        };
        self.out.extra.push(Extra {
            section,
            label: label.to_string(),
            value: value.to_string(),
            line: line.no,
            command: None,
        });
    }

    /// `SIA Status:` / `Status:`: the compliance word and its parenthesised qualifier; free
    /// text on the following lines is its explanation.
    fn status(&mut self, value: &str) {
        self.known = true;
        self.section = Section::Compliance;
        let (status, qualifier) = compliance_qualified(value);
        self.out.compliance = Some(status);
        self.out.compliance_qualifier = qualifier;
    }

    /// A free-text line under the compliance status.
    fn explain(&mut self, t: &str) {
        match &mut self.out.compliance_explanation {
            Some(e) => {
                e.push(' ');
                e.push_str(t.trim());
            }
            None => self.out.compliance_explanation = Some(t.trim().to_string()),
        }
    }

    /// `Collection: LAST: <date>` / `NEXT: <date>` (also without the section label).
    fn timer(&mut self, section: Section, value: &str, line: &Line) {
        self.known = true;
        self.section = section;
        let Some((which, date)) = split_kv(value) else {
            self.unplaced(line, "", value, "timer without LAST:/NEXT:");
            return;
        };
        let at = date_field(date, line.no, self.w);
        let slot = match (section, norm(which).as_str()) {
            (Section::Collection, "last") => &mut self.timers.collection_last,
            (Section::Collection, "next") => &mut self.timers.collection_next,
            (Section::Reporting, "last") => {
                self.reporting.last_report_push = at;
                &mut self.timers.reporting_last
            }
            (Section::Reporting, "next") => {
                self.reporting.next_report_push = at;
                &mut self.timers.reporting_next
            }
            _ => {
                self.unplaced(line, which, date, "timer is neither LAST nor NEXT");
                return;
            }
        };
        *slot = at;
        if at.is_none() && present(date).is_some() {
            // `date_field` warned already; keep what was printed.
            self.out.extra.push(Extra {
                section: vec![format!("{section:?}")],
                label: which.to_string(),
                value: date.to_string(),
                line: line.no,
                command: None,
            });
        }
    }

    /// `Collection interval: 15 minute(s)` / `Reporting interval: 1440 minute(s)`; other
    /// parameters (`Throughput gauge: 1000000 Kbps`) have no model field.
    fn parameter(&mut self, kv: &str, line: &Line) {
        let Some((label, value)) = split_kv(kv) else {
            self.unplaced(line, "", kv, "parameter without a label");
            return;
        };
        let slot = match norm(label).as_str() {
            "collection interval" => &mut self.timers.collection_interval_minutes,
            "reporting interval" => &mut self.timers.reporting_interval_minutes,
            _ => {
                self.unplaced(line, label, value, "parameter has no model field");
                return;
            }
        };
        match minutes(value) {
            Some(m) => *slot = Some(m),
            None => self.unplaced(line, label, value, "interval not in minutes, hours or days"),
        }
    }

    /// A line inside a detail `Feature/Area:` block.
    fn detail_line(&mut self, label: &str, value: &str, line: &Line) {
        let open = self
            .out
            .licenses
            .last_mut()
            .filter(|l| l.other.get("Feature/Area") == self.area.as_ref());
        match (norm(label).as_str(), open) {
            (_, _) if value.is_empty() && !is_detail_label(label) => {
                let mut lic = License {
                    name: Some(label.to_string()),
                    ..License::default()
                };
                if let Some(a) = &self.area {
                    lic.other.insert("Feature/Area".to_string(), a.clone());
                }
                self.push_license(lic);
            }
            ("status", Some(lic)) => lic.status = Some(usage_status(value)),
            ("entitlement tag" | "entitlement" | "tag", Some(lic)) => {
                lic.entitlement_tag = present(value).map(str::to_string);
            }
            ("count", Some(lic)) => counts(value, lic),
            ("version", Some(lic)) => lic.version = present(value).map(str::to_string),
            (_, Some(lic)) => {
                lic.other.insert(label.to_string(), value.to_string());
            }
            (_, None) => self.unplaced(line, label, value, "field outside an entitlement"),
        }
    }

    /// Appends a license with its position.
    fn push_license(&mut self, mut lic: License) {
        lic.position = self.out.licenses.len() as u32;
        self.out.licenses.push(lic);
    }
}

/// `15 minute(s)`, `1 hour(s)`, `1 day(s)`, `60` → minutes.
fn minutes(value: &str) -> Option<u32> {
    let mut words = value.split_whitespace();
    let n: u32 = words.next()?.parse().ok()?;
    let unit = words.next().unwrap_or("minutes").to_ascii_lowercase();
    let per = if unit.starts_with("min") {
        1
    } else if unit.starts_with("hour") || unit == "h" {
        60
    } else if unit.starts_with("day") {
        1440
    } else {
        return None;
    };
    if words.next().is_some() {
        return None;
    }
    n.checked_mul(per)
}

/// Labels of per-entitlement fields (never an entitlement name).
fn is_detail_label(label: &str) -> bool {
    matches!(
        norm(label).as_str(),
        "status" | "entitlement tag" | "entitlement" | "tag" | "count" | "version"
    )
}

/// `IN USE`, `NOT IN USE`, `NOT AUTHORIZED`, `AUTHORIZED`, `OUT OF COMPLIANCE`; anything
/// else verbatim.
fn usage_status(value: &str) -> LicenseStatus {
    match norm(value).as_str() {
        "in use" => LicenseStatus::InUse,
        "not in use" => LicenseStatus::NotInUse,
        "not authorized" => LicenseStatus::NotAuthorized,
        "authorized" => LicenseStatus::Authorized,
        "out of compliance" => LicenseStatus::OutOfCompliance,
        _ => LicenseStatus::Other(value.trim().to_string()),
    }
}

/// `Last: 2  Next: 2` / `Last reported: 2  Next report: 2` / `2`: the next report's count is
/// the current use (`count`); the last reported one is kept in `other`.
fn counts(value: &str, lic: &mut License) {
    let words: Vec<&str> = value.split_whitespace().collect();
    let number_after = |key: &str| -> Option<u32> {
        let at = words
            .iter()
            .position(|w| w.to_ascii_lowercase().starts_with(key))?;
        words.get(at + 1..)?.iter().find_map(|w| w.parse().ok())
    };
    match (number_after("last"), number_after("next")) {
        (None, None) => lic.count = value.trim().parse().ok(),
        (last, next) => {
            lic.count = next;
            if let Some(l) = last {
                lic.other
                    .insert("Last reported count".to_string(), l.to_string());
            }
        }
    }
}

/// Column spans (start, end in chars, counting the `indent` blanks the line was printed
/// with) of a `====== ====` rule, each running to the next column's start; the last runs to
/// line end.
fn rule_spans(rule: &str, indent: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in rule.chars().enumerate() {
        let i = i + indent;
        match (c == '=', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, usize::MAX));
    }
    // Cells run up to the next column: right-aligned numbers one column off still land.
    let starts: Vec<usize> = spans.iter().skip(1).map(|s| s.0).collect();
    for (span, next) in spans.iter_mut().zip(starts) {
        span.1 = next;
    }
    if let Some(last) = spans.last_mut() {
        last.1 = usize::MAX;
    }
    spans
}

/// `Fabric          Ess Hardware                 2      2` (printed with `indent` blanks)
/// cut at the rule's columns: area, entitlement, last count, next count.
fn table_row(row: &str, indent: usize, spans: &[(usize, usize)]) -> Option<License> {
    let chars: Vec<char> = row.chars().collect();
    let cell = |(s, e): (usize, usize)| -> String {
        let (s, e) = (s.saturating_sub(indent), e.saturating_sub(indent));
        let end = e.min(chars.len());
        chars
            .get(s.min(end)..end)
            .map(|c| c.iter().collect::<String>().trim().to_string())
            .unwrap_or_default()
    };
    let cells: Vec<String> = spans.iter().map(|s| cell(*s)).collect();
    let [area, entitlement, last, next] = cells.as_slice() else {
        return None;
    };
    let last: Option<u32> = last.parse().ok();
    let next: Option<u32> = next.parse().ok();
    if entitlement.is_empty() || (last.is_none() && next.is_none()) {
        return None;
    }
    let mut lic = License {
        name: Some(entitlement.clone()),
        count: next,
        ..License::default()
    };
    if !area.is_empty() {
        lic.other.insert("Feature/Area".to_string(), area.clone());
    }
    if let Some(l) = last {
        lic.other
            .insert("Last reported count".to_string(), l.to_string());
    }
    Some(lic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::ComplianceStatus;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(platform, raw)
    }

    #[test]
    fn summary_table_and_reporting_timers() {
        let raw = "Collection: LAST: Wed Jul 22 2020 18:57:32 UTC\n            NEXT: Wed Jul 22 2020 19:57:32 UTC\nReporting:  LAST: Wed Jul 22 2020 18:57:32 UTC\n            NEXT: Wed Jul 22 2020 19:57:32 UTC\nSIA Status: In Compliance\n\n                                         Count\nFeature/Area     Entitlement             Last   Next\n=============== ======================= ====== ======\nFabric          Ess Hardware                 2      2\nThroughput      Advantage 100G               0      1\n";
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        let timers = got.platform_timers.clone().unwrap_or_default();
        assert_eq!(timers.collection_last, Some(utc(2020, 7, 22, 18, 57, 32)));
        assert_eq!(timers.collection_next, Some(utc(2020, 7, 22, 19, 57, 32)));
        assert_eq!(timers.reporting_next, Some(utc(2020, 7, 22, 19, 57, 32)));
        assert_eq!(got.mode, Some(LicensingMode::UsingPolicy));
        assert_eq!(got.compliance, Some(ComplianceStatus::InCompliance));
        let r = got.usage_reporting.unwrap_or_default();
        assert_eq!(r.last_report_push, Some(utc(2020, 7, 22, 18, 57, 32)));
        assert_eq!(r.next_report_push, Some(utc(2020, 7, 22, 19, 57, 32)));
        assert_eq!(got.licenses.len(), 2);
        let b = &got.licenses[1];
        assert_eq!(
            (b.name.as_deref(), b.count),
            (Some("Advantage 100G"), Some(1))
        );
        assert_eq!(
            b.other.get("Feature/Area").map(String::as_str),
            Some("Throughput")
        );
        assert_eq!(
            b.other.get("Last reported count").map(String::as_str),
            Some("0")
        );
    }

    /// The XR 7.x summary the issue quotes: two-line table heading, parameters, and a status
    /// with a qualifier and an explanation line after the table.
    const GRACE_EXPIRED: &str = "Collection: LAST: Tue Nov 10 2026 09:55:05 UTC
            NEXT: Tue Nov 10 2026 10:10:05 UTC
Reporting:  LAST: Tue Nov 10 2026 09:55:05 UTC
            NEXT: Wed Nov 11 2026 09:55:06 UTC
Parameters: Collection interval: 15 minute(s)
            Reporting interval: 1440 minute(s)
            Throughput gauge: 1000000 Kbps
Feature/Area                         Entitlement                 Count
                                                                 Last     Next
==============================       ========================    ======   ======
Fabric                               Essentials Hardware         2        2
Throughput                           Advantage 100G              0        1
Status:  Out of compliance (Grace period expired)
         Grace period expired; features not licensed will be disabled at next reload.
";

    #[test]
    fn timers_and_intervals_land_in_platform_timers() {
        let (got, _) = run(GRACE_EXPIRED);
        let t = got.unwrap_or_default().platform_timers.unwrap_or_default();
        assert_eq!(t.collection_last, Some(utc(2026, 11, 10, 9, 55, 5)));
        assert_eq!(t.collection_next, Some(utc(2026, 11, 10, 10, 10, 5)));
        assert_eq!(t.reporting_last, Some(utc(2026, 11, 10, 9, 55, 5)));
        assert_eq!(t.reporting_next, Some(utc(2026, 11, 11, 9, 55, 6)));
        assert_eq!(t.collection_interval_minutes, Some(15));
        assert_eq!(t.reporting_interval_minutes, Some(1440));
    }

    #[test]
    fn status_qualifier_and_explanation_are_kept() {
        let (got, w) = run(GRACE_EXPIRED);
        let got = got.unwrap_or_default();
        assert_eq!(got.compliance, Some(ComplianceStatus::OutOfCompliance));
        assert_eq!(
            got.compliance_qualifier.as_deref(),
            Some("Grace period expired")
        );
        assert_eq!(
            got.compliance_explanation.as_deref(),
            Some("Grace period expired; features not licensed will be disabled at next reload.")
        );
        assert_eq!(got.licenses.len(), 2, "{:?}", got.licenses);
        assert_eq!(got.licenses[1].count, Some(1));
        // Only the throughput gauge is not placed: one warning, kept in `extra`.
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 7);
        let e = got.extra.first().cloned().unwrap_or_default();
        assert_eq!(
            (e.section, e.label.as_str(), e.value.as_str(), e.line),
            (
                vec!["Parameters".to_string()],
                "Throughput gauge",
                "1000000 Kbps",
                7
            )
        );
    }

    #[test]
    fn unknown_line_is_warned_and_kept_under_its_section() {
        let raw = "Reporting:  LAST: Tue Nov 10 2026 09:55:05 UTC\nFrobnication level high\n";
        let (got, w) = run(raw);
        assert_eq!(w.len(), 1);
        let got = got.unwrap_or_default();
        assert_eq!(got.extra.len(), 1);
        assert_eq!(got.extra[0].line, 2);
        assert_eq!(got.extra[0].value, "Frobnication level high");
    }

    #[test]
    fn entitlement_status_out_of_compliance_stays_on_the_entitlement() {
        let raw = "Feature/Area: Fabric\n  Ess Hardware:\n    Status:          OUT OF COMPLIANCE\n    Count:           Last: 2  Next: 3\nStatus: Out of compliance (Grace period expired)\n";
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        assert_eq!(got.licenses[0].status, Some(LicenseStatus::OutOfCompliance));
        assert_eq!(got.compliance, Some(ComplianceStatus::OutOfCompliance));
        assert_eq!(
            got.compliance_qualifier.as_deref(),
            Some("Grace period expired")
        );
    }

    #[test]
    fn detail_blocks_become_licenses() {
        let raw = "Feature/Area: Fabric\n  Ess Hardware:\n    Status:          IN USE\n    Entitlement Tag: regid.2020-05.com.cisco.ESS-AC-HW,1.0_7f5a\n    Count:           Last: 2  Next: 3\n";
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        let lic = got.licenses.first().cloned().unwrap_or_default();
        assert_eq!(lic.name.as_deref(), Some("Ess Hardware"));
        assert_eq!(lic.status, Some(LicenseStatus::InUse));
        assert_eq!(
            lic.entitlement_tag.as_deref(),
            Some("regid.2020-05.com.cisco.ESS-AC-HW,1.0_7f5a")
        );
        assert_eq!(lic.count, Some(3));
    }

    #[test]
    fn rule_spans_known_answers() {
        assert_eq!(
            rule_spans("=== == =", 0),
            vec![(0, 4), (4, 7), (7, usize::MAX)]
        );
        assert_eq!(rule_spans("== =", 2), vec![(2, 5), (5, usize::MAX)]);
        assert!(rule_spans("", 0).is_empty());
        assert!(table_row("short", 0, &rule_spans("=== ===", 0)).is_none());
        assert_eq!(minutes("15 minute(s)"), Some(15));
        assert_eq!(minutes("1 hour(s)"), Some(60));
        assert_eq!(minutes("1 day(s)"), Some(1440));
        assert_eq!(minutes("60"), Some(60));
        assert_eq!(minutes("15 fortnights"), None);
        assert_eq!(minutes("soon"), None);
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("Compliance Status: In compliance\n").0.is_err());
    }
}
