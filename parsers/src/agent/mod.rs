//! The Cisco Smart Licensing agent's outputs, shared by NX-OS and IOS-XE (and 64-bit IOS-XR):
//! `show license status`, `show license all`, `show license summary`, `show license usage`,
//! in both generations (classic Smart Licensing and Smart Licensing Using Policy).
//!
//! The four commands print overlapping sections, so one section-driven grammar reads them all:
//! a line loop keeps the current section (known header names, never indentation), joins values
//! wrapped onto the next line, and hands each `label: value` to the section's field grammar.

mod classic;
mod lines;
mod slp;
mod summary;
mod usage;
mod words;

use lines::Logical;

use crate::lex::absent::is_absent;
use crate::lex::kv::{join_wrapped, norm, split_kv, WRAP_WIDTH};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::{AuthorizationStatus, Evaluation, License, LicensingMode};
use crate::{not_this, DeviceLicensing, ParseError};

/// The section a field belongs to: the last header printed above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any header (document snippets start with a bare field).
    None,
    /// `Registration:`.
    Registration,
    /// `License Authorization:`.
    Authorization,
    /// `Smart License Conversion:`.
    Conversion,
    /// SLP `Utility:`.
    Utility,
    /// SLP `Smart Licensing using Policy:`.
    Slp,
    /// IOS-XE SLP `Account Information:`.
    Account,
    /// SLP `Data Privacy:`.
    DataPrivacy,
    /// SLP `Transport:`.
    Transport,
    /// SLP `Policy:`.
    Policy,
    /// SLP `Miscellaneous:`.
    Miscellaneous,
    /// SLP `Usage reporting:`.
    UsageReporting,
    /// SLP `Trust Code installed:` and its units.
    TrustCode,
    /// `License Usage:` (summary table or, in `show license all`, license blocks).
    LicenseUsage,
    /// Inside a license block `(TAG):`.
    License,
    /// Sections the model has no home for (`Product Information:`, `Agent Version:` ...):
    /// their lines are skipped on purpose.
    Ignored,
}

/// Section headers, compared with [`norm`] and without the colon (IOS-XE `show license all`
/// prints some as banners without one: `License Usage` over `==============`).
const HEADERS: &[(&str, Section)] = &[
    ("registration", Section::Registration),
    ("license authorization", Section::Authorization),
    ("smart license conversion", Section::Conversion),
    ("utility", Section::Utility),
    ("smart licensing using policy", Section::Slp),
    ("account information", Section::Account),
    ("data privacy", Section::DataPrivacy),
    ("transport", Section::Transport),
    ("policy", Section::Policy),
    ("miscellaneous", Section::Miscellaneous),
    ("usage reporting", Section::UsageReporting),
    ("license usage", Section::LicenseUsage),
    ("smart licensing status", Section::None),
    ("product information", Section::Ignored),
    ("agent version", Section::Ignored),
    ("license authorizations", Section::Ignored),
    ("reservation info", Section::Ignored),
    ("other info", Section::Ignored),
    ("usage report summary", Section::Ignored),
    ("upcoming scheduled jobs", Section::Ignored),
    ("device telemetry report summary", Section::Ignored),
];

/// The section a header line opens: `Registration:`, `Smart Licensing Using Policy:`, `License Usage`.
fn section_header(t: &str) -> Option<Section> {
    let bare = t.strip_suffix(':').unwrap_or(t);
    if bare.contains(':') {
        return None;
    }
    let n = norm(bare);
    HEADERS.iter().find(|(h, _)| *h == n).map(|(_, s)| *s)
}

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

/// `show license status` / `show license all` / `show license summary` / `show license usage`.
pub(crate) fn license(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let lines = lines::logical(text);
    let mut st = State {
        out: DeviceLicensing::default(),
        section: Section::None,
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
        if summary::is_table_header(t) {
            st.table = true;
            st.section = Section::LicenseUsage;
            st.known += 1;
            continue;
        }
        if let Some(section) = section_header(t) {
            open_section(&mut st, section);
            continue;
        }
        if let Some((label, value)) = split_kv(t) {
            if value.is_empty() && policy_class_here(&st, label) {
                st.section = Section::Policy;
                field(&mut st, label, "", line.no, w);
                continue;
            }
            if let Some((name, tag)) = value.is_empty().then(|| usage::header(t)).flatten() {
                open_license(&mut st, name, tag);
                continue;
            }
            let mut value = value.to_string();
            let mut width = line.width;
            while let Some(next) = lines.get(i) {
                if !continues(&value, width, next) {
                    break;
                }
                join_wrapped(&mut value, width, next.text);
                width = next.width;
                i += 1;
            }
            field(&mut st, label, &value, line.no, w);
            continue;
        }
        free_line(&mut st, line, w);
    }
    finish(st)
}

/// An empty-valued label in (or right after) the policy section that names a license class.
fn policy_class_here(st: &State, label: &str) -> bool {
    slp::is_policy_class(label)
        && (st.section == Section::Policy || norm(label).contains("perpetual/subscription"))
}

/// Enters a section; the SLP-only ones are evidence of Smart Licensing Using Policy.
fn open_section(st: &mut State, section: Section) {
    st.section = section;
    st.table = false;
    st.known += 1;
    match section {
        Section::Registration | Section::Conversion => st.classic = true,
        Section::Utility
        | Section::Slp
        | Section::Account
        | Section::DataPrivacy
        | Section::Transport
        | Section::Policy
        | Section::Miscellaneous
        | Section::UsageReporting => st.slp = true,
        _ => {}
    }
}

/// Starts a license block: `(LAN_ENTERPRISE_SERVICES_PKG):`.
fn open_license(st: &mut State, name: Option<String>, tag: String) {
    let position = u32::try_from(st.out.licenses.len()).unwrap_or(u32::MAX);
    st.out.licenses.push(License {
        position,
        name,
        entitlement_tag: Some(tag),
        ..License::default()
    });
    st.section = Section::License;
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
        || section_header(t).is_some()
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

/// Hands one `label: value` to the grammar of the current section; unknown labels warn,
/// except in transport and license blocks, which keep them.
fn field(st: &mut State, label: &str, value: &str, no: usize, w: &mut Warnings) {
    let n = norm(label);
    if n == "trust code installed" {
        st.section = Section::TrustCode;
        st.slp = true;
        st.known += 1;
        st.out.trust_code = Some(slp::trust_code_installed(value, no, w));
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
        Section::Ignored => true,
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
        Section::TrustCode => match slp::trust_unit(label, value) {
            Some(unit) => {
                out.trust_code
                    .get_or_insert_with(Default::default)
                    .units
                    .push(unit);
                true
            }
            None => false,
        },
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
    }
}

/// A line without a label: the trust-code date under `Active:` / `Standby:`, else a warning.
fn free_line(st: &mut State, line: &Logical, w: &mut Warnings) {
    if st.section == Section::Ignored {
        return;
    }
    if st.section == Section::TrustCode {
        let tc = st.out.trust_code.get_or_insert_with(Default::default);
        if slp::trust_date_line(tc, line.text, line.no, w) {
            st.known += 1;
            return;
        }
    }
    w.push(line.no, line.text, "line not understood");
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
    let slp = st.slp || not_applicable || out.trust_code.is_some();
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
        assert_eq!(d.licenses.get(1).and_then(|l| l.count), Some(3));
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("").is_none());
        assert!(run("hello world\nfoo bar\n").is_none());
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
