//! Host keys as a user meets them through the binary: accept-new refuses a key of another
//! type than the one recorded, a revoked key is named revoked, accept-new says how many keys
//! it recorded, and a device not audited is explained in one line of the terminal report.

use std::fs;

use crate::sim_fleet::{fleetlic, healthy, rows_by_device, Served};
use crate::util::scratch;

/// A 2048-bit RSA public key (making one in a debug build takes seconds).
const RSA_PUBLIC: &str = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC4Zonp8ZAr0TtyodW4NFrvixFoiE2AHom7mB2+qzkdhqbG0fBSjVzK7L0jdHx2xYrNunILj70MnUefSF/dq5n95kSrUKepl5CkPWpQTsqmbDzz6cCIoXO9Bic2Wcdznnh7X8uD7oioWbWjdjgSozpM2RmJzg3vKsrlOSb8FX194QdZOLwRghG8i/HEuMVsPjz//Mf16a7/nZ9dlgsvB2BhAvA0RtJM/Hi52vLURHXqVe7DrFuImXb1XUxWvW85m+iKND8RE+rQSmUJW+DPXFb42j2nokI/ZeIFNzI665ZU85uo3sjD2jaIcvfccCnGOnKnNJ53BK9/l5zAumtGE4QZ";

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn accept_new_refuses_an_ed25519_key_where_an_rsa_key_is_recorded() {
    let dir = scratch("hk-other-type");
    let served = Served::start(vec![healthy("xe1")]);
    let port = served.port("xe1");
    let recorded = format!("[127.0.0.1]:{port} ssh-rsa {RSA_PUBLIC}\n");
    let inv = served.inventory(&dir, &recorded, "accept-new", "");
    let devices = dir.join("devices.csv");
    let run = fleetlic(&[
        "audit",
        "--inventory",
        path(&inv),
        "--csv-devices",
        path(&devices),
    ]);
    assert_eq!(run.code, 2, "critical: {}\n{}", run.stdout, run.stderr);
    let rows = rows_by_device(&devices);
    assert_eq!(rows["xe1"]["collection_status"], "host_key_mismatch");
    assert!(
        rows["xe1"]["error"].contains("HOST KEY MISMATCH"),
        "{:?}",
        rows["xe1"]
    );
    assert_eq!(
        fs::read_to_string(dir.join("known_hosts")).expect("known_hosts"),
        recorded,
        "nothing appended"
    );
    assert!(
        run.stdout.contains("collection.host_key_mismatch"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_revoked_host_key_is_reported_revoked() {
    let dir = scratch("hk-revoked");
    let served = Served::start(vec![healthy("xe1")]);
    let line = served
        .fleet()
        .device("xe1")
        .expect("xe1")
        .known_hosts_lines()[0]
        .clone();
    let inv = served.inventory(&dir, &format!("{line}\n@revoked {line}\n"), "strict", "");
    let devices = dir.join("devices.csv");
    let run = fleetlic(&[
        "audit",
        "--inventory",
        path(&inv),
        "--csv-devices",
        path(&devices),
    ]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let error = &rows_by_device(&devices)["xe1"]["error"];
    assert!(error.contains("REVOKED") && error.contains(":2"), "{error}");
    assert!(!error.contains("records another key"), "{error}");
}

#[test]
fn accept_new_says_how_many_host_keys_it_recorded() {
    let dir = scratch("hk-recorded");
    let served = Served::start(vec![healthy("xe1"), healthy("xe2")]);
    let inv = served.inventory(&dir, "", "accept-new", "");
    let run = fleetlic(&["audit", "--inventory", path(&inv)]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("accept-new recorded 2 new host key(s)"),
        "{}",
        run.stderr
    );
    let kh = fs::read_to_string(dir.join("known_hosts")).expect("known_hosts");
    assert_eq!(kh.lines().count(), 2, "{kh}");
}

#[test]
fn the_terminal_explains_an_unknown_host_key_with_its_fingerprint_and_the_ssh_keyscan_fix() {
    let dir = scratch("hk-why");
    let served = Served::start(vec![healthy("xe1"), healthy("br42-c9300-acc-01")]);
    let port = served.port("br42-c9300-acc-01");
    let known = served
        .fleet()
        .device("xe1")
        .expect("xe1")
        .known_hosts_lines()[0]
        .clone();
    let inv = served.inventory(&dir, &format!("{known}\n"), "strict", "");
    let run = fleetlic(&["audit", "--inventory", path(&inv)]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("br42-c9300-acc-01  "))
        .unwrap_or_else(|| panic!("no line for the device:\n{}", run.stdout));
    assert!(line.contains("host key not known (SHA256:"), "{line}");
    let keyscan = format!(
        "run ssh-keyscan -p {port} 127.0.0.1 >> {}, or host_key_check = \"accept-new\"",
        dir.join("known_hosts").display()
    );
    assert!(line.contains(&keyscan), "{line}");
}

#[test]
fn verbose_log_lines_about_a_device_carry_its_name_host_and_port() {
    let dir = scratch("hk-log");
    let served = Served::start(vec![healthy("xe1")]);
    let port = served.port("xe1");
    let inv = served.inventory(&dir, "", "strict", "");
    let run = fleetlic(&["-v", "audit", "--quiet", "--inventory", path(&inv)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("not collected"))
        .unwrap_or_else(|| panic!("no log line:\n{}", run.stderr));
    for part in ["device=xe1", "host=127.0.0.1", &format!("port={port}")] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
}
