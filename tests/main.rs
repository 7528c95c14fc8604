//! The `fleetlic` binary's integration tests: one test binary, a module per topic.

mod audit_cli;
mod e2e;
mod fleet;
mod parse_cli;
mod ssh_interop;
mod util;
