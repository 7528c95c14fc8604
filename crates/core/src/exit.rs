//! Process exit codes, Nagios style, so cron jobs and monitoring can act on them.

use std::process::ExitCode;

use crate::finding::{Finding, Severity};

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

/// Which severity makes a run's exit status non-zero (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Always Ok once the run started (usage errors are still Unknown).
    Never,
    /// Warnings and worse count (1, 2, 3).
    #[default]
    Warning,
    /// Only critical (2) and not audited (3) count.
    Critical,
}

/// The Nagios exit status of a run's findings under `fail_on`.
pub fn exit_status(findings: &[Finding], fail_on: FailOn) -> ExitStatus {
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let status = match worst {
        Severity::Critical => ExitStatus::Critical,
        Severity::Unknown => ExitStatus::Unknown,
        Severity::Warning => ExitStatus::Warning,
        Severity::Info | Severity::Ok => ExitStatus::Ok,
    };
    match fail_on {
        FailOn::Never => ExitStatus::Ok,
        FailOn::Critical if status == ExitStatus::Warning => ExitStatus::Ok,
        FailOn::Critical | FailOn::Warning => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            device: "d".into(),
            host: "h".into(),
            platform: None,
            rule_id: "x.y".into(),
            severity,
            message: String::new(),
            due: None,
            days_left: None,
            fix: None,
        }
    }

    #[test]
    fn critical_outranks_unknown_and_fail_on_tunes_the_code() {
        let mixed = [
            finding(Severity::Unknown),
            finding(Severity::Critical),
            finding(Severity::Warning),
        ];
        assert_eq!(exit_status(&mixed, FailOn::Warning), ExitStatus::Critical);
        assert_eq!(
            exit_status(&mixed[..1], FailOn::Warning),
            ExitStatus::Unknown
        );
        assert_eq!(
            exit_status(&[finding(Severity::Warning)], FailOn::Warning),
            ExitStatus::Warning
        );
        assert_eq!(
            exit_status(&[finding(Severity::Warning)], FailOn::Critical),
            ExitStatus::Ok
        );
        assert_eq!(
            exit_status(&mixed[..1], FailOn::Critical),
            ExitStatus::Unknown
        );
        assert_eq!(exit_status(&mixed, FailOn::Never), ExitStatus::Ok);
        assert_eq!(
            exit_status(
                &[finding(Severity::Info), finding(Severity::Ok)],
                FailOn::Warning
            ),
            ExitStatus::Ok
        );
    }
}
