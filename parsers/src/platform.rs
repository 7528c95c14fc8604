//! The three Cisco operating systems fleetlic audits, and recognising them from output text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A device operating system; spelled `nxos`, `iosxe`, `iosxr` on the command line and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Platform {
    /// Nexus 3000/7000/9000 (NX-OS).
    #[serde(rename = "nxos")]
    NxOs,
    /// Catalyst 9000, ISR, ASR1K and other IOS-XE devices.
    #[serde(rename = "iosxe")]
    IosXe,
    /// ASR9K and other IOS-XR devices, classic (admin plane) and 64-bit.
    #[serde(rename = "iosxr")]
    IosXr,
}

impl Platform {
    /// Every platform, in a stable order.
    pub const ALL: [Platform; 3] = [Platform::NxOs, Platform::IosXe, Platform::IosXr];

    /// The spelling used on the command line, in JSON and in `device.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::NxOs => "nxos",
            Platform::IosXe => "iosxe",
            Platform::IosXr => "iosxr",
        }
    }

    /// Recognises the platform from an output's text, or `None` when nothing in it tells.
    ///
    /// Looks for signs only one platform prints: XR prompts (`RP/0/RSP0/CPU0:`) and labels,
    /// NX-OS running-config headers, `destination-profile` and `(TAG):` license blocks,
    /// IOS-XE call-home profile and `show version` banners.
    pub fn detect(text: &str) -> Option<Platform> {
        let mut score = [0i32; 3];
        for line in text.lines().take(4000) {
            let t = line.trim();
            for (p, needles) in SIGNS {
                if needles.iter().any(|n| t.contains(n)) {
                    score[*p as usize] += 1;
                }
            }
            // NX-OS usage blocks are headed `(TAG):`, IOS-XE ones `name (TAG):`.
            if t.starts_with('(') && t.ends_with("):") && !t.contains(' ') {
                score[Platform::NxOs as usize] += 1;
            }
        }
        let (best, &max) = score.iter().enumerate().max_by_key(|(_, s)| **s)?;
        if max == 0 || score.iter().filter(|s| **s == max).count() > 1 {
            return None;
        }
        Some(Platform::ALL[best])
    }
}

/// Text fragments only one platform prints.
const SIGNS: &[(Platform, &[&str])] = &[
    (
        Platform::IosXr,
        &[
            "RP/0/",
            "LC/0/",
            "Registration Status:",
            "Compliance Status:",
            "Assigned Pool Info",
            "call home feature :",
            "Msg Subtype",
            "Requested Time :",
            "Enforce Mode:",
            "Cisco IOS XR Software",
            "IOS XR",
            "FeatureID:",
            "Total licenses in pool",
            "No such configuration item",
            "service active",
        ],
    ),
    (
        Platform::NxOs,
        &[
            "!Command: show running-config",
            "destination-profile",
            "Bios:version",
            "Cisco Nexus Operating System",
            "NX-OS",
            "NXOS",
            "Trust Code installed:",
            "Smart License Conversion:",
            "email-contact",
            "transport http use-vrf",
            "Enforcement Type:",
            "_PKG)",
            "VPN_FABRIC",
            "DCN_NDB",
        ],
    ),
    (
        Platform::IosXe,
        &[
            "Cisco IOS XE Software",
            "IOS-XE",
            "Cisco IOS Software",
            "Profile Name:",
            "service call-home",
            "Export status:",
            "Account Information:",
            "Trust Code Installed:",
            "Smart-license messages:",
            "Time source is NTP,",
            "Time source is hardware calendar,",
            "No time source,",
            "Load for five secs",
            "License Level:",
            "Index 1 Feature:",
            "EULA",
        ],
    ),
];

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The platform name was not one of `nxos`, `iosxe`, `iosxr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown platform {0:?} (expected nxos, iosxe or iosxr)")]
pub struct UnknownPlatform(pub String);

impl FromStr for Platform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "nxos" | "nexus" => Ok(Platform::NxOs),
            "iosxe" | "xe" | "catalyst" => Ok(Platform::IosXe),
            "iosxr" | "xr" | "asr9k" => Ok(Platform::IosXr),
            _ => Err(UnknownPlatform(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_names_round_trip() {
        for p in Platform::ALL {
            assert_eq!(p.as_str().parse::<Platform>(), Ok(p));
        }
        assert!("junos".parse::<Platform>().is_err());
    }

    #[test]
    fn detect_recognises_each_platform() {
        assert_eq!(
            Platform::detect("RP/0/RSP0/CPU0:ROA#admin show license status\nCompliance Status: Out of compliance\n"),
            Some(Platform::IosXr)
        );
        assert_eq!(
            Platform::detect("!Command: show running-config callhome\ncallhome\n  destination-profile CiscoTAC-1 transport-method http\n"),
            Some(Platform::NxOs)
        );
        assert_eq!(
            Platform::detect("Profile Name: CiscoTAC-1\nProfile status: ACTIVE\n"),
            Some(Platform::IosXe)
        );
        assert_eq!(
            Platform::detect("Registration:\nStatus: REGISTERED\n"),
            None
        );
    }
}
