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
mod parsed;
mod platform;
mod system;
#[cfg(test)]
mod testing;

#[doc(hidden)]
pub mod corpus;

pub use command::{slug_of, Collect, Command, CommandText};
pub use model::DeviceLicensing;
pub use parsed::{ParseError, Parsed, Warning};
pub use platform::{Platform, UnknownPlatform};

use lex::text::Text;
use lex::Warnings;

/// Signature every command grammar shares: cleaned lines in, model out, warnings on the side.
pub(crate) type Grammar = fn(&Text, &mut Warnings) -> Result<DeviceLicensing, ParseError>;

/// Parses one command's output as printed by a device of `platform`.
///
/// `Err` only when the text is not a usable output of that command: the device rejected the
/// command ([`ParseError::Unsupported`]) or nothing in it belongs to the command
/// ([`ParseError::NotThisOutput`]). Anything else parses, with warnings for what was skipped.
pub fn parse(
    platform: Platform,
    command: Command,
    text: &str,
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
    let mut warnings = Warnings::default();
    let mut value = grammar(&prepared, &mut warnings)?;
    value.platform = Some(platform);
    for extra in &mut value.extra {
        extra.command = Some(command);
    }
    if value.hostname.is_none() {
        value.hostname = prepared.hostname.clone();
    }
    if value.clock.is_none() {
        value.clock = prepared.clock.clone();
    }
    let mut warnings = warnings.0;
    warnings.sort_by_key(|w| w.line);
    Ok(Parsed { value, warnings })
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
