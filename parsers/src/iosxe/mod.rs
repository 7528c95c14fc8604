//! IOS-XE (Catalyst 9000, ISR, ASR1K): which grammar reads which command.
//!
//! The smart licensing commands print the shared smart agent layout ([`crate::agent`]);
//! traditional `show license`, call-home and `show version` are IOS-XE's own.

mod callhome;
mod license;
mod version;

use crate::{agent, system, Command, Grammar};

/// The grammar for `command` on IOS-XE.
pub(crate) fn grammar(command: Command) -> Option<Grammar> {
    Some(match command {
        Command::LicenseStatus
        | Command::LicenseAll
        | Command::LicenseSummary
        | Command::LicenseUsage => agent::license,
        Command::License => license::traditional,
        Command::CallHomeProfileAll => callhome::profile_all,
        Command::RunningConfigCallHome => callhome::running_config,
        Command::Version => version::version,
        Command::Clock => system::clock,
        _ => return None,
    })
}
