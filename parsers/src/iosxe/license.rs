//! IOS-XE traditional / RTU licensing `show license` (feature list).

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license`.
pub(crate) fn traditional(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("traditional grammar not written yet"))
}
