//! IOS-XR (ASR9K, classic and 64-bit): which grammar reads which command.
//!
//! Classic XR prints its smart licensing state in the admin plane in its own layout
//! (`Registration Status:`, `Compliance Status:`, entitlement tags); 64-bit XR's
//! `show license all` / `usage` print the shared smart agent layout.

mod callhome;
mod license;
mod version;

use crate::{agent, system, Command, Grammar};

/// The grammar for `command` on IOS-XR.
pub(crate) fn grammar(command: Command) -> Option<Grammar> {
    Some(match command {
        Command::LicenseAll | Command::LicenseUsage => agent::license,
        Command::LicenseStatus => license::status,
        Command::LicenseRegisterStatus => license::register_status,
        Command::LicenseEntitlement => license::entitlement,
        Command::LicensePool => license::pool,
        Command::LicensePools => license::pools,
        Command::LicenseAllocated => license::allocated,
        Command::LicensePlatformSummary | Command::LicensePlatformDetail => license::platform,
        Command::CallHomeDetail => callhome::detail,
        Command::RunningConfigCallHome => callhome::running_config,
        Command::CallHomeSmartLicensingStatistics => callhome::statistics,
        Command::Version => version::version,
        Command::Clock => system::clock,
        _ => return None,
    })
}
