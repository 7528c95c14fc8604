//! `fleetlic bench`: the whole audit (SSH login, every platform command, parse, rules, CSV and
//! JSON) against a simulated fleet served by a separate `fleetlic simulate` process, so the
//! controller's CPU and memory are measured apart from the simulator's.
//!
//! Prints one row per concurrency: wall time, devices/s, per-device p50/p95/p99, the
//! controller's CPU seconds (and per device), the simulator's CPU seconds, the controller's
//! peak RSS; then the controller's CPU per device for a handshake, parsing, rules and reports,
//! and the memory an idle logged-in session holds.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use chrono::Utc;

use fleetlic_core::audit::{self, Output, Reports};
use fleetlic_core::collect::{Collected, Progress};
use fleetlic_core::device::{CollectionStatus, Device};
use fleetlic_core::exit::ExitStatus;
use fleetlic_core::live;
use fleetlic_core::report::Results;
use fleetlic_core::rules::Context;
use fleetlic_core::target::Target;
use fleetlic_core::usage;

/// The password the bench's simulator accepts.
const SIM_PASSWORD: &str = "fleetlic-bench";

/// What to bench (`fleetlic bench` flags).
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Simulated devices (copies of the fleet's fault-free devices).
    pub devices: usize,
    /// Delay the simulator adds before each command's output, in milliseconds.
    pub latency_ms: u64,
    /// Devices collected at once; one audit per value (a sweep).
    pub concurrency: Vec<usize>,
    /// Exec channels instead of an interactive shell.
    pub exec: bool,
    /// Simulated device `i` listens on 127.0.0.1:(base_port + i).
    pub base_port: u16,
    /// The replay fleet whose fault-free devices are copied; `None` is the embedded demo fleet.
    pub fleet: Option<PathBuf>,
    /// Logins made one after another to measure the handshake CPU (0 skips).
    pub handshakes: usize,
    /// Shell sessions held open at once to measure memory per idle session (0 skips).
    pub idle_sessions: usize,
    /// The hostile bench: every device's `show license usage` this many MiB, the real
    /// `fleetlic audit` run as a child and its own peak RSS measured ([`crate::hostile`]).
    pub hostile_output_mib: Option<f64>,
    /// Devices of the hostile bench's `--replay` run (0 skips it).
    pub replay_devices: usize,
}

/// Runs the bench; exit 0 when every device of every run was collected, else 3.
pub fn run(args: &BenchOptions, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let work = tempfile::tempdir().context("creating a scratch directory")?;
    if let Some(mib) = args.hostile_output_mib {
        return hostile_run(args, mib, work.path(), out, err);
    }
    if args.devices == 0 || args.concurrency.is_empty() {
        bail!("--devices and --concurrency must be at least 1");
    }
    let limit = usage::raise_open_files_limit();
    writeln!(
        err,
        "fleetlic bench: starting {} simulated devices (separate process)...",
        args.devices
    )?;
    let started = Instant::now();
    let sim = Simulator::start(args, work.path())?;
    writeln!(
        err,
        "fleetlic bench: simulator ready in {:.1} s (pid {})",
        started.elapsed().as_secs_f64(),
        sim.pid()
    )?;
    let targets = sim.targets(args)?;
    let commands: usize = targets
        .iter()
        .filter_map(|t| t.platform)
        .map(|p| fleetlic_parsers::Command::for_platform(p).count())
        .sum();

    writeln!(
        out,
        "fleetlic bench: {} devices (copies of the fault-free devices of {}), {} mode, {} ms per command, {:.1} commands per device",
        targets.len(),
        args.fleet
            .as_ref()
            .map_or("the embedded demo fleet".into(), |f| f.display().to_string()),
        if args.exec { "exec" } else { "shell" },
        args.latency_ms,
        commands as f64 / targets.len() as f64
    )?;
    match limit {
        Some((before, after)) => writeln!(out, "RLIMIT_NOFILE: {after} (was {before})")?,
        None => writeln!(out, "RLIMIT_NOFILE: unknown")?,
    }
    writeln!(out)?;

    let mut table = Table::new(&[
        "devices",
        "concurrency",
        "wall s",
        "devices/s",
        "p50 s",
        "p95 s",
        "p99 s",
        "ctl CPU s",
        "ctl CPU ms/dev",
        "sim CPU s",
        "peak RSS MB",
        "failed",
    ]);
    let mut all_ok = true;
    let mut stages = None;
    for &concurrency in &args.concurrency {
        writeln!(err, "fleetlic bench: concurrency {concurrency}...")?;
        let run = audit_once(&targets, concurrency, work.path(), sim.pid())?;
        all_ok &= run.failed.is_empty();
        for (name, why) in run.failed.iter().take(3) {
            writeln!(err, "  failed: {name}: {why}")?;
        }
        let n = targets.len() as f64;
        table.row(vec![
            targets.len().to_string(),
            concurrency.to_string(),
            format!("{:.1}", run.wall.as_secs_f64()),
            format!("{:.0}", n / run.wall.as_secs_f64()),
            format!("{:.2}", run.percentile(0.50)),
            format!("{:.2}", run.percentile(0.95)),
            format!("{:.2}", run.percentile(0.99)),
            format!("{:.1}", run.cpu.total().as_secs_f64()),
            format!("{:.2}", run.cpu.total().as_secs_f64() * 1000.0 / n),
            run.sim_cpu
                .map_or("n/a".into(), |d| format!("{:.1}", d.as_secs_f64())),
            run.peak_rss
                .map_or("n/a".into(), |b| format!("{:.0}", b as f64 / 1e6)),
            run.failed.len().to_string(),
        ]);
        stages = Some(run.cpu);
    }
    write!(out, "{}", table.render())?;
    writeln!(out)?;

    if let Some(cpu) = stages {
        let per = |d: Duration| d.as_secs_f64() * 1000.0 / targets.len() as f64;
        writeln!(
            out,
            "controller CPU per device (last run): collection {:.2} ms (SSH: handshake, auth, channel, crypto), parse {:.3} ms, rules {:.3} ms, reports {:.3} ms",
            per(cpu.collect),
            per(cpu.parse),
            per(cpu.rules),
            per(cpu.reports)
        )?;
    }
    if args.handshakes > 0 {
        let n = args.handshakes.min(targets.len());
        let per = handshake_cpu(&targets[..n])?;
        writeln!(
            out,
            "handshake + password auth, controller CPU: {:.2} ms per login ({n} sequential logins)",
            per.as_secs_f64() * 1000.0
        )?;
    }
    if args.idle_sessions > 0 {
        let n = args.idle_sessions.min(targets.len());
        match idle_session_memory(&targets[..n])? {
            Some(bytes) => writeln!(
                out,
                "memory per idle logged-in shell session: {:.0} KiB ({n} sessions held open)",
                bytes as f64 / 1024.0
            )?,
            None => writeln!(out, "memory per idle session: n/a (no /proc)")?,
        }
    }
    if let Some(cpu) = sim.cpu() {
        writeln!(
            out,
            "simulator CPU over the whole bench: {:.1} s",
            cpu.as_secs_f64()
        )?;
    }
    Ok(if all_ok {
        ExitStatus::Ok
    } else {
        ExitStatus::Unknown
    })
}

/// The hostile bench: a fleet whose `show license usage` is `mib` MiB per device, audited by
/// the real binary over SSH (every device at once unless `--concurrency` says otherwise), then
/// replayed `replay_devices` times over with every report on; prints each run's peak RSS.
fn hostile_run(
    args: &BenchOptions,
    mib: f64,
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let bytes = (mib * 1024.0 * 1024.0) as usize;
    let embedded;
    let fleet = match &args.fleet {
        Some(f) => f.clone(),
        None => {
            embedded = crate::embedded::unpack().context("unpacking the embedded demo fleet")?;
            embedded.path().to_path_buf()
        }
    };
    let hostile_fleet = dir.join("hostile-fleet");
    let device = crate::hostile::write_fleet(&fleet, &hostile_fleet, bytes)?;
    let entitlements = dir.join("entitlements.csv");
    crate::hostile::write_entitlements(&entitlements)?;
    let mut all_ok = true;
    writeln!(
        out,
        "fleetlic bench --hostile-output-mib {mib}: `show license usage` of {:.2} MiB per device ({} licenses), the audit binary's own peak RSS (VmHWM)",
        std::fs::metadata(device.join("show_license_usage.txt")).map_or(0, |m| m.len()) as f64
            / 1048576.0,
        std::fs::read_to_string(device.join("show_license_usage.txt"))
            .map_or(0, |t| t.matches("(HOSTILE_LIC_").count())
    )?;
    if args.devices > 0 {
        writeln!(
            err,
            "fleetlic bench: starting {} hostile simulated devices...",
            args.devices
        )?;
        let sim_args = BenchOptions {
            fleet: Some(hostile_fleet.clone()),
            ..args.clone()
        };
        let sim = Simulator::start(&sim_args, dir)?;
        crate::hostile::relax_timeouts(&sim.inventory)?;
        for &concurrency in &args.concurrency {
            let reports = dir.join(format!("ssh-{concurrency}"));
            std::fs::create_dir_all(&reports)?;
            let run = crate::hostile::audit_child(
                &[
                    "--inventory".into(),
                    sim.inventory.clone().into(),
                    "--concurrency".into(),
                    concurrency.to_string().into(),
                    "--quiet".into(),
                    "--fail-on".into(),
                    "never".into(),
                    "--csv".into(),
                    reports.join("findings.csv").into(),
                    "--csv-devices".into(),
                    reports.join("devices.csv").into(),
                    "--json".into(),
                    reports.join("report.json").into(),
                ],
                &[(crate::PASSWORD_ENV, SIM_PASSWORD)],
            )?;
            all_ok &= run.code == Some(0);
            if run.code != Some(0) {
                writeln!(err, "{}", run.stderr)?;
            }
            crate::hostile::report_line(
                out,
                &format!(
                    "SSH, {} devices, concurrency {concurrency}, --csv --csv-devices --json",
                    args.devices
                ),
                &run,
                Some(&reports.join("report.json")),
            )?;
        }
    }
    if args.replay_devices > 0 {
        writeln!(
            err,
            "fleetlic bench: writing a replay of {} hostile devices...",
            args.replay_devices
        )?;
        let replay = dir.join("hostile-replay");
        crate::hostile::write_replay(&device, &replay, args.replay_devices)?;
        let reports = dir.join("replay");
        std::fs::create_dir_all(&reports)?;
        let run = crate::hostile::audit_child(
            &[
                "--replay".into(),
                replay.into(),
                "--quiet".into(),
                "--fail-on".into(),
                "never".into(),
                "--entitlements".into(),
                entitlements.into(),
                "--csv".into(),
                reports.join("findings.csv").into(),
                "--csv-devices".into(),
                reports.join("devices.csv").into(),
                "--csv-licenses".into(),
                reports.join("licenses.csv").into(),
                "--json".into(),
                reports.join("report.json").into(),
                "--prom".into(),
                reports.join("fleetlic.prom").into(),
                "--history".into(),
                reports.join("history.db").into(),
            ],
            &[],
        )?;
        all_ok &= run.code == Some(0);
        if run.code != Some(0) {
            writeln!(err, "{}", run.stderr)?;
        }
        crate::hostile::report_line(
            out,
            &format!(
                "--replay, {} devices, --csv --csv-devices --csv-licenses --json --prom --history",
                args.replay_devices
            ),
            &run,
            Some(&reports.join("report.json")),
        )?;
    }
    Ok(if all_ok {
        ExitStatus::Ok
    } else {
        ExitStatus::Unknown
    })
}

/// Controller CPU spent in each stage of one audit.
#[derive(Debug, Clone, Copy, Default)]
struct StageCpu {
    collect: Duration,
    parse: Duration,
    rules: Duration,
    reports: Duration,
}

impl StageCpu {
    fn total(&self) -> Duration {
        self.collect + self.parse + self.rules + self.reports
    }
}

/// One audit of the fleet at one concurrency.
struct Run {
    wall: Duration,
    per_device: Vec<Duration>,
    cpu: StageCpu,
    sim_cpu: Option<Duration>,
    peak_rss: Option<u64>,
    failed: Vec<(String, String)>,
}

impl Run {
    /// The `q` quantile of per-device collection times, in seconds.
    fn percentile(&self, q: f64) -> f64 {
        if self.per_device.is_empty() {
            return 0.0;
        }
        let i = ((self.per_device.len() as f64 - 1.0) * q).round() as usize;
        self.per_device[i.min(self.per_device.len() - 1)].as_secs_f64()
    }
}

/// Audits every target once, end to end, timing each stage.
fn audit_once(targets: &[Target], concurrency: usize, dir: &Path, sim_pid: u32) -> Result<Run> {
    let timing = Arc::new(Timing::default());
    usage::reset_peak_rss();
    let sim_before = usage::process_cpu_time(sim_pid);
    let cpu0 = usage::cpu_time();
    let started = Instant::now();
    let mut options = live::Options::new(concurrency);
    options.progress = timing.clone();
    // As `audit` does: each device parsed the moment it finishes, on its own task. The
    // parsing CPU is counted per thread so it can be told apart from the SSH work.
    let parse_ns = Arc::new(AtomicU64::new(0));
    let counter = parse_ns.clone();
    let cap = options.cap;
    let results: Vec<(Device, Option<String>)> = live::collect(
        targets.to_vec(),
        &options,
        Arc::new(Utc::now),
        move |c: Collected| {
            let before = usage::thread_cpu_time();
            let failed = (c.record.status != CollectionStatus::Ok)
                .then(|| c.record.error.clone().unwrap_or_default());
            let device = live::into_device(c, cap);
            let spent = usage::thread_cpu_time().saturating_sub(before);
            counter.fetch_add(
                u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX),
                Ordering::Relaxed,
            );
            (device, failed)
        },
    )?;
    let cpu2 = usage::cpu_time();
    let parse = Duration::from_nanos(parse_ns.load(Ordering::Relaxed));
    let cpu1 = cpu2.saturating_sub(parse);
    let mut failed = Vec::new();
    let mut devices = Vec::with_capacity(results.len());
    for (device, why) in results {
        if let Some(why) = why {
            failed.push((device.name.clone(), why));
        }
        devices.push(device);
    }
    let now = Utc::now();
    let ctx = Context {
        now,
        warn_days: 30,
        crit_days: 7,
    };
    let (audited, all) = audit::audit_devices(devices, &ctx);
    let cpu3 = usage::cpu_time();
    let results = Results {
        audited: &audited,
        findings: &all,
        ledger: None,
        changes: None,
        now,
        warn_days: ctx.warn_days,
        crit_days: ctx.crit_days,
    };
    if let Some(e) = audit::write_reports(&results, &reports(dir), &mut std::io::sink())
        .into_iter()
        .next()
    {
        return Err(e);
    }
    let cpu4 = usage::cpu_time();
    let wall = started.elapsed();
    let sim_cpu = match (sim_before, usage::process_cpu_time(sim_pid)) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a)),
        _ => None,
    };
    let mut per_device = timing.durations();
    per_device.sort();
    Ok(Run {
        wall,
        per_device,
        cpu: StageCpu {
            collect: cpu1.saturating_sub(cpu0),
            parse: cpu2.saturating_sub(cpu1),
            rules: cpu3.saturating_sub(cpu2),
            reports: cpu4.saturating_sub(cpu3),
        },
        sim_cpu,
        peak_rss: usage::peak_rss_bytes(),
        failed,
    })
}

/// The reports the bench writes, as `audit` would: findings CSV, devices CSV, JSON.
fn reports(dir: &Path) -> Reports {
    Reports {
        csv: Some(Output::File(dir.join("findings.csv"))),
        csv_devices: Some(Output::File(dir.join("devices.csv"))),
        json: Some(Output::File(dir.join("report.json"))),
        csv_licenses: None,
    }
}

/// Controller CPU of one connect + key exchange + password authentication, averaged over
/// logins made one after another.
fn handshake_cpu(targets: &[Target]) -> Result<Duration> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let before = usage::cpu_time();
    runtime.block_on(async {
        for t in targets {
            let connection = fleetlic_core::ssh::transport::connect(t)
                .await
                .with_context(|| format!("logging into {}", t.name))?;
            connection.close().await;
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(usage::cpu_time().saturating_sub(before) / targets.len().max(1) as u32)
}

/// Resident memory one logged-in, idle shell session holds: RSS with `targets.len()` sessions
/// open, minus RSS before, per session.
fn idle_session_memory(targets: &[Target]) -> Result<Option<u64>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // Warm up allocator arenas and the runtime with one session first.
        if let Some(first) = targets.first() {
            fleetlic_core::ssh::Session::open(first)
                .await?
                .close()
                .await;
        }
        let before = usage::rss_bytes();
        let mut open = tokio::task::JoinSet::new();
        for t in targets {
            let t = t.clone();
            open.spawn(async move { fleetlic_core::ssh::Session::open(&t).await });
        }
        let mut sessions = Vec::new();
        while let Some(s) = open.join_next().await {
            sessions.push(s.context("session task")??);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = usage::rss_bytes();
        let n = sessions.len().max(1) as u64;
        for s in sessions {
            s.close().await;
        }
        Ok(match (before, after) {
            (Some(b), Some(a)) => Some(a.saturating_sub(b) / n),
            _ => None,
        })
    })
}

/// Records when each device started and how long it took.
#[derive(Default)]
struct Timing {
    started: Mutex<HashMap<String, Instant>>,
    took: Mutex<Vec<Duration>>,
}

impl Timing {
    fn durations(&self) -> Vec<Duration> {
        self.took.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

impl Progress for Timing {
    fn device_started(&self, name: &str) {
        if let Ok(mut s) = self.started.lock() {
            s.insert(name.to_string(), Instant::now());
        }
    }

    fn device_finished(&self, name: &str, _status: &CollectionStatus) {
        let start = self.started.lock().ok().and_then(|mut s| s.remove(name));
        if let (Some(start), Ok(mut took)) = (start, self.took.lock()) {
            took.push(start.elapsed());
        }
    }
}

/// The `fleetlic simulate` child process serving the bench fleet; stopped on drop.
struct Simulator {
    child: Child,
    inventory: PathBuf,
}

impl Simulator {
    /// Starts `fleetlic simulate --clone N` and waits until it serves.
    fn start(args: &BenchOptions, dir: &Path) -> Result<Simulator> {
        let exe = std::env::current_exe().context("locating the fleetlic binary")?;
        let inventory = dir.join("inventory.toml");
        let mut command = Process::new(exe);
        command.arg("simulate");
        if let Some(fleet) = &args.fleet {
            command.arg("--fleet").arg(fleet);
        }
        let mut child = command
            .args(["--clone", &args.devices.to_string()])
            .args(["--base-port", &args.base_port.to_string()])
            .args(["--latency-ms", &args.latency_ms.to_string()])
            .arg("--no-rsa")
            .arg("--known-hosts")
            .arg(dir.join("known_hosts"))
            .arg("--inventory")
            .arg(&inventory)
            .env(crate::PASSWORD_ENV, SIM_PASSWORD)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting fleetlic simulate")?;
        let stderr = child.stderr.take().context("simulator stderr")?;
        let mut sim = Simulator { child, inventory };
        let mut said = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.context("reading the simulator's stderr")?;
            if line.contains("Ctrl-C stops") {
                return Ok(sim);
            }
            said.push_str(&line);
            said.push('\n');
        }
        let status = sim.child.wait()?;
        bail!("the simulator exited ({status}) before serving:\n{said}")
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The simulator's CPU time so far.
    fn cpu(&self) -> Option<Duration> {
        usage::process_cpu_time(self.pid())
    }

    /// The inventory the simulator wrote, with generous budgets and the bench's mode.
    fn targets(&self, args: &BenchOptions) -> Result<Vec<Target>> {
        // The simulator's inventory names this variable; set it before any thread starts.
        std::env::set_var(crate::PASSWORD_ENV, SIM_PASSWORD);
        let mut targets = fleetlic_core::inventory::load(&self.inventory, None)
            .and_then(fleetlic_core::inventory::Inventory::strict)
            .map_err(|e| anyhow::anyhow!("the simulator's inventory: {}", e.lines().join("\n")))?;
        for t in &mut targets {
            t.mode = if args.exec {
                fleetlic_core::target::SessionMode::Exec
            } else {
                fleetlic_core::target::SessionMode::Shell
            };
            t.connect_timeout = Duration::from_secs(120);
            t.command_timeout = Duration::from_secs(120);
            t.device_timeout = Duration::from_secs(600);
        }
        Ok(targets)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        // SIGINT lets it shut down and remove nothing it should keep; then make sure.
        let _ = Process::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain Markdown table, so bench output pastes straight into the README.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let mut out = line(&self.header);
        out.push_str(&line(&vec!["---".to_string(); self.header.len()]));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }
}
