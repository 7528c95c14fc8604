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
use clap::ValueEnum;

use crate::finding::{Finding, Severity};
use crate::report::Audited;

/// `--alert-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertFormat {
    /// `CRITICAL - <device>: <rule_id>: <message>` on stdout.
    Nagios,
    /// One JSON object per finding on stdout (JSON Lines).
    Jsonl,
    /// RFC 5424 messages to the local syslog socket (/dev/log).
    Syslog,
}

/// `--alert-min-severity` values, in the order of [`Severity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    /// Info and above.
    Info,
    /// Warning, unknown (not audited) and critical.
    Warning,
    /// Unknown (not audited) and critical.
    Unknown,
    /// Critical only.
    Critical,
}

impl From<MinSeverity> for Severity {
    fn from(m: MinSeverity) -> Self {
        match m {
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Unknown => Severity::Unknown,
            MinSeverity::Critical => Severity::Critical,
        }
    }
}

/// The alert flags shared by `fleetlic audit` and `fleetlic demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct AlertArgs {
    /// Print one line per finding to alert on (nagios, jsonl: stdout) or send it to the local
    /// syslog (syslog, RFC 5424).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub alert_format: Option<AlertFormat>,
    /// Least severity alerted on (--alert-format, --webhook); `ok` deadlines never are.
    #[arg(long, value_enum, default_value_t = MinSeverity::Warning, value_name = "SEVERITY")]
    pub alert_min_severity: MinSeverity,
    /// Syslog socket for --alert-format syslog; default /dev/log, else /var/run/syslog.
    #[arg(long, value_name = "PATH")]
    pub syslog_socket: Option<PathBuf>,
    /// POST a JSON summary (a Slack/Teams `text` field) here. The URL is a secret: prefer the
    /// FLEETLIC_WEBHOOK_URL environment variable, which `ps` does not show.
    #[arg(
        long,
        value_name = "URL",
        env = "FLEETLIC_WEBHOOK_URL",
        hide_env_values = true
    )]
    pub webhook: Option<String>,
    /// Timeout of one webhook attempt, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout: u64,
    /// Webhook retries after the first attempt (connection errors, timeouts, HTTP 429/5xx;
    /// waits 1 s, 2 s, 4 s, ...).
    #[arg(long, default_value_t = webhook::DEFAULT_RETRIES, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub webhook_retries: u32,
    /// Write Prometheus metrics (node_exporter textfile collector) to FILE, atomically.
    #[arg(long, value_name = "FILE")]
    pub prom: Option<PathBuf>,
}

impl Default for AlertArgs {
    /// No sink: what `audit` does without alert flags.
    fn default() -> Self {
        AlertArgs {
            alert_format: None,
            alert_min_severity: MinSeverity::Warning,
            syslog_socket: None,
            webhook: None,
            webhook_timeout: webhook::DEFAULT_TIMEOUT.as_secs(),
            webhook_retries: webhook::DEFAULT_RETRIES,
            prom: None,
        }
    }
}

impl AlertArgs {
    /// Whether alert lines go to stdout (`--alert-format nagios|jsonl`): stdout then carries
    /// data, so no report may go there too and the terminal report moves to stderr.
    pub fn uses_stdout(&self) -> bool {
        matches!(
            self.alert_format,
            Some(AlertFormat::Nagios | AlertFormat::Jsonl)
        )
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

/// Runs every sink `args` asks for. `findings` is the set to alert on (sorted worst first);
/// `audited` the whole fleet (for the metrics and the summary counts); `now` the audit clock.
/// Alert lines go to `out`; a sink's failure is one `fleetlic: ...` line on `err`. Only a
/// failure to write to `out` or `err` is an error.
pub fn deliver(
    args: &AlertArgs,
    audited: &[Audited],
    findings: &[Finding],
    now: DateTime<Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(path) = &args.prom {
        if let Err(e) = crate::report::write_atomically(path, |w| prom::write(w, audited, now)) {
            writeln!(err, "fleetlic: --prom {}: {e}", path.display())?;
        }
    }
    let alerts = selected(findings, args.alert_min_severity.into());
    match args.alert_format {
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
            let sent = syslog::socket_path(args.syslog_socket.as_deref())
                .and_then(|socket| syslog::send(&socket, &messages));
            if let Err(e) = sent {
                writeln!(err, "fleetlic: --alert-format syslog: {e}")?;
            }
        }
        None => {}
    }
    if let Some(url) = &args.webhook {
        // Nothing to alert on, nothing to post: a quiet fleet does not page anyone.
        if !alerts.is_empty() {
            let hook = webhook::Webhook {
                url: url.clone(),
                timeout: Duration::from_secs(args.webhook_timeout),
                retries: args.webhook_retries,
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
