//! Per-platform session facts: the lines that set a shell up, the prompt a device prints, the
//! IOS-XR admin-plane form of a command and the caret error. One file per platform.

mod iosxe;
mod iosxr;
mod nxos;

use crate::Platform;

pub use iosxr::NO_TIMESTAMP as XR_NO_TIMESTAMP;

/// Turns paging off (every platform).
pub const TERMINAL_LENGTH: &str = "terminal length 0";
/// Widest terminal Cisco allows, so output lines never wrap (every platform).
pub const TERMINAL_WIDTH: &str = "terminal width 511";
/// The setup lines every platform takes: what a session of unknown platform sends.
pub const COMMON_SETUP: &[&str] = &[TERMINAL_LENGTH, TERMINAL_WIDTH];

/// How a platform's shell is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// The platform.
    pub platform: Platform,
    /// Fixed lines sent after login, in order (paging off, full width, ...). Their answers
    /// do not matter: a device without a setting still works.
    pub setup: &'static [&'static str],
    /// What the default prompt prints before the host name (IOS-XR: `RP/0/RSP0/CPU0:`).
    pub prompt_node: Option<&'static str>,
    /// The word that runs a command in the admin plane (classic IOS-XR: `admin`), if any.
    pub admin_prefix: Option<&'static str>,
    /// The message line of the caret error for an unknown command.
    pub invalid_input: &'static str,
}

impl Profile {
    /// The profile of `platform`.
    pub fn of(platform: Platform) -> &'static Profile {
        match platform {
            Platform::NxOs => &nxos::PROFILE,
            Platform::IosXe => &iosxe::PROFILE,
            Platform::IosXr => &iosxr::PROFILE,
        }
    }

    /// The privileged prompt of a device named `host` (without trailing blank).
    pub fn default_prompt(&self, host: &str) -> String {
        format!("{}{host}#", self.prompt_node.unwrap_or(""))
    }

    /// `cli` sent to the admin plane (`admin show license status`), or `None` when the
    /// platform has none.
    pub fn admin_form(&self, cli: &str) -> Option<String> {
        self.admin_prefix.map(|a| format!("{a} {cli}"))
    }
}

/// The setup lines for a session: the platform's, or for a device of unknown platform the
/// common ones plus IOS-XR's when the login prompt names an XR node (`RP/0/RSP0/CPU0:host#`).
pub fn setup_lines(platform: Option<Platform>, prompt_has_node: bool) -> &'static [&'static str] {
    match platform {
        Some(p) => Profile::of(p).setup,
        None if prompt_has_node => Profile::of(Platform::IosXr).setup,
        None => COMMON_SETUP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::{rejection, Prompt};

    #[test]
    fn every_platform_turns_paging_off_first_and_sets_the_width() {
        for p in [Platform::NxOs, Platform::IosXe, Platform::IosXr] {
            let setup = Profile::of(p).setup;
            assert_eq!(&setup[..2], COMMON_SETUP, "{p:?}");
            assert_eq!(Profile::of(p).platform, p);
        }
        assert!(Profile::of(Platform::IosXr)
            .setup
            .contains(&"terminal exec prompt no-timestamp"));
    }

    #[test]
    fn only_ios_xr_has_an_admin_plane_form() {
        assert_eq!(
            Profile::of(Platform::IosXr).admin_form("show license status"),
            Some("admin show license status".into())
        );
        assert_eq!(Profile::of(Platform::NxOs).admin_form("show version"), None);
        assert_eq!(
            Profile::of(Platform::IosXe).admin_form("show version"),
            None
        );
    }

    #[test]
    fn default_prompts_are_prompts_and_caret_errors_are_rejections() {
        for p in [Platform::NxOs, Platform::IosXe, Platform::IosXr] {
            let profile = Profile::of(p);
            let prompt = profile.default_prompt("r1");
            let parsed = Prompt::parse(&prompt).unwrap_or_else(|| panic!("{prompt}"));
            assert_eq!(parsed.host(), "r1");
            assert_eq!(parsed.node().is_some(), p == Platform::IosXr);
            assert!(rejection::is_rejection(profile.invalid_input), "{p:?}");
        }
    }

    #[test]
    fn unknown_platforms_get_xr_setup_only_behind_an_xr_prompt() {
        assert_eq!(setup_lines(None, false), COMMON_SETUP);
        assert_eq!(setup_lines(None, true), Profile::of(Platform::IosXr).setup);
        assert_eq!(
            setup_lines(Some(Platform::NxOs), true),
            Profile::of(Platform::NxOs).setup
        );
    }
}
