//! `accord export` from the command line, at a fixed day, on the demo data.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn accord(db: &Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("LANG", "C")
        .arg("--db")
        .arg(db);
    c
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    accord(&dir.path().join("db"))
        .arg("demo")
        .assert()
        .success();
    dir
}

#[test]
fn markdown_goes_to_stdout_in_the_chosen_language() {
    let dir = demo();
    let db = dir.path().join("db");
    accord(&db)
        .args(["export", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Peking University Shougang Hospital · status summary — 2026-11-23",
        ))
        .stdout(predicate::str::contains(
            "## P3 Oncology cooperation with Mongolia and Kazakhstan",
        ));
    accord(&db)
        .args([
            "--lang",
            "zh",
            "export",
            "--format",
            "md",
            "--partnership",
            "P3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# 北京大学首钢医院 · 合作状态摘要 — 2026-11-23",
        ))
        .stdout(predicate::str::contains("## P3 "))
        .stdout(predicate::str::contains("## P1 ").not());
}

#[test]
fn scopes_and_windows_narrow_the_export() {
    let dir = demo();
    let db = dir.path().join("db");
    let out = accord(&db)
        .args([
            "export",
            "--format",
            "csv",
            "--entity",
            "actions",
            "--owner",
            "wang jun",
            "--from",
            "2026-11-01",
            "--to",
            "+2w",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty(), "{csv}");
    for r in &rows {
        assert!(r.contains("Wang Jun"), "{r}");
        let due = r.split(',').nth(5).unwrap();
        assert!(("2026-11-01".."2026-12-08").contains(&due), "{r}");
    }
    accord(&db)
        .args(["export", "--format", "ics", "--country", "MN"])
        .assert()
        .success()
        .stdout(predicate::str::contains("BEGIN:VCALENDAR\r\n"))
        .stdout(predicate::str::contains("UID:T17@accord"));
}

#[test]
fn files_and_directories_are_written() {
    let dir = demo();
    let db = dir.path().join("db");
    let xlsx = dir.path().join("accord.xlsx");
    accord(&db)
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&xlsx)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let csv_dir = dir.path().join("csv");
    accord(&db)
        .args(["export", "--format", "csv", "--output"])
        .arg(&csv_dir)
        .assert()
        .success();
    for name in [
        "institutions",
        "contacts",
        "partnerships",
        "agreements",
        "actions",
        "followups",
        "notes",
    ] {
        let bytes = std::fs::read(csv_dir.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBFid,"), "{name}");
    }
    let one = dir.path().join("agreements.csv");
    accord(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&one)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&one)
            .unwrap()
            .starts_with("\u{feff}id,partnership,")
    );
    accord(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(dir.path().join("list.csv"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--entity"));
    let reports = dir.path().join("reports");
    accord(&db)
        .args(["export", "--format", "summary", "--output"])
        .arg(&reports)
        .assert()
        .success()
        .stdout(predicate::str::contains("accord-summary-2026-11-23.md"))
        .stdout(predicate::str::contains("accord-summary-2026-11-23.html"));
    let html = std::fs::read_to_string(reports.join("accord-summary-2026-11-23.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let json = dir.path().join("all.json");
    let backup = dir.path().join("backup.json");
    accord(&db)
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .assert()
        .success();
    accord(&db).arg("backup").arg(&backup).assert().success();
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&backup).unwrap()
    );
}

#[test]
fn mistakes_are_explained() {
    let dir = demo();
    let db = dir.path().join("db");
    accord(&db)
        .args(["export", "--format", "xlsx"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--output"));
    accord(&db)
        .args(["export", "--format", "csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--entity"));
    accord(&db)
        .args(["export", "--format", "md", "--status", "sleepy"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--status 'sleepy' is not a status",
        ));
    accord(&db)
        .args(["export", "--format", "md", "--partnership", "A1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a partnership"));
    accord(&db)
        .args(["export", "--format", "md", "--country", "XX"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "'XX' is not an ISO 3166-1 country code",
        ));
    accord(&db)
        .args([
            "export",
            "--format",
            "md",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("before it starts"));
    accord(&db)
        .args(["export", "--format", "md", "--from", "someday"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--from: 'someday' is not a date"));
}

#[test]
fn a_workbook_without_a_usable_temporary_folder_is_a_sentence_not_a_crash() {
    let dir = demo();
    let db = dir.path().join("db");
    let out = dir.path().join("book.xlsx");
    // The workbook's rows go through temporary files; none can be made in
    // a folder that does not exist.
    let missing = dir.path().join("no such folder");
    accord(&db)
        .env("TMPDIR", &missing)
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "could not write {}: a workbook is written through temporary files there",
            missing.display()
        )))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!out.exists());
    accord(&db)
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.exists());
}
