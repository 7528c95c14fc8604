//! `fleetlic history --runs`, `fleetlic history --device NAME` and `fleetlic diff RUN_A RUN_B`:
//! read a history file written by `fleetlic audit --history FILE`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};
use comfy_table::{presets, ContentArrangement, Table};

use crate::cli::{DiffArgs, HistoryArgs};
use fleetlic_core::exit::ExitStatus;
use fleetlic_core::history::changes::{compare, write_text, RunRef};
use fleetlic_core::history::store::Store;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

fn minute(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Opens an existing history file; reading commands never create one.
fn open(path: &Path, err: &mut dyn Write) -> Result<Option<Store>> {
    if !path.is_file() {
        writeln!(
            err,
            "fleetlic: --history {}: no such file (written by `fleetlic audit --history FILE`)",
            path.display()
        )?;
        return Ok(None);
    }
    match Store::open(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            writeln!(err, "fleetlic: {e}")?;
            Ok(None)
        }
    }
}

/// Runs `fleetlic history`.
pub fn run_history(
    args: &HistoryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let Some(store) = open(&args.history, err)? else {
        return Ok(ExitStatus::Unknown);
    };
    let result = match &args.device {
        Some(name) => device(&store, name, out, err),
        None => runs(&store, out),
    };
    match result {
        Ok(status) => Ok(status),
        Err(e) => match e.downcast::<fleetlic_core::history::HistoryError>() {
            Ok(h) => {
                writeln!(err, "fleetlic: {h}")?;
                Ok(ExitStatus::Unknown)
            }
            Err(other) => Err(other),
        },
    }
}

fn runs(store: &Store, out: &mut dyn Write) -> Result<ExitStatus> {
    let mut t = table(&[
        "RUN",
        "AUDITED AT",
        "RECORDED AT",
        "SOURCE",
        "DEVICES",
        "CRITICAL",
        "WARNING",
        "UNKNOWN",
        "INFO",
    ]);
    for r in store.runs()? {
        t.add_row(vec![
            r.id.to_string(),
            minute(r.audited_at),
            r.recorded_at.map(minute).unwrap_or_default(),
            r.source,
            r.devices.to_string(),
            r.critical.to_string(),
            r.warning.to_string(),
            r.unknown.to_string(),
            r.info.to_string(),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(ExitStatus::Ok)
}

fn device(
    store: &Store,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let history = store.device_history(name)?;
    if history.iter().all(|(_, d)| d.is_none()) {
        writeln!(
            err,
            "fleetlic: no run in the history has a device named {name:?}"
        )?;
        return Ok(ExitStatus::Unknown);
    }
    writeln!(out, "{name}: {} run(s)", history.len())?;
    let mut t = table(&[
        "RUN",
        "AUDITED AT",
        "STATUS",
        "REGISTRATION",
        "AUTHORIZATION",
        "WORST",
        "FINDINGS",
        "NEXT DEADLINE",
        "KIND",
        "DAYS",
    ]);
    for (run, state) in history {
        let mut row = vec![run.id.to_string(), minute(run.audited_at)];
        match state {
            None => row.push("absent".to_string()),
            Some(d) => row.extend([
                d.status,
                d.registration,
                d.authorization,
                d.worst_severity.map(|s| s.to_string()).unwrap_or_default(),
                d.findings.to_string(),
                d.next_deadline
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                d.next_deadline_kind,
                d.days_left.map(|d| d.to_string()).unwrap_or_default(),
            ]),
        }
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    Ok(ExitStatus::Ok)
}

/// Runs `fleetlic diff RUN_A RUN_B`: what changed from run A to run B (deadlines banded by
/// run B's thresholds).
pub fn run_diff(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let Some(store) = open(&args.history, err)? else {
        return Ok(ExitStatus::Unknown);
    };
    let load = |id: i64| -> Result<
        Option<(
            fleetlic_core::history::RunInfo,
            fleetlic_core::history::Snapshot,
        )>,
        fleetlic_core::history::HistoryError,
    > {
        match store.run(id)? {
            Some(run) => Ok(Some((run, store.snapshot(id)?))),
            None => Ok(None),
        }
    };
    let mut loaded = Vec::new();
    for id in [args.run_a, args.run_b] {
        match load(id) {
            Ok(Some(r)) => loaded.push(r),
            Ok(None) => {
                writeln!(
                    err,
                    "fleetlic: {}: no run {id} (see `fleetlic history --runs --history {}`)",
                    args.history.display(),
                    args.history.display()
                )?;
                return Ok(ExitStatus::Unknown);
            }
            Err(e) => {
                writeln!(err, "fleetlic: {e}")?;
                return Ok(ExitStatus::Unknown);
            }
        }
    }
    let (b, a) = (loaded.remove(1), loaded.remove(0));
    let changes = compare(
        Some(RunRef {
            id: a.0.id,
            audited_at: a.0.audited_at,
        }),
        &a.1,
        &b.1,
        b.0.thresholds(),
    );
    let heading = format!(
        "Changes from run {} ({}) to run {} ({})",
        a.0.id,
        minute(a.0.audited_at),
        b.0.id,
        minute(b.0.audited_at)
    );
    write_text(out, &heading, &changes)?;
    Ok(ExitStatus::Ok)
}
