//! Call-home configuration and state: NX-OS `show running-config callhome` / `show callhome`,
//! IOS-XE `show call-home profile all` / `show running-config | section call-home`,
//! IOS-XR `show call-home detail` / `show running-config call-home` / statistics.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Call-home as configured and reported by the device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallHome {
    /// `false` when there is no call-home configuration at all
    /// (XR `% No such configuration item(s)`, an empty `| section call-home`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configured: Option<bool>,
    /// NX-OS `enable`, IOS-XE `service call-home`, XR `service active` / `call home feature : enable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `email-contact` / `contact-email-addr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// NX-OS `transport http use-vrf`, IOS-XE `vrf`, XR `vrf for call-home messages:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vrf: Option<String>,
    /// `source-interface` / XR `source interface:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_interface: Option<String>,
    /// HTTP proxy (`transport http proxy server`, `http-proxy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<HttpProxy>,
    /// XR `Smart licensing messages: enabled`, IOS-XE `Smart-license messages: enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smart_licensing_messages: Option<bool>,
    /// Destination profiles, in the order printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<CallHomeProfile>,
    /// XR `show call-home smart-licensing statistics` rows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<CallHomeStatistic>,
    /// Printed call-home settings the model does not type (`phone-contact`, `site ID`,
    /// `mail-server`, `transport email from` ...), label to value as printed; repeated labels
    /// keep every value, joined with `; `.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// An HTTP proxy for call-home.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpProxy {
    /// Host name or address.
    pub host: String,
    /// Port, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// NX-OS `transport http proxy enable` seen (`None` where the platform has no such switch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// One call-home destination profile (`CiscoTAC-1`, `xml`, custom).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallHomeProfile {
    /// Profile name.
    pub name: String,
    /// `Profile status: ACTIVE` / `active`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// `Profile mode:` (`Full Reporting`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `Transport Method:` / `transport-method` (`http`, `email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport_method: Option<String>,
    /// HTTP destination URLs, in order (any scheme; the audit checks them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub http_urls: Vec<String>,
    /// E-mail destinations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_addresses: Vec<String>,
    /// `Reporting Data: ... Smart Licensing` / `reporting smart-licensing-data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_smart_licensing: Option<bool>,
    /// `Reporting Data: Smart Call Home ...` / `reporting smart-call-home-data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporting_smart_call_home: Option<bool>,
    /// `Preferred Message Format:` / `message-format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_format: Option<String>,
    /// Printed profile settings the model does not type (`Message Size Limit`, periodic
    /// message schedules, NX-OS `message-level`), label to value; repeated labels joined with `; `.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// One row of IOS-XR `show call-home smart-licensing statistics`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallHomeStatistic {
    /// `Msg Subtype` (`ENTITLEMENT`, `REGISTRATION`, `RENEW` ...).
    pub message: String,
    /// Sent and answered (transport only, not licensing success).
    pub success: u64,
    /// Failed to send or the response said error.
    pub failed: u64,
    /// Waiting to be sent.
    pub inqueue: u64,
    /// Dropped because of incorrect call-home configuration.
    pub dropped: u64,
    /// `Last-sent`, converted with the zone in the header (`n/a` = never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sent: Option<DateTime<Utc>>,
}
