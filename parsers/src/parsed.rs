//! What a parser hands back: the model plus warnings, or why the text is not that output.

use serde::{Deserialize, Serialize};

/// A parsed value and the lines the grammar did not fully understand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed<T> {
    /// The model built from the lines that were understood.
    pub value: T,
    /// One entry per line (or value) that was skipped or only partly understood.
    pub warnings: Vec<Warning>,
}

/// A line the grammar skipped or only partly understood; the rest of the output still parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// 1-based line number in the text handed to the parser.
    pub line: usize,
    /// The line (or the value) as printed, cut to a readable length.
    pub text: String,
    /// Why it was not used.
    pub reason: String,
}

/// Longest line text kept in a warning; hostile output must not make reports huge.
const MAX_WARNING_TEXT: usize = 200;

impl Warning {
    /// A warning about `text` at `line`.
    pub fn new(line: usize, text: &str, reason: impl Into<String>) -> Self {
        let mut kept: String = text.chars().take(MAX_WARNING_TEXT).collect();
        if kept.len() < text.len() {
            kept.push('…');
        }
        Self {
            line,
            text: kept,
            reason: reason.into(),
        }
    }
}

/// The text is not a usable output of the command it was given as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The device rejected the command (`% Invalid input detected at '^' marker.`,
    /// `% Invalid command`): it does not support it, a fact worth reporting.
    #[error("command not supported by the device (line {line}: {message})")]
    Unsupported {
        /// Line of the error marker.
        line: usize,
        /// The device's error text.
        message: String,
    },
    /// Empty, or unrelated to the command (nothing the grammar knows appears in it).
    #[error("not the output of this command: {reason}")]
    NotThisOutput {
        /// What was missing.
        reason: String,
    },
}
