//! Searches a list of names the way accord's search does, for comparing
//! with `fzf --filter` (see `benches/search_vs_fzf.sh`).
//!
//! ```text
//! search_names generate N            write N generated multi-script names, one per line
//! search_names FILE QUERY [LIMIT]    index FILE (one name a line) and search it:
//!                                    prints the best LIMIT (default 10) names and, on
//!                                    stderr, the build time, the per-keystroke times of
//!                                    typing QUERY and the number of matches
//! search_names records N [QUERY...]  index N generated records and type each QUERY one
//!                                    character at a time (timings only)
//! search_names generated N [QUERY...] the same over `accord generate`'s dataset (realistic
//!                                    proportions: mostly items, follow-ups and notes),
//!                                    written to a temporary store first
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use accord::model::{Id, Institution, InstitutionKind, Kind, Name, Record};
use accord::search::{SearchIndex, SearchOptions, Searcher};

#[path = "../benches/support/names.rs"]
mod names;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", n] => match n.parse::<usize>() {
            Ok(n) => {
                for name in names::names(n) {
                    println!("{name}");
                }
                ExitCode::SUCCESS
            }
            Err(_) => usage(&format!("'{n}' is not a number of names")),
        },
        ["records", n, queries @ ..] => match n.parse::<usize>() {
            Ok(n) => {
                let records = names::records(n);
                let (start, cpu_start) = (Instant::now(), cpu_time());
                let index = SearchIndex::build(&records);
                eprintln!(
                    "built {} records in {:.1?} (cpu time, all threads: {:.1?})",
                    index.len(),
                    start.elapsed(),
                    cpu_time().saturating_sub(cpu_start)
                );
                let defaults = ["shougang", "kazakh", "univ", "назарбаев", "mongolia cancer"];
                let queries: Vec<&str> = if queries.is_empty() {
                    defaults.to_vec()
                } else {
                    queries.to_vec()
                };
                for q in queries {
                    let times = type_query(&index, q, &SearchOptions::typing(50));
                    report(q, &times);
                }
                ExitCode::SUCCESS
            }
            Err(_) => usage(&format!("'{n}' is not a number of records")),
        },
        ["generated", n, queries @ ..] => match n.parse::<usize>() {
            Ok(n) => generated(n, queries),
            Err(_) => usage(&format!("'{n}' is not a number of records")),
        },
        [file, query, rest @ ..] => {
            let limit = match rest.first().map(|l| l.parse::<usize>()) {
                None => 10,
                Some(Ok(l)) => l,
                Some(Err(_)) => return usage("the limit must be a number"),
            };
            search_file(file, query, limit)
        }
        _ => usage("expected 'generate N', 'records N [QUERY...]' or 'FILE QUERY [LIMIT]'"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("search_names: {problem}.");
    eprintln!(
        "usage: search_names generate N | search_names records N | search_names FILE QUERY [LIMIT]"
    );
    ExitCode::from(2)
}

fn generated(n: usize, queries: &[&str]) -> ExitCode {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
    let clock = std::sync::Arc::new(accord::clock::FixedClock(today));
    let records = accord::store::SledStore::temporary(clock).and_then(|store| {
        accord::generate::generate(&store, n, 1, today, &mut |_, _| {})?;
        accord::store::load_all(&store)
    });
    let records = match records {
        Ok(r) => r,
        Err(e) => {
            eprintln!("search_names: cannot generate the dataset: {e}.");
            return ExitCode::FAILURE;
        }
    };
    let (start, cpu_start) = (Instant::now(), cpu_time());
    let index = SearchIndex::build(&records);
    eprintln!(
        "built {} records in {:.1?} (cpu time, all threads: {:.1?})",
        index.len(),
        start.elapsed(),
        cpu_time().saturating_sub(cpu_start)
    );
    let defaults = ["shanghai", "kazakh", "univ", "oncology", "xian jiaotong"];
    let queries: Vec<&str> = if queries.is_empty() {
        defaults.to_vec()
    } else {
        queries.to_vec()
    };
    for q in queries {
        let times = type_query(&index, q, &SearchOptions::typing(50));
        report(q, &times);
    }
    ExitCode::SUCCESS
}

fn search_file(file: &str, query: &str, limit: usize) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("search_names: cannot read {file}: {e}.");
            return ExitCode::FAILURE;
        }
    };
    let records: Vec<Record> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            Record::Institution(Institution {
                id: Id::new(Kind::Institution, i as u32 + 1),
                names: vec![Name::new(line, "")],
                short_name: String::new(),
                country: String::new(),
                city: String::new(),
                kind: InstitutionKind::Other,
                tags: Vec::new(),
                website: String::new(),
                home: false,
            })
        })
        .collect();
    let start = Instant::now();
    let index = SearchIndex::build(&records);
    eprintln!("indexed {} names in {:.1?}", index.len(), start.elapsed());
    let options = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    let times = type_query(&index, query, &SearchOptions::typing(limit.max(1)));
    report(query, &times);
    let start = Instant::now();
    let results = index.search(query, &options);
    eprintln!(
        "one-shot search: {} matches in {:.1?}",
        results.total,
        start.elapsed()
    );
    for hit in results.hits {
        println!("{}", hit.title);
    }
    ExitCode::SUCCESS
}

fn type_query(index: &SearchIndex, query: &str, options: &SearchOptions) -> Vec<Duration> {
    let mut searcher = Searcher::new();
    let mut typed = String::new();
    let mut cpu = Vec::new();
    let times = query
        .chars()
        .map(|c| {
            typed.push(c);
            let (start, cpu_start) = (Instant::now(), cpu_time());
            std::hint::black_box(searcher.search(index, &typed, options));
            cpu.push(cpu_time().saturating_sub(cpu_start));
            start.elapsed()
        })
        .collect();
    let list: Vec<String> = cpu.iter().map(|t| format!("{:.1?}", t)).collect();
    eprintln!("  cpu time (all threads): {}", list.join(" "));
    times
}

/// CPU time used by the process so far (all threads): unlike wall time,
/// not inflated by other programs on a busy machine.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn report(query: &str, times: &[Duration]) {
    let list: Vec<String> = times.iter().map(|t| format!("{:.1?}", t)).collect();
    let worst = times.iter().max().copied().unwrap_or_default();
    eprintln!("typing {query:?}: {} (worst {worst:.1?})", list.join(" "));
}
