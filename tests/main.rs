//! The `fleetlic` binary's integration tests: one test binary, a module per topic.

mod audit_cli;
mod e2e;
mod fleet;
mod history_cli;
mod live_cli;
mod parse_cli;
mod reliability;
mod ssh_interop;
mod util;
