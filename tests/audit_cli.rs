//! `fleetlic audit --replay`: exit codes, reports on files and stdout, CSV read back with the
//! csv crate, the JSON schema, usage errors (bad flags, bad inventories: exit 3).

use std::fs;
use std::path::Path;

use serde_json::Value;

use fleetlic_core::report::csv::{DEVICE_COLUMNS, FINDING_COLUMNS};

use crate::util::{fleetlic, scratch, Run};

const CLASSIC_NXOS: &str = "sw1# show license status
Smart Licensing is ENABLED

Registration:
  Status: REGISTERED
  Smart Account: BU Production Test 1
  Virtual Account: N9K_SA_49_Testing
  Export-Controlled Functionality: Allowed
  Initial Registration: SUCCEEDED on Jul 16 14:25:49 2021 UTC
  Last Renewal Attempt: None
  Next Renewal Attempt: Jan 12 14:25:48 2022 UTC
  Registration Expires: Jul 16 14:20:45 2022 UTC

License Authorization:
  Status: AUTHORIZED on Jul 16 14:26:01 2021 UTC
  Last Communication Attempt: SUCCEEDED on Jul 16 14:26:01 2021 UTC
  Next Communication Attempt: Aug 15 14:26:00 2021 UTC
  Communication Deadline: Oct 14 14:20:58 2021 UTC
sw1#
";

fn device(root: &Path, name: &str, toml: &str, outputs: &[(&str, &str)]) {
    let dir = root.join(name);
    fs::create_dir_all(&dir).expect("device dir");
    fs::write(dir.join("device.toml"), toml).expect("device.toml");
    for (slug, text) in outputs {
        fs::write(dir.join(format!("{slug}.txt")), text).expect("output");
    }
}

/// `fleetlic audit --quiet --replay <replay> --now <now>`, then `extra`.
fn audit_quiet(replay: &Path, now: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "audit",
        "--quiet",
        "--replay",
        replay.to_str().unwrap_or_default(),
        "--now",
        now,
    ];
    args.extend_from_slice(extra);
    fleetlic(&args)
}

/// The header row of a CSV report.
fn headers<R: std::io::Read>(reader: &mut csv::Reader<R>) -> Vec<String> {
    reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect()
}

/// A fleet of one healthy NX-OS device collected on 2021-07-20.
fn healthy(name: &str) -> std::path::PathBuf {
    let root = scratch(name);
    device(
        &root,
        "sw1",
        "platform = \"nxos\"\nhost = \"192.0.2.10\"\ncollected_at = \"2021-07-20T00:00:00Z\"\n",
        &[("show_license_status", CLASSIC_NXOS)],
    );
    root
}

#[test]
fn audit_exit_code_follows_the_worst_finding() {
    let root = healthy("exit-codes");
    let run = |now: &str| audit_quiet(&root, now, &[]);
    // Far from every deadline: ok.
    assert_eq!(run("2021-07-20T00:00:00Z").code, 0);
    // Communication deadline Oct 14 2021 within 30 days: warning.
    assert_eq!(run("2021-09-20T00:00:00Z").code, 1);
    // Past the communication deadline: critical.
    assert_eq!(run("2021-10-20T00:00:00Z").code, 2);
}

#[test]
fn unreachable_device_exits_3_but_critical_outranks_it() {
    let root = healthy("unknown");
    device(
        &root,
        "sw2",
        "platform = \"iosxe\"\nstatus = \"unreachable\"\nerror = \"connect timed out\"\n",
        &[],
    );
    let ok_time = audit_quiet(&root, "2021-07-20T00:00:00Z", &[]);
    assert_eq!(ok_time.code, 3);
    let critical_time = audit_quiet(&root, "2021-10-20T00:00:00Z", &[]);
    assert_eq!(critical_time.code, 2);
    let never = audit_quiet(&root, "2021-10-20T00:00:00Z", &["--fail-on", "never"]);
    assert_eq!(never.code, 0);
}

#[test]
fn findings_csv_reads_back_with_the_contract_columns() {
    let root = healthy("csv");
    device(&root, "sw2", "platform = \"iosxe\"\nstatus = \"auth_failed\"\nerror = \"permission denied, \\\"quoted\\\"\"\n", &[]);
    let out = scratch("csv-out").join("findings.csv");
    let run = audit_quiet(
        &root,
        "2021-10-20T00:00:00Z",
        &["--csv", out.to_str().unwrap_or_default()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(headers(&mut reader), FINDING_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let deadline = rows
        .iter()
        .find(|r| &r[3] == "deadline.communication_deadline")
        .expect("communication deadline row");
    assert_eq!(&deadline[0], "sw1");
    assert_eq!(&deadline[4], "critical");
    assert_eq!(&deadline[6], "2021-10-14T14:20:58Z");
    assert_eq!(&deadline[7], "-6");
    let auth = rows
        .iter()
        .find(|r| &r[3] == "collection.auth_failed")
        .expect("auth row");
    assert!(auth[5].contains("\"quoted\""), "{}", &auth[5]);
    assert!(
        rows.iter().all(|r| &r[4] != "ok"),
        "ok findings are not listed"
    );
}

#[test]
fn devices_csv_and_json_on_stdout() {
    let root = healthy("devices");
    let replay = root.to_str().unwrap_or_default();
    let run = fleetlic(&[
        "audit",
        "--replay",
        replay,
        "--now",
        "2021-09-20T00:00:00Z",
        "--csv-devices",
        "-",
    ]);
    assert_eq!(run.code, 1);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(headers(&mut reader), DEVICE_COLUMNS);
    let row = reader.records().next().expect("one row").expect("valid");
    assert_eq!(&row[0], "sw1");
    assert_eq!(&row[5], "registered");
    assert_eq!(&row[6], "authorized");
    assert_eq!(&row[7], "BU Production Test 1");
    assert_eq!(&row[11], "communication_deadline");
    assert_eq!(&row[13], "warning");
    assert_eq!(&row[15], "ok");
    // The human report moved to stderr so stdout stays parseable.
    assert!(run.stderr.contains("Devices per state"), "{}", run.stderr);

    let json = audit_quiet(&root, "2021-09-20T00:00:00Z", &["--json", "-"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["audited_at"], "2021-09-20T00:00:00Z");
    assert_eq!(v["devices"][0]["device"], "sw1");
    assert_eq!(
        v["devices"][0]["model"]["registration"]["status"],
        "registered"
    );
    assert_eq!(
        v["devices"][0]["outputs"]["show_license_status"],
        serde_json::json!({"parsed": {"warnings": []}})
    );
    assert!(v["devices"][0]["findings"]
        .as_array()
        .is_some_and(|f| !f.is_empty()));
}

#[test]
fn json_report_keeps_what_the_model_does_not_type_as_extra() {
    let root = scratch("extra");
    let status = format!(
        "{}\nFrobnication Report:\n  Level: 3\n%%% something new %%%\nsw1#\n",
        CLASSIC_NXOS.trim_end().trim_end_matches("sw1#")
    );
    device(
        &root,
        "sw1",
        "platform = \"nxos\"\nhost = \"192.0.2.10\"\ncollected_at = \"2021-09-19T00:00:00Z\"\n",
        &[("show_license_status", status.as_str())],
    );
    let json = audit_quiet(&root, "2021-09-20T00:00:00Z", &["--json", "-"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    let extra = &v["devices"][0]["model"]["extra"];
    let entries = extra.as_array().cloned().unwrap_or_default();
    assert!(
        entries.iter().any(|e| e["label"] == "Level"
            && e["value"] == "3"
            && e["section"] == serde_json::json!(["Frobnication Report"])
            && e["command"] == "license_status"),
        "{extra}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["value"] == "%%% something new %%%"),
        "{extra}"
    );
    let warnings = &v["devices"][0]["outputs"]["show_license_status"]["parsed"]["warnings"];
    assert!(
        warnings
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w["text"] == "Frobnication Report:")),
        "{warnings}"
    );
}

#[test]
fn audit_usage_errors_exit_3_with_a_clear_message() {
    let root = healthy("usage");
    let replay = root.to_str().unwrap_or_default();
    let bad_now = fleetlic(&["audit", "--replay", replay, "--now", "yesterday"]);
    assert_eq!(bad_now.code, 3);
    assert!(bad_now.stderr.contains("--now"), "{}", bad_now.stderr);
    let two_stdout = fleetlic(&["audit", "--replay", replay, "--csv", "-", "--json", "-"]);
    assert_eq!(two_stdout.code, 3);
    let missing = fleetlic(&["audit", "--replay", "/nonexistent/replay"]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("/nonexistent/replay"),
        "{}",
        missing.stderr
    );
    let bad_toml = scratch("bad-toml");
    device(
        &bad_toml,
        "r1",
        "platform = \"iosxr\"\nvrff = \"MGMT\"\n",
        &[],
    );
    let bad = fleetlic(&["audit", "--replay", bad_toml.to_str().unwrap_or_default()]);
    assert_eq!(bad.code, 3);
    assert!(bad.stderr.contains("r1/device.toml:2:"), "{}", bad.stderr);
    assert!(bad.stderr.contains("vrff"), "{}", bad.stderr);
    let neither = fleetlic(&["audit"]);
    assert_eq!(neither.code, 3);
}

#[test]
fn report_files_are_replaced_whole() {
    let root = healthy("atomic");
    let dir = scratch("atomic-out");
    let out = dir.join("findings.csv");
    fs::write(&out, "stale").expect("seed file");
    let run = audit_quiet(
        &root,
        "2021-10-20T00:00:00Z",
        &["--csv", out.to_str().unwrap_or_default()],
    );
    assert_eq!(run.code, 2);
    let text = fs::read_to_string(&out).expect("report");
    assert!(text.starts_with("device,host,platform,rule_id"), "{text}");
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.path() != out)
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn bad_inventory_lists_every_problem_with_its_line_and_never_the_secret() {
    let dir = scratch("bad-inventory");
    let inv = dir.join("inventory.toml");
    fs::write(
        &inv,
        "[defaults]\nusername = \"netops\"\npassword = \"hunter2\"\n\n[[device]]\nname = \"r1\"\nhostnme = \"192.0.2.1\"\nplatform = \"nxos\"\n",
    )
    .expect("inventory");
    let run = fleetlic(&["audit", "--inventory", inv.to_str().unwrap_or_default()]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("inventory.toml:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("use password_env"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("inventory.toml:7: device \"r1\": unknown field \"hostnme\""),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("hunter2"),
        "secret leaked: {}",
        run.stderr
    );
}

/// No Rust panic or backtrace text on stderr.
fn no_panic(run: &Run) {
    for marker in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!run.stderr.contains(marker), "{marker}: {}", run.stderr);
    }
}

#[test]
fn bad_inventories_exit_3_naming_file_line_and_field() {
    let dir = scratch("bad-inventories");
    let pw = dir.join("pw");
    fs::write(&pw, "hunter2\n").expect("password file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&pw, fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let toml = dir.join("inventory.toml");
    fs::write(
        &toml,
        "[[device]]\nname = \"r1\"\nhost = \"192.0.2.1\"\nusername = \"audit\"\npassword_env = \"PW\"\nport = 70000\n",
    )
    .expect("inventory");
    let csv = dir.join("fleet.csv");
    fs::write(&csv, b"name,host\nr1,h1\ncaf\xe9,h2\n").expect("csv");
    let defaults = dir.join("defaults.toml");
    fs::write(
        &defaults,
        "[defaults]\nusername = \"audit\"\npassword_file = \"pw\"\n",
    )
    .expect("defaults");
    let good_csv = dir.join("good.csv");
    fs::write(&good_csv, "name,host\nr1,h1\n").expect("csv");
    let [toml_arg, csv_arg, defaults_arg, good_arg] =
        [&toml, &csv, &defaults, &good_csv].map(|p| p.to_str().unwrap_or_default());

    let mut cases = vec![
        (
            vec!["audit", "--inventory", toml_arg],
            format!("{}:6: device \"r1\": port: must be 1-65535", toml.display()),
        ),
        (
            vec!["audit", "--inventory", csv_arg, "--defaults", defaults_arg],
            format!("{}:3: not UTF-8 text", csv.display()),
        ),
    ];
    if cfg!(unix) {
        cases.push((
            // A credential problem stops the run only with --strict-inventory (else that
            // device is a config error: tests/inventory_cli.rs).
            vec![
                "audit",
                "--strict-inventory",
                "--inventory",
                good_arg,
                "--defaults",
                defaults_arg,
            ],
            format!(
                "{}:3: defaults: password_file: {} is accessible by other users (mode 0644): run chmod 600",
                defaults.display(),
                pw.display()
            ),
        ));
    }
    for (args, expected) in cases {
        let run = fleetlic(&args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&expected), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            !run.stderr.contains("hunter2"),
            "secret leaked: {}",
            run.stderr
        );
        no_panic(&run);
    }
}

#[test]
fn bad_flags_exit_3_with_a_message_naming_the_flag() {
    let root = healthy("bad-flags");
    let replay = root.to_str().unwrap_or_default();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--concurrency", "abc"],
            "invalid value 'abc' for '--concurrency <N>'",
        ),
        (
            &["--now", "notadate"],
            "--now \"notadate\": not an RFC 3339 time",
        ),
        (
            &["--warn-days", "soon"],
            "invalid value 'soon' for '--warn-days <DAYS>'",
        ),
        (
            &["--fail-on", "sometimes"],
            "invalid value 'sometimes' for '--fail-on <FAIL_ON>'",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["audit", "--replay", replay];
        args.extend_from_slice(extra);
        let run = fleetlic(&args);
        assert_eq!(run.code, 3, "{extra:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{extra:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{extra:?}: {}", run.stdout);
        no_panic(&run);
    }
    let unknown = fleetlic(&["audit", "--replay", replay, "--concurency", "4"]);
    assert_eq!(unknown.code, 3, "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("unexpected argument '--concurency'"),
        "{}",
        unknown.stderr
    );
    no_panic(&unknown);
}

/// IOS-XE `show license all` (SLP) whose dates are printed in IST, as a real device does.
const SLP_IST: &str = "c9300#show license all
Smart Licensing Status
======================

Smart Licensing is ENABLED

Policy:
  Policy in use: Merged from multiple sources.
  Reporting ACK required: yes (CISCO default)

Usage Reporting:
  Last ACK received: Apr 20 15:28:43 2025 IST
  Next ACK deadline: Apr 23 15:33:15 2025 IST
  Reporting push interval: 30  days
c9300#
";

#[test]
fn dates_in_ambiguous_zones_resolve_from_show_clock_or_timezone_else_are_reported() {
    let root = scratch("zones");
    let toml = |extra: &str| {
        format!("platform = \"iosxe\"\ncollected_at = \"2025-04-21T10:00:12Z\"\n{extra}")
    };
    // The clock printed IST and reads 15:37 at 10:00 UTC (7 minutes fast): +05:30.
    device(
        &root,
        "by-clock",
        &toml(""),
        &[
            ("show_license_all", SLP_IST),
            (
                "show_clock",
                "c9300#show clock\n*15:37:12.345 IST Mon Apr 21 2025\n",
            ),
        ],
    );
    // The clock printed UTC: only the device.toml timezone can place IST.
    let utc_clock = "c9300#show clock\n10:00:14.001 UTC Mon Apr 21 2025\n";
    device(
        &root,
        "by-timezone",
        &toml("timezone = \"Asia/Kolkata\"\n"),
        &[("show_license_all", SLP_IST), ("show_clock", utc_clock)],
    );
    device(
        &root,
        "unresolved",
        &toml(""),
        &[("show_license_all", SLP_IST), ("show_clock", utc_clock)],
    );
    let run = audit_quiet(&root, "2025-04-21T12:00:00Z", &["--json", "-"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let devices = v["devices"].as_array().cloned().unwrap_or_default();
    let by_name = |name: &str| {
        devices
            .iter()
            .find(|d| d["device"] == name)
            .cloned()
            .unwrap_or_default()
    };
    let ids = |d: &Value, id: &str| -> Vec<Value> {
        d["findings"]
            .as_array()
            .map(|f| f.iter().filter(|f| f["rule_id"] == id).cloned().collect())
            .unwrap_or_default()
    };
    for (name, how) in [("by-clock", "device_clock"), ("by-timezone", "inventory")] {
        let d = by_name(name);
        let ack = ids(&d, "deadline.next_ack");
        assert_eq!(ack.len(), 1, "{name}: {d}");
        assert_eq!(ack[0]["due"], "2025-04-23T10:03:15Z", "{name}");
        assert!(ids(&d, "parse.zone_unresolved").is_empty(), "{name}: {d}");
        let dates = d["model"]["dates"].as_array().cloned().unwrap_or_default();
        assert_eq!(dates.len(), 2, "{name}");
        assert_eq!(dates[1]["field"], "Next ACK deadline");
        assert_eq!(dates[1]["text"], "Apr 23 15:33:15 2025 IST");
        assert_eq!(dates[1]["utc"], "2025-04-23T10:03:15Z");
        assert_eq!(dates[1]["resolved"], how, "{name}");
    }
    let clock = &by_name("by-clock")["model"]["clock"];
    assert_eq!(clock["zone"], "IST");
    assert_eq!(clock["offset_minutes"], 330);
    assert_eq!(clock["resolved"], "device_clock");

    let d = by_name("unresolved");
    assert!(ids(&d, "deadline.next_ack").is_empty(), "{d}");
    let unresolved = ids(&d, "parse.zone_unresolved");
    assert_eq!(unresolved.len(), 2, "{d}");
    assert_eq!(unresolved[0]["severity"], "unknown");
    let messages: Vec<&str> = unresolved
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with(
            "Next ACK deadline: Apr 23 15:33:15 2025 IST: zone IST could not be resolved (show clock printed UTC"
        )),
        "{messages:?}"
    );
    // The resolved deadlines are 2 days away: critical, which outranks the unknown findings.
    assert_eq!(run.code, 2);
}

#[test]
fn a_report_that_cannot_be_written_at_the_end_leaves_the_others_the_history_and_the_alerts() {
    use fleetlic_core::audit::{AuditConfig, Plan, Source};
    use fleetlic_core::exit::ExitStatus;
    use fleetlic_core::report::Output;

    let root = healthy("unwritable");
    let out = scratch("unwritable-out");
    let csv = out.join("findings.csv");
    // One night: checked before the run (the directory is writable, so it passes), then the
    // report's name is taken by a directory, as a disk that fills up fails a write at the end.
    let night = |now: &str| {
        let mut config = AuditConfig::new(Source::Replay(root.clone()));
        config.now = Some(now.parse().expect("date"));
        config.terminal.quiet = true;
        config.reports.csv = Some(Output::File(csv.clone()));
        config.reports.csv_devices = Some(Output::File(out.join("devices.csv")));
        config.reports.json = Some(Output::File(out.join("report.json")));
        config.history = Some(out.join("history.db"));
        config.alerts.prom = Some(out.join("fleetlic.prom"));
        let _ = std::fs::remove_dir_all(&csv);
        let mut err = Vec::new();
        let plan = Plan::prepare(&config, chrono::Utc::now(), &mut err)
            .expect("io")
            .expect("the preflight passes");
        std::fs::create_dir_all(csv.join("in-the-way")).expect("a directory in the way");
        let devices =
            fleetlic_core::replay::load(&root, config.max_records).expect("the replay loads");
        let status = plan
            .finish(devices, None, &mut Vec::new(), &mut err)
            .expect("io");
        (status, String::from_utf8_lossy(&err).into_owned())
    };
    // A warning: the failed write makes the run unknown (3).
    let (status, stderr) = night("2021-09-20T00:00:00Z");
    assert_eq!(status, ExitStatus::Unknown, "{stderr}");
    assert!(
        stderr.contains(&format!("writing --csv {}: ", csv.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".tmp"),
        "the real path, not a temporary one: {stderr}"
    );
    for written in ["devices.csv", "report.json", "history.db", "fleetlic.prom"] {
        assert!(out.join(written).is_file(), "{written} written");
    }
    // Critical outranks unknown; the history has both runs.
    let (status, stderr) = night("2021-10-20T00:00:00Z");
    assert_eq!(status, ExitStatus::Critical, "{stderr}");
    let runs = fleetlic(&[
        "history",
        "--history",
        out.join("history.db").to_str().unwrap_or_default(),
        "--runs",
    ]);
    assert_eq!(
        runs.stdout.lines().filter(|l| l.contains("replay")).count(),
        2,
        "{}",
        runs.stdout
    );
}
