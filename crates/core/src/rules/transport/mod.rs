//! Transport rules: can the device's licensing messages reach Cisco (or its on-prem server)?
//!
//! Five groups, one file each:
//! - [`callhome`]: call-home enabled, an active profile reporting Smart Licensing, the proxy
//!   switched on, and (IOS-XR) the per-message statistics;
//! - [`destination`]: every destination URL — call-home profiles, the SLP `Transport:` URL and
//!   CSLU address — uses HTTPS and is exactly a Cisco endpoint or a listed on-prem server;
//! - [`slp`]: the SLP transport type against the policy, and the VRF of the licensing path;
//! - [`clock`]: the device clock against the collection time, and its synchronisation;
//! - [`timers`]: IOS-XR 7.x usage collection / reporting runs that are overdue.
//!
//! Call-home rules run only when the device licenses through call-home: classic Smart
//! Licensing (any platform, IOS-XR smart licensing included) or SLP with `Type: Callhome`. With
//! SLP transport Smart, CSLU or off the call-home configuration is irrelevant and not judged.

mod callhome;
mod clock;
mod destination;
mod slp;
mod timers;

use fleetlic_parsers::model::{CallHome, LicensingMode, TransportKind};
use fleetlic_parsers::Platform;

use crate::device::Device;

use super::{Findings, Rule};

pub use callhome::{
    CALLHOME_DISABLED, CALLHOME_FAILED_MESSAGES, NO_ACTIVE_PROFILE, PROFILE_NOT_REPORTING_SL,
    PROXY_NOT_ENABLED,
};
pub use clock::{CLOCK_NOT_SYNCED, CLOCK_SKEW};
pub use destination::{CSLU_PORT, HTTP_NOT_HTTPS, SMART_URL_WRONG, UNKNOWN_DESTINATION};
pub use slp::{MISSING_VRF, SLP_TRANSPORT_OFF};
pub use timers::{COLLECTION_OVERDUE, OVERDUE_GRACE_S};

/// The call-home destination Cisco accepts for Smart Licensing messages.
pub const CALLHOME_URL: &str = "https://tools.cisco.com/its/service/oddce/services/DDCEService";

/// The SLP smart transport destination.
pub const SMART_URL: &str = "https://smartreceiver.cisco.com/licservice/license";

/// Every transport rule.
pub const RULES: &[Rule] = &[
    HTTP_NOT_HTTPS,
    CALLHOME_DISABLED,
    NO_ACTIVE_PROFILE,
    PROFILE_NOT_REPORTING_SL,
    UNKNOWN_DESTINATION,
    SMART_URL_WRONG,
    CSLU_PORT,
    PROXY_NOT_ENABLED,
    MISSING_VRF,
    SLP_TRANSPORT_OFF,
    CALLHOME_FAILED_MESSAGES,
    CLOCK_SKEW,
    CLOCK_NOT_SYNCED,
    COLLECTION_OVERDUE,
];

/// Raises the transport findings of one device.
pub fn check(device: &Device, f: &mut Findings<'_>) {
    if let Some(ch) = callhome_in_use(device) {
        callhome::check(device, ch, f);
        destination::check_callhome(device, ch, f);
    }
    if let Some(transport) = &device.model.transport {
        destination::check_slp(device, transport, f);
        slp::check_transport_off(device, transport, f);
    }
    slp::check_vrf(device, f);
    clock::check(device, f);
    timers::check(device, f);
}

/// The device's call-home model when the device licenses through call-home (classic Smart
/// Licensing, or SLP with transport Callhome) and call-home output was parsed.
fn callhome_in_use(device: &Device) -> Option<&CallHome> {
    let model = &device.model;
    let kind = model.transport.as_ref().and_then(|t| t.kind.as_ref());
    let uses = match model.mode {
        Some(LicensingMode::SmartLicensing) => true,
        Some(LicensingMode::UsingPolicy) | None => kind == Some(&TransportKind::Callhome),
        Some(LicensingMode::Traditional) => false,
    };
    if uses {
        model.callhome.as_ref()
    } else {
        None
    }
}

/// The platform of the device (inventory first, then what the grammars detected).
fn platform(device: &Device) -> Option<Platform> {
    device.platform.or(device.model.platform)
}

/// A destination as configured: scheme, host, port and path, cut from the text without
/// judging it (a bare host name has no scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dest<'a> {
    /// `http`, `https`..., as written; `None` for a bare host name.
    scheme: Option<&'a str>,
    /// Host name or address (IPv6 without brackets).
    host: &'a str,
    /// Explicit port.
    port: Option<u16>,
    /// Path from its leading `/`, or empty.
    path: &'a str,
}

impl<'a> Dest<'a> {
    /// Cuts `raw` into its parts; never fails (odd text lands in `host`).
    fn parse(raw: &'a str) -> Self {
        let raw = raw.trim();
        let (scheme, rest) = match raw.split_once("://") {
            Some((s, r)) => (Some(s), r),
            None => (None, raw),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            match inner.split_once(']') {
                Some((h, tail)) => (h, tail.strip_prefix(':').and_then(|p| p.parse().ok())),
                None => (inner, None),
            }
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    (h, p.parse().ok())
                }
                _ => (authority, None),
            }
        };
        Dest {
            scheme,
            host,
            port,
            path,
        }
    }

    /// The scheme, lower-case.
    fn scheme_lower(&self) -> Option<String> {
        self.scheme.map(str::to_ascii_lowercase)
    }

    /// Whether the host is Cisco's (`cisco.com` or a sub-domain).
    fn is_cisco(&self) -> bool {
        let host = self.host.to_ascii_lowercase();
        host == "cisco.com" || host.ends_with(".cisco.com")
    }

    /// The port in effect: explicit, or the scheme's default.
    fn effective_port(&self) -> Option<u16> {
        self.port.or(match self.scheme_lower().as_deref() {
            Some("http") => Some(80),
            Some("https") => Some(443),
            _ => None,
        })
    }
}

/// Whether `host` is one of the device's on-prem servers (entries may be names, addresses or
/// URLs; compared case-insensitively).
fn is_onprem(device: &Device, host: &str) -> bool {
    !host.is_empty()
        && device
            .keys
            .onprem_servers
            .iter()
            .any(|s| Dest::parse(s).host.eq_ignore_ascii_case(host))
}

/// `3 h 12 min`, `2 days 4 h`, `45 s`: a duration for messages.
fn human_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (days, hours, minutes) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (1, h, _) => format!("1 day {h} h"),
        (d, h, _) => format!("{d} days {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dest_parse_cuts_scheme_host_port_and_path() {
        let d = Dest::parse(" http://192.168.0.1:8182/cslu/v1/pi ");
        assert_eq!(d.scheme, Some("http"));
        assert_eq!(d.host, "192.168.0.1");
        assert_eq!(d.port, Some(8182));
        assert_eq!(d.path, "/cslu/v1/pi");
        let d = Dest::parse("https://[2001:db8::1]:8443/cslu/v1/pi/T1");
        assert_eq!(
            (d.host, d.port, d.path),
            ("2001:db8::1", Some(8443), "/cslu/v1/pi/T1")
        );
        let d = Dest::parse("cslu-local");
        assert_eq!((d.scheme, d.host, d.path), (None, "cslu-local", ""));
        assert_eq!(d.effective_port(), None);
        assert!(Dest::parse("https://Tools.Cisco.com/x").is_cisco());
        assert!(!Dest::parse("https://cisco.com.evil.example/x").is_cisco());
        assert_eq!(Dest::parse("https://h/x").effective_port(), Some(443));
    }

    #[test]
    fn human_duration_picks_the_largest_units() {
        assert_eq!(human_duration(-1_200), "20 min");
        assert_eq!(human_duration(3 * 3_600 + 720), "3 h 12 min");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3_600), "2 days 4 h");
        assert_eq!(human_duration(30), "30 s");
    }
}

/// Output texts and helpers shared by the transport tests.
#[cfg(test)]
pub(super) mod fixtures {
    use fleetlic_parsers::{Command, Platform};

    use crate::device::{AuditKeys, Device};
    use crate::finding::{Finding, Severity};
    pub use crate::rules::testing::nxos_sl_authorized;
    use crate::rules::testing::{device, findings_at, now};

    /// IOS-XE classic Smart Licensing, registered.
    pub const IOSXE_SL_STATUS: &str = "cat9k-dist-01#show license status
Smart Licensing is ENABLED

Registration:
  Status: REGISTERED
  Smart Account: Example Corp
  Virtual Account: Campus
  Export-Controlled Functionality: Allowed
  Initial Registration: SUCCEEDED on Oct 24 15:55:26 2026 UTC

License Authorization:
  Status: AUTHORIZED on Nov 01 10:00:00 2026 UTC
cat9k-dist-01#
";

    /// IOS-XR smart licensing, in compliance.
    pub const XR_STATUS: &str = "RP/0/RSP0/CPU0:asr9k-pe-01#admin show license status
Compliance Status: In compliance
RP/0/RSP0/CPU0:asr9k-pe-01#
";

    /// NX-OS call-home as it should be for classic Smart Licensing.
    pub const NXOS_CALLHOME_OK: &str = "n9k-core-01# show running-config callhome

!Command: show running-config callhome
!Time: Tue Mar  5 09:15:02 2024

version 9.3(10) Bios:version 05.47
callhome
  email-contact noc@example.com
  destination-profile CiscoTAC-1 transport-method http
  destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/service/oddce/services/DDCEService
  transport http use-vrf management
  enable

n9k-core-01# 
";

    /// An NX-OS SLP `show license status` with the given `Transport:` body and usage lines.
    pub fn nxos_slp_status(transport: &str, ack: &str, file_write: &str) -> String {
        format!(
            "switch# show license status
Utility:
  Status: DISABLED

Smart Licensing using Policy:
  Status: ENABLED

Transport:
{transport}
Policy:
  Policy in use: Merged from multiple sources
  Reporting ACK required: Yes
  Unenforced/Non-Export:
    First report requirement (days): 90 (CISCO default)
    Ongoing reporting frequency (days): 365 (CISCO default)
    On change reporting (days): 90 (CISCO default)

Usage reporting:
  Last ACK received: {ack}
  Next ACK deadline: <none>
  Reporting push interval: 30 days
  Next ACK push check: <none>
  Next report push: <none>
  Last report push: <none>
  Last report file write: {file_write}
"
        )
    }

    /// A device at [`now`] with these outputs.
    pub fn dev(platform: Platform, keys: AuditKeys, outputs: &[(Command, &str)]) -> Device {
        device(platform, keys, outputs)
    }

    /// Audit keys with these on-prem servers and VRF.
    pub fn keys(onprem: &[&str], vrf: Option<&str>) -> AuditKeys {
        AuditKeys {
            vrf: vrf.map(str::to_string),
            onprem_servers: onprem.iter().map(|s| s.to_string()).collect(),
            ..AuditKeys::default()
        }
    }

    /// The transport findings of `d` at [`now`].
    pub fn transport(d: &Device) -> Vec<Finding> {
        findings_at(d, now())
            .into_iter()
            .filter(|f| f.rule_id.starts_with("transport."))
            .collect()
    }

    /// The `(rule_id, severity)` pairs of [`transport`].
    pub fn ids(d: &Device) -> Vec<(String, Severity)> {
        transport(d)
            .into_iter()
            .map(|f| (f.rule_id, f.severity))
            .collect()
    }

    /// The one finding of `rule`, or a panic naming what was raised.
    pub fn one(d: &Device, rule: &str) -> Finding {
        let all = transport(d);
        let mut of: Vec<Finding> = all.iter().filter(|f| f.rule_id == rule).cloned().collect();
        assert_eq!(of.len(), 1, "{rule} in {all:#?}");
        of.remove(0)
    }
}
