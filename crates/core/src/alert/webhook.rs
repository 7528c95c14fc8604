//! `--webhook URL`: POSTs a JSON summary of the run to a chat or alerting endpoint.
//!
//! The body's `text` field is what Slack incoming webhooks and Microsoft Teams incoming
//! webhooks (connector cards) display: the fleet's counts per severity and the first
//! [`TOP`] findings to alert on, one Nagios-style line each. A `fleetlic` object carries the
//! same data for machine readers. Host addresses, credentials and fixes are left out.
//!
//! Delivery is blocking (ureq, rustls with the bundled Mozilla roots; `HTTPS_PROXY` /
//! `ALL_PROXY` / `NO_PROXY` are honoured), each attempt bounded by a timeout, retried with
//! exponential backoff on connection errors, timeouts, HTTP 429 and 5xx. It never panics and
//! never decides the exit code: the caller prints the error. The URL is a secret (Slack's
//! token is its path, others put a token in the query): it is a [`SecretUrl`], so errors and
//! logs show only its scheme, host and port, and every text that comes back (a response body
//! echoing the request path, a transport error) is scrubbed of the path, the query and each of
//! their parts before it is shown.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::format::nagios;
use super::FleetCounts;
use crate::finding::{Finding, Severity};
use crate::secret::SecretUrl;
use crate::time::rfc3339;

/// How many findings the summary lists.
pub const TOP: usize = 10;

/// Default timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 3;

/// Wait before the first retry; doubled before each next one (1 s, 2 s, 4 s).
pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);

/// The longest wait a `Retry-After` header may ask for; longer is cut to this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Where and how to deliver.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The endpoint (http or https); a secret.
    pub url: SecretUrl,
    /// Bound on one attempt: connect, send, response.
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Wait before the first retry, doubled each time.
    pub backoff: Duration,
}

impl Webhook {
    /// A webhook with the default timeout, retries and backoff.
    pub fn new(url: SecretUrl) -> Self {
        Webhook {
            url,
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
            backoff: DEFAULT_BACKOFF,
        }
    }
}

/// A delivered summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// The endpoint's 2xx status.
    pub status: u16,
    /// Attempts it took (1 = no retry).
    pub attempts: u32,
}

/// Why the summary was not delivered. Shows the URL without its path (the secret part).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The endpoint answered with a status that is not 2xx.
    #[error("{url}: HTTP {status}{body} after {attempts} attempt(s)")]
    Status {
        /// Scheme, host and port of the endpoint.
        url: String,
        /// The last status.
        status: u16,
        /// The start of the response body (`: ...`), or empty.
        body: String,
        /// Attempts made.
        attempts: u32,
    },
    /// No response: connection refused, timeout, DNS, TLS, a malformed URL.
    #[error("{url}: {reason} after {attempts} attempt(s)")]
    Transport {
        /// Scheme, host and port of the endpoint.
        url: String,
        /// What went wrong.
        reason: String,
        /// Attempts made.
        attempts: u32,
    },
}

/// The machine-readable part of the payload (`"fleetlic": {...}`).
#[derive(Debug, Serialize)]
struct Machine<'a> {
    schema_version: u32,
    audited_at: String,
    devices: usize,
    not_audited: usize,
    findings: std::collections::BTreeMap<&'static str, usize>,
    alerts: usize,
    top: Vec<Alert<'a>>,
}

/// One listed finding: no host address and no fix, only what a reader needs to triage.
#[derive(Debug, Serialize)]
struct Alert<'a> {
    device: &'a str,
    rule_id: &'a str,
    severity: Severity,
    message: &'a str,
    due: Option<String>,
    days_left: Option<i64>,
}

/// The JSON body: `{"text": "<summary>", "fleetlic": {schema_version, audited_at, devices,
/// not_audited, findings: {severity: count}, alerts, top: [{device, rule_id, severity,
/// message, due, days_left}]}}`. `alerts` are the findings to alert on, worst first.
pub fn payload(counts: &FleetCounts, alerts: &[&Finding], now: DateTime<Utc>) -> serde_json::Value {
    let top: Vec<&Finding> = alerts.iter().take(TOP).copied().collect();
    let machine = Machine {
        schema_version: 1,
        audited_at: rfc3339(now),
        devices: counts.devices,
        not_audited: counts.not_audited,
        findings: counts
            .findings
            .iter()
            .map(|(s, n)| (s.as_str(), *n))
            .collect(),
        alerts: alerts.len(),
        top: top
            .iter()
            .map(|f| Alert {
                device: &f.device,
                rule_id: &f.rule_id,
                severity: f.severity,
                message: &f.message,
                due: f.due.map(rfc3339),
                days_left: f.days_left,
            })
            .collect(),
    };
    serde_json::json!({
        "text": text(counts, alerts, now),
        "fleetlic": machine,
    })
}

/// The human summary: a headline, then one line per listed finding.
fn text(counts: &FleetCounts, alerts: &[&Finding], now: DateTime<Utc>) -> String {
    let mut lines = vec![format!(
        "fleetlic audit at {}: {} device(s), {} not fully audited; findings: {}",
        now.format("%Y-%m-%d %H:%M UTC"),
        counts.devices,
        counts.not_audited,
        counts.phrase()
    )];
    lines.extend(alerts.iter().take(TOP).map(|f| nagios(f)));
    if alerts.len() > TOP {
        lines.push(format!("... and {} more", alerts.len() - TOP));
    }
    // Slack reads `<...>` as links and mentions (`<none>` appears in device output): escape
    // the three characters it asks to; Teams renders the entities as the characters.
    lines
        .join("\n")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// POSTs `body` to the webhook, retrying as the module doc says.
pub fn post(hook: &Webhook, body: &serde_json::Value) -> Result<Delivered, WebhookError> {
    let shown = hook.url.shown().to_string();
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(hook.timeout))
        .http_status_as_error(false)
        // A webhook that redirects is misconfigured; a POST must not silently become a GET.
        .max_redirects(0)
        .user_agent(concat!("fleetlic/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let bytes = body.to_string();
    let mut attempts = 0;
    let mut wait = hook.backoff;
    loop {
        attempts += 1;
        let last = attempts > hook.retries;
        let outcome = agent
            .post(hook.url.expose())
            .header("content-type", "application/json")
            .send(bytes.as_str());
        let retry_after = match outcome {
            Ok(mut response) => {
                let status = response.status().as_u16();
                if (200..300).contains(&status) {
                    return Ok(Delivered { status, attempts });
                }
                let retryable = status == 429 || (500..600).contains(&status);
                if last || !retryable {
                    let text = response
                        .body_mut()
                        .with_config()
                        .limit(4096)
                        .read_to_string()
                        .unwrap_or_default();
                    let body = body_excerpt(&text, &hook.url);
                    return Err(WebhookError::Status {
                        url: shown,
                        status,
                        body,
                        attempts,
                    });
                }
                response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER))
            }
            Err(e) => {
                if last || !retryable(&e) {
                    let reason = reason(&e, &hook.url);
                    return Err(WebhookError::Transport {
                        url: shown,
                        reason,
                        attempts,
                    });
                }
                None
            }
        };
        std::thread::sleep(retry_after.map_or(wait, |r| r.max(wait)));
        wait = wait.saturating_mul(2);
    }
}

/// Errors that may pass: the network, the endpoint's load. Not: a bad URL, TLS trust, proxy
/// configuration, which the next attempt would meet again.
fn retryable(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
            | ureq::Error::ConnectProxyFailed(_)
    )
}

/// The error as text, the URL never in full.
fn reason(e: &ureq::Error, url: &SecretUrl) -> String {
    match e {
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => "not a valid URL".to_string(),
        ureq::Error::Timeout(_) => "timed out".to_string(),
        other => one_line(&url.scrub(&other.to_string())),
    }
}

/// The start of an error response, on one line, with no part of the URL's secret in it (it
/// is scrubbed before it is cut, so a cut cannot leave half a token).
fn body_excerpt(text: &str, url: &SecretUrl) -> String {
    let line: String = one_line(&url.scrub(text)).chars().take(200).collect();
    let line = line.trim();
    if line.is_empty() {
        String::new()
    } else {
        format!(": {line}")
    }
}

/// `text` on one line: control characters (newlines, escapes) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::mpsc;
    use std::time::Instant;

    /// One request as the test server saw it.
    struct Seen {
        method: String,
        path: String,
        content_type: String,
        body: String,
    }

    /// Serves one connection per entry of `answers` (a full HTTP response, or `None` to hold
    /// the connection open without answering); reports each request on the channel.
    fn server(answers: Vec<Option<&'static str>>) -> (String, mpsc::Receiver<Seen>) {
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
                let mut content_type = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if let Some(v) = lower.strip_prefix("content-type:") {
                        content_type = v.trim().to_string();
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let mut parts = request_line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_string();
                let path = parts.next().unwrap_or_default().to_string();
                let echoed = |status: &str, text: String| {
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    )
                };
                let response = match answer {
                    Some(ECHO_500) => {
                        Some(echoed("500 Internal Server Error", format!("err {path}")))
                    }
                    Some(ECHO_404) => Some(echoed(
                        "404 Not Found",
                        format!("<pre>Cannot {method} {path}</pre>\n"),
                    )),
                    Some(r) => Some(r.to_string()),
                    None => None,
                };
                let _ = tx.send(Seen {
                    method,
                    path,
                    content_type,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let mut stream = reader.into_inner();
                match response {
                    Some(response) => {
                        let _ = stream.write_all(response.as_bytes());
                    }
                    None => held.push(stream),
                }
            }
            // Keep unanswered connections open until the client gives up.
            std::thread::sleep(Duration::from_secs(5));
        });
        (format!("http://127.0.0.1:{port}"), rx)
    }

    /// Answer 500 with a body echoing the request path (as many frameworks' error pages do).
    const ECHO_500: &str = "echo 500";
    /// Answer 404 `Cannot POST /path` (Express's default).
    const ECHO_404: &str = "echo 404";
    const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    const FAIL: &str =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\nboom";
    const BAD: &str =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 15\r\nConnection: close\r\n\r\ninvalid_payload";

    fn quick(url: String, retries: u32) -> Webhook {
        Webhook {
            url: SecretUrl::new(url),
            timeout: Duration::from_millis(500),
            retries,
            backoff: Duration::from_millis(10),
        }
    }

    fn finding(device: &str, severity: Severity, message: &str) -> Finding {
        Finding {
            device: device.into(),
            host: "192.0.2.1".into(),
            platform: None,
            rule_id: "deadline.communication_deadline".into(),
            severity,
            message: message.into(),
            due: None,
            days_left: Some(5),
            fix: Some("license smart renew auth".into()),
        }
    }

    fn counts() -> FleetCounts {
        FleetCounts {
            devices: 3,
            not_audited: 1,
            findings: vec![
                (Severity::Critical, 1),
                (Severity::Warning, 1),
                (Severity::Unknown, 1),
                (Severity::Info, 0),
            ],
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z")
            .expect("date")
            .with_timezone(&Utc)
    }

    #[test]
    fn payload_text_has_counts_and_lines_escaped_for_slack_and_no_host_or_fix() {
        let a = finding("leaf-07", Severity::Critical, "deadline in 5 days");
        let b = finding(
            "leaf-08",
            Severity::Warning,
            "Last ACK received: <none> & more",
        );
        let body = payload(&counts(), &[&a, &b], now());
        assert_eq!(
            body["text"],
            "fleetlic audit at 2026-11-23 00:00 UTC: 3 device(s), 1 not fully audited; \
             findings: 1 critical, 1 warning, 1 unknown, 0 info\n\
             CRITICAL - leaf-07: deadline.communication_deadline: deadline in 5 days\n\
             WARNING - leaf-08: deadline.communication_deadline: Last ACK received: &lt;none&gt; &amp; more"
        );
        let machine = &body["fleetlic"];
        assert_eq!(machine["schema_version"], 1);
        assert_eq!(machine["audited_at"], "2026-11-23T00:00:00Z");
        assert_eq!(machine["findings"]["critical"], 1);
        assert_eq!(machine["alerts"], 2);
        assert_eq!(
            machine["top"][1]["message"],
            "Last ACK received: <none> & more"
        );
        let raw = body.to_string();
        assert!(!raw.contains("192.0.2.1"), "{raw}");
        assert!(!raw.contains("renew auth"), "{raw}");
    }

    #[test]
    fn payload_lists_the_top_findings_and_says_how_many_more() {
        let many: Vec<Finding> = (0..13)
            .map(|i| finding(&format!("d{i}"), Severity::Warning, "m"))
            .collect();
        let refs: Vec<&Finding> = many.iter().collect();
        let body = payload(&counts(), &refs, now());
        let text = body["text"].as_str().expect("text");
        assert_eq!(text.lines().count(), 1 + TOP + 1);
        assert!(text.ends_with("... and 3 more"), "{text}");
        assert_eq!(body["fleetlic"]["top"].as_array().map(Vec::len), Some(TOP));
    }

    #[test]
    fn error_bodies_echoing_the_path_never_show_the_token() {
        for answer in [ECHO_500, ECHO_404] {
            let (base, seen) = server(vec![Some(answer)]);
            let hook = quick(
                format!("{base}/services/T000/B000/SECRETTOKEN1?key=QUERYSECRET2"),
                0,
            );
            let err = post(&hook, &serde_json::json!({"text": "x"})).expect_err("not 2xx");
            let req = seen.recv_timeout(Duration::from_secs(5)).expect("request");
            assert!(
                req.path.contains("SECRETTOKEN1"),
                "the server saw the token"
            );
            let text = format!("{err} {err:?}");
            for secret in ["SECRETTOKEN1", "QUERYSECRET2", "T000", "B000", "services"] {
                assert!(!text.contains(secret), "{answer}: {text}");
            }
            assert!(text.starts_with(&format!("{base}/…: HTTP ")), "{text}");
        }
    }

    #[test]
    fn webhook_posts_json_to_the_path_and_retries_after_a_server_error() {
        let (base, seen) = server(vec![Some(FAIL), Some(OK)]);
        let a = finding("leaf-07", Severity::Critical, "deadline in 5 days");
        let body = payload(&counts(), &[&a], now());
        let hook = quick(format!("{base}/services/T0/B0/secret"), 3);
        let delivered = post(&hook, &body).expect("delivered on the second attempt");
        assert_eq!(
            delivered,
            Delivered {
                status: 200,
                attempts: 2
            }
        );
        for _ in 0..2 {
            let req = seen.recv_timeout(Duration::from_secs(5)).expect("request");
            assert_eq!(req.method, "POST");
            assert_eq!(req.path, "/services/T0/B0/secret");
            assert_eq!(req.content_type, "application/json");
            let got: serde_json::Value = serde_json::from_str(&req.body).expect("JSON body");
            assert_eq!(got, body);
        }
    }

    #[test]
    fn webhook_gives_up_after_its_retries_and_names_the_status_not_the_secret() {
        let (base, _seen) = server(vec![Some(FAIL), Some(FAIL)]);
        let hook = quick(format!("{base}/services/T0/B0/secret"), 1);
        let err = post(&hook, &serde_json::json!({"text": "x"})).expect_err("500 twice");
        let text = err.to_string();
        assert_eq!(text, format!("{base}/…: HTTP 500: boom after 2 attempt(s)"));
        assert!(!text.contains("secret"));
    }

    #[test]
    fn webhook_does_not_retry_a_client_error() {
        let (base, seen) = server(vec![Some(BAD), Some(OK)]);
        let err = post(
            &quick(format!("{base}/hook"), 3),
            &serde_json::json!({"text": "x"}),
        )
        .expect_err("400 is final");
        assert!(matches!(
            err,
            WebhookError::Status {
                status: 400,
                attempts: 1,
                ..
            }
        ));
        assert!(err.to_string().contains("invalid_payload"));
        assert!(seen.recv_timeout(Duration::from_secs(5)).is_ok());
        assert!(seen.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn webhook_that_never_answers_times_out_each_attempt_and_reports_failure() {
        let (base, _seen) = server(vec![None, None]);
        let started = Instant::now();
        let err = post(
            &quick(format!("{base}/hook"), 1),
            &serde_json::json!({"text": "x"}),
        )
        .expect_err("no answer");
        assert!(
            matches!(err, WebhookError::Transport { attempts: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("timed out"), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn webhook_to_a_closed_port_is_a_reported_failure() {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let err = post(
            &quick(format!("http://127.0.0.1:{port}/hook"), 1),
            &serde_json::json!({"text": "x"}),
        )
        .expect_err("refused");
        assert!(
            matches!(err, WebhookError::Transport { attempts: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn webhook_with_a_malformed_url_fails_at_once_without_echoing_it() {
        let err = post(
            &quick("http://exa mple/secret".into(), 3),
            &serde_json::json!({}),
        )
        .expect_err("bad url");
        assert!(
            matches!(err, WebhookError::Transport { attempts: 1, .. }),
            "{err}"
        );
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
