//! The hostile bench (`fleetlic bench --hostile-output-mib M`): every simulated device prints a
//! `show license usage` of about M MiB (tens of thousands of authorized licenses, within
//! `--max-output`), and the real `fleetlic audit` runs as a child process whose own peak
//! resident memory (`VmHWM`, polled while it runs) is measured: once over SSH against the
//! simulator, once as a `--replay` of a larger saved fleet with every report on.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

/// The slug of the command the hostile devices flood.
const USAGE_FILE: &str = "show_license_usage.txt";

/// One run of the audit binary: how it ended and what it used.
#[derive(Debug, Clone)]
pub struct ChildRun {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Peak resident memory of the audit process itself, bytes (`None` without `/proc`).
    pub peak_rss: Option<u64>,
    /// Wall time.
    pub wall: Duration,
    /// Its standard error, for a failure message.
    pub stderr: String,
}

/// An NX-OS `show license usage` of at least `bytes` bytes: `switch# show license usage`, then
/// authorized license blocks `(HOSTILE_LIC_00001)` ... in the format real devices print.
pub fn usage_output(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 256);
    text.push_str("switch# show license usage\nLicense Authorization:\n  Status: AUTHORIZED on Jul 16 14:26:01 2026 UTC\n\n");
    let mut i = 0usize;
    while text.len() < bytes {
        i += 1;
        text.push_str(&format!(
            "(HOSTILE_LIC_{i:06}):\n  Description: Hostile license {i} for Nexus 9500\n  Count: 1\n  Version: 1.0\n  Status: AUTHORIZED\n\n"
        ));
    }
    text
}

/// Writes a one-device fleet under `dir`: the first NX-OS device of `fleet` without simulator
/// faults, its `show license usage` replaced by [`usage_output`] of `bytes`. Returns the
/// device directory.
pub fn write_fleet(fleet: &Path, dir: &Path, bytes: usize) -> Result<PathBuf> {
    let template = crate::load_devices(fleet)
        .with_context(|| format!("reading the fleet {}", fleet.display()))?
        .into_iter()
        .find(|d| d.platform == fleetlic_parsers::Platform::NxOs && d.faults.is_empty())
        .context("the fleet has no fault-free NX-OS device to copy")?;
    let source = fleet.join(&template.name);
    let device = dir.join("hostile-n9k");
    std::fs::create_dir_all(&device)?;
    for entry in std::fs::read_dir(&source)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), device.join(entry.file_name()))?;
        }
    }
    // The device's own echo line (its prompt) leads, as in the file it replaces.
    let original = std::fs::read_to_string(source.join(USAGE_FILE)).unwrap_or_default();
    let echo = original
        .lines()
        .next()
        .unwrap_or("switch# show license usage");
    let flood = usage_output(bytes);
    let body = flood.split_once('\n').map_or("", |(_, rest)| rest);
    std::fs::write(device.join(USAGE_FILE), format!("{echo}\n{body}"))?;
    Ok(device)
}

/// A replay directory of `n` copies of `device` (hard links, so `n` large outputs cost one
/// file's disk space), named `hostile-0001` ...
pub fn write_replay(device: &Path, dir: &Path, n: usize) -> Result<()> {
    for i in 1..=n {
        let copy = dir.join(format!("hostile-{i:04}"));
        std::fs::create_dir_all(&copy)?;
        for entry in std::fs::read_dir(device)? {
            let entry = entry?;
            let to = copy.join(entry.file_name());
            if std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to)?;
            }
        }
    }
    Ok(())
}

/// Gives the simulator's inventory budgets a flood of large outputs on a shared machine needs.
pub fn relax_timeouts(inventory: &Path) -> Result<()> {
    let text = std::fs::read_to_string(inventory)?;
    let Some(rest) = text.strip_prefix("[defaults]\n") else {
        bail!("{}: no [defaults] table first", inventory.display());
    };
    std::fs::write(
        inventory,
        format!("[defaults]\nconnect_timeout_s = 300\ncommand_timeout_s = 900\ndevice_timeout_s = 1800\n{rest}"),
    )?;
    Ok(())
}

/// The entitlements export `--csv-licenses` reconciles with: the hostile licenses' tag unknown,
/// one row a real account would hold.
pub fn write_entitlements(path: &Path) -> Result<()> {
    std::fs::write(
        path,
        "License,Entitlement Tag,Virtual Account,Quantity,Expires\nLAN Enterprise,LAN_ENTERPRISE_SERVICES_PKG,Default,100,2027-12-31\n",
    )?;
    Ok(())
}

/// Runs `fleetlic audit ARGS` (the running binary) with `env`, polling its `VmHWM` every 10 ms
/// until it exits.
pub fn audit_child(args: &[std::ffi::OsString], env: &[(&str, &str)]) -> Result<ChildRun> {
    let exe = std::env::current_exe().context("locating the fleetlic binary")?;
    let started = Instant::now();
    let mut command = Process::new(exe);
    command.arg("audit").args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting fleetlic audit")?;
    let mut stderr = child.stderr.take().context("audit stderr")?;
    let drain = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let polling = done.clone();
    let poller = std::thread::spawn(move || {
        let mut peak: Option<u64> = None;
        while !polling.load(Ordering::Relaxed) {
            if let Some(kib) = vm_hwm_kib(pid) {
                peak = Some(peak.map_or(kib, |p| p.max(kib)));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        peak
    });
    let status = child.wait().context("waiting for fleetlic audit")?;
    done.store(true, Ordering::Relaxed);
    let peak = poller.join().unwrap_or_default();
    let stderr = drain.join().unwrap_or_default();
    Ok(ChildRun {
        code: status.code(),
        peak_rss: peak.map(|kib| kib * 1024),
        wall: started.elapsed(),
        stderr,
    })
}

/// `VmHWM` of process `pid`, KiB.
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Writes one result line: `what: N devices, peak RSS X MB, wall Y s, exit C (JSON Z MB)`.
pub fn report_line(
    out: &mut dyn Write,
    what: &str,
    run: &ChildRun,
    json: Option<&Path>,
) -> Result<()> {
    let json_mb = json
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or("n/a".to_string(), |m| {
            format!("{:.1}", m.len() as f64 / 1e6)
        });
    writeln!(
        out,
        "{what}: peak RSS {} MB, wall {:.1} s, exit {}, JSON report {json_mb} MB",
        run.peak_rss
            .map_or("n/a".into(), |b| format!("{:.0}", b as f64 / 1e6)),
        run.wall.as_secs_f64(),
        run.code.map_or("signal".into(), |c| c.to_string()),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hostile_usage_output_is_as_large_as_asked_and_parses_to_that_many_licenses() {
        let text = usage_output(64 * 1024);
        assert!(text.len() >= 64 * 1024 && text.len() < 65 * 1024);
        let parsed = fleetlic_parsers::parse(
            fleetlic_parsers::Platform::NxOs,
            fleetlic_parsers::Command::LicenseUsage,
            &text,
        )
        .map(|p| p.value.licenses.len())
        .unwrap_or(0);
        assert_eq!(parsed, text.matches("(HOSTILE_LIC_").count());
        assert!(parsed > 500, "{parsed}");
    }
}
