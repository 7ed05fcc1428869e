//! Core figures at 1k, 10k and 100k generated records: opening the
//! database and reading every record (from the trees, and from the
//! start-up copy), start-up to the first frame of the interface, building
//! the triage queue, a durable triage act (one change, flushed), and a
//! triage act in the interface (key to the next frame, every view updated),
//! and the first look at each table after a change (printed).
//!
//! cargo bench --bench core

use std::hint::black_box;
use std::sync::Arc;

use accord::clock::{FixedClock, SharedClock};
use accord::i18n::Lang;
use accord::model::{Kind, Record};
use accord::store::{ChangeSet, DueSlot, Edit, Progress, SledStore, Store};
use accord::tui::App;
use accord::tui::keymap::Key;
use accord::tui::loading::Loading;
use accord::tui::testing::{screen, shipped_keymap};
use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn benches(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("ACCORD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let mut group = c.benchmark_group("core");
    group.sample_size(10);
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        {
            let store = SledStore::open(&path, Arc::new(FixedClock(today()))).unwrap();
            accord::generate::generate(&store, n, 1, today(), &mut |_, _| {}).unwrap();
        }
        group.bench_with_input(BenchmarkId::new("open_and_load_all", n), &n, |b, _| {
            b.iter(|| {
                let store = SledStore::open(&path, Arc::new(FixedClock(today()))).unwrap();
                let mut total = 0;
                for k in Kind::ALL {
                    total += store.list(k).unwrap().len();
                }
                black_box(total)
            })
        });
        group.bench_with_input(
            BenchmarkId::new("open_and_read_startup_copy", n),
            &n,
            |b, _| {
                b.iter(|| {
                    let store = SledStore::open(&path, Arc::new(FixedClock(today()))).unwrap();
                    black_box(store.read_everything(&Progress::default()).unwrap().len())
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("start_to_first_frame", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let started = std::time::Instant::now();
                    let clock: SharedClock = Arc::new(FixedClock(today()));
                    let store: Arc<dyn Store> =
                        Arc::new(SledStore::open(&path, clock.clone()).unwrap());
                    let data = Loading::start(store.clone(), today()).wait().unwrap();
                    let keymap = shipped_keymap("default", Lang::En);
                    let mut app = App::from_data(store, clock, Lang::En, keymap, false, data);
                    black_box(screen(&mut app, 120, 40).len());
                    total += started.elapsed();
                    // The search index is built after the first frame; let
                    // it finish outside the measurement.
                    while app.indexing() {
                        app.poll_background();
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                }
                total
            })
        });
        // A triage act in the interface: the key, the durable change, every
        // view brought up to date and the next frame drawn. Snooze and undo
        // in turn, on the triage queue's first item.
        let mut looked = false;
        group.bench_with_input(
            BenchmarkId::new("triage_act_in_interface", n),
            &n,
            |b, _| {
                let clock: SharedClock = Arc::new(FixedClock(today()));
                let store: Arc<dyn Store> =
                    Arc::new(SledStore::open(&path, clock.clone()).unwrap());
                let data = Loading::start(store.clone(), today()).wait().unwrap();
                let keymap = shipped_keymap("default", Lang::En);
                let mut app = App::from_data(store, clock, Lang::En, keymap, false, data);
                while app.indexing() {
                    app.poll_background();
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                let key = |k: &str| Key::parse(k).unwrap();
                app.key(key("5"));
                // The first action item (a renewal notice is snoozed by
                // raising it, which asks first).
                let first = app.data.due.iter().find(|d| d.id.kind == Kind::Action);
                let first = first.map(|d| d.key()).unwrap();
                app.triage.select_key(&app.data, &first);
                let (snooze, undo) = (key("s"), key("u"));
                // Both keys act (the measurement is of acts, not of no-ops).
                for k in [snooze, undo] {
                    let version = app.data.version;
                    app.key(k);
                    let said = app.status.as_ref().map(|s| s.text.clone());
                    assert!(
                        app.data.version > version,
                        "{k:?} changed nothing: {said:?}"
                    );
                }
                let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
                let mut flip = false;
                b.iter(|| {
                    flip = !flip;
                    app.key(if flip { snooze } else { undo });
                    term.draw(|f| accord::tui::render(&app, f)).unwrap();
                });
                // Once: criterion calls this set-up more than once.
                if !looked {
                    looked = true;
                    first_looks(&mut app, &mut term, n);
                }
                app.stop_watching();
            },
        );
        let store = SledStore::open(&path, Arc::new(FixedClock(today()))).unwrap();
        group.bench_with_input(BenchmarkId::new("triage_queue", n), &n, |b, _| {
            b.iter(|| black_box(accord::due::triage_queue(&store, today()).unwrap().len()))
        });
        let item = store
            .list(Kind::FollowUp)
            .unwrap()
            .into_iter()
            .find(Record::is_open)
            .unwrap();
        let mut flip = false;
        group.bench_with_input(BenchmarkId::new("triage_act_durable", n), &n, |b, _| {
            b.iter(|| {
                flip = !flip;
                let date = if flip { "2027-01-15" } else { "2027-01-16" };
                let current = store.get(item.id()).unwrap().unwrap();
                let r = accord::triage::reschedule(&current, DueSlot::Item, date, today()).unwrap();
                black_box(
                    store
                        .apply(ChangeSet::one("reschedule", Edit::Update(r)))
                        .unwrap(),
                )
            })
        });
    }
    group.finish();
}

/// Prints how long a table takes to show for the first time after a
/// change (its rows sorted then): the key and the frame, for each table.
fn first_looks(app: &mut App, term: &mut Terminal<TestBackend>, n: usize) {
    let key = |k: &str| Key::parse(k).unwrap();
    for (name, view) in [
        ("partnerships", "2"),
        ("agreements", "3"),
        ("institutions", "4"),
    ] {
        let (mut times, mut rows) = (Vec::new(), 0);
        for _ in 0..5 {
            app.key(key("5"));
            app.key(key("s"));
            let started = std::time::Instant::now();
            app.key(key(view));
            term.draw(|f| accord::tui::render(app, f)).unwrap();
            times.push(started.elapsed());
            rows = app.table().map_or(0, |t| t.rows.len());
            app.key(key("5"));
            app.key(key("u"));
        }
        times.sort();
        println!(
            "first look at the {name} table after a change at {n} records ({rows} rows): \
             median {:.1?}, max {:.1?}",
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
}

criterion_group!(core, benches);
criterion_main!(core);
