//! What the database holds (and what this import is about to create),
//! indexed by id, by folded name and by natural key, so rows can be matched
//! to records and references by name resolved — or reported as ambiguous.

use std::collections::HashMap;

use super::msg::msg;
use crate::exchange::fold::name_key as fold;
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
    pub fn describe(&self) -> String {
        match self {
            NaturalKey::Institution(..) => msg!("key.institution"),
            NaturalKey::Contact(..) => msg!("key.contact"),
            NaturalKey::Partnership(..) => msg!("key.partnership"),
            NaturalKey::Agreement(..) => msg!("key.agreement"),
            NaturalKey::Item(..) => msg!("key.item"),
            NaturalKey::Note(..) => msg!("key.note"),
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
    /// Institution → the partnerships it is a partner of.
    partner_of: HashMap<Id, Vec<Id>>,
    /// (Agreement, folded text) → its notes, to add a register's notes once.
    notes_on: HashMap<(Id, String), Id>,
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
        self.remove(id);
        if let Record::Partnership(p) = &r {
            for i in &p.partners {
                self.partner_of.entry(*i).or_default().push(id);
            }
        }
        if let Record::Note(n) = &r {
            self.notes_on.entry((n.parent, fold(&n.text))).or_insert(id);
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

    /// Forgets a record and every way to find it (a planned create that
    /// its row's rejection withdraws).
    pub fn remove(&mut self, id: Id) -> Option<Record> {
        let old = self.records.remove(&id)?;
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
        if let Record::Partnership(p) = &old {
            for i in &p.partners {
                if let Some(v) = self.partner_of.get_mut(i) {
                    v.retain(|x| *x != id);
                }
            }
        }
        if let Record::Note(n) = &old {
            let key = (n.parent, fold(&n.text));
            if self.notes_on.get(&key) == Some(&id) {
                self.notes_on.remove(&key);
            }
        }
        Some(old)
    }

    /// The partnerships whose partners include every one of `parties`
    /// (the home institution aside), those with exactly these partners
    /// first.
    pub fn partnerships_of(&self, parties: &[Id]) -> (Vec<Id>, Vec<Id>) {
        let wanted: Vec<Id> = parties
            .iter()
            .copied()
            .filter(|i| !matches!(self.get(*i), Some(Record::Institution(x)) if x.home))
            .collect();
        let Some(first) = wanted.first() else {
            return (Vec::new(), Vec::new());
        };
        let mut exact = Vec::new();
        let mut wider = Vec::new();
        for p in self.partner_of.get(first).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(Record::Partnership(rec)) = self.get(*p) else {
                continue;
            };
            if !wanted.iter().all(|i| rec.partners.contains(i)) {
                continue;
            }
            let others = rec
                .partners
                .iter()
                .filter(|i| !matches!(self.get(**i), Some(Record::Institution(x)) if x.home))
                .count();
            if others == wanted.len() {
                exact.push(*p);
            } else {
                wider.push(*p);
            }
        }
        (exact, wider)
    }

    /// The note on `parent` with this text, if there is one.
    pub fn note_on(&self, parent: Id, text: &str) -> Option<Id> {
        self.notes_on.get(&(parent, fold(text))).copied()
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
