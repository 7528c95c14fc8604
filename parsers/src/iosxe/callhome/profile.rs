//! IOS-XE `show call-home profile all` (also a single `show call-home profile CiscoTAC-1`).

use crate::lex::callhome::profile::ProfileBlock;
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::CallHome;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show call-home profile all`: one block per profile, read by [`ProfileBlock`].
///
/// ```text
/// Profile Name: CiscoTAC-1
/// Profile status: ACTIVE
/// Reporting Data: Smart Call Home, Smart Licensing
/// HTTP address(es): https://tools.cisco.com/its/service/oddce/services/DDCEService
/// ```
///
/// Also the smart-licensing summary some releases print:
///
/// ```text
/// Current smart-licensing transport settings:
/// Smart-license messages: enabled
/// Profile: CiscoTAC-1 (status: ACTIVE)
/// Destination URL(s): https://tools.cisco.com/its/service/oddce/services/DDCEService
/// ```
///
/// `<snip>` marks a document cut and is skipped silently.
pub(crate) fn profile_all(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut ch = CallHome::default();
    let mut block = ProfileBlock::default();
    let mut known = 0usize;
    for line in &text.lines {
        let t = &*line.text;
        if t.eq_ignore_ascii_case("<snip>") {
            continue;
        }
        if block.line(line, t, w) {
            known += usize::from(!t.is_empty());
            continue;
        }
        match split_kv(t).map(|(k, v)| (norm(k), v)) {
            Some((k, "")) if k == "current smart-licensing transport settings" => known += 1,
            Some((k, v)) if k == "smart-license messages" => {
                ch.smart_licensing_messages = flag(v);
                known += 1;
            }
            _ => w.push(line.no, t, "unknown call-home profile line"),
        }
    }
    if known == 0 {
        return Err(not_this("no call-home profile field"));
    }
    ch.profiles = block.profiles;
    Ok(DeviceLicensing {
        callhome: Some(ch),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn parse(raw: &str) -> Result<(CallHome, usize), ParseError> {
        testing::callhome(profile_all, raw)
    }

    #[test]
    fn iosxe_inactive_tac_and_custom_profile_without_licensing() {
        let raw = "Profile Name: CiscoTAC-1\nProfile status: INACTIVE\nReporting Data: Smart Call Home, Smart Licensing\n\nProfile Name: noc\nProfile status: ACTIVE\nReporting Data: Smart Call Home\nHTTP address(es): https://noc.example.com/ch\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        let got: Vec<_> = ch
            .profiles
            .iter()
            .map(|p| (p.name.as_str(), p.active, p.reporting_smart_licensing))
            .collect();
        assert_eq!(
            got,
            [
                ("CiscoTAC-1", Some(false), Some(true)),
                ("noc", Some(true), Some(false))
            ]
        );
    }

    #[test]
    fn iosxe_smart_license_summary_form() {
        let raw = "Current smart-licensing transport settings:\nSmart-license messages: enabled\nProfile: CiscoTAC-1 (status: ACTIVE)\nDestination URL(s): https://x/y\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.smart_licensing_messages, Some(true));
        assert_eq!(ch.profiles[0].active, Some(true));
        assert_eq!(ch.profiles[0].http_urls, ["https://x/y"]);
    }

    #[test]
    fn iosxe_profile_unrelated_text_is_refused() {
        assert!(parse("Interface GigabitEthernet0/0 is up\nfoo\n").is_err());
        assert!(parse("").is_err());
    }
}
