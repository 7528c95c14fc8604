//! IOS-XE (and classic IOS on ISR G2) `show version`, samples `samples/iosxe/show_version/`.
//!
//! ```text
//! Cisco IOS XE Software, Version 17.03.04a
//! Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4a, RELEASE SOFTWARE (fc3)
//! c9300-edge-01 uptime is 1 year, 2 weeks, 3 days, 4 hours, 5 minutes
//! System image file is "flash:packages.conf"
//! cisco C9300-24P (X86) processor with 1392780K/6147K bytes of memory.
//! Processor board ID FOC2245X0AB
//! Switch Ports Model              SW Version        SW Image              Mode
//! *    1 41    C9300-24P          17.03.04a         CAT9K_IOSXE           INSTALL
//! ```
//!
//! Only these lines are read; the many others are expected and ignored without warnings.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::SoftwareVersion;
use crate::system::version::{banner_version, common_line, licensing};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show version`: banner version, uptime line (host name), image, processor, serial.
pub(crate) fn version(text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut v = SoftwareVersion::default();
    let mut hostname = None;
    let mut xe_version = None;
    let mut ios_version = None;
    let mut is_xe = false;
    let mut in_switch_table = false;
    let mut table_model = None;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let t = &*line.text;
        if t.starts_with("Cisco IOS XE Software") || t.starts_with("Cisco IOS-XE Software") {
            is_xe = true;
            xe_version = xe_version.or(banner_version(t));
        } else if t.starts_with("Cisco IOS Software") {
            is_xe |= t.contains("IOSXE") || t.contains("IOS-XE");
            ios_version = ios_version.or(banner_version(t));
        } else if common_line(t, &mut v, &mut hostname) {
            // uptime, image, processor, serial
        } else if t.starts_with("Switch Ports Model") {
            in_switch_table = true;
        } else if in_switch_table && table_model.is_none() {
            table_model = switch_row_model(t).map(str::to_string);
        }
    }
    v.version = xe_version.or(ios_version).map(str::to_string);
    if v.version.is_none() {
        return Err(not_this("no `Cisco IOS ... Version` banner"));
    }
    if v.model.is_none() {
        v.model = table_model;
    }
    Ok(licensing(if is_xe { "IOS-XE" } else { "IOS" }, v, hostname))
}

/// `*    1 41    C9300-24P   17.03.04a   CAT9K_IOSXE   INSTALL` → `C9300-24P` (the dashed
/// rule under the heading gives `None`).
fn switch_row_model(t: &str) -> Option<&str> {
    let mut words = t.trim_start_matches('*').split_whitespace();
    let (Some(switch), Some(ports), Some(model)) = (words.next(), words.next(), words.next())
    else {
        return None;
    };
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numeric(switch) && numeric(ports)).then_some(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn run(raw: &str) -> Result<DeviceLicensing, ParseError> {
        testing::run_clean(version, raw)
    }

    #[test]
    fn catalyst_fields_are_read() {
        let got = run("Cisco IOS XE Software, Version 17.03.04a\nCisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4a, RELEASE SOFTWARE (fc3)\nc9300-edge-01 uptime is 1 year, 2 weeks, 3 days, 4 hours, 5 minutes\nUptime for this control processor is 1 year, 2 weeks, 3 days, 4 hours, 7 minutes\nSystem image file is \"flash:packages.conf\"\ncisco C9300-24P (X86) processor with 1392780K/6147K bytes of memory.\nProcessor board ID FOC2245X0AB\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(v.os.as_deref(), Some("IOS-XE"));
        assert_eq!(v.version.as_deref(), Some("17.03.04a"));
        assert_eq!(v.model.as_deref(), Some("C9300-24P"));
        assert_eq!(v.serial.as_deref(), Some("FOC2245X0AB"));
        assert_eq!(v.image.as_deref(), Some("flash:packages.conf"));
        assert_eq!(
            v.uptime.as_deref(),
            Some("1 year, 2 weeks, 3 days, 4 hours, 5 minutes")
        );
        assert_eq!(got.hostname.as_deref(), Some("c9300-edge-01"));
    }

    #[test]
    fn classic_ios_banner_gives_ios() {
        let got = run("Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.4(3)M3, RELEASE SOFTWARE (fc2)\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(
            (v.os.as_deref(), v.version.as_deref()),
            (Some("IOS"), Some("15.4(3)M3"))
        );
    }

    #[test]
    fn switch_table_rows_known_answers() {
        assert_eq!(
            switch_row_model(
                "*    1 41    C9300-24P          17.03.04a         CAT9K_IOSXE           INSTALL"
            ),
            Some("C9300-24P")
        );
        assert_eq!(switch_row_model("------ ----- -----"), None);
    }

    #[test]
    fn text_without_banner_is_refused() {
        assert!(run("Processor board ID FOC2245X0AB\n").is_err());
    }
}
