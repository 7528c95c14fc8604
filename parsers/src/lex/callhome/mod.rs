//! Call-home terminals and blocks shared by the platform grammars: config-line words, the
//! IOS-style profile block (IOS-XE `show call-home profile`, IOS-XR `show call-home detail`) and
//! the IOS-style `call-home` configuration section (IOS-XE and IOS-XR running-config).

pub(crate) mod config;
pub(crate) mod profile;
pub(crate) mod words;

use std::collections::BTreeMap;

/// Records an untyped setting under `label`; a repeated label keeps every value, joined with `; `.
pub(crate) fn add_other(map: &mut BTreeMap<String, String>, label: &str, value: &str) {
    let value = value.trim();
    match map.get_mut(label) {
        Some(v) => {
            v.push_str("; ");
            v.push_str(value);
        }
        None => {
            map.insert(label.to_string(), value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_other_labels_keep_every_value() {
        let mut m = BTreeMap::new();
        add_other(&mut m, "alert-group", "syslog");
        add_other(&mut m, "alert-group", " inventory ");
        assert_eq!(
            m.get("alert-group").map(String::as_str),
            Some("syslog; inventory")
        );
    }
}

#[cfg(test)]
mod robustness {
    use crate::{parse, Command, Platform};

    /// Hostile inputs through every call-home grammar: errors or warnings, never a panic.
    #[test]
    fn callhome_grammars_never_panic() {
        let grammars = [
            (Platform::NxOs, Command::RunningConfigCallhome),
            (Platform::NxOs, Command::Callhome),
            (Platform::IosXe, Command::CallHomeProfileAll),
            (Platform::IosXe, Command::RunningConfigCallHome),
            (Platform::IosXe, Command::CallHome),
            (Platform::IosXe, Command::CallHomeDetail),
            (Platform::IosXr, Command::CallHomeDetail),
            (Platform::IosXr, Command::RunningConfigCallHome),
            (Platform::IosXr, Command::CallHomeSmartLicensingStatistics),
        ];
        let long = "x".repeat(5000);
        let inputs = [
            "",
            "\u{0}\u{8}\r\r",
            "Profile: (status: )",
            "Profile: é (status: ÄCTIVE) ; ü",
            "HTTP address(es):\nééé\n",
            "Periodic é is scheduled ",
            "Mail-server[: Address: Priority:",
            "destination-profile\ndestination-profile x index\ntransport http proxy server",
            "profile\n active\n destination address http\nhttp-proxy \"unterminated",
            "Msg Subtype Last-sent (\nA 1 2 3 4 9999-99-99 99:99:99\nB 99999999999999999999999 0 0 0 n/a",
            ";\n ; ,\n,",
            long.as_str(),
        ];
        for (p, c) in grammars {
            for i in inputs {
                let _ = parse(p, c, i);
            }
        }
    }
}
