//! The prompt / paging / echo strippers: the parsers' `prepare` (every grammar's first step)
//! and the SSH shell channel's cleanup (`strip_ansi`, `clean_output`, `last_line`,
//! `Prompt::parse`).
//!
//! Input: the raw text a device or terminal sent (lossy UTF-8). Byte 0's low bits choose the
//! `clean_output` options: bit 0 `prompt_at_end`, bit 1 pass the echoed command (the first
//! line's text after its prompt).
#![no_main]

use fleetlic_core::ssh::channel::{clean_output, last_line, strip_ansi, Prompt};
use fleetlic_parsers::fuzzing::prepare;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let flags = data.first().copied().unwrap_or(0);
    let raw = String::from_utf8_lossy(data);
    let raw_lines = raw.split('\n').count();

    // Parsers: numbered, cleaned, trimmed lines in order, no control characters left.
    if let Ok((lines, host)) = prepare(&raw) {
        let mut last = 0;
        for line in &lines {
            assert!(
                line.no > last && line.no <= raw_lines,
                "line numbers ascend"
            );
            last = line.no;
            assert_eq!(line.text, line.text.trim(), "lines are trimmed");
            assert!(
                !line.text.contains(char::is_control),
                "no control characters"
            );
        }
        if let Some(host) = host {
            assert!(!host.is_empty());
        }
    }

    // Shell channel.
    let stripped = strip_ansi(&raw);
    assert!(!stripped.contains('\x1b'), "every escape is removed");
    let echo = raw
        .lines()
        .next()
        .and_then(|l| l.rsplit(['#', '>']).next())
        .map(str::trim)
        .filter(|_| flags & 2 != 0);
    let text = clean_output(&raw, echo, flags & 1 != 0);
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "lines end with \\n"
    );
    assert!(
        !text.contains(['\r', '\x1b', '\x08']),
        "no carriage return, escape or backspace left"
    );
    let tail = last_line(data);
    assert!(
        !tail.contains(['\n', '\r', '\x1b', '\x08']),
        "one rendered line"
    );
    for line in raw.split('\n').chain([tail.as_str()]) {
        if let Some(prompt) = Prompt::parse(line) {
            assert!(matches!(prompt.terminator, '#' | '>'));
            assert!(!prompt.base.is_empty());
            assert_eq!(prompt.is_privileged(), prompt.terminator == '#');
            let _ = prompt.host();
        }
    }
});
