//! A device to collect, fully resolved: what the inventory says after defaults, groups and
//! credential sources are applied. The inventory produces it; the collector and the SSH
//! session consume it.

use std::path::PathBuf;
use std::time::Duration;

use fleetlic_parsers::Platform;

use crate::device::AuditKeys;
use crate::secret::Secret;

/// One device to collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Inventory name (also the replay / save-raw directory name).
    pub name: String,
    /// Host name or address.
    pub host: String,
    /// SSH port (22).
    pub port: u16,
    /// Platform, or `None` for `auto` (`show version` decides).
    pub platform: Option<Platform>,
    /// Inventory group, if any.
    pub group: Option<String>,
    /// Login name.
    pub username: String,
    /// How to authenticate.
    pub credential: Credential,
    /// `enable` password, for accounts that must `enable` (from `enable_password_env`).
    pub enable_password: Option<Secret>,
    /// Interactive shell with a PTY (default) or one exec channel per command.
    pub mode: SessionMode,
    /// TCP connect plus SSH handshake budget.
    pub connect_timeout: Duration,
    /// Budget for one command's output.
    pub command_timeout: Duration,
    /// Budget for the whole device (connect, all commands, close).
    pub device_timeout: Duration,
    /// Most bytes one command (or the login banner) may send before the session is closed.
    pub max_output: usize,
    /// Offer the SHA-1/CBC-era algorithms old gear needs.
    pub legacy_algorithms: bool,
    /// Host key policy.
    pub host_key_check: HostKeyCheck,
    /// known_hosts file to check (and, with accept-new, to write); `None` = `~/.ssh/known_hosts`.
    pub known_hosts: Option<PathBuf>,
    /// Jump host to tunnel through.
    pub jump: Option<Jump>,
    /// Audit keys (vrf, onprem_servers, accounts) for the rules.
    pub keys: AuditKeys,
}

/// How a device authenticates fleetlic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// Password (also answered to keyboard-interactive prompts), from an env var or a file.
    Password(Secret),
    /// Private key file, with its passphrase if encrypted.
    Key {
        /// Path to the OpenSSH private key.
        path: PathBuf,
        /// Passphrase, from `passphrase_env`.
        passphrase: Option<Secret>,
    },
    /// Keys held by ssh-agent (`SSH_AUTH_SOCK`).
    Agent,
}

/// Interactive shell or exec channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionMode {
    /// One interactive shell with a PTY; prompt detection; `terminal length 0`.
    Shell,
    /// One exec channel per command (reconnecting where the device closes the session).
    Exec,
}

/// What to do with the device's host key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKeyCheck {
    /// Known and matching, else refuse (default).
    Strict,
    /// Record unknown keys; refuse changed ones.
    AcceptNew,
    /// Accept anything (needs `--insecure-accept-any-host-key`; flagged in the report).
    Off,
}

/// A jump host (`jump = "user@bastion:22"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump {
    /// Login name on the bastion.
    pub username: String,
    /// Bastion host.
    pub host: String,
    /// Bastion port.
    pub port: u16,
    /// Bastion credentials (`jump_password_env` / `jump_key_file`, else the device's).
    pub credential: Credential,
}
