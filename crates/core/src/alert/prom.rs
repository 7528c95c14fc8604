//! `--prom FILE`: the run as Prometheus text exposition format, for node_exporter's textfile
//! collector (the edge writes the file atomically: the collector never reads half of it).
//!
//! Metrics (all gauges):
//! - `fleetlic_last_run_timestamp_seconds`: the audit clock (the run's start unless `--now`);
//! - `fleetlic_devices`, `fleetlic_devices_not_audited` (devices with an `unknown` finding);
//! - `fleetlic_findings{severity}`: findings per severity across the fleet (info and above,
//!   every severity always present);
//! - `fleetlic_device_collection_ok{device}`: 1 when collection succeeded, else 0;
//! - `fleetlic_device_compliance{device,mode,state}`: 1, mode and state being the devices CSV
//!   `mode` and `authorization` columns (`authorized`, `out_of_compliance`, `eval_mode`,
//!   `reported (smart)`, ...; `unknown` when the device does not say);
//! - `fleetlic_device_findings{device,severity}`: a device's findings per severity;
//! - `fleetlic_device_deadline_days{device,kind}` and
//!   `fleetlic_device_deadline_timestamp_seconds{device,kind}`: each deadline the rules
//!   computed (kind = the rule name without `deadline.`: `communication_deadline`,
//!   `registration_expiry`, `next_ack`, `evaluation`, `id_cert_renewal_failing`, ...), whole
//!   days from the audit clock (negative when past) and the due time. Alert on the timestamp
//!   (`... - time() < 7*86400`) to stay right between runs.
//!
//! The rules may report one deadline twice for a device; a series appears once (the nearest
//! due wins), as the text format requires.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};

use super::FleetCounts;
use crate::audited::Audited;
use crate::finding::Severity;

/// Severities counted per device and fleet-wide, in output order.
const COUNTED: [Severity; 4] = [
    Severity::Critical,
    Severity::Warning,
    Severity::Unknown,
    Severity::Info,
];

/// Writes the metrics of `audited` at `now`.
pub fn write(out: &mut dyn Write, audited: &[Audited], now: DateTime<Utc>) -> std::io::Result<()> {
    let counts = FleetCounts::of(audited);
    header(
        out,
        "fleetlic_last_run_timestamp_seconds",
        "Audit clock of the last fleetlic run, Unix seconds.",
    )?;
    writeln!(
        out,
        "fleetlic_last_run_timestamp_seconds {}",
        now.timestamp()
    )?;
    header(out, "fleetlic_devices", "Devices in the last run.")?;
    writeln!(out, "fleetlic_devices {}", counts.devices)?;
    header(
        out,
        "fleetlic_devices_not_audited",
        "Devices not fully audited (an unknown-severity finding).",
    )?;
    writeln!(out, "fleetlic_devices_not_audited {}", counts.not_audited)?;
    header(
        out,
        "fleetlic_findings",
        "Findings per severity across the fleet.",
    )?;
    for (severity, n) in &counts.findings {
        writeln!(out, "fleetlic_findings{{severity=\"{severity}\"}} {n}")?;
    }

    header(
        out,
        "fleetlic_device_collection_ok",
        "1 when the device's outputs were collected, 0 when not (unreachable, auth, timeout...).",
    )?;
    for a in audited {
        let ok = a.device.status == crate::device::CollectionStatus::Ok;
        writeln!(
            out,
            "fleetlic_device_collection_ok{{device=\"{}\"}} {}",
            escape(&a.device.name),
            u8::from(ok)
        )?;
    }

    header(
        out,
        "fleetlic_device_compliance",
        "Licensing state of the device (the devices CSV authorization column); always 1.",
    )?;
    for a in audited {
        let or_unknown = |s: &str| {
            if s.is_empty() {
                "unknown".to_string()
            } else {
                escape(s)
            }
        };
        writeln!(
            out,
            "fleetlic_device_compliance{{device=\"{}\",mode=\"{}\",state=\"{}\"}} 1",
            escape(&a.device.name),
            or_unknown(&a.mode()),
            or_unknown(&a.authorization())
        )?;
    }

    header(
        out,
        "fleetlic_device_findings",
        "Findings of the device per severity.",
    )?;
    for a in audited {
        for severity in COUNTED {
            let n = a.findings.iter().filter(|f| f.severity == severity).count();
            writeln!(
                out,
                "fleetlic_device_findings{{device=\"{}\",severity=\"{severity}\"}} {n}",
                escape(&a.device.name)
            )?;
        }
    }

    // (device, kind) → (days, due): one series per pair, nearest due first.
    let mut deadlines: BTreeMap<(&str, &str), (i64, DateTime<Utc>)> = BTreeMap::new();
    for a in audited {
        for f in &a.findings {
            let (Some(kind), Some(due), Some(days)) =
                (f.rule_id.strip_prefix("deadline."), f.due, f.days_left)
            else {
                continue;
            };
            let entry = deadlines
                .entry((a.device.name.as_str(), kind))
                .or_insert((days, due));
            if due < entry.1 {
                *entry = (days, due);
            }
        }
    }
    header(
        out,
        "fleetlic_device_deadline_days",
        "Whole days from the audit clock to the deadline; negative when past.",
    )?;
    for ((device, kind), (days, _)) in &deadlines {
        writeln!(
            out,
            "fleetlic_device_deadline_days{{device=\"{}\",kind=\"{}\"}} {days}",
            escape(device),
            escape(kind)
        )?;
    }
    header(
        out,
        "fleetlic_device_deadline_timestamp_seconds",
        "When the deadline falls, Unix seconds.",
    )?;
    for ((device, kind), (_, due)) in &deadlines {
        writeln!(
            out,
            "fleetlic_device_deadline_timestamp_seconds{{device=\"{}\",kind=\"{}\"}} {}",
            escape(device),
            escape(kind),
            due.timestamp()
        )?;
    }
    Ok(())
}

fn header(out: &mut dyn Write, name: &str, help: &str) -> std::io::Result<()> {
    writeln!(out, "# HELP {name} {help}")?;
    writeln!(out, "# TYPE {name} gauge")
}

/// A label value as the text format requires: `\` → `\\`, `"` → `\"`, newline → `\n`.
pub fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::{AuditKeys, CollectionStatus, Device};
    use crate::finding::Finding;

    /// One sample of the text format: metric name, labels, value.
    type Sample = (String, BTreeMap<String, String>, f64);

    /// Reads the text format back: every sample, checking that each metric's `# HELP` and
    /// `# TYPE ... gauge` come before its first sample and that no series appears twice.
    fn parse(text: &str) -> Vec<Sample> {
        let mut typed = std::collections::BTreeSet::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut samples = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
                assert_eq!(kind, "gauge", "{line}");
                typed.insert(name.to_string());
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            assert!(
                !line.starts_with('#') && !line.is_empty(),
                "stray line {line:?}"
            );
            let name_end = line.find(['{', ' ']).expect("name");
            let name = &line[..name_end];
            assert!(typed.contains(name), "{name} before its TYPE");
            let mut labels = BTreeMap::new();
            let mut rest = &line[name_end..];
            if let Some(inner) = rest.strip_prefix('{') {
                let mut chars = inner.char_indices();
                let mut key = String::new();
                let end = loop {
                    let (i, c) = chars.next().expect("unterminated labels");
                    match c {
                        '}' => break i,
                        ',' => {}
                        '=' => {
                            assert_eq!(chars.next().map(|(_, c)| c), Some('"'));
                            let mut value = String::new();
                            loop {
                                match chars.next().expect("unterminated value").1 {
                                    '\\' => match chars.next().expect("escape").1 {
                                        'n' => value.push('\n'),
                                        c @ ('\\' | '"') => value.push(c),
                                        c => panic!("bad escape \\{c}"),
                                    },
                                    '"' => break,
                                    '\n' => panic!("raw newline in a label value"),
                                    c => value.push(c),
                                }
                            }
                            labels.insert(std::mem::take(&mut key), value);
                        }
                        c => key.push(c),
                    }
                };
                rest = &inner[end + 1..];
            }
            let value: f64 = rest.trim().parse().expect("value");
            assert!(
                seen.insert((name.to_string(), labels.clone())),
                "duplicate series {line}"
            );
            samples.push((name.to_string(), labels, value));
        }
        samples
    }

    /// The value of the one sample of `name` whose labels include `with`.
    fn value(samples: &[Sample], name: &str, with: &[(&str, &str)]) -> Option<f64> {
        let hits: Vec<f64> = samples
            .iter()
            .filter(|(n, labels, _)| {
                n == name
                    && with
                        .iter()
                        .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|(_, _, v)| *v)
            .collect();
        match hits.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("date")
            .with_timezone(&Utc)
    }

    fn device(name: &str, status: CollectionStatus) -> Device {
        Device {
            name: name.into(),
            host: "192.0.2.1".into(),
            platform: None,
            collected_at: None,
            status,
            error: None,
            keys: AuditKeys::default(),
            outputs: BTreeMap::new(),
            model: Default::default(),
        }
    }

    fn finding(
        device: &str,
        rule_id: &str,
        severity: Severity,
        due: Option<&str>,
        days: Option<i64>,
    ) -> Finding {
        Finding {
            device: device.into(),
            host: "192.0.2.1".into(),
            platform: None,
            rule_id: rule_id.into(),
            severity,
            message: "m".into(),
            due: due.map(at),
            days_left: days,
            fix: None,
        }
    }

    #[test]
    fn metrics_parse_back_with_fleet_counts_deadlines_and_escaped_names() {
        let odd = "lab \"rack\\2\"\nB";
        let audited = vec![
            Audited {
                device: device("leaf-07", CollectionStatus::Ok),
                findings: vec![
                    finding(
                        "leaf-07",
                        "deadline.communication_deadline",
                        Severity::Critical,
                        Some("2026-11-28T03:12:09Z"),
                        Some(5),
                    ),
                    // The same deadline reported twice: one series, the nearest wins.
                    finding(
                        "leaf-07",
                        "deadline.communication_deadline",
                        Severity::Critical,
                        Some("2026-11-29T00:00:00Z"),
                        Some(6),
                    ),
                    finding(
                        "leaf-07",
                        "deadline.registration_expiry",
                        Severity::Ok,
                        Some("2027-07-01T00:00:00Z"),
                        Some(220),
                    ),
                    finding(
                        "leaf-07",
                        "transport.http_not_https",
                        Severity::Critical,
                        None,
                        None,
                    ),
                ],
            },
            Audited {
                device: device(odd, CollectionStatus::Unreachable),
                findings: vec![finding(
                    odd,
                    "collection.unreachable",
                    Severity::Unknown,
                    None,
                    None,
                )],
            },
        ];
        let mut buf = Vec::new();
        write(&mut buf, &audited, at("2026-11-23T00:00:00Z")).expect("write");
        let text = String::from_utf8(buf).expect("utf-8");
        let samples = parse(&text);

        assert_eq!(
            value(&samples, "fleetlic_last_run_timestamp_seconds", &[]),
            Some(1_795_392_000.0)
        );
        assert_eq!(value(&samples, "fleetlic_devices", &[]), Some(2.0));
        assert_eq!(
            value(&samples, "fleetlic_devices_not_audited", &[]),
            Some(1.0)
        );
        assert_eq!(
            value(&samples, "fleetlic_findings", &[("severity", "critical")]),
            Some(3.0)
        );
        assert_eq!(
            value(&samples, "fleetlic_findings", &[("severity", "unknown")]),
            Some(1.0)
        );
        assert_eq!(
            value(&samples, "fleetlic_findings", &[("severity", "info")]),
            Some(0.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_deadline_days",
                &[("device", "leaf-07"), ("kind", "communication_deadline")]
            ),
            Some(5.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_deadline_timestamp_seconds",
                &[("device", "leaf-07"), ("kind", "communication_deadline")]
            ),
            Some(at("2026-11-28T03:12:09Z").timestamp() as f64)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_deadline_days",
                &[("device", "leaf-07"), ("kind", "registration_expiry")]
            ),
            Some(220.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_collection_ok",
                &[("device", "leaf-07")]
            ),
            Some(1.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_collection_ok",
                &[("device", odd)]
            ),
            Some(0.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_compliance",
                &[("device", odd), ("state", "unknown")]
            ),
            Some(1.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_findings",
                &[("device", "leaf-07"), ("severity", "critical")]
            ),
            Some(3.0)
        );
        assert_eq!(
            value(
                &samples,
                "fleetlic_device_findings",
                &[("device", odd), ("severity", "unknown")]
            ),
            Some(1.0)
        );
    }

    #[test]
    fn label_values_escape_backslash_quote_and_newline() {
        assert_eq!(escape("plain-name_1"), "plain-name_1");
        assert_eq!(escape(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape("two\nlines"), "two\\nlines");
    }
}
