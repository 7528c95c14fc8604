//! The `fleetlic` binary's integration tests: one test binary, a module per topic.

mod parse_cli;
mod util;
