//! IOS-XR `show running-config call-home`.

use crate::lex::callhome::config::{self, Dialect};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::{DeviceLicensing, ParseError};

/// `show running-config call-home`: the `call-home` section, read by [`config::section`].
///
/// ```text
/// call-home
///  service active
///  contact-email-addr sch-smart-licensing@cisco.com
///  http-proxy mybastion.cisco.com port 80
///  profile CiscoTAC-1
///   active
///   destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
///   destination transport-method http
/// ```
///
/// `% No such configuration item(s)` (call-home never configured, e.g. before
/// `license smart enable`) is valid and gives `configured: false`. After `license smart enable`
/// a profile with no `destination address http` line uses the built-in default URL; the model
/// then lists no URL for it rather than inventing one.
pub(crate) fn running_config(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    config::running_config(text, Dialect::IosXr, w)
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
    fn xr_no_such_configuration_is_not_configured() {
        let (ch, warns) =
            parse("RP/0/RSP1/CPU0:ROA#show run call-home\n% No such configuration item(s)\n")
                .unwrap_or_default();
        assert_eq!(ch.configured, Some(false));
        assert_eq!(ch.enabled, None);
        assert_eq!(warns, 0);
    }

    #[test]
    fn xr_profile_without_address_has_no_url() {
        let (ch, _) = parse("call-home\nservice active\nprofile CiscoTAC-1\nactive\ndestination transport-method http\n").unwrap_or_default();
        assert_eq!(ch.enabled, Some(true));
        assert!(ch.profiles[0].http_urls.is_empty());
        assert_eq!(ch.profiles[0].transport_method.as_deref(), Some("http"));
    }

    #[test]
    fn xr_untyped_settings_are_kept() {
        let (ch, warns) = parse("call-home\nmail-server 171.68.58.10 priority 10\nmail-server mybastion.cisco.com priority 1\nsite-id B20\n").unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(
            ch.other.get("mail-server").map(String::as_str),
            Some("171.68.58.10 priority 10; mybastion.cisco.com priority 1")
        );
        assert_eq!(ch.other.get("site-id").map(String::as_str), Some("B20"));
    }

    #[test]
    fn xr_empty_output_is_refused() {
        assert!(parse("").is_err());
    }
}
