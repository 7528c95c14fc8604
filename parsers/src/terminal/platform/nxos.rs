//! NX-OS: `switch#` prompts, no admin plane, `% Invalid command at '^' marker.`.

use super::{Profile, COMMON_SETUP};
use crate::Platform;

/// The NX-OS profile.
pub(super) const PROFILE: Profile = Profile {
    platform: Platform::NxOs,
    setup: COMMON_SETUP,
    prompt_node: None,
    admin_prefix: None,
    invalid_input: "% Invalid command at '^' marker.",
};
