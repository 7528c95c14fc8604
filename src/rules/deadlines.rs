//! Deadlines rules (being written).

use crate::device::Device;

use super::{Findings, Rule};

/// Every deadlines rule.
pub const RULES: &[Rule] = &[];

/// Raises the deadlines findings of one device.
pub fn check(_device: &Device, _f: &mut Findings<'_>) {}
