//! Alert sinks: what a run tells other systems besides its reports and exit code.
//!
//! - `--alert-format nagios|jsonl|syslog`: one line per finding to alert on ([`format`]):
//!   nagios and jsonl lines on stdout (what cron mails or a log shipper reads), syslog
//!   messages to the local syslog socket ([`syslog`]);
//! - `--webhook URL`: a JSON summary POSTed to Slack, Teams or any endpoint ([`webhook`]);
//! - `--prom FILE`: Prometheus textfile-collector metrics of the whole fleet ([`prom`]).
//!
//! Which findings to alert on is an input ([`deliver`]'s `findings`): the audit passes all of
//! its findings, and a change-only mode can pass only the new ones. Of those, severity
//! `--alert-min-severity` (default `warning`) and above are sent. The metrics always describe
//! the whole fleet.
//!
//! A sink that fails (no syslog socket, webhook down, metrics file not writable) is reported on
//! stderr and never changes the audit's exit code.

pub mod format;
pub mod prom;
pub mod syslog;
pub mod webhook;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::audited::Audited;
use crate::finding::{Finding, Severity};

/// How alert lines are printed or sent (`--alert-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertFormat {
    /// `CRITICAL - <device>: <rule_id>: <message>` on stdout.
    Nagios,
    /// One JSON object per finding on stdout (JSON Lines).
    Jsonl,
    /// RFC 5424 messages to the local syslog socket (/dev/log).
    Syslog,
}

/// Which findings alert (`--alert-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlertOn {
    /// Every finding of severity info and above.
    #[default]
    All,
    /// Only findings new (or worse) since the previous run in the history.
    New,
}

/// The findings the alert sinks send under `--alert-on`: with `all`, every finding of severity
/// info and above; with `new`, only those new since the earlier run's findings (`previous`) or
/// escalated to a higher severity ([`crate::history::new_or_escalated`]). Without an earlier
/// run everything is new.
pub fn findings_to_alert(
    mode: AlertOn,
    previous: Option<&[Finding]>,
    current: &[Finding],
) -> Vec<Finding> {
    match (mode, previous) {
        (AlertOn::All, _) | (AlertOn::New, None) => current
            .iter()
            .filter(|f| f.severity > Severity::Ok)
            .cloned()
            .collect(),
        (AlertOn::New, Some(previous)) => crate::history::new_or_escalated(previous, current),
    }
}

/// Where and how a run alerts: the sinks and the least severity sent.
#[derive(Debug, Clone)]
pub struct AlertSettings {
    /// Alert lines on stdout (nagios, jsonl) or to the local syslog; none when `None`.
    pub format: Option<AlertFormat>,
    /// Least severity alerted on (alert lines, webhook); `ok` deadlines never are.
    pub min_severity: Severity,
    /// Syslog socket; default /dev/log, else /var/run/syslog.
    pub syslog_socket: Option<PathBuf>,
    /// Webhook URL (a secret: never logged).
    pub webhook: Option<crate::secret::SecretUrl>,
    /// Timeout of one webhook attempt.
    pub webhook_timeout: Duration,
    /// Webhook retries after the first attempt.
    pub webhook_retries: u32,
    /// Prometheus textfile-collector metrics file.
    pub prom: Option<PathBuf>,
}

impl Default for AlertSettings {
    /// No sink: what an audit does without alert flags.
    fn default() -> Self {
        AlertSettings {
            format: None,
            min_severity: Severity::Warning,
            syslog_socket: None,
            webhook: None,
            webhook_timeout: webhook::DEFAULT_TIMEOUT,
            webhook_retries: webhook::DEFAULT_RETRIES,
            prom: None,
        }
    }
}

impl AlertSettings {
    /// Whether alert lines go to stdout (nagios, jsonl): stdout then carries data, so no
    /// report may go there too and the terminal report moves to stderr.
    pub fn uses_stdout(&self) -> bool {
        matches!(self.format, Some(AlertFormat::Nagios | AlertFormat::Jsonl))
    }
}

/// Fleet-wide counts the webhook summary and the metrics share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetCounts {
    /// Devices in the run.
    pub devices: usize,
    /// Devices with an `unknown` finding (not fully audited).
    pub not_audited: usize,
    /// Findings per severity: critical, warning, unknown, info (every one, zeros included).
    pub findings: Vec<(Severity, usize)>,
}

impl FleetCounts {
    /// Counts `audited`.
    pub fn of(audited: &[Audited]) -> Self {
        let all = || audited.iter().flat_map(|a| &a.findings);
        FleetCounts {
            devices: audited.len(),
            not_audited: audited
                .iter()
                .filter(|a| a.findings.iter().any(|f| f.severity == Severity::Unknown))
                .count(),
            findings: [
                Severity::Critical,
                Severity::Warning,
                Severity::Unknown,
                Severity::Info,
            ]
            .into_iter()
            .map(|s| (s, all().filter(|f| f.severity == s).count()))
            .collect(),
        }
    }

    /// `24 critical, 35 warning, 8 unknown, 5 info`.
    pub fn phrase(&self) -> String {
        self.findings
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The findings of `findings` at `min` severity or above, in their order.
pub fn selected(findings: &[Finding], min: Severity) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity >= min && f.severity > Severity::Ok)
        .collect()
}

/// Runs every sink `settings` names. `findings` is the set to alert on (sorted worst first);
/// `audited` the whole fleet (for the metrics and the summary counts); `now` the audit clock.
/// Alert lines go to `out`; a sink's failure is one `fleetlic: ...` line on `err`. Only a
/// failure to write to `out` or `err` is an error.
pub fn deliver(
    settings: &AlertSettings,
    audited: &[Audited],
    findings: &[Finding],
    now: DateTime<Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(path) = &settings.prom {
        if let Err(e) = crate::report::write_atomically(path, |w| prom::write(w, audited, now)) {
            writeln!(err, "fleetlic: --prom {}: {e}", path.display())?;
        }
    }
    let alerts = selected(findings, settings.min_severity);
    match settings.format {
        Some(AlertFormat::Nagios) => {
            for f in &alerts {
                writeln!(out, "{}", format::nagios(f))?;
            }
            out.flush()?;
        }
        Some(AlertFormat::Jsonl) => {
            for f in &alerts {
                writeln!(out, "{}", format::jsonl(f, now))?;
            }
            out.flush()?;
        }
        Some(AlertFormat::Syslog) => {
            let origin = format::SyslogOrigin::current();
            let messages: Vec<String> = alerts
                .iter()
                .map(|f| format::syslog(f, now, &origin))
                .collect();
            let sent = syslog::socket_path(settings.syslog_socket.as_deref())
                .and_then(|socket| syslog::send(&socket, &messages));
            if let Err(e) = sent {
                writeln!(err, "fleetlic: --alert-format syslog: {e}")?;
            }
        }
        None => {}
    }
    if let Some(url) = &settings.webhook {
        // Nothing to alert on, nothing to post: a quiet fleet does not page anyone.
        if !alerts.is_empty() {
            let hook = webhook::Webhook {
                url: url.clone(),
                timeout: settings.webhook_timeout,
                retries: settings.webhook_retries,
                backoff: webhook::DEFAULT_BACKOFF,
            };
            let body = webhook::payload(&FleetCounts::of(audited), &alerts, now);
            match webhook::post(&hook, &body) {
                Ok(d) => tracing::debug!(
                    status = d.status,
                    attempts = d.attempts,
                    "webhook delivered"
                ),
                Err(e) => writeln!(err, "fleetlic: --webhook {e}; the audit itself completed")?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(device: &str, rule: &str, severity: Severity) -> Finding {
        Finding {
            device: device.into(),
            host: "192.0.2.1".into(),
            platform: None,
            rule_id: rule.into(),
            severity,
            message: format!("{rule} on {device}"),
            due: None,
            days_left: None,
            fix: None,
        }
    }

    #[test]
    fn alert_on_new_sends_only_new_or_escalated_findings_and_all_without_an_earlier_run() {
        let prev = vec![
            finding("a", "compliance.x", Severity::Critical),
            finding("a", "deadline.y", Severity::Warning),
        ];
        let now = vec![
            finding("a", "compliance.x", Severity::Critical),
            finding("a", "deadline.y", Severity::Critical),
            finding("b", "transport.z", Severity::Warning),
            finding("b", "deadline.w", Severity::Ok),
        ];
        let ids = |v: Vec<Finding>| {
            v.into_iter()
                .map(|f| format!("{}/{}", f.device, f.rule_id))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(findings_to_alert(AlertOn::New, Some(&prev), &now)),
            vec!["a/deadline.y", "b/transport.z"]
        );
        assert_eq!(
            findings_to_alert(AlertOn::New, None, &now).len(),
            3,
            "without an earlier run everything is new"
        );
        assert_eq!(findings_to_alert(AlertOn::All, Some(&prev), &now).len(), 3);
        assert!(findings_to_alert(AlertOn::New, Some(&now), &now).is_empty());
    }
}
