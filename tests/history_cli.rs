//! `--history FILE` across three simulated nights of the replay fleet, with changes between
//! them; `fleetlic history --runs`, `history --device`, `diff`, and `--alert-on new`.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{fleetlic, repo, scratch, Run};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn night(fleet: &Path, db: &Path, now: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "audit",
        "--replay",
        fleet.to_str().unwrap_or_default(),
        "--now",
        now,
        "--history",
        db.to_str().unwrap_or_default(),
    ];
    args.extend_from_slice(extra);
    fleetlic(&args)
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).expect("read json")).expect("json")
}

/// `(device, rule_id)` of each finding in a `changes` list.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["device"].as_str().unwrap_or(""),
                f["rule_id"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn three_nights_of_history_report_what_changed_and_alert_on_new_only() {
    let dir = scratch("history-nights");
    let fleet = dir.join("fleet");
    copy_dir(&repo().join("samples/fleet"), &fleet);
    let db = dir.join("history.db");
    let db_arg = db.to_str().unwrap_or_default();

    // Night 1: the whole fleet; nothing to compare with, so with --alert-on new everything is
    // new and the exit code is the fleet's (critical).
    let n1 = dir.join("n1.json");
    let r = night(
        &fleet,
        &db,
        "2026-11-23T00:00:00Z",
        &[
            "--alert-on",
            "new",
            "--json",
            n1.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Changed since last run (none in"),
        "{}",
        r.stdout
    );
    let doc = json(&n1);
    assert_eq!(doc["schema_version"], 1);
    assert!(doc["changes"]["since"].is_null());
    assert_eq!(
        doc["changes"]["new_findings"].as_array().map(Vec::len),
        Some(83)
    );

    // Night 2, three days later: a spine is gone from the inventory, another is unreachable,
    // and dc3-n9k-leaf-11's ACK deadline (10 → 7 days) crosses --crit-days.
    fs::remove_dir_all(fleet.join("dc1-n9k-spine-01")).expect("remove");
    let spine3 = fleet.join("dc3-n9k-spine-01");
    let spine3_saved = dir.join("dc3-n9k-spine-01");
    copy_dir(&spine3, &spine3_saved);
    fs::remove_dir_all(&spine3).expect("remove");
    fs::create_dir_all(&spine3).expect("mkdir");
    fs::write(
        spine3.join("device.toml"),
        "platform = \"nxos\"\nhost = \"192.0.2.41\"\ncollected_at = \"2026-11-25T23:10:00Z\"\n\
         status = \"unreachable\"\nerror = \"connect to 192.0.2.41:22: connection timed out\"\n",
    )
    .expect("device.toml");
    let r = night(
        &fleet,
        &db,
        "2026-11-26T00:00:00Z",
        &["--alert-on", "new", "--alert-format", "jsonl"],
    );
    assert_eq!(r.code, 2, "the escalation to critical alerts: {}", r.stderr);
    // The alert sink gets only what is new or worse.
    let alerted: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("jsonl");
            format!(
                "{}/{}",
                v["device"].as_str().unwrap_or(""),
                v["rule_id"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        alerted.contains(&"dc3-n9k-leaf-11/deadline.next_ack".to_string()),
        "{alerted:?}"
    );
    assert!(
        alerted.contains(&"dc3-n9k-spine-01/collection.unreachable".to_string()),
        "{alerted:?}"
    );
    assert!(
        !alerted.iter().any(|a| a.starts_with("lab-n3k-tor-02/")),
        "{alerted:?}"
    );
    assert!(alerted.len() < 10, "{alerted:?}");
    // With alert lines on stdout, the changes block goes to stderr.
    let out = &r.stderr;
    assert!(
        out.starts_with("Changed since last run (run 1, 2026-11-23 00:00 UTC):"),
        "{out}"
    );
    assert!(
        !out.contains("DEVICE"),
        "--alert-on new prints only the changes: {out}"
    );
    assert!(out.contains("disappeared   dc1-n9k-spine-01"), "{out}");
    assert!(out.contains("not audited   dc3-n9k-spine-01"), "{out}");
    assert!(out.contains("collection.unreachable"), "{out}");
    assert!(
        out.contains("warning -> critical  dc3-n9k-leaf-11          deadline.next_ack"),
        "{out}"
    );
    // Unchanged findings of night 1 are not alerted again.
    assert!(!out.contains("compliance.eval_expired"), "{out}");
    assert!(!out.contains("transport.http_not_https"), "{out}");

    // The same night again: nothing changed, so nothing printed and exit 0 (cron mails nothing).
    let r = night(
        &fleet,
        &db,
        "2026-11-26T00:00:00Z",
        &["--alert-on", "new", "--alert-format", "nagios"],
    );
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));

    // Night 3: both spines are back, dc2-n9k-leaf-03's call-home now uses HTTPS, and
    // hq-c9500-core-02's evaluation end (2027-01-23) comes within --warn-days.
    copy_dir(
        &repo().join("samples/fleet/dc1-n9k-spine-01"),
        &fleet.join("dc1-n9k-spine-01"),
    );
    fs::remove_dir_all(&spine3).expect("remove");
    copy_dir(&spine3_saved, &spine3);
    for file in ["show_running-config_callhome.txt", "show_callhome.txt"] {
        let path = fleet.join("dc2-n9k-leaf-03").join(file);
        let text = fs::read_to_string(&path).expect("read");
        fs::write(
            &path,
            text.replace("http://tools.cisco.com", "https://tools.cisco.com"),
        )
        .expect("write");
    }
    let n3 = dir.join("n3.json");
    let r = night(
        &fleet,
        &db,
        "2026-12-25T00:00:00Z",
        &["--json", n3.to_str().unwrap_or_default()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stdout.contains("DEVICE"),
        "the full table with --alert-on all"
    );
    assert!(
        r.stdout
            .contains("\nChanged since last run (run 3, 2026-11-26 00:00 UTC):"),
        "{}",
        r.stdout
    );
    let changes = &json(&n3)["changes"];
    assert_eq!(changes["since"]["id"], 3);
    assert!(ids(&changes["resolved_findings"])
        .contains(&"dc2-n9k-leaf-03/transport.http_not_https".to_string()));
    let devices: Vec<String> = changes["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["device"].as_str().unwrap_or(""),
                d["change"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        devices.contains(&"dc1-n9k-spine-01 appeared".to_string()),
        "{devices:?}"
    );
    assert!(
        devices.contains(&"dc3-n9k-spine-01 audited_again".to_string()),
        "{devices:?}"
    );
    let crossing = changes["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|c| c["device"] == "hq-c9500-core-02" && c["rule_id"] == "deadline.evaluation")
        .expect("hq eval crossing");
    assert_eq!(
        (crossing["was_band"].as_str(), crossing["band"].as_str()),
        (Some("ok"), Some("warning"))
    );

    // history --runs lists the four runs.
    let r = fleetlic(&["history", "--history", db_arg, "--runs"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{}", r.stdout);
    assert!(
        rows[0]
            .trim_start()
            .starts_with("1    2026-11-23 00:00 UTC"),
        "{}",
        r.stdout
    );
    assert!(
        rows[3].contains("2026-12-25 00:00 UTC") && rows[3].contains(" 42 "),
        "{}",
        r.stdout
    );

    // history --device: the spine absent on night 2.
    let r = fleetlic(&[
        "history",
        "--history",
        db_arg,
        "--device",
        "dc1-n9k-spine-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let states: Vec<&str> = r
        .stdout
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().nth(4).unwrap_or(""))
        .collect();
    assert_eq!(states, vec!["ok", "absent", "absent", "ok"], "{}", r.stdout);
    let r = fleetlic(&["history", "--history", db_arg, "--device", "no-such-device"]);
    assert_eq!(r.code, 3);

    // diff 1 4: the spine was in both runs, so it is not a device change; the fix is resolved.
    let r = fleetlic(&["diff", "--history", db_arg, "1", "4"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "Changes from run 1 (2026-11-23 00:00 UTC) to run 4 (2026-12-25 00:00 UTC):"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("appeared"), "{}", r.stdout);
    assert!(r.stdout.contains("Resolved"), "{}", r.stdout);
    assert!(
        r.stdout.contains("transport.http_not_https"),
        "{}",
        r.stdout
    );
    let r = fleetlic(&["diff", "--history", db_arg, "1", "9"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("no run 9"), "{}", r.stderr);
}

#[test]
fn alert_on_new_without_history_is_a_usage_error() {
    let r = fleetlic(&[
        "audit",
        "--replay",
        "samples/fleet",
        "--now",
        "2026-11-23T00:00:00Z",
        "--alert-on",
        "new",
    ]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("--alert-on new needs --history FILE"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_corrupt_history_file_makes_the_run_unknown_but_the_reports_are_written() {
    let dir = scratch("history-corrupt");
    let db = dir.join("history.db");
    fs::write(&db, "not a database\n".repeat(100)).expect("write");
    let report = dir.join("findings.csv");
    // A fleet subset without critical findings, so unknown is the worst state.
    let fleet = dir.join("fleet");
    copy_dir(
        &repo().join("samples/fleet/pe-asr9k-mad-01"),
        &fleet.join("pe-asr9k-mad-01"),
    );
    let r = fleetlic(&[
        "audit",
        "--quiet",
        "--replay",
        fleet.to_str().unwrap_or_default(),
        "--now",
        "2026-11-23T00:00:00Z",
        "--history",
        db.to_str().unwrap_or_default(),
        "--csv",
        report.to_str().unwrap_or_default(),
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("history.db"), "{}", r.stderr);
    assert!(report.exists(), "the findings CSV is still written");
    let r = fleetlic(&[
        "history",
        "--history",
        db.to_str().unwrap_or_default(),
        "--runs",
    ]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("history.db"), "{}", r.stderr);
}

#[test]
fn a_serial_changed_since_the_previous_night_is_an_identity_mismatch_in_the_next_run() {
    let dir = scratch("history-serial");
    let fleet = dir.join("fleet");
    let device = "hq-c9300-acc-01";
    copy_dir(
        &repo().join("samples/fleet").join(device),
        &fleet.join(device),
    );
    let db = dir.join("h.db");
    let csv = dir.join("devices.csv");
    let csv_arg = ["--quiet", "--csv-devices", csv.to_str().unwrap_or_default()];
    let first = night(&fleet, &db, "2026-11-23T00:00:00Z", &csv_arg);
    assert!(
        !fs::read_to_string(&csv)
            .expect("csv")
            .contains("identity_mismatch"),
        "{}",
        first.stderr
    );
    let version = fleet.join(device).join("show_version.txt");
    let text = fs::read_to_string(&version).expect("show version");
    assert!(text.contains("FOC2318Y0K3"));
    fs::write(&version, text.replace("FOC2318Y0K3", "FOC9999Z9ZZ")).expect("write");
    let findings = dir.join("findings.csv");
    let second = night(
        &fleet,
        &db,
        "2026-11-24T00:00:00Z",
        &["--quiet", "--csv", findings.to_str().unwrap_or_default()],
    );
    let text = fs::read_to_string(&findings).expect("findings");
    let line = text
        .lines()
        .find(|l| l.contains("collection.identity_mismatch"))
        .unwrap_or_else(|| panic!("no identity finding: {text}\n{}", second.stderr));
    assert!(
        line.contains("chassis serial FOC9999Z9ZZ differs from FOC2318Y0K3"),
        "{line}"
    );
}
