//! kill -9 of the PostgreSQL server during a write loop, again and again:
//! every change the client was told is done is there after the restart,
//! none is half-written, `check` stays clean, and the same client carries
//! on by connecting again.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord::model::*;
use accord::store::{ChangeSet, Edit, Store};

fn iterations() -> usize {
    std::env::var("ACCORD_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

fn institution(name: String) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, 0),
        names: vec![Name::new(name, "en")],
        short_name: String::new(),
        country: "MN".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

#[test]
fn acknowledged_changes_survive_kill_9_of_the_server() {
    if pg_cluster::shared().is_none() {
        return;
    }
    let cluster = pg_cluster::Cluster::start();
    team::prepare(&cluster);
    let db = team::database_on(&cluster);
    let t = team::Team {
        cluster: Box::leak(Box::new(cluster)),
        db,
    };
    let store: Arc<dyn Store> = t.shared("lina");
    let acked: Arc<Mutex<Vec<Id>>> = Arc::default();
    let mut failures = 0;
    for round in 0..iterations() {
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    i += 1;
                    let mut change = ChangeSet::new(format!("round {round} change {i}"));
                    // Two records per change: never one without the other.
                    change.push(Edit::Create(institution(format!("r{round} c{i} a"))));
                    change.push(Edit::Create(institution(format!("r{round} c{i} b"))));
                    match store.apply(change) {
                        Ok(a) => acked.lock().unwrap().extend(a.ids),
                        Err(_) => return false,
                    }
                }
                true
            })
        };
        // Vary the moment of the kill over the write loop.
        std::thread::sleep(Duration::from_millis(30 + (round as u64 * 37) % 150));
        t.cluster.kill9();
        stop.store(true, Ordering::SeqCst);
        if !writer.join().unwrap() {
            failures += 1;
        }
        t.cluster.restart();
        let fresh = t.store("wang");
        let acked = acked.lock().unwrap().clone();
        for id in &acked {
            assert!(
                fresh.get(*id).unwrap().is_some(),
                "round {round}: acknowledged {id} is missing"
            );
        }
        let problems = fresh.check().unwrap();
        assert!(problems.is_empty(), "round {round}: {problems:?}");
        // Every change wrote both of its records or neither.
        let n = fresh.count(Kind::Institution).unwrap();
        assert_eq!(n % 2, 0, "round {round}: a half-written change");
        assert_eq!(fresh.history(None, usize::MAX).unwrap().len() * 2, n);
    }
    assert!(failures > 0, "the kills never interrupted a write");
    // The first client connects again by itself.
    store
        .apply(ChangeSet::one(
            "after",
            Edit::Create(institution("after".into())),
        ))
        .unwrap();
    t.cluster.stop();
}
