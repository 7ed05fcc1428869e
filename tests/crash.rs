//! Crash test: a child process writes and prints each acknowledged change;
//! the parent kills it with SIGKILL at random moments, reopens the
//! database and checks that every acknowledged change is there, that no
//! change is half-written, and that `check` passes.
//!
//! 200 iterations by default; set `ACCORD_CRASH_ITERATIONS` for more.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use accord::clock::FixedClock;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()))
}

/// One change: an institution, a partnership with it and a follow-up on
/// that partnership, all titled with the group number.
fn group(store: &dyn Store, n: u64) -> Vec<Id> {
    let i = store.next_id(Kind::Institution).unwrap();
    let p = store.next_id(Kind::Partnership).unwrap();
    let f = store.next_id(Kind::FollowUp).unwrap();
    let mut c = ChangeSet::new(format!("group {n}"));
    c.push(Edit::Create(Record::Institution(Institution {
        id: i,
        names: vec![
            Name::new(format!("Institution {n}"), "en"),
            Name::new(format!("医院 {n}"), "zh"),
        ],
        short_name: String::new(),
        country: "MN".into(),
        city: "Ulaanbaatar".into(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })));
    c.push(Edit::Create(Record::Partnership(Partnership {
        id: p,
        title: format!("group {n}"),
        partners: vec![i],
        status: PartnershipStatus::Active,
        areas: vec![],
        owner: String::new(),
        start: None,
        description: String::new(),
    })));
    c.push(Edit::Create(Record::FollowUp(FollowUp {
        id: f,
        parent: p,
        title: format!("group {n}"),
        due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        owner: String::new(),
        status: FollowUpStatus::Open,
        completed: None,
    })));
    store.apply(c).unwrap().ids
}

/// The child: runs only when the parent starts this test binary with
/// `ACCORD_CRASH_CHILD` set to a database path.
#[test]
fn crash_child_writer() {
    let Ok(path) = std::env::var("ACCORD_CRASH_CHILD") else {
        return;
    };
    let store = SledStore::open(Path::new(&path), clock()).unwrap();
    let start = store.count(Kind::Partnership).unwrap() as u64;
    println!("ready");
    for n in start.. {
        let ids = group(&store, n);
        // Every other group is then edited, so updates are exercised too.
        if n % 2 == 0 {
            let mut r = store.get(ids[2]).unwrap().unwrap();
            if let Record::FollowUp(f) = &mut r {
                f.status = FollowUpStatus::Done;
            }
            store
                .apply(ChangeSet::one("done", Edit::Update(r)))
                .unwrap();
            println!("ack {n} done");
        } else {
            println!("ack {n}");
        }
    }
}

/// A tiny deterministic generator, so a failing run can be repeated from its seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn acknowledged_changes_survive_sigkill() {
    if std::env::var("ACCORD_CRASH_CHILD").is_ok() {
        return;
    }
    let iterations: u64 = std::env::var("ACCORD_CRASH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let exe = std::env::current_exe().unwrap();
    let mut acked: Vec<(u64, bool)> = Vec::new();
    for it in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "crash_child_writer",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ACCORD_CRASH_CHILD", &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait until the child has the database open, then let it write
        // for a random moment before killing it.
        // (The test harness may print "test crash_child_writer ... " on the same line.)
        let mut ready = false;
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) {
            if line.ends_with("ready") {
                ready = true;
                break;
            }
        }
        if !ready {
            let _ = child.kill();
        }
        assert!(
            ready,
            "iteration {it} (seed {seed}): the child never opened the database"
        );
        std::thread::sleep(Duration::from_micros(rng.next() % 30_000));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        reader.join().unwrap();
        for line in rx.try_iter() {
            let Some(at) = line.find("ack ") else {
                continue;
            };
            let mut words = line[at..].split_whitespace();
            if words.next() == Some("ack") {
                // A line cut short by the kill was never acknowledged.
                let Some(Ok(n)) = words.next().map(str::parse::<u64>) else {
                    continue;
                };
                acked.push((n, words.next() == Some("done")));
            }
        }
        // Reopen and verify.
        let store = SledStore::open(&db, clock())
            .unwrap_or_else(|e| panic!("iteration {it} (seed {seed}): {e}"));
        let problems = store.check().unwrap();
        assert!(
            problems.is_empty(),
            "iteration {it} (seed {seed}): {problems:?}"
        );
        let institutions = store.list(Kind::Institution).unwrap();
        let partnerships = store.list(Kind::Partnership).unwrap();
        let followups = store.list(Kind::FollowUp).unwrap();
        assert_eq!(
            institutions.len(),
            partnerships.len(),
            "iteration {it} (seed {seed}): a group is half-written"
        );
        assert_eq!(
            partnerships.len(),
            followups.len(),
            "iteration {it} (seed {seed}): a group is half-written"
        );
        let titles: std::collections::HashSet<String> =
            partnerships.iter().map(Record::title).collect();
        for (n, done) in &acked {
            assert!(
                titles.contains(&format!("group {n}")),
                "iteration {it} (seed {seed}): acknowledged group {n} is lost"
            );
            if *done {
                let f = followups
                    .iter()
                    .find(|f| f.title() == format!("group {n}"))
                    .unwrap();
                assert!(
                    !f.is_open(),
                    "iteration {it} (seed {seed}): acknowledged done on group {n} is lost"
                );
            }
        }
    }
    assert!(
        !acked.is_empty(),
        "no change was ever acknowledged (seed {seed})"
    );
}
