//! Rejection markers: how NX-OS, IOS, IOS-XE and IOS-XR say they will not run a command
//! (unknown, incomplete, ambiguous, not authorised), and the caret line that points at the
//! offending word.

/// Line starts that mean the device refused the command (checked on the line without its
/// leading blanks). `% Invalid` covers `% Invalid input detected at '^' marker.` (IOS, IOS-XE,
/// IOS-XR) and `% Invalid command at '^' marker.` (NX-OS); `% Incomplete` also `% Incomplete
/// command.`.
pub const MARKERS: [&str; 10] = [
    "% Invalid",
    "% Incomplete",
    "% Ambiguous command",
    "% Unknown command",
    "Invalid command at",
    "% Permission denied",
    "% This command is not authorized",
    "% Authorization failed",
    "% Bad command",
    "Command authorization failed",
];

/// How many lines of an output (after the echo) [`rejected`] looks at: a rejection is the
/// first thing a device prints, after at most a caret line and an XR timestamp.
pub const HEAD_LINES: usize = 12;

/// Whether one line (leading blanks allowed) says the device refused the command.
pub fn is_rejection(line: &str) -> bool {
    let line = line.trim_start();
    MARKERS.iter().any(|m| line.starts_with(m))
}

/// The caret line of a caret error: only blanks and one `^` (under the offending word).
pub fn is_caret_line(line: &str) -> bool {
    line.trim() == "^"
}

/// Whether an output's first [`HEAD_LINES`] lines hold a rejection.
pub fn rejected(output: &str) -> bool {
    output.lines().take(HEAD_LINES).any(is_rejection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_is_a_rejection() {
        for line in [
            "% Invalid input detected at '^' marker.",
            "% Invalid command at '^' marker.",
            "% Incomplete command.",
            "% Ambiguous command:  \"show lic\"",
            "% Unknown command or computer name, or unable to find computer address",
            "Invalid command at '^' marker.",
            "% Permission denied",
            "% This command is not authorized",
            "% Authorization failed.",
            "% Bad command: show license status",
            "Command authorization failed.",
            "   % Invalid input detected at '^' marker.",
        ] {
            assert!(is_rejection(line), "{line:?}");
        }
    }

    #[test]
    fn licensing_text_is_not_a_rejection() {
        for line in [
            "Compliance Status: Out of compliance",
            "Status: INVALID",
            "Invalid licenses: 0",
            "%SYS-5-CONFIG_I: Configured from console",
            "",
        ] {
            assert!(!is_rejection(line), "{line:?}");
        }
    }

    #[test]
    fn rejections_are_recognised_in_the_first_lines_only() {
        assert!(rejected("RP/0/RSP0/CPU0:r1#show license status\r\n                ^\r\n% Invalid input detected at '^' marker.\r\n"));
        assert!(rejected("% Permission denied\n"));
        assert!(!rejected("Compliance Status: Out of compliance\n"));
        let late = format!("{}% Invalid input\n", "line\n".repeat(HEAD_LINES));
        assert!(!rejected(&late));
    }

    #[test]
    fn the_caret_line_is_blanks_and_one_caret() {
        assert!(is_caret_line("              ^"));
        assert!(!is_caret_line("a ^ b"));
        assert!(!is_caret_line(""));
    }
}
