//! `accord import` from the command line: dry run, all or nothing, undo,
//! idempotence, JSON restore.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn accord(db: &Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("LANG", "C")
        // Full lists of long reports go to the test's own directory.
        .env("TMPDIR", db.parent().unwrap_or(db))
        .arg("--db")
        .arg(db);
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    accord(&dir.path().join("db"))
        .arg("demo")
        .assert()
        .success();
    dir
}

fn count(db: &Path, what: &str) -> usize {
    let out = accord(db).args(["list", what, "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().len()
}

#[test]
fn a_dry_run_lists_what_would_happen_and_writes_nothing() {
    let dir = demo();
    let db = dir.path().join("db");
    let before = count(&db, "agreements");
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(fixture("agreements_zh.csv"))
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "Would create A10 Oncology referral addendum (agreements_zh.csv row 2)",
        ))
        .stdout(predicate::str::contains(
            "Rejected agreements_zh.csv row 5, column 签署日期: '03/04/2025' is ambiguous",
        ))
        .stdout(predicate::str::contains("Nothing was written"))
        .stderr(predicate::str::contains("4 rows of"));
    assert_eq!(count(&db, "agreements"), before);
}

#[test]
fn rejected_rows_stop_the_import_until_skipped_and_undo_removes_it() {
    let dir = demo();
    let db = dir.path().join("db");
    let before = count(&db, "agreements");
    accord(&db)
        .arg("import")
        .arg(fixture("agreements_zh.csv"))
        .assert()
        .failure()
        .stdout(predicate::str::contains("Nothing was imported"));
    assert_eq!(count(&db, "agreements"), before, "all or nothing");
    accord(&db)
        .arg("import")
        .arg(fixture("agreements_zh.csv"))
        .args(["--date-order", "dmy", "--skip-rejected"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported"))
        .stdout(predicate::str::contains("accord undo"));
    assert_eq!(count(&db, "agreements"), before + 3);
    accord(&db)
        .arg("import")
        .arg(fixture("agreements_zh.csv"))
        .args(["--date-order", "dmy", "--skip-rejected"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to import"))
        .stdout(predicate::str::contains("3 unchanged"));
    accord(&db)
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "import agreements_zh.csv: 3 created",
        ));
    accord(&db).arg("undo").assert().success();
    assert_eq!(count(&db, "agreements"), before);
}

#[test]
fn an_export_directory_and_a_json_export_move_into_a_new_database() {
    let dir = demo();
    let db = dir.path().join("db");
    let csv = dir.path().join("csv");
    accord(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&csv)
        .assert()
        .success();
    let json = dir.path().join("all.json");
    accord(&db)
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .assert()
        .success();

    let fresh = dir.path().join("fresh");
    accord(&fresh)
        .arg("import")
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("131 created"));
    let a = accord(&db)
        .args(["list", "agreements", "--json"])
        .output()
        .unwrap()
        .stdout;
    let b = accord(&fresh)
        .args(["list", "agreements", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(a, b);

    let restored = dir.path().join("restored");
    accord(&restored)
        .arg("import")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Restored 131 records and 1 changes",
        ));
    accord(&restored).arg("check").assert().success();
    accord(&db)
        .arg("import")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("131 unchanged"));
}

#[test]
fn bad_options_and_files_are_explained() {
    let dir = demo();
    let db = dir.path().join("db");
    accord(&db)
        .args(["import", "nowhere.csv"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("nowhere.csv").and(predicate::str::contains("no such file")),
        );
    accord(&db)
        .arg("import")
        .arg(fixture("actions_en.csv"))
        .args(["--map", "oops"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--map: 'oops' is not COLUMN=FIELD",
        ));
    let odd = dir.path().join("list.csv");
    std::fs::write(&odd, "colour,size\nblue,3\n").unwrap();
    accord(&db)
        .arg("import")
        .arg(&odd)
        .assert()
        .failure()
        .stderr(predicate::str::contains("give --entity"));
    accord(&db)
        .arg("import")
        .arg(fixture("institutions_invalid_utf8.csv"))
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "row 3, column city: the text is not valid UTF-8",
        ));
}

/// More than 1000 rows take the store's batched path: still one change,
/// one undo, a sound database, and nothing twice on a second import.
#[test]
fn a_big_import_is_one_change_that_one_undo_removes() {
    let dir = demo();
    let db = dir.path().join("db");
    let institutions = count(&db, "institutions");
    let partnerships = count(&db, "partnerships");
    let mut inst = String::from("name,country,city,type\n");
    let mut part = String::from("title,partner_names,status\n");
    for n in 1..=800 {
        inst.push_str(&format!("Hospital number {n},MN,Darkhan,hospital\n"));
        part.push_str(&format!(
            "Exchange programme {n},Hospital number {n},active\n"
        ));
    }
    let files = dir.path().join("big");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("institutions.csv"), inst).unwrap();
    std::fs::write(files.join("partnerships.csv"), part).unwrap();

    accord(&db)
        .arg("import")
        .arg(&files)
        .assert()
        .success()
        .stdout(predicate::str::contains("1600 created, 0 updated"));
    assert_eq!(count(&db, "institutions"), institutions + 800);
    assert_eq!(count(&db, "partnerships"), partnerships + 800);
    accord(&db).arg("check").assert().success();
    let list = |what: &str| -> Vec<serde_json::Value> {
        let out = accord(&db).args(["list", what, "--json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let find = |records: &[serde_json::Value], title: &str| {
        records
            .iter()
            .find(|r| r["title"] == title)
            .cloned()
            .unwrap()
    };
    let hospital = find(&list("institutions"), "Hospital number 800");
    let programme = find(&list("partnerships"), "Exchange programme 800");
    assert_eq!(programme["partners"], serde_json::json!([hospital["id"]]));
    accord(&db)
        .arg("import")
        .arg(&files)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 created, 0 updated, 1600 unchanged",
        ));

    accord(&db)
        .arg("undo")
        .assert()
        .success()
        .stdout(predicate::str::contains("import big"));
    assert_eq!(count(&db, "institutions"), institutions);
    assert_eq!(count(&db, "partnerships"), partnerships);
    accord(&db).arg("check").assert().success();
}
