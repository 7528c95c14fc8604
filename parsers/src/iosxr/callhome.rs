//! IOS-XR call-home: `show call-home detail`, `show running-config call-home`, `show call-home smart-licensing statistics`.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show call-home detail`.
pub(crate) fn detail(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("detail grammar not written yet"))
}

/// `show running-config call-home`.
pub(crate) fn running_config(
    _text: &Text,
    _w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("running_config grammar not written yet"))
}

/// `show call-home smart-licensing statistics`.
pub(crate) fn statistics(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("statistics grammar not written yet"))
}
