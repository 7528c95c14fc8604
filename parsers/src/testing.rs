//! Test-only harness shared by the grammar unit tests.
//!
//! Runs one [`Grammar`] on raw text the way [`crate::parse`] does — clean it with
//! [`prepare`], call the grammar, collect its warnings — but without the platform dispatch and
//! the hostname/clock fill-in, so a test sees exactly what its grammar returned.

use crate::lex::text::prepare;
use crate::lex::Warnings;
use crate::model::CallHome;
use crate::{DeviceLicensing, Grammar, ParseError, Warning};

/// Prepares `raw` and runs `grammar` on it; a rejection found by [`prepare`] is the `Err`.
pub(crate) fn run(
    grammar: Grammar,
    raw: &str,
) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
    let mut w = Warnings::default();
    let got = prepare(raw).and_then(|text| grammar(&text, &mut w));
    (got, w.0)
}

/// [`run`] for grammars that never warn: panics on any warning, returns the result.
pub(crate) fn run_clean(grammar: Grammar, raw: &str) -> Result<DeviceLicensing, ParseError> {
    let (got, warnings) = run(grammar, raw);
    assert!(warnings.is_empty(), "{raw:?}: {warnings:?}");
    got
}

/// [`run`] reduced to the model's call-home part (default when absent) and the number of
/// warnings; `Err` when the text was refused.
pub(crate) fn callhome(grammar: Grammar, raw: &str) -> Result<(CallHome, usize), ParseError> {
    let (got, warnings) = run(grammar, raw);
    Ok((got?.callhome.unwrap_or_default(), warnings.len()))
}
