//! The links of a large XLSX export: written into the workbook after it is
//! saved (src/exchange/xlsx_links.rs), each must still sit on a cell that
//! shows the id it names and jump to the row of that record.

use std::io::Read;
use std::path::Path;

use assert_cmd::Command;
use calamine::{Data, Reader};

fn accord(db: &Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("LANG", "C")
        .arg("--db")
        .arg(db);
    c
}

/// An attribute's value in one `<hyperlink .../>` element, unescaped.
fn attr(element: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    let start = element.find(&key).unwrap() + key.len();
    let end = start + element[start..].find('"').unwrap();
    element[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// "C12" as 0-based (row, column).
fn cell(reference: &str) -> (u32, u32) {
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = reference[letters.len()..].parse().unwrap();
    (row - 1, col)
}

fn text(range: &calamine::Range<Data>, at: (u32, u32)) -> String {
    match range.get_value(at) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("no text at {at:?}: {other:?}"),
    }
}

#[test]
fn every_link_of_a_large_workbook_jumps_to_the_row_of_the_record_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    accord(&db)
        .args(["generate", "--records", "3000", "--seed", "7"])
        .assert()
        .success();
    let out = dir.path().join("all.xlsx");
    accord(&db)
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    let names = book.sheet_names();
    let ranges: Vec<calamine::Range<Data>> = names
        .iter()
        .map(|n| book.worksheet_range(n).unwrap())
        .collect();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut checked = 0;
    let mut sheets_with_links = 0;
    for (n, range) in ranges.iter().enumerate() {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{}.xml", n + 1))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let links: Vec<&str> = xml.split("<hyperlink ").skip(1).collect();
        if !links.is_empty() {
            sheets_with_links += 1;
            assert_eq!(xml.matches("<hyperlinks>").count(), 1, "{}", names[n]);
            let at = xml.find("<hyperlinks>").unwrap();
            assert!(
                xml[..at].ends_with("/>") && xml[at..].contains("</hyperlinks><pageMargins"),
                "the links of {} are where Excel reads them",
                names[n]
            );
        }
        for element in links {
            let element = format!(" {}", &element[..element.find("/>").unwrap()]);
            let element = element.as_str();
            let shown = attr(element, "display");
            assert_eq!(
                text(range, cell(&attr(element, "ref"))),
                shown,
                "{}: the linked cell shows the id",
                names[n]
            );
            let location = attr(element, "location");
            let (sheet, target) = location.rsplit_once('!').unwrap();
            let sheet = sheet.trim_matches('\'');
            let target_sheet = names.iter().position(|s| s == sheet).unwrap();
            assert_eq!(
                text(&ranges[target_sheet], cell(target)),
                shown,
                "{}: {location} is the row of {shown}",
                names[n]
            );
            checked += 1;
        }
    }
    assert!(
        sheets_with_links >= 4,
        "{sheets_with_links} sheets have links"
    );
    assert!(checked >= 1000, "only {checked} links");
}
