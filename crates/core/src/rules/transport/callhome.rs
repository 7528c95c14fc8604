//! Call-home rules: enabled, one active profile reporting Smart Licensing, the proxy switched
//! on, and the IOS-XR smart-licensing message statistics (SEED-SPEC (d) 6, 7, 13; F15, F16, F27).

use fleetlic_parsers::model::CallHome;
use fleetlic_parsers::Platform;

use crate::device::Device;
use crate::finding::Severity;
use crate::rules::{Findings, Rule};

use super::platform;

/// Call-home is not configured or not enabled.
pub const CALLHOME_DISABLED: Rule = Rule {
    id: "transport.callhome_disabled",
    severity: Severity::Critical,
    meaning: "The device licenses through call-home but call-home is not configured or not enabled (\"Communication transport not available\"), so no licensing message leaves the device.",
    fix: "NX-OS: under `callhome`: `enable`; IOS-XE: `service call-home`; IOS-XR: under `call-home`: `service active` (with profile CiscoTAC-1 `active`, `destination transport-method http`).",
};

/// Profiles exist but none is active (IOS-XE, IOS-XR).
pub const NO_ACTIVE_PROFILE: Rule = Rule {
    id: "transport.no_active_profile",
    severity: Severity::Critical,
    meaning: "No call-home profile is active, so Smart Licensing messages have no destination.",
    fix: "Under `call-home` / `profile CiscoTAC-1`: `active` (IOS-XE `profile \"CiscoTAC-1\"`; IOS-XR then `commit`). Only one profile may be active for Smart Licensing.",
};

/// The active profile does not carry Smart Licensing data.
pub const PROFILE_NOT_REPORTING_SL: Rule = Rule {
    id: "transport.profile_not_reporting_sl",
    severity: Severity::Critical,
    meaning: "The active call-home profile does not report Smart Licensing data (XR `Smart licensing messages: disabled`), so registration and renewals fail with \"Communication transport not available\".",
    fix: "Under `call-home` / `profile <name>`: `reporting smart-licensing-data` (or activate CiscoTAC-1 instead of the custom profile).",
};

/// An HTTP proxy configured but not enabled (NX-OS), or enabled without a server.
pub const PROXY_NOT_ENABLED: Rule = Rule {
    id: "transport.proxy_not_enabled",
    severity: Severity::Critical,
    meaning: "A call-home HTTP proxy server is configured without `transport http proxy enable` (or enabled without a server), so call-home bypasses or lacks the proxy it needs.",
    fix: "NX-OS under `callhome`: `transport http proxy server <host> port <port>` then `transport http proxy enable`.",
};

/// IOS-XR smart-licensing messages failed, dropped or stuck in the queue.
pub const CALLHOME_FAILED_MESSAGES: Rule = Rule {
    id: "transport.callhome_failed_messages",
    severity: Severity::Warning,
    meaning: "`show call-home smart-licensing statistics` counts failed, dropped (incorrect call-home configuration) or queued Smart Licensing messages; `Success` only means the message was delivered, not that licensing succeeded.",
    fix: "Check `show call-home detail` (service active, profile CiscoTAC-1 active with the https DDCEService URL, `http-proxy`, `http client vrf <vrf>`), DNS for tools.cisco.com, then watch the counters.",
};

/// Raises the call-home findings of a device that licenses through call-home.
pub(super) fn check(device: &Device, ch: &CallHome, f: &mut Findings<'_>) {
    let platform = platform(device);
    disabled(ch, platform, f);
    if ch.configured != Some(false) {
        no_active_profile(ch, platform, f);
        not_reporting(ch, platform, f);
        proxy(ch, f);
    }
    statistics(ch, f);
}

/// `transport.callhome_disabled`.
fn disabled(ch: &CallHome, platform: Option<Platform>, f: &mut Findings<'_>) {
    if ch.configured == Some(false) {
        let fix = match platform {
            Some(Platform::NxOs) => "Configure call-home: `callhome`, `email-contact <address>`, `destination-profile CiscoTAC-1 transport-method http`, `destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/service/oddce/services/DDCEService`, `transport http use-vrf management`, `enable`.",
            Some(Platform::IosXe) => "Configure call-home: `service call-home`, `call-home`, `contact-email-addr <address>`, `profile \"CiscoTAC-1\"`, `active`, `reporting smart-licensing-data`, `destination transport-method http`.",
            Some(Platform::IosXr) => "Configure call-home: `call-home`, `service active`, `contact-email-addr <address>`, `profile CiscoTAC-1`, `active`, `reporting smart-licensing-data`, `destination transport-method http`, then `commit`.",
            None => CALLHOME_DISABLED.fix,
        };
        f.raise_with_fix(
            &CALLHOME_DISABLED,
            Severity::Critical,
            "the device licenses through call-home but has no call-home configuration, so no licensing message can be sent",
            fix,
        );
    } else if ch.enabled == Some(false) {
        let (what, fix) = match platform {
            Some(Platform::NxOs) => (
                "`enable` is missing under `callhome`",
                "Under `callhome`: `enable`, then `copy running-config startup-config`.",
            ),
            Some(Platform::IosXe) => (
                "`service call-home` is missing",
                "`service call-home` (global configuration), then `write memory`.",
            ),
            Some(Platform::IosXr) => (
                "`service active` is missing under `call-home`",
                "Under `call-home`: `service active`, then `commit`.",
            ),
            None => ("it is disabled", CALLHOME_DISABLED.fix),
        };
        f.raise_with_fix(
            &CALLHOME_DISABLED,
            Severity::Critical,
            format!("call-home is configured but not enabled ({what}); licensing messages fail with \"Communication transport not available\""),
            fix,
        );
    }
}

/// `transport.no_active_profile` (IOS-XE, IOS-XR: NX-OS profiles have no active flag).
fn no_active_profile(ch: &CallHome, platform: Option<Platform>, f: &mut Findings<'_>) {
    if platform == Some(Platform::NxOs) || ch.profiles.is_empty() {
        return;
    }
    let known = ch.profiles.iter().any(|p| p.active.is_some());
    let active = ch.profiles.iter().any(|p| p.active == Some(true));
    if !known || active {
        return;
    }
    let names: Vec<&str> = ch
        .profiles
        .iter()
        .filter(|p| !p.name.is_empty())
        .map(|p| p.name.as_str())
        .collect();
    let tac = ch.profiles.iter().any(|p| p.name == "CiscoTAC-1");
    let fix = match platform {
        Some(Platform::IosXr) => {
            "Under `call-home` / `profile CiscoTAC-1`: `active`, then `commit`."
        }
        _ => "Under `call-home` / `profile \"CiscoTAC-1\"`: `active`, then `write memory`.",
    };
    f.raise_with_fix(
        &NO_ACTIVE_PROFILE,
        Severity::Critical,
        format!(
            "no call-home profile is active (inactive: {}){}; Smart Licensing messages have no destination",
            names.join(", "),
            if tac { "" } else { "; CiscoTAC-1 is missing" }
        ),
        fix,
    );
}

/// `transport.profile_not_reporting_sl`.
fn not_reporting(ch: &CallHome, platform: Option<Platform>, f: &mut Findings<'_>) {
    let silent: Vec<&str> = ch
        .profiles
        .iter()
        .filter(|p| p.active != Some(false) && p.reporting_smart_licensing == Some(false))
        .map(|p| {
            if p.name.is_empty() {
                "(unnamed)"
            } else {
                p.name.as_str()
            }
        })
        .collect();
    let messages_off = ch.smart_licensing_messages == Some(false);
    if silent.is_empty() && !messages_off {
        return;
    }
    let mut message = if silent.is_empty() {
        "call-home shows `Smart licensing messages: disabled`".to_string()
    } else {
        format!(
            "active call-home profile {} does not report Smart Licensing data (no `reporting smart-licensing-data`)",
            silent.join(", ")
        )
    };
    if messages_off && !silent.is_empty() {
        message.push_str(" and call-home shows `Smart licensing messages: disabled`");
    }
    message.push_str(
        "; registration and renewals fail with \"Communication transport not available\"",
    );
    let profile = silent.first().copied().unwrap_or("CiscoTAC-1");
    let fix = match platform {
        Some(Platform::IosXr) => format!(
            "Under `call-home` / `profile {profile}`: `reporting smart-licensing-data`, then `commit`."
        ),
        Some(Platform::IosXe) => format!(
            "Under `call-home` / `profile \"{profile}\"`: `reporting smart-licensing-data`, then `write memory` (or make CiscoTAC-1 the active profile)."
        ),
        _ => PROFILE_NOT_REPORTING_SL.fix.to_string(),
    };
    f.raise_with_fix(&PROFILE_NOT_REPORTING_SL, Severity::Critical, message, fix);
}

/// `transport.proxy_not_enabled`.
fn proxy(ch: &CallHome, f: &mut Findings<'_>) {
    let Some(proxy) = &ch.http_proxy else {
        return;
    };
    let host = proxy.host.trim();
    let port = proxy
        .port
        .map_or_else(String::new, |p| format!(" port {p}"));
    if proxy.enabled == Some(false) && !host.is_empty() {
        f.raise_with_fix(
            &PROXY_NOT_ENABLED,
            Severity::Critical,
            format!("call-home HTTP proxy {host}{port} is configured (`transport http proxy server`) but not enabled; call-home does not use it"),
            "Under `callhome`: `transport http proxy enable`, then `copy running-config startup-config`.",
        );
    } else if proxy.enabled == Some(true) && host.is_empty() {
        f.raise_with_fix(
            &PROXY_NOT_ENABLED,
            Severity::Critical,
            "call-home `transport http proxy enable` is set without a proxy server",
            "Under `callhome`: `transport http proxy server <host> port <port>` (default port 8080), then `transport http proxy enable`.",
        );
    }
}

/// `transport.callhome_failed_messages` (IOS-XR statistics).
fn statistics(ch: &CallHome, f: &mut Findings<'_>) {
    let mut parts = Vec::new();
    for row in &ch.statistics {
        let mut counts = Vec::new();
        if row.failed > 0 {
            counts.push(format!("{} failed", row.failed));
        }
        if row.dropped > 0 {
            counts.push(format!("{} dropped", row.dropped));
        }
        if row.inqueue > 0 {
            counts.push(format!("{} in queue", row.inqueue));
        }
        if !counts.is_empty() {
            parts.push(format!("{} {}", row.message, counts.join(", ")));
        }
    }
    if parts.is_empty() {
        return;
    }
    let dropped = ch.statistics.iter().any(|r| r.dropped > 0);
    f.raise(
        &CALLHOME_FAILED_MESSAGES,
        Severity::Warning,
        format!(
            "call-home smart-licensing statistics: {}{}; Success only means the message was delivered, not that licensing succeeded",
            parts.join("; "),
            if dropped {
                " (Dropped = incorrect call-home configuration)"
            } else {
                ""
            }
        ),
    );
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::super::fixtures::*;
    use crate::device::AuditKeys;
    use crate::finding::Severity;

    #[test]
    fn healthy_nxos_callhome_raises_nothing() {
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, NXOS_CALLHOME_OK),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn nxos_callhome_without_enable_is_critical() {
        let text = NXOS_CALLHOME_OK.replace("  enable\n", "");
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        let f = one(&d, "transport.callhome_disabled");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("`enable` is missing"), "{}", f.message);
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("Under `callhome`: `enable`"));
    }

    #[test]
    fn iosxe_without_service_call_home_is_critical() {
        let text = "isr4k-br-01#show running-config | section call-home
call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile \"CiscoTAC-1\"
  active
  destination transport-method http
isr4k-br-01#
";
        let d = dev(
            Platform::IosXe,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (Command::RunningConfigCallHome, text),
            ],
        );
        let f = one(&d, "transport.callhome_disabled");
        assert!(f.message.contains("`service call-home` is missing"));
        assert!(f.fix.unwrap_or_default().contains("`service call-home`"));
    }

    #[test]
    fn xr_without_callhome_configuration_is_critical() {
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (
                    Command::RunningConfigCallHome,
                    "RP/0/RSP1/CPU0:ROA#show run call-home\n% No such configuration item(s)\n",
                ),
            ],
        );
        let f = one(&d, "transport.callhome_disabled");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("no call-home configuration"));
        assert!(f.fix.unwrap_or_default().contains("`service active`"));
    }

    #[test]
    fn callhome_rules_are_skipped_with_slp_smart_transport() {
        let status = nxos_slp_status(
            "  Type: Smart\n  URL: https://smartreceiver.cisco.com/licservice/license\n",
            "Nov 15 02:51:57 2026 UTC",
            "<none>",
        );
        let text = NXOS_CALLHOME_OK.replace("  enable\n", "");
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &status),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn callhome_rules_apply_with_slp_callhome_transport() {
        let status = nxos_slp_status("  Type: Callhome\n", "Nov 15 02:51:57 2026 UTC", "<none>");
        let text = NXOS_CALLHOME_OK.replace("  enable\n", "");
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &status),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        assert_eq!(
            ids(&d),
            [(
                "transport.callhome_disabled".to_string(),
                Severity::Critical
            )]
        );
    }

    #[test]
    fn no_callhome_output_raises_no_callhome_rule() {
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseStatus, &nxos_sl_authorized())],
        );
        assert_eq!(ids(&d), []);
    }

    const IOSXE_TAC_INACTIVE_CUSTOM_ACTIVE: &str =
        "cat9k-acc-11#show running-config | section call-home
service call-home
call-home
 contact-email-addr noc@example.com  
 profile \"CiscoTAC-1\"
  no active
  destination transport-method http
 profile \"NOC-Collector\"
  active
  reporting smart-call-home-data
  destination transport-method http
  no destination transport-method email
  destination address http https://collector.example.com/callhome
cat9k-acc-11#
";

    #[test]
    fn active_custom_profile_without_smart_licensing_data_is_critical() {
        let d = dev(
            Platform::IosXe,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (
                    Command::RunningConfigCallHome,
                    IOSXE_TAC_INACTIVE_CUSTOM_ACTIVE,
                ),
            ],
        );
        let f = one(&d, "transport.profile_not_reporting_sl");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("NOC-Collector"), "{}", f.message);
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("`profile \"NOC-Collector\"`: `reporting smart-licensing-data`"));
        // an active profile exists, so no_active_profile stays quiet
        assert!(!ids(&d)
            .iter()
            .any(|(id, _)| id == "transport.no_active_profile"));
    }

    #[test]
    fn no_active_profile_is_critical_on_iosxe() {
        let text = IOSXE_TAC_INACTIVE_CUSTOM_ACTIVE.replace("  active\n", "  no active\n");
        let d = dev(
            Platform::IosXe,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, IOSXE_SL_STATUS),
                (Command::RunningConfigCallHome, &text),
            ],
        );
        let f = one(&d, "transport.no_active_profile");
        assert_eq!(f.severity, Severity::Critical);
        assert!(
            f.message.contains("CiscoTAC-1, NOC-Collector"),
            "{}",
            f.message
        );
        assert!(f.fix.unwrap_or_default().contains("`active`"));
    }

    #[test]
    fn nxos_profiles_without_active_flag_are_not_judged_inactive() {
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, NXOS_CALLHOME_OK),
            ],
        );
        assert!(!ids(&d)
            .iter()
            .any(|(id, _)| id == "transport.no_active_profile"));
    }

    const XR_DETAIL_SL_DISABLED: &str = "RP/0/RSP0/CPU0:asr9k-pe-01#show call-home detail
Current call home settings:
    call home feature : enable
    vrf for call-home messages: Not yet set up

    contact person's email address: noc@example.com

    source interface: MgmtEth0/RSP0/CPU0/0
    http proxy: proxy.example.com:8080
    Smart licensing messages: disabled
    Profile: CiscoTAC-1 (status: ACTIVE)

Profiles:

Profile Name: CiscoTAC-1
    Profile status: ACTIVE
    Profile mode: Full Reporting
    Reporting Data: Smart Call Home
    Preferred Message Format: xml
    Transport Method: http
    HTTP address(es):
        https://tools.cisco.com/its/service/oddce/services/DDCEService

RP/0/RSP0/CPU0:asr9k-pe-01#
";

    #[test]
    fn xr_smart_licensing_messages_disabled_is_critical() {
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (Command::CallHomeDetail, XR_DETAIL_SL_DISABLED),
            ],
        );
        let f = one(&d, "transport.profile_not_reporting_sl");
        assert_eq!(f.severity, Severity::Critical);
        assert!(f.message.contains("CiscoTAC-1"), "{}", f.message);
        assert!(f.message.contains("Smart licensing messages: disabled"));
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("`profile CiscoTAC-1`: `reporting smart-licensing-data`, then `commit`"));
    }

    #[test]
    fn xr_profile_reporting_smart_licensing_raises_nothing() {
        let text = XR_DETAIL_SL_DISABLED
            .replace("messages: disabled", "messages: enabled")
            .replace(
                "Reporting Data: Smart Call Home\n",
                "Reporting Data: Smart Call Home, Smart Licensing\n",
            );
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (Command::CallHomeDetail, &text),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn nxos_proxy_server_without_enable_is_critical() {
        let text = NXOS_CALLHOME_OK.replace(
            "  transport http use-vrf",
            "  transport http proxy server proxy.example.com port 8080\n  transport http use-vrf",
        );
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        let f = one(&d, "transport.proxy_not_enabled");
        assert_eq!(f.severity, Severity::Critical);
        assert!(
            f.message.contains("proxy.example.com port 8080"),
            "{}",
            f.message
        );
        assert!(f
            .fix
            .unwrap_or_default()
            .contains("`transport http proxy enable`"));
    }

    #[test]
    fn nxos_enabled_proxy_raises_nothing() {
        let text = NXOS_CALLHOME_OK.replace(
            "  transport http use-vrf",
            "  transport http proxy server proxy.example.com port 8080\n  transport http proxy enable\n  transport http use-vrf",
        );
        let d = dev(
            Platform::NxOs,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, &nxos_sl_authorized()),
                (Command::RunningConfigCallhome, &text),
            ],
        );
        assert_eq!(ids(&d), []);
    }

    const XR_STATS_FAILED: &str =
        "RP/0/RSP0/CPU0:asr9k-pe-01#show call-home smart-licensing statistics
Success: Successfully sent and response received.
Failed : Failed to send or response indicated error occurred.
Inqueue: In queue waiting to be sent.
Dropped: Dropped due to incorrect call-home configuration.

Msg Subtype      Success Failed Inqueue Dropped Last-sent (GMT-08:00)
------------------------------------------------------------------------
ENTITLEMENT      12     3      0      1      2019-07-01 23:10:05  
DEREGISTRATION   0      0      0      0              n/a
REGISTRATION     1      2      0      0      2019-06-30 18:45:12
ACKNOWLEDGEMENT  1      0      2      0      2019-06-30 18:46:01

RP/0/RSP0/CPU0:asr9k-pe-01#
";

    #[test]
    fn xr_failed_and_dropped_messages_are_a_warning_naming_the_counts() {
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (Command::CallHomeSmartLicensingStatistics, XR_STATS_FAILED),
            ],
        );
        let f = one(&d, "transport.callhome_failed_messages");
        assert_eq!(f.severity, Severity::Warning);
        for part in [
            "ENTITLEMENT 3 failed, 1 dropped",
            "REGISTRATION 2 failed",
            "ACKNOWLEDGEMENT 2 in queue",
            "incorrect call-home configuration",
            "Success only means",
        ] {
            assert!(f.message.contains(part), "{part}: {}", f.message);
        }
        assert!(!f.message.contains("DEREGISTRATION"));
    }

    #[test]
    fn xr_clean_statistics_raise_nothing() {
        let text = "RP/0/RSP0/CPU0:ROA#show call-home smart-licensing statistics
Success: Successfully sent and response received.
Failed : Failed to send or response indicated error occurred.
Inqueue: In queue waiting to be sent.
Dropped: Dropped due to incorrect call-home configuration.

Msg Subtype      Success Failed Inqueue Dropped Last-sent (GMT-08:00)
-----
ENTITLEMENT      1      0      0      0      2015-01-12 21:06:56
DEREGISTRATION   0      0      0      0              n/a
REGISTRATION      1      0      0      0      2015-01-12 21:06:21
";
        let d = dev(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicenseStatus, XR_STATUS),
                (Command::CallHomeSmartLicensingStatistics, text),
            ],
        );
        assert_eq!(ids(&d), []);
    }
}
