//! The replay source: saved outputs laid out as `DIR/<device>/<slug>.txt` plus
//! `DIR/<device>/device.toml` (ARCHITECTURE.md § Contracts), the layout `--save-raw` writes.

use crate::cap::RecordCap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use fleetlic_parsers::{Command, Platform};
use serde::{Deserialize, Serialize};

use crate::device::{AuditKeys, CollectionStatus, Device, DeviceRecord};

/// A replay directory that cannot be read as the contract lays it out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The directory (or a file in it) could not be read.
    #[error("{path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A `device.toml` is not valid: `file:line:column: problem`.
    #[error("{path}:{line}:{column}: {message}")]
    DeviceToml {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong, naming the field.
        message: String,
    },
    /// A device directory has no `device.toml`.
    #[error("{path}: missing (every device directory needs device.toml with at least `platform`)")]
    MissingDeviceToml {
        /// The expected file.
        path: PathBuf,
    },
    /// The directory holds no device at all.
    #[error("{path}: no device directories (expected DIR/<device>/device.toml)")]
    Empty {
        /// The replay directory.
        path: PathBuf,
    },
}

/// `device.toml` as written by `--save-raw` and read by `--replay` (and the simulator's faults):
/// one schema for both directions.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceToml {
    /// `nxos`, `iosxe`, `iosxr`.
    pub platform: Platform,
    /// Address the device was reached at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// When the outputs were collected (RFC 3339 UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<DateTime<Utc>>,
    /// `ok` or why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The collection error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Audit key: VRF towards Cisco.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vrf: Option<String>,
    /// Audit key: on-prem licensing servers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onprem_servers: Vec<String>,
    /// Audit key: expected Smart Account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_account: Option<String>,
    /// Audit key: expected Virtual Account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_account: Option<String>,
    /// Audit key: the device's time zone (`+05:30`, `Asia/Kolkata`) for dates printed in a
    /// zone name the zone table cannot place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Audit key: the host name the device should answer with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_hostname: Option<String>,
    /// Audit key: `false` turns the identity checks off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_check: Option<bool>,
    /// Simulator faults; the audit ignores them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<String>,
}

impl DeviceToml {
    /// The `device.toml` of a collected device (platform unknown is written as the platform the
    /// audit will have to guess: such a device has no outputs worth replaying, so `nxos` is a
    /// placeholder only when nothing at all is known).
    pub fn of(record: &DeviceRecord) -> Self {
        Self {
            platform: record.platform.unwrap_or(Platform::NxOs),
            host: Some(record.host.clone()),
            collected_at: record.collected_at,
            status: Some(record.status.as_word().to_string()),
            error: record.error.clone(),
            vrf: record.keys.vrf.clone(),
            onprem_servers: record.keys.onprem_servers.clone(),
            smart_account: record.keys.smart_account.clone(),
            virtual_account: record.keys.virtual_account.clone(),
            timezone: record.keys.timezone.clone(),
            expected_hostname: record.keys.expected_hostname.clone(),
            identity_check: record.keys.identity_check,
            faults: Vec::new(),
        }
    }
}

/// Reads every device of a replay directory, sorted by name, parsing each saved output
/// (each output keeping at most `cap` records of each kind).
pub fn load(dir: &Path, cap: RecordCap) -> Result<Vec<Device>, ReplayError> {
    device_dirs(dir, |p| p.is_dir())?
        .iter()
        .map(|d| load_device(d, cap))
        .collect()
}

/// The subdirectories of replay directory `dir` that `keep` accepts, sorted by name; an error
/// when none is left.
pub fn device_dirs(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, ReplayError> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| ReplayError::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(ReplayError::Empty {
            path: dir.to_path_buf(),
        });
    }
    Ok(dirs)
}

/// The `device.toml` of device directory `dir`, read and parsed.
#[derive(Debug)]
pub struct DeviceFile {
    /// The device name (the directory's name).
    pub name: String,
    /// Where `device.toml` is.
    pub path: PathBuf,
    /// Its text, for readers of keys beyond the contract (the simulator's faults).
    pub text: String,
    /// What it says.
    pub record: DeviceRecord,
}

/// Reads and parses `dir/device.toml`.
pub fn read_device_toml(dir: &Path) -> Result<DeviceFile, ReplayError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let path = dir.join("device.toml");
    if !path.exists() {
        return Err(ReplayError::MissingDeviceToml { path });
    }
    let text = std::fs::read_to_string(&path).map_err(|source| ReplayError::Io {
        path: path.clone(),
        source,
    })?;
    let record = parse_device_toml(&name, &text).map_err(|(line, column, message)| {
        ReplayError::DeviceToml {
            path: path.clone(),
            line,
            column,
            message,
        }
    })?;
    Ok(DeviceFile {
        name,
        path,
        text,
        record,
    })
}

/// The saved output of `command` in device directory `dir` (`<slug>.txt`), `None` when there is
/// no such file.
pub fn read_output(dir: &Path, command: Command) -> Result<Option<String>, ReplayError> {
    let path = dir.join(format!("{}.txt", command.slug()));
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReplayError::Io { path, source }),
    }
}

/// Reads one `DIR/<device>/`.
fn load_device(dir: &Path, cap: RecordCap) -> Result<Device, ReplayError> {
    let record = read_device_toml(dir)?.record;
    let mut outputs = Vec::new();
    if let Some(platform) = record.platform {
        // Live commands and the replay-only ones engineers save (`show license tech support`).
        for command in Command::for_replay(platform) {
            if let Some(text) = read_output(dir, command)? {
                outputs.push((command, text));
            }
        }
    }
    Ok(Device::from_outputs(record, outputs, cap))
}

/// Parses a `device.toml`; errors carry the 1-based line and column and name the field.
pub fn parse_device_toml(name: &str, text: &str) -> Result<DeviceRecord, (usize, usize, String)> {
    let raw: DeviceToml = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        (line, column, e.message().to_string())
    })?;
    if let Some(tz) = raw.timezone.as_deref() {
        if let Err(e) = tz.parse::<fleetlic_parsers::Timezone>() {
            let at = text.find("timezone").unwrap_or(0);
            let (line, column) = line_col(text, at);
            return Err((line, column, format!("timezone: {e}")));
        }
    }
    Ok(DeviceRecord {
        name: name.to_string(),
        host: raw.host.unwrap_or_else(|| name.to_string()),
        platform: Some(raw.platform),
        collected_at: raw.collected_at,
        status: raw
            .status
            .as_deref()
            .map_or(CollectionStatus::Ok, CollectionStatus::from_word),
        error: raw.error.filter(|e| !e.trim().is_empty()),
        keys: AuditKeys {
            vrf: raw.vrf,
            onprem_servers: raw.onprem_servers,
            smart_account: raw.smart_account,
            virtual_account: raw.virtual_account,
            timezone: raw.timezone.map(|t| t.trim().to_string()),
            expected_hostname: raw.expected_hostname.filter(|h| !h.trim().is_empty()),
            identity_check: raw.identity_check,
        },
    })
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_toml_reads_every_contract_key() {
        let text = "platform = \"iosxr\"\nhost = \"192.0.2.7\"\ncollected_at = \"2026-11-20T02:00:00Z\"\nstatus = \"auth_failed\"\nerror = \"permission denied\"\nvrf = \"MGMT\"\nonprem_servers = [\"ssm.example.net\"]\nsmart_account = \"Acme\"\nvirtual_account = \"Core\"\nfaults = [\"auth_fail\"]\n";
        let r = parse_device_toml("pe1", text).expect("valid");
        assert_eq!(r.platform, Some(Platform::IosXr));
        assert_eq!(r.host, "192.0.2.7");
        assert_eq!(r.status, CollectionStatus::AuthFailed);
        assert_eq!(r.error.as_deref(), Some("permission denied"));
        assert_eq!(r.keys.vrf.as_deref(), Some("MGMT"));
        assert_eq!(r.keys.onprem_servers, ["ssm.example.net"]);
        assert_eq!(
            r.collected_at.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-20T02:00:00+00:00")
        );
    }

    /// Replay reads the replay-only captures (`show license udi`, `show license tech support`)
    /// besides the live commands' outputs.
    #[test]
    fn replay_reads_replay_only_captures() {
        let dir = std::env::temp_dir().join(format!("fleetlic-replay-only-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("device.toml"), "platform = \"iosxe\"\n").expect("toml");
        std::fs::write(
            dir.join("show_license_udi.txt"),
            "UDI: PID:C9300-24UX,SN:FCW2134L00C\n",
        )
        .expect("udi");
        let device = load_device(&dir, RecordCap::default()).expect("loads");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(device.parsed(Command::LicenseUdi));
        let serials: Vec<&str> = device
            .model
            .udis
            .iter()
            .map(|u| u.serial.as_str())
            .collect();
        assert_eq!(serials, ["FCW2134L00C"]);
    }

    #[test]
    fn device_toml_errors_name_line_and_field() {
        let err = parse_device_toml("x", "platform = \"nxos\"\nvrff = \"management\"\n")
            .expect_err("typo");
        assert_eq!(err.0, 2);
        assert!(err.2.contains("vrff"), "{}", err.2);
        let err = parse_device_toml("x", "platform = \"nxos\"\ntimezone = \"IST\"\n")
            .expect_err("ambiguous zone");
        assert_eq!(err.0, 2);
        assert!(err.2.contains("Asia/Kolkata"), "{}", err.2);
        let r = parse_device_toml("x", "platform = \"nxos\"\ntimezone = \"+05:30\"\n");
        assert_eq!(r.map(|r| r.keys.timezone), Ok(Some("+05:30".to_string())));
        let err = parse_device_toml("x", "platform = \"junos\"\n").expect_err("bad platform");
        assert_eq!(err.0, 1);
        assert!(
            err.2.contains("junos") || err.2.contains("variant"),
            "{}",
            err.2
        );
    }
}
