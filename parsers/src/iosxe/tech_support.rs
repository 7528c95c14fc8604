//! IOS-XE `show license tech support`.
//!
//! The output is a series of banner sections, each a title over a `=====` rule:
//!
//! ```text
//! Smart Licensing Tech Support info
//!
//! Smart Licensing Status
//! ======================
//! Smart Licensing is ENABLED
//! ...
//! License Usage
//! =============
//! ...
//! Communication Statistics:
//! =======================
//! Usage Reporting:
//!   Attempts: Total=2, Success=2, Fail=0  Ongoing Failure: Overall=0 Communication=0
//! ```
//!
//! The sections `show license all` also prints (status, usage, product information, license
//! authorizations) go to the shared smart agent grammar ([`agent::license`]). The
//! tech-support-only ones (`Communication Statistics`, `Other Info`, `HA Info` ...) must not
//! reach it — `Usage Reporting:` under `Communication Statistics` is not the SLP reporting
//! timers — so they are cut out here and kept in `extra`, with one warning per section.

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::{Line, Text};
use crate::lex::Warnings;
use crate::model::Extra;
use crate::{agent, not_this, DeviceLicensing, ParseError};

/// Banner titles (compared with [`norm`], without a trailing colon) whose section the agent
/// grammar reads.
const AGENT_SECTIONS: &[&str] = &[
    "smart licensing status",
    "license usage",
    "product information",
    "license authorizations",
];

/// The title line of the whole output.
const TITLE: &str = "smart licensing tech support info";

/// Whether `t` is a banner rule (`=====`, possibly followed by blanks).
fn is_rule(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

/// Where the banner sections start: indices into `lines` of the title lines (a non-blank line
/// directly over a rule).
fn banners(lines: &[Line]) -> Vec<usize> {
    lines
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| {
            !pair[0].text.is_empty() && !is_rule(&pair[0].text) && is_rule(&pair[1].text)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The banner title without its colon, normalised.
fn title(t: &str) -> String {
    norm(t.trim().trim_end_matches(':'))
}

/// The tech-support `License Usage` blocks open with a handle, not with the `name (TAG):`
/// header of `show license all`:
///
/// ```text
/// Handle: 1
///   License: network-advantage
///   Entitlement Tag: regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-...
///   Count: 1
/// ```
///
/// Each block is rewritten to the `show license all` form the agent grammar reads — the
/// header `network-advantage (network-advantage):` numbered like the `Handle:` line, then
/// `Handle: 1` (kept in the license's `other`) — and the `License:` line the header now
/// carries is dropped. The `Entitlement Tag:` line stays (a `regid...` tag is too long for a
/// header label) and [`tag_from_other`] moves it to the license's tag afterwards. (A hook for
/// the agent grammar to read handle blocks itself would make this rewrite unnecessary.)
fn handle_blocks<'a>(section: &[Line<'a>]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(section.len());
    let mut i = 0;
    while let Some(line) = section.get(i) {
        i += 1;
        let is_handle = split_kv(&line.text).is_some_and(|(k, _)| norm(k) == "handle");
        if !is_handle {
            out.push(line.clone());
            continue;
        }
        let end = section[i..]
            .iter()
            .position(|l| {
                l.text.is_empty() || split_kv(&l.text).is_some_and(|(k, _)| norm(k) == "handle")
            })
            .map_or(section.len(), |p| p + i);
        let block = section.get(i..end).unwrap_or_default();
        let value_of = |label: &str| {
            block.iter().find_map(|l| {
                split_kv(&l.text)
                    .filter(|(k, v)| norm(k) == label && !v.is_empty())
                    .map(|(_, v)| (l.no, v.to_string()))
            })
        };
        let Some((license_no, name)) = value_of("license") else {
            out.push(line.clone());
            continue;
        };
        let header = format!("{name} ({name}):");
        out.push(Line {
            no: line.no,
            indent: 0,
            text: header.into(),
            width: 0,
        });
        out.push(line.clone());
        out.extend(block.iter().filter(|l| l.no != license_no).cloned());
        i = end;
    }
    out
}

/// Sets the entitlement tag of the licenses read from handle blocks ([`handle_blocks`]) from
/// their `Entitlement Tag:` field.
fn tag_from_other(out: &mut DeviceLicensing) {
    for l in &mut out.licenses {
        if !l.other.contains_key("Handle") {
            continue;
        }
        if let Some(tag) = l.other.remove("Entitlement Tag") {
            l.entitlement_tag = Some(tag);
        }
    }
}

/// `show license tech support`: agent sections through [`agent::license`], the others kept
/// in `extra` (label and value per line, under the banner title).
pub(crate) fn tech_support(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let starts = banners(&text.lines);
    if starts.is_empty() {
        // A cut without banners: whatever it is, the agent grammar decides.
        return agent::license(text, w);
    }
    let mut agent_lines: Vec<Line> = Vec::new();
    let mut extra: Vec<Extra> = Vec::new();
    // Before the first banner: the title line and blanks go nowhere, anything else to the agent.
    for line in text.lines.iter().take(starts[0]) {
        if title(&line.text) != TITLE {
            agent_lines.push(line.clone());
        }
    }
    let mut ends: Vec<usize> = starts.iter().skip(1).copied().collect();
    ends.push(text.lines.len());
    for (&start, &end) in starts.iter().zip(&ends) {
        let Some(section) = text.lines.get(start..end) else {
            continue;
        };
        let Some(head) = section.first() else {
            continue;
        };
        let t = title(&head.text);
        if t == "license usage" {
            agent_lines.extend(handle_blocks(section));
            continue;
        }
        if AGENT_SECTIONS.contains(&t.as_str()) {
            agent_lines.extend(section.iter().cloned());
            continue;
        }
        let name = head.text.trim().trim_end_matches(':').to_string();
        let mut kept = 0usize;
        let mut sub: Option<String> = None;
        for line in section.iter().skip(2) {
            let t = line.text.trim();
            if t.is_empty() || is_rule(t) {
                continue;
            }
            let (label, value) = split_kv(t).unwrap_or(("", t));
            let mut path = vec![name.clone()];
            if value.is_empty() && !label.is_empty() {
                // `Usage Reporting:` over its counters: a sub-section header.
                sub = Some(label.to_string());
            } else if let Some(s) = sub.as_ref().filter(|_| line.indent > 0) {
                path.push(s.clone());
            }
            extra.push(Extra {
                command: None,
                section: path,
                label: label.to_string(),
                value: value.to_string(),
                line: line.no,
            });
            kept += 1;
        }
        if kept > 0 {
            w.push(
                head.no,
                &head.text,
                format!("tech-support section not modelled; {kept} lines kept in extra"),
            );
        }
    }
    let agent_text = Text {
        lines: agent_lines,
        hostname: text.hostname.clone(),
        clock: text.clock.clone(),
    };
    let mut out = match agent::license(&agent_text, w) {
        Ok(out) => out,
        Err(_) if !extra.is_empty() => DeviceLicensing::default(),
        Err(_) => return Err(not_this("no smart licensing tech support section")),
    };
    tag_from_other(&mut out);
    out.extra.extend(extra);
    out.extra.sort_by_key(|e| e.line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegistrationStatus;
    use crate::testing;

    const RAW: &str = "Smart Licensing Tech Support info\n\nSmart Licensing Status\n======================\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n\nCommunication Statistics:\n=======================\nUsage Reporting:\n  Attempts: Total=2, Success=2, Fail=0\n  Last Response: OK_POLL on Feb 27 11:07:40 2024 IST\n\nOther Info\n==========\nAgent State: authorized\n";

    #[test]
    fn iosxe_tech_support_agent_sections_parse_and_others_go_to_extra() {
        let (got, warnings) = testing::run(tech_support, RAW);
        let d = got.unwrap_or_default();
        assert_eq!(
            d.registration.and_then(|r| r.status),
            Some(RegistrationStatus::Registered)
        );
        // `Usage Reporting:` of the statistics is not the SLP timers section.
        assert_eq!(d.usage_reporting, None);
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [11, 17], "{warnings:?}");
        let attempts = d.extra.iter().find(|e| e.label == "Attempts");
        assert_eq!(
            attempts.map(|e| (e.section.clone(), e.line)),
            Some((
                vec![
                    "Communication Statistics".to_string(),
                    "Usage Reporting".to_string()
                ],
                14
            ))
        );
        assert!(d
            .extra
            .iter()
            .any(|e| e.label == "Agent State" && e.value == "authorized"));
    }

    #[test]
    fn iosxe_tech_support_handle_blocks_are_licenses() {
        let raw = "License Usage\n=============\nHandle: 1\n  License: network-advantage\n  Entitlement Tag: regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53\n  Count: 2\n  Status: IN USE\nHandle: 2\n  License: dna-advantage\n  Count: 1\n";
        let (got, warnings) = testing::run(tech_support, raw);
        let d = got.unwrap_or_default();
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<_> = d
            .licenses
            .iter()
            .map(|l| (l.name.as_deref(), l.entitlement_tag.as_deref(), l.count))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("network-advantage"),
                    Some("regid.2017-03.com.cisco.advantagek9,1.0_bd1da96e-ec1d-412b-a50e-53846b347d53"),
                    Some(2)
                ),
                (Some("dna-advantage"), Some("dna-advantage"), Some(1)),
            ]
        );
        assert_eq!(
            d.licenses[0].other.get("Handle").map(String::as_str),
            Some("1")
        );
    }

    #[test]
    fn iosxe_tech_support_unrelated_text_is_refused() {
        assert!(testing::run(tech_support, "hello\nworld\n").0.is_err());
        assert!(testing::run(tech_support, "").0.is_err());
    }
}
