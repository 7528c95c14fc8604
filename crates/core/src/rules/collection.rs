//! Collection rules: could the device be audited at all, and what got in the way.
//!
//! A device that was not collected, or whose outputs the grammars could not use, is a finding
//! of severity `unknown` (exit code 3), never a silent gap.

use fleetlic_parsers::model::Resolution;
use fleetlic_parsers::Command;

use crate::audited::Audited;
use crate::device::{CollectionStatus, Device, OutputOutcome};
use crate::finding::Severity;

use super::{Findings, Rule};

/// The device did not answer (TCP connect failed, refused, no route).
pub const UNREACHABLE: Rule = Rule {
    id: "collection.unreachable",
    severity: Severity::Unknown,
    meaning: "The device could not be reached over SSH; its licensing was not audited.",
    fix: "Check reachability and the SSH port from the collector (ping, TCP 22), and the inventory host/port.",
};

/// Authentication was refused.
pub const AUTH_FAILED: Rule = Rule {
    id: "collection.auth_failed",
    severity: Severity::Unknown,
    meaning: "The device refused the credentials; its licensing was not audited.",
    fix: "Check the username and the password/key source in the inventory (password_env, password_file, key_file, agent).",
};

/// Connect, a command or the device budget timed out.
pub const TIMEOUT: Rule = Rule {
    id: "collection.timeout",
    severity: Severity::Unknown,
    meaning: "Collection timed out; what was collected before is still audited.",
    fix: "Raise connect_timeout_s / command_timeout_s / device_timeout_s for this device, or check its CPU and VTY lines.",
};

/// The host key did not match known_hosts: possibly a man in the middle, always worth a look.
pub const HOST_KEY_MISMATCH: Rule = Rule {
    id: "collection.host_key_mismatch",
    severity: Severity::Critical,
    meaning: "The device's SSH host key changed since it was recorded in known_hosts; fleetlic refused to log in (possible man in the middle, or a replaced/reinstalled device).",
    fix: "Verify the device's key out of band, then update the known_hosts entry for this host.",
};

/// Strict host-key checking and the device's host key is not in known_hosts.
pub const HOST_KEY_UNKNOWN: Rule = Rule {
    id: "collection.host_key_unknown",
    severity: Severity::Unknown,
    meaning: "The device's SSH host key is not recorded in known_hosts and host_key_check is \"strict\"; fleetlic did not log in.",
    fix: "Record the key after checking its fingerprint (the error gives the ssh-keyscan line), or set host_key_check = \"accept-new\" for the device.",
};

/// The device's inventory entry could not be used; the rest of the fleet was audited.
pub const CONFIG_ERROR: Rule = Rule {
    id: "collection.config_error",
    severity: Severity::Unknown,
    meaning: "The device's inventory entry could not be used (its key file is missing or readable by others, its password variable is unset or empty, or its password file unreadable); the device was not contacted, the rest of the fleet was audited.",
    fix: "Fix what the error names at the inventory's file:line; --strict-inventory makes any such problem stop the run instead.",
};

/// The run stopped before this device was collected.
pub const CANCELLED: Rule = Rule {
    id: "collection.cancelled",
    severity: Severity::Unknown,
    meaning: "The run was interrupted (Ctrl-C or --deadline) before this device was collected.",
    fix: "Run the audit again, with a longer --deadline if the whole-run budget ran out.",
};

/// A device sent more than the per-command output cap: it streams, or its CLI is stuck.
pub const OUTPUT_TOO_LARGE: Rule = Rule {
    id: "collection.output_too_large",
    severity: Severity::Unknown,
    meaning: "A command (or the login banner) sent more than the output cap (--max-output, default 8 MiB) without finishing; fleetlic closed the session to keep its memory bounded. Outputs collected before are still audited.",
    fix: "Log in by hand and run the command: a runaway banner, a stuck terminal or a CLI bug is the usual cause. Raise --max-output only if the output is genuinely that large.",
};

/// One output printed more records than `--max-records` lets it keep.
pub const TOO_MANY_RECORDS: Rule = Rule {
    id: "collection.too_many_records",
    severity: Severity::Warning,
    meaning: "A command printed more records of one kind (licenses and entitlements, extra entries, warnings, or other lists) than --max-records (default 5000) lets one output keep; the first ones, in the order printed, are audited, the rest are not. A real device prints a few hundred at most.",
    fix: "Look at the saved output (--save-raw): a device printing tens of thousands of licenses is broken or hostile. Raise --max-records only if the output is genuine.",
};

/// Collection failed for another reason.
pub const FAILED: Rule = Rule {
    id: "collection.failed",
    severity: Severity::Unknown,
    meaning: "Collection failed for a reason recorded in the error column.",
    fix: "Read the error; rerun with -v for the SSH exchange.",
};

/// The device rejected an allow-listed command (`% Invalid input`).
pub const COMMAND_UNSUPPORTED: Rule = Rule {
    id: "collection.command_unsupported",
    severity: Severity::Info,
    meaning: "The device does not know this command (older or newer release); the others still audit it.",
    fix: "None needed if the other licensing commands answered; otherwise check the software release.",
};

/// A command's output was not that command's output (empty, garbage, cut off).
pub const OUTPUT_UNPARSEABLE: Rule = Rule {
    id: "collection.output_unparseable",
    severity: Severity::Unknown,
    meaning: "A command printed something fleetlic cannot read; that part of the device is not audited.",
    fix: "Look at the saved output (--save-raw) and rerun; report it with the file if the device output is genuine.",
};

/// Lines of an output were skipped by the grammar.
pub const PARSE_WARNINGS: Rule = Rule {
    id: "collection.parse_warnings",
    severity: Severity::Info,
    meaning: "Some lines of an output were not understood; the rest was audited.",
    fix: "Run `fleetlic parse` on the saved output to see the lines; report new formats.",
};

/// A date was printed in a zone fleetlic could not place: its UTC value (a deadline,
/// perhaps) is missing from the audit.
pub const ZONE_UNRESOLVED: Rule = Rule {
    id: "parse.zone_unresolved",
    severity: Severity::Unknown,
    meaning: "A date was printed in a zone name fleetlic cannot place (ambiguous like IST or CST, or chosen with `clock timezone`), and neither the device's `show clock` nor the inventory resolved it; that date (a deadline, perhaps) is not audited.",
    fix: "Set the device's `timezone` in the inventory (or its replay device.toml): a UTC offset such as \"+05:30\" or an IANA name such as \"Asia/Kolkata\". Or give the device an unambiguous zone (`clock timezone UTC 0`) and make sure `show clock` is collected.",
};

/// Nothing the licensing rules need was parsed.
pub const NO_LICENSING_DATA: Rule = Rule {
    id: "collection.no_licensing_data",
    severity: Severity::Unknown,
    meaning: "No licensing command gave usable output, so the device's licensing was not audited.",
    fix: "Check that the account may run the show license commands (XR classic: admin plane), and the saved outputs.",
};

/// Every collection rule.
pub const RULES: &[Rule] = &[
    UNREACHABLE,
    AUTH_FAILED,
    TIMEOUT,
    HOST_KEY_MISMATCH,
    HOST_KEY_UNKNOWN,
    CONFIG_ERROR,
    CANCELLED,
    OUTPUT_TOO_LARGE,
    TOO_MANY_RECORDS,
    FAILED,
    COMMAND_UNSUPPORTED,
    OUTPUT_UNPARSEABLE,
    PARSE_WARNINGS,
    ZONE_UNRESOLVED,
    NO_LICENSING_DATA,
];

/// Why `a` was not (fully) audited and what to do, as one line, or `None` when it was: the
/// recorded collection error, which names the fix itself for host keys and inventory
/// problems and is followed by its rule's fix otherwise; else the first finding of severity
/// unknown and its fix. The terminal report lists these lines.
pub fn why_not_audited(a: &Audited) -> Option<String> {
    let d = &a.device;
    if d.status != CollectionStatus::Ok {
        let error = d.error.as_deref().unwrap_or("no error recorded");
        let names_fix = matches!(
            d.status,
            CollectionStatus::HostKeyMismatch
                | CollectionStatus::HostKeyUnknown
                | CollectionStatus::ConfigError
        );
        let fix = a
            .findings
            .iter()
            .find(|f| f.rule_id.starts_with("collection.") && f.severity >= Severity::Unknown)
            .and_then(|f| f.fix.as_deref());
        return Some(match fix {
            Some(fix) if !names_fix => format!("{}: {error}; {fix}", d.status.as_word()),
            _ => error.to_string(),
        });
    }
    let f = a
        .findings
        .iter()
        .find(|f| f.severity == Severity::Unknown)?;
    Some(match &f.fix {
        Some(fix) => format!("{}: {}; {fix}", f.rule_id, f.message),
        None => format!("{}: {}", f.rule_id, f.message),
    })
}

/// Commands whose output carries licensing state (as opposed to call-home, version, clock).
const LICENSING: &[Command] = &[
    Command::LicenseStatus,
    Command::LicenseAll,
    Command::LicenseSummary,
    Command::LicenseUsage,
    Command::License,
    Command::LicenseEntitlement,
    Command::LicenseRegisterStatus,
    Command::LicensePools,
    Command::LicenseAllocated,
    Command::LicensePlatformSummary,
    Command::LicensePlatformDetail,
];

/// Raises the collection findings; returns whether the licensing rules can run.
pub fn check(device: &Device, f: &mut Findings<'_>) -> bool {
    let error = device.error.as_deref().unwrap_or("no error recorded");
    let status_rule = match &device.status {
        CollectionStatus::Ok => None,
        CollectionStatus::Unreachable => Some(&UNREACHABLE),
        CollectionStatus::AuthFailed => Some(&AUTH_FAILED),
        CollectionStatus::Timeout => Some(&TIMEOUT),
        CollectionStatus::HostKeyMismatch => Some(&HOST_KEY_MISMATCH),
        CollectionStatus::Cancelled => Some(&CANCELLED),
        CollectionStatus::OutputTooLarge => Some(&OUTPUT_TOO_LARGE),
        CollectionStatus::ConfigError => Some(&CONFIG_ERROR),
        CollectionStatus::HostKeyUnknown => Some(&HOST_KEY_UNKNOWN),
        CollectionStatus::Other(_) => Some(&FAILED),
    };
    if let Some(rule) = status_rule {
        f.raise(
            rule,
            rule.severity,
            format!("collection {}: {error}", device.status.as_word()),
        );
    }
    let mut unsupported = Vec::new();
    for (command, outcome) in &device.outputs {
        let slug = command.slug();
        if let OutputOutcome::Parsed { dropped, .. } = outcome {
            if !dropped.is_empty() {
                f.raise(
                    &TOO_MANY_RECORDS,
                    TOO_MANY_RECORDS.severity,
                    format!(
                        "{slug}: {} record(s) beyond --max-records not kept ({})",
                        dropped.total(),
                        dropped.describe()
                    ),
                );
            }
        }
        match outcome {
            OutputOutcome::Parsed { warnings, .. } if !warnings.is_empty() => {
                let first = &warnings[0];
                f.raise(
                    &PARSE_WARNINGS,
                    Severity::Info,
                    format!(
                        "{slug}: {} line(s) not understood (first, line {}: {}: {})",
                        warnings.len(),
                        first.line,
                        first.reason,
                        first.text
                    ),
                );
            }
            OutputOutcome::Parsed { .. } => {}
            OutputOutcome::Unsupported { message } => unsupported.push((slug, message)),
            OutputOutcome::Unparseable { reason } => f.raise(
                &OUTPUT_UNPARSEABLE,
                Severity::Unknown,
                format!("{slug}: {reason}"),
            ),
        }
    }
    zones_unresolved(device, f);
    // One finding per device: releases lack whole families of commands, and one line each
    // would bury the findings that matter.
    if let Some((_, message)) = unsupported.first() {
        let slugs: Vec<&str> = unsupported.iter().map(|(s, _)| *s).collect();
        f.raise(
            &COMMAND_UNSUPPORTED,
            Severity::Info,
            format!(
                "the device rejected {} command(s): {} ({message})",
                slugs.len(),
                slugs.join(", ")
            ),
        );
    }
    let licensing = LICENSING.iter().any(|c| device.parsed(*c));
    if !licensing && device.status == CollectionStatus::Ok {
        f.raise(
            &NO_LICENSING_DATA,
            Severity::Unknown,
            "no licensing command gave usable output; licensing not audited",
        );
    }
    licensing
}

/// One [`ZONE_UNRESOLVED`] finding per date (and for the clock reading) whose zone stays
/// unresolved, naming the field, the printed text and what the clock said.
fn zones_unresolved(device: &Device, f: &mut Findings<'_>) {
    let clock = device.model.clock.as_ref();
    let hint = |zone: &str| -> String {
        match clock {
            None => "no show clock reading to derive it from".to_string(),
            Some(c) => match c.zone.as_deref() {
                Some(z) if z.eq_ignore_ascii_case(zone) => match &c.offset_note {
                    Some(note) => format!("show clock printed {z} too, but {note}"),
                    None => format!("show clock printed {z} too, but no offset was derived"),
                },
                Some(z) => format!("show clock printed {z}"),
                None => "show clock printed no zone".to_string(),
            },
        }
    };
    let set = "set timezone = \"+HH:MM\" or an IANA name in the inventory";
    if let Some(c) = clock.filter(|c| c.resolved == Some(Resolution::Unresolved)) {
        if let Some(zone) = c.zone.as_deref() {
            let why = c
                .offset_note
                .clone()
                .unwrap_or_else(|| "no offset was derived".to_string());
            f.raise(
                &ZONE_UNRESOLVED,
                Severity::Unknown,
                format!(
                    "show clock: {}: zone {zone} could not be resolved ({why}; {set})",
                    c.printed.as_deref().unwrap_or("-")
                ),
            );
        }
    }
    for d in device
        .model
        .dates
        .iter()
        .filter(|d| d.resolved == Resolution::Unresolved)
    {
        let slug = d.command.map_or("", Command::slug);
        let message = match d.zone.as_deref() {
            Some(zone) => format!(
                "{}: {}: zone {zone} could not be resolved ({}; {set}) [{slug} line {}]",
                d.field,
                d.text,
                hint(zone),
                d.line
            ),
            None => format!(
                "{}: {}: printed without a zone, not converted to UTC [{slug} line {}]",
                d.field, d.text, d.line
            ),
        };
        f.raise(&ZONE_UNRESOLVED, Severity::Unknown, message);
    }
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::Platform;

    use super::*;
    use crate::device::AuditKeys;
    use crate::rules::testing::{at, device, now, one, raised};

    /// An NX-OS `show license usage` printing `n` authorized licenses.
    fn usage_of(n: usize) -> String {
        let mut text = String::from("switch# show license usage\n");
        for i in 0..n {
            text.push_str(&format!(
                "(LIC_{i:05}):\n  Description: hostile {i}\n  Count: 1\n  Version: 1.0\n  Status: AUTHORIZED\n\n"
            ));
        }
        text
    }

    #[test]
    fn an_output_beyond_max_records_keeps_the_first_records_and_names_the_command_and_count() {
        let record = crate::device::DeviceRecord {
            name: "dev".into(),
            host: "192.0.2.1".into(),
            platform: Some(Platform::NxOs),
            collected_at: Some(now()),
            status: CollectionStatus::Ok,
            error: None,
            keys: AuditKeys::default(),
        };
        let d = Device::from_outputs(
            record,
            [(Command::LicenseUsage, usage_of(30))],
            crate::cap::RecordCap { max: 10 },
        );
        let names: Vec<String> = d
            .model
            .licenses
            .iter()
            .filter_map(|l| l.name.clone())
            .collect();
        let first: Vec<String> = (0..10).map(|i| format!("hostile {i}")).collect();
        assert_eq!(names, first);
        let findings = crate::rules::testing::findings_at(&d, now());
        let f = one(&findings, "collection.too_many_records");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message
                .starts_with("show_license_usage: 20 record(s) beyond --max-records"),
            "{}",
            f.message
        );
        assert!(f.message.contains("20 license(s)"), "{}", f.message);
    }

    #[test]
    fn an_output_within_max_records_raises_no_cap_finding() {
        let d = device(
            Platform::NxOs,
            AuditKeys::default(),
            &[(Command::LicenseUsage, usage_of(30).as_str())],
        );
        assert_eq!(d.model.licenses.len(), 30);
        assert!(raised(&d, now())
            .iter()
            .all(|(id, _)| id != "collection.too_many_records"));
    }

    #[test]
    fn failed_collection_is_unknown_and_stops_the_licensing_rules() {
        let mut d = device(Platform::NxOs, AuditKeys::default(), &[]);
        d.status = CollectionStatus::AuthFailed;
        d.error = Some("permission denied (publickey,password)".into());
        assert_eq!(
            raised(&d, now()),
            [("collection.auth_failed".to_string(), Severity::Unknown)]
        );
    }

    fn audited(status: CollectionStatus, error: &str) -> Audited {
        let mut device = device(Platform::IosXe, AuditKeys::default(), &[]);
        device.status = status;
        device.error = Some(error.into());
        let findings = crate::rules::testing::findings_at(&device, now());
        Audited { device, findings }
    }

    #[test]
    fn why_not_audited_keeps_a_host_key_error_that_names_its_fix_and_adds_the_rule_fix_otherwise() {
        let unknown = "host key not known (SHA256:abc): run ssh-keyscan -p 22 10.1.2.3 >> kh";
        let a = audited(CollectionStatus::HostKeyUnknown, unknown);
        assert_eq!(why_not_audited(&a).as_deref(), Some(unknown));
        assert!(a.findings.iter().any(|f| f.rule_id == HOST_KEY_UNKNOWN.id));
        let a = audited(CollectionStatus::Unreachable, "connection refused");
        assert_eq!(
            why_not_audited(&a),
            Some(format!(
                "unreachable: connection refused; {}",
                UNREACHABLE.fix
            ))
        );
        let a = audited(
            CollectionStatus::ConfigError,
            "inv.toml:3: key_file: no such file",
        );
        assert_eq!(
            why_not_audited(&a).as_deref(),
            Some("inv.toml:3: key_file: no such file")
        );
        assert!(a.findings.iter().any(|f| f.rule_id == CONFIG_ERROR.id
            && f.severity == Severity::Unknown
            && f.message.contains("inv.toml:3")));
    }

    #[test]
    fn unsupported_command_is_info_but_garbage_is_unknown() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[
                (Command::LicensePool, "RP/0/RSP0/CPU0:r1#admin show license pool\nAssigned Pool Info: POOL1\n"),
                (Command::LicensePlatformSummary, "RP/0/RSP0/CPU0:r1#show license platform summary\n        ^\n% Invalid input detected at '^' marker.\n"),
                (Command::LicenseRegisterStatus, "\u{0}\u{1}garbage\n"),
            ],
        );
        let got = raised(&d, now());
        assert!(
            got.contains(&("collection.command_unsupported".into(), Severity::Info)),
            "{got:?}"
        );
        assert!(
            got.contains(&("collection.output_unparseable".into(), Severity::Unknown)),
            "{got:?}"
        );
        assert!(
            got.contains(&("collection.no_licensing_data".into(), Severity::Unknown)),
            "{got:?}"
        );
    }

    #[test]
    fn healthy_output_raises_no_collection_finding() {
        let d = device(
            Platform::IosXr,
            AuditKeys::default(),
            &[(
                Command::LicenseStatus,
                "RP/0/RSP0/CPU0:r1#admin show license status\nCompliance Status: In compliance\n",
            )],
        );
        assert!(raised(&d, now())
            .iter()
            .all(|(id, _)| !id.starts_with("collection.")));
    }

    const SLP_IST: &str = "c9300#show license all\nSmart Licensing Status\n======================\n\nSmart Licensing is ENABLED\n\nUsage Reporting:\n  Next ACK deadline: Dec 10 15:33:15 2026 IST\n";

    fn zone_findings(d: &Device) -> Vec<String> {
        crate::rules::testing::findings_at(d, now())
            .into_iter()
            .filter(|f| f.rule_id == "parse.zone_unresolved")
            .map(|f| f.message)
            .collect()
    }

    fn ist_device(clock: Option<&str>, keys: AuditKeys) -> Device {
        let mut outputs = vec![(Command::LicenseAll, SLP_IST)];
        if let Some(c) = clock {
            outputs.push((Command::Clock, c));
        }
        device(Platform::IosXe, keys, &outputs)
    }

    #[test]
    fn unresolved_zone_names_the_field_text_and_the_clock() {
        let d = ist_device(
            Some("c9300#show clock\n12:00:03.000 UTC Mon Nov 23 2026\n"),
            AuditKeys::default(),
        );
        assert_eq!(
            zone_findings(&d),
            ["Next ACK deadline: Dec 10 15:33:15 2026 IST: zone IST could not be resolved (show clock printed UTC; set timezone = \"+HH:MM\" or an IANA name in the inventory) [show_license_all line 8]"]
        );
        assert_eq!(
            one(
                &crate::rules::testing::findings_at(&d, now()),
                "parse.zone_unresolved"
            )
            .severity,
            Severity::Unknown
        );
        let none = ist_device(None, AuditKeys::default());
        assert!(
            zone_findings(&none)[0].contains("no show clock reading"),
            "{:?}",
            zone_findings(&none)
        );
    }

    #[test]
    fn the_device_clock_in_the_same_zone_resolves_it() {
        // Collected at 12:00 UTC; the clock reads 17:37 IST (7 minutes fast): +05:30.
        let d = ist_device(
            Some("c9300#show clock\n*17:37:03.000 IST Mon Nov 23 2026\n"),
            AuditKeys::default(),
        );
        assert!(zone_findings(&d).is_empty(), "{:?}", zone_findings(&d));
        let due = d
            .model
            .usage_reporting
            .as_ref()
            .and_then(|u| u.next_ack_deadline);
        assert_eq!(
            due,
            Some(at(2026, 12, 10, 10) + chrono::Duration::seconds(3 * 60 + 15))
        );
        let clock = d.model.clock.as_ref();
        assert_eq!(clock.and_then(|c| c.offset_minutes), Some(330));
        assert_eq!(
            clock.and_then(|c| c.resolved),
            Some(Resolution::DeviceClock)
        );
        assert!(clock
            .and_then(|c| c.offset_note.as_deref())
            .is_some_and(|n| n.contains("rounded to +05:30")));
    }

    #[test]
    fn an_implausible_clock_offset_is_refused_and_reported() {
        // Collected at 12:00 UTC on Nov 23; a clock a day ahead gives no offset.
        let d = ist_device(
            Some("c9300#show clock\n*17:30:03.000 IST Tue Nov 24 2026\n"),
            AuditKeys::default(),
        );
        let got = zone_findings(&d);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().any(|m| m.starts_with("show clock: 17:30:03.000 IST Tue Nov 24 2026: zone IST could not be resolved (clock read")), "{got:?}");
        assert!(got.iter().any(|m| m.contains("beyond")), "{got:?}");
    }

    #[test]
    fn the_inventory_timezone_resolves_it_and_wins_over_the_clock() {
        let keys = AuditKeys {
            timezone: Some("Asia/Kolkata".into()),
            ..AuditKeys::default()
        };
        let d = ist_device(
            Some("c9300#show clock\n*17:30:03.000 IST Tue Nov 24 2026\n"),
            keys,
        );
        assert!(zone_findings(&d).is_empty(), "{:?}", zone_findings(&d));
        assert_eq!(d.model.dates[0].resolved, Resolution::Inventory);
        assert_eq!(
            d.model.clock.as_ref().and_then(|c| c.resolved),
            Some(Resolution::Inventory)
        );
    }
}
