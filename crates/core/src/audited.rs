//! The result of auditing one device: the device and its findings. Rules produce it; history,
//! reconcile, alerts and every report read it.

use crate::device::Device;
use crate::finding::Finding;

/// One audited device and its findings (worst first).
#[derive(Debug, Clone)]
pub struct Audited {
    /// The device as collected or replayed.
    pub device: Device,
    /// Its findings, every severity including `ok` deadlines.
    pub findings: Vec<Finding>,
}
