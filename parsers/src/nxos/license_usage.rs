//! NX-OS traditional licensing `show license usage`: the feature table printed by releases and
//! boxes without Smart Licensing (Nexus 3000/5000/7000/9000 with license files), samples
//! `samples/nxos/show_license_usage/trad_*`.
//!
//! ```text
//! Feature                      Ins  Lic   Status Expiry Date Comments
//!                                  Count
//! --------------------------------------------------------------------------------
//! MPLS_PKG                      No    -   Unused             -
//! ENTERPRISE_PKG                Yes   -   In use never       -
//! LAN_ADVANCED_SERVICES_PKG     No    -   In use             Grace 89D 22H
//! LAN_ENTERPRISE_SERVICES_PKG   Yes   -   Unused 30 Sep 2027  -
//! --------------------------------------------------------------------------------
//! ```
//!
//! Rows are read by shape, left to right, with the vocabulary of each column: the feature name,
//! `Yes`/`No`, a number or `-`, `In use`/`Unused`, a date / `never` / `-`, and the rest is the
//! comment (`Grace 89D 22H`, `Grace Expired`, `-`). Gaps may be a single space and cells may be
//! blank; the header's column positions are the hint for where a cell of unknown words ends
//! (an unknown status, an expiry that is not a date). Releases with Smart Licensing print the agent layout
//! instead; [`is_table`] tells them apart.

use chrono::NaiveDate;
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while_m_n};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, map_res, opt};
use nom::multi::many1;
use nom::sequence::terminated;
use nom::Parser;

use crate::lex::text::{Line, Text};
use crate::lex::{PResult, Warnings};
use crate::model::{Extra, FeatureExpiry, FeatureStatus, LicensingMode, TraditionalFeature};
use crate::{not_this, DeviceLicensing, ParseError};

/// A cell boundary may be off by this many columns from the header word above it (the header
/// is not exactly aligned with the rows: `Ins` sits one column left of `Yes`).
const SLACK: usize = 2;

/// Column starts taken from the header line (absolute columns, indent included).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    /// Where `Expiry` starts.
    expiry: usize,
    /// Where `Comments` starts, when printed.
    comments: Option<usize>,
    /// The header words, single-spaced (the section name of kept lines).
    name: String,
}

/// One blank-separated word of a line with its absolute column and byte offset in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token<'a> {
    /// Absolute column (indent plus offset).
    col: usize,
    /// Byte offset in the trimmed text.
    at: usize,
    /// The word.
    word: &'a str,
}

/// The words of `line` with their positions.
fn tokens<'a>(line: &Line<'a>, text: &'a str) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                if let Some(word) = text.get(s..i) {
                    out.push(Token {
                        col: line.indent + s,
                        at: s,
                        word,
                    });
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// The table header `Feature  Ins  Lic  Status  Expiry Date  Comments` (`Lic Count` may be
/// split over two lines): the column positions, or `None` for any other line.
fn header(line: &Line<'_>) -> Option<Columns> {
    let text: &str = &line.text;
    let toks = tokens(line, text);
    let find = |w: &str| toks.iter().find(|t| t.word.eq_ignore_ascii_case(w));
    let first = toks.first()?;
    if !first.word.eq_ignore_ascii_case("feature") {
        return None;
    }
    let (ins, lic, status, expiry) = (find("ins")?, find("lic")?, find("status")?, find("expiry")?);
    if !(ins.col < lic.col && lic.col < status.col && status.col < expiry.col) {
        return None;
    }
    let name = toks.iter().map(|t| t.word).collect::<Vec<_>>().join(" ");
    Some(Columns {
        expiry: expiry.col,
        comments: find("comments").or_else(|| find("comment")).map(|t| t.col),
        name,
    })
}

/// Whether `text` is the traditional feature table (it has the table header), not the smart
/// agent's `show license usage`.
pub(crate) fn is_table(text: &Text) -> bool {
    text.lines.iter().any(|l| header(l).is_some())
}

/// The second header line: `Count` (the rest of `Lic Count`), maybe with `Date`.
fn is_header_tail(t: &str) -> bool {
    !t.is_empty()
        && t.split_whitespace()
            .all(|w| ["count", "date"].iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// Dashed or `=` rules above and below the rows.
fn is_rule(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c == '-' || c == '=' || c == ' ')
}

/// `show license usage` (traditional): one [`TraditionalFeature`] per row.
pub(crate) fn license_usage(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut out = DeviceLicensing {
        mode: Some(LicensingMode::Traditional),
        ..DeviceLicensing::default()
    };
    let mut cols: Option<Columns> = None;
    let mut after_header = false;
    for line in &text.lines {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        if let Some(c) = header(line) {
            cols = Some(c);
            after_header = true;
            continue;
        }
        let tail = after_header && is_header_tail(t);
        after_header = false;
        if tail || is_rule(t) {
            continue;
        }
        let Some(c) = &cols else {
            keep(
                &mut out,
                w,
                line,
                &[],
                "line before the feature table header",
            );
            continue;
        };
        let position = u32::try_from(out.features.len()).unwrap_or(u32::MAX);
        match row(line, c, position) {
            Ok((feature, notes)) => {
                for note in notes {
                    w.push(line.no, t, note);
                }
                out.features.push(feature);
            }
            Err(reason) => keep(&mut out, w, line, std::slice::from_ref(&c.name), reason),
        }
    }
    if cols.is_none() {
        return Err(not_this("no `Feature Ins Lic Status Expiry` table header"));
    }
    Ok(out)
}

/// Warns about a line not understood and keeps it in [`DeviceLicensing::extra`].
fn keep(
    out: &mut DeviceLicensing,
    w: &mut Warnings,
    line: &Line<'_>,
    section: &[String],
    why: &str,
) {
    w.push(line.no, &line.text, why);
    out.extra.push(Extra {
        command: None,
        section: section.to_vec(),
        label: String::new(),
        value: line.text.to_string(),
        line: line.no,
    });
}

/// `Yes` / `No`.
fn yes_no(word: &str) -> Option<bool> {
    if word.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if word.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

/// A feature package name: letters, digits and `_-./+`, not a column word.
fn is_feature_name(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./+".contains(c))
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && yes_no(word).is_none()
}

/// Reads one table row; `Err` with the reason when the line is not a row. The notes are
/// warnings about cells only partly understood.
fn row(
    line: &Line<'_>,
    cols: &Columns,
    position: u32,
) -> Result<(TraditionalFeature, Vec<&'static str>), &'static str> {
    let text: &str = &line.text;
    let toks = tokens(line, text);
    let mut notes = Vec::new();
    let Some(name) = toks.first().filter(|t| is_feature_name(t.word)) else {
        return Err("not a feature table row (no feature name)");
    };
    let mut f = TraditionalFeature {
        position,
        feature: name.word.to_string(),
        ..TraditionalFeature::default()
    };
    let mut i = 1;
    let word = |i: usize| toks.get(i).map(|t| t.word);

    // Ins.
    f.installed = word(i).and_then(yes_no);
    if f.installed.is_some() {
        i += 1;
    }
    // Lic Count.
    match word(i) {
        Some("-") => i += 1,
        Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
            f.count = n.parse().ok();
            if f.count.is_none() {
                notes.push("license count too large; not kept");
            }
            i += 1;
        }
        _ => {}
    }
    // Status.
    let before_expiry = |t: &Token<'_>| t.col + SLACK < cols.expiry;
    match (word(i), word(i + 1)) {
        (Some(a), Some(b)) if a.eq_ignore_ascii_case("in") && b.eq_ignore_ascii_case("use") => {
            f.status = Some(FeatureStatus::InUse);
            i += 2;
        }
        (Some(a), _) if a.eq_ignore_ascii_case("unused") => {
            f.status = Some(FeatureStatus::Unused);
            i += 1;
        }
        (Some(a), _) if a.eq_ignore_ascii_case("in-use") || a.eq_ignore_ascii_case("inuse") => {
            f.status = Some(FeatureStatus::InUse);
            i += 1;
        }
        _ => {
            // An unknown status: the words left of the expiry column, kept verbatim.
            let from = i;
            while toks.get(i).is_some_and(before_expiry) {
                i += 1;
            }
            if let (Some(a), Some(b)) = (toks.get(from), toks.get(i.saturating_sub(1))) {
                if i > from {
                    let end = b.at + b.word.len();
                    if let Some(s) = text.get(a.at..end) {
                        f.status = Some(FeatureStatus::Other(s.to_string()));
                        notes.push("unknown feature status; kept verbatim");
                    }
                }
            }
        }
    }
    if f.installed.is_none() && f.status.is_none() {
        return Err("not a feature table row (no Ins or Status cell)");
    }
    if f.installed.is_none() {
        notes.push("no Yes/No in the Ins column");
    }
    if f.status.is_none() {
        notes.push("no In use/Unused in the Status column");
    }
    // Expiry Date.
    // Text left of the `Comments` column (when the header has one) belongs to the expiry cell.
    let in_comments = |t: &Token<'_>| cols.comments.map_or(true, |c| t.col + SLACK >= c);
    let rest: Vec<&str> = toks.iter().skip(i).map(|t| t.word).collect();
    if let Some(t) = toks.get(i) {
        if t.word.eq_ignore_ascii_case("never") {
            f.expiry = Some(FeatureExpiry::Never);
            i += 1;
        } else if let Some((date, used)) = expiry_date(&rest) {
            let last = toks.get(i + used - 1).unwrap_or(t);
            let printed = text.get(t.at..last.at + last.word.len()).unwrap_or(t.word);
            f.expiry = Some(FeatureExpiry::On {
                date,
                printed: printed.to_string(),
            });
            i += used;
        } else if t.word == "-" {
            // The expiry placeholder, or the comment's when the expiry cell is blank: the
            // model is the same either way.
            i += 1;
        } else if !in_comments(t) && grace(text.get(t.at..).unwrap_or_default()).is_none() {
            notes.push("expiry date not understood; kept in the comment");
        }
    }
    // Comments.
    if let Some(t) = toks.get(i) {
        let comment = text.get(t.at..).unwrap_or_default().trim();
        if comment != "-" && !comment.is_empty() {
            if let Some(g) = grace(comment) {
                f.grace_remaining_seconds = g;
                f.grace_expired = g.map_or(true, |s| s == 0);
            }
            f.comment = Some(comment.to_string());
        }
    }
    Ok((f, notes))
}

/// The expiry date at the start of `words`: `30 Sep 2027`, `Sep 30 2027`, `30-Sep-2027`,
/// `2027-09-30`; the date and how many words it took.
fn expiry_date(words: &[&str]) -> Option<(NaiveDate, usize)> {
    if let Some(one) = words.first() {
        for fmt in ["%d-%b-%Y", "%Y-%m-%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(one, fmt) {
                return Some((d, 1));
            }
        }
    }
    let three = words.get(..3)?.join(" ");
    ["%d %b %Y", "%b %d %Y"]
        .iter()
        .find_map(|fmt| NaiveDate::parse_from_str(&three, fmt).ok())
        .map(|d| (d, 3))
}

/// The grace comment: `Grace 89D 22H` → `Some(Some(seconds))`, `Grace Expired` /
/// `Grace period expired` → `Some(None)`; `None` when the comment is about something else.
fn grace(comment: &str) -> Option<Option<u64>> {
    grace_comment(comment.trim()).ok().map(|(_, g)| g)
}

/// Nom grammar of [`grace`].
fn grace_comment(i: &str) -> PResult<'_, Option<u64>> {
    let (i, _) = tag_no_case("grace").parse(i)?;
    let (i, _) = opt((space1, tag_no_case("period"))).parse(i)?;
    let (i, _) = space1(i)?;
    let expired = (tag_no_case("expired"), space0, eof).map(|_| None);
    let left = terminated(many1(terminated(grace_term, space0)), eof)
        .map(|terms| Some(terms.iter().fold(0u64, |a, t| a.saturating_add(*t))));
    alt((expired, left)).parse(i)
}

/// `89D` / `22H` / `10M` / `5S` (also `89 days`-style words) in seconds.
fn grace_term(i: &str) -> PResult<'_, u64> {
    let (i, n) = map_res(digit1, str::parse::<u64>).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, unit) = take_while_m_n(1, 7, |c: char| c.is_ascii_alphabetic()).parse(i)?;
    let seconds = match unit.to_ascii_lowercase().as_str() {
        "d" | "day" | "days" => 86_400,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            )))
        }
    };
    let (i, _) = opt(char(',')).parse(i)?;
    Ok((i, n.saturating_mul(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Warning;
    use proptest::prelude::*;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(license_usage, raw)
    }

    /// The features of a text that must parse.
    fn features(raw: &str) -> (Vec<TraditionalFeature>, Vec<Warning>) {
        let (got, w) = run(raw);
        (got.map(|d| d.features).unwrap_or_default(), w)
    }

    const SAMPLE: &str = "switch# show license usage
Feature                      Ins  Lic   Status Expiry Date Comments
                                 Count
--------------------------------------------------------------------------------
MPLS_PKG                      No    -   Unused             -
STORAGE-ENT                   No    -   Unused             -
VDC_LICENSES                  No    0   Unused             -
ENTERPRISE_PKG                Yes   -   In use never       -
FCOE-N7K-F132XP               No    0   Unused             -
LAN_ADVANCED_SERVICES_PKG     No    -   In use             Grace 89D 22H
LAN_ENTERPRISE_SERVICES_PKG   Yes   -   Unused 30 Sep 2027  -
--------------------------------------------------------------------------------
";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_example_table_reads_every_row() {
        let (got, w) = run(SAMPLE);
        assert!(w.is_empty(), "{w:?}");
        let got = got.unwrap_or_default();
        assert_eq!(got.mode, Some(LicensingMode::Traditional));
        assert_eq!(got.features.len(), 7);
        let f = &got.features;
        assert_eq!(
            (
                f[0].feature.as_str(),
                f[0].installed,
                f[0].count,
                f[0].expiry.clone(),
                f[0].comment.clone()
            ),
            ("MPLS_PKG", Some(false), None, None, None)
        );
        assert_eq!(f[2].count, Some(0));
        assert_eq!(f[3].status, Some(FeatureStatus::InUse));
        assert_eq!(f[3].expiry, Some(FeatureExpiry::Never));
        assert_eq!(f[5].feature, "LAN_ADVANCED_SERVICES_PKG");
        assert_eq!(f[5].installed, Some(false));
        assert_eq!(f[5].expiry, None);
        assert_eq!(f[5].grace_remaining_seconds, Some(89 * 86_400 + 22 * 3_600));
        assert!(!f[5].grace_expired);
        assert_eq!(f[5].comment.as_deref(), Some("Grace 89D 22H"));
        assert_eq!(
            f[6].expiry,
            Some(FeatureExpiry::On {
                date: date(2027, 9, 30),
                printed: "30 Sep 2027".into()
            })
        );
        assert_eq!(f[6].position, 6);
        assert_eq!(f[6].status, Some(FeatureStatus::Unused));
    }

    #[test]
    fn the_header_tells_the_table_from_the_agent_layout() {
        let table = crate::lex::text::prepare(SAMPLE).unwrap_or_default();
        assert!(is_table(&table));
        let agent = crate::lex::text::prepare(
            "sw# show license usage\nLicense Authorization:\n  Status: AUTHORIZED\n",
        )
        .unwrap_or_default();
        assert!(!is_table(&agent));
    }

    #[test]
    fn single_space_gaps_and_dashed_dates_parse() {
        let (f, w) = features(
            "Feature Ins Lic Count Status Expiry Date Comments\n---\nN9K_LIC Yes 16 In use 30-Sep-2027 -\nX_PKG No - In use - Grace Expired\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f[0].count, Some(16));
        assert_eq!(
            f[0].expiry,
            Some(FeatureExpiry::On {
                date: date(2027, 9, 30),
                printed: "30-Sep-2027".into()
            })
        );
        assert!(f[1].grace_expired);
        assert_eq!(f[1].grace_remaining_seconds, None);
        assert_eq!(f[1].comment.as_deref(), Some("Grace Expired"));
    }

    #[test]
    fn dash_cells_are_empty_not_comments() {
        let (f, w) = features(SAMPLE);
        assert!(w.is_empty());
        assert!(f.iter().all(|x| x.comment.as_deref() != Some("-")));
        let (f, w) = features(
            "Feature Ins Lic Status Expiry Date Comments\nA_PKG No - In use - Grace 5D 3H\nB_PKG No - In use Grace 1D\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f[0].comment.as_deref(), Some("Grace 5D 3H"));
        assert_eq!(f[1].grace_remaining_seconds, Some(86_400));
    }

    #[test]
    fn an_impossible_date_warns_and_stays_in_the_comment() {
        let (f, w) = features(
            "Feature                      Ins  Lic   Status Expiry Date Comments\nA_PKG                         Yes   -   Unused 31 Feb 2027  -\n",
        );
        assert_eq!(f[0].expiry, None);
        assert_eq!(f[0].comment.as_deref(), Some("31 Feb 2027  -"));
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn zero_grace_left_is_expired() {
        assert_eq!(grace("Grace 0D 0H"), Some(Some(0)));
        assert_eq!(
            grace("Grace 5D 3H 20M"),
            Some(Some(5 * 86_400 + 3 * 3_600 + 1_200))
        );
        assert_eq!(grace("grace period expired"), Some(None));
        assert_eq!(grace("License missing"), None);
        assert_eq!(grace("Grace 5X"), None);
        let (f, _) = features(
            "Feature                      Ins  Lic   Status Expiry Date Comments\nA_PKG  No  -  In use             Grace 0D 0H\n",
        );
        assert!(f[0].grace_expired);
    }

    #[test]
    fn lines_not_understood_warn_and_are_kept() {
        let (got, w) = run(
            "Feature                      Ins  Lic   Status Expiry Date Comments\n%% something odd\nA_PKG No - Unused -\n",
        );
        let got = got.unwrap_or_default();
        assert_eq!(got.features.len(), 1);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 2);
        assert_eq!(got.extra.len(), 1);
        assert_eq!(got.extra[0].line, 2);
        assert_eq!(got.extra[0].value, "%% something odd");
    }

    #[test]
    fn unknown_status_is_kept_verbatim_with_a_warning() {
        let (f, w) = features(
            "Feature                      Ins  Lic   Status Expiry Date Comments\nA_PKG                         Yes   -   Expired 01 Jan 2020  -\n",
        );
        assert_eq!(f[0].status, Some(FeatureStatus::Other("Expired".into())));
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn unrelated_text_is_refused() {
        assert!(run("").0.is_err());
        assert!(run("hello world\n").0.is_err());
        assert!(run("License Authorization:\n  Status: AUTHORIZED\n")
            .0
            .is_err());
    }

    #[test]
    fn every_truncation_of_the_sample_parses_or_is_refused_without_panic() {
        for (i, _) in SAMPLE.char_indices() {
            let _ = run(SAMPLE.get(..i).unwrap_or(""));
        }
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
            let _ = run(&s);
        }

        #[test]
        fn arbitrary_rows_under_a_header_never_panic(s in "[A-Za-z0-9 _\\-:]{0,200}") {
            let _ = run(&format!("Feature Ins Lic Status Expiry Date Comments\n{s}\n"));
        }

        #[test]
        fn sample_mutations_never_panic(cut in 0usize..800, junk in "[ -~\\t\\r\\n:()<>.]{0,40}") {
            let mut s = SAMPLE.to_string();
            let at = (0..=cut.min(s.len())).rev().find(|p| s.is_char_boundary(*p)).unwrap_or(0);
            s.insert_str(at, &junk);
            let _ = run(&s);
        }
    }
}
