//! Big history entries (`generate`'s, an import's) are stored apart from
//! the history tree every change writes to; through the real binary, every
//! way history is read sees them whole: `history`, a record's history,
//! `undo`, `check`, a backup and its restore.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-23";

fn accord(db: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("accord")
        .unwrap()
        .env("ACCORD_TODAY", TODAY)
        .env("LANG", "en")
        .env("USER", "lina")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "accord {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn history(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["history", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    serde_json::from_str(&accord(db, &all)).unwrap()
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

/// How many history entries are stored as stubs, and how many changes
/// apart, read with sled from a copy of the database (the binary has
/// closed it; the copy keeps the original as accord left it).
fn stored_apart(db: &Path, scratch: &Path) -> (usize, usize) {
    let copy: PathBuf = scratch.join("copy");
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(db, &copy);
    let sled = sled::open(&copy).unwrap();
    let history = sled.open_tree("history").unwrap();
    let stubs = history
        .iter()
        .values()
        .filter(|v| v.as_ref().unwrap().first() == Some(&1))
        .count();
    let apart = sled.open_tree("history_apart").unwrap().len();
    // Every value left in the history tree is small.
    for v in history.iter().values() {
        assert!(v.unwrap().len() <= 256 << 10);
    }
    (stubs, apart)
}

#[test]
fn big_entries_stored_apart_read_whole_through_history_undo_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    accord(&db, &["generate", "--records", "3000", "--seed", "1"]);
    let generated = history(&db, &[]);
    let biggest = generated
        .iter()
        .map(|e| e["changes"].as_array().unwrap().len())
        .max()
        .unwrap();
    assert!(biggest > 1000, "{biggest}");
    let (stubs, apart) = stored_apart(&db, dir.path());
    assert!(stubs >= 1, "no entry stored apart");
    assert!(apart >= 1);

    // A small change after them, then a record's own history.
    accord(
        &db,
        &[
            "add",
            "institution",
            "--name",
            "en:Astana Clinic",
            "--country",
            "KZ",
        ],
    );
    let after = history(&db, &[]);
    assert_eq!(after.len(), generated.len() + 1);
    assert_eq!(after[1..], generated[..]);
    let first = &generated.last().unwrap()["changes"][0];
    let id = first["id"].as_str().unwrap();
    let own = history(&db, &[id]);
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["changes"].as_array().unwrap().len(), 1);
    assert_eq!(&own[0]["changes"][0], first);
    assert_eq!(own[0]["summary"], generated.last().unwrap()["summary"]);

    // Undo twice: the small change, then the newest big one.
    accord(&db, &["undo"]);
    accord(&db, &["undo"]);
    let undone = history(&db, &[]);
    assert_eq!(undone.len(), generated.len() + 3);
    assert_eq!(undone[0]["undoes"], generated[0]["seq"]);
    assert_eq!(
        undone[0]["changes"].as_array().unwrap().len(),
        generated[0]["changes"].as_array().unwrap().len()
    );
    let top = undone
        .iter()
        .find(|e| e["seq"] == generated[0]["seq"])
        .unwrap();
    assert_eq!(top["undone_by"], undone[0]["seq"]);
    assert_eq!(top["changes"], generated[0]["changes"]);
    accord(&db, &["check"]);

    // A backup and its restore into a new database read the same.
    let backup = dir.path().join("backup.json");
    accord(&db, &["backup", backup.to_str().unwrap()]);
    let restored = dir.path().join("restored");
    accord(&restored, &["restore", backup.to_str().unwrap()]);
    assert_eq!(history(&restored, &[]), undone);
    assert_eq!(history(&restored, &[id]), history(&db, &[id]));
    accord(&restored, &["check"]);
    let (stubs_after, _) = stored_apart(&restored, dir.path());
    assert!(stubs_after > stubs);
    // And a backup of the restored database is the same backup.
    let again = dir.path().join("again.json");
    accord(&restored, &["backup", again.to_str().unwrap()]);
    let read = |p: &Path| -> Value {
        let mut v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        v["exported_at"] = Value::Null;
        v
    };
    assert_eq!(read(&again), read(&backup));
}
