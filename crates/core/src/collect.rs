//! The fleet scheduler: runs one collection per target with bounded concurrency, a budget per
//! device, and cancellation, and returns one result per target in inventory order.
//!
//! Nothing is lost: a device that fails, times out, panics or is never started because the run
//! was cancelled still yields a [`Collected`] saying why, with whatever outputs it produced
//! before. The per-device work is a function argument, so the scheduler is tested without SSH
//! and the SSH collector, the simulator tests and any future source share it.

use std::future::Future;
use std::sync::{Arc, Mutex};

use fleetlic_parsers::{Command, Platform};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::device::{CollectionStatus, DeviceRecord};
use crate::target::Target;

/// What a device produced: its collection record and the raw output of each command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// Identity, status, error, audit keys.
    pub record: DeviceRecord,
    /// Raw output per command, in the order collected.
    pub outputs: Vec<(Command, String)>,
    /// What the collector noticed about reading an output (no echo, cut short), per command.
    pub warnings: Vec<(Command, String)>,
}

/// Why a device's collection stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The status to record (`unreachable`, `auth_failed`, `timeout` ...).
    pub status: CollectionStatus,
    /// A human explanation, without secrets.
    pub error: String,
}

/// Where the per-device work puts what it learns as it goes, so a device that times out or is
/// cancelled half-way keeps its outputs.
#[derive(Debug, Clone, Default)]
pub struct Sink(Arc<Mutex<SinkState>>);

#[derive(Debug, Default)]
struct SinkState {
    platform: Option<Platform>,
    outputs: Vec<(Command, String)>,
    warnings: Vec<(Command, String)>,
}

impl Sink {
    /// Records one command's raw output.
    pub fn output(&self, command: Command, text: String) {
        if let Ok(mut s) = self.0.lock() {
            s.outputs.push((command, text));
        }
    }

    /// Records something odd about reading `command`'s output (it still counts).
    pub fn warning(&self, command: Command, text: String) {
        if let Ok(mut s) = self.0.lock() {
            s.warnings.push((command, text));
        }
    }

    /// Records the platform once known (`auto` devices learn it from `show version`).
    pub fn platform(&self, platform: Platform) {
        if let Ok(mut s) = self.0.lock() {
            s.platform = Some(platform);
        }
    }

    fn take(&self) -> SinkState {
        match self.0.lock() {
            Ok(mut s) => std::mem::take(&mut *s),
            Err(_) => SinkState::default(),
        }
    }
}

/// Progress callbacks; the terminal progress bar implements it, tests and cron use [`NoProgress`].
pub trait Progress: Send + Sync {
    /// A collection of `devices` devices is starting.
    fn fleet_started(&self, _devices: usize) {}
    /// The collection ended (every device finished or was cancelled).
    fn fleet_finished(&self) {}
    /// A device's collection started.
    fn device_started(&self, _name: &str) {}
    /// A device's collection ended with `status`.
    fn device_finished(&self, _name: &str, _status: &CollectionStatus) {}
}

/// Progress that reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// Collects every target with at most `concurrency` at once. `work` gets the target and a
/// [`Sink`] and returns `Err` with the reason when the device cannot be (fully) collected; its
/// time is capped by the target's `device_timeout`. When `cancel` fires, no new device starts
/// and running ones stop; both are reported as cancelled. `now` stamps `collected_at`.
///
/// Each device's [`Collected`] goes to `done` as soon as the device ends and only what `done`
/// returns is kept, in target order (pass `|c| c` to keep everything): a large fleet's raw
/// outputs need not all be held until the run ends (the audit parses and saves each device
/// as it finishes).
pub async fn collect<W, F, D, T>(
    targets: Vec<Target>,
    concurrency: usize,
    cancel: CancellationToken,
    progress: Arc<dyn Progress>,
    now: impl Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync + 'static,
    work: W,
    done: D,
) -> Vec<T>
where
    W: Fn(Target, Sink) -> F + Send + Sync + 'static,
    F: Future<Output = Result<(), Failure>> + Send + 'static,
    D: Fn(Collected) -> T + Send + Sync + 'static,
    T: Send + 'static,
{
    let limit = Arc::new(Semaphore::new(concurrency.max(1)));
    let work = Arc::new(work);
    let done = Arc::new(done);
    let now = Arc::new(now);
    let mut slots: Vec<Option<T>> = (0..targets.len()).map(|_| None).collect();
    let mut tasks = JoinSet::new();
    let mut task_index = std::collections::HashMap::new();

    for (index, target) in targets.iter().cloned().enumerate() {
        let permit = tokio::select! {
            biased;
            _ = cancel.cancelled() => break,
            p = limit.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (work, done, now, cancel, progress) = (
            work.clone(),
            done.clone(),
            now.clone(),
            cancel.clone(),
            progress.clone(),
        );
        // Every log line about the device, at every level, names it: the span is at error
        // level so that even `warn`-only logging keeps it.
        let span = tracing::error_span!(
            "device",
            device = %target.name,
            host = %target.host,
            port = target.port
        );
        let handle = tasks.spawn(
            async move {
                let _permit = permit;
                progress.device_started(&target.name);
                let sink = Sink::default();
                let budget = target.device_timeout;
                let run = work(target.clone(), sink.clone());
                let outcome = tokio::select! {
                    _ = cancel.cancelled() => Err(Failure {
                        status: CollectionStatus::Cancelled,
                        error: "run cancelled while this device was being collected".into(),
                    }),
                    r = tokio::time::timeout(budget, run) => r.unwrap_or_else(|_| Err(Failure {
                        status: CollectionStatus::Timeout,
                        error: format!("device budget of {} s exceeded", budget.as_secs()),
                    })),
                };
                let collected = finish(&target, &sink, outcome, now());
                match &collected.record.error {
                    None => tracing::debug!(commands = collected.outputs.len(), "collected"),
                    Some(e) => {
                        let status = collected.record.status.as_word();
                        tracing::info!(status, error = %e, "not collected");
                    }
                }
                progress.device_finished(&target.name, &collected.record.status);
                (index, done(collected))
            }
            .instrument(span),
        );
        task_index.insert(handle.id(), index);
    }

    while let Some(joined) = tasks.join_next_with_id().await {
        match joined {
            Ok((_, (index, collected))) => {
                if let Some(slot) = slots.get_mut(index) {
                    *slot = Some(collected);
                }
            }
            Err(e) => {
                // A panicked task: map it back to its device; never lose the device.
                if let Some(&index) = task_index.get(&e.id()) {
                    if let (Some(slot), Some(target)) = (slots.get_mut(index), targets.get(index)) {
                        let failure = Failure {
                            status: CollectionStatus::Other("internal_error".into()),
                            error: format!("collection task failed: {e}"),
                        };
                        *slot = Some(done(finish(target, &Sink::default(), Err(failure), now())));
                    }
                }
            }
        }
    }

    targets
        .iter()
        .zip(slots)
        .map(|(target, slot)| {
            slot.unwrap_or_else(|| {
                let failure = Failure {
                    status: CollectionStatus::Cancelled,
                    error: "run cancelled before this device was collected".into(),
                };
                let mut c = finish(target, &Sink::default(), Err(failure), now());
                c.record.collected_at = None;
                done(c)
            })
        })
        .collect()
}

/// Builds the record of a finished device from its target, what it produced and the outcome.
fn finish(
    target: &Target,
    sink: &Sink,
    outcome: Result<(), Failure>,
    at: chrono::DateTime<chrono::Utc>,
) -> Collected {
    let SinkState {
        platform: learned,
        outputs,
        warnings,
    } = sink.take();
    let (status, error) = match outcome {
        Ok(()) => (CollectionStatus::Ok, None),
        Err(f) => (f.status, Some(f.error)),
    };
    Collected {
        record: DeviceRecord {
            name: target.name.clone(),
            host: target.host.clone(),
            platform: target.platform.or(learned),
            collected_at: Some(at),
            status,
            error,
            keys: target.keys.clone(),
        },
        outputs,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::device::AuditKeys;
    use crate::secret::Secret;
    use crate::target::{Credential, HostKeyCheck, SessionMode};

    fn target(name: &str) -> Target {
        Target {
            name: name.into(),
            host: "127.0.0.1".into(),
            port: 22,
            platform: Some(Platform::NxOs),
            group: None,
            username: "netops".into(),
            credential: Credential::Password(Secret::new("x")),
            enable_password: None,
            mode: SessionMode::Shell,
            connect_timeout: Duration::from_secs(10),
            command_timeout: Duration::from_secs(60),
            device_timeout: Duration::from_secs(300),
            max_output: crate::ssh::channel::DEFAULT_MAX_OUTPUT,
            legacy_algorithms: false,
            host_key_check: HostKeyCheck::Strict,
            known_hosts: None,
            jump: None,
            keys: AuditKeys::default(),
        }
    }

    fn clock() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[tokio::test(start_paused = true)]
    async fn each_device_is_handed_over_once_as_it_ends_even_when_never_started() {
        let targets: Vec<Target> = ["a", "b", "c"].into_iter().map(target).collect();
        let cancel = CancellationToken::new();
        let stop = cancel.clone();
        let handed = Arc::new(Mutex::new(Vec::new()));
        let seen = handed.clone();
        let got = collect(
            targets,
            1,
            cancel,
            Arc::new(NoProgress),
            clock,
            move |t, sink| {
                let stop = stop.clone();
                async move {
                    sink.output(Command::LicenseStatus, "x".repeat(1000));
                    if t.name == "a" {
                        // Only the first device runs: the run is cancelled when it ends.
                        stop.cancel();
                    }
                    Ok(())
                }
            },
            move |c: Collected| {
                if let Ok(mut h) = seen.lock() {
                    h.push(c.record.name.clone());
                }
                // Keep only the size of the outputs: the raw text is dropped here.
                (c.record.name, c.record.status, c.outputs.len())
            },
        )
        .await;
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], ("a".into(), CollectionStatus::Ok, 1));
        assert_eq!(got[1].1, CollectionStatus::Cancelled);
        assert_eq!(got[2].1, CollectionStatus::Cancelled);
        let mut handed = handed.lock().map(|h| h.clone()).unwrap_or_default();
        handed.sort();
        assert_eq!(handed, ["a", "b", "c"], "every device mapped exactly once");
    }

    #[tokio::test(start_paused = true)]
    async fn every_target_yields_a_result_in_inventory_order() {
        let targets: Vec<Target> = ["a", "b", "c", "d"].into_iter().map(target).collect();
        let got = collect(
            targets,
            2,
            CancellationToken::new(),
            Arc::new(NoProgress),
            clock,
            |t, sink| async move {
                // Later devices finish first: order must still follow the inventory.
                let delay = match t.name.as_str() {
                    "a" => 30,
                    "b" => 20,
                    "c" => 10,
                    _ => 0,
                };
                tokio::time::sleep(Duration::from_secs(delay)).await;
                sink.output(Command::LicenseStatus, format!("out of {}", t.name));
                if t.name == "c" {
                    return Err(Failure {
                        status: CollectionStatus::AuthFailed,
                        error: "permission denied".into(),
                    });
                }
                Ok(())
            },
            |c| c,
        )
        .await;
        let names: Vec<&str> = got.iter().map(|c| c.record.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        assert_eq!(got[2].record.status, CollectionStatus::AuthFailed);
        assert_eq!(got[2].record.error.as_deref(), Some("permission denied"));
        assert_eq!(
            got[0].outputs,
            [(Command::LicenseStatus, "out of a".to_string())]
        );
        assert_eq!(got[0].record.collected_at, Some(clock()));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrency_is_bounded() {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let targets: Vec<Target> = (0..10).map(|i| target(&format!("d{i}"))).collect();
        let (r, p) = (running.clone(), peak.clone());
        let got = collect(
            targets,
            3,
            CancellationToken::new(),
            Arc::new(NoProgress),
            clock,
            move |_, _| {
                let (r, p) = (r.clone(), p.clone());
                async move {
                    let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                    p.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    r.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                }
            },
            |c| c,
        )
        .await;
        assert_eq!(got.len(), 10);
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_device_over_budget_times_out_and_keeps_its_outputs() {
        let mut slow = target("slow");
        slow.device_timeout = Duration::from_secs(5);
        let got = collect(
            vec![slow, target("fast")],
            4,
            CancellationToken::new(),
            Arc::new(NoProgress),
            clock,
            |t, sink| async move {
                sink.output(
                    Command::Version,
                    "Cisco Nexus Operating System (NX-OS) Software".into(),
                );
                if t.name == "slow" {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                Ok(())
            },
            |c| c,
        )
        .await;
        assert_eq!(got[0].record.status, CollectionStatus::Timeout);
        assert!(got[0]
            .record
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("5 s"));
        assert_eq!(got[0].outputs.len(), 1, "partial outputs are kept");
        assert_eq!(got[1].record.status, CollectionStatus::Ok);
    }

    #[tokio::test(start_paused = true)]
    async fn cancellation_marks_running_and_unstarted_devices_cancelled() {
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(10)).await;
            trigger.cancel();
        });
        let targets: Vec<Target> = (0..5).map(|i| target(&format!("d{i}"))).collect();
        let got = collect(
            targets,
            1,
            cancel,
            Arc::new(NoProgress),
            clock,
            |t, _| async move {
                if t.name == "d0" {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_secs(3600)).await;
                Ok(())
            },
            |c| c,
        )
        .await;
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].record.status, CollectionStatus::Ok);
        assert!(got[1..]
            .iter()
            .all(|c| c.record.status == CollectionStatus::Cancelled));
        assert!(got[4].record.collected_at.is_none(), "never started");
    }

    #[tokio::test]
    async fn a_panicking_device_is_reported_not_lost() {
        let got = collect(
            vec![target("boom"), target("fine")],
            2,
            CancellationToken::new(),
            Arc::new(NoProgress),
            clock,
            |t, _| async move {
                if t.name == "boom" {
                    panic!("simulated bug");
                }
                Ok(())
            },
            |c| c,
        )
        .await;
        assert_eq!(
            got[0].record.status,
            CollectionStatus::Other("internal_error".into())
        );
        assert_eq!(got[1].record.status, CollectionStatus::Ok);
    }
}
