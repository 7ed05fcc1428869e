//! No query takes long, however long it is: only its beginning is
//! searched (issue 12), and the user is told.

use accord::model::*;
use accord::search::{MAX_QUERY_CHARS, MAX_QUERY_WORDS, SearchIndex, SearchOptions};
use assert_cmd::Command;
use predicates::prelude::*;

fn institution(n: u32, name: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, n),
        names: vec![Name::new(name, "")],
        short_name: String::new(),
        country: "CN".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

#[test]
fn a_long_query_against_a_long_name_searches_only_its_beginning() {
    // Names and queries of 5,000 characters, the case that took 16 s.
    let latin = "ab".repeat(2_500);
    let han = "吕梁".repeat(2_500);
    let mixed: String = (0..5_000)
        .map(|i| if i % 7 == 0 { ' ' } else { 'a' })
        .collect();
    let index = SearchIndex::build(&[
        institution(1, &latin),
        institution(2, &han),
        institution(3, &mixed),
    ]);
    for (query, found) in [
        (latin.clone(), Some(1)),
        ("lvliang".repeat(800), Some(2)),
        (han.clone(), Some(2)),
        (mixed.clone(), Some(3)),
        (format!("{}b", "a".repeat(4_999)), None),
    ] {
        let r = index.search(&query, &SearchOptions::default());
        assert!(r.shortened, "{} characters", query.chars().count());
        if let Some(n) = found {
            assert!(
                r.hits.iter().any(|h| h.id == Id::new(Kind::Institution, n)),
                "I{n} not found: {:?}",
                r.hits.iter().map(|h| h.id).collect::<Vec<_>>()
            );
        }
    }
    let r = index.search("abab", &SearchOptions::default());
    assert!(!r.shortened);
    assert_eq!(MAX_QUERY_CHARS, 200);
    assert_eq!(MAX_QUERY_WORDS, 8);
}

fn accord(db: &std::path::Path, lang: &str) -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env("ACCORD_TODAY", "2026-11-23")
        .env_remove("ACCORD_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .arg("--db")
        .arg(db);
    c
}

#[test]
fn the_command_line_says_when_a_query_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    accord(&db, "C").arg("demo").assert().success();
    let long = "shougang ".repeat(600);
    accord(&db, "C")
        .args(["search", &long])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "only its first 200 characters (at most 8 words) were searched",
        ));
    accord(&db, "zh_CN.UTF-8")
        .args(["search", "--json", &long])
        .assert()
        .success()
        .stderr(predicate::str::contains("只搜索了前 200 个字符"));
    accord(&db, "C")
        .args(["search", "shougang"])
        .assert()
        .success()
        .stderr(predicate::str::contains("only its first").not());
}
