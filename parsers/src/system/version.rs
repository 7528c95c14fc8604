//! Line shapes `show version` prints on more than one platform: the uptime line, the quoted
//! image file, `Processor board ID`, `Version <v>` inside a banner.
//!
//! `show version` is long and free-form; the platform grammars take the few lines they need
//! through these and ignore the rest without warnings.

use nom::bytes::complete::{tag, tag_no_case, take_till1, take_while1};
use nom::character::complete::{space0, space1};
use nom::combinator::rest;
use nom::Parser;

use crate::lex::PResult;
use crate::model::SoftwareVersion;
use crate::DeviceLicensing;

/// The lines IOS-XE and IOS-XR `show version` print alike, in this order of tries: uptime
/// (and the host name it names), image file, processor model, board serial. The first of each
/// is kept. `false` when `t` is none of them.
pub(crate) fn common_line(t: &str, v: &mut SoftwareVersion, hostname: &mut Option<String>) -> bool {
    if let Some((host, up)) = uptime_line(t) {
        if v.uptime.is_none() {
            v.uptime = Some(up.to_string());
            *hostname = host.map(str::to_string);
        }
    } else if let Some(image) = image_file(t) {
        v.image.get_or_insert_with(|| image.to_string());
    } else if let Some(model) = processor_model(t) {
        v.model.get_or_insert_with(|| model.to_string());
    } else if let Some(serial) = board_id(t) {
        v.serial.get_or_insert_with(|| serial.to_string());
    } else {
        return false;
    }
    true
}

/// The model a `show version` grammar returns: `v` with its `os` set, and the host name.
pub(crate) fn licensing(
    os: &str,
    mut v: SoftwareVersion,
    hostname: Option<String>,
) -> DeviceLicensing {
    v.os = Some(os.to_string());
    v.hostname = hostname.clone();
    DeviceLicensing {
        hostname,
        version: Some(v),
        ..DeviceLicensing::default()
    }
}

/// `c9300-edge-01 uptime is 1 year, 2 weeks, ...` → `(Some(host), uptime)`; 64-bit IOS-XR
/// `System uptime is ...` and NX-OS `Kernel uptime is ...` name no host.
pub(crate) fn uptime_line(t: &str) -> Option<(Option<&str>, &str)> {
    let parsed: PResult<'_, (&str, &str)> = (
        take_till1(char::is_whitespace),
        (space1, tag("uptime is"), space1),
        rest,
    )
        .map(|(host, _, up)| (host, up))
        .parse(t);
    let (_, (host, up)) = parsed.ok()?;
    let up = up.trim();
    if up.is_empty() {
        return None;
    }
    let host = (!["System", "Kernel"].contains(&host)).then_some(host);
    Some((host, up))
}

/// `System image file is "flash:packages.conf"` → `flash:packages.conf` (quotes optional).
pub(crate) fn image_file(t: &str) -> Option<&str> {
    let parsed: PResult<'_, &str> = (tag_no_case("System image file is"), space0, rest)
        .map(|(_, _, v)| v)
        .parse(t);
    let (_, v) = parsed.ok()?;
    let v = v.trim().trim_matches('"').trim();
    (!v.is_empty()).then_some(v)
}

/// `Processor board ID FOC2245X0AB` (any case of `board`) → the serial.
pub(crate) fn board_id(t: &str) -> Option<&str> {
    let parsed: PResult<'_, &str> = (
        tag_no_case("Processor board ID"),
        space1,
        take_while1(|c: char| !c.is_whitespace()),
    )
        .map(|(_, _, id)| id)
        .parse(t);
    parsed.ok().map(|(_, id)| id.trim_end_matches(','))
}

/// The token after `Version ` in a banner: `Cisco IOS XE Software, Version 17.03.04a` →
/// `17.03.04a`; trailing `,` and XR's `[Default]` are dropped.
pub(crate) fn banner_version(t: &str) -> Option<&str> {
    let lower = t.to_ascii_lowercase();
    let at = lower.find("version ")?;
    let after = t.get(at + "version ".len()..)?.trim_start();
    let word = after.split_whitespace().next()?.trim_end_matches(',');
    let word = word.split('[').next().unwrap_or(word);
    (!word.is_empty()).then_some(word)
}

/// `cisco C9300-24P (X86) processor with ...` → `C9300-24P`; XR `cisco ASR9K Series (Intel
/// 686 F6M14S4) processor` → `ASR9K Series`, 64-bit `cisco ASR9K () processor` → `ASR9K`.
pub(crate) fn processor_model(t: &str) -> Option<&str> {
    let rest = t.strip_prefix("cisco ")?;
    if !rest.contains("processor") && !rest.contains(" with ") {
        return None;
    }
    let model = rest
        .split(" (")
        .next()
        .unwrap_or(rest)
        .split(" processor")
        .next()
        .unwrap_or(rest)
        .trim();
    (!model.is_empty()).then_some(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_lines_known_answers() {
        assert_eq!(
            uptime_line("c9300-edge-01 uptime is 1 year, 2 weeks, 3 days"),
            Some((Some("c9300-edge-01"), "1 year, 2 weeks, 3 days"))
        );
        assert_eq!(
            uptime_line("ROA uptime is 3 weeks, 2 days, 5 hours, 11 minutes"),
            Some((Some("ROA"), "3 weeks, 2 days, 5 hours, 11 minutes"))
        );
        assert_eq!(
            uptime_line("System uptime is 3 weeks 2 days"),
            Some((None, "3 weeks 2 days"))
        );
        assert_eq!(
            uptime_line("Uptime for this control processor is 1 year"),
            None
        );
    }

    #[test]
    fn image_serial_version_model_known_answers() {
        assert_eq!(
            image_file("System image file is \"flash:packages.conf\""),
            Some("flash:packages.conf")
        );
        assert_eq!(
            board_id("Processor board ID FOC2245X0AB"),
            Some("FOC2245X0AB")
        );
        assert_eq!(
            board_id("Processor Board ID FDO23021ABC"),
            Some("FDO23021ABC")
        );
        assert_eq!(
            banner_version("Cisco IOS XE Software, Version 17.03.04a"),
            Some("17.03.04a")
        );
        assert_eq!(
            banner_version("Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4a, RELEASE SOFTWARE (fc3)"),
            Some("17.3.4a")
        );
        assert_eq!(
            banner_version("Cisco IOS XR Software, Version 6.1.4[Default]"),
            Some("6.1.4")
        );
        assert_eq!(
            processor_model("cisco C9300-24P (X86) processor with 1392780K/6147K bytes of memory."),
            Some("C9300-24P")
        );
        assert_eq!(
            processor_model(
                "cisco ASR9K Series (Intel 686 F6M14S4) processor with 12582912K bytes of memory."
            ),
            Some("ASR9K Series")
        );
        assert_eq!(processor_model("cisco ASR9K () processor"), Some("ASR9K"));
        assert_eq!(processor_model("cisco Systems"), None);
    }
}
