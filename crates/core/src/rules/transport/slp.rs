//! Path rules: the SLP transport type against the policy, and the VRF the licensing messages
//! leave through (SEED-SPEC (d) 3, 10; F14, F17).

use fleetlic_parsers::model::{Transport, TransportKind};
use fleetlic_parsers::Platform;

use crate::device::Device;
use crate::finding::Severity;
use crate::rules::{Findings, Rule};

use super::{callhome_in_use, platform};

/// The licensing path does not use the device's VRF.
pub const MISSING_VRF: Rule = Rule {
    id: "transport.missing_vrf",
    severity: Severity::Warning,
    meaning: "The device reaches Cisco (or its on-prem server) through a VRF (inventory `vrf`), but call-home or the SLP transport does not use it, so messages are routed in the wrong table.",
    fix: "NX-OS: under `callhome`: `transport http use-vrf <vrf>` / SLP `license smart vrf <vrf>`; IOS-XE: under `call-home`: `vrf <vrf>` plus `ip http client source-interface <interface-in-vrf>`; IOS-XR: `http client vrf <vrf>`.",
};

/// SLP transport off while the policy needs reports and no offline reporting is evident.
pub const SLP_TRANSPORT_OFF: Rule = Rule {
    id: "transport.slp_transport_off",
    severity: Severity::Warning,
    meaning: "SLP transport is off (no communication) while the policy requires usage reports, and the device shows no report written to a file; critical when an ACK is required and none was ever received.",
    fix: "Report offline: `license smart save usage all bootflash:<file>`, upload it to CSSM, then `license smart import bootflash:<ack-file>`; or set a transport (`license smart transport smart` / `cslu` / `callhome`).",
};

/// `transport.missing_vrf`: call-home (when in use) and SLP Smart/CSLU use the inventory VRF.
pub(super) fn check_vrf(device: &Device, f: &mut Findings<'_>) {
    let Some(want) = device.keys.vrf.as_deref().map(str::trim) else {
        return;
    };
    if want.is_empty() {
        return;
    }
    let platform = platform(device);
    let is_default =
        |vrf: &str| vrf.eq_ignore_ascii_case("default") || vrf.eq_ignore_ascii_case("global");
    if let Some(ch) = callhome_in_use(device) {
        if ch.configured != Some(false) {
            let have = ch.vrf.as_deref().map(str::trim);
            let ok = match have {
                Some(v) => v == want,
                None => is_default(want),
            };
            if !ok {
                let have = have.map_or_else(
                    || "no VRF (default table)".to_string(),
                    |v| format!("VRF {v}"),
                );
                let fix = match platform {
                    Some(Platform::NxOs) => format!("Under `callhome`: `transport http use-vrf {want}`, then `copy running-config startup-config`."),
                    Some(Platform::IosXe) => format!("Under `call-home`: `vrf {want}`; and `ip http client source-interface <interface in {want}>`, `ip name-server vrf {want} <dns-ip>`."),
                    Some(Platform::IosXr) => format!("`http client vrf {want}` (and under `call-home`: `vrf {want}`), then `commit`."),
                    None => MISSING_VRF.fix.replace("<vrf>", want),
                };
                f.raise_with_fix(
                    &MISSING_VRF,
                    Severity::Warning,
                    format!(
                        "call-home uses {have}, but the device reaches Cisco through VRF {want}"
                    ),
                    fix,
                );
            }
        }
    }
    let Some(t) = &device.model.transport else {
        return;
    };
    let kind = match t.kind {
        Some(TransportKind::Smart) => "Smart",
        Some(TransportKind::Cslu) => "CSLU",
        _ => return,
    };
    let have = t.vrf.as_deref().map(str::trim);
    // No `VRF:` line: NX-OS uses management, the others the default table.
    let effective = have.or(match platform {
        Some(Platform::NxOs) => Some("management"),
        _ => None,
    });
    let ok = match effective {
        Some(v) => v == want,
        None => is_default(want),
    };
    if !ok {
        let shown = match (have, effective) {
            (Some(v), _) => format!("VRF {v}"),
            (None, Some(v)) => format!("no VRF (default {v})"),
            (None, None) => "no VRF (default table)".to_string(),
        };
        let fix = match platform {
            Some(Platform::NxOs) => format!("`license smart vrf {want}` (non-management VRFs on Smart/CSLU need 10.3(2)F or later)."),
            Some(Platform::IosXe) => format!("`ip http client source-interface <interface in {want}>` and `ip name-server vrf {want} <dns-ip>`."),
            Some(Platform::IosXr) => format!("`http client vrf {want}`, then `commit`."),
            None => MISSING_VRF.fix.replace("<vrf>", want),
        };
        f.raise_with_fix(
            &MISSING_VRF,
            Severity::Warning,
            format!("SLP {kind} transport uses {shown}, but the device reaches Cisco through VRF {want}"),
            fix,
        );
    }
}

/// `transport.slp_transport_off`.
pub(super) fn check_transport_off(device: &Device, t: &Transport, f: &mut Findings<'_>) {
    if t.kind != Some(TransportKind::Off) {
        return;
    }
    let model = &device.model;
    let ack_required = model
        .policy
        .as_ref()
        .and_then(|p| p.reporting_ack_required)
        .unwrap_or(false);
    let ongoing = model.policy.as_ref().and_then(|p| {
        p.classes
            .iter()
            .filter_map(|c| c.ongoing_reporting_days.as_ref().map(|v| (c, v.days)))
            .filter(|(_, d)| *d > 0)
            .min_by_key(|(_, d)| *d)
            .map(|(c, d)| format!("{} every {d} days", c.name))
    });
    if !ack_required && ongoing.is_none() {
        return;
    }
    let usage = model.usage_reporting.as_ref();
    if usage.and_then(|u| u.last_report_file_write).is_some() {
        return;
    }
    let never_acked = usage.and_then(|u| u.last_ack_received).is_none();
    let severity = if ack_required && never_acked {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let mut demands = Vec::new();
    if ack_required {
        demands.push("Reporting ACK required: yes".to_string());
    }
    if let Some(o) = ongoing {
        demands.push(format!("reporting {o}"));
    }
    let ack = if never_acked {
        "no ACK ever received".to_string()
    } else {
        usage
            .and_then(|u| u.last_ack_received)
            .map_or_else(String::new, |at| {
                format!("last ACK {}", at.format("%Y-%m-%d"))
            })
    };
    let fix = match platform(device) {
        Some(Platform::IosXe) => "Report offline: `license smart save usage all file bootflash:<file>`, upload it to CSSM, then `license smart import bootflash:<ack-file>`; or set a transport (`license smart transport smart`, `license smart url default`).",
        _ => SLP_TRANSPORT_OFF.fix,
    };
    f.raise_with_fix(
        &SLP_TRANSPORT_OFF,
        severity,
        format!(
            "SLP transport is off but the policy demands reporting ({}) and no usage report was written to a file (Last report file write: <none>; {ack})",
            demands.join(", ")
        ),
        fix,
    );
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::super::fixtures::*;
    use crate::device::AuditKeys;
    use crate::finding::Severity;

    #[test]
    fn nxos_callhome_without_use_vrf_misses_the_inventory_vrf() {
        let text = NXOS_CALLHOME_OK.replace("  transport http use-vrf management\n", "");
        let d = dev(
            Platform::NxOs,
            keys(&[], Some("management")),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        assert_eq!(
            ids(&d),
            [("transport.missing_vrf".to_string(), Severity::Warning)]
        );
        let f = one(&d, "transport.missing_vrf");
        assert!(f.message.contains("call-home uses no VRF"), "{}", f.message);
        assert!(f.message.contains("VRF management"));
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("`transport http use-vrf management`"));
    }

    #[test]
    fn nxos_callhome_in_the_inventory_vrf_raises_nothing() {
        let d = dev(
            Platform::NxOs,
            keys(&[], Some("management")),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, NXOS_CALLHOME_OK),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn slp_cslu_in_another_vrf_is_a_warning() {
        let status = nxos_slp_status(
            "  Type: CSLU\n  Cslu address: cslu-local\n  VRF: cisco\n",
            "Nov 15 02:51:57 2026 UTC",
            "<none>",
        );
        let d = dev(
            Platform::NxOs,
            keys(&[], Some("management")),
            &[(Command::LicenseStatus, &status)],
        );
        let f = one(&d, "transport.missing_vrf");
        assert!(
            f.message.contains("SLP CSLU transport uses VRF cisco"),
            "{}",
            f.message
        );
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("`license smart vrf management`"));
    }

    #[test]
    fn slp_without_vrf_line_means_management_on_nxos() {
        let status = nxos_slp_status(
            "  Type: CSLU\n  Cslu address: cslu-local\n",
            "Nov 15 02:51:57 2026 UTC",
            "<none>",
        );
        let d = dev(
            Platform::NxOs,
            keys(&[], Some("management")),
            &[(Command::LicenseStatus, &status)],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn iosxe_callhome_vrf_fix_names_the_source_interface() {
        let text = "cat9k-dist-01#show running-config | section call-home
service call-home
call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile \"CiscoTAC-1\"
  active
  reporting smart-licensing-data
  destination transport-method http
cat9k-dist-01#
";
        let d = dev(
            Platform::IosXe,
            keys(&[], Some("Mgmt-vrf")),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (Command::RunningConfigCallHome, text),
            ],
        );
        let f = one(&d, "transport.missing_vrf");
        let fix = f.fix.unwrap_or_default();
        assert!(fix.contains("`vrf Mgmt-vrf`"), "{fix}");
        assert!(fix.contains("ip http client source-interface"));
    }

    #[test]
    fn transport_off_without_reports_or_ack_is_critical() {
        let status = nxos_slp_status("  Type: off\n", "<none>", "<none>");
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseStatus, &status)],
        );
        assert_eq!(
            ids(&d),
            [(
                "transport.slp_transport_off".to_string(),
                Severity::Critical
            )]
        );
        let f = one(&d, "transport.slp_transport_off");
        assert!(
            f.message.contains("Reporting ACK required: yes"),
            "{}",
            f.message
        );
        assert!(f.message.contains("no ACK ever received"));
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("license smart save usage all bootflash:"));
    }

    #[test]
    fn transport_off_with_an_old_ack_is_a_warning() {
        let status = nxos_slp_status("  Type: off\n", "Feb 02 13:05:11 2026 UTC", "<none>");
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseStatus, &status)],
        );
        let f = one(&d, "transport.slp_transport_off");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("last ACK 2026-02-02"), "{}", f.message);
    }

    #[test]
    fn transport_off_with_offline_reports_raises_nothing() {
        let status = nxos_slp_status(
            "  Type: off\n",
            "Feb 02 13:05:11 2026 UTC",
            "Jan 30 16:44:02 2026 UTC",
        );
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseStatus, &status)],
        );
        assert_eq!(ids(&d), []);
    }
}
