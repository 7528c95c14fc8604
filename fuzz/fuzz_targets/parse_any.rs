//! Every parser entry point: `parse` for one platform, or `parse_auto` (with `Platform::detect`),
//! for any allow-listed command, then `model::merge` of the result.
//!
//! Input: byte 0 picks the platform (`% 4`: nxos, iosxe, iosxr, auto), byte 1 the command
//! (`% 20`, the order of `Command::all()`), the rest is the output text (lossy UTF-8).
//! `fuzz/seed-corpus.sh` writes the samples with the matching two-byte prefix.
#![no_main]

use fleetlic_parsers::{model, parse, parse_auto, Command, DeviceLicensing, Platform};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [p, c, rest @ ..] = data else {
        return;
    };
    let commands: Vec<Command> = Command::all().collect();
    let command = commands[usize::from(*c) % commands.len()];
    let text = String::from_utf8_lossy(rest);
    let result = match p % 4 {
        3 => parse_auto(command, &text).map(|(platform, parsed)| {
            assert!(
                command.text(platform).is_some(),
                "auto chose {platform} without {command:?}"
            );
            parsed
        }),
        i => {
            let _ = Platform::detect(&text);
            parse(Platform::ALL[usize::from(i)], command, &text)
        }
    };
    let Ok(parsed) = result else {
        return;
    };
    assert!(
        parsed.warnings.windows(2).all(|w| w[0].line <= w[1].line),
        "warnings are sorted by line"
    );
    let mut device = DeviceLicensing::default();
    model::merge(&mut device, parsed.value.clone());
    assert_eq!(
        device, parsed.value,
        "merging into an empty model copies it"
    );
    model::merge(&mut device, parsed.value);
});
