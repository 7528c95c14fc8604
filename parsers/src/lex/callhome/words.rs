//! Nom terminals for call-home lines: config keywords, quoted names, `<host> port <n>`,
//! `Profile: X (status: Y)` and `Label:value` with no blank after the colon (NX-OS).

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_till, take_till1, take_while1};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{map_res, opt};
use nom::sequence::{delimited, preceded};
use nom::Parser;

use crate::lex::absent::present;
use crate::lex::PResult;
use crate::model::HttpProxy;

/// A blank-separated token.
pub(crate) fn word(i: &str) -> PResult<'_, &str> {
    take_till1(|c: char| c.is_whitespace()).parse(i)
}

/// A name, quoted (`"CiscoTAC-1"`, IOS-XE) or bare (`CiscoTAC-1`).
pub(crate) fn name(i: &str) -> PResult<'_, &str> {
    alt((
        delimited(char('"'), take_till(|c| c == '"'), char('"')),
        word,
    ))
    .parse(i)
}

/// `rest` after the whole word `kw` (any ASCII case) and the blanks that follow it, or `None`.
/// A plain byte comparison: called for every keyword of every configuration line.
fn keyword<'a>(rest: &'a str, kw: &str) -> Option<&'a str> {
    let head = rest.get(..kw.len())?;
    if !head.eq_ignore_ascii_case(kw) {
        return None;
    }
    let after = &rest[kw.len()..];
    let blanks = after.trim_start_matches([' ', '\t']);
    // A whole word: followed by blanks or by nothing.
    (after.is_empty() || blanks.len() < after.len()).then_some(blanks)
}

/// When `line` starts with the keywords `kws` (whole words, any case), the rest, trimmed.
///
/// `keywords("destination address http https://x", &["destination", "address", "http"])`
/// → `Some("https://x")`.
pub(crate) fn keywords<'a>(line: &'a str, kws: &[&'static str]) -> Option<&'a str> {
    let mut rest = line.trim_start();
    for kw in kws {
        rest = keyword(rest, kw)?;
    }
    Some(rest.trim())
}

/// `<host> [port <n>]`, the host possibly quoted: `"proxy.example.com" port 8080`.
pub(crate) fn host_port(i: &str) -> PResult<'_, (&str, Option<u16>)> {
    let (i, host) = name(i.trim_start())?;
    let (i, port) = opt(preceded(
        (space1, tag_no_case("port"), space1),
        map_res(digit1, str::parse::<u16>),
    ))
    .parse(i)?;
    Ok((i, (host, port)))
}

/// `Profile: CiscoTAC-1 (status: ACTIVE)` → `("CiscoTAC-1", "ACTIVE")`; the rest of the line
/// (an annotation) is left to the caller.
pub(crate) fn profile_status(i: &str) -> PResult<'_, (&str, &str)> {
    let (i, _) = (tag_no_case("Profile"), space0, char(':'), space0).parse(i)?;
    let (i, name) = take_till1(|c: char| c.is_whitespace() || c == '(').parse(i)?;
    let (i, status) = delimited(
        (
            space0,
            char('('),
            space0,
            tag_no_case("status"),
            space0,
            char(':'),
            space0,
        ),
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        (space0, char(')')),
    )
    .parse(i)?;
    Ok((i, (name, status)))
}

/// `label:value` or `label : value` where `label` is one of `labels` (any case): the label
/// as listed and the trimmed value. For outputs that print no blank after the colon
/// (`contact person's email:admin@example.com`), which [`crate::lex::kv::split_kv`] refuses.
pub(crate) fn tight_kv<'a>(
    line: &'a str,
    labels: &[&'static str],
) -> Option<(&'static str, &'a str)> {
    labels.iter().find_map(|label| {
        let (rest, _) = (
            tag_no_case::<_, _, nom::error::Error<&str>>(*label),
            space0,
            tag(":"),
        )
            .parse(line)
            .ok()?;
        Some((*label, rest.trim()))
    })
}

/// The `http proxy:` value of `show call-home detail` (IOS-XR and IOS-XE): `host port n`, `host:port`, or a bare host; `None` for placeholders.
pub(crate) fn http_proxy(v: &str) -> Option<HttpProxy> {
    let v = present(v)?;
    let (host, port) = match host_port(v) {
        Ok(("", (h, Some(p)))) => (h, Some(p)),
        _ => match v.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') && p.parse::<u16>().is_ok() => (h, p.parse().ok()),
            _ => (v, None),
        },
    };
    Some(HttpProxy {
        host: host.to_string(),
        port,
        enabled: None,
    })
}

/// Call-home settings `show call-home [detail]` prints that the model keeps verbatim in
/// `CallHome.other` (IOS-XE and IOS-XR print the same vocabulary): normalised label → label
/// as stored.
pub(crate) const SETTINGS_KEPT: &[(&str, &str)] = &[
    ("call home message's from address", "from address"),
    ("call home message's reply-to address", "reply-to address"),
    ("contact person's phone number", "phone number"),
    ("street address", "street address"),
    ("customer id", "customer ID"),
    ("contract id", "contract ID"),
    ("site id", "site ID"),
    ("source ip address", "source ip address"),
    ("mail-server", "Mail-server"),
    ("server identity check", "http secure server identity check"),
    ("http resolve-hostname", "http resolve-hostname"),
    ("diagnostic signature", "Diagnostic signature"),
    ("aaa-authorization", "aaa-authorization"),
    ("aaa-authorization username", "aaa-authorization username"),
    ("data-privacy", "data-privacy"),
    ("syslog throttling", "syslog throttling"),
    ("rate-limit", "Rate-limit"),
    ("snapshot command", "Snapshot command"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_only() {
        let cases = [
            (
                "destination address http https://x/y",
                &["destination", "address", "http"][..],
                Some("https://x/y"),
            ),
            ("  active", &["active"][..], Some("")),
            ("activate", &["active"][..], None),
            ("Service Active", &["service", "active"][..], Some("")),
            ("no active", &["active"][..], None),
        ];
        for (line, kws, want) in cases {
            assert_eq!(keywords(line, kws), want, "{line}");
        }
    }

    #[test]
    fn quoted_and_bare_names() {
        assert_eq!(name("\"CiscoTAC-1\" x").map(|r| r.1), Ok("CiscoTAC-1"));
        assert_eq!(name("CiscoTAC-1").map(|r| r.1), Ok("CiscoTAC-1"));
    }

    #[test]
    fn proxy_host_and_port() {
        assert_eq!(
            host_port("\"proxy.example.com\" port 8080").map(|r| r.1),
            Ok(("proxy.example.com", Some(8080)))
        );
        assert_eq!(host_port("10.1.1.1").map(|r| r.1), Ok(("10.1.1.1", None)));
        assert_eq!(
            host_port("mybastion.cisco.com port 99999").map(|r| r.1),
            Ok(("mybastion.cisco.com", None))
        );
    }

    #[test]
    fn profile_status_terminal() {
        let (rest, got) =
            profile_status("Profile: CiscoTAC-1 (status: ACTIVE) ; default").unwrap_or_default();
        assert_eq!(got, ("CiscoTAC-1", "ACTIVE"));
        assert_eq!(rest, " ; default");
        assert!(profile_status("Profile Name: CiscoTAC-1").is_err());
    }

    #[test]
    fn tight_labels_need_no_blank() {
        assert_eq!(
            tight_kv(
                "contact person's email:admin@example.com",
                &["contact person's email"]
            ),
            Some(("contact person's email", "admin@example.com"))
        );
        assert_eq!(
            tight_kv("periodic inventory : enabled", &["periodic inventory"]),
            Some(("periodic inventory", "enabled"))
        );
        assert_eq!(tight_kv("street addr", &["street addr"]), None);
    }
}
