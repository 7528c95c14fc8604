//! The `fleetlic` binary's integration tests: one test binary, a module per topic.

mod alert_cli;
mod audit_cli;
mod e2e;
mod fleet;
mod history_cli;
mod host_keys;
mod hostile;
mod inventory_cli;
mod live_cli;
mod parse_cli;
mod portable;
mod preflight_cli;
mod reconcile;
mod reliability;
mod sim_fleet;
mod ssh_interop;
mod util;
