//! Logging: `tracing` events to stderr, as text or JSON lines; reports never mix with them.

use crate::cli::LogFormat;

/// Sets up tracing once: warnings by default, `-v` debug for fleetlic, `-vv` trace; `RUST_LOG`
/// overrides. Logs go to stderr; reports never mix with them.
pub fn init(verbose: u8, format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "warn,fleetlic=debug",
        _ => "debug,fleetlic=trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false);
    // A second initialisation (tests) is harmless: keep the first.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
