//! Search over the demo data: what users type, and what they expect on top.

use std::sync::Arc;

use accord::clock::FixedClock;
use accord::demo::load_demo;
use accord::model::Kind;
use accord::search::{Hit, SearchIndex, SearchOptions, Searcher};
use accord::store::{SledStore, Store};
use chrono::NaiveDate;

fn demo() -> (SledStore, SearchIndex) {
    let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let store = SledStore::temporary(Arc::new(FixedClock(today))).unwrap();
    load_demo(&store, today).unwrap();
    let index = SearchIndex::from_store(&store).unwrap();
    (store, index)
}

fn search(index: &SearchIndex, q: &str) -> Vec<Hit> {
    index.search(q, &SearchOptions::default()).hits
}

fn show(hits: &[Hit]) -> String {
    hits.iter()
        .take(5)
        .map(|h| format!("{} {} ({})", h.id, h.title, h.score))
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Query, and the title of the record expected first.
const TABLE: &[(&str, &str)] = &[
    // Chinese by pinyin, initials and characters.
    ("shougang", "北京大学首钢医院"),
    ("首钢", "北京大学首钢医院"),
    ("sgyy", "北京大学首钢医院"),
    ("bjdxsg", "北京大学首钢医院"),
    ("shouyi", "首颐医疗"),
    ("xinjiang", "新疆维吾尔自治区人民医院"),
    ("xjwwe", "新疆维吾尔自治区人民医院"),
    ("xian jiaotong", "西安交通大学第一附属医院"),
    ("北京大学第一医院", "北京大学第一医院"),
    ("beijing daxue diyi", "北京大学第一医院"),
    ("乐山", "乐山市人民医院"),
    // 乐 is also read yuè.
    ("yueshan", "乐山市人民医院"),
    ("baga", "巴嘎乡卫生院"),
    ("陈颖慧", "陈颖慧"),
    ("chen yinghui", "陈颖慧"),
    // Lower-case Cyrillic, Kazakh, Mongolian and Tajik in their own scripts.
    ("мамырбекова", "Mamyrbekova Saltanat Abbasovna"),
    (
        "казахский",
        "Asfendiyarov Kazakh National Medical University",
    ),
    ("хавдар", "National Cancer Center of Mongolia"),
    ("эрдэнэхүү", "Erdenekhuu"),
    ("шифобахш", "National Medical Center \"Shifobakhsh\""),
    ("сызғанов", "Syzganov National Scientific Center of Surgery"),
    // Cyrillic typed in Latin, either transliteration.
    ("kazakh", "Asfendiyarov Kazakh National Medical University"),
    (
        "qazaqstan",
        "Hospital of the Presidential Affairs Administration of Kazakhstan",
    ),
    (
        "kazakhskiy natsionalnyy",
        "Asfendiyarov Kazakh National Medical University",
    ),
    ("khavdar", "National Cancer Center of Mongolia"),
    ("shifobakhsh", "National Medical Center \"Shifobakhsh\""),
    (
        "turakulov",
        "Turakulov Republican Specialized Scientific-Practical Medical Center of Endocrinology",
    ),
    (
        "endokrinologiya",
        "Turakulov Republican Specialized Scientific-Practical Medical Center of Endocrinology",
    ),
    ("syzganov", "Syzganov National Scientific Center of Surgery"),
    ("rakhmankulov", "Rakhmankulov Kamil Khudaykulovich"),
    ("erdenekhuu", "Erdenekhuu"),
    // Diacritics.
    (
        "universite",
        "Asfendiyarov Kazakh National Medical University",
    ),
    ("luliang first", "吕梁市第一人民医院"),
    ("lüliang first", "吕梁市第一人民医院"),
    // Several terms, in one field or several.
    ("mongolia cancer", "National Cancer Center of Mongolia"),
    ("peking university first", "北京大学第一医院"),
    (
        "anesthesia cooperation",
        "China–Central Asia anesthesia cooperation",
    ),
    (
        "painless labour",
        "Ivy painless-labour grassroots programme",
    ),
    (
        "mou kazakhstan",
        "MOU: Peking University Shougang Hospital – National Cancer Research Center of Kazakhstan",
    ),
    (
        "health silk road",
        "Oncology cooperation with Mongolia and Kazakhstan",
    ),
    ("wuhan union", "华中科技大学同济医学院附属协和医院"),
    // Short names.
    ("kaznmu", "Asfendiyarov Kazakh National Medical University"),
    ("nccm", "National Cancer Center of Mongolia"),
];

#[test]
fn the_expected_record_comes_first() {
    let (_store, index) = demo();
    let mut wrong = Vec::new();
    for (q, want) in TABLE {
        let hits = search(&index, q);
        if hits.first().map(|h| h.title.as_str()) != Some(*want) {
            wrong.push(format!("{q:?}: want {want:?}, got\n  {}", show(&hits)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(TABLE.len() >= 30);
}

#[test]
fn typing_shougang_highlights_its_characters() {
    let (_store, index) = demo();
    for (q, marks) in [
        ("shougang", vec![4, 5]),
        ("首钢", vec![4, 5]),
        ("sgyy", vec![4, 5, 6, 7]),
        ("bjdxsg", vec![0, 1, 2, 3, 4, 5]),
    ] {
        let hit = &search(&index, q)[0];
        assert_eq!(hit.title, "北京大学首钢医院");
        assert_eq!(hit.highlights, marks, "{q}");
    }
}

#[test]
fn ali_finds_the_ali_consortium() {
    let (_store, index) = demo();
    let hits = search(&index, "ali");
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    // The two Ali hospitals and the consortium agreement first, the
    // partnership (a title word, not a name prefix) soon after.
    let first = [
        "阿里地区人民医院",
        "阿里地区藏医院",
        "Ali digital AI smart medical consortium agreement",
    ];
    for title in first {
        assert!(
            titles[..3].contains(&title),
            "{title} not first:\n  {}",
            show(&hits)
        );
    }
    let partnership = "Team-based medical aid to Tibet: Ali digital AI medical consortium";
    assert!(titles[..5].contains(&partnership), "{}", show(&hits));
    // 阿里 is what the pinyin matched.
    let hospital = hits.iter().find(|h| h.title == "阿里地区人民医院").unwrap();
    assert_eq!(hospital.highlights, [0, 1]);
}

#[test]
fn kazakh_names_are_found_by_qazaq_and_kazakh() {
    let (_store, index) = demo();
    for q in ["qazaq", "kazakh"] {
        let hits = search(&index, q);
        let top: Vec<&str> = hits.iter().take(3).map(|h| h.title.as_str()).collect();
        assert!(
            top.contains(&"Asfendiyarov Kazakh National Medical University"),
            "{q}:\n  {}",
            show(&hits)
        );
        assert!(hits[0].kind == Kind::Institution || hits[0].kind == Kind::Partnership);
    }
    // The Kazakh name is the one highlighted.
    let hit = search(&index, "qazaq ulttyq")
        .into_iter()
        .find(|h| h.title.starts_with("Asfendiyarov"))
        .unwrap();
    let kk = hit.also.iter().find(|m| m.text.contains("Қазақ")).unwrap();
    let marked: String = kk
        .text
        .chars()
        .enumerate()
        .filter(|(i, _)| kk.highlights.contains(i))
        .map(|(_, c)| c)
        .collect();
    assert_eq!(marked, "Қазақұлттық");
}

#[test]
fn an_exact_id_finds_its_record_first() {
    let (store, index) = demo();
    for kind in Kind::ALL {
        for record in store.list(kind).unwrap().iter().take(3) {
            let id = record.id();
            for typed in [id.to_string(), id.to_string().to_lowercase()] {
                let hits = search(&index, &typed);
                assert_eq!(hits[0].id, id, "{typed}:\n  {}", show(&hits));
            }
        }
    }
}

#[test]
fn results_are_labelled_by_kind_and_can_be_restricted() {
    let (_store, index) = demo();
    let all = index.search("oncology", &SearchOptions::default());
    let kinds: std::collections::BTreeSet<Kind> = all.hits.iter().map(|h| h.kind).collect();
    assert!(kinds.len() > 1, "{kinds:?}");
    let only = index.search("oncology", &SearchOptions::of_kind(Kind::Agreement, 50));
    assert!(!only.hits.is_empty());
    assert!(only.hits.iter().all(|h| h.kind == Kind::Agreement));
    assert!(only.total < all.total);
}

#[test]
fn typing_a_query_gives_what_a_fresh_search_gives() {
    let (_store, index) = demo();
    let options = SearchOptions::default();
    for query in ["shougang", "mongolia cancer", "казахский", "ali ", "a-z"] {
        let mut searcher = Searcher::new();
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            assert_eq!(
                searcher.search(&index, &typed, &options),
                index.search(&typed, &options),
                "{typed:?}"
            );
        }
        while typed.pop().is_some() {
            assert_eq!(
                searcher.search(&index, &typed, &options),
                index.search(&typed, &options),
                "{typed:?}"
            );
        }
    }
}

#[test]
fn a_saved_index_finds_what_a_fresh_one_finds() {
    let (store, index) = demo();
    let dir = tempfile::tempdir().unwrap();
    let version = store.version().unwrap();
    accord::search::cache::write(dir.path(), &index, version).unwrap();
    let saved = accord::search::cache::read(dir.path()).ok().unwrap();
    assert_eq!(saved.version, version);
    assert_eq!(saved.index.len(), index.len());
    let options = [
        SearchOptions::default(),
        SearchOptions::typing(5),
        SearchOptions::of_kind(Kind::Institution, 10),
    ];
    let mut searcher = Searcher::new();
    for (q, _) in TABLE {
        for o in &options {
            assert_eq!(saved.index.search(q, o), index.search(q, o), "{q:?}");
        }
        assert_eq!(
            searcher.search(&saved.index, q, &options[1]),
            index.search(q, &options[1]),
            "{q:?}"
        );
    }
    assert_eq!(
        saved.index.search("", &options[0]),
        index.search("", &options[0])
    );
}
