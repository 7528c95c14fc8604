//! Parse throughput over the whole sample corpus: every `samples/<platform>/<slug>/*.txt`
//! through its own grammar. `cargo bench -p fleetlic-parsers` prints MB/s.

use std::fs;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fleetlic_parsers::{parse, Command, Platform};

/// `(platform, command, text)` of every sample.
fn corpus() -> Vec<(Platform, Command, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
    let mut out = Vec::new();
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
                    out.push((
                        platform,
                        command,
                        fs::read_to_string(f.path()).unwrap_or_default(),
                    ));
                }
            }
        }
    }
    out
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
