//! `fleetlic parse`: re-read saved outputs with the grammars and print the model.
//!
//! This is how an engineer checks what fleetlic understands of a saved output, and how saved
//! outputs are re-read. Warnings go to stderr as `FILE:LINE: warning: ...`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use fleetlic_parsers::{parse, parse_auto, Command, DeviceLicensing, Platform, Warning};
use serde::Serialize;

use crate::cli::{FormatArg, ParseArgs, PlatformArg};
use fleetlic_core::exit::ExitStatus;
use fleetlic_core::summary;

/// One line of `--format json` output.
#[derive(Debug, Serialize)]
struct Record<'a> {
    file: &'a str,
    platform: Option<Platform>,
    command: Option<&'a str>,
    model: Option<&'a DeviceLicensing>,
    warnings: &'a [Warning],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Runs `fleetlic parse`, writing results to `out` and diagnostics to `err`.
pub fn run(args: &ParseArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let fixed = match &args.command {
        Some(typed) => match Command::from_cli(typed) {
            Some(c) => Some(c),
            None => {
                writeln!(
                    err,
                    "fleetlic: --command {typed:?}: not an allow-listed command; known: {}",
                    Command::all()
                        .map(Command::slug)
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
                return Ok(ExitStatus::Unknown);
            }
        },
        None => None,
    };
    let platform = match args.platform {
        PlatformArg::Auto => None,
        PlatformArg::Nxos => Some(Platform::NxOs),
        PlatformArg::Iosxe => Some(Platform::IosXe),
        PlatformArg::Iosxr => Some(Platform::IosXr),
    };

    let mut status = ExitStatus::Ok;
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                writeln!(err, "fleetlic: {name}: cannot read: {e}")?;
                status = status.max(ExitStatus::Unknown);
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let Some(command) = fixed.or_else(|| infer_command(path, &text)) else {
            writeln!(
                err,
                "fleetlic: {name}: cannot tell which command printed this; pass --command"
            )?;
            status = status.max(ExitStatus::Unknown);
            continue;
        };
        let result = match platform {
            Some(p) => parse(p, command, &text).map(|parsed| (p, parsed)),
            None => parse_auto(command, &text),
        };
        let used = result.as_ref().map(|(p, _)| *p).ok().or(platform);
        let cli = used.and_then(|p| command.cli(p)).unwrap_or(command.slug());
        match &result {
            Ok((p, parsed)) => {
                for w in &parsed.warnings {
                    writeln!(err, "{name}:{}: warning: {}: {}", w.line, w.reason, w.text)?;
                }
                match args.format {
                    FormatArg::Json => {
                        let rec = Record {
                            file: &name,
                            platform: Some(*p),
                            command: Some(cli),
                            model: Some(&parsed.value),
                            warnings: &parsed.warnings,
                            error: None,
                        };
                        writeln!(out, "{}", serde_json::to_string(&rec)?)?;
                    }
                    FormatArg::Text => {
                        write!(out, "{}", summary::render(&name, *p, cli, parsed))?;
                    }
                }
            }
            Err(e) => {
                writeln!(err, "fleetlic: {name}: {e}")?;
                status = status.max(ExitStatus::Warning);
                match args.format {
                    FormatArg::Json => {
                        let rec = Record {
                            file: &name,
                            platform: used,
                            command: Some(cli),
                            model: None,
                            warnings: &[],
                            error: Some(e.to_string()),
                        };
                        writeln!(out, "{}", serde_json::to_string(&rec)?)?;
                    }
                    FormatArg::Text => writeln!(out, "== {name} ({cli})\n   not parsed: {e}\n")?,
                }
            }
        }
    }
    Ok(status)
}

/// The command a saved output came from: its file name (`<slug>.txt`, the replay layout), its
/// directory (`samples/<platform>/<slug>/<case>.txt`, or a corpus' hyphenated
/// `show-license-tech-support/<case>.txt`), or the command echoed after the prompt on its
/// first line.
fn infer_command(path: &Path, text: &str) -> Option<Command> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().to_string());
    if let Some(c) = [stem, dir]
        .iter()
        .flatten()
        .find_map(|s| Command::from_file_stem(s))
    {
        return Some(c);
    }
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let typed = first.split_once(['#', '>']).map(|(_, rest)| rest)?;
    Command::from_cli(typed.split('|').next().unwrap_or(typed)).or_else(|| Command::from_cli(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_is_inferred_from_slug_or_echo() {
        assert_eq!(
            infer_command(Path::new("r1/show_license_status.txt"), ""),
            Some(Command::LicenseStatus)
        );
        assert_eq!(
            infer_command(
                Path::new("x.txt"),
                "\nRP/0/RSP1/CPU0:ROA(admin)#show license register-status\n"
            ),
            Some(Command::LicenseRegisterStatus)
        );
        assert_eq!(
            infer_command(
                Path::new("x.txt"),
                "c9k#show running-config | section call-home\n"
            ),
            Some(Command::RunningConfigCallHome)
        );
        assert_eq!(
            infer_command(Path::new("x.txt"), "Status: REGISTERED\n"),
            None
        );
        assert_eq!(
            infer_command(
                Path::new("rw/show-license-tech-support/golden_output.txt"),
                ""
            ),
            Some(Command::LicenseTechSupport)
        );
        assert_eq!(
            infer_command(Path::new("rw/show-call-home-profile-all/x.txt"), ""),
            Some(Command::CallHomeProfileAll)
        );
    }
}
