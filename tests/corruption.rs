//! The corruption matrix: hundreds of damaged copies of a real database
//! (truncated at many offsets, bytes flipped and 4 KiB pages zeroed in
//! every file, files deleted, empty and garbage snapshot and cache files).
//! For each copy and each of `list due`, `check`, `search` and `export`:
//! either exactly the data of the intact database, or a clear error with
//! exit status ≠ 0 naming the path and the next step, with every file of
//! the database byte-identical afterwards. Never a silent rollback.
//!
//! About 320 variants by default; `ACCORD_CORRUPTION_VARIANTS=N` asks for
//! about N (spread over the same kinds of damage).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::model::{Id, Kind, Record};
use accord::store::{ChangeSet, Edit, SledStore, Store};
use assert_cmd::Command;

const TODAY: &str = "2026-11-23";

fn accord(db: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_TODAY", TODAY)
        .env("LANG", "en")
        .env("USER", "tester")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

const COMMANDS: [&[&str]; 4] = [
    &["list", "due"],
    &["check"],
    &["search", "hospital", "--limit", "200"],
    &["export", "--format", "json"],
];

/// A demo database with a few more changes, the last of them small (the
/// one a flipped bit at the log's end hits), closed cleanly.
fn build(db: &Path) {
    let clock = Arc::new(FixedClock(TODAY.parse().unwrap()));
    let store = SledStore::open(db, clock.clone()).unwrap();
    accord::demo::load_demo(&store, TODAY.parse().unwrap()).unwrap();
    drop(store);
    // A session of the command line: sled writes its snapshot, the search
    // index is saved; the changes below are then only in the log.
    assert!(accord(db, &["search", "hospital"]).status.success());
    let store = SledStore::open(db, clock).unwrap();
    for n in [1, 2] {
        let Some(Record::Action(mut a)) = store.get(Id::new(Kind::Action, n)).unwrap() else {
            panic!("the demo has T{n}")
        };
        a.title = format!("{} (revised)", a.title);
        store
            .apply(ChangeSet::one("revise", Edit::Update(Record::Action(a))))
            .unwrap();
    }
    store
        .apply(ChangeSet::one(
            "delete",
            Edit::Delete(Id::new(Kind::Note, 1)),
        ))
        .unwrap();
    // The start-up copy and the search index, as a session leaves them.
    store
        .read_everything(&accord::store::Progress::default())
        .unwrap();
    drop(store);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                out.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

enum Damage {
    Truncate(String, usize),
    Flip(String, usize),
    ZeroPage(String, usize),
    Delete(String),
    Write(String, Vec<u8>),
}

impl Damage {
    fn apply(&self, db: &Path) {
        match self {
            Damage::Truncate(f, at) => {
                let mut b = std::fs::read(db.join(f)).unwrap();
                b.truncate(*at);
                std::fs::write(db.join(f), b).unwrap();
            }
            Damage::Flip(f, at) => {
                let mut b = std::fs::read(db.join(f)).unwrap();
                if let Some(x) = b.get_mut(*at) {
                    *x ^= 0x20;
                }
                std::fs::write(db.join(f), b).unwrap();
            }
            Damage::ZeroPage(f, page) => {
                let mut b = std::fs::read(db.join(f)).unwrap();
                let start = (page * 4096).min(b.len());
                let end = (start + 4096).min(b.len());
                b[start..end].fill(0);
                std::fs::write(db.join(f), b).unwrap();
            }
            Damage::Delete(f) => std::fs::remove_file(db.join(f)).unwrap(),
            Damage::Write(f, bytes) => std::fs::write(db.join(f), bytes).unwrap(),
        }
    }

    fn name(&self) -> String {
        match self {
            Damage::Truncate(f, at) => format!("{f} truncated to {at}"),
            Damage::Flip(f, at) => format!("{f} byte {at} flipped"),
            Damage::ZeroPage(f, p) => format!("{f} page {p} zeroed"),
            Damage::Delete(f) => format!("{f} deleted"),
            Damage::Write(f, b) => format!("{f} written with {} bytes", b.len()),
        }
    }
}

/// `n` offsets spread over `0..len`, always with the last ones.
fn spread(len: usize, n: usize) -> Vec<usize> {
    if len == 0 {
        return vec![0];
    }
    let mut v: Vec<usize> = (0..n).map(|i| i * len / n.max(1)).collect();
    v.extend([len.saturating_sub(1), len.saturating_sub(13), len / 2 + 7]);
    v.sort_unstable();
    v.dedup();
    v
}

fn variants(base: &Path, scale: usize) -> Vec<Damage> {
    let mut out = Vec::new();
    let all = files(base);
    for (path, bytes) in &all {
        let name = path
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let len = bytes.len();
        // sled's log gets the most: that is where the data is.
        let weight = if name == "db" { 6 * scale } else { scale };
        for at in spread(len, weight) {
            out.push(Damage::Truncate(name.clone(), at));
        }
        for at in spread(len, weight * 2) {
            out.push(Damage::Flip(name.clone(), at));
        }
        let pages = len.div_ceil(4096);
        let step = (pages / (weight * 2).max(1)).max(1);
        for p in (0..pages).step_by(step) {
            out.push(Damage::ZeroPage(name.clone(), p));
        }
        out.push(Damage::Delete(name.clone()));
    }
    let snap = all
        .keys()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .find(|n| n.starts_with("snap."))
        .expect("a snapshot file");
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    for (f, b) in [
        ("snap.FFFFFFFFFFFFFFFF.generating".to_string(), Vec::new()),
        (
            "snap.FFFFFFFFFFFFFFFF.generating".to_string(),
            garbage.clone(),
        ),
        (format!("{snap}.generating"), Vec::new()),
        (
            format!("{snap}.generating"),
            all[&base.join(&snap)][..20].to_vec(),
        ),
        ("records.cache".to_string(), Vec::new()),
        ("records.cache".to_string(), garbage.clone()),
        ("due.cache".to_string(), Vec::new()),
        ("due.cache".to_string(), garbage.clone()),
        ("search-index.bin".to_string(), garbage.clone()),
        ("accord.seal".to_string(), garbage),
    ] {
        out.push(Damage::Write(f, b));
    }
    out
}

fn wanted() -> usize {
    std::env::var("ACCORD_CORRUPTION_VARIANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(320)
}

#[derive(Default)]
struct Tally {
    variants: usize,
    runs: usize,
    clear_errors: usize,
    correct: usize,
    failures: Vec<String>,
}

fn run_variant(base: &Path, expected: &[String], work: &Path, i: usize, d: &Damage, t: &mut Tally) {
    let db = work.join(format!("v{i}.db"));
    copy_dir(base, &db);
    d.apply(&db);
    t.variants += 1;
    for (cmd, want) in COMMANDS.iter().zip(expected) {
        let before = files(&db);
        let out = accord(&db, cmd);
        t.runs += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("{} / accord {}", d.name(), cmd.join(" "));
        if out.status.success() {
            let stdout = stdout.replace(&db.display().to_string(), "DB");
            if stdout != *want {
                t.failures.push(format!(
                    "{what}: exit 0 with other data (a silent rollback):\n{stdout}"
                ));
            } else {
                t.correct += 1;
            }
            continue;
        }
        t.clear_errors += 1;
        if out.status.code() == Some(101) || stderr.contains("panicked") {
            t.failures.push(format!("{what}: crashed: {stderr}"));
        }
        for debug in ["backtrace", "offset None", "Some(", "{ "] {
            if stderr.contains(debug) {
                t.failures.push(format!("{what}: debug text in {stderr}"));
            }
        }
        if !stderr.contains(&db.display().to_string()) {
            t.failures
                .push(format!("{what}: the path is not named: {stderr}"));
        }
        let after = files(&db);
        if after != before {
            let changed: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .map(|k| k.strip_prefix(&db).unwrap().display().to_string())
                .collect();
            t.failures
                .push(format!("{what}: reported an error but changed {changed:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&db);
    // The backups and kept copies a successful opening leaves beside it.
    for suffix in ["backups", "kept"] {
        let _ = std::fs::remove_dir_all(work.join(format!("v{i}.db.{suffix}")));
    }
}

#[test]
fn damaged_copies_give_the_right_data_or_a_clear_error_and_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    build(&base);
    // The intact database's answers, from a copy (opening writes).
    let pristine = dir.path().join("pristine.db");
    copy_dir(&base, &pristine);
    let expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| {
            let out = accord(&pristine, c);
            assert!(out.status.success(), "{c:?}: {out:?}");
            String::from_utf8(out.stdout)
                .unwrap()
                .replace(&pristine.display().to_string(), "DB")
        })
        .collect();
    assert!(expected[1].contains("sound"), "{}", expected[1]);
    let mut scale = 2;
    let mut all = variants(&base, scale);
    while all.len() < wanted() {
        scale += 1;
        all = variants(&base, scale);
    }
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    // Two workers: half the variants each.
    let (a, b): (Vec<_>, Vec<_>) = all.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let run = |part: Vec<(usize, &Damage)>| {
        let mut t = Tally::default();
        for (i, d) in part {
            run_variant(&base, &expected, &work, i, d, &mut t);
        }
        t
    };
    let (ta, tb) = std::thread::scope(|s| {
        let other = s.spawn(|| run(b));
        (run(a), other.join().unwrap())
    });
    let failures: Vec<String> = ta.failures.iter().chain(&tb.failures).cloned().collect();
    eprintln!(
        "{} variants, {} runs: {} correct answers, {} clear errors, {} failures",
        ta.variants + tb.variants,
        ta.runs + tb.runs,
        ta.correct + tb.correct,
        ta.clear_errors + tb.clear_errors,
        failures.len()
    );
    assert!(ta.variants + tb.variants >= 300);
    assert!(
        failures.is_empty(),
        "{} failures; the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
