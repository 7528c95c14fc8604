//! IOS-XE: `Router#` / `Router>` prompts (`enable` for the first), no admin plane,
//! `% Invalid input detected at '^' marker.`.

use super::{Profile, COMMON_SETUP};
use crate::Platform;

/// The IOS-XE profile.
pub(super) const PROFILE: Profile = Profile {
    platform: Platform::IosXe,
    setup: COMMON_SETUP,
    prompt_node: None,
    admin_prefix: None,
    invalid_input: "% Invalid input detected at '^' marker.",
};
