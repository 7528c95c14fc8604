//! `fleetlic demo`: the bundled fleet (`samples/fleet`) served by the simulator as real SSH
//! servers on loopback, collected over SSH exactly as a real fleet is (strict host-key checking
//! against a temporary known_hosts the simulator writes), audited and reported. No network and
//! no configuration needed.
//!
//! The demo fleet's outputs were captured on 2026-11-22; the audit clock is fixed at
//! [`crate::cli::DEMO_NOW`] and each device keeps the `collected_at` its `device.toml` records,
//! so its deadlines and clock checks read the same whatever day the demo runs. The fleet's
//! `entitlements.csv` (a Smart Account export) is reconciled with what the devices use.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};

use crate::audit_cmd;
use crate::cli::{AuditArgs, DemoArgs, FailOn, DEMO_NOW};
use crate::device::Device;
use crate::exit::ExitStatus;
use crate::inventory::{self, MemoryEnv};
use crate::live;
use crate::sim::{self, SimOptions};
use crate::target::SessionMode;

/// Runs the demo; returns the audit's exit code.
pub fn run(demo: &DemoArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(DEMO_NOW)
        .map(|d| d.with_timezone(&Utc))
        .context("demo clock")?;
    let args = AuditArgs {
        inventory: None,
        replay: Some(demo.fleet.clone()),
        defaults: None,
        now: Some(DEMO_NOW.to_string()),
        warn_days: 30,
        crit_days: 7,
        concurrency: 32,
        deadline: Some(120),
        save_raw: demo.save_raw.clone(),
        max_output: None,
        csv: demo.csv.clone(),
        csv_devices: demo.csv_devices.clone(),
        json: demo.json.clone(),
        entitlements: demo.entitlements.clone().or_else(|| {
            let bundled = demo.fleet.join("entitlements.csv");
            bundled.is_file().then_some(bundled)
        }),
        csv_licenses: demo.csv_licenses.clone(),
        quiet: false,
        fail_on: FailOn::Warning,
        insecure_accept_any_host_key: false,
        history: None,
        alert_on: crate::cli::AlertOn::All,
        alert: demo.alert.clone(),
    };
    // The fleet's entitlements.csv (or --entitlements) is read before collecting: a bad file
    // stops the demo at once (exit 3).
    let entitlements = match audit_cmd::load_entitlements(&args, err)? {
        Ok(e) => e,
        Err(status) => return Ok(status),
    };
    let devices = if demo.replay {
        crate::replay::load(&demo.fleet)?
    } else {
        collect_over_ssh(demo, err)?
    };
    audit_cmd::report_with(devices, &args, entitlements.as_ref(), now, None, out, err)
}

/// Serves the fleet, collects it over SSH, and returns the devices.
fn collect_over_ssh(demo: &DemoArgs, err: &mut dyn Write) -> Result<Vec<Device>> {
    let recorded: BTreeMap<String, Option<DateTime<Utc>>> = crate::replay::load(&demo.fleet)?
        .into_iter()
        .map(|d| (d.name, d.collected_at))
        .collect();
    // The simulator runs on its own runtime (its own threads) while the collector runs on another.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the simulator runtime")?;
    let options = SimOptions {
        // Generating 2048-bit RSA host keys for every NX-OS device would slow the demo start.
        nxos_rsa_host_key: false,
        slow_banner_delay: Duration::from_secs(2),
        ..SimOptions::default()
    };
    let password = options.password.clone();
    let fleet = runtime
        .block_on(sim::serve(&demo.fleet, options))
        .with_context(|| format!("serving {}", demo.fleet.display()))?;
    let known_hosts = tempfile::NamedTempFile::new().context("temporary known_hosts")?;
    std::fs::write(known_hosts.path(), fleet.known_hosts()).context("writing known_hosts")?;
    let inventory = fleet.inventory_toml(sim::DEFAULT_USERNAME, known_hosts.path());
    let env = MemoryEnv::new().with_var(sim::PASSWORD_ENV, &password);
    let mut targets = inventory::load_toml(Path::new("demo-inventory.toml"), &inventory, &env)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the simulator's inventory")?;
    for t in &mut targets {
        t.mode = demo.mode.into();
        t.connect_timeout = Duration::from_secs(5);
        t.command_timeout = Duration::from_secs(10);
        t.device_timeout = Duration::from_secs(60);
    }
    writeln!(
        err,
        "fleetlic demo: {} simulated devices on 127.0.0.1 ({} mode), collecting over SSH...",
        targets.len(),
        if SessionMode::from(demo.mode) == SessionMode::Exec {
            "exec"
        } else {
            "shell"
        }
    )?;
    let started = Instant::now();
    let stamp = Utc::now;
    let live_options = live::Options {
        concurrency: 32,
        deadline: Some(Duration::from_secs(120)),
        progress: std::io::stderr().is_terminal() && !tracing::enabled!(tracing::Level::DEBUG),
    };
    let mut collected = live::run(targets, &live_options, Arc::new(stamp))?;
    runtime.block_on(fleet.shutdown());
    for c in &mut collected {
        if let Some(at) = recorded.get(&c.record.name) {
            c.record.collected_at = *at;
        }
    }
    if let Some(dir) = &demo.save_raw {
        live::save_raw(dir, &collected)
            .with_context(|| format!("writing --save-raw {}", dir.display()))?;
    }
    writeln!(
        err,
        "{}\n",
        live::summary_line(
            collected.iter().map(|c| &c.record.status),
            started.elapsed()
        )
    )?;
    Ok(collected
        .into_iter()
        .map(|c| Device::from_outputs(c.record, c.outputs))
        .collect())
}
