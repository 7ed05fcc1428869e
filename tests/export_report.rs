//! The leadership summary lists every item its headline counts, names the
//! home institution and prints on A4; CSV opens in the right columns
//! whichever separators a spreadsheet splits on. Demo data at a fixed day.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::exchange::{ExportOptions, Format, Window, export, leadership_summary};
use accord::i18n::Lang;
use accord::model::{Id, Kind, Record, Standing};
use accord::store::{Progress, SledStore, Store, due_entries};
use assert_cmd::Command;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn demo() -> SledStore {
    let store = SledStore::temporary(Arc::new(FixedClock(today()))).unwrap();
    accord::demo::load_demo(&store, today()).unwrap();
    store
}

/// The ids the headline counts as overdue or due within 7 days, worked out
/// here from the records: (overdue entries, due-soon entries, ids).
fn counted(store: &dyn Store) -> (usize, usize, BTreeSet<Id>) {
    let (mut overdue, mut soon, mut ids) = (0, 0, BTreeSet::new());
    for r in store.read_everything(&Progress::default()).unwrap() {
        for e in due_entries(&r) {
            match e.date.map(|d| (d - today()).num_days()) {
                Some(d) if d < 0 => overdue += 1,
                Some(d) if d <= 7 => soon += 1,
                _ => continue,
            }
            ids.insert(r.id());
        }
        if let Record::Agreement(a) = &r
            && a.standing(today()) == Standing::Expiring
        {
            ids.insert(a.id);
        }
    }
    (overdue, soon, ids)
}

fn render(store: &dyn Store, format: Format, lang: Lang, window: Window) -> String {
    let mut opts = ExportOptions::new(format, lang, &FixedClock(today()));
    opts.window = window;
    let mut out = Vec::new();
    export(
        &accord::exchange::Source::Store(store),
        &opts,
        &mut out,
        &mut |_, _| {},
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// The Markdown after the headline and country tables.
fn md_body(md: &str) -> &str {
    let start = md.find("\n## P").expect("no partnership section");
    &md[start..]
}

fn html_body(html: &str) -> &str {
    let start = html.find("<section").expect("no section");
    &html[start..]
}

fn assert_all_listed(md: &str, html: &str, ids: &BTreeSet<Id>) {
    for id in ids {
        assert!(
            md_body(md).contains(&format!("| {id} |")),
            "{id} is counted in the headline but not listed in the Markdown"
        );
        assert!(
            html_body(html).contains(&format!("<td class=\"id\">{id}</td>")),
            "{id} is counted in the headline but not listed in the HTML"
        );
    }
}

#[test]
fn every_item_the_headline_counts_is_listed_in_markdown_and_html() {
    let store = demo();
    let (overdue, soon, ids) = counted(&store);
    assert!(
        ids.iter().any(|id| id.kind == Kind::FollowUp),
        "the demo has follow-ups due"
    );
    for lang in [Lang::En, Lang::Zh] {
        let md = render(&store, Format::Markdown, lang, Window::default());
        let html = render(&store, Format::Html, lang, Window::default());
        if lang == Lang::En {
            assert!(
                md.contains(&format!("| Overdue items | {overdue} |")),
                "{md}"
            );
            assert!(
                md.contains(&format!("| Due within 7 days | {soon} |")),
                "{md}"
            );
        }
        assert_all_listed(&md, &html, &ids);
    }
    // A window in the past still lists what is overdue or due now.
    let past = Window {
        from: Some("2026-01-01".parse().unwrap()),
        to: Some("2026-03-31".parse().unwrap()),
    };
    let md = render(&store, Format::Markdown, Lang::En, past);
    let html = render(&store, Format::Html, Lang::En, past);
    assert_all_listed(&md, &html, &ids);
}

#[test]
fn follow_ups_on_contacts_and_institutions_are_listed_under_their_partnerships() {
    let store = demo();
    let md = render(&store, Format::Markdown, Lang::En, Window::default());
    let records = store.read_everything(&Progress::default()).unwrap();
    for r in &records {
        let Record::FollowUp(f) = r else { continue };
        if !r.is_open() || (f.due - today()).num_days() > 7 {
            continue;
        }
        // The institution the follow-up is about, through a contact.
        let institution = match records.iter().find(|x| x.id() == f.parent) {
            Some(Record::Contact(c)) => c.institution,
            Some(Record::Institution(i)) => i.id,
            _ => continue,
        };
        let sections: Vec<&str> = md.split("\n## ").skip(1).collect();
        let mut found = false;
        for sec in sections {
            if sec.contains(&format!("- {institution} ")) {
                let (_, followups) = sec.split_once("### Follow-ups").unwrap();
                assert!(
                    followups.contains(&format!("| {} |", f.id)),
                    "{} on {} is missing under {}",
                    f.id,
                    f.parent,
                    sec.lines().next().unwrap()
                );
                assert!(!followups.starts_with("\n\nNone."));
                found = true;
            }
        }
        assert!(found, "{} on {}: no section lists it", f.id, f.parent);
    }
}

#[test]
fn the_tui_summary_lists_what_it_counts_too() {
    // The TUI writes the leadership summary through this function.
    let store = demo();
    let (_, _, ids) = counted(&store);
    let dir = tempfile::tempdir().unwrap();
    let files = leadership_summary(
        &accord::exchange::Source::Store(&store),
        today(),
        Lang::En,
        dir.path(),
        &mut |_, _| {},
    )
    .unwrap();
    let md = std::fs::read_to_string(&files[0]).unwrap();
    let html = std::fs::read_to_string(&files[1]).unwrap();
    assert_all_listed(&md, &html, &ids);
}

#[test]
fn the_title_names_the_home_institution_in_the_report_language() {
    let store = demo();
    let en = render(&store, Format::Markdown, Lang::En, Window::default());
    assert!(
        en.starts_with("# Peking University Shougang Hospital · status summary — 2026-11-23\n"),
        "{}",
        en.lines().next().unwrap()
    );
    let zh = render(&store, Format::Markdown, Lang::Zh, Window::default());
    assert!(
        zh.starts_with("# 北京大学首钢医院 · 合作状态摘要 — 2026-11-23\n"),
        "{}",
        zh.lines().next().unwrap()
    );
    let html = render(&store, Format::Html, Lang::Zh, Window::default());
    assert!(
        html.contains("<title>北京大学首钢医院 · 合作状态摘要 — 2026-11-23</title>"),
        "{html}"
    );
    assert!(html.contains("<h1>北京大学首钢医院 · 合作状态摘要 — "));
}

#[test]
fn the_html_summary_prints_on_a4_without_stranded_headings_or_wrapped_dates() {
    let store = demo();
    let html = render(&store, Format::Html, Lang::En, Window::default());
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(style.contains("@page{size:A4;"), "{style}");
    let headings = style
        .lines()
        .find(|l| l.starts_with("h1,h2,h3{"))
        .expect("a rule for every heading");
    assert!(headings.contains("break-after:avoid"), "{headings}");
    assert!(headings.contains("page-break-after:avoid"), "{headings}");
    assert!(
        style.contains(".date,.id,td.n,.nw,th{white-space:nowrap}"),
        "{style}"
    );
    // Every date and id in the body is in a cell or span that does not wrap.
    let body = html_body(&html);
    let b = body.as_bytes();
    let is_date = |at: usize| {
        b.get(at..at + 10).is_some_and(|d| {
            d.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            })
        })
    };
    let dates: Vec<usize> = (0..b.len()).filter(|&at| is_date(at)).collect();
    assert!(dates.len() > 50, "{} dates", dates.len());
    for at in dates {
        let before = &body[..at];
        let open = before.rfind('<').unwrap();
        let tag = &before[open..];
        assert!(
            tag.contains("class=\"date\"") || tag.contains("class=\"id\""),
            "a date that may wrap: …{}",
            &body[open.saturating_sub(40)..(at + 10).min(body.len())]
        );
    }
}

/// Splits a CSV line as LibreOffice does with comma, semicolon and tab
/// all ticked as separators: a field that starts with a quote runs to
/// the closing quote.
fn split_like_libreoffice(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if at_start && c == '"' {
            at_start = false;
            while let Some(q) = chars.next() {
                if q == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        break;
                    }
                } else {
                    field.push(q);
                }
            }
            continue;
        }
        at_start = false;
        match c {
            ',' | ';' | '\t' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn accord(db: &Path) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env("LANG", "C")
        .arg("--db")
        .arg(db);
    c
}

#[test]
fn csv_opens_in_the_right_columns_when_semicolons_and_tabs_split_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    accord(&db).arg("demo").assert().success();
    let out = dir.path().join("csv");
    accord(&db)
        .args(["export", "--format", "csv", "--output"])
        .arg(&out)
        .assert()
        .success();
    let mut lists = 0;
    for kind in Kind::ALL {
        let path = out.join(format!("{}.csv", kind.plural()));
        let bytes = std::fs::read(&path).unwrap();
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        lists += text.matches("; ").count();
        let rows = split_like_libreoffice(text);
        let width = rows[0].len();
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(
                row.len(),
                width,
                "{}: row {} opens in {} columns, not {width}: {row:?}",
                path.display(),
                n + 1,
                row.len()
            );
        }
        // The same file read as plain comma-separated CSV gives the same cells.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let plain: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(plain, rows, "{}", path.display());
    }
    assert!(lists > 0, "the demo has list cells such as `I1; I23`");
}

#[test]
fn items_in_no_partnership_get_a_section_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    accord(&db).arg("demo").assert().success();
    // On the home institution (in every partnership, listed in none), and
    // on a new institution that takes part in nothing.
    accord(&db)
        .args([
            "add",
            "followup",
            "--parent",
            "I1",
            "--title",
            "Renew the office's MOU template",
        ])
        .args(["--due", "2026-11-20", "--owner", "Li Na"])
        .assert()
        .success();
    accord(&db)
        .args([
            "add",
            "institution",
            "--name",
            "en:Lonely Clinic",
            "--country",
            "MN",
        ])
        .args(["--kind", "hospital"])
        .assert()
        .success();
    let out = accord(&db)
        .args(["show", "I44", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    accord(&db)
        .args([
            "add",
            "followup",
            "--parent",
            "I44",
            "--title",
            "Call the lonely clinic",
        ])
        .args(["--due", "2026-11-25"])
        .assert()
        .success();
    for window in [&[][..], &["--from", "2026-01-01", "--to", "2026-02-01"][..]] {
        let md = accord(&db)
            .args(["export", "--format", "md"])
            .args(window)
            .output()
            .unwrap();
        let md = String::from_utf8(md.stdout).unwrap();
        let (_, outside) = md
            .split_once("## Items outside any partnership")
            .unwrap_or_else(|| panic!("no section for them: {md}"));
        assert!(outside.contains("| F11 | **2026-11-20** ⚠ overdue by 3 d | Renew the office's MOU template (on I1 PKUSH) |"), "{outside}");
        assert!(
            outside.contains(
                "| F12 | 2026-11-25 (in 2 d) | Call the lonely clinic (on I44 Lonely Clinic) |"
            ),
            "{outside}"
        );
        assert_eq!(md.matches("| F11 |").count(), 1, "listed once");
        let html = accord(&db)
            .args(["export", "--format", "html"])
            .args(window)
            .output()
            .unwrap();
        let html = String::from_utf8(html.stdout).unwrap();
        let (_, outside) = html.split_once("<section id=\"outside\">").unwrap();
        assert!(outside.contains("<td class=\"id\">F11</td>"));
        assert!(outside.contains("<td class=\"id\">F12</td>"));
    }
}
