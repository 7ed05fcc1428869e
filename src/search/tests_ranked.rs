//! The best records found while sifting (bounds, cuts, keystrokes reusing
//! earlier matches) are those of scoring every record (see [`super`]).

use proptest::prelude::*;

use super::*;
use crate::search::query::Query;
use crate::search::rank::{self, Scored};

/// Pieces of names: whole words, prefixes of one another, pinyin-like
/// syllables, initials, Cyrillic and Chinese, joined in many ways, so
/// that many records tie and word ends fall everywhere.
const PIECES: [&str; 20] = [
    "Shou",
    "Gang",
    "S",
    "SG",
    "sh",
    "Kazakh",
    "Ka",
    "K",
    "Univ",
    "University",
    "u",
    "ab-cd",
    "Назарбаев",
    "на",
    "наз",
    "首钢",
    "医院",
    "上海",
    "Mongolia",
    "Cancer",
];
const JOINS: [&str; 4] = ["", " ", "-", ""];

/// Queries typed a character at a time: prefixes of the pieces, and two
/// words.
const QUERIES: [&str; 14] = [
    "shougang",
    "sgy",
    "kazakh",
    "univ",
    "u",
    "назарбаев",
    "ab-cd",
    "mongolia cancer",
    "k s",
    "首钢",
    "sh",
    "ka univ",
    "sg",
    "shouga",
];

fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..PIECES.len(), 0..JOINS.len()), 1..4).prop_map(|parts| {
        let mut s = String::new();
        for (p, j) in parts {
            if !s.is_empty() {
                s.push_str(JOINS[j]);
            }
            s.push_str(PIECES[p]);
        }
        s
    })
}

fn database() -> impl Strategy<Value = Vec<Record>> {
    // Many more records matching a letter than sifting keeps before it
    // raises its cut (64).
    let institutions = proptest::collection::vec(proptest::collection::vec(name(), 1..3), 200..400);
    let partnerships =
        proptest::collection::vec((name(), 0u16..400, 0u16..400, any::<bool>()), 0..100);
    (institutions, partnerships).prop_map(|(institutions, partnerships)| {
        let n = institutions.len();
        let mut out = Vec::new();
        for (i, names) in institutions.iter().enumerate() {
            let names: Vec<(&str, &str)> = names.iter().map(|s| (s.as_str(), "")).collect();
            out.push(institution(&format!("I{}", i + 1), &names, "KZ"));
        }
        for (i, (title, a, b, open)) in partnerships.iter().enumerate() {
            let partner = |x: u16| format!("I{}", usize::from(x) % n + 1);
            let status = if *open {
                PartnershipStatus::Active
            } else {
                PartnershipStatus::Closed
            };
            out.push(partnership(
                &format!("P{}", i + 1),
                title,
                &[&partner(*a), &partner(*b)],
                status,
            ));
        }
        out
    })
}

/// Every record scored, the best `limit` made hits: what sifting must
/// find; and how many records match.
fn scored_all(index: &SearchIndex, query: &str, limit: usize) -> (Vec<Hit>, usize) {
    let q = Query::parse(query);
    let hot = index.hot.halves();
    let mut all: Vec<Scored> = Vec::new();
    let mut locations = Vec::new();
    for slot in 0..hot.len() as u32 {
        let Some(h) = hot.get(slot as usize) else {
            continue;
        };
        if h.present()
            && let Some(s) = rank::score(&index.arena, slot, h, &q, None, &mut locations)
        {
            all.push(s);
        }
    }
    let total = all.len();
    all.sort_by(Scored::order);
    all.truncate(limit);
    (index.hits(&q, &all), total)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// At every keystroke of every query, a searcher counting only a
    /// lower bound, and a whole search, find the very hits of scoring
    /// every record, in the same order; an exact total is the true one.
    #[test]
    fn sifting_finds_the_hits_of_scoring_every_record(
        records in database(),
        limit in 1usize..6,
    ) {
        let index = SearchIndex::build(&records);
        for query in QUERIES {
            let mut searcher = Searcher::new();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                if Query::parse(&typed).is_empty() {
                    continue;
                }
                let (hits, total) = scored_all(&index, &typed, limit);
                let quick = searcher.search(&index, &typed, &SearchOptions::typing(limit));
                prop_assert_eq!(&quick.hits, &hits, "typing {:?}", typed);
                prop_assert!(quick.total <= total, "{:?}", typed);
                prop_assert!(!quick.total_exact || quick.total == total, "{:?}", typed);
                let whole = index.search(&typed, &SearchOptions { limit, ..SearchOptions::default() });
                prop_assert_eq!(&whole.hits, &hits, "searching {:?}", typed);
                prop_assert_eq!((whole.total, whole.total_exact), (total, true), "{:?}", typed);
            }
        }
    }
}

/// Hundreds of names beginning alike, the shortest among the lowest
/// numbers (sifted last): passing over records that cannot beat the best
/// kept must not pass over these.
#[test]
fn the_shortest_names_are_found_among_many_that_tie() {
    let records: Vec<Record> = (1..=300)
        .map(|n| {
            let name = format!("Ub{} {n}", "x".repeat(2 + (n * 7919) % 23));
            institution(&format!("I{n}"), &[(name.as_str(), "")], "KZ")
        })
        .collect();
    let index = SearchIndex::build(&records);
    for (query, limit) in [("u", 5), ("ub", 3), ("ubx", 1), ("u", 50)] {
        let (hits, total) = scored_all(&index, query, limit);
        let quick = index.search(query, &SearchOptions::typing(limit));
        assert_eq!(quick.hits, hits, "{query}");
        assert!(quick.total <= total);
        let whole = index.search(
            query,
            &SearchOptions {
                limit,
                ..SearchOptions::default()
            },
        );
        assert_eq!((whole.hits, whole.total), (hits, total), "{query}");
    }
}
