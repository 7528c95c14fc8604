//! What the device printed that the model has no typed home for, kept instead of dropped.

use serde::{Deserialize, Serialize};

use crate::Command;

/// One section or field fleetlic does not model (`Export Authorization Key:`, a label a new
/// release added inside a license block): where it was printed and what it said.
///
/// Kept so that nothing a device prints disappears without trace: `fleetlic parse` and the
/// JSON report show it, besides the warning (when there is one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extra {
    /// The command whose output printed it (set by [`crate::parse`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// Enclosing section headers, outermost first (`["License Authorizations"]`; a license
    /// block appears as its header text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub section: Vec<String>,
    /// The label as printed (empty for a line without one).
    pub label: String,
    /// The value as printed (empty for a section header).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// 1-based line number in that command's output.
    pub line: usize,
}

/// Most `extra` entries one output keeps: a real output has a few hundred at most (a tech
/// support), a hostile one could print millions. Past it, one last entry counts the rest.
pub const MAX_EXTRA: usize = 1000;

/// The label of the entry that counts what [`MAX_EXTRA`] left out.
pub const NOT_KEPT: &str = "(not kept)";

/// Keeps `entry` unless `extra` is full; then counts it in the closing [`NOT_KEPT`] entry
/// (`"12 more line(s)"`, at the first line left out), so memory stays bounded and the count
/// stays visible.
pub(crate) fn keep(extra: &mut Vec<Extra>, entry: Extra) {
    if extra.len() < MAX_EXTRA {
        extra.push(entry);
        return;
    }
    let counting = extra.len() > MAX_EXTRA;
    match extra.last_mut() {
        Some(last) if counting && last.label == NOT_KEPT => {
            let n = last
                .value
                .split(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            last.value = format!("{} more line(s)", n + 1);
        }
        _ => extra.push(Extra {
            command: entry.command,
            section: Vec::new(),
            label: NOT_KEPT.to_string(),
            value: "1 more line(s)".to_string(),
            line: entry.line,
        }),
    }
}

/// Bounds a list built without [`keep`]: entries past [`MAX_EXTRA`] become the count.
pub(crate) fn bound(extra: &mut Vec<Extra>) {
    if extra.len() <= MAX_EXTRA + 1 {
        return;
    }
    let rest = extra.split_off(MAX_EXTRA);
    let already = |e: &Extra| {
        (e.label == NOT_KEPT)
            .then(|| {
                e.value
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .flatten()
            .unwrap_or(1)
    };
    let count: usize = rest.iter().map(already).sum();
    let line = rest.first().map_or(0, |e| e.line);
    extra.push(Extra {
        command: rest.first().and_then(|e| e.command),
        section: Vec::new(),
        label: NOT_KEPT.to_string(),
        value: format!("{count} more line(s)"),
        line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: usize) -> Extra {
        Extra {
            label: "x".into(),
            line,
            ..Extra::default()
        }
    }

    #[test]
    fn keep_stops_at_the_cap_and_counts_the_rest() {
        let mut v = Vec::new();
        for line in 1..=MAX_EXTRA + 50 {
            keep(&mut v, entry(line));
        }
        assert_eq!(v.len(), MAX_EXTRA + 1);
        let last = v.last().cloned().unwrap_or_default();
        assert_eq!(
            (last.label.as_str(), last.value.as_str(), last.line),
            (NOT_KEPT, "50 more line(s)", MAX_EXTRA + 1)
        );
    }

    #[test]
    fn bound_folds_the_tail_into_one_count() {
        let mut v: Vec<Extra> = (1..=MAX_EXTRA + 7).map(entry).collect();
        bound(&mut v);
        assert_eq!(v.len(), MAX_EXTRA + 1);
        assert_eq!(v.last().map(|e| e.value.as_str()), Some("7 more line(s)"));
        let mut small: Vec<Extra> = (1..=3).map(entry).collect();
        bound(&mut small);
        assert_eq!(small.len(), 3);
    }
}
