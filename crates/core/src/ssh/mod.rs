//! The SSH client side: log into a Cisco device and run the allow-listed commands.
//!
//! Three layers, as scrapli splits them (STYLE.md § ssh):
//! - [`transport`] moves bytes: TCP connect, algorithm profile, host-key policy against
//!   known_hosts, authentication, jump hosts, a PTY shell or one exec channel. No prompts.
//! - [`channel`] knows reading: "send a line, read from its echo until the learned prompt
//!   comes back and settles", paging (`--More--`) fallback. What prompts, pager prompts,
//!   echoes and escape sequences look like is `fleetlic_parsers::terminal`'s.
//! - [`driver`] knows the device: session setup (`terminal length 0` …, `enable`), and runs a
//!   [`Command`](fleetlic_parsers::Command) — never an arbitrary string — in shell or exec mode.
//!
//! Everything a device answers, including `% Invalid input`, is returned as [`Output`]: the
//! parsers decide what it means. Only transport-level problems are [`SshError`]s.

pub mod channel;
pub mod driver;
pub mod known_hosts;
pub mod transport;

use std::fmt;
use std::path::PathBuf;

pub use channel::{Channel, Output, OutputWarning};
pub use driver::Session;

/// What the session was doing when something went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// TCP connect.
    Connect,
    /// SSH version exchange, key exchange, host-key check.
    Handshake,
    /// User authentication.
    Auth,
    /// Opening the shell or exec channel.
    OpenChannel,
    /// Waiting for the first prompt after login.
    Login,
    /// `terminal ...` settings and `enable`.
    Setup,
    /// Running one allow-listed command.
    Command,
    /// Leaving the device.
    Close,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Connect => "connect",
            Phase::Handshake => "handshake",
            Phase::Auth => "authentication",
            Phase::OpenChannel => "opening a channel",
            Phase::Login => "waiting for the prompt",
            Phase::Setup => "session setup",
            Phase::Command => "command",
            Phase::Close => "close",
        })
    }
}

/// Why an SSH session failed. Messages never contain a password or passphrase.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SshError {
    /// The TCP connection could not be made.
    #[error("cannot connect to {host}:{port}: {reason}")]
    Connect {
        /// Host as configured.
        host: String,
        /// Port.
        port: u16,
        /// What the OS or the resolver said.
        reason: String,
    },
    /// A budget (connect, command) ran out.
    #[error("timed out during {phase}")]
    Timeout {
        /// What was running.
        phase: Phase,
    },
    /// The device refused every authentication method tried.
    #[error("authentication failed for user {username:?} (tried: {tried})")]
    AuthFailed {
        /// Login name.
        username: String,
        /// Methods tried, comma-separated (`password, keyboard-interactive`).
        tried: String,
    },
    /// Strict host-key checking and the host is not in known_hosts.
    #[error("host key not known ({fingerprint}): run ssh-keyscan -p {port} {address} >> {}, or host_key_check = \"accept-new\"", shown(.known_hosts))]
    HostKeyUnknown {
        /// `host` or `[host]:port`, as known_hosts spells it.
        host: String,
        /// The host as configured (what `ssh-keyscan` is given).
        address: String,
        /// Its SSH port.
        port: u16,
        /// SHA-256 fingerprint of the key the host presented.
        fingerprint: String,
        /// The known_hosts file checked.
        known_hosts: PathBuf,
    },
    /// The host presented a key known_hosts does not record for it, while it records another
    /// (of any type): refused, also under accept-new.
    #[error("HOST KEY MISMATCH for {host}: it presented {fingerprint}, but {}:{line} records another key: verify the device's key out of band, then ssh-keygen -R '{host}' -f {} and record the new one", shown(.known_hosts), shown(.known_hosts))]
    HostKeyMismatch {
        /// `host` or `[host]:port`, as known_hosts spells it.
        host: String,
        /// SHA-256 fingerprint of the key the host presented.
        fingerprint: String,
        /// The known_hosts file checked.
        known_hosts: PathBuf,
        /// The line (1-based) holding the recorded key.
        line: usize,
    },
    /// The host presented a key known_hosts marks `@revoked`: refused.
    #[error("host key REVOKED for {host}: it presented {fingerprint}, marked @revoked at {}:{line}: do not use this device until its host key is replaced, then record the new key", shown(.known_hosts))]
    HostKeyRevoked {
        /// `host` or `[host]:port`, as known_hosts spells it.
        host: String,
        /// SHA-256 fingerprint of the key the host presented.
        fingerprint: String,
        /// The known_hosts file checked.
        known_hosts: PathBuf,
        /// The line (1-based) of the `@revoked` entry.
        line: usize,
    },
    /// The device closed the connection.
    #[error("device closed the connection during {during}")]
    Disconnected {
        /// What was running.
        during: Phase,
    },
    /// The device sent more than the per-command output cap: the session was closed so that
    /// memory stays bounded whatever a device streams.
    #[error("{what} sent more than {} without finishing; session closed (raise --max-output if that much output is real)", human_bytes(*.limit))]
    OutputTooLarge {
        /// The cap, in bytes.
        limit: usize,
        /// What was running.
        during: Phase,
        /// What was being read: the command line, or `the login banner`.
        what: String,
    },
    /// The platform has no such command (nothing was sent).
    #[error("{command} is not a {platform} command")]
    NoSuchCommand {
        /// The command asked for.
        command: fleetlic_parsers::Command,
        /// The device's platform.
        platform: fleetlic_parsers::Platform,
    },
    /// Anything else the SSH protocol or a local file (key, known_hosts) got wrong.
    #[error("ssh: {0}")]
    Protocol(String),
}

/// A path as people type it: under `$HOME` written `~/...`.
fn shown(path: &std::path::Path) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home.and_then(|h| {
        path.strip_prefix(&h)
            .ok()
            .map(|rest| rest.display().to_string())
    }) {
        Some(rest) if !rest.is_empty() => format!("~/{rest}"),
        _ => path.display().to_string(),
    }
}

/// `8 MiB`, `512 KiB`, `100 B`: a byte count as people write it.
pub fn human_bytes(n: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    const GIB: usize = 1024 * MIB;
    match n {
        n if n >= GIB && n % GIB == 0 => format!("{} GiB", n / GIB),
        n if n >= MIB && n % MIB == 0 => format!("{} MiB", n / MIB),
        n if n >= KIB && n % KIB == 0 => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}

impl SshError {
    /// Maps a russh error seen during `phase`.
    pub(crate) fn from_russh(e: russh::Error, phase: Phase) -> SshError {
        use russh::Error as E;
        match e {
            E::Disconnect | E::HUP | E::SendError | E::RecvError | E::IO(_) => {
                SshError::Disconnected { during: phase }
            }
            E::ConnectionTimeout | E::InactivityTimeout | E::KeepaliveTimeout => {
                SshError::Timeout { phase }
            }
            other => SshError::Protocol(format!("{other} (during {phase})")),
        }
    }
}

impl From<russh::Error> for SshError {
    fn from(e: russh::Error) -> Self {
        SshError::from_russh(e, Phase::Handshake)
    }
}
