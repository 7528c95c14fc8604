//! How dates are written: every report, alert and the history file use one format.

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 UTC with a `Z`, second precision: the date format of every report, alert and
/// history file.
pub fn rfc3339(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_is_utc_with_z_and_whole_seconds() {
        let d: DateTime<Utc> = "2026-11-23T08:09:10.987654Z".parse().expect("date");
        assert_eq!(rfc3339(d), "2026-11-23T08:09:10Z");
    }
}
