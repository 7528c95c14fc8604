//! NX-OS `show version`, samples `samples/nxos/show_version/`.
//!
//! ```text
//! Cisco Nexus Operating System (NX-OS) Software
//!  NXOS: version 9.3(4)                       (7.x: `NXOS: version 7.0(3)I7(8)`, N7K `system:    version 8.2(1)`)
//!   NXOS image file is: bootflash:///nxos.9.3.4.bin
//!   cisco Nexus9000 C93180YC-FX Chassis
//!   Processor Board ID FDO23021ABC
//!   Device name: n9k-core-01
//! Kernel uptime is 12 day(s), 3 hour(s), 14 minute(s), 51 second(s)
//! ```
//!
//! Only these lines are read; the many others are expected and ignored without warnings.

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::SoftwareVersion;
use crate::system::version::{board_id, licensing, uptime_line};
use crate::{not_this, DeviceLicensing, ParseError};

/// `show version`: banner, version, image, chassis, serial, device name, uptime.
pub(crate) fn version(text: &Text, _w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut v = SoftwareVersion::default();
    let mut hostname = None;
    let mut banner = false;
    let mut fallback_version = None;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        let t = &*line.text;
        if t.starts_with("Cisco Nexus Operating System (NX-OS) Software") {
            banner = true;
        } else if let Some(serial) = board_id(t) {
            v.serial.get_or_insert_with(|| serial.to_string());
        } else if let Some((_, up)) = uptime_line(t) {
            v.uptime.get_or_insert_with(|| up.to_string());
        } else if let Some(model) = chassis(t) {
            v.model.get_or_insert_with(|| model.to_string());
        } else if let Some((label, value)) = split_kv(t) {
            match norm(label).as_str() {
                // `NXOS: version 9.3(4)` wins over the older `system: version` line.
                "nxos" => {
                    if let Some(ver) = version_word(value) {
                        v.version = Some(ver.to_string());
                    }
                }
                "system" => {
                    if let Some(ver) = version_word(value) {
                        v.version.get_or_insert_with(|| ver.to_string());
                    }
                }
                "system version" => fallback_version = Some(value.trim().to_string()),
                "nxos image file is" | "system image file is" => {
                    v.image = Some(value.trim().to_string()).filter(|i| !i.is_empty());
                }
                "device name" => {
                    hostname = Some(value.trim().to_string()).filter(|h| !h.is_empty())
                }
                _ => {}
            }
        }
    }
    if v.version.is_none() {
        v.version = fallback_version.filter(|f| !f.is_empty());
    }
    if !banner && v.version.is_none() {
        return Err(not_this("no NX-OS banner or version line"));
    }
    Ok(licensing("NX-OS", v, hostname))
}

/// `version 9.3(4)` / `version 10.2(3) [Feature Release]` → `9.3(4)`.
fn version_word(value: &str) -> Option<&str> {
    let rest = value.trim().strip_prefix("version")?;
    rest.split_whitespace().next()
}

/// `cisco Nexus9000 C93180YC-FX Chassis` → `Nexus9000 C93180YC-FX`.
fn chassis(t: &str) -> Option<&str> {
    let rest = t.strip_prefix("cisco ")?;
    let lower = rest.to_ascii_lowercase();
    let at = lower.find(" chassis")?;
    let model = rest.get(..at)?.trim();
    (!model.is_empty()).then_some(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn run(raw: &str) -> Result<DeviceLicensing, ParseError> {
        testing::run_clean(version, raw)
    }

    #[test]
    fn nine_three_fields_are_read() {
        let got = run("n9k-core-01# show version\nCisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\nSoftware\n  BIOS: version 07.67\n NXOS: version 9.3(4)\n  NXOS image file is: bootflash:///nxos.9.3.4.bin\nHardware\n  cisco Nexus9000 C93180YC-FX Chassis\n  Processor Board ID FDO23021ABC\n  Device name: n9k-core-01\nKernel uptime is 12 day(s), 3 hour(s), 14 minute(s), 51 second(s)\n  System version: 9.3(4)\n").unwrap_or_default();
        let v = got.version.unwrap_or_default();
        assert_eq!(v.os.as_deref(), Some("NX-OS"));
        assert_eq!(v.version.as_deref(), Some("9.3(4)"));
        assert_eq!(v.image.as_deref(), Some("bootflash:///nxos.9.3.4.bin"));
        assert_eq!(v.model.as_deref(), Some("Nexus9000 C93180YC-FX"));
        assert_eq!(v.serial.as_deref(), Some("FDO23021ABC"));
        assert_eq!(
            v.uptime.as_deref(),
            Some("12 day(s), 3 hour(s), 14 minute(s), 51 second(s)")
        );
        assert_eq!(got.hostname.as_deref(), Some("n9k-core-01"));
    }

    #[test]
    fn version_words_known_answers() {
        assert_eq!(version_word("version 7.0(3)I7(8)"), Some("7.0(3)I7(8)"));
        assert_eq!(
            version_word("version 10.2(3) [Feature Release]"),
            Some("10.2(3)")
        );
        assert_eq!(version_word("7.0"), None);
        assert_eq!(
            chassis("cisco Nexus9000 C9372PX chassis"),
            Some("Nexus9000 C9372PX")
        );
    }

    #[test]
    fn older_system_version_line_is_used() {
        let got = run(
            "Cisco Nexus Operating System (NX-OS) Software\n  system:    version 7.0(3)I7(8)\n",
        )
        .unwrap_or_default();
        assert_eq!(
            got.version.and_then(|v| v.version).as_deref(),
            Some("7.0(3)I7(8)")
        );
    }

    #[test]
    fn text_without_banner_or_version_is_refused() {
        assert!(run("Compliance Status: Out of compliance\n").is_err());
    }
}
