//! NX-OS `show callhome`.

use crate::lex::absent::present;
use crate::lex::callhome::add_other;
use crate::lex::callhome::words::{keywords, tight_kv};
use crate::lex::text::Text;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::CallHome;
use crate::{not_this, DeviceLicensing, ParseError};

/// Labels NX-OS prints, some with no blank after the colon.
const LABELS: &[&str] = &[
    "contact person name(sysContact)",
    "contact person's email",
    "contact person's phone number",
    "street addr",
    "site id",
    "customer id",
    "contract id",
    "switch priority",
    "duplicate message throttling",
    "periodic inventory time-period",
    "periodic inventory timeofday",
    "periodic inventory",
    "Distribution of callhome configuration data using CFS",
    "Distribution",
];

/// `show callhome`.
///
/// ```text
/// callhome enabled
/// Callhome Information:
/// contact person name(sysContact):noc
/// contact person's email:noc@example.com
/// contact person's phone number:+1-408-555-0100
/// street addr:1 Main St
/// site id:
/// switch priority:7
/// duplicate message throttling : enabled
/// periodic inventory : enabled
/// periodic inventory time-period : 7 days
/// periodic inventory timeofday : 08:00 (HH:MM)
/// Distribution of callhome configuration data using CFS : disabled
/// ```
///
/// `callhome enabled|disabled` gives `enabled`; the contact e-mail is typed, the other fields
/// are kept in `other` (empty values dropped). Lines that look like `label: value` with an
/// unknown label warn; anything else too.
pub(crate) fn show_callhome(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut ch = CallHome::default();
    let mut known = 0usize;
    for line in &text.lines {
        let t = &*line.text;
        if t.is_empty() {
            continue;
        }
        if let Some(v) = keywords(t, &["callhome"]).or_else(|| keywords(t, &["call", "home"])) {
            if let Some(on) = flag(v) {
                ch.enabled = Some(on);
                known += 1;
                continue;
            }
        }
        if t.eq_ignore_ascii_case("Callhome Information:") {
            known += 1;
            continue;
        }
        match tight_kv(t, LABELS) {
            Some(("contact person's email", v)) => {
                ch.contact_email = present(v).map(str::to_string);
                known += 1;
            }
            Some((label, v)) => {
                if let Some(v) = present(v) {
                    add_other(&mut ch.other, label, v);
                }
                known += 1;
            }
            None => w.push(line.no, t, "unknown show callhome line"),
        }
    }
    if known == 0 {
        return Err(not_this("no show callhome field"));
    }
    ch.configured = Some(true);
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
        testing::callhome(show_callhome, raw)
    }

    #[test]
    fn nxos_show_callhome_known_answers() {
        let raw = "n9k# show callhome\ncallhome disabled\nCallhome Information:\ncontact person name(sysContact):noc\ncontact person's email:noc@example.com\nsite id:\nperiodic inventory : enabled\nperiodic inventory time-period : 7 days\nDistribution of callhome configuration data using CFS : disabled\n";
        let (ch, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        assert_eq!(ch.enabled, Some(false));
        assert_eq!(ch.contact_email.as_deref(), Some("noc@example.com"));
        assert_eq!(
            ch.other.get("periodic inventory").map(String::as_str),
            Some("enabled")
        );
        assert_eq!(
            ch.other
                .get("periodic inventory time-period")
                .map(String::as_str),
            Some("7 days")
        );
        assert!(!ch.other.contains_key("site id"));
    }

    #[test]
    fn nxos_show_callhome_unknown_field_warns() {
        let (ch, warns) = parse("callhome enabled\nfrobnicate level:3\n").unwrap_or_default();
        assert_eq!((ch.enabled, warns), (Some(true), 1));
        assert!(parse("foo\nbar\n").is_err());
    }
}
