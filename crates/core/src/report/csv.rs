//! CSV reports: one row per finding, one row per device, or one row per license per Virtual
//! Account (RFC 4180, UTF-8, stable columns). Every text cell goes through [`cell::text`], so
//! no device text becomes a spreadsheet formula; computed numbers are written plain.

use std::borrow::Cow;
use std::io::Write;

use super::cell;

use super::devices::{row, DeviceRow};
use crate::audited::Audited;
use crate::finding::{Finding, Severity};
use crate::reconcile::LicenseRow;
use crate::time::rfc3339;

/// Columns of the findings CSV, in order (ARCHITECTURE.md § Contracts).
pub const FINDING_COLUMNS: [&str; 9] = [
    "device",
    "host",
    "platform",
    "rule_id",
    "severity",
    "message",
    "due",
    "days_left",
    "fix",
];

/// Columns of the devices CSV, in order (ARCHITECTURE.md § Contracts; the identity columns
/// after `error` were appended later, so scripts reading by position keep working).
pub const DEVICE_COLUMNS: [&str; 20] = [
    "device",
    "host",
    "platform",
    "version",
    "mode",
    "registration",
    "authorization",
    "smart_account",
    "virtual_account",
    "eval_days_left",
    "next_deadline",
    "next_deadline_kind",
    "days_left",
    "worst_severity",
    "findings",
    "collection_status",
    "error",
    "prompt_hostname",
    "version_hostname",
    "serial",
];

/// Columns of the licenses CSV (`--csv-licenses`), in order.
pub const LICENSE_COLUMNS: [&str; 12] = [
    "smart_account",
    "virtual_account",
    "license",
    "entitlement_tag",
    "owned",
    "in_use",
    "balance",
    "account_in_use",
    "expires",
    "days_left",
    "devices",
    "status",
];

/// Writes one row per license per Virtual Account of the reconciliation; `devices` is the
/// space-separated names of the devices using it.
pub fn write_licenses<W: Write>(out: W, rows: &[LicenseRow]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(LICENSE_COLUMNS)?;
    for r in rows {
        let devices = r.devices.join(" ");
        write_cells(
            &mut w,
            [
                cell::text(&r.smart_account),
                cell::text(&r.virtual_account),
                cell::text(&r.license),
                cell::text(&r.entitlement_tag),
                number(Some(r.owned)),
                number(Some(r.in_use)),
                number(Some(r.balance)),
                number(r.account_in_use),
                r.expires.map(rfc3339).unwrap_or_default().into(),
                number(r.days_left),
                cell::text(&devices),
                cell::text(r.status.as_str()),
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Writes one row per finding of severity info and above, in the given order.
pub fn write_findings<W: Write>(out: W, findings: &[Finding]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FINDING_COLUMNS)?;
    for f in findings.iter().filter(|f| f.severity > Severity::Ok) {
        write_cells(
            &mut w,
            [
                cell::text(&f.device),
                cell::text(&f.host),
                cell::text(f.platform.map(|p| p.as_str()).unwrap_or_default()),
                cell::text(&f.rule_id),
                cell::text(f.severity.as_str()),
                cell::text(&f.message),
                f.due.map(rfc3339).unwrap_or_default().into(),
                number(f.days_left),
                cell::text(f.fix.as_deref().unwrap_or_default()),
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Writes one row per device.
pub fn write_devices<W: Write>(out: W, audited: &[Audited]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(DEVICE_COLUMNS)?;
    for a in audited {
        write_cells(&mut w, device_record(&row(a)))?;
    }
    w.flush()?;
    Ok(())
}

fn device_record(r: &DeviceRow) -> [Cow<'_, str>; 20] {
    [
        cell::text(&r.device),
        cell::text(&r.host),
        cell::text(&r.platform),
        cell::text(&r.version),
        cell::text(&r.mode),
        cell::text(&r.registration),
        cell::text(&r.authorization),
        cell::text(&r.smart_account),
        cell::text(&r.virtual_account),
        number(r.eval_days_left),
        r.next_deadline.map(rfc3339).unwrap_or_default().into(),
        cell::text(&r.next_deadline_kind),
        number(r.days_left),
        cell::text(r.worst_severity.as_str()),
        number(Some(r.findings)),
        cell::text(&r.collection_status),
        cell::text(&r.error),
        cell::text(&r.prompt_hostname),
        cell::text(&r.version_hostname),
        cell::text(&r.serial),
    ]
}

/// A number the product computed, written plain (negatives included); empty when unknown.
fn number<N: ToString>(value: Option<N>) -> Cow<'static, str> {
    value.map(|n| n.to_string()).unwrap_or_default().into()
}

/// Writes one row of cells.
fn write_cells<'a, W: Write>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = Cow<'a, str>>,
) -> csv::Result<()> {
    for c in cells {
        w.write_field(c.as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use fleetlic_parsers::Platform;

    use super::*;

    fn finding(message: &str, severity: Severity) -> Finding {
        Finding {
            device: "br-01, Zürich".into(),
            host: "2001:db8::1".into(),
            platform: Some(Platform::IosXe),
            rule_id: "compliance.registration_failed".into(),
            severity,
            message: message.into(),
            due: Utc.with_ymd_and_hms(2026, 11, 28, 3, 12, 0).single(),
            days_left: Some(-5),
            fix: Some("license smart register idtoken <token> force".into()),
        }
    }

    #[test]
    fn columns_are_the_contract_columns() {
        // ARCHITECTURE.md § Contracts: spreadsheets and scripts depend on these, in this order.
        assert_eq!(
            FINDING_COLUMNS.join(","),
            "device,host,platform,rule_id,severity,message,due,days_left,fix"
        );
        assert_eq!(
            DEVICE_COLUMNS.join(","),
            "device,host,platform,version,mode,registration,authorization,smart_account,\
             virtual_account,eval_days_left,next_deadline,next_deadline_kind,days_left,\
             worst_severity,findings,collection_status,error,prompt_hostname,version_hostname,\
             serial"
        );
        assert_eq!(
            LICENSE_COLUMNS.join(","),
            "smart_account,virtual_account,license,entitlement_tag,owned,in_use,balance,\
             account_in_use,expires,days_left,devices,status"
        );
    }

    #[test]
    fn findings_read_back_into_the_same_rows() {
        let findings = [
            finding(
                "reason: {\"timestamp\":[\"offset, \"beyond\"\"]}",
                Severity::Critical,
            ),
            finding("two\nlines; and ümlauts", Severity::Info),
            finding("far deadline", Severity::Ok),
        ];
        let mut buf = Vec::new();
        write_findings(&mut buf, &findings).expect("write");
        let mut reader = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(
            reader.headers().expect("header").iter().collect::<Vec<_>>(),
            FINDING_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 2, "ok findings are left out");
        for (row, f) in rows.iter().zip(&findings) {
            assert_eq!(&row[0], f.device);
            assert_eq!(&row[1], f.host);
            assert_eq!(&row[2], "iosxe");
            assert_eq!(&row[3], f.rule_id);
            assert_eq!(&row[4], f.severity.as_str());
            assert_eq!(&row[5], f.message);
            assert_eq!(&row[6], "2026-11-28T03:12:00Z");
            assert_eq!(&row[7], "-5");
            assert_eq!(Some(&row[8]), f.fix.as_deref());
        }
    }

    #[test]
    fn device_text_starting_a_formula_is_written_as_text_and_numbers_stay_numbers() {
        let mut f = finding("=HYPERLINK(\"http://x\",\"a\")", Severity::Critical);
        f.device = "@evil".into();
        f.fix = Some("+cmd".into());
        let mut buf = Vec::new();
        write_findings(&mut buf, &[f]).expect("write");
        let mut reader = csv::Reader::from_reader(buf.as_slice());
        let row = reader.records().next().expect("a row").expect("row");
        assert_eq!(&row[0], "'@evil");
        assert_eq!(&row[5], "'=HYPERLINK(\"http://x\",\"a\")");
        assert_eq!(&row[7], "-5", "a computed negative stays a number");
        assert_eq!(&row[8], "'+cmd");
        let mut text_cells = row.iter().enumerate().filter(|(i, _)| *i != 7);
        assert!(text_cells.all(|(_, c)| cell::is_formula_safe(c)), "{row:?}");
    }

    #[test]
    fn license_rows_quote_device_text_and_keep_negative_balances_plain() {
        let row = LicenseRow {
            smart_account: " =1+1".into(),
            virtual_account: "-".into(),
            license: "-network-advantage".into(),
            entitlement_tag: "\tregid".into(),
            owned: 1,
            in_use: 3,
            balance: -2,
            account_in_use: None,
            expires: None,
            days_left: Some(-7),
            devices: vec!["@a".into(), "b".into()],
            status: crate::reconcile::RowStatus::Shortfall,
        };
        let mut buf = Vec::new();
        write_licenses(&mut buf, &[row]).expect("write");
        let mut reader = csv::Reader::from_reader(buf.as_slice());
        let got = reader.records().next().expect("a row").expect("row");
        assert_eq!(&got[0], "' =1+1");
        assert_eq!(&got[1], "-", "a lone dash stays");
        assert_eq!(&got[2], "'-network-advantage");
        assert_eq!(&got[3], "'\tregid");
        assert_eq!(&got[6], "-2");
        assert_eq!(&got[9], "-7");
        assert_eq!(&got[10], "'@a b");
    }
}
