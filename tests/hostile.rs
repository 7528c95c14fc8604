//! A hostile device, through every sink: a replay fleet (and a simulated device over SSH) whose
//! every field the parsers keep holds ANSI CSI and OSC escape sequences, C1 controls,
//! spreadsheet formula prefixes, quotes, commas, a carriage return and 10,000 characters; and an
//! entitlements file and a device directory name that do the same. Each sink gets its own
//! assertion: terminal, each CSV, JSON, jsonl, nagios, syslog, Prometheus, webhook, history,
//! logs and `--save-raw` paths.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fleetlic_parsers::{Command, Platform};
use fleetlic_sim::SimDevice;

use crate::util::{fleetlic, scratch, Run};

const NOW: &str = "2026-11-23T00:00:00Z";

/// The replay directory name of the hostile device: quotes, a comma and a formula.
const NAME: &str = "=HYPERLINK(\"x\"),-1";

/// A value that tries everything at once: a formula start, an OSC title change, a CSI colour,
/// an OSC 8 hyperlink, a C1 CSI, quotes, commas, 10,000 characters. (A lone carriage return
/// is a line of its own below: a terminal returns to column 0 there, so what follows overwrites
/// the label, and the parsers see the line as the terminal shows it.)
fn hostile(tag: &str) -> String {
    format!(
        "={tag}(\"http://evil.example\",\"a\"),\x1b]0;owned\x07\x1b[31;1m\"q, r\"\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\u{9b}2J x{}",
        "A".repeat(10_000)
    )
}

/// The hostile device's saved outputs, as an IOS-XE with classic Smart Licensing prints them.
fn outputs() -> Vec<(&'static str, String)> {
    let (sa, va, why) = (hostile("SA"), hostile("VA"), hostile("WHY"));
    let status = format!(
        "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: {sa}\n  \
         Virtual Account: {va}\n  Export-Controlled Functionality: ALLOWED\n  \
         Initial Registration: SUCCEEDED on Feb 11 12:00:36 2026 UTC\n  \
         Last Renewal Attempt: FAILED on Nov 22 19:40:21 2026 UTC\n    Failure reason: {why}\n  \
         Next Renewal Attempt: Nov 23 03:40:21 2026 UTC\n  \
         Registration Expires: Feb 11 12:00:36 2027 UTC\n\nLicense Authorization:\n  \
         Status: AUTHORIZATION EXPIRED on Oct 12 03:40:19 2026 UTC\n  \
         Last Communication Attempt: FAILED on Nov 22 19:40:21 2026 UTC\n    Failure reason: {why}\n  \
         Next Communication Attempt: Nov 23 01:40:21 2026 UTC\n  \
         Communication Deadline: Oct 12 03:40:19 2026 UTC\n{}: {}\n  Note: a\r=CR,\"overwrite\"\n",
        hostile("LABEL"),
        hostile("EXTRA")
    );
    let summary = format!(
        "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n  Smart Account: {sa}\n  \
         Virtual Account: {va}\n\nLicense Authorization:\n  Status: AUTHORIZATION EXPIRED\n\n\
         License Usage:\n  License                 Entitlement tag               Count Status\n  \
         -----------------------------------------------------------------------------\n  \
         @{} (=C9300-48 Network Advantage)      1 AUTHORIZATION EXPIRED\n",
        hostile("LIC")
    );
    let version = format!(
        "Cisco IOS XE Software, Version 16.12.10a\x1b]0;v\x07\n\
         Cisco IOS Software [Gibraltar], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 16.12.10a, RELEASE SOFTWARE (fc2)\n\
         =evil\x1b[2Jhost uptime is 1 year\ncisco {} (X86) processor with 1392780K/6147K bytes of memory.\n\
         Processor board ID FOC2513Z0ZZ\n",
        hostile("MODEL")
    );
    vec![
        ("show_license_status.txt", status),
        ("show_license_summary.txt", summary),
        ("show_version.txt", version),
    ]
}

/// A replay fleet of the hostile device, and an entitlements file that is hostile too.
fn hostile_fleet(dir: &Path) -> (PathBuf, PathBuf) {
    let fleet = dir.join("fleet");
    let device = fleet.join(NAME);
    fs::create_dir_all(&device).expect("mkdir");
    fs::write(
        device.join("device.toml"),
        "platform = \"iosxe\"\nhost = \"203.0.113.99\"\ncollected_at = \"2026-11-22T23:25:30Z\"\n\
         smart_account = \"=EXPECTED(1),\\\"q\\\"\"\n",
    )
    .expect("device.toml");
    for (file, text) in outputs() {
        fs::write(device.join(file), text).expect("output");
    }
    let entitlements = dir.join("entitlements.csv");
    fs::write(
        &entitlements,
        format!(
            "Smart Account,Virtual Account,License,Entitlement Tag,Quantity,In Use,Balance,Expires\n\
             \"=SA(\"\"x\"\")\",-VA,\"@license, with comma\",+TAG,1,0,1,Never\n\
             \"{}\",Campus,\"=cmd|' /C calc'!A0\",,2,0,2,2026-12-01\n",
            "\u{1b}]0;t\u{7}Acme"
        ),
    )
    .expect("entitlements");
    (fleet, entitlements)
}

/// `text` holds no control character but newlines: no escape sequence, no C1 control, no
/// carriage return reaches a terminal, a log pipeline or a line-based reader.
fn assert_inert(sink: &str, text: &str) {
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && *c != '\n')
    {
        let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{sink}: control character {c:?} at byte {i}: …{:?}",
            &text[from..i]
        );
    }
}

/// Whether a cell would start a spreadsheet formula.
fn formula(cell: &str) -> bool {
    let numeric = cell.parse::<f64>().is_ok();
    let start = cell.trim_start_matches(' ').chars().next();
    !numeric && cell != "-" && matches!(start, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// Every cell of a CSV report: inert, and never a formula.
fn assert_csv_safe(sink: &str, path: &Path) -> usize {
    let mut reader = csv::Reader::from_path(path).expect(sink);
    let width = reader.headers().expect("header").len();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("a well-formed row");
        assert_eq!(record.len(), width, "{sink}: a row as wide as the header");
        for cell in record.iter() {
            assert_inert(sink, cell);
            assert!(
                !formula(cell),
                "{sink}: formula cell {:?}",
                &cell[..cell.len().min(60)]
            );
        }
        rows += 1;
    }
    rows
}

fn audit(fleet: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "audit",
        "--replay",
        fleet.to_str().unwrap_or_default(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    fleetlic(&args)
}

#[test]
fn hostile_device_text_is_inert_in_every_report_and_never_a_formula() {
    let dir = scratch("hostile-reports");
    let (fleet, entitlements) = hostile_fleet(&dir);
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (findings, devices, licenses, json, prom, history) = (
        p("findings.csv"),
        p("devices.csv"),
        p("licenses.csv"),
        p("report.json"),
        p("metrics.prom"),
        p("history.db"),
    );
    let run = audit(
        &fleet,
        &[
            "--csv",
            &findings,
            "--csv-devices",
            &devices,
            "--csv-licenses",
            &licenses,
            "--entitlements",
            entitlements.to_str().unwrap_or_default(),
            "--json",
            &json,
            "--prom",
            &prom,
            "--history",
            &history,
            "-v",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Terminal: the table on stdout, logs on stderr.
    assert!(
        run.stdout.contains("fleetlic audit: 1 device(s)"),
        "{}",
        run.stdout
    );
    assert_inert("terminal report", &run.stdout);
    assert_inert("log lines", &run.stderr);

    assert!(assert_csv_safe("findings CSV", Path::new(&findings)) > 0);
    assert_eq!(assert_csv_safe("devices CSV", Path::new(&devices)), 1);
    assert!(assert_csv_safe("licenses CSV", Path::new(&licenses)) >= 2);
    let rows = crate::sim_fleet::rows_by_device(Path::new(&devices));
    let row = rows.values().next().expect("the device's row");
    assert!(row["device"].starts_with("'=HYPERLINK"), "{row:?}");
    assert!(
        row["smart_account"].starts_with("'=SA("),
        "the value is kept, as text"
    );
    assert!(
        row["smart_account"].ends_with(&"A".repeat(10_000)),
        "kept whole"
    );

    let raw = fs::read_to_string(&json).expect("JSON report");
    assert_inert("JSON report", &raw);
    let doc: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    assert_eq!(doc["devices"][0]["device"], NAME);
    assert!(
        raw.contains("=EXTRA(\\\"http://evil.example\\\""),
        "the line no grammar knows is kept, rendered as a terminal shows it"
    );

    let metrics = fs::read_to_string(&prom).expect("metrics");
    assert_inert("Prometheus metrics", &metrics);
    let sample = regex::Regex::new(
        r#"^[a-z_]+(\{([a-z_]+="([^"\\]|\\["\\n])*")(,[a-z_]+="([^"\\]|\\["\\n])*")*\})? -?[0-9.e+-]+$"#,
    )
    .expect("regex");
    for line in metrics.lines().filter(|l| !l.starts_with('#')) {
        assert!(sample.is_match(line), "not one Prometheus sample: {line:?}");
    }
    assert!(
        metrics.contains(r#"device="=HYPERLINK(\"x\"),-1""#),
        "label quotes escaped"
    );

    let runs = fleetlic(&["history", "--history", &history, "--runs"]);
    assert_eq!(runs.code, 0, "{}", runs.stderr);
    assert_inert("history --runs", &runs.stdout);
    let device = fleetlic(&["history", "--history", &history, "--device", NAME]);
    assert_eq!(device.code, 0, "{}", device.stderr);
    assert_inert("history --device", &device.stdout);
}

#[test]
fn hostile_device_text_is_one_inert_line_per_alert_in_jsonl_nagios_syslog_and_webhook() {
    let dir = scratch("hostile-alerts");
    let (fleet, _) = hostile_fleet(&dir);

    let jsonl = audit(&fleet, &["--quiet", "--alert-format", "jsonl"]);
    assert!(!jsonl.stdout.is_empty());
    assert_inert("jsonl alerts", &jsonl.stdout);
    for line in jsonl.stdout.lines() {
        let alert: serde_json::Value = serde_json::from_str(line).expect("one JSON per line");
        assert_eq!(alert["device"], NAME);
    }
    let nagios = audit(&fleet, &["--quiet", "--alert-format", "nagios"]);
    assert_eq!(nagios.stdout.lines().count(), jsonl.stdout.lines().count());
    assert_inert("nagios alerts", &nagios.stdout);

    #[cfg(unix)]
    {
        let path = dir.join("log");
        let reader = crate::alert_cli::syslog_listener(&path);
        let run = audit(
            &fleet,
            &[
                "--quiet",
                "--alert-format",
                "syslog",
                "--syslog-socket",
                path.to_str().unwrap_or_default(),
            ],
        );
        assert_eq!(run.stderr, "");
        let got = reader.join().expect("reader");
        assert_eq!(
            got.len(),
            jsonl.stdout.lines().count(),
            "one datagram per alert"
        );
        for datagram in &got {
            assert!(!datagram.contains('\n'), "one line: {datagram:?}");
            assert_inert("syslog datagram", datagram);
        }
    }

    let (base, seen) = crate::alert_cli::http_server(vec![Some(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )]);
    let url = format!("{base}/hook");
    let run = audit(&fleet, &["--quiet", "--webhook", &url]);
    assert_eq!(run.stderr, "", "delivered");
    let (_, body) = seen
        .recv_timeout(Duration::from_secs(10))
        .expect("webhook body");
    assert_inert("webhook body", &body);
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    let text = v["text"].as_str().expect("text");
    assert_inert("webhook text", text);
    assert!(
        !text.contains("<http"),
        "no Slack link markup from device text"
    );
}

#[test]
fn hostile_device_over_ssh_keeps_every_byte_raw_and_its_reports_inert() {
    let dir = scratch("hostile-ssh");
    let mut device = SimDevice::new("hostile-01", Platform::IosXe);
    let sent = outputs();
    for (file, text) in &sent {
        let command = match *file {
            "show_license_status.txt" => Command::LicenseStatus,
            "show_license_summary.txt" => Command::LicenseSummary,
            _ => Command::Version,
        };
        device = device.with_output(command, text.trim_end_matches('\n'));
    }
    let served = crate::sim_fleet::Served::start(vec![device]);
    let inventory = served.inventory(&dir, "", "accept-new", "");
    let raw = dir.join("raw");
    let devices = dir.join("devices.csv");
    let run = crate::sim_fleet::fleetlic(&[
        "audit",
        "--inventory",
        inventory.to_str().unwrap_or_default(),
        "--now",
        NOW,
        "--save-raw",
        raw.to_str().unwrap_or_default(),
        "--csv-devices",
        devices.to_str().unwrap_or_default(),
        "-v",
    ]);
    assert_inert("terminal report over SSH", &run.stdout);
    assert_inert("log lines over SSH", &run.stderr);
    let rows = crate::sim_fleet::rows_by_device(&devices);
    assert_eq!(
        rows["hostile-01"]["collection_status"], "ok",
        "{}",
        run.stderr
    );
    assert_csv_safe("devices CSV over SSH", &devices);

    // Raw outputs: only `<device>/<file>` under the directory, named by the inventory.
    let mut files = BTreeSet::new();
    for entry in walk(&raw) {
        let rel = entry.strip_prefix(&raw).expect("inside --save-raw");
        files.insert(rel.to_string_lossy().into_owned());
    }
    assert!(
        files.iter().all(|f| f.starts_with("hostile-01/")),
        "{files:?}"
    );
    // Every byte the device sent is kept, escapes included.
    let status = fs::read(raw.join("hostile-01/show_license_status.txt")).expect("raw status");
    let status = String::from_utf8_lossy(&status);
    assert!(
        status.contains("\x1b]0;owned\x07"),
        "escape sequences kept raw"
    );
    assert!(status.contains(&"A".repeat(10_000)));
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
