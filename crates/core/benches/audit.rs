//! The controller's per-device work after collection, on the bundled replay fleet: parsing a
//! device's saved outputs, running every rule, and writing the CSV and JSON reports.
//! `cargo bench --bench audit` prints the time per fleet of 37 devices.

use std::hint::black_box;
use std::path::Path;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fleetlic_core::audited::Audited;
use fleetlic_core::device::Device;
use fleetlic_core::report::{csv, json, Results};
use fleetlic_core::rules::{self, Context};

fn fleet() -> Vec<Device> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
    fleetlic_core::replay::load(&dir, Default::default()).unwrap_or_default()
}

fn context() -> Context {
    Context {
        now: Utc
            .with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        warn_days: 30,
        crit_days: 7,
    }
}

fn bench_audit(c: &mut Criterion) {
    let devices = fleet();
    let ctx = context();
    let mut group = c.benchmark_group("audit");
    group.throughput(Throughput::Elements(devices.len() as u64));
    group.bench_function(format!("rules_{}_devices", devices.len()), |b| {
        b.iter(|| {
            for d in &devices {
                black_box(rules::audit(d, &ctx));
            }
        })
    });
    let audited: Vec<Audited> = devices
        .iter()
        .map(|d| Audited {
            device: d.clone(),
            findings: rules::audit(d, &ctx),
        })
        .collect();
    let findings: Vec<_> = audited.iter().flat_map(|a| a.findings.clone()).collect();
    group.bench_function(format!("reports_csv_json_{}_devices", devices.len()), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            let _ = csv::write_findings(&mut out, &findings);
            let _ = csv::write_devices(&mut out, &audited);
            let results = Results {
                audited: &audited,
                findings: &findings,
                ledger: None,
                changes: None,
                now: ctx.now,
                warn_days: 30,
                crit_days: 7,
            };
            let _ = json::write(&mut out, &results);
            black_box(out.len())
        })
    });
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/fleet");
    group.bench_function(
        format!("replay_load_and_parse_{}_devices", devices.len()),
        |b| {
            b.iter(|| {
                black_box(fleetlic_core::replay::load(&dir, Default::default()).map(|d| d.len()))
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_audit);
criterion_main!(benches);
