//! IOS-XE `show call-home` and `show call-home detail`.

use crate::lex::absent::present;
use crate::lex::callhome::add_other;
use crate::lex::callhome::profile::ProfileBlock;
use crate::lex::callhome::words::{http_proxy, profile_status, SETTINGS_KEPT};
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::{CallHome, Extra};
use crate::{not_this, DeviceLicensing, ParseError};

/// Which feature the `Profile: X (status: Y)` line under it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// No feature line above.
    None,
    /// `Diagnostic signature: enabled`.
    DiagnosticSignature,
    /// `Smart licensing messages: enabled`.
    SmartLicensing,
}

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `Current call home settings:`.
    Settings,
    /// The `Available alert groups:` table (until a blank line).
    AlertGroups,
    /// `Profiles:` (profile names, and in `detail` the full profile blocks).
    Profiles,
}

/// `show call-home` and `show call-home detail`: the global settings, the smart-licensing
/// profile, the alert groups, and the profiles (names only in `show call-home`, full blocks
/// read by [`ProfileBlock`] in `detail`).
///
/// ```text
/// Current call home settings:
///     call home feature : enable
///     vrf for call-home messages: Not yet set up
///     contact person's email address: sch-smart-licensing@cisco.com
///     source interface: Not yet set up
///     Mail-server[1]: Address: ott-ads-035 Priority: 1 Secure: none
///     http proxy: Not yet set up
///     Diagnostic signature: enabled
///     Profile: CiscoTAC-1 (status: ACTIVE)
///     Smart licensing messages: enabled
///     Profile: CiscoTAC-1 (status: ACTIVE)
/// Available alert groups:
///     Keyword                  State   Description
///     configuration            Enable  configuration info
/// Profiles:
///     Profile Name: CiscoTAC-1
/// ```
///
/// The profile named under `Smart licensing messages` is kept as `other["smart licensing
/// profile"]`, the one under `Diagnostic signature` as `other["diagnostic signature
/// profile"]`; alert groups as `other["alert-group <keyword>"] = <state>`. Unknown lines go to
/// `extra` with a warning.
pub(crate) fn show(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut ch = CallHome::default();
    let mut block = ProfileBlock::default();
    let mut extra = Vec::new();
    let mut known = 0usize;
    let mut part = Part::Settings;
    let mut owner = Owner::None;
    let mut section: Vec<String> = Vec::new();
    for line in &text.lines {
        let t = &*line.text;
        if t.is_empty() {
            if part == Part::AlertGroups {
                part = Part::Settings;
            }
            if part == Part::Profiles {
                block.line(line, t, w);
            }
            continue;
        }
        if part == Part::AlertGroups {
            if let Some((keyword, state)) = alert_group(t) {
                add_other(&mut ch.other, &format!("alert-group {keyword}"), state);
            }
            known += 1;
            continue;
        }
        let owner_above = std::mem::replace(&mut owner, Owner::None);
        if let Ok((_, (name, status))) = profile_status(t) {
            let key = match owner_above {
                Owner::DiagnosticSignature => Some("diagnostic signature profile"),
                Owner::SmartLicensing => Some("smart licensing profile"),
                Owner::None => None,
            };
            if let Some(key) = key {
                add_other(&mut ch.other, key, name);
            }
            if flag(status).is_none() {
                w.push(line.no, t, "unknown call-home profile status");
            }
        }
        if block.line(line, t, w) {
            known += 1;
            continue;
        }
        let Some((label, v)) = split_kv(t) else {
            unknown(&mut extra, &section, line.no, "", t, w);
            continue;
        };
        let key = norm(label);
        match key.as_str() {
            "current call home settings" => {
                part = Part::Settings;
                section = vec![label.to_string()];
            }
            "available alert groups" => {
                part = Part::AlertGroups;
                section = vec![label.to_string()];
            }
            "profiles" => {
                part = Part::Profiles;
                section = vec![label.to_string()];
            }
            "http secure" if v.is_empty() => {}
            "call home feature" => ch.enabled = flag(v),
            "vrf for call-home messages" => ch.vrf = present(v).map(str::to_string),
            "contact person's email address" => ch.contact_email = present(v).map(str::to_string),
            "source interface" => ch.source_interface = present(v).map(str::to_string),
            "http proxy" => ch.http_proxy = http_proxy(v),
            "smart licensing messages" => {
                ch.smart_licensing_messages = flag(v);
                owner = Owner::SmartLicensing;
            }
            k => match SETTINGS_KEPT
                .iter()
                .find(|(n, _)| *n == k || k.starts_with(&format!("{n}[")))
            {
                Some((n, stored)) => {
                    if *n == "diagnostic signature" {
                        owner = Owner::DiagnosticSignature;
                    }
                    // `Mail-server[2]` keeps its index.
                    let stored = if k.len() > n.len() { label } else { stored };
                    if let Some(v) = present(v) {
                        add_other(&mut ch.other, stored, v);
                    }
                }
                None => {
                    unknown(&mut extra, &section, line.no, label, v, w);
                    continue;
                }
            },
        }
        known += 1;
    }
    if known == 0 {
        return Err(not_this("no call-home setting"));
    }
    ch.profiles = block.profiles;
    Ok(DeviceLicensing {
        callhome: Some(ch),
        extra,
        ..Default::default()
    })
}

/// A row of the `Available alert groups:` table: `(keyword, state)`; `None` for the column
/// header and the rule under it.
fn alert_group(t: &str) -> Option<(&str, &str)> {
    let mut words = t.split_whitespace();
    let keyword = words.next()?;
    let state = words.next()?;
    let header = keyword.eq_ignore_ascii_case("keyword") || keyword.starts_with("---");
    (!header).then_some((keyword, state))
}

/// Keeps a line the grammar does not know in `extra` and warns about it.
fn unknown(
    extra: &mut Vec<Extra>,
    section: &[String],
    no: usize,
    label: &str,
    value: &str,
    w: &mut Warnings,
) {
    let printed = if label.is_empty() {
        value.to_string()
    } else {
        format!("{label}: {value}")
    };
    w.push(no, &printed, "unknown call-home line; kept in extra");
    extra.push(Extra {
        command: None,
        section: section.to_vec(),
        label: label.to_string(),
        value: value.to_string(),
        line: no,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn parse(raw: &str) -> Result<(CallHome, usize), ParseError> {
        testing::callhome(show, raw)
    }

    const SETTINGS: &str = "Current call home settings:\n    call home feature : enable\n    vrf for call-home messages: Mgmt-vrf\n    contact person's email address: noc@example.com\n    source interface: GigabitEthernet0/0\n    Mail-server[1]: Address: mx1 Priority: 1 Secure: none\n    http proxy: 10.0.0.1 port 3128\n    http secure:\n      server identity check: enabled\n    Diagnostic signature: enabled\n    Profile: diag (status: INACTIVE)\n\n    Smart licensing messages: enabled\n    Profile: CiscoTAC-1 (status: ACTIVE)\n\nAvailable alert groups:\n    Keyword                  State   Description\n    ------------------------ ------- ------------\n    crash                    Enable  crash and traceback info\n\nProfiles:\n    Profile Name: CiscoTAC-1\n    Profile Name: diag\n";

    #[test]
    fn iosxe_show_call_home_settings() {
        let (ch, warns) = parse(SETTINGS).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(true));
        assert_eq!(ch.vrf.as_deref(), Some("Mgmt-vrf"));
        assert_eq!(ch.contact_email.as_deref(), Some("noc@example.com"));
        assert_eq!(ch.source_interface.as_deref(), Some("GigabitEthernet0/0"));
        assert_eq!(
            ch.http_proxy.map(|p| (p.host, p.port)),
            Some(("10.0.0.1".to_string(), Some(3128)))
        );
        assert_eq!(ch.smart_licensing_messages, Some(true));
        let other = |k: &str| ch.other.get(k).map(String::as_str);
        assert_eq!(other("smart licensing profile"), Some("CiscoTAC-1"));
        assert_eq!(other("diagnostic signature profile"), Some("diag"));
        assert_eq!(
            other("Mail-server[1]"),
            Some("Address: mx1 Priority: 1 Secure: none")
        );
        assert_eq!(other("alert-group crash"), Some("Enable"));
        let profiles: Vec<_> = ch
            .profiles
            .iter()
            .map(|p| (p.name.as_str(), p.active))
            .collect();
        assert_eq!(
            profiles,
            [("diag", Some(false)), ("CiscoTAC-1", Some(true))]
        );
    }

    #[test]
    fn iosxe_show_call_home_detail_profile_block() {
        let raw = "Current call home settings:\n    call home feature : disable\n    http proxy: Not yet set up\nProfiles:\n\nProfile Name: CiscoTAC-1\n    Profile status: INACTIVE\n    Transport Method: http\n    HTTP address(es): https://tools.cisco.com/its/service/oddce/services/DDCEService\n\n    Alert-group               Severity\n    ------------------------  ------------\n    crash                     debugging\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(false));
        assert_eq!(ch.http_proxy, None);
        assert_eq!(ch.profiles[0].active, Some(false));
        assert_eq!(ch.profiles[0].transport_method.as_deref(), Some("http"));
        assert_eq!(ch.profiles[0].http_urls.len(), 1);
    }

    #[test]
    fn iosxe_show_call_home_unknown_field_goes_to_extra() {
        let raw =
            "Current call home settings:\n    call home feature : enable\n    quantum relay: on\n";
        let (got, warnings) = testing::run(show, raw);
        let d = got.unwrap_or_default();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 3);
        assert_eq!(d.extra[0].label, "quantum relay");
        assert_eq!(d.extra[0].section, ["Current call home settings"]);
    }

    #[test]
    fn iosxe_show_call_home_unrelated_text_is_refused() {
        assert!(parse("hello world\nnothing here\n").is_err());
    }
}
