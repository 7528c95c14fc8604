//! IOS-XR licensing: admin-plane smart licensing (`show license status`, `register-status`, `entitlement`, `pool`), traditional pools (`pools`, `allocated`) and `show license platform summary|detail`.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license status` (`Compliance Status:`; 64-bit XR may print the agent layout).
pub(crate) fn status(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("status grammar not written yet"))
}

/// `show license register-status`.
pub(crate) fn register_status(
    _text: &Text,
    _w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("register_status grammar not written yet"))
}

/// `show license entitlement`.
pub(crate) fn entitlement(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("entitlement grammar not written yet"))
}

/// `show license pool`.
pub(crate) fn pool(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("pool grammar not written yet"))
}

/// `show license pools`.
pub(crate) fn pools(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("pools grammar not written yet"))
}

/// `show license allocated`.
pub(crate) fn allocated(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("allocated grammar not written yet"))
}

/// `show license platform summary` / `show license platform detail`.
pub(crate) fn platform(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("platform grammar not written yet"))
}
