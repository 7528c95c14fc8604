//! Real-world IOS-XE outputs (`../shared/realworld/genieparser/iosxe/`, text nobody on this
//! project wrote) parse into the facts an auditor needs.
//!
//! Every file of a command fleetlic reads has an explicit entry in [`EXPECT`]: JSON paths into
//! fleetlic's own model (`registration.status`, `licenses.0.entitlement_tag`, `licenses#` for a
//! list's length) and the value read from the file by hand (genieparser's `.expected.json` was
//! a second opinion, not the schema). Directories of commands fleetlic does not read are listed
//! in [`SKIPPED`]. Every warning the grammars give on these files must be listed in
//! [`KNOWN_WARNINGS`] with its owner, and every listed warning must still occur, so the table
//! shrinks as the grammars improve.
//!
//! The corpus lives outside the repository; without it the test passes with a note, except in
//! CI (`CI=true`), where a missing corpus is a failure. `REALWORLD_DUMP=1` prints each file's
//! model facts and warnings (for writing expectations).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fleetlic_parsers::{parse, Command, Platform};
use serde_json::Value;

/// Corpus directories of commands fleetlic does not read, with the reason.
const SKIPPED: &[(&str, &str)] = &[
    (
        "show-call-home-alert-group",
        "alert groups: no licensing fact",
    ),
    (
        "show-call-home-diagnostic-signature",
        "diagnostic signatures: no licensing fact",
    ),
    (
        "show-call-home-events",
        "event subscriptions: no licensing fact",
    ),
    (
        "show-call-home-mail-server-status",
        "mail servers: not the licensing transport",
    ),
    (
        "show-call-home-smart-licensing",
        "not in the allow-list (profile all covers it)",
    ),
    (
        "show-call-home-statistics",
        "IOS-XE message statistics: not in the allow-list",
    ),
    (
        "show-call-home-version",
        "call-home version: no licensing fact",
    ),
    ("show-license-authorization", "not in the allow-list"),
    ("show-license-eventlog-2", "event log: history, not state"),
    ("show-license-history-message", "message history: not state"),
    (
        "show-license-rum-id-all",
        "RUM report ids: not in the allow-list",
    ),
    (
        "show-license-rum-id-id-detail",
        "RUM report detail: not in the allow-list",
    ),
];

/// Who owns a remaining warning (the work that will remove it).
const AGENT: &str = "agent grammar (lead's rewrite)";
/// Time zones (`lex/date.rs`).
const ZONES: &str = "time zones (lex/date.rs)";
/// IOS-XE call-home profile `HTTP  address` spelling (`lex/callhome/profile.rs`).
const PROFILE: &str = "call-home profile spellings (lex/callhome/profile.rs)";

/// Reasons that are by design, not a gap: tech-support sections kept whole in `extra`.
const BY_DESIGN: &[&str] = &["tech-support section not modelled"];

/// A kind of remaining warning: `(reason prefix, owner)`.
type Gap = (&'static str, &'static str);

/// `License Conversion:` / `Export Authorization Key:` before any agent section.
const NONE_FIELD: Gap = ("unknown field in None section", AGENT);
/// `Reporting Mode: STANDARD` under `Smart Licensing Using Policy:`.
const SLP_FIELD: Gap = ("unknown field in Slp section", AGENT);
/// `Trust Code Type:` / `Attributes:` of per-unit trust codes.
const TRUST_FIELD: Gap = ("unknown field in TrustCode section", AGENT);
/// `Export Authorization Key:` read as part of `License Authorization:`.
const AUTH_FIELD: Gap = ("unknown field in Authorization section", AGENT);
/// Trust-code `INSTALLED on ... Valid on ...` / `Expired on ...`, `No licenses in use`, a
/// license header longer than a label.
const NOT_UNDERSTOOD: Gap = ("line not understood", AGENT);
/// `Reporting push interval: 30  days State(4) InPolicy(60)`.
const PUSH_INTERVAL: Gap = ("reporting push interval is not a number of days", AGENT);
/// `Trust Code Type: CSSM` taken as the trust-code date.
const NOT_A_DATE: Gap = ("not a date in any known Cisco format", AGENT);
/// `IST` dates.
const AMBIGUOUS_ZONE: Gap = ("ambiguous time zone", ZONES);
/// `HTTP  address: <url>`.
const PROFILE_LINE: Gap = ("unknown call-home profile line", PROFILE);

/// Every warning still given on the corpus: `(file, [(line, gap)])`.
const KNOWN_WARNINGS: &[(&str, &[(usize, Gap)])] = &[
    (
        "show-call-home-profile-all/golden_output.txt",
        &[(8, PROFILE_LINE)],
    ),
    (
        "show-call-home-profile-all/golden_output1.txt",
        &[(8, PROFILE_LINE), (34, PROFILE_LINE)],
    ),
    (
        "show-license-all/golden_output.txt",
        &[(9, NONE_FIELD), (10, NONE_FIELD)],
    ),
    (
        "show-license-all/golden_output_2.txt",
        &[
            (6, NONE_FIELD),
            (7, NONE_FIELD),
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (20, SLP_FIELD),
        ],
    ),
    (
        "show-license-all/golden_output_3.txt",
        &[(22, AUTH_FIELD), (23, AUTH_FIELD), (41, NOT_UNDERSTOOD)],
    ),
    (
        "show-license-all/golden_output_3_4M.txt",
        &[
            (6, NONE_FIELD),
            (7, NONE_FIELD),
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (20, SLP_FIELD),
            (99, NOT_UNDERSTOOD),
        ],
    ),
    (
        "show-license-all/golden_output_4.txt",
        &[
            (6, NONE_FIELD),
            (7, NONE_FIELD),
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (20, SLP_FIELD),
            (64, AMBIGUOUS_ZONE),
            (66, PUSH_INTERVAL),
            (67, AMBIGUOUS_ZONE),
            (69, AMBIGUOUS_ZONE),
            (72, NOT_A_DATE),
            (73, TRUST_FIELD),
            (76, NOT_UNDERSTOOD),
            (77, NOT_UNDERSTOOD),
            (78, TRUST_FIELD),
            (79, TRUST_FIELD),
            (82, NOT_UNDERSTOOD),
            (83, NOT_UNDERSTOOD),
            (84, TRUST_FIELD),
            (85, TRUST_FIELD),
            (88, NOT_UNDERSTOOD),
            (89, NOT_UNDERSTOOD),
            (90, TRUST_FIELD),
            (91, TRUST_FIELD),
        ],
    ),
    (
        "show-license-status/golden_output2.txt",
        &[(32, AUTH_FIELD), (33, AUTH_FIELD)],
    ),
    (
        "show-license-tech-support/golden_output.txt",
        &[(11, NONE_FIELD), (12, NONE_FIELD), (69, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_10.txt",
        &[
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (68, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_11.txt",
        &[
            (6, NONE_FIELD),
            (7, NONE_FIELD),
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (65, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_12.txt",
        &[
            (6, NONE_FIELD),
            (7, NONE_FIELD),
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (20, SLP_FIELD),
            (67, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_13_4M.txt",
        &[
            (8, NONE_FIELD),
            (9, NONE_FIELD),
            (10, NONE_FIELD),
            (11, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (22, SLP_FIELD),
            (72, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_14_standalone.txt",
        &[
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (16, NONE_FIELD),
            (17, NONE_FIELD),
            (25, SLP_FIELD),
            (73, AMBIGUOUS_ZONE),
            (74, AMBIGUOUS_ZONE),
            (75, PUSH_INTERVAL),
            (77, AMBIGUOUS_ZONE),
            (78, AMBIGUOUS_ZONE),
            (81, AMBIGUOUS_ZONE),
        ],
    ),
    (
        "show-license-tech-support/golden_output_15.txt",
        &[
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (16, NONE_FIELD),
            (17, NONE_FIELD),
            (25, SLP_FIELD),
            (76, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_16.txt",
        &[
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (16, NONE_FIELD),
            (17, NONE_FIELD),
            (25, SLP_FIELD),
            (76, PUSH_INTERVAL),
        ],
    ),
    (
        "show-license-tech-support/golden_output_17.txt",
        &[
            (12, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (15, NONE_FIELD),
            (17, NONE_FIELD),
            (18, NONE_FIELD),
            (26, SLP_FIELD),
            (76, AMBIGUOUS_ZONE),
            (77, PUSH_INTERVAL),
            (79, AMBIGUOUS_ZONE),
        ],
    ),
    (
        "show-license-tech-support/golden_output_18.txt",
        &[
            (12, NONE_FIELD),
            (13, NONE_FIELD),
            (14, NONE_FIELD),
            (15, NONE_FIELD),
            (17, NONE_FIELD),
            (18, NONE_FIELD),
            (26, SLP_FIELD),
            (78, PUSH_INTERVAL),
            (84, NOT_A_DATE),
            (85, TRUST_FIELD),
            (88, NOT_UNDERSTOOD),
            (89, NOT_UNDERSTOOD),
            (90, TRUST_FIELD),
            (91, TRUST_FIELD),
            (94, NOT_UNDERSTOOD),
            (95, NOT_UNDERSTOOD),
            (96, TRUST_FIELD),
            (97, TRUST_FIELD),
        ],
    ),
    (
        "show-license-tech-support/golden_output_2.txt",
        &[(11, NONE_FIELD), (12, NONE_FIELD), (64, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_3.txt",
        &[(11, NONE_FIELD), (12, NONE_FIELD), (68, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_4.txt",
        &[(11, NONE_FIELD), (12, NONE_FIELD), (63, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_5.txt",
        &[(9, NONE_FIELD), (10, NONE_FIELD), (67, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_6.txt",
        &[(9, NONE_FIELD), (10, NONE_FIELD), (66, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_7.txt",
        &[(8, NONE_FIELD), (9, NONE_FIELD), (64, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_8_proxy.txt",
        &[(12, NONE_FIELD), (13, NONE_FIELD), (65, PUSH_INTERVAL)],
    ),
    (
        "show-license-tech-support/golden_output_9.txt",
        &[
            (11, NONE_FIELD),
            (12, NONE_FIELD),
            (14, NONE_FIELD),
            (15, NONE_FIELD),
            (72, PUSH_INTERVAL),
        ],
    ),
];

/// Facts per file: `(path, value)`; `<absent>` for a field that must be missing.
type Facts = &'static [(&'static str, &'static str)];

/// Expected facts of every corpus file fleetlic reads.
const EXPECT: &[(&str, Facts)] = &[];

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/realworld")
}

/// The value at a dotted path (`a.0.b`; `a#` = length of list `a`), as text.
fn at(model: &Value, path: &str) -> String {
    let (path, count) = match path.strip_suffix('#') {
        Some(p) => (p, true),
        None => (path, false),
    };
    let mut v = model;
    for part in path.split('.') {
        let next = match part.parse::<usize>() {
            Ok(i) => v.get(i),
            Err(_) => v.get(part),
        };
        match next {
            Some(n) => v = n,
            None if count => return "0".into(),
            None => return "<absent>".into(),
        }
    }
    if count {
        return v.as_array().map_or(0, Vec::len).to_string();
    }
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every leaf of `v` as `path = value` (dump mode).
fn leaves(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        Value::Array(a) => {
            out.push(format!("{prefix}# = {}", a.len()));
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{prefix}.{i}"), out);
            }
        }
        other => out.push(format!("{prefix} = {}", at(other, ""))),
    }
}

#[test]
fn realworld_outputs_give_the_auditor_facts() {
    let root = corpus_root();
    let iosxe = root.join("genieparser/iosxe");
    if !iosxe.is_dir() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "CI: real-world corpus missing at {}", root.display());
        eprintln!("skipped: no real-world corpus at {}", root.display());
        return;
    }
    let dump = std::env::var_os("REALWORLD_DUMP").is_some();
    let mut failures: Vec<String> = Vec::new();
    let mut seen_files = BTreeSet::new();
    let mut seen_warnings = BTreeSet::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&iosxe)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if SKIPPED.iter().any(|(s, _)| *s == name) {
            continue;
        }
        let Some(command) = Command::from_file_stem(&name) else {
            failures.push(format!(
                "{name}: neither a command fleetlic reads nor in SKIPPED"
            ));
            continue;
        };
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        files.sort();
        for path in files {
            let file = format!(
                "{name}/{}",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            seen_files.insert(file.clone());
            let bytes = fs::read(&path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let parsed = match parse(Platform::IosXe, command, &text) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{file}: not parsed: {e}"));
                    continue;
                }
            };
            let model = serde_json::to_value(&parsed.value).unwrap_or(Value::Null);
            if dump {
                let mut out = Vec::new();
                leaves(&model, "", &mut out);
                out.retain(|l| !l.starts_with("extra."));
                println!("== {file}\n{}", out.join("\n"));
            }
            for w in &parsed.warnings {
                if BY_DESIGN.iter().any(|r| w.reason.starts_with(r)) {
                    continue;
                }
                let known = KNOWN_WARNINGS
                    .iter()
                    .filter(|(f, _)| *f == file)
                    .flat_map(|(f, gaps)| gaps.iter().map(move |(l, g)| (*f, *l, g.0)))
                    .find(|(_, l, r)| *l == w.line && w.reason.starts_with(r));
                match known {
                    Some(k) => {
                        seen_warnings.insert(k);
                    }
                    None => failures.push(format!(
                        "{file}:{}: unlisted warning: {}: {}",
                        w.line, w.reason, w.text
                    )),
                }
                if dump {
                    println!(
                        "    W ({file:?}, {}, {:?}, ?), // {}",
                        w.line, w.reason, w.text
                    );
                }
            }
            match EXPECT.iter().find(|(f, _)| *f == file) {
                None => failures.push(format!("{file}: no entry in EXPECT")),
                Some((_, facts)) => {
                    for (path, want) in *facts {
                        let got = at(&model, path);
                        if got != *want {
                            failures.push(format!("{file}: {path}: got {got:?}, want {want:?}"));
                        }
                    }
                }
            }
        }
    }
    for (f, _) in EXPECT {
        if !seen_files.contains(*f) {
            failures.push(format!("EXPECT names {f}, which the corpus lacks"));
        }
    }
    for (f, gaps) in KNOWN_WARNINGS {
        for (l, (r, owner)) in *gaps {
            if !seen_warnings.contains(&(*f, *l, *r)) {
                failures.push(format!(
                    "KNOWN_WARNINGS: {f}:{l} {r:?} ({owner}) no longer occurs: remove it"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
