//! The search cache beside the database: used when current, caught up
//! from the history when behind, rebuilt when it cannot be trusted, and
//! never the cause of an error.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::demo::load_demo;
use accord::model::*;
use accord::search::cache::{self, CACHE_FILE};
use accord::search::{Origin, Rebuilt, SearchIndex, SearchOptions};
use accord::store::{ChangeSet, Edit, SledStore, Store, Version};
use assert_cmd::Command;
use chrono::NaiveDate;
use predicates::str::contains;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open(path: &Path) -> SledStore {
    SledStore::open(path, Arc::new(FixedClock(today()))).unwrap()
}

/// A database with the demo data in a temporary directory.
fn demo() -> (tempfile::TempDir, PathBuf, SledStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let store = open(&path);
    load_demo(&store, today()).unwrap();
    (dir, path, store)
}

const QUERIES: &[&str] = &[
    "shougang",
    "sgyy",
    "kazakh",
    "mongolia cancer",
    "назарбаев",
    "aliya",
    "astana",
    "oncology",
    "Registry",
    "zhang",
    "",
];

/// The index `cache::load` gives finds what a fresh one finds.
fn assert_current(store: &SledStore, index: &SearchIndex) {
    let fresh = SearchIndex::from_store(store).unwrap();
    assert_eq!(index.len(), fresh.len());
    for o in [SearchOptions::default(), SearchOptions::typing(5)] {
        for q in QUERIES {
            assert_eq!(index.search(q, &o), fresh.search(q, &o), "{q:?}");
        }
    }
}

fn kazakh_hospital(name: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, 0),
        names: vec![Name::new(name, "ru")],
        short_name: String::new(),
        country: "KZ".into(),
        city: "Astana".into(),
        kind: InstitutionKind::Hospital,
        tags: Vec::new(),
        website: String::new(),
        home: false,
    })
}

#[test]
fn the_first_load_builds_and_saves_then_the_file_is_used() {
    let (_dir, path, store) = demo();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::Built(Rebuilt::Missing));
    assert!(path.join(CACHE_FILE).exists());
    assert_current(&store, &index);
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::Saved);
    assert_current(&store, &index);
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_stale_cache_catches_up_with_creates_updates_deletes_and_undo() {
    let (_dir, _path, store) = demo();
    cache::load(&store).unwrap();
    // Create.
    let new = store
        .apply(ChangeSet::one(
            "add",
            Edit::Create(kazakh_hospital("Астанинская городская больница")),
        ))
        .unwrap()
        .ids[0];
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::CaughtUp(1));
    assert_eq!(
        index.search("astaninskaya", &SearchOptions::default()).hits[0].id,
        new
    );
    assert_current(&store, &index);
    // Update: a renamed institution, and what its partnerships are found by.
    let Some(Record::Institution(mut i1)) = store.get(Id::new(Kind::Institution, 2)).unwrap()
    else {
        panic!("the demo has I2")
    };
    i1.names
        .insert(0, Name::new("Registry Hospital of Aliya", "en"));
    store
        .apply(ChangeSet::one(
            "rename",
            Edit::Update(Record::Institution(i1)),
        ))
        .unwrap();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::CaughtUp(2));
    assert_current(&store, &index);
    // Delete, then undo the delete.
    store
        .apply(ChangeSet::one("delete", Edit::Delete(new)))
        .unwrap();
    let (index, _) = cache::load(&store).unwrap();
    assert!(!index.contains(new));
    assert_current(&store, &index);
    store.undo("undo: ").unwrap();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::CaughtUp(4));
    assert!(index.contains(new));
    assert_current(&store, &index);
    // This undoes the rename.
    store.undo("undo: ").unwrap();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::CaughtUp(5));
    let renamed = index.search("registry hospital aliya", &SearchOptions::default());
    assert!(renamed.hits.iter().all(|h| h.id.kind != Kind::Institution));
    assert_current(&store, &index);
    // Catching up is cheap, writing the file is not: it is written again
    // only once more than 28 changes behind.
    assert_eq!(cache::load(&store).unwrap().1, Origin::CaughtUp(5));
    for n in 0..24 {
        let name = format!("Больница № {n}");
        store
            .apply(ChangeSet::one("add", Edit::Create(kazakh_hospital(&name))))
            .unwrap();
    }
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::CaughtUp(29));
    assert_current(&store, &index);
    assert_eq!(cache::load(&store).unwrap().1, Origin::Saved);
}

#[test]
fn a_damaged_or_truncated_cache_is_rebuilt_silently() {
    let (_dir, path, store) = demo();
    cache::load(&store).unwrap();
    let file = path.join(CACHE_FILE);
    let good = std::fs::read(&file).unwrap();
    let damage: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("header only", good[..64].to_vec()),
        ("flipped", {
            let mut b = good.clone();
            let at = b.len() * 2 / 3;
            b[at] ^= 0x40;
            b
        }),
        ("longer", [&good[..], b"more"].concat()),
        ("text", b"not an index at all\n".repeat(50)),
    ];
    for (what, bytes) in damage {
        std::fs::write(&file, &bytes).unwrap();
        let (index, origin) = cache::load(&store).unwrap();
        assert_eq!(origin, Origin::Built(Rebuilt::Damaged), "{what}");
        assert_current(&store, &index);
        assert_eq!(cache::load(&store).unwrap().1, Origin::Saved, "{what}");
    }
    // A directory where the file should be is not an error either.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let (index, _) = cache::load(&store).unwrap();
    assert_current(&store, &index);
}

#[test]
fn a_restored_database_is_not_served_from_the_old_cache() {
    let (_dir, _path, store) = demo();
    let backup = store.snapshot().unwrap();
    store
        .apply(ChangeSet::one(
            "add",
            Edit::Create(kazakh_hospital("Карагандинская областная больница")),
        ))
        .unwrap();
    // Saved after the change, at the same sequence number the restore
    // ends at once another change is made.
    cache::load(&store).unwrap();
    store.restore(&backup, true).unwrap();
    store
        .apply(ChangeSet::one(
            "add",
            Edit::Create(kazakh_hospital("Павлодарская областная больница")),
        ))
        .unwrap();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::Built(Rebuilt::OtherDatabase));
    let o = SearchOptions::default();
    assert_eq!(index.search("karagandinskaya", &o).total, 0);
    assert_eq!(index.search("pavlodarskaya", &o).total, 1);
    assert_current(&store, &index);
}

#[test]
fn a_cache_ahead_of_the_store_or_far_behind_is_rebuilt() {
    let (_dir, path, store) = demo();
    let now = store.version().unwrap();
    let index = SearchIndex::from_store(&store).unwrap();
    let ahead = Version {
        seq: now.seq + 3,
        ..now
    };
    cache::write(&path, &index, ahead).unwrap();
    assert_eq!(
        cache::load(&store).unwrap().1,
        Origin::Built(Rebuilt::Ahead)
    );
    // Far behind: more changed records than it is worth applying.
    let mut change = ChangeSet::new("many");
    for n in 0..400 {
        change.push(Edit::Create(kazakh_hospital(&format!("Больница № {n}"))));
    }
    store.apply(change).unwrap();
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::Built(Rebuilt::FarBehind));
    assert_current(&store, &index);
}

#[test]
fn a_store_without_a_directory_builds_every_time() {
    let store = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    load_demo(&store, today()).unwrap();
    assert_eq!(store.directory(), None);
    let (index, origin) = cache::load(&store).unwrap();
    assert_eq!(origin, Origin::Built(Rebuilt::Missing));
    assert_current(&store, &index);
}

fn accord(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("LANG", "C")
        .arg("--db")
        .arg(db)
        .args(args);
    c
}

fn search_json(db: &Path, q: &str) -> String {
    let out = accord(db, &["search", q, "--json", "--limit", "50"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_command_line_search_keeps_the_cache_current() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accord.db");
    accord(&db, &["demo"]).assert().success();
    let backup = dir.path().join("backup.json");
    accord(&db, &["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    let before = search_json(&db, "shougang");
    assert!(db.join(CACHE_FILE).exists());
    assert_eq!(search_json(&db, "shougang"), before);

    accord(
        &db,
        &[
            "add",
            "institution",
            "--name",
            "ru:Шымкентская городская больница",
            "--country",
            "KZ",
        ],
    )
    .assert()
    .success();
    accord(&db, &["search", "shymkentskaya"])
        .assert()
        .success()
        .stdout(contains("Шымкентская городская больница"));

    // A damaged file gives the same answers.
    let file = db.join(CACHE_FILE);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 3]).unwrap();
    let after = search_json(&db, "shougang");
    assert_eq!(after, before);
    accord(&db, &["search", "shymkentskaya"])
        .assert()
        .success()
        .stdout(contains("Шымкентская городская больница"));
    // So does a deleted one.
    std::fs::remove_file(&file).unwrap();
    assert_eq!(search_json(&db, "shougang"), before);

    // After a restore, the restored records are searched.
    accord(&db, &["restore", "--force", backup.to_str().unwrap()])
        .assert()
        .success();
    accord(&db, &["search", "shymkentskaya"])
        .assert()
        .success()
        .stdout(contains("Nothing matches"));
    assert_eq!(search_json(&db, "shougang"), before);
}

/// A command reading the cache ahead catches it up from the changes kept
/// beside a closed database, without opening it, and the store then takes
/// the index as caught up by that many changes (so the file is still
/// written again once more than 28 behind).
#[test]
fn a_cache_behind_a_closed_database_catches_up_without_opening_it() {
    let (_dir, path, store) = demo();
    cache::load(&store).unwrap();
    let mut added = Vec::new();
    for name in ["Астанинская городская больница", "Карагандинская больница"]
    {
        let change = ChangeSet::one("add", Edit::Create(kazakh_hospital(name)));
        added.push(store.apply(change).unwrap().ids[0]);
    }
    store
        .apply(ChangeSet::one("delete", Edit::Delete(added[1])))
        .unwrap();
    let now = store.version().unwrap();
    drop(store);
    assert_eq!(accord::store::quiet::current_version(&path), Some(now));
    let mut saved = cache::read(&path).ok().unwrap();
    assert_eq!(saved.version.seq + 3, now.seq);
    assert!(cache::catch_up_quietly(&path, &mut saved, now));
    assert_eq!((saved.version, saved.caught_up), (now, 3));
    let store = open(&path);
    assert_current(&store, &saved.index);
    assert!(saved.index.contains(added[0]) && !saved.index.contains(added[1]));
    let loaded = cache::bring_up_to_date(&store, Ok(saved)).unwrap();
    assert_eq!(
        (loaded.origin, loaded.version()),
        (Origin::CaughtUp(3), now)
    );
    assert_current(&store, &loaded.index);
    // One the history beside the database no longer reaches is left to
    // the store (here: one of another database).
    let mut other = cache::read(&path).ok().unwrap();
    let elsewhere = Version {
        instance: now.instance + 1,
        ..now
    };
    assert!(!cache::catch_up_quietly(&path, &mut other, elsewhere));
    assert_eq!(other.caught_up, 0);
}
