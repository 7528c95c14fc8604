//! Process exit codes, Nagios style, so cron jobs and monitoring can act on them.

use std::process::ExitCode;

/// The exit status of a run (ARCHITECTURE.md § Contracts, exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Everything ok (audit: only ok/info findings; parse: every file parsed).
    Ok = 0,
    /// Audit: some warning. Parse: some file unsupported or not that command's output.
    Warning = 1,
    /// Audit: some critical finding.
    Critical = 2,
    /// Could not run or could not audit: bad flags, bad input, unreachable devices.
    Unknown = 3,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        ExitCode::from(s as u8)
    }
}
