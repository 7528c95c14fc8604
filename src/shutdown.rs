//! Ctrl-C during a live collection: the first stops the run cleanly (no new device starts,
//! sessions close, the reports are written with the rest marked cancelled); a second one exits
//! at once with 130.

use tokio::signal::unix::{signal, SignalKind};
use tokio_util::sync::CancellationToken;

/// Cancels `token` on the first SIGINT, exits the process on the second. Watches from a thread
/// of its own, so it works whatever runtime the collection runs on; returns once the handler
/// is installed, so a Ctrl-C from then on is never the default "kill at once".
pub fn cancel_on_ctrl_c(token: CancellationToken) {
    let (ready, installed) = std::sync::mpsc::channel::<()>();
    let watcher = std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                let Ok(mut interrupts) = signal(SignalKind::interrupt()) else {
                    return;
                };
                let _ = ready.send(());
                if interrupts.recv().await.is_some() {
                    token.cancel();
                    if interrupts.recv().await.is_some() {
                        std::process::exit(130);
                    }
                }
            });
        });
    match watcher {
        Ok(_) => {
            // Err: the thread could not install the handler; Ctrl-C then stops at once.
            let _ = installed.recv();
        }
        Err(e) => tracing::warn!("Ctrl-C will stop the process at once: no watcher thread ({e})"),
    }
}
