//! `accord list due` over a cleanly closed database answers from its due
//! copy (`due.cache`): without opening sled or decoding the start-up copy,
//! and printing exactly what it printed before, for every filter. A copy
//! that is missing, damaged or behind is not used.

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

    fn cmd(&self, today: &str, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("accord").unwrap();
        c.env("ACCORD_TODAY", today)
            .env_remove("ACCORD_DB")
            .env("LANG", "C")
            .env("USER", "Zhao Min")
            .arg("--db")
            .arg(self.path())
            .args(args);
        c
    }

    fn out_on(&self, today: &str, args: &[&str]) -> String {
        let out = self.cmd(today, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args.first() == Some(&"list") {
            assert!(
                out.stderr.is_empty(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8(out.stdout).unwrap()
    }

    fn out(&self, args: &[&str]) -> String {
        self.out_on("2026-11-23", args)
    }

    fn due_copy(&self) -> PathBuf {
        self.path().join("due.cache")
    }

    fn start_up_copy(&self) -> PathBuf {
        self.path().join("records.cache")
    }
}

/// A database made by `args`, closed cleanly, its copies written.
fn made_by(args: &[&str]) -> Db {
    let db = Db {
        dir: tempfile::tempdir().unwrap(),
    };
    db.out(args);
    db.out(&["--first-frame"]);
    assert!(db.start_up_copy().exists());
    assert!(db.due_copy().exists(), "no due copy written");
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

fn listings() -> Vec<Vec<&'static str>> {
    let due = |more: &[&'static str]| {
        let mut v = vec!["list", "due"];
        v.extend_from_slice(more);
        v
    };
    vec![
        due(&[]),
        due(&["--overdue"]),
        due(&["--json"]),
        due(&["--overdue", "--json"]),
        due(&["--within", "7d"]),
        due(&["--within", "1m", "--json"]),
        due(&["--overdue", "--within", "2w"]),
        due(&["--mine"]),
        due(&["--owner", "zhao min", "--overdue"]),
        due(&["--status", "open"]),
        due(&["--status", "renewal_notice", "--json"]),
        due(&["--country", "KZ"]),
        due(&["--overdue", "--country", "MN", "--json"]),
    ]
}

/// Every listing on two days, as the database answers now.
fn answers(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for day in ["2026-11-23", "2027-03-02"] {
        for args in listings() {
            out.push(db.out_on(day, &args));
        }
    }
    out
}

/// The same listings with the due copy, without it (sled answers), and
/// with only the start-up copy (which writes the due copy again).
fn the_copy_answers_as_before(db: &Db) {
    let sled_before = sled_files(&db.path());
    let copy_before = std::fs::read(db.due_copy()).unwrap();
    let with_copy = answers(db);
    assert_eq!(sled_files(&db.path()), sled_before, "sled was opened");
    assert!(
        std::fs::read(db.due_copy()).unwrap() == copy_before,
        "the due copy changed"
    );
    assert!(with_copy.iter().filter(|o| o.lines().count() > 2).count() > 10);
    // The start-up copy is not needed (but for the countries of the
    // records): damaged, it changes nothing.
    let start_up = std::fs::read(db.start_up_copy()).unwrap();
    std::fs::write(db.start_up_copy(), b"damaged").unwrap();
    for (args, expected) in listings().iter().zip(&with_copy) {
        if !args.contains(&"--country") {
            assert_eq!(
                &db.out(args),
                expected,
                "{args:?} without the start-up copy"
            );
        }
    }
    assert_eq!(sled_files(&db.path()), sled_before, "sled was opened");

    // Without either copy sled answers, and writes both again.
    std::fs::remove_file(db.start_up_copy()).unwrap();
    std::fs::remove_file(db.due_copy()).unwrap();
    for (args, expected) in listings().iter().zip(&with_copy) {
        assert_eq!(&db.out(args), expected, "{args:?} from sled");
        std::fs::remove_file(db.start_up_copy()).unwrap();
        std::fs::remove_file(db.due_copy()).unwrap();
    }
    std::fs::write(db.start_up_copy(), &start_up).unwrap();
    let sled_before = sled_files(&db.path());
    // Only the start-up copy: the queue comes from it, and the due copy
    // is written again for the next.
    assert_eq!(answers(db), with_copy, "from the start-up copy");
    assert!(
        std::fs::read(db.due_copy()).unwrap() == copy_before,
        "the due copy changed"
    );
    assert_eq!(answers(db), with_copy);
    assert_eq!(sled_files(&db.path()), sled_before, "sled was opened");
}

#[test]
fn the_demo_queue_is_listed_from_the_copy_as_before() {
    the_copy_answers_as_before(&made_by(&["demo"]));
}

#[test]
fn a_generated_queue_of_many_blocks_is_listed_from_the_copy_as_before() {
    let db = made_by(&["generate", "--records", "15000", "--seed", "3"]);
    let all = db.out(&["list", "due"]);
    assert!(all.lines().count() > 4096 + 2, "one block only");
    the_copy_answers_as_before(&db);
}

#[test]
fn a_damaged_copy_is_not_used() {
    let db = made_by(&["demo"]);
    let expected = db.out(&["list", "due", "--overdue"]);
    let good = std::fs::read(db.due_copy()).unwrap();
    // A row's text changed and its checksum not: refused.
    let mut bad = good.clone();
    let at = good.len() - 3;
    bad[at] ^= 0x20;
    std::fs::write(db.due_copy(), &bad).unwrap();
    let sled_before = sled_files(&db.path());
    assert_eq!(db.out(&["list", "due", "--overdue"]), expected);
    // The start-up copy answered (sled stays closed) and the due copy was
    // written again.
    assert_eq!(sled_files(&db.path()), sled_before);
    assert!(
        std::fs::read(db.due_copy()).unwrap() == good,
        "not written again"
    );
}

#[test]
fn a_change_made_since_is_listed() {
    let db = made_by(&["demo"]);
    let due = db.out(&["list", "due", "--json"]);
    assert!(due.contains("\"T1\""), "{due}");
    let copy_before = std::fs::read(db.due_copy()).unwrap();
    db.out(&["done", "T1"]);
    let due = db.out(&["list", "due", "--json"]);
    assert!(!due.contains("\"T1\""), "{due}");
    // Written again for the change, and used from then on.
    assert!(
        std::fs::read(db.due_copy()).unwrap() != copy_before,
        "not written again"
    );
    let sled_before = sled_files(&db.path());
    assert_eq!(db.out(&["list", "due", "--json"]), due);
    assert_eq!(sled_files(&db.path()), sled_before);
}
