//! Echo handling: a shell echoes each typed command before its output; that echo is where the
//! command's output starts (and what tells it from the previous command's late output).

/// Whether a rendered line is the echo of `command`: the line ends with the command typed,
/// possibly after a prompt the device reprinted (`switch# show license status`).
pub fn is_echo_of(line: &str, command: &str) -> bool {
    let command = command.trim();
    !command.is_empty() && line.trim_end().ends_with(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echo_is_the_command_alone_or_after_a_prompt() {
        assert!(is_echo_of("show license status", "show license status"));
        assert!(is_echo_of(
            "sw1# show license status  ",
            "show license status"
        ));
        assert!(is_echo_of(
            "RP/0/RSP0/CPU0:r1#admin show license status",
            "admin show license status"
        ));
    }

    #[test]
    fn output_and_other_commands_are_not_the_echo() {
        assert!(!is_echo_of(
            "Smart Licensing is ENABLED",
            "show license status"
        ));
        assert!(!is_echo_of("show license status", "show license usage"));
        assert!(!is_echo_of("", ""));
    }
}
