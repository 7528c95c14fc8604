//! The prompt / paging / echo strippers: the parsers' `prepare` (every grammar's first step),
//! the terminal facts (`control::render`, `pager::strip`, `rejection`, `echo`, `Prompt::parse`)
//! and the SSH channel's `last_line`.
//!
//! Input: the raw text a device or terminal sent (lossy UTF-8). Byte 0's bit 1 also checks
//! each line as an echo.
#![no_main]

use fleetlic_core::ssh::channel::last_line;
use fleetlic_parsers::terminal::Prompt;
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

    // Terminal facts the SSH channel and the parsers share.
    for physical in raw.split('\n') {
        let rendered = fleetlic_parsers::terminal::control::render(physical);
        assert!(!rendered.contains(['\r', '\x1b', '\x08']), "one rendered line");
        let _ = fleetlic_parsers::terminal::pager::strip(&rendered);
        let _ = fleetlic_parsers::terminal::rejection::is_rejection(&rendered);
        if flags & 2 != 0 {
            let _ = fleetlic_parsers::terminal::echo::is_echo_of(&rendered, "show license all");
        }
    }
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
