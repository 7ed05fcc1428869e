//! Finding records by what a person types, in any script: the search
//! overlay, table filter lines and form pickers all go through [`Finder`],
//! a thin layer over the core search ([`crate::search`]): pinyin and
//! initials find Chinese names, transliteration finds Cyrillic ones, and
//! the matched characters are highlighted.

use std::collections::HashSet;

use super::data::Data;
use crate::model::{Id, Kind, Record};
use crate::search::{SearchIndex, SearchOptions, Searcher};

/// One result: the record's title, which of its characters matched, and
/// another field that matched when that is what found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: Id,
    pub score: i64,
    /// The record's title (as stored).
    pub text: String,
    /// Character positions in `text` to highlight.
    pub indices: Vec<usize>,
    /// Another name, a partner's name, a tag… that matched, with its
    /// highlighted characters.
    pub also: Option<(String, Vec<usize>)>,
}

/// Hits of a keystroke, and how many records matched in all (`exact`
/// false: at least `total`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: usize,
    pub exact: bool,
    /// Only the beginning of a long query was searched (see [`MAX_QUERY`]).
    pub shortened: bool,
}

/// Queries longer than this are cut: nobody types more, and matching cost
/// grows with the length. The search overlay says so.
pub const MAX_QUERY: usize = 64;

fn cap(q: &str) -> &str {
    match q.char_indices().nth(MAX_QUERY) {
        Some((i, _)) => &q[..i],
        None => q,
    }
}

/// How many runs of consecutive positions `indices` (ascending) make.
fn runs(indices: &[usize]) -> usize {
    indices.windows(2).filter(|w| w[1] != w[0] + 1).count() + usize::from(!indices.is_empty())
}

/// The search index of every record. A default `Finder` is not ready (the
/// index is being built in the background): filter lines then match titles
/// as typed, and search says it is preparing.
#[derive(Default)]
pub struct Finder {
    index: SearchIndex,
    /// Narrows keystroke by keystroke in the search overlay and pickers.
    searcher: Searcher,
    ready: bool,
}

impl Finder {
    pub fn new(data: &Data) -> Finder {
        let records: Vec<Record> = Kind::ALL
            .iter()
            .flat_map(|k| data.of_kind(*k))
            .cloned()
            .collect();
        Finder::from_records(&records)
    }

    /// Indexes records (on any thread).
    pub fn from_records(records: &[Record]) -> Finder {
        Finder::from_index(SearchIndex::build(records))
    }

    /// A finder over an index built or loaded elsewhere (the search cache).
    pub fn from_index(index: SearchIndex) -> Finder {
        Finder {
            index,
            searcher: Searcher::new(),
            ready: true,
        }
    }

    /// Whether the index is built (else search waits, filters match titles).
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// Re-indexes records after a change.
    pub fn refresh(&mut self, data: &Data, ids: &[Id]) {
        for id in ids {
            match data.get(*id) {
                Some(r) => self.index.upsert(r),
                None => self.index.remove(*id),
            }
        }
    }

    fn options(kinds: &[Kind], limit: usize, exact_total: bool) -> SearchOptions {
        SearchOptions {
            kinds: (!kinds.is_empty()).then(|| kinds.to_vec()),
            limit,
            exact_total,
        }
    }

    /// The records matching `query`, best first, at most `limit`; only of
    /// `kinds` when that is not empty. Made for a keystroke: the total is
    /// only a lower bound (see [`Found`]).
    pub fn search(&mut self, query: &str, kinds: &[Kind], limit: usize) -> Vec<Hit> {
        self.find(query, kinds, limit).hits
    }

    /// Like [`Finder::search`], with how many records matched.
    pub fn find(&mut self, query: &str, kinds: &[Kind], limit: usize) -> Found {
        let q = cap(query.trim());
        if q.is_empty() || !self.ready {
            return Found::default();
        }
        let results = self
            .searcher
            .search(&self.index, q, &Finder::options(kinds, limit, false));
        let hits = results
            .hits
            .into_iter()
            .map(|h| Hit {
                id: h.id,
                score: h.score,
                text: h.title,
                indices: h.highlights,
                also: h
                    .also
                    .into_iter()
                    .find(|m| !m.highlights.is_empty())
                    .map(|m| (m.text, m.highlights)),
            })
            .collect();
        Found {
            hits,
            total: results.total,
            exact: results.total_exact,
            shortened: results.shortened || q.len() < query.trim().len(),
        }
    }

    /// The ids of every record of `kind` matching `query` (filter lines).
    /// A filter is stricter than search: each word must be found as a run
    /// of characters (in any spelling), not as letters strewn over a name.
    pub fn matching(&self, query: &str, kind: Kind) -> HashSet<Id> {
        let q = cap(query.trim());
        let terms = q.split_whitespace().count();
        self.index
            .search(q, &Finder::options(&[kind], self.index.len().max(1), true))
            .hits
            .into_iter()
            .filter(|h| {
                let fields =
                    std::iter::once(&h.highlights).chain(h.also.iter().map(|m| &m.highlights));
                let lit: Vec<&Vec<usize>> = fields.filter(|f| !f.is_empty()).collect();
                lit.is_empty() || lit.iter().any(|f| runs(f) <= terms)
            })
            .map(|h| h.id)
            .collect()
    }

    /// Before the index is ready: whether every word of `query` occurs in
    /// the record's title.
    pub fn title_matches(record: &Record, query: &str) -> bool {
        let title = record.title().to_lowercase();
        cap(query)
            .split_whitespace()
            .all(|w| title.contains(&w.to_lowercase()))
    }
}

/// The names offered where an owner is asked for, for what is typed. On a
/// personal database: the owners in use that contain the text, as ever.
/// With staff known (the team server's or the staff directory's): the
/// staff, then the other owners in use (external people), each once,
/// fuzzy-matched (`lina`, `li n` find "Li Na"), best first.
pub fn owner_choices(app: &crate::tui::App, typed: &str) -> Vec<String> {
    let q = typed.trim();
    if app.staff.is_empty() {
        let ql = q.to_lowercase();
        return app
            .data
            .owners
            .iter()
            .filter(|o| o.to_lowercase().contains(&ql))
            .cloned()
            .collect();
    }
    let mut names: Vec<&String> = Vec::with_capacity(app.staff.len() + app.data.owners.len());
    for n in app.staff.iter().chain(app.data.owners.iter()) {
        if !names.iter().any(|o| crate::due::same_owner(o, n)) {
            names.push(n);
        }
    }
    fuzzy_names(&names, q)
}

/// `names` fuzzy-matched against `q` (all of them, in order, when it is
/// empty), best match first.
fn fuzzy_names(names: &[&String], q: &str) -> Vec<String> {
    use fuzzy_matcher::FuzzyMatcher;
    if q.is_empty() {
        return names.iter().map(|n| n.to_string()).collect();
    }
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let mut hits: Vec<(i64, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| matcher.fuzzy_match(n, q).map(|s| (s, i)))
        .collect();
    hits.sort_by_key(|(score, i)| (std::cmp::Reverse(*score), *i));
    hits.into_iter()
        .filter_map(|(_, i)| names.get(i).map(|n| n.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    #[test]
    fn names_match_fuzzily_best_first() {
        let (a, b, c) = (
            "Li Na".to_string(),
            "Lin Feng".to_string(),
            "王军".to_string(),
        );
        let names = [&a, &b, &c];
        assert_eq!(fuzzy_names(&names, "").len(), 3);
        assert_eq!(fuzzy_names(&names, "lina").first(), Some(&a));
        assert_eq!(fuzzy_names(&names, "王"), vec![c.clone()]);
        assert!(fuzzy_names(&names, "zzz").is_empty());
    }

    fn finder() -> Finder {
        Finder::new(&Data::from_records(fixture::records(), fixture::today()))
    }

    fn lit(text: &str, indices: &[usize]) -> String {
        text.chars()
            .enumerate()
            .filter(|(i, _)| indices.contains(i))
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn latin_finds_chinese_by_pinyin_and_initials() {
        let mut f = finder();
        let hits = f.search("shougang", &[], 10);
        assert!(hits.iter().any(|h| h.id == Id::new(Kind::Institution, 1)));
        let hits = f.search("sgyy", &[Kind::Institution], 10);
        let h = &hits[0];
        assert_eq!(h.id, Id::new(Kind::Institution, 1));
        assert_eq!(lit(&h.text, &h.indices), "首钢医院");
    }

    #[test]
    fn filters_match_words_and_titles_before_the_index() {
        let f = finder();
        let set = f.matching("peking shougang", Kind::Institution);
        assert!(set.contains(&Id::new(Kind::Institution, 1)));
        assert!(f.matching("almaty", Kind::Institution).is_empty());
        // Letters strewn over a name do not pass a filter.
        assert!(f.matching("pgh", Kind::Institution).is_empty());
        assert_eq!(runs(&[1, 2, 3, 7, 8]), 2);
        let data = Data::from_records(fixture::records(), fixture::today());
        let i1 = data.get(Id::new(Kind::Institution, 1)).unwrap();
        assert!(Finder::title_matches(i1, "首钢") && !Finder::title_matches(i1, "shougang"));
        assert!(!Finder::default().is_ready());
    }
}
