//! `fleetlic audit`: load the devices (a replay directory, or live over SSH from an inventory),
//! run the rules at the injected clock, write the reports, and turn the worst severity into the
//! exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};

use std::sync::Arc;
use std::time::Duration;

use crate::cli::{AlertOn, AuditArgs, FailOn};
use crate::device::Device;
use crate::exit::ExitStatus;
use crate::finding::{Finding, Severity};
use crate::history::{self, record::AuditHistory};
use crate::live::{self, Clock};
use crate::reconcile::{self, Entitlements, Ledger};
use crate::report::{self, table, Audited};
use crate::rules::{self, Context};

/// Runs `fleetlic audit`, writing the terminal report to `out` and diagnostics to `err`.
/// `clock` is the real time: it stamps live collections and is the audit clock unless `--now`
/// overrides it.
pub fn run(
    args: &AuditArgs,
    clock: &Clock,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let now = match &args.now {
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(d) => d.with_timezone(&Utc),
            Err(e) => {
                writeln!(err, "fleetlic: --now {text:?}: not an RFC 3339 time ({e}); e.g. 2026-11-23T00:00:00Z")?;
                return Ok(ExitStatus::Unknown);
            }
        },
        None => clock(),
    };
    if args.warn_days < 0 || args.crit_days < 0 || args.crit_days > args.warn_days {
        writeln!(
            err,
            "fleetlic: --crit-days ({}) must be between 0 and --warn-days ({})",
            args.crit_days, args.warn_days
        )?;
        return Ok(ExitStatus::Unknown);
    }
    if stdout_reports(args) > 1 {
        writeln!(
            err,
            "fleetlic: at most one of --csv, --csv-devices, --json, --csv-licenses may be `-` (stdout)"
        )?;
        return Ok(ExitStatus::Unknown);
    }
    if stdout_reports(args) > 0 && args.alert.uses_stdout() {
        writeln!(
            err,
            "fleetlic: --alert-format nagios|jsonl prints on stdout: write the reports to files, not `-`"
        )?;
        return Ok(ExitStatus::Unknown);
    }
    // A bad entitlements file is a usage error, found before any device is collected.
    let entitlements = match load_entitlements(args, err)? {
        Ok(e) => e,
        Err(status) => return Ok(status),
    };

    let mut save_failed = false;
    let devices = match (&args.replay, &args.inventory) {
        (Some(dir), _) => {
            if args.save_raw.is_some() {
                writeln!(err, "fleetlic: --save-raw applies to live collection; replayed outputs are already saved in {}", dir.display())?;
                return Ok(ExitStatus::Unknown);
            }
            match crate::replay::load(dir) {
                Ok(d) => d,
                Err(e) => {
                    writeln!(err, "fleetlic: {e}")?;
                    return Ok(ExitStatus::Unknown);
                }
            }
        }
        (None, Some(inv)) => {
            let mut targets = match crate::inventory::load(inv, args.defaults.as_deref()) {
                Ok(t) => t,
                Err(errors) => {
                    for line in errors.lines() {
                        writeln!(err, "{line}")?;
                    }
                    return Ok(ExitStatus::Unknown);
                }
            };
            let unchecked: Vec<&str> = targets
                .iter()
                .filter(|t| t.host_key_check == crate::target::HostKeyCheck::Off)
                .map(|t| t.name.as_str())
                .collect();
            if !unchecked.is_empty() && !args.insecure_accept_any_host_key {
                writeln!(
                    err,
                    "fleetlic: {}: host_key_check = \"off\" for {}; pass --insecure-accept-any-host-key to accept any host key",
                    inv.display(),
                    unchecked.join(", ")
                )?;
                return Ok(ExitStatus::Unknown);
            }
            if let Some(cap) = args.max_output {
                for t in &mut targets {
                    t.max_output = cap;
                }
            }
            let options = live::Options {
                concurrency: args.concurrency,
                deadline: args.deadline.map(Duration::from_secs),
                // Verbose logs and a progress bar would interleave: logs win.
                progress: !args.quiet
                    && std::io::stderr().is_terminal()
                    && !tracing::enabled!(tracing::Level::DEBUG),
            };
            let started = std::time::Instant::now();
            let run = live::run_to_devices(
                targets,
                &options,
                clock.clone(),
                args.save_raw.clone(),
                Arc::new(crate::collect::NoProgress),
            )
            .context("starting the SSH collector")?;
            if let Some(e) = &run.save_error {
                // The reports are still written; the run is not clean.
                writeln!(err, "fleetlic: --save-raw: {e}")?;
                save_failed = true;
            }
            if !args.quiet {
                let statuses = run.devices.iter().map(|d| &d.status);
                writeln!(err, "{}", live::summary_line(statuses, started.elapsed()))?;
            }
            run.devices
        }
        (None, None) => {
            writeln!(err, "fleetlic: give --replay DIR (or --inventory FILE)")?;
            return Ok(ExitStatus::Unknown);
        }
    };

    let status = report_with(
        devices,
        args,
        entitlements.as_ref(),
        now,
        Some(clock()),
        out,
        err,
    )?;
    // Raw outputs that could not be saved make the run unknown, unless something is critical.
    let counts = args.fail_on != FailOn::Never && status != ExitStatus::Critical;
    Ok(if save_failed && counts {
        ExitStatus::Unknown
    } else {
        status
    })
}

/// Audits `devices` at `now` and writes the reports `args` asks for; returns the exit code.
/// Reads `--entitlements` first (a bad file: exit 3 with its problems on `err`).
pub fn report(
    devices: Vec<Device>,
    args: &AuditArgs,
    now: DateTime<Utc>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let entitlements = match load_entitlements(args, err)? {
        Ok(e) => e,
        Err(status) => return Ok(status),
    };
    report_with(devices, args, entitlements.as_ref(), now, None, out, err)
}

/// [`report`] with the entitlements already read: audits, reconciles the fleet's license use
/// with `entitlements` when given (its `license.*` findings join the others and the exit
/// code), compares with and records into `--history` (the run stamped with the real time
/// `recorded_at` when known), writes the reports.
pub fn report_with(
    devices: Vec<Device>,
    args: &AuditArgs,
    entitlements: Option<&Entitlements>,
    now: DateTime<Utc>,
    recorded_at: Option<DateTime<Utc>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    if args.alert_on == AlertOn::New && args.history.is_none() {
        writeln!(
            err,
            "fleetlic: --alert-on new needs --history FILE (the runs to compare with)"
        )?;
        return Ok(ExitStatus::Unknown);
    }
    let ctx = Context {
        now,
        warn_days: args.warn_days,
        crit_days: args.crit_days,
    };
    let (audited, mut all) = audit_devices(devices, &ctx);
    let ledger = entitlements.map(|e| {
        let devices = audited.iter().map(|a| &a.device);
        reconcile::reconcile(&e.path.display().to_string(), &e.rows, devices, &ctx)
    });
    if let Some(l) = &ledger {
        all.extend(l.findings.iter().cloned());
        rules::sort(&mut all);
    }
    let mut history = AuditHistory::before(args.history.as_deref(), &audited, &ctx, err)?;
    // Reconciliation findings (`license.*`) are part of the run's history too.
    if let Some(l) = &ledger {
        history.add_findings(&l.findings, args.warn_days, args.crit_days);
    }
    write_reports_with(
        &audited,
        &all,
        ledger.as_ref(),
        history.changes.as_ref(),
        args,
        now,
        out,
    )?;
    // What the alert sinks and the exit code see: every finding, or with `--alert-on new`
    // only those new or worse since the previous run.
    let alert = history::findings_to_alert(args.alert_on, history.previous_findings(), &all);
    if !args.quiet {
        let terminal = std::io::stdout().is_terminal();
        let style = table::Style {
            color: terminal && std::env::var_os("NO_COLOR").is_none(),
        };
        // With a report on stdout, the human report goes to stderr so the data stays clean.
        let data_on_stdout = stdout_reports(args) > 0 || args.alert.uses_stdout();
        let target: &mut dyn Write = if data_on_stdout { err } else { out };
        match args.alert_on {
            AlertOn::All => {
                table::write(target, &audited, ledger.as_ref(), now, style)?;
                history.write_text(target, false)?;
            }
            // Only what changed, and nothing at all when nothing did: cron mails non-empty output.
            AlertOn::New => history.write_text(target, true)?,
        }
    }
    let source = match (&args.replay, &args.inventory) {
        (Some(dir), _) => format!("replay {}", dir.display()),
        (None, Some(inv)) => format!("inventory {}", inv.display()),
        (None, None) => String::new(),
    };
    let stored = history.store(&ctx, recorded_at, source, err)?;
    // Alerts last: a slow webhook must not hold back the reports. Never changes the exit code.
    crate::alert::deliver(&args.alert, &audited, &alert, now, out, err)?;
    let status = exit_status(&alert, args.fail_on);
    // A history that could not be read or written makes the run unknown, unless something is
    // critical (critical outranks unknown); the reports are already written.
    Ok(
        if !stored && args.fail_on != FailOn::Never && status != ExitStatus::Critical {
            ExitStatus::Unknown
        } else {
            status
        },
    )
}

/// Reads `--entitlements` when given. A file that cannot be read or parsed prints each
/// problem as `file:line: column: problem` on `err` and yields exit 3 (a usage error, like a
/// bad inventory).
pub fn load_entitlements(
    args: &AuditArgs,
    err: &mut dyn Write,
) -> std::io::Result<std::result::Result<Option<Entitlements>, ExitStatus>> {
    let Some(path) = &args.entitlements else {
        return Ok(Ok(None));
    };
    match reconcile::read(path) {
        Ok(e) => Ok(Ok(Some(e))),
        Err(problems) => {
            for p in problems {
                writeln!(err, "{p}")?;
            }
            Ok(Err(ExitStatus::Unknown))
        }
    }
}

/// How many reports go to stdout (`-`).
fn stdout_reports(args: &AuditArgs) -> usize {
    [&args.csv, &args.csv_devices, &args.json, &args.csv_licenses]
        .iter()
        .filter(|p| p.as_deref().is_some_and(is_stdout))
        .count()
}

/// Runs every rule on every device: each device with its findings, and all findings sorted
/// by what breaks first.
pub fn audit_devices(devices: Vec<Device>, ctx: &Context) -> (Vec<Audited>, Vec<Finding>) {
    let audited: Vec<Audited> = devices
        .into_iter()
        .map(|device| {
            let findings = rules::audit(&device, ctx);
            Audited { device, findings }
        })
        .collect();
    let mut all: Vec<Finding> = audited.iter().flat_map(|a| a.findings.clone()).collect();
    rules::sort(&mut all);
    (audited, all)
}

/// Writes the report files `args` names (`-` is stdout), each atomically.
pub fn write_reports(
    audited: &[Audited],
    all: &[Finding],
    args: &AuditArgs,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<()> {
    write_reports_with(audited, all, None, None, args, now, out)
}

/// [`write_reports`] with the license reconciliation, when there is one (the licenses CSV,
/// `--csv-licenses`, and the JSON's `licenses` section), and the changes since the previous
/// `--history` run (the JSON's `changes` section).
pub fn write_reports_with(
    audited: &[Audited],
    all: &[Finding],
    ledger: Option<&Ledger>,
    changes: Option<&crate::history::Changes>,
    args: &AuditArgs,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<()> {
    // Reports first: a cron reader must find them even if the terminal is gone.
    if let Some(path) = &args.csv {
        emit(path, out, |w| {
            report::csv::write_findings(w, all).map_err(csv_io)
        })
        .with_context(|| format!("writing --csv {}", path.display()))?;
    }
    if let Some(path) = &args.csv_devices {
        emit(path, out, |w| {
            report::csv::write_devices(w, audited).map_err(csv_io)
        })
        .with_context(|| format!("writing --csv-devices {}", path.display()))?;
    }
    if let Some(path) = &args.json {
        emit(path, out, |w| {
            report::json::write_with_changes(
                w,
                audited,
                ledger,
                now,
                args.warn_days,
                args.crit_days,
                changes,
            )
        })
        .with_context(|| format!("writing --json {}", path.display()))?;
    }
    if let (Some(path), Some(ledger)) = (&args.csv_licenses, ledger) {
        emit(path, out, |w| {
            report::csv::write_licenses(w, &ledger.rows).map_err(csv_io)
        })
        .with_context(|| format!("writing --csv-licenses {}", path.display()))?;
    }
    Ok(())
}

/// The Nagios exit code of a run's findings under `--fail-on`.
pub fn exit_status(findings: &[Finding], fail_on: FailOn) -> ExitStatus {
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let status = match worst {
        Severity::Critical => ExitStatus::Critical,
        Severity::Unknown => ExitStatus::Unknown,
        Severity::Warning => ExitStatus::Warning,
        Severity::Info | Severity::Ok => ExitStatus::Ok,
    };
    match fail_on {
        FailOn::Never => ExitStatus::Ok,
        FailOn::Critical if status == ExitStatus::Warning => ExitStatus::Ok,
        FailOn::Critical | FailOn::Warning => status,
    }
}

fn is_stdout(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Writes a report to stdout (`-`) or atomically to a file.
fn emit(
    path: &Path,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if is_stdout(path) {
        write(stdout)?;
        stdout.flush()
    } else {
        report::write_atomically(path, write)
    }
}

fn csv_io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            device: "d".into(),
            host: "h".into(),
            platform: None,
            rule_id: "x.y".into(),
            severity,
            message: String::new(),
            due: None,
            days_left: None,
            fix: None,
        }
    }

    #[test]
    fn critical_outranks_unknown_and_fail_on_tunes_the_code() {
        let mixed = [
            finding(Severity::Unknown),
            finding(Severity::Critical),
            finding(Severity::Warning),
        ];
        assert_eq!(exit_status(&mixed, FailOn::Warning), ExitStatus::Critical);
        assert_eq!(
            exit_status(&mixed[..1], FailOn::Warning),
            ExitStatus::Unknown
        );
        assert_eq!(
            exit_status(&[finding(Severity::Warning)], FailOn::Warning),
            ExitStatus::Warning
        );
        assert_eq!(
            exit_status(&[finding(Severity::Warning)], FailOn::Critical),
            ExitStatus::Ok
        );
        assert_eq!(
            exit_status(&mixed[..1], FailOn::Critical),
            ExitStatus::Unknown
        );
        assert_eq!(exit_status(&mixed, FailOn::Never), ExitStatus::Ok);
        assert_eq!(
            exit_status(
                &[finding(Severity::Info), finding(Severity::Ok)],
                FailOn::Warning
            ),
            ExitStatus::Ok
        );
    }
}
