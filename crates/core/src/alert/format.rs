//! One line per finding, for the alert sinks: the Nagios-style line cron mails, a JSON Lines
//! object log pipelines ingest, and the RFC 5424 syslog message sent to the local socket.
//!
//! Pure functions of a finding (and, for syslog, of the clock and the collector's identity):
//! delivery is [`super::syslog`]'s and the edge's job. Every line is a single line: newlines
//! in a message become spaces (JSON escapes them instead).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::time::rfc3339;

/// The Nagios state word of a severity: `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`. Info maps to
/// `OK`, as in the exit code (info never makes a run fail).
pub fn nagios_state(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok | Severity::Info => "OK",
        Severity::Warning => "WARNING",
        Severity::Unknown => "UNKNOWN",
        Severity::Critical => "CRITICAL",
    }
}

/// `CRITICAL - dc1-n9k-leaf-07: deadline.communication_deadline: <message>`.
pub fn nagios(f: &Finding) -> String {
    format!(
        "{} - {}: {}: {}",
        nagios_state(f.severity),
        one_line(&f.device),
        f.rule_id,
        one_line(&f.message)
    )
}

/// One JSON object per finding; the keys are always present, in this order (null when the
/// finding has no value): `audited_at`, then the findings CSV columns `device`, `host`,
/// `platform`, `rule_id`, `severity`, `message`, `due`, `days_left`, `fix`.
#[derive(Debug, Serialize)]
struct JsonLine<'a> {
    audited_at: String,
    device: &'a str,
    host: &'a str,
    platform: Option<String>,
    rule_id: &'a str,
    severity: Severity,
    message: &'a str,
    due: Option<String>,
    days_left: Option<i64>,
    fix: Option<&'a str>,
}

/// The finding as one JSON object (no trailing newline); `now` is the audit clock.
pub fn jsonl(f: &Finding, now: DateTime<Utc>) -> String {
    let line = JsonLine {
        audited_at: rfc3339(now),
        device: &f.device,
        host: &f.host,
        platform: f.platform.map(|p| p.to_string()),
        rule_id: &f.rule_id,
        severity: f.severity,
        message: &f.message,
        due: f.due.map(rfc3339),
        days_left: f.days_left,
        fix: f.fix.as_deref(),
    };
    // A struct of strings, numbers and options: serialising it cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// Syslog facility of every message: `user` (1). fleetlic is a batch job started by cron or a
/// person, not a daemon; filter on the `fleetlic` APP-NAME to route its messages.
pub const SYSLOG_FACILITY: u8 = 1;

/// The syslog severity (RFC 5424 §6.2.1) of a finding: critical → crit (2), unknown → err (3),
/// warning → warning (4), info and ok → info (6).
pub fn syslog_severity(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 2,
        Severity::Unknown => 3,
        Severity::Warning => 4,
        Severity::Info | Severity::Ok => 6,
    }
}

/// Who is sending: the header fields RFC 5424 takes from the sending process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyslogOrigin {
    /// HOSTNAME: the collector's host name (`-` when unknown).
    pub hostname: String,
    /// PROCID: the process id.
    pub pid: u32,
}

impl SyslogOrigin {
    /// This process on this host (the host name from `/proc/sys/kernel/hostname` or
    /// `/etc/hostname`, else the nil value `-`).
    pub fn current() -> Self {
        let hostname = ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
            .map(|h| header_field(h.trim(), 255))
            .unwrap_or_else(|| "-".to_string());
        SyslogOrigin {
            hostname,
            pid: std::process::id(),
        }
    }
}

/// An RFC 5424 message:
/// `<PRI>1 TIMESTAMP HOSTNAME fleetlic PROCID - - MSG`, PRI = facility × 8 + severity
/// ([`SYSLOG_FACILITY`], [`syslog_severity`]), TIMESTAMP the audit clock, no MSGID and no
/// structured data, MSG the [`nagios`] line (so a plain log file still says how bad it is).
pub fn syslog(f: &Finding, now: DateTime<Utc>, origin: &SyslogOrigin) -> String {
    let pri = u16::from(SYSLOG_FACILITY) * 8 + u16::from(syslog_severity(f.severity));
    let hostname = header_field(&origin.hostname, 255);
    format!(
        "<{pri}>1 {} {hostname} fleetlic {} - - {}",
        rfc3339(now),
        origin.pid,
        nagios(f)
    )
}

/// A header field: printable US-ASCII without spaces, at most `max` characters; empty → `-`.
fn header_field(text: &str, max: usize) -> String {
    let field: String = text
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(max)
        .collect();
    if field.is_empty() {
        "-".to_string()
    } else {
        field
    }
}

/// Newlines and other control characters become spaces: one finding, one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleetlic_parsers::Platform;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("test date")
            .with_timezone(&Utc)
    }

    fn deadline() -> Finding {
        Finding {
            device: "dc1-n9k-leaf-07".into(),
            host: "192.0.2.17".into(),
            platform: Some(Platform::NxOs),
            rule_id: "deadline.communication_deadline".into(),
            severity: Severity::Critical,
            message: "Communication deadline on 2026-11-28 03:12 UTC (5 days left)".into(),
            due: Some(at("2026-11-28T03:12:09Z")),
            days_left: Some(5),
            fix: Some("`license smart renew auth`".into()),
        }
    }

    fn unreachable() -> Finding {
        Finding {
            device: "br30-isr4321".into(),
            host: "203.0.113.30".into(),
            platform: None,
            rule_id: "collection.unreachable".into(),
            severity: Severity::Unknown,
            message: "connection refused\nafter 3 tries".into(),
            due: None,
            days_left: None,
            fix: None,
        }
    }

    #[test]
    fn nagios_line_is_state_device_rule_and_message_on_one_line() {
        assert_eq!(
            nagios(&deadline()),
            "CRITICAL - dc1-n9k-leaf-07: deadline.communication_deadline: \
             Communication deadline on 2026-11-28 03:12 UTC (5 days left)"
        );
        assert_eq!(
            nagios(&unreachable()),
            "UNKNOWN - br30-isr4321: collection.unreachable: connection refused after 3 tries"
        );
    }

    #[test]
    fn nagios_states_follow_the_exit_code_words() {
        assert_eq!(nagios_state(Severity::Ok), "OK");
        assert_eq!(nagios_state(Severity::Info), "OK");
        assert_eq!(nagios_state(Severity::Warning), "WARNING");
        assert_eq!(nagios_state(Severity::Unknown), "UNKNOWN");
        assert_eq!(nagios_state(Severity::Critical), "CRITICAL");
    }

    #[test]
    fn jsonl_has_every_key_in_a_stable_order_with_nulls_for_absent_values() {
        let now = at("2026-11-23T00:00:00Z");
        assert_eq!(
            jsonl(&deadline(), now),
            r#"{"audited_at":"2026-11-23T00:00:00Z","device":"dc1-n9k-leaf-07","host":"192.0.2.17","platform":"nxos","rule_id":"deadline.communication_deadline","severity":"critical","message":"Communication deadline on 2026-11-28 03:12 UTC (5 days left)","due":"2026-11-28T03:12:09Z","days_left":5,"fix":"`license smart renew auth`"}"#
        );
        assert_eq!(
            jsonl(&unreachable(), now),
            r#"{"audited_at":"2026-11-23T00:00:00Z","device":"br30-isr4321","host":"203.0.113.30","platform":null,"rule_id":"collection.unreachable","severity":"unknown","message":"connection refused\nafter 3 tries","due":null,"days_left":null,"fix":null}"#
        );
    }

    #[test]
    fn syslog_message_is_rfc5424_with_pri_from_severity_and_facility_user() {
        let now = at("2026-11-23T00:00:00Z");
        let origin = SyslogOrigin {
            hostname: "noc-collector".into(),
            pid: 4242,
        };
        assert_eq!(
            syslog(&deadline(), now, &origin),
            "<10>1 2026-11-23T00:00:00Z noc-collector fleetlic 4242 - - CRITICAL - \
             dc1-n9k-leaf-07: deadline.communication_deadline: \
             Communication deadline on 2026-11-28 03:12 UTC (5 days left)"
        );
        assert_eq!(
            syslog(&unreachable(), now, &origin),
            "<11>1 2026-11-23T00:00:00Z noc-collector fleetlic 4242 - - UNKNOWN - \
             br30-isr4321: collection.unreachable: connection refused after 3 tries"
        );
        let mut warning = deadline();
        warning.severity = Severity::Warning;
        assert!(syslog(&warning, now, &origin).starts_with("<12>1 "));
        warning.severity = Severity::Info;
        assert!(syslog(&warning, now, &origin).starts_with("<14>1 "));
    }

    #[test]
    fn syslog_hostname_with_spaces_or_nothing_is_made_a_valid_header_field() {
        let now = at("2026-11-23T00:00:00Z");
        let spaced = SyslogOrigin {
            hostname: "noc collector\n".into(),
            pid: 1,
        };
        assert!(syslog(&deadline(), now, &spaced)
            .starts_with("<10>1 2026-11-23T00:00:00Z noccollector fleetlic 1 "));
        let empty = SyslogOrigin {
            hostname: String::new(),
            pid: 1,
        };
        assert!(syslog(&deadline(), now, &empty)
            .starts_with("<10>1 2026-11-23T00:00:00Z - fleetlic 1 "));
    }
}
