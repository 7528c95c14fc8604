//! `admin show license pool` (also typed `licence`), samples `samples/iosxr/show_license_pool/`.

use crate::lex::absent::present;
use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::Warnings;
use crate::model::LicensingMode;
use crate::{not_this, DeviceLicensing, ParseError};

/// `show license pool`: `Assigned Pool Info: PATRICK_NO_LIC` (the virtual account pool).
pub(crate) fn pool(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut out = DeviceLicensing::default();
    let mut seen = false;
    for line in text.lines.iter().filter(|l| !l.text.is_empty()) {
        match split_kv(&line.text) {
            Some((label, value)) if norm(label) == "assigned pool info" => {
                seen = true;
                out.assigned_pool = present(value).map(str::to_string);
            }
            _ => w.push(line.no, &line.text, "not an assigned pool line"),
        }
    }
    if !seen {
        return Err(not_this("no `Assigned Pool Info:` line"));
    }
    out.mode = Some(LicensingMode::SmartLicensing);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Warning;

    fn run(raw: &str) -> (Result<DeviceLicensing, ParseError>, Vec<Warning>) {
        testing::run(pool, raw)
    }

    #[test]
    fn assigned_pool_is_read() {
        let (got, w) =
            run("RP/0/RSP0/CPU0:ROA#admin show licence pool\nAssigned Pool Info: PATRICK_NO_LIC\n");
        assert!(w.is_empty());
        assert_eq!(
            got.unwrap_or_default().assigned_pool.as_deref(),
            Some("PATRICK_NO_LIC")
        );
    }

    #[test]
    fn placeholder_pool_is_absent_and_other_text_refused() {
        let (got, _) = run("Assigned Pool Info: None\n");
        assert_eq!(got.unwrap_or_default().assigned_pool, None);
        assert!(run("Pool: Owner\n").0.is_err());
    }
}
