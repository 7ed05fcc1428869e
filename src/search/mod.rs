//! Fuzzy search over every record, in every script.
//!
//! Users type on a Latin keyboard; partners' names are in Chinese,
//! Russian, Kazakh, Mongolian and English. Every name and title is
//! therefore searched in several spellings: folded (lower case, diacritics
//! stripped: `universite` finds "Université", `назарбаев` finds
//! "Назарбаев Университет"), in Latin letters (`qazaq` finds "Қазақ",
//! `kazakh` finds "Казахский"), and for Chinese as pinyin with the other
//! readings of polyphonic characters and as pinyin initials (`shougang`
//! and `sgyy` find 北京大学首钢医院). Matches in any spelling highlight
//! the characters of the name as displayed.
//!
//! ```
//! use accord::search::{SearchIndex, SearchOptions};
//! # use accord::model::*;
//! # let records = vec![Record::Institution(Institution {
//! #     id: "I1".parse().unwrap(),
//! #     names: vec![Name::new("北京大学首钢医院", "zh")],
//! #     short_name: String::new(), country: "CN".into(), city: String::new(),
//! #     kind: InstitutionKind::Hospital, tags: vec![], website: String::new(), home: false,
//! # })];
//! let index = SearchIndex::build(&records);
//! let results = index.search("shougang", &SearchOptions::default());
//! let best = &results.hits[0];
//! assert_eq!(best.title, "北京大学首钢医院");
//! assert_eq!(best.highlights, [4, 5]); // 首钢
//! ```
//!
//! A query is split at spaces; every term must match, in any field
//! (`mongolia cancer`). Only the first [`MAX_QUERY_CHARS`] characters and
//! [`MAX_QUERY_WORDS`] words are searched, so that no query, however long,
//! takes long ([`Results::shortened`] tells). An id typed exactly comes first; then whole names
//! and name prefixes, then words, then scattered letters; open records
//! before closed ones, recent before old.
//!
//! An interface builds the index once ([`SearchIndex::build`] over the
//! records it loaded, or [`SearchIndex::from_store`]), calls
//! [`SearchIndex::upsert`] / [`SearchIndex::remove`] for the records each
//! change touched, and answers keystrokes with a [`Searcher`] and
//! [`SearchOptions::typing`]. Highlights are character indices: map them
//! to columns by display width.

mod arena;
pub mod cache;
mod derive;
mod entries;
mod entry;
mod fold;
mod index;
mod mapped;
mod query;
mod rank;
mod saved;
mod searcher;
mod sift;
mod slots;
mod spelled;
mod thaw;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::model::{Id, Kind};

pub use cache::{Origin, Rebuilt};
pub use entry::Field;
pub use fold::normalize;
pub use index::SearchIndex;
pub use query::{MAX_QUERY_CHARS, MAX_QUERY_WORDS};
pub use searcher::Searcher;

/// What to search and how many results to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Only records of these kinds; every kind when `None`.
    pub kinds: Option<Vec<Kind>>,
    /// At most this many hits.
    pub limit: usize,
    /// Count every match exactly. Off, only the records that could rank
    /// among the hits are checked, and [`Results::total`] is a lower bound:
    /// much faster at a keystroke over many records (the hits are the
    /// same either way).
    pub exact_total: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            kinds: None,
            limit: 50,
            exact_total: true,
        }
    }
}

impl SearchOptions {
    /// Records of one kind (for pickers: institutions, partnerships…).
    pub fn of_kind(kind: Kind, limit: usize) -> SearchOptions {
        SearchOptions {
            kinds: Some(vec![kind]),
            limit,
            exact_total: true,
        }
    }

    /// For results updated at every keystroke: the best `limit` of every
    /// kind, the total only as a lower bound.
    pub fn typing(limit: usize) -> SearchOptions {
        SearchOptions {
            kinds: None,
            limit,
            exact_total: false,
        }
    }
}

/// The best records for a query, and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// Best first, at most `limit`.
    pub hits: Vec<Hit>,
    /// How many records matched (may exceed `hits.len()`); at least this
    /// many when `total_exact` is false.
    pub total: usize,
    /// Whether `total` counts every match (see
    /// [`SearchOptions::exact_total`]).
    pub total_exact: bool,
    /// Whether the query was too long and only its beginning was searched
    /// (its first [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_WORDS`]
    /// words): interfaces say so.
    pub shortened: bool,
}

/// One record found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: Id,
    pub kind: Kind,
    /// The text shown for the record ([`crate::model::Record::title`]).
    pub title: String,
    /// Higher is better; only meaningful within one query.
    pub score: i64,
    /// Whether the record is open or active ([`crate::model::Record::is_open`]).
    pub open: bool,
    /// Character indices (not bytes) of `title` to highlight, ascending.
    pub highlights: Vec<usize>,
    /// Other fields that matched (another name, a partner's name, a tag…),
    /// for showing under or beside the title.
    pub also: Vec<FieldMatch>,
}

/// A field other than the title that a query term matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    pub field: Field,
    /// The field as entered (e.g. "Peking University Shougang Hospital"
    /// when the title is 北京大学首钢医院).
    pub text: String,
    /// Character indices of `text` to highlight, ascending.
    pub highlights: Vec<usize>,
}

impl Serialize for Hit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Hit", 7)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("kind", self.kind.name())?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("score", &self.score)?;
        st.serialize_field("open", &self.open)?;
        st.serialize_field("highlights", &self.highlights)?;
        st.serialize_field("also", &self.also)?;
        st.end()
    }
}

impl Serialize for FieldMatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldMatch", 3)?;
        st.serialize_field("field", self.field.name())?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("highlights", &self.highlights)?;
        st.end()
    }
}

#[cfg(test)]
mod tests;
