//! Spreadsheet-safe text cells: device text (a Smart Account, a version, a failure reason)
//! must never become a live formula when a NOC engineer opens a report in a spreadsheet.
//!
//! Following OWASP's CSV injection advice, a text cell whose first character after leading
//! spaces is `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`,
//! which spreadsheets show as text and never evaluate. A cell that is exactly `-` stays as it
//! is (no formula can start that way). Numbers the product computes (`days_left`, counts,
//! balances) are not text cells: they are written plain, negatives included, so spreadsheets
//! keep sorting and summing them.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (or hide one behind a
/// control character).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `value` as a text cell a spreadsheet shows as text: prefixed with `'` when it could start
/// a formula, unchanged (and not copied) otherwise.
pub fn text(value: &str) -> Cow<'_, str> {
    if value == "-" {
        return Cow::Borrowed(value);
    }
    match value.trim_start_matches(' ').chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// Whether a written cell could be read as a formula: the check the report tests apply to
/// every text cell they read back.
pub fn is_formula_safe(cell: &str) -> bool {
    text(cell) == cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_get_a_leading_quote() {
        for bad in [
            "=HYPERLINK(\"http://x\",\"a\")",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "   =cmd|' /C calc'!A0",
        ] {
            let cell = text(bad);
            assert_eq!(cell, format!("'{bad}"), "{bad:?}");
            assert!(!is_formula_safe(bad));
        }
    }

    #[test]
    fn plain_text_and_a_lone_dash_stay_as_printed() {
        for good in [
            "-",
            "",
            "AUTHORIZED",
            "17.9.4a",
            "a=b",
            "Zürich, 1 - 2",
            " plain",
        ] {
            assert_eq!(text(good), good, "{good:?}");
            assert!(matches!(text(good), Cow::Borrowed(_)));
        }
    }
}
