//! IOS-XE `show license udi`.

use nom::bytes::complete::take_till1;
use nom::character::complete::{alpha1, char, space0};
use nom::combinator::all_consuming;
use nom::multi::separated_list1;
use nom::sequence::{delimited, separated_pair};
use nom::Parser;

use crate::lex::kv::{norm, split_kv};
use crate::lex::text::Text;
use crate::lex::{PResult, Warnings};
use crate::model::{Extra, Udi, UdiRole};
use crate::{not_this, DeviceLicensing, ParseError};

/// `PID:C9350-24U,SN:FOC2705Y8X0` (also `, SN:` and a `VID:` part, in any order): the UDI
/// value. `None` without both a PID and a serial.
pub(crate) fn udi_value(v: &str) -> Option<Udi> {
    let parts = all_consuming(udi_parts).parse(v.trim()).ok()?.1;
    let mut udi = Udi::default();
    for (key, value) in parts {
        match key.to_ascii_uppercase().as_str() {
            "PID" | "P" => udi.pid = value.to_string(),
            "SN" | "S" => udi.serial = value.to_string(),
            "VID" | "V" => udi.vid = Some(value.to_string()),
            _ => return None,
        }
    }
    (!udi.pid.is_empty() && !udi.serial.is_empty()).then_some(udi)
}

/// `KEY:value` parts separated by `,` (blanks allowed around the comma).
fn udi_parts(i: &str) -> PResult<'_, Vec<(&str, &str)>> {
    separated_list1(
        delimited(space0, char(','), space0),
        separated_pair(
            alpha1,
            char(':'),
            take_till1(|c: char| c == ',' || c.is_whitespace()),
        ),
    )
    .parse(i)
}

/// `Active` / `Standby` / `Member` of the `HA UDI List:`.
fn role(label: &str) -> Option<UdiRole> {
    match norm(label).as_str() {
        "active" => Some(UdiRole::Active),
        "standby" => Some(UdiRole::Standby),
        "member" => Some(UdiRole::Member),
        _ => None,
    }
}

/// `HA UDI List:` members glue the role to the UDI without a blank (`Active:PID:...`), which
/// [`split_kv`] does not read as a label.
pub(crate) fn role_udi(t: &str) -> Option<Udi> {
    let (label, rest) = t.split_once(':')?;
    let role = role(label)?;
    let mut udi = udi_value(rest)?;
    udi.role = Some(role);
    Some(udi)
}

/// Adds an HA member: the device UDI printed above the list is the same unit as its active
/// (or other) member, so a member with the PID and serial of a role-less UDI gives it its role
/// instead of listing the unit twice.
pub(crate) fn add_member(udis: &mut Vec<Udi>, member: Udi) {
    match udis
        .iter_mut()
        .find(|u| u.role.is_none() && u.pid == member.pid && u.serial == member.serial)
    {
        Some(same) => same.role = member.role,
        None => udis.push(member),
    }
}

/// A row of the table form: `SlotID PID SN UDI` (`*  ASR1006  NWG1512050G  ASR1006:NWG1512050G`).
fn table_row(t: &str) -> Option<Udi> {
    let cols: Vec<&str> = t.split_whitespace().collect();
    let [slot, pid, serial, udi] = cols.as_slice() else {
        return None;
    };
    let (upid, userial) = udi.split_once(':')?;
    (upid == *pid && userial == *serial).then(|| Udi {
        pid: pid.to_string(),
        serial: serial.to_string(),
        vid: None,
        role: None,
        slot: Some(slot.to_string()),
    })
}

/// Whether `t` is the header of the table form.
fn is_table_header(t: &str) -> bool {
    let words: Vec<String> = t.split_whitespace().map(str::to_ascii_lowercase).collect();
    words == ["slotid", "pid", "sn", "udi"]
}

/// `show license udi`: the device UDI, the HA/stack members, or the slot table.
///
/// ```text
/// UDI: PID:C9350-24U,SN:FOC2705Y8X0
///
/// HA UDI List:
///     Active:PID:C9350-24U,SN:FOC2705Y8X0
///     Standby:PID:C9350-24U,SN:FOC2705Y8XF
///     Member:PID:C9350-24U,SN:FOC2718Y66X
/// ```
///
/// or (ASR1000):
///
/// ```text
/// SlotID   PID                    SN                      UDI
/// --------------------------------------------------------------------------------
/// *        ASR1001-X             JAF211403VH     ASR1001-X:JAF211403VH
/// ```
///
/// Any other line is kept in `extra` with a warning.
pub(crate) fn udi(text: &Text, w: &mut Warnings) -> Result<DeviceLicensing, ParseError> {
    let mut udis: Vec<Udi> = Vec::new();
    let mut extra = Vec::new();
    let mut known = 0usize;
    let mut table = false;
    let mut section: Vec<String> = Vec::new();
    for line in &text.lines {
        let t = &*line.text;
        if t.is_empty() {
            continue;
        }
        if is_table_header(t) {
            table = true;
            known += 1;
            continue;
        }
        if table && t.chars().all(|c| c == '-') {
            continue;
        }
        if table {
            if let Some(u) = table_row(t) {
                udis.push(u);
                known += 1;
                continue;
            }
        }
        if let Some(u) = role_udi(t) {
            add_member(&mut udis, u);
            known += 1;
            continue;
        }
        match split_kv(t) {
            Some((label, "")) if norm(label) == "ha udi list" => {
                section = vec![label.to_string()];
                known += 1;
                continue;
            }
            Some((label, v)) if norm(label) == "udi" => {
                if let Some(u) = udi_value(v) {
                    udis.push(u);
                    known += 1;
                    continue;
                }
            }
            _ => {}
        }
        w.push(line.no, t, "unknown show license udi line; kept in extra");
        let (label, value) = split_kv(t).unwrap_or(("", t));
        extra.push(Extra {
            command: None,
            section: section.clone(),
            label: label.to_string(),
            value: value.to_string(),
            line: line.no,
        });
    }
    if known == 0 {
        return Err(not_this("no UDI"));
    }
    Ok(DeviceLicensing {
        udis,
        extra,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn pairs(d: &DeviceLicensing) -> Vec<(&str, &str, Option<UdiRole>, Option<&str>)> {
        d.udis
            .iter()
            .map(|u| (u.pid.as_str(), u.serial.as_str(), u.role, u.slot.as_deref()))
            .collect()
    }

    #[test]
    fn iosxe_udi_single_device() {
        let d = testing::run_clean(udi, "UDI: PID:C9300-24UX,SN:FCW2134L00C\n").unwrap_or_default();
        assert_eq!(pairs(&d), [("C9300-24UX", "FCW2134L00C", None, None)]);
    }

    #[test]
    fn iosxe_udi_ha_list_gives_roles_without_duplicates() {
        let raw = "UDI: PID:C9350-24U,SN:A1\n\nHA UDI List:\n    Active:PID:C9350-24U,SN:A1\n    Standby:PID:C9350-24U,SN:B2\n    Member:PID:C9350-24U,SN:C3\n";
        let d = testing::run_clean(udi, raw).unwrap_or_default();
        assert_eq!(
            pairs(&d),
            [
                ("C9350-24U", "A1", Some(UdiRole::Active), None),
                ("C9350-24U", "B2", Some(UdiRole::Standby), None),
                ("C9350-24U", "C3", Some(UdiRole::Member), None),
            ]
        );
    }

    #[test]
    fn iosxe_udi_table_with_tabs_and_crlf() {
        let raw = "SlotID   PID    \t\tSN      \t\tUDI\r\n-----------\r\n*\t ASR1006               NWG1512050G     ASR1006:NWG1512050G";
        let d = testing::run_clean(udi, raw).unwrap_or_default();
        assert_eq!(pairs(&d), [("ASR1006", "NWG1512050G", None, Some("*"))]);
    }

    #[test]
    fn iosxe_udi_vid_and_spaced_comma() {
        let u = udi_value("PID:ISR4331/K9, SN:FDO21, VID:V04");
        assert_eq!(
            u.map(|u| (u.pid, u.serial, u.vid)),
            Some(("ISR4331/K9".into(), "FDO21".into(), Some("V04".into())))
        );
        assert_eq!(udi_value("PID:X"), None);
        assert_eq!(udi_value("PID:X,SN:Y,FOO:Z"), None);
        assert_eq!(udi_value(""), None);
    }

    #[test]
    fn iosxe_udi_unknown_lines_go_to_extra() {
        let (got, warnings) =
            testing::run(udi, "UDI: PID:A,SN:B\nHA UDI List:\n  Spare: something\n");
        let d = got.unwrap_or_default();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 3);
        assert_eq!(d.extra.len(), 1);
        assert_eq!(d.extra[0].label, "Spare");
        assert_eq!(d.extra[0].section, ["HA UDI List"]);
    }

    #[test]
    fn iosxe_udi_unrelated_text_is_refused() {
        assert!(testing::run(udi, "hello\nworld\n").0.is_err());
        assert!(testing::run(udi, "").0.is_err());
    }
}
