//! NX-OS `show version`, samples `samples/nxos/show_version/`.
//!
//! ```text
//! Cisco Nexus Operating System (NX-OS) Software
//!  NXOS: version 9.3(4)                       (7.x: `NXOS: version 7.0(3)I7(8)`, N7K `system:    version 8.2(1)`)
//!   NXOS image file is: bootflash:///nxos.9.3.4.bin
//!   cisco Nexus9000 C93180YC-FX Chassis
//!   Processor Board ID FDO23021ABC
//!   Device name: n9k-core-01
//! Kernel uptime is 12 day(s), 3 hour(s), 14 minute(s), 51 second(s)
//! ```
//!
//! The hardware line names the chassis in several shapes, all read into `model`:
//!
//! ```text
//!   cisco Nexus9000 C93180YC-FX Chassis                         -> Nexus9000 C93180YC-FX
//!   cisco Nexus 3048 Chassis ("48x1GE + 4x10G Supervisor")      -> Nexus 3048
//!   cisco Nexus7000 C7010 (10 Slot) Chassis ("Supervisor Module-2") -> Nexus7000 C7010
//!   cisco N9K-C93180YC-EX ("supervisor")                        -> N9K-C93180YC-EX (ACI, 7.x)
//!   cisco N9K-C9396PX ( chassis )                               -> N9K-C9396PX
//! ```
//!
//! ACI switches (and the APIC) may print a node table instead of, or besides, the banner:
//!
//! ```text
//!  Role        Pod         Node        Name       Version
//! ----------  ----------  ----------  ---------- --------------
//!  leaf        1           101         leaf101    n9000-14.2(3l)
//! ```
//!
//! A table is recognised by its dashed rule under a header naming `Name` and `Version`, and
//! ends at a blank line; the row of this switch (the only row, or the one named like the
//! prompt) gives the host name and, when no version line was
//! printed, the version as printed; its other cells are kept in `extra`. Rows of other nodes
//! are kept in `extra` too.
//!
//! Only these lines are read; the many others are expected and ignored without warnings.

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::{Extra, SoftwareVersion};
use crate::system::version::{board_id, licensing, uptime_line};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show version`: banner, version, image, chassis, serial, device name, uptime.
pub(crate) fn version(text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut v = SoftwareVersion::default();
    let mut hostname = None;
    let mut banner = false;
    let mut fallback_version = None;
    let mut nodes: Vec<NodeRow> = Vec::new();
    let mut table: Option<Columns> = None;
    let lines = &text.lines;
    for (i, line) in lines.iter().enumerate() {
        let t = &*line.text;
        if t.is_empty() {
            // A blank line ends a node table.
            table = None;
            continue;
        }
        if is_dash_rule(t) {
            // The rule under a table header (or a decoration): nothing to read.
            continue;
        }
        if let Some(cols) = &table {
            match node_row(cols, line) {
                Some(row) => {
                    nodes.push(row);
                    continue;
                }
                None => table = None,
            }
        }
        if let Some(cols) = lines.get(i + 1).and_then(|next| node_header(line, next)) {
            table = Some(cols);
            continue;
        }
        if t.starts_with("Cisco Nexus Operating System (NX-OS) Software") {
            banner = true;
        } else if let Some(serial) = board_id(t) {
            v.serial.get_or_insert_with(|| serial.to_string());
        } else if let Some((_, up)) = uptime_line(t) {
            v.uptime.get_or_insert_with(|| up.to_string());
        } else if let Some(model) = chassis(t) {
            v.model.get_or_insert(model);
        } else if let Some((label, value)) = split_kv(t) {
            match norm(label).as_str() {
                // `NXOS: version 9.3(4)` wins over the older `system: version` line.
                "nxos" => {
                    if let Some(ver) = version_word(value) {
                        v.version = Some(ver.to_string());
                    }
                }
                "system" => {
                    if let Some(ver) = version_word(value) {
                        v.version.get_or_insert_with(|| ver.to_string());
                    }
                }
                "system version" => fallback_version = Some(value.trim().to_string()),
                "nxos image file is" | "system image file is" => {
                    v.image = Some(value.trim().to_string()).filter(|i| !i.is_empty());
                }
                "device name" => {
                    hostname = Some(value.trim().to_string()).filter(|h| !h.is_empty())
                }
                _ => {}
            }
        }
    }
    if v.version.is_none() {
        v.version = fallback_version.filter(|f| !f.is_empty());
    }
    let mut extra = Vec::new();
    let own = own_node(&nodes, hostname.as_deref().or(text.hostname.as_deref()));
    for (i, row) in nodes.iter().enumerate() {
        if Some(i) == own {
            if let Some(name) = row.get("name") {
                hostname.get_or_insert_with(|| name.to_string());
            }
            if let Some(ver) = row.get("version") {
                v.version.get_or_insert_with(|| ver.to_string());
            }
        }
        for (label, value) in &row.cells {
            let own_field = Some(i) == own && matches!(norm(label).as_str(), "name" | "version");
            if !own_field {
                let section = match Some(i) == own {
                    true => vec!["Node".to_string()],
                    false => vec![format!("Node {}", row.get("name").unwrap_or("?"))],
                };
                extra.push(Extra {
                    section,
                    label: label.clone(),
                    value: value.clone(),
                    line: row.line,
                    command: None,
                });
            }
        }
    }
    if !banner && v.version.is_none() && nodes.is_empty() {
        return Err(not_this("no NX-OS banner or version line"));
    }
    let mut out = licensing("NX-OS", v, hostname);
    out.extra = extra;
    Ok(out)
}

/// Column spans (start, end in chars; the last runs to line end) and their header names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    /// `(start, end, header)` per column.
    spans: Vec<(usize, usize, String)>,
}

/// One row of an ACI node table: header to cell, in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NodeRow {
    /// `(header, cell)` of the non-empty cells.
    cells: Vec<(String, String)>,
    /// 1-based line number.
    line: usize,
}

impl NodeRow {
    /// The cell under the header named `name` (normalised), when present.
    fn get(&self, name: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(h, _)| norm(h) == name)
            .map(|(_, c)| c.as_str())
    }
}

/// A line made only of dash runs separated by blanks (`----------  ------`).
fn is_dash_rule(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| c == '-' || c == ' ')
}

/// `header` followed by a dashed rule `rule` whose columns name a `Name` and a `Version`:
/// the node table's columns, cut at the rule's dash runs (each cell runs to the next
/// column's start, the header is read with its original indentation).
fn node_header(header: &crate::lex::text::Line, rule: &crate::lex::text::Line) -> Option<Columns> {
    if !is_dash_rule(&rule.text) || is_dash_rule(&header.text) {
        return None;
    }
    let starts = runs(&rule.text, rule.indent);
    let mut spans = Vec::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
        let name = cut(&header.text, header.indent, *start, end);
        spans.push((*start, end, name));
    }
    let names: Vec<String> = spans.iter().map(|s| norm(&s.2)).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    (has("name") && has("version")).then_some(Columns { spans })
}

/// Start columns (0-based, counting `indent` leading blanks) of the dash runs in `rule`.
fn runs(rule: &str, indent: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = ' ';
    for (i, c) in rule.chars().enumerate() {
        if c == '-' && prev == ' ' {
            out.push(i + indent);
        }
        prev = c;
    }
    out
}

/// The trimmed text of columns `start..end` of a line printed with `indent` leading blanks.
fn cut(text: &str, indent: usize, start: usize, end: usize) -> String {
    let s = start.saturating_sub(indent);
    let e = end.saturating_sub(indent);
    text.chars()
        .skip(s)
        .take(e.saturating_sub(s))
        .collect::<String>()
        .trim()
        .to_string()
}

/// A row under a node table: at least a `Name` cell, and no colon label (which ends it).
fn node_row(cols: &Columns, line: &crate::lex::text::Line) -> Option<NodeRow> {
    if split_kv(&line.text).is_some() || is_dash_rule(&line.text) {
        return None;
    }
    let cells: Vec<(String, String)> = cols
        .spans
        .iter()
        .map(|(s, e, h)| (h.clone(), cut(&line.text, line.indent, *s, *e)))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let row = NodeRow {
        cells,
        line: line.no,
    };
    row.get("name").is_some().then_some(row)
}

/// Index of this switch's row: the one named `host`, else the only row.
fn own_node(rows: &[NodeRow], host: Option<&str>) -> Option<usize> {
    if let Some(h) = host {
        if let Some(i) = rows
            .iter()
            .position(|r| r.get("name").is_some_and(|n| n.eq_ignore_ascii_case(h)))
        {
            return Some(i);
        }
    }
    (rows.len() == 1).then_some(0)
}

/// `version 9.3(4)` / `version 10.2(3) [Feature Release]` → `9.3(4)`.
fn version_word(value: &str) -> Option<&str> {
    let rest = value.trim().strip_prefix("version")?;
    rest.split_whitespace().next()
}

/// The chassis of a hardware line: `cisco N9K-C93180YC-EX ("supervisor")` or
/// `cisco N9K-C9396PX ( chassis )` → the PID; `cisco Nexus9000 C93180YC-FX Chassis` →
/// `Nexus9000 C93180YC-FX`; `cisco Nexus7000 C7010 (10 Slot) Chassis ("Supervisor Module-2")`
/// → `Nexus7000 C7010` (parenthesised groups dropped).
fn chassis(t: &str) -> Option<String> {
    let rest = strip_prefix_no_case(t, "cisco ")?.trim_start();
    let first = rest.split_whitespace().next()?;
    let after = rest.get(first.len()..).unwrap_or("").trim_start();
    if is_pid(first) && (after.is_empty() || after.starts_with('(')) {
        return Some(first.to_string());
    }
    // Words before a bare `Chassis`, outside parentheses.
    let mut depth = 0usize;
    let mut words = Vec::new();
    for word in rest.split_whitespace() {
        let opens = word.matches('(').count();
        let closes = word.matches(')').count();
        if depth == 0 && opens == 0 {
            if word.eq_ignore_ascii_case("chassis") {
                return (!words.is_empty()).then(|| words.join(" "));
            }
            words.push(word);
        }
        depth = (depth + opens).saturating_sub(closes);
    }
    None
}

/// `t` without a leading `prefix` in any case.
fn strip_prefix_no_case<'a>(t: &'a str, prefix: &str) -> Option<&'a str> {
    let head = t.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| t.get(prefix.len()..))
        .flatten()
}

/// A Cisco product ID by shape: upper-case letters and digits in dash-separated groups, at
/// least two groups, starting with a letter (`N9K-C93180YC-EX`, `N3K-C3048TP-1GE`).
fn is_pid(word: &str) -> bool {
    let groups: Vec<&str> = word.split('-').collect();
    groups.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && groups.iter().all(|g| {
            !g.is_empty()
                && g.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn run(raw: &str) -> Result<DeviceLicensing, ParseError> {
        testing::run_clean(version, raw)
    }

    #[test]
    fn nine_three_fields_are_read() {
        let got = run("n9k-core-01# show version\nCisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\nSoftware\n  BIOS: version 07.67\n NXOS: version 9.3(4)\n  NXOS image file is: bootflash:///nxos.9.3.4.bin\nHardware\n  cisco Nexus9000 C93180YC-FX Chassis\n  Processor Board ID FDO23021ABC\n  Device name: n9k-core-01\nKernel uptime is 12 day(s), 3 hour(s), 14 minute(s), 51 second(s)\n  System version: 9.3(4)\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(v.os.as_deref(), Some("NX-OS"));
        assert_eq!(v.version.as_deref(), Some("9.3(4)"));
        assert_eq!(v.image.as_deref(), Some("bootflash:///nxos.9.3.4.bin"));
        assert_eq!(v.model.as_deref(), Some("Nexus9000 C93180YC-FX"));
        assert_eq!(v.serial.as_deref(), Some("FDO23021ABC"));
        assert_eq!(
            v.uptime.as_deref(),
            Some("12 day(s), 3 hour(s), 14 minute(s), 51 second(s)")
        );
        assert_eq!(got.hostname.as_deref(), Some("n9k-core-01"));
    }

    #[test]
    fn version_words_known_answers() {
        assert_eq!(version_word("version 7.0(3)I7(8)"), Some("7.0(3)I7(8)"));
        assert_eq!(
            version_word("version 10.2(3) [Feature Release]"),
            Some("10.2(3)")
        );
        assert_eq!(version_word("7.0"), None);
        assert_eq!(
            chassis("cisco Nexus9000 C9372PX chassis").as_deref(),
            Some("Nexus9000 C9372PX")
        );
    }

    #[test]
    fn chassis_pid_is_read_in_every_hardware_line_shape() {
        for (line, want) in [
            ("cisco N9K-C93180YC-EX (\"supervisor\")", "N9K-C93180YC-EX"),
            ("cisco N9K-C9396PX ( chassis )", "N9K-C9396PX"),
            ("cisco N9K-C9396PX", "N9K-C9396PX"),
            ("cisco Nexus9000 C9396PX Chassis", "Nexus9000 C9396PX"),
            (
                "cisco Nexus 3048 Chassis (\"48x1GE + 4x10G Supervisor\")",
                "Nexus 3048",
            ),
            (
                "cisco Nexus7000 C7010 (10 Slot) Chassis (\"Supervisor Module-2\")",
                "Nexus7000 C7010",
            ),
        ] {
            assert_eq!(chassis(line).as_deref(), Some(want), "{line}");
        }
        for line in [
            "cisco Systems, Inc.",
            "cisco Nexus9000 C93180YC-EX",
            "Cisco Nexus Operating System (NX-OS) Software",
        ] {
            assert_eq!(chassis(line), None, "{line}");
        }
    }

    #[test]
    fn aci_node_table_gives_host_and_version() {
        let got = run(" Role        Pod         Node        Name       Version\n----------  ----------  ----------  ---------- --------------\n leaf        1           101         leaf101    n9000-14.2(3l)\n").unwrap_or_default();
        assert_eq!(got.hostname.as_deref(), Some("leaf101"));
        assert_eq!(
            got.version.and_then(|v| v.version).as_deref(),
            Some("n9000-14.2(3l)")
        );
        let kept: Vec<(&str, &str)> = got
            .extra
            .iter()
            .map(|e| (e.label.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(kept, [("Role", "leaf"), ("Pod", "1"), ("Node", "101")]);
        assert!(got.extra.iter().all(|e| e.line == 3));
    }

    #[test]
    fn older_system_version_line_is_used() {
        let got = run(
            "Cisco Nexus Operating System (NX-OS) Software\n  system:    version 7.0(3)I7(8)\n",
        )
        .unwrap_or_default();
        assert_eq!(
            got.version.and_then(|v| v.version).as_deref(),
            Some("7.0(3)I7(8)")
        );
    }

    #[test]
    fn text_without_banner_or_version_is_refused() {
        assert!(run("Compliance Status: Out of compliance\n").is_err());
    }
}
