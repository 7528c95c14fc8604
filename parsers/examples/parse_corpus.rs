//! Parses the sample corpus N times (default 50): a fixed workload for profilers
//! (`valgrind --tool=callgrind target/release/examples/parse_corpus`), where criterion's own
//! timing loop would get in the way.

use std::path::Path;

use fleetlic_parsers::parse;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let corpus =
        fleetlic_parsers::corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples"));
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
