//! Finding records by what a person types, in any script: the search
//! overlay, table filter lines and form pickers all go through [`Finder`].
//!
//! This is the boundary to the core search (`accord::search`): the
//! interface only needs `search` (ranked hits with highlight positions) and
//! `matches` (a yes/no for filter lines).

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::data::Data;
use crate::model::{Id, Kind, Record};

/// One result: the text that matched and which of its characters did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: Id,
    pub score: i64,
    /// The name or title that matched (as stored).
    pub text: String,
    /// Character positions in `text` to highlight.
    pub indices: Vec<usize>,
}

/// One searchable text of a record, with Latin spellings for other scripts.
#[derive(Debug, Clone)]
struct Entry {
    text: String,
    /// Lower-case romanisation (pinyin, transliteration), and for each of
    /// its characters the position of the source character in `text`.
    roman: String,
    roman_map: Vec<usize>,
    /// Initials of Chinese characters (`sgyy` for 首钢医院).
    initials: String,
    initials_map: Vec<usize>,
}

impl Entry {
    fn new(text: &str) -> Entry {
        let mut e = Entry {
            text: text.to_string(),
            roman: String::new(),
            roman_map: Vec::new(),
            initials: String::new(),
            initials_map: Vec::new(),
        };
        for (i, c) in text.chars().enumerate() {
            let r = if c.is_ascii() {
                c.to_ascii_lowercase().to_string()
            } else {
                any_ascii::any_ascii_char(c).to_lowercase()
            };
            let han = r.len() > 1 && !c.is_ascii() && c as u32 >= 0x2e80;
            for rc in r.chars() {
                e.roman.push(rc);
                e.roman_map.push(i);
            }
            if han {
                if let Some(f) = r.chars().next() {
                    e.initials.push(f);
                    e.initials_map.push(i);
                }
            } else if c.is_alphanumeric() {
                e.initials.extend(c.to_lowercase());
                e.initials_map.push(i);
            }
        }
        e
    }
}

/// Queries longer than this are cut: nobody types more, and matching cost
/// grows with the length.
const MAX_QUERY: usize = 64;

fn cap(q: &str) -> &str {
    match q.char_indices().nth(MAX_QUERY) {
        Some((i, _)) => &q[..i],
        None => q,
    }
}

/// The searchable texts of every record. A default `Finder` is not ready
/// (the index is being built in the background): filter lines then match
/// titles as typed, and search says it is preparing.
#[derive(Default)]
pub struct Finder {
    entries: HashMap<Id, Vec<Entry>>,
    matcher: SkimMatcherV2,
    ready: bool,
}

fn texts(r: &Record) -> Vec<String> {
    let mut v = vec![r.id().to_string()];
    match r {
        Record::Institution(i) => {
            v.extend(i.names.iter().map(|n| n.text.clone()));
            v.push(i.short_name.clone());
            v.push(i.city.clone());
            v.extend(i.tags.iter().cloned());
        }
        Record::Contact(c) => {
            v.extend(c.names.iter().map(|n| n.text.clone()));
            v.push(c.email.clone());
            v.push(c.title.clone());
        }
        Record::Partnership(p) => {
            v.push(p.title.clone());
            v.push(p.owner.clone());
        }
        Record::Agreement(a) => {
            v.push(a.title.clone());
            v.extend(a.signatories.iter().cloned());
        }
        other => v.push(other.title()),
    }
    v.retain(|t| !t.trim().is_empty());
    v
}

impl Finder {
    pub fn new(data: &Data) -> Finder {
        Finder::from_records(Kind::ALL.iter().flat_map(|k| data.of_kind(*k)))
    }

    /// Indexes records (on any thread).
    pub fn from_records<'a>(records: impl Iterator<Item = &'a Record>) -> Finder {
        let mut f = Finder {
            ready: true,
            ..Finder::default()
        };
        for r in records {
            f.index(r);
        }
        f
    }

    /// Whether the index is built (else search waits, filters match titles).
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    fn index(&mut self, r: &Record) {
        let entries = texts(r).iter().map(|t| Entry::new(t)).collect();
        self.entries.insert(r.id(), entries);
    }

    /// Re-indexes records after a change.
    pub fn refresh(&mut self, data: &Data, ids: &[Id]) {
        for id in ids {
            match data.get(*id) {
                Some(r) => self.index(r),
                None => {
                    self.entries.remove(id);
                }
            }
        }
    }

    fn best(&self, e: &Entry, q: &str) -> Option<(i64, Vec<usize>)> {
        let mut best: Option<(i64, Vec<usize>)> = None;
        let mut consider = |m: Option<(i64, Vec<usize>)>, map: Option<&[usize]>| {
            if let Some((s, idx)) = m {
                let mut idx: Vec<usize> = match map {
                    Some(map) => idx.iter().filter_map(|i| map.get(*i).copied()).collect(),
                    None => idx,
                };
                idx.dedup();
                if best.as_ref().is_none_or(|(b, _)| s > *b) {
                    best = Some((s, idx));
                }
            }
        };
        consider(self.matcher.fuzzy_indices(&e.text, q), None);
        if q.is_ascii() {
            consider(self.matcher.fuzzy_indices(&e.roman, q), Some(&e.roman_map));
            consider(
                self.matcher.fuzzy_indices(&e.initials, q),
                Some(&e.initials_map),
            );
        }
        best
    }

    /// The records matching `query`, best first, at most `limit`; only of
    /// `kinds` when that is not empty.
    pub fn search(&self, query: &str, kinds: &[Kind], limit: usize) -> Vec<Hit> {
        let q = cap(query.trim());
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = Vec::new();
        for (id, entries) in &self.entries {
            if !kinds.is_empty() && !kinds.contains(&id.kind) {
                continue;
            }
            let mut top: Option<Hit> = None;
            for (n, e) in entries.iter().enumerate() {
                if let Some((score, indices)) = self.best(e, q) {
                    // Prefer names and titles over ids and tags.
                    let score = score + if n == 1 { 5 } else { 0 };
                    if top.as_ref().is_none_or(|t| score > t.score) {
                        top = Some(Hit {
                            id: *id,
                            score,
                            text: e.text.clone(),
                            indices,
                        });
                    }
                }
            }
            hits.extend(top);
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits.truncate(limit);
        hits
    }

    /// Whether every word of `query` occurs in one of the record's texts
    /// (as written, romanised, or as initials). Used by filter lines.
    pub fn matches(&self, record: &Record, query: &str) -> bool {
        if !self.ready {
            let title = record.title().to_lowercase();
            return cap(query)
                .split_whitespace()
                .all(|w| title.contains(&w.to_lowercase()));
        }
        let Some(entries) = self.entries.get(&record.id()) else {
            return false;
        };
        cap(query).split_whitespace().all(|w| {
            let w = w.to_lowercase();
            entries.iter().any(|e| {
                e.text.to_lowercase().contains(&w)
                    || e.roman.contains(&w)
                    || e.initials.contains(&w)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    fn finder() -> Finder {
        Finder::new(&Data::from_records(fixture::records(), fixture::today()))
    }

    #[test]
    fn latin_finds_chinese_by_pinyin_and_initials() {
        let f = finder();
        let hits = f.search("shougang", &[], 10);
        assert!(hits.iter().any(|h| h.id == Id::new(Kind::Institution, 1)));
        let hits = f.search("sgyy", &[Kind::Institution], 10);
        let h = &hits[0];
        assert_eq!(h.id, Id::new(Kind::Institution, 1));
        let lit: String = h
            .text
            .chars()
            .enumerate()
            .filter(|(i, _)| h.indices.contains(i))
            .map(|(_, c)| c)
            .collect();
        assert_eq!(lit, "首钢医院");
    }

    #[test]
    fn latin_finds_cyrillic_and_filters_match_words() {
        let f = finder();
        let hits = f.search("kazakhskii", &[], 10);
        assert_eq!(
            hits.first().map(|h| h.id),
            Some(Id::new(Kind::Institution, 3))
        );
        let data = Data::from_records(fixture::records(), fixture::today());
        let i1 = data.get(Id::new(Kind::Institution, 1)).unwrap();
        assert!(f.matches(i1, "peking shougang"));
        assert!(!f.matches(i1, "almaty"));
        // Before the index is ready, filters match titles as typed.
        let waiting = Finder::default();
        assert!(waiting.matches(i1, "首钢") && !waiting.matches(i1, "shougang"));
    }
}
