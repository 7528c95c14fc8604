//! End to end over real SSH: `fleetlic demo` serves `samples/fleet` with the simulator on
//! loopback and collects it with the russh client, in shell and exec modes. The audit of the
//! live collection equals the `--replay` of its own `--save-raw` directory; every simulator
//! fault yields its finding while the other devices are audited; and the licensing findings of
//! healthy devices equal those of the replay fleet's expected report.

use std::collections::BTreeSet;
use std::fs;

use crate::util::{fleetlic, repo, scratch};

/// The demo's audit clock (`cli::DEMO_NOW`).
const DEMO_NOW: &str = "2026-11-23T00:00:00Z";

/// `(device, rule_id, severity, message)` rows of a findings CSV.
fn rows(csv_text: &str) -> Vec<[String; 4]> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            [
                r[0].to_string(),
                r[3].to_string(),
                r[4].to_string(),
                r[5].to_string(),
            ]
        })
        .collect()
}

/// Runs the demo over SSH in `mode`, saving raw outputs; returns (exit, findings CSV, devices
/// CSV, save-raw dir).
fn demo(mode: &str) -> (i32, String, String, std::path::PathBuf) {
    let dir = scratch(&format!("e2e-{mode}"));
    let raw = dir.join("raw");
    let findings = dir.join("findings.csv");
    let devices = dir.join("devices.csv");
    let run = fleetlic(&[
        "demo",
        "--mode",
        mode,
        "--save-raw",
        raw.to_str().unwrap_or_default(),
        "--csv",
        findings.to_str().unwrap_or_default(),
        "--csv-devices",
        devices.to_str().unwrap_or_default(),
    ]);
    assert!(
        run.stderr.contains("collected 42 device(s)"),
        "{}",
        run.stderr
    );
    (
        run.code,
        fs::read_to_string(findings).expect("findings"),
        fs::read_to_string(devices).expect("devices"),
        raw,
    )
}

fn live_equals_replay_of_its_saved_outputs(mode: &str) {
    let (code, findings, devices, raw) = demo(mode);
    assert_eq!(code, 2, "the demo fleet has critical findings");
    let out = raw.parent().map(|p| p.join("replay")).unwrap_or_default();
    fs::create_dir_all(&out).expect("dir");
    let (f2, d2) = (out.join("findings.csv"), out.join("devices.csv"));
    let replay = fleetlic(&[
        "audit",
        "--quiet",
        "--replay",
        raw.to_str().unwrap_or_default(),
        "--now",
        DEMO_NOW,
        // The demo reconciles with the fleet's entitlements by default.
        "--entitlements",
        "samples/fleet/entitlements.csv",
        "--csv",
        f2.to_str().unwrap_or_default(),
        "--csv-devices",
        d2.to_str().unwrap_or_default(),
    ]);
    assert_eq!(replay.code, code, "{}", replay.stderr);
    assert_eq!(fs::read_to_string(f2).expect("replayed findings"), findings);
    assert_eq!(fs::read_to_string(d2).expect("replayed devices"), devices);
}

#[test]
fn shell_mode_live_audit_equals_replay_of_its_saved_outputs() {
    live_equals_replay_of_its_saved_outputs("shell");
}

#[test]
fn exec_mode_live_audit_equals_replay_of_its_saved_outputs() {
    live_equals_replay_of_its_saved_outputs("exec");
}

#[test]
fn every_fault_yields_its_finding_and_the_rest_is_audited() {
    let (_, findings, _, raw) = demo("shell");
    let got = rows(&findings);
    let has = |device: &str, rule: &str, severity: &str| {
        got.iter()
            .any(|r| r[0] == device && r[1] == rule && r[2] == severity)
    };
    assert!(
        has("br30-isr4321", "collection.unreachable", "unknown"),
        "refuse"
    );
    assert!(
        has("dc5-n9k-leaf-09", "collection.auth_failed", "unknown"),
        "auth_fail"
    );
    assert!(
        has(
            "dc7-n9k-leaf-01",
            "collection.host_key_mismatch",
            "critical"
        ),
        "wrong_host_key"
    );
    assert!(has("br41-isr4321", "collection.timeout", "unknown"), "hang");
    assert!(
        has("br43-c9300-acc-02", "collection.failed", "unknown"),
        "drop_mid_output"
    );
    assert!(
        has(
            "dc5-n9k-leaf-10",
            "collection.output_unparseable",
            "unknown"
        ),
        "garbage"
    );
    assert!(
        has(
            "br44-c9300-acc-03",
            "collection.output_too_large",
            "unknown"
        ),
        "flood"
    );
    let disconnected = got
        .iter()
        .find(|r| r[0] == "br43-c9300-acc-02" && r[1] == "collection.failed")
        .map(|r| r[3].clone())
        .unwrap_or_default();
    assert!(
        disconnected.contains("closed the connection"),
        "{disconnected}"
    );
    // A slow banner is waited for; the device is audited normally.
    assert!(
        !got.iter().any(|r| r[0] == "pe-asr9k-ber-01"
            && r[2] == "unknown"
            && r[1] != "collection.no_licensing_data"),
        "slow_banner device was not collected: {got:?}"
    );
    // Healthy devices were fully audited alongside the faulty ones.
    for healthy in [
        "dc1-n9k-spine-01",
        "hq-c9300-acc-01",
        "pe-asr9k-ams-01",
        "dc3-n9k-spine-01",
    ] {
        let bad: Vec<_> = got
            .iter()
            .filter(|r| r[0] == healthy && r[2] != "info")
            .collect();
        assert!(bad.is_empty(), "{healthy}: {bad:?}");
        assert!(
            raw.join(healthy).join("show_license_status.txt").exists(),
            "{healthy} outputs saved"
        );
    }
    // The wrong host key was refused before login: nothing of that device was saved.
    assert!(!raw
        .join("dc7-n9k-leaf-01")
        .join("show_license_status.txt")
        .exists());
}

#[test]
fn healthy_devices_collected_over_ssh_raise_what_their_replay_raises() {
    let (_, findings, _, _) = demo("exec");
    let live = rows(&findings);
    let replay = rows(
        &fs::read_to_string(repo().join("samples/fleet/expected-findings.csv")).expect("golden"),
    );
    // Devices the simulator serves without a fault, as the replay fleet recorded them.
    let healthy = [
        "dc1-n9k-leaf-07",
        "dc2-n9k-leaf-03",
        "lab-n9k-leaf-01",
        "dc4-n9k-leaf-02",
        "dmz-n9k-leaf-05",
        "hq-c9500-core-02",
        "br07-c9200-acc-01",
        "br12-c9300-acc-02",
        "br15-c9300-acc-01",
        "br21-c9300-acc-01",
        "pe-asr9k-fra-01",
        "pe-asr9k-par-01",
        "pe-asr9k-mad-01",
    ];
    for device in healthy {
        let licensing = |all: &[[String; 4]]| -> BTreeSet<[String; 4]> {
            all.iter()
                .filter(|r| r[0] == device && !r[1].starts_with("collection."))
                .cloned()
                .collect()
        };
        assert_eq!(licensing(&live), licensing(&replay), "{device}");
    }
}

/// Serves `device` from a one-device simulated fleet on its own runtime and collects it over
/// SSH (shell mode, strict host keys) with `credential`, or the simulator's password.
fn collect_one(
    device: fleetlic_sim::SimDevice,
    options: fleetlic_sim::SimOptions,
    credential: Option<fleetlic_core::target::Credential>,
) -> fleetlic_core::collect::Collected {
    use fleetlic_core::target::{Credential, HostKeyCheck, SessionMode, Target};
    use fleetlic_sim::Fleet;
    use std::time::Duration;

    let dir = scratch(&format!("one-{}", device.name));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let password = options.password.clone();
    let (name, platform) = (device.name.clone(), device.platform);
    let fleet = runtime
        .block_on(Fleet::start(vec![device], options))
        .expect("fleet");
    let known_hosts = dir.join("known_hosts");
    fs::write(&known_hosts, fleet.known_hosts()).expect("known_hosts");
    let target = Target {
        name: name.clone(),
        host: "127.0.0.1".into(),
        port: fleet.device(&name).map(|d| d.port()).expect("device"),
        platform: Some(platform),
        group: None,
        username: fleetlic_sim::DEFAULT_USERNAME.into(),
        credential: credential
            .unwrap_or_else(|| Credential::Password(fleetlic_core::secret::Secret::new(password))),
        enable_password: None,
        mode: SessionMode::Shell,
        connect_timeout: Duration::from_secs(5),
        command_timeout: Duration::from_secs(10),
        device_timeout: Duration::from_secs(60),
        max_output: fleetlic_core::ssh::channel::DEFAULT_MAX_OUTPUT,
        legacy_algorithms: false,
        host_key_check: HostKeyCheck::Strict,
        known_hosts: Some(known_hosts),
        jump: None,
        keys: Default::default(),
    };
    let options = fleetlic_core::live::Options::new(1);
    let mut collected = fleetlic_core::live::collect(
        vec![target],
        &options,
        std::sync::Arc::new(chrono::Utc::now),
        |c| c,
    )
    .expect("collect");
    runtime.block_on(fleet.shutdown());
    collected.remove(0)
}

/// A registered IOS-XE device.
fn xe1() -> fleetlic_sim::SimDevice {
    use fleetlic_parsers::{Command, Platform};
    fleetlic_sim::SimDevice::new("xe1", Platform::IosXe)
        .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a")
        .with_output(
            Command::LicenseStatus,
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n",
        )
}

#[test]
fn keyboard_interactive_only_device_is_collected_with_the_password() {
    use fleetlic_core::secret::Secret;
    let options = fleetlic_sim::SimOptions {
        keyboard_interactive_only: true,
        nxos_rsa_host_key: false,
        ..Default::default()
    };
    let password = options.password.clone();
    let got = collect_one(
        xe1(),
        options,
        Some(fleetlic_core::target::Credential::Password(Secret::new(
            password,
        ))),
    );
    assert_eq!(
        got.record.status,
        fleetlic_core::device::CollectionStatus::Ok,
        "{:?}",
        got.record.error
    );
    assert!(got
        .outputs
        .iter()
        .any(|(_, text)| text.contains("Status: REGISTERED")));
}

#[test]
fn key_file_auth_collects_and_an_unauthorized_key_is_refused() {
    use russh::keys::ssh_key::LineEnding;
    let mut rng = russh::keys::key::safe_rng();
    let key =
        russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).expect("key");
    let stranger =
        russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).expect("key");
    let dir = scratch("keyfile");
    let (path, other) = (dir.join("id_ed25519"), dir.join("id_stranger"));
    fs::write(
        &path,
        key.to_openssh(LineEnding::LF).expect("encode").as_bytes(),
    )
    .expect("key file");
    fs::write(
        &other,
        stranger
            .to_openssh(LineEnding::LF)
            .expect("encode")
            .as_bytes(),
    )
    .expect("key file");
    let options = || fleetlic_sim::SimOptions {
        authorized_keys: vec![key.public_key().clone()],
        nxos_rsa_host_key: false,
        auth_rejection_time: std::time::Duration::from_millis(10),
        ..Default::default()
    };
    let cred = |p: &std::path::Path| fleetlic_core::target::Credential::Key {
        path: p.to_path_buf(),
        passphrase: None,
    };
    let ok = collect_one(xe1(), options(), Some(cred(&path)));
    assert_eq!(
        ok.record.status,
        fleetlic_core::device::CollectionStatus::Ok,
        "{:?}",
        ok.record.error
    );
    let refused = collect_one(xe1(), options(), Some(cred(&other)));
    assert_eq!(
        refused.record.status,
        fleetlic_core::device::CollectionStatus::AuthFailed
    );
}

#[test]
fn paging_that_cannot_be_turned_off_is_answered() {
    use fleetlic_parsers::{Command, Platform};
    use fleetlic_sim::{SimDevice, SimOptions};

    // 60 license blocks: well over two 24-line pages.
    let mut body =
        String::from("License Authorization:\n  Status: AUTHORIZED on Nov 20 16:15:44 2026 UTC\n");
    for i in 0..60 {
        body.push_str(&format!("\n(PKG_{i}):\n  Description: License {i}\n  Count: 1\n  Version: 1.0\n  Status: AUTHORIZED\n"));
    }
    let device = SimDevice::new("n9k-paging", Platform::NxOs)
        .with_output(Command::LicenseUsage, body.clone())
        .with_paging_stuck();
    let options = SimOptions {
        nxos_rsa_host_key: false,
        ..SimOptions::default()
    };
    let got = collect_one(device, options, None);
    assert_eq!(
        got.record.status,
        fleetlic_core::device::CollectionStatus::Ok,
        "{:?}",
        got.record.error
    );
    let (_, raw) = got
        .outputs
        .iter()
        .find(|(c, _)| *c == Command::LicenseUsage)
        .expect("usage collected");
    let device = fleetlic_core::device::Device::from_outputs(
        got.record.clone(),
        got.outputs.clone(),
        Default::default(),
    );
    assert_eq!(device.model.licenses.len(), 60, "every page was read");
    assert!(raw.contains("PKG_59"), "last page present");
    match device.outputs.get(&Command::LicenseUsage) {
        Some(fleetlic_core::device::OutputOutcome::Parsed { warnings, .. }) => {
            assert!(warnings.is_empty(), "{warnings:?}")
        }
        other => panic!("usage not parsed: {other:?}"),
    }
}
