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
