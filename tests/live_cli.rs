//! `fleetlic audit --inventory` as a user runs it: the binary collects an in-process simulated
//! fleet over SSH with keys from ssh-agent, and Ctrl-C still writes the reports.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use fleetlic_parsers::{Command, Platform};
use fleetlic_sim::{Fault, Fleet, SimDevice, SimOptions, DEFAULT_USERNAME};

use crate::util::{interrupt_and_wait, scratch, Reaper};

/// An ssh-agent on a socket in `dir`, holding a fresh ed25519 key; returns the socket, the
/// public key, and the agent process.
fn agent_with_key(dir: &Path) -> Option<(PathBuf, russh::keys::PublicKey, Reaper)> {
    use russh::keys::ssh_key::LineEnding;
    let mut rng = russh::keys::key::safe_rng();
    let key = russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).ok()?;
    let key_path = dir.join("id_ed25519");
    fs::write(&key_path, key.to_openssh(LineEnding::LF).ok()?.as_bytes()).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key_path, fs::Permissions::from_mode(0o600)).ok()?;
    }
    let sock = dir.join("agent.sock");
    let agent = Process::new("ssh-agent")
        .args(["-D", "-a"])
        .arg(&sock)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let reaper = Reaper(agent);
    let started = Instant::now();
    while !sock.exists() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let added = Process::new("ssh-add")
        .arg(&key_path)
        .env("SSH_AUTH_SOCK", &sock)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    added
        .success()
        .then(|| (sock, key.public_key().clone(), reaper))
}

/// An inventory for `fleet` using the agent, strict host keys against `known_hosts`.
fn inventory(fleet: &Fleet, dir: &Path, device_timeout_s: u32) -> PathBuf {
    let known_hosts = dir.join("known_hosts");
    fs::write(&known_hosts, fleet.known_hosts()).expect("known_hosts");
    let mut text = format!(
        "[defaults]\nusername = \"{DEFAULT_USERNAME}\"\nagent = true\nplatform = \"auto\"\nhost_key_check = \"strict\"\nknown_hosts = \"{}\"\nconnect_timeout_s = 30\ndevice_timeout_s = {device_timeout_s}\n",
        known_hosts.display()
    );
    for d in fleet.devices() {
        text.push_str(&format!(
            "\n[[device]]\nname = \"{}\"\nhost = \"127.0.0.1\"\nport = {}\n",
            d.name,
            d.port()
        ));
    }
    let path = dir.join("inventory.toml");
    fs::write(&path, text).expect("inventory");
    path
}

fn start(devices: Vec<SimDevice>, key: russh::keys::PublicKey) -> (tokio::runtime::Runtime, Fleet) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = SimOptions {
        authorized_keys: vec![key],
        nxos_rsa_host_key: false,
        ..SimOptions::default()
    };
    let fleet = runtime
        .block_on(Fleet::start(devices, options))
        .expect("fleet");
    (runtime, fleet)
}

fn healthy(name: &str) -> SimDevice {
    SimDevice::new(name, Platform::IosXe)
        .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a")
        .with_output(
            Command::LicenseStatus,
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n",
        )
}

#[test]
fn audit_collects_with_keys_from_ssh_agent() {
    let dir = scratch("live-agent");
    let Some((sock, public, _agent)) = agent_with_key(&dir) else {
        eprintln!("note: ssh-agent/ssh-add not available; agent test skipped");
        return;
    };
    let (runtime, fleet) = start(vec![healthy("xe1")], public);
    let inv = inventory(&fleet, &dir, 60);
    let csv = dir.join("devices.csv");
    let out = Process::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args([
            "-v",
            "--log-format",
            "json",
            "audit",
            "--quiet",
            "--inventory",
        ])
        .arg(&inv)
        .args(["--csv-devices"])
        .arg(&csv)
        .env("SSH_AUTH_SOCK", &sock)
        .output()
        .expect("run fleetlic");
    runtime.block_on(fleet.shutdown());
    let text = fs::read_to_string(&csv).unwrap_or_default();
    assert!(
        text.lines()
            .any(|l| l.starts_with("xe1,127.0.0.1,iosxe,17.09.04a,smart_licensing,registered")),
        "{text}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().expect("header").clone();
    let row = rows.records().next().expect("a row").expect("row");
    let column = |name: &str| headers.iter().position(|h| h == name).map(|i| &row[i]);
    assert_eq!(column("collection_status"), Some("ok"), "{text}");
    assert_eq!(column("error"), Some(""), "{text}");
}

#[test]
fn ctrl_c_stops_the_run_and_still_writes_the_reports() {
    let dir = scratch("live-ctrl-c");
    let Some((sock, public, _agent)) = agent_with_key(&dir) else {
        eprintln!("note: ssh-agent/ssh-add not available; Ctrl-C test skipped");
        return;
    };
    let (runtime, fleet) = start(
        vec![healthy("xe1"), healthy("stuck").with_fault(Fault::Hang)],
        public,
    );
    let inv = inventory(&fleet, &dir, 600);
    let csv = dir.join("findings.csv");
    let child = Process::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args(["audit", "--quiet", "--inventory"])
        .arg(&inv)
        .args(["--csv"])
        .arg(&csv)
        .env("SSH_AUTH_SOCK", &sock)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fleetlic");
    let mut child = Reaper(child);
    // Let the healthy device finish and the stuck one hang at its prompt, then interrupt.
    std::thread::sleep(Duration::from_secs(3));
    let status = interrupt_and_wait(&mut child, Duration::from_secs(20));
    runtime.block_on(fleet.shutdown());
    assert_eq!(status.code(), Some(3), "a device not audited: unknown");
    let text = fs::read_to_string(&csv).expect("report written after Ctrl-C");
    assert!(
        text.lines()
            .any(|l| l.starts_with("stuck,127.0.0.1,")
                && l.contains(",collection.cancelled,unknown,")),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("xe1,") && l.contains(",unknown,")),
        "the finished device was audited normally: {text}"
    );
}
