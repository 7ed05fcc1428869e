//! Search never panics, whatever is typed or stored, highlights always
//! point into the text shown, and an index kept up to date record by
//! record finds what a freshly built one finds.

use std::sync::{Arc, OnceLock};

use accord::clock::FixedClock;
use accord::demo::load_demo;
use accord::model::*;
use accord::search::{Results, SearchIndex, SearchOptions, Searcher};
use accord::store::SledStore;
use chrono::NaiveDate;
use proptest::prelude::*;

fn demo_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
        let store = SledStore::temporary(Arc::new(FixedClock(today))).unwrap();
        load_demo(&store, today).unwrap();
        SearchIndex::from_store(&store).unwrap()
    })
}

/// Text mixing the scripts accord meets, combining marks, odd spaces and
/// anything else.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 ]{0,12}",
        "[a-zé'ü\u{301}\u{308} -]{0,12}",
        "[а-яА-ЯёЁқҚғұүөәіңһ ]{0,10}",
        "[北京大学首钢医院阿里乐长行重 a-z]{0,10}",
        "[\u{0}-\u{2fff}]{0,8}",
        "[ \t\u{3000}\u{a0}]{0,4}[a-z]{0,3}",
    ]
}

fn check(results: &Results, limit: usize) -> Result<(), TestCaseError> {
    prop_assert!(results.hits.len() <= limit);
    prop_assert!(results.total >= results.hits.len());
    for hit in &results.hits {
        let n = hit.title.chars().count();
        prop_assert!(hit.highlights.iter().all(|&i| i < n), "{hit:?}");
        prop_assert!(hit.highlights.windows(2).all(|w| w[0] < w[1]), "{hit:?}");
        for m in &hit.also {
            let n = m.text.chars().count();
            prop_assert!(m.highlights.iter().all(|&i| i < n), "{m:?}");
        }
    }
    Ok(())
}

fn institution(n: u32, names: &[String], country: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, n),
        names: names.iter().map(|t| Name::new(t.clone(), "")).collect(),
        short_name: String::new(),
        country: country.into(),
        city: String::new(),
        kind: InstitutionKind::Other,
        tags: Vec::new(),
        website: String::new(),
        home: false,
    })
}

fn contact(n: u32, institution: u32, name: &str) -> Record {
    Record::Contact(Contact {
        id: Id::new(Kind::Contact, n),
        institution: Id::new(Kind::Institution, institution),
        names: vec![Name::new(name, "")],
        title: String::new(),
        email: String::new(),
        phone: String::new(),
        notes: String::new(),
    })
}

/// A change to apply: a record to store (replacing any earlier version)
/// or an id to forget.
#[derive(Debug, Clone)]
enum Op {
    Upsert(Record),
    Remove(Id),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        4 => (1u32..6, prop::collection::vec(text(), 1..3), "[A-Z]{2}")
            .prop_map(|(n, names, c)| Op::Upsert(institution(n, &names, &c))),
        3 => (1u32..6, 1u32..6, text()).prop_map(|(n, i, name)| Op::Upsert(contact(n, i, &name))),
        1 => (1u32..6).prop_map(|n| Op::Remove(Id::new(Kind::Institution, n))),
        1 => (1u32..6).prop_map(|n| Op::Remove(Id::new(Kind::Contact, n))),
    ];
    prop::collection::vec(op, 1..25)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_query_is_answered_with_valid_highlights(q in text(), limit in 0usize..20, exact in any::<bool>()) {
        let options = SearchOptions { kinds: None, limit, exact_total: exact };
        let results = demo_index().search(&q, &options);
        check(&results, limit)?;
        prop_assert!(results.total_exact || !exact);
    }

    #[test]
    fn typing_any_query_matches_a_fresh_search(q in text()) {
        let index = demo_index();
        let (exact, typing) = (SearchOptions::default(), SearchOptions::typing(50));
        let (mut a, mut b) = (Searcher::new(), Searcher::new());
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let fresh = index.search(&typed, &exact);
            prop_assert_eq!(a.search(index, &typed, &exact), fresh.clone());
            // Counting less never changes the hits.
            let quick = b.search(index, &typed, &typing);
            prop_assert_eq!(&quick.hits, &fresh.hits);
            prop_assert!(quick.total <= fresh.total);
            prop_assert!(!quick.total_exact || quick.total == fresh.total);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_stored_text_can_be_searched(names in prop::collection::vec(text(), 1..8), q in text()) {
        let records: Vec<Record> = names
            .iter()
            .enumerate()
            .map(|(i, n)| institution(i as u32 + 1, std::slice::from_ref(n), "KZ"))
            .collect();
        let index = SearchIndex::build(&records);
        check(&index.search(&q, &SearchOptions::default()), 50)?;
        for (i, n) in names.iter().enumerate() {
            // Every record is found by its own name (unless the name is
            // only spaces and marks that fold to nothing).
            let r = index.search(n, &SearchOptions::default());
            check(&r, 50)?;
            let id = Id::new(Kind::Institution, i as u32 + 1);
            let words = n.split_whitespace().any(|w| !accord::search::normalize(w).is_empty());
            prop_assert!(!words || r.hits.iter().any(|h| h.id == id), "{:?} not found: {:?}", n, r);
        }
    }

    #[test]
    fn updates_give_the_index_a_fresh_build_gives(ops in ops(), queries in prop::collection::vec(text(), 1..4)) {
        let mut index = SearchIndex::new();
        let mut current: std::collections::BTreeMap<Id, Record> = Default::default();
        for op in &ops {
            match op {
                Op::Upsert(r) => {
                    index.upsert(r);
                    current.insert(r.id(), r.clone());
                }
                Op::Remove(id) => {
                    index.remove(*id);
                    current.remove(id);
                }
            }
        }
        let records: Vec<Record> = current.into_values().collect();
        let fresh = SearchIndex::build(&records);
        prop_assert_eq!(index.len(), fresh.len());
        for q in queries.iter().map(String::as_str).chain(["", "a", "首"]) {
            let options = SearchOptions::default();
            prop_assert_eq!(index.search(q, &options), fresh.search(q, &options), "{:?}", q);
        }
    }
}
