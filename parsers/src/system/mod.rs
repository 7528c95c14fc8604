//! `show clock` and `show version` pieces shared by the three platforms.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show clock`.
pub(crate) fn clock(_text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    Err(not_this("clock grammar not written yet"))
}
