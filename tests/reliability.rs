//! Reliability as a user meets it, through the binary against simulated fleets: a fleet where
//! most devices misbehave is still reported whole; Ctrl-C and SIGKILL lose nothing already
//! written; runaway output is capped with memory bounded; no secret ever reaches an output.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use fleetlic_parsers::{Command, Platform};
use fleetlic_sim::{Fault, Fleet, SimDevice, SimOptions, DEFAULT_USERNAME};

use crate::util::{interrupt_and_wait, repo, scratch, Reaper};

/// The simulator's password in these tests: distinctive, so a leak is found by a plain search.
const PASSWORD: &str = "pw-canary-7Hq2xZ";

/// A simulated fleet served from its own runtime for the length of a test.
struct Served {
    runtime: tokio::runtime::Runtime,
    fleet: Option<Fleet>,
}

impl Served {
    fn start(devices: Vec<SimDevice>, options: SimOptions) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let fleet = runtime
            .block_on(Fleet::start(devices, options))
            .expect("fleet");
        Served {
            runtime,
            fleet: Some(fleet),
        }
    }

    fn fleet(&self) -> &Fleet {
        self.fleet.as_ref().expect("running")
    }

    /// An inventory of the whole fleet (password from `FLEETLIC_SIM_PASSWORD`, strict host
    /// keys), with `defaults` lines added to `[defaults]`.
    fn inventory(&self, dir: &Path, defaults: &str) -> PathBuf {
        let known_hosts = dir.join("known_hosts");
        fs::write(&known_hosts, self.fleet().known_hosts()).expect("known_hosts");
        let text = self
            .fleet()
            .inventory_toml(DEFAULT_USERNAME, &known_hosts)
            .replacen("[defaults]\n", &format!("[defaults]\n{defaults}\n"), 1);
        let path = dir.join("inventory.toml");
        fs::write(&path, text).expect("inventory");
        path
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(fleet) = self.fleet.take() {
            self.runtime.block_on(fleet.shutdown());
        }
    }
}

fn options() -> SimOptions {
    SimOptions {
        password: PASSWORD.into(),
        nxos_rsa_host_key: false,
        auth_rejection_time: Duration::from_millis(10),
        slow_banner_delay: Duration::from_secs(2),
        ..SimOptions::default()
    }
}

/// The devices of the bundled replay fleet that collect and audit cleanly (no fault, no
/// collection finding worse than info in its golden report), as templates to copy.
fn templates() -> Vec<SimDevice> {
    let fleet = repo().join("samples/fleet");
    let unclean: Vec<String> = csv_rows(&fleet.join("expected-findings.csv"))
        .into_iter()
        .filter(|f| f["rule_id"].starts_with("collection.") && f["severity"] != "info")
        .map(|f| f["device"].clone())
        .collect();
    fleetlic_sim::load_devices(&fleet)
        .expect("samples/fleet")
        .into_iter()
        .filter(|d| d.faults.is_empty() && !d.outputs.is_empty() && !unclean.contains(&d.name))
        .collect()
}

/// The faults the issue names, one per tenth of the fleet; the rest (`None`) are healthy.
const MIX: [Option<Fault>; 10] = [
    Some(Fault::Hang),
    Some(Fault::DropMidOutput),
    Some(Fault::AuthFail),
    Some(Fault::Refuse),
    Some(Fault::Garbage),
    Some(Fault::SlowBanner),
    Some(Fault::WrongHostKey),
    None,
    None,
    None,
];

/// `n` devices copied from the templates, device `i` with fault `MIX[i % 10]`.
fn faulty_fleet(n: usize) -> Vec<SimDevice> {
    let templates = templates();
    assert!(templates.len() > 10, "enough healthy templates");
    (0..n)
        .map(|i| {
            let fault = MIX[i % MIX.len()];
            let template = &templates[i % templates.len()];
            let tag = fault.map_or("healthy", Fault::as_str);
            let name = format!("ff{i:03}-{tag}");
            let mut device = template.copy_as(&name, i);
            device.faults = fault.into_iter().collect();
            device
        })
        .collect()
}

/// The collection status each fault must end in.
fn expected_status(name: &str) -> &'static str {
    let tag = name.split_once('-').map_or("", |(_, t)| t);
    match tag {
        "hang" => "timeout",
        "drop_mid_output" => "disconnected",
        "auth_fail" => "auth_failed",
        "refuse" => "unreachable",
        "wrong_host_key" => "host_key_mismatch",
        // Garbage is collected (the device answered); the parsers flag it.
        "garbage" | "slow_banner" | "healthy" => "ok",
        other => panic!("unexpected device tag {other}"),
    }
}

/// Starts the binary with `envs` (and no inherited `RUST_LOG`), output piped.
fn fleetlic(args: &[&str], envs: &[(&str, &str)]) -> Child {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_fleetlic"));
    cmd.args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // An empty value leaves the variable unset.
    for (k, v) in envs.iter().filter(|(_, v)| !v.is_empty()) {
        cmd.env(k, v);
    }
    cmd.spawn().expect("spawn fleetlic")
}

/// Reads a CSV report into header-keyed rows.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("report CSV");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("well-formed CSV row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The three report files of a run in `dir`: findings CSV, devices CSV, JSON.
struct Reports {
    findings: PathBuf,
    devices: PathBuf,
    json: PathBuf,
}

impl Reports {
    fn in_dir(dir: &Path) -> Reports {
        Reports {
            findings: dir.join("findings.csv"),
            devices: dir.join("devices.csv"),
            json: dir.join("report.json"),
        }
    }

    /// `audit --quiet --inventory INV` with these reports, then `extra`.
    fn audit_args<'a>(&'a self, inventory: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![
            "audit",
            "--quiet",
            "--inventory",
            path_str(inventory),
            "--csv",
            path_str(&self.findings),
            "--csv-devices",
            path_str(&self.devices),
            "--json",
            path_str(&self.json),
        ];
        args.extend_from_slice(extra);
        args
    }
}

#[test]
fn fault_fleet_of_200_reports_every_device_once_with_its_status() {
    let dir = scratch("fault-fleet");
    let served = Served::start(faulty_fleet(200), options());
    let inv = served.inventory(
        &dir,
        "connect_timeout_s = 15\ncommand_timeout_s = 10\ndevice_timeout_s = 40",
    );
    let reports = Reports::in_dir(&dir);
    let (findings, devices, json) = (&reports.findings, &reports.devices, &reports.json);
    let started = Instant::now();
    let child = fleetlic(
        &reports.audit_args(&inv, &["--concurrency", "200", "--deadline", "60"]),
        &[("FLEETLIC_SIM_PASSWORD", PASSWORD)],
    );
    let out = child.wait_with_output().expect("wait");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The wrong host keys are critical, which outranks the devices not audited (3).
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // Budgets hold: per device 40 s, the fleet 60 s (plus the time to write the reports).
    assert!(
        elapsed < Duration::from_secs(75),
        "the run outlived its --deadline: {elapsed:?}"
    );

    let rows = csv_rows(devices);
    assert_eq!(rows.len(), 200, "one row per device");
    let mut seen = BTreeMap::new();
    for row in &rows {
        let name = row["device"].clone();
        assert_eq!(
            row["collection_status"],
            expected_status(&name),
            "{name}: {row:?}"
        );
        if row["collection_status"] != "ok" {
            assert!(!row["error"].is_empty(), "{name}: failure without why");
        }
        *seen.entry(name).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 200, "every device exactly once");

    let findings = csv_rows(findings);
    let raised = |device: &str, rule: &str| {
        findings
            .iter()
            .any(|f| f["device"] == device && f["rule_id"] == rule)
    };
    for (i, fault) in MIX.iter().cycle().take(200).enumerate() {
        let name = format!("ff{i:03}-{}", fault.map_or("healthy", Fault::as_str));
        let rule = match fault {
            Some(Fault::Hang) => Some("collection.timeout"),
            Some(Fault::DropMidOutput) => Some("collection.failed"),
            Some(Fault::AuthFail) => Some("collection.auth_failed"),
            Some(Fault::Refuse) => Some("collection.unreachable"),
            Some(Fault::Garbage) => Some("collection.output_unparseable"),
            Some(Fault::WrongHostKey) => Some("collection.host_key_mismatch"),
            _ => None,
        };
        match rule {
            Some(rule) => assert!(raised(&name, rule), "{name}: no {rule}"),
            None => assert!(
                !findings.iter().any(|f| f["device"] == name
                    && f["rule_id"].starts_with("collection.")
                    && f["severity"] != "info"),
                "{name} was collected cleanly"
            ),
        }
    }

    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(json).expect("JSON report")).expect("JSON");
    let json_devices = report["devices"].as_array().expect("devices array");
    assert_eq!(json_devices.len(), 200, "JSON has every device");
}

#[test]
fn sigint_mid_run_reports_finished_devices_and_marks_the_rest_not_audited() {
    let dir = scratch("fault-fleet-sigint");
    let served = Served::start(faulty_fleet(100), options());
    // Hung devices wait out a long login budget: they are still running at the interrupt.
    let inv = served.inventory(
        &dir,
        "connect_timeout_s = 120\ncommand_timeout_s = 120\ndevice_timeout_s = 300",
    );
    let reports = Reports::in_dir(&dir);
    let (findings, devices, json) = (&reports.findings, &reports.devices, &reports.json);
    let child = fleetlic(
        &reports.audit_args(&inv, &["--concurrency", "100"]),
        &[("FLEETLIC_SIM_PASSWORD", PASSWORD)],
    );
    let mut child = Reaper(child);
    // Healthy and fast-failing devices finish in well under 8 s; hung ones cannot.
    std::thread::sleep(Duration::from_secs(8));
    let status = interrupt_and_wait(&mut child, Duration::from_secs(30));
    assert_eq!(
        status.code(),
        Some(2),
        "critical host-key findings outrank the devices not audited"
    );

    let rows = csv_rows(devices);
    assert_eq!(rows.len(), 100, "every device is in the report");
    let mut finished = 0;
    for row in &rows {
        let name = &row["device"];
        let status = row["collection_status"].as_str();
        if name.ends_with("-hang") {
            assert_eq!(status, "cancelled", "{name}: not audited");
        } else if status != "cancelled" {
            // Finished before ^C: reported in full, with its own status.
            assert_eq!(status, expected_status(name), "{name}");
            finished += 1;
        }
    }
    // On an idle machine all 90 finish within the 8 s; a loaded CI machine may be slower.
    assert!(finished >= 45, "only {finished} devices finished before ^C");
    let findings = csv_rows(findings);
    assert!(findings
        .iter()
        .any(|f| f["device"].ends_with("-hang") && f["rule_id"] == "collection.cancelled"));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(json).expect("JSON written after ^C"))
            .expect("complete JSON");
    assert_eq!(report["devices"].as_array().map(Vec::len), Some(100));
}

#[test]
fn sigkill_mid_run_leaves_the_previous_reports_whole() {
    let dir = scratch("fault-fleet-sigkill");
    let served = Served::start(
        vec![SimDevice::new("stuck", Platform::IosXe).with_fault(Fault::Hang)],
        options(),
    );
    let inv = served.inventory(&dir, "connect_timeout_s = 120\ndevice_timeout_s = 300");
    let (csv, json) = (dir.join("findings.csv"), dir.join("report.json"));
    let previous_csv = "device,host,platform,rule_id,severity,message,due,days_left,fix\n";
    let previous_json = "{\"schema_version\": 1, \"devices\": []}\n";
    fs::write(&csv, previous_csv).expect("previous CSV");
    fs::write(&json, previous_json).expect("previous JSON");
    let child = fleetlic(
        &[
            "audit",
            "--quiet",
            "--inventory",
            path_str(&inv),
            "--csv",
            path_str(&csv),
            "--json",
            path_str(&json),
        ],
        &[("FLEETLIC_SIM_PASSWORD", PASSWORD)],
    );
    let mut child = Reaper(child);
    std::thread::sleep(Duration::from_secs(2));
    child.0.kill().expect("SIGKILL");
    let _ = child.0.wait();
    assert_eq!(fs::read_to_string(&csv).expect("csv"), previous_csv);
    assert_eq!(fs::read_to_string(&json).expect("json"), previous_json);
}

/// Waits for `child` and returns its exit code, stderr and peak resident memory (KiB) of that
/// very process after its exec: its `VmHWM`, polled while it runs. (`wait4`'s `ru_maxrss`
/// also counts the test process's pages the child shared between fork and exec, so it grows
/// with whatever the other tests of this process hold.)
fn wait_with_peak_rss(mut child: Child) -> (Option<i32>, String, i64) {
    use std::io::Read;
    let mut stderr = child.stderr.take().expect("stderr piped");
    let mut stdout = child.stdout.take().expect("stdout piped");
    let drain_out = std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stdout.read_to_end(&mut sink);
    });
    let drain_err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let polling = done.clone();
    let poller = std::thread::spawn(move || {
        let mut peak: Option<i64> = None;
        while !polling.load(std::sync::atomic::Ordering::Relaxed) {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<i64>().ok());
            if let Some(kib) = hwm {
                peak = Some(peak.map_or(kib, |p| p.max(kib)));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        peak
    });
    let mut status = 0;
    // SAFETY: wait4 writes only the status and the rusage struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let polled = poller.join().unwrap_or_default();
    let _ = drain_out.join();
    let stderr = drain_err.join().unwrap_or_default();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, stderr, polled.unwrap_or(usage.ru_maxrss))
}

#[test]
fn runaway_output_is_capped_and_the_collector_memory_stays_bounded() {
    let dir = scratch("runaway");
    let healthy = templates().remove(0);
    let devices = vec![
        SimDevice::new("flood", Platform::IosXe)
            .with_output(Command::LicenseStatus, "Smart Licensing is ENABLED")
            .with_fault(Fault::Flood),
        SimDevice::new("endless-line", Platform::NxOs)
            .with_output(Command::LicenseStatus, "Smart Licensing is ENABLED")
            .with_fault(Fault::EndlessLine),
        SimDevice::new("no-prompt", Platform::IosXe)
            .with_output(Command::LicenseStatus, "Smart Licensing is ENABLED")
            .with_fault(Fault::NoPrompt),
        healthy.clone(),
    ];
    let healthy_name = healthy.name.clone();
    let served = Served::start(devices, options());
    let inv = served.inventory(&dir, "command_timeout_s = 3\ndevice_timeout_s = 30");
    // The same faults on exec channels.
    let exec_inv = dir.join("exec.toml");
    let text = fs::read_to_string(&inv).expect("inventory").replacen(
        "[defaults]\n",
        "[defaults]\ntransport = \"exec\"\n",
        1,
    );
    fs::write(&exec_inv, text).expect("exec inventory");
    for (inv, mode) in [(&inv, "shell"), (&exec_inv, "exec")] {
        let devices_csv = dir.join(format!("devices-{mode}.csv"));
        let child = fleetlic(
            &[
                "audit",
                "--quiet",
                "--inventory",
                path_str(inv),
                "--csv-devices",
                path_str(&devices_csv),
            ],
            &[("FLEETLIC_SIM_PASSWORD", PASSWORD)],
        );
        let (code, stderr, peak_kib) = wait_with_peak_rss(child);
        // Not audited (3), or 2 when the healthy template has critical licensing findings.
        assert!(matches!(code, Some(2 | 3)), "{mode}: {code:?} {stderr}");
        // The endless line is 128 MiB and the flood unbounded; what the collector held
        // stayed near the 8 MiB cap (measured about 32 MiB in all).
        let peak_mib = peak_kib / 1024;
        assert!(peak_mib < 150, "{mode}: collector peak RSS {peak_mib} MiB");
        let rows = csv_rows(&devices_csv);
        let status = |name: &str| {
            rows.iter()
                .find(|r| r["device"] == name)
                .map(|r| (r["collection_status"].clone(), r["error"].clone()))
                .unwrap_or_default()
        };
        let (flood, why) = status("flood");
        assert_eq!(flood, "output_too_large", "{mode}: {why}");
        assert!(why.contains("more than 8 MiB"), "{mode}: {why}");
        assert_eq!(status("endless-line").0, "output_too_large", "{mode}");
        assert_eq!(status("no-prompt").0, "timeout", "{mode}");
        assert_eq!(status(&healthy_name).0, "ok", "{mode}");
    }
}

const PASSPHRASE: &str = "pp-canary-Lw83nV";
const ENABLE: &str = "en-canary-4Rt9pK";
const WRONG_PASSWORD: &str = "wrong-pw-canary-Qz71";
const WRONG_ENABLE: &str = "wrong-en-canary-Mv52";
const WRONG_PASSPHRASE: &str = "wrong-pp-canary-Hd38";

/// An ed25519 key encrypted with `passphrase`, made by ssh-keygen; `None` without it.
fn encrypted_key(dir: &Path, passphrase: &str) -> Option<(PathBuf, russh::keys::PublicKey)> {
    let path = dir.join("id_ed25519");
    let made = Process::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", "", "-N", passphrase, "-f"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !made.success() {
        return None;
    }
    let public = fs::read_to_string(dir.join("id_ed25519.pub")).ok()?;
    let public = russh::keys::PublicKey::from_openssh(public.trim()).ok()?;
    Some((path, public))
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn no_secret_appears_in_output_logs_reports_or_raw_files() {
    audit_and_search_for_secrets("secrets", None);
}

#[test]
fn no_secret_appears_even_in_trace_logs_of_every_crate() {
    audit_and_search_for_secrets("secrets-trace", Some("trace"));
}

/// Audits a fleet whose logins use every kind of secret (password from env and file, key
/// passphrase, enable password, and wrong ones of each) with `-vv` JSON logs (or `RUST_LOG`),
/// then searches stdout, stderr, the reports and the raw outputs for each secret.
fn audit_and_search_for_secrets(scratch_name: &str, rust_log: Option<&str>) {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(scratch_name);
    let (secrets_dir, out_dir) = (dir.join("secrets"), dir.join("out"));
    fs::create_dir_all(&secrets_dir).expect("secrets dir");
    fs::create_dir_all(&out_dir).expect("out dir");
    let Some((key_path, public)) = encrypted_key(&secrets_dir, PASSPHRASE) else {
        eprintln!("note: ssh-keygen not available; secret-leak test skipped");
        return;
    };
    let password_file = secrets_dir.join("password");
    fs::write(&password_file, format!("{PASSWORD}\n")).expect("password file");
    fs::set_permissions(&password_file, fs::Permissions::from_mode(0o600)).expect("chmod");

    let body = "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n";
    let device = |name: &str, platform| {
        SimDevice::new(name, platform)
            .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a")
            .with_output(Command::LicenseStatus, body)
    };
    let served = Served::start(
        vec![
            device("pw-enable", Platform::IosXe),
            device("key-passphrase", Platform::NxOs),
            device("pw-file", Platform::IosXr),
            device("wrong-password", Platform::IosXe),
            device("wrong-enable", Platform::IosXe),
            device("wrong-passphrase", Platform::NxOs),
        ],
        SimOptions {
            authorized_keys: vec![public],
            enable_password: Some(ENABLE.into()),
            ..options()
        },
    );
    let known_hosts = dir.join("known_hosts");
    fs::write(&known_hosts, served.fleet().known_hosts()).expect("known_hosts");
    let mut inv = format!(
        "[defaults]\nusername = \"{DEFAULT_USERNAME}\"\nhost_key_check = \"strict\"\nknown_hosts = \"{}\"\ncommand_timeout_s = 5\n",
        known_hosts.display()
    );
    for d in served.fleet().devices() {
        let credentials = match d.name.as_str() {
            "pw-enable" => {
                "password_env = \"T_PASSWORD\"\nenable_password_env = \"T_ENABLE\"".into()
            }
            "key-passphrase" => format!(
                "key_file = \"{}\"\npassphrase_env = \"T_PASSPHRASE\"",
                key_path.display()
            ),
            "pw-file" => format!("password_file = \"{}\"", password_file.display()),
            "wrong-password" => "password_env = \"T_WRONG_PASSWORD\"".into(),
            "wrong-enable" => {
                "password_env = \"T_PASSWORD\"\nenable_password_env = \"T_WRONG_ENABLE\"".into()
            }
            _ => format!(
                "key_file = \"{}\"\npassphrase_env = \"T_WRONG_PASSPHRASE\"",
                key_path.display()
            ),
        };
        inv.push_str(&format!(
            "\n[[device]]\nname = \"{}\"\nhost = \"127.0.0.1\"\nport = {}\nplatform = \"{}\"\n{credentials}\n",
            d.name,
            d.port(),
            d.platform.as_str()
        ));
    }
    let inv_path = dir.join("inventory.toml");
    fs::write(&inv_path, inv).expect("inventory");

    let out = fleetlic(
        &[
            "-vv",
            "--log-format",
            "json",
            "audit",
            "--inventory",
            path_str(&inv_path),
            "--save-raw",
            path_str(&out_dir.join("raw")),
            "--csv",
            path_str(&out_dir.join("findings.csv")),
            "--csv-devices",
            path_str(&out_dir.join("devices.csv")),
            "--json",
            path_str(&out_dir.join("report.json")),
        ],
        &[
            ("T_PASSWORD", PASSWORD),
            ("T_ENABLE", ENABLE),
            ("T_PASSPHRASE", PASSPHRASE),
            ("T_WRONG_PASSWORD", WRONG_PASSWORD),
            ("T_WRONG_ENABLE", WRONG_ENABLE),
            ("T_WRONG_PASSPHRASE", WRONG_PASSPHRASE),
            ("RUST_LOG", rust_log.unwrap_or("")),
        ],
    )
    .wait_with_output()
    .expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);

    // The secrets were really used: the right ones logged in and enabled, the wrong ones failed.
    let rows = csv_rows(&out_dir.join("devices.csv"));
    let status = |name: &str| {
        rows.iter()
            .find(|r| r["device"] == name)
            .map(|r| r["collection_status"].clone())
            .unwrap_or_default()
    };
    for ok in ["pw-enable", "key-passphrase", "pw-file"] {
        assert_eq!(status(ok), "ok", "{ok}: {stderr}");
    }
    for failed in ["wrong-password", "wrong-enable"] {
        assert_eq!(status(failed), "auth_failed", "{failed}");
    }
    assert_ne!(status("wrong-passphrase"), "ok");
    let raw_status = fs::read_to_string(out_dir.join("raw/pw-enable/show_license_status.txt"))
        .expect("raw output saved");
    assert!(
        raw_status.contains("pw-enable#"),
        "collected at the enabled prompt: {raw_status}"
    );
    assert!(
        stderr.contains("\"level\":\"DEBUG\""),
        "-vv logged as JSON: {stderr}"
    );

    let mut places = vec![("stdout".to_string(), stdout.into_owned())];
    places.push(("stderr".into(), stderr.into_owned()));
    for file in files_under(&out_dir) {
        let text = String::from_utf8_lossy(&fs::read(&file).expect("read")).into_owned();
        places.push((file.display().to_string(), text));
    }
    assert!(places.len() > 8, "reports and raw files were written");
    for secret in [
        PASSWORD,
        PASSPHRASE,
        ENABLE,
        WRONG_PASSWORD,
        WRONG_ENABLE,
        WRONG_PASSPHRASE,
    ] {
        for (place, text) in &places {
            assert!(!text.contains(secret), "{secret} leaked into {place}");
        }
    }
}

#[test]
fn hostile_outputs_within_max_output_are_capped_by_max_records_and_the_collector_memory_stays_bounded(
) {
    let dir = scratch("hostile-replay");
    let replay = dir.join("replay");
    let template = repo().join("samples/fleet/dc1-n9k-leaf-07");
    let hostile = dir.join("hostile-n9k");
    fs::create_dir_all(&hostile).expect("dir");
    for entry in fs::read_dir(&template).expect("template").flatten() {
        fs::copy(entry.path(), hostile.join(entry.file_name())).expect("copy");
    }
    // About 1 MiB of authorized licenses, 9,000 of them: far within --max-output.
    fs::write(
        hostile.join("show_license_usage.txt"),
        fleetlic_sim::hostile::usage_output(1024 * 1024),
    )
    .expect("usage");
    fleetlic_sim::hostile::write_replay(&hostile, &replay, 24).expect("replay");
    let out = |name: &str| dir.join(name).to_str().unwrap_or_default().to_string();
    let child = Process::new(env!("CARGO_BIN_EXE_fleetlic"))
        .args([
            "audit",
            "--quiet",
            "--fail-on",
            "never",
            "--max-records",
            "300",
        ])
        .arg("--replay")
        .arg(&replay)
        .args([
            "--csv",
            &out("findings.csv"),
            "--csv-devices",
            &out("devices.csv"),
        ])
        .args([
            "--json",
            &out("report.json"),
            "--prom",
            &out("fleetlic.prom"),
        ])
        .args(["--history", &out("history.db")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (code, stderr, peak_kib) = wait_with_peak_rss(child);
    assert_eq!(code, Some(0), "{stderr}");
    // 24 devices of 9,000 licenses kept whole peak at about 110 MB; capped to 300 records
    // each, about 30 MB.
    assert!(
        peak_kib < 70 * 1024,
        "peak RSS {} MB for 24 capped hostile devices",
        peak_kib / 1024
    );
    let findings = fs::read_to_string(dir.join("findings.csv")).expect("findings");
    let capped = findings
        .lines()
        .filter(|l| l.contains("collection.too_many_records"))
        .collect::<Vec<_>>();
    assert_eq!(capped.len(), 24, "one per device");
    assert!(
        capped[0].contains("show_license_usage: ") && capped[0].contains(" license(s)"),
        "{}",
        capped[0]
    );
}
