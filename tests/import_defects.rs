//! The import defects of issue 11, each with the file that showed it:
//! names erased, the file name outranking the headers, bilingual cells
//! creating duplicates, "Created" printed when nothing was written, a
//! damaged workbook panicking, an endless input eating memory.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

fn accord(db: &Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("ACCORD_CONFIG", "/nonexistent/accord-config.toml")
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

fn list(db: &Path, what: &str) -> Vec<Value> {
    let out = accord(db).args(["list", what, "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn record(db: &Path, what: &str, id: &str) -> Value {
    list(db, what)
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Defect 1: importing institutions by name replaced I1's primary name
/// (and its zh tag) with the English text, and a Russian spelling
/// replaced Shifobakhsh's English name under the `en` tag.
#[test]
fn importing_by_name_never_removes_or_retags_a_name() {
    let dir = demo();
    let db = dir.path().join("db");
    let i1 = record(&db, "institutions", "I1");
    assert_eq!(
        i1["names"][0],
        json!({"text": "北京大学首钢医院", "lang": "zh"})
    );
    let shifo = list(&db, "institutions")
        .into_iter()
        .find(|i| i["names"][0]["text"] == "National Medical Center \"Shifobakhsh\"")
        .unwrap();
    let file = write(
        dir.path(),
        "institutions.csv",
        "name,country\nPeking University Shougang Hospital,CN\nНациональный медицинский центр «Шифобахш»,TJ\n",
    );
    accord(&db).arg("import").arg(&file).assert().success();
    assert_eq!(record(&db, "institutions", "I1"), i1);
    let id = shifo["id"].as_str().unwrap();
    assert_eq!(record(&db, "institutions", id), shifo);

    // A new spelling is added, tagged by its script; the report says so.
    let file = write(dir.path(), "institutions.csv", "id,name\nI1,PKU Shougang\n");
    accord(&db)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Updated I1 北京大学首钢医院 (institutions.csv row 2): name added: PKU Shougang (en)",
        ));
    let names = record(&db, "institutions", "I1")["names"].clone();
    assert_eq!(names[0], json!({"text": "北京大学首钢医院", "lang": "zh"}));
    assert_eq!(
        names[1],
        json!({"text": "Peking University Shougang Hospital", "lang": "en"})
    );
    assert_eq!(names[2], json!({"text": "PKU Shougang", "lang": "en"}));

    // A name_en column adds an English spelling beside the one there.
    let file = write(
        dir.path(),
        "institutions.csv",
        "机构名称,英文名称,国家\n北京大学首钢医院,Shougang Hospital of Peking University,CN\n",
    );
    accord(&db).arg("import").arg(&file).assert().success();
    let names = record(&db, "institutions", "I1")["names"].clone();
    assert_eq!(
        names[1],
        json!({"text": "Peking University Shougang Hospital", "lang": "en"})
    );
    assert_eq!(
        names[3],
        json!({"text": "Shougang Hospital of Peking University", "lang": "en"})
    );
}

/// Defect 2: `partnership agreements 2025.csv` with agreement columns was
/// read as partnerships, and cut P1's partners.
#[test]
fn the_headers_decide_what_the_rows_are_and_a_disagreeing_name_asks_for_entity() {
    let dir = demo();
    let db = dir.path().join("db");
    let p1 = record(&db, "partnerships", "P1");
    let file = dir.path().join("partnership agreements 2025.csv");
    std::fs::write(
        &file,
        "协议名称,所属合作,合作单位,签署日期,状态,负责人\nAnesthesia fellowship MOU,China–Central Asia anesthesia cooperation,KazNMU,2025-09-01,已签署,Li Na\n",
    )
    .unwrap();
    for extra in [&[][..], &["--skip-rejected"][..]] {
        accord(&db)
            .arg("import")
            .args(extra)
            .arg(&file)
            .assert()
            .failure()
            .stderr(predicate::str::contains(
                "partnership agreements 2025.csv: its name says partnerships but its headers are those of agreements; say which with --entity agreements",
            ));
    }
    assert_eq!(record(&db, "partnerships", "P1"), p1);
    accord(&db)
        .args(["import", "--entity", "agreements", "--dry-run"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Read partnership agreements 2025.csv as agreements (1 rows).",
        ))
        .stdout(predicate::str::contains("Would create A"));
    // A file whose name says nothing is read by its headers, and says so.
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(fixture("register_zh.csv"))
        .assert()
        .stdout(predicate::str::contains(
            "Read register_zh.csv as agreements (6 rows).",
        ));
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(fixture("agreements_zh.csv"))
        .assert()
        .stdout(predicate::str::contains(
            "Read agreements_zh.csv as agreements (6 rows).",
        ));
}

/// Defect 3: `蒙古国国家癌症中心 / National Cancer Center of Mongolia`
/// created a second institution although I23 has both names.
#[test]
fn bilingual_cells_match_the_institution_that_has_both_names() {
    let dir = demo();
    let db = dir.path().join("db");
    let before = list(&db, "institutions");
    let i23 = before
        .iter()
        .find(|i| i["short_name"] == "NCCM")
        .unwrap()
        .clone();
    let id = i23["id"].as_str().unwrap().to_string();
    let file = write(
        dir.path(),
        "institutions.csv",
        "name,country\n蒙古国国家癌症中心 / National Cancer Center of Mongolia,MN\n\"National Cancer Center of Mongolia（蒙古国国家癌症中心）\",MN\n\"蒙古国国家癌症中心\nNational Cancer Center of Mongolia\",MN\n",
    );
    accord(&db)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 created"));
    assert_eq!(list(&db, "institutions").len(), before.len());
    assert_eq!(record(&db, "institutions", &id), i23);

    // In a party column too.
    let file = write(
        dir.path(),
        "agreements.csv",
        "协议名称,所属合作,合作单位\nScreening MOU,Oncology cooperation with Mongolia and Kazakhstan,蒙古国国家癌症中心 / National Cancer Center of Mongolia\nNursing MOU,Oncology cooperation with Mongolia and Kazakhstan,\"National Cancer Center of Mongolia (蒙古国国家癌症中心)；Shouyi Medical\"\nPharmacy MOU,Oncology cooperation with Mongolia and Kazakhstan,\"蒙古国国家癌症中心\nNational Cancer Center of Mongolia\"\n",
    );
    accord(&db).arg("import").arg(&file).assert().success();
    let agreements = list(&db, "agreements");
    let parties = |t: &str| agreements.iter().find(|a| a["title"] == t).unwrap()["parties"].clone();
    assert_eq!(parties("Screening MOU"), json!([id]));
    assert_eq!(parties("Pharmacy MOU"), json!([id]));
    let nursing = parties("Nursing MOU");
    assert_eq!(nursing.as_array().unwrap().len(), 2);
    assert_eq!(nursing[0], json!(id));
    assert_eq!(list(&db, "institutions").len(), before.len());
}

/// Defect 4: an import that wrote nothing said "Created A10 …" before
/// "Nothing was imported".
#[test]
fn an_import_that_writes_nothing_never_says_created() {
    let dir = demo();
    let db = dir.path().join("db");
    accord(&db)
        .arg("import")
        .arg(fixture("agreements_zh.csv"))
        .assert()
        .failure()
        .stdout(predicate::str::contains("Nothing was imported"))
        .stdout(predicate::str::contains("Rejected agreements_zh.csv row 5"))
        .stdout(predicate::str::contains("Created").not())
        .stdout(predicate::str::contains("Updated").not());
}

/// Defect 7: an endless input stops at the stated limit, quickly, and
/// the database is free afterwards.
#[test]
fn an_endless_input_stops_at_the_stated_limit_and_frees_the_database() {
    let dir = demo();
    let db = dir.path().join("db");
    accord(&db)
        .args(["import", "/dev/zero", "--format", "csv"])
        .timeout(Duration::from_secs(60))
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero: line 1 is longer than 1 MiB, the longest line an import reads",
        ));
    accord(&db)
        .args(["import", "/dev/zero", "--format", "xlsx"])
        .timeout(Duration::from_secs(60))
        .assert()
        .failure()
        .stderr(predicate::str::contains("/dev/zero is not a regular file"));
    accord(&db).args(["list", "agreements"]).assert().success();
}

/// A workbook written by rust_xlsxwriter, with its first sheet's first
/// shared-string reference pointed past the end of the shared strings.
fn damaged_workbook(dir: &Path) -> PathBuf {
    let good = dir.join("good.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "协议名称").unwrap();
    sheet.write_string(0, 1, "合作单位").unwrap();
    sheet.write_string(1, 0, "Screening MOU").unwrap();
    sheet.write_string(1, 1, "NCCM").unwrap();
    book.save(&good).unwrap();

    let bad = dir.join("damaged.xlsx");
    let mut input = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
    let mut output = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    let mut changed = false;
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let at = xml.find("t=\"s\"").unwrap();
            let v = at + xml[at..].find("<v>").unwrap() + 3;
            let end = v + xml[v..].find("</v>").unwrap();
            bytes = format!("{}999{}", &xml[..v], &xml[end..]).into_bytes();
            changed = true;
        }
        output
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        output.write_all(&bytes).unwrap();
    }
    output.finish().unwrap();
    assert!(changed);
    bad
}

/// Defect 7: a shared-string index out of range made the spreadsheet
/// reader panic; it is a sentence naming the file now.
#[test]
fn a_damaged_workbook_is_refused_with_a_sentence_not_a_panic() {
    let dir = demo();
    let db = dir.path().join("db");
    let bad = damaged_workbook(dir.path());
    let out = accord(&db)
        .arg("import")
        .arg(&bad)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&format!("{} is a damaged workbook", bad.display()))
            || stderr.contains(&format!("{} is not a readable workbook", bad.display())),
        "{stderr}"
    );
    accord(&db).args(["list", "agreements"]).assert().success();
}
