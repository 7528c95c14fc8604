//! Cisco timestamps, all converted to UTC.
//!
//! Formats seen (SEED-SPEC § e):
//! - agent fields `Jun 22 16:15:41 2022 UTC` (optionally after a weekday: `Wed Jun 22 ...`);
//! - IOS-XR `Wed Dec 17 2014 13:07:23 PST` (year before time);
//! - `show clock` `*05:30:30.132 UTC Fri Oct 22 2021` (`*`/`.` = not synced, handled by callers);
//! - ISO 8601 `2021-08-13T17:19:07Z` and `2015-01-12 21:06:56` (zone from elsewhere).
//!
//! Zone abbreviations go through [`zone_offset`]; an unknown or ambiguous one is an error the
//! caller turns into a warning, never a guess.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::{char, digit1, one_of, space1};
use nom::combinator::{map_res, opt, recognize};
use nom::sequence::preceded;
use nom::Parser;

use super::PResult;
use crate::model::Resolution;
use crate::options::{ParseOptions, Timezone};

/// A timestamp as printed: local date-time plus the zone token, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) local: NaiveDateTime,
    pub(crate) zone: Option<String>,
}

/// Why a timestamp could not become UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not a timestamp in any known format.
    Malformed,
    /// The zone is missing (it may sit on the next, wrapped line).
    MissingZone,
    /// The zone abbreviation is not in the table.
    UnknownZone(String),
    /// The zone abbreviation names more than one zone (`IST`).
    AmbiguousZone(String),
    /// `Jan 01 00:00:00 1970` and friends: the device's "never".
    Sentinel,
    /// The operator's zone does not have this local time once (a daylight saving change).
    LocalTime(String),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Malformed => f.write_str("not a date in any known Cisco format"),
            DateError::MissingZone => f.write_str("date has no time zone; not converted to UTC"),
            DateError::UnknownZone(z) => write!(f, "unknown time zone {z:?}; date not converted"),
            DateError::AmbiguousZone(z) => {
                write!(
                    f,
                    "ambiguous time zone {z:?} (several zones use it); date not converted"
                )
            }
            DateError::Sentinel => f.write_str("epoch sentinel date means never"),
            DateError::LocalTime(z) => write!(
                f,
                "local time skipped or repeated in {z} (daylight saving change); date not converted"
            ),
        }
    }
}

/// Zone abbreviations and their UTC offsets in minutes. US readings win for `CST`/`EST`
/// (the seeds print US zones); `IST`, `AST` and `BST`-like clashes are in [`AMBIGUOUS`].
pub const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("UT", 0),
    ("Z", 0),
    ("ZULU", 0),
    ("WET", 0),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("ADT", -180),
    ("NST", -210),
    ("NDT", -150),
    ("BRT", -180),
    ("ART", -180),
    ("CLT", -240),
    ("WEST", 60),
    ("CET", 60),
    ("MET", 60),
    ("WAT", 60),
    ("BST", 60),
    ("CEST", 120),
    ("MEST", 120),
    ("EET", 120),
    ("SAST", 120),
    ("CAT", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("EAT", 180),
    ("GST", 240),
    ("PKT", 300),
    ("NPT", 345),
    ("ICT", 420),
    ("WIB", 420),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("PHT", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("ACDT", 630),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// Abbreviations that name several zones: a warning, never a guess.
pub const AMBIGUOUS: &[&str] = &["IST", "AST", "ECT", "SST"];

/// UTC offset of a zone token, in minutes: an abbreviation from [`ZONES`] (any case) or a
/// numeric form (`+05:30`, `-0800`, `UTC+5`, `GMT-08:00`).
pub(crate) fn zone_offset(zone: &str) -> Result<i32, DateError> {
    let z = zone.trim().to_ascii_uppercase();
    if let Some((_, off)) = ZONES.iter().find(|(name, _)| *name == z) {
        return Ok(*off);
    }
    if AMBIGUOUS.contains(&z.as_str()) {
        return Err(DateError::AmbiguousZone(zone.trim().to_string()));
    }
    let numeric = z
        .strip_prefix("UTC")
        .or_else(|| z.strip_prefix("GMT"))
        .unwrap_or(&z);
    numeric_offset(numeric).ok_or_else(|| DateError::UnknownZone(zone.trim().to_string()))
}

/// `+05:30`, `-0800`, `+5`, `-08:00` → minutes.
fn numeric_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

fn month(i: &str) -> PResult<'_, u32> {
    let (rest, m) = take_while_m_n(3, 3, |c: char| c.is_ascii_alphabetic()).parse(i)?;
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    match MONTHS.iter().position(|n| n.eq_ignore_ascii_case(m)) {
        Some(p) => Ok((rest, p as u32 + 1)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

fn weekday(i: &str) -> PResult<'_, &str> {
    let (rest, w) = take_while_m_n(3, 3, |c: char| c.is_ascii_alphabetic()).parse(i)?;
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    if DAYS.iter().any(|d| d.eq_ignore_ascii_case(w)) {
        Ok((rest, w))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )))
    }
}

fn num(i: &str) -> PResult<'_, u32> {
    map_res(
        take_while_m_n(1, 4, |c: char| c.is_ascii_digit()),
        str::parse::<u32>,
    )
    .parse(i)
}

fn year(i: &str) -> PResult<'_, i32> {
    map_res(
        take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
        str::parse::<i32>,
    )
    .parse(i)
}

/// `HH:MM:SS[.fff]`.
fn time(i: &str) -> PResult<'_, NaiveTime> {
    let (i, h) = num(i)?;
    let (i, _) = char(':')(i)?;
    let (i, m) = num(i)?;
    let (i, _) = char(':')(i)?;
    let (i, s) = num(i)?;
    let (i, frac) = opt(preceded(char('.'), digit1)).parse(i)?;
    let nanos = frac.map_or(0, |f: &str| {
        let f = &f[..f.len().min(9)];
        f.parse::<u32>().unwrap_or(0) * 10u32.pow(9 - f.len() as u32)
    });
    match NaiveTime::from_hms_nano_opt(h, m, s, nanos) {
        Some(t) => Ok((i, t)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// A zone token: letters, or a numeric offset, optionally prefixed (`UTC+5`, `GMT-08:00`).
fn zone(i: &str) -> PResult<'_, &str> {
    recognize(alt((
        (
            take_while1(|c: char| c.is_ascii_alphabetic()),
            opt((
                one_of("+-"),
                take_while1(|c: char| c.is_ascii_digit() || c == ':'),
            )),
        )
            .map(|_| ()),
        (
            one_of("+-"),
            take_while1(|c: char| c.is_ascii_digit() || c == ':'),
        )
            .map(|_| ()),
    )))
    .parse(i)
}

fn date(y: i32, m: u32, d: u32, i: &str) -> Result<NaiveDate, nom::Err<nom::error::Error<&str>>> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
}

/// `[Wkd ]Mon DD HH:MM:SS YYYY[ ZONE]` (agent fields, ctime).
fn agent_format(i: &str) -> PResult<'_, Stamp> {
    let (i, _) = opt((weekday, space1)).parse(i)?;
    let (i, m) = month(i)?;
    let (i, _) = space1(i)?;
    let (i, d) = num(i)?;
    let (i, _) = space1(i)?;
    let (i, t) = time(i)?;
    let (i, _) = space1(i)?;
    let (i, y) = year(i)?;
    let (i, z) = opt(preceded(space1, zone)).parse(i)?;
    let nd = date(y, m, d, i)?;
    Ok((
        i,
        Stamp {
            local: nd.and_time(t),
            zone: z.map(str::to_string),
        },
    ))
}

/// `Wkd Mon DD YYYY HH:MM:SS[ ZONE]` (IOS-XR).
fn xr_format(i: &str) -> PResult<'_, Stamp> {
    let (i, _) = opt((weekday, space1)).parse(i)?;
    let (i, m) = month(i)?;
    let (i, _) = space1(i)?;
    let (i, d) = num(i)?;
    let (i, _) = space1(i)?;
    let (i, y) = year(i)?;
    let (i, _) = space1(i)?;
    let (i, t) = time(i)?;
    let (i, z) = opt(preceded(space1, zone)).parse(i)?;
    let nd = date(y, m, d, i)?;
    Ok((
        i,
        Stamp {
            local: nd.and_time(t),
            zone: z.map(str::to_string),
        },
    ))
}

/// `HH:MM:SS[.fff] ZONE Wkd Mon DD YYYY` (`show clock`, without its `*`/`.` marker).
fn clock_format(i: &str) -> PResult<'_, Stamp> {
    let (i, t) = time(i)?;
    let (i, _) = space1(i)?;
    let (i, z) = zone(i)?;
    let (i, _) = space1(i)?;
    let (i, _) = opt((weekday, space1)).parse(i)?;
    let (i, m) = month(i)?;
    let (i, _) = space1(i)?;
    let (i, d) = num(i)?;
    let (i, _) = space1(i)?;
    let (i, y) = year(i)?;
    let nd = date(y, m, d, i)?;
    Ok((
        i,
        Stamp {
            local: nd.and_time(t),
            zone: Some(z.to_string()),
        },
    ))
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM| ZONE]`.
fn iso_format(i: &str) -> PResult<'_, Stamp> {
    let (i, y) = year(i)?;
    let (i, _) = char('-')(i)?;
    let (i, m) = num(i)?;
    let (i, _) = char('-')(i)?;
    let (i, d) = num(i)?;
    let (i, _) = alt((tag("T"), tag("t"), space1)).parse(i)?;
    let (i, t) = time(i)?;
    let (i, z) = opt(alt((
        tag("Z").map(|z: &str| z),
        recognize((
            one_of("+-"),
            take_while1(|c: char| c.is_ascii_digit() || c == ':'),
        )),
        preceded(space1, zone),
    )))
    .parse(i)?;
    let nd = date(y, m, d, i)?;
    Ok((
        i,
        Stamp {
            local: nd.and_time(t),
            zone: z.map(str::to_string),
        },
    ))
}

/// Any supported timestamp at the start of `i`.
pub(crate) fn stamp(i: &str) -> PResult<'_, Stamp> {
    alt((iso_format, clock_format, xr_format, agent_format)).parse(i)
}

impl Stamp {
    /// Converts to UTC with the printed zone.
    pub(crate) fn to_utc(&self) -> Result<DateTime<Utc>, DateError> {
        let zone = self.zone.as_deref().ok_or(DateError::MissingZone)?;
        self.to_utc_with(zone)
    }

    /// Converts to UTC with `zone`, for outputs that print the zone apart (XR statistics header).
    pub(crate) fn to_utc_with(&self, zone: &str) -> Result<DateTime<Utc>, DateError> {
        if self.local.and_utc().timestamp() <= 86_400 {
            return Err(DateError::Sentinel);
        }
        let minutes = zone_offset(zone)?;
        let offset =
            FixedOffset::east_opt(minutes * 60).ok_or(DateError::UnknownZone(zone.to_string()))?;
        offset
            .from_local_datetime(&self.local)
            .single()
            .map(|d| d.with_timezone(&Utc))
            .ok_or(DateError::Malformed)
    }

    /// Converts to UTC with `zone` (printed apart) or the printed zone: the zone table and
    /// numeric offsets first, then, for a name they do not resolve, the operator's zone and
    /// the zones the device clock resolved ([`ParseOptions`]). Says which one decided.
    pub(crate) fn resolve(
        &self,
        zone: Option<&str>,
        options: &ParseOptions,
    ) -> Result<(DateTime<Utc>, Resolution), DateError> {
        if self.local.and_utc().timestamp() <= 86_400 {
            return Err(DateError::Sentinel);
        }
        let zone = zone
            .or(self.zone.as_deref())
            .ok_or(DateError::MissingZone)?;
        match self.to_utc_with(zone) {
            Ok(d) => Ok((d, Resolution::Printed)),
            Err(e @ (DateError::UnknownZone(_) | DateError::AmbiguousZone(_))) => {
                if let Some(tz) = options.timezone {
                    return tz
                        .to_utc(self.local)
                        .map(|d| (d, Resolution::Inventory))
                        .ok_or_else(|| DateError::LocalTime(tz.to_string()));
                }
                match options.clock_zone(zone) {
                    Some(minutes) => Timezone::Fixed(minutes)
                        .to_utc(self.local)
                        .map(|d| (d, Resolution::DeviceClock))
                        .ok_or(e),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }
}

/// Parses a whole value as a timestamp. A trailing `.` (XR cert lines) and spaces are allowed;
/// anything else after the date makes it malformed.
pub(crate) fn whole_stamp(s: &str) -> Result<Stamp, DateError> {
    let (rest, st) = stamp(s.trim()).map_err(|_| DateError::Malformed)?;
    let rest = rest.trim_start_matches(['.', ' ']);
    if !rest.is_empty() {
        return Err(DateError::Malformed);
    }
    Ok(st)
}

/// Parses a whole value as a timestamp and converts it to UTC. A trailing `.` (XR cert lines)
/// and spaces are allowed; anything else after the date makes it malformed.
#[cfg(test)]
pub(crate) fn parse_datetime(s: &str) -> Result<DateTime<Utc>, DateError> {
    whole_stamp(s)?.to_utc()
}

/// Parses a whole value as a local timestamp whose zone is printed elsewhere.
pub(crate) fn parse_stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    let (rest, st) = stamp(s).ok()?;
    rest.trim().is_empty().then_some(st)
}

/// Used by the space-tolerant grammars: `Utc` date from parts, for tests.
#[cfg(test)]
pub(crate) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_format_parses_to_utc() {
        let cases = [
            ("Jul 16 14:26:01 2021 UTC", utc(2021, 7, 16, 14, 26, 1)),
            ("Oct 22 14:25:31 2018 EST", utc(2018, 10, 22, 19, 25, 31)),
            ("Mar 12 09:17:45 2020 EDT", utc(2020, 3, 12, 13, 17, 45)),
            ("Mar 09 21:42:02 2019 CST", utc(2019, 3, 10, 3, 42, 2)),
            ("Wed Dec 17 2014 13:07:23 PST", utc(2014, 12, 17, 21, 7, 23)),
            ("2021-08-13T17:19:07Z", utc(2021, 8, 13, 17, 19, 7)),
            ("2021-08-13T17:19:07+02:00", utc(2021, 8, 13, 15, 19, 7)),
            (
                "05:30:30.132 UTC Fri Oct 22 2021",
                utc(2021, 10, 22, 5, 30, 30) + chrono::Duration::milliseconds(132),
            ),
            ("Jul 16 14:26:01 2021 utc", utc(2021, 7, 16, 14, 26, 1)),
            ("Jul  6 14:26:01 2021 UTC", utc(2021, 7, 6, 14, 26, 1)),
            ("Mon Jan 12 2015 21:00:13 PST.", utc(2015, 1, 13, 5, 0, 13)),
            (
                "Jun 22 16:15:41 2022 GMT+05:30",
                utc(2022, 6, 22, 10, 45, 41),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_datetime(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn unknown_and_ambiguous_zones_are_errors_not_guesses() {
        assert_eq!(
            parse_datetime("Jul 16 14:26:01 2021 XYZ"),
            Err(DateError::UnknownZone("XYZ".into()))
        );
        assert_eq!(
            parse_datetime("Jul 16 14:26:01 2021 IST"),
            Err(DateError::AmbiguousZone("IST".into()))
        );
        assert_eq!(
            parse_datetime("Jul 16 14:26:01 2021"),
            Err(DateError::MissingZone)
        );
    }

    #[test]
    fn sentinels_and_garbage_are_not_dates() {
        assert_eq!(
            parse_datetime("Jan 01 00:00:00 1970 UTC"),
            Err(DateError::Sentinel)
        );
        assert_eq!(parse_datetime("<none>"), Err(DateError::Malformed));
        assert_eq!(
            parse_datetime("Feb 30 10:00:00 2021 UTC"),
            Err(DateError::Malformed)
        );
        assert_eq!(
            parse_datetime("Jul 16 25:26:01 2021 UTC"),
            Err(DateError::Malformed)
        );
        assert_eq!(
            parse_datetime("Jul 16 14:26:01 2021 UTC trailing"),
            Err(DateError::Malformed)
        );
    }

    fn resolve(
        text: &str,
        options: &ParseOptions,
    ) -> Result<(DateTime<Utc>, Resolution), DateError> {
        whole_stamp(text)?.resolve(None, options)
    }

    #[test]
    fn the_zone_table_wins_then_the_operator_then_the_device_clock() {
        let clock_ist = ParseOptions {
            zones: [("IST".to_string(), 330)].into(),
            timezone: None,
        };
        let text = "Apr 23 15:33:15 2025 IST";
        assert_eq!(
            resolve(text, &clock_ist),
            Ok((utc(2025, 4, 23, 10, 3, 15), Resolution::DeviceClock))
        );
        // Only the name the clock printed: `AST` stays ambiguous.
        assert_eq!(
            resolve("Apr 23 15:33:15 2025 AST", &clock_ist),
            Err(DateError::AmbiguousZone("AST".into()))
        );
        // A printed UTC (or any table zone) stays what it says.
        assert_eq!(
            resolve("Apr 23 15:33:15 2025 UTC", &clock_ist),
            Ok((utc(2025, 4, 23, 15, 33, 15), Resolution::Printed))
        );
        let operator = ParseOptions {
            timezone: Some(Timezone::Fixed(-180)),
            ..clock_ist.clone()
        };
        assert_eq!(
            resolve(text, &operator),
            Ok((utc(2025, 4, 23, 18, 33, 15), Resolution::Inventory))
        );
        assert_eq!(
            resolve("Apr 23 15:33:15 2025 XYZ", &operator),
            Ok((utc(2025, 4, 23, 18, 33, 15), Resolution::Inventory))
        );
        assert_eq!(
            resolve("Apr 23 15:33:15 2025 EST", &operator),
            Ok((utc(2025, 4, 23, 20, 33, 15), Resolution::Printed))
        );
        assert_eq!(
            resolve("Jan 01 00:00:00 1970 IST", &operator),
            Err(DateError::Sentinel)
        );
        assert_eq!(
            resolve(text, &ParseOptions::default()),
            Err(DateError::AmbiguousZone("IST".into()))
        );
    }

    #[test]
    fn operator_iana_zone_applies_per_date() {
        let london = ParseOptions {
            timezone: "Europe/London".parse().ok(),
            ..ParseOptions::default()
        };
        assert_eq!(
            resolve("Jan 10 12:00:00 2025 UKT", &london).map(|r| r.0),
            Ok(utc(2025, 1, 10, 12, 0, 0))
        );
        assert_eq!(
            resolve("Jul 10 12:00:00 2025 LON", &london).map(|r| r.0),
            Ok(utc(2025, 7, 10, 11, 0, 0))
        );
        assert!(matches!(
            resolve("Oct 26 01:30:00 2025 LON", &london),
            Err(DateError::LocalTime(_))
        ));
    }

    #[test]
    fn zone_printed_apart_is_applied() {
        let st = parse_stamp("2015-01-12 21:06:56");
        assert_eq!(
            st.map(|s| s.to_utc_with("GMT-08:00")),
            Some(Ok(utc(2015, 1, 13, 5, 6, 56)))
        );
    }
}
