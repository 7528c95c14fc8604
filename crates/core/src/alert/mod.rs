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
    pub webhook: Option<String>,
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
