//! Prompt shapes: `switch#`, `Router>`, `core-sw1.lab(config-if)#`, IOS-XR
//! `RP/0/RSP0/CPU0:ROA#` and `RP/0/RSP1/CPU0:ROA(admin)#`, the XR admin plane's
//! `sysadmin-vm:0_RP0#`, and the same followed by an echoed command (`switch# show version`),
//! or with the host dropped (`#show ...`, as documents print them).
//!
//! The shape: a prefix of letters, digits and `-_./:()@` (no blanks), then `#` or `>`. The host
//! is the prefix after its last `:` (XR's `RP/0/RSP0/CPU0:` names the route processor) and
//! before its first `(` (the mode: `admin`, `config`, `config-if` ...).

use std::fmt;

/// First words of a command echoed after a prompt (`show`, its abbreviations, `admin`,
/// `terminal`): what tells an echo line from text that merely contains `#` or `>`.
const ECHO_WORDS: [&str; 6] = ["show", "sh", "sho", "admin", "terminal", "term"];

/// A line that starts with a prompt: the prompt's prefix and terminator, and the command typed
/// after it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromptLine<'a> {
    /// Everything before the terminator (`RP/0/RSP0/CPU0:ROA(admin)`); empty for `#show ...`.
    pub prefix: &'a str,
    /// `#` (privileged) or `>` (user exec).
    pub terminator: char,
    /// The echoed command after the terminator (`show license all`), trimmed.
    pub command: Option<&'a str>,
}

impl<'a> PromptLine<'a> {
    /// The host name: the prefix after its last `:` and before its first `(`.
    pub fn host(&self) -> Option<&'a str> {
        host_of(self.prefix)
    }
}

/// Recognises a prompt line, with or without an echoed command (`line` without leading
/// blanks): `host#`, `host(config)# show ...`, `RP/0/RSP0/CPU0:host(admin)#show ...`,
/// `#show ...`. A line with neither a host nor a command is not one.
pub fn prompt_line(line: &str) -> Option<PromptLine<'_>> {
    let p = line.find(['#', '>'])?;
    let (prefix, rest) = (&line[..p], line[p + 1..].trim());
    if !prefix.chars().all(is_prompt_char) {
        return None;
    }
    let terminator = if line.as_bytes()[p] == b'#' { '#' } else { '>' };
    let command = if rest.is_empty() {
        None
    } else {
        let first = rest.split_whitespace().next().unwrap_or("");
        if !ECHO_WORDS.iter().any(|k| first.eq_ignore_ascii_case(k)) {
            return None;
        }
        Some(rest)
    };
    if host_of(prefix).is_none() && command.is_none() {
        return None;
    }
    Some(PromptLine {
        prefix,
        terminator,
        command,
    })
}

/// A device prompt on a line of its own: `switch#`, `Router>`, `RP/0/RSP0/CPU0:ROA#`,
/// `RP/0/RSP1/CPU0:ROA(admin)#`, `sysadmin-vm:0_RP0#`.
///
/// Two prompts are equal when they print the same (trailing blanks aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Everything before the mode and terminator (`RP/0/RSP0/CPU0:ROA`).
    pub base: String,
    /// The mode in parentheses, if any (`admin`, `config-if`).
    pub mode: Option<String>,
    /// `#` (privileged) or `>` (user exec).
    pub terminator: char,
}

impl Prompt {
    /// Recognises a bare prompt line (trailing blanks allowed, nothing typed after it).
    pub fn parse(line: &str) -> Option<Prompt> {
        let p = prompt_line(line.trim_end())?;
        if p.command.is_some() || p.host().is_none() {
            return None;
        }
        let (base, mode) = match p.prefix.split_once('(') {
            Some((base, mode)) => {
                let mode = mode.strip_suffix(')').unwrap_or(mode);
                (base, Some(mode.to_string()))
            }
            None => (p.prefix, None),
        };
        Some(Prompt {
            base: base.to_string(),
            mode,
            terminator: p.terminator,
        })
    }

    /// The host part of the prompt: after the last `:` (XR's `RP/0/RSP0/CPU0:` names the
    /// route processor, which changes on failover), before the mode.
    pub fn host(&self) -> &str {
        self.base.rsplit(':').next().unwrap_or(&self.base)
    }

    /// The node part before the host (`RP/0/RSP0/CPU0`, `sysadmin-vm`): only IOS-XR prints one.
    pub fn node(&self) -> Option<&str> {
        self.base.rsplit_once(':').map(|(node, _)| node)
    }

    /// Privileged (`#`)?
    pub fn is_privileged(&self) -> bool {
        self.terminator == '#'
    }

    /// Whether `line` is this very prompt (trailing blanks aside).
    pub fn is(&self, line: &str) -> bool {
        Prompt::parse(line).as_ref() == Some(self)
    }

    /// Whether `line` is a prompt of the same host (any mode or terminator).
    pub fn same_host(&self, line: &str) -> bool {
        Prompt::parse(line).is_some_and(|p| p.host() == self.host())
    }
}

impl fmt::Display for Prompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)?;
        if let Some(mode) = &self.mode {
            write!(f, "({mode})")?;
        }
        write!(f, "{}", self.terminator)
    }
}

fn is_prompt_char(c: char) -> bool {
    c.is_alphanumeric() || "-_./:()@".contains(c)
}

/// `RP/0/RSP0/CPU0:ROA(admin)` → `ROA`; `PGBL-FX2-203(config)` → `PGBL-FX2-203`.
fn host_of(prefix: &str) -> Option<&str> {
    let after_node = prefix.rsplit(':').next().unwrap_or(prefix);
    let host = after_node.split('(').next().unwrap_or(after_node);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_prompts_of_every_platform_and_mode_are_recognised() {
        for (line, base, mode, term) in [
            ("switch#", "switch", None, '#'),
            ("Router>", "Router", None, '>'),
            ("RP/0/RSP0/CPU0:ROA#", "RP/0/RSP0/CPU0:ROA", None, '#'),
            (
                "RP/0/RSP1/CPU0:ROA(admin)#",
                "RP/0/RSP1/CPU0:ROA",
                Some("admin"),
                '#',
            ),
            (
                "core-sw1.lab(config-if)# ",
                "core-sw1.lab",
                Some("config-if"),
                '#',
            ),
            ("sysadmin-vm:0_RP0#", "sysadmin-vm:0_RP0", None, '#'),
            ("sim-sw1# ", "sim-sw1", None, '#'),
            ("user@host>", "user@host", None, '>'),
            ("switch(weird)#", "switch", Some("weird"), '#'),
            ("zürich-sw1#", "zürich-sw1", None, '#'),
        ] {
            let p = Prompt::parse(line).unwrap_or_else(|| panic!("{line:?} not a prompt"));
            assert_eq!(p.base, base, "{line}");
            assert_eq!(p.mode.as_deref(), mode, "{line}");
            assert_eq!(p.terminator, term, "{line}");
        }
    }

    #[test]
    fn host_drops_the_xr_node_and_the_mode() {
        let p = Prompt::parse("RP/0/RSP1/CPU0:ROA(admin)#");
        assert_eq!(p.as_ref().map(Prompt::host), Some("ROA"));
        assert_eq!(p.as_ref().and_then(Prompt::node), Some("RP/0/RSP1/CPU0"));
        assert_eq!(
            prompt_line("PGBL-FX2-203(config)#").and_then(|p| p.host()),
            Some("PGBL-FX2-203")
        );
        assert_eq!(
            Prompt::parse("sw1#").and_then(|p| p.node().map(str::len)),
            None
        );
    }

    #[test]
    fn output_lines_are_not_bare_prompts() {
        for line in [
            "switch# show version",
            "Status: REGISTERED",
            "",
            "#",
            "(config)#",
            "a b#",
            "<cr>",
            "switch#x",
            " sw1#",
        ] {
            assert_eq!(Prompt::parse(line), None, "{line:?}");
        }
    }

    #[test]
    fn prompt_lines_carry_the_echoed_command() {
        assert_eq!(
            prompt_line("switch#"),
            Some(PromptLine {
                prefix: "switch",
                terminator: '#',
                command: None
            })
        );
        assert_eq!(
            prompt_line("#show license summary").map(|p| (p.host(), p.command)),
            Some((None, Some("show license summary")))
        );
        assert_eq!(
            prompt_line("RP/0/RSP1/CPU0:ROA(admin)#admin show license pool")
                .map(|p| (p.host(), p.command)),
            Some((Some("ROA"), Some("admin show license pool")))
        );
        assert_eq!(prompt_line("Status: AUTHORIZED"), None);
        assert_eq!(
            prompt_line("destination-profile CiscoTAC-1 index 1 http https://x/#frag"),
            None
        );
        assert_eq!(prompt_line("Index 1 Feature: x#y"), None);
    }

    #[test]
    fn the_same_prompt_ignores_trailing_blanks_but_not_the_mode() {
        let learned = Prompt::parse("xe1#").unwrap_or_else(|| panic!("prompt"));
        assert!(learned.is("xe1# "));
        assert!(!learned.is("xe1(config)#"));
        assert!(!learned.is("xe2#"));
        assert!(learned.same_host("xe1(config)#"));
        assert!(!learned.same_host("xe2#"));
        assert_eq!(learned.to_string(), "xe1#");
        assert_eq!(
            Prompt::parse("r(admin)#").map(|p| p.to_string()),
            Some("r(admin)#".into())
        );
    }
}
