//! NX-OS (Nexus 3000/7000/9000): which grammar reads which command.
//!
//! The licensing commands print the shared smart agent layout ([`crate::agent`]); call-home
//! and `show version` are NX-OS's own.

mod callhome;
mod version;

use crate::{agent, system, Command, Grammar};

/// The grammar for `command` on NX-OS.
pub(crate) fn grammar(command: Command) -> Option<Grammar> {
    Some(match command {
        Command::LicenseStatus
        | Command::LicenseAll
        | Command::LicenseSummary
        | Command::LicenseUsage => agent::license,
        Command::RunningConfigCallhome => callhome::running_config,
        Command::Callhome => callhome::show_callhome,
        Command::Version => version::version,
        Command::Clock => system::clock,
        _ => return None,
    })
}
