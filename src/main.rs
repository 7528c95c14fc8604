//! `fleetlic` binary: the wiring around `fleetlic-core`. Parses the command line ([`cli`]),
//! sets up logging ([`logging`]), runs the chosen subcommand ([`commands`]) and maps its
//! outcome to the process exit code. The terminal progress bar ([`progress`]) and Ctrl-C
//! ([`shutdown`]) live here too: the library takes them as values.

mod cli;
mod commands;
mod logging;
mod progress;
mod shutdown;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use fleetlic_core::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
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
    logging::init(cli.verbose, cli.log_format);
    // Every SSH session holds a socket: a large fleet at high concurrency needs thousands.
    if let Some((before, after)) = fleetlic_core::usage::raise_open_files_limit() {
        tracing::debug!(before, after, "raised RLIMIT_NOFILE");
    }
    match commands::run(cli.command) {
        Ok(s) => s.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Ok.into(),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "fleetlic: {e:#}");
            ExitStatus::Unknown.into()
        }
    }
}

/// A closed stdout (`fleetlic ... | head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
