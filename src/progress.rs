//! The terminal progress bar for live collection: devices done / total, failures so far, ETA.
//! Drawn on stderr, only when stderr is a terminal; reports and logs never mix with it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::collect::Progress;
use crate::device::CollectionStatus;

/// An indicatif bar over the fleet.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    failed: AtomicUsize,
}

impl Bar {
    /// A bar for `total` devices; hidden unless `visible` (stderr is a terminal, no `--quiet`, no `-v`).
    pub fn new(total: usize, visible: bool) -> Self {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} devices, {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("0 failed");
        bar.enable_steady_tick(Duration::from_millis(250));
        Self {
            bar,
            failed: AtomicUsize::new(0),
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
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
        let bar = Bar::new(3, false);
        bar.device_finished("a", &CollectionStatus::Ok);
        bar.device_finished("b", &CollectionStatus::AuthFailed);
        assert_eq!(bar.bar.position(), 2);
        assert_eq!(bar.failed.load(Ordering::Relaxed), 1);
        assert_eq!(bar.bar.message(), "1 failed");
        bar.finish();
    }
}
