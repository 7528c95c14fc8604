//! `show license platform summary` / `show license platform detail` (IOS-XR 7.x, Smart
//! Licensing Using Policy), samples `samples/iosxr/show_license_platform_{summary,detail}/`.
//!
//! The seed documents do not print these commands: this grammar follows real XR 7.x output
//! as best known and is tolerant — whatever it does not place becomes a warning, never an
//! error.
//!
//! ```text
//! Collection: LAST: Wed Jul 22 2020 18:57:32 UTC
//!             NEXT: Wed Jul 22 2020 19:57:32 UTC
//! Reporting:  LAST: Wed Jul 22 2020 18:57:32 UTC
//!             NEXT: Wed Jul 22 2020 19:57:32 UTC
//! SIA Status: In Compliance
//!                                          Count
//! Feature/Area     Entitlement             Last   Next
//! =============== ======================= ====== ======
//! Fabric          Ess Hardware                 2      2
//! ```
//!
//! `detail` prints the same timers, `Parameters:` and per feature area blocks
//! (`Feature/Area: Fabric`, an entitlement name line ending in `:`, then `Status:`,
//! `Entitlement Tag:`, `Count: Last: 2  Next: 2`). Reporting `LAST`/`NEXT` go to
//! `usage_reporting.last_report_push` / `next_report_push`; `SIA Status:` to `compliance`;
//! collection timers and parameters have no home in the model and are kept as warnings.

use crate::lex::absent::present;
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::{Line, Text};
use crate::lex::value::date_field;
use crate::lex::Warnings;
use crate::model::{License, LicenseStatus, LicensingMode, UsageReporting};
use crate::{not_this, DeviceLicensing, ParseError};

use super::status::compliance;

/// The timer section a `LAST:`/`NEXT:` continuation line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any section heading.
    None,
    /// `Collection:` timers (no model field).
    Collection,
    /// `Reporting:` timers.
    Reporting,
    /// `Parameters:` (no model field).
    Parameters,
    /// `SIA Status:` continuation lines.
    Sia,
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
    /// Where continuation lines belong.
    section: Section,
    /// Summary table columns from its `=====` rule.
    spans: Vec<(usize, usize)>,
    /// Current detail `Feature/Area:`.
    area: Option<String>,
    /// Warnings sink.
    w: &'a mut Warnings,
    /// Something this grammar knows was seen (else: not this output).
    known: bool,
}

/// `show license platform summary|detail`: timers, SIA status and the entitlement rows.
pub(crate) fn platform(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut walk = Walk {
        out: DeviceLicensing::default(),
        reporting: UsageReporting::default(),
        section: Section::None,
        spans: Vec::new(),
        area: None,
        w,
        known: false,
    };
    for line in text.lines.iter() {
        if line.text.is_empty() {
            if matches!(
                walk.section,
                Section::Collection | Section::Reporting | Section::Parameters | Section::Sia
            ) {
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
    out.mode = Some(LicensingMode::UsingPolicy);
    Ok(out)
}

impl Walk<'_> {
    /// One non-blank line.
    fn line(&mut self, line: &Line) {
        let t = &*line.text;
        if t.starts_with("Feature/Area") && t.contains("Entitlement") && !t.contains(':') {
            // Summary table heading; the `=====` rule under it gives the columns.
            self.known = true;
            self.section = Section::None;
            return;
        }
        if t.starts_with('=') {
            self.spans = rule_spans(t);
            self.section = Section::Table;
            return;
        }
        if self.section == Section::Table {
            match table_row(t, &self.spans) {
                Some(lic) => self.push_license(lic),
                None => self.w.push(line.no, t, "not an entitlement row"),
            }
            return;
        }
        if norm(t) == "count" {
            // The `Count` super-heading above `Last   Next`.
            return;
        }
        let Some((label, value)) = split_kv(t) else {
            self.w.push(line.no, t, "not a platform licensing line");
            return;
        };
        match norm(label).as_str() {
            "collection" => self.timer(Section::Collection, value, line),
            "reporting" => self.timer(Section::Reporting, value, line),
            "last" | "next" if matches!(self.section, Section::Collection | Section::Reporting) => {
                self.timer(self.section, t, line)
            }
            "parameters" => {
                self.known = true;
                self.section = Section::Parameters;
                self.w
                    .push(line.no, t, "reporting parameters have no model field");
            }
            "sia status" => {
                self.known = true;
                self.section = Section::Sia;
                let word = value.split('(').next().unwrap_or(value);
                self.out.compliance = Some(compliance(word));
            }
            "feature/area" => {
                self.known = true;
                self.section = Section::Areas;
                self.area = present(value).map(str::to_string);
            }
            _ if self.section == Section::Areas => self.detail_line(label, value, line),
            _ => self.w.push(line.no, t, "not placed in the model"),
        }
    }

    /// `Collection: LAST: <date>` / `NEXT: <date>` (also without the section label).
    fn timer(&mut self, section: Section, value: &str, line: &Line) {
        self.known = true;
        self.section = section;
        let Some((which, date)) = split_kv(value) else {
            self.w
                .push(line.no, &line.text, "timer without LAST:/NEXT:");
            return;
        };
        let which = norm(which);
        if section != Section::Reporting {
            self.w
                .push(line.no, &line.text, "collection timers have no model field");
            return;
        }
        let at = date_field(date, line.no, self.w);
        match which.as_str() {
            "last" => self.reporting.last_report_push = at,
            "next" => self.reporting.next_report_push = at,
            _ => self
                .w
                .push(line.no, &line.text, "timer is neither LAST nor NEXT"),
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
            (_, None) => self
                .w
                .push(line.no, &line.text, "field outside an entitlement"),
        }
    }

    /// Appends a license with its position.
    fn push_license(&mut self, mut lic: License) {
        lic.position = self.out.licenses.len() as u32;
        self.out.licenses.push(lic);
    }
}

/// Labels of per-entitlement fields (never an entitlement name).
fn is_detail_label(label: &str) -> bool {
    matches!(
        norm(label).as_str(),
        "status" | "entitlement tag" | "entitlement" | "tag" | "count" | "version"
    )
}

/// `IN USE`, `NOT IN USE`, `NOT AUTHORIZED`; anything else verbatim.
fn usage_status(value: &str) -> LicenseStatus {
    match norm(value).as_str() {
        "in use" => LicenseStatus::InUse,
        "not in use" => LicenseStatus::NotInUse,
        "not authorized" => LicenseStatus::NotAuthorized,
        "authorized" => LicenseStatus::Authorized,
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

/// Column spans (start, end in chars) of a `====== ====` rule, each running to the next
/// column's start; the last runs to line end.
fn rule_spans(rule: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in rule.chars().enumerate() {
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

/// `Fabric          Ess Hardware                 2      2` cut at the rule's columns:
/// area, entitlement, last count, next count.
fn table_row(row: &str, spans: &[(usize, usize)]) -> Option<License> {
    let chars: Vec<char> = row.chars().collect();
    let cell = |(s, e): (usize, usize)| -> String {
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
        assert_eq!(w.len(), 2, "two collection timers: {w:?}");
        let got = got.unwrap_or_default();
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
            rule_spans("=== == ="),
            vec![(0, 4), (4, 7), (7, usize::MAX)]
        );
        assert!(rule_spans("").is_empty());
        assert!(table_row("short", &rule_spans("=== ===")).is_none());
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("Compliance Status: In compliance\n").0.is_err());
    }
}
