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
