//! Search as the user types: each keystroke reuses the records that
//! matched the query before it.

use super::index::SearchIndex;
use super::query::Query;
use super::sift::{Candidate, Narrowing};
use super::{Results, SearchOptions};

/// Queries kept for reuse (typing back over them with Backspace).
const MAX_LEVELS: usize = 64;

/// Runs successive queries against one index, keystroke by keystroke.
///
/// When a query extends an earlier one ("shou" → "shoug", "mongolia" →
/// "mongolia c"), only the records that matched the earlier query are
/// searched again; going back (Backspace) finds the earlier results
/// still there. Any change to the index, or to the kinds searched, starts
/// afresh, so results are always those [`SearchIndex::search`] would give.
#[derive(Debug, Default)]
pub struct Searcher {
    instance: u64,
    generation: u64,
    kinds: Option<Vec<crate::model::Kind>>,
    /// Queries, each narrowing the one before, with the records they
    /// matched.
    levels: Vec<Level>,
}

#[derive(Debug)]
struct Level {
    query: Query,
    matched: Vec<Candidate>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Searches `index` for `query`; the same results as
    /// [`SearchIndex::search`], usually faster.
    pub fn search(&mut self, index: &SearchIndex, query: &str, options: &SearchOptions) -> Results {
        if self.instance != index.instance
            || self.generation != index.generation
            || self.kinds != options.kinds
        {
            self.levels.clear();
            self.instance = index.instance;
            self.generation = index.generation;
            self.kinds = options.kinds.clone();
        }
        let q = Query::parse(query);
        if q.is_empty() {
            return index.run(&q, options, None).0;
        }
        // Reuse the last query this one narrows down.
        while self.levels.last().is_some_and(|l| !narrows(&l.query, &q)) {
            self.levels.pop();
        }
        let narrowing = self.levels.last().map(|l| {
            let verified = same_terms(&l.query, &q);
            Narrowing {
                candidates: &l.matched,
                verified,
                hints: l.query.terms.len() == q.terms.len() && verified + 1 >= q.terms.len(),
            }
        });
        let (results, matched) = index.run(&q, options, narrowing);
        let same = |l: &Level| {
            l.query.terms.len() == q.terms.len() && same_terms(&l.query, &q) == q.terms.len()
        };
        if !self.levels.last().is_some_and(same) {
            if self.levels.len() >= MAX_LEVELS {
                self.levels.remove(0);
            }
            self.levels.push(Level { query: q, matched });
        }
        results
    }

    /// Forgets earlier queries.
    pub fn reset(&mut self) {
        self.levels.clear();
    }
}

/// Whether every record matching `q` matches `old`: each term of `old`
/// has, for every spelling of the same term of `q`, a spelling that
/// begins it (so a run or a scatter of the one holds one of the other).
fn narrows(old: &Query, q: &Query) -> bool {
    old.terms.len() <= q.terms.len()
        && old.terms.iter().zip(&q.terms).all(|(a, b)| {
            b.spellings
                .iter()
                .all(|s| a.spellings.iter().any(|o| s.text.starts_with(&o.text)))
        })
}

/// How many leading terms of `q` are exactly terms of `old`.
fn same_terms(old: &Query, q: &Query) -> usize {
    old.terms
        .iter()
        .zip(&q.terms)
        .take_while(|(a, b)| {
            a.spellings.len() == b.spellings.len()
                && a.spellings
                    .iter()
                    .zip(&b.spellings)
                    .all(|(x, y)| x.text == y.text)
        })
        .count()
}
