//! IOS-XE call-home: `show call-home profile all` and `show running-config | section call-home`.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show call-home profile all`.
pub(crate) fn profile_all(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("profile_all grammar not written yet"))
}

/// `show running-config | section call-home`.
pub(crate) fn running_config(
    _text: &Text,
    _w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("running_config grammar not written yet"))
}
