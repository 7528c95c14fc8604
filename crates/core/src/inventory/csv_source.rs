//! The CSV inventory: `name,host,port,platform,group`, one device a row, every other setting
//! from the `--defaults` TOML file. Problems read `file:line: column: what is wrong`.

use std::collections::BTreeMap;
use std::path::Path;

use super::keys::{self, Raw};
use super::resolve::{resolve_all, Layer, Origin};
use super::toml_source::{self, Sections};
use super::{Env, Inventory, InventoryErrors, Problems};

/// The columns a CSV inventory may have; `name` and `host` are required.
pub(crate) const COLUMNS: [&str; 5] = ["name", "host", "port", "platform", "group"];

/// Reads and resolves a CSV inventory with its defaults file.
pub(crate) fn load(
    path: &Path,
    text: &str,
    defaults: Option<(&Path, &str)>,
    env: &dyn Env,
) -> Result<Inventory, InventoryErrors> {
    let mut problems = Problems::default();
    let sections = match defaults {
        Some((dpath, dtext)) => toml_source::read(dpath, dtext, false, &mut problems),
        None => Some(Sections::default()),
    };
    let defaults_ok = problems.is_empty();
    let devices = if text.trim().is_empty() {
        problems.push(
            path,
            Some(1),
            None,
            None,
            "the file is empty: a CSV inventory needs a header (name,host,port,platform,group) \
             and a row per device",
        );
        Vec::new()
    } else if super::check_text(path, text, &mut problems) {
        rows(path, text, &mut problems)
    } else {
        Vec::new()
    };
    // With a broken defaults file every device would also lack its credentials: say it once.
    let Some(sections) = sections.filter(|_| defaults_ok) else {
        return Err(problems.finish());
    };
    resolve_all(
        &devices,
        &sections.groups,
        sections.defaults.as_ref(),
        env,
        problems,
    )
}

/// Reads every row as a device section, reporting bad headers and cells.
fn rows<'a>(path: &'a Path, text: &str, problems: &mut Problems) -> Vec<(String, Layer<'a>)> {
    let lines = toml_source::LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let (header, header_line): (Vec<String>, usize) = match reader.headers() {
        Ok(h) => (
            h.iter().map(str::to_string).collect(),
            h.position().map_or(1, |p| record_line(&lines, p)),
        ),
        Err(e) => {
            problems.push(path, Some(1), None, None, format!("not CSV: {e}"));
            return Vec::new();
        }
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, col) in header.iter().enumerate() {
        let known = COLUMNS.iter().copied().find(|c| c == col);
        match known {
            Some(c) if header[..i].iter().any(|h| h == c) => {
                problems.push(path, Some(header_line), None, Some(c), "duplicate column");
            }
            Some(_) => {}
            None => {
                let why = if col.is_empty() {
                    "empty column name".to_string()
                } else if keys::unknown_key_problem(col).starts_with("unknown field") {
                    format!(
                        "unknown column \"{col}\" (columns: {}; everything else goes in the \
                         --defaults file)",
                        COLUMNS.join(", ")
                    )
                } else {
                    keys::unknown_key_problem(col)
                };
                problems.push(path, Some(header_line), None, None, why);
            }
        }
        columns.push(known);
    }
    let mut complete = true;
    for required in ["name", "host"] {
        if !header.iter().any(|h| h == required) {
            complete = false;
            problems.push(
                path,
                Some(header_line),
                None,
                Some(required),
                "missing column (header: name,host,port,platform,group)",
            );
        }
    }

    let mut devices = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut records = 0;
    for record in reader.records() {
        records += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| record_line(&lines, p));
                let why = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "{len} field{}, the header has {expected_len}",
                        if *len == 1 { "" } else { "s" }
                    ),
                    _ => format!("not CSV: {e}"),
                };
                problems.push(path, line, None, None, why);
                continue;
            }
        };
        let line = record.position().map_or(0, |p| record_line(&lines, p));
        let origin = Origin {
            file: path,
            line,
            scope: None,
        };
        let mut layer = Layer::new(origin.clone());
        for (cell, column) in record.iter().zip(&columns) {
            let Some(column) = *column else { continue };
            if cell.is_empty() {
                if matches!(column, "name" | "host") {
                    // Stored as invalid, so the merge does not report it again.
                    layer.insert(column, Err("missing".into()), origin.clone(), problems);
                }
                continue;
            }
            let raw = if column == "port" {
                match cell.parse::<i64>() {
                    Ok(n) => Raw::Int(n),
                    Err(_) => {
                        problems.push(
                            path,
                            Some(line),
                            None,
                            Some(column),
                            format!("\"{cell}\" is not a number"),
                        );
                        continue;
                    }
                }
            } else {
                Raw::Str(cell)
            };
            layer.insert(column, keys::check(column, raw), origin.clone(), problems);
        }
        let Some(name) = layer.str("name").map(str::to_string) else {
            continue;
        };
        if let Some(first) = seen.get(&name) {
            problems.push(
                path,
                Some(line),
                None,
                Some("name"),
                format!("duplicate device name \"{name}\" (first at line {first})"),
            );
            continue;
        }
        seen.insert(name.clone(), line);
        devices.push((name, layer));
    }
    if records == 0 {
        problems.push(
            path,
            Some(header_line),
            None,
            None,
            "no devices: the header is the only row",
        );
    }
    if !complete {
        // Every device would lack it too: the header problem says it once.
        return Vec::new();
    }
    devices
}

/// The 1-based line a record starts on. The csv crate's own `line()` is where the previous
/// record ended: one line early with CRLF endings, and before any comment or blank lines that
/// precede the record. So start from its byte offset and skip line ends and `#` comment lines.
fn record_line(lines: &toml_source::LineIndex<'_>, position: &csv::Position) -> usize {
    let text = lines.text();
    let mut at = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    while let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        if rest.starts_with(['\r', '\n']) {
            at += 1;
        } else if rest.starts_with('#') {
            at += rest.find('\n').map_or(rest.len(), |i| i + 1);
        } else {
            break;
        }
    }
    lines.line(at.min(text.len()))
}
