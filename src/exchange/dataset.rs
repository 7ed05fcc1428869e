//! The database read once into memory for an export: every record by kind
//! in id order, with the lookups reports need (names, the partnership a
//! record belongs to, last contact).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::{Id, Institution, Kind, Partnership, Record};
use crate::store::records_cache::ByKind;
use crate::store::{Result, Store};

/// Where an export's records come from.
#[derive(Clone)]
pub enum Source<'a> {
    /// Read from the store for the export.
    Store(&'a dyn Store),
    /// Records already in memory (the interface's), shared rather than
    /// copied: at 100k records a copy cost the interface 50–100 MB for the
    /// length of an export. The store they come from is still what a JSON
    /// export reads (it is the whole database, its history included).
    Held(&'a dyn Store, Arc<ByKind>),
}

impl<'a> Source<'a> {
    pub fn store(&self) -> &'a dyn Store {
        match self {
            Source::Store(s) | Source::Held(s, _) => *s,
        }
    }

    /// The records as a dataset: read from the store, or the ones held.
    pub fn dataset(&self, today: NaiveDate) -> Result<Dataset> {
        match self {
            Source::Store(s) => Dataset::load(*s, today),
            Source::Held(_, records) => Ok(Dataset::from_shared(records.clone(), today)),
        }
    }
}

/// Every record, by kind, in id order.
pub struct Dataset {
    pub today: NaiveDate,
    by_kind: Arc<ByKind>,
    index: HashMap<Id, usize>,
    /// The partnership each record belongs to, where it has one.
    partnership: HashMap<Id, Id>,
    /// The latest note date per partnership.
    last_contact: HashMap<Id, NaiveDate>,
}

fn slot(kind: Kind) -> usize {
    kind as usize
}

impl Dataset {
    /// Reads every record of `store` (on two threads, see
    /// [`crate::store::load_all`]).
    pub fn load(store: &dyn Store, today: NaiveDate) -> Result<Dataset> {
        let all = store.read_everything(&crate::store::Progress::default())?;
        Ok(Dataset::from_list(all, today))
    }

    /// A dataset over records already at hand (tests, benches).
    pub fn from_list(records: Vec<Record>, today: NaiveDate) -> Dataset {
        let mut by_kind = ByKind::default();
        for r in records {
            by_kind[slot(r.kind())].push(r);
        }
        for v in &mut by_kind {
            if !v.is_sorted_by_key(Record::id) {
                v.sort_by_key(Record::id);
            }
        }
        Dataset::from_records(Arc::new(by_kind), today)
    }

    /// A dataset over records held elsewhere, shared: each kind in its
    /// own slot, in id order (as the interface keeps them; others are
    /// copied and put in order).
    pub fn from_shared(records: Arc<ByKind>, today: NaiveDate) -> Dataset {
        let in_order = records.iter().zip(Kind::ALL).all(|(list, kind)| {
            list.is_sorted_by_key(Record::id) && list.iter().all(|r| r.kind() == kind)
        });
        if !in_order {
            let all = records.iter().flatten().cloned().collect();
            return Dataset::from_list(all, today);
        }
        Dataset::from_records(records, today)
    }

    fn from_records(by_kind: Arc<ByKind>, today: NaiveDate) -> Dataset {
        let mut index = HashMap::new();
        for v in by_kind.iter() {
            for (i, r) in v.iter().enumerate() {
                index.insert(r.id(), i);
            }
        }
        let mut data = Dataset {
            today,
            by_kind,
            index,
            partnership: HashMap::new(),
            last_contact: HashMap::new(),
        };
        let mut partnership = HashMap::new();
        for kind in Kind::ALL {
            for r in data.of(kind) {
                if let Some(p) = data.trace_partnership(r) {
                    partnership.insert(r.id(), p);
                }
            }
        }
        let mut last_contact: HashMap<Id, NaiveDate> = HashMap::new();
        for r in data.of(Kind::Note) {
            if let (Record::Note(n), Some(p)) = (r, partnership.get(&r.id())) {
                let e = last_contact.entry(*p).or_insert(n.date);
                *e = (*e).max(n.date);
            }
        }
        data.partnership = partnership;
        data.last_contact = last_contact;
        data
    }

    /// The records of one kind, in id order.
    pub fn of(&self, kind: Kind) -> &[Record] {
        &self.by_kind[slot(kind)]
    }

    pub fn get(&self, id: Id) -> Option<&Record> {
        let i = *self.index.get(&id)?;
        self.by_kind[slot(id.kind)].get(i).filter(|r| r.id() == id)
    }

    /// How many records there are in all.
    pub fn len(&self) -> usize {
        self.by_kind.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn institution(&self, id: Id) -> Option<&Institution> {
        match self.get(id) {
            Some(Record::Institution(i)) => Some(i),
            _ => None,
        }
    }

    pub fn partnership(&self, id: Id) -> Option<&Partnership> {
        match self.get(id) {
            Some(Record::Partnership(p)) => Some(p),
            _ => None,
        }
    }

    /// The partnership a record belongs to: itself, its parent, or its
    /// parent's parent.
    pub fn partnership_of(&self, id: Id) -> Option<Id> {
        if id.kind == Kind::Partnership {
            return Some(id);
        }
        self.partnership.get(&id).copied()
    }

    fn trace_partnership(&self, record: &Record) -> Option<Id> {
        let mut current = record;
        for _ in 0..4 {
            if current.kind() == Kind::Partnership {
                return Some(current.id());
            }
            current = self.get(current.parent()?)?;
        }
        None
    }

    /// The date of the latest note on a partnership (or on its records).
    pub fn last_contact(&self, partnership: Id) -> Option<NaiveDate> {
        self.last_contact.get(&partnership).copied()
    }

    /// The name to show for a record in one cell: an institution's short
    /// name or primary name, any other record's title; the id if unknown.
    pub fn display_name(&self, id: Id) -> String {
        match self.get(id) {
            Some(Record::Institution(i)) if !i.short_name.trim().is_empty() => i.short_name.clone(),
            Some(r) => r.title(),
            None => id.to_string(),
        }
    }

    /// An institution's names in every script, joined with " / ".
    pub fn all_names(&self, id: Id) -> String {
        match self.institution(id) {
            Some(i) => i
                .names
                .iter()
                .map(|n| n.text.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" / "),
            None => self.display_name(id),
        }
    }

    /// The owner responsible for a record: its own, or else its parent's.
    pub fn effective_owner(&self, record: &Record) -> String {
        let mut current = record;
        for _ in 0..4 {
            if let Some(o) = current.owner()
                && !o.trim().is_empty()
                && current.kind() != Kind::Note
            {
                return o.trim().to_string();
            }
            match current.parent().and_then(|p| self.get(p)) {
                Some(p) => current = p,
                None => break,
            }
        }
        String::new()
    }

    /// The countries of the institutions a partnership involves (its
    /// partners and the parties to its agreements), sorted, without repeats.
    pub fn countries_of(&self, partnership: &Partnership, agreements: &[&Record]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut ids: Vec<Id> = partnership.partners.clone();
        for a in agreements {
            if let Record::Agreement(a) = a {
                ids.extend(a.parties.iter().copied());
            }
        }
        for id in ids {
            if let Some(i) = self.institution(id)
                && !i.home
                && !out.contains(&i.country)
            {
                out.push(i.country.clone());
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Vec<Record> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let clock = Arc::new(crate::clock::FixedClock(today));
        let store = crate::store::SledStore::temporary(clock).unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        store
            .read_everything(&crate::store::Progress::default())
            .unwrap()
    }

    #[test]
    fn held_records_are_shared_not_copied_and_read_as_a_list_is() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let list = Dataset::from_list(demo(), today);
        let held = list.by_kind.clone();
        let shared = Dataset::from_shared(held.clone(), today);
        assert!(Arc::ptr_eq(&shared.by_kind, &held));
        assert_eq!(shared.len(), list.len());
        for kind in Kind::ALL {
            assert_eq!(shared.of(kind), list.of(kind));
            for r in list.of(kind) {
                assert_eq!(shared.get(r.id()), Some(r));
                assert_eq!(shared.partnership_of(r.id()), list.partnership_of(r.id()));
            }
        }
        // Records out of order, or in another kind's slot, are put in order.
        let mut muddled = ByKind::default();
        muddled[0] = demo().into_iter().rev().collect();
        let fixed = Dataset::from_shared(Arc::new(muddled), today);
        for kind in Kind::ALL {
            assert_eq!(fixed.of(kind), list.of(kind));
        }
    }

    #[test]
    fn a_workbook_summary_is_the_summary_without_its_sections() {
        use crate::exchange::{Scope, Summary, Window, scope::select};
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = Dataset::from_list(demo(), today);
        let windowed = Window {
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 12, 31),
        };
        let kz = Scope {
            country: Some("KZ".into()),
            ..Scope::default()
        };
        for (scope, window) in [
            (Scope::default(), Window::default()),
            (Scope::default(), windowed),
            (kz, windowed),
        ] {
            let sel = select(&data, &scope, &window).unwrap();
            let whole = Summary::build(&data, &sel);
            assert!(!whole.sections.is_empty());
            assert_eq!(
                Summary::headline_only(&data, &sel),
                Summary {
                    sections: Vec::new(),
                    outside: Default::default(),
                    ..whole
                }
            );
        }
    }
}
