//! IOS-XR `show version` (classic 32-bit and 64-bit/eXR), samples `samples/iosxr/show_version/`.
//!
//! ```text
//! Cisco IOS XR Software, Version 6.1.4[Default]
//! ROA uptime is 3 weeks, 2 days, 5 hours, 11 minutes
//! System image file is "bootflash:disk0/asr9k-os-mbi-6.1.4/0x100305/mbiasr9k-rsp3.vm"
//! cisco ASR9K Series (Intel 686 F6M14S4) processor with 12582912K bytes of memory.
//! ```
//!
//! 64-bit XR prints `Cisco IOS XR Software, Version 7.3.2`, `cisco ASR9K () processor` and
//! `System uptime is ...` (no host name: it comes from the prompt). Only these lines are read;
//! the package lists and build information are expected and ignored without warnings.

use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::SoftwareVersion;
use crate::system::version::{banner_version, common_line, licensing};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show version`: banner version, uptime line (host name), image, processor, serial.
pub(crate) fn version(text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut v = SoftwareVersion::default();
    let mut hostname = None;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let t = &*line.text;
        if t.starts_with("Cisco IOS XR Software") {
            if let Some(ver) = banner_version(t) {
                v.version.get_or_insert_with(|| ver.to_string());
            }
        } else {
            common_line(t, &mut v, &mut hostname);
        }
    }
    if v.version.is_none() {
        return Err(not_this("no `Cisco IOS XR Software, Version` banner"));
    }
    Ok(licensing("IOS-XR", v, hostname))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn run(raw: &str) -> Result<DeviceLicensing, ParseError> {
        testing::run_clean(version, raw)
    }

    #[test]
    fn classic_asr9k_fields_are_read() {
        let got = run("RP/0/RSP0/CPU0:ROA#show version\nCisco IOS XR Software, Version 6.1.4[Default]\nROA uptime is 3 weeks, 2 days, 5 hours, 11 minutes\nSystem image file is \"bootflash:disk0/asr9k-os-mbi-6.1.4/0x100305/mbiasr9k-rsp3.vm\"\ncisco ASR9K Series (Intel 686 F6M14S4) processor with 12582912K bytes of memory.\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(v.os.as_deref(), Some("IOS-XR"));
        assert_eq!(v.version.as_deref(), Some("6.1.4"));
        assert_eq!(v.model.as_deref(), Some("ASR9K Series"));
        assert_eq!(
            v.image.as_deref(),
            Some("bootflash:disk0/asr9k-os-mbi-6.1.4/0x100305/mbiasr9k-rsp3.vm")
        );
        assert_eq!(got.hostname.as_deref(), Some("ROA"));
    }

    #[test]
    fn sixty_four_bit_layout_is_read() {
        let got = run("Cisco IOS XR Software, Version 7.3.2\nBuild Information:\n Version      : 7.3.2\n\ncisco ASR9K () processor\nSystem uptime is 3 weeks 2 days 4 hours 21 minutes\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(
            (v.version.as_deref(), v.model.as_deref()),
            (Some("7.3.2"), Some("ASR9K"))
        );
        assert_eq!(
            v.uptime.as_deref(),
            Some("3 weeks 2 days 4 hours 21 minutes")
        );
        assert_eq!(got.hostname, None);
    }

    #[test]
    fn text_without_banner_is_refused() {
        assert!(run("Compliance Status: Out of compliance\n").is_err());
    }
}
