//! CSV reports: one row per finding, one row per device, or one row per license per Virtual
//! Account (RFC 4180, UTF-8, stable columns).

use std::io::Write;

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

/// Columns of the devices CSV, in order (ARCHITECTURE.md § Contracts).
pub const DEVICE_COLUMNS: [&str; 17] = [
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
        w.write_record([
            r.smart_account.clone(),
            r.virtual_account.clone(),
            r.license.clone(),
            r.entitlement_tag.clone(),
            r.owned.to_string(),
            r.in_use.to_string(),
            r.balance.to_string(),
            r.account_in_use.map(|n| n.to_string()).unwrap_or_default(),
            r.expires.map(rfc3339).unwrap_or_default(),
            r.days_left.map(|d| d.to_string()).unwrap_or_default(),
            r.devices.join(" "),
            r.status.as_str().to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes one row per finding of severity info and above, in the given order.
pub fn write_findings<W: Write>(out: W, findings: &[Finding]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FINDING_COLUMNS)?;
    for f in findings.iter().filter(|f| f.severity > Severity::Ok) {
        w.write_record([
            f.device.as_str(),
            f.host.as_str(),
            f.platform.map(|p| p.as_str()).unwrap_or_default(),
            f.rule_id.as_str(),
            f.severity.as_str(),
            f.message.as_str(),
            &f.due.map(rfc3339).unwrap_or_default(),
            &f.days_left.map(|d| d.to_string()).unwrap_or_default(),
            f.fix.as_deref().unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes one row per device.
pub fn write_devices<W: Write>(out: W, audited: &[Audited]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(DEVICE_COLUMNS)?;
    for a in audited {
        w.write_record(device_record(&row(a)))?;
    }
    w.flush()?;
    Ok(())
}

fn device_record(r: &DeviceRow) -> [String; 17] {
    let opt = |v: Option<i64>| v.map(|d| d.to_string()).unwrap_or_default();
    [
        r.device.clone(),
        r.host.clone(),
        r.platform.clone(),
        r.version.clone(),
        r.mode.clone(),
        r.registration.clone(),
        r.authorization.clone(),
        r.smart_account.clone(),
        r.virtual_account.clone(),
        opt(r.eval_days_left),
        r.next_deadline.map(rfc3339).unwrap_or_default(),
        r.next_deadline_kind.clone(),
        opt(r.days_left),
        r.worst_severity.as_str().to_string(),
        r.findings.to_string(),
        r.collection_status.clone(),
        r.error.clone(),
    ]
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
             worst_severity,findings,collection_status,error"
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
}
