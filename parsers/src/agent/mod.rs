//! The Cisco Smart Licensing agent's outputs, shared by NX-OS and IOS-XE (and 64-bit IOS-XR):
//! `show license status`, `show license all`, `show license summary`, `show license usage`,
//! in both generations (classic Smart Licensing and Smart Licensing Using Policy).
//!
//! The four commands print overlapping sections, so one section-driven grammar reads them all:
//! a line loop keeps the current section (known header names, never indentation), joins values
//! wrapped onto the next line, and hands each `label: value` to the section's field grammar.

mod authorizations;
mod classic;
mod lines;
mod sections;
mod slp;
mod summary;
mod usage;
mod words;

use lines::Logical;
use sections::{bare_header, is_banner_rule, known_header, Section};

use crate::lex::absent::is_absent;
use crate::lex::kv::{join_wrapped, norm, split_kv, WRAP_WIDTH};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::{AuthorizationStatus, Evaluation, Extra, License, LicensingMode};
use crate::{not_this, DeviceLicensing, ParseError};

/// Lines that carry nothing: dashed / `=` rules, author annotations (`<output truncated>`,
/// `<<< ...`, `! ...`).
fn is_noise(t: &str) -> bool {
    (!t.is_empty() && t.chars().all(|c| c == '-' || c == '=' || c == ' '))
        || (t.starts_with('<') && t.ends_with('>') && !t.contains(':') && !is_absent(t))
        || t.starts_with("<<<")
        || t.starts_with("! ")
}

/// `Smart Licensing is ENABLED` / `DISABLED` → the flag.
fn enabled_line(t: &str) -> Option<bool> {
    let rest = t.strip_prefix("Smart Licensing is ")?;
    flag(rest)
}

/// The model under construction plus the walk's context.
struct State {
    /// What the output says so far.
    out: DeviceLicensing,
    /// The current section.
    section: Section,
    /// The current section's header as printed (the `extra` path's first element).
    section_name: String,
    /// Indentation of the header that opened the current section or license block; `None`
    /// before any header. Only a deeper header can be a sub-section of it.
    section_indent: Option<usize>,
    /// Unknown sub-headers open inside the current section: `(indent, label)`. Their fields
    /// are kept as `extra` (or, in a license block, in its `other` map), never handed to the
    /// section's grammar.
    subs: Vec<(usize, String)>,
    /// The current section is an ignored or unknown banner (`Other Info` over `=====`): colon
    /// headers inside it are its own sub-sections, only another banner ends it.
    banner_scope: bool,
    /// `Evaluation Period Remaining:` in seconds.
    eval_remaining: Option<u64>,
    /// A summary table header was seen in the current `License Usage:` section.
    table: bool,
    /// Classic agent evidence (`Smart Licensing is ...`, registration, conversion).
    classic: bool,
    /// SLP evidence (`Utility:`, `Smart Licensing using Policy:`, SLP-only sections).
    slp: bool,
    /// Lines the grammar understood; none means this is not an agent output.
    known: usize,
}

impl State {
    /// The `extra` path of what is printed here: the section header and open sub-headers.
    fn path(&self) -> Vec<String> {
        std::iter::once(self.section_name.clone())
            .filter(|s| !s.is_empty())
            .chain(self.subs.iter().map(|(_, l)| l.clone()))
            .collect()
    }

    /// Keeps a line the model has no typed home for.
    fn keep(&mut self, label: &str, value: &str, line: usize) {
        if self.out.extra.len() > crate::model::extra::MAX_EXTRA {
            // Past the cap only the count grows: no path or text is built.
            crate::model::extra::keep(&mut self.out.extra, Extra::default());
            return;
        }
        let section = self.path();
        crate::model::extra::keep(
            &mut self.out.extra,
            Extra {
                command: None,
                section,
                label: label.trim().to_string(),
                value: value.trim().to_string(),
                line,
            },
        );
    }

    /// Closes the sub-headers a line at `indent` is no longer inside.
    fn close_subs(&mut self, indent: usize) {
        while self.subs.last().is_some_and(|(i, _)| *i >= indent) {
            self.subs.pop();
        }
    }
}

/// `show license status` / `show license all` / `show license summary` / `show license usage`
/// / `show license tech support`.
pub(crate) fn license(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let lines = lines::logical(text);
    let mut st = State {
        out: DeviceLicensing::default(),
        section: Section::None,
        section_name: String::new(),
        section_indent: None,
        subs: Vec::new(),
        banner_scope: false,
        eval_remaining: None,
        table: false,
        classic: false,
        slp: false,
        known: 0,
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        let t = line.text;
        if t.is_empty() || is_noise(t) {
            continue;
        }
        if let Some(on) = enabled_line(t) {
            st.out.smart_licensing_enabled = Some(on);
            st.classic = true;
            st.known += 1;
            continue;
        }
        if st.table {
            let position = u32::try_from(st.out.licenses.len()).unwrap_or(u32::MAX);
            if let Some(row) = summary::row(t, position) {
                st.out.licenses.push(row);
                st.known += 1;
                continue;
            }
        }
        if !st.banner_scope && summary::is_table_header(t) {
            st.table = true;
            st.section = Section::LicenseUsage;
            st.known += 1;
            continue;
        }
        let banner = lines.get(i).is_some_and(|next| is_banner_rule(next.text));
        if let Some(section) = known_header(t) {
            if banner || !st.banner_scope {
                open_section(&mut st, section, t, (line.no, line.indent), banner);
                continue;
            }
        }
        if banner {
            open_unknown(&mut st, t, line, true, w);
            continue;
        }
        let policy_class = bare_header(t).is_some_and(|l| policy_class_here(&st, l));
        if !st.banner_scope && !policy_class {
            if let Some((name, tag)) = usage::header(t) {
                open_license(&mut st, name, tag, None, t, line.indent);
                continue;
            }
        }
        let kv = match bare_header(t) {
            Some(label) => Some((label, "")),
            None => split_kv(t),
        };
        let Some((label, value)) = kv else {
            free_line(&mut st, line, w);
            continue;
        };
        st.close_subs(line.indent);
        if matches!(st.section, Section::LicenseUsage | Section::License) && !st.banner_scope {
            if let Some(handle) = usage::handle(label, value) {
                open_license(&mut st, None, String::new(), Some(handle), t, line.indent);
                continue;
            }
        }
        if value.is_empty() && policy_class_here(&st, label) {
            st.section = Section::Policy;
            field(&mut st, label, "", line.no, w);
            continue;
        }
        let mut value = value.to_string();
        let mut width = line.width;
        let was_empty = value.is_empty();
        while let Some(next) = lines.get(i) {
            if !continues(&value, width, next) {
                break;
            }
            join_wrapped(&mut value, width, next.text);
            width = next.width;
            i += 1;
        }
        if was_empty && value.is_empty() && !claims_header(&st, label) {
            sub_header(&mut st, label, line, w);
            continue;
        }
        if !st.subs.is_empty() {
            keep_in_sub(&mut st, label, &value, line.no);
            continue;
        }
        field(&mut st, label, &value, line.no, w);
    }
    finish(st)
}

/// An empty-valued label in (or right after) the policy section that names a license class.
fn policy_class_here(st: &State, label: &str) -> bool {
    slp::is_policy_class(label)
        && (st.section == Section::Policy || norm(label).contains("perpetual/subscription"))
}

/// Does the current section's grammar know `label:` printed with nothing after it (a
/// sub-header it reads, such as `Proxy:` or `Overall status:`, or a field left empty)?
fn claims_header(st: &State, label: &str) -> bool {
    let n = norm(label);
    if !st.subs.is_empty() {
        return false;
    }
    match st.section {
        Section::Ignored | Section::Unknown => false,
        Section::License => usage::is_typed(label),
        Section::Transport => n == "proxy",
        Section::LicenseAuthorizations => n == "overall status",
        Section::ExportAuthorization => n == "features authorized",
        Section::TrustCode | Section::ProductInformation => n == "ha udi list",
        Section::Registration | Section::Authorization => n == "failure reason",
        _ => n == "trust code installed",
    }
}

/// `Label:` with nothing under it that the section's grammar does not read: a sub-section
/// when it is indented deeper than the section's header, else a new section the model does
/// not know. Either way its lines are kept, and never handed to the enclosing grammar.
fn sub_header(st: &mut State, label: &str, line: &Logical, w: &mut Warnings) {
    let deeper = st.section_indent.is_some_and(|h| line.indent > h);
    if st.section == Section::Ignored || st.section == Section::Unknown || deeper {
        if st.section != Section::License
            && st.section != Section::Ignored
            && st.section != Section::Unknown
        {
            w.push(
                line.no,
                line.text,
                format!("sub-section not modelled in {:?} section; kept", st.section),
            );
        }
        // A license block keeps its sub-sections' fields in `other` under their path.
        if st.section != Section::License {
            st.keep(label, "", line.no);
        }
        st.subs.push((line.indent, label.trim().to_string()));
        return;
    }
    open_unknown(st, line.text, line, false, w);
}

/// A field inside an unknown sub-section: kept in the license block's `other` map (under
/// its path) or as an `extra` entry.
fn keep_in_sub(st: &mut State, label: &str, value: &str, no: usize) {
    if st.section == Section::License {
        if let Some(l) = st.out.licenses.last_mut() {
            let mut key: Vec<&str> = st.subs.iter().map(|(_, s)| s.as_str()).collect();
            key.push(label.trim());
            l.other.insert(key.join(" / "), value.trim().to_string());
            return;
        }
    }
    st.keep(label, value, no);
}

/// Enters a known section; the SLP-only ones are evidence of Smart Licensing Using Policy.
fn open_section(
    st: &mut State,
    section: Section,
    header: &str,
    (no, indent): (usize, usize),
    banner: bool,
) {
    st.section = section;
    st.section_name = header.trim().trim_end_matches(':').trim().to_string();
    st.section_indent = Some(indent);
    st.subs.clear();
    st.banner_scope = banner && section == Section::Ignored;
    st.table = false;
    st.known += 1;
    match section {
        Section::Registration | Section::Conversion => st.classic = true,
        // `Utility:`, `Data Privacy:` and `Transport:` are printed by classic agents too
        // (IOS-XE 16.x/17.1 registered devices): evidence of neither generation.
        Section::Slp
        | Section::Account
        | Section::Policy
        | Section::Miscellaneous
        | Section::UsageReporting => st.slp = true,
        _ => {}
    }
    if section == Section::Ignored || section == Section::ProductInformation {
        keep_header(st, no);
    }
}

/// Keeps the header of a section the model does not type (its own `extra` entry, so that
/// even an empty section leaves a trace).
fn keep_header(st: &mut State, no: usize) {
    let label = st.section_name.clone();
    crate::model::extra::keep(
        &mut st.out.extra,
        Extra {
            command: None,
            section: Vec::new(),
            label,
            value: String::new(),
            line: no,
        },
    );
}

/// Enters a section fleetlic does not know (`Frobnication Report:`, a new banner), closing
/// whatever record was in progress, so its fields land nowhere else.
fn open_unknown(st: &mut State, header: &str, line: &Logical, banner: bool, w: &mut Warnings) {
    st.section = Section::Unknown;
    st.section_name = header.trim().trim_end_matches(':').trim().to_string();
    st.section_indent = Some(line.indent);
    st.subs.clear();
    st.banner_scope = banner;
    st.table = false;
    w.push(
        line.no,
        line.text,
        "section not modelled; its lines are kept as extra",
    );
    keep_header(st, line.no);
}

/// Starts a license block: `(LAN_ENTERPRISE_SERVICES_PKG):`, `name (TAG):`, `Handle: 2`.
fn open_license(
    st: &mut State,
    name: Option<String>,
    tag: String,
    handle: Option<u32>,
    header: &str,
    indent: usize,
) {
    let position = u32::try_from(st.out.licenses.len()).unwrap_or(u32::MAX);
    st.out.licenses.push(License {
        position,
        handle,
        name,
        entitlement_tag: (!tag.is_empty()).then_some(tag),
        ..License::default()
    });
    st.section = Section::License;
    st.section_name = header.trim().trim_end_matches(':').trim().to_string();
    st.section_indent = Some(indent);
    st.subs.clear();
    st.banner_scope = false;
    st.table = false;
    st.known += 1;
}

/// Does `next` continue the value of the field above it? Yes when that value is still empty
/// (`Proxy:` then `Not configured`), when the line above was hard-wrapped at the terminal width,
/// or when `next` is the lone time zone of a wrapped date (`Nov 15 02:51:57 2023` then `UTC`).
/// Never when `next` is itself a field, a header or a license block.
fn continues(value: &str, prev_width: usize, next: &Logical) -> bool {
    let t = next.text;
    if t.is_empty()
        || is_noise(t)
        || split_kv(t).is_some()
        || bare_header(t).is_some()
        || usage::header(t).is_some()
        || known_header(t).is_some()
        || enabled_line(t).is_some()
        || summary::is_table_header(t)
    {
        return false;
    }
    value.is_empty() || prev_width >= WRAP_WIDTH || is_zone_tail(value, t)
}

/// `UTC` under a value ending in a 4-digit year.
fn is_zone_tail(value: &str, t: &str) -> bool {
    let year = value
        .rsplit(' ')
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    year && t.len() <= 5 && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// Hands one `label: value` to the grammar of the current section; unknown labels warn and
/// are kept as `extra`, except in license blocks, whose `other` map keeps them.
fn field(st: &mut State, label: &str, value: &str, no: usize, w: &mut Warnings) {
    let n = norm(label);
    if n == "trust code installed" && !matches!(st.section, Section::Ignored | Section::Unknown) {
        open_section(st, Section::TrustCode, label, (no, 0), false);
        st.section_indent = None;
        st.slp = true;
        // IOS-XE glues the first attribute onto the header:
        // `Trust Code Installed:    Trust Code Type: CSSM`.
        let mut tc = match split_kv(value) {
            Some((inner, _)) if slp::is_trust_attribute(inner) => {
                slp::trust_code_installed("", no, w)
            }
            _ => slp::trust_code_installed(value, no, w),
        };
        if let Some((inner, v)) = split_kv(value).filter(|(l, _)| slp::is_trust_attribute(l)) {
            slp::trust_attribute(&mut tc, inner, v);
        }
        st.out.trust_code = Some(tc);
        return;
    }
    let out = &mut st.out;
    let known = match st.section {
        Section::None if n == "failure reason" => classic::registration(
            out.registration.get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::None | Section::LicenseUsage => false,
        Section::Ignored | Section::Unknown => {
            st.keep(label, value, no);
            st.known += 1;
            return;
        }
        Section::Registration => classic::registration(
            out.registration.get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::Authorization => classic::authorization(
            out.authorization.get_or_insert_with(Default::default),
            &mut st.eval_remaining,
            label,
            value,
            no,
            w,
        ),
        Section::Conversion => classic::conversion(
            out.conversion.get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::ExportAuthorization => authorizations::export_authorization(
            out.export_authorization
                .get_or_insert_with(Default::default),
            label,
            value,
        ),
        Section::LicenseAuthorizations => authorizations::license_authorizations(
            out.license_authorizations
                .get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::ProductInformation => match crate::iosxe::udi::udi_value(value) {
            Some(udi) if n == "udi" => {
                out.udis.push(udi);
                true
            }
            // `HA UDI List:` took its first member as its value (a value on the next line).
            _ if n == "ha udi list" && crate::iosxe::udi::role_udi(value).is_some() => {
                if let Some(member) = crate::iosxe::udi::role_udi(value) {
                    crate::iosxe::udi::add_member(&mut out.udis, member);
                }
                true
            }
            _ => {
                st.keep(label, value, no);
                st.known += 1;
                return;
            }
        },
        Section::Account => classic::account(
            out.registration.get_or_insert_with(Default::default),
            label,
            value,
        ),
        Section::Utility if n == "status" => {
            out.utility_enabled = flag(value);
            true
        }
        Section::Slp if n == "status" => {
            out.smart_licensing_enabled = flag(value);
            true
        }
        Section::Slp if n == "reporting mode" => {
            out.reporting_mode = crate::lex::absent::present(value).map(str::to_string);
            true
        }
        Section::Utility | Section::Slp => false,
        Section::DataPrivacy => slp::data_privacy(
            out.data_privacy.get_or_insert_with(Default::default),
            label,
            value,
        ),
        Section::Transport => {
            slp::transport(
                out.transport.get_or_insert_with(Default::default),
                label,
                value,
                no,
                w,
            );
            true
        }
        Section::Policy => slp::policy(
            out.policy.get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::Miscellaneous if n == "custom id" => {
            out.custom_id = crate::lex::absent::present(value).map(str::to_string);
            true
        }
        Section::Miscellaneous => false,
        Section::UsageReporting => slp::usage_reporting(
            out.usage_reporting.get_or_insert_with(Default::default),
            label,
            value,
            no,
            w,
        ),
        Section::TrustCode => {
            let tc = out.trust_code.get_or_insert_with(Default::default);
            match slp::trust_unit(label, value) {
                Some(unit) => {
                    tc.units.push(unit);
                    true
                }
                None => slp::trust_attribute(tc, label, value),
            }
        }
        Section::License => match out.licenses.last_mut() {
            Some(l) => {
                usage::field(l, label, value, no, w);
                true
            }
            None => false,
        },
    };
    if known {
        st.known += 1;
    } else {
        w.push(
            no,
            &format!("{label}: {value}"),
            format!("unknown field in {:?} section", st.section),
        );
        st.keep(label, value, no);
    }
}

/// A line without a label: the trust-code date under `Active:` / `Standby:`, `No licenses in
/// use`, a line of a section kept as is; else a warning, the line kept, and the license block
/// in progress closed so that what follows is never attached to it.
fn free_line(st: &mut State, line: &Logical, w: &mut Warnings) {
    match st.section {
        Section::ProductInformation => {
            // `HA UDI List:` members: `Active:PID:C9350-48T,SN:FOC2820Y07F`.
            match crate::iosxe::udi::role_udi(line.text) {
                Some(member) => {
                    crate::iosxe::udi::add_member(&mut st.out.udis, member);
                    st.known += 1;
                }
                None => st.keep("", line.text, line.no),
            }
            return;
        }
        Section::Ignored | Section::Unknown => {
            st.keep("", line.text, line.no);
            return;
        }
        Section::TrustCode => {
            let tc = st.out.trust_code.get_or_insert_with(Default::default);
            if slp::trust_date_line(tc, line.text, line.no, w) {
                st.known += 1;
                return;
            }
        }
        Section::LicenseUsage | Section::None
            if norm(line.text).trim_end_matches('.') == "no licenses in use" =>
        {
            st.out.no_licenses_in_use = true;
            st.known += 1;
            return;
        }
        _ => {}
    }
    w.push(line.no, line.text, "line not understood");
    st.keep("", line.text, line.no);
    if st.section == Section::License {
        st.section = Section::Unknown;
        st.section_name.clear();
        st.subs.clear();
    }
}

/// Derives mode and evaluation, or refuses text that showed nothing of the agent.
fn finish(st: State) -> Result<DeviceLicensing, ParseError> {
    if st.known == 0 {
        return Err(not_this(
            "no Smart Licensing agent section or field in the text",
        ));
    }
    let mut out = st.out;
    let auth = out.authorization.as_ref().and_then(|a| a.status.clone());
    let not_applicable = auth == Some(AuthorizationStatus::NotApplicable);
    // CSLU and "off" transports exist only with Smart Licensing Using Policy.
    let slp_transport = out.transport.as_ref().is_some_and(|t| {
        matches!(
            t.kind,
            Some(crate::model::TransportKind::Cslu | crate::model::TransportKind::Off)
        )
    });
    let slp = st.slp || not_applicable || slp_transport || out.trust_code.is_some();
    let classic = st.classic
        || out
            .registration
            .as_ref()
            .is_some_and(|r| r.status.is_some());
    out.mode = if slp {
        Some(LicensingMode::UsingPolicy)
    } else if classic || (auth.is_some() && !not_applicable) {
        Some(LicensingMode::SmartLicensing)
    } else {
        None
    };
    let in_use = auth == Some(AuthorizationStatus::EvalMode);
    let expired = auth == Some(AuthorizationStatus::EvalExpired);
    if in_use || expired || st.eval_remaining.is_some() {
        out.evaluation = Some(Evaluation {
            in_use,
            expired,
            remaining_seconds: st.eval_remaining,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Warning;
    use proptest::prelude::*;

    /// Runs the grammar on raw text; `None` when the text is refused.
    fn run(raw: &str) -> Option<(DeviceLicensing, Vec<Warning>)> {
        let (got, w) = testing::run(license, raw);
        got.ok().map(|d| (d, w))
    }

    const SAMPLE: &str = "sw# show license all\nSmart Licensing is ENABLED\nRegistration:\n  Status: REGISTERED\nLicense Authorization:\n  Status: EVAL MODE\n  Evaluation Period Remaining: 1 days, 2 hours, 0 minutes, 0 seconds\nTransport:\n  Proxy:\n    Not configured\nTrust Code installed: Nov 13 22:36:48 2022 UTC\n  Active: PID: N9K, SN: F1\n    Nov 13 22:36:48 2022 UTC\nLicense Usage:\nLicense  Entitlement tag  Count Status\nLAN... (LAN_PKG) 1 IN USE\n(X_PKG):\n  Status: IN USE(3)\n";

    #[test]
    fn every_truncation_of_a_sample_parses_or_is_refused_without_panic() {
        for (i, _) in SAMPLE.char_indices() {
            let _ = run(SAMPLE.get(..i).unwrap_or(""));
        }
    }

    #[test]
    fn status_sections_decide_the_meaning_of_status() {
        let (d, w) = run(SAMPLE).unwrap_or_else(|| (DeviceLicensing::default(), Vec::new()));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.mode, Some(LicensingMode::UsingPolicy));
        assert_eq!(
            d.registration.and_then(|r| r.status),
            Some(crate::model::RegistrationStatus::Registered)
        );
        assert_eq!(
            d.evaluation.map(|e| (e.in_use, e.remaining_seconds)),
            Some((true, Some(93_600)))
        );
        assert_eq!(d.licenses.len(), 2);
        assert_eq!(d.licenses.get(1).and_then(|l| l.count), None);
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("").is_none());
        assert!(run("hello world\nfoo bar\n").is_none());
    }

    #[test]
    fn a_long_block_header_opens_its_own_record() {
        let name = ["Catalyst Software Subscription Advantage"; 5].join(" ");
        let raw = format!(
            "License Usage\n=============\n\nnetwork-advantage (C9350 Network Advantage):\n  Count: 4\n  License type: Perpetual\n\n{name} (C9350-24 Catalyst Software Subscription Advantage):\n  Count: 2\n  License type: Subscription\n"
        );
        let (d, w) = run(&raw).unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.licenses.len(), 2);
        assert_eq!(d.licenses[0].count, Some(4));
        assert_eq!(d.licenses[0].license_type.as_deref(), Some("Perpetual"));
        assert_eq!(d.licenses[1].name.as_deref(), Some(name.as_str()));
        assert_eq!(d.licenses[1].count, Some(2));
    }

    #[test]
    fn a_line_not_understood_closes_the_record_in_progress() {
        let raw = "(A_PKG):\n  Count: 1\n  Status: IN USE\n%%% garbage here %%%\n  Count: 7\n  Status: NOT IN USE\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert_eq!(d.licenses.len(), 1);
        assert_eq!(d.licenses[0].count, Some(1));
        assert_eq!(
            d.licenses[0].status,
            Some(crate::model::LicenseStatus::InUse)
        );
        assert_eq!(
            w.first().map(|w| (w.line, w.reason.as_str())),
            Some((4, "line not understood"))
        );
        let kept: Vec<(&str, &str, usize)> = d
            .extra
            .iter()
            .map(|e| (e.label.as_str(), e.value.as_str(), e.line))
            .collect();
        assert!(kept.contains(&("", "%%% garbage here %%%", 4)), "{kept:?}");
        assert!(kept.contains(&("Count", "7", 5)), "{kept:?}");
    }

    #[test]
    fn tech_support_handles_are_records_and_measurements_stay_inside_them() {
        let raw = "License Usage\n=============\nHandle: 2\n  License: network-advantage\n  Entitlement Tag: regid.2017-03.com.cisco.advantagek9,1.0_f1\n  Count: 2\n  Status: IN USE(15)\n    Authorized Count: 0\n  Measurements:\n    ENTITLEMENT:\n      Interval: 00:15:00\n      Current Value: 2\n  Soft Enforced: True\n\nHandle: 3\n  License: dna-advantage\n  Count: 0\n  Status: NOT IN USE(1)\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.licenses.len(), 2);
        let a = &d.licenses[0];
        assert_eq!(
            (a.handle, a.name.as_deref(), a.count),
            (Some(2), Some("network-advantage"), Some(2))
        );
        assert_eq!(
            a.entitlement_tag.as_deref(),
            Some("regid.2017-03.com.cisco.advantagek9,1.0_f1")
        );
        assert_eq!(
            a.other
                .get("Measurements / ENTITLEMENT / Interval")
                .map(String::as_str),
            Some("00:15:00")
        );
        assert_eq!(
            a.other.get("Soft Enforced").map(String::as_str),
            Some("True")
        );
        let b = &d.licenses[1];
        assert_eq!((b.handle, b.count), (Some(3), Some(0)));
        assert_eq!(b.status, Some(crate::model::LicenseStatus::NotInUse));
    }

    #[test]
    fn sections_inside_an_ignored_banner_do_not_reopen_known_ones() {
        let raw = "Usage Reporting:\n  Next ACK deadline: Jun 17 15:04:29 2025 UTC\n\nCommunication Statistics:\n=======================\nUsage Reporting:\n  Attempts: Total=0, Success=0, Fail=0\n  Last Response: <none>\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        assert!(d
            .usage_reporting
            .and_then(|u| u.next_ack_deadline)
            .is_some());
        assert!(d.extra.iter().any(|e| e.label == "Attempts"
            && e.section == ["Communication Statistics", "Usage Reporting"]));
    }

    #[test]
    fn tech_support_statistics_and_other_info_are_kept_not_read_as_timers() {
        let raw = "Smart Licensing Tech Support info\n\nSmart Licensing Status\n======================\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n\nCommunication Statistics:\n=======================\nUsage Reporting:\n  Attempts: Total=2, Success=2, Fail=0\n  Last Response: OK_POLL on Feb 27 11:07:40 2024 UTC\n\nOther Info\n==========\nAgent State: authorized\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            d.registration.and_then(|r| r.status),
            Some(crate::model::RegistrationStatus::Registered)
        );
        assert_eq!(d.usage_reporting, None);
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
    fn license_authorizations_banner_is_read_per_member() {
        let raw = "License Authorizations\n======================\nLast Data Push: <none>\nLast File Export: <none>\n\nOverall status:\n  Active: PID:C9350-24U,SN:FOC2705Y8X0\n    Status: NOT INSTALLED\n  Standby: PID:C9350-24U,SN:FOC2705Y8XF\n    Status: INSTALLED on Mar 13 08:09:28 2024 UTC\n\nPurchased Licenses:\n  No Purchase Information Available\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert!(w.is_empty(), "{w:?}");
        let a = d.license_authorizations.unwrap_or_default();
        assert_eq!(a.units.len(), 2);
        assert_eq!(a.units[0].status.as_deref(), Some("NOT INSTALLED"));
        assert_eq!(a.units[1].status.as_deref(), Some("INSTALLED"));
        assert!(a.units[1].at.is_some());
        assert_eq!(a.purchased, ["No Purchase Information Available"]);
    }

    #[test]
    fn unknown_sections_are_kept_and_warned_once() {
        let raw = "Registration:\n  Status: REGISTERED\nFrobnication Report:\n  Status: EXPIRED\n  Level: 3\n";
        let (d, w) = run(raw).unwrap_or_default();
        assert_eq!(
            d.registration.and_then(|r| r.status),
            Some(crate::model::RegistrationStatus::Registered)
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 3);
        assert!(d.extra.iter().any(|e| e.label == "Status"
            && e.value == "EXPIRED"
            && e.section == ["Frobnication Report"]));
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
            let _ = run(&s);
        }

        #[test]
        fn sample_mutations_never_panic(cut in 0usize..400, junk in "[ -~\\t\\r\\n:()<>.]{0,40}") {
            let mut s = SAMPLE.to_string();
            let at = (0..=cut.min(s.len())).rev().find(|p| s.is_char_boundary(*p)).unwrap_or(0);
            s.insert_str(at, &junk);
            let _ = run(&s);
        }
    }
}
