//! Transport rules (being written).

use crate::device::Device;

use super::{Findings, Rule};

/// Every transport rule.
pub const RULES: &[Rule] = &[];

/// Raises the transport findings of one device.
pub fn check(_device: &Device, _f: &mut Findings<'_>) {}
