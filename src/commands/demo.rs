//! `fleetlic demo`: the demo fleet embedded in the binary (`samples/fleet`) served by the simulator as real SSH
//! servers on loopback, collected over SSH exactly as a real fleet is (strict host-key checking
//! against a temporary known_hosts the simulator writes), audited and reported. No network and
//! no configuration needed.
//!
//! The demo fleet's outputs were captured on 2026-11-22; the audit clock is fixed at
//! [`DEMO_NOW`] and each device keeps the `collected_at` its `device.toml` records,
//! so its deadlines and clock checks read the same whatever day the demo runs. The fleet's
//! `entitlements.csv` (a Smart Account export) is reconciled with what the devices use.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use fleetlic_core::audit::{AuditConfig, Collection, Plan, Source};
use fleetlic_core::device::Device;
use fleetlic_core::exit::ExitStatus;
use fleetlic_core::inventory::{self, MemoryEnv};
use fleetlic_core::live;
use fleetlic_core::target::SessionMode;
use fleetlic_sim::{self as sim, SimOptions};

use crate::cli::DemoArgs;

/// The clock the demo fleet was collected at; replaying it later keeps its deadlines meaningful.
pub const DEMO_NOW: &str = "2026-11-23T00:00:00Z";

/// Runs the demo; returns the audit's exit code.
pub fn run(demo: &DemoArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(DEMO_NOW)
        .map(|d| d.with_timezone(&Utc))
        .context("demo clock")?;
    // The embedded fleet is unpacked for the run (and removed after) unless --fleet names one.
    let embedded = match &demo.fleet {
        Some(_) => None,
        None => Some(sim::embedded::unpack().context("unpacking the embedded demo fleet")?),
    };
    let fleet: &Path = match (&demo.fleet, &embedded) {
        (Some(dir), _) => dir,
        (None, Some(unpacked)) => unpacked.path(),
        (None, None) => anyhow::bail!("no demo fleet"),
    };
    let bundled = fleet.join("entitlements.csv");
    let config = AuditConfig {
        now: Some(now),
        collection: Collection {
            concurrency: 32,
            deadline: Some(Duration::from_secs(120)),
            ..Collection::default()
        },
        reports: demo.reports.reports(),
        entitlements: demo
            .entitlements
            .clone()
            .or_else(|| bundled.is_file().then_some(bundled)),
        terminal: super::audit::terminal(false),
        alerts: demo.alert.settings(),
        ..AuditConfig::new(Source::Replay(fleet.to_path_buf()))
    };
    // The fleet's entitlements.csv (or --entitlements) is read before collecting: a bad file
    // stops the demo at once (exit 3).
    let mut plan = match Plan::prepare(&config, now, err)? {
        Ok(plan) => plan,
        Err(status) => return Ok(status),
    };
    if embedded.is_some() && demo.entitlements.is_none() {
        // Named as in the repository, not as the temporary directory it was unpacked to.
        plan.show_entitlements_as(Path::new("samples/fleet/entitlements.csv"));
    }
    let devices = if demo.replay {
        fleetlic_core::replay::load(fleet, Default::default())?
    } else {
        collect_over_ssh(demo, fleet, err)?
    };
    plan.finish(devices, None, out, err)
}

/// Serves the fleet, collects it over SSH, and returns the devices.
fn collect_over_ssh(demo: &DemoArgs, fleet: &Path, err: &mut dyn Write) -> Result<Vec<Device>> {
    let recorded: BTreeMap<String, Option<DateTime<Utc>>> =
        fleetlic_core::replay::load(fleet, Default::default())?
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
        .block_on(sim::serve(fleet, options))
        .with_context(|| format!("serving {}", fleet.display()))?;
    let known_hosts = tempfile::NamedTempFile::new().context("temporary known_hosts")?;
    std::fs::write(known_hosts.path(), fleet.known_hosts()).context("writing known_hosts")?;
    let inventory = fleet.inventory_toml(sim::DEFAULT_USERNAME, known_hosts.path());
    let env = MemoryEnv::new().with_var(sim::PASSWORD_ENV, &password);
    let mut targets = inventory::load_toml(Path::new("demo-inventory.toml"), &inventory, &env)
        .and_then(inventory::Inventory::strict)
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
    let runtime_around = super::audit::runtime(false);
    crate::shutdown::cancel_on_ctrl_c(runtime_around.cancel.clone());
    let live_options = live::Options {
        concurrency: 32,
        deadline: Some(Duration::from_secs(120)),
        progress: runtime_around.progress.clone(),
        cancel: runtime_around.cancel.clone(),
        cap: Default::default(),
    };
    let mut collected = live::collect(targets, &live_options, Arc::new(stamp), |c| c)?;
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
        .map(|c| live::into_device(c, Default::default()))
        .collect())
}
