//! NX-OS `show running-config callhome` (also `show run callhome`, `... callhome all`).

use crate::lex::callhome::add_other;
use crate::lex::callhome::words::{host_port, keywords, word};
use crate::lex::kv::{join_wrapped, WRAP_WIDTH};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::{CallHome, CallHomeProfile, HttpProxy, SoftwareVersion};
use crate::{not_this, DeviceLicensing, ParseError};

/// Global settings kept verbatim in `other`: `(keywords, label)`.
const OTHER: &[(&[&str], &str)] = &[
    (&["phone-contact"], "phone-contact"),
    (&["streetaddress"], "streetaddress"),
    (&["site-id"], "site-id"),
    (&["customer-id"], "customer-id"),
    (&["contract-id"], "contract-id"),
    (&["switch-priority"], "switch-priority"),
    (&["periodic-inventory"], "periodic-inventory"),
    (&["duplicate-message"], "duplicate-message"),
    (&["distribute"], "distribute"),
    (&["transport", "email"], "transport email"),
];

/// `!` header lines and comments.
fn is_comment(t: &str) -> bool {
    t.starts_with('!')
}

/// `show running-config callhome`.
///
/// ```text
/// !Command: show running-config callhome
/// !Time: Wed Jun 22 16:16:28 2022
/// version 9.3(4) Bios:version 07.67
/// callhome
///   email-contact sch-smart-licensing@cisco.com
///   destination-profile CiscoTAC-1 transport-method http
///   destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/service/oddce/services/DDCEService
///   transport http proxy server 10.0.0.1 port 8080
///   transport http proxy enable
///   transport http use-vrf management
///   enable
/// ```
///
/// Rules:
/// - `enabled` is `Some(true)` with `enable`; `Some(false)` without it only when the output is
///   a whole running-config (a `!Command:` header or the `callhome` / `call home` line);
///   a bare snippet (document excerpt) leaves it `None`. The same rule sets the proxy's
///   `enabled` from `transport http proxy enable`.
/// - `configured` is `false` for a running-config that shows no callhome line at all.
/// - `transport http proxy enable` without a proxy server gives a proxy with an empty host.
/// - Profiles are never marked `active`: NX-OS has no such setting in this output.
/// - A URL hard-wrapped at 80 columns (a line that is a single token right after a URL line
///   of 79+ columns) is joined back.
/// - A URL truncated or missing in the output is kept as printed (or not at all).
pub(crate) fn running_config(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut ch = CallHome::default();
    let mut version = None;
    let mut full = false;
    let mut lines = 0usize;
    let mut proxy_enable = false;
    let mut url_line: Option<usize> = None;
    for line in &text.lines {
        let t = &*line.text;
        let wrapped_from = url_line.take();
        if t.is_empty() {
            continue;
        }
        if is_comment(t) {
            full |= t.starts_with("!Command:");
            continue;
        }
        if let Some(v) = keywords(t, &["version"]) {
            version = word(v).ok().map(|(_, ver)| SoftwareVersion {
                os: Some("NX-OS".to_string()),
                version: Some(ver.to_string()),
                ..Default::default()
            });
            full = true;
            continue;
        }
        lines += 1;
        if keywords(t, &["callhome"]).is_some_and(str::is_empty)
            || keywords(t, &["call", "home"]).is_some_and(str::is_empty)
        {
            full = true;
        } else if keywords(t, &["enable"]).is_some_and(str::is_empty) {
            ch.enabled = Some(true);
        } else if keywords(t, &["no", "enable"]).is_some_and(str::is_empty) {
            ch.enabled = Some(false);
        } else if let Some(v) = keywords(t, &["email-contact"]) {
            ch.contact_email = Some(v.to_string());
        } else if let Some(v) = keywords(t, &["destination-profile"]) {
            let urls = ch.profiles.iter().map(|p| p.http_urls.len()).sum::<usize>();
            if !profile_line(&mut ch.profiles, v) {
                w.push(line.no, t, "unknown destination-profile setting");
            }
            if ch.profiles.iter().map(|p| p.http_urls.len()).sum::<usize>() > urls {
                url_line = Some(line.width);
            }
        } else if let Some(v) = keywords(t, &["transport", "http", "proxy", "server"]) {
            match host_port(v) {
                Ok(("", (host, port))) => {
                    let p = ch.http_proxy.get_or_insert_with(HttpProxy::default);
                    p.host = host.to_string();
                    p.port = port;
                }
                _ => w.push(line.no, t, "proxy server not understood"),
            }
        } else if keywords(t, &["transport", "http", "proxy", "enable"]).is_some() {
            proxy_enable = true;
        } else if let Some(v) = keywords(t, &["transport", "http", "use-vrf"]) {
            ch.vrf = Some(v.to_string());
        } else if let Some(v) = keywords(t, &["source-interface"])
            .or_else(|| keywords(t, &["transport", "http", "source-interface"]))
        {
            ch.source_interface = Some(v.to_string());
        } else if let Some((kws, label)) = OTHER.iter().find(|(k, _)| keywords(t, k).is_some()) {
            let v = keywords(t, kws).unwrap_or("");
            if *label == "transport email" {
                let (sub, rest) = v.split_once(' ').unwrap_or((v, ""));
                add_other(&mut ch.other, &format!("transport email {sub}"), rest);
            } else {
                add_other(&mut ch.other, label, v);
            }
        } else if let Some(url) = wrapped_from
            .filter(|width| *width >= WRAP_WIDTH && !t.contains(char::is_whitespace))
            .and_then(|_| last_url(&mut ch.profiles))
        {
            join_wrapped(url, WRAP_WIDTH, t);
        } else {
            lines -= 1;
            w.push(line.no, t, "unknown callhome configuration line");
        }
    }
    if !full && lines == 0 {
        return Err(not_this("no callhome configuration line"));
    }
    if proxy_enable || ch.http_proxy.is_some() {
        let p = ch.http_proxy.get_or_insert_with(HttpProxy::default);
        p.enabled = match (proxy_enable, full) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        };
    }
    if ch.enabled.is_none() && full {
        ch.enabled = Some(false);
    }
    ch.configured = Some(lines > 0);
    Ok(DeviceLicensing {
        version,
        callhome: Some(ch),
        ..Default::default()
    })
}

/// The URL added last (the one a hard-wrapped line continues).
fn last_url(profiles: &mut [CallHomeProfile]) -> Option<&mut String> {
    profiles
        .iter_mut()
        .rev()
        .find_map(|p| p.http_urls.last_mut())
}

/// The part after `destination-profile`: `<name> <setting...>`. `false` when not understood.
fn profile_line(profiles: &mut Vec<CallHomeProfile>, v: &str) -> bool {
    let Ok((rest, name)) = word(v) else {
        return false;
    };
    let rest = rest.trim();
    let i = match profiles.iter().position(|p| p.name == name) {
        Some(i) => i,
        None => {
            profiles.push(CallHomeProfile {
                name: name.to_string(),
                ..Default::default()
            });
            profiles.len() - 1
        }
    };
    let Some(p) = profiles.get_mut(i) else {
        return false;
    };
    // `index <n> http <url>` / `index <n> email-addr <addr>`, or the older forms without index.
    let setting = keywords(rest, &["index"])
        .and_then(|r| word(r).ok())
        .map_or(rest, |(r, _)| r.trim());
    if let Some(m) = keywords(setting, &["transport-method"]) {
        match &mut p.transport_method {
            Some(t) if t != m => {
                t.push_str(", ");
                t.push_str(m);
            }
            Some(_) => {}
            None => p.transport_method = Some(m.to_string()),
        }
    } else if let Some(url) = keywords(setting, &["http"]) {
        if !url.is_empty() {
            p.http_urls.push(url.to_string());
        }
    } else if let Some(addr) = keywords(setting, &["email-addr"]) {
        if !addr.is_empty() {
            p.email_addresses.push(addr.to_string());
        }
    } else if let Some(f) = keywords(setting, &["format"]) {
        p.message_format = Some(f.to_string());
    } else if let Some((label, value)) = ["message-level", "message-size", "alert-group"]
        .iter()
        .find_map(|k| keywords(setting, &[k]).map(|v| (*k, v)))
    {
        add_other(&mut p.other, label, value);
    } else {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn parse(raw: &str) -> Result<(DeviceLicensing, usize), ParseError> {
        let (got, w) = testing::run(running_config, raw);
        Ok((got?, w.len()))
    }

    fn ch(raw: &str) -> CallHome {
        parse(raw)
            .ok()
            .and_then(|(m, _)| m.callhome)
            .unwrap_or_default()
    }

    #[test]
    fn nxos_enable_rule_by_output_kind() {
        let cases = [
            (
                "!Command: show running-config callhome\ncallhome\n  email-contact a@b.c\n",
                Some(false),
            ),
            ("callhome\nemail-contact a@b.c\n", Some(false)),
            ("call home\nenable\n", Some(true)),
            ("email-contact a@b.c\n", None),
            ("transport http use-vrf management\nenable\n", Some(true)),
        ];
        for (raw, want) in cases {
            assert_eq!(ch(raw).enabled, want, "{raw:?}");
        }
    }

    #[test]
    fn nxos_proxy_without_enable_is_recorded_disabled() {
        let c = ch("callhome\n  transport http proxy server 10.1.1.1 port 8080\n  enable\n");
        assert_eq!(
            c.http_proxy,
            Some(HttpProxy {
                host: "10.1.1.1".into(),
                port: Some(8080),
                enabled: Some(false)
            })
        );
        let c = ch(
            "callhome\ntransport http proxy server X.X.X.X port 80\ntransport http proxy enable\n",
        );
        assert_eq!(c.http_proxy.and_then(|p| p.enabled), Some(true));
    }

    #[test]
    fn nxos_proxy_enable_without_server_has_empty_host() {
        let c = ch("callhome\ntransport http proxy enable\n");
        assert_eq!(
            c.http_proxy.map(|p| (p.host, p.enabled)),
            Some((String::new(), Some(true)))
        );
    }

    #[test]
    fn nxos_profiles_urls_and_version() {
        let (m, warns) = parse("version 9.3(4) Bios:version 07.67\ncallhome\n    destination-profile CiscoTAC-1 transport-method http\n    destination-profile CiscoTAC-1 index 1 http http://tools.cisco.com/its/service/oddce/services/DDCEService\n    destination-profile xml index 1 email-addr a@b.c\n    destination-profile CiscoTAC-1 index 2 http\n    destination-profile xml message-level 5\ntransport http use-vrf management\n").unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(m.version.and_then(|v| v.version).as_deref(), Some("9.3(4)"));
        let c = m.callhome.unwrap_or_default();
        assert_eq!(c.vrf.as_deref(), Some("management"));
        assert_eq!(c.profiles.len(), 2);
        assert_eq!(
            c.profiles[0].http_urls,
            ["http://tools.cisco.com/its/service/oddce/services/DDCEService"]
        );
        assert_eq!(c.profiles[0].active, None);
        assert_eq!(c.profiles[1].email_addresses, ["a@b.c"]);
        assert_eq!(
            c.profiles[1].other.get("message-level").map(String::as_str),
            Some("5")
        );
    }

    #[test]
    fn nxos_wrapped_url_is_joined() {
        let head =
            "  destination-profile CiscoTAC-1 index 1 http https://tools.cisco.com/its/servic";
        assert_eq!(head.len(), 80);
        let (m, warns) = parse(&format!(
            "callhome\n{head}\ne/oddce/services/DDCEService\n  enable\n"
        ))
        .unwrap_or_default();
        assert_eq!(warns, 0);
        let c = m.callhome.unwrap_or_default();
        assert_eq!(
            c.profiles[0].http_urls,
            ["https://tools.cisco.com/its/service/oddce/services/DDCEService"]
        );
        assert_eq!(c.enabled, Some(true));
    }

    #[test]
    fn nxos_unrelated_text_is_refused() {
        assert!(parse("interface Ethernet1/1\n  no shutdown\n").is_err());
        assert!(parse("").is_err());
    }
}
