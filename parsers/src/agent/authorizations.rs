//! IOS-XE authorization-code sections: `Export Authorization Key:` and the
//! `License Authorizations` banner (`Overall status:` per HA member, purchased licenses).

use crate::lex::absent::present;
use crate::lex::kv::norm;
use crate::lex::value::{date_field, status_on};
use crate::lex::Warnings;
use crate::model::{AuthorizationUnit, ExportAuthorization, LicenseAuthorizations};

use super::slp::unit_ids;

/// One `Export Authorization Key:` field: `Features Authorized:` then `<none>` or a list.
pub(super) fn export_authorization(e: &mut ExportAuthorization, label: &str, value: &str) -> bool {
    match norm(label).as_str() {
        "features authorized" => {
            e.features_authorized = present(value)
                .map(|v| {
                    v.split(',')
                        .filter_map(|f| present(f.trim()).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            true
        }
        _ => false,
    }
}

/// One `License Authorizations` field: `Last Data Push:`, `Last File Export:`, the
/// `Overall status:` header, a unit `Active: PID:C9350-48T,SN:FOC2820Y07F`, its
/// `Status: NOT INSTALLED`, `Purchased Licenses:` and `Device Enforcement State:`.
pub(super) fn license_authorizations(
    a: &mut LicenseAuthorizations,
    label: &str,
    value: &str,
    line: usize,
    w: &mut Warnings,
) -> bool {
    match norm(label).as_str() {
        "last data push" => a.last_data_push = date_field(value, line, w),
        "last file export" => a.last_file_export = date_field(value, line, w),
        "overall status" if value.is_empty() => {}
        "active" | "standby" | "member" => {
            let (pid, serial) = unit_ids(value);
            if pid.is_none() && serial.is_none() {
                return false;
            }
            a.units.push(AuthorizationUnit {
                role: label.trim().to_string(),
                pid,
                serial,
                ..AuthorizationUnit::default()
            });
        }
        "status" => {
            let Some(unit) = a.units.last_mut() else {
                return false;
            };
            let (word, at) = status_on(value);
            unit.status = present(word).map(str::to_string);
            unit.at = at.and_then(|d| date_field(d, line, w));
        }
        "purchased licenses" => {
            if let Some(v) = present(value) {
                a.purchased.push(v.to_string());
            }
        }
        "device enforcement state" => {
            a.device_enforcement_state = present(value).map(str::to_string)
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_status_units_take_their_status() {
        let mut w = Warnings::default();
        let mut a = LicenseAuthorizations::default();
        assert!(license_authorizations(
            &mut a,
            "Overall status",
            "",
            1,
            &mut w
        ));
        assert!(license_authorizations(
            &mut a,
            "Active",
            "PID:C9350-48T,SN:FOC2820Y07F",
            2,
            &mut w
        ));
        assert!(license_authorizations(
            &mut a,
            "Status",
            "NOT INSTALLED",
            3,
            &mut w
        ));
        assert!(license_authorizations(
            &mut a,
            "Last Data Push",
            "<none>",
            4,
            &mut w
        ));
        assert_eq!(a.units.len(), 1);
        assert_eq!(a.units[0].serial.as_deref(), Some("FOC2820Y07F"));
        assert_eq!(a.units[0].status.as_deref(), Some("NOT INSTALLED"));
        assert!(!license_authorizations(&mut a, "Colour", "red", 5, &mut w));
        assert!(w.0.is_empty());
    }

    #[test]
    fn status_before_any_unit_is_not_claimed() {
        let mut w = Warnings::default();
        let mut a = LicenseAuthorizations::default();
        assert!(!license_authorizations(
            &mut a,
            "Status",
            "INSTALLED",
            1,
            &mut w
        ));
    }

    #[test]
    fn features_authorized_none_is_an_empty_list() {
        let mut e = ExportAuthorization::default();
        assert!(export_authorization(
            &mut e,
            "Features Authorized",
            "<none>"
        ));
        assert!(e.features_authorized.is_empty());
        assert!(export_authorization(
            &mut e,
            "Features Authorized",
            "DNA, HSEC"
        ));
        assert_eq!(e.features_authorized, ["DNA", "HSEC"]);
    }
}
