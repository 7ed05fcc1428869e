//! What the database holds (and what this import is about to create),
//! indexed by id, by folded name and by natural key, so rows can be matched
//! to records and references by name resolved — or reported as ambiguous.

use std::collections::HashMap;

use crate::exchange::fold::fold;
use crate::model::{Id, Kind, Record};
use crate::store::{Result, Store};

/// The key that says two rows are the same record when no id is given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NaturalKey {
    /// Any of an institution's names, with its country.
    Institution(String, String),
    Contact(String, Id),
    Partnership(String),
    Agreement(String, Id),
    Item(Kind, String, Id),
    Note(Id, chrono::NaiveDate, String),
}

impl NaturalKey {
    /// What the key compares, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NaturalKey::Institution(..) => "the same name and country",
            NaturalKey::Contact(..) => "the same name and institution",
            NaturalKey::Partnership(..) => "the same title",
            NaturalKey::Agreement(..) => "the same title and partnership",
            NaturalKey::Item(..) => "the same title and parent",
            NaturalKey::Note(..) => "the same parent, date and text",
        }
    }
}

/// The natural keys of a record (an institution has one per name).
pub fn natural_keys(r: &Record) -> Vec<NaturalKey> {
    match r {
        Record::Institution(i) => i
            .names
            .iter()
            .map(|n| NaturalKey::Institution(fold(&n.text), i.country.clone()))
            .collect(),
        Record::Contact(c) => c
            .names
            .first()
            .map(|n| NaturalKey::Contact(fold(&n.text), c.institution))
            .into_iter()
            .collect(),
        Record::Partnership(p) => vec![NaturalKey::Partnership(fold(&p.title))],
        Record::Agreement(a) => vec![NaturalKey::Agreement(fold(&a.title), a.partnership)],
        Record::Action(a) => vec![NaturalKey::Item(Kind::Action, fold(&a.title), a.parent)],
        Record::FollowUp(f) => vec![NaturalKey::Item(Kind::FollowUp, fold(&f.title), f.parent)],
        Record::Note(n) => vec![NaturalKey::Note(n.parent, n.date, fold(&n.text))],
    }
}

/// Records by id, by name and by natural key.
#[derive(Default)]
pub struct Index {
    records: HashMap<Id, Record>,
    /// Folded name or title → ids, for institutions, partnerships, agreements.
    names: HashMap<(Kind, String), Vec<Id>>,
    keys: HashMap<NaturalKey, Id>,
    /// The highest id number in use when the import began, per kind.
    pub counters: HashMap<Kind, u32>,
}

impl Index {
    pub fn read(store: &dyn Store) -> Result<Index> {
        let mut ix = Index::default();
        for kind in Kind::ALL {
            ix.counters
                .insert(kind, store.next_id(kind)?.n.saturating_sub(1));
            for r in store.list(kind)? {
                ix.put(r);
            }
        }
        Ok(ix)
    }

    pub fn get(&self, id: Id) -> Option<&Record> {
        self.records.get(&id)
    }

    pub fn exists(&self, id: Id) -> bool {
        self.records.contains_key(&id)
    }

    /// Adds or replaces a record (a planned create or update).
    pub fn put(&mut self, r: Record) {
        let id = r.id();
        if let Some(old) = self.records.remove(&id) {
            for k in natural_keys(&old) {
                if self.keys.get(&k) == Some(&id) {
                    self.keys.remove(&k);
                }
            }
            for n in names(&old) {
                if let Some(v) = self.names.get_mut(&(id.kind, n)) {
                    v.retain(|x| *x != id);
                }
            }
        }
        for k in natural_keys(&r) {
            self.keys.entry(k).or_insert(id);
        }
        for n in names(&r) {
            let v = self.names.entry((id.kind, n)).or_default();
            if !v.contains(&id) {
                v.push(id);
            }
        }
        self.records.insert(id, r);
    }

    /// Removes a record from the index, to hand it to the store.
    pub fn take(&mut self, id: Id) -> Option<Record> {
        self.records.remove(&id)
    }

    /// The record a natural key points to.
    pub fn by_key(&self, k: &NaturalKey) -> Option<Id> {
        self.keys.get(k).copied()
    }

    /// Records of `kind` one of whose names or titles folds to `name`.
    pub fn named(&self, kind: Kind, name: &str) -> &[Id] {
        self.names
            .get(&(kind, fold(name)))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// "I3 Kazakh National Medical University (KZ)", for ambiguity messages.
    pub fn describe(&self, id: Id) -> String {
        match self.get(id) {
            Some(Record::Institution(i)) => format!(
                "{id} {} ({})",
                i.names.first().map(|n| n.text.as_str()).unwrap_or(""),
                i.country
            ),
            Some(r) => format!("{id} {}", r.title()),
            None => id.to_string(),
        }
    }
}

/// The folded names a record can be referred to by.
fn names(r: &Record) -> Vec<String> {
    let mut out: Vec<String> = match r {
        Record::Institution(i) => {
            let mut v: Vec<String> = i.names.iter().map(|n| fold(&n.text)).collect();
            if !i.short_name.trim().is_empty() {
                v.push(fold(&i.short_name));
            }
            v
        }
        Record::Contact(c) => c.names.iter().map(|n| fold(&n.text)).collect(),
        Record::Partnership(_) | Record::Agreement(_) => vec![fold(&r.title())],
        _ => Vec::new(),
    };
    out.retain(|n| !n.is_empty());
    out.sort();
    out.dedup();
    out
}
