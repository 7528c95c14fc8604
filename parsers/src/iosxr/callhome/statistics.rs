//! IOS-XR `show call-home smart-licensing statistics`.

use nom::character::complete::{digit1, space0, space1};
use nom::combinator::map_res;
use nom::Parser;

use crate::lex::absent::is_absent;
use crate::lex::callhome::words::word;
use crate::lex::date::parse_stamp;
use crate::lex::text::Text;
use crate::lex::{PResult, Warnings};
use crate::model::{CallHome, CallHomeStatistic};
use crate::{not_this, DeviceLicensing, ParseError};

/// One counter column.
fn count(i: &str) -> PResult<'_, u64> {
    map_res(digit1, str::parse::<u64>).parse(i)
}

/// `ENTITLEMENT      1      0      0      0      2015-01-12 21:06:56`: subtype, the four
/// counters, and the `Last-sent` text (a local time or `n/a`) as the rest.
fn row(i: &str) -> PResult<'_, (&str, [u64; 4], &str)> {
    let (i, message) = word(i)?;
    let (i, (_, s, _, f, _, q, _, d, _)) = (
        space1, count, space1, count, space1, count, space1, count, space0,
    )
        .parse(i)?;
    Ok(("", (message, [s, f, q, d], i.trim())))
}

/// The zone from the header `Msg Subtype Success Failed Inqueue Dropped Last-sent (GMT-08:00)`.
fn header_zone(t: &str) -> Option<Option<&str>> {
    let lower = t.to_ascii_lowercase();
    if !(lower.starts_with("msg subtype") && lower.contains("last-sent")) {
        return None;
    }
    let zone = t
        .rfind('(')
        .and_then(|o| t.get(o + 1..))
        .and_then(|z| z.strip_suffix(')'))
        .map(str::trim);
    Some(zone)
}

/// `show call-home smart-licensing statistics`.
///
/// ```text
/// Success: Successfully sent and response received.
/// Failed : Failed to send or response indicated error occurred.
/// Inqueue: In queue waiting to be sent.
/// Dropped: Dropped due to incorrect call-home configuration.
///
/// Msg Subtype      Success Failed Inqueue Dropped Last-sent (GMT-08:00)
/// -----
/// ENTITLEMENT      1      0      0      0      2015-01-12 21:06:56
/// DEREGISTRATION   0      0      0      0              n/a
/// ```
///
/// Columns are not aligned in the seeds, so rows are read as blank-separated fields. The
/// `Last-sent` local time is converted to UTC with the zone of the header (`GMT-08:00`).
pub(crate) fn statistics(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    const LEGEND: [&str; 4] = ["success", "failed", "inqueue", "dropped"];
    let mut zone: Option<String> = None;
    let mut header = false;
    let mut rows = Vec::new();
    for line in &text.lines {
        let t = &*line.text;
        if t.is_empty() || t.chars().all(|c| c == '-' || c == ' ') {
            continue;
        }
        if let Some(label) = t.split(':').next().filter(|_| t.contains(':')) {
            if LEGEND.contains(&label.trim().to_ascii_lowercase().as_str()) {
                continue;
            }
        }
        if let Some(z) = header_zone(t) {
            header = true;
            zone = z.map(str::to_string);
            continue;
        }
        let Ok((_, (message, [success, failed, inqueue, dropped], sent))) = row(t) else {
            w.push(line.no, t, "not a statistics row");
            continue;
        };
        let last_sent = if is_absent(sent) {
            None
        } else {
            match (parse_stamp(sent), zone.as_deref()) {
                (Some(st), Some(z)) => w.date(line.no, sent, &st, Some(z), Some(message)),
                (Some(_), None) => {
                    w.push(
                        line.no,
                        sent,
                        "no time zone in the header; date not converted",
                    );
                    None
                }
                (None, _) => {
                    w.push(line.no, sent, "Last-sent is not a date");
                    None
                }
            }
        };
        rows.push(CallHomeStatistic {
            message: message.to_string(),
            success,
            failed,
            inqueue,
            dropped,
            last_sent,
        });
    }
    if !header && rows.is_empty() {
        return Err(not_this("no statistics header or row"));
    }
    Ok(DeviceLicensing {
        callhome: Some(CallHome {
            statistics: rows,
            ..Default::default()
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::testing;

    fn parse(raw: &str) -> Result<(Vec<CallHomeStatistic>, usize), ParseError> {
        testing::callhome(statistics, raw).map(|(ch, warns)| (ch.statistics, warns))
    }

    #[test]
    fn xr_statistics_rows_convert_with_header_zone() {
        let raw = "Msg Subtype      Success Failed Inqueue Dropped Last-sent (GMT-08:00)\n-----\nENTITLEMENT      1      0      0      0      2015-01-12 21:06:56\nDEREGISTRATION   0      0      0      0              n/a\nRENEW            3      2      1      4      2014-12-17 21:08:57\n";
        let (rows, warns) = parse(raw).unwrap_or_default();
        assert_eq!(warns, 0);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.message.as_str(),
                    r.success,
                    r.failed,
                    r.inqueue,
                    r.dropped,
                    r.last_sent,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("ENTITLEMENT", 1, 0, 0, 0, Some(utc(2015, 1, 13, 5, 6, 56))),
                ("DEREGISTRATION", 0, 0, 0, 0, None),
                ("RENEW", 3, 2, 1, 4, Some(utc(2014, 12, 18, 5, 8, 57))),
            ]
        );
    }

    #[test]
    fn xr_statistics_bad_rows_warn_and_continue() {
        let raw = "Msg Subtype Success Failed Inqueue Dropped Last-sent (GMT-08:00)\nRENEW x 0 0 0 n/a\nRENEW 1 0 0 0 n/a\n";
        let (rows, warns) = parse(raw).unwrap_or_default();
        assert_eq!((rows.len(), warns), (1, 1));
    }

    #[test]
    fn xr_statistics_unrelated_text_is_refused() {
        assert!(parse("hello\nworld\n").is_err());
    }
}
