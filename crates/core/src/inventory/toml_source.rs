//! The TOML inventory (and the `--defaults` file of a CSV one): read through the toml crate's
//! spanned document so every key keeps its line and every problem is reported, not just the
//! first.

use std::collections::BTreeMap;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::keys::{self, Raw};
use super::resolve::{resolve_all, Groups, Layer, Origin};
use super::{Env, Inventory, InventoryErrors, Problems};

/// The sections of a TOML file.
#[derive(Debug, Default)]
pub(crate) struct Sections<'a> {
    pub(crate) defaults: Option<Layer<'a>>,
    pub(crate) groups: Groups<'a>,
    /// Devices with their (valid) names, in file order.
    pub(crate) devices: Vec<(String, Layer<'a>)>,
}

/// Reads and resolves a TOML inventory.
pub(crate) fn load(path: &Path, text: &str, env: &dyn Env) -> Result<Inventory, InventoryErrors> {
    let mut problems = Problems::default();
    if text.trim().is_empty() {
        problems.push(
            path,
            Some(1),
            None,
            None,
            "the file is empty: an inventory needs [[device]] sections (see \
             inventory.example.toml)",
        );
        return Err(problems.finish());
    }
    let Some(sections) = read(path, text, true, &mut problems) else {
        return Err(problems.finish());
    };
    if sections.devices.is_empty() && problems.is_empty() {
        problems.push(
            path,
            Some(1),
            None,
            None,
            "no [[device]] sections: nothing to audit",
        );
    }
    resolve_all(
        &sections.devices,
        &sections.groups,
        sections.defaults.as_ref(),
        env,
        problems,
    )
}

/// Reads the sections of `text`, reporting every problem; `None` when the file is not even
/// TOML. `devices_allowed` is false for a `--defaults` file.
pub(crate) fn read<'a>(
    path: &'a Path,
    text: &str,
    devices_allowed: bool,
    problems: &mut Problems,
) -> Option<Sections<'a>> {
    if !super::check_text(path, text, problems) {
        return None;
    }
    let lines = LineIndex::new(text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let line = e.span().map_or(1, |s| lines.line(s.start));
            let field = text.lines().nth(line - 1).and_then(key_of_line);
            let message = e.message().trim();
            let why = match (message, &field) {
                ("duplicate key", Some(f)) if f.starts_with('[') => {
                    "section given twice (only [[group]] and [[device]] repeat)".to_string()
                }
                ("duplicate key", _) => "duplicate key: set once per section".to_string(),
                _ => format!("not TOML: {message}"),
            };
            problems.push(path, Some(line), None, field.as_deref(), why);
        }
        return None;
    }
    let mut sections = Sections::default();
    let mut device_lines: BTreeMap<String, usize> = BTreeMap::new();
    for (key, value) in doc.get_ref().iter() {
        let key_line = lines.line(key.span().start);
        let at = |line| Origin {
            file: path,
            line,
            scope: None,
        };
        match key.get_ref().as_ref() {
            "defaults" => match value.get_ref() {
                DeValue::Table(t) => {
                    let origin = Origin {
                        scope: Some("defaults".into()),
                        ..at(lines.line(value.span().start))
                    };
                    sections.defaults = Some(layer(&lines, t, origin, Kind::Defaults, problems));
                }
                _ => problems.push(
                    path,
                    Some(key_line),
                    None,
                    Some("defaults"),
                    "must be one table: [defaults]",
                ),
            },
            section @ ("group" | "device") => {
                let kind = if section == "group" {
                    Kind::Group
                } else {
                    Kind::Device
                };
                let Some(items) = tables(value) else {
                    problems.push(
                        path,
                        Some(key_line),
                        None,
                        Some(section),
                        format!("must be a list of tables: [[{section}]]"),
                    );
                    continue;
                };
                if kind == Kind::Device && !devices_allowed {
                    problems.push(
                        path,
                        Some(key_line),
                        None,
                        None,
                        "[[device]] sections go in the inventory, not the --defaults file",
                    );
                    continue;
                }
                for (n, (span_start, table)) in items.into_iter().enumerate() {
                    let line = lines.line(span_start);
                    let name = table_name(table);
                    let scope = match &name {
                        Some(name) => format!("{section} \"{name}\""),
                        None => format!("{section} #{}", n + 1),
                    };
                    let origin = Origin {
                        scope: Some(scope.clone()),
                        ..at(line)
                    };
                    let layer = layer(&lines, table, origin, kind, problems);
                    let Some((name, name_line)) = name.zip(name_line(&lines, table)) else {
                        if !table.contains_key("name") {
                            problems.push(
                                path,
                                Some(line),
                                Some(&scope),
                                Some("name"),
                                "missing (every [[group]] and [[device]] needs a name)",
                            );
                        }
                        continue;
                    };
                    let first = match kind {
                        Kind::Group => sections.groups.get(&name).map(|g| g.origin.line),
                        _ => device_lines.get(&name).copied(),
                    };
                    if let Some(first) = first {
                        problems.push(
                            path,
                            Some(name_line),
                            Some(&scope),
                            Some("name"),
                            format!("duplicate {section} name (first at line {first})"),
                        );
                        continue;
                    }
                    if kind == Kind::Group {
                        sections.groups.insert(name, layer);
                    } else {
                        device_lines.insert(name.clone(), line);
                        sections.devices.push((name, layer));
                    }
                }
            }
            other => {
                let why = if keys::known(other).is_some() {
                    format!(
                        "\"{other}\" outside a section: device settings go under [defaults], \
                         [[group]] or [[device]]"
                    )
                } else {
                    let mut why = keys::unknown_key_problem(other);
                    if why.starts_with("unknown field") {
                        why.push_str(" (sections: [defaults], [[group]], [[device]])");
                    }
                    why
                };
                problems.push(path, Some(key_line), None, None, why);
            }
        }
    }
    Some(sections)
}

/// Which kind of section a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Defaults,
    Group,
    Device,
}

/// The tables of a `[[section]]` list, with where each starts; `None` if it is not one.
fn tables<'v, 'i>(value: &'v Spanned<DeValue<'i>>) -> Option<Vec<(usize, &'v DeTable<'i>)>> {
    let DeValue::Array(items) = value.get_ref() else {
        return None;
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::Table(t) => Some((item.span().start, t)),
            _ => None,
        })
        .collect()
}

/// The section's `name`, if it is a valid one (problems with it are reported by [`layer`]).
fn table_name(table: &DeTable<'_>) -> Option<String> {
    let value = table.get("name")?;
    match value.get_ref() {
        DeValue::String(s) => match keys::check("name", Raw::Str(s)) {
            Ok(keys::Val::Str(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The line of the section's `name` key.
fn name_line(lines: &LineIndex<'_>, table: &DeTable<'_>) -> Option<usize> {
    table
        .get_key_value("name")
        .map(|(k, _)| lines.line(k.span().start))
}

/// Checks every key of a section table.
fn layer<'a>(
    lines: &LineIndex<'_>,
    table: &DeTable<'_>,
    origin: Origin<'a>,
    kind: Kind,
    problems: &mut Problems,
) -> Layer<'a> {
    let mut layer = Layer::new(origin.clone());
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let at = Origin {
            line: lines.line(key.span().start),
            ..origin.clone()
        };
        let report = |problems: &mut Problems, field: Option<&str>, why: String| {
            problems.push(at.file, Some(at.line), at.scope.as_deref(), field, why);
        };
        let Some(known) = keys::known(name) else {
            report(problems, None, keys::unknown_key_problem(name));
            continue;
        };
        match (kind, known) {
            (Kind::Defaults, "name") => {
                report(
                    problems,
                    Some(known),
                    "[defaults] has no name (only groups and devices do)".into(),
                );
                continue;
            }
            (Kind::Group, "group") => {
                report(
                    problems,
                    Some(known),
                    "groups do not nest (set group on devices)".into(),
                );
                continue;
            }
            _ => {}
        }
        layer.insert(
            known,
            keys::check(known, raw(value.get_ref())),
            at,
            problems,
        );
    }
    layer.finish(problems);
    layer
}

/// A TOML value as a [`Raw`] value.
fn raw<'v>(value: &'v DeValue<'_>) -> Raw<'v> {
    match value {
        DeValue::String(s) => Raw::Str(s),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or(Raw::Other("out-of-range integer"), Raw::Int),
        DeValue::Boolean(b) => Raw::Bool(*b),
        DeValue::Array(items) => Raw::List(
            items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok(s.to_string()),
                    other => Err(other.type_str()),
                })
                .collect(),
        ),
        other => Raw::Other(other.type_str()),
    }
}

/// The key a TOML line sets (`port = ...` gives `port`), or the table it opens (`[defaults]`,
/// `[[device]]`), for naming the field of a syntax error; never any part of a value.
fn key_of_line(line: &str) -> Option<String> {
    let line = line.trim();
    let plausible = |k: &str| {
        !k.is_empty()
            && k.len() <= 64
            && k.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'' | ' ')
            })
    };
    if line.starts_with('[') {
        let open = line.len() - line.trim_start_matches('[').len();
        let name = line[open..].split(']').next().unwrap_or("").trim();
        return plausible(name).then(|| format!("{}{name}{}", "[".repeat(open), "]".repeat(open)));
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    plausible(key).then(|| key.replace(['"', '\''], ""))
}

/// 1-based line of byte `offset` in `text` (one-off lookups; many use a [`LineIndex`]).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// Where each line of a text starts, so the line of any byte offset is a binary search:
/// an inventory of 10,000 devices reports every key's line without rescanning the file.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset just after each `\n`.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex { text, starts }
    }

    /// The indexed text.
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// 1-based line of byte `offset` (same answer as [`line_of`]).
    pub(crate) fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts.partition_point(|&s| s <= offset) + 1
    }
}

#[cfg(test)]
mod line_index_tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting_newlines() {
        let text = "a = 1\n\n[[device]]\r\nname = \"x\"\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(index.line(offset), line_of(text, offset), "offset {offset}");
        }
    }

    /// Fuzzing regression (inventory target): every key's line was found by counting newlines
    /// from the start of the file, so 64,000 keys (565 KB) took 75 s. Every key is still
    /// reported at its own line.
    #[test]
    fn inventory_of_many_keys_reports_each_at_its_line() {
        let mut text = String::from("[defaults]\n");
        for i in 0..20_000 {
            text.push_str(&format!("k{i} = 1\n"));
        }
        let Err(errors) = load(
            Path::new("inv.toml"),
            &text,
            &crate::inventory::MemoryEnv::new(),
        ) else {
            panic!("unknown keys must be reported");
        };
        let lines = errors.lines();
        assert!(lines[0].starts_with("inv.toml:2: "), "{:?}", lines[0]);
        assert!(
            lines.iter().any(|l| l.starts_with("inv.toml:20001: ")),
            "the last key keeps its line"
        );
    }
}
