//! The audit pipeline, in one place: collect (or replay) → parse → rules → reconcile →
//! history → reports → alerts, and the exit status of the whole.
//!
//! [`run`] does it all from an [`AuditConfig`]. The steps are also reachable one by one
//! through a [`Plan`] (checked configuration and entitlements, read before any device is
//! contacted): `demo` collects its simulated fleet itself and hands the devices to
//! [`Plan::finish`]; `bench` times [`audit_devices`] and [`write_reports`].

pub mod config;

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};

use crate::alert::AlertOn;
use crate::audited::Audited;
use crate::collect::Progress;
use crate::device::Device;
use crate::exit::{exit_status, ExitStatus, FailOn};
use crate::finding::Finding;
use crate::history::record::AuditHistory;
use crate::live::{self, Clock};
use crate::reconcile::{self, Entitlements};
use crate::report::{table, Results};
use crate::rules::{self, Context};

pub use crate::report::{write_reports, Output, Reports};
pub use config::{AuditConfig, Collection, Source, Terminal};

/// What the pipeline needs from the process around it: the real clock (stamps live
/// collections; the audit clock unless the configuration fixes one), the progress observer,
/// and the token that stops a live collection (the binary cancels it on Ctrl-C).
#[derive(Clone)]
pub struct Runtime {
    /// The real time.
    pub clock: Clock,
    /// Told when devices start and finish.
    pub progress: Arc<dyn Progress>,
    /// Cancels a live collection.
    pub cancel: tokio_util::sync::CancellationToken,
}

impl Runtime {
    /// The system clock, no progress, never cancelled.
    pub fn system() -> Self {
        Runtime {
            clock: Arc::new(Utc::now),
            progress: Arc::new(crate::collect::NoProgress),
            cancel: tokio_util::sync::CancellationToken::new(),
        }
    }
}

/// Runs the audit `config` describes, writing the terminal report (and reports and alert lines
/// sent to stdout) to `out`, diagnostics to `err`; returns the exit status.
pub fn run(
    config: &AuditConfig,
    runtime: &Runtime,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let plan = match Plan::prepare(config, (runtime.clock)(), err)? {
        Ok(plan) => plan,
        Err(status) => return Ok(status),
    };
    let (devices, save_failed) = match plan.collect(runtime, err)? {
        Ok(collected) => collected,
        Err(status) => return Ok(status),
    };
    let status = plan.finish(devices, Some((runtime.clock)()), out, err)?;
    // Raw outputs that could not be saved make the run unknown, unless something is critical.
    let counts = config.fail_on != FailOn::Never && status != ExitStatus::Critical;
    Ok(if save_failed && counts {
        ExitStatus::Unknown
    } else {
        status
    })
}

/// A checked audit configuration with what it needs read before any device is contacted
/// (the entitlements file): a bad flag combination or file stops here with exit 3.
#[derive(Debug)]
pub struct Plan<'a> {
    config: &'a AuditConfig,
    now: DateTime<Utc>,
    entitlements: Option<Entitlements>,
}

impl<'a> Plan<'a> {
    /// Checks `config` and reads its entitlements; `clock_now` is the audit clock unless the
    /// configuration fixes one. A problem is written to `err` and returned as the status.
    pub fn prepare(
        config: &'a AuditConfig,
        clock_now: DateTime<Utc>,
        err: &mut dyn Write,
    ) -> std::io::Result<std::result::Result<Self, ExitStatus>> {
        if config.warn_days < 0 || config.crit_days < 0 || config.crit_days > config.warn_days {
            writeln!(
                err,
                "fleetlic: --crit-days ({}) must be between 0 and --warn-days ({})",
                config.crit_days, config.warn_days
            )?;
            return Ok(Err(ExitStatus::Unknown));
        }
        if config.reports.on_stdout() > 1 {
            writeln!(
                err,
                "fleetlic: at most one of --csv, --csv-devices, --json, --csv-licenses may be `-` (stdout)"
            )?;
            return Ok(Err(ExitStatus::Unknown));
        }
        if config.reports.on_stdout() > 0 && config.alerts.uses_stdout() {
            writeln!(
                err,
                "fleetlic: --alert-format nagios|jsonl prints on stdout: write the reports to files, not `-`"
            )?;
            return Ok(Err(ExitStatus::Unknown));
        }
        if config.reports.csv_licenses.is_some() && config.entitlements.is_none() {
            writeln!(
                err,
                "fleetlic: --csv-licenses needs --entitlements FILE.csv (the license export to reconcile with)"
            )?;
            return Ok(Err(ExitStatus::Unknown));
        }
        if config.alert_on == AlertOn::New && config.history.is_none() {
            writeln!(
                err,
                "fleetlic: --alert-on new needs --history FILE (the runs to compare with)"
            )?;
            return Ok(Err(ExitStatus::Unknown));
        }
        if let (Source::Replay(dir), Some(_)) = (&config.source, &config.collection.save_raw) {
            writeln!(err, "fleetlic: --save-raw applies to live collection; replayed outputs are already saved in {}", dir.display())?;
            return Ok(Err(ExitStatus::Unknown));
        }
        // A path that cannot be written is found now, not after the night's collection.
        if let Err(e) = crate::preflight::check(&config.outputs()) {
            writeln!(err, "fleetlic: {e}")?;
            return Ok(Err(ExitStatus::Unknown));
        }
        // A bad entitlements file is a usage error, found before any device is collected.
        let entitlements = match &config.entitlements {
            None => None,
            Some(path) => match reconcile::read(path) {
                Ok(e) => Some(e),
                Err(problems) => {
                    for p in problems {
                        writeln!(err, "{p}")?;
                    }
                    return Ok(Err(ExitStatus::Unknown));
                }
            },
        };
        Ok(Ok(Plan {
            config,
            now: config.now.unwrap_or(clock_now),
            entitlements,
        }))
    }

    /// Names the entitlements file `shown` in the reports instead of the path it was read
    /// from (the demo reads its fleet's from a temporary directory).
    pub fn show_entitlements_as(&mut self, shown: &std::path::Path) {
        if let Some(e) = &mut self.entitlements {
            e.path = shown.to_path_buf();
        }
    }

    /// The audit clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The rules' context: the audit clock and the deadline thresholds.
    pub fn context(&self) -> Context {
        Context {
            now: self.now,
            warn_days: self.config.warn_days,
            crit_days: self.config.crit_days,
        }
    }

    /// Loads the devices of the configured source: a replay directory, or the inventory
    /// collected live (raw outputs saved as devices finish when asked). Returns the devices
    /// and whether saving raw outputs failed (the audit goes on; the run is not clean).
    pub fn collect(
        &self,
        runtime: &Runtime,
        err: &mut dyn Write,
    ) -> Result<std::result::Result<(Vec<Device>, bool), ExitStatus>> {
        let config = self.config;
        match &config.source {
            Source::Replay(dir) => match crate::replay::load(dir, config.max_records) {
                Ok(d) => Ok(Ok((d, false))),
                Err(e) => {
                    writeln!(err, "fleetlic: {e}")?;
                    Ok(Err(ExitStatus::Unknown))
                }
            },
            Source::Inventory { file, defaults } => {
                let loaded = crate::inventory::load(file, defaults.as_deref());
                let loaded = match loaded {
                    Ok(i) if config.collection.strict_inventory => i.strict().map(|t| (t, vec![])),
                    Ok(i) => Ok(i.split()),
                    Err(errors) => Err(errors),
                };
                let (mut targets, unusable) = match loaded {
                    Ok(split) => split,
                    Err(errors) => {
                        for line in errors.lines() {
                            writeln!(err, "{line}")?;
                        }
                        return Ok(Err(ExitStatus::Unknown));
                    }
                };
                if !config.terminal.quiet {
                    for (_, u) in &unusable {
                        writeln!(err, "fleetlic: {} not contacted: {}", u.name, u.reason())?;
                    }
                }
                let unchecked: Vec<&str> = targets
                    .iter()
                    .filter(|t| t.host_key_check == crate::target::HostKeyCheck::Off)
                    .map(|t| t.name.as_str())
                    .collect();
                if !unchecked.is_empty() && !config.collection.accept_any_host_key {
                    writeln!(
                        err,
                        "fleetlic: {}: host_key_check = \"off\" for {}; pass --insecure-accept-any-host-key to accept any host key",
                        file.display(),
                        unchecked.join(", ")
                    )?;
                    return Ok(Err(ExitStatus::Unknown));
                }
                if let Some(cap) = config.collection.max_output {
                    for t in &mut targets {
                        t.max_output = cap;
                    }
                }
                let options = live::Options {
                    concurrency: config.collection.concurrency,
                    deadline: config.collection.deadline,
                    progress: runtime.progress.clone(),
                    cancel: runtime.cancel.clone(),
                    cap: config.max_records,
                };
                let started = std::time::Instant::now();
                let mut run = live::collect_devices(
                    targets,
                    &options,
                    runtime.clock.clone(),
                    config.collection.save_raw.clone(),
                )
                .context("starting the SSH collector")?;
                // Devices whose inventory entry could not be used go back to their place (and
                // into --save-raw, so that a replay of it has the whole fleet).
                for (index, u) in unusable {
                    let record = u.record();
                    if let Some(dir) = &config.collection.save_raw {
                        let saved = crate::collect::Collected {
                            record: record.clone(),
                            outputs: Vec::new(),
                            warnings: Vec::new(),
                        };
                        if let Err(e) = crate::save_raw::write(dir, &saved) {
                            run.save_error.get_or_insert(e);
                        }
                    }
                    let at = index.min(run.devices.len());
                    run.devices.insert(
                        at,
                        Device::from_outputs(record, Vec::new(), crate::cap::RecordCap::default()),
                    );
                }
                let mut save_failed = false;
                if let Some(e) = &run.save_error {
                    writeln!(err, "fleetlic: --save-raw: {e}")?;
                    save_failed = true;
                }
                if !config.terminal.quiet {
                    let statuses = run.devices.iter().map(|d| &d.status);
                    writeln!(err, "{}", live::summary_line(statuses, started.elapsed()))?;
                    if run.host_keys_recorded > 0 {
                        writeln!(err, "{}", live::recorded_keys_line(run.host_keys_recorded))?;
                    }
                }
                Ok(Ok((run.devices, save_failed)))
            }
        }
    }

    /// Audits `devices`: rules, reconciliation with the entitlements (its `license.*`
    /// findings join the others and the exit code), comparison with and recording into the
    /// history (the run stamped with the real time `recorded_at` when known), the reports,
    /// the terminal report and the alerts. Returns the exit status.
    pub fn finish(
        self,
        devices: Vec<Device>,
        recorded_at: Option<DateTime<Utc>>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<ExitStatus> {
        let config = self.config;
        let ctx = self.context();
        let now = self.now;
        let (mut audited, mut all) = audit_devices(devices, &ctx);
        let mut history = AuditHistory::open(config.history.as_deref(), err)?;
        all.extend(crate::identity::check(
            &mut audited,
            &history.previous_serials(),
        ));
        rules::sort(&mut all);
        history.compare(&audited, ctx.thresholds());
        let ledger = self.entitlements.as_ref().map(|e| {
            // Two entries answering with one serial are one device: its licenses count once.
            let devices = crate::identity::counted_once(&audited);
            reconcile::reconcile(&e.path.display().to_string(), &e.rows, devices, &ctx)
        });
        if let Some(l) = &ledger {
            all.extend(l.findings.iter().cloned());
            rules::sort(&mut all);
        }
        // Reconciliation findings (`license.*`) are part of the run's history too.
        if let Some(l) = &ledger {
            history.add_findings(&l.findings, ctx.thresholds());
        }
        let results = Results {
            audited: &audited,
            findings: &all,
            ledger: ledger.as_ref(),
            changes: history.changes.as_ref(),
            now,
            warn_days: config.warn_days,
            crit_days: config.crit_days,
        };
        // A report that cannot be written does not stop the others, the history or the alerts.
        let unwritten = write_reports(&results, &config.reports, out);
        for e in &unwritten {
            writeln!(err, "fleetlic: {e:#}")?;
        }
        // What the alert sinks and the exit code see: every finding, or with `--alert-on new`
        // only those new or worse since the previous run.
        let alert =
            crate::alert::findings_to_alert(config.alert_on, history.previous_findings(), &all);
        if !config.terminal.quiet {
            let style = table::Style {
                color: config.terminal.color,
            };
            // With a report on stdout, the human report goes to stderr so the data stays clean.
            let data_on_stdout = config.reports.on_stdout() > 0 || config.alerts.uses_stdout();
            let target: &mut dyn Write = if data_on_stdout { err } else { out };
            match config.alert_on {
                AlertOn::All => {
                    table::write(target, &audited, ledger.as_ref(), now, style)?;
                    history.write_text(target, false)?;
                }
                // Only what changed, and nothing at all when nothing did: cron mails non-empty output.
                AlertOn::New => history.write_text(target, true)?,
            }
        }
        let stored = history.store(&ctx, recorded_at, config.source.label(), err)?;
        // Alerts last: a slow webhook must not hold back the reports. Never changes the exit code.
        crate::alert::deliver(&config.alerts, &audited, &alert, now, out, err)?;
        let status = exit_status(&alert, config.fail_on);
        // A history that could not be read or written, or a report that could not be written,
        // makes the run unknown, unless something is critical (critical outranks unknown).
        let failed = !stored || !unwritten.is_empty();
        Ok(
            if failed && config.fail_on != FailOn::Never && status != ExitStatus::Critical {
                ExitStatus::Unknown
            } else {
                status
            },
        )
    }
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
