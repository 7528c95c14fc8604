//! The Cisco Smart Licensing agent's outputs, shared by NX-OS and IOS-XE (and 64-bit IOS-XR):
//! `show license status`, `show license all`, `show license summary`, `show license usage`,
//! in both generations (classic Smart Licensing and Smart Licensing Using Policy).

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license status` / `show license all` / `show license summary` / `show license usage`.
pub(crate) fn license(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("smart agent grammar not written yet"))
}
