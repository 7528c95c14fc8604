//! Reconciliation: what the fleet uses against what the Smart Account owns
//! (`fleetlic audit --entitlements FILE.csv`).
//!
//! [`entitlements`] reads the admin's license export (header variants, dates, errors at
//! `file:line: column`); [`ledger`] is the pure arithmetic: usage per Virtual Account and
//! license from the audited devices, joined with the file, giving one [`LicenseRow`] per
//! license per Virtual Account and `license.*` findings (shortfall, not owned, unused, term
//! expiring). Devices registered to another account than the inventory expects are
//! `compliance.account_mismatch` (a device rule); their usage counts where the device reports
//! it is registered, which is where CSSM charges it.

pub mod entitlements;
pub mod ledger;

pub use entitlements::{read, Entitlement, EntitlementError, Entitlements};
pub use ledger::{account_label, reconcile, Ledger, LicenseRow, RowStatus, RULES};

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{DateTime, TimeZone, Utc};
    use fleetlic_parsers::model::{License, LicenseStatus, LicensingMode, Registration};

    use super::*;
    use crate::device::{AuditKeys, CollectionStatus, Device};
    use crate::finding::Severity;
    use crate::rule::Context;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn lic(name: &str, tag: &str, status: LicenseStatus) -> License {
        License {
            name: (!name.is_empty()).then(|| name.to_string()),
            entitlement_tag: (!tag.is_empty()).then(|| tag.to_string()),
            count: Some(1),
            status: Some(status),
            ..License::default()
        }
    }

    /// A collected device registered to `sa`/`va` (empty: not reported), with `licenses`.
    fn dev(name: &str, sa: &str, va: &str, licenses: Vec<License>) -> Device {
        let mut d = Device {
            name: name.into(),
            host: "192.0.2.1".into(),
            platform: None,
            collected_at: None,
            status: CollectionStatus::Ok,
            error: None,
            keys: AuditKeys::default(),
            outputs: Default::default(),
            model: Default::default(),
        };
        d.model.mode = Some(LicensingMode::SmartLicensing);
        if !sa.is_empty() || !va.is_empty() {
            d.model.registration = Some(Registration {
                smart_account: (!sa.is_empty()).then(|| sa.to_string()),
                virtual_account: (!va.is_empty()).then(|| va.to_string()),
                ..Registration::default()
            });
        }
        d.model.licenses = licenses;
        d
    }

    fn ents(csv: &str) -> Vec<Entitlement> {
        match entitlements::parse(Path::new("e.csv"), csv.as_bytes()) {
            Ok(e) => e.rows,
            Err(errors) => panic!("{errors:?}"),
        }
    }

    fn ledger(csv: &str, devices: &[Device]) -> Ledger {
        reconcile("e.csv", &ents(csv), devices, &Context::at(now()))
    }

    fn row<'a>(l: &'a Ledger, va: &str, license: &str) -> &'a LicenseRow {
        l.rows
            .iter()
            .find(|r| r.virtual_account == va && r.license == license)
            .unwrap_or_else(|| panic!("no row {va}/{license} in {:#?}", l.rows))
    }

    fn rules(l: &Ledger) -> Vec<(String, String, Severity)> {
        l.findings
            .iter()
            .map(|f| (f.device.clone(), f.rule_id.clone(), f.severity))
            .collect()
    }

    const HEADER: &str = "Smart Account,Virtual Account,License,Entitlement Tag,Quantity,Expires\n";

    fn nx(name: &str, va: &str) -> Device {
        dev(
            name,
            "SA",
            va,
            vec![
                lic("LAN license", "LAN_PKG", LicenseStatus::Authorized),
                lic("Network Services", "NS_PKG", LicenseStatus::Authorized),
            ],
        )
    }

    #[test]
    fn shortfall_is_critical_with_the_missing_count() {
        let l = ledger(
            &format!("{HEADER}SA,DC,LAN license,LAN_PKG,3,\nSA,DC,Network Services,NS_PKG,1,\n"),
            &[nx("a", "DC"), nx("b", "DC"), nx("c", "DC")],
        );
        let ns = row(&l, "DC", "Network Services");
        assert_eq!((ns.owned, ns.in_use, ns.balance), (1, 3, -2));
        assert_eq!(ns.status, RowStatus::Shortfall);
        assert_eq!(ns.devices, ["a", "b", "c"]);
        let lan = row(&l, "DC", "LAN license");
        assert_eq!((lan.owned, lan.in_use, lan.balance), (3, 3, 0));
        assert_eq!(lan.status, RowStatus::Ok);
        assert_eq!(
            rules(&l),
            [(
                "account:SA/DC".to_string(),
                "license.shortfall".to_string(),
                Severity::Critical
            )]
        );
        assert_eq!(
            l.findings[0].message,
            "Network Services (NS_PKG): 3 in use, 1 owned: 2 short; devices: a, b, c"
        );
    }

    #[test]
    fn licenses_the_file_does_not_hold_total_per_tag_whatever_the_case_of_many_devices() {
        let hostile = |name: &str, upper: bool| {
            let licenses = (0..200)
                .map(|i| {
                    let tag = format!("HOSTILE_{i}");
                    let tag = if upper { tag } else { tag.to_lowercase() };
                    lic(&format!("Hostile {i}"), &tag, LicenseStatus::Authorized)
                })
                .collect();
            dev(name, "SA", "DC", licenses)
        };
        let devices: Vec<Device> = (0..30)
            .map(|i| hostile(&format!("d{i:02}"), i % 2 == 0))
            .collect();
        let l = ledger(&format!("{HEADER}SA,DC,LAN license,LAN_PKG,3,\n"), &devices);
        let extra: Vec<&LicenseRow> = l
            .rows
            .iter()
            .filter(|r| r.license.starts_with("Hostile"))
            .collect();
        assert_eq!(extra.len(), 200, "one row per tag, not per spelling");
        let first = row(&l, "DC", "Hostile 0");
        assert_eq!(first.in_use, 30);
        assert_eq!(first.devices.len(), 30);
    }

    #[test]
    fn surplus_and_unused_licenses_are_info() {
        let l = ledger(
            &format!(
                "{HEADER}SA,DC,LAN license,LAN_PKG,5,\nSA,DC,Network Services,NS_PKG,1,\nSA,DC,Spare,SPARE_PKG,4,\n"
            ),
            &[nx("a", "DC")],
        );
        let lan = row(&l, "DC", "LAN license");
        assert_eq!((lan.balance, lan.status), (4, RowStatus::Surplus));
        let spare = row(&l, "DC", "Spare");
        assert_eq!((spare.in_use, spare.balance), (0, 4));
        assert_eq!(spare.status, RowStatus::Unused);
        assert!(spare.devices.is_empty());
        assert_eq!(row(&l, "DC", "Network Services").status, RowStatus::Ok);
        let got = rules(&l);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got
            .iter()
            .all(|(_, id, s)| id == "license.unused" && *s == Severity::Info));
    }

    #[test]
    fn expiring_term_licenses_follow_the_deadline_thresholds() {
        let l = ledger(
            &format!(
                "{HEADER}SA,DC,LAN license,LAN_PKG,1,2026-11-28\n\
                 SA,DC,Network Services,NS_PKG,1,2026-12-15\n\
                 SA,DC,Far,FAR_PKG,0,2027-06-01\n\
                 SA,DC2,Old,OLD_PKG,2,2026-10-01\n"
            ),
            &[nx("a", "DC")],
        );
        let lan = row(&l, "DC", "LAN license");
        assert_eq!((lan.status, lan.days_left), (RowStatus::Expiring, Some(5)));
        let ns = row(&l, "DC", "Network Services");
        assert_eq!((ns.status, ns.days_left), (RowStatus::Expiring, Some(22)));
        assert_eq!(row(&l, "DC", "Far").status, RowStatus::Ok);
        assert_eq!(row(&l, "DC2", "Old").status, RowStatus::Expired);
        let term: Vec<(String, Severity, Option<i64>)> = l
            .findings
            .iter()
            .filter(|f| f.rule_id == "license.term_expiring")
            .map(|f| (f.device.clone(), f.severity, f.days_left))
            .collect();
        assert_eq!(
            term,
            [
                ("account:SA/DC".into(), Severity::Critical, Some(5)),
                ("account:SA/DC".into(), Severity::Warning, Some(22)),
                // Expired, but nothing uses it: worth knowing only.
                ("account:SA/DC2".into(), Severity::Info, Some(-53)),
            ]
        );
        assert_eq!(
            l.findings[0].message,
            "Term license LAN license (LAN_PKG): 1 owned, 1 in use, expires on 2026-11-28 (5 days left)"
        );
        assert!(l.findings[0].due.is_some());
    }

    #[test]
    fn usage_counts_under_the_account_the_device_reports_not_the_inventory() {
        // "b" is expected in DC (inventory) but registered to LAB: CSSM charges LAB.
        let mut b = nx("b", "LAB");
        b.keys.virtual_account = Some("DC".into());
        let l = ledger(
            &format!("{HEADER}SA,DC,LAN license,LAN_PKG,2,\nSA,DC,Network Services,NS_PKG,2,\n"),
            &[nx("a", "DC"), b],
        );
        assert_eq!(row(&l, "DC", "LAN license").in_use, 1);
        let lab = row(&l, "LAB", "LAN license");
        assert_eq!((lab.owned, lab.in_use, lab.balance), (0, 1, -1));
        assert_eq!(lab.status, RowStatus::NotOwned);
        assert_eq!(lab.devices, ["b"]);
        let got = rules(&l);
        assert!(got.contains(&(
            "account:SA/LAB".into(),
            "license.not_owned".into(),
            Severity::Warning
        )));
        assert_eq!(got.iter().filter(|g| g.1 == "license.not_owned").count(), 2);
        assert_eq!(got.iter().filter(|g| g.1 == "license.unused").count(), 2);
    }

    #[test]
    fn a_wrong_smart_account_does_not_draw_from_the_files_account() {
        let l = ledger(
            &format!("{HEADER}Acme Corp,Branches,NA,C9300-48 NA,1,\n"),
            &[
                dev(
                    "ok",
                    "Acme Corp",
                    "Branches",
                    vec![lic("na", "C9300-48 NA", LicenseStatus::InUse)],
                ),
                dev(
                    "wrong",
                    "Acme Labs",
                    "Branches",
                    vec![lic("na", "C9300-48 NA", LicenseStatus::InUse)],
                ),
            ],
        );
        let corp = &l.rows[0];
        assert_eq!((corp.smart_account.as_str(), corp.in_use), ("Acme Corp", 1));
        let labs = &l.rows[1];
        assert_eq!(labs.smart_account, "Acme Labs");
        assert_eq!((labs.status, labs.in_use), (RowStatus::NotOwned, 1));
        assert_eq!(l.findings[0].device, "account:Acme Labs/Branches");
    }

    #[test]
    fn inventory_virtual_account_is_the_fallback_then_unknown() {
        let mut slp = dev(
            "slp",
            "",
            "",
            vec![lic("LAN license", "LAN_PKG", LicenseStatus::InUse)],
        );
        slp.keys.virtual_account = Some("DC".into());
        let lost = dev(
            "lost",
            "",
            "",
            vec![lic("LAN license", "LAN_PKG", LicenseStatus::InUse)],
        );
        let l = ledger(
            &format!("{HEADER}SA,DC,LAN license,LAN_PKG,1,\n"),
            &[slp, lost],
        );
        assert_eq!(row(&l, "DC", "LAN license").in_use, 1);
        let unknown = row(&l, "unknown", "LAN license");
        assert_eq!(
            (unknown.status, unknown.devices.clone()),
            (RowStatus::NotOwned, vec!["lost".to_string()])
        );
        assert!(
            l.findings[0]
                .message
                .contains("Virtual Account is not known"),
            "{}",
            l.findings[0].message
        );
    }

    #[test]
    fn tag_match_wins_and_name_is_the_fallback() {
        let devices = [
            // Tag matches the file's tag although the names differ.
            dev(
                "t",
                "SA",
                "DC",
                vec![lic(
                    "LAN license for Nexus 9300-XF",
                    "LAN_PKG",
                    LicenseStatus::Authorized,
                )],
            ),
            // No tag in the file's row: matched by name, case and spacing aside.
            dev(
                "n",
                "SA",
                "DC",
                vec![lic(
                    "c9300  48P dna advantage",
                    "C9300-48 DNA Advantage",
                    LicenseStatus::Authorized,
                )],
            ),
            // A truncated name matches the row it starts.
            dev(
                "cut",
                "SA",
                "DC",
                vec![License {
                    name_truncated: true,
                    ..lic("C9300 48P DNA Adv", "", LicenseStatus::Authorized)
                }],
            ),
            // Same name, but its tag differs from the row's: not the same license.
            dev(
                "other",
                "SA",
                "DC",
                vec![lic("Nexus LAN", "OTHER_PKG", LicenseStatus::Authorized)],
            ),
        ];
        let l = ledger(
            &format!("{HEADER}SA,DC,Nexus LAN,LAN_PKG,5,\nSA,DC,C9300 48P DNA Advantage,,5,\n"),
            &devices,
        );
        let lan = row(&l, "DC", "Nexus LAN");
        assert_eq!(
            (lan.in_use, lan.devices.clone()),
            (1, vec!["t".to_string()])
        );
        let dna = row(&l, "DC", "C9300 48P DNA Advantage");
        assert_eq!(dna.devices, ["cut", "n"]);
        assert_eq!(dna.in_use, 2);
        let other = l
            .rows
            .iter()
            .find(|r| r.entitlement_tag == "OTHER_PKG")
            .expect("other row");
        assert_eq!(other.status, RowStatus::NotOwned);
    }

    #[test]
    fn only_consuming_states_count_and_counts_add_up() {
        let mut stacked = lic("LAN license", "LAN_PKG", LicenseStatus::InUse);
        stacked.count = Some(3);
        let mut xr = lic("A9K-LIC", "regid.A9K", LicenseStatus::Authorized);
        xr.count = None;
        xr.requested_count = Some(2);
        let mut rtu = dev(
            "rtu",
            "SA",
            "DC",
            vec![lic("LAN license", "LAN_PKG", LicenseStatus::InUse)],
        );
        rtu.model.mode = Some(LicensingMode::Traditional);
        let devices = [
            dev(
                "a",
                "SA",
                "DC",
                vec![
                    stacked,
                    lic("LAN license", "LAN_PKG", LicenseStatus::OutOfCompliance),
                    lic("LAN license", "LAN_PKG", LicenseStatus::EvalMode),
                    lic("LAN license", "LAN_PKG", LicenseStatus::NotInUse),
                    lic("LAN license", "LAN_PKG", LicenseStatus::EvalExpired),
                    lic(
                        "LAN license",
                        "LAN_PKG",
                        LicenseStatus::Other("WAITING".into()),
                    ),
                    xr,
                ],
            ),
            rtu,
        ];
        let l = ledger(
            &format!("{HEADER}SA,DC,LAN license,LAN_PKG,4,\nSA,DC,A9K-LIC,,2,\n"),
            &devices,
        );
        assert_eq!(row(&l, "DC", "LAN license").in_use, 4);
        assert_eq!(row(&l, "DC", "A9K-LIC").in_use, 2);
        assert!(l.findings.is_empty(), "{:?}", l.findings);
    }

    #[test]
    fn duplicate_rows_add_up_and_keep_the_earliest_expiry() {
        let l = ledger(
            &format!(
                "{HEADER}SA,DC,LAN license,LAN_PKG,2,2027-06-01\nsa,dc,LAN license,lan_pkg,3,2026-12-01\n"
            ),
            &[nx("a", "DC")],
        );
        let lan = row(&l, "DC", "LAN license");
        assert_eq!((lan.owned, lan.in_use, lan.days_left), (5, 1, Some(8)));
        assert_eq!(lan.status, RowStatus::Expiring);
    }

    #[test]
    fn a_fleet_that_matches_the_file_raises_nothing() {
        let l = ledger(
            &format!("{HEADER}SA,DC,LAN license,LAN_PKG,1,Never\nSA,DC,Network Services,NS_PKG,1,2028-01-01\n"),
            &[nx("a", "DC")],
        );
        assert!(l.findings.is_empty(), "{:?}", l.findings);
        assert!(l.rows.iter().all(|r| r.status == RowStatus::Ok));
        assert!(l.devices_not_counted.is_empty());
    }

    #[test]
    fn devices_not_collected_are_listed_as_not_counted() {
        let mut down = nx("down", "DC");
        down.status = CollectionStatus::Unreachable;
        down.model = Default::default();
        let l = ledger(&format!("{HEADER}SA,DC,LAN license,LAN_PKG,1,\n"), &[down]);
        assert_eq!(l.devices_not_counted, ["down"]);
    }

    #[test]
    fn every_rule_documents_meaning_and_fix() {
        for rule in RULES {
            assert!(rule.id.starts_with("license."), "{}", rule.id);
            assert!(
                !rule.meaning.is_empty() && !rule.fix.is_empty(),
                "{}",
                rule.id
            );
        }
    }
}
