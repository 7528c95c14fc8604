//! The replay fleet `samples/fleet/` audited at a fixed clock gives exactly the expected
//! findings and device rows (`samples/fleet/expected-findings.csv`,
//! `samples/fleet/expected-devices.csv`), reconciled with `samples/fleet/entitlements.csv`;
//! every rule is raised by some device (or, for `license.*`, some account) and not by all.
//! `UPDATE_GOLDEN=1 cargo test --test main fleet` rewrites the goldens; review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::util::{fleetlic, repo, scratch};

/// The audit clock of the fleet goldens.
const NOW: &str = "2026-11-23T00:00:00Z";

/// Audits the fleet at [`NOW`] with `extra` flags: exit code, findings CSV, devices CSV.
fn audit_fleet(name: &str, extra: &[&str]) -> (i32, String, String) {
    let out = scratch(name);
    let findings = out.join("findings.csv");
    let devices = out.join("devices.csv");
    let mut args = vec![
        "audit",
        "--quiet",
        "--replay",
        "samples/fleet",
        "--now",
        NOW,
        "--entitlements",
        "samples/fleet/entitlements.csv",
        "--csv",
        findings.to_str().unwrap_or_default(),
        "--csv-devices",
        devices.to_str().unwrap_or_default(),
    ];
    args.extend_from_slice(extra);
    let run = fleetlic(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (
        run.code,
        fs::read_to_string(findings).expect("findings csv"),
        fs::read_to_string(devices).expect("devices csv"),
    )
}

#[test]
fn fleet_replay_matches_the_expected_reports() {
    let (code, findings, devices) = audit_fleet("fleet-golden", &[]);
    assert_eq!(code, 2, "the demo fleet has critical findings");
    let golden = repo().join("samples/fleet");
    for (name, got) in [
        ("expected-findings.csv", &findings),
        ("expected-devices.csv", &devices),
    ] {
        let path = golden.join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            fs::write(&path, got).expect("write golden");
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            want == *got,
            "{name} differs (UPDATE_GOLDEN=1 to rewrite, then review)\n--- expected\n{want}\n--- got\n{got}"
        );
    }
}

#[test]
fn every_rule_is_raised_by_some_device_and_not_by_all() {
    // A record cap low enough that the devices printing the most records raise
    // `collection.too_many_records` (the default 5000 is far above any real device).
    let (_, capped, _) = audit_fleet("fleet-coverage-capped", &["--max-records", "5"]);
    let (_, findings, _) = audit_fleet("fleet-coverage", &[]);
    let mut by_rule: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (csv_text, only) in [
        (&findings, None),
        (&capped, Some("collection.too_many_records")),
    ] {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        for row in reader.records() {
            let row = row.expect("csv row");
            if only.is_some_and(|id| id != &row[3]) {
                continue;
            }
            by_rule
                .entry(row[3].to_string())
                .or_default()
                .insert(row[0].to_string());
        }
    }
    let devices = fs::read_dir(repo().join("samples/fleet"))
        .expect("fleet dir")
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    let rules = fleetlic(&["rules"]).stdout;
    let ids: Vec<&str> = rules
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert!(ids.len() > 30, "rule table: {rules}");
    let never: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !by_rule.contains_key(*id))
        .collect();
    assert!(never.is_empty(), "rules no fleet device raises: {never:?}");
    let always: Vec<&String> = by_rule
        .iter()
        .filter(|(_, d)| d.len() == devices)
        .map(|(id, _)| id)
        .collect();
    assert!(always.is_empty(), "rules every device raises: {always:?}");
}

#[test]
fn readme_rule_table_is_the_rules_command_output() {
    let table = fleetlic(&["rules"]).stdout;
    let readme = fs::read_to_string(repo().join("README.md")).expect("README");
    assert!(
        readme.contains(&table),
        "README rule table is stale: paste `fleetlic rules` output"
    );
}

#[test]
fn nxos_traditional_replay_device_is_mode_traditional_with_its_grace_deadline() {
    let (_, findings, devices) = audit_fleet("fleet-traditional", &[]);
    let mut reader = csv::Reader::from_reader(devices.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let row = reader
        .records()
        .flatten()
        .find(|r| &r[0] == "dc8-n7k-core-01")
        .expect("dc8-n7k-core-01 row");
    assert_eq!(&row[col("mode")], "traditional");
    assert_eq!(&row[col("next_deadline_kind")], "grace_period");
    assert_eq!(&row[col("days_left")], "19");
    assert_eq!(&row[col("worst_severity")], "warning");
    let raised: BTreeSet<&str> = findings
        .lines()
        .filter(|l| l.starts_with("dc8-n7k-core-01,"))
        .filter_map(|l| l.split(',').nth(3))
        .collect();
    assert_eq!(
        raised,
        BTreeSet::from(["deadline.grace_period", "deadline.license_file_expiry"])
    );
}
