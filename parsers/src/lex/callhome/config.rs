//! The IOS-style `call-home` configuration section, printed by IOS-XE
//! `show running-config | section call-home` and IOS-XR `show running-config call-home`:
//!
//! ```text
//! service call-home                      (IOS-XE; IOS-XR says `service active` inside)
//! call-home
//!  contact-email-addr sch-smart-licensing@cisco.com
//!  http-proxy "proxy.example.com" port 8080
//!  vrf Mgmt-vrf
//!  source-interface GigabitEthernet0/0
//!  profile "CiscoTAC-1"
//!   active
//!   reporting smart-licensing-data
//!   destination transport-method http
//!   no destination transport-method email
//!   destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
//! ```
//!
//! `!` lines (XR separators, IOS-XE remarks such as `! If contact email address in call-home is
//! configured as ...`) and `end` are skipped. Indentation is only a hint (the documents print it flush-left): profile sub-commands are
//! recognised by their keywords and belong to the last `profile` line. Rules:
//! - `enabled` is `Some(true)` with `service call-home` / `service active`, `Some(false)` when
//!   the output shows a `call-home` section without it.
//! - A profile's `active` is set only by `active` / `no active`.
//! - Once a profile prints any `reporting` line, the kinds it does not name are `Some(false)`;
//!   with no `reporting` line both stay `None` (the device default applies).
//! - A line that is a single unknown token right after a `destination address http` line of
//!   79+ columns continues the URL (terminal hard wrap).
//! - A profile with no `destination address http` has no `http_urls`: the device then uses its
//!   built-in default URL, which the grammar does not invent.

use crate::lex::kv::{join_wrapped, WRAP_WIDTH};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::{CallHome, CallHomeProfile, HttpProxy};
use crate::{not_this, DeviceLicensing, ParseError};

use super::add_other;
use super::words::{host_port, keywords, name};

/// Settings kept verbatim in `other`: `(keywords, label)`.
const OTHER: &[(&[&str], &str)] = &[
    (&["phone-number"], "phone-number"),
    (&["street-address"], "street-address"),
    (&["site-id"], "site-id"),
    (&["customer-id"], "customer-id"),
    (&["contract-id"], "contract-id"),
    (&["sender", "from"], "sender from"),
    (&["sender", "reply-to"], "sender reply-to"),
    (&["mail-server"], "mail-server"),
    (&["alert-group"], "alert-group"),
    (&["alert-group-config"], "alert-group-config"),
    (&["data-privacy"], "data-privacy"),
    (&["syslog-throttling"], "syslog-throttling"),
    (&["no", "syslog-throttling"], "no syslog-throttling"),
    (&["rate-limit"], "rate-limit"),
    (&["aaa-authorization"], "aaa-authorization"),
    (&["copy", "profile"], "copy profile"),
];

/// Profile sub-commands kept verbatim in the profile's `other`: `(keywords, label)`.
const PROFILE_OTHER: &[(&[&str], &str)] = &[
    (
        &["destination", "message-size-limit"],
        "destination message-size-limit",
    ),
    (&["subscribe-to-alert-group"], "subscribe-to-alert-group"),
    (&["anonymous-reporting-only"], "anonymous-reporting-only"),
    (&["no", "reporting"], "no reporting"),
];

/// Which platform printed the section (the service line differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// IOS-XE: `service call-home` at top level.
    IosXe,
    /// IOS-XR: `service active` inside `call-home`; `!` and `end` lines.
    IosXr,
}

impl Dialect {
    /// The line that turns call-home on.
    fn service(self) -> &'static [&'static str] {
        match self {
            Dialect::IosXe => &["service", "call-home"],
            Dialect::IosXr => &["service", "active"],
        }
    }

    /// Whether the output says call-home was never configured: IOS-XE's section filter prints
    /// nothing; IOS-XR prints only `% No such configuration item(s)`.
    fn unconfigured(self, text: &Text) -> bool {
        let mut printed = text.lines.iter().filter(|l| !l.text.is_empty()).peekable();
        match self {
            Dialect::IosXe => printed.peek().is_none(),
            Dialect::IosXr => {
                printed.peek().is_some()
                    && printed.all(|l| l.text.starts_with("% No such configuration item"))
            }
        }
    }
}

/// A whole `show running-config` call-home output: `configured: false` when the dialect's
/// "never configured" form is printed, else the [`section`]; `Err` when there is neither.
pub(crate) fn running_config(
    text: &Text,
    dialect: Dialect,
    w: &mut Warnings,
) -> Result<DeviceLicensing, ParseError> {
    let callhome = if dialect.unconfigured(text) {
        CallHome {
            configured: Some(false),
            ..Default::default()
        }
    } else {
        section(text, dialect, w).ok_or_else(|| not_this("no call-home configuration line"))?
    };
    Ok(DeviceLicensing {
        callhome: Some(callhome),
        ..Default::default()
    })
}

/// Reads the section. `None` when no line is a call-home configuration line.
pub(crate) fn section(text: &Text, dialect: Dialect, w: &mut Warnings) -> Option<CallHome> {
    let mut ch = CallHome::default();
    let mut header = false;
    let mut service = false;
    let mut known = 0usize;
    let mut profile: Option<usize> = None;
    let mut url_width: Option<usize> = None;
    for line in &text.lines {
        let t = &*line.text;
        let wrapped_from = url_width.take();
        if t.is_empty() || t.starts_with('!') || t.eq_ignore_ascii_case("end") {
            continue;
        }
        known += 1;
        if keywords(t, &["call-home"]).is_some_and(str::is_empty) {
            header = true;
        } else if keywords(t, dialect.service()).is_some() {
            service = true;
        } else if let Some(v) = keywords(t, &["contact-email-addr"]) {
            ch.contact_email = Some(v.to_string());
        } else if let Some(v) = keywords(t, &["http-proxy"]) {
            match host_port(v) {
                Ok(("", (host, port))) => {
                    ch.http_proxy = Some(HttpProxy {
                        host: host.to_string(),
                        port,
                        enabled: None,
                    })
                }
                _ => {
                    w.push(line.no, t, "http-proxy not understood");
                }
            }
        } else if let Some(v) = keywords(t, &["vrf"]) {
            ch.vrf = Some(v.to_string());
        } else if let Some(v) = keywords(t, &["source-interface"]) {
            ch.source_interface = Some(v.to_string());
        } else if let Some(v) = keywords(t, &["profile"]) {
            match name(v) {
                Ok((_, n)) if !n.is_empty() => {
                    ch.profiles.push(CallHomeProfile {
                        name: n.to_string(),
                        ..Default::default()
                    });
                    profile = Some(ch.profiles.len() - 1);
                }
                _ => w.push(line.no, t, "profile without a name"),
            }
        } else if let Some((kws, label)) = OTHER.iter().find(|(k, _)| keywords(t, k).is_some()) {
            add_other(&mut ch.other, label, keywords(t, kws).unwrap_or(""));
        } else {
            let reason = match profile.and_then(|i| ch.profiles.get_mut(i)) {
                Some(p) => {
                    let urls = p.http_urls.len();
                    if profile_line(p, t) {
                        if p.http_urls.len() > urls {
                            url_width = Some(line.width);
                        }
                        continue;
                    }
                    let wrapped = wrapped_from
                        .is_some_and(|w| w >= WRAP_WIDTH && !t.contains(char::is_whitespace));
                    if let Some(url) = p.http_urls.last_mut().filter(|_| wrapped) {
                        join_wrapped(url, WRAP_WIDTH, t);
                        continue;
                    }
                    "unknown call-home profile line"
                }
                None => "unknown call-home line",
            };
            known -= 1;
            w.push(line.no, t, reason);
        }
    }
    if known == 0 {
        return None;
    }
    ch.configured = Some(true);
    ch.enabled = match (service, header) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    };
    Some(ch)
}

/// One profile sub-command; `false` when `t` is not one.
fn profile_line(p: &mut CallHomeProfile, t: &str) -> bool {
    if keywords(t, &["active"]).is_some_and(str::is_empty) {
        p.active = Some(true);
    } else if keywords(t, &["no", "active"]).is_some_and(str::is_empty) {
        p.active = Some(false);
    } else if let Some(v) = keywords(t, &["reporting"]) {
        let (sch, sl) = match v.to_ascii_lowercase().as_str() {
            "all" => (true, true),
            "smart-licensing-data" => (false, true),
            "smart-call-home-data" => (true, false),
            _ => return false,
        };
        p.reporting_smart_call_home = Some(sch || p.reporting_smart_call_home == Some(true));
        p.reporting_smart_licensing = Some(sl || p.reporting_smart_licensing == Some(true));
    } else if let Some(v) = keywords(t, &["destination", "transport-method"]) {
        p.transport_method = Some(v.to_string());
    } else if let Some(v) = keywords(t, &["no", "destination", "transport-method"]) {
        add_other(&mut p.other, "no destination transport-method", v);
    } else if let Some(v) = keywords(t, &["destination", "address", "http"]) {
        p.http_urls.push(v.to_string());
    } else if let Some(v) = keywords(t, &["destination", "address", "email"]) {
        p.email_addresses.push(v.to_string());
    } else if let Some(v) = keywords(t, &["destination", "preferred-msg-format"]) {
        p.message_format = Some(v.to_string());
    } else if let Some((kws, label)) = PROFILE_OTHER.iter().find(|(k, _)| keywords(t, k).is_some())
    {
        add_other(&mut p.other, label, keywords(t, kws).unwrap_or(""));
    } else {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::text::prepare;

    fn run(text: &str, d: Dialect) -> (Option<CallHome>, usize) {
        let t = prepare(text).unwrap_or_default();
        let mut w = Warnings::default();
        (section(&t, d, &mut w), w.0.len())
    }

    #[test]
    fn iosxe_section_fills_every_field() {
        let (ch, warns) = run("service call-home\ncall-home\n contact-email-addr a@b.c\n http-proxy \"proxy.example.com\" port 8080\n vrf Mgmt-vrf\n source-interface Gi0/0\n profile \"CiscoTAC-1\"\n  active\n  reporting smart-licensing-data\n  destination transport-method http\n  no destination transport-method email\n  destination address http https://x/y\n", Dialect::IosXe);
        let ch = ch.unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(true));
        assert_eq!(ch.contact_email.as_deref(), Some("a@b.c"));
        assert_eq!(
            ch.http_proxy.as_ref().map(|p| (p.host.as_str(), p.port)),
            Some(("proxy.example.com", Some(8080)))
        );
        assert_eq!(ch.vrf.as_deref(), Some("Mgmt-vrf"));
        assert_eq!(ch.source_interface.as_deref(), Some("Gi0/0"));
        let p = &ch.profiles[0];
        assert_eq!((p.name.as_str(), p.active), ("CiscoTAC-1", Some(true)));
        assert_eq!(
            (p.reporting_smart_licensing, p.reporting_smart_call_home),
            (Some(true), Some(false))
        );
        assert_eq!(p.http_urls, ["https://x/y"]);
    }

    #[test]
    fn section_without_service_line_is_disabled() {
        let (ch, _) = run("call-home\n contact-email-addr a@b.c\n", Dialect::IosXe);
        assert_eq!(ch.and_then(|c| c.enabled), Some(false));
    }

    #[test]
    fn xr_service_active_and_reporting_both() {
        let (ch, warns) = run("call-home\nservice active\nprofile CiscoTAC-1\nactive\nreporting smart-call-home-data\nreporting smart-licensing-data\n!\nend\n", Dialect::IosXr);
        let ch = ch.unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(true));
        assert_eq!(ch.profiles[0].reporting_smart_call_home, Some(true));
        assert_eq!(ch.profiles[0].reporting_smart_licensing, Some(true));
    }

    #[test]
    fn unrelated_text_is_not_a_section() {
        let (ch, warns) = run("hello world\nfoo bar\n", Dialect::IosXe);
        assert_eq!(ch, None);
        assert_eq!(warns, 2);
    }
}
