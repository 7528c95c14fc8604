//! Live collection over SSH: what one device's collection does, and the run around the fleet
//! (tokio runtime, cancellation, `--deadline`, progress, `--save-raw`).
//!
//! Outputs are kept exactly as the device sent them (echo, prompt, pager remnants included):
//! the parsers clean them, `--save-raw` stores them, and a later `--replay` of that directory
//! parses the very same bytes, so a live audit and its replay agree.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use fleetlic_parsers::{Command, Platform, Warning};
use tokio_util::sync::CancellationToken;

use crate::cap::RecordCap;
use crate::collect::{self, Collected, Failure, Progress, Sink};
use crate::device::{CollectionStatus, Device, OutputOutcome};
use crate::ssh::channel::OutputWarning;
use crate::ssh::{Phase, Session, SshError};
use crate::target::Target;

/// How to run a live collection.
#[derive(Clone)]
pub struct Options {
    /// Devices collected at once.
    pub concurrency: usize,
    /// Budget for the whole run; when it runs out, the rest is reported cancelled.
    pub deadline: Option<Duration>,
    /// Told when the fleet and each device start and end (the terminal progress bar, the bench's
    /// timer, or [`collect::NoProgress`]).
    pub progress: Arc<dyn Progress>,
    /// Stops the run: no new device starts, sessions close, the rest is reported cancelled
    /// (the binary cancels it on Ctrl-C).
    pub cancel: CancellationToken,
    /// Most records of each kind one output keeps (`--max-records`).
    pub cap: RecordCap,
}

impl Options {
    /// `concurrency` devices at once, no deadline, no progress, never cancelled.
    pub fn new(concurrency: usize) -> Self {
        Options {
            concurrency,
            deadline: None,
            progress: Arc::new(collect::NoProgress),
            cancel: CancellationToken::new(),
            cap: RecordCap::default(),
        }
    }
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("concurrency", &self.concurrency)
            .field("deadline", &self.deadline)
            .field("cancelled", &self.cancel.is_cancelled())
            .field("cap", &self.cap)
            .finish_non_exhaustive()
    }
}

/// The clock stamping `collected_at` (the real time, or a fixed one for the demo fleet).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Connection attempts before a device is declared unreachable (not for auth or host-key errors).
const CONNECT_ATTEMPTS: u32 = 3;

/// What [`collect_devices`] returns: every device, and the first `--save-raw` write that
/// failed (the audit goes on; the caller reports it).
#[derive(Debug)]
pub struct Devices {
    /// One per target, in inventory order.
    pub devices: Vec<Device>,
    /// The first raw output that could not be saved.
    pub save_error: Option<std::io::Error>,
    /// Host keys recorded in known_hosts during the run (`host_key_check = "accept-new"`).
    pub host_keys_recorded: usize,
}

/// Collects every target and turns each into a [`Device`] the moment it finishes: its raw
/// outputs saved under `save_raw` (when given), then parsed and dropped. Memory then holds
/// parsed models, not every device's raw text, and raw files appear as devices finish.
pub fn collect_devices(
    targets: Vec<Target>,
    options: &Options,
    clock: Clock,
    save_raw: Option<PathBuf>,
) -> std::io::Result<Devices> {
    let save_error: Arc<Mutex<Option<std::io::Error>>> = Arc::default();
    let first_error = save_error.clone();
    let recorded_before = crate::ssh::known_hosts::recorded_total();
    let cap = options.cap;
    let devices = collect(targets, options, clock, move |c| {
        if let Some(dir) = &save_raw {
            if let Err(e) = crate::save_raw::write(dir, &c) {
                let e = std::io::Error::new(
                    e.kind(),
                    format!("{} ({}): {e}", dir.display(), c.record.name),
                );
                if let Ok(mut slot) = first_error.lock() {
                    slot.get_or_insert(e);
                }
            }
        }
        into_device(c, cap)
    })?;
    let save_error = save_error.lock().ok().and_then(|mut e| e.take());
    Ok(Devices {
        devices,
        save_error,
        host_keys_recorded: crate::ssh::known_hosts::recorded_total()
            .saturating_sub(recorded_before),
    })
}

/// Collects every target over SSH on a fresh runtime, handing each finished device to `done`
/// (on the device's own task, so that work runs in parallel) and keeping what it returns, in
/// inventory order. `done = |c| c` keeps the raw outputs. `options.cancel` or the deadline
/// stops the run; the rest is reported cancelled.
pub fn collect<T: Send + 'static>(
    targets: Vec<Target>,
    options: &Options,
    clock: Clock,
    done: impl Fn(Collected) -> T + Send + Sync + 'static,
) -> std::io::Result<Vec<T>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let options = options.clone();
    runtime.block_on(async move {
        let cancel = options.cancel.child_token();
        if let Some(budget) = options.deadline {
            let on_deadline = cancel.clone();
            tokio::spawn(async move {
                tokio::time::sleep(budget).await;
                on_deadline.cancel();
            });
        }
        options.progress.fleet_started(targets.len());
        let stamp = clock.clone();
        let collected = collect::collect(
            targets,
            options.concurrency,
            cancel,
            options.progress.clone(),
            move || stamp(),
            |target, sink| async move { device(target, sink).await },
            done,
        )
        .await;
        options.progress.fleet_finished();
        Ok(collected)
    })
}

/// Writes every device's outputs under `dir` in the replay layout (`--save-raw`).
pub fn save_raw(dir: &Path, collected: &[Collected]) -> std::io::Result<()> {
    collected
        .iter()
        .try_for_each(|c| crate::save_raw::write(dir, c))
}

/// The final line of a live run: devices collected, failed, and wall time.
pub fn summary_line<'a>(
    statuses: impl IntoIterator<Item = &'a CollectionStatus>,
    elapsed: Duration,
) -> String {
    let (mut total, mut failed) = (0, 0);
    for status in statuses {
        total += 1;
        if *status != CollectionStatus::Ok {
            failed += 1;
        }
    }
    format!(
        "collected {total} device(s): {} ok, {failed} failed, in {:.1} s",
        total - failed,
        elapsed.as_secs_f64()
    )
}

/// What accept-new did in a run: how many host keys it recorded, to be checked.
pub fn recorded_keys_line(recorded: usize) -> String {
    format!(
        "accept-new recorded {recorded} new host key(s) in known_hosts: compare their \
         fingerprints (in the -v log) with the devices' (show ip ssh / show crypto key mypubkey)"
    )
}

/// Collects one device: connect (with retries), learn the platform when the inventory says
/// `auto`, run every allow-listed command of the platform, close.
pub async fn device(target: Target, sink: Sink) -> Result<(), Failure> {
    let mut session = open(&target).await?;
    let platform = match target.platform {
        Some(p) => p,
        None => {
            // `show version` is the same command everywhere and names the platform.
            let out = session
                .run(Command::Version, Platform::IosXe)
                .await
                .map_err(failure)?;
            let detected = Platform::detect(&out.raw);
            note_warnings(&sink, Command::Version, None, &out.warnings);
            sink.output(Command::Version, out.raw);
            detected.ok_or_else(|| Failure {
                status: CollectionStatus::Other("platform_unknown".into()),
                error: "`show version` did not say which platform this is; set platform in the inventory".into(),
            })?
        }
    };
    sink.platform(platform);
    let mut previous = None;
    for command in Command::for_platform(platform) {
        if command == Command::Version && target.platform.is_none() {
            continue;
        }
        let out = session.run(command, platform).await.map_err(failure)?;
        note_warnings(&sink, command, previous, &out.warnings);
        previous = Some(command);
        sink.output(command, out.raw);
    }
    session.close().await;
    Ok(())
}

/// Opens a session, retrying connection failures with backoff (1 s, 2 s); authentication and
/// host-key failures are final at once.
async fn open(target: &Target) -> Result<Session, Failure> {
    let mut delay = Duration::from_secs(1);
    let mut attempt = 1;
    loop {
        match Session::open(target).await {
            Ok(s) => return Ok(s),
            Err(e) if attempt < CONNECT_ATTEMPTS && retryable(&e) => {
                tracing::debug!(attempt, error = %e, "connect failed, retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            Err(e) => return Err(failure(e)),
        }
    }
}

/// Connection-level failures are worth another try; a device that logged us in and then hung,
/// or refused our credentials or host key, is not.
fn retryable(e: &SshError) -> bool {
    match e {
        SshError::Connect { .. } => true,
        SshError::Timeout { phase } | SshError::Disconnected { during: phase } => {
            matches!(phase, Phase::Connect | Phase::Handshake)
        }
        _ => false,
    }
}

/// Records how reading `command`'s output went wrong, on the command it concerns: late bytes
/// before the echo belong to the `previous` command (cut short), a missing echo to this one.
fn note_warnings(
    sink: &Sink,
    command: Command,
    previous: Option<Command>,
    warnings: &[OutputWarning],
) {
    for w in warnings {
        let on = match w {
            OutputWarning::LateOutput { .. } => previous.unwrap_or(command),
            OutputWarning::NoEcho => command,
        };
        sink.warning(on, w.to_string());
    }
}

/// Turns a finished device's collection into a [`Device`]: its outputs parsed, and what the
/// collection noticed about reading them added to those outputs' warnings (line 0: not a
/// line of the output), so the report and its JSON show them. Each output keeps at most
/// `cap` records of each kind.
pub fn into_device(c: Collected, cap: RecordCap) -> Device {
    let mut device = Device::from_outputs(c.record, c.outputs, cap);
    for (command, note) in c.warnings {
        match device.outputs.get_mut(&command) {
            Some(OutputOutcome::Parsed { warnings, .. }) => {
                warnings.push(Warning::new(0, "", format!("collection: {note}")));
            }
            Some(OutputOutcome::Unparseable { reason }) => {
                reason.push_str(&format!("; collection: {note}"));
            }
            _ => {}
        }
    }
    device
}

/// Maps an SSH error to the collection status and message recorded for the device.
pub fn failure(e: SshError) -> Failure {
    let status = match &e {
        SshError::Connect { .. } => CollectionStatus::Unreachable,
        SshError::Timeout { .. } => CollectionStatus::Timeout,
        SshError::AuthFailed { .. } => CollectionStatus::AuthFailed,
        SshError::HostKeyMismatch { .. } | SshError::HostKeyRevoked { .. } => {
            CollectionStatus::HostKeyMismatch
        }
        SshError::HostKeyUnknown { .. } => CollectionStatus::HostKeyUnknown,
        SshError::Disconnected { .. } => CollectionStatus::Other("disconnected".into()),
        SshError::OutputTooLarge { .. } => CollectionStatus::OutputTooLarge,
        _ => CollectionStatus::Other("ssh_error".into()),
    };
    Failure {
        status,
        error: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_warnings_join_the_parse_warnings_of_their_output_and_show_in_json() {
        let c = Collected {
            record: crate::device::DeviceRecord {
                name: "sw1".into(),
                host: "h".into(),
                platform: Some(Platform::NxOs),
                collected_at: None,
                status: CollectionStatus::Ok,
                error: None,
                keys: Default::default(),
            },
            outputs: vec![
                (
                    Command::LicenseStatus,
                    "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n".into(),
                ),
                (Command::LicenseUsage, "Feature  Ins  Lic\n".into()),
            ],
            warnings: vec![
                (
                    Command::LicenseStatus,
                    OutputWarning::LateOutput { bytes: 9 }.to_string(),
                ),
                (Command::LicenseUsage, OutputWarning::NoEcho.to_string()),
            ],
        };
        let device = into_device(c, RecordCap::default());
        let Some(OutputOutcome::Parsed { warnings, .. }) =
            device.outputs.get(&Command::LicenseStatus)
        else {
            panic!("status parsed: {:?}", device.outputs);
        };
        assert!(warnings
            .iter()
            .any(|w| w.line == 0 && w.reason.starts_with("collection: 9 byte(s)")));
        let json = serde_json::to_string(&device.outputs).unwrap_or_default();
        assert!(json.contains("did not echo"), "{json}");
    }

    #[test]
    fn auth_and_host_key_errors_are_not_retried() {
        assert!(!retryable(&SshError::AuthFailed {
            username: "u".into(),
            tried: "password".into()
        }));
        assert!(retryable(&SshError::Connect {
            host: "h".into(),
            port: 22,
            reason: "refused".into()
        }));
        assert_eq!(
            failure(SshError::AuthFailed {
                username: "u".into(),
                tried: "password".into()
            })
            .status,
            CollectionStatus::AuthFailed
        );
    }
}
