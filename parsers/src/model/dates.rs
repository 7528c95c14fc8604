//! Every date a grammar read, as printed, beside the UTC value the model holds for it.
//!
//! The typed fields (`next_ack_deadline`, `expires`, ...) hold `Option<DateTime<Utc>>`: `None`
//! when the date's zone could not be resolved. [`PrintedDate`] keeps the text and says how the
//! zone was resolved, so a deadline printed in a zone fleetlic cannot place never vanishes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Command;

/// One date as the device printed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintedDate {
    /// The command whose output printed it (set by [`crate::parse_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// 1-based line number in that command's output.
    pub line: usize,
    /// The label as printed (`Next ACK deadline`, `Status: AUTHORIZED`, `Reporting: LAST`).
    pub field: String,
    /// The date as printed (`Apr 23 15:28:43 2025 IST`).
    pub text: String,
    /// The zone token as printed (`IST`, `UTC`, `+05:30`); `None` when none was printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// The date in UTC, when the zone could be resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc: Option<DateTime<Utc>>,
    /// How the UTC offset was obtained.
    pub resolved: Resolution,
}

/// How the UTC offset of a printed date (or of the device clock) was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// From the printed zone: an unambiguous abbreviation of the zone table, or numeric.
    Printed,
    /// From the device's own `show clock`: it printed the same zone name, and its local time
    /// against the collection instant gave the offset.
    DeviceClock,
    /// From the inventory key `timezone` (a fixed offset or an IANA zone, per date).
    Inventory,
    /// Not resolved: the UTC value is absent (the audit raises `parse.zone_unresolved`).
    Unresolved,
}

impl Resolution {
    /// The word used in JSON and text output (`printed`, `device_clock`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Printed => "printed",
            Resolution::DeviceClock => "device_clock",
            Resolution::Inventory => "inventory",
            Resolution::Unresolved => "unresolved",
        }
    }
}

impl std::fmt::Display for Resolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
