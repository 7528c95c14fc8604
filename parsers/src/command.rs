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
    /// IOS-XE `show license tech support` (Smart Licensing Using Policy: status, usage, UDI,
    /// trust codes, policy and reporting in one output). Read from saved captures only.
    LicenseTechSupport,
    /// IOS-XE `show license udi` (the device's or the HA/stack members' PID and serial).
    /// Read from saved captures only.
    LicenseUdi,
    /// IOS-XE `show call-home` (global call-home settings). Read from saved captures only.
    CallHome,
}

/// Whether the collector sends a command to live devices of a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collect {
    /// Sent to every device of the platform ([`Command::for_platform`]).
    Live,
    /// Never sent: read only from saved captures (`fleetlic parse`, `--replay`), because the
    /// output is big and adds nothing the live commands lack.
    ReplayOnly,
}

/// How a command is typed on one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandText {
    /// The command as typed, without any `admin` prefix.
    pub cli: &'static str,
    /// Classic (32-bit) IOS-XR runs it in the admin plane: send it as `admin <cli>`.
    pub admin_on_classic_xr: bool,
    /// Whether the collector sends it live or only reads saved captures of it.
    pub collect: Collect,
}

/// Collected live, typed as is.
const fn on(cli: &'static str) -> Option<CommandText> {
    Some(CommandText {
        cli,
        admin_on_classic_xr: false,
        collect: Collect::Live,
    })
}

/// Collected live, `admin <cli>` on classic IOS-XR.
const fn admin(cli: &'static str) -> Option<CommandText> {
    Some(CommandText {
        cli,
        admin_on_classic_xr: true,
        collect: Collect::Live,
    })
}

/// Never collected live; parsed from saved captures only.
const fn saved(cli: &'static str) -> Option<CommandText> {
    Some(CommandText {
        cli,
        admin_on_classic_xr: false,
        collect: Collect::ReplayOnly,
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
            [
                None,
                saved("show call-home detail"),
                on("show call-home detail"),
            ],
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
        (
            LicenseTechSupport,
            "show_license_tech_support",
            [None, saved("show license tech support"), None],
        ),
        (
            LicenseUdi,
            "show_license_udi",
            [None, saved("show license udi"), None],
        ),
        (
            CallHome,
            "show_call-home",
            [None, saved("show call-home"), None],
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

    /// The commands the collector sends to a device of `platform`, in collection order
    /// (replay-only commands excluded: see [`Command::for_replay`]).
    pub fn for_platform(platform: Platform) -> impl Iterator<Item = Command> {
        TABLE
            .iter()
            .filter(move |row| row.2[platform as usize].is_some_and(|t| t.collect == Collect::Live))
            .map(|row| row.0)
    }

    /// Every command fleetlic reads for `platform`: the live ones of
    /// [`Command::for_platform`] first, in collection order, then the replay-only ones
    /// (`--replay` directories and `fleetlic parse` accept both).
    pub fn for_replay(platform: Platform) -> impl Iterator<Item = Command> {
        let replay_only = TABLE
            .iter()
            .filter(move |row| {
                row.2[platform as usize].is_some_and(|t| t.collect == Collect::ReplayOnly)
            })
            .map(|row| row.0);
        Command::for_platform(platform).chain(replay_only)
    }

    /// Whether the collector sends this command to devices of `platform`.
    pub fn collected_live(self, platform: Platform) -> bool {
        self.text(platform)
            .is_some_and(|t| t.collect == Collect::Live)
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

    /// Finds the command a file or directory name stem names: its slug, or the slug written
    /// with `-` for `_` and/or in upper case (`show-license-tech-support`,
    /// `show-call-home-profile-all`, as test corpora name them). Unambiguous because no two
    /// slugs differ only in `-` versus `_` (`slugs_stay_unambiguous_with_hyphens` checks it).
    pub fn from_file_stem(stem: &str) -> Option<Command> {
        if let Some(c) = Command::from_slug(stem) {
            return Some(c);
        }
        let loose = loose_slug(stem);
        TABLE
            .iter()
            .find(|row| loose_slug(row.1) == loose)
            .map(|row| row.0)
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

/// A slug compared loosely: lower case, `-` as `_`.
fn loose_slug(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('-', "_")
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
        assert_eq!(all.len(), 23);
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

    /// The collector's command list per platform, exactly as before replay-only commands
    /// existed: adding a saved-capture command must never add a live command.
    #[test]
    fn live_command_lists_are_unchanged() {
        use Command::*;
        let live = |p| Command::for_platform(p).collect::<Vec<_>>();
        assert_eq!(
            live(Platform::NxOs),
            [
                LicenseStatus,
                LicenseUsage,
                LicenseAll,
                LicenseSummary,
                RunningConfigCallhome,
                Callhome,
                Version,
                Clock
            ]
        );
        assert_eq!(
            live(Platform::IosXe),
            [
                LicenseStatus,
                LicenseUsage,
                LicenseAll,
                LicenseSummary,
                License,
                CallHomeProfileAll,
                RunningConfigCallHome,
                Version,
                Clock
            ]
        );
        assert_eq!(
            live(Platform::IosXr),
            [
                LicenseStatus,
                LicenseUsage,
                LicenseAll,
                LicenseEntitlement,
                LicenseRegisterStatus,
                LicensePool,
                LicensePools,
                LicenseAllocated,
                LicensePlatformSummary,
                LicensePlatformDetail,
                RunningConfigCallHome,
                CallHomeDetail,
                CallHomeSmartLicensingStatistics,
                Version,
                Clock
            ]
        );
        let xe_live: Vec<&str> = live(Platform::IosXe)
            .iter()
            .filter_map(|c| c.cli(Platform::IosXe))
            .collect();
        assert!(!xe_live
            .iter()
            .any(|c| c.contains("tech") || c.contains("udi")));
        assert!(!Command::CallHomeDetail.collected_live(Platform::IosXe));
        assert!(Command::CallHomeDetail.collected_live(Platform::IosXr));
    }

    #[test]
    fn replay_reads_live_commands_first_then_saved_only_ones() {
        use Command::*;
        let xe: Vec<Command> = Command::for_replay(Platform::IosXe).collect();
        let live: Vec<Command> = Command::for_platform(Platform::IosXe).collect();
        assert_eq!(xe[..live.len()], live[..]);
        assert_eq!(
            xe[live.len()..],
            [CallHomeDetail, LicenseTechSupport, LicenseUdi, CallHome]
        );
        assert!(Command::for_replay(Platform::NxOs).eq(Command::for_platform(Platform::NxOs)));
        assert!(Command::for_replay(Platform::IosXr).eq(Command::for_platform(Platform::IosXr)));
        for (typed, c) in [
            ("show license tech support", LicenseTechSupport),
            ("show license udi", LicenseUdi),
            ("show call-home", CallHome),
            ("show call-home detail", CallHomeDetail),
            ("show_license_tech_support", LicenseTechSupport),
            ("show_call-home", CallHome),
        ] {
            assert_eq!(Command::from_cli(typed), Some(c), "{typed}");
        }
    }

    #[test]
    fn slugs_stay_unambiguous_with_hyphens() {
        let loose: Vec<String> = Command::all().map(|c| loose_slug(c.slug())).collect();
        for (i, s) in loose.iter().enumerate() {
            assert!(!loose[i + 1..].contains(s), "{s} names two commands");
        }
        for c in Command::all() {
            assert_eq!(
                Command::from_file_stem(&c.slug().replace('_', "-")),
                Some(c)
            );
            assert_eq!(Command::from_file_stem(c.slug()), Some(c));
        }
        for (stem, c) in [
            ("show-license-tech-support", Command::LicenseTechSupport),
            ("show-call-home-profile-all", Command::CallHomeProfileAll),
            ("show-call-home", Command::CallHome),
            ("show-call-home-detail", Command::CallHomeDetail),
            ("show-license", Command::License),
            ("show-license-udi", Command::LicenseUdi),
            (
                "show_running_config_callhome",
                Command::RunningConfigCallhome,
            ),
            (
                "show-running-config-call-home",
                Command::RunningConfigCallHome,
            ),
        ] {
            assert_eq!(Command::from_file_stem(stem), Some(c), "{stem}");
        }
        for stem in [
            "show-license-eventlog-2",
            "show-call-home-alert-group",
            "golden_output",
            "",
        ] {
            assert_eq!(Command::from_file_stem(stem), None, "{stem}");
        }
    }

    #[test]
    fn xr_admin_plane_commands_are_marked() {
        let t = Command::LicenseRegisterStatus.text(Platform::IosXr);
        assert_eq!(t.map(|t| t.admin_on_classic_xr), Some(true));
        assert_eq!(Command::LicenseRegisterStatus.text(Platform::NxOs), None);
        assert!(Command::for_platform(Platform::NxOs).all(|c| c.cli(Platform::NxOs).is_some()));
    }
}
