//! Shared terminals of every grammar: cleaned lines, `key: value` splitting, placeholders,
//! Cisco date and duration formats, and small value shapes (`STATUS on <date>`, `90 (source)`).
//!
//! Written once here so each platform grammar reads like the output it parses.

pub(crate) mod absent;
pub(crate) mod callhome;
pub(crate) mod date;
pub(crate) mod duration;
pub(crate) mod kv;
pub(crate) mod text;
pub(crate) mod value;

use chrono::{DateTime, Utc};

use crate::model::{DeviceClock, PrintedDate, Resolution};
use crate::options::ParseOptions;
use crate::Warning;

use date::{DateError, Stamp};

/// Nom's result type for the grammars in this crate (complete input, default error).
pub(crate) type PResult<'a, T> = nom::IResult<&'a str, T>;

/// The parse context threaded through every grammar: the warnings collected while it walks an
/// output (`.0`), and the dates it read with the zone options that resolve them (`.1`).
#[derive(Debug, Default)]
pub(crate) struct Warnings(pub(crate) Vec<Warning>, pub(crate) DateLog);

/// Most warnings one output keeps; the rest are counted, so a hostile device that prints
/// megabytes of junk costs a bounded amount of memory, and the report says how many more.
pub(crate) const MAX_WARNINGS: usize = 1000;

/// Most dates one output records (a real output prints a few dozen).
pub(crate) const MAX_DATES: usize = 1000;

/// Dates read so far and what resolves their zones.
#[derive(Debug, Default)]
pub(crate) struct DateLog {
    /// What the caller knows about the device's zones.
    pub(crate) options: ParseOptions,
    /// Every date read, in reading order; labels are filled in by [`crate::parse_with`].
    pub(crate) dates: Vec<PrintedDate>,
    /// Dates beyond [`MAX_DATES`]: not recorded, counted.
    pub(crate) dates_not_recorded: usize,
    /// Warnings beyond [`MAX_WARNINGS`]: `(count, first line)`.
    pub(crate) warnings_not_listed: (usize, usize),
}

impl Warnings {
    /// A context resolving zones with `options`.
    pub(crate) fn with_options(options: ParseOptions) -> Self {
        Self(
            Vec::new(),
            DateLog {
                options,
                ..DateLog::default()
            },
        )
    }

    /// Records that `text` at `line` was skipped or only partly understood.
    pub(crate) fn push(&mut self, line: usize, text: &str, reason: impl Into<String>) {
        if self.0.len() < MAX_WARNINGS {
            self.0.push(Warning::new(line, text, reason));
            return;
        }
        let (count, first) = &mut self.1.warnings_not_listed;
        if *count == 0 {
            *first = line;
        }
        *count += 1;
    }

    /// The warnings, sorted by line, with one more saying how many were not listed.
    pub(crate) fn finish(self) -> Vec<Warning> {
        let mut out = self.0;
        let (count, first) = self.1.warnings_not_listed;
        if count > 0 {
            out.push(Warning::new(
                first,
                "",
                format!("{count} more warning(s) not listed, from this line on"),
            ));
        }
        if self.1.dates_not_recorded > 0 {
            out.push(Warning::new(
                out.last().map_or(0, |w| w.line),
                "",
                format!(
                    "{} more date(s) not recorded in `dates`",
                    self.1.dates_not_recorded
                ),
            ));
        }
        out.sort_by_key(|w| w.line);
        out
    }

    /// Converts the timestamp `st`, printed as `text` at `line`, to UTC with the printed zone
    /// (or `zone`, printed apart) and the options; records it in the date log (`field` when the
    /// grammar knows a better label than the line's), warns when the zone stays unresolved.
    /// The epoch sentinel is "never": `None`, not recorded.
    pub(crate) fn date(
        &mut self,
        line: usize,
        text: &str,
        st: &Stamp,
        zone: Option<&str>,
        field: Option<&str>,
    ) -> Option<DateTime<Utc>> {
        let (utc, resolved) = match st.resolve(zone, &self.1.options) {
            Ok((d, how)) => (Some(d), how),
            Err(DateError::Sentinel) => return None,
            Err(e) => {
                self.push(line, text, e.to_string());
                (None, Resolution::Unresolved)
            }
        };
        if self.1.dates.len() >= MAX_DATES {
            self.1.dates_not_recorded += 1;
            return utc;
        }
        self.1.dates.push(PrintedDate {
            command: None,
            line,
            field: field.unwrap_or_default().to_string(),
            text: text.trim().to_string(),
            zone: zone.map(str::to_string).or_else(|| st.zone.clone()),
            utc,
            resolved,
        });
        utc
    }

    /// Resolves the zone of a clock reading the zone table did not place, with the options
    /// (operator's zone, then the device clock's own zone); marks it unresolved otherwise.
    pub(crate) fn resolve_clock(&self, c: &mut DeviceClock) {
        if c.resolved == Some(Resolution::Printed) {
            return;
        }
        let (Some(local), Some(zone)) = (c.local, c.zone.as_deref()) else {
            return;
        };
        let st = Stamp {
            local,
            zone: Some(zone.to_string()),
        };
        match st.resolve(None, &self.1.options) {
            Ok((time, how)) => {
                c.time = Some(time);
                c.offset_minutes = i32::try_from((local - time.naive_utc()).num_minutes()).ok();
                c.resolved = Some(how);
            }
            Err(_) => c.resolved = Some(Resolution::Unresolved),
        }
    }
}

/// The label a date was printed under, from its line: the text before the date, without the
/// `:` and the ` on` / ` As of` joining it to its value, blanks squeezed (`Next ACK deadline`,
/// `Status: AUTHORIZED`, `Reporting: LAST`). A date alone on its line (trust code units,
/// wrapped values) takes the label of the nearest line above that has one.
pub(crate) fn date_label(text: &text::Text<'_>, line: usize, value: &str) -> String {
    // Lines are in input order: a binary search keeps many dates in a huge output linear.
    let Ok(at) = text.lines.binary_search_by_key(&line, |l| l.no) else {
        return String::new();
    };
    let here = &text.lines[at].text;
    let value = value.trim();
    let before = match here.rfind(value).filter(|_| !value.is_empty()) {
        Some(p) => &here[..p],
        None => here.split(':').next().unwrap_or_default(),
    };
    let label = tidy_label(after_last_stamp(before));
    if !label.is_empty() {
        return label;
    }
    text.lines[..at]
        .iter()
        .rev()
        .take(4)
        .map(|l| tidy_label(l.text.split(':').next().unwrap_or_default()))
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// The part of `before` after the last timestamp in it: the second date of
/// `INSTALLED on <date>    Valid on <date>` is labelled `Valid`, not the whole first half.
fn after_last_stamp(before: &str) -> &str {
    if before.len() > 256 {
        return before;
    }
    let mut cut = 0;
    for (i, _) in before.char_indices() {
        if i < cut || !before[i..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        if let Ok((rest, _)) = date::stamp(&before[i..]) {
            cut = before.len() - rest.len();
        }
    }
    &before[cut..]
}

/// Squeezes blanks and strips what joins a label to its value.
fn tidy_label(raw: &str) -> String {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("on") || w.eq_ignore_ascii_case("at"))
    {
        words.pop();
    }
    if words.len() >= 2
        && words[words.len() - 2].eq_ignore_ascii_case("as")
        && words[words.len() - 1].eq_ignore_ascii_case("of")
    {
        words.truncate(words.len() - 2);
    }
    let joined = words.join(" ");
    let trimmed = joined.trim_end_matches([':', ',', '=', ' ', '-']);
    trimmed.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels_come_from_the_line() {
        let raw = "Usage Reporting:\n  Next ACK deadline: Apr 23 15:33:15 2025 IST\n  Status: AUTHORIZED on Jul 16 14:26:01 2021 UTC\nReporting:  LAST: Tue Jul 02 2019 09:57:32 UTC\nTrust Code Installed:\n   Nov 13 22:36:48 2022 UTC\nRequested Time : Mon Jul 06 2026 07:47:30 UTC, Requested Count: 1\n";
        let t = text::prepare(raw).unwrap_or_default();
        assert_eq!(
            date_label(&t, 2, "Apr 23 15:33:15 2025 IST"),
            "Next ACK deadline"
        );
        assert_eq!(
            date_label(&t, 3, "Jul 16 14:26:01 2021 UTC"),
            "Status: AUTHORIZED"
        );
        let two = text::prepare(
            "  INSTALLED on Apr 23 15:28:43 2025 IST    Valid on Apr 23 15:23:40 2025 IST\n",
        )
        .unwrap_or_default();
        assert_eq!(date_label(&two, 1, "Apr 23 15:23:40 2025 IST"), "Valid");
        assert_eq!(
            date_label(&t, 4, "Tue Jul 02 2019 09:57:32 UTC"),
            "Reporting: LAST"
        );
        assert_eq!(
            date_label(&t, 6, "Nov 13 22:36:48 2022 UTC"),
            "Trust Code Installed"
        );
        assert_eq!(
            date_label(&t, 7, "Mon Jul 06 2026 07:47:30 UTC"),
            "Requested Time"
        );
        assert_eq!(date_label(&t, 99, "x"), "");
    }
}
