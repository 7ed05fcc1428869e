//! Opening a database that is locked, damaged, newer, not ours — and the
//! fixture written by this schema version.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::model::{Id, Kind, Record};
use accord::store::{SledStore, Store, StoreError};
use assert_cmd::Command;
use predicates::str::contains;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock("2026-11-23".parse().unwrap()))
}

fn accord(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .arg("--db")
        .arg(db)
        .args(args);
    c
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

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db")
}

/// A fresh copy of the committed fixture database (sled writes to what it opens).
fn fixture_copy(dir: &Path) -> PathBuf {
    let db = dir.join("fixture.db");
    copy_dir(&fixture(), &db);
    std::fs::create_dir_all(db.join("blobs")).unwrap();
    db
}

#[test]
fn the_fixture_written_by_schema_1_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&fixture_copy(dir.path()), clock()).unwrap();
    assert!(store.check().unwrap().is_empty());
    let Some(Record::Institution(i)) = store.get(Id::new(Kind::Institution, 1)).unwrap() else {
        panic!()
    };
    assert_eq!(i.names[0].text, "北京大学首钢医院");
    assert!(i.home);
    let Some(Record::Agreement(a)) = store.get(Id::new(Kind::Agreement, 1)).unwrap() else {
        panic!()
    };
    assert_eq!(a.expires, "2028-10-31".parse().ok());
    assert_eq!(a.scope, ["research cooperation", "continuing education"]);
    assert_eq!(store.history(None, 100).unwrap().len(), 10);
    // New ids continue after the fixture's.
    assert_eq!(
        store.next_id(Kind::Action).unwrap(),
        Id::new(Kind::Action, 2)
    );
}

#[test]
fn the_fixture_backup_restores_to_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let original = SledStore::open(&fixture_copy(dir.path()), clock()).unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1-backup.json"),
    )
    .unwrap();
    let snap: accord::store::Snapshot = serde_json::from_str(&text).unwrap();
    let restored = SledStore::temporary(clock()).unwrap();
    restored.restore(&snap, false).unwrap();
    for k in Kind::ALL {
        assert_eq!(original.list(k).unwrap(), restored.list(k).unwrap());
    }
}

#[test]
fn a_database_open_in_another_process_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.db");
    let _held = SledStore::open(&db, clock()).unwrap();
    accord(&db, &["list", "due"])
        .assert()
        .failure()
        .stderr(contains(format!(
            "the database at {} is already open in another accord process",
            db.display()
        )));
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.db");
    {
        let raw = sled::open(&db).unwrap();
        raw.open_tree("meta")
            .unwrap()
            .insert("schema_version", &99u32.to_be_bytes())
            .unwrap();
        raw.flush().unwrap();
    }
    accord(&db, &["check"]).assert().failure().stderr(contains(
        "was written by a newer accord (schema 99; this accord reads up to schema 2)",
    ));
    match SledStore::open(&db, clock()) {
        Err(StoreError::Newer { found: 99, .. }) => {}
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn a_directory_of_other_files_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), b"precious").unwrap();
    accord(dir.path(), &["check"])
        .assert()
        .failure()
        .stderr(contains("is not an accord database"));
    assert_eq!(
        std::fs::read(dir.path().join("thesis.docx")).unwrap(),
        b"precious"
    );
    let file = dir.path().join("thesis.docx");
    accord(&file, &["check"])
        .assert()
        .failure()
        .stderr(contains("is not an accord database"));
}

/// Truncated and byte-flipped copies: a clear error naming the path, or a
/// clean recovery that `check` accepts — never a panic, never an empty
/// database passed off as the real one.
#[test]
fn damaged_databases_fail_clearly_or_recover_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_copy(dir.path());
    let len = std::fs::metadata(source.join("db")).unwrap().len();
    type Damage = Box<dyn Fn(&mut Vec<u8>)>;
    let mut damages: Vec<(String, Damage)> = Vec::new();
    for cut in [0, 1, 16, 100, 1000, len / 4, len / 2, len - 100, len - 1] {
        damages.push((
            format!("truncated to {cut}"),
            Box::new(move |b: &mut Vec<u8>| b.truncate(cut as usize)),
        ));
    }
    for at in [
        0usize,
        4,
        8,
        20,
        64,
        200,
        1000,
        4096,
        10_000,
        40_000,
        (len / 2) as usize,
        (len - 2) as usize,
    ] {
        damages.push((
            format!("byte {at} flipped"),
            Box::new(move |b: &mut Vec<u8>| {
                if let Some(x) = b.get_mut(at) {
                    *x ^= 0xff;
                }
            }),
        ));
    }
    let (mut clear_errors, mut recoveries) = (0, 0);
    for (i, (what, damage)) in damages.iter().enumerate() {
        let db = dir.path().join(format!("damaged-{i}.db"));
        copy_dir(&source, &db);
        let mut bytes = std::fs::read(db.join("db")).unwrap();
        damage(&mut bytes);
        std::fs::write(db.join("db"), &bytes).unwrap();
        let out = accord(&db, &["check"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        assert!(
            out.status.code().is_some_and(|c| c != 101),
            "{what}: the process crashed: {stderr}"
        );
        if out.status.success() {
            recoveries += 1;
            assert!(stdout.contains("no problems"), "{what}: {stdout}");
            assert!(
                !stdout.contains(" 0 records"),
                "{what}: the data was silently emptied: {stdout}"
            );
        } else {
            clear_errors += 1;
            assert!(
                stderr.contains(&db.display().to_string()),
                "{what}: the message does not name the path: {stderr}"
            );
            assert!(
                stderr.contains("damaged")
                    || stderr.contains("problems found")
                    || stderr.contains("not an accord database"),
                "{what}: {stderr}"
            );
            // The damaged file is left for recovery, never replaced by an empty database.
            let now = std::fs::metadata(db.join("db"))
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(
                now >= bytes.len() as u64,
                "{what}: the file shrank from {} to {now} bytes",
                bytes.len()
            );
        }
    }
    assert!(clear_errors > 0, "no damage was detected at all");
    eprintln!("{clear_errors} clear errors, {recoveries} clean recoveries");
}
