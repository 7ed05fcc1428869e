//! Search speed over generated multi-script records at 1k, 10k and 100k
//! (or `ACCORD_BENCH_SIZES`, e.g. `1000000`):
//! index build, and queries typed one character at a time through a
//! `Searcher` (as the search overlay does).
//!
//! Besides criterion's figures (the time to type a whole query), prints
//! the per-keystroke latency distribution (p50, p95, max) over ten rounds
//! of every query, for each size: `cargo bench --bench search`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use accord::search::{SearchIndex, SearchOptions, Searcher};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/names.rs"]
mod names;

/// The sizes measured: 1k, 10k and 100k, or `ACCORD_BENCH_SIZES`
/// (comma-separated, e.g. `1000000`).
fn sizes() -> Vec<usize> {
    std::env::var("ACCORD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}
const QUERIES: [&str; 5] = ["shougang", "kazakh", "univ", "назарбаев", "mongolia cancer"];

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for n in sizes() {
        let records = names::records(n);
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| SearchIndex::build(black_box(&records)))
        });
    }
    group.finish();
}

/// Types `query` one character at a time with a fresh searcher; returns
/// the wall time and the CPU time (all threads) of each keystroke.
fn type_query(
    index: &SearchIndex,
    query: &str,
    options: &SearchOptions,
) -> Vec<(Duration, Duration)> {
    let mut searcher = Searcher::new();
    let mut typed = String::new();
    let mut times = Vec::new();
    for c in query.chars() {
        typed.push(c);
        let (start, cpu) = (Instant::now(), cpu_time());
        black_box(searcher.search(index, &typed, options));
        times.push((start.elapsed(), cpu_time().saturating_sub(cpu)));
    }
    times
}

/// CPU time used by the process so far, all threads: unlike wall time, not
/// inflated when other programs keep the cores busy.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the timespec we own.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn keystrokes(c: &mut Criterion) {
    // As the search overlay types: the best 50, the total as a lower bound.
    let options = SearchOptions::typing(50);
    let mut group = c.benchmark_group("typing");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in sizes() {
        let index = SearchIndex::build(&names::records(n));
        let (mut wall, mut cpu) = (Vec::new(), Vec::new());
        // Per query, per keystroke: the wall times of every round.
        let mut each: Vec<Vec<Vec<Duration>>> = QUERIES
            .iter()
            .map(|q| vec![Vec::new(); q.chars().count()])
            .collect();
        for _ in 0..10 {
            for (qi, q) in QUERIES.iter().enumerate() {
                for (k, (w, c)) in type_query(&index, q, &options).into_iter().enumerate() {
                    wall.push(w);
                    cpu.push(c);
                    each[qi][k].push(w);
                }
            }
        }
        if std::env::var_os("ACCORD_BENCH_KEYS").is_some() {
            // Which keystrokes are slow: the median and the worst of each.
            for (q, keys) in QUERIES.iter().zip(&mut each) {
                for (k, times) in keys.iter_mut().enumerate() {
                    times.sort();
                    let typed: String = q.chars().take(k + 1).collect();
                    println!(
                        "  {typed:?}: median {:.2?}, max {:.2?}",
                        percentile(times, 0.5),
                        times[times.len() - 1]
                    );
                }
            }
        }
        wall.sort();
        cpu.sort();
        println!(
            "keystroke latency at {n} records: p50 {:.2?}, p95 {:.2?}, max {:.2?} \
             (cpu time, all threads: p50 {:.2?}, p95 {:.2?}; {} keystrokes; load {})",
            percentile(&wall, 0.5),
            percentile(&wall, 0.95),
            wall[wall.len() - 1],
            percentile(&cpu, 0.5),
            percentile(&cpu, 0.95),
            wall.len(),
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
        );
        for q in QUERIES {
            group.bench_function(format!("{n}/{q}"), |b| {
                b.iter(|| type_query(&index, black_box(q), &options))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, build, keystrokes);
criterion_main!(benches);
