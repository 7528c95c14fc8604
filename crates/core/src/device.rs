//! One device as the audit sees it: where it came from, how collection went, what each command
//! printed and the merged licensing model.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use fleetlic_parsers::model::{DeviceLicensing, Resolution};
use fleetlic_parsers::{Command, ParseOptions, Platform, Timezone, Warning};
use serde::{Deserialize, Serialize};

use crate::cap::{Dropped, RecordCap};

/// The inventory keys that change what the audit expects of a device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditKeys {
    /// VRF the device reaches Cisco (or its on-prem server) through; call-home must use it.
    pub vrf: Option<String>,
    /// On-prem licensing servers (SSM On-Prem, satellite, Transport Gateway, CSLU) this device
    /// may talk to instead of Cisco: host names or addresses.
    pub onprem_servers: Vec<String>,
    /// Smart Account the device should be registered to.
    pub smart_account: Option<String>,
    /// Virtual Account the device should be registered to.
    pub virtual_account: Option<String>,
    /// The device's time zone (`+05:30`, `Asia/Kolkata`), for dates printed in a zone name
    /// the zone table cannot place; checked when the inventory or `device.toml` is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The host name the device should answer with, when it is not the inventory name (the
    /// identity check compares the prompt's host name with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_hostname: Option<String>,
    /// `false` turns the identity checks off for this device (`collection.identity_mismatch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_check: Option<bool>,
}

/// How collecting the device went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionStatus {
    /// Every command ran.
    Ok,
    /// TCP connect failed or no route.
    Unreachable,
    /// Authentication failed.
    AuthFailed,
    /// Connect, a command, or the whole device budget timed out.
    Timeout,
    /// The host key did not match known_hosts.
    HostKeyMismatch,
    /// Strict host-key checking and the host key is not in known_hosts.
    HostKeyUnknown,
    /// The run was cancelled before this device was collected.
    Cancelled,
    /// A command (or the login banner) sent more than the output cap; the session was closed.
    OutputTooLarge,
    /// The inventory entry of this device could not be used (its key file, password variable
    /// or password file); the device was not contacted.
    ConfigError,
    /// Anything else, as recorded.
    Other(String),
}

impl CollectionStatus {
    /// Reads the `status` word of `device.toml`.
    pub fn from_word(word: &str) -> Self {
        match word.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "ok" => CollectionStatus::Ok,
            "unreachable" | "refused" | "connect_failed" => CollectionStatus::Unreachable,
            "auth_failed" | "auth" | "authentication_failed" => CollectionStatus::AuthFailed,
            "timeout" | "timed_out" => CollectionStatus::Timeout,
            "host_key_mismatch" | "wrong_host_key" => CollectionStatus::HostKeyMismatch,
            "host_key_unknown" => CollectionStatus::HostKeyUnknown,
            "cancelled" | "skipped" => CollectionStatus::Cancelled,
            "output_too_large" => CollectionStatus::OutputTooLarge,
            "config_error" => CollectionStatus::ConfigError,
            _ => CollectionStatus::Other(word.trim().to_string()),
        }
    }

    /// The word written to `device.toml` and the devices CSV.
    pub fn as_word(&self) -> &str {
        match self {
            CollectionStatus::Ok => "ok",
            CollectionStatus::Unreachable => "unreachable",
            CollectionStatus::AuthFailed => "auth_failed",
            CollectionStatus::Timeout => "timeout",
            CollectionStatus::HostKeyMismatch => "host_key_mismatch",
            CollectionStatus::HostKeyUnknown => "host_key_unknown",
            CollectionStatus::Cancelled => "cancelled",
            CollectionStatus::OutputTooLarge => "output_too_large",
            CollectionStatus::ConfigError => "config_error",
            CollectionStatus::Other(w) => w,
        }
    }
}

/// What became of one command's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputOutcome {
    /// Parsed; the warnings name lines the grammar skipped.
    Parsed {
        /// Lines the grammar did not fully understand.
        warnings: Vec<Warning>,
        /// What `--max-records` left out of this output (absent when nothing was).
        #[serde(default, skip_serializing_if = "Dropped::is_empty")]
        dropped: Dropped,
    },
    /// The device rejected the command (`% Invalid input`).
    Unsupported {
        /// The device's error text.
        message: String,
    },
    /// The text is not that command's output (empty, garbage, truncated to nothing).
    Unparseable {
        /// Why.
        reason: String,
    },
}

/// One device, collected or replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Device name (inventory name, replay directory name).
    pub name: String,
    /// Address used to reach it.
    pub host: String,
    /// Platform from the inventory / `device.toml`.
    pub platform: Option<Platform>,
    /// When its outputs were collected (the clock-skew rule compares `show clock` with it).
    pub collected_at: Option<DateTime<Utc>>,
    /// How collection went.
    pub status: CollectionStatus,
    /// Why collection failed, when it did.
    pub error: Option<String>,
    /// Inventory keys the rules use.
    pub keys: AuditKeys,
    /// What became of each command's output, by command.
    pub outputs: BTreeMap<Command, OutputOutcome>,
    /// The merged model of every parsed output.
    pub model: DeviceLicensing,
}

impl Device {
    /// Whether `command`'s output was parsed.
    pub fn parsed(&self, command: Command) -> bool {
        matches!(
            self.outputs.get(&command),
            Some(OutputOutcome::Parsed { .. })
        )
    }
}

impl Device {
    /// Builds a device from its collection record and the raw output of each command: parses
    /// every output with its platform's grammar and merges the models (commands in allow-list
    /// order, so `show license status` leads and the most detailed license list wins). Each
    /// output keeps at most `cap` records of each kind; what it left out is recorded on the
    /// output.
    pub fn from_outputs(
        record: DeviceRecord,
        outputs: impl IntoIterator<Item = (Command, String)>,
        cap: RecordCap,
    ) -> Self {
        let mut outputs: Vec<(Command, String)> = outputs.into_iter().collect();
        outputs.sort_by_key(|(c, _)| *c);
        let (options, zone_note) = zone_options(&record, &outputs);
        let mut model = DeviceLicensing::default();
        let mut outcomes = BTreeMap::new();
        for (command, text) in outputs {
            let result = match record.platform {
                Some(p) => fleetlic_parsers::parse_with(p, command, &text, &options),
                None => fleetlic_parsers::parse_auto(command, &text).map(|(_, parsed)| parsed),
            };
            let outcome = match result {
                Ok(mut parsed) => {
                    let dropped = cap.apply(&mut parsed);
                    fleetlic_parsers::model::merge(&mut model, parsed.value);
                    OutputOutcome::Parsed {
                        warnings: parsed.warnings,
                        dropped,
                    }
                }
                Err(fleetlic_parsers::ParseError::Unsupported { message, .. }) => {
                    OutputOutcome::Unsupported { message }
                }
                Err(e) => OutputOutcome::Unparseable {
                    reason: e.to_string(),
                },
            };
            outcomes.insert(command, outcome);
        }
        if let (Some(clock), Some(note)) = (model.clock.as_mut(), zone_note) {
            clock.offset_note = Some(note);
        }
        if model.platform.is_none() {
            model.platform = record.platform;
        }
        Device {
            name: record.name,
            host: record.host,
            platform: record.platform,
            collected_at: record.collected_at,
            status: record.status,
            error: record.error,
            keys: record.keys,
            outputs: outcomes,
            model,
        }
    }
}

/// The zone options for parsing one device's outputs: the inventory `timezone`, and the zone
/// name its own `show clock` printed with the offset that reading shows against the instant
/// the controller read it (`collected_at`), rounded to 15 minutes. Only a zone name the zone
/// table cannot place is derived so; the note says how (or why not), for the clock model.
fn zone_options(
    record: &DeviceRecord,
    outputs: &[(Command, String)],
) -> (ParseOptions, Option<String>) {
    let timezone = record
        .keys
        .timezone
        .as_deref()
        .and_then(|t| t.parse::<Timezone>().ok());
    let mut options = ParseOptions {
        zones: BTreeMap::new(),
        timezone,
    };
    if timezone.is_some() {
        return (options, None);
    }
    let Some(platform) = record.platform else {
        return (options, None);
    };
    let Some((_, text)) = outputs.iter().find(|(c, _)| *c == Command::Clock) else {
        return (options, None);
    };
    let Some(clock) = fleetlic_parsers::parse_with(platform, Command::Clock, text, &options)
        .ok()
        .and_then(|p| p.value.clock)
    else {
        return (options, None);
    };
    let (Some(Resolution::Unresolved), Some(local), Some(zone)) =
        (clock.resolved, clock.local, clock.zone)
    else {
        return (options, None);
    };
    let Some(collected_at) = record.collected_at else {
        return (
            options,
            Some(format!(
                "no collected_at: the {zone} reading cannot be compared with the controller's UTC"
            )),
        );
    };
    match fleetlic_parsers::offset_from_clock(local, collected_at) {
        Ok(offset) => {
            options
                .zones
                .insert(zone.to_ascii_uppercase(), offset.minutes);
            (options, Some(offset.note))
        }
        Err(why) => (options, Some(why)),
    }
}

/// What is known about a device before its outputs are parsed: identity, collection result,
/// audit keys (the contents of a replay `device.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// Device name.
    pub name: String,
    /// Address.
    pub host: String,
    /// Platform, when known.
    pub platform: Option<Platform>,
    /// When the outputs were collected.
    pub collected_at: Option<DateTime<Utc>>,
    /// How collection went.
    pub status: CollectionStatus,
    /// Why collection failed.
    pub error: Option<String>,
    /// Inventory audit keys.
    pub keys: AuditKeys,
}
