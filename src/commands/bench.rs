//! `fleetlic bench`: the flags become the simulator crate's bench options.

use std::io::Write;

use anyhow::Result;
use fleetlic_core::exit::ExitStatus;
use fleetlic_sim::bench::{self, BenchOptions};

use crate::cli::BenchArgs;

/// Runs the bench.
pub fn run(args: &BenchArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let options = BenchOptions {
        devices: args.devices,
        latency_ms: args.latency_ms,
        concurrency: args.concurrency.clone(),
        exec: args.exec,
        base_port: args.base_port,
        fleet: args.fleet.clone(),
        handshakes: args.handshakes,
        idle_sessions: args.idle_sessions,
        hostile_output_mib: args.hostile_output_mib,
        replay_devices: args.replay_devices,
    };
    bench::run(&options, out, err)
}
