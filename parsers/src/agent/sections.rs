//! The sections of an agent output and how their headers are recognised.
//!
//! A header is recognised by its shape, never by its length: `Label:` with nothing after the
//! colon, a banner (`License Usage` over a `=====` rule), or a license block `name (TAG):`.
//! Known names map to the section whose field grammar reads them; any other header opens a
//! section the model does not type, whose lines are kept as `extra` entries.

use crate::lex::kv::norm;

/// The section a field belongs to: the last header printed above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    /// Before any header (document snippets start with a bare field).
    None,
    /// `Registration:`.
    Registration,
    /// `License Authorization:`.
    Authorization,
    /// `Smart License Conversion:` / IOS-XE `License Conversion:`.
    Conversion,
    /// IOS-XE `Export Authorization Key:`.
    ExportAuthorization,
    /// IOS-XE `License Authorizations` banner (authorization codes per HA member).
    LicenseAuthorizations,
    /// SLP `Utility:`.
    Utility,
    /// SLP `Smart Licensing using Policy:`.
    Slp,
    /// IOS-XE SLP `Account Information:`.
    Account,
    /// SLP `Data Privacy:`.
    DataPrivacy,
    /// SLP `Transport:`.
    Transport,
    /// SLP `Policy:`.
    Policy,
    /// SLP `Miscellaneous:`.
    Miscellaneous,
    /// SLP `Usage reporting:`.
    UsageReporting,
    /// SLP `Trust Code installed:` and its units.
    TrustCode,
    /// `License Usage:` (summary table or, in `show license all`, license blocks).
    LicenseUsage,
    /// Inside a license block `(TAG):` / `Handle: 2`.
    License,
    /// `Product Information` (UDI and HA member list).
    ProductInformation,
    /// Sections the model deliberately has no home for (`Agent Version`, `Other Info` ...):
    /// their lines are kept as `extra` entries without a warning.
    Ignored,
    /// A header fleetlic does not know, or the part after a line it did not understand:
    /// lines are kept as `extra` entries, never handed to another section's grammar.
    Unknown,
}

/// Section headers, compared with [`norm`] and without the colon (IOS-XE `show license all`
/// prints some as banners without one: `License Usage` over `==============`).
const HEADERS: &[(&str, Section)] = &[
    ("registration", Section::Registration),
    ("license authorization", Section::Authorization),
    ("smart license conversion", Section::Conversion),
    ("license conversion", Section::Conversion),
    ("export authorization key", Section::ExportAuthorization),
    ("license authorizations", Section::LicenseAuthorizations),
    ("utility", Section::Utility),
    ("smart licensing using policy", Section::Slp),
    ("account information", Section::Account),
    ("data privacy", Section::DataPrivacy),
    ("transport", Section::Transport),
    ("policy", Section::Policy),
    ("miscellaneous", Section::Miscellaneous),
    ("usage reporting", Section::UsageReporting),
    ("license usage", Section::LicenseUsage),
    ("smart licensing status", Section::None),
    ("smart licensing tech support info", Section::None),
    ("product information", Section::ProductInformation),
    ("agent version", Section::Ignored),
    ("reservation info", Section::Ignored),
    ("other info", Section::Ignored),
    ("usage report summary", Section::Ignored),
    ("upcoming scheduled jobs", Section::Ignored),
    ("device telemetry report summary", Section::Ignored),
    ("telemetry report summary", Section::Ignored),
    ("product analytics report summary", Section::Ignored),
    ("communication statistics", Section::Ignored),
    ("license certificates", Section::Ignored),
    ("ha info", Section::Ignored),
    ("platform provided mapping table", Section::Ignored),
];

/// The section a known header line opens: `Registration:`, `Smart Licensing Using Policy:`,
/// `License Usage`.
pub(super) fn known_header(t: &str) -> Option<Section> {
    let bare = t.strip_suffix(':').unwrap_or(t);
    if bare.contains(':') {
        return None;
    }
    let n = norm(bare);
    HEADERS.iter().find(|(h, _)| *h == n).map(|(_, s)| *s)
}

/// `Label:` with nothing after the colon and no other colon in it, whatever its length or
/// number of words: a section or sub-section header by shape. Returns the label.
pub(super) fn bare_header(t: &str) -> Option<&str> {
    let label = t.strip_suffix(':')?.trim_end();
    let starts_like_a_label = label
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '(' || c == '[');
    (starts_like_a_label && !label.contains(':') && !label.contains("://")).then_some(label)
}

/// A banner rule under a header: `======` (at least three `=`).
pub(super) fn is_banner_rule(t: &str) -> bool {
    t.len() >= 3 && t.bytes().all(|b| b == b'=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_by_shape_whatever_their_length() {
        let long = format!("{}:", ["Word"; 20].join(" "));
        assert_eq!(bare_header(&long).map(str::len), Some(long.len() - 1));
        assert_eq!(
            bare_header("Export Authorization Key:"),
            Some("Export Authorization Key")
        );
        for t in ["Status: IN USE", "https://x:", "12:30:", "No colon", ":"] {
            assert_eq!(bare_header(t), None, "{t}");
        }
    }

    #[test]
    fn known_headers_map_to_their_sections() {
        assert_eq!(
            known_header("License Conversion:"),
            Some(Section::Conversion)
        );
        assert_eq!(known_header("License Usage"), Some(Section::LicenseUsage));
        assert_eq!(
            known_header("License Authorizations"),
            Some(Section::LicenseAuthorizations)
        );
        assert_eq!(known_header("Status: x"), None);
        assert_eq!(known_header("Frobnication:"), None);
    }

    #[test]
    fn banner_rules_are_three_or_more_equals() {
        assert!(is_banner_rule("====="));
        assert!(!is_banner_rule("=="));
        assert!(!is_banner_rule("-----"));
    }
}
