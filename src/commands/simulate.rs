//! `fleetlic simulate`: serve a replay fleet (the embedded demo fleet by default) as SSH
//! servers on loopback, print its inventory, serve until Ctrl-C.

use std::io::Write;

use anyhow::{Context as _, Result};
use fleetlic_core::exit::ExitStatus;
use fleetlic_sim as sim;

use crate::cli::SimulateArgs;

/// Starts the fleet, prints its inventory, serves until Ctrl-C.
pub fn run(args: &SimulateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut options = sim::SimOptions::from_env();
    options.base_port = args.base_port;
    options.latency = std::time::Duration::from_millis(args.latency_ms);
    options.slow_banner_delay = std::time::Duration::from_millis(args.slow_banner_ms);
    options.nxos_rsa_host_key = !args.no_rsa;
    let username = options.username.clone();
    let embedded = match &args.fleet {
        Some(_) => None,
        None => Some(sim::embedded::unpack().context("unpacking the embedded demo fleet")?),
    };
    let fleet_dir = match (&args.fleet, &embedded) {
        (Some(dir), _) => dir.clone(),
        (None, Some(unpacked)) => unpacked.path().to_path_buf(),
        (None, None) => anyhow::bail!("no fleet to serve"),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let fleet = match args.clone {
            None => sim::serve(&fleet_dir, options).await?,
            Some(n) => {
                let templates = sim::load_devices(&fleet_dir)?;
                let devices = sim::clone_fleet(&templates, n);
                if devices.len() != n {
                    anyhow::bail!("{}: no fault-free device to clone", fleet_dir.display());
                }
                sim::Fleet::start(devices, options).await?
            }
        };
        let (path, temporary) = match &args.known_hosts {
            Some(p) => (p.clone(), false),
            None => (
                std::env::temp_dir()
                    .join(format!("fleetlic-sim-{}.known_hosts", std::process::id())),
                true,
            ),
        };
        std::fs::write(&path, fleet.known_hosts())
            .with_context(|| format!("writing {}", path.display()))?;
        let inventory = fleet.inventory_toml(&username, &path);
        match &args.inventory {
            Some(file) => std::fs::write(file, inventory)
                .with_context(|| format!("writing {}", file.display()))?,
            None => {
                write!(out, "{inventory}")?;
                out.flush()?;
            }
        }
        if std::env::var_os(sim::PASSWORD_ENV).is_none() {
            writeln!(
                err,
                "fleetlic simulate: export {}={} to audit this fleet",
                sim::PASSWORD_ENV,
                sim::DEFAULT_PASSWORD
            )?;
        }
        writeln!(
            err,
            "fleetlic simulate: {} devices on 127.0.0.1; Ctrl-C stops",
            fleet.devices().len()
        )?;
        let signal = tokio::signal::ctrl_c().await;
        fleet.shutdown().await;
        if temporary {
            let _ = std::fs::remove_file(&path);
        }
        signal.context("waiting for Ctrl-C")?;
        Ok(ExitStatus::Ok)
    })
}
