//! Turning raw device text into clean, numbered lines.
//!
//! Devices and terminals add things no grammar should see: CRLF and `\r\r\n` line ends,
//! `--More--` prompts erased with backspaces, ANSI colour, the echoed command and prompt,
//! `Load for five secs` / `Time source is NTP, ...` headers (IOS), the timestamp line IOS-XR
//! prints before every output. This module removes them, keeps the facts they carry (host name,
//! device clock) and reports `% Invalid input` as an unsupported command.

use std::borrow::Cow;

use crate::model::{ClockSource, DeviceClock, Resolution};
use crate::terminal::{self, prompt_line, rejection::is_rejection};
use crate::ParseError;

use super::date;

/// One cleaned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the raw text.
    pub(crate) no: usize,
    /// Leading spaces after cleanup (a hint only: document copies lose indentation).
    pub(crate) indent: usize,
    /// The text without leading and trailing blanks, borrowed from the input when cleaning
    /// changed nothing inside it.
    pub(crate) text: Cow<'a, str>,
    /// Length of the physical line before trimming (hard wraps happen at 80 columns).
    pub(crate) width: usize,
}

/// A cleaned output and what its surroundings told us.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text<'a> {
    /// Lines of the output proper, blank lines kept (as empty text) for section breaks.
    pub(crate) lines: Vec<Line<'a>>,
    /// Host name from the echoed prompt.
    pub(crate) hostname: Option<String>,
    /// Device clock from a `Time source is ...` header.
    pub(crate) clock: Option<DeviceClock>,
}

/// Cleans `raw` and finds the output proper; `Err(Unsupported)` when the device rejected the
/// command.
pub(crate) fn prepare(raw: &str) -> Result<Text<'_>, ParseError> {
    let mut lines: Vec<Line<'_>> = raw
        .split('\n')
        .enumerate()
        .map(|(i, physical)| clean_line(i + 1, physical))
        .collect();
    let mut out = Text::default();

    // Leading: blank lines, the echoed prompt + command, headers (in any order, a few lines).
    let mut start = 0;
    let mut seen = 0;
    while start < lines.len() && seen < 6 {
        let t = &*lines[start].text;
        if t.is_empty() {
            start += 1;
            continue;
        }
        if let Some(prompt) = prompt_line(t) {
            if prompt.command.is_some() || seen == 0 {
                if out.hostname.is_none() {
                    out.hostname = prompt.host().map(str::to_string);
                }
                start += 1;
                seen += 1;
                continue;
            }
        }
        // The echo alone, without the prompt (a shell capture that starts after the prompt,
        // or a tool that printed the command it sent).
        if seen == 0 && crate::Command::from_cli(t).is_some() {
            start += 1;
            seen += 1;
            continue;
        }
        if t.starts_with("Load for ") {
            start += 1;
            seen += 1;
            continue;
        }
        if let Some(clock) = time_source_header(t) {
            out.clock = Some(clock);
            start += 1;
            seen += 1;
            continue;
        }
        if is_xr_timestamp_header(t) {
            start += 1;
            seen += 1;
            continue;
        }
        break;
    }

    // Trailing: blank lines and the prompt the device printed when done.
    let mut end = lines.len();
    while end > start {
        let t = &*lines[end - 1].text;
        if t.is_empty() || prompt_line(t).is_some_and(|p| p.command.is_none() && p.host().is_some())
        {
            end -= 1;
        } else {
            break;
        }
    }
    lines.truncate(end);
    out.lines = lines.split_off(start);

    if let Some(line) = out.lines.iter().take(8).find(|l| is_rejection(&l.text)) {
        return Err(ParseError::Unsupported {
            line: line.no,
            message: line.text.to_string(),
        });
    }
    Ok(out)
}

/// Applies terminal semantics to one physical line ([`terminal::control::render`]): backspaces
/// erase, a lone `\r` returns to column 0, ANSI escapes and pager prompts vanish.
fn clean_line(no: usize, physical: &str) -> Line<'_> {
    finish_line(no, terminal::control::render(physical))
}

/// A rendered line as the grammars see it: trimmed, with its indent and printed width.
fn finish_line(no: usize, s: Cow<'_, str>) -> Line<'_> {
    let right = s.trim_end();
    let width = if right.is_ascii() {
        right.len()
    } else {
        right.chars().count()
    };
    let indent = s.len() - s.trim_start().len();
    let text = match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
    };
    Line {
        no,
        indent,
        text,
        width,
    }
}

/// `Time source is NTP, 05:30:30.132 UTC Fri Oct 22 2021`, `No time source, *...`.
fn time_source_header(t: &str) -> Option<DeviceClock> {
    let (source, time) = if let Some(rest) = t.strip_prefix("Time source is ") {
        let (src, time) = rest.split_once(',')?;
        let source = match src.trim().to_ascii_lowercase().as_str() {
            "ntp" => ClockSource::Ntp,
            "hardware calendar" => ClockSource::HardwareCalendar,
            other => ClockSource::Other(other.to_string()),
        };
        (source, time)
    } else {
        let rest = t.strip_prefix("No time source,")?;
        (ClockSource::None, rest)
    };
    Some(parse_clock(time, Some(source)))
}

/// A clock reading `*05:30:30.132 UTC Fri Oct 22 2021`: a leading `*` (not authoritative) or
/// `.` (sync lost) means not synced.
pub(crate) fn parse_clock(time: &str, source: Option<ClockSource>) -> DeviceClock {
    let time = time.trim();
    let marker = time.chars().next().filter(|c| *c == '*' || *c == '.');
    let bare = time.trim_start_matches(['*', '.']);
    let synced = match (marker, &source) {
        (Some(_), _) => Some(false),
        (None, Some(ClockSource::None)) => Some(false),
        (None, Some(ClockSource::Ntp)) => Some(true),
        _ => None,
    };
    let stamp = date::whole_stamp(bare).ok();
    let time = stamp.as_ref().and_then(|st| st.to_utc().ok());
    let zone = stamp.as_ref().and_then(|st| st.zone.clone());
    DeviceClock {
        time,
        synced,
        source,
        printed: Some(bare.trim().to_string()).filter(|p| !p.is_empty()),
        offset_minutes: time
            .and(zone.as_deref())
            .and_then(|z| date::zone_offset(z).ok()),
        resolved: stamp.as_ref().map(|_| {
            if time.is_some() {
                Resolution::Printed
            } else {
                Resolution::Unresolved
            }
        }),
        zone,
        local: stamp.map(|st| st.local),
        offset_note: None,
    }
}

/// IOS-XR prints `Tue Jul  2 10:15:01.123 UTC` before each output.
fn is_xr_timestamp_header(t: &str) -> bool {
    let mut w = t.split_whitespace();
    let (Some(day), Some(mon), Some(d), Some(time), Some(_zone), None) =
        (w.next(), w.next(), w.next(), w.next(), w.next(), w.next())
    else {
        return false;
    };
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    DAYS.contains(&day)
        && mon.len() == 3
        && d.parse::<u32>().is_ok()
        && time.split(':').count() == 3
        && time.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(t: &'t Text<'_>) -> Vec<&'t str> {
        t.lines.iter().map(|l| &*l.text).collect()
    }

    #[test]
    fn echo_prompt_and_trailing_prompt_are_removed() {
        let t = prepare("RP/0/RSP1/CPU0:ROA(admin)#show license pool\r\nAssigned Pool Info: X\r\nRP/0/RSP1/CPU0:ROA(admin)#").unwrap_or_default();
        assert_eq!(texts(&t), ["Assigned Pool Info: X"]);
        assert_eq!(t.hostname.as_deref(), Some("ROA"));
        assert_eq!(t.lines[0].no, 2);
    }

    #[test]
    fn bare_echoed_command_is_removed() {
        let t = prepare("admin show license pools\r\nPool: Owner\r\n").unwrap_or_default();
        assert_eq!(texts(&t), ["Pool: Owner"]);
        let t = prepare("show running-config | section call-home\nservice call-home\n")
            .unwrap_or_default();
        assert_eq!(texts(&t), ["service call-home"]);
        let t = prepare("Status: REGISTERED\n").unwrap_or_default();
        assert_eq!(texts(&t), ["Status: REGISTERED"]);
    }

    #[test]
    fn headers_are_removed_and_clock_kept() {
        let raw = "sw1#show license summary\nLoad for five secs: 2%/0%; one minute: 0%; five minutes: 0%\nTime source is NTP, *05:30:30.132 UTC Fri Oct 22 2021\n\nLicense Usage:\n";
        let t = prepare(raw).unwrap_or_default();
        assert_eq!(texts(&t), ["License Usage:"]);
        let clock = t.clock.unwrap_or_default();
        assert_eq!(clock.synced, Some(false));
        assert_eq!(clock.source, Some(ClockSource::Ntp));
        assert_eq!(
            clock.time,
            Some(date::utc(2021, 10, 22, 5, 30, 30) + chrono::Duration::milliseconds(132))
        );
    }

    #[test]
    fn xr_timestamp_header_is_removed() {
        let t = prepare("RP/0/RSP0/CPU0:r1#show clock\nTue Jul  2 10:15:01.123 UTC\n10:15:01.125 UTC Tue Jul 02 2019\n").unwrap_or_default();
        assert_eq!(texts(&t), ["10:15:01.125 UTC Tue Jul 02 2019"]);
    }

    #[test]
    fn more_prompt_with_backspaces_vanishes() {
        let raw = "Status: REGISTERED\n --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}          \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}  Smart Account: X\n";
        let t = prepare(raw).unwrap_or_default();
        assert_eq!(texts(&t), ["Status: REGISTERED", "Smart Account: X"]);
        let raw = "Status: A\n --More-- \r          \r  Smart Account: X\r\r\n";
        assert_eq!(
            texts(&prepare(raw).unwrap_or_default()),
            ["Status: A", "Smart Account: X"]
        );
    }

    #[test]
    fn carriage_return_keeps_text_only_before_blanks_and_pager_prompts() {
        let text = |raw: &str| clean_line(1, raw).text.into_owned();
        assert_eq!(text("abc\rxy"), "xy");
        assert_eq!(text("abc\r    "), "abc");
        assert_eq!(text("abc --More-- \r          \r"), "abc");
        assert_eq!(text("abc\r<--- More --->\r-- More --"), "abc");
        assert_eq!(text("abc\r--More--x"), "x");
        assert_eq!(text("abc\r\u{1b}[7m\r"), "");
    }

    #[test]
    fn long_lines_of_carriage_returns_and_pager_prompts_are_cleaned() {
        let raw = "a\r".repeat(200_000);
        let t = prepare(&raw).unwrap_or_default();
        assert_eq!(texts(&t), ["a"]);
        let raw = format!("x{}y", "--More--".repeat(200_000));
        let t = prepare(&raw).unwrap_or_default();
        assert_eq!(texts(&t), ["xy"]);
    }

    #[test]
    fn invalid_input_is_unsupported() {
        let raw = "switch# show license platform summary\n                      ^\n% Invalid input detected at '^' marker.\n";
        assert!(matches!(
            prepare(raw),
            Err(ParseError::Unsupported { line: 3, .. })
        ));
    }
}
