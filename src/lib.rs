//! fleetlic: a fleet-wide Cisco smart-licensing auditor.
//!
//! The binary is a thin edge over these modules: [`cli`] reads the command line and picks a
//! subcommand, [`parse_cmd`] re-reads saved outputs with the grammars of `fleetlic-parsers`,
//! [`summary`] renders a parsed model for people.

pub mod alert;
pub mod audit_cmd;
pub mod bench_cmd;
pub mod cli;
pub mod collect;
pub mod demo_cmd;
pub mod device;
pub mod exit;
pub mod finding;
pub mod history;
pub mod inventory;
pub mod live;
pub mod parse_cmd;
pub mod progress;
pub mod reconcile;
pub mod replay;
pub mod report;
pub mod rules;
pub mod save_raw;
pub mod secret;
pub mod sim;
pub mod ssh;
pub mod summary;
pub mod target;
pub mod usage;
