//! Crash test of opening and closing: a child process opens the database
//! (sled rewrites its snapshot then), makes one change, and closes it
//! (writing the day's automatic backup, each opening on a new day), over
//! and over; the parent kills it with SIGKILL at random moments. After
//! every kill the database must open, hold every acknowledged change and
//! pass `check`, and no backup may be half-written.
//!
//! 40 kills by default; `ACCORD_CRASH_ITERATIONS` sets how many.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use accord::clock::FixedClock;
use accord::model::*;
use accord::store::{BackupWhen, ChangeSet, Edit, SledStore, Store, StoreError, backups};
use chrono::NaiveDate;

fn clock(day: u64) -> Arc<FixedClock> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    Arc::new(FixedClock(start + chrono::Days::new(day % 3000)))
}

fn institution(store: &dyn Store, n: u64) -> Record {
    Record::Institution(Institution {
        id: store.next_id(Kind::Institution).unwrap(),
        names: vec![Name::new(format!("Institution {n}"), "en")],
        short_name: String::new(),
        country: "MN".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

/// Opens, waiting while a killed process's lock is let go.
fn open(db: &Path, day: u64) -> Result<SledStore, StoreError> {
    let mut tries = 0;
    loop {
        match SledStore::open(db, clock(day)) {
            Err(StoreError::Locked { .. }) if tries < 250 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

#[test]
fn crash_open_child() {
    let Ok(path) = std::env::var("ACCORD_CRASH_OPEN_CHILD") else {
        return;
    };
    let first: u64 = std::env::var("ACCORD_CRASH_OPEN_FIRST")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    println!("ready");
    for n in first.. {
        let store = open(Path::new(&path), n).unwrap();
        store.keep_backups(BackupWhen::AtClose);
        let r = institution(&store, n);
        store
            .apply(ChangeSet::one(format!("add {n}"), Edit::Create(r)))
            .unwrap();
        println!("ack {n}");
        drop(store);
    }
}

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
fn kills_while_opening_closing_and_backing_up_never_leave_an_unopenable_database() {
    if std::env::var("ACCORD_CRASH_OPEN_CHILD").is_ok() {
        return;
    }
    let iterations: u64 = std::env::var("ACCORD_CRASH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let exe = std::env::current_exe().unwrap();
    let mut acked: Vec<u64> = Vec::new();
    let mut next = 0;
    let mut unopenable = 0;
    for it in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "crash_open_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ACCORD_CRASH_OPEN_CHILD", &db)
            .env("ACCORD_CRASH_OPEN_FIRST", next.to_string())
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
        let mut ready = false;
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) {
            if line.ends_with("ready") {
                ready = true;
                break;
            }
        }
        assert!(
            ready,
            "iteration {it} (seed {seed}): the child never started"
        );
        std::thread::sleep(Duration::from_micros(rng.next() % 150_000));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        for line in rx.try_iter() {
            let Some(at) = line.find("ack ") else {
                continue;
            };
            if let Some(Ok(n)) = line[at + 4..]
                .split_whitespace()
                .next()
                .map(str::parse::<u64>)
            {
                acked.push(n);
                next = next.max(n + 1);
            }
        }
        // The next child starts a day later than any opening so far, so
        // every opening writes a backup.
        next += 1;
        let store = match open(&db, next) {
            Ok(s) => s,
            Err(e) => {
                unopenable += 1;
                eprintln!("iteration {it} (seed {seed}): the database does not open: {e}");
                continue;
            }
        };
        // Copies a killed opening left behind were put with the kept ones.
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".crash.db."))
            .count();
        assert_eq!(
            leftovers, 0,
            "iteration {it} (seed {seed}): a scratch copy was left"
        );
        let problems = store.check().unwrap();
        assert!(
            problems.is_empty(),
            "iteration {it} (seed {seed}): {problems:?}"
        );
        let names: std::collections::HashSet<String> = store
            .list(Kind::Institution)
            .unwrap()
            .iter()
            .map(Record::title)
            .collect();
        for n in &acked {
            assert!(
                names.contains(&format!("Institution {n}")),
                "iteration {it} (seed {seed}): acknowledged change {n} is lost"
            );
        }
        drop(store);
        for b in backups::list(&db) {
            let bytes = std::fs::read(&b.path).unwrap();
            let snap: Result<accord::store::Snapshot, _> = serde_json::from_slice(&bytes);
            assert!(
                snap.is_ok_and(|s| s.records.len() == b.records),
                "iteration {it} (seed {seed}): {} is not a whole backup",
                b.path.display()
            );
        }
    }
    eprintln!(
        "{iterations} kills, {} acknowledged changes, {unopenable} unopenable databases, {} backups",
        acked.len(),
        backups::list(&db).len()
    );
    assert!(
        !acked.is_empty(),
        "no change was ever acknowledged (seed {seed})"
    );
}
