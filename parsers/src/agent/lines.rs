//! Logical lines of an agent output: two fields glued without a newline are split again,
//! and the label vocabulary the split needs.

use crate::lex::kv::{glued_label, split_kv};
use crate::lex::text::Text;

/// One logical line: a cleaned physical line, or a piece of a glued one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Logical<'a> {
    /// Line number in the raw text.
    pub(super) no: usize,
    /// Trimmed text, borrowed from the cleaned line.
    pub(super) text: &'a str,
    /// Physical width of the line this piece ends (for hard-wrap detection).
    pub(super) width: usize,
    /// Leading spaces of the physical line (a hint: document copies lose indentation).
    pub(super) indent: usize,
}

/// Labels and headers long enough to be found inside a glued line
/// (`Nov 15 02:51:57 2023 UTCReporting push interval: 30 days`).
const GLUE_LABELS: &[&str] = &[
    "Smart Account",
    "Virtual Account",
    "Export-Controlled Functionality",
    "Initial Registration",
    "Last Renewal Attempt",
    "Next Renewal Attempt",
    "Next Registration Attempt",
    "Registration Expires",
    "Evaluation Period Remaining",
    "Last Communication Attempt",
    "Next Communication Attempt",
    "Communication Deadline",
    "Automatic Conversion Enabled",
    "License Authorization",
    "Smart License Conversion",
    "Smart Licensing using Policy",
    "Data Privacy",
    "Sending Hostname",
    "Callhome Hostname Privacy",
    "Smart Licensing Hostname Privacy",
    "Version Privacy",
    "Cslu address",
    "Policy in use",
    "Reporting ACK required",
    "First report requirement (days)",
    "Ongoing reporting frequency (days)",
    "On change reporting (days)",
    "Report on change (days)",
    "Miscellaneous",
    "Usage reporting",
    "Last ACK received",
    "Next ACK deadline",
    "Reporting push interval",
    "Next ACK push check",
    "Next report push",
    "Last report push",
    "Last report file write",
    "Trust Code installed",
    "Trust Code Type",
    "Enforcement Type",
];

/// Splits the cleaned lines into logical lines. A labelled line whose value contains another
/// known label followed by `:` is cut there (free-text `Failure reason:` values are left alone).
pub(super) fn logical<'t>(text: &'t Text<'_>) -> Vec<Logical<'t>> {
    let mut out = Vec::with_capacity(text.lines.len());
    for line in &text.lines {
        let mut rest = &*line.text;
        // Each cut moves strictly forward, so this ends; the bound is a second guard.
        for _ in 0..16 {
            let cut = match split_kv(rest) {
                Some((label, value)) if !label.eq_ignore_ascii_case("failure reason") => {
                    let offset = rest.len() - value.len();
                    glued_label(value, GLUE_LABELS)
                        .map(|p| offset + p)
                        .filter(|p| *p > 0 && rest.is_char_boundary(*p))
                }
                _ => None,
            };
            match cut.and_then(|p| Some((rest.get(..p)?, rest.get(p..)?))) {
                Some((head, tail)) => {
                    out.push(Logical {
                        no: line.no,
                        text: head.trim(),
                        width: 0,
                        indent: line.indent,
                    });
                    rest = tail;
                }
                None => break,
            }
        }
        out.push(Logical {
            no: line.no,
            text: rest.trim(),
            width: line.width,
            indent: line.indent,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::text::prepare;

    #[test]
    fn glued_fields_are_split_again() {
        let t = prepare(
            "  Next ACK deadline: Nov 15 02:51:57 2023 UTCReporting push interval: 30 days\n",
        )
        .unwrap_or_default();
        let l = logical(&t);
        let texts: Vec<&str> = l.iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "Next ACK deadline: Nov 15 02:51:57 2023 UTC",
                "Reporting push interval: 30 days"
            ]
        );
        assert_eq!(l[1].no, 1);
    }

    #[test]
    fn failure_reasons_are_never_cut() {
        let t = prepare("Failure reason: Description: bad Smart Account: x\n").unwrap_or_default();
        assert_eq!(logical(&t).len(), 1);
    }
}
