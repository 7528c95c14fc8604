//! A simulated fleet served from the test's own runtime, an inventory for it, and the binary
//! run against it with the simulator's password in the environment.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use fleetlic_parsers::{Command, Platform};
use fleetlic_sim::{
    Fleet, SimDevice, SimOptions, DEFAULT_PASSWORD, DEFAULT_USERNAME, PASSWORD_ENV,
};

use crate::util::Run;

/// A running simulated fleet; shut down when dropped.
pub struct Served {
    runtime: tokio::runtime::Runtime,
    fleet: Option<Fleet>,
}

impl Served {
    /// Serves `devices` (ed25519 host keys only).
    pub fn start(devices: Vec<SimDevice>) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let options = SimOptions {
            nxos_rsa_host_key: false,
            ..SimOptions::default()
        };
        let fleet = runtime
            .block_on(Fleet::start(devices, options))
            .expect("fleet");
        Served {
            runtime,
            fleet: Some(fleet),
        }
    }

    /// The fleet.
    pub fn fleet(&self) -> &Fleet {
        self.fleet.as_ref().expect("running")
    }

    /// The port device `name` listens on.
    pub fn port(&self, name: &str) -> u16 {
        self.fleet().device(name).expect("device").port()
    }

    /// Writes `known_hosts` (its text) and an inventory of the whole fleet checking it with
    /// `host_key_check`, `defaults` lines added to `[defaults]`; returns the inventory.
    pub fn inventory(&self, dir: &Path, known_hosts: &str, check: &str, defaults: &str) -> PathBuf {
        let kh = dir.join("known_hosts");
        fs::write(&kh, known_hosts).expect("known_hosts");
        let text = self
            .fleet()
            .inventory_toml(DEFAULT_USERNAME, &kh)
            .replace(
                "host_key_check = \"strict\"",
                &format!("host_key_check = \"{check}\""),
            )
            .replacen("[defaults]\n", &format!("[defaults]\n{defaults}\n"), 1);
        let path = dir.join("inventory.toml");
        fs::write(&path, text).expect("inventory");
        path
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(fleet) = self.fleet.take() {
            self.runtime.block_on(fleet.shutdown());
        }
    }
}

/// An IOS-XE device that collects cleanly.
pub fn healthy(name: &str) -> SimDevice {
    SimDevice::new(name, Platform::IosXe)
        .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a")
        .with_output(
            Command::LicenseStatus,
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n",
        )
}

/// Runs the binary with `args`, the simulator's password in its variable, no `RUST_LOG`.
pub fn fleetlic(args: &[&str]) -> Run {
    let out = Process::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args(args)
        .env_remove("RUST_LOG")
        .env(PASSWORD_ENV, DEFAULT_PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("run fleetlic");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A CSV report as rows keyed by device, each a map of column to cell.
pub fn rows_by_device(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("report CSV");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row.get("device").cloned().unwrap_or_default(), row)
        })
        .collect()
}
