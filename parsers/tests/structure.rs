//! Structural robustness, over every sample: a record's header may be of any length, and
//! text fleetlic does not know never changes the records around it.
//!
//! For every license block header (`name (TAG):`, `(TAG):`) of every sample, three edits a
//! newer release (or a longer product name) could make:
//! - the header's name lengthened (up to 200 characters, 20 words);
//! - an unknown field line added inside the block;
//! - an unknown section (a header and fields that look like license fields) added before it.
//!
//! The model must stay the same apart from the edited record's own name or its kept field
//! (and the `extra` entries): same number of records, and every other record with the same
//! name, tag, count, state and dates. Run exhaustively at the longest name, and as a
//! property test over name lengths and word counts.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fleetlic_parsers::{parse, Command, DeviceLicensing, Platform};
use proptest::prelude::*;

/// A sample with at least one license block header.
struct Sample {
    path: PathBuf,
    platform: Platform,
    command: Command,
    text: String,
    /// Indices (0-based) of the lines that open a license block, in order.
    headers: Vec<usize>,
    /// The parsed model of the unedited text.
    base: DeviceLicensing,
}

/// `name (TAG):` / `(TAG):` by shape, as a device prints a license block header.
fn is_block_header(line: &str) -> bool {
    let t = line.trim();
    let Some(inner) = t.strip_suffix("):") else {
        return false;
    };
    inner.rfind('(').is_some_and(|open| {
        let tag = &inner[open + 1..];
        !tag.trim().is_empty() && !tag.contains(['(', ')']) && !inner[..open].contains(':')
    })
}

/// Every sample whose parse has licenses and whose text has block headers, one per license.
fn samples() -> &'static [Sample] {
    static SAMPLES: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let mut out = Vec::new();
        for platform in Platform::ALL {
            let Ok(dirs) = fs::read_dir(root.join(platform.as_str())) else {
                continue;
            };
            for dir in dirs.flatten() {
                let Some(command) = Command::from_slug(&dir.file_name().to_string_lossy()) else {
                    continue;
                };
                for f in fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                    let path = f.path();
                    if !path.extension().is_some_and(|e| e == "txt") {
                        continue;
                    }
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    let Ok(parsed) = parse(platform, command, &text) else {
                        continue;
                    };
                    let headers: Vec<usize> = text
                        .lines()
                        .enumerate()
                        .filter(|(_, l)| is_block_header(l))
                        .map(|(i, _)| i)
                        .collect();
                    // Only where each header is one of the parsed records (not a policy class).
                    let tags = parsed
                        .value
                        .licenses
                        .iter()
                        .filter(|l| l.entitlement_tag.is_some())
                        .count();
                    if headers.is_empty() || headers.len() != tags {
                        continue;
                    }
                    out.push(Sample {
                        path,
                        platform,
                        command,
                        text,
                        headers,
                        base: parsed.value,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    })
}

/// One edit of a sample around its `k`-th record header.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// The header's name becomes `words` words, `chars` characters long at most.
    LongName { words: usize, chars: usize },
    /// An unknown `label: value` line as the first line of the block.
    UnknownField,
    /// An unknown section (header plus license-like fields) just before the header.
    UnknownSection,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A name of `words` words, at most `chars` characters (at least one word).
fn long_name(words: usize, chars: usize) -> String {
    let vocabulary = [
        "Catalyst",
        "Network",
        "Advantage",
        "Subscription",
        "Term",
        "DNA",
        "X",
    ];
    let mut name = String::new();
    for i in 0..words.max(1) {
        let word = vocabulary[i % vocabulary.len()];
        let extra = usize::from(!name.is_empty()) + word.len();
        if !name.is_empty() && name.len() + extra > chars {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    name
}

/// The sample's text with `edit` applied at its `k`-th header.
fn edited(sample: &Sample, k: usize, edit: Edit) -> String {
    let mut lines: Vec<String> = sample.text.lines().map(str::to_string).collect();
    let at = sample.headers[k];
    let header = lines[at].clone();
    let pad = " ".repeat(indent_of(&header));
    match edit {
        Edit::LongName { words, chars } => {
            let t = header.trim();
            let open = t.rfind('(').unwrap_or(0);
            lines[at] = format!("{pad}{} {}", long_name(words, chars), &t[open..]);
        }
        Edit::UnknownField => {
            let field_pad = lines
                .get(at + 1)
                .filter(|l| !l.trim().is_empty())
                .map_or(indent_of(&header) + 2, |l| indent_of(l));
            lines.insert(
                at + 1,
                format!("{}Frobnication Level: 42", " ".repeat(field_pad)),
            );
        }
        Edit::UnknownSection => {
            let block = [
                format!("{pad}Frobnication Report Section:"),
                format!("{pad}  Status: EXPIRED"),
                format!("{pad}  Count: 99"),
                format!("{pad}  Description: not a license"),
                format!("{pad}  Next ACK deadline: Jan 02 00:00:00 2031 UTC"),
            ];
            for (i, l) in block.into_iter().enumerate() {
                lines.insert(at + i, l);
            }
        }
    }
    lines.join("\n") + "\n"
}

/// The model as JSON without `extra`, and with the edited record's own edit undone: its name
/// (and the `Description:` a header name displaces) for a long name, its kept unknown field
/// for an unknown field.
fn comparable(model: &DeviceLicensing, k: usize, edit: Edit) -> serde_json::Value {
    let mut m = model.clone();
    m.extra.clear();
    let tagged: Vec<usize> = m
        .licenses
        .iter()
        .enumerate()
        .filter(|(_, l)| l.entitlement_tag.is_some())
        .map(|(i, _)| i)
        .collect();
    if let Some(l) = tagged.get(k).and_then(|i| m.licenses.get_mut(*i)) {
        match edit {
            Edit::LongName { .. } => {
                // A header name moves `Description:` (the name otherwise) to `other`.
                l.name = None;
                l.other.remove("Description");
            }
            Edit::UnknownField => {
                l.other.remove("Frobnication Level");
            }
            Edit::UnknownSection => {}
        }
    }
    serde_json::to_value(&m).unwrap_or_default()
}

/// Checks one edit; `Err` describes what changed.
fn check(sample: &Sample, k: usize, edit: Edit) -> Result<(), String> {
    let text = edited(sample, k, edit);
    let got = parse(sample.platform, sample.command, &text)
        .map_err(|e| {
            format!(
                "{}: {edit:?} at record {k}: refused: {e}",
                sample.path.display()
            )
        })?
        .value;
    if got.licenses.len() != sample.base.licenses.len() {
        return Err(format!(
            "{}: {edit:?} at record {k}: {} records, was {}",
            sample.path.display(),
            got.licenses.len(),
            sample.base.licenses.len()
        ));
    }
    let (want, have) = (comparable(&sample.base, k, edit), comparable(&got, k, edit));
    if want != have {
        return Err(format!(
            "{}: {edit:?} at record {k} changed the model:\nwas {want}\nnow {have}",
            sample.path.display()
        ));
    }
    if let Edit::LongName { words, chars } = edit {
        let name = got
            .licenses
            .iter()
            .filter(|l| l.entitlement_tag.is_some())
            .nth(k)
            .and_then(|l| l.name.clone());
        if name.as_deref() != Some(long_name(words, chars).as_str()) {
            return Err(format!(
                "{}: long header name at record {k} not read: {name:?}",
                sample.path.display()
            ));
        }
    }
    Ok(())
}

#[test]
fn there_are_samples_with_license_blocks_to_edit() {
    let records: usize = samples().iter().map(|s| s.headers.len()).sum();
    assert!(
        samples().len() >= 5,
        "only {} samples with blocks",
        samples().len()
    );
    assert!(records >= 10, "only {records} records");
}

#[test]
fn every_record_of_every_sample_survives_every_edit_at_the_longest_name() {
    let mut failures = Vec::new();
    for sample in samples() {
        for k in 0..sample.headers.len() {
            for edit in [
                Edit::LongName {
                    words: 20,
                    chars: 200,
                },
                Edit::UnknownField,
                Edit::UnknownSection,
            ] {
                if let Err(e) = check(sample, k, edit) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_unknown_section_never_lends_its_fields_to_the_record_before_it() {
    let sample = samples()
        .iter()
        .find(|s| s.headers.len() >= 2)
        .expect("a sample with two license blocks");
    let text = edited(sample, 1, Edit::UnknownSection);
    let got = parse(sample.platform, sample.command, &text)
        .map(|p| p.value)
        .unwrap_or_default();
    assert!(got.licenses.iter().all(|l| l.count != Some(99)));
    assert!(got.extra.iter().any(|e| e.label == "Count"
        && e.value == "99"
        && e.section == ["Frobnication Report Section"]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edits_at_any_name_length_leave_other_records_alone(
        pick in any::<prop::sample::Index>(),
        record in any::<prop::sample::Index>(),
        kind in 0u8..3,
        words in 1usize..=20,
        chars in 1usize..=200,
    ) {
        let samples = samples();
        prop_assume!(!samples.is_empty());
        let sample = &samples[pick.index(samples.len())];
        let k = record.index(sample.headers.len());
        let edit = match kind {
            0 => Edit::LongName { words, chars },
            1 => Edit::UnknownField,
            _ => Edit::UnknownSection,
        };
        if let Err(e) = check(sample, k, edit) {
            return Err(TestCaseError::fail(e));
        }
    }
}
