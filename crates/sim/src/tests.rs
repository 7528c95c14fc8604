//! The simulated fleet, driven by russh's client API.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fleetlic_parsers::{Command, Platform};
use russh::client;
use russh::keys::{PrivateKeyWithHashAlg, PublicKey};
use russh::ChannelMsg;
use tokio::time::timeout;

use super::shell::{execute, Reply, TermState};
use super::*;

const T: Duration = Duration::from_secs(10);

/// Records the host key the server presents.
struct Probe {
    key: Arc<Mutex<Option<PublicKey>>>,
}

impl client::Handler for Probe {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        if let Ok(mut k) = self.key.lock() {
            *k = Some(key.public_key());
        }
        Ok(true)
    }
}

fn long_body(n: usize) -> String {
    (1..=n)
        .map(|i| format!("Line {i:03}: Smart Licensing is ENABLED"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn test_options() -> SimOptions {
    SimOptions {
        nxos_rsa_host_key: false,
        slow_banner_delay: Duration::from_millis(1500),
        auth_rejection_time: Duration::from_millis(10),
        ..SimOptions::default()
    }
}

fn small_fleet() -> Vec<SimDevice> {
    vec![
        SimDevice::new("xe1", Platform::IosXe)
            .with_output(Command::LicenseStatus, long_body(60))
            .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a"),
        SimDevice::new("nx1", Platform::NxOs).with_output(
            Command::Version,
            "Cisco Nexus Operating System (NX-OS) Software",
        ),
        SimDevice::new("authfail", Platform::NxOs).with_fault(Fault::AuthFail),
        SimDevice::new("refuse", Platform::IosXe).with_fault(Fault::Refuse),
        SimDevice::new("wrongkey", Platform::IosXe)
            .with_output(Command::Version, "v")
            .with_fault(Fault::WrongHostKey),
        SimDevice::new("hang", Platform::IosXe)
            .with_output(Command::Version, "v")
            .with_fault(Fault::Hang),
        SimDevice::new("drop", Platform::IosXe)
            .with_output(Command::LicenseStatus, long_body(400))
            .with_fault(Fault::DropMidOutput),
        SimDevice::new("slow", Platform::IosXe).with_fault(Fault::SlowBanner),
    ]
}

async fn connect(fleet: &Fleet, name: &str) -> (client::Handle<Probe>, Option<PublicKey>) {
    let port = fleet.device(name).map(|d| d.port()).unwrap_or(1);
    let key = Arc::new(Mutex::new(None));
    let config = Arc::new(client::Config::default());
    let probe = Probe { key: key.clone() };
    let handle = timeout(T, client::connect(config, ("127.0.0.1", port), probe))
        .await
        .expect("connect in time")
        .expect("connect");
    let seen = key.lock().ok().and_then(|k| k.clone());
    (handle, seen)
}

async fn login(fleet: &Fleet, name: &str) -> client::Handle<Probe> {
    let (mut h, _) = connect(fleet, name).await;
    let ok = h
        .authenticate_password(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .await
        .expect("auth exchange");
    assert!(ok.success(), "password accepted");
    h
}

async fn shell(h: &client::Handle<Probe>) -> russh::Channel<client::Msg> {
    let ch = h.channel_open_session().await.expect("session channel");
    ch.request_pty(true, "vt100", 200, 24, 0, 0, &[])
        .await
        .expect("pty");
    ch.request_shell(true).await.expect("shell");
    ch
}

/// Reads until the accumulated text ends with `suffix` (or times out / the channel ends).
async fn read_until(ch: &mut russh::Channel<client::Msg>, suffix: &str, limit: Duration) -> String {
    let mut text = String::new();
    let _ = timeout(limit, async {
        while let Some(msg) = ch.wait().await {
            if let ChannelMsg::Data { data } = msg {
                text.push_str(&String::from_utf8_lossy(&data));
                if text.ends_with(suffix) {
                    return;
                }
            }
        }
    })
    .await;
    text
}

#[tokio::test]
async fn password_and_keyboard_interactive_auth_succeed_and_auth_fail_rejects_everything() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let (mut h, _) = connect(&fleet, "xe1").await;
    let bad = h
        .authenticate_password(DEFAULT_USERNAME, "nope")
        .await
        .expect("auth");
    assert!(!bad.success());
    let good = h
        .authenticate_password(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .await
        .expect("auth");
    assert!(good.success());

    let (mut h, _) = connect(&fleet, "nx1").await;
    let r = h
        .authenticate_keyboard_interactive_start(DEFAULT_USERNAME, None)
        .await
        .expect("kbd start");
    match r {
        client::KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
            assert_eq!(prompts.len(), 1);
            assert!(prompts[0].prompt.contains("Password"));
        }
        other => panic!("expected a Password: prompt, got {other:?}"),
    }
    let r = h
        .authenticate_keyboard_interactive_respond(vec![DEFAULT_PASSWORD.to_string()])
        .await
        .expect("kbd respond");
    assert!(matches!(
        r,
        client::KeyboardInteractiveAuthResponse::Success
    ));

    let (mut h, _) = connect(&fleet, "authfail").await;
    let r = h
        .authenticate_password(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .await
        .expect("auth");
    assert!(!r.success(), "auth_fail rejects the right password");
    let r = h
        .authenticate_keyboard_interactive_start(DEFAULT_USERNAME, None)
        .await
        .expect("kbd");
    assert!(matches!(
        r,
        client::KeyboardInteractiveAuthResponse::Failure { .. }
    ));
    fleet.shutdown().await;
}

#[tokio::test]
async fn public_key_auth_accepts_only_authorized_keys() {
    let mut rng = russh::keys::key::safe_rng();
    let user_key =
        russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).expect("key");
    let other =
        russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).expect("key");
    let mut options = test_options();
    options.authorized_keys = vec![user_key.public_key().clone()];
    let fleet = Fleet::start(small_fleet(), options).await.expect("fleet");
    let (mut h, _) = connect(&fleet, "xe1").await;
    let r = h
        .authenticate_publickey(
            DEFAULT_USERNAME,
            PrivateKeyWithHashAlg::new(Arc::new(other), None),
        )
        .await
        .expect("auth");
    assert!(!r.success());
    let r = h
        .authenticate_publickey(
            DEFAULT_USERNAME,
            PrivateKeyWithHashAlg::new(Arc::new(user_key), None),
        )
        .await
        .expect("auth");
    assert!(r.success());
    fleet.shutdown().await;
}

#[tokio::test]
async fn shell_shows_the_prompt_and_after_terminal_length_0_prints_exactly_the_saved_body() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "xe1").await;
    let mut ch = shell(&h).await;
    let banner = read_until(&mut ch, "xe1#", T).await;
    assert!(banner.ends_with("xe1#"), "{banner:?}");
    ch.data(&b"terminal length 0\r"[..]).await.expect("send");
    let echo = read_until(&mut ch, "xe1#", T).await;
    assert_eq!(echo, "terminal length 0\r\nxe1#");
    ch.data(&b"show license status\r"[..]).await.expect("send");
    let out = read_until(&mut ch, "xe1#", T).await;
    let body = out
        .strip_prefix("show license status\r\n")
        .and_then(|o| o.strip_suffix("xe1#"))
        .expect("echo, body, prompt");
    assert!(!body.contains("--More--"));
    assert_eq!(body.replace("\r\n", "\n"), format!("{}\n", long_body(60)));
    ch.data(&b"exit\r"[..]).await.expect("send");
    fleet.shutdown().await;
}

#[tokio::test]
async fn shell_pages_with_more_until_terminal_length_0() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "xe1").await;
    let mut ch = shell(&h).await;
    read_until(&mut ch, "xe1#", T).await;
    ch.data(&b"show license status\r"[..]).await.expect("send");
    let first = read_until(&mut ch, MORE_MARK, T).await;
    assert!(first.ends_with(MORE_MARK), "{first:?}");
    assert!(first.contains("Line 024") && !first.contains("Line 025"));
    ch.data(&b" "[..]).await.expect("space");
    let second = read_until(&mut ch, MORE_MARK, T).await;
    assert!(
        second.starts_with('\x08'),
        "--More-- erased with backspaces"
    );
    assert!(second.contains("Line 048") && !second.contains("Line 049"));
    ch.data(&b" "[..]).await.expect("space");
    let last = read_until(&mut ch, "xe1#", T).await;
    assert!(last.contains("Line 060") && last.ends_with("xe1#"));
    fleet.shutdown().await;
}

const MORE_MARK: &str = " --More-- ";

#[tokio::test]
async fn exec_returns_the_body_and_ios_then_closes_the_session() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "xe1").await;
    let mut ch = h.channel_open_session().await.expect("channel");
    ch.exec(true, "show version").await.expect("exec");
    let mut out = Vec::new();
    let mut status = None;
    let _ = timeout(T, async {
        while let Some(msg) = ch.wait().await {
            match msg {
                ChannelMsg::Data { data } => out.extend_from_slice(&data),
                ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                _ => {}
            }
        }
    })
    .await;
    assert_eq!(
        String::from_utf8_lossy(&out),
        "Cisco IOS XE Software, Version 17.09.04a\r\n"
    );
    assert_eq!(status, Some(0));
    // IOS closes the session after one exec.
    let closed = timeout(T, async {
        for _ in 0..100 {
            if h.is_closed() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    })
    .await;
    assert_eq!(closed.ok(), Some(true));

    // NX-OS keeps the session: two execs on one connection.
    let h = login(&fleet, "nx1").await;
    for _ in 0..2 {
        let mut ch = h.channel_open_session().await.expect("channel");
        ch.exec(true, "show version").await.expect("exec");
        let text = read_until(&mut ch, "Software\n", T).await;
        assert_eq!(text, "Cisco Nexus Operating System (NX-OS) Software\n");
    }
    fleet.shutdown().await;
}

#[tokio::test]
async fn unknown_or_unsaved_commands_answer_invalid_input_with_a_caret() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "xe1").await;
    let mut ch = shell(&h).await;
    read_until(&mut ch, "xe1#", T).await;
    ch.data(&b"show license bogus\r"[..]).await.expect("send");
    let out = read_until(&mut ch, "xe1#", T).await;
    assert!(
        out.contains("\r\n% Invalid input detected at '^' marker.\r\n"),
        "{out:?}"
    );
    let caret = out.lines().nth(1).unwrap_or_default();
    assert_eq!(
        caret.find('^'),
        Some("xe1#show license ".len()),
        "{caret:?}"
    );
    // Allow-listed but not saved for this device.
    ch.data(&b"show clock\r"[..]).await.expect("send");
    let out = read_until(&mut ch, "xe1#", T).await;
    assert!(out.contains("% Invalid input"), "{out:?}");
    fleet.shutdown().await;
}

#[tokio::test]
async fn refuse_fault_refuses_connections() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let addr = fleet.device("refuse").map(|d| d.addr).expect("device");
    let r = timeout(T, tokio::net::TcpStream::connect(addr))
        .await
        .expect("in time");
    assert_eq!(
        r.err().map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionRefused)
    );
    fleet.shutdown().await;
}

#[tokio::test]
async fn wrong_host_key_presents_a_key_other_than_the_advertised_one() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let (_h, seen) = connect(&fleet, "wrongkey").await;
    let seen = seen.expect("a host key");
    let dev = fleet.device("wrongkey").expect("device");
    assert!(!dev
        .host_keys
        .iter()
        .any(|k| k.key_data() == seen.key_data()));
    let (_h, seen_ok) = connect(&fleet, "xe1").await;
    let ok = fleet.device("xe1").expect("device");
    let seen_ok = seen_ok.expect("a host key");
    assert!(ok
        .host_keys
        .iter()
        .any(|k| k.key_data() == seen_ok.key_data()));
    let kh = fleet.known_hosts();
    let line = format!("[127.0.0.1]:{} ssh-ed25519 ", ok.port());
    assert!(kh.contains(&line), "{kh}");
    fleet.shutdown().await;
}

#[tokio::test]
async fn hang_fault_never_sends_a_prompt() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "hang").await;
    let mut ch = shell(&h).await;
    let got = read_until(&mut ch, "#", Duration::from_millis(800)).await;
    assert_eq!(got, "");
    ch.data(&b"show version\r"[..]).await.expect("send");
    let got = read_until(&mut ch, "#", Duration::from_millis(500)).await;
    assert_eq!(got, "");
    fleet.shutdown().await;
}

#[tokio::test]
async fn slow_banner_fault_delays_the_prompt() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "slow").await;
    let mut ch = shell(&h).await;
    let early = read_until(&mut ch, "slow#", Duration::from_millis(500)).await;
    assert_eq!(early, "");
    let late = read_until(&mut ch, "slow#", T).await;
    assert!(late.ends_with("slow#"), "{late:?}");
    fleet.shutdown().await;
}

#[tokio::test]
async fn drop_mid_output_closes_the_connection_halfway_through_a_licensing_command() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let h = login(&fleet, "drop").await;
    let mut ch = shell(&h).await;
    read_until(&mut ch, "drop#", T).await;
    ch.data(&b"terminal length 0\r"[..]).await.expect("send");
    read_until(&mut ch, "drop#", T).await;
    ch.data(&b"show license status\r"[..]).await.expect("send");
    let out = read_until(&mut ch, "drop#", T).await;
    assert!(out.contains("Line 001"), "some output came");
    assert!(!out.contains("Line 400"), "but not all of it");
    assert!(!out.ends_with("drop#"));
    let closed = timeout(T, async {
        for _ in 0..100 {
            if h.is_closed() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    })
    .await;
    assert_eq!(closed.ok(), Some(true));
    fleet.shutdown().await;
}

#[test]
fn xr_prints_a_timestamp_until_no_timestamp_and_classic_admin_plane_needs_admin() {
    let dev = SimDevice::new("pe1", Platform::IosXr).with_output(
        Command::LicenseStatus,
        "Sun Nov 22 23:31:13.124 UTC\nCompliance Status: In compliance",
    );
    let mut st = TermState::shell();
    let Reply::Output(lines, _) = execute(&dev, &mut st, "admin show license status") else {
        panic!("output expected");
    };
    assert_eq!(lines.len(), 2);
    assert!(matches!(
        execute(&dev, &mut st, "show license status"),
        Reply::Invalid(..)
    ));
    assert_eq!(
        execute(&dev, &mut st, "terminal exec prompt no-timestamp"),
        Reply::Empty
    );
    let Reply::Output(lines, _) = execute(&dev, &mut st, "admin show license status") else {
        panic!("output expected");
    };
    assert_eq!(lines, ["Compliance Status: In compliance"]);
    // IOS-XE has no admin plane.
    let xe = SimDevice::new("r1", Platform::IosXe).with_output(Command::Version, "v");
    assert!(matches!(
        execute(&xe, &mut TermState::exec(), "admin show version"),
        Reply::Invalid(0, _)
    ));
    assert!(matches!(
        execute(&xe, &mut TermState::exec(), "show version"),
        Reply::Output(..)
    ));
}

#[test]
fn sample_fleet_loads_with_bodies_prompts_faults_and_refused_unreachable_devices() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
    let devices = load_devices(&dir).expect("sample fleet");
    assert_eq!(devices.len(), 42);
    let by = |n: &str| devices.iter().find(|d| d.name == n).expect(n);
    assert_eq!(by("dc5-n9k-leaf-09").faults, [Fault::AuthFail]);
    assert_eq!(by("dc7-n9k-leaf-01").faults, [Fault::WrongHostKey]);
    assert_eq!(by("br30-isr4321").faults, [Fault::Refuse]);
    assert_eq!(by("br41-isr4321").faults, [Fault::Hang]);
    assert_eq!(by("br43-c9300-acc-02").faults, [Fault::DropMidOutput]);
    assert_eq!(by("br44-c9300-acc-03").faults, [Fault::Flood]);
    let xr = by("pe-asr9k-ams-01");
    assert_eq!(xr.prompt, "RP/0/RSP0/CPU0:pe-asr9k-ams-01#");
    let status = xr.outputs.get(&Command::LicenseStatus).expect("saved");
    assert!(status.starts_with("Sun Nov 22 23:31:13.124 UTC\n"));
    assert!(!status.contains("pe-asr9k-ams-01#"));
    let nx = by("dc1-n9k-leaf-07");
    assert_eq!(nx.prompt, "dc1-n9k-leaf-07#");
    let version = nx.outputs.get(&Command::Version).expect("saved");
    assert!(version.starts_with("Cisco Nexus Operating System"));
}

#[tokio::test]
async fn inventory_names_every_device_on_loopback_with_strict_host_keys() {
    let fleet = Fleet::start(small_fleet(), test_options())
        .await
        .expect("fleet");
    let text = fleet.inventory_toml(DEFAULT_USERNAME, Path::new("/tmp/kh"));
    let v: toml::Value = toml::from_str(&text).expect("valid TOML");
    assert_eq!(v["defaults"]["password_env"].as_str(), Some(PASSWORD_ENV));
    assert_eq!(v["defaults"]["host_key_check"].as_str(), Some("strict"));
    let devices = v["device"].as_array().expect("devices");
    assert_eq!(devices.len(), 8);
    assert!(devices
        .iter()
        .all(|d| d["host"].as_str() == Some("127.0.0.1")));
    assert_eq!(devices[1]["platform"].as_str(), Some("nxos"));
    fleet.shutdown().await;
}

#[tokio::test]
async fn garbage_fault_sends_random_bytes_instead_of_the_body() {
    let devices = vec![SimDevice::new("junk", Platform::NxOs)
        .with_output(
            Command::Version,
            "Cisco Nexus Operating System (NX-OS) Software",
        )
        .with_fault(Fault::Garbage)];
    let fleet = Fleet::start(devices, test_options()).await.expect("fleet");
    let h = login(&fleet, "junk").await;
    let mut ch = h.channel_open_session().await.expect("channel");
    ch.exec(true, "show version").await.expect("exec");
    let mut out = Vec::new();
    let _ = timeout(T, async {
        while let Some(msg) = ch.wait().await {
            if let ChannelMsg::Data { data } = msg {
                out.extend_from_slice(&data);
            }
        }
    })
    .await;
    assert!(out.len() >= 500, "{} bytes", out.len());
    assert!(!String::from_utf8_lossy(&out).contains("Nexus"));
    fleet.shutdown().await;
}

/// Collects `device` over SSH in shell mode, as `fleetlic audit` does, from a one-device
/// simulated fleet.
async fn collect_over_ssh(device: SimDevice) -> fleetlic_core::collect::Collected {
    use fleetlic_core::target::{Credential, HostKeyCheck, SessionMode, Target};
    let (name, platform) = (device.name.clone(), device.platform);
    let fleet = Fleet::start(vec![device], test_options())
        .await
        .expect("fleet");
    let dir = tempfile::tempdir().expect("temp dir");
    let known_hosts = dir.path().join("known_hosts");
    std::fs::write(&known_hosts, fleet.known_hosts()).expect("known_hosts");
    let target = Target {
        name: name.clone(),
        host: "127.0.0.1".into(),
        port: fleet.device(&name).map(|d| d.port()).expect("device"),
        platform: Some(platform),
        group: None,
        username: DEFAULT_USERNAME.into(),
        credential: Credential::Password(fleetlic_core::secret::Secret::new(DEFAULT_PASSWORD)),
        enable_password: None,
        mode: SessionMode::Shell,
        connect_timeout: Duration::from_secs(10),
        command_timeout: Duration::from_secs(10),
        device_timeout: Duration::from_secs(60),
        max_output: fleetlic_core::ssh::channel::DEFAULT_MAX_OUTPUT,
        legacy_algorithms: false,
        host_key_check: HostKeyCheck::Strict,
        known_hosts: Some(known_hosts),
        jump: None,
        keys: Default::default(),
    };
    let mut got = fleetlic_core::collect::collect(
        vec![target],
        1,
        CancellationToken::new(),
        Arc::new(fleetlic_core::collect::NoProgress),
        chrono::Utc::now,
        fleetlic_core::live::device,
        |c| c,
    )
    .await;
    fleet.shutdown().await;
    got.remove(0)
}

/// The sample fleet's device `name`.
fn sample_device(name: &str) -> SimDevice {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
    load_devices(&dir)
        .expect("sample fleet")
        .into_iter()
        .find(|d| d.name == name)
        .expect(name)
}

/// Every collected output starts with its own command's echo and holds every line of that
/// command's body (bar the XR timestamp `no-timestamp` removes): nothing landed in another.
fn assert_each_output_in_its_command(device: &SimDevice, got: &fleetlic_core::collect::Collected) {
    assert_eq!(
        got.record.status,
        CollectionStatus::Ok,
        "{:?}",
        got.record.error
    );
    for (command, body) in &device.outputs {
        let Some((_, raw)) = got.outputs.iter().find(|(c, _)| c == command) else {
            panic!("{}: {command:?} not collected", device.name);
        };
        let echo = raw.lines().next().unwrap_or_default();
        let cli = command.cli(device.platform).unwrap_or_default();
        assert!(echo.contains(cli), "{command:?} starts with {echo:?}");
        for line in body.lines() {
            if line.trim().is_empty() || super::shell::is_xr_timestamp(line) {
                continue;
            }
            assert!(
                raw.contains(line),
                "{}: {command:?} lost {line:?}:\n{raw}",
                device.name
            );
        }
    }
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[tokio::test(flavor = "multi_thread")]
async fn own_prompt_mid_output_keeps_every_output_in_its_command_on_every_platform() {
    for name in ["dc1-n9k-leaf-07", "br07-c9200-acc-01", "pe-asr9k-fra-01"] {
        let device = sample_device(name).with_fault(Fault::FakePrompt);
        let got = collect_over_ssh(device.clone()).await;
        assert_each_output_in_its_command(&device, &got);
        // The parsed model: registration from status, the licenses from usage, as the saved
        // outputs give them (the prompt line inside an output may cut one block's fields
        // apart: it is device output now, not a command boundary).
        let live = fleetlic_core::device::Device::from_outputs(
            got.record.clone(),
            got.outputs.clone(),
            Default::default(),
        );
        let replay = fleetlic_core::device::Device::from_outputs(
            got.record.clone(),
            sample_device(name).outputs.into_iter(),
            Default::default(),
        );
        let names = |d: &fleetlic_core::device::Device| -> Vec<Option<String>> {
            d.model.licenses.iter().map(|l| l.name.clone()).collect()
        };
        assert_eq!(
            live.model.registration.as_ref().map(|r| r.status.clone()),
            replay.model.registration.as_ref().map(|r| r.status.clone()),
            "{name}"
        );
        assert_eq!(names(&live), names(&replay), "{name}");
        assert!(!names(&live).is_empty(), "{name}: licenses parsed");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_mode_prompt_inside_an_output_is_output() {
    let device = SimDevice::new("xe1", Platform::IosXe)
        .with_output(Command::Version, "Cisco IOS XE Software, Version 17.09.04a")
        .with_output(
            Command::LicenseStatus,
            "Smart Licensing is ENABLED\n\nxe1(config)#\nRegistration:\n  Status: REGISTERED",
        )
        .with_output(
            Command::LicenseUsage,
            "License Authorization:\n  Status: AUTHORIZED\n\n(network-advantage):\n  Description: network-advantage\n  Count: 1\n  Version: 1.0\n  Status: AUTHORIZED",
        )
        .with_fault(Fault::FakePrompt);
    let got = collect_over_ssh(device.clone()).await;
    assert_each_output_in_its_command(&device, &got);
    let parsed = fleetlic_core::device::Device::from_outputs(
        got.record.clone(),
        got.outputs.clone(),
        Default::default(),
    );
    assert_eq!(
        parsed
            .model
            .registration
            .and_then(|r| r.status)
            .map(|s| format!("{s:?}")),
        Some("Registered".into())
    );
    assert_eq!(parsed.model.licenses.len(), 1, "usage parsed from usage");
}

#[tokio::test(flavor = "multi_thread")]
async fn classic_xr_answering_permission_denied_gets_the_admin_form() {
    let device = SimDevice::new("pe1", Platform::IosXr)
        .with_output(Command::Version, "Cisco IOS XR Software, Version 6.1.3")
        .with_output(
            Command::LicenseStatus,
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED",
        )
        .with_exec_plane_refusal("% Permission denied");
    assert!(device.is_classic_xr());
    let mut st = TermState::exec();
    assert_eq!(
        execute(&device, &mut st, "show license status"),
        Reply::Refused("% Permission denied".into())
    );
    let got = collect_over_ssh(device).await;
    let (_, raw) = got
        .outputs
        .iter()
        .find(|(c, _)| *c == Command::LicenseStatus)
        .expect("status collected");
    assert!(
        raw.starts_with("admin show license status\r\n"),
        "admin form sent: {raw:?}"
    );
    assert!(raw.contains("Status: REGISTERED"), "{raw}");
}

#[test]
fn a_copy_answers_with_its_own_name_hostname_and_serial() {
    let template = sample_device("hq-c9300-acc-01");
    let copy = template.copy_as("hq-copy-7", 7);
    assert_eq!(copy.name, "hq-copy-7");
    assert!(copy.prompt.starts_with("hq-copy-7"), "{}", copy.prompt);
    let version = &copy.outputs[&Command::Version];
    assert!(version.contains("hq-copy-7 uptime is"), "{version}");
    assert!(version.contains("FOC2318Y0K3X7"), "{version}");
    assert!(!version.contains("hq-c9300-acc-01"));
    let all = &copy.outputs[&Command::LicenseAll];
    assert!(all.contains("SN:FOC2318Y0K3X7"), "{all}");
}
