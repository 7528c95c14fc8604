//! The read-only command set: every command fleetlic may send, its slug and its text per platform.
//!
//! This is the allow-list of ARCHITECTURE.md § Contracts. It is an enum, not strings, so the
//! collector can only ever send what is listed here; the slug is the file name of the
//! command's output in `samples/`, `--save-raw` and `--replay` directories.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Platform;

/// One allow-listed `show` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Command {
    /// `show license status` (XR classic: `admin show license status`).
    LicenseStatus,
    /// `show license usage`.
    LicenseUsage,
    /// `show license all`.
    LicenseAll,
    /// `show license summary`.
    LicenseSummary,
    /// IOS-XE traditional/RTU licensing `show license` (feature list).
    License,
    /// IOS-XR `admin show license entitlement`.
    LicenseEntitlement,
    /// IOS-XR `admin show license register-status`.
    LicenseRegisterStatus,
    /// IOS-XR `admin show license pool` (smart licensing pool = virtual account).
    LicensePool,
    /// IOS-XR `admin show license pools` (traditional licensing).
    LicensePools,
    /// IOS-XR `admin show license allocated` (traditional licensing).
    LicenseAllocated,
    /// IOS-XR `show license platform summary` (newer XR using policy).
    LicensePlatformSummary,
    /// IOS-XR `show license platform detail` (newer XR using policy).
    LicensePlatformDetail,
    /// NX-OS `show running-config callhome`.
    RunningConfigCallhome,
    /// NX-OS `show callhome`.
    Callhome,
    /// IOS-XE `show call-home profile all`.
    CallHomeProfileAll,
    /// IOS-XE `show running-config | section call-home`; IOS-XR `show running-config call-home`.
    RunningConfigCallHome,
    /// IOS-XR `show call-home detail`.
    CallHomeDetail,
    /// IOS-XR `show call-home smart-licensing statistics`.
    CallHomeSmartLicensingStatistics,
    /// `show version`.
    Version,
    /// `show clock`.
    Clock,
}

/// How a command is typed on one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandText {
    /// The command as typed, without any `admin` prefix.
    pub cli: &'static str,
    /// Classic (32-bit) IOS-XR runs it in the admin plane: send it as `admin <cli>`.
    pub admin_on_classic_xr: bool,
}

const fn on(cli: &'static str) -> Option<CommandText> {
    Some(CommandText {
        cli,
        admin_on_classic_xr: false,
    })
}

const fn admin(cli: &'static str) -> Option<CommandText> {
    Some(CommandText {
        cli,
        admin_on_classic_xr: true,
    })
}

/// `(command, slug, [nxos, iosxe, iosxr])`: the one table linking the three names.
const TABLE: &[(Command, &str, [Option<CommandText>; 3])] = {
    use Command::*;
    &[
        (
            LicenseStatus,
            "show_license_status",
            [
                on("show license status"),
                on("show license status"),
                admin("show license status"),
            ],
        ),
        (
            LicenseUsage,
            "show_license_usage",
            [
                on("show license usage"),
                on("show license usage"),
                on("show license usage"),
            ],
        ),
        (
            LicenseAll,
            "show_license_all",
            [
                on("show license all"),
                on("show license all"),
                on("show license all"),
            ],
        ),
        (
            LicenseSummary,
            "show_license_summary",
            [on("show license summary"), on("show license summary"), None],
        ),
        (License, "show_license", [None, on("show license"), None]),
        (
            LicenseEntitlement,
            "show_license_entitlement",
            [None, None, admin("show license entitlement")],
        ),
        (
            LicenseRegisterStatus,
            "show_license_register-status",
            [None, None, admin("show license register-status")],
        ),
        (
            LicensePool,
            "show_license_pool",
            [None, None, admin("show license pool")],
        ),
        (
            LicensePools,
            "show_license_pools",
            [None, None, admin("show license pools")],
        ),
        (
            LicenseAllocated,
            "show_license_allocated",
            [None, None, admin("show license allocated")],
        ),
        (
            LicensePlatformSummary,
            "show_license_platform_summary",
            [None, None, on("show license platform summary")],
        ),
        (
            LicensePlatformDetail,
            "show_license_platform_detail",
            [None, None, on("show license platform detail")],
        ),
        (
            RunningConfigCallhome,
            "show_running-config_callhome",
            [on("show running-config callhome"), None, None],
        ),
        (Callhome, "show_callhome", [on("show callhome"), None, None]),
        (
            CallHomeProfileAll,
            "show_call-home_profile_all",
            [None, on("show call-home profile all"), None],
        ),
        (
            RunningConfigCallHome,
            "show_running-config_call-home",
            [
                None,
                on("show running-config | section call-home"),
                on("show running-config call-home"),
            ],
        ),
        (
            CallHomeDetail,
            "show_call-home_detail",
            [None, None, on("show call-home detail")],
        ),
        (
            CallHomeSmartLicensingStatistics,
            "show_call-home_smart-licensing_statistics",
            [None, None, on("show call-home smart-licensing statistics")],
        ),
        (
            Version,
            "show_version",
            [on("show version"), on("show version"), on("show version")],
        ),
        (
            Clock,
            "show_clock",
            [on("show clock"), on("show clock"), on("show clock")],
        ),
    ]
};

impl Command {
    fn row(self) -> &'static (Command, &'static str, [Option<CommandText>; 3]) {
        // Every variant has exactly one row; `command_table_covers_every_variant` checks it.
        TABLE.iter().find(|row| row.0 == self).unwrap_or(&TABLE[0])
    }

    /// Every allow-listed command.
    pub fn all() -> impl Iterator<Item = Command> {
        TABLE.iter().map(|row| row.0)
    }

    /// The commands a device of `platform` answers, in collection order.
    pub fn for_platform(platform: Platform) -> impl Iterator<Item = Command> {
        TABLE
            .iter()
            .filter(move |row| row.2[platform as usize].is_some())
            .map(|row| row.0)
    }

    /// File name stem of this command's output (`show_license_status`).
    pub fn slug(self) -> &'static str {
        self.row().1
    }

    /// How the command is typed on `platform`, or `None` when that platform has no such command.
    pub fn text(self, platform: Platform) -> Option<CommandText> {
        self.row().2[platform as usize]
    }

    /// The command as typed on `platform` (without `admin`), or `None` when it has no such command.
    pub fn cli(self, platform: Platform) -> Option<&'static str> {
        self.text(platform).map(|t| t.cli)
    }

    /// Finds the command a slug names.
    pub fn from_slug(slug: &str) -> Option<Command> {
        TABLE.iter().find(|row| row.1 == slug).map(|row| row.0)
    }

    /// Finds the allow-listed command a typed command line or a slug names, accepting an
    /// `admin ` prefix and the usual `show run` abbreviation.
    pub fn from_cli(typed: &str) -> Option<Command> {
        let words: Vec<&str> = typed.split_whitespace().collect();
        let mut words = words.as_slice();
        if words.first() == Some(&"admin") {
            words = &words[1..];
        }
        let mut norm = words.join(" ").to_ascii_lowercase();
        if let Some(rest) = norm.strip_prefix("show run ") {
            norm = format!("show running-config {rest}");
        }
        let slug = slug_of(&norm);
        Command::from_slug(&slug).or_else(|| Command::from_slug(typed.trim()))
    }
}

/// The contract's slug rule: lower-case, no leading `admin `, ` | section X` as `_X`, spaces as `_`.
pub fn slug_of(cli: &str) -> String {
    let lower = cli.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("admin ").unwrap_or(&lower);
    let joined = lower.replace(" | section ", " ");
    joined.split_whitespace().collect::<Vec<_>>().join("_")
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_table_covers_every_variant() {
        let all: Vec<Command> = Command::all().collect();
        for (i, c) in all.iter().enumerate() {
            assert_eq!(c.row().0, *c);
            assert!(!all[i + 1..].contains(c), "{c:?} listed twice");
        }
        assert_eq!(all.len(), 20);
    }

    #[test]
    fn slugs_follow_the_contract_rule() {
        for c in Command::all() {
            for p in Platform::ALL {
                if let Some(t) = c.text(p) {
                    assert_eq!(slug_of(t.cli), c.slug(), "{c:?} on {p}");
                }
            }
        }
        assert_eq!(
            slug_of("admin show license register-status"),
            "show_license_register-status"
        );
        assert_eq!(
            slug_of("show running-config | section call-home"),
            "show_running-config_call-home"
        );
    }

    #[test]
    fn from_cli_accepts_admin_and_abbreviation() {
        assert_eq!(
            Command::from_cli("admin show license status"),
            Some(Command::LicenseStatus)
        );
        assert_eq!(
            Command::from_cli("show run callhome"),
            Some(Command::RunningConfigCallhome)
        );
        assert_eq!(
            Command::from_cli("show_license_pools"),
            Some(Command::LicensePools)
        );
        assert_eq!(Command::from_cli("configure terminal"), None);
    }

    #[test]
    fn xr_admin_plane_commands_are_marked() {
        let t = Command::LicenseRegisterStatus.text(Platform::IosXr);
        assert_eq!(t.map(|t| t.admin_on_classic_xr), Some(true));
        assert_eq!(Command::LicenseRegisterStatus.text(Platform::NxOs), None);
        assert!(Command::for_platform(Platform::NxOs).all(|c| c.cli(Platform::NxOs).is_some()));
    }
}
