//! Damage as users meet it, through the real binary: a leftover snapshot
//! file, a database rolled back under its seal, a deleted log, a
//! truncated one; `accord recover` on each, and `accord backups`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::store::{Progress, SledStore, Store};
use assert_cmd::Command;

const TODAY: &str = "2026-11-23";

fn accord(db: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_TODAY", TODAY)
        .env("LANG", "en")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = accord(db, args);
    assert!(
        out.status.success(),
        "accord {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(db: &Path, args: &[&str]) -> String {
    let out = accord(db, args);
    assert!(!out.status.success(), "accord {args:?} succeeded");
    String::from_utf8(out.stderr).unwrap()
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                out.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// sled's own files (what a rollback puts back).
fn sled_files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(db)
        .into_iter()
        .filter(|(p, _)| {
            let name = p.strip_prefix(db).unwrap().to_string_lossy().to_string();
            name == "db" || name == "conf" || name.starts_with("snap.") || name.starts_with("blobs")
        })
        .collect()
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("accord.db");
    ok(&db, &["demo"]);
    db
}

/// Leaves the start-up copy current, as the interface does when it closes.
fn remember(db: &Path) {
    let store = SledStore::open(db, Arc::new(FixedClock(TODAY.parse().unwrap()))).unwrap();
    let all = store.read_everything(&Progress::default()).unwrap();
    store.remember_everything(&mut all.iter());
}

fn sound(db: &Path) -> usize {
    let out = ok(db, &["check"]);
    assert!(out.contains("is sound"), "{out}");
    out.split("sound: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn a_leftover_snapshot_file_never_makes_a_sound_database_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    ok(&db, &["list", "due"]);
    let records = sound(&db);
    for leftover in [Vec::new(), b"half a snapshot".to_vec()] {
        std::fs::write(db.join("snap.FFFFFFFFFFFFFFFF.generating"), &leftover).unwrap();
        let out = accord(&db, &["check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("sound: {records} records"))
        );
        // Moved aside with the rest of the files as they were, not deleted.
        assert!(stderr.contains(".kept"), "{stderr}");
        assert!(!db.join("snap.FFFFFFFFFFFFFFFF.generating").exists());
        let kept = accord::store::kept_dir(&db);
        let found = std::fs::read_dir(&kept)
            .unwrap()
            .flatten()
            .any(|d| d.path().join("snap.FFFFFFFFFFFFFFFF.generating").exists());
        assert!(found, "the leftover is not in {}", kept.display());
    }
}

#[test]
fn a_rolled_back_database_is_refused_untouched_and_recovered_from_the_start_up_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let old = sled_files(&db);
    ok(&db, &["done", "T1"]);
    ok(&db, &["snooze", "T2", "1w"]);
    remember(&db);
    let records = sound(&db);
    // sled's files go back to before the two changes; accord's seal and
    // the start-up copy stay (what sled's "damage is the end of the log"
    // does to a database).
    for (p, _) in sled_files(&db) {
        std::fs::remove_file(p).unwrap();
    }
    for (p, b) in &old {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b).unwrap();
    }
    let before = files(&db);
    for cmd in [
        &["check"][..],
        &["list", "due"],
        &["search", "T1"],
        &["export", "--format", "json"],
    ] {
        let err = fails(&db, cmd);
        assert!(err.contains("has lost changes it had saved"), "{err}");
        assert!(err.contains("changes 2 to 3"), "{err}");
        assert!(
            err.contains(&format!("accord recover --db {}", db.display())),
            "{err}"
        );
        assert_eq!(files(&db), before, "{cmd:?} changed the damaged database");
    }
    let target = dir.path().join("rebuilt.db");
    let out = ok(&db, &["recover", "--to", target.to_str().unwrap()]);
    assert!(out.contains("as of change 3"), "{out}");
    assert!(out.contains("start-up copy"), "{out}");
    assert!(out.contains("Nothing acknowledged is missing"), "{out}");
    assert_eq!(files(&db), before, "recover changed the damaged database");
    assert_eq!(sound(&target), records);
    let due = ok(&target, &["list", "due"]);
    assert!(!due.contains(" T1 "), "T1 was done:\n{due}");
}

#[test]
fn a_deleted_log_is_refused_and_recovered_from_the_backup_naming_what_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // The day's backup was written when the demo was loaded.
    let list = ok(&db, &["backups"]);
    assert!(
        list.contains("daily    131 records, up to change 1"),
        "{list}"
    );
    assert!(list.contains("accord restore"), "{list}");
    ok(&db, &["done", "T1"]);
    ok(&db, &["cancel", "T2"]);
    let records = sound(&db);
    std::fs::remove_file(db.join("db")).unwrap();
    let _ = std::fs::remove_file(db.join("records.cache"));
    let before = files(&db);
    let err = fails(&db, &["list", "due"]);
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains("accord recover"), "{err}");
    assert_eq!(files(&db), before);
    let target = dir.path().join("rebuilt.db");
    let out = ok(&db, &["recover", "--to", target.to_str().unwrap()]);
    assert!(out.contains("from the backup"), "{out}");
    assert!(out.contains("as of change 1"), "{out}");
    assert!(out.contains("Lost: changes 2 to 3"), "{out}");
    assert!(out.contains("cancel T2") || out.contains("T2"), "{out}");
    assert_eq!(sound(&target), records);
    assert_eq!(files(&db), before, "recover changed the damaged database");
    // A second recover never writes over the first.
    let again = fails(&db, &["recover", "--to", target.to_str().unwrap()]);
    assert!(again.contains("already exists"), "{again}");
}

#[test]
fn a_truncated_or_zeroed_log_recovers_to_a_sound_database() {
    for damage in ["truncate", "zero"] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo(dir.path());
        ok(&db, &["done", "T1"]);
        remember(&db);
        ok(&db, &["done", "T3"]);
        let mut bytes = std::fs::read(db.join("db")).unwrap();
        match damage {
            "truncate" => bytes.truncate(bytes.len() / 3),
            _ => bytes[4096..16384].fill(0),
        }
        std::fs::write(db.join("db"), &bytes).unwrap();
        let before = files(&db);
        let target = dir.path().join("rebuilt.db");
        let out = ok(&db, &["recover", "--to", target.to_str().unwrap()]);
        assert_eq!(
            files(&db),
            before,
            "{damage}: recover changed the damaged database"
        );
        // Everything up to the start-up copy's change (2) at least is back.
        let n = sound(&target);
        assert!(n >= 130, "{damage}: {n} records\n{out}");
        assert!(
            out.contains("Nothing acknowledged is missing") || out.contains("Lost: changes 3 to 3"),
            "{damage}: {out}"
        );
    }
}
