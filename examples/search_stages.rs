//! Times each stage of `accord search` on a database, to see which one
//! dominates (see the Performance section of the README):
//!
//! ```text
//! search_stages DB [QUERY]     (default QUERY: univ)
//! ```
//!
//! DB is a database directory; its search cache (`search-index.bin`) is
//! written, so use a copy. Each stage is run five times; the best time is
//! printed: opening the store, reading the cache file, reading and
//! decoding it, checking it against the store, the query, and, for
//! comparison, building the index from the records and writing the cache.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use accord::clock::FixedClock;
use accord::search::{SearchIndex, SearchOptions, cache};
use accord::store::{SledStore, Store, load_all};

/// The allocator the binary uses (src/main.rs), so that the figures are
/// what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..5 {
        let start = Instant::now();
        let out = f();
        fastest = fastest.min(start.elapsed());
        last = Some(out);
    }
    match last {
        Some(out) => (fastest, out),
        None => (fastest, f()),
    }
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(db) = args.first().map(Path::new) else {
        eprintln!("usage: search_stages DB [QUERY]");
        return ExitCode::from(2);
    };
    let query = args.get(1).map_or("univ", String::as_str);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let clock = Arc::new(FixedClock(today));

    let start = Instant::now();
    let store = match SledStore::open(db, clock) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("search_stages: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("open the store        {}", ms(start.elapsed()));
    // Make sure the cache is there and current.
    if let Err(e) = cache::load(&store) {
        eprintln!("search_stages: {e}");
        return ExitCode::FAILURE;
    }
    let file = db.join(cache::CACHE_FILE);
    let (t, bytes) = best(|| std::fs::read(&file).map(|b| b.len()).unwrap_or(0));
    println!(
        "read the cache file   {}   ({:.1} MB)",
        ms(t),
        bytes as f64 / 1e6
    );
    let (t, _) = best(|| cache::read(db).is_ok());
    println!("read + decode         {}", ms(t));
    let (t, origin) = best(|| cache::load(&store).map(|(_, o)| o));
    println!("load (checked)        {}   ({origin:?})", ms(t));
    let index = match cache::load(&store) {
        Ok((index, _)) => index,
        Err(e) => {
            eprintln!("search_stages: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let (t, found) = best(|| index.search(query, &options).total);
    println!("search {query:<14} {}   ({found} matches)", ms(t));

    let (t, records) = best(|| load_all(&store).unwrap_or_default());
    println!("read every record     {}", ms(t));
    let (t, built) = best(|| SearchIndex::build(&records));
    println!("build from records    {}", ms(t));
    let version = store.version().unwrap_or(accord::store::Version {
        instance: 0,
        seq: 0,
    });
    let (t, _) = best(|| cache::write(db, &built, version).is_ok());
    println!("encode + write        {}", ms(t));
    ExitCode::SUCCESS
}
