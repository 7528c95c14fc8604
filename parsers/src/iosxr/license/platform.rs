//! placeholder
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license platform summary` / `show license platform detail`.
pub(crate) fn platform(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("platform grammar not written yet"))
}
