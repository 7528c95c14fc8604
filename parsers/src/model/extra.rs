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
