//! The team database on a throwaway PostgreSQL server over loopback:
//! a triage act (resolve + one server call) and a colleague's change until
//! another client has read it (notification, version, history_after, the
//! records), at ACCORD_BENCH_SIZES records (default 1000,10000).
//! `cargo bench --bench team`; prints p50 and p95 of each.

#[path = "../tests/support/pg_cluster.rs"]
mod pg_cluster;
#[path = "../tests/support/team.rs"]
mod team;

use std::time::{Duration, Instant};

use accord::model::{Kind, Record};
use accord::store::{ChangeSet, Edit, Store};

fn sizes() -> Vec<usize> {
    std::env::var("ACCORD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1000, 10_000])
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95))
}

/// A TCP proxy on loopback that holds every chunk `delay` before passing
/// it on, each way: a round trip through it costs 2 × `delay` more.
fn delay_proxy(upstream: String, delay: Duration) -> u16 {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").expect("proxy port");
    let port = listener.local_addr().expect("proxy address").port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&upstream) else {
                continue;
            };
            for (mut from, mut to) in [
                (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                ),
                (server, client),
            ] {
                std::thread::spawn(move || {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        std::thread::sleep(delay);
                        if to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
    port
}

/// (a colleague's change until on screen, key press to frame while a
/// colleague writes) in lina's interface.
fn interface(
    t: &team::Team,
    wang: &dyn Store,
    actions: &[Record],
) -> (Vec<Duration>, Vec<Duration>) {
    use accord::tui::testing::{app_on, press, screen};
    let store: std::sync::Arc<dyn Store> = t.shared("lina");
    let mut app = app_on(store, accord::i18n::Lang::En, "default").expect("the interface");
    app.watch(accord::tui::live::Timing {
        period: Duration::from_millis(5),
        retry: Duration::from_millis(5),
    });
    press(&mut app, "5");
    let _ = screen(&mut app, 120, 40);
    let mut shown = Vec::new();
    for r in actions.iter().skip(150).take(30) {
        let Some(now) = wang.get(r.id()).unwrap() else {
            continue;
        };
        if !app.data.due.iter().any(|d| d.id == r.id()) {
            continue;
        }
        let Ok(done) =
            accord::triage::close(&now, accord::store::DueSlot::Item, false, team::today())
        else {
            continue;
        };
        let t0 = Instant::now();
        wang.apply(ChangeSet::one("done", Edit::Update(done)))
            .unwrap();
        for _ in 0..20_000 {
            app.poll_background();
            if !app.data.due.iter().any(|d| d.id == r.id()) {
                let _ = screen(&mut app, 120, 40);
                shown.push(t0.elapsed());
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    // A colleague writing twice a second on another connection.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let colleague = t.store("wang");
        let ids: Vec<accord::model::Id> = actions.iter().take(100).map(Record::id).collect();
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                if let Ok(Some(r)) = colleague.get(ids[i % ids.len()])
                    && let Ok(later) = accord::triage::snooze(
                        &r,
                        accord::store::DueSlot::Item,
                        "1d",
                        team::today(),
                    )
                {
                    let _ = colleague.apply(ChangeSet::one("snooze", Edit::Update(later)));
                }
                i += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
        })
    };
    let mut keys = Vec::new();
    for i in 0..300 {
        let t0 = Instant::now();
        app.poll_background();
        press(&mut app, if i % 2 == 0 { "down" } else { "up" });
        let _ = screen(&mut app, 120, 40);
        keys.push(t0.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = writer.join();
    (shown, keys)
}

fn main() {
    let Some(_) = pg_cluster::shared() else {
        eprintln!("PostgreSQL is not installed: nothing to measure");
        return;
    };
    for n in sizes() {
        let t = team::team().expect("team database");
        let lina = t.store("lina");
        let wang = t.store("wang");
        let started = Instant::now();
        accord::generate::generate(&lina, n, 7, team::today(), &mut |_, _| {}).expect("generate");
        eprintln!("{n} records generated in {:?}", started.elapsed());
        // Steady state: what autovacuum does a while after a big load.
        t.cluster.psql(&t.db, "VACUUM ANALYZE");

        let started = Instant::now();
        let all = lina
            .read_everything(&accord::store::Progress::default())
            .unwrap();
        let cold = started.elapsed();

        let actions: Vec<Record> = all
            .iter()
            .filter(|r| r.kind() == Kind::Action && r.is_open())
            .take(200)
            .cloned()
            .collect();
        let mut acts = Vec::new();
        for r in &actions {
            let snoozed =
                accord::triage::snooze(r, accord::store::DueSlot::Item, "1w", team::today())
                    .unwrap();
            let t0 = Instant::now();
            lina.apply(ChangeSet::one("snooze", Edit::Update(snoozed)).saw(r.clone()))
                .unwrap();
            acts.push(t0.elapsed());
        }
        let (a50, a95) = percentiles(acts);

        // A colleague's change until lina's client has it in hand.
        let hint = lina.changes_hint().expect("listener");
        let mut seen = lina.version().unwrap().seq;
        let mut remote = Vec::new();
        for r in actions.iter().take(100) {
            let Some(now) = wang.get(r.id()).unwrap() else {
                continue;
            };
            let later =
                accord::triage::snooze(&now, accord::store::DueSlot::Item, "1d", team::today())
                    .unwrap();
            let t0 = Instant::now();
            wang.apply(ChangeSet::one("snooze", Edit::Update(later)))
                .unwrap();
            let _ = hint.recv_timeout(Duration::from_secs(2));
            let entries = lina.history_after(seen, 1000).unwrap();
            for e in &entries {
                for c in &e.changes {
                    let _ = lina.get(c.id).unwrap();
                }
                seen = e.seq;
            }
            remote.push(t0.elapsed());
        }
        let (r50, r95) = percentiles(remote);

        // The same triage act through 20 ms of round trip.
        let port = delay_proxy(
            format!("{}:{}", t.cluster.host, t.cluster.port),
            Duration::from_millis(10),
        );
        let far = accord::store::PgStore::open(
            &format!(
                "host=127.0.0.1 port={port} user=lina dbname={} password={}",
                t.db,
                team::password("lina")
            ),
            std::sync::Arc::new(accord::clock::FixedClock(team::today())),
        )
        .expect("through the proxy");
        let mut slow = Vec::new();
        for r in actions.iter().skip(100).take(40) {
            let Some(now) = far.get(r.id()).unwrap() else {
                continue;
            };
            let later =
                accord::triage::snooze(&now, accord::store::DueSlot::Item, "1d", team::today())
                    .unwrap();
            let t0 = Instant::now();
            far.apply(ChangeSet::one("snooze", Edit::Update(later)).saw(now))
                .unwrap();
            slow.push(t0.elapsed());
        }
        let (s50, s95) = percentiles(slow);
        // The interface on lina's side: a colleague's change until it has
        // left her triage queue and the frame is drawn, and key to frame
        // while a colleague writes twice a second.
        let (shown, keys) = interface(&t, &wang, &actions);
        let (v50, v95) = percentiles(shown);
        let (k50, k95) = percentiles(keys);

        // The records as CSV (from a personal database), imported into an
        // empty team database in one change.
        let personal = accord::store::SledStore::temporary(std::sync::Arc::new(
            accord::clock::FixedClock(team::today()),
        ))
        .unwrap();
        accord::generate::generate(&personal, n, 7, team::today(), &mut |_, _| {}).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let opts = accord::exchange::ExportOptions::new(
            accord::exchange::Format::Csv,
            accord::i18n::Lang::En,
            &accord::clock::FixedClock(team::today()),
        );
        accord::exchange::export_to_path(
            &accord::exchange::Source::Store(&personal),
            &opts,
            dir.path(),
            &mut |_, _| {},
        )
        .unwrap();
        let empty = team::team().expect("team database").store("lina");
        let t0 = Instant::now();
        let report = accord::exchange::import::import(
            &empty,
            dir.path(),
            &accord::exchange::import::ImportOptions::default(),
            &mut |_, _| {},
        )
        .unwrap();
        let import = t0.elapsed();
        assert!(report.rejected.is_empty());
        println!(
            "{n:>7} records: cold read {cold:?}; triage act p50 {a50:?} p95 {a95:?}; colleague's change read p50 {r50:?} p95 {r95:?}; on screen p50 {v50:?} p95 {v95:?}; key to frame under a colleague's writes p50 {k50:?} p95 {k95:?}; triage act at 20 ms RTT p50 {s50:?} p95 {s95:?}; CSV import of {} rows {import:?}",
            report.created.len()
        );
    }
}
