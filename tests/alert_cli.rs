//! Alert sinks through the binary, on the replay fleet at its clock: `--alert-format jsonl|nagios|
//! syslog` lines, `--prom` metrics parsed back, `--webhook` against a local HTTP server, and
//! sink failures that are reported without changing the exit code.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::util::{audit_fleet, fleetlic, scratch};

use crate::util::FLEET_NOW as NOW;

/// Severity of each row of a findings CSV.
fn csv_severities(path: &std::path::Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("findings CSV");
    reader
        .records()
        .map(|r| r.expect("row")[4].to_string())
        .collect()
}

/// Samples of a Prometheus text file: `(name, labels) -> value`; every sample's metric has
/// `# HELP` and `# TYPE` lines before it. (Label values of the fleet need no unescaping; the
/// escaping itself is unit-tested in src/alert/prom.rs.)
fn prom_samples(text: &str) -> BTreeMap<(String, BTreeMap<String, String>), f64> {
    let mut helped = std::collections::BTreeSet::new();
    let mut typed = std::collections::BTreeSet::new();
    let mut samples = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            helped.insert(rest.split(' ').next().unwrap_or_default().to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE");
            assert_eq!(kind, "gauge");
            typed.insert(name.to_string());
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("series value");
        let (name, labels) = match series.split_once('{') {
            Some((name, rest)) => {
                let inner = rest.strip_suffix('}').expect("closing brace");
                let labels = inner
                    .split("\",")
                    .map(|pair| {
                        let (k, v) = pair.split_once("=\"").expect("label");
                        (k.to_string(), v.trim_end_matches('"').to_string())
                    })
                    .collect();
                (name.to_string(), labels)
            }
            None => (series.to_string(), BTreeMap::new()),
        };
        assert!(
            helped.contains(&name) && typed.contains(&name),
            "{name} lacks HELP/TYPE"
        );
        let value: f64 = value.parse().expect("number");
        assert!(
            samples.insert((name, labels), value).is_none(),
            "duplicate series: {line}"
        );
    }
    samples
}

fn get(
    samples: &BTreeMap<(String, BTreeMap<String, String>), f64>,
    name: &str,
    labels: &[(&str, &str)],
) -> Option<f64> {
    let key = (
        name.to_string(),
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    samples.get(&key).copied()
}

#[test]
fn jsonl_alerts_cover_every_warning_and_worse_finding_and_prom_metrics_read_back() {
    let dir = scratch("alert-jsonl");
    let findings = dir.join("findings.csv");
    let prom = dir.join("fleetlic.prom");
    let plain = audit_fleet(&[]);
    let run = audit_fleet(&[
        "--csv",
        findings.to_str().expect("path"),
        "--alert-format",
        "jsonl",
        "--prom",
        prom.to_str().expect("path"),
    ]);
    assert_eq!(run.code, plain.code, "alerts never change the exit code");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr, "");

    let severities = csv_severities(&findings);
    let alertable = severities
        .iter()
        .filter(|s| matches!(s.as_str(), "warning" | "unknown" | "critical"))
        .count();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        alertable,
        "one line per finding of warning and above"
    );
    for line in &lines {
        let v: Value = serde_json::from_str(line).expect("each line is one JSON object");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec![
            "audited_at",
            "days_left",
            "device",
            "due",
            "fix",
            "host",
            "message",
            "platform",
            "rule_id",
            "severity",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected, "{line}");
        assert_eq!(v["audited_at"], NOW);
        assert_ne!(v["severity"], "info");
    }
    assert!(
        lines[0]
            .starts_with(r#"{"audited_at":"2026-11-23T00:00:00Z","device":"br15-c9300-acc-01","#),
        "worst first, keys in order: {}",
        lines[0]
    );

    let text = std::fs::read_to_string(&prom).expect("prom file");
    let samples = prom_samples(&text);
    let count = |s: &str| severities.iter().filter(|x| *x == s).count() as f64;
    assert_eq!(
        get(&samples, "fleetlic_last_run_timestamp_seconds", &[]),
        Some(1_795_392_000.0)
    );
    assert_eq!(get(&samples, "fleetlic_devices", &[]), Some(42.0));
    for severity in ["critical", "warning", "unknown", "info"] {
        assert_eq!(
            get(&samples, "fleetlic_findings", &[("severity", severity)]),
            Some(count(severity)),
            "{severity}"
        );
    }
    assert_eq!(
        get(
            &samples,
            "fleetlic_device_deadline_days",
            &[
                ("device", "dc1-n9k-leaf-07"),
                ("kind", "communication_deadline")
            ]
        ),
        Some(5.0)
    );
    assert_eq!(
        get(
            &samples,
            "fleetlic_device_deadline_days",
            &[
                ("device", "br15-c9300-acc-01"),
                ("kind", "communication_deadline")
            ]
        ),
        Some(-42.0)
    );
    assert_eq!(
        get(
            &samples,
            "fleetlic_device_collection_ok",
            &[("device", "br30-isr4321")]
        ),
        Some(0.0)
    );
    assert_eq!(
        get(
            &samples,
            "fleetlic_device_compliance",
            &[
                ("device", "br15-c9300-acc-01"),
                ("mode", "smart_licensing"),
                ("state", "authorization_expired")
            ]
        ),
        Some(1.0)
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
}

#[test]
fn nagios_alerts_respect_the_minimum_severity_and_move_the_table_to_stderr() {
    let run = fleetlic(&[
        "audit",
        "--replay",
        "samples/fleet",
        "--now",
        NOW,
        "--alert-format",
        "nagios",
        "--alert-min-severity",
        "critical",
    ]);
    assert_eq!(run.code, 2);
    assert!(!run.stdout.is_empty());
    for line in run.stdout.lines() {
        assert!(line.starts_with("CRITICAL - "), "{line}");
    }
    assert!(run
        .stdout
        .contains("CRITICAL - dc1-n9k-leaf-07: deadline.communication_deadline: "));
    assert!(
        run.stderr.contains("fleetlic audit: 42 device(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn alert_lines_and_a_report_on_stdout_together_are_a_usage_error() {
    let run = audit_fleet(&["--csv", "-", "--alert-format", "nagios"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("--alert-format"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[cfg(unix)]
#[test]
fn syslog_alerts_arrive_as_rfc5424_datagrams_on_the_socket() {
    let dir = scratch("alert-syslog");
    let path = dir.join("log");
    let reader = syslog_listener(&path);
    let run = audit_fleet(&[
        "--alert-format",
        "syslog",
        "--alert-min-severity",
        "critical",
        "--syslog-socket",
        path.to_str().expect("path"),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
    let got = reader.join().expect("reader");
    let stdout_lines = audit_fleet(&[
        "--alert-format",
        "nagios",
        "--alert-min-severity",
        "critical",
    ]);
    assert_eq!(
        got.len(),
        stdout_lines.stdout.lines().count(),
        "one datagram per alert"
    );
    let first = &got[0];
    assert!(
        first.starts_with("<10>1 2026-11-23T00:00:00Z "),
        "PRI 10 = user.crit: {first}"
    );
    assert!(
        first.contains(" fleetlic ") && first.contains(" - - CRITICAL - br15-c9300-acc-01: "),
        "{first}"
    );
}

#[test]
fn a_missing_syslog_socket_is_reported_and_the_exit_code_is_unchanged() {
    let dir = scratch("alert-nosyslog");
    let run = audit_fleet(&[
        "--alert-format",
        "syslog",
        "--syslog-socket",
        dir.join("absent").to_str().expect("path"),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("fleetlic: --alert-format syslog: "),
        "{}",
        run.stderr
    );
}

/// A syslog socket at `path`, read while the audit runs as a daemon does (the socket queues only
/// a few datagrams); joining the thread gives every datagram received until 2 s of silence.
#[cfg(unix)]
pub fn syslog_listener(path: &std::path::Path) -> std::thread::JoinHandle<Vec<String>> {
    let socket = std::os::unix::net::UnixDatagram::bind(path).expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = socket.recv(&mut buf) {
            got.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
        got
    })
}

/// A one-shot HTTP server: answers each connection with the next of `answers` (`None` holds
/// the connection without answering); sends each request body on the channel.
pub fn http_server(
    answers: Vec<Option<&'static str>>,
) -> (String, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for answer in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = tx.send((request_line, String::from_utf8_lossy(&body).into_owned()));
            let mut stream = reader.into_inner();
            match answer {
                Some(a) => {
                    let _ = stream.write_all(a.as_bytes());
                }
                None => held.push(stream),
            }
        }
        std::thread::sleep(Duration::from_secs(10));
    });
    (format!("http://127.0.0.1:{port}"), rx)
}

#[test]
fn webhook_receives_the_summary_after_a_server_error_and_the_exit_code_is_unchanged() {
    let (base, seen) = http_server(vec![
        Some("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        Some("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
    ]);
    let url = format!("{base}/services/T0/B0/s3cr3t");
    let run = audit_fleet(&["--webhook", &url]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "", "delivered: nothing to report");
    let (first, _) = seen.recv_timeout(Duration::from_secs(5)).expect("1st");
    assert!(first.starts_with("POST /services/T0/B0/s3cr3t "), "{first}");
    let (_, body) = seen.recv_timeout(Duration::from_secs(5)).expect("retry");
    let v: Value = serde_json::from_str(&body).expect("JSON body");
    let text = v["text"].as_str().expect("text field");
    assert!(
        text.starts_with(
            "fleetlic audit at 2026-11-23 00:00 UTC: 42 device(s), 10 not fully audited; findings: "
        ),
        "{text}"
    );
    assert!(text.contains("CRITICAL - dc1-n9k-leaf-07: deadline.communication_deadline"));
    assert_eq!(v["fleetlic"]["devices"], 42);
    assert_eq!(v["fleetlic"]["top"].as_array().map(Vec::len), Some(10));
    assert!(
        !body.contains("203.0.113."),
        "no host addresses in the payload"
    );
}

#[test]
fn webhook_that_never_answers_is_reported_after_its_timeout_and_the_exit_code_is_unchanged() {
    let (base, _seen) = http_server(vec![None]);
    let url = format!("{base}/services/T0/B0/s3cr3t");
    let started = std::time::Instant::now();
    let run = audit_fleet(&[
        "--webhook",
        &url,
        "--webhook-timeout",
        "1",
        "--webhook-retries",
        "0",
    ]);
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "fleetlic: --webhook {base}/…: timed out after 1 attempt(s)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("s3cr3t"),
        "the URL's secret path is never shown"
    );
}

/// An HTTP server that answers every request with `status` and a body echoing the request
/// path, as `format` builds it (many frameworks' error pages do so).
fn echoing_server(status: &'static str, format: fn(&str) -> String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let _ = reader.read_exact(&mut vec![0; length]);
            let path = request_line.split_whitespace().nth(1).unwrap_or_default();
            let body = format(path);
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.into_inner().write_all(answer.as_bytes());
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[test]
fn webhook_errors_echoing_the_path_never_show_the_token_at_any_log_level() {
    let servers = [
        echoing_server("500 Internal Server Error", |p| format!("err {p}")),
        echoing_server("404 Not Found", |p| format!("<pre>Cannot POST {p}</pre>\n")),
    ];
    for base in servers {
        let url = format!("{base}/services/T000/B000/SECRETTOKEN1?token=QUERYSECRET2");
        for (verbosity, rust_log) in [("-vv", None), ("-v", Some("trace"))] {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fleetlic"));
            cmd.args([
                "audit",
                "--quiet",
                "--replay",
                "samples/fleet",
                "--now",
                NOW,
            ])
            .args(["--webhook-retries", "0", verbosity, "--log-format", "json"])
            .env("FLEETLIC_WEBHOOK_URL", &url)
            .current_dir(crate::util::repo());
            match rust_log {
                Some(level) => cmd.env("RUST_LOG", level),
                None => cmd.env_remove("RUST_LOG"),
            };
            let out = cmd.output().expect("run fleetlic");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.contains(&format!("fleetlic: --webhook {base}/…: HTTP ")),
                "the failure is reported: {stderr}"
            );
            for secret in ["SECRETTOKEN1", "QUERYSECRET2", "T000", "B000", "/services"] {
                assert!(
                    !stderr.contains(secret) && !stdout.contains(secret),
                    "{verbosity} {rust_log:?}: {secret} in {stderr}"
                );
            }
        }
    }
}
