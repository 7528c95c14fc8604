//! `fleetlic audit --entitlements`: the replay fleet reconciled with
//! `samples/fleet/entitlements.csv` — the licenses CSV read back with the csv crate, the
//! `license.*` findings in the findings CSV, the JSON `licenses` section, the terminal block,
//! and a bad entitlements file as a usage error (exit 3, `file:line: column: problem`).

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;

use fleetlic_core::report::csv::LICENSE_COLUMNS;

use crate::util::{audit_fleet, fleetlic, scratch};

use crate::util::FLEET_NOW as NOW;
const ENTITLEMENTS: &str = "samples/fleet/entitlements.csv";

/// One licenses CSV row, by column name.
type Row = BTreeMap<String, String>;

fn licenses_csv(text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, LICENSE_COLUMNS);
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn find<'a>(rows: &'a [Row], sa: &str, va: &str, license: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["smart_account"] == sa && r["virtual_account"] == va && r["license"] == license)
        .unwrap_or_else(|| panic!("no row {sa}/{va}/{license}: {rows:#?}"))
}

/// `(owned, in_use, balance, status)` of a row.
fn numbers(r: &Row) -> (&str, &str, &str, &str) {
    (&r["owned"], &r["in_use"], &r["balance"], &r["status"])
}

#[test]
fn fleet_reconciliation_reports_shortfall_surplus_expiry_and_wrong_account() {
    let dir = scratch("reconcile-fleet");
    let (lic, findings, json) = (
        dir.join("licenses.csv"),
        dir.join("findings.csv"),
        dir.join("report.json"),
    );
    let run = fleetlic(&[
        "audit",
        "--replay",
        "samples/fleet",
        "--now",
        NOW,
        "--entitlements",
        ENTITLEMENTS,
        "--csv-licenses",
        lic.to_str().unwrap_or_default(),
        "--csv",
        findings.to_str().unwrap_or_default(),
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let rows = licenses_csv(&fs::read_to_string(&lic).expect("licenses csv"));
    let ex = "Example Networks BV";

    // Shortfall, matched by tag: 9 Nexus devices use Network Services, 7 owned.
    let ns = find(&rows, ex, "DC-Fabric", "Network Services for Nexus 9300");
    assert_eq!(numbers(ns), ("7", "9", "-2", "shortfall"));
    assert_eq!(ns["entitlement_tag"], "NETWORK_SERVICES_PKG");
    // ... counting SLP devices through the inventory's virtual_account.
    assert!(ns["devices"].split(' ').any(|d| d == "dc3-n9k-spine-01"));
    // Shortfall, matched by name (XR pool Core-PE: 2 devices x requested count 2).
    let vid = find(&rows, ex, "Core-PE", "A9K-2X100-VID-LIC");
    assert_eq!(numbers(vid), ("3", "4", "-1", "shortfall"));
    assert_eq!(vid["devices"], "pe-asr9k-ams-01 pe-asr9k-fra-01");
    // Surplus (money on the table), with the account's own In Use count alongside.
    let lan = find(
        &rows,
        ex,
        "DC-Fabric",
        "LAN Enterprise Services for Nexus 9300",
    );
    assert_eq!(numbers(lan), ("12", "10", "2", "surplus"));
    assert_eq!(lan["account_in_use"], "11");
    let ess = find(&rows, "Acme Corp", "Branches", "C9300 48P DNA Essentials");
    assert_eq!(numbers(ess), ("2", "0", "2", "unused"));
    // Expiring term licenses: by name (a truncated one included) and by tag.
    let dna = find(&rows, ex, "Campus", "C9300 48P DNA Advantage");
    assert_eq!(numbers(dna), ("5", "5", "0", "expiring"));
    assert_eq!(
        (dna["expires"].as_str(), dna["days_left"].as_str()),
        ("2026-12-15T00:00:00Z", "22")
    );
    let na = find(&rows, ex, "Campus", "C9300 48P Network Advantage");
    assert!(na["devices"].contains("br40-c9300-acc-01"), "{na:?}");
    let edge = find(&rows, ex, "Edge-PE", "A9K-2X100-VID-LIC");
    assert_eq!(numbers(edge), ("4", "4", "0", "expiring"));
    assert_eq!(edge["days_left"], "5");
    // The device registered to Acme Labs (inventory expects Acme Corp) counts there.
    let labs = find(&rows, "Acme Labs", "Branches", "network-advantage");
    assert_eq!(numbers(labs), ("0", "1", "-1", "not_owned"));
    assert_eq!(labs["devices"], "br21-c9300-acc-01");
    assert_eq!(
        numbers(find(
            &rows,
            "Acme Corp",
            "Branches",
            "C9300 48P Network Advantage"
        )),
        ("1", "1", "0", "ok")
    );

    let text = fs::read_to_string(&findings).expect("findings csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let got: Vec<(String, String, String, String)> = reader
        .records()
        .map(|r| r.expect("row"))
        .filter(|r| r[3].starts_with("license."))
        .map(|r| (r[0].into(), r[3].into(), r[4].into(), r[7].into()))
        .collect();
    let has = |device: &str, rule: &str, severity: &str, days: &str| {
        got.contains(&(device.into(), rule.into(), severity.into(), days.into()))
    };
    assert!(
        has(
            "account:Example Networks BV/DC-Fabric",
            "license.shortfall",
            "critical",
            ""
        ),
        "{got:#?}"
    );
    assert!(has(
        "account:Example Networks BV/Core-PE",
        "license.shortfall",
        "critical",
        ""
    ));
    assert!(has(
        "account:Example Networks BV/Edge-PE",
        "license.term_expiring",
        "critical",
        "5"
    ));
    assert!(has(
        "account:Example Networks BV/Campus",
        "license.term_expiring",
        "warning",
        "22"
    ));
    assert!(has(
        "account:Acme Labs/Branches",
        "license.not_owned",
        "warning",
        ""
    ));
    assert!(has("account:unknown", "license.not_owned", "warning", ""));
    assert!(has(
        "account:Acme Corp/Branches",
        "license.unused",
        "info",
        ""
    ));
    // The device rule for the wrong account is still there.
    assert!(text.lines().any(
        |l| l.starts_with("br21-c9300-acc-01,") && l.contains(",compliance.account_mismatch,")
    ));

    let doc: Value =
        serde_json::from_str(&fs::read_to_string(&json).expect("json")).expect("parse");
    assert_eq!(doc["schema_version"], 1);
    let licenses = &doc["licenses"];
    assert_eq!(licenses["entitlements_file"], ENTITLEMENTS);
    assert_eq!(licenses["rows"].as_array().map(Vec::len), Some(rows.len()));
    assert_eq!(
        licenses["findings"].as_array().map(Vec::len),
        Some(got.len())
    );
    assert!(licenses["devices_not_counted"]
        .as_array()
        .is_some_and(|a| a.iter().any(|d| d == "br30-isr4321")));

    assert!(
        run.stdout.contains("Licenses vs samples/fleet/entitlements.csv: 17 license(s) in 7 virtual account(s): 2 short, 6 not owned, 2 expiring, 2 surplus, 1 unused, 4 ok"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_entitlements_there_is_no_licenses_section() {
    let dir = scratch("reconcile-none");
    let json = dir.join("report.json");
    let run = audit_fleet(&["--json", json.to_str().unwrap_or_default()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc: Value =
        serde_json::from_str(&fs::read_to_string(&json).expect("json")).expect("parse");
    assert!(doc.get("licenses").is_none());
    let run = fleetlic(&["audit", "--replay", "samples/fleet", "--csv-licenses", "-"]);
    assert_eq!(run.code, 3, "--csv-licenses needs --entitlements");
    assert!(run.stderr.contains("--entitlements"), "{}", run.stderr);
}

#[test]
fn licenses_csv_on_stdout_moves_the_terminal_report_to_stderr() {
    let run = fleetlic(&[
        "audit",
        "--replay",
        "samples/fleet",
        "--now",
        NOW,
        "--entitlements",
        ENTITLEMENTS,
        "--csv-licenses",
        "-",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(licenses_csv(&run.stdout).len(), 17);
    assert!(run.stderr.contains("Licenses vs "), "{}", run.stderr);
    let two = fleetlic(&[
        "audit",
        "--replay",
        "samples/fleet",
        "--entitlements",
        ENTITLEMENTS,
        "--csv-licenses",
        "-",
        "--csv",
        "-",
    ]);
    assert_eq!(two.code, 3);
    assert!(two.stderr.contains("at most one of"), "{}", two.stderr);
}

#[test]
fn bad_entitlements_file_exits_3_naming_file_line_and_column() {
    let dir = scratch("reconcile-bad");
    let bad = dir.join("ent.csv");
    fs::write(
        &bad,
        "License;Virtual Account;Purchased;Expiration Date\r\nLAN;DC;12;2027-01-31\r\nNS;DC;lots;Jan 31 2027\r\nX;;1;soon\r\n",
    )
    .expect("write");
    let run = audit_fleet(&["--entitlements", bad.to_str().unwrap_or_default()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let path = bad.display().to_string();
    let want = [
        format!("{path}:3: Purchased: \"lots\" is not a whole number of licenses"),
        format!("{path}:4: Virtual Account: empty: every row needs its Virtual Account"),
    ];
    for line in want {
        assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
    }
    assert!(run.stderr.contains(&format!(
        "{path}:4: Expiration Date: \"soon\" is not a date"
    )));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let missing = fleetlic(&[
        "audit",
        "--quiet",
        "--replay",
        "samples/fleet",
        "--entitlements",
        "no/such/file.csv",
    ]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("no/such/file.csv:1: cannot read"),
        "{}",
        missing.stderr
    );
}
