//! Placeholders devices print instead of a value: they mean "absent", never a date or a name.

/// Words that stand for "no value" (compared case-insensitively).
const ABSENT: &[&str] = &[
    "",
    "<none>",
    "<empty>",
    "none",
    "na",
    "n/a",
    "-",
    "--",
    "not available",
    "[not available]",
    "not configured",
    "not yet set up",
    "not set",
    "not applicable",
    "expired not rescheduled",
    "unavailable",
];

/// True when `value` is a placeholder for "absent" (`<none>`, `NA`, `Not Configured` ...).
pub(crate) fn is_absent(value: &str) -> bool {
    let v = value.trim();
    ABSENT.iter().any(|a| v.eq_ignore_ascii_case(a))
}

/// `Some(value)` unless it is a placeholder.
pub(crate) fn present(value: &str) -> Option<&str> {
    let v = value.trim();
    (!is_absent(v)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_absent() {
        for v in [
            "<none>",
            "<empty>",
            "None",
            "NA",
            "n/a",
            "N/A",
            "Not Available",
            "[Not Available]",
            "Not Configured",
            "Not configured",
            "Not yet set up",
            "Expired Not Rescheduled",
            "  ",
        ] {
            assert!(is_absent(v), "{v}");
            assert_eq!(present(v), None);
        }
        assert_eq!(present(" cslu-local "), Some("cslu-local"));
        assert!(!is_absent("Nonetheless"));
    }
}
