//! Parses the sample corpus N times (default 50): a fixed workload for profilers
//! (`valgrind --tool=callgrind target/release/examples/parse_corpus`), where criterion's own
//! timing loop would get in the way.

use std::fs;
use std::path::Path;

use fleetlic_parsers::{parse, Command, Platform};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
    let mut corpus = Vec::new();
    for platform in Platform::ALL {
        for slug in fs::read_dir(root.join(platform.as_str()))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = slug.file_name().to_string_lossy().to_string();
            let Some(command) = Command::from_slug(&name) else {
                continue;
            };
            for f in fs::read_dir(slug.path()).into_iter().flatten().flatten() {
                if f.path().extension().is_some_and(|e| e == "txt") {
                    if let Ok(text) = fs::read_to_string(f.path()) {
                        corpus.push((platform, command, text));
                    }
                }
            }
        }
    }
    let bytes: usize = corpus.iter().map(|(_, _, t)| t.len()).sum();
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for (p, c, t) in &corpus {
            std::hint::black_box(parse(*p, *c, t)).ok();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} files, {bytes} bytes, {rounds} rounds: {:.1} MB/s",
        corpus.len(),
        (bytes * rounds) as f64 / secs / 1e6
    );
}
