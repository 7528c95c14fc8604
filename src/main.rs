//! `fleetlic` binary: parses arguments, runs the chosen command, maps the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    fleetlic::cli::main()
}
