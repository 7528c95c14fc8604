//! Destination rules: every URL the licensing messages go to uses HTTPS and is exactly a Cisco
//! endpoint or a listed on-prem server (SEED-SPEC (d) 1–3, 12; F13).

use fleetlic_parsers::model::{CallHome, Transport, TransportKind};
use fleetlic_parsers::Platform;

use crate::device::Device;
use crate::finding::Severity;
use crate::rules::{Findings, Rule};

use super::{is_onprem, platform, Dest, CALLHOME_URL, SMART_URL};

/// A Cisco destination on `http://`.
pub const HTTP_NOT_HTTPS: Rule = Rule {
    id: "transport.http_not_https",
    severity: Severity::Critical,
    meaning: "A call-home or SLP destination on a Cisco host uses plain HTTP, which Cisco no longer accepts (\"Fail to send out Call Home HTTP message\"); HTTP to a listed on-prem server is only info.",
    fix: "Configure the https:// URL: NX-OS under `callhome`: `destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/service/oddce/services/DDCEService`; IOS-XE/IOS-XR under `call-home` / `profile CiscoTAC-1`: `destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService` (and `no destination address http http://...`); SLP: `license smart url smart https://smartreceiver.cisco.com/licservice/license`.",
};

/// A destination that is neither a Cisco endpoint nor a listed on-prem server, or a truncated /
/// misspelled Cisco URL, or an on-prem server with the wrong path.
pub const UNKNOWN_DESTINATION: Rule = Rule {
    id: "transport.unknown_destination",
    severity: Severity::Warning,
    meaning: "A licensing destination is not exactly a Cisco endpoint (truncated or misspelled URL) or points to a host that is not one of the device's on-prem servers, or to an on-prem server with the wrong path.",
    fix: "Use exactly https://tools.cisco.com/its/service/oddce/services/DDCEService (call-home) or https://smartreceiver.cisco.com/licservice/license (smart); on-prem: https://<server>/Transportgateway/services/DeviceRequestHandler (call-home) or https://<server>/cslu/v1/pi/<tenant> (CSLU); or add the host to the device's onprem_servers if it is one.",
};

/// SLP smart transport with a URL other than smartreceiver.
pub const SMART_URL_WRONG: Rule = Rule {
    id: "transport.smart_url_wrong",
    severity: Severity::Critical,
    meaning: "SLP transport is Smart but its URL is not https://smartreceiver.cisco.com/licservice/license, so usage reports do not reach CSSM.",
    fix: "`license smart url smart https://smartreceiver.cisco.com/licservice/license` (SSM On-Prem needs `license smart transport cslu` with its CSLU tenant URL instead).",
};

/// CSLU address with a port other than 8182.
pub const CSLU_PORT: Rule = Rule {
    id: "transport.cslu_port",
    severity: Severity::Warning,
    meaning: "The CSLU address is an explicit URL whose port is not 8182, the only port CSLU listens on for product instances.",
    fix: "`license smart url cslu http://<cslu-host>:8182/cslu/v1/pi`.",
};

/// The on-prem call-home path (SSM On-Prem, satellite, Transport Gateway); case-sensitive.
const ONPREM_CALLHOME_PATH: &str = "/Transportgateway/services/DeviceRequestHandler";

/// The CSLU path; SSM On-Prem adds `/<tenant>`.
const CSLU_PATH: &str = "/cslu/v1/pi";

/// Which path a destination belongs to: it decides the expected URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// A call-home profile destination.
    CallHome,
    /// SLP smart transport URL.
    Smart,
    /// SLP CSLU URL or address.
    Cslu,
    /// An SLP URL of another transport type.
    Other,
}

/// Checks the HTTP destinations of the call-home profiles.
pub(super) fn check_callhome(device: &Device, ch: &CallHome, f: &mut Findings<'_>) {
    for profile in &ch.profiles {
        let name = if profile.name.is_empty() {
            "(unnamed)"
        } else {
            profile.name.as_str()
        };
        let fix_profile = if profile.name.is_empty() {
            "CiscoTAC-1"
        } else {
            profile.name.as_str()
        };
        for (i, url) in profile.http_urls.iter().enumerate() {
            let d = Dest::parse(url);
            let label = format!("call-home profile {name} destination {url}");
            if d.is_cisco() && d.scheme_lower().as_deref() == Some("http") {
                // An inactive profile carries no licensing messages: worth fixing, not critical.
                let severity = if profile.active == Some(false) {
                    Severity::Warning
                } else {
                    Severity::Critical
                };
                f.raise_with_fix(
                    &HTTP_NOT_HTTPS,
                    severity,
                    format!("{label} uses plain HTTP, which Cisco no longer accepts; configure the https:// URL"),
                    callhome_url_fix(platform(device), fix_profile, i + 1, Some(url)),
                );
            }
            // An inactive profile sends nothing: where it points is not a licensing problem.
            if profile.active != Some(false) {
                destination(
                    device,
                    f,
                    &label,
                    url,
                    Via::CallHome,
                    Some((fix_profile, i + 1)),
                );
            }
        }
    }
}

/// Checks the SLP `Transport:` URL and CSLU address.
pub(super) fn check_slp(device: &Device, t: &Transport, f: &mut Findings<'_>) {
    let via = match t.kind {
        Some(TransportKind::Smart) => Via::Smart,
        Some(TransportKind::Cslu) => Via::Cslu,
        _ => Via::Other,
    };
    if let Some(url) = t.url.as_deref() {
        let label = format!("SLP transport URL {url}");
        slp_http(f, &label, url);
        destination(device, f, &label, url, via, None);
        if via == Via::Cslu {
            cslu_port(f, url);
        }
        if via == Via::Smart {
            smart_url(device, f, url);
        }
    }
    if let Some(addr) = t.cslu_address.as_deref() {
        let same_as_url = t.url.as_deref().map(str::trim) == Some(addr.trim());
        if via != Via::Smart && !same_as_url {
            let label = format!("CSLU address {addr}");
            slp_http(f, &label, addr);
            destination(device, f, &label, addr, Via::Cslu, None);
            cslu_port(f, addr);
        }
    }
}

/// `transport.http_not_https` for an SLP URL on a Cisco host.
fn slp_http(f: &mut Findings<'_>, label: &str, url: &str) {
    let d = Dest::parse(url);
    if d.is_cisco() && d.scheme_lower().as_deref() == Some("http") {
        f.raise_with_fix(
            &HTTP_NOT_HTTPS,
            Severity::Critical,
            format!("{label} uses plain HTTP to a Cisco host, which Cisco no longer accepts; configure the https:// URL"),
            format!("`license smart url smart {SMART_URL}`."),
        );
    }
}

/// The platform's command to set the https URL as entry `index` of `profile`, removing `old`.
fn callhome_url_fix(
    platform: Option<Platform>,
    profile: &str,
    index: usize,
    old: Option<&str>,
) -> String {
    let no = old.map_or_else(String::new, |old| {
        format!("`no destination address http {old}` and ")
    });
    match platform {
        Some(Platform::NxOs) => format!(
            "Under `callhome`: `destination-profile {profile} index {index} http {CALLHOME_URL}`, then `copy running-config startup-config`."
        ),
        Some(Platform::IosXe) => format!(
            "Under `call-home` / `profile \"{profile}\"`: {no}`destination address http {CALLHOME_URL}`, then `write memory`."
        ),
        Some(Platform::IosXr) => format!(
            "Under `call-home` / `profile {profile}`: {no}`destination address http {CALLHOME_URL}`, then `commit`."
        ),
        None => HTTP_NOT_HTTPS.fix.to_string(),
    }
}

/// `transport.unknown_destination` (and the info-level `transport.http_not_https` for HTTP to
/// an on-prem server) for one destination; `entry` is the call-home profile and index it sits at.
fn destination(
    device: &Device,
    f: &mut Findings<'_>,
    label: &str,
    url: &str,
    via: Via,
    entry: Option<(&str, usize)>,
) {
    let d = Dest::parse(url);
    let scheme = d.scheme_lower();
    let cslu_name = |host: &str| {
        let host = host.to_ascii_lowercase();
        host == "cslu-local" || host.starts_with("cslu-local.") || host == "cisco_ssm_onprem"
    };
    if scheme.is_none() {
        // A bare name: only CSLU addresses are written that way.
        if !(via == Via::Cslu && (cslu_name(d.host) || is_onprem(device, d.host))) {
            f.raise(
                &UNKNOWN_DESTINATION,
                Severity::Warning,
                format!("{label} is not a URL and not a known CSLU name or on-prem server"),
            );
        }
        return;
    }
    if d.is_cisco() {
        if via == Via::Smart {
            return; // transport.smart_url_wrong judges the smart URL
        }
        let rest = url.trim().split_once("://").map_or("", |(_, r)| r);
        let as_https = format!("https://{rest}");
        let expected = match via {
            Via::CallHome => vec![CALLHOME_URL],
            _ => vec![CALLHOME_URL, SMART_URL],
        };
        if !expected.contains(&as_https.as_str()) {
            let want = expected.join(" or ");
            f.raise_with_fix(
                &UNKNOWN_DESTINATION,
                Severity::Warning,
                format!("{label} is a truncated or misspelled Cisco URL; expected exactly {want}"),
                match entry {
                    Some((profile, index)) => {
                        callhome_url_fix(platform(device), profile, index, None)
                    }
                    None => UNKNOWN_DESTINATION.fix.to_string(),
                },
            );
        }
        return;
    }
    if is_onprem(device, d.host) {
        if scheme.as_deref() == Some("http") && via == Via::CallHome {
            f.raise(
                &HTTP_NOT_HTTPS,
                Severity::Info,
                format!("{label} uses plain HTTP to on-prem server {}; tolerated for SSM On-Prem / satellite, HTTPS preferred", d.host),
            );
        }
        let path_ok = match via {
            Via::CallHome => d.path == ONPREM_CALLHOME_PATH,
            Via::Cslu => cslu_path(d.path),
            Via::Smart => true, // transport.smart_url_wrong
            Via::Other => d.path == ONPREM_CALLHOME_PATH || cslu_path(d.path),
        };
        if !path_ok {
            let want = match via {
                Via::CallHome => ONPREM_CALLHOME_PATH,
                _ => "/cslu/v1/pi[/<tenant>]",
            };
            let how = if want.starts_with(d.path) && !d.path.is_empty() {
                "truncated"
            } else {
                "wrong"
            };
            f.raise(
                &UNKNOWN_DESTINATION,
                Severity::Warning,
                format!("{label}: on-prem server {} with a {how} path {:?}; the path must be {want} (case-sensitive)", d.host, d.path),
            );
        }
        return;
    }
    if via == Via::Smart || (via == Via::Cslu && cslu_name(d.host)) {
        return;
    }
    let why = if d.host.to_ascii_lowercase().contains("cisco") {
        format!(
            "host {} looks like a truncated or misspelled Cisco host",
            d.host
        )
    } else {
        format!(
            "host {} is neither a Cisco licensing endpoint nor one of the device's on-prem servers (onprem_servers)",
            d.host
        )
    };
    f.raise(
        &UNKNOWN_DESTINATION,
        Severity::Warning,
        format!("{label}: {why}"),
    );
}

/// `/cslu/v1/pi` or `/cslu/v1/pi/<tenant>`.
fn cslu_path(path: &str) -> bool {
    match path.strip_prefix(CSLU_PATH) {
        Some("") => true,
        Some(tenant) => tenant
            .strip_prefix('/')
            .is_some_and(|t| !t.is_empty() && !t.contains('/')),
        None => false,
    }
}

/// `transport.cslu_port`: an explicit CSLU URL (not an SSM On-Prem tenant URL) off port 8182.
fn cslu_port(f: &mut Findings<'_>, url: &str) {
    let d = Dest::parse(url);
    if d.scheme.is_none() || d.is_cisco() || d.path.len() > CSLU_PATH.len() + 1 && cslu_path(d.path)
    {
        return; // a name, a Cisco host, or an SSM On-Prem tenant URL (port 443 or its own)
    }
    let port = d.effective_port();
    if port != Some(8182) {
        let port = port.map_or_else(|| "no".to_string(), |p| p.to_string());
        f.raise_with_fix(
            &CSLU_PORT,
            Severity::Warning,
            format!("CSLU address {url} uses port {port}; CSLU listens on 8182 only"),
            format!(
                "`license smart url cslu http://{}:8182{CSLU_PATH}`.",
                d.host
            ),
        );
    }
}

/// `transport.smart_url_wrong`: the smart URL is not exactly smartreceiver (a plain-HTTP copy
/// of it is `transport.http_not_https` alone).
fn smart_url(device: &Device, f: &mut Findings<'_>, url: &str) {
    let url = url.trim();
    if url == SMART_URL {
        return;
    }
    let d = Dest::parse(url);
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    if d.scheme_lower().as_deref() == Some("http") && format!("https://{rest}") == SMART_URL {
        return;
    }
    let why = if is_onprem(device, d.host) {
        format!(
            "; {} is an on-prem server, which SLP reaches through transport CSLU (`license smart transport cslu`, `license smart url cslu https://{}/cslu/v1/pi/<tenant>`)",
            d.host, d.host
        )
    } else if d.is_cisco() || d.host.to_ascii_lowercase().contains("cisco") {
        " (truncated or misspelled)".to_string()
    } else {
        String::new()
    };
    f.raise(
        &SMART_URL_WRONG,
        Severity::Critical,
        format!("SLP smart transport URL {url} is not {SMART_URL}{why}"),
    );
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::super::fixtures::*;
    use crate::device::AuditKeys;
    use crate::finding::Severity;

    fn nxos_with_url(url: &str, onprem: &[&str]) -> crate::device::Device {
        let text = NXOS_CALLHOME_OK.replace(
            "https://tools.cisco.com/its/service/oddce/services/DDCEService",
            url,
        );
        dev(
            Platform::NxOs,
            keys(onprem, None),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, &text),
            ],
        )
    }

    #[test]
    fn http_destination_to_cisco_is_critical() {
        let d = nxos_with_url(
            "http://tools.cisco.com/its/service/oddce/services/DDCEService",
            &[],
        );
        assert_eq!(
            ids(&d),
            [("transport.http_not_https".to_string(), Severity::Critical)]
        );
        let f = one(&d, "transport.http_not_https");
        assert!(f.message.contains(
            "http://tools.cisco.com/its/service/oddce/services/DDCEService uses plain HTTP"
        ));
        assert!(f.message.contains("CiscoTAC-1"));
        assert_eq!(
            f.fix.as_deref(),
            Some("Under `callhome`: `destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/service/oddce/services/DDCEService`, then `copy running-config startup-config`.")
        );
    }

    #[test]
    fn https_default_profile_raises_nothing() {
        let d = nxos_with_url(CALLHOME, &[]);
        assert_eq!(ids(&d), []);
    }

    const CALLHOME: &str = "https://tools.cisco.com/its/service/oddce/services/DDCEService";

    #[test]
    fn xr_mixed_http_and_https_addresses_flag_the_http_one() {
        let text = "RP/0/RSP0/CPU0:ROA#show call-home detail
Current call home settings:
call home feature : enable
Smart licensing messages: enabled
Profiles:
Profile Name: CiscoTAC-1
Profile status: ACTIVE
Profile mode: Full Reporting
Reporting Data: Smart Call Home, Smart Licensing
Transport Method: http
HTTP address(es): ; Only configuration needed if default is not desired.
http://tools.cisco.com/its/service/oddce/services/DDCEService
https://tools.cisco.com/its/service/oddce/services/DDCEService
";
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (Command::CallHomeDetail, text),
            ],
        );
        let f = one(&d, "transport.http_not_https");
        assert_eq!(f.severity, Severity::Critical);
        let fix = f.fix.unwrap_or_default();
        assert!(fix.contains("`no destination address http http://tools.cisco.com/its/service/oddce/services/DDCEService`"), "{fix}");
        assert!(fix.contains("`destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService`"));
        assert!(fix.contains("`profile CiscoTAC-1`"));
    }

    #[test]
    fn iosxe_http_address_fix_names_the_profile() {
        let text = "cat9k-dist-01#show running-config | section call-home
service call-home
call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile \"CiscoTAC-1\"
  active
  reporting smart-licensing-data
  destination transport-method http
  destination address http http://tools.cisco.com/its/service/oddce/services/DDCEService
cat9k-dist-01#
";
        let d = dev(
            Platform::IosXe,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (Command::RunningConfigCallHome, text),
            ],
        );
        let f = one(&d, "transport.http_not_https");
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("Under `call-home` / `profile \"CiscoTAC-1\"`"));
    }

    #[test]
    fn truncated_and_misspelled_cisco_urls_are_warnings() {
        for url in [
            "https://tools.cisco.com/its/service/oddce/services/DDCESe",
            "https://tools.cisco.com/its/service/oddce/services/DCCEService",
        ] {
            let d = nxos_with_url(url, &[]);
            assert_eq!(
                ids(&d),
                [(
                    "transport.unknown_destination".to_string(),
                    Severity::Warning
                )],
                "{url}"
            );
            let f = one(&d, "transport.unknown_destination");
            assert!(
                f.message.contains("truncated or misspelled"),
                "{}",
                f.message
            );
            assert!(f.message.contains(url));
        }
    }

    #[test]
    fn truncated_http_cisco_url_raises_both_scheme_and_path() {
        let d = nxos_with_url(
            "http://tools.cisco.com/its/service/oddce/services/DDCEServi",
            &[],
        );
        let got = ids(&d);
        assert!(got.contains(&("transport.http_not_https".into(), Severity::Critical)));
        assert!(got.contains(&("transport.unknown_destination".into(), Severity::Warning)));
    }

    #[test]
    fn inactive_profile_destinations_are_not_judged_unknown() {
        let text = "cat9k-acc-11#show call-home profile all

Profile Name: CiscoTAC-1
    Profile status: ACTIVE
    Reporting Data: Smart Call Home, Smart Licensing
    Transport Method: http
    HTTP  address(es): https://tools.cisco.com/its/service/oddce/services/DDCEService

Profile Name: NOC-Collector
    Profile status: INACTIVE
    Reporting Data: Smart Call Home
    Transport Method: http
    HTTP  address(es): https://collector.example.com/callhome

cat9k-acc-11#
";
        let d = dev(
            Platform::IosXe,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (Command::CallHomeProfileAll, text),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn unlisted_host_is_an_unknown_destination() {
        let d = nxos_with_url(
            "https://10.106.41.10/Transportgateway/services/DeviceRequestHandler",
            &[],
        );
        let f = one(&d, "transport.unknown_destination");
        assert!(f.message.contains("10.106.41.10"));
        assert!(f.message.contains("onprem_servers"));
    }

    #[test]
    fn listed_onprem_server_with_the_gateway_path_raises_nothing() {
        let d = nxos_with_url(
            "https://SSM-OnPrem.example.com/Transportgateway/services/DeviceRequestHandler",
            &["ssm-onprem.example.com"],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn listed_onprem_server_with_a_truncated_path_is_a_warning() {
        let d = nxos_with_url(
            "https://10.106.41.10/Transportgateway/services/DeviceRequ",
            &["10.106.41.10"],
        );
        let f = one(&d, "transport.unknown_destination");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("truncated path"), "{}", f.message);
        assert!(f
            .message
            .contains("/Transportgateway/services/DeviceRequestHandler"));
    }

    #[test]
    fn http_to_a_listed_onprem_server_is_only_info() {
        let d = nxos_with_url(
            "http://10.106.41.10/Transportgateway/services/DeviceRequestHandler",
            &["10.106.41.10"],
        );
        assert_eq!(
            ids(&d),
            [("transport.http_not_https".to_string(), Severity::Info)]
        );
    }

    fn slp(transport: &str, onprem: &[&str]) -> crate::device::Device {
        let status = nxos_slp_status(transport, "Nov 15 02:51:57 2026 UTC", "<none>");
        dev(
            Platform::NxOs,
            keys(onprem, None),
            &[(Command::LicenseStatus, &status)],
        )
    }

    #[test]
    fn smart_transport_with_the_smartreceiver_url_raises_nothing() {
        let d = slp(
            "  Type: Smart\n  URL: https://smartreceiver.cisco.com/licservice/license\n",
            &[],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn misspelled_smart_url_is_critical() {
        let d = slp(
            "  Type: Smart\n  URL: https://smarteceiver.cisco.com/licservice/license\n",
            &[],
        );
        assert_eq!(
            ids(&d),
            [("transport.smart_url_wrong".to_string(), Severity::Critical)]
        );
        let f = one(&d, "transport.smart_url_wrong");
        assert!(f.message.contains("smarteceiver"));
        assert!(f.message.contains("truncated or misspelled"));
        assert!(f.fix.unwrap_or_default().contains(
            "license smart url smart https://smartreceiver.cisco.com/licservice/license"
        ));
    }

    #[test]
    fn http_smart_url_is_http_not_https_only() {
        let d = slp(
            "  Type: Smart\n  URL: http://smartreceiver.cisco.com/licservice/license\n",
            &[],
        );
        assert_eq!(
            ids(&d),
            [("transport.http_not_https".to_string(), Severity::Critical)]
        );
    }

    #[test]
    fn cslu_local_raises_nothing() {
        let d = slp("  Type: CSLU\n  Cslu address: cslu-local\n", &[]);
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn cslu_url_on_port_8182_of_a_listed_host_raises_nothing() {
        let d = slp(
            "  Type: CSLU\n  Cslu address: http://192.168.0.1:8182/cslu/v1/pi\n",
            &["192.168.0.1"],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn cslu_url_without_port_8182_is_a_warning() {
        let d = slp(
            "  Type: CSLU\n  Cslu address: http://192.168.0.1/cslu/v1/pi\n",
            &["192.168.0.1"],
        );
        assert_eq!(
            ids(&d),
            [("transport.cslu_port".to_string(), Severity::Warning)]
        );
        let f = one(&d, "transport.cslu_port");
        assert!(f.message.contains("port 80"));
        assert_eq!(
            f.fix.as_deref(),
            Some("`license smart url cslu http://192.168.0.1:8182/cslu/v1/pi`.")
        );
    }

    #[test]
    fn onprem_cslu_tenant_url_is_not_held_to_port_8182() {
        let d = slp(
            "  Type: CSLU\n  Cslu address: https://ssm-onprem.corp.example.net:8443/cslu/v1/pi/XYZ-ON-PREM-1\n",
            &["ssm-onprem.corp.example.net"],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn unlisted_cslu_host_is_an_unknown_destination() {
        let d = slp(
            "  Type: CSLU\n  Cslu address: http://192.168.0.1:8182/cslu/v1/pi\n",
            &[],
        );
        assert_eq!(
            ids(&d),
            [(
                "transport.unknown_destination".to_string(),
                Severity::Warning
            )]
        );
    }
}
