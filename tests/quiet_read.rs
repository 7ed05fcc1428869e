//! Read-only commands over a cleanly closed database answer from its
//! start-up copy without opening sled (which rewrites its files when it
//! opens), and answer exactly as sled would; a change made since is seen.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

struct Db {
    dir: TempDir,
}

impl Db {
    fn path(&self) -> PathBuf {
        self.dir.path().join("accord.db")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", "2026-11-23")
            .env_remove("ACCORD_DB")
            .env("LANG", "C")
            .arg("--db")
            .arg(self.path())
            .args(args);
        c
    }

    fn out(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The demo database, closed cleanly, with its start-up copy written (the
/// interface's first start writes it).
fn demo() -> Db {
    let db = Db {
        dir: tempfile::tempdir().unwrap(),
    };
    db.out(&["demo"]);
    db.out(&["--first-frame"]);
    assert!(db.path().join("records.cache").exists());
    db
}

/// sled's files as they are: names, sizes, modification times, inodes.
fn sled_files(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n == "db" || n == "conf" || n.starts_with("snap.") || n == "accord.closed"
        })
        .map(|e| {
            let m = e.metadata().unwrap();
            format!(
                "{:?} {} {} {}.{}",
                e.file_name(),
                m.ino(),
                m.len(),
                m.mtime(),
                m.mtime_nsec()
            )
        })
        .collect();
    out.sort();
    out
}

const READS: &[&[&str]] = &[
    &["list", "due"],
    &["list", "due", "--overdue", "--json"],
    &["list", "actions", "--json"],
    &["list", "partnerships"],
    &["list", "agreements", "--country", "KZ"],
    &["list", "due", "--within", "30d", "--country", "MN"],
    &["search", "cancer", "--json"],
];

#[test]
fn read_only_commands_leave_sled_closed_and_answer_as_it_does() {
    let db = demo();
    let before = sled_files(&db.path());
    let quiet: Vec<String> = READS.iter().map(|a| db.out(a)).collect();
    assert_eq!(sled_files(&db.path()), before, "sled's files were touched");
    db.out(&["--first-frame"]);
    assert_eq!(sled_files(&db.path()), before, "sled's files were touched");
    // Without the copy, sled answers.
    std::fs::remove_file(db.path().join("records.cache")).unwrap();
    for (args, expected) in READS.iter().zip(&quiet) {
        assert_eq!(&db.out(args), expected, "{args:?}");
    }
    assert_ne!(sled_files(&db.path()), before);
    // `show` reads history, which only sled has: it opens sled at once.
    assert!(db.out(&["show", "P1"]).contains("P1"));
}

#[test]
fn a_change_made_since_is_seen() {
    let db = demo();
    let due = db.out(&["list", "due", "--json"]);
    assert!(due.contains("\"T1\""), "{due}");
    db.out(&["done", "T1"]);
    let due = db.out(&["list", "due", "--json"]);
    assert!(!due.contains("\"T1\""), "{due}");
    // That read opened sled (the copy was behind) and brought the copy up
    // to date: the next reads are quiet again and see the change.
    let before = sled_files(&db.path());
    let first = db.out(&["list", "actions", "--json"]);
    assert!(first.contains("\"done\""));
    assert_eq!(db.out(&["list", "actions", "--json"]), first);
    assert!(!db.out(&["list", "due", "--json"]).contains("\"T1\""));
    assert_eq!(sled_files(&db.path()), before);
}
