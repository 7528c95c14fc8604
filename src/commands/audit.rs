//! `fleetlic audit`: the flags become an [`AuditConfig`], the process supplies the clock, the
//! progress bar and Ctrl-C, and the core pipeline does the rest.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Utc};
use fleetlic_core::audit::{self, AuditConfig, Collection, Runtime, Source, Terminal};
use fleetlic_core::cap::RecordCap;
use fleetlic_core::exit::ExitStatus;

use crate::cli::AuditArgs;

/// Runs `fleetlic audit`, writing the terminal report to `out` and diagnostics to `err`.
pub fn run(args: &AuditArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let Some(config) = config(args, err)? else {
        return Ok(ExitStatus::Unknown);
    };
    let runtime = runtime(config.terminal.quiet);
    if matches!(config.source, Source::Inventory { .. }) {
        crate::shutdown::cancel_on_ctrl_c(runtime.cancel.clone());
    }
    audit::run(&config, &runtime, out, err)
}

/// The audit configuration `args` describe; `None` (after saying why on `err`) when a flag's
/// value is not valid.
pub fn config(args: &AuditArgs, err: &mut dyn Write) -> std::io::Result<Option<AuditConfig>> {
    let now = match &args.now {
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(d) => Some(d.with_timezone(&Utc)),
            Err(e) => {
                writeln!(err, "fleetlic: --now {text:?}: not an RFC 3339 time ({e}); e.g. 2026-11-23T00:00:00Z")?;
                return Ok(None);
            }
        },
        None => None,
    };
    let source = match (&args.replay, &args.inventory) {
        (Some(dir), _) => Source::Replay(dir.clone()),
        (None, Some(file)) => Source::Inventory {
            file: file.clone(),
            defaults: args.defaults.clone(),
        },
        (None, None) => {
            writeln!(err, "fleetlic: give --replay DIR (or --inventory FILE)")?;
            return Ok(None);
        }
    };
    Ok(Some(AuditConfig {
        source,
        now,
        warn_days: args.warn_days,
        crit_days: args.crit_days,
        collection: Collection {
            concurrency: args.concurrency,
            deadline: args.deadline.map(Duration::from_secs),
            save_raw: args.save_raw.clone(),
            max_output: args.max_output,
            accept_any_host_key: args.insecure_accept_any_host_key,
            strict_inventory: args.strict_inventory,
        },
        max_records: RecordCap {
            max: args.max_records,
        },
        reports: args.reports.reports(),
        entitlements: args.entitlements.clone(),
        terminal: terminal(args.quiet),
        fail_on: args.fail_on.into(),
        history: args.history.clone(),
        alert_on: args.alert_on.into(),
        alerts: args.alert.settings(),
    }))
}

/// The terminal report: colour when stdout is a terminal and `NO_COLOR` is unset.
pub fn terminal(quiet: bool) -> Terminal {
    Terminal {
        quiet,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// The process around the pipeline: the system clock (the only reader of it: everything
/// downstream takes time as data), the progress bar when stderr is a terminal (not with
/// `--quiet`, nor with `-v`: verbose logs and a bar would interleave), a cancel token.
pub fn runtime(quiet: bool) -> Runtime {
    let visible =
        !quiet && std::io::stderr().is_terminal() && !tracing::enabled!(tracing::Level::DEBUG);
    let mut runtime = Runtime::system();
    if visible {
        runtime.progress = Arc::new(crate::progress::Bar::new());
    }
    runtime
}
