//! fleetlic-sim: the simulated fleet and the benchmark harness, kept out of the auditor (the
//! `fleetlic` binary has them only with its default `sim` feature).
//!
//! The simulated fleet: every device of a replay directory served as a real SSH server on
//! loopback, so the live collector can be exercised end to end without network gear.
//!
//! Each device gets its own russh server on `127.0.0.1` (an ephemeral port, or
//! `base_port + index`), its own freshly generated host key (ed25519; NX-OS devices also offer
//! an RSA key, as NX-OS ships RSA host keys), and a Cisco-like CLI that answers the allow-listed
//! commands (`fleetlic_parsers::Command`) with the bodies saved in the replay directory.
//!
//! What the simulated CLI does:
//! - banner, then the prompt (`<name>#` on NX-OS/IOS-XE, `RP/0/RSP0/CPU0:<name>#` on IOS-XR;
//!   the prompt saved as the last line of the outputs wins when there is one);
//! - echoes typed input, `\r\n` line ends, backspace and Ctrl-C;
//! - `terminal length 0`, `terminal width N`, `terminal exec prompt no-timestamp` and the
//!   other `terminal ...` settings answer with no output; paging is on (` --More-- ` every
//!   24 lines, erased with backspaces once a key is pressed) until `terminal length 0`;
//! - IOS-XR prints the `Mon Nov 23 00:00:00.000 UTC` timestamp line before a command's output
//!   unless `terminal exec prompt no-timestamp` was sent;
//! - on *classic* IOS-XR (a device without `show license platform ...` outputs) the admin-plane
//!   commands answer only with the `admin ` prefix, like the real admin plane; on 64-bit XR and
//!   for the other commands the prefix is optional; NX-OS and IOS-XE have no `admin` command;
//! - a command that is not allow-listed or has no saved output prints the platform's caret
//!   error (`% Invalid input detected at '^' marker.`, NX-OS: `% Invalid command at '^' marker.`);
//! - `exit` / `logout` / `quit` close the session;
//! - exec channels run one command, send `exit-status` and close; IOS-XE and IOS-XR then
//!   close the whole SSH session, as IOS does. NX-OS exec output uses `\n`, the others `\r\n`.
//!
//! Faults (`device.toml` `faults = [...]`, see [`Fault`]) make a device misbehave on purpose.

pub mod bench;
pub mod embedded;
pub mod hostile;
mod server;
mod shell;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use fleetlic_parsers::{Command, Platform};
use russh::keys::{PrivateKey, PublicKey};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use fleetlic_core::device::{AuditKeys, CollectionStatus};
use fleetlic_core::replay::{self, ReplayError};

/// The environment variable holding the simulator password (also named in the printed
/// inventory as `password_env`).
pub const PASSWORD_ENV: &str = "FLEETLIC_SIM_PASSWORD";
/// The simulator password when [`PASSWORD_ENV`] is not set.
pub const DEFAULT_PASSWORD: &str = "fleetlic-sim";
/// The simulator user name.
pub const DEFAULT_USERNAME: &str = "netops";
/// Lines per page while paging is on (until `terminal length 0`).
pub const PAGE_LINES: usize = 24;

/// A way a simulated device misbehaves, from `device.toml` `faults = [...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Every authentication method is rejected.
    AuthFail,
    /// After login the device never prints a prompt or any output.
    Hang,
    /// The TCP connection is closed halfway through the first licensing command's output.
    DropMidOutput,
    /// Random bytes instead of command output.
    Garbage,
    /// The banner and first prompt come only after [`SimOptions::slow_banner_delay`].
    SlowBanner,
    /// The server presents a host key other than the one advertised in known_hosts.
    WrongHostKey,
    /// Nothing listens: connections are refused.
    Refuse,
    /// The first licensing command's output never ends: lines stream until the client leaves.
    Flood,
    /// The first licensing command prints 128 MiB without a single newline, then nothing.
    EndlessLine,
    /// The licensing commands print their output but the prompt never comes back.
    NoPrompt,
    /// Every output (in a shell with paging off) prints its first half, then the device's own
    /// prompt on a line of its own, pauses briefly, then prints the rest; it also pauses after
    /// any prompt-shaped line of the output itself (`xe1(config)#` in a description).
    FakePrompt,
}

impl Fault {
    /// Every fault, in a stable order.
    pub const ALL: [Fault; 11] = [
        Fault::AuthFail,
        Fault::Hang,
        Fault::DropMidOutput,
        Fault::Garbage,
        Fault::SlowBanner,
        Fault::WrongHostKey,
        Fault::Refuse,
        Fault::Flood,
        Fault::EndlessLine,
        Fault::NoPrompt,
        Fault::FakePrompt,
    ];

    /// The word used in `device.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::AuthFail => "auth_fail",
            Fault::Hang => "hang",
            Fault::DropMidOutput => "drop_mid_output",
            Fault::Garbage => "garbage",
            Fault::SlowBanner => "slow_banner",
            Fault::WrongHostKey => "wrong_host_key",
            Fault::Refuse => "refuse",
            Fault::Flood => "flood",
            Fault::EndlessLine => "endless_line",
            Fault::NoPrompt => "no_prompt",
            Fault::FakePrompt => "fake_prompt",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fault::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Fault::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown fault `{s}` (known: {})", known.join(", "))
            })
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// A replay directory, its `device.toml` or a saved output could not be read.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// A device's port could not be bound.
    #[error("device {device}: cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The device.
        device: String,
        /// The port asked for (0 = ephemeral).
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// `base_port + index` is past 65535.
    #[error("device {device}: port {base} + {index} is out of range")]
    PortRange {
        /// The device.
        device: String,
        /// `--base-port`.
        base: u16,
        /// The device's index.
        index: usize,
    },
    /// A host key could not be generated.
    #[error("device {device}: cannot generate a host key: {message}")]
    HostKey {
        /// The device.
        device: String,
        /// Why.
        message: String,
    },
}

/// One device to simulate: what it answers and how it misbehaves.
#[derive(Debug, Clone)]
pub struct SimDevice {
    /// Host name (prompt and inventory `name`).
    pub name: String,
    /// Platform, which picks the prompt, the banner and the command set.
    pub platform: Platform,
    /// Output body per command: the saved output without the echoed command line and the
    /// trailing prompt, lines separated by `\n`.
    pub outputs: BTreeMap<Command, String>,
    /// The prompt (`name#`), from the saved outputs when they show one.
    pub prompt: String,
    /// Faults to inject.
    pub faults: Vec<Fault>,
    /// Inventory audit keys copied into the printed inventory.
    pub keys: AuditKeys,
    /// Keeps paging whatever `terminal length` says (some images and AAA profiles do), so the
    /// collector has to answer `--More--`.
    pub paging_stuck: bool,
    /// On classic IOS-XR, what an admin-plane command typed without `admin` answers instead of
    /// the caret error (`% Permission denied`, as some AAA setups print).
    pub exec_plane_refusal: Option<String>,
}

impl SimDevice {
    /// A device with no outputs and no faults, with the platform's default prompt.
    pub fn new(name: impl Into<String>, platform: Platform) -> Self {
        let name = name.into();
        SimDevice {
            prompt: default_prompt(&name, platform),
            name,
            platform,
            outputs: BTreeMap::new(),
            faults: Vec::new(),
            keys: AuditKeys::default(),
            paging_stuck: false,
            exec_plane_refusal: None,
        }
    }

    /// A copy of this device as another one, `name`, the `index`th copy: its prompt and the
    /// host name its outputs print are `name`, and its chassis serial (in `show version` and
    /// every UDI) gets a suffix of `index`, so a fleet of copies passes the auditor's identity
    /// checks as a fleet of distinct devices does.
    pub fn copy_as(&self, name: &str, index: usize) -> SimDevice {
        let mut device = self.clone();
        device.prompt = device.prompt.replace(&self.name, name);
        let serial = self
            .outputs
            .get(&Command::Version)
            .and_then(|text| fleetlic_parsers::parse(self.platform, Command::Version, text).ok())
            .and_then(|p| p.value.version.and_then(|v| v.serial))
            .filter(|s| s.len() >= 4);
        let new_serial = serial.as_ref().map(|s| format!("{s}X{index}"));
        for text in device.outputs.values_mut() {
            let mut renamed = text.replace(&self.name, name);
            if let (Some(old), Some(new)) = (&serial, &new_serial) {
                renamed = renamed.replace(old.as_str(), new);
            }
            *text = renamed;
        }
        device.name = name.to_string();
        device
    }

    /// Makes classic IOS-XR admin-plane commands typed without `admin` answer `refusal`
    /// (builder style).
    pub fn with_exec_plane_refusal(mut self, refusal: impl Into<String>) -> Self {
        self.exec_plane_refusal = Some(refusal.into());
        self
    }

    /// Makes the device ignore `terminal length 0` (builder style).
    pub fn with_paging_stuck(mut self) -> Self {
        self.paging_stuck = true;
        self
    }

    /// Adds a command's body (builder style).
    pub fn with_output(mut self, command: Command, body: impl Into<String>) -> Self {
        self.outputs.insert(command, body.into());
        self
    }

    /// Adds a fault (builder style).
    pub fn with_fault(mut self, fault: Fault) -> Self {
        if !self.faults.contains(&fault) {
            self.faults.push(fault);
        }
        self
    }

    /// Whether the device has `fault`.
    pub fn has(&self, fault: Fault) -> bool {
        self.faults.contains(&fault)
    }

    /// Classic (32-bit, admin-plane) IOS-XR: an XR device without `show license platform ...`.
    pub fn is_classic_xr(&self) -> bool {
        self.platform == Platform::IosXr
            && !self.outputs.contains_key(&Command::LicensePlatformSummary)
            && !self.outputs.contains_key(&Command::LicensePlatformDetail)
    }
}

/// The default prompt of a platform (without trailing space).
pub fn default_prompt(name: &str, platform: Platform) -> String {
    fleetlic_parsers::terminal::platform::Profile::of(platform).default_prompt(name)
}

/// Splits a saved output into `(body, prompt)`: drops the first line when it is the echoed
/// `prompt#command` and the last line when it is the bare prompt. The body's lines are joined
/// with `\n`, with no trailing newline.
pub fn saved_body(saved: &str) -> (String, Option<String>) {
    let mut lines: Vec<&str> = saved.lines().map(|l| l.trim_end_matches('\r')).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut prompt = None;
    if let Some(last) = lines.last() {
        let t = last.trim_end();
        if t.ends_with('#') && !t.contains(' ') {
            prompt = Some(t.to_string());
            lines.pop();
        }
    }
    if lines.first().is_some_and(|l| l.contains('#')) {
        lines.remove(0);
    }
    (lines.join("\n"), prompt)
}

/// Reads every device of a replay directory (sorted by name) as a [`SimDevice`].
///
/// A device whose `status` is not `ok`, that has no outputs and lists no faults is served as
/// [`Fault::Refuse`].
pub fn load_devices(dir: &Path) -> Result<Vec<SimDevice>, SimError> {
    replay::device_dirs(dir, |p| p.join("device.toml").is_file())?
        .iter()
        .map(|d| load_device(d))
        .collect()
}

/// The part of `device.toml` only the simulator reads.
#[derive(Deserialize)]
struct FaultsToml {
    #[serde(default)]
    faults: Vec<String>,
}

fn load_device(dir: &Path) -> Result<SimDevice, SimError> {
    let file = replay::read_device_toml(dir)?;
    let toml_err = |message: String| ReplayError::DeviceToml {
        path: file.path.clone(),
        line: 1,
        column: 1,
        message,
    };
    let raw: FaultsToml =
        toml::from_str(&file.text).map_err(|e| toml_err(e.message().to_string()))?;
    let mut faults = Vec::new();
    for word in &raw.faults {
        let fault = word
            .parse::<Fault>()
            .map_err(|message| toml_err(format!("faults: {message}")))?;
        if !faults.contains(&fault) {
            faults.push(fault);
        }
    }
    let record = file.record;
    let platform = record.platform.unwrap_or(Platform::IosXe);
    let mut device = SimDevice::new(file.name, platform);
    device.keys = record.keys;
    for command in Command::for_platform(platform) {
        if let Some(text) = replay::read_output(dir, command)? {
            let (body, prompt) = saved_body(&text);
            if let Some(p) = prompt {
                device.prompt = p;
            }
            device.outputs.insert(command, body);
        }
    }
    if faults.is_empty() && record.status != CollectionStatus::Ok && device.outputs.is_empty() {
        faults.push(Fault::Refuse);
    }
    device.faults = faults;
    Ok(device)
}

/// How the simulator runs.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// The accepted user name.
    pub username: String,
    /// The accepted password (password and keyboard-interactive auth).
    pub password: String,
    /// Public keys accepted for public-key auth.
    pub authorized_keys: Vec<PublicKey>,
    /// `Some(p)`: device `i` listens on `p + i`; `None`: ephemeral ports.
    pub base_port: Option<u16>,
    /// Delay before each command's output.
    pub latency: Duration,
    /// Delay before the banner of a [`Fault::SlowBanner`] device.
    pub slow_banner_delay: Duration,
    /// NX-OS devices also offer an RSA (2048-bit) host key; costs a moment per device at start.
    pub nxos_rsa_host_key: bool,
    /// How long a rejected authentication attempt takes.
    pub auth_rejection_time: Duration,
    /// Offer keyboard-interactive (and public key) but not the `password` method, as devices
    /// authenticating through TACACS/RADIUS often do.
    pub keyboard_interactive_only: bool,
    /// `Some(p)`: IOS-XE shells start in user exec (`name>`) and `enable` asks for `p`
    /// (not echoed, as on a real device) before the privileged prompt.
    pub enable_password: Option<String>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            username: DEFAULT_USERNAME.to_string(),
            password: DEFAULT_PASSWORD.to_string(),
            authorized_keys: Vec::new(),
            base_port: None,
            latency: Duration::ZERO,
            slow_banner_delay: Duration::from_secs(5),
            nxos_rsa_host_key: true,
            auth_rejection_time: Duration::from_millis(100),
            keyboard_interactive_only: false,
            enable_password: None,
        }
    }
}

impl SimOptions {
    /// The defaults, with the password from [`PASSWORD_ENV`] when it is set.
    pub fn from_env() -> Self {
        let mut options = SimOptions::default();
        if let Ok(p) = std::env::var(PASSWORD_ENV) {
            if !p.is_empty() {
                options.password = p;
            }
        }
        options
    }
}

/// One running simulated device.
#[derive(Debug, Clone)]
pub struct DeviceHandle {
    /// Device name.
    pub name: String,
    /// Platform.
    pub platform: Platform,
    /// Its address (always `127.0.0.1`); for [`Fault::Refuse`] a port nothing listens on.
    pub addr: SocketAddr,
    /// Host public keys advertised for known_hosts (for [`Fault::WrongHostKey`] these are NOT
    /// the keys the server presents).
    pub host_keys: Vec<PublicKey>,
    /// The keys the server actually presents (empty for [`Fault::Refuse`]).
    pub presented_keys: Vec<PublicKey>,
    /// Faults injected.
    pub faults: Vec<Fault>,
    /// Inventory audit keys.
    pub keys: AuditKeys,
}

impl DeviceHandle {
    /// The bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// known_hosts lines (`[127.0.0.1]:PORT ssh-ed25519 AAAA...`), one per advertised key.
    pub fn known_hosts_lines(&self) -> Vec<String> {
        self.host_keys
            .iter()
            .filter_map(|k| k.to_openssh().ok())
            .map(|k| format!("[127.0.0.1]:{} {}", self.port(), k.trim()))
            .collect()
    }
}

/// A running simulated fleet. Dropping it (or [`Fleet::shutdown`]) stops every server and
/// closes every open session.
#[derive(Debug)]
pub struct Fleet {
    devices: Vec<DeviceHandle>,
    cancel: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    /// Bound, never listening: the ports of [`Fault::Refuse`] devices, held so that no other
    /// server (another test's fleet) can take them while this fleet runs.
    refusing: Vec<tokio::net::TcpSocket>,
}

impl Fleet {
    /// Starts one SSH server per device on 127.0.0.1.
    pub async fn start(devices: Vec<SimDevice>, options: SimOptions) -> Result<Fleet, SimError> {
        let cancel = CancellationToken::new();
        let options = Arc::new(options);
        let mut fleet = Fleet {
            devices: Vec::new(),
            cancel: cancel.clone(),
            tasks: Vec::new(),
            refusing: Vec::new(),
        };
        // Host keys first, all at once (RSA generation is the slow part).
        let mut keygen = Vec::new();
        for device in &devices {
            let rsa = options.nxos_rsa_host_key && device.platform == Platform::NxOs;
            let name = device.name.clone();
            let wrong = device.has(Fault::WrongHostKey);
            keygen.push(tokio::task::spawn_blocking(move || {
                let presented = generate_host_keys(&name, rsa)?;
                let advertised = if wrong {
                    generate_host_keys(&name, rsa)?
                } else {
                    presented.clone()
                };
                Ok::<_, SimError>((presented, advertised))
            }));
        }
        for (index, (device, keys)) in devices.into_iter().zip(keygen).enumerate() {
            let (presented, advertised) = keys.await.map_err(|e| SimError::HostKey {
                device: device.name.clone(),
                message: e.to_string(),
            })??;
            let port = match options.base_port {
                None => 0,
                Some(base) => u16::try_from(usize::from(base) + index)
                    .ok()
                    .filter(|p| *p != 0 || base == 0)
                    .ok_or_else(|| SimError::PortRange {
                        device: device.name.clone(),
                        base,
                        index,
                    })?,
            };
            let bind_err = |source| SimError::Bind {
                device: device.name.clone(),
                port,
                source,
            };
            let refuse = device.has(Fault::Refuse);
            let (listener, addr) = if refuse {
                // Bound but not listening: the kernel refuses every connection.
                let socket = tokio::net::TcpSocket::new_v4().map_err(bind_err)?;
                socket
                    .bind((Ipv4Addr::LOCALHOST, port).into())
                    .map_err(bind_err)?;
                let addr = socket.local_addr().map_err(bind_err)?;
                fleet.refusing.push(socket);
                (None, addr)
            } else {
                let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))
                    .await
                    .map_err(bind_err)?;
                let addr = listener.local_addr().map_err(bind_err)?;
                (Some(listener), addr)
            };
            let handle = DeviceHandle {
                name: device.name.clone(),
                platform: device.platform,
                addr,
                host_keys: advertised.iter().map(|k| k.public_key().clone()).collect(),
                presented_keys: if refuse {
                    Vec::new()
                } else {
                    presented.iter().map(|k| k.public_key().clone()).collect()
                },
                faults: device.faults.clone(),
                keys: device.keys.clone(),
            };
            if let Some(listener) = listener {
                let task = server::spawn_listener(
                    listener,
                    Arc::new(device),
                    presented,
                    options.clone(),
                    cancel.child_token(),
                );
                fleet.tasks.push(task);
            }
            fleet.devices.push(handle);
        }
        Ok(fleet)
    }

    /// Reads a replay directory ([`load_devices`]) and starts its fleet.
    pub async fn from_replay(dir: &Path, options: SimOptions) -> Result<Fleet, SimError> {
        let devices = load_devices(dir)?;
        Fleet::start(devices, options).await
    }

    /// The running devices, in start order.
    pub fn devices(&self) -> &[DeviceHandle] {
        &self.devices
    }

    /// The device named `name`.
    pub fn device(&self, name: &str) -> Option<&DeviceHandle> {
        self.devices.iter().find(|d| d.name == name)
    }

    /// A known_hosts file's text with every device's advertised host keys.
    pub fn known_hosts(&self) -> String {
        let mut text = String::new();
        for d in &self.devices {
            for line in d.known_hosts_lines() {
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    }

    /// An inventory (ARCHITECTURE.md § Contracts) for this fleet, naming `known_hosts`.
    pub fn inventory_toml(&self, username: &str, known_hosts: &Path) -> String {
        #[derive(Serialize)]
        struct Inventory<'a> {
            defaults: Defaults<'a>,
            device: Vec<InventoryDevice<'a>>,
        }
        #[derive(Serialize)]
        struct Defaults<'a> {
            username: &'a str,
            password_env: &'a str,
            host_key_check: &'a str,
            known_hosts: String,
        }
        #[derive(Serialize)]
        struct InventoryDevice<'a> {
            name: &'a str,
            host: &'a str,
            port: u16,
            platform: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            vrf: Option<&'a str>,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            onprem_servers: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            smart_account: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            virtual_account: Option<&'a str>,
        }
        let inventory = Inventory {
            defaults: Defaults {
                username,
                password_env: PASSWORD_ENV,
                host_key_check: "strict",
                known_hosts: known_hosts.display().to_string(),
            },
            device: self
                .devices
                .iter()
                .map(|d| InventoryDevice {
                    name: &d.name,
                    host: "127.0.0.1",
                    port: d.port(),
                    platform: d.platform.as_str(),
                    vrf: d.keys.vrf.as_deref(),
                    onprem_servers: &d.keys.onprem_servers,
                    smart_account: d.keys.smart_account.as_deref(),
                    virtual_account: d.keys.virtual_account.as_deref(),
                })
                .collect(),
        };
        // Plain strings and integers only: serialising cannot fail.
        toml::to_string(&inventory).unwrap_or_default()
    }

    /// A token that stops the fleet when cancelled.
    pub fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Stops every server, closes every session and waits for the listeners to end.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// `n` healthy devices for load tests: copies of `templates` that have no fault and collected
/// cleanly, round-robin, named `<template>-<i>` (prompt, host name and serial made its own,
/// see [`SimDevice::copy_as`]).
pub fn clone_fleet(templates: &[SimDevice], n: usize) -> Vec<SimDevice> {
    let healthy: Vec<&SimDevice> = templates
        .iter()
        .filter(|d| d.faults.is_empty() && !d.outputs.is_empty())
        .collect();
    if healthy.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let template = healthy[i % healthy.len()];
            template.copy_as(&format!("{}-{i}", template.name), i)
        })
        .collect()
}

/// Reads the replay directory `dir` and serves its fleet on loopback; see [`Fleet`].
pub async fn serve(dir: &Path, options: SimOptions) -> Result<Fleet, SimError> {
    Fleet::from_replay(dir, options).await
}

/// An ed25519 host key, plus an RSA one when `rsa`.
fn generate_host_keys(device: &str, rsa: bool) -> Result<Vec<PrivateKey>, SimError> {
    let err = |e: russh::keys::ssh_key::Error| SimError::HostKey {
        device: device.to_string(),
        message: e.to_string(),
    };
    let mut rng = russh::keys::key::safe_rng();
    let mut keys =
        vec![PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519).map_err(err)?];
    if rsa {
        let pair =
            russh::keys::ssh_key::private::RsaKeypair::random(&mut rng, 2048).map_err(err)?;
        keys.push(PrivateKey::from(pair));
    }
    Ok(keys)
}
