//! What the caller knows about a device's time zones beyond the text: the zone names its own
//! `show clock` resolved, and the operator's `timezone` (inventory).
//!
//! Resolution order for a printed zone name: the zone table or a numeric offset (always wins:
//! a printed `UTC` stays UTC), then the operator's [`Timezone`], then [`ParseOptions::zones`]
//! from the device clock; otherwise the date stays unresolved.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use crate::lex::date;

/// Options of [`crate::parse_with`]; the default is what [`crate::parse`] uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Zone names the device's clock resolved (upper-case name → minutes east of UTC), see
    /// [`offset_from_clock`]. Only names the zone table cannot resolve are looked up here.
    pub zones: BTreeMap<String, i32>,
    /// The operator's zone for the device (inventory `timezone`), applied to every zone name
    /// the printed text does not resolve; it wins over [`Self::zones`].
    pub timezone: Option<Timezone>,
}

impl ParseOptions {
    /// The offset the device clock gave `zone`, if any.
    pub(crate) fn clock_zone(&self, zone: &str) -> Option<i32> {
        self.zones.get(&zone.trim().to_ascii_uppercase()).copied()
    }
}

/// An operator-given zone: a fixed offset (`+05:30`) or an IANA zone (`Asia/Kolkata`), whose
/// offset depends on the date (daylight saving time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timezone {
    /// Minutes east of UTC.
    Fixed(i32),
    /// An IANA time zone.
    Iana(chrono_tz::Tz),
}

impl Timezone {
    /// The UTC instant of `local` in this zone; `None` when the local time does not exist or
    /// happens twice there (a daylight saving change: never a guess).
    pub fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Timezone::Fixed(minutes) => chrono::FixedOffset::east_opt(minutes * 60)?
                .from_local_datetime(&local)
                .single()
                .map(|d| d.with_timezone(&Utc)),
            Timezone::Iana(tz) => tz
                .from_local_datetime(&local)
                .single()
                .map(|d| d.with_timezone(&Utc)),
        }
    }
}

impl std::fmt::Display for Timezone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Timezone::Fixed(m) => f.write_str(&format_offset(*m)),
            Timezone::Iana(tz) => f.write_str(tz.name()),
        }
    }
}

/// Why a `timezone` value is not a zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a time zone (a UTC offset such as \"+05:30\" or an IANA name such as \"Asia/Kolkata\")")]
pub struct BadTimezone(pub String);

impl FromStr for Timezone {
    type Err = BadTimezone;

    /// `+05:30`, `-0800`, `UTC+5`, `GMT-08:00` (fixed), or an IANA name (`Asia/Kolkata`,
    /// `UTC`, `Europe/London`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.starts_with(['+', '-'])
            || (t.len() > 3 && (t.starts_with("UTC") || t.starts_with("GMT")))
        {
            if let Ok(m) = date::zone_offset(t) {
                return Ok(Timezone::Fixed(m));
            }
        }
        t.parse::<chrono_tz::Tz>()
            .map(Timezone::Iana)
            .map_err(|_| BadTimezone(t.to_string()))
    }
}

/// `330` → `+05:30`, `-480` → `-08:00`.
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Largest plausible UTC offset, minutes (UTC+14, Kiribati; UTC-12 is within it).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// A zone offset derived from a clock reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockOffset {
    /// Minutes east of UTC, rounded to 15 minutes.
    pub minutes: i32,
    /// What was measured, for the record (`15:37:12 local at 10:00:12 UTC: +05:37 measured,
    /// rounded to +05:30`).
    pub note: String,
}

/// The offset of the zone a clock printed: its `local` wall-clock time against the UTC instant
/// `collected_at` at which the controller read it, rounded to the nearest 15 minutes (every
/// zone in use is a multiple of 15 minutes; the clock's skew is what the rounding absorbs).
/// `Err` (with the reason) when the result is beyond ±14 h: the clock is off by more than a
/// zone can explain, and no offset is guessed.
pub fn offset_from_clock(
    local: NaiveDateTime,
    collected_at: DateTime<Utc>,
) -> Result<ClockOffset, String> {
    let measured = (local - collected_at.naive_utc()).num_seconds();
    let quarters = (measured as f64 / 900.0).round();
    let described = |m: i64| {
        let sign = if m < 0 { '-' } else { '+' };
        let a = m.unsigned_abs();
        format!("{sign}{:02}:{:02}:{:02}", a / 3600, a / 60 % 60, a % 60)
    };
    let at = format!(
        "clock read {} local at {} UTC (collected_at): {} measured",
        local.format("%Y-%m-%d %H:%M:%S"),
        collected_at.format("%Y-%m-%d %H:%M:%S"),
        described(measured)
    );
    if !quarters.is_finite() || quarters.abs() * 15.0 > f64::from(MAX_OFFSET_MINUTES) {
        return Err(format!(
            "{at}, beyond ±14:00: the clock is wrong or collected_at is, no offset derived"
        ));
    }
    let minutes = quarters as i32 * 15;
    Ok(ClockOffset {
        minutes,
        note: format!("{at}, rounded to {}", format_offset(minutes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 4, 23)
            .and_then(|d| d.and_hms_opt(h, m, s))
            .unwrap_or_default()
    }

    fn collected() -> DateTime<Utc> {
        crate::lex::date::utc(2025, 4, 23, 10, 0, 12)
    }

    #[test]
    fn ist_clock_gives_plus_five_thirty() {
        let got = offset_from_clock(local(15, 30, 12), collected());
        assert_eq!(got.map(|o| o.minutes), Ok(330));
    }

    #[test]
    fn seven_minutes_of_skew_round_away() {
        let fast = offset_from_clock(local(15, 37, 12), collected());
        assert_eq!(fast.as_ref().map(|o| o.minutes), Ok(330));
        assert!(
            fast.is_ok_and(|o| o.note.contains("+05:37:00 measured, rounded to +05:30")),
            "note"
        );
        let slow = offset_from_clock(local(15, 23, 12), collected());
        assert_eq!(slow.map(|o| o.minutes), Ok(330));
        // West of UTC, and quarter-hour zones (Nepal +05:45).
        assert_eq!(
            offset_from_clock(local(2, 3, 0), collected()).map(|o| o.minutes),
            Ok(-480)
        );
        assert_eq!(
            offset_from_clock(local(15, 45, 12), collected()).map(|o| o.minutes),
            Ok(345)
        );
    }

    #[test]
    fn implausible_offsets_are_refused() {
        let far = collected() - chrono::Duration::hours(20);
        let got = offset_from_clock(local(15, 30, 12), far);
        assert!(got.as_ref().is_err_and(|e| e.contains("beyond")), "{got:?}");
        let edge = collected() - chrono::Duration::hours(14) + chrono::Duration::seconds(1);
        assert!(offset_from_clock(local(10, 0, 12), edge).is_ok());
    }

    #[test]
    fn timezones_parse_fixed_and_iana() {
        assert_eq!("+05:30".parse(), Ok(Timezone::Fixed(330)));
        assert_eq!("-0800".parse(), Ok(Timezone::Fixed(-480)));
        assert_eq!("UTC+5".parse(), Ok(Timezone::Fixed(300)));
        assert_eq!(
            "Asia/Kolkata".parse(),
            Ok(Timezone::Iana(chrono_tz::Tz::Asia__Kolkata))
        );
        assert!("Mars/Olympus".parse::<Timezone>().is_err());
        assert!("IST".parse::<Timezone>().is_err());
        assert!("+25:00".parse::<Timezone>().is_err());
        assert_eq!(Timezone::Fixed(-570).to_string(), "-09:30");
    }

    #[test]
    fn iana_offsets_follow_daylight_saving() {
        let tz: Timezone = "Europe/London".parse().unwrap_or(Timezone::Fixed(0));
        let winter = NaiveDate::from_ymd_opt(2025, 1, 10).and_then(|d| d.and_hms_opt(12, 0, 0));
        let summer = NaiveDate::from_ymd_opt(2025, 7, 10).and_then(|d| d.and_hms_opt(12, 0, 0));
        assert_eq!(
            winter.and_then(|l| tz.to_utc(l)),
            Some(crate::lex::date::utc(2025, 1, 10, 12, 0, 0))
        );
        assert_eq!(
            summer.and_then(|l| tz.to_utc(l)),
            Some(crate::lex::date::utc(2025, 7, 10, 11, 0, 0))
        );
        // 01:30 on the autumn change happens twice: refused, not guessed.
        let fold = NaiveDate::from_ymd_opt(2025, 10, 26).and_then(|d| d.and_hms_opt(1, 30, 0));
        assert_eq!(fold.and_then(|l| tz.to_utc(l)), None);
    }
}
