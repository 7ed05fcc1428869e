//! Invariants of a database, shared by `accord check`, the property tests
//! and the crash test.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use crate::model::{Id, Kind, Record, validate};

/// One thing wrong with a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The record at fault, if one is.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{id}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Problem {
    pub fn new(id: Option<Id>, message: impl Into<String>) -> Problem {
        Problem {
            id: id.map(|i| i.to_string()),
            message: message.into(),
        }
    }
}

/// Checks the records themselves: ids unique and within their counters,
/// every record valid, every reference resolving.
pub fn check_records(records: &[Record], counters: &BTreeMap<String, u32>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut kinds: HashMap<Id, Kind> = HashMap::new();
    for r in records {
        if kinds.insert(r.id(), r.kind()).is_some() {
            problems.push(Problem::new(Some(r.id()), rust_i18n::t!("check.id_reused")));
        }
        if r.id().kind != r.kind() {
            problems.push(Problem::new(
                Some(r.id()),
                rust_i18n::t!("check.id_letter", kind = r.kind().to_string()),
            ));
        }
        let top = counters
            .get(&r.id().kind.prefix().to_string())
            .copied()
            .unwrap_or(0);
        if r.id().n > top {
            problems.push(Problem::new(
                Some(r.id()),
                rust_i18n::t!("check.id_above_counter", top = top.to_string()),
            ));
        }
    }
    let lookup = |id: Id| kinds.get(&id).copied();
    for r in records {
        if let Err(e) = validate(r, &lookup) {
            for fe in e.errors {
                problems.push(Problem::new(Some(r.id()), fe.to_string()));
            }
        }
    }
    problems
}

/// Compares the index keys a store holds with those its records imply.
pub fn compare_index(
    name: &str,
    expected: &BTreeSet<Vec<u8>>,
    actual: &BTreeSet<Vec<u8>>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let missing = expected.difference(actual).count();
    let stale = actual.difference(expected).count();
    if missing > 0 {
        problems.push(Problem::new(
            None,
            rust_i18n::t!("check.index_missing", name = name, n = missing.to_string()),
        ));
    }
    if stale > 0 {
        problems.push(Problem::new(
            None,
            rust_i18n::t!("check.index_stale", name = name, n = stale.to_string()),
        ));
    }
    problems
}
