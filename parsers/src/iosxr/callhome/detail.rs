//! IOS-XR `show call-home detail`.

use nom::bytes::complete::tag_no_case;
use nom::character::complete::{char, digit1, space0, space1};
use nom::Parser;

use crate::lex::absent::present;
use crate::lex::callhome::add_other;
use crate::lex::callhome::profile::ProfileBlock;
use crate::lex::callhome::words::{http_proxy, word, SETTINGS_KEPT};
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::{PResult, Warnings};
use crate::model::CallHome;
use crate::{not_this, DeviceLicensing, ParseError};

/// Document quirk (Cisco ASR9K smart licensing guide): the author annotated the output with
/// `; remarks`, one wrapping onto its own line, and inserted this explanatory sentence after
/// the `Profile:` line. None of it is device text; it is accepted silently.
const ANNOTATION: &str =
    "Can not be renamed, deleted, but can be modified, activated, deactivated.";

/// The text before a ` ; remark` annotation (whole line when it starts with `;`).
fn strip_remark(t: &str) -> (&str, Option<&str>) {
    if t.starts_with(';') {
        return ("", Some(t));
    }
    match t.find(" ;") {
        Some(p) => (t.get(..p).unwrap_or(t).trim_end(), t.get(p + 2..)),
        None => (t, None),
    }
}

/// `Address: bastion.cisco.com Priority: 1` (the value of `Mail-server[1]:`).
fn mail_server(i: &str) -> PResult<'_, (&str, &str)> {
    let (i, (_, _, _, addr, _, _, _, _, prio)) = (
        tag_no_case("Address"),
        char(':'),
        space0,
        word,
        space1,
        tag_no_case("Priority"),
        char(':'),
        space0,
        digit1,
    )
        .parse(i)?;
    Ok((i, (addr, prio)))
}

/// `show call-home detail`: the global settings, the smart-licensing summary and the
/// `Profiles:` block (read by [`ProfileBlock`]).
///
/// ```text
/// call home feature : enable
/// vrf for call-home messages: Not yet set up
/// contact person's email address: sch-smart-licensing@cisco.com
/// source interface: Not yet set up
/// Mail-server[1]: Address: bastion.cisco.com Priority: 1
/// http proxy: Not yet set up
/// Smart licensing messages: enabled
/// Profile: CiscoTAC-1 (status: ACTIVE)
/// Available alert groups:
/// Keyword          State    Description
/// Profiles:
/// Profile Name: CiscoTAC-1
/// HTTP address(es):
/// http://tools.cisco.com/its/service/oddce/services/DDCEService
/// https://tools.cisco.com/its/service/oddce/services/DDCEService
/// ```
///
/// Filtered outputs (`| i https`) parse too: an address printed before any profile name goes
/// to a profile with an empty name.
pub(crate) fn detail(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut ch = CallHome::default();
    let mut block = ProfileBlock::default();
    let mut known = 0usize;
    let mut alert_table = false;
    let mut remark_continues = false;
    for line in &text.lines {
        let t = &*line.text;
        let continued = std::mem::replace(&mut remark_continues, false);
        if t.is_empty() {
            alert_table = false;
            block.line(line, t, w);
            continue;
        }
        if t == ANNOTATION || continued && split_kv(t).is_none() && !t.contains("://") {
            continue;
        }
        let (value, remark) = strip_remark(t);
        remark_continues = remark.is_some_and(|r| r.trim_end().ends_with(','));
        if value.is_empty() || alert_table {
            continue;
        }
        if block.line(line, value, w) {
            known += 1;
            continue;
        }
        let Some((label, v)) = split_kv(value) else {
            w.push(line.no, t, "unknown call-home detail line");
            continue;
        };
        known += 1;
        let key = norm(label);
        match key.as_str() {
            "current call home settings" | "profiles" => {}
            "available alert groups" => alert_table = true,
            "call home feature" => ch.enabled = flag(v),
            "vrf for call-home messages" => ch.vrf = present(v).map(str::to_string),
            "contact person's email address" => ch.contact_email = present(v).map(str::to_string),
            "source interface" => ch.source_interface = present(v).map(str::to_string),
            "http proxy" => ch.http_proxy = http_proxy(v),
            "smart licensing messages" => ch.smart_licensing_messages = flag(v),
            k if k.starts_with("mail-server[") => match mail_server(v) {
                Ok((_, (addr, prio))) => {
                    add_other(&mut ch.other, label, &format!("{addr} priority {prio}"))
                }
                Err(_) => add_other(&mut ch.other, label, v),
            },
            k => match SETTINGS_KEPT.iter().find(|(n, _)| *n == k) {
                Some((_, stored)) => {
                    if let Some(v) = present(v) {
                        add_other(&mut ch.other, stored, v);
                    }
                }
                None => {
                    known -= 1;
                    w.push(line.no, t, "unknown call-home detail field");
                }
            },
        }
    }
    if known == 0 {
        return Err(not_this("no call-home detail field"));
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
        testing::callhome(detail, raw)
    }

    #[test]
    fn xr_detail_proxy_set_and_licensing_messages_disabled() {
        let raw = "call home feature : enable\nhttp proxy: proxy.example.com:8080\nSmart licensing messages: disabled\nProfile: CiscoTAC-1 (status: INACTIVE)\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(true));
        assert_eq!(ch.smart_licensing_messages, Some(false));
        assert_eq!(
            ch.http_proxy.map(|p| (p.host, p.port)),
            Some(("proxy.example.com".to_string(), Some(8080)))
        );
        assert_eq!(ch.profiles[0].active, Some(false));
    }

    #[test]
    fn xr_detail_annotations_are_stripped() {
        let raw = "call home message's reply-to address: a@b.c ; optional,\nrecipient address\nvrf for call-home messages: Not yet set up ; Not supported natively yet\nsite ID: B20 ; optional\n; Non-smart licensing configuration\nMail-server[1]: Address: bastion.cisco.com Priority: 1 ; optional\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.vrf, None);
        assert_eq!(
            ch.other.get("reply-to address").map(String::as_str),
            Some("a@b.c")
        );
        assert_eq!(ch.other.get("site ID").map(String::as_str), Some("B20"));
        assert_eq!(
            ch.other.get("Mail-server[1]").map(String::as_str),
            Some("bastion.cisco.com priority 1")
        );
    }

    #[test]
    fn xr_detail_http_and_https_addresses_keep_order() {
        let raw = "Profiles:\nProfile Name: CiscoTAC-1\nHTTP address(es): ; Only configuration needed if default is not desired.\nhttp://t/x\nhttps://t/x\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.profiles[0].http_urls, ["http://t/x", "https://t/x"]);
    }

    #[test]
    fn xr_detail_proxy_forms() {
        let got = [
            "10.1.1.1 port 80",
            "p.example.com:3128",
            "p.example.com",
            "Not yet set up",
        ]
        .map(|v| http_proxy(v).map(|p| (p.host, p.port)));
        assert_eq!(
            got,
            [
                Some(("10.1.1.1".to_string(), Some(80))),
                Some(("p.example.com".to_string(), Some(3128))),
                Some(("p.example.com".to_string(), None)),
                None
            ]
        );
    }

    #[test]
    fn xr_detail_unrelated_text_is_refused() {
        assert!(parse("hello world\nnothing here\n").is_err());
    }
}
