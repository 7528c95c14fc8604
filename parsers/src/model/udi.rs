//! Unique Device Identifiers: which hardware a license is bound to.

use serde::{Deserialize, Serialize};

/// One Unique Device Identifier (UDI): the product ID and serial number a smart license is
/// bound to. IOS-XE `show license udi` prints one for the device, or one per HA/stack member
/// (`Active:PID:C9300-24UX,SN:FCW2134L00C`); `Product Information:` / `UDI:` in the smart
/// agent outputs prints the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Udi {
    /// Product ID (`PID:C9300-24UX`).
    pub pid: String,
    /// Serial number (`SN:FCW2134L00C`).
    pub serial: String,
    /// Version ID (`VID:V01`), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vid: Option<String>,
    /// Role of this member in an HA pair or stack, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<UdiRole>,
    /// Slot of the table form (`SlotID`; `*` = the device itself), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
}

/// Role of a UDI in an HA pair or stack (`HA UDI List:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UdiRole {
    /// `Active:` (the active supervisor / stack active).
    Active,
    /// `Standby:`.
    Standby,
    /// `Member:` (another stack member).
    Member,
}
