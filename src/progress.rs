//! The terminal progress bar for live collection: devices done / total, failures so far, ETA.
//! Drawn on stderr, only when stderr is a terminal (the audit command decides); reports and
//! logs never mix with it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use fleetlic_core::collect::Progress;
use fleetlic_core::device::CollectionStatus;

/// An indicatif bar over the fleet.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    failed: AtomicUsize,
}

impl Bar {
    /// A bar on stderr, drawn once the fleet starts (its length is the fleet's size).
    pub fn new() -> Self {
        Self::with_target(ProgressDrawTarget::stderr())
    }

    fn with_target(target: ProgressDrawTarget) -> Self {
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} devices, {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("0 failed");
        Self {
            bar,
            failed: AtomicUsize::new(0),
        }
    }
}

impl Progress for Bar {
    fn fleet_started(&self, devices: usize) {
        self.bar.set_length(devices as u64);
        self.bar.enable_steady_tick(Duration::from_millis(250));
    }

    fn fleet_finished(&self) {
        self.bar.finish_and_clear();
    }

    fn device_finished(&self, _name: &str, status: &CollectionStatus) {
        if *status != CollectionStatus::Ok {
            let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
            self.bar.set_message(format!("{failed} failed"));
        }
        self.bar.inc(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_bar_counts_devices_and_failures() {
        let bar = Bar::with_target(ProgressDrawTarget::hidden());
        bar.fleet_started(3);
        bar.device_finished("a", &CollectionStatus::Ok);
        bar.device_finished("b", &CollectionStatus::AuthFailed);
        assert_eq!(bar.bar.position(), 2);
        assert_eq!(bar.failed.load(Ordering::Relaxed), 1);
        assert_eq!(bar.bar.message(), "1 failed");
        assert_eq!(bar.bar.length(), Some(3));
        bar.fleet_finished();
    }
}
