//! Reading the license list a Smart Account admin exports from Cisco Smart Software Manager
//! (`--entitlements FILE.csv`): one row per license per Virtual Account, with how many are
//! owned and, for term licenses, when they expire.
//!
//! Exports differ in their headers (CSSM's own, a spreadsheet someone retyped, a reseller's
//! list), so columns are recognised by name, case-insensitively, from a table of variants
//! ([`column_role`]); unknown columns (Billing Type, Alerts, Substitution ...) are ignored.
//! Comma, semicolon (European Excel) and tab separated files are accepted, with or without a
//! UTF-8 byte-order mark. Every problem is reported at once as `file:line: column: problem`.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

/// One row of the entitlements file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    /// 1-based line of the row in the file.
    pub line: usize,
    /// `Smart Account` column, when the file has one.
    pub smart_account: Option<String>,
    /// `Virtual Account` column.
    pub virtual_account: String,
    /// `License` column (the license's display name).
    pub license: Option<String>,
    /// `Entitlement Tag` / `SKU` column.
    pub tag: Option<String>,
    /// `Quantity` / `Purchased`: how many the account owns.
    pub owned: u64,
    /// `In Use` as the Smart Account counts it (all devices reporting to it, not only the
    /// audited fleet); informative.
    pub account_in_use: Option<u64>,
    /// `Expires` / `Expiration Date` / `End Date` of a term license (00:00 UTC that day);
    /// `None` for perpetual licenses.
    pub expires: Option<DateTime<Utc>>,
}

/// The entitlements file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlements {
    /// Where it was read from (for reports).
    pub path: PathBuf,
    /// Its rows, in file order.
    pub rows: Vec<Entitlement>,
}

/// One problem of an entitlements file: `file:line: column: problem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitlementError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The column as the file names it, when the problem is in one cell.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for EntitlementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.path.display(), self.line)?;
        if let Some(c) = &self.column {
            write!(f, "{c}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// What a column of the file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Smart Account name.
    SmartAccount,
    /// Virtual Account name.
    VirtualAccount,
    /// License display name.
    License,
    /// Entitlement tag or SKU.
    Tag,
    /// Quantity owned.
    Owned,
    /// Quantity in use as the account counts it.
    InUse,
    /// Balance as the account computes it (accepted, recomputed from the fleet).
    Balance,
    /// Expiry of a term license.
    Expires,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::SmartAccount => "Smart Account",
            Role::VirtualAccount => "Virtual Account",
            Role::License => "License",
            Role::Tag => "Entitlement Tag",
            Role::Owned => "Quantity",
            Role::InUse => "In Use",
            Role::Balance => "Balance",
            Role::Expires => "Expires",
        }
    }
}

/// The role of a header, from its accepted spellings (case, spaces, `_`, `-`, `/`, `.` and
/// brackets do not matter): `None` for a column fleetlic does not use.
pub fn column_role(header: &str) -> Option<Role> {
    let words: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let key = words.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match key.as_str() {
        "smart account" | "smart account name" | "sa" => Role::SmartAccount,
        "virtual account" | "virtual account name" | "va" => Role::VirtualAccount,
        "license" | "licence" | "license name" | "licence name" | "product" | "product name"
        | "name" => Role::License,
        "entitlement tag" | "entitlement" | "tag" | "sku" | "license sku" | "pid"
        | "product id" => Role::Tag,
        "quantity" | "qty" | "purchased" | "purchased quantity" | "owned" | "available to use"
        | "total" | "count" => Role::Owned,
        "in use" | "inuse" | "used" | "consumed" => Role::InUse,
        "balance" => Role::Balance,
        "expires"
        | "expiration"
        | "expiration date"
        | "expiry"
        | "expiry date"
        | "end date"
        | "subscription end"
        | "subscription end date"
        | "term end"
        | "term end date"
        | "valid until" => Role::Expires,
        _ => return None,
    })
}

/// Reads and parses `path` (the only IO of this module).
pub fn read(path: &Path) -> Result<Entitlements, Vec<EntitlementError>> {
    match std::fs::read(path) {
        Ok(bytes) => parse(path, &bytes),
        Err(e) => Err(vec![EntitlementError {
            path: path.to_path_buf(),
            line: 1,
            column: None,
            message: format!("cannot read the entitlements file: {e}"),
        }]),
    }
}

/// Parses the bytes of an entitlements file; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Entitlements, Vec<EntitlementError>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let error = |line: usize, column: Option<&str>, message: String| EntitlementError {
        path: path.to_path_buf(),
        line,
        column: column.map(str::to_string),
        message,
    };
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .filter(|d| first_line.contains(d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let mut lines = Lines {
        bytes,
        offset: 0,
        line: 1,
    };

    let header = match records.next() {
        None => {
            return Err(vec![error(
                1,
                None,
                "empty file: expected a header row (License, Entitlement Tag, Virtual Account, Quantity, Expires ...)".into(),
            )])
        }
        Some(Err(e)) => return Err(vec![error(1, None, csv_problem(&e))]),
        Some(Ok(h)) => h,
    };
    let mut names = Vec::new();
    for field in header.iter() {
        match std::str::from_utf8(field) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(_) => {
                return Err(vec![error(
                    1,
                    None,
                    "the header is not UTF-8 text (save the export as \"CSV UTF-8\")".into(),
                )])
            }
        }
    }
    let mut columns: Vec<(Role, usize)> = Vec::new();
    let mut errors = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(role) = column_role(name) else {
            continue;
        };
        if let Some((_, j)) = columns.iter().find(|(r, _)| *r == role) {
            errors.push(error(
                1,
                Some(name),
                format!(
                    "a second {} column (\"{}\" already is)",
                    role.label(),
                    names[*j]
                ),
            ));
        } else {
            columns.push((role, i));
        }
    }
    let col = |role: Role| columns.iter().find(|(r, _)| *r == role).map(|(_, i)| *i);
    for (role, variants) in [
        (Role::VirtualAccount, "Virtual Account"),
        (
            Role::Owned,
            "Quantity, Qty, Purchased, Owned or Available to Use",
        ),
    ] {
        if col(role).is_none() {
            errors.push(error(
                1,
                None,
                format!("no {} column (accepted headers: {variants})", role.label()),
            ));
        }
    }
    if col(Role::License).is_none() && col(Role::Tag).is_none() {
        errors.push(error(
            1,
            None,
            "no License or Entitlement Tag column (accepted headers: License, License Name, Product; Entitlement Tag, Tag, SKU, PID)".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| {
                    lines.at(usize::try_from(p.byte()).unwrap_or(usize::MAX))
                });
                errors.push(error(line, None, csv_problem(&e)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| {
            lines.at(usize::try_from(p.byte()).unwrap_or(usize::MAX))
        });
        let mut cells: Vec<Option<String>> = Vec::new();
        let mut bad_text = false;
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => {
                    // An export is text from outside too: what a terminal would do with an
                    // escape sequence or a line break in a cell never reaches a report.
                    let one_line = s.replace(['\n', '\r'], " ");
                    let shown = fleetlic_parsers::terminal::control::render(&one_line);
                    let s = shown.trim();
                    cells.push((!s.is_empty()).then(|| s.to_string()));
                }
                Err(_) => bad_text = true,
            }
        }
        if bad_text {
            errors.push(error(
                line,
                None,
                "not UTF-8 text (save the export as \"CSV UTF-8\")".into(),
            ));
            continue;
        }
        if cells.iter().all(Option::is_none) {
            continue;
        }
        let cell = |role: Role| col(role).and_then(|i| cells.get(i).cloned().flatten());
        let name_of = |role: Role| col(role).map_or("", |i| names[i].as_str());
        let mut row_errors = Vec::new();
        let virtual_account = cell(Role::VirtualAccount);
        if virtual_account.is_none() {
            row_errors.push(error(
                line,
                Some(name_of(Role::VirtualAccount)),
                "empty: every row needs its Virtual Account".into(),
            ));
        }
        let license = cell(Role::License);
        let tag = cell(Role::Tag);
        if license.is_none() && tag.is_none() {
            let which = [Role::License, Role::Tag]
                .into_iter()
                .filter(|r| col(*r).is_some())
                .map(name_of)
                .collect::<Vec<_>>()
                .join(" / ");
            row_errors.push(error(
                line,
                Some(&which),
                "empty: a row needs a license name or an entitlement tag".into(),
            ));
        }
        let owned = match cell(Role::Owned) {
            None => {
                row_errors.push(error(
                    line,
                    Some(name_of(Role::Owned)),
                    "empty: how many licenses does the account own?".into(),
                ));
                None
            }
            Some(text) => match quantity(&text) {
                Some(n) => Some(n),
                None => {
                    row_errors.push(error(
                        line,
                        Some(name_of(Role::Owned)),
                        format!("\"{text}\" is not a whole number of licenses"),
                    ));
                    None
                }
            },
        };
        let account_in_use = match cell(Role::InUse) {
            None => None,
            Some(text) => {
                let n = quantity(&text);
                if n.is_none() {
                    row_errors.push(error(
                        line,
                        Some(name_of(Role::InUse)),
                        format!("\"{text}\" is not a whole number of licenses"),
                    ));
                }
                n
            }
        };
        let expires = match cell(Role::Expires) {
            None => None,
            Some(text) => match expiry(&text) {
                Ok(d) => d,
                Err(()) => {
                    row_errors.push(error(
                        line,
                        Some(name_of(Role::Expires)),
                        format!("\"{text}\" is not a date (write e.g. 2027-01-31, Jan 31 2027 or 31-Jan-2027; Never for perpetual)"),
                    ));
                    None
                }
            },
        };
        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        if let (Some(virtual_account), Some(owned)) = (virtual_account, owned) {
            rows.push(Entitlement {
                line,
                smart_account: cell(Role::SmartAccount),
                virtual_account,
                license,
                tag,
                owned,
                account_in_use,
                expires,
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(error(1, None, "no license rows after the header".into()));
    }
    if errors.is_empty() {
        Ok(Entitlements {
            path: path.to_path_buf(),
            rows,
        })
    } else {
        Err(errors)
    }
}

/// A count of licenses: `12`, `1,200`, `1 200`; never negative or fractional.
fn quantity(text: &str) -> Option<u64> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '\'' | '_' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An expiry date: `2027-01-31`, `2027/01/31`, `Jan 31 2027`, `Jan 31, 2027`,
/// `January 31 2027`, `31-Jan-2027`, `31 Jan 2027`, RFC 3339, or a date followed by a time.
/// `Never`, `Perpetual`, `-`, `N/A`, `None` mean no expiry. The day counts from 00:00 UTC.
fn expiry(text: &str) -> Result<Option<DateTime<Utc>>, ()> {
    let t = text.trim();
    if matches!(
        t.to_lowercase().as_str(),
        "never" | "perpetual" | "-" | "--" | "n/a" | "na" | "none" | "unlimited"
    ) {
        return Ok(None);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(d.with_timezone(&Utc)));
    }
    const FORMATS: [&str; 9] = [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%b %d %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%B %d, %Y",
        "%d-%b-%Y",
        "%d %b %Y",
        "%d-%B-%Y",
    ];
    let date = |s: &str| {
        FORMATS
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    };
    // A date followed by a time (`2027-01-31 23:59:59`): the date part decides the day.
    let found = date(t).or_else(|| {
        t.char_indices()
            .filter(|(_, c)| *c == ' ' || *c == 'T')
            .find_map(|(i, _)| date(&t[..i]))
    });
    match found.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        Some(d) => Ok(Some(d.and_utc())),
        None => Err(()),
    }
}

/// Line numbers from byte offsets, counting `\n` (the csv crate's own line count is off
/// after CRLF line ends, which Excel writes). Offsets only grow, so counting is incremental.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    /// 1-based line of the record the csv reader says starts at `offset` (its offset is where
    /// it began reading, before the blank lines it skipped).
    fn at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.bytes.len());
        while self
            .bytes
            .get(offset)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("not valid CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Vec<Entitlement> {
        match parse(Path::new("ent.csv"), text.as_bytes()) {
            Ok(e) => e.rows,
            Err(errors) => panic!("{errors:?}"),
        }
    }

    fn problems(bytes: &[u8]) -> Vec<String> {
        match parse(Path::new("ent.csv"), bytes) {
            Ok(e) => panic!("parsed: {e:?}"),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Option<DateTime<Utc>> {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
    }

    #[test]
    fn cssm_style_header_reads_every_column() {
        let rows = ok("Smart Account,Virtual Account,License,Entitlement Tag,Quantity,In Use,Balance,Expires\n\
             Acme,DC,LAN license,LAN_ENTERPRISE_SERVICES_PKG,12,11,1,2027-01-31\n");
        assert_eq!(
            rows,
            vec![Entitlement {
                line: 2,
                smart_account: Some("Acme".into()),
                virtual_account: "DC".into(),
                license: Some("LAN license".into()),
                tag: Some("LAN_ENTERPRISE_SERVICES_PKG".into()),
                owned: 12,
                account_in_use: Some(11),
                expires: day(2027, 1, 31),
            }]
        );
    }

    #[test]
    fn header_variants_are_case_insensitive_and_recognised() {
        for (header, role) in [
            ("VIRTUAL ACCOUNT", Role::VirtualAccount),
            ("virtual_account", Role::VirtualAccount),
            ("Smart Account Name", Role::SmartAccount),
            ("SKU", Role::Tag),
            ("entitlement-tag", Role::Tag),
            ("Purchased", Role::Owned),
            ("Qty", Role::Owned),
            ("quantity", Role::Owned),
            ("Available to Use", Role::Owned),
            ("In Use", Role::InUse),
            ("Expires", Role::Expires),
            ("Expiration Date", Role::Expires),
            ("End Date", Role::Expires),
            ("\u{feff}License", Role::License),
            (" License Name ", Role::License),
        ] {
            assert_eq!(column_role(header), Some(role), "{header}");
        }
        assert_eq!(column_role("Billing Type"), None);
        assert_eq!(column_role("Alerts"), None);
    }

    #[test]
    fn semicolon_export_with_bom_sku_purchased_and_end_date() {
        let rows = ok(
            "\u{feff}Virtual Account;SKU;Purchased;Billing Type;End Date\r\n\
             Branches;C9300-DNA-A-48-3Y;3;Prepaid;31-Jan-2027\r\n\
             \r\n\
             ;;;;\r\n\
             Branches;C9300-48-NA;5;Perpetual;Never\r\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].tag.as_deref(), Some("C9300-DNA-A-48-3Y"));
        assert_eq!(rows[0].license, None);
        assert_eq!(rows[0].owned, 3);
        assert_eq!(rows[0].expires, day(2027, 1, 31));
        assert_eq!(rows[1].expires, None);
        assert_eq!(rows[1].line, 5);
    }

    #[test]
    fn dates_in_the_common_export_formats() {
        for text in [
            "2027-01-31",
            "2027/01/31",
            "Jan 31 2027",
            "Jan 31, 2027",
            "January 31 2027",
            "31-Jan-2027",
            "31 Jan 2027",
            "31-JAN-2027",
            "2027-01-31 23:59:59",
            "2027-01-31T00:00:00Z",
        ] {
            assert_eq!(expiry(text), Ok(day(2027, 1, 31)), "{text}");
        }
        for text in ["Never", "perpetual", "-", "N/A"] {
            assert_eq!(expiry(text), Ok(None), "{text}");
        }
        for text in ["31/01/2027", "soon", "2027-02-30"] {
            assert_eq!(expiry(text), Err(()), "{text}");
        }
    }

    #[test]
    fn quantities_accept_thousands_separators_only() {
        assert_eq!(quantity("1,200"), Some(1200));
        assert_eq!(quantity("12"), Some(12));
        assert_eq!(quantity("-3"), None);
        assert_eq!(quantity("2.5"), None);
        assert_eq!(quantity("ten"), None);
    }

    #[test]
    fn malformed_rows_are_all_reported_with_line_and_column() {
        let got = problems(
            b"License,Virtual Account,Qty,In Use,Expires\n\
              LAN,DC,ten,,2027-01-31\n\
              LAN,,3,,\n\
              NS,DC,4,x,someday\n\
              ,DC,4,,\n",
        );
        assert_eq!(
            got,
            vec![
                "ent.csv:2: Qty: \"ten\" is not a whole number of licenses",
                "ent.csv:3: Virtual Account: empty: every row needs its Virtual Account",
                "ent.csv:4: In Use: \"x\" is not a whole number of licenses",
                "ent.csv:4: Expires: \"someday\" is not a date (write e.g. 2027-01-31, Jan 31 2027 or 31-Jan-2027; Never for perpetual)",
                "ent.csv:5: License: empty: a row needs a license name or an entitlement tag",
            ]
        );
    }

    #[test]
    fn missing_or_doubled_columns_are_reported_on_the_header_line() {
        let got = problems(b"License,Amount\nLAN,3\n");
        assert_eq!(
            got,
            vec![
                "ent.csv:1: no Virtual Account column (accepted headers: Virtual Account)",
                "ent.csv:1: no Quantity column (accepted headers: Quantity, Qty, Purchased, Owned or Available to Use)",
            ]
        );
        let got = problems(b"Virtual Account,Quantity,Qty\nDC,3,3\n");
        assert_eq!(
            got,
            vec![
                "ent.csv:1: Qty: a second Quantity column (\"Quantity\" already is)",
                "ent.csv:1: no License or Entitlement Tag column (accepted headers: License, License Name, Product; Entitlement Tag, Tag, SKU, PID)",
            ]
        );
    }

    #[test]
    fn empty_header_only_and_binary_files_are_refused() {
        assert_eq!(
            problems(b""),
            vec!["ent.csv:1: empty file: expected a header row (License, Entitlement Tag, Virtual Account, Quantity, Expires ...)"]
        );
        assert_eq!(
            problems(b"License,Virtual Account,Quantity\n"),
            vec!["ent.csv:1: no license rows after the header"]
        );
        assert_eq!(
            problems(b"License,Virtual Account,Quantity\nLAN\xff\xfe,DC,1\n"),
            vec!["ent.csv:2: not UTF-8 text (save the export as \"CSV UTF-8\")"]
        );
        assert!(problems(b"\x00\x01\x02\xff")[0].starts_with("ent.csv:1: "));
    }

    #[test]
    fn an_unreadable_file_names_the_path() {
        let got = read(Path::new("/nonexistent/ent.csv")).expect_err("missing file");
        assert!(
            got[0]
                .to_string()
                .starts_with("/nonexistent/ent.csv:1: cannot read"),
            "{}",
            got[0]
        );
    }
}
