//! Command-line interface: flags, subcommands, and the edge where errors become exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::ExitStatus;
use crate::target::SessionMode;
use crate::{audit_cmd, demo_cmd, parse_cmd};

/// Fleet-wide Cisco smart-licensing auditor for NX-OS, IOS-XE and IOS-XR.
#[derive(Debug, Parser)]
#[command(name = "fleetlic", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Commands,
    /// More logging on stderr: `-v` for each device's session (negotiated algorithms, retries),
    /// `-vv` for every exchange. `RUST_LOG` overrides. Hides the progress bar.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Log line format: human-readable text or JSON lines for log pipelines.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

/// `--log-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Sets up tracing once: warnings by default, `-v` debug for fleetlic, `-vv` trace; `RUST_LOG`
/// overrides. Logs go to stderr; reports never mix with them.
fn init_logging(verbose: u8, format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "warn,fleetlic=debug",
        _ => "debug,fleetlic=trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false);
    // A second initialisation (tests) is harmless: keep the first.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Parse saved command outputs and print the licensing model.
    ///
    /// Exit 0 when every file parsed, 1 when one was unsupported by the device or not that
    /// command's output, 3 on usage errors (bad flags, unreadable file).
    Parse(ParseArgs),
    /// Audit a fleet's licensing: compliance, deadlines, transport; report and set the exit code.
    ///
    /// Exit codes (Nagios): 0 ok/info, 1 warning, 2 critical, 3 unknown (a device not audited,
    /// or bad flags/inputs). Critical outranks unknown.
    Audit(AuditArgs),
    /// List every audit rule: id, default severity, meaning and fix (Markdown table).
    Rules,
    /// Audit the bundled demo fleet (`samples/fleet`) served by the simulator over real SSH on
    /// loopback, at the fleet's clock (2026-11-23T00:00:00Z). Takes the report flags of `audit`.
    Demo(DemoArgs),
    /// Serve a replay fleet as SSH servers on 127.0.0.1 and print an inventory for it.
    ///
    /// Every device of the replay directory gets its own SSH server and host key; the inventory
    /// (stdout) points at a known_hosts file written for the run. Log in as `netops` with the
    /// password in FLEETLIC_SIM_PASSWORD (default `fleetlic-sim`). Serves until Ctrl-C.
    Simulate(SimulateArgs),
    /// Benchmark a whole audit (login, commands, parse, rules, CSV and JSON) against a
    /// simulated fleet in a separate process; prints devices/s, per-device p50/p95/p99, the
    /// controller's CPU and peak RSS, and the simulator's CPU.
    Bench(BenchArgs),
    /// Read a history file written by `audit --history FILE`: the runs it holds (`--runs`) or
    /// one device's state over time (`--device NAME`).
    History(HistoryArgs),
    /// What changed between two runs of a history file (ids as `history --runs` lists them):
    /// new, escalated and resolved findings, devices that disappeared or came back, deadlines
    /// that crossed the warning or critical threshold.
    Diff(DiffArgs),
}

/// `fleetlic history` flags.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["runs", "device"])))]
pub struct HistoryArgs {
    /// The history file (`audit --history FILE`).
    #[arg(long, value_name = "FILE")]
    pub history: PathBuf,
    /// List the runs: id, audit clock, source, devices and findings per severity.
    #[arg(long)]
    pub runs: bool,
    /// One device's state in every run (`absent` where a run did not have it).
    #[arg(long, value_name = "NAME")]
    pub device: Option<String>,
}

/// `fleetlic diff` flags.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The history file (`audit --history FILE`).
    #[arg(long, value_name = "FILE")]
    pub history: PathBuf,
    /// The earlier run's id.
    #[arg(value_name = "RUN_A")]
    pub run_a: i64,
    /// The later run's id.
    #[arg(value_name = "RUN_B")]
    pub run_b: i64,
}

/// `--alert-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertOn {
    /// Every finding of severity info and above.
    All,
    /// Only findings new (or worse) since the previous run in `--history`.
    New,
}

/// `fleetlic bench` flags.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Simulated devices (copies of the fleet's fault-free devices).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub devices: usize,
    /// Delay the simulator adds before each command's output, in milliseconds.
    #[arg(long, default_value_t = 300, value_name = "MS")]
    pub latency_ms: u64,
    /// Devices collected at once; a comma-separated list runs one audit per value (a sweep).
    #[arg(
        long,
        default_value = "1000",
        value_delimiter = ',',
        value_name = "N[,N...]"
    )]
    pub concurrency: Vec<usize>,
    /// Use exec channels instead of an interactive shell.
    #[arg(long)]
    pub exec: bool,
    /// Simulated device `i` listens on 127.0.0.1:(BASE + i): keep it and BASE + devices below
    /// 32768, where Linux's outgoing ports start.
    #[arg(long, default_value_t = 10000, value_name = "PORT")]
    pub base_port: u16,
    /// The replay fleet whose fault-free devices are copied.
    #[arg(long, value_name = "DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fleet"))]
    pub fleet: PathBuf,
    /// Logins made one after another to measure the controller's handshake CPU (0 skips).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub handshakes: usize,
    /// Shell sessions held open at once to measure memory per idle session (0 skips).
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub idle_sessions: usize,
}

/// `fleetlic simulate` flags.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The replay fleet to serve.
    #[arg(long, value_name = "DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fleet"))]
    pub fleet: PathBuf,
    /// Device `i` listens on BASE + i; default: ephemeral ports.
    #[arg(long, value_name = "PORT")]
    pub base_port: Option<u16>,
    /// Delay before each command's output, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Delay before the banner of `slow_banner` devices, in milliseconds.
    #[arg(long, default_value_t = 5000, value_name = "MS")]
    pub slow_banner_ms: u64,
    /// Where to write the known_hosts file; default: a file in the temp directory, removed on exit.
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Option<PathBuf>,
    /// NX-OS devices offer only an ed25519 host key (skips RSA key generation at start).
    #[arg(long)]
    pub no_rsa: bool,
    /// Serve N healthy copies of the fleet's fault-free devices instead of the fleet itself
    /// (load tests: `fleetlic bench` uses it).
    #[arg(long, value_name = "N")]
    pub clone: Option<usize>,
    /// Write the inventory to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
}

/// `fleetlic demo` flags: where the demo fleet is and the report flags of `audit`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// The replay fleet to audit.
    #[arg(long, value_name = "DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fleet"))]
    pub fleet: PathBuf,
    /// Findings CSV; `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv: Option<PathBuf>,
    /// Devices CSV; `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv_devices: Option<PathBuf>,
    /// JSON report; `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,
    /// Entitlements to reconcile with; default: `entitlements.csv` of the fleet, when present.
    #[arg(long, value_name = "FILE.csv")]
    pub entitlements: Option<PathBuf>,
    /// Licenses CSV (one row per license per Virtual Account); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv_licenses: Option<PathBuf>,
    /// Session mode for the simulated devices.
    #[arg(long, value_enum, default_value_t = ModeArg::Shell)]
    pub mode: ModeArg,
    /// Keep every output collected, in the replay layout.
    #[arg(long, value_name = "DIR")]
    pub save_raw: Option<PathBuf>,
    /// Audit the fleet's saved outputs directly, without SSH.
    #[arg(long)]
    pub replay: bool,
    /// Alert sinks, as for `audit`.
    #[command(flatten)]
    pub alert: crate::alert::AlertArgs,
}

/// `--mode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Interactive shell with a PTY.
    Shell,
    /// One exec channel per command.
    Exec,
}

impl From<ModeArg> for SessionMode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Shell => SessionMode::Shell,
            ModeArg::Exec => SessionMode::Exec,
        }
    }
}

/// The clock the demo fleet was collected at; replaying it later keeps its deadlines meaningful.
pub const DEMO_NOW: &str = "2026-11-23T00:00:00Z";

/// `fleetlic audit` flags (ARCHITECTURE.md § Contracts).
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Inventory of devices to collect over SSH.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "replay",
        required_unless_present = "replay"
    )]
    pub inventory: Option<PathBuf>,
    /// Audit saved outputs laid out as DIR/<device>/<slug>.txt + DIR/<device>/device.toml.
    #[arg(long, value_name = "DIR")]
    pub replay: Option<PathBuf>,
    /// Settings for a CSV inventory (`name,host,port,platform,group`): a TOML file with
    /// `[defaults]` and `[[group]]` sections.
    #[arg(long, value_name = "FILE.toml", requires = "inventory")]
    pub defaults: Option<PathBuf>,
    /// The audit clock (RFC 3339, e.g. 2026-11-23T00:00:00Z); default: now.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// A deadline this many days away or less is a warning.
    #[arg(long, default_value_t = 30, value_name = "DAYS")]
    pub warn_days: i64,
    /// A deadline this many days away or less, or past, is critical.
    #[arg(long, default_value_t = 7, value_name = "DAYS")]
    pub crit_days: i64,
    /// Devices collected at once (live collection).
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub concurrency: usize,
    /// Budget for the whole run in seconds (live collection).
    #[arg(long, value_name = "SECS")]
    pub deadline: Option<u64>,
    /// Keep every output collected, in the replay layout (live collection).
    #[arg(long, value_name = "DIR")]
    pub save_raw: Option<PathBuf>,
    /// Most output one command may send (e.g. `8MiB`, `512KiB`, bytes); beyond it the
    /// session is closed and the device reported `output_too_large` (live collection).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_output: Option<usize>,
    /// Findings CSV (one row per finding of severity info and above); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv: Option<PathBuf>,
    /// Devices CSV (one row per device); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv_devices: Option<PathBuf>,
    /// JSON report (schema_version 1, full models and findings); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,
    /// The Smart Account's license export (CSV: License, Entitlement Tag, Virtual Account,
    /// Quantity, Expires ...) to reconcile the fleet's usage with (`license.*` findings).
    #[arg(long, value_name = "FILE.csv")]
    pub entitlements: Option<PathBuf>,
    /// Licenses CSV (one row per license per Virtual Account: owned, in use, balance);
    /// `-` for stdout. Needs --entitlements.
    #[arg(long, value_name = "FILE|-", requires = "entitlements")]
    pub csv_licenses: Option<PathBuf>,
    /// No terminal report (for cron); reports and the exit code still happen.
    #[arg(long)]
    pub quiet: bool,
    /// Which severity makes the exit code non-zero.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Accept any host key (required with host_key_check = "off" in the inventory).
    #[arg(long)]
    pub insecure_accept_any_host_key: bool,
    /// Keep each run in this SQLite file (created on first use) and report what changed since
    /// the previous run in it.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Which findings alert: `all`, or only those `new` (or worse) since the previous run in
    /// `--history` (required). With `new` the alert sinks and the exit code get new findings
    /// only and the terminal shows only the changes, nothing when nothing changed (cron mail).
    #[arg(long, value_enum, default_value_t = AlertOn::All)]
    pub alert_on: AlertOn,
    /// Alert sinks: --alert-format, --webhook, --prom (src/alert/).
    #[command(flatten)]
    pub alert: crate::alert::AlertArgs,
}

/// Parses `--max-output`: `8MiB`, `8 MiB`, `512KiB`, `1000000` (bytes); at least 1 KiB.
fn parse_size(text: &str) -> Result<usize, String> {
    let size: bytesize::ByteSize = text
        .trim()
        .parse()
        .map_err(|e| format!("{e} (write e.g. 8MiB, 512KiB or a number of bytes)"))?;
    let bytes = usize::try_from(size.as_u64()).map_err(|_| "too large".to_string())?;
    if bytes < 1024 {
        return Err(format!("{text} is below the 1KiB minimum"));
    }
    Ok(bytes)
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Always exit 0 once the run started (usage errors still exit 3).
    Never,
    /// Warnings and worse set the exit code (1, 2, 3).
    Warning,
    /// Only critical (2) and not audited (3) set the exit code.
    Critical,
}

/// `fleetlic parse` flags.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Platform that printed the outputs; `auto` recognises it from the text.
    #[arg(long, value_enum, default_value_t = PlatformArg::Auto)]
    pub platform: PlatformArg,
    /// The command that produced the outputs, e.g. "show license status" or a slug such as
    /// `show_license_status`. Default: from each file's name (`<slug>.txt`) or echoed command.
    #[arg(long)]
    pub command: Option<String>,
    /// Output format: JSON Lines (`{file, platform, command, model, warnings}`) or a summary.
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    pub format: FormatArg,
    /// Files holding one command's output each.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// `--platform` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    /// Recognise the platform from the text.
    Auto,
    /// Nexus NX-OS.
    Nxos,
    /// IOS-XE.
    Iosxe,
    /// IOS-XR.
    Iosxr,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per file (JSON Lines).
    Json,
    /// A readable summary per file.
    Text,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Unknown
            } else {
                ExitStatus::Ok
            };
            // Printing help or a usage error; nothing more to do if the terminal is gone.
            let _ = e.print();
            return code.into();
        }
    };
    init_logging(cli.verbose, cli.log_format);
    // Every SSH session holds a socket: a large fleet at high concurrency needs thousands.
    if let Some((before, after)) = crate::usage::raise_open_files_limit() {
        tracing::debug!(before, after, "raised RLIMIT_NOFILE");
    }
    let stdout = std::io::stdout();
    // Not locked for the whole run: log events from worker threads write to stderr too.
    let mut stderr = std::io::stderr();
    let status = match cli.command {
        Commands::Parse(args) => parse_cmd::run(&args, &mut stdout.lock(), &mut stderr),
        Commands::Rules => {
            let mut out = stdout.lock();
            write!(out, "{}", crate::rules::markdown_table())
                .map(|()| ExitStatus::Ok)
                .map_err(anyhow::Error::from)
        }
        Commands::Demo(demo) => demo_cmd::run(&demo, &mut stdout.lock(), &mut stderr),
        Commands::Simulate(args) => run_simulate(&args, &mut stdout.lock(), &mut stderr),
        Commands::Bench(args) => crate::bench_cmd::run(&args, &mut stdout.lock(), &mut stderr),
        Commands::History(args) => {
            crate::history::cmd::run_history(&args, &mut stdout.lock(), &mut stderr)
        }
        Commands::Diff(args) => {
            crate::history::cmd::run_diff(&args, &mut stdout.lock(), &mut stderr)
        }
        Commands::Audit(args) => {
            // The only reader of the system clock: everything downstream takes time as data.
            let clock: crate::live::Clock = std::sync::Arc::new(chrono::Utc::now);
            audit_cmd::run(&args, &clock, &mut stdout.lock(), &mut stderr)
        }
    };
    match status {
        Ok(s) => s.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Ok.into(),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "fleetlic: {e:#}");
            ExitStatus::Unknown.into()
        }
    }
}

/// `fleetlic simulate`: start the fleet, print its inventory, serve until Ctrl-C.
fn run_simulate(
    args: &SimulateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    use anyhow::Context;

    let mut options = crate::sim::SimOptions::from_env();
    options.base_port = args.base_port;
    options.latency = std::time::Duration::from_millis(args.latency_ms);
    options.slow_banner_delay = std::time::Duration::from_millis(args.slow_banner_ms);
    options.nxos_rsa_host_key = !args.no_rsa;
    let username = options.username.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let fleet = match args.clone {
            None => crate::sim::serve(&args.fleet, options).await?,
            Some(n) => {
                let templates = crate::sim::load_devices(&args.fleet)?;
                let devices = crate::sim::clone_fleet(&templates, n);
                if devices.len() != n {
                    anyhow::bail!("{}: no fault-free device to clone", args.fleet.display());
                }
                crate::sim::Fleet::start(devices, options).await?
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
        if std::env::var_os(crate::sim::PASSWORD_ENV).is_none() {
            writeln!(
                err,
                "fleetlic simulate: export {}={} to audit this fleet",
                crate::sim::PASSWORD_ENV,
                crate::sim::DEFAULT_PASSWORD
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
