//! Golden files: every export format on the demo data at a fixed clock
//! (2026-11-23). Run with `UPDATE_GOLDEN=1` to rewrite the files after an
//! intended change, and review the diff.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::{ExportOptions, Format, Scope, export};
use accord::i18n::Lang;
use accord::model::{Id, Kind};
use accord::store::{SledStore, Store};
use calamine::{Data, Reader};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn demo() -> SledStore {
    let store = SledStore::temporary(Arc::new(FixedClock(today())))
        .unwrap()
        .as_author("ana");
    accord::demo::load_demo(&store, today()).unwrap();
    store
}

fn bytes(store: &dyn Store, opts: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    export(
        &accord::exchange::Source::Store(store),
        opts,
        &mut out,
        &mut |_, _| {},
    )
    .unwrap();
    out
}

fn options(format: Format, lang: Lang) -> ExportOptions {
    ExportOptions::new(format, lang, &FixedClock(today()))
}

/// Compares with tests/golden/NAME, or writes it under UPDATE_GOLDEN=1.
fn golden(name: &str, actual: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let e = String::from_utf8_lossy(&expected);
        let a = String::from_utf8_lossy(actual);
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(e.lines().count().min(a.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(run with UPDATE_GOLDEN=1 if the change is intended)",
            line + 1,
            e.lines().nth(line),
            a.lines().nth(line)
        );
    }
}

#[test]
fn markdown_summaries_in_english_and_chinese() {
    let store = demo();
    golden(
        "summary.en.md",
        &bytes(&store, &options(Format::Markdown, Lang::En)),
    );
    golden(
        "summary.zh.md",
        &bytes(&store, &options(Format::Markdown, Lang::Zh)),
    );
    let mut kz = options(Format::Markdown, Lang::En);
    kz.scope = Scope {
        country: Some("kz".into()),
        ..Scope::default()
    };
    golden("summary.kz.md", &bytes(&store, &kz));
}

#[test]
fn html_summary() {
    let store = demo();
    golden(
        "summary.en.html",
        &bytes(&store, &options(Format::Html, Lang::En)),
    );
    golden(
        "summary.zh.html",
        &bytes(&store, &options(Format::Html, Lang::Zh)),
    );
}

#[test]
fn csv_of_every_entity() {
    let store = demo();
    for kind in Kind::ALL {
        let mut o = options(Format::Csv, Lang::En);
        o.entity = Some(kind);
        golden(&format!("{}.csv", kind.plural()), &bytes(&store, &o));
    }
}

#[test]
fn ics_calendar() {
    let store = demo();
    golden(
        "deadlines.ics",
        &bytes(&store, &options(Format::Ics, Lang::En)),
    );
}

#[test]
fn json_is_the_backup_format_byte_for_byte() {
    let store = demo();
    let json = bytes(&store, &options(Format::Json, Lang::En));
    golden("database.json", &json);
    let backup = serde_json::to_vec_pretty(&store.snapshot().unwrap()).unwrap();
    assert_eq!(
        json, backup,
        "accord export --format json and accord backup differ"
    );
}

/// The cell values of every sheet, one line per row, typed.
fn workbook_text(bytes: &[u8]) -> String {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&format!("== {name}\n"));
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => format!("s:{}", s.replace('\n', "\\n")),
                    Data::Float(f) => format!("n:{f}"),
                    Data::Int(i) => format!("n:{i}"),
                    Data::Bool(b) => format!("b:{b}"),
                    Data::DateTime(d) => format!("d:{}", d.as_f64()),
                    other => format!("?:{other}"),
                })
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

#[test]
fn xlsx_cell_values() {
    let store = demo();
    let en = bytes(&store, &options(Format::Xlsx, Lang::En));
    golden("workbook.en.txt", workbook_text(&en).as_bytes());
    let zh = bytes(&store, &options(Format::Xlsx, Lang::Zh));
    golden("workbook.zh.txt", workbook_text(&zh).as_bytes());
    // Links between ids point at the row of the record they name.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(en)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet5.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("location=\"'Partnerships'!A4\""),
        "agreement A1 of P3 links to the third partnership row"
    );
}

#[test]
fn one_partnership_scope_keeps_only_its_records() {
    let store = demo();
    let mut o = options(Format::Csv, Lang::En);
    o.entity = Some(Kind::Action);
    o.scope.partnership = Some(Id::new(Kind::Partnership, 3));
    let csv = String::from_utf8(bytes(&store, &o)).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    for r in rows {
        let parent = r.split(',').nth(1).unwrap();
        assert!(["P3", "A1", "A2", "A3"].contains(&parent), "{r}");
    }
}
