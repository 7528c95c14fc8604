//! Clock rules: the device clock against the collection time, and its synchronisation
//! (SEED-SPEC (d) 20; F21).

use fleetlic_parsers::model::{ClockSource, LicensingMode};
use fleetlic_parsers::Platform;

use crate::device::Device;
use crate::finding::Severity;
use crate::rules::{Findings, Rule};

use super::{human_duration, platform};

/// The device clock is more than [`SKEW_TOLERANCE_S`] away from the collection time.
pub const CLOCK_SKEW: Rule = Rule {
    id: "transport.clock_skew",
    severity: Severity::Critical,
    meaning: "The device clock is more than 5 minutes off the collection time; Cisco rejects registration (\"offset beyond the allowed tolerance limit\"), certificates look not yet valid, and policy / trust-code installs fail.",
    fix: "Configure NTP: `ntp server <ip>` (NX-OS `ntp server <ip> use-vrf management`; IOS-XE without NTP: `clock set` plus `clock calendar-valid`).",
};

/// The device says its clock is not synchronised.
pub const CLOCK_NOT_SYNCED: Rule = Rule {
    id: "transport.clock_not_synced",
    severity: Severity::Warning,
    meaning: "`show clock` marks the time as not authoritative (`*`), out of sync (`.`) or without a time source; the clock will drift away from Cisco's.",
    fix: "Configure NTP: `ntp server <ip>` (NX-OS `ntp server <ip> use-vrf management`; IOS-XE without NTP: `clock calendar-valid`).",
};

/// Largest tolerated difference between the device clock and the collection time, seconds.
pub const SKEW_TOLERANCE_S: i64 = 300;

/// Raises the clock findings (not for traditional licensing, which uses no certificates).
pub(super) fn check(device: &Device, f: &mut Findings<'_>) {
    if device.model.mode == Some(LicensingMode::Traditional) {
        return;
    }
    let Some(clock) = &device.model.clock else {
        return;
    };
    let fix = match platform(device) {
        Some(Platform::NxOs) => "`ntp server <ip> use-vrf management` (or the VRF that reaches the NTP server).",
        Some(Platform::IosXe) => "`ntp server <ip>`; without NTP, `clock set <hh:mm:ss> <day> <month> <year>` and `clock calendar-valid`.",
        Some(Platform::IosXr) => "Under `ntp`: `server <ip>`, then `commit`.",
        None => CLOCK_SKEW.fix,
    };
    if let (Some(time), Some(collected)) = (clock.time, device.collected_at) {
        let offset = (time - collected).num_seconds();
        if offset.abs() > SKEW_TOLERANCE_S {
            let dir = if offset < 0 { "behind" } else { "ahead of" };
            f.raise_with_fix(
                &CLOCK_SKEW,
                Severity::Critical,
                format!(
                    "device clock reads {} UTC, {} {dir} the collection time {} UTC (tolerance 5 min); Cisco rejects registration when the device date \"is offset beyond the allowed tolerance limit\"",
                    time.format("%Y-%m-%d %H:%M:%S"),
                    human_duration(offset),
                    collected.format("%Y-%m-%d %H:%M:%S"),
                ),
                fix,
            );
        }
    }
    let no_source = clock.source == Some(ClockSource::None);
    if clock.synced == Some(false) || no_source {
        let source = match &clock.source {
            Some(ClockSource::Ntp) => "time source NTP, but not in sync",
            Some(ClockSource::HardwareCalendar) => "time source: hardware calendar",
            Some(ClockSource::None) => "no time source",
            Some(ClockSource::Other(_)) | None => "not authoritative or out of sync",
        };
        f.raise_with_fix(
            &CLOCK_NOT_SYNCED,
            Severity::Warning,
            format!("device clock is not synchronised ({source}); registration and certificate checks fail once it drifts"),
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::super::fixtures::*;
    use crate::device::AuditKeys;
    use crate::finding::Severity;

    fn status_command(text: &str) -> Command {
        if text.contains("show license pools") {
            Command::LicensePools
        } else {
            Command::LicenseStatus
        }
    }

    fn with_clock(platform: Platform, status: &str, clock: &str) -> crate::device::Device {
        dev(
            platform,
            AuditKeys::default(),
            &[(status_command(status), status), (Command::Clock, clock)],
        )
    }

    #[test]
    fn clock_twenty_minutes_behind_is_critical() {
        let d = with_clock(
            Platform::NxOs,
            &nxos_sl_authorized(),
            "n9k-core-01# show clock\n11:40:00.000 UTC Mon Nov 23 2026\nTime source is NTP\n",
        );
        assert_eq!(
            ids(&d),
            [("transport.clock_skew".to_string(), Severity::Critical)]
        );
        let f = one(&d, "transport.clock_skew");
        assert!(f.message.contains("20 min behind"), "{}", f.message);
        assert!(f
            .message
            .contains("offset beyond the allowed tolerance limit"));
        assert!(f.fix.unwrap_or_default().contains("ntp server"));
    }

    #[test]
    fn clock_years_off_names_the_days() {
        let d = with_clock(
            Platform::IosXe,
            IOSXE_SL_STATUS,
            "c9300-edge-01#show clock detail\n05:30:30.132 UTC Fri Oct 22 2021\nTime source is NTP\n",
        );
        let f = one(&d, "transport.clock_skew");
        assert!(f.message.contains("days"), "{}", f.message);
        assert!(f.message.contains("2021-10-22 05:30:30"));
        assert!(f.fix.unwrap_or_default().contains("clock calendar-valid"));
    }

    #[test]
    fn clock_within_tolerance_and_synced_raises_nothing() {
        let d = with_clock(
            Platform::NxOs,
            &nxos_sl_authorized(),
            "n9k-core-01# show clock\n12:03:10.123 UTC Mon Nov 23 2026\nTime source is NTP\n",
        );
        assert_eq!(ids(&d), []);
    }

    #[test]
    fn not_authoritative_clock_is_a_warning() {
        let d = with_clock(
            Platform::IosXe,
            IOSXE_SL_STATUS,
            "c9300-edge-01#show clock\n*12:00:30.132 UTC Mon Nov 23 2026\nc9300-edge-01#\n",
        );
        assert_eq!(
            ids(&d),
            [("transport.clock_not_synced".to_string(), Severity::Warning)]
        );
    }

    #[test]
    fn traditional_licensing_is_not_held_to_the_clock() {
        let d = with_clock(
            Platform::IosXr,
            "RP/0/RSP1/CPU0:ROA(admin)#show license pools\n\nPool: Owner\nFeature: A9K-24X10-OPT-LIC A9K-24X10-VID-LIC\n",
            "RP/0/RSP0/CPU0:r1#show clock\n*10:15:01.125 UTC Tue Jul 02 2019\n",
        );
        assert_eq!(
            d.model.mode,
            Some(fleetlic_parsers::model::LicensingMode::Traditional)
        );
        assert_eq!(ids(&d), []);
    }
}
