//! Every sample under `samples/<platform>/<slug>/<case>.txt` parses to its golden
//! `<case>.expected.json`. `UPDATE_GOLDEN=1 cargo test -p fleetlic-parsers --test golden`
//! rewrites the goldens; review that diff like code.
//!
//! Also checked for every sample: the same text with `\r\n` and `\r\r\n` line ends gives the
//! same result; seed samples (`seed_*`, copied from the Cisco documents) parse with no warning;
//! `reject_*` samples are refused with a `ParseError`.

use std::fs;
use std::path::{Path, PathBuf};

use fleetlic_parsers::{parse, Command, DeviceLicensing, Platform, Warning};
use serde::{Deserialize, Serialize};

/// What a golden file holds.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Outcome {
    Parsed {
        model: Box<DeviceLicensing>,
        warnings: Vec<Warning>,
    },
    Error {
        message: String,
    },
}

fn outcome(platform: Platform, command: Command, text: &str) -> Outcome {
    match parse(platform, command, text) {
        Ok(p) => Outcome::Parsed {
            model: Box::new(p.value),
            warnings: p.warnings,
        },
        Err(e) => Outcome::Error {
            message: e.to_string(),
        },
    }
}

fn samples_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("samples")
}

/// `(platform, command, path)` of every sample, sorted; `GOLDEN_FILTER=text` keeps only the
/// samples whose path contains `text` (to regenerate or debug a few).
fn samples() -> Vec<(Platform, Command, PathBuf)> {
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let mut out = Vec::new();
    for platform in Platform::ALL {
        let dir = samples_root().join(platform.as_str());
        let Ok(slugs) = fs::read_dir(&dir) else {
            continue;
        };
        for slug in slugs.flatten() {
            let name = slug.file_name().to_string_lossy().to_string();
            let command = Command::from_slug(&name)
                .unwrap_or_else(|| panic!("samples/{platform}/{name}: not a command slug"));
            for f in fs::read_dir(slug.path()).into_iter().flatten().flatten() {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "txt") {
                    out.push((platform, command, p));
                }
            }
        }
    }
    out.retain(|s| s.2.to_string_lossy().contains(filter.as_str()));
    out.sort_by(|a, b| a.2.cmp(&b.2));
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

#[test]
fn every_sample_matches_its_golden() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let all = samples();
    if std::env::var_os("GOLDEN_FILTER").is_none() {
        assert!(
            all.len() >= 71,
            "sample corpus went missing: {} files",
            all.len()
        );
    }
    for (platform, command, path) in &all {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let got = outcome(*platform, *command, &text);
        let golden = path.with_extension("expected.json");
        let rendered = serde_json::to_string_pretty(&got).expect("serialisable") + "\n";
        if update {
            fs::write(&golden, &rendered).expect("write golden");
            continue;
        }
        match fs::read_to_string(&golden) {
            Err(_) => failures.push(format!(
                "{}: no golden (run with UPDATE_GOLDEN=1)",
                path.display()
            )),
            Ok(want_text) => {
                let want: Outcome = serde_json::from_str(&want_text)
                    .unwrap_or_else(|e| panic!("{}: bad golden: {e}", golden.display()));
                if want != got {
                    failures.push(format!(
                        "{}: differs from golden\n--- expected\n{want_text}\n--- got\n{rendered}",
                        path.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} samples failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn line_endings_do_not_change_results() {
    for (platform, command, path) in samples() {
        let text = fs::read_to_string(&path).expect("readable sample");
        let lf = outcome(platform, command, &text);
        for ending in ["\r\n", "\r\r\n"] {
            let twin = text.replace('\n', ending);
            assert_eq!(
                outcome(platform, command, &twin),
                lf,
                "{} with {ending:?}",
                path.display()
            );
        }
    }
}

#[test]
fn seed_samples_parse_without_warnings() {
    let mut bad = Vec::new();
    for (platform, command, path) in samples() {
        if !file_name(&path).starts_with("seed_") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable sample");
        match parse(platform, command, &text) {
            Ok(p) if p.warnings.is_empty() => {}
            Ok(p) => bad.push(format!("{}: {:?}", path.display(), p.warnings)),
            Err(e) => bad.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        bad.is_empty(),
        "seed samples with warnings or errors:\n{}",
        bad.join("\n")
    );
}

#[test]
fn reject_samples_are_refused() {
    for (platform, command, path) in samples() {
        if file_name(&path).starts_with("reject_") {
            let text = fs::read_to_string(&path).expect("readable sample");
            assert!(
                parse(platform, command, &text).is_err(),
                "{} parsed",
                path.display()
            );
        }
    }
}

#[test]
fn every_allow_listed_command_has_a_sample_that_parses() {
    let all = samples();
    if std::env::var_os("GOLDEN_FILTER").is_some() {
        return;
    }
    let mut missing = Vec::new();
    for platform in Platform::ALL {
        for command in Command::for_platform(platform) {
            let parses = all.iter().any(|(p, c, path)| {
                *p == platform
                    && *c == command
                    && fs::read_to_string(path).is_ok_and(|t| parse(platform, command, &t).is_ok())
            });
            if !parses {
                missing.push(format!("{platform}/{}", command.slug()));
            }
        }
    }
    assert!(missing.is_empty(), "no parsing sample for: {missing:?}");
}
