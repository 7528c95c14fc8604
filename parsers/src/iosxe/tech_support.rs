//! IOS-XE `show license tech support`.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{agent, DeviceLicensing, ParseError};

/// `show license tech support`: the smart agent's sections (status, usage, product
/// information, policy, usage reporting, trust codes), read by [`agent::license`].
pub(crate) fn tech_support(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    agent::license(text, w)
}
