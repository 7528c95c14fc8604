//! IOS-XE `show running-config | section call-home`.

use crate::lex::callhome::config::{self, Dialect};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{DeviceLicensing, ParseError};

/// `show running-config | section call-home`: the `call-home` section and `service call-home`.
///
/// ```text
/// service call-home
/// call-home
///  contact-email-addr sch-smart-licensing@cisco.com
///  profile "CiscoTAC-1"
///   active
///   destination transport-method http
///   destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
/// ```
///
/// Empty output is valid: the section filter prints nothing when call-home is not configured,
/// which gives `configured: false`. Lines are read by [`config::section`] (rules documented
/// there).
pub(crate) fn running_config(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    config::running_config(text, Dialect::IosXe, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CallHome;
    use crate::testing;

    fn parse(raw: &str) -> Result<(CallHome, usize), ParseError> {
        testing::callhome(running_config, raw)
    }

    #[test]
    fn iosxe_empty_section_is_not_configured() {
        for raw in [
            "",
            "sw1#show running-config | section call-home\nsw1#",
            "\r\n\r\n",
        ] {
            let (ch, warns) = parse(raw).unwrap_or_default();
            assert_eq!(ch.configured, Some(false), "{raw:?}");
            assert_eq!(warns, 0);
        }
    }

    #[test]
    fn iosxe_http_address_is_kept_as_printed() {
        let (ch, _) = parse("service call-home\ncall-home\n profile \"CiscoTAC-1\"\n  destination address http http://tools.cisco.com/its/service/oddce/services/DDCEService\n").unwrap_or_default();
        assert_eq!(ch.enabled, Some(true));
        assert_eq!(
            ch.profiles[0].http_urls,
            ["http://tools.cisco.com/its/service/oddce/services/DDCEService"]
        );
    }

    #[test]
    fn iosxe_unrelated_text_is_refused() {
        assert!(parse("Building configuration...\nfoo bar baz\n").is_err());
    }
}
