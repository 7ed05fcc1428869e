//! An office's register, one row per agreement, imported in one step after
//! a dry run: Chinese headers, bilingual partner names, Chinese statuses
//! and types, mixed date formats, a formula cell, a repeated row, a
//! partner not yet known. The same register as CSV and as XLSX.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

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

fn titled<'a>(records: &'a [Value], title: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no record titled {title}"))
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The register's rows, as the CSV fixture holds them.
fn register_rows() -> Vec<Vec<String>> {
    let bytes = std::fs::read(fixture("register_zh.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    r.records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The same register as a workbook: signing dates of two rows as real
/// Excel dates, the rest as the text the office typed.
fn register_xlsx(dir: &Path) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("2025年协议台账").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in register_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            if r > 0 && c == 4 && cell == "2025-09-01" {
                let d = ExcelDateTime::from_ymd(2025, 9, 1).unwrap();
                sheet.write_datetime_with_format(r, c16, &d, &date).unwrap();
            } else if r > 0 && c == 5 && cell == "2030-04-02" {
                let d = ExcelDateTime::from_ymd(2030, 4, 2).unwrap();
                sheet.write_datetime_with_format(r, c16, &d, &date).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c16, cell).unwrap();
            }
        }
    }
    let path = dir.join("register_zh.xlsx");
    book.save(&path).unwrap();
    path
}

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn a_register_imports_in_one_step_after_a_dry_run() {
    let dir = demo();
    let db = dir.path().join("db");
    let register = fixture("register_zh.csv");
    let institutions = list(&db, "institutions");
    let partnerships = list(&db, "partnerships");
    let agreements = list(&db, "agreements");
    let oncology = titled(
        &partnerships,
        "Oncology cooperation with Mongolia and Kazakhstan",
    );
    let anesthesia = titled(&partnerships, "China–Central Asia anesthesia cooperation");
    let tibet = titled(
        &partnerships,
        "Team-based medical aid to Tibet: Ali digital AI medical consortium",
    );
    let i23 = institutions
        .iter()
        .find(|i| i["short_name"] == "NCCM")
        .unwrap()
        .clone();

    // Without --create-missing, the unknown partner is refused, and the
    // message says the flag exists.
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(&register)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "Rejected register_zh.csv row 3, column 合作单位: no institution is named 'Tashkent Medical Academy（塔什干医学院）'; give --create-missing to create it",
        ));

    // The dry run with it shows everything that will happen.
    let dry = stdout(
        accord(&db)
            .args(["import", "--dry-run", "--create-missing"])
            .arg(&register),
    );
    assert!(
        dry.contains("Read register_zh.csv as agreements (6 rows)."),
        "{dry}"
    );
    let onc = format!(
        "in {} Oncology cooperation with Mongolia and Kazakhstan, found from its parties",
        oncology["id"].as_str().unwrap()
    );
    assert!(
        dry.contains(&format!(
            "Cancer screening training programme (register_zh.csv row 2); {onc}"
        )),
        "{dry}"
    );
    assert!(
        dry.contains(&format!(
            "Oncology research framework (register_zh.csv row 4); {onc}"
        )),
        "{dry}"
    );
    assert!(
        dry.contains(
            "Tashkent Medical Academy (register_zh.csv row 3); new partner (--create-missing)"
        ),
        "{dry}"
    );
    assert!(
        dry.contains("Tashkent Medical Academy (register_zh.csv row 3); new partnership, named after the partners"),
        "{dry}"
    );
    assert!(
        dry.contains(
            "Warning: register_zh.csv row 4, column 协议文本: '=HYPERLINK(\"https://oa.example.cn/docs/17\",\"协议原件\")' looks like a spreadsheet formula"
        ),
        "{dry}"
    );
    assert_eq!(
        lines_with(&dry, "row 6").len(),
        1,
        "the repeated row is reported once:\n{dry}"
    );
    assert!(
        dry.contains("Skipped register_zh.csv row 6: repeats row 2"),
        "{dry}"
    );
    assert!(!dry.contains("Created"), "{dry}");
    assert!(
        dry.contains("Dry run of ")
            && dry.contains(": 8 to create, 0 to update, 0 unchanged, 1 duplicate, 0 rejected"),
        "{dry}"
    );
    assert_eq!(list(&db, "agreements").len(), agreements.len());

    // One step.
    accord(&db)
        .args(["import", "--create-missing"])
        .arg(&register)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported"));

    let after = list(&db, "agreements");
    assert_eq!(after.len(), agreements.len() + 5);
    let screening = titled(&after, "Cancer screening training programme");
    assert_eq!(screening["type"], "mou");
    assert_eq!(screening["status"], "signed");
    assert_eq!(screening["signed"], "2025-11-03");
    assert_eq!(screening["expires"], "2028-11-02");
    assert_eq!(screening["owner"], "Chen Yinghui");
    assert_eq!(screening["partnership"], oncology["id"]);
    assert_eq!(screening["parties"], serde_json::json!([i23["id"]]));

    let framework = titled(&after, "Oncology research framework");
    assert_eq!(framework["type"], "framework");
    assert_eq!(framework["status"], "signed");
    assert_eq!(framework["signed"], "2025-04-03");
    assert_eq!(framework["expires"], "2030-04-02");
    assert_eq!(framework["partnership"], oncology["id"]);
    assert_eq!(
        framework["document"],
        "=HYPERLINK(\"https://oa.example.cn/docs/17\",\"协议原件\")"
    );

    let exchange = titled(&after, "Anesthesia residents exchange");
    assert_eq!(exchange["type"], "exchange");
    assert_eq!(exchange["status"], "signed", "试运行 is in force");
    assert_eq!(exchange["expires"], "2027-08-31");
    assert_eq!(exchange["partnership"], anesthesia["id"]);

    let ali = titled(&after, "Ali consortium telemedicine addendum");
    assert_eq!(ali["type"], "consortium_agreement");
    assert_eq!(ali["status"], "in_review");
    assert_eq!(ali["signed"], "2024-08-01");
    assert_eq!(ali["partnership"], tibet["id"]);

    // The partner not yet known: created with both spellings, its
    // country, and a partnership named after it.
    let insts = list(&db, "institutions");
    assert_eq!(insts.len(), institutions.len() + 1, "no duplicate of I23");
    let tma = insts
        .iter()
        .find(|i| i["names"][0]["text"] == "Tashkent Medical Academy")
        .unwrap();
    assert_eq!(
        tma["names"],
        serde_json::json!([
            {"text": "Tashkent Medical Academy", "lang": "en"},
            {"text": "塔什干医学院", "lang": "zh"}
        ])
    );
    assert_eq!(tma["country"], "UZ");
    let i23_after = insts.iter().find(|i| i["id"] == i23["id"]).unwrap();
    assert_eq!(i23_after, &i23, "I23 keeps its names");
    let loi = titled(&after, "Letter of intent on surgical training");
    assert_eq!(loi["type"], "letter_of_intent");
    assert_eq!(loi["status"], "draft");
    assert_eq!(loi["signed"], "2026-01-15");
    assert_eq!(loi["expires"], "2027-01-14");
    let parts = list(&db, "partnerships");
    assert_eq!(parts.len(), partnerships.len() + 1);
    let new = titled(&parts, "Tashkent Medical Academy");
    assert_eq!(loi["partnership"], new["id"]);
    assert_eq!(new["partners"], serde_json::json!([tma["id"]]));
    assert_eq!(new["status"], "negotiating");
    assert_eq!(new["owner"], "Li Na");

    // The remarks column, as a note on its agreement.
    let notes = list(&db, "notes");
    let remark = notes
        .iter()
        .find(|n| n["text"] == "Two oncologists a year")
        .unwrap();
    assert_eq!(remark["parent"], screening["id"]);
    assert_eq!(remark["date"], "2026-11-23");

    // Importing it again creates nothing.
    accord(&db)
        .args(["import", "--create-missing"])
        .arg(&register)
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to import"))
        .stdout(predicate::str::contains("5 unchanged, 1 duplicate"));
    assert_eq!(list(&db, "notes").len(), notes.len());
}

/// The register as a workbook: one written here (two dates as real Excel
/// dates), and the one LibreOffice made of the CSV fixture (`soffice
/// --headless --infilter=CSV:44,34,76,1 --convert-to xlsx`: it turned
/// three dates into date cells and the HYPERLINK into a real formula).
#[test]
fn the_same_register_as_a_workbook_gives_the_same_records() {
    let dir = demo();
    let csv_db = dir.path().join("db");
    accord(&csv_db)
        .args(["import", "--create-missing"])
        .arg(fixture("register_zh.csv"))
        .assert()
        .success();
    let written = demo();
    let book = register_xlsx(written.path());
    let libreoffice = demo();
    for (home, book, sheet) in [
        (&written, book, "register_zh.xlsx, sheet 2025年协议台账"),
        (
            &libreoffice,
            fixture("register_zh.xlsx"),
            "register_zh.xlsx, sheet register_zh",
        ),
    ] {
        let db = home.path().join("db");
        let dry = stdout(
            accord(&db)
                .args(["import", "--dry-run", "--create-missing"])
                .arg(&book),
        );
        assert!(
            dry.contains(&format!("Read {sheet} as agreements (6 rows).")),
            "{dry}"
        );
        assert!(
            dry.contains(&format!(
                "Warning: {sheet} row 4, column 协议文本: '=HYPERLINK("
            )),
            "{dry}"
        );
        accord(&db)
            .args(["import", "--create-missing"])
            .arg(&book)
            .assert()
            .success()
            .stdout(predicate::str::contains("1 duplicate, 0 rejected"));
        for what in ["agreements", "partnerships", "institutions", "notes"] {
            assert_eq!(list(&csv_db, what), list(&db, what), "{sheet}: {what}");
        }
    }
}

#[test]
fn unknown_values_are_refused_with_the_accepted_ones_in_the_users_language() {
    let dir = demo();
    let db = dir.path().join("db");
    let file = dir.path().join("register.csv");
    std::fs::write(
        &file,
        "合作单位,协议名称,状态,协议类型\nNCCM,Oncology nursing MOU,maybe,备忘录\nNCCM,Oncology pharmacy MOU,有效,合同\n",
    )
    .unwrap();
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "row 2, column 状态: 'maybe' is not an agreement status; use one of: draft, in review, signed, expired, renewed, terminated",
        ))
        .stdout(predicate::str::contains(
            "row 3, column 协议类型: '合同' is not an agreement type; use one of: MOU (memorandum of understanding), MOA (cooperation agreement), framework agreement",
        ));
    accord(&db)
        .env("LANG", "zh_CN.UTF-8")
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "register.csv 第 2 行，状态 列：“maybe”不是有效的协议状态；可用的值：草案、审核中、已签署、已到期、已续签、已终止",
        ))
        .stdout(predicate::str::contains("“合同”不是有效的协议类型；可用的值：谅解备忘录、合作协议"))
        .stdout(predicate::str::contains("Dry run").not());
}

#[test]
fn a_formula_in_a_partner_column_never_becomes_an_institution() {
    let dir = demo();
    let db = dir.path().join("db");
    let file = dir.path().join("register.csv");
    std::fs::write(
        &file,
        "合作单位,国家,协议名称\n\"=HYPERLINK(\"\"http://x.example\"\",\"\"Evil Clinic\"\")\",MN,Referral MOU\n",
    )
    .unwrap();
    let before = list(&db, "institutions").len();
    accord(&db)
        .args(["import", "--create-missing"])
        .arg(&file)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "Warning: register.csv row 2, column 合作单位: '=HYPERLINK(",
        ))
        .stdout(predicate::str::contains(
            "Rejected register.csv row 2, column 合作单位: '=HYPERLINK(\"http://x.example\",\"Evil Clinic\")' looks like a spreadsheet formula, not a partner's name",
        ));
    assert_eq!(list(&db, "institutions").len(), before);
}

#[test]
fn a_big_import_prints_the_first_twenty_problems_and_writes_them_all_to_a_file() {
    let dir = demo();
    let db = dir.path().join("db");
    let file = dir.path().join("agreements.csv");
    let mut text = String::from("title,partnership_title,signed\n");
    for n in 1..=30 {
        text.push_str(&format!(
            "Agreement {n},Nowhere partnership {n},2025-01-01\n"
        ));
    }
    for n in 1..=25 {
        text.push_str(&format!(
            "Good agreement {n},Oncology cooperation with Mongolia and Kazakhstan,2025-01-01\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    let full = dir.path().join("problems.txt");
    let out = stdout(
        accord(&db)
            .args(["import", "--dry-run", "--problems-file"])
            .arg(&full)
            .arg(&file),
    );
    assert_eq!(lines_with(&out, "Rejected ").len(), 20, "{out}");
    assert!(
        out.contains(&format!(
            "… and 10 more problems; all 30 are listed in {}",
            full.display()
        )),
        "{out}"
    );
    assert!(out.contains("Would create agreements: 25."), "{out}");
    assert_eq!(lines_with(&out, "Would create A").len(), 0, "{out}");
    let listed = std::fs::read_to_string(&full).unwrap();
    assert_eq!(lines_with(&listed, "Rejected ").len(), 30);
    assert_eq!(lines_with(&listed, "Would create A").len(), 25);
    assert!(listed.contains("Rejected agreements.csv row 31, column partnership_title: no partnership is named 'Nowhere partnership 30'"));
}

/// `date_order` in config.toml reads 03/04/2025 when --date-order is not
/// given; a value accord does not know is refused naming the file.
#[test]
fn the_date_order_comes_from_the_configuration_file() {
    let dir = demo();
    let db = dir.path().join("db");
    let file = dir.path().join("agreements.csv");
    std::fs::write(
        &file,
        "协议名称,所属合作,签署日期\nRadiology exchange,Oncology cooperation with Mongolia and Kazakhstan,03/04/2025\n",
    )
    .unwrap();
    accord(&db)
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .failure()
        .stdout(predicate::str::contains("'03/04/2025' is ambiguous"));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "date_order = \"dmy\"\n").unwrap();
    accord(&db)
        .env("ACCORD_CONFIG", &config)
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let a = list(&db, "agreements");
    assert_eq!(titled(&a, "Radiology exchange")["signed"], "2025-04-03");
    std::fs::write(&config, "date_order = \"dym\"\n").unwrap();
    accord(&db)
        .env("ACCORD_CONFIG", &config)
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("date_order = \"dym\": give dmy"))
        .stdout(predicate::str::contains("'03/04/2025' is ambiguous"));
}

/// A partner created for a row that is then rejected is not created;
/// partnerships can name new partners too.
#[test]
fn partners_are_created_only_with_the_rows_that_need_them() {
    let dir = demo();
    let db = dir.path().join("db");
    let before = list(&db, "institutions").len();
    let file = dir.path().join("register.csv");
    std::fs::write(
        &file,
        "合作单位,国家,协议名称,签署日期\nTashkent Medical Academy,UZ,Surgical training LOI,soon\nSamarkand State Medical University / 撒马尔罕国立医科大学,UZ,Exchange MOU,2025-05-01\n",
    )
    .unwrap();
    accord(&db)
        .args(["import", "--create-missing", "--skip-rejected"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Rejected register.csv row 2, column 签署日期: 'soon' is not a date",
        ));
    let insts = list(&db, "institutions");
    assert_eq!(insts.len(), before + 1);
    assert!(
        insts
            .iter()
            .all(|i| i["names"][0]["text"] != "Tashkent Medical Academy")
    );
    let samarkand = insts
        .iter()
        .find(|i| i["names"][0]["text"] == "Samarkand State Medical University")
        .unwrap();
    assert_eq!(samarkand["names"][1]["text"], "撒马尔罕国立医科大学");
    assert_eq!(samarkand["type"], "university");

    let file = dir.path().join("partnerships.csv");
    std::fs::write(
        &file,
        "合作名称,合作单位,国家,状态\nSurgery with Tashkent,Tashkent Medical Academy,UZ,洽谈中\n",
    )
    .unwrap();
    accord(&db)
        .args(["import", "--create-missing"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Created I"))
        .stdout(predicate::str::contains("new partner (--create-missing)"));
    let p = list(&db, "partnerships");
    let surgery = titled(&p, "Surgery with Tashkent");
    assert_eq!(surgery["status"], "negotiating");
    assert_eq!(list(&db, "institutions").len(), before + 2);
}

/// In a workbook, a computed cell is imported as its value (an expiry
/// date computed from the signing date), a HYPERLINK as its formula.
#[test]
fn a_workbooks_computed_dates_are_imported_as_their_values() {
    use rust_xlsxwriter::{Formula, Workbook};
    let dir = demo();
    let db = dir.path().join("db");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["协议名称", "合作单位", "签署日期", "到期日期", "协议文本"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Screening MOU").unwrap();
    sheet.write_string(1, 1, "NCCM").unwrap();
    sheet.write_number(1, 2, 45964.0).unwrap();
    sheet.write_formula(1, 3, Formula::new("=C2+1095")).unwrap();
    sheet.set_formula_result(1, 3, "47059");
    sheet
        .write_formula(
            1,
            4,
            Formula::new("=HYPERLINK(\"https://x.example/1\",\"原件\")"),
        )
        .unwrap();
    sheet.set_formula_result(1, 4, "原件");
    let path = dir.path().join("computed.xlsx");
    book.save(&path).unwrap();
    accord(&db)
        .arg("import")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("column 协议文本: '=HYPERLINK("));
    let a = list(&db, "agreements");
    let mou = titled(&a, "Screening MOU");
    assert_eq!(mou["signed"], "2025-11-03");
    assert_eq!(mou["expires"], "2028-11-02");
    assert_eq!(
        mou["document"],
        "=HYPERLINK(\"https://x.example/1\",\"原件\")"
    );
}
