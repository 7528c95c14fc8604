//! fleetlic-core: the auditor behind the `fleetlic` binary.
//!
//! One audit is a pipeline of plain data ([`audit`]): devices come from an inventory over SSH
//! ([`inventory`], [`target`], [`ssh`], [`collect`], [`live`]) or from saved outputs
//! ([`replay`]); each becomes a [`device::Device`] holding the models of `fleetlic-parsers`;
//! [`rules`] and [`reconcile`] turn devices into [`finding::Finding`]s; [`history`] compares
//! with the previous run; [`report`] writes the CSV, JSON and terminal reports and [`alert`]
//! sends what must be sent.
//!
//! No command-line parsing, no terminal checks, no process exit here: the binary turns its
//! flags into an [`audit::AuditConfig`], passes the clock, the progress observer and the
//! shutdown token in, and maps the [`exit::ExitStatus`] it gets back to the process.

pub mod alert;
pub mod audit;
pub mod audited;
pub mod cap;
pub mod catalog;
pub mod collect;
pub mod device;
pub mod exit;
pub mod finding;
pub mod history;
pub mod identity;
pub mod inventory;
pub mod live;
pub mod preflight;
pub mod reconcile;
pub mod replay;
pub mod report;
pub mod rule;
pub mod rules;
pub mod save_raw;
pub mod secret;
pub mod ssh;
pub mod summary;
pub mod target;
pub mod thresholds;
pub mod time;
pub mod usage;
