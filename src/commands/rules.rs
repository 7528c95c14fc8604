//! `fleetlic rules`: every audit rule as a Markdown table.

use std::io::Write;

use anyhow::Result;
use fleetlic_core::exit::ExitStatus;

/// Prints the rule table.
pub fn run(out: &mut dyn Write) -> Result<ExitStatus> {
    write!(out, "{}", fleetlic_core::catalog::markdown_table())?;
    Ok(ExitStatus::Ok)
}
