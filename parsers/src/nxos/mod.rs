//! NX-OS (Nexus 3000/7000/9000): which grammar reads which command.
//!
//! The licensing commands print the shared smart agent layout ([`crate::agent`]); call-home
//! and `show version` are NX-OS's own, and so is the traditional licensing feature table that
//! `show license usage` prints without Smart Licensing ([`license_usage`]).

mod callhome;
mod license_usage;
mod version;

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{agent, system, Command, DeviceLicensing, Grammar, ParseError};

/// The grammar for `command` on NX-OS.
pub(crate) fn grammar(command: Command) -> Option<Grammar> {
    Some(match command {
        Command::LicenseStatus | Command::LicenseAll | Command::LicenseSummary => agent::license,
        Command::LicenseUsage => license_usage,
        Command::RunningConfigCallhome => callhome::running_config,
        Command::Callhome => callhome::show_callhome,
        Command::Version => version::version,
        Command::Clock => system::clock,
        _ => return None,
    })
}

/// `show license usage`: the traditional feature table when the text has its header
/// (`Feature  Ins  Lic  Status  Expiry Date  Comments`), else the smart agent layout.
fn license_usage(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    if license_usage::is_table(text) {
        license_usage::license_usage(text, w)
    } else {
        agent::license(text, w)
    }
}
