//! The command line: flags and subcommands (clap), and their translation into the domain
//! types of `fleetlic-core` (`AlertOn`, `FailOn`, `AlertSettings`). Nothing here runs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use fleetlic_core::alert::{AlertFormat, AlertOn, AlertSettings};
use fleetlic_core::exit::FailOn;
use fleetlic_core::finding::Severity;
use fleetlic_core::report::{Output, Reports};
use fleetlic_core::secret::SecretUrl;
use fleetlic_core::target::SessionMode;

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

/// Subcommands.
// Parsed once per process: the size of the `audit` variant does not matter.
#[allow(clippy::large_enum_variant)]
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
    /// Audit the demo fleet embedded in the binary (`samples/fleet`) served by the simulator over real SSH on
    /// loopback, at the fleet's clock (2026-11-23T00:00:00Z). Takes the report flags of `audit`.
    #[cfg(feature = "sim")]
    Demo(DemoArgs),
    /// Serve a replay fleet as SSH servers on 127.0.0.1 and print an inventory for it.
    ///
    /// Every device of the replay directory gets its own SSH server and host key; the inventory
    /// (stdout) points at a known_hosts file written for the run. Log in as `netops` with the
    /// password in FLEETLIC_SIM_PASSWORD (default `fleetlic-sim`). Serves until Ctrl-C.
    #[cfg(feature = "sim")]
    Simulate(SimulateArgs),
    /// Benchmark a whole audit (login, commands, parse, rules, CSV and JSON) against a
    /// simulated fleet in a separate process; prints devices/s, per-device p50/p95/p99, the
    /// controller's CPU and peak RSS, and the simulator's CPU.
    #[cfg(feature = "sim")]
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
pub enum AlertOnArg {
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
    /// The replay fleet whose fault-free devices are copied; default: the embedded demo fleet.
    #[arg(long, value_name = "DIR")]
    pub fleet: Option<PathBuf>,
    /// Logins made one after another to measure the controller's handshake CPU (0 skips).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub handshakes: usize,
    /// Shell sessions held open at once to measure memory per idle session (0 skips).
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub idle_sessions: usize,
    /// Hostile mode: every simulated device's `show license usage` is this many MiB (tens of
    /// thousands of licenses); `fleetlic audit` runs as a child over SSH (`--devices` at each
    /// `--concurrency`) and as a `--replay` of `--replay-devices` copies with every report on,
    /// and its own peak RSS is printed.
    #[arg(long, value_name = "MIB")]
    pub hostile_output_mib: Option<f64>,
    /// Devices of the hostile mode's `--replay` run (0 skips it).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub replay_devices: usize,
}

/// `fleetlic simulate` flags.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The replay fleet to serve; default: the embedded demo fleet.
    #[arg(long, value_name = "DIR")]
    pub fleet: Option<PathBuf>,
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
    /// The replay fleet to audit; default: the demo fleet embedded in the binary.
    #[arg(long, value_name = "DIR")]
    pub fleet: Option<PathBuf>,
    /// The report files, as for `audit`.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Entitlements to reconcile with; default: `entitlements.csv` of the fleet, when present.
    #[arg(long, value_name = "FILE.csv")]
    pub entitlements: Option<PathBuf>,
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
    pub alert: AlertArgs,
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
    /// Most records of each kind (licenses and entitlements, `extra` entries, warnings, other
    /// lists) one command's output may keep; beyond it the first N are audited and
    /// `collection.too_many_records` counts the rest (live and replay).
    #[arg(long, default_value_t = fleetlic_core::cap::DEFAULT_MAX_RECORDS, value_name = "N", value_parser = clap::value_parser!(usize))]
    pub max_records: usize,
    /// The report files.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// The Smart Account's license export (CSV: License, Entitlement Tag, Virtual Account,
    /// Quantity, Expires ...) to reconcile the fleet's usage with (`license.*` findings).
    #[arg(long, value_name = "FILE.csv")]
    pub entitlements: Option<PathBuf>,
    /// No terminal report (for cron); reports and the exit code still happen.
    #[arg(long)]
    pub quiet: bool,
    /// Which severity makes the exit code non-zero.
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning)]
    pub fail_on: FailOnArg,
    /// Accept any host key (required with host_key_check = "off" in the inventory).
    #[arg(long)]
    pub insecure_accept_any_host_key: bool,
    /// Stop on any inventory problem, also one that concerns a single device's credentials
    /// (key file, password variable or file); by default that device is reported
    /// `collection.config_error` and the rest of the fleet is audited.
    #[arg(long)]
    pub strict_inventory: bool,
    /// Keep each run in this SQLite file (created on first use) and report what changed since
    /// the previous run in it.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Which findings alert: `all`, or only those `new` (or worse) since the previous run in
    /// `--history` (required). With `new` the alert sinks and the exit code get new findings
    /// only and the terminal shows only the changes, nothing when nothing changed (cron mail).
    #[arg(long, value_enum, default_value_t = AlertOnArg::All)]
    pub alert_on: AlertOnArg,
    /// Alert sinks: --alert-format, --webhook, --prom.
    #[command(flatten)]
    pub alert: AlertArgs,
}

/// Parses `--max-output`: `8MiB`, `8 MiB`, `512KiB`, `1000000` (bytes); at least 1 KiB.
pub fn parse_size(text: &str) -> Result<usize, String> {
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

/// The report flags `audit` and `demo` share: each report's file, or `-` for stdout (at most
/// one on stdout). A new report format is one flag here and its line in [`Self::reports`].
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Findings CSV (one row per finding of severity info and above); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv: Option<PathBuf>,
    /// Devices CSV (one row per device); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub csv_devices: Option<PathBuf>,
    /// JSON report (schema_version 1, full models and findings); `-` for stdout.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,
    /// Licenses CSV (one row per license per Virtual Account: owned, in use, balance);
    /// `-` for stdout. Needs entitlements (`--entitlements`).
    #[arg(long, value_name = "FILE|-")]
    pub csv_licenses: Option<PathBuf>,
}

impl ReportArgs {
    /// Where each report goes.
    pub fn reports(&self) -> Reports {
        let output = |p: &Option<PathBuf>| p.as_deref().map(Output::from_arg);
        Reports {
            csv: output(&self.csv),
            csv_devices: output(&self.csv_devices),
            json: output(&self.json),
            csv_licenses: output(&self.csv_licenses),
        }
    }
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
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

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Never => FailOn::Never,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Critical => FailOn::Critical,
        }
    }
}

impl From<AlertOnArg> for AlertOn {
    fn from(a: AlertOnArg) -> Self {
        match a {
            AlertOnArg::All => AlertOn::All,
            AlertOnArg::New => AlertOn::New,
        }
    }
}

/// `--alert-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertFormatArg {
    /// `CRITICAL - <device>: <rule_id>: <message>` on stdout.
    Nagios,
    /// One JSON object per finding on stdout (JSON Lines).
    Jsonl,
    /// RFC 5424 messages to the local syslog socket (/dev/log).
    Syslog,
}

/// `--alert-min-severity` values, in the order of severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverityArg {
    /// Info and above.
    Info,
    /// Warning, unknown (not audited) and critical.
    Warning,
    /// Unknown (not audited) and critical.
    Unknown,
    /// Critical only.
    Critical,
}

/// The alert flags shared by `fleetlic audit` and `fleetlic demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct AlertArgs {
    /// Print one line per finding to alert on (nagios, jsonl: stdout) or send it to the local
    /// syslog (syslog, RFC 5424).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub alert_format: Option<AlertFormatArg>,
    /// Least severity alerted on (--alert-format, --webhook); `ok` deadlines never are.
    #[arg(long, value_enum, default_value_t = MinSeverityArg::Warning, value_name = "SEVERITY")]
    pub alert_min_severity: MinSeverityArg,
    /// Syslog socket for --alert-format syslog; default /dev/log, else /var/run/syslog.
    #[arg(long, value_name = "PATH")]
    pub syslog_socket: Option<PathBuf>,
    /// POST a JSON summary (a Slack/Teams `text` field) here. The URL is a secret: prefer the
    /// FLEETLIC_WEBHOOK_URL environment variable, which `ps` does not show.
    #[arg(
        long,
        value_name = "URL",
        env = "FLEETLIC_WEBHOOK_URL",
        hide_env_values = true,
        value_parser = secret_url
    )]
    pub webhook: Option<SecretUrl>,
    /// Timeout of one webhook attempt, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout: u64,
    /// Webhook retries after the first attempt (connection errors, timeouts, HTTP 429/5xx;
    /// waits 1 s, 2 s, 4 s, ...).
    #[arg(long, default_value_t = fleetlic_core::alert::webhook::DEFAULT_RETRIES, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub webhook_retries: u32,
    /// Write Prometheus metrics (node_exporter textfile collector) to FILE, atomically.
    #[arg(long, value_name = "FILE")]
    pub prom: Option<PathBuf>,
}

/// Reads a webhook URL straight into a [`SecretUrl`], so no `Debug` of the arguments shows it.
fn secret_url(value: &str) -> Result<SecretUrl, std::convert::Infallible> {
    Ok(SecretUrl::new(value))
}

impl AlertArgs {
    /// The alert settings these flags describe.
    pub fn settings(&self) -> AlertSettings {
        AlertSettings {
            format: self.alert_format.map(|f| match f {
                AlertFormatArg::Nagios => AlertFormat::Nagios,
                AlertFormatArg::Jsonl => AlertFormat::Jsonl,
                AlertFormatArg::Syslog => AlertFormat::Syslog,
            }),
            min_severity: match self.alert_min_severity {
                MinSeverityArg::Info => Severity::Info,
                MinSeverityArg::Warning => Severity::Warning,
                MinSeverityArg::Unknown => Severity::Unknown,
                MinSeverityArg::Critical => Severity::Critical,
            },
            syslog_socket: self.syslog_socket.clone(),
            webhook: self.webhook.clone(),
            webhook_timeout: std::time::Duration::from_secs(self.webhook_timeout),
            webhook_retries: self.webhook_retries,
            prom: self.prom.clone(),
        }
    }
}
