//! Who answered: the device behind an inventory entry is the one expected.
//!
//! An inventory entry pointing at another device's address or port (a typo, a re-used IP, a
//! NAT rule that moved) is otherwise audited as the right device with the wrong device's
//! licensing. Each device's [`Identity`] is what it said about itself: the host name in its
//! prompt, the host name `show version` printed, and its chassis serial. The rule
//! `collection.identity_mismatch` (a warning) is raised, on the inventory entry whose answer
//! does not match it, when
//! - the prompt's host name (or, with no prompt, as in exec mode, the one `show version`
//!   printed) is not the inventory name: compared case-insensitively, domain part ignored;
//!   the inventory key `expected_hostname` names the expected one, and an inventory name
//!   that is an IP address is not compared;
//! - two entries of one run answer with the same serial (on both: one of them is wrong);
//! - the serial differs from the one the previous run in `--history` recorded for this name
//!   (the device was replaced, or the entry now reaches another one).
//!
//! `identity_check = false` turns all three off for a device or a group.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audited::Audited;
use crate::device::Device;
use crate::finding::{sort, Finding, Severity};
use crate::rule::Rule;

/// The device that answered is not the one the inventory entry expects.
pub const IDENTITY_MISMATCH: Rule = Rule {
    id: "collection.identity_mismatch",
    severity: Severity::Warning,
    meaning: "The device that answered this inventory entry does not look like the one expected: its prompt (or show version) names another host, another entry of this run answered with the same chassis serial, or the serial changed since the previous --history run. Its licensing may be another device's.",
    fix: "Check the entry's host and port reach the intended device (ssh to it, compare the hostname and serial). If the device is legitimately named otherwise set expected_hostname = \"<its hostname>\"; after a hardware replacement the next run settles; identity_check = false turns the check off.",
};

/// The rules of this module, for the catalog.
pub const RULES: &[Rule] = &[IDENTITY_MISMATCH];

/// What a device said about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Host name in the prompt echoed around its outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_hostname: Option<String>,
    /// Host name `show version` printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_hostname: Option<String>,
    /// Chassis serial: `show version`'s board ID, else the device's own UDI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
}

impl Identity {
    /// The identity in `device`'s parsed outputs.
    pub fn of(device: &Device) -> Identity {
        let m = &device.model;
        let version = m.version.as_ref();
        let udi_serial = || {
            let own = m
                .udis
                .iter()
                .find(|u| u.slot.as_deref() == Some("*"))
                .or_else(|| {
                    m.udis
                        .iter()
                        .find(|u| u.role == Some(fleetlic_parsers::model::UdiRole::Active))
                })
                .or(m.udis.first());
            own.map(|u| u.serial.clone())
        };
        Identity {
            prompt_hostname: nonempty(m.prompt_hostname.as_deref()),
            version_hostname: nonempty(version.and_then(|v| v.hostname.as_deref())),
            serial: nonempty(version.and_then(|v| v.serial.as_deref())).or_else(udi_serial),
        }
    }
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A host name as compared: lower case, without its domain part.
pub fn short_name(name: &str) -> String {
    let name = name.trim();
    name.split('.').next().unwrap_or(name).to_ascii_lowercase()
}

/// Runs the identity checks over a run's devices: adds each `collection.identity_mismatch`
/// to its device's findings (kept worst first) and returns them all. `previous_serials`
/// holds the serial each device name had in the previous `--history` run.
pub fn check(audited: &mut [Audited], previous_serials: &BTreeMap<String, String>) -> Vec<Finding> {
    let mut raised: Vec<(usize, String)> = Vec::new();
    let identities: Vec<Identity> = audited.iter().map(|a| Identity::of(&a.device)).collect();
    let checked = |a: &Audited| a.device.keys.identity_check != Some(false);
    for (i, (a, id)) in audited.iter().zip(&identities).enumerate() {
        if !checked(a) {
            continue;
        }
        if let Some(message) = hostname_mismatch(&a.device, id) {
            raised.push((i, message));
        }
        if let (Some(now), Some(before)) = (&id.serial, previous_serials.get(&a.device.name)) {
            if !before.is_empty() && !now.eq_ignore_ascii_case(before) {
                raised.push((
                    i,
                    format!(
                        "chassis serial {now} differs from {before} recorded by the previous run: the device was replaced, or this entry now reaches another device"
                    ),
                ));
            }
        }
    }
    let mut by_serial: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in identities.iter().enumerate() {
        if let Some(serial) = &id.serial {
            by_serial
                .entry(serial.to_ascii_uppercase())
                .or_default()
                .push(i);
        }
    }
    for (serial, entries) in by_serial.iter().filter(|(_, e)| e.len() > 1) {
        for &i in entries.iter().filter(|&&i| checked(&audited[i])) {
            let others: Vec<String> = entries
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| {
                    let d = &audited[j].device;
                    format!("{} ({})", d.name, d.host)
                })
                .collect();
            raised.push((
                i,
                format!(
                    "chassis serial {serial} also answered for {}: at least one of these entries reaches the wrong device",
                    others.join(", ")
                ),
            ));
        }
    }
    let mut all = Vec::new();
    for (i, message) in raised {
        let d = &audited[i].device;
        let finding = Finding {
            device: d.name.clone(),
            host: d.host.clone(),
            platform: d.platform,
            rule_id: IDENTITY_MISMATCH.id.to_string(),
            severity: IDENTITY_MISMATCH.severity,
            message,
            due: None,
            days_left: None,
            fix: Some(IDENTITY_MISMATCH.fix.to_string()),
        };
        audited[i].findings.push(finding.clone());
        all.push(finding);
    }
    for a in audited.iter_mut() {
        sort(&mut a.findings);
    }
    all
}

/// The devices of a run with each chassis serial once (the first entry that answered with
/// it): what the reconciliation counts, so one device reached through two entries does not
/// use its licenses twice. Devices with no known serial are all kept.
pub fn counted_once(audited: &[Audited]) -> impl Iterator<Item = &Device> {
    let mut seen = std::collections::BTreeSet::new();
    audited
        .iter()
        .map(|a| &a.device)
        .filter(move |d| match Identity::of(d).serial {
            Some(serial) => seen.insert(serial.to_ascii_uppercase()),
            None => true,
        })
}

/// Why the host name `device` answered with is not the expected one, if it is not.
fn hostname_mismatch(device: &Device, id: &Identity) -> Option<String> {
    let expected = device
        .keys
        .expected_hostname
        .as_deref()
        .unwrap_or(&device.name);
    if device.keys.expected_hostname.is_none() && expected.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let (answered, source) = match (&id.prompt_hostname, &id.version_hostname) {
        (Some(p), _) => (p, "its prompt"),
        (None, Some(v)) => (v, "show version"),
        (None, None) => return None,
    };
    if short_name(answered) == short_name(expected) {
        return None;
    }
    let what = if device.keys.expected_hostname.is_some() {
        "expected_hostname"
    } else {
        "the inventory name"
    };
    Some(format!(
        "{source} names host {answered:?}, not {expected:?} ({what}): this entry may reach another device"
    ))
}

#[cfg(test)]
mod tests {
    use fleetlic_parsers::{Command, Platform};

    use super::*;
    use crate::device::AuditKeys;

    /// An IOS-XE device entry `name` at `host` that answered with prompt `prompt` and serial
    /// `serial` (`show version` names `version_host`).
    fn answered(name: &str, host: &str, prompt: &str, version_host: &str, serial: &str) -> Audited {
        let text = format!(
            "{prompt}#show version\nCisco IOS XE Software, Version 17.03.04a\n\
             Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4a, RELEASE SOFTWARE (fc3)\n\
             {version_host} uptime is 1 year, 2 weeks\nProcessor board ID {serial}\n{prompt}#"
        );
        let mut device = crate::rules::testing::device(
            Platform::IosXe,
            AuditKeys::default(),
            &[(Command::Version, &text)],
        );
        device.name = name.into();
        device.host = host.into();
        Audited {
            device,
            findings: Vec::new(),
        }
    }

    fn mismatches(a: &Audited) -> Vec<&str> {
        a.findings
            .iter()
            .filter(|f| f.rule_id == IDENTITY_MISMATCH.id)
            .map(|f| f.message.as_str())
            .collect()
    }

    #[test]
    fn identity_comes_from_the_prompt_show_version_and_board_id() {
        let a = answered("sw1", "192.0.2.1", "sw1", "sw1-ver", "FOC2245X0AB");
        assert_eq!(
            Identity::of(&a.device),
            Identity {
                prompt_hostname: Some("sw1".into()),
                version_hostname: Some("sw1-ver".into()),
                serial: Some("FOC2245X0AB".into()),
            }
        );
    }

    #[test]
    fn a_prompt_naming_another_host_is_an_identity_mismatch_on_that_entry() {
        let mut run = [
            answered(
                "br42-c9300-acc-01",
                "10.0.0.1",
                "br43-c9300-acc-02",
                "br43-c9300-acc-02",
                "S1",
            ),
            answered(
                "br43-c9300-acc-02",
                "10.0.0.2",
                "br43-c9300-acc-02",
                "br43-c9300-acc-02",
                "S2",
            ),
        ];
        let all = check(&mut run, &BTreeMap::new());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].device, "br42-c9300-acc-01");
        assert_eq!(all[0].severity, Severity::Warning);
        assert!(
            mismatches(&run[0])[0].contains("\"br43-c9300-acc-02\""),
            "{all:?}"
        );
        assert!(mismatches(&run[1]).is_empty());
    }

    #[test]
    fn case_and_domain_part_do_not_count_and_expected_hostname_overrides_the_name() {
        let mut same = [answered("SW1.example.net", "h", "sw1", "sw1", "S1")];
        assert!(check(&mut same, &BTreeMap::new()).is_empty());
        let mut expected = [answered("entry-7", "h", "core-02", "core-02", "S1")];
        expected[0].device.keys.expected_hostname = Some("core-02.example.net".into());
        assert!(check(&mut expected, &BTreeMap::new()).is_empty());
        expected[0].device.keys.expected_hostname = Some("core-03".into());
        assert_eq!(check(&mut expected, &BTreeMap::new()).len(), 1);
        let mut by_address = [answered(
            "192.0.2.7",
            "192.0.2.7",
            "core-02",
            "core-02",
            "S1",
        )];
        assert!(check(&mut by_address, &BTreeMap::new()).is_empty());
    }

    #[test]
    fn two_entries_answering_with_one_serial_are_flagged_on_both() {
        let mut run = [
            answered("sw1", "10.0.0.1", "sw1", "sw1", "FOC1"),
            answered("sw2", "10.0.0.2", "sw2", "sw2", "foc1"),
            answered("sw3", "10.0.0.3", "sw3", "sw3", "FOC3"),
        ];
        let all = check(&mut run, &BTreeMap::new());
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(mismatches(&run[0])[0].contains("also answered for sw2 (10.0.0.2)"));
        assert!(mismatches(&run[1])[0].contains("also answered for sw1 (10.0.0.1)"));
        assert!(mismatches(&run[2]).is_empty());
    }

    #[test]
    fn a_serial_changed_since_the_previous_run_is_flagged() {
        let mut run = [answered("sw1", "10.0.0.1", "sw1", "sw1", "FOC9")];
        let previous = BTreeMap::from([("sw1".to_string(), "FOC1".to_string())]);
        let all = check(&mut run, &previous);
        assert_eq!(all.len(), 1);
        assert!(
            all[0].message.contains("FOC9 differs from FOC1"),
            "{}",
            all[0].message
        );
        let same = BTreeMap::from([("sw1".to_string(), "FOC9".to_string())]);
        run[0].findings.clear();
        assert!(check(&mut run, &same).is_empty());
    }

    #[test]
    fn a_serial_answering_for_two_entries_is_counted_once() {
        let run = [
            answered("sw1", "10.0.0.1", "sw1", "sw1", "FOC1"),
            answered("sw2", "10.0.0.2", "sw1", "sw1", "FOC1"),
            answered("sw3", "10.0.0.3", "sw3", "sw3", "FOC3"),
        ];
        let names: Vec<&str> = counted_once(&run).map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["sw1", "sw3"]);
    }

    #[test]
    fn identity_check_false_turns_every_identity_check_off() {
        let mut run = [
            answered("sw1", "10.0.0.1", "other", "other", "FOC1"),
            answered("sw2", "10.0.0.2", "sw2", "sw2", "FOC1"),
        ];
        run[0].device.keys.identity_check = Some(false);
        let previous = BTreeMap::from([("sw1".to_string(), "OLD".to_string())]);
        let all = check(&mut run, &previous);
        assert!(mismatches(&run[0]).is_empty(), "{all:?}");
        assert_eq!(
            mismatches(&run[1]).len(),
            1,
            "the other entry still sees the duplicate"
        );
    }
}
