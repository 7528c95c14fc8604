//! Pure grammars for the licensing and call-home outputs of Cisco NX-OS, IOS-XE and IOS-XR.
//!
//! One entry point, [`parse`], takes the platform, the allow-listed [`Command`] and the text a
//! device printed, and returns the neutral [`DeviceLicensing`] model plus [`Warning`]s for the
//! lines it did not understand. No IO, no async, and no panic on any input: garbage yields
//! warnings or a [`ParseError`], never a crash.
//!
//! ```
//! use fleetlic_parsers::{parse, Command, Platform};
//! use fleetlic_parsers::model::RegistrationStatus;
//!
//! let text = "switch# show license status\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n";
//! let parsed = parse(Platform::NxOs, Command::LicenseStatus, text)?;
//! let status = parsed.value.registration.and_then(|r| r.status);
//! assert_eq!(status, Some(RegistrationStatus::Registered));
//! assert_eq!(parsed.value.hostname.as_deref(), Some("switch"));
//! # Ok::<(), fleetlic_parsers::ParseError>(())
//! ```
#![deny(missing_docs)]

mod agent;
mod command;
mod iosxe;
mod iosxr;
mod lex;
pub mod model;
mod nxos;
mod options;
mod parsed;
mod platform;
mod system;
pub mod terminal;
#[cfg(test)]
mod testing;

#[doc(hidden)]
pub mod corpus;

pub use command::{slug_of, Collect, Command, CommandText};
pub use model::DeviceLicensing;
pub use options::{
    format_offset, offset_from_clock, BadTimezone, ClockOffset, ParseOptions, Timezone,
    MAX_OFFSET_MINUTES,
};
pub use parsed::{ParseError, Parsed, Warning};
pub use platform::{Platform, UnknownPlatform};

use lex::text::Text;
use lex::Warnings;

/// Signature every command grammar shares: cleaned lines in, model out, warnings on the side.
pub(crate) type Grammar = fn(&Text, &mut Warnings) -> Result<DeviceLicensing, ParseError>;

/// Parses one command's output as printed by a device of `platform`, with the default
/// [`ParseOptions`] (dates in a zone the zone table cannot place stay unresolved).
///
/// `Err` only when the text is not a usable output of that command: the device rejected the
/// command ([`ParseError::Unsupported`]) or nothing in it belongs to the command
/// ([`ParseError::NotThisOutput`]). Anything else parses, with warnings for what was skipped.
pub fn parse(
    platform: Platform,
    command: Command,
    text: &str,
) -> Result<Parsed<DeviceLicensing>, ParseError> {
    parse_with(platform, command, text, &ParseOptions::default())
}

/// [`parse`] with what the caller knows about the device's zones: the zone names its
/// `show clock` resolved and the operator's `timezone`. Every date read is recorded in
/// [`DeviceLicensing::dates`] with its printed text and how its zone was resolved.
pub fn parse_with(
    platform: Platform,
    command: Command,
    text: &str,
    options: &ParseOptions,
) -> Result<Parsed<DeviceLicensing>, ParseError> {
    let grammar = match platform {
        Platform::NxOs => nxos::grammar(command),
        Platform::IosXe => iosxe::grammar(command),
        Platform::IosXr => iosxr::grammar(command),
    }
    .ok_or_else(|| ParseError::NotThisOutput {
        reason: format!("{platform} has no command {}", command.slug()),
    })?;
    let prepared = lex::text::prepare(text)?;
    let mut warnings = Warnings::with_options(options.clone());
    let mut value = grammar(&prepared, &mut warnings)?;
    value.platform = Some(platform);
    for extra in &mut value.extra {
        extra.command = Some(command);
    }
    value.dates = finish_dates(&prepared, std::mem::take(&mut warnings.1.dates));
    for date in &mut value.dates {
        date.command = Some(command);
    }
    value.prompt_hostname = prepared.hostname.clone();
    if value.hostname.is_none() {
        value.hostname = prepared.hostname.clone();
    }
    if value.clock.is_none() {
        value.clock = prepared.clock.clone();
    }
    // Header clocks (`Time source is NTP, *15:30:12.345 IST ...`) too; idempotent.
    if let Some(clock) = &mut value.clock {
        warnings.resolve_clock(clock);
    }
    let warnings = warnings.finish();
    keep_warned_lines(&mut value, &warnings, command);
    model::extra::bound(&mut value.extra);
    Ok(Parsed { value, warnings })
}

/// Nothing a grammar warned about is lost: a warned line that no `extra` entry and no
/// recorded date keeps yet becomes an `extra` entry with the text the warning quotes.
fn keep_warned_lines(value: &mut DeviceLicensing, warnings: &[Warning], command: Command) {
    let kept: std::collections::BTreeSet<usize> = value
        .extra
        .iter()
        .map(|e| e.line)
        .chain(value.dates.iter().map(|d| d.line))
        .collect();
    let mut added = std::collections::BTreeSet::new();
    for w in warnings {
        if w.text.is_empty() || kept.contains(&w.line) || !added.insert(w.line) {
            continue;
        }
        model::extra::keep(
            &mut value.extra,
            model::Extra {
                command: Some(command),
                section: Vec::new(),
                label: String::new(),
                value: w.text.clone(),
                line: w.line,
            },
        );
    }
    value.extra.sort_by_key(|e| e.line);
}

/// The recorded dates with the labels the grammars left empty taken from their lines.
pub(crate) fn finish_dates(
    text: &lex::text::Text<'_>,
    mut dates: Vec<model::PrintedDate>,
) -> Vec<model::PrintedDate> {
    for d in &mut dates {
        if d.field.is_empty() {
            d.field = lex::date_label(text, d.line, &d.text);
        }
    }
    dates
}

/// Parses with the platform recognised from the text ([`Platform::detect`]).
///
/// When the text does not tell (document snippets of the smart agent look the same on NX-OS
/// and IOS-XE), the only platform that has the command is used, else IOS-XE, whose agent
/// grammar NX-OS shares. Returns the platform used.
pub fn parse_auto(
    command: Command,
    text: &str,
) -> Result<(Platform, Parsed<DeviceLicensing>), ParseError> {
    let candidates: Vec<Platform> = Platform::ALL
        .into_iter()
        .filter(|p| command.text(*p).is_some())
        .collect();
    let platform = match Platform::detect(text) {
        Some(p) if candidates.contains(&p) => p,
        _ if candidates.len() == 1 => candidates[0],
        _ if candidates.contains(&Platform::IosXe) => Platform::IosXe,
        _ => candidates.first().copied().unwrap_or(Platform::IosXe),
    };
    parse(platform, command, text).map(|p| (platform, p))
}

/// Hooks for the `cargo fuzz` targets in `fuzz/`: internals reachable from outside the crate
/// for fuzzing only. Not part of the API; may change in any release.
#[doc(hidden)]
pub mod fuzzing {
    use crate::ParseError;

    /// One line as the prompt/paging stripper left it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PreparedLine {
        /// 1-based line number in the raw text.
        pub no: usize,
        /// The cleaned, trimmed text.
        pub text: String,
    }

    /// Runs the prompt, echo, paging and header stripper every grammar starts with; returns
    /// the output lines and the host name taken from the echoed prompt.
    pub fn prepare(raw: &str) -> Result<(Vec<PreparedLine>, Option<String>), ParseError> {
        let text = crate::lex::text::prepare(raw)?;
        let lines = text
            .lines
            .into_iter()
            .map(|l| PreparedLine {
                no: l.no,
                text: l.text.into_owned(),
            })
            .collect();
        Ok((lines, text.hostname))
    }
}

/// The error for text that shows nothing a grammar knows.
pub(crate) fn not_this(reason: impl Into<String>) -> ParseError {
    ParseError::NotThisOutput {
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::date::utc;
    use crate::model::Resolution;

    const SLP: &str = "c9300#show license all\nSmart Licensing Status\n======================\n\nSmart Licensing is ENABLED\n\nUsage Reporting:\n  Last ACK received: Apr 20 15:28:43 2025 IST\n  Next ACK deadline: Apr 23 15:33:15 2025 IST\n  Reporting push interval: 30  days\n";

    fn deadline(
        options: &ParseOptions,
    ) -> (
        Option<chrono::DateTime<chrono::Utc>>,
        Vec<model::PrintedDate>,
        usize,
    ) {
        match parse_with(Platform::IosXe, Command::LicenseAll, SLP, options) {
            Ok(p) => (
                p.value.usage_reporting.and_then(|u| u.next_ack_deadline),
                p.value.dates,
                p.warnings.len(),
            ),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn dates_are_kept_with_command_line_and_label() {
        let (due, dates, warnings) = deadline(&ParseOptions::default());
        assert_eq!(due, None);
        assert_eq!(warnings, 2);
        let d = &dates[1];
        assert_eq!(d.command, Some(Command::LicenseAll));
        assert_eq!((d.line, d.field.as_str()), (9, "Next ACK deadline"));
        assert_eq!(d.text, "Apr 23 15:33:15 2025 IST");
        assert_eq!(d.zone.as_deref(), Some("IST"));
        assert_eq!((d.utc, d.resolved), (None, Resolution::Unresolved));
    }

    #[test]
    fn the_device_clock_zone_resolves_the_deadline() {
        let options = ParseOptions {
            zones: [("IST".to_string(), 330)].into(),
            timezone: None,
        };
        let (due, dates, warnings) = deadline(&options);
        assert_eq!(due, Some(utc(2025, 4, 23, 10, 3, 15)));
        assert_eq!(warnings, 0);
        assert!(dates.iter().all(|d| d.resolved == Resolution::DeviceClock));
    }

    #[test]
    fn a_header_clock_resolves_with_options_too() {
        let raw = "sw#show clock\nTime source is NTP, 15:30:12.345 XYZ Wed Apr 23 2025\n";
        let options = ParseOptions {
            zones: [("XYZ".to_string(), 330)].into(),
            timezone: None,
        };
        let got = parse_with(Platform::IosXe, Command::Clock, raw, &options);
        let clock = got.ok().and_then(|p| p.value.clock);
        assert_eq!(
            clock.as_ref().and_then(|c| c.resolved),
            Some(Resolution::DeviceClock)
        );
        assert_eq!(
            clock.and_then(|c| c.time),
            Some(utc(2025, 4, 23, 10, 0, 12) + chrono::Duration::milliseconds(345))
        );
    }

    #[test]
    fn an_administrator_zone_name_on_the_clock_resolves_with_options() {
        let raw = "sw#show clock\n*15:30:12.345 XYZ Wed Apr 23 2025\n";
        let plain = parse(Platform::IosXe, Command::Clock, raw);
        let clock = plain.as_ref().ok().and_then(|p| p.value.clock.clone());
        assert_eq!(clock.as_ref().and_then(|c| c.time), None);
        assert_eq!(clock.as_ref().and_then(|c| c.zone.as_deref()), Some("XYZ"));
        assert_eq!(
            clock.as_ref().and_then(|c| c.resolved),
            Some(Resolution::Unresolved)
        );
        assert_eq!(plain.map(|p| p.warnings.len()).ok(), Some(1));
        let Some(local) = clock.and_then(|c| c.local) else {
            panic!("no local time");
        };
        let offset = offset_from_clock(local, utc(2025, 4, 23, 10, 7, 0));
        assert_eq!(offset.as_ref().map(|o| o.minutes), Ok(330));
        let options = ParseOptions {
            zones: [("XYZ".to_string(), 330)].into(),
            timezone: None,
        };
        let again = parse_with(Platform::IosXe, Command::Clock, raw, &options);
        let clock = again.as_ref().ok().and_then(|p| p.value.clock.clone());
        assert_eq!(again.map(|p| p.warnings.len()).ok(), Some(0));
        assert_eq!(
            clock.as_ref().and_then(|c| c.time),
            Some(utc(2025, 4, 23, 10, 0, 12) + chrono::Duration::milliseconds(345))
        );
        assert_eq!(clock.as_ref().and_then(|c| c.offset_minutes), Some(330));
        assert_eq!(
            clock.and_then(|c| c.resolved),
            Some(Resolution::DeviceClock)
        );
    }
}
