//! No input makes a parser panic or hang: arbitrary bytes, and random mutations of every
//! sample (truncation, shuffled, dropped and duplicated lines, injected junk), fed to every
//! grammar of every platform.
//!
//! The per-case time guard is a hang detector (a parser stuck in a loop), not a timing
//! assertion: it is generous on purpose.

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use fleetlic_parsers::{parse, Command, Platform};
use proptest::prelude::*;

/// Far above any real parse time; only a loop that never ends reaches it.
const HANG_GUARD: Duration = Duration::from_secs(10);

/// Every sample's text, read once.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = entry.path();
                if p.is_dir() && !p.ends_with("fleet") {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "txt") {
                    out.push(fs::read_to_string(&p).unwrap_or_default());
                }
            }
        }
        out.sort();
        out
    })
}

/// Runs every grammar of every platform over `text` on a worker thread; fails on a panic or
/// when one grammar does not finish within [`HANG_GUARD`].
fn every_grammar_survives(text: String) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        for platform in Platform::ALL {
            for command in Command::for_replay(platform) {
                let _ = parse(platform, command, &text);
                let _ = tx.send((platform, command));
            }
        }
    });
    let grammars = Platform::ALL
        .iter()
        .map(|p| Command::for_replay(*p).count())
        .sum::<usize>();
    for _ in 0..grammars {
        match rx.recv_timeout(HANG_GUARD) {
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(TestCaseError::fail("a parser panicked"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(TestCaseError::fail("a parser did not finish (hang)"));
            }
        }
    }
    prop_assert!(worker.join().is_ok(), "a parser panicked");
    Ok(())
}

/// One way of damaging an output.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    SwapLines(usize, usize),
    DropLine(usize),
    DuplicateLine(usize),
    InsertJunk(usize, String),
    JoinLines(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), junk()).prop_map(|(a, j)| Mutation::InsertJunk(a, j)),
        any::<usize>().prop_map(Mutation::JoinLines),
    ]
}

/// Junk a terminal or a hostile device might emit.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just(" --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}".to_string()),
        Just("\u{1b}[7m--More--\u{1b}[m\r          \r".to_string()),
        Just("Status: ".to_string()),
        Just("Failure reason: {\"a\":[\"b: c\"]}".to_string()),
        Just("Jan 01 00:00:00 1970 UTC".to_string()),
        Just("(".repeat(500)),
        Just(":".repeat(500)),
        "[A-Za-z ]{1,30}: [A-Za-z0-9 :<>()/.,-]{0,60}",
        "\\(([A-Z_]{1,20})\\):",
        "Tag: [a-z.,0-9_-]{0,90}, Version: 1.0, [A-Za-z :]{0,30}",
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::Truncate(at) => {
                let joined = lines.join("\n");
                let mut cut = at % (joined.len() + 1);
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].split('\n').map(str::to_string).collect();
            }
            Mutation::SwapLines(a, b) => {
                if !lines.is_empty() {
                    lines.swap(a % n, b % n);
                }
            }
            Mutation::DropLine(a) => {
                if !lines.is_empty() {
                    lines.remove(a % n);
                }
            }
            Mutation::DuplicateLine(a) => {
                if let Some(l) = lines.get(a % n).cloned() {
                    lines.insert(a % n, l);
                }
            }
            Mutation::InsertJunk(a, junk) => lines.insert(a % (lines.len() + 1), junk.clone()),
            Mutation::JoinLines(a) => {
                let i = a % n;
                if i + 1 < lines.len() {
                    let next = lines.remove(i + 1);
                    lines[i].push_str(&next);
                }
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        every_grammar_survives(text)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        every_grammar_survives(String::from_utf8_lossy(&bytes).into_owned())?;
    }

    #[test]
    fn mutated_samples_never_panic(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let corpus = corpus();
        prop_assume!(!corpus.is_empty());
        let text = apply(&corpus[pick % corpus.len()], &mutations);
        every_grammar_survives(text)?;
    }
}

#[test]
fn huge_and_degenerate_inputs_are_survived() {
    let long_line = "Status: ".to_string() + &"A".repeat(1 << 20);
    let many_lines = "Registration:\n  Status: REGISTERED\n".repeat(50_000);
    let nested = "Policy:\n".to_string() + &"  Unenforced/Non-Export:\n".repeat(10_000);
    let every_sample = corpus().join("\n");
    for text in [
        long_line,
        many_lines,
        nested,
        every_sample,
        String::new(),
        "\0\0\0".into(),
    ] {
        if let Err(e) = every_grammar_survives(text) {
            panic!("{e}");
        }
    }
}

/// Fragments of the replay-only IOS-XE outputs (`show license tech support`, `show license
/// udi`, `show call-home [detail]`), shuffled into arbitrary documents.
const REPLAY_ONLY_VOCABULARY: &[&str] = &[
    "License Usage",
    "=============",
    "Handle: 1",
    "Handle:",
    "  License: ",
    "  License: network-advantage",
    "  Entitlement Tag: regid.2017-03.com.cisco.advantagek9,1.0_bd1d",
    "Communication Statistics:",
    "Usage Reporting:",
    "Other Info",
    "UDI: PID:C9300,SN:",
    "UDI: PID:,SN:X,VID:",
    "HA UDI List:",
    "Active:PID:A,SN:B",
    "Member:",
    "SlotID PID SN UDI",
    "* A B A:B",
    "Current call home settings:",
    "Available alert groups:",
    "Keyword State Description",
    "Profiles:",
    "Profile: (status: )",
    "Profile: x (status: ACTIVE)",
    "Diagnostic signature: enabled",
    "Smart licensing messages: enabled",
    "http proxy: h port 99999",
    "Mail-server[: Address:",
    "",
    "é\u{0}\r",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn replay_only_grammars_never_panic(
        picks in proptest::collection::vec((0..REPLAY_ONLY_VOCABULARY.len(), 0usize..6), 0..40)
    ) {
        let text: String = picks
            .iter()
            .map(|(i, indent)| format!("{}{}\n", " ".repeat(*indent), REPLAY_ONLY_VOCABULARY[*i]))
            .collect();
        for command in [
            Command::LicenseTechSupport,
            Command::LicenseUdi,
            Command::CallHome,
            Command::CallHomeDetail,
        ] {
            let _ = parse(Platform::IosXe, command, &text);
        }
    }
}

#[test]
fn a_flood_of_unknown_lines_keeps_bounded_warnings_and_extra_with_their_count() {
    let mut text = String::from("Smart Licensing is ENABLED\n");
    for n in 0..5_000 {
        text.push_str(&format!("Flood line {n:>8}: this output never ends\n"));
        text.push_str("%% junk without a label %%\n");
    }
    for platform in Platform::ALL {
        for command in Command::for_replay(platform) {
            let Ok(p) = parse(platform, command, &text) else {
                continue;
            };
            let where_ = format!("{platform} {}", command.slug());
            assert!(
                p.warnings.len() <= 1002,
                "{where_}: {} warnings",
                p.warnings.len()
            );
            assert!(
                p.value.extra.len() <= 1001,
                "{where_}: {} extra",
                p.value.extra.len()
            );
            if p.warnings.len() > 1000 {
                assert!(
                    p.warnings
                        .iter()
                        .any(|w| w.reason.contains("more warning(s) not listed")),
                    "{where_}: the warnings left out are not counted"
                );
            }
            if p.value.extra.len() > 1000 {
                let last = p.value.extra.last().map(|e| e.label.as_str());
                assert_eq!(last, Some("(not kept)"), "{where_}");
            }
        }
    }
}
