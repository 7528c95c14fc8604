//! The inventory loaders: `load_toml`, and `load_csv` with or without a `--defaults` TOML,
//! resolving credentials through a `MemoryEnv` (no disk, no real environment).
//!
//! Input: byte 0 even → the rest is a TOML inventory; odd → the rest is a CSV inventory, and
//! when it holds a NUL byte, what follows the first NUL is the defaults TOML. Any error is
//! fine; each error line must start with the name of a file it is about.
#![no_main]

use std::path::Path;

use fleetlic_core::inventory::{load_csv, load_toml, MemoryEnv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [kind, rest @ ..] = data else {
        return;
    };
    let env = MemoryEnv::new()
        .with_var("AUDIT_PASSWORD", "pw")
        .with_var("AUDIT_KEY_PASSPHRASE", "pp")
        .with_var("AUDIT_ENABLE_PASSWORD", "en")
        .with_var("PW", "s3cret")
        .with_var("SSH_AUTH_SOCK", "/run/agent.sock")
        .with_var("HOME", "/home/ops")
        .with_file("inv/keys/bastion_ed25519", "k")
        .with_file("inv/keys/audit_ed25519", "k")
        .with_file("inv/known_hosts", "")
        .with_file("/etc/fleetlic/pw", "filepass\nsecond line\n")
        .with_file("/home/ops/.ssh/id_rsa", "k");
    let inventory = Path::new("inv/inventory.toml");
    let csv = Path::new("inv/fleet.csv");
    let defaults = Path::new("inv/defaults.toml");
    let (result, files): (_, &[&Path]) = if kind % 2 == 0 {
        let text = String::from_utf8_lossy(rest);
        (load_toml(inventory, &text, &env), &[inventory])
    } else {
        let (table, defaults_text) = match rest.iter().position(|b| *b == 0) {
            Some(i) => (&rest[..i], Some(String::from_utf8_lossy(&rest[i + 1..]))),
            None => (rest, None),
        };
        let table = String::from_utf8_lossy(table);
        let with = defaults_text.as_deref().map(|d| (defaults, d));
        (load_csv(csv, &table, with, &env), &[csv, defaults])
    };
    if let Err(errors) = result {
        assert!(!errors.0.is_empty(), "an error names at least one problem");
        for line in errors.lines() {
            assert!(
                files
                    .iter()
                    .any(|f| line.starts_with(&f.display().to_string())),
                "error line does not start with the file name: {line:?}"
            );
        }
    }
});
