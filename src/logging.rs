//! Logging: `tracing` events to stderr, as text or JSON lines; reports never mix with them.

use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::cli::LogFormat;

/// Crates whose own log lines are never shown, at any level and whatever `RUST_LOG` says: the
/// HTTP client logs each request with its URL, and a webhook's URL is a secret (its path or
/// query is the token). fleetlic's own lines about the webhook show only scheme, host and port.
const NEVER_LOGGED: [&str; 3] = ["ureq", "ureq_proto", "rustls"];

/// Sets up tracing once: warnings by default, `-v` debug for fleetlic, `-vv` trace; `RUST_LOG`
/// overrides (except for [`NEVER_LOGGED`]). Logs go to stderr; reports never mix with them.
pub fn init(verbose: u8, format: LogFormat) {
    let default = match verbose {
        0 => "warn",
        1 => "warn,fleetlic=debug",
        _ => "debug,fleetlic=trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false);
    let layer = match format {
        LogFormat::Text => fmt.boxed(),
        LogFormat::Json => fmt.json().boxed(),
    };
    let shown = filter_fn(|meta| !is_never_logged(meta.target()));
    // A second initialisation (tests) is harmless: keep the first.
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(shown).with_filter(filter))
        .try_init();
}

/// Whether a log target belongs to a crate in [`NEVER_LOGGED`].
fn is_never_logged(target: &str) -> bool {
    let krate = target.split("::").next().unwrap_or(target);
    NEVER_LOGGED.contains(&krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_client_targets_are_never_logged_and_fleetlic_ones_are() {
        assert!(is_never_logged("ureq::unversioned::transport"));
        assert!(is_never_logged("ureq_proto::client"));
        assert!(is_never_logged("rustls::client::hs"));
        assert!(!is_never_logged("fleetlic_core::alert"));
        assert!(!is_never_logged("russh::client"));
    }
}
