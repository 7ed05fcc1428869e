//! Export (Markdown, CSV, XLSX, ICS) and CSV import at 1k, 10k and 100k
//! records from `accord::generate`. Goals at 100k on a release build: import ≤ 3 s,
//! Markdown ≤ 1 s, XLSX ≤ 5 s.
//!
//! `cargo bench --bench exchange` (all sizes),
//! `cargo bench --bench exchange -- 100000` (one size), or
//! `ACCORD_BENCH_SIZES=100000 cargo bench --bench exchange -- import` (only
//! that size is generated). It allocates with mimalloc, as the binary does.

use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::import::{ImportOptions, import};
use accord::exchange::{ExportOptions, Format, export, export_to_path};
use accord::i18n::Lang;
use accord::model::Kind;
use accord::store::{SledStore, Store};
use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn sizes() -> Vec<usize> {
    std::env::var("ACCORD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn store() -> SledStore {
    SledStore::temporary(Arc::new(FixedClock(today()))).unwrap()
}

/// About `n` records at realistic proportions (the shared generator).
fn generate(store: &dyn Store, n: usize) {
    accord::generate::generate(store, n, 1, today(), &mut |_, _| {}).unwrap();
}

fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for n in sizes() {
        let db = store();
        generate(&db, n);
        for (name, format, entity) in [
            ("md", Format::Markdown, None),
            ("csv_actions", Format::Csv, Some(Kind::Action)),
            ("xlsx", Format::Xlsx, None),
            ("ics", Format::Ics, None),
        ] {
            let mut opts = ExportOptions::new(format, Lang::En, &FixedClock(today()));
            opts.entity = entity;
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(1 << 20);
                    export(
                        &accord::exchange::Source::Store(&db),
                        &opts,
                        &mut out,
                        &mut |_, _| {},
                    )
                    .unwrap();
                    out.len()
                })
            });
        }
    }
    group.finish();
}

fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for n in sizes() {
        let db = store();
        generate(&db, n);
        let dir = tempfile::tempdir().unwrap();
        let opts = ExportOptions::new(Format::Csv, Lang::En, &FixedClock(today()));
        export_to_path(
            &accord::exchange::Source::Store(&db),
            &opts,
            dir.path(),
            &mut |_, _| {},
        )
        .unwrap();
        // Planning alone (reading, matching, checking every row), no writing.
        group.bench_with_input(BenchmarkId::new("csv_dry_run", n), &n, |b, _| {
            let target = store();
            let dry = ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            };
            b.iter(|| {
                import(&target, dir.path(), &dry, &mut |_, _| {})
                    .unwrap()
                    .created
                    .len()
            })
        });
        group.bench_with_input(BenchmarkId::new("csv", n), &n, |b, _| {
            b.iter_batched(
                store,
                |target| {
                    let report = import(
                        &target,
                        dir.path(),
                        &ImportOptions::default(),
                        &mut |_, _| {},
                    )
                    .unwrap();
                    assert!(report.rejected.is_empty());
                    report.created.len()
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, exports, imports);
criterion_main!(benches);
