//! IOS-XE (Catalyst 9000, ISR, ASR1K): which grammar reads which command.
//!
//! The smart licensing commands print the shared smart agent layout ([`crate::agent`]);
//! traditional `show license`, call-home, `show license udi` and `show version` are IOS-XE's
//! own. `show license tech support` is the agent layout too: its `Handle: N` license blocks
//! and its tech-support-only banners (`Communication Statistics`, `Other Info` ...) are read
//! by the agent grammar.

mod callhome;
mod license;
pub(crate) mod udi;
mod version;

use crate::{agent, system, Command, Grammar};

/// The grammar for `command` on IOS-XE.
pub(crate) fn grammar(command: Command) -> Option<Grammar> {
    Some(match command {
        Command::LicenseStatus
        | Command::LicenseAll
        | Command::LicenseSummary
        | Command::LicenseUsage
        | Command::LicenseTechSupport => agent::license,
        Command::License => license::traditional,
        Command::LicenseUdi => udi::udi,
        Command::CallHome | Command::CallHomeDetail => callhome::show,
        Command::CallHomeProfileAll => callhome::profile_all,
        Command::RunningConfigCallHome => callhome::running_config,
        Command::Version => version::version,
        Command::Clock => system::clock,
        _ => return None,
    })
}
