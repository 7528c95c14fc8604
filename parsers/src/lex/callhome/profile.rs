//! The IOS-style call-home profile block, printed by IOS-XE `show call-home profile all` and
//! under `Profiles:` in IOS-XR `show call-home detail`:
//!
//! ```text
//! Profile Name: CiscoTAC-1
//! Profile status: ACTIVE
//! Profile mode: Full Reporting
//! Reporting Data: Smart Call Home, Smart Licensing
//! Preferred Message Format: xml
//! Message Size Limit: 3145728 Bytes
//! Transport Method: http
//! Email address(es): callhome@cisco.com
//! HTTP address(es): https://tools.cisco.com/its/service/oddce/services/DDCEService
//! Other address(es): default
//! Periodic inventory info message is scheduled every 1 day of the month at 09:00
//!
//! Alert-group               Severity
//! crash                     debug
//! ```
//!
//! and the smart-licensing summary `Profile: CiscoTAC-1 (status: ACTIVE)` /
//! `Destination URL(s): <url>`. Address lists continue on the following lines, one or several
//! addresses per line; a line hard-wrapped at 80 columns continues the last address.

use crate::lex::absent::present;
use crate::lex::kv::{join_wrapped, norm, split_kv, WRAP_WIDTH};
use crate::lex::text::Line;
use crate::lex::value::flag;
use crate::lex::Warnings;
use crate::model::CallHomeProfile;

use super::add_other;
use super::words::profile_status;

/// Which list bare lines after a label extend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Http,
    Email,
    Other,
}

/// Walks profile lines one at a time and collects the profiles.
#[derive(Debug, Default)]
pub(crate) struct ProfileBlock {
    /// Profiles in the order first named.
    pub(crate) profiles: Vec<CallHomeProfile>,
    /// Index of the profile the lines describe.
    current: Option<usize>,
    /// Address list continued by bare lines.
    list: Option<List>,
    /// Inside an `Alert-group` / `Syslog-Pattern` severity table (until a blank line).
    table: bool,
    /// Width of the previous line (wrapped addresses).
    last_width: usize,
}

impl ProfileBlock {
    /// Takes `line` when it belongs to a profile block; `false` leaves it to the caller.
    /// `value` is the line text with any document annotation already removed.
    pub(crate) fn line(&mut self, line: &Line, value: &str, w: &mut Warnings) -> bool {
        let t = value.trim();
        let width = std::mem::replace(&mut self.last_width, line.width);
        if t.is_empty() {
            self.table = false;
            self.list = None;
            return true;
        }
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("alert-group ") && lower.ends_with("severity")
            || lower.starts_with("syslog-pattern ") && lower.ends_with("severity")
        {
            self.table = true;
            self.list = None;
            return true;
        }
        if self.table {
            return true;
        }
        if let Ok((_, (name, status))) = profile_status(t) {
            let i = self.open(name);
            if let Some(p) = self.profiles.get_mut(i) {
                p.active = flag(status);
            }
            self.list = None;
            return true;
        }
        if let Some(rest) = lower.strip_prefix("periodic ") {
            if let Some(p) = rest.find(" is scheduled ") {
                let label = t.get(..p + "periodic ".len()).unwrap_or(t);
                let when = t
                    .get(p + "periodic ".len() + " is scheduled ".len()..)
                    .unwrap_or("");
                self.other(label, when);
                self.list = None;
                return true;
            }
        }
        match split_kv(t) {
            Some((label, v)) if self.field(label, v, line, w) => true,
            Some(_) => false,
            None => self.bare(t, width, line, w),
        }
    }

    /// A labelled profile field; `false` when the label is not one.
    fn field(&mut self, label: &str, v: &str, line: &Line, w: &mut Warnings) -> bool {
        self.list = None;
        match norm(label).as_str() {
            "profile name" => {
                self.open(v);
            }
            "profile status" => {
                let active = flag(v);
                if active.is_none() {
                    w.push(line.no, &line.text, "unknown profile status");
                }
                self.with(|p| p.active = active);
            }
            "profile mode" => self.with(|p| p.mode = present(v).map(str::to_string)),
            "reporting data" => {
                let data = v.to_ascii_lowercase();
                self.with(|p| {
                    p.reporting_smart_call_home = Some(data.contains("smart call home"));
                    p.reporting_smart_licensing = Some(data.contains("smart licensing"));
                });
            }
            "preferred message format" => {
                self.with(|p| p.message_format = present(v).map(str::to_string))
            }
            "transport method" => {
                self.with(|p| p.transport_method = present(v).map(str::to_string))
            }
            "message size limit" => self.other(label, v),
            l if is_http_label(l) => self.addresses(List::Http, v),
            "email address(es)" => self.addresses(List::Email, v),
            "other address(es)" => self.addresses(List::Other, v),
            _ => return false,
        }
        true
    }

    /// A line without a label: the next address of the open list, or the rest of a wrapped one.
    fn bare(&mut self, t: &str, width: usize, line: &Line, w: &mut Warnings) -> bool {
        let Some(list) = self.list else {
            return false;
        };
        let wrapped = width >= WRAP_WIDTH && !t.contains(char::is_whitespace) && !t.contains("://");
        if wrapped {
            let Some(p) = self.current.and_then(|i| self.profiles.get_mut(i)) else {
                return false;
            };
            let last = match list {
                List::Http => p.http_urls.last_mut(),
                List::Email => p.email_addresses.last_mut(),
                List::Other => None,
            };
            if let Some(last) = last {
                join_wrapped(last, width, t);
                return true;
            }
        }
        if list == List::Http && !t.contains("://") {
            w.push(
                line.no,
                &line.text,
                "HTTP address without a scheme; kept as printed",
            );
        }
        self.addresses(list, t);
        true
    }

    /// Adds the addresses in `v` (blank-separated; `default` / placeholders = none) to `list`.
    fn addresses(&mut self, list: List, v: &str) {
        self.list = Some(list);
        let Some(v) = present(v).filter(|v| !v.eq_ignore_ascii_case("default")) else {
            return;
        };
        if list == List::Other {
            self.other("Other address(es)", v);
            return;
        }
        self.with(|p| {
            let into = match list {
                List::Email => &mut p.email_addresses,
                _ => &mut p.http_urls,
            };
            into.extend(v.split_whitespace().map(str::to_string));
        });
    }

    /// Records an untyped profile setting.
    fn other(&mut self, label: &str, v: &str) {
        if let Some(v) = present(v) {
            self.with(|p| add_other(&mut p.other, label, v));
        }
    }

    /// Makes `name` the current profile, reopening it when already seen (XR prints the
    /// summary `Profile:` line and later the full block for the same profile).
    fn open(&mut self, name: &str) -> usize {
        let i = match self.profiles.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                self.profiles.push(CallHomeProfile {
                    name: name.to_string(),
                    ..Default::default()
                });
                self.profiles.len() - 1
            }
        };
        self.current = Some(i);
        i
    }

    /// Applies `f` to the current profile; fields printed before any name (a filtered
    /// output such as `| i https`) go to a profile with an empty name.
    fn with(&mut self, f: impl FnOnce(&mut CallHomeProfile)) {
        let i = match self.current {
            Some(i) => i,
            None => self.open(""),
        };
        if let Some(p) = self.profiles.get_mut(i) {
            f(p);
        }
    }
}

/// Whether a normalised label names the HTTP destination list, by its shape: `http` then a
/// word starting `address` or `url` (`HTTP address(es)`, `HTTP address`, `HTTP  Addresses`,
/// `http url(s)`), or `destination url(s)` / `destination url`.
fn is_http_label(label: &str) -> bool {
    let mut words = label.split(' ');
    let (Some(first), Some(second), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    match first {
        "http" => second.starts_with("address") || second.starts_with("url"),
        "destination" => second.starts_with("url"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::text::prepare;

    fn run(text: &str) -> (Vec<CallHomeProfile>, Vec<bool>, usize) {
        let t = prepare(text).unwrap_or_default();
        let mut b = ProfileBlock::default();
        let mut w = Warnings::default();
        let taken = t.lines.iter().map(|l| b.line(l, &l.text, &mut w)).collect();
        (b.profiles, taken, w.0.len())
    }

    #[test]
    fn profile_fields_land_in_the_profile() {
        let (p, taken, warns) = run("Profile Name: CiscoTAC-1\nProfile status: INACTIVE\nProfile mode: Full Reporting\nReporting Data: Smart Call Home\nPreferred Message Format: xml\nMessage Size Limit: 3145728 Bytes\nTransport Method: http\nHTTP address(es): https://a/x http://b/y\nhttps://c/z\nOther address(es): default\n");
        assert!(taken.iter().all(|t| *t));
        assert_eq!(warns, 0);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].active, Some(false));
        assert_eq!(p[0].reporting_smart_licensing, Some(false));
        assert_eq!(p[0].reporting_smart_call_home, Some(true));
        assert_eq!(p[0].http_urls, ["https://a/x", "http://b/y", "https://c/z"]);
        assert_eq!(
            p[0].other.get("Message Size Limit").map(String::as_str),
            Some("3145728 Bytes")
        );
    }

    #[test]
    fn every_http_label_spelling_fills_the_url_list() {
        for label in [
            "HTTP address(es):",
            "HTTP address:",
            "HTTP  address:",
            "http Address(es) :",
            "HTTP addresses:",
        ] {
            let (p, taken, warns) = run(&format!(
                "Profile Name: A\n{label} https://a/x\n    https://b/y\n"
            ));
            assert!(taken.iter().all(|t| *t), "{label}");
            assert_eq!(warns, 0, "{label}");
            assert_eq!(p[0].http_urls, ["https://a/x", "https://b/y"], "{label}");
        }
    }

    #[test]
    fn http_label_alone_takes_the_urls_of_the_next_lines() {
        let (p, taken, warns) =
            run("Profile Name: A\nHTTP address:\n    https://a/x\n    https://b/y\nOther address(es): default\n");
        assert!(taken.iter().all(|t| *t));
        assert_eq!(warns, 0);
        assert_eq!(p[0].http_urls, ["https://a/x", "https://b/y"]);
    }

    #[test]
    fn http_label_shapes_known_answers() {
        assert!(is_http_label("http address(es)"));
        assert!(is_http_label("http address"));
        assert!(is_http_label("destination url(s)"));
        assert!(!is_http_label("http proxy"));
        assert!(!is_http_label("email address(es)"));
        assert!(!is_http_label("http address family x"));
    }

    #[test]
    fn wrapped_url_joins_the_previous_one() {
        let url = "https://tools.cisco.com/its/service/oddce/services/DDCEService/abcdefghijklmnop";
        let label = "HTTP address(es): ";
        let (head, tail) = url.split_at(80 - label.len());
        let (p, _, warns) = run(&format!("Profile Name: A\n{label}{head}\n{tail}\n"));
        assert_eq!(warns, 0);
        assert_eq!(p[0].http_urls, [url]);
    }

    #[test]
    fn summary_line_and_full_block_describe_one_profile() {
        let (p, _, _) = run("Profile: CiscoTAC-1 (status: ACTIVE)\nDestination URL(s): https://x/y\n\nProfile Name: CiscoTAC-1\nTransport Method: http\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].active, Some(true));
        assert_eq!(p[0].http_urls, ["https://x/y"]);
        assert_eq!(p[0].transport_method.as_deref(), Some("http"));
    }

    #[test]
    fn severity_tables_are_skipped() {
        let (p, taken, warns) = run("Profile Name: A\n\nAlert-group               Severity\ncrash                     debug\n.*   major\n\n");
        assert_eq!(p.len(), 1);
        assert!(taken.iter().all(|t| *t));
        assert_eq!(warns, 0);
    }
}
