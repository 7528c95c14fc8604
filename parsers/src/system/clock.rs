//! `show clock` on NX-OS, IOS-XE and IOS-XR, samples `samples/{nxos,iosxe,iosxr}/show_clock/`.
//!
//! ```text
//! 17:37:38.123 UTC Tue Jul 02 2019        NX-OS, then `Time source is NTP`
//! *05:30:30.132 UTC Fri Oct 22 2021       IOS-XE (`*` not authoritative, `.` sync lost)
//! 10:15:01.125 UTC Tue Jul 02 2019        IOS-XR (after the stripped timestamp header)
//! ```
//!
//! `show clock detail` adds `Time source is NTP` / `No time source` on the next line. IOS
//! devices with exec timestamps print `Time source is NTP, <clock>` as a header, which
//! [`crate::lex::text::prepare`] already turned into [`Text::clock`].

use crate::lex::date::stamp;
use crate::lex::text::{parse_clock, Line, Text};
use crate::lex::Warnings;
use crate::model::{ClockSource, DeviceClock};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show clock`: the clock line and, when printed, its time source line.
pub(crate) fn clock(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut reading: Option<&Line> = None;
    let mut source: Option<ClockSource> = None;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        if let Some(s) = time_source(&line.text) {
            source = Some(s);
        } else if reading.is_none() && is_clock_reading(&line.text) {
            reading = Some(line);
        } else {
            w.push(line.no, &line.text, "not a clock line");
        }
    }
    let clock = match reading {
        Some(line) => {
            // No source line: the `Time source is NTP, ...` header, if any, still names it.
            let source = source.or_else(|| text.clock.as_ref().and_then(|c| c.source.clone()));
            let mut c = parse_clock(&line.text, source);
            w.resolve_clock(&mut c);
            if c.time.is_none() {
                w.push(line.no, &line.text, why_not_utc(&line.text));
            }
            c
        }
        // The reading came as the `Time source is ...` header; a body line may add its source.
        None => match (text.clock.clone(), source) {
            (Some(header), None) => header,
            (Some(header), Some(s)) => DeviceClock {
                source: Some(s),
                ..header
            },
            (None, _) => return Err(not_this("no clock reading")),
        },
    };
    Ok(DeviceLicensing {
        clock: Some(clock),
        ..DeviceLicensing::default()
    })
}

/// `HH:MM:SS.fff ZONE Wkd Mon DD YYYY`, optionally marked `*` or `.`.
fn is_clock_reading(t: &str) -> bool {
    let bare = t.trim_start_matches(['*', '.']);
    bare.chars().next().is_some_and(|c| c.is_ascii_digit())
        && stamp(bare).is_ok_and(|(rest, _)| rest.trim().is_empty())
}

/// Why a clock reading that has the right shape gave no UTC time (unknown zone ...).
fn why_not_utc(t: &str) -> String {
    let bare = t.trim_start_matches(['*', '.']);
    match stamp(bare) {
        Ok((_, st)) => match st.to_utc() {
            Err(e) => e.to_string(),
            Ok(_) => "clock reading not converted".to_string(),
        },
        Err(_) => "clock reading not understood".to_string(),
    }
}

/// `Time source is NTP`, `Time source is hardware calendar`, `No time source`.
fn time_source(t: &str) -> Option<ClockSource> {
    if t.eq_ignore_ascii_case("no time source") {
        return Some(ClockSource::None);
    }
    let rest = t.strip_prefix("Time source is ")?;
    if rest.contains(',') {
        return None;
    }
    Some(match rest.trim().to_ascii_lowercase().as_str() {
        "ntp" => ClockSource::Ntp,
        "hardware calendar" => ClockSource::HardwareCalendar,
        "none" => ClockSource::None,
        other => ClockSource::Other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::testing;
    use crate::Warning;
    use chrono::Duration;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(clock, raw)
    }

    fn clock_of(raw: &str) -> DeviceClock {
        let (got, w) = run(raw);
        assert!(w.is_empty(), "{raw}: {:?}", w);
        got.ok().and_then(|d| d.clock).unwrap_or_default()
    }

    #[test]
    fn markers_and_sources_set_synced() {
        let t = utc(2021, 10, 22, 5, 30, 30) + Duration::milliseconds(132);
        for (raw, synced, source) in [
            ("*05:30:30.132 UTC Fri Oct 22 2021\n", Some(false), None),
            (".05:30:30.132 UTC Fri Oct 22 2021\n", Some(false), None),
            ("05:30:30.132 UTC Fri Oct 22 2021\n", None, None),
            (
                "05:30:30.132 UTC Fri Oct 22 2021\nTime source is NTP\n",
                Some(true),
                Some(ClockSource::Ntp),
            ),
            (
                "*05:30:30.132 UTC Fri Oct 22 2021\nNo time source\n",
                Some(false),
                Some(ClockSource::None),
            ),
        ] {
            let c = clock_of(raw);
            assert_eq!(
                (c.time, c.synced, c.source),
                (Some(t), synced, source),
                "{raw}"
            );
        }
    }

    #[test]
    fn zones_convert_to_utc() {
        let c = clock_of("17:37:38.123 PDT Tue Jul 02 2019\n");
        assert_eq!(
            c.time,
            Some(utc(2019, 7, 3, 0, 37, 38) + Duration::milliseconds(123))
        );
    }

    #[test]
    fn header_clock_alone_is_enough() {
        let c = clock_of("sw1#show clock\nTime source is NTP, 05:30:30.132 UTC Fri Oct 22 2021\n");
        assert_eq!(c.synced, Some(true));
        assert_eq!(c.source, Some(ClockSource::Ntp));
    }

    #[test]
    fn unknown_zone_warns_without_guessing() {
        let (got, w) = run("10:15:01.125 IST Tue Jul 02 2019\n");
        let c = got.ok().and_then(|d| d.clock).unwrap_or_default();
        assert_eq!(c.time, None);
        assert_eq!(w.len(), 1);
        assert!(w[0].reason.contains("ambiguous"), "{}", w[0].reason);
    }

    #[test]
    fn unrelated_text_is_not_this_output() {
        assert!(run("Compliance Status: Out of compliance\n").0.is_err());
        assert!(run("").0.is_err());
    }
}
