//! `Label: value` lines: splitting, label comparison, glued and wrapped lines.
//!
//! Labels repeat across sections (`Status:`), so grammars key on `(section, label)`; this
//! module only splits. Values may contain `: ` themselves (JSON failure reasons, `OK: OK`),
//! so the split is at the first colon that ends a label.

/// Physical width at or beyond which a line was probably hard-wrapped by the terminal, so its
/// continuation joins without a space (the wrap split a token).
pub(crate) const WRAP_WIDTH: usize = 79;

/// Splits `Label: value`, `Label : value` (IOS-XR) or `Label:` (header or value on next line).
/// Returns the trimmed label and the trimmed value; `None` when the line is not labelled.
pub(crate) fn split_kv(t: &str) -> Option<(&str, &str)> {
    let bytes = t.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b != b':' {
            continue;
        }
        let after = bytes.get(i + 1).copied();
        if !matches!(after, None | Some(b' ')) {
            // `https://`, `16:15:41`, `PID:N9K`: not the end of a label; keep looking only while
            // the text so far still looks like a label.
            if !looks_like_label(&t[..i]) {
                return None;
            }
            continue;
        }
        let key = t[..i].trim();
        if !looks_like_label(key) {
            return None;
        }
        return Some((key, t[i + 1..].trim()));
    }
    None
}

/// A label is a short phrase with a letter in it, not a URL or a time.
fn looks_like_label(k: &str) -> bool {
    let k = k.trim();
    !k.is_empty()
        && k.len() <= 64
        && k.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '(' || c == '[' || c == '<')
        && !k.contains("://")
        && at_most_8_words(k)
}

/// At most 8 whitespace-separated words (called for every `:` of every line: no iterator
/// of words on the common ASCII path).
fn at_most_8_words(k: &str) -> bool {
    if !k.is_ascii() {
        return k.split_whitespace().nth(8).is_none();
    }
    let mut words = 0;
    let mut in_word = false;
    for b in k.bytes() {
        let blank = b.is_ascii_whitespace();
        if !blank && !in_word {
            words += 1;
            if words > 8 {
                return false;
            }
        }
        in_word = !blank;
    }
    true
}

/// Label comparison: case-insensitive, blanks collapsed.
pub(crate) fn norm(label: &str) -> String {
    // One pass, one allocation: called for every label of every line.
    if label.is_ascii() {
        let single_spaced = !label.starts_with(' ')
            && !label.ends_with(' ')
            && !label.contains("  ")
            && !label.bytes().any(|b| b.is_ascii_whitespace() && b != b' ');
        if single_spaced {
            return label.to_ascii_lowercase();
        }
        let mut out: Vec<u8> = Vec::with_capacity(label.len());
        let mut gap = false;
        for b in label.trim_ascii().bytes() {
            if b.is_ascii_whitespace() {
                gap = true;
                continue;
            }
            if gap {
                out.push(b' ');
                gap = false;
            }
            out.push(b.to_ascii_lowercase());
        }
        // ASCII in, ASCII out: always valid UTF-8.
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// Where a known label starts inside `value` (a line glued to the next without a newline),
/// e.g. `Nov 15 02:51:57 2023 UTCReporting push interval: 30 days`. Labels are compared
/// case-insensitively and must be followed by `:`; a match at position 0 does not count.
pub(crate) fn glued_label(value: &str, labels: &[&str]) -> Option<usize> {
    // A glued label brings its colon: only text just before a colon can be one.
    value
        .match_indices(':')
        .flat_map(|(colon, _)| {
            let head = &value[..colon];
            labels.iter().filter(|l| l.len() >= 6).filter_map(move |l| {
                let start = head.len().checked_sub(l.len())?;
                let tail = head.get(start..)?;
                (start > 0 && tail.eq_ignore_ascii_case(l)).then_some(start)
            })
        })
        .min()
}

/// Appends a continuation line to a value: hard-wrapped lines (physical width ≥ [`WRAP_WIDTH`])
/// split a token and join without a space; others join with one.
pub(crate) fn join_wrapped(value: &mut String, previous_width: usize, next: &str) {
    if !value.is_empty() && previous_width < WRAP_WIDTH {
        value.push(' ');
    }
    value.push_str(next.trim());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_have_at_most_eight_words() {
        assert!(looks_like_label("Next ACK deadline"));
        assert!(looks_like_label("a b c d e f g h"));
        assert!(!looks_like_label("a b c d e f g h i"));
        assert!(!looks_like_label("Évaluation a b c d e f g h"));
        assert!(!looks_like_label("https://x"));
    }

    #[test]
    fn labels_normalise_to_single_spaced_lower_case() {
        assert_eq!(norm("  Next  ACK\tDeadline "), "next ack deadline");
        assert_eq!(norm("Évaluation   Period"), "Évaluation period");
        assert_eq!(norm(""), "");
        assert_eq!(norm("Trust Code installed"), "trust code installed");
    }

    #[test]
    fn split_kv_finds_the_label() {
        assert_eq!(
            split_kv("Status: REGISTERED"),
            Some(("Status", "REGISTERED"))
        );
        assert_eq!(
            split_kv("Requested Time : NA, Requested Count: NA"),
            Some(("Requested Time", "NA, Requested Count: NA"))
        );
        assert_eq!(split_kv("Proxy:"), Some(("Proxy", "")));
        assert_eq!(
            split_kv("Failure reason: {\"timestamp\":[\"The device date\"]}"),
            Some(("Failure reason", "{\"timestamp\":[\"The device date\"]}"))
        );
        assert_eq!(
            split_kv("Last Response Message: OK: OK"),
            Some(("Last Response Message", "OK: OK"))
        );
        assert_eq!(
            split_kv("UDI: PID:N9K-C9504, SN:FOX2308PCEN"),
            Some(("UDI", "PID:N9K-C9504, SN:FOX2308PCEN"))
        );
        assert_eq!(
            split_kv("(LAN_ENTERPRISE_SERVICES_PKG):"),
            Some(("(LAN_ENTERPRISE_SERVICES_PKG)", ""))
        );
    }

    #[test]
    fn split_kv_rejects_unlabelled_lines() {
        assert_eq!(split_kv("https://tools.cisco.com/its"), None);
        assert_eq!(split_kv("16:15:41 2022 UTC"), None);
        assert_eq!(split_kv("Nov 13 22:36:48 2022 UTC"), None);
        assert_eq!(split_kv("no colon here"), None);
    }

    #[test]
    fn glued_labels_are_found() {
        let v = "Nov 15 02:51:57 2023 UTCReporting push interval: 30 days";
        assert_eq!(glued_label(v, &["Reporting push interval"]), Some(24));
        assert_eq!(glued_label("Completed", &["Registration Status"]), None);
        assert_eq!(
            glued_label(
                "Reporting push interval: 30 days",
                &["Reporting push interval"]
            ),
            None
        );
        assert_eq!(
            glued_label(
                "x next ack deadline: y Reporting push interval: z",
                &["Reporting push interval", "Next ACK deadline"]
            ),
            Some(2)
        );
    }

    #[test]
    fn wrapped_values_join() {
        let mut v = "https://smartreceiver.cisco.com/licservice/lic".to_string();
        join_wrapped(&mut v, 80, "ense");
        assert_eq!(v, "https://smartreceiver.cisco.com/licservice/license");
        let mut v = "Nov 15 02:51:57 2023".to_string();
        join_wrapped(&mut v, 40, "UTC");
        assert_eq!(v, "Nov 15 02:51:57 2023 UTC");
    }
}
