//! Import of the spreadsheets offices keep, on the demo data: Chinese and
//! English headers, BOM, CRLF, quoted line breaks, dates in every form, bad
//! dates, unknown and ambiguous institutions, duplicate rows, invalid UTF-8;
//! all or nothing, idempotent, undoable.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::import::{DateOrder, ImportOptions, ImportReport, import, parse_map};
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn demo() -> SledStore {
    let store = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    accord::demo::load_demo(&store, today()).unwrap();
    store
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn run(store: &dyn Store, path: &Path, opts: &ImportOptions) -> ImportReport {
    import(store, path, opts, &mut |_, _| {}).unwrap()
}

fn dry() -> ImportOptions {
    ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    }
}

fn total(store: &dyn Store) -> usize {
    Kind::ALL.iter().map(|k| store.count(*k).unwrap()).sum()
}

/// The rejections as "row N column C: reason" lines.
fn rejections(r: &ImportReport) -> Vec<String> {
    r.rejected
        .iter()
        .map(|x| {
            format!(
                "row {} column {}: {}",
                x.source.row,
                x.column.clone().unwrap_or_default(),
                x.reason
            )
        })
        .collect()
}

fn institution(store: &dyn Store, id: Id) -> Institution {
    match store.get(id).unwrap() {
        Some(Record::Institution(i)) => i,
        other => panic!("{id} is {other:?}"),
    }
}

#[test]
fn chinese_headers_with_bom_crlf_and_quoted_line_breaks() {
    let store = demo();
    let before = total(&store);
    let plan = run(&store, &fixture("institutions_zh.csv"), &dry());
    assert_eq!(plan.created.len(), 2, "{plan}");
    assert_eq!(
        plan.unchanged, 1,
        "北京大学首钢医院 is matched by name and country: {plan}"
    );
    assert_eq!(
        rejections(&plan),
        vec!["row 5 column 国家: a country is required (an ISO code such as CN, KZ, MN)"]
    );
    assert_eq!(total(&store), before, "a dry run writes nothing");

    let opts = ImportOptions {
        skip_rejected: true,
        ..ImportOptions::default()
    };
    let done = run(&store, &fixture("institutions_zh.csv"), &opts);
    assert!(done.applied.is_some(), "{done}");
    let kz = institution(&store, done.created[0].id);
    assert_eq!(kz.country, "KZ");
    assert_eq!(kz.kind, InstitutionKind::Hospital);
    assert_eq!(
        kz.names
            .iter()
            .map(|n| (n.text.as_str(), n.lang.as_str()))
            .collect::<Vec<_>>(),
        // A name without a language column is tagged by its script.
        vec![
            ("哈萨克斯坦国家医学中心", "zh"),
            ("National Medical Center of Kazakhstan", "en")
        ]
    );
    let tashkent = institution(&store, done.created[1].id);
    assert_eq!(
        tashkent.names[0].text,
        "Ташкентская медицинская\r\nакадемия"
    );
    assert_eq!(tashkent.kind, InstitutionKind::University);
}

#[test]
fn dates_in_every_form_and_every_bad_row_reported() {
    let store = demo();
    let before = total(&store);
    let history = store.history(None, 100).unwrap().len();
    let report = run(
        &store,
        &fixture("agreements_zh.csv"),
        &ImportOptions::default(),
    );
    assert!(report.blocked, "rejected rows block the import");
    assert_eq!(total(&store), before, "nothing half-written");
    assert_eq!(store.history(None, 100).unwrap().len(), history);
    let rows = rejections(&report);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(
        rows[0].starts_with("row 4 column 签署日期: '31/02/2025' is not a real date"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("row 5 column 签署日期: '03/04/2025' is ambiguous"),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains("--date-order"));
    assert!(
        rows[2].starts_with("row 6 column 合作单位: no institution is named 'Nowhere University'"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].starts_with("row 7 column 所属合作: no partnership is named 'No such partnership'"),
        "{}",
        rows[3]
    );

    let opts = ImportOptions {
        date_order: Some(DateOrder::Dmy),
        skip_rejected: true,
        ..ImportOptions::default()
    };
    let report = run(&store, &fixture("agreements_zh.csv"), &opts);
    assert_eq!(report.created.len(), 3, "{report}");
    let agreements: Vec<Agreement> = report
        .created
        .iter()
        .map(|p| match store.get(p.id).unwrap() {
            Some(Record::Agreement(a)) => a,
            other => panic!("{other:?}"),
        })
        .collect();
    let a = &agreements[0];
    assert_eq!(
        (a.signed, a.expires),
        (Some(d("2025-10-31")), Some(d("2028-10-31")))
    );
    assert_eq!((a.notice_days, a.status), (90, AgreementStatus::Signed));
    assert_eq!(a.partnership, Id::new(Kind::Partnership, 3));
    let b = &agreements[1];
    assert_eq!(b.signed, Some(d("2025-11-15")), "YYYY/MM/DD");
    assert_eq!(b.expires, Some(d("2027-11-15")), "an Excel serial number");
    assert_eq!(b.parties.len(), 2, "two partners separated by 、");
    assert_eq!(
        agreements[2].signed,
        Some(d("2025-04-03")),
        "--date-order dmy"
    );
    assert_eq!(
        agreements[2].status,
        AgreementStatus::Signed,
        "signed because it has a signing date"
    );
}

#[test]
fn duplicate_rows_are_skipped_or_rejected_and_reimport_creates_nothing() {
    let store = demo();
    let plan = run(&store, &fixture("actions_en.csv"), &dry());
    assert_eq!(plan.created.len(), 3, "{plan}");
    assert_eq!(plan.duplicates.len(), 1);
    assert_eq!(plan.duplicates[0].source.row, 4);
    assert!(plan.duplicates[0].reason.contains("repeats row 2"));
    assert_eq!(plan.rejected.len(), 1);
    assert_eq!(plan.rejected[0].source.row, 6);
    assert!(
        plan.rejected[0]
            .reason
            .contains("repeats row 5 (the same title and parent) with different values")
    );

    let opts = ImportOptions {
        skip_rejected: true,
        ..ImportOptions::default()
    };
    let first = run(&store, &fixture("actions_en.csv"), &opts);
    let ids: Vec<Id> = first.created.iter().map(|p| p.id).collect();
    let Some(Record::Action(t)) = store.get(ids[0]).unwrap() else {
        panic!()
    };
    assert_eq!(t.title, "Send the referral form\r\nto Ulaanbaatar");
    assert_eq!((t.status, t.priority), (ActionStatus::Open, Priority::High));
    let Some(Record::Action(t)) = store.get(ids[1]).unwrap() else {
        panic!()
    };
    assert_eq!(t.title, "Book the interpreter, \"Russian\"");
    assert_eq!(
        (t.status, t.parent),
        (ActionStatus::InProgress, Id::new(Kind::Partnership, 3))
    );

    let before = total(&store);
    let again = run(&store, &fixture("actions_en.csv"), &opts);
    assert_eq!(again.created.len(), 0, "{again}");
    assert_eq!(again.unchanged, 3);
    assert!(
        again.applied.is_none(),
        "nothing to write, nothing in history"
    );
    assert_eq!(total(&store), before);

    let undone = store.undo("undo: ").unwrap().unwrap();
    assert!(
        undone.summary.starts_with("import actions_en.csv"),
        "{}",
        undone.summary
    );
    for id in ids {
        assert!(store.get(id).unwrap().is_none(), "undo removes {id}");
    }
}

#[test]
fn invalid_utf8_is_rejected_naming_row_and_column() {
    let store = demo();
    let plan = run(&store, &fixture("institutions_invalid_utf8.csv"), &dry());
    assert_eq!(plan.created.len(), 2);
    let rows = rejections(&plan);
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].starts_with("row 3 column city: the text is not valid UTF-8"),
        "{}",
        rows[0]
    );
    let err = import(
        &store,
        &write_temp("bad-header.csv", b"na\xffme,country\nX,KZ\n").1,
        &dry(),
        &mut |_, _| {},
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("row 1") && err.contains("UTF-8"), "{err}");
}

#[test]
fn references_by_title_and_bad_values_are_explained() {
    let store = demo();
    let plan = run(&store, &fixture("followups_en.csv"), &dry());
    assert_eq!(plan.created.len(), 1, "{plan}");
    let rows = rejections(&plan);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(
        rows[0].starts_with("row 3 column status: 'maybe' is not a follow-up status"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("row 4 column due: a follow-up needs a due date"),
        "{}",
        rows[1]
    );
}

#[test]
fn ambiguous_institution_names_are_reported_not_guessed() {
    let store = demo();
    let mut twin = ChangeSet::new("a second Shouyi Medical");
    twin.push(Edit::Create(Record::Institution(Institution {
        id: Id::new(Kind::Institution, 0),
        names: vec![Name::new("Shouyi Medical", "en")],
        short_name: String::new(),
        country: "KZ".into(),
        city: String::new(),
        kind: InstitutionKind::Company,
        tags: vec![],
        website: String::new(),
        home: false,
    })));
    let twin_id = store.apply(twin).unwrap().ids[0];
    let plan = run(&store, &fixture("agreements_zh.csv"), &dry());
    let row3 = plan
        .rejected
        .iter()
        .find(|r| r.source.row == 3)
        .expect("row 3 rejected");
    assert_eq!(row3.column.as_deref(), Some("合作单位"));
    assert!(
        row3.reason.contains("'Shouyi Medical' is ambiguous"),
        "{}",
        row3.reason
    );
    assert!(
        row3.reason.contains("I2 首颐医疗 (CN)")
            && row3
                .reason
                .contains(&format!("{twin_id} Shouyi Medical (KZ)")),
        "{}",
        row3.reason
    );
}

fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn columns_can_be_mapped_and_unused_ones_are_named() {
    let store = demo();
    let csv = "Project,Counterpart Org,Remarks,Colour\nCardiology exchange with Almaty,KazNMU,Two surgeons a year,blue\n";
    let (_dir, path) = write_temp("tracker.csv", csv.as_bytes());
    let opts = ImportOptions {
        entity: Some(Kind::Partnership),
        map: parse_map("Counterpart Org=partner_names,Remarks=description").unwrap(),
        ..ImportOptions::default()
    };
    let report = run(&store, &path, &opts);
    assert_eq!(report.created.len(), 1, "{report}");
    assert!(
        report.warnings.iter().any(|w| w.contains("'Colour'")),
        "{:?}",
        report.warnings
    );
    let Some(Record::Partnership(p)) = store.get(report.created[0].id).unwrap() else {
        panic!()
    };
    assert_eq!(
        p.partners,
        vec![Id::new(Kind::Institution, 11)],
        "KazNMU by its short name"
    );
    assert_eq!(p.description, "Two surgeons a year");
    assert_eq!(p.status, PartnershipStatus::Active);
}

#[test]
fn a_workbook_with_real_dates_and_a_sheet_per_entity() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let store = demo();
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("机构").unwrap();
    for (c, h) in ["机构名称", "英文名称", "国家"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "乌兹别克斯坦肿瘤中心").unwrap();
    ws.write_string(1, 1, "Uzbekistan Oncology Center").unwrap();
    ws.write_string(1, 2, "乌兹别克斯坦").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("协议").unwrap();
    for (c, h) in ["协议名称", "所属合作", "合作单位", "签署日期", "到期日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Oncology MOU with Uzbekistan")
        .unwrap();
    ws.write_string(1, 1, "P3").unwrap();
    ws.write_string(1, 2, "Uzbekistan Oncology Center").unwrap();
    ws.write_date_with_format(1, 3, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date)
        .unwrap();
    ws.write_number(1, 4, 47178.0).unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Sheet3").unwrap();
    ws.write_string(0, 0, "scratch").unwrap();
    let (_dir, path) = write_temp("tracker.xlsx", &book.save_to_buffer().unwrap());

    let report = run(&store, &path, &ImportOptions::default());
    assert_eq!(report.created.len(), 2, "{report}");
    assert!(
        report.warnings.iter().any(|w| w.contains("Sheet3")),
        "{:?}",
        report.warnings
    );
    let Some(Record::Agreement(a)) = store.get(report.created[1].id).unwrap() else {
        panic!()
    };
    assert_eq!(a.signed, Some(d("2026-03-01")));
    assert_eq!(a.expires, Some(d("2029-03-01")));
    assert_eq!(
        a.parties,
        vec![report.created[0].id],
        "the institution created from the first sheet"
    );
}

#[test]
fn a_json_export_restores_into_an_empty_database_and_is_refused_elsewhere() {
    let source = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.json");
    let opts = accord::exchange::ExportOptions::new(
        accord::exchange::Format::Json,
        accord::i18n::Lang::En,
        &FixedClock(today()),
    );
    accord::exchange::export_to_path(
        &accord::exchange::Source::Store(&source),
        &opts,
        &path,
        &mut |_, _| {},
    )
    .unwrap();

    let empty = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    let plan = run(&empty, &path, &dry());
    assert_eq!(plan.restored, Some((total(&source), 1)));
    assert!(empty.is_empty().unwrap(), "a dry run writes nothing");
    run(&empty, &path, &ImportOptions::default());
    let (a, b) = (source.snapshot().unwrap(), empty.snapshot().unwrap());
    assert_eq!(
        (a.records, a.history, a.counters),
        (b.records, b.history, b.counters)
    );

    let again = run(&empty, &path, &ImportOptions::default());
    assert_eq!(
        again.unchanged,
        total(&source),
        "the same data: nothing to do"
    );
    let other = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    accord::demo::load_demo(&other, d("2026-01-05")).unwrap();
    let err = import(&other, &path, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("is not empty") && err.contains("accord restore"),
        "{err}"
    );
}

#[test]
fn an_xlsx_export_in_either_language_imports_back_exactly() {
    let source = demo();
    for lang in [accord::i18n::Lang::En, accord::i18n::Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.xlsx");
        let opts = accord::exchange::ExportOptions::new(
            accord::exchange::Format::Xlsx,
            lang,
            &FixedClock(today()),
        );
        accord::exchange::export_to_path(
            &accord::exchange::Source::Store(&source),
            &opts,
            &path,
            &mut |_, _| {},
        )
        .unwrap();
        let target = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
        let report = run(&target, &path, &ImportOptions::default());
        assert!(
            report.rejected.is_empty() && report.warnings.is_empty(),
            "{lang:?}: {report}"
        );
        for kind in Kind::ALL {
            assert_eq!(
                target.list(kind).unwrap(),
                source.list(kind).unwrap(),
                "{lang:?} {kind}"
            );
        }
        let again = run(&target, &path, &ImportOptions::default());
        assert_eq!(again.changes(), 0, "{again}");
    }
}
