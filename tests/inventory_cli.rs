//! One bad inventory entry does not lose the night: a device whose credentials cannot be read
//! is reported `collection.config_error` with the inventory's `file:line`, the rest of the
//! fleet is audited; `--strict-inventory` stops the run before any device is contacted.

use std::fs;
use std::path::{Path, PathBuf};

use fleetlic_sim::Fault;

use crate::sim_fleet::{fleetlic, healthy, rows_by_device, Served};
use crate::util::scratch;

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The fleet's inventory (accept-new against `known_hosts`) plus a device `no-key` whose key
/// file does not exist; returns the inventory and the line of that `key_file`.
fn inventory_with_missing_key(served: &Served, dir: &Path, known_hosts: &str) -> (PathBuf, usize) {
    let inv = served.inventory(dir, known_hosts, "accept-new", "");
    let mut text = fs::read_to_string(&inv).expect("inventory");
    text.push_str(
        "\n[[device]]\nname = \"no-key\"\nhost = \"127.0.0.1\"\nport = 9\nplatform = \"iosxe\"\nkey_file = \"keys/none\"\n",
    );
    fs::write(&inv, &text).expect("inventory");
    let line = text
        .lines()
        .position(|l| l.starts_with("key_file"))
        .expect("key_file line")
        + 1;
    (inv, line)
}

#[test]
fn a_device_with_a_missing_key_file_is_a_config_error_and_the_rest_is_audited() {
    let dir = scratch("inv-missing-key");
    let served = Served::start(vec![
        healthy("xe1"),
        healthy("xe2").with_fault(Fault::WrongHostKey),
    ]);
    let (inv, line) = inventory_with_missing_key(&served, &dir, &served.fleet().known_hosts());
    let (devices, findings) = (dir.join("devices.csv"), dir.join("findings.csv"));
    let raw = dir.join("raw");
    let run = fleetlic(&[
        "audit",
        "--inventory",
        path(&inv),
        "--csv-devices",
        path(&devices),
        "--csv",
        path(&findings),
        "--save-raw",
        path(&raw),
    ]);
    // The other devices were audited: xe2's changed host key is critical, which outranks the
    // config error's unknown.
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let rows = rows_by_device(&devices);
    assert_eq!(rows["xe1"]["collection_status"], "ok");
    assert_eq!(rows["no-key"]["collection_status"], "config_error");
    let at = format!("{}:{line}:", inv.display());
    assert!(
        rows["no-key"]["error"].starts_with(&at),
        "{:?}",
        rows["no-key"]
    );
    assert!(rows["no-key"]["error"].contains("no such file"));
    let finding = fs::read_to_string(&findings).expect("findings");
    assert!(
        finding.lines().any(|l| l.starts_with("no-key,")
            && l.contains("collection.config_error,unknown")
            && l.contains(&at)),
        "{finding}"
    );
    let why = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("no-key "))
        .unwrap_or_else(|| panic!("no terminal line:\n{}", run.stdout));
    assert!(why.contains(&at), "{why}");
    let saved = fs::read_to_string(raw.join("no-key/device.toml")).expect("saved record");
    assert!(saved.contains("status = \"config_error\""), "{saved}");
}

#[test]
fn strict_inventory_stops_on_a_missing_key_file_before_any_device_is_contacted() {
    let dir = scratch("inv-strict");
    let served = Served::start(vec![healthy("xe1")]);
    let (inv, line) = inventory_with_missing_key(&served, &dir, "");
    let devices = dir.join("devices.csv");
    let run = fleetlic(&[
        "audit",
        "--strict-inventory",
        "--inventory",
        path(&inv),
        "--csv-devices",
        path(&devices),
    ]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("{}:{line}:", inv.display())),
        "{}",
        run.stderr
    );
    assert!(!devices.exists(), "no report");
    assert_eq!(
        fs::read_to_string(dir.join("known_hosts")).expect("known_hosts"),
        "",
        "no device contacted"
    );
}

#[test]
fn unset_and_empty_password_variables_an_unreadable_password_file_and_an_open_key_are_config_errors(
) {
    let dir = scratch("inv-creds");
    let served = Served::start(vec![healthy("xe1")]);
    let inv = served.inventory(&dir, "", "accept-new", "");
    let open_key = dir.join("open_key");
    fs::write(&open_key, "-----BEGIN OPENSSH PRIVATE KEY-----\n").expect("key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&open_key, fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let mut text = fs::read_to_string(&inv).expect("inventory");
    for (name, source) in [
        (
            "unset-var",
            "password_env = \"FLEETLIC_TEST_UNSET_VARIABLE\"",
        ),
        ("empty-var", "password_env = \"FLEETLIC_TEST_EMPTY\""),
        ("no-pw-file", "password_file = \"no/such/password\""),
        ("open-key", "key_file = \"open_key\""),
    ] {
        text.push_str(&format!(
            "\n[[device]]\nname = \"{name}\"\nhost = \"127.0.0.1\"\nport = 9\n{source}\n"
        ));
    }
    fs::write(&inv, &text).expect("inventory");
    let devices = dir.join("devices.csv");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args([
            "audit",
            "--inventory",
            path(&inv),
            "--csv-devices",
            path(&devices),
        ])
        .env(fleetlic_sim::PASSWORD_ENV, fleetlic_sim::DEFAULT_PASSWORD)
        .env("FLEETLIC_TEST_EMPTY", "")
        .env_remove("FLEETLIC_TEST_UNSET_VARIABLE")
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = rows_by_device(&devices);
    assert_eq!(rows["xe1"]["collection_status"], "ok");
    for (name, says) in [
        ("unset-var", "FLEETLIC_TEST_UNSET_VARIABLE is not set"),
        ("empty-var", "FLEETLIC_TEST_EMPTY is not set (or empty)"),
        ("no-pw-file", "cannot read"),
        ("open-key", "accessible by other users (mode 0644)"),
    ] {
        let row = &rows[name];
        assert_eq!(row["collection_status"], "config_error", "{name}");
        assert!(row["error"].contains(says), "{name}: {}", row["error"]);
        assert!(
            row["error"].starts_with(&format!("{}:", inv.display())),
            "{name}"
        );
    }
}
