//! Durations as printed: `86 days, 11 hours, 49 minutes, 40 seconds`, `30 days`, `8  weeks 4  days`.

use nom::branch::alt;
use nom::bytes::complete::tag_no_case;
use nom::character::complete::{digit1, multispace0, multispace1};
use nom::combinator::{map_res, opt};
use nom::multi::separated_list1;
use nom::sequence::terminated;
use nom::Parser;

use super::PResult;

/// One `<n> <unit>` term in seconds.
fn term(i: &str) -> PResult<'_, u64> {
    let (i, n) = map_res(digit1, str::parse::<u64>).parse(i)?;
    let (i, _) = multispace0(i)?;
    let (i, unit) = alt((
        terminated(tag_no_case("week"), opt(tag_no_case("s"))).map(|_| 7 * 86_400),
        terminated(tag_no_case("day"), opt(tag_no_case("s"))).map(|_| 86_400),
        terminated(tag_no_case("hour"), opt(tag_no_case("s"))).map(|_| 3_600),
        terminated(tag_no_case("hr"), opt(tag_no_case("s"))).map(|_| 3_600),
        terminated(tag_no_case("minute"), opt(tag_no_case("s"))).map(|_| 60),
        terminated(tag_no_case("min"), opt(tag_no_case("s"))).map(|_| 60),
        terminated(tag_no_case("second"), opt(tag_no_case("s"))).map(|_| 1),
        terminated(tag_no_case("sec"), opt(tag_no_case("s"))).map(|_| 1),
    ))
    .parse(i)?;
    Ok((i, n.saturating_mul(unit)))
}

/// Separator between terms: `, ` or plain spaces.
fn sep(i: &str) -> PResult<'_, ()> {
    alt((
        (
            multispace0,
            nom::character::complete::char(','),
            multispace0,
        )
            .map(|_| ()),
        multispace1.map(|_| ()),
    ))
    .parse(i)
}

/// Parses a whole duration to seconds; `None` when the text is not one.
pub(crate) fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let (rest, terms) = separated_list1(sep, term).parse(s).ok()?;
    rest.trim()
        .is_empty()
        .then(|| terms.iter().fold(0u64, |a, t| a.saturating_add(*t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluation_remaining_becomes_seconds() {
        assert_eq!(
            parse_duration("86 days, 11 hours, 49 minutes, 40 seconds"),
            Some(86 * 86_400 + 11 * 3_600 + 49 * 60 + 40)
        );
        assert_eq!(
            parse_duration("65 days, 18 hours, 43 minutes, 0 seconds"),
            Some(65 * 86_400 + 18 * 3_600 + 43 * 60)
        );
        assert_eq!(parse_duration("30 days"), Some(30 * 86_400));
        assert_eq!(parse_duration("30  days"), Some(30 * 86_400));
        assert_eq!(parse_duration("8  weeks 4  days"), Some(60 * 86_400));
        assert_eq!(
            parse_duration("1 day, 1 hour, 1 minute, 1 second"),
            Some(90_061)
        );
    }

    #[test]
    fn non_durations_are_rejected() {
        for s in ["", "<none>", "30", "days", "30 days ago", "Life time"] {
            assert_eq!(parse_duration(s), None, "{s}");
        }
    }
}
