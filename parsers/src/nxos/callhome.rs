//! NX-OS call-home: `show running-config callhome` and `show callhome`.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show running-config callhome`.
pub(crate) fn running_config(
    _text: &Text,
    _w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("running_config grammar not written yet"))
}

/// `show callhome`.
pub(crate) fn show_callhome(
    _text: &Text,
    _w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("show_callhome grammar not written yet"))
}
