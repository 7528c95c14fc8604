//! Parse throughput over the whole sample corpus: every `samples/<platform>/<slug>/*.txt`
//! through its own grammar. `cargo bench -p fleetlic-parsers` prints MB/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fleetlic_parsers::{parse, Command, Platform};

/// `(platform, command, text)` of every sample.
fn corpus() -> Vec<(Platform, Command, String)> {
    fleetlic_parsers::corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples"))
}

fn bench_corpus(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(|(_, _, t)| t.len()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(
        format!("corpus_{}_files_{}_bytes", corpus.len(), bytes),
        |b| {
            b.iter(|| {
                for (p, cmd, text) in &corpus {
                    let _ = std::hint::black_box(parse(*p, *cmd, text));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
