//! Command-line interface: flags, subcommands, and the edge where errors become exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::ExitStatus;
use crate::parse_cmd;

/// Fleet-wide Cisco smart-licensing auditor for NX-OS, IOS-XE and IOS-XR.
#[derive(Debug, Parser)]
#[command(name = "fleetlic", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Commands,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Parse saved command outputs and print the licensing model.
    ///
    /// Exit 0 when every file parsed, 1 when one was unsupported by the device or not that
    /// command's output, 3 on usage errors (bad flags, unreadable file).
    Parse(ParseArgs),
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
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let status = match cli.command {
        Commands::Parse(args) => parse_cmd::run(&args, &mut stdout.lock(), &mut stderr.lock()),
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
