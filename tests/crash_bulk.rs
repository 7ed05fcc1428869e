//! Crash test for big changes (an import of thousands of rows, and its
//! undo), which are written in batches between a marker and its removal
//! rather than in one transaction: a child process writes them and prints
//! each acknowledged one; the parent kills it with SIGKILL at random
//! moments, reopens the database and checks that every change is all there
//! or not there at all, that acknowledged changes survive, and that
//! `check` passes.
//!
//! 24 iterations by default (about 25 s); set `ACCORD_CRASH_ITERATIONS` for more.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use accord::clock::FixedClock;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;

/// Records of each kind in one batch (three kinds: well over the size
/// that takes the batched path).
const SIZE: u32 = 400;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()))
}

fn title(n: u64, i: u32) -> String {
    format!("bulk {n} #{i}")
}

/// The batch a record belongs to, from its title or name.
fn batch_of(r: &Record) -> Option<u64> {
    let t = match r {
        Record::Institution(i) => i.names.first()?.text.clone(),
        other => other.title(),
    };
    t.strip_prefix("bulk ")?.split(' ').next()?.parse().ok()
}

/// One change: `SIZE` institutions, a partnership with each and a
/// follow-up on each partnership.
fn create(store: &dyn Store, n: u64) {
    let i0 = store.next_id(Kind::Institution).unwrap().n;
    let p0 = store.next_id(Kind::Partnership).unwrap().n;
    let f0 = store.next_id(Kind::FollowUp).unwrap().n;
    let mut c = ChangeSet::new(format!("import batch {n}"));
    for k in 0..SIZE {
        let (i, p) = (
            Id::new(Kind::Institution, i0 + k),
            Id::new(Kind::Partnership, p0 + k),
        );
        c.push(Edit::Create(Record::Institution(Institution {
            id: i,
            names: vec![Name::new(title(n, k), "en")],
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
            title: title(n, k),
            partners: vec![i],
            status: PartnershipStatus::Active,
            areas: vec![],
            owner: String::new(),
            start: None,
            description: String::new(),
        })));
        c.push(Edit::Create(Record::FollowUp(FollowUp {
            id: Id::new(Kind::FollowUp, f0 + k),
            parent: p,
            title: title(n, k),
            due: NaiveDate::from_ymd_opt(2026, 12, 1 + k % 28).unwrap(),
            owner: String::new(),
            status: FollowUpStatus::Open,
            completed: None,
        })));
    }
    store.apply(c).unwrap();
}

/// One change: every record of batch `n` edited (follow-ups done,
/// institutions moved), which changes the due index too.
fn update(store: &dyn Store, n: u64) {
    let mut c = ChangeSet::new(format!("update batch {n}"));
    for kind in [Kind::Institution, Kind::FollowUp] {
        for mut r in store.list(kind).unwrap() {
            if batch_of(&r) != Some(n) {
                continue;
            }
            match &mut r {
                Record::Institution(i) => i.city = "Darkhan".into(),
                Record::FollowUp(f) => {
                    f.status = FollowUpStatus::Done;
                    f.completed = NaiveDate::from_ymd_opt(2026, 11, 23);
                }
                _ => {}
            }
            c.push(Edit::Update(r));
        }
    }
    store.apply(c).unwrap();
}

/// The child: runs only when the parent starts this test binary with
/// `ACCORD_CRASH_BULK_CHILD` set to a database path. Batches are numbered
/// from `ACCORD_CRASH_BULK_FIRST`; odd ones are undone again (the update,
/// then the creation), so undo of a big change is exercised too.
#[test]
fn crash_bulk_child_writer() {
    let Ok(path) = std::env::var("ACCORD_CRASH_BULK_CHILD") else {
        return;
    };
    let first: u64 = std::env::var("ACCORD_CRASH_BULK_FIRST")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let store = SledStore::open(Path::new(&path), clock()).unwrap();
    println!("ready");
    for n in first.. {
        println!("begin {n}");
        create(&store, n);
        println!("ack {n} created");
        println!("begin {n}");
        update(&store, n);
        println!("ack {n} updated");
        if n % 2 == 1 {
            println!("begin {n}");
            store.undo("undo: ").unwrap().unwrap();
            println!("ack {n} reopened");
            println!("begin {n}");
            store.undo("undo: ").unwrap().unwrap();
            println!("ack {n} removed");
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

/// What a batch looks like in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Absent,
    Open,
    Done,
}

/// The states a batch may be in after its last acknowledgement: that
/// state, or the next one (the change in flight may have reached the disk
/// before the kill, without its acknowledgement being read).
fn allowed(ack: Option<&str>, odd: bool) -> &'static [Seen] {
    match (ack, odd) {
        (None, _) => &[Seen::Absent, Seen::Open],
        (Some("created"), _) => &[Seen::Open, Seen::Done],
        (Some("updated"), true) => &[Seen::Done, Seen::Open],
        (Some("updated"), false) => &[Seen::Done],
        (Some("reopened"), _) => &[Seen::Open, Seen::Absent],
        _ => &[Seen::Absent],
    }
}

#[test]
fn big_changes_are_all_or_nothing_under_sigkill() {
    if std::env::var("ACCORD_CRASH_BULK_CHILD").is_ok() {
        return;
    }
    let iterations: u64 = std::env::var("ACCORD_CRASH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let exe = std::env::current_exe().unwrap();
    // Batch → its last acknowledged state.
    let mut acked: HashMap<u64, String> = HashMap::new();
    let mut cut_short = 0;
    // Both kinds of acknowledgement are needed for the run to say anything;
    // on a slow machine the random kills may come too early for a removal
    // in the planned iterations, so the run goes on (three times as many at
    // most) until both were seen.
    let enough = |acked: &HashMap<u64, String>| {
        acked.values().any(|s| s == "removed") && acked.values().any(|s| s == "updated")
    };
    let mut it: u64 = 0;
    while it < iterations || (!enough(&acked) && it < iterations * 3) {
        // Every other run starts with an odd batch, whose creation is
        // undone again: a removal is then four changes away, not six.
        let first = it * 1000 + it % 2;
        let mut child = Command::new(&exe)
            .args([
                "crash_bulk_child_writer",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ACCORD_CRASH_BULK_CHILD", &db)
            .env("ACCORD_CRASH_BULK_FIRST", first.to_string())
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
        if !ready {
            let _ = child.kill();
        }
        assert!(
            ready,
            "iteration {it} (seed {seed}): the child never opened the database"
        );
        // Past the planned runs without both kinds of acknowledgement,
        // the child is given longer before the kill.
        let window = if it < iterations { 700 } else { 2000 };
        std::thread::sleep(Duration::from_millis(rng.next() % window));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        reader.join().unwrap();
        let lines: Vec<String> = rx.try_iter().collect();
        if lines.last().is_some_and(|l| l.contains("begin ")) {
            cut_short += 1;
        }
        for line in lines {
            let Some(at) = line.find("ack ") else {
                continue;
            };
            let mut words = line[at..].split_whitespace().skip(1);
            let (Some(Ok(n)), Some(state)) = (words.next().map(str::parse::<u64>), words.next())
            else {
                continue; // a line cut short by the kill was never acknowledged
            };
            acked.insert(n, state.to_string());
        }

        // Reopen (rolling back a change cut short) and verify.
        let store = SledStore::open(&db, clock())
            .unwrap_or_else(|e| panic!("iteration {it} (seed {seed}): {e}"));
        let problems = store.check().unwrap();
        assert!(
            problems.is_empty(),
            "iteration {it} (seed {seed}): {problems:?}"
        );
        // Per batch: institutions, partnerships, follow-ups, follow-ups
        // done, institutions moved.
        let mut seen: HashMap<u64, [u32; 5]> = HashMap::new();
        for kind in [Kind::Institution, Kind::Partnership, Kind::FollowUp] {
            for r in store.list(kind).unwrap() {
                let Some(n) = batch_of(&r) else { continue };
                let c = seen.entry(n).or_default();
                match &r {
                    Record::Institution(i) => {
                        c[0] += 1;
                        c[4] += u32::from(i.city == "Darkhan");
                    }
                    Record::Partnership(_) => c[1] += 1,
                    Record::FollowUp(f) => {
                        c[2] += 1;
                        c[3] += u32::from(!r.is_open() && f.completed.is_some());
                    }
                    _ => {}
                }
            }
        }
        // Every batch of this run, and the one after the last acknowledged
        // (the one in flight).
        let last = acked
            .keys()
            .chain(seen.keys())
            .filter(|n| (first..first + 1000).contains(*n))
            .max()
            .map_or(first, |n| n + 1);
        for n in first..=last {
            let state = match seen.get(&n) {
                None => Seen::Absent,
                Some(&[i, p, f, done, moved]) => {
                    assert!(
                        i == SIZE && p == SIZE && f == SIZE,
                        "iteration {it} (seed {seed}): batch {n} is half-written: {i} institutions, {p} partnerships, {f} follow-ups"
                    );
                    assert!(
                        done == moved && (done == 0 || done == SIZE),
                        "iteration {it} (seed {seed}): the update of batch {n} is half-written: {done} done, {moved} moved"
                    );
                    if done == 0 { Seen::Open } else { Seen::Done }
                }
            };
            let ack = acked.get(&n).map(String::as_str);
            assert!(
                allowed(ack, n % 2 == 1).contains(&state),
                "iteration {it} (seed {seed}): batch {n} is {state:?} but its last acknowledgement was {ack:?}"
            );
        }
        it += 1;
    }
    assert!(
        enough(&acked),
        "too few changes were acknowledged to test anything in {it} kills (seed {seed}): {acked:?}"
    );
    eprintln!(
        "{it} kills, {cut_short} during a change; {} batches acknowledged (seed {seed})",
        acked.len()
    );
    assert!(
        cut_short > 0,
        "no kill landed while a change was being written (seed {seed})"
    );
}
