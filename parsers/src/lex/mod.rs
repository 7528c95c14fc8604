//! Shared terminals of every grammar: cleaned lines, `key: value` splitting, placeholders,
//! Cisco date and duration formats, and small value shapes (`STATUS on <date>`, `90 (source)`).
//!
//! Written once here so each platform grammar reads like the output it parses.

pub(crate) mod absent;
pub(crate) mod callhome;
pub(crate) mod date;
pub(crate) mod duration;
pub(crate) mod kv;
pub(crate) mod text;
pub(crate) mod value;

use crate::Warning;

/// Nom's result type for the grammars in this crate (complete input, default error).
pub(crate) type PResult<'a, T> = nom::IResult<&'a str, T>;

/// Collects warnings while a grammar walks an output.
#[derive(Debug, Default)]
pub(crate) struct Warnings(pub(crate) Vec<Warning>);

impl Warnings {
    /// Records that `text` at `line` was skipped or only partly understood.
    pub(crate) fn push(&mut self, line: usize, text: &str, reason: impl Into<String>) {
        self.0.push(Warning::new(line, text, reason));
    }
}
