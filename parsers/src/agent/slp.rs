//! Smart Licensing Using Policy sections: `Data Privacy:`, `Transport:`, `Policy:`,
//! `Miscellaneous:`, `Usage reporting:` and `Trust Code installed:`.

use super::words;
use crate::lex::absent::{is_absent, present};
use crate::lex::duration::parse_duration;
use crate::lex::kv::norm;
use crate::lex::value::{date_field, flag, number_with_source};
use crate::lex::Warnings;
use crate::model::{
    DataPrivacy, Policy, PolicyClass, PolicyValue, Transport, TrustCode, TrustCodeUnit,
    UsageReporting,
};

/// One `Data Privacy:` field: `Sending Hostname: yes`, `Callhome Hostname Privacy: DISABLED`
/// (IOS-XE nests `Callhome hostname privacy:` under `Sending Hostname:` in lower case).
pub(super) fn data_privacy(d: &mut DataPrivacy, label: &str, value: &str) -> bool {
    match norm(label).as_str() {
        "sending hostname" => d.sending_hostname = flag(value),
        "callhome hostname privacy" => d.callhome_hostname_privacy = flag(value),
        "smart licensing hostname privacy" => d.smart_licensing_hostname_privacy = flag(value),
        "version privacy" => d.version_privacy = flag(value),
        _ => return false,
    }
    true
}

/// One `Transport:` field: `Type: CSLU`, `Cslu address: cslu-local`, `URL: https://...`,
/// `Proxy:` (value `Not configured`, or nested `Address:` / `Port:` / `Username:` /
/// `Password:`), `VRF: cisco`, `Server Identity Check: True`, `Source Interface: Vlan10`.
/// Any other label (`Reporting Mode`, `IP Mode`, `Trust Point` ...) is kept in `other`.
pub(super) fn transport(
    t: &mut Transport,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) {
    match norm(label).as_str() {
        "type" => t.kind = present(value).map(words::transport_kind),
        "cslu address" => t.cslu_address = present(value).map(str::to_string),
        "url" => t.url = present(value).map(str::to_string),
        "proxy" | "address" | "proxy address" => {
            if let Some(v) = present(value) {
                t.proxy_address = Some(v.to_string());
            }
        }
        "port" | "proxy port" => {
            if let Some(v) = present(value) {
                match v.parse::<u16>() {
                    Ok(p) => t.proxy_port = Some(p),
                    Err(_) => w.push(line, v, "proxy port is not a port number"),
                }
            }
        }
        "username" | "password" => {
            t.other
                .insert(format!("Proxy {}", label.trim()), value.trim().to_string());
        }
        "vrf" => t.vrf = present(value).map(str::to_string),
        "source interface" => t.source_interface = present(value).map(str::to_string),
        "server identity check" => t.server_identity_check = flag(value),
        _ => {
            t.other
                .insert(label.trim().to_string(), value.trim().to_string());
        }
    }
}

/// Labels of a policy class: the three reporting requirements.
fn class_field(label: &str) -> Option<fn(&mut PolicyClass) -> &mut Option<PolicyValue>> {
    match label {
        "first report requirement (days)" => Some(|c| &mut c.first_report_days),
        "ongoing reporting frequency (days)" | "reporting frequency (days)" => {
            Some(|c| &mut c.ongoing_reporting_days)
        }
        "on change reporting (days)" | "report on change (days)" => Some(|c| &mut c.on_change_days),
        _ => None,
    }
}

/// A policy class sub-header: `Unenforced/Non-Export:`, `Enforced (Perpetual/Subscription):`,
/// `Export (Perpetual/Subscription):`, IOS-XE `Unenforced/Non-Export Perpetual Attributes:`.
pub(super) fn is_policy_class(label: &str) -> bool {
    let n = norm(label);
    n.starts_with("unenforced")
        || n.starts_with("enforced")
        || n.starts_with("export")
        || n.ends_with("attributes")
}

/// One `Policy:` field or class header: `Policy in use: Merged from multiple sources`,
/// `Reporting ACK required: yes (Customer Policy)`, `First report requirement (days): 90 (Installed)`.
pub(super) fn policy(
    p: &mut Policy,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    let n = norm(label);
    match n.as_str() {
        "policy in use" => p.in_use = present(value).map(str::to_string),
        "policy name" => p.name = present(value).map(str::to_string),
        "reporting ack required" => p.reporting_ack_required = flag(value),
        _ => {
            if let Some(field) = class_field(&n) {
                if p.classes.is_empty() {
                    p.classes.push(PolicyClass::default());
                }
                let parsed = number_with_source(value).map(|(days, source)| PolicyValue {
                    days,
                    source: source.map(str::to_string),
                });
                if parsed.is_none() && !is_absent(value) {
                    w.push(line, value, "policy value is not `<days> (<source>)`");
                }
                if let Some(class) = p.classes.last_mut() {
                    *field(class) = parsed;
                }
            } else if value.is_empty() && is_policy_class(label) {
                p.classes.push(PolicyClass {
                    name: label.trim().to_string(),
                    ..PolicyClass::default()
                });
            } else {
                return false;
            }
        }
    }
    true
}

/// `Reporting push interval: 30 days` / `30  days` / `0 (no reporting)` /
/// `30  days State(2) InPolicy(90)` / `<none>` → days, and what was printed beside them.
fn interval_days(value: &str, line: usize, w: &mut Warnings) -> (Option<u32>, Option<String>) {
    let Some(v) = present(value) else {
        return (None, None);
    };
    if let Some(d) = parse_duration(v).and_then(|s| u32::try_from(s / 86_400).ok()) {
        return (Some(d), None);
    }
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    let number = v.get(..digits).and_then(|n| n.parse::<u32>().ok());
    let rest = v.get(digits..).unwrap_or("").trim_start();
    let rest = ["days", "day"]
        .iter()
        .find_map(|unit| {
            let head = rest.get(..unit.len())?;
            let after = rest.get(unit.len()..)?;
            (head.eq_ignore_ascii_case(unit) && !after.starts_with(char::is_alphanumeric))
                .then_some(after)
        })
        .unwrap_or(rest)
        .trim();
    let note = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest)
        .trim();
    match number {
        Some(d) => (Some(d), present(note).map(str::to_string)),
        None => {
            w.push(line, v, "reporting push interval is not a number of days");
            (None, None)
        }
    }
}

/// One `Usage reporting:` timer, e.g. `Next ACK deadline: Nov 15 02:51:57 2023 UTC`.
pub(super) fn usage_reporting(
    u: &mut UsageReporting,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    match norm(label).as_str() {
        "last ack received" => u.last_ack_received = date_field(value, line, w),
        "next ack deadline" => u.next_ack_deadline = date_field(value, line, w),
        "reporting push interval" => {
            (
                u.reporting_push_interval_days,
                u.reporting_push_interval_note,
            ) = interval_days(value, line, w)
        }
        "next ack push check" => u.next_ack_push_check = date_field(value, line, w),
        "next report push" => u.next_report_push = date_field(value, line, w),
        "last report push" => u.last_report_push = date_field(value, line, w),
        "last report file write" => u.last_report_file_write = date_field(value, line, w),
        _ => return false,
    }
    true
}

/// `Trust Code installed: Nov 13 22:36:48 2022 UTC` / `<none>` / IOS-XE `Trust Code Installed:`
/// with the units below it.
pub(super) fn trust_code_installed(value: &str, line: usize, w: &mut Warnings) -> TrustCode {
    let at = if value.trim().is_empty() {
        None
    } else {
        date_field(value, line, w)
    };
    TrustCode {
        installed: at.is_some() || (!is_absent(value) && !value.trim().is_empty()),
        installed_at: at,
        ..TrustCode::default()
    }
}

/// `PID: N9K-C93180YC-FX3H, SN: FDO26170Q6A` / `PID:C9500-24Y4C,SN:CAT2344L4GH` (a UDI,
/// `VID:` ignored) → the PID and the serial number.
pub(super) fn unit_ids(value: &str) -> (Option<String>, Option<String>) {
    let (mut pid, mut serial) = (None, None);
    for part in value.split(',') {
        let part = part.trim();
        if let Some(p) = part.strip_prefix("PID:") {
            pid = present(p.trim()).map(str::to_string);
        } else if let Some(sn) = part.strip_prefix("SN:") {
            serial = present(sn.trim()).map(str::to_string);
        }
    }
    (pid, serial)
}

/// `Active: PID: N9K-C93180YC-FX3H, SN: FDO26170Q6A` / IOS-XE `Active: PID:C9500-24Y4C,SN:CAT2344L4GH`.
pub(super) fn trust_unit(role: &str, value: &str) -> Option<TrustCodeUnit> {
    let (pid, serial) = unit_ids(value);
    (pid.is_some() || serial.is_some()).then(|| TrustCodeUnit {
        role: role.trim().to_string(),
        pid,
        serial,
        ..TrustCodeUnit::default()
    })
}

/// The labels [`trust_attribute`] reads.
pub(super) fn is_trust_attribute(label: &str) -> bool {
    matches!(norm(label).as_str(), "trust code type" | "attributes")
}

/// `Trust Code Type: CSSM` / `Attributes: <none>` of the trust code or of its last unit.
pub(super) fn trust_attribute(t: &mut TrustCode, label: &str, value: &str) -> bool {
    let v = present(value).map(str::to_string);
    let unit = t.units.last_mut();
    match (norm(label).as_str(), unit) {
        ("trust code type", Some(u)) => u.kind = v,
        ("trust code type", None) => t.kind = v,
        ("attributes", Some(u)) => u.attributes = v,
        ("attributes", None) => t.attributes = v,
        _ => return false,
    }
    true
}

/// `INSTALLED on <date>    Valid on <date>` / `Expired on <date>`: each `<word> on <date>`
/// segment of a line, in order; `None` unless the whole line is made of them.
fn on_segments(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let p = rest.find(" on ")?;
        let word = rest.get(..p)?.trim();
        let after = rest.get(p + 4..)?.trim_start();
        let (tail, _) = crate::lex::date::stamp(after).ok()?;
        let date = after.get(..after.len() - tail.len())?;
        if word.is_empty() || word.contains(char::is_whitespace) {
            return None;
        }
        out.push((word, date));
        rest = tail.trim_start();
    }
    (!out.is_empty()).then_some(out)
}

/// The date line under a trust code unit: `      Nov 13 22:36:48 2022 UTC`,
/// IOS-XE `INSTALLED on Nov 02 05:19:05 2020 UTC`, or `<none>`. `false` when it is none of these.
pub(super) fn trust_date_line(
    t: &mut TrustCode,
    text: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    let segments = match on_segments(text) {
        Some(s) => s,
        None if is_absent(text) => return true,
        None if crate::lex::date::parse_stamp(text).is_some() => vec![("installed", text)],
        None => return false,
    };
    for (word, date_text) in segments {
        let at = date_field(date_text, line, w);
        let word = word.to_ascii_lowercase();
        match (word.as_str(), t.units.last_mut()) {
            ("installed", Some(unit)) => unit.installed_at = at,
            ("installed", None) => t.installed_at = at,
            ("valid", Some(unit)) => unit.valid_from = at,
            ("expired" | "expires", Some(unit)) => unit.expires = at,
            _ => {
                w.push(
                    line,
                    text,
                    format!("trust code date `{word} on` not understood"),
                );
                continue;
            }
        }
        // `INSTALLED on <date>` says installed even when the date's zone is not known.
        if word == "installed" {
            t.installed = true;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::TransportKind;

    #[test]
    fn policy_classes_collect_their_values() {
        let mut w = Warnings::default();
        let mut p = Policy::default();
        let lines = [
            ("Policy in use", "Merged from multiple sources"),
            ("Reporting ACK required", "yes (Customer Policy)"),
            ("Unenforced/Non-Export Perpetual Attributes", ""),
            ("First report requirement (days)", "365 (Customer Policy)"),
            ("Reporting frequency (days)", "0 (Customer Policy)"),
            ("Report on change (days)", "90 (Customer Policy)"),
            ("Export (Perpetual/Subscription)", ""),
            ("On change reporting (days)", "30 (Installed)"),
        ];
        for (i, (l, v)) in lines.iter().enumerate() {
            assert!(policy(&mut p, l, v, i + 1, &mut w), "{l}");
        }
        assert_eq!(p.reporting_ack_required, Some(true));
        assert_eq!(p.classes.len(), 2);
        assert_eq!(
            p.classes[0].name,
            "Unenforced/Non-Export Perpetual Attributes"
        );
        assert_eq!(
            p.classes[0].first_report_days,
            Some(PolicyValue {
                days: 365,
                source: Some("Customer Policy".into())
            })
        );
        assert_eq!(
            p.classes[0].ongoing_reporting_days.as_ref().map(|v| v.days),
            Some(0)
        );
        assert_eq!(
            p.classes[1].on_change_days.as_ref().map(|v| v.days),
            Some(30)
        );
        assert!(w.0.is_empty());
    }

    #[test]
    fn transport_keeps_unknown_fields_and_types_known_ones() {
        let mut w = Warnings::default();
        let mut t = Transport::default();
        transport(&mut t, "Type", "cslu", 1, &mut w);
        transport(&mut t, "Address", "proxy.example.com", 2, &mut w);
        transport(&mut t, "Port", "8080", 3, &mut w);
        transport(&mut t, "Server Identity Check", "True", 4, &mut w);
        transport(&mut t, "Reporting Mode", "Fast", 5, &mut w);
        transport(&mut t, "Proxy", "Not configured", 6, &mut w);
        assert_eq!(t.kind, Some(TransportKind::Cslu));
        assert_eq!(t.proxy_address.as_deref(), Some("proxy.example.com"));
        assert_eq!(t.proxy_port, Some(8080));
        assert_eq!(t.server_identity_check, Some(true));
        assert_eq!(
            t.other.get("Reporting Mode").map(String::as_str),
            Some("Fast")
        );
        assert!(w.0.is_empty());
    }

    #[test]
    fn push_interval_accepts_double_blanks_and_none() {
        let mut w = Warnings::default();
        assert_eq!(interval_days("30 days", 1, &mut w), (Some(30), None));
        assert_eq!(interval_days("30  days", 1, &mut w), (Some(30), None));
        assert_eq!(interval_days("<none>", 1, &mut w), (None, None));
        assert!(w.0.is_empty());
    }

    #[test]
    fn push_interval_keeps_what_is_printed_beside_the_days() {
        let mut w = Warnings::default();
        assert_eq!(
            interval_days("0 (no reporting)", 1, &mut w),
            (Some(0), Some("no reporting".into()))
        );
        assert_eq!(
            interval_days("30  days State(2) InPolicy(90)", 2, &mut w),
            (Some(30), Some("State(2) InPolicy(90)".into()))
        );
        assert!(w.0.is_empty());
        assert_eq!(interval_days("weekly", 3, &mut w), (None, None));
        assert_eq!(w.0.len(), 1);
    }

    #[test]
    fn trust_date_lines_read_installed_valid_and_expired() {
        let mut w = Warnings::default();
        let mut t = TrustCode::default();
        t.units
            .push(trust_unit("Active", "PID:C9350-48T,SN:FOC2820Y07F").unwrap_or_default());
        assert!(trust_date_line(
            &mut t,
            "INSTALLED on Apr 23 15:28:43 2025 UTC    Valid on Apr 23 15:23:40 2025 UTC",
            2,
            &mut w
        ));
        assert!(trust_date_line(
            &mut t,
            "Expired on Apr 25 02:55:41 2033 UTC",
            3,
            &mut w
        ));
        assert!(trust_attribute(&mut t, "Trust Code Type", "CSSM"));
        let u = &t.units[0];
        assert_eq!(u.installed_at, Some(utc(2025, 4, 23, 15, 28, 43)));
        assert_eq!(u.valid_from, Some(utc(2025, 4, 23, 15, 23, 40)));
        assert_eq!(u.expires, Some(utc(2033, 4, 25, 2, 55, 41)));
        assert_eq!(u.kind.as_deref(), Some("CSSM"));
        assert!(t.installed);
        assert!(w.0.is_empty(), "{:?}", w.0);
    }

    #[test]
    fn trust_units_and_their_date_lines() {
        let mut w = Warnings::default();
        let mut t = trust_code_installed("<none>", 1, &mut w);
        assert!(!t.installed);
        let u = trust_unit("Active", "PID:C9500-24Y4C,SN:CAT2344L4GH").unwrap_or_default();
        assert_eq!(u.pid.as_deref(), Some("C9500-24Y4C"));
        assert_eq!(u.serial.as_deref(), Some("CAT2344L4GH"));
        t.units.push(u);
        assert!(trust_date_line(
            &mut t,
            "INSTALLED on Nov 02 05:19:05 2020 UTC",
            2,
            &mut w
        ));
        assert_eq!(t.units[0].installed_at, Some(utc(2020, 11, 2, 5, 19, 5)));
        assert!(t.installed);
        assert!(!trust_date_line(&mut t, "garbage here", 3, &mut w));
    }
}
