//! One module per subcommand: each turns its flags into the library's values, runs it, and
//! returns the exit status. `demo`, `simulate` and `bench` exist with the `sim` feature.

pub mod audit;
#[cfg(feature = "sim")]
pub mod bench;
#[cfg(feature = "sim")]
pub mod demo;
pub mod history;
pub mod parse;
pub mod rules;
#[cfg(feature = "sim")]
pub mod simulate;

use anyhow::Result;
use fleetlic_core::exit::ExitStatus;

use crate::cli::Commands;

/// Runs `command` with the process's stdout and stderr.
pub fn run(command: Commands) -> Result<ExitStatus> {
    let stdout = std::io::stdout();
    // Not locked for the whole run: log events from worker threads write to stderr too.
    let mut stderr = std::io::stderr();
    let out = &mut stdout.lock();
    match command {
        Commands::Parse(args) => parse::run(&args, out, &mut stderr),
        Commands::Rules => rules::run(out),
        Commands::Audit(args) => audit::run(&args, out, &mut stderr),
        Commands::History(args) => history::run_history(&args, out, &mut stderr),
        Commands::Diff(args) => history::run_diff(&args, out, &mut stderr),
        #[cfg(feature = "sim")]
        Commands::Demo(args) => demo::run(&args, out, &mut stderr),
        #[cfg(feature = "sim")]
        Commands::Simulate(args) => simulate::run(&args, out, &mut stderr),
        #[cfg(feature = "sim")]
        Commands::Bench(args) => bench::run(&args, out, &mut stderr),
    }
}
