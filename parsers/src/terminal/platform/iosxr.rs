//! IOS-XR: `RP/0/RSP0/CPU0:router#` prompts, a timestamp before each output until
//! `terminal exec prompt no-timestamp`, and on classic (32-bit) XR the licensing commands in
//! the admin plane, typed as `admin <command>`.

use super::{Profile, TERMINAL_LENGTH, TERMINAL_WIDTH};
use crate::Platform;

/// IOS-XR prints a timestamp before every command's output unless told not to.
pub const NO_TIMESTAMP: &str = "terminal exec prompt no-timestamp";

/// The IOS-XR profile.
pub(super) const PROFILE: Profile = Profile {
    platform: Platform::IosXr,
    setup: &[TERMINAL_LENGTH, TERMINAL_WIDTH, NO_TIMESTAMP],
    prompt_node: Some("RP/0/RSP0/CPU0:"),
    admin_prefix: Some("admin"),
    invalid_input: "% Invalid input detected at '^' marker.",
};
