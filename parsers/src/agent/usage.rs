//! License blocks of `show license usage` / `show license all`: a `(TAG):` header
//! (IOS-XE `name (TAG):`) followed by `Description:`, `Count:`, `Status:` ... fields.

use super::words;
use crate::lex::absent::present;
use crate::lex::kv::norm;
use crate::lex::Warnings;
use crate::model::License;

/// A license block header: NX-OS `(LAN_ENTERPRISE_SERVICES_PKG):`, IOS-XE
/// `C9300 24P Network Advantage (C9300-24 Network Advantage):` or
/// `network-advantage (C9300-24 Network Advantage):`. Returns the name and the tag.
pub(super) fn header(t: &str) -> Option<(Option<String>, String)> {
    let t = t.trim().strip_suffix(':')?.trim_end().strip_suffix(')')?;
    let open = t.rfind('(')?;
    let tag = t.get(open + 1..)?.trim();
    let name = t.get(..open)?.trim();
    if tag.is_empty() || tag.contains(['(', ')']) || name.contains([':', '(', ')']) {
        return None;
    }
    Some((present(name).map(str::to_string), tag.to_string()))
}

/// `Handle: 2`, the record header of `show license tech support`'s license blocks.
pub(super) fn handle(label: &str, value: &str) -> Option<u32> {
    norm(label)
        .eq("handle")
        .then(|| value.trim().parse().ok())
        .flatten()
}

/// Labels [`field`] gives a typed home (the others go to `other`).
pub(super) fn is_typed(label: &str) -> bool {
    matches!(
        norm(label).as_str(),
        "description"
            | "license"
            | "entitlement tag"
            | "count"
            | "version"
            | "status"
            | "enforcement type"
            | "license type"
            | "export status"
    )
}

/// One field of a license block, e.g. `Status: IN USE`, `Enforcement Type: NOT ENFORCED`,
/// `Description: DCN NDB Add-On License N9K Modular <<< This is RTU license`.
/// Labels without a typed home go to `other` under the label as printed.
pub(super) fn field(l: &mut License, label: &str, value: &str, line: usize, w: &mut Warnings) {
    let v = value.trim();
    match norm(label).as_str() {
        "license" => match (&l.name, present(v)) {
            (None, n) => l.name = n.map(str::to_string),
            (Some(_), Some(n)) => {
                l.other.insert(label.trim().to_string(), n.to_string());
            }
            (Some(_), None) => {}
        },
        "entitlement tag" => {
            if let Some(tag) = present(v) {
                l.entitlement_tag = Some(tag.to_string());
            }
        }
        "description" => match (&l.name, present(v)) {
            (None, d) => l.name = d.map(str::to_string),
            (Some(_), Some(d)) => {
                l.other.insert("Description".into(), d.to_string());
            }
            (Some(_), None) => {}
        },
        "count" => match v.parse::<u32>() {
            Ok(n) => l.count = Some(n),
            Err(_) if present(v).is_none() => {}
            Err(_) => w.push(line, v, "license count is not a number"),
        },
        "version" => l.version = present(v).map(str::to_string),
        "status" => {
            if let Some(v) = present(v) {
                let (status, count) = words::license_status(v);
                l.status = Some(status);
                // `IN USE(15)` / `NOT IN USE(1)`: the agent's state code (always 15 for in
                // use, 1 for not in use on real devices), never a count; kept as printed.
                if let Some(code) = count {
                    l.other.insert("Status code".into(), code.to_string());
                }
            }
        }
        "enforcement type" => l.enforcement = present(v).map(words::enforcement),
        "license type" => l.license_type = present(v).map(str::to_string),
        "export status" => l.export_status = present(v).map(str::to_string),
        _ => {
            l.other.insert(label.trim().to_string(), v.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Enforcement, LicenseStatus};

    #[test]
    fn block_headers_known_answers() {
        let cases = [
            (
                "(LAN_ENTERPRISE_SERVICES_PKG):",
                None,
                "LAN_ENTERPRISE_SERVICES_PKG",
            ),
            (
                "C9300 24P Network Advantage (C9300-24 Network Advantage):",
                Some("C9300 24P Network Advantage"),
                "C9300-24 Network Advantage",
            ),
            (
                "network-advantage (C9300-24 Network Advantage):",
                Some("network-advantage"),
                "C9300-24 Network Advantage",
            ),
        ];
        for (t, name, tag) in cases {
            let (n, g) = header(t).unwrap_or_default();
            assert_eq!(n.as_deref(), name, "{t}");
            assert_eq!(g, tag, "{t}");
        }
        for t in ["Registration:", "Status: IN USE(15)", "(x)", "():"] {
            assert!(header(t).is_none(), "{t}");
        }
    }

    #[test]
    fn block_fields_fill_the_license() {
        let mut w = Warnings::default();
        let mut l = License::default();
        field(
            &mut l,
            "Description",
            "DCN NDB Add-On License N9K Modular <<< This is RTU license",
            1,
            &mut w,
        );
        field(&mut l, "Count", "1", 2, &mut w);
        field(&mut l, "Status", "IN USE(15)", 3, &mut w);
        field(&mut l, "Enforcement type", "NOT ENFORCED", 4, &mut w);
        field(&mut l, "Feature Name", "network-advantage", 5, &mut w);
        assert_eq!(
            l.name.as_deref(),
            Some("DCN NDB Add-On License N9K Modular <<< This is RTU license")
        );
        assert_eq!(l.count, Some(1), "the (15) of IN USE(15) is a state code");
        assert_eq!(l.other.get("Status code").map(String::as_str), Some("15"));
        assert_eq!(l.status, Some(LicenseStatus::InUse));
        assert_eq!(l.enforcement, Some(Enforcement::NotEnforced));
        assert_eq!(
            l.other.get("Feature Name").map(String::as_str),
            Some("network-advantage")
        );
        assert!(w.0.is_empty());
    }
}
