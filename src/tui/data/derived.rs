//! What the views derive from all records: each partnership's latest
//! contact, the open items under each record, the count of each kind and
//! the owner names in use. Counted in one pass when the records are read;
//! after a change, only what the touched records count is taken away and
//! added back (a triage act at a million records must not count them all).

use std::collections::{BTreeMap, BTreeSet};

use arrayvec::ArrayVec;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use super::Data;
use crate::model::{Id, Kind, Record};

/// See [`Data::derive`].
pub(super) struct Derived {
    last_contact: HashMap<Id, NaiveDate>,
    open_items: HashMap<Id, usize>,
    counts: HashMap<Kind, usize>,
    owner_uses: BTreeMap<String, usize>,
}

/// What some records count, as [`Data::tally`] finds them.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Records whose open items these are (with repeats).
    open: Vec<Id>,
    owners: Vec<String>,
    /// Partnerships whose latest contact these records (notes) bear on.
    contacts: BTreeSet<Id>,
}

/// The kinds whose owner is offered in pickers.
const OWNED: [Kind; 4] = [
    Kind::Partnership,
    Kind::Agreement,
    Kind::Action,
    Kind::FollowUp,
];

impl Data {
    pub(super) fn rebuild_derived(&mut self) {
        let derived = self.derive();
        self.set_derived(derived);
    }

    pub(super) fn set_derived(&mut self, d: Derived) {
        self.last_contact = d.last_contact;
        self.open_items = d.open_items;
        self.counts = d.counts;
        self.owners = d.owner_uses.keys().cloned().collect();
        self.owner_uses = d.owner_uses;
        self.version += 1;
    }

    /// The records whose open items `r` is one of: its parent, and an
    /// agreement's partnership.
    fn open_under(&self, r: &Record) -> ArrayVec<Id, 2> {
        let mut under = ArrayVec::new();
        if !matches!(r.kind(), Kind::Action | Kind::FollowUp) || !r.is_open() {
            return under;
        }
        if let Some(p) = r.parent() {
            under.push(p);
            if p.kind == Kind::Agreement
                && let Some(pp) = self.get(p).and_then(Record::parent)
            {
                under.push(pp);
            }
        }
        under
    }

    fn owner_of(r: &Record) -> Option<&str> {
        if !OWNED.contains(&r.kind()) {
            return None;
        }
        r.owner().map(str::trim).filter(|o| !o.is_empty())
    }

    /// What the records of `ids` count, as they are now.
    pub(super) fn tally(&self, ids: &BTreeSet<Id>) -> Tally {
        let mut t = Tally::default();
        for r in ids.iter().filter_map(|id| self.get(*id)) {
            t.open.extend(self.open_under(r));
            t.owners.extend(Data::owner_of(r).map(str::to_string));
            if matches!(r, Record::Note(_))
                && let Some(p) = self.partnership_of_record(r)
            {
                t.contacts.insert(p);
            }
        }
        t
    }

    /// Takes away what the touched records counted before a change and
    /// adds what they count after it.
    pub(super) fn recount(&mut self, before: &Tally, after: &Tally) {
        for id in &before.open {
            if let Some(n) = self.open_items.get_mut(id) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.open_items.remove(id);
                }
            }
        }
        for id in &after.open {
            *self.open_items.entry(*id).or_default() += 1;
        }
        let mut owners_changed = false;
        for o in &before.owners {
            if let Some(n) = self.owner_uses.get_mut(o) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.owner_uses.remove(o);
                    owners_changed = true;
                }
            }
        }
        for o in &after.owners {
            let n = self.owner_uses.entry(o.clone()).or_default();
            owners_changed |= *n == 0;
            *n += 1;
        }
        if owners_changed {
            self.owners = self.owner_uses.keys().cloned().collect();
        }
        for p in before.contacts.union(&after.contacts) {
            match self.latest_note(*p) {
                Some(d) => self.last_contact.insert(*p, d),
                None => self.last_contact.remove(p),
            };
        }
        self.counts = Kind::ALL
            .iter()
            .map(|k| (*k, self.records.count(*k)))
            .collect();
        self.version += 1;
    }

    /// The date of the latest note of partnership `p`: on it, or on a
    /// record under it (as deep as [`Data::partnership_of_record`] looks).
    fn latest_note(&self, p: Id) -> Option<NaiveDate> {
        let mut latest = None;
        let mut stack = vec![(p, 0)];
        while let Some((id, depth)) = stack.pop() {
            for child in self.children.get(&id).into_iter().flatten() {
                let Some(r) = self.get(*child) else { continue };
                if let Record::Note(n) = r
                    && self.partnership_of_record(r) == Some(p)
                {
                    latest = latest.max(Some(n.date));
                }
                if depth < 4 && r.parent() == Some(id) {
                    stack.push((*child, depth + 1));
                }
            }
        }
        latest
    }

    /// What the views derive from all records: computed without changing
    /// anything, so it can run beside the triage queue's computation.
    pub(super) fn derive(&self) -> Derived {
        let mut last: HashMap<Id, NaiveDate> = HashMap::default();
        for r in self.of_kind(Kind::Note) {
            if let (Record::Note(n), Some(p)) = (r, self.partnership_of_record(r)) {
                let e = last.entry(p).or_insert(n.date);
                if n.date > *e {
                    *e = n.date;
                }
            }
        }
        let mut open: HashMap<Id, usize> = HashMap::default();
        for k in [Kind::Action, Kind::FollowUp] {
            for r in self.of_kind(k) {
                for id in self.open_under(r) {
                    *open.entry(id).or_default() += 1;
                }
            }
        }
        let counts: HashMap<Kind, usize> = Kind::ALL
            .iter()
            .map(|k| (*k, self.records.count(*k)))
            .collect();
        let mut owner_uses: BTreeMap<String, usize> = BTreeMap::new();
        for k in OWNED {
            for r in self.of_kind(k) {
                if let Some(o) = Data::owner_of(r) {
                    match owner_uses.get_mut(o) {
                        Some(n) => *n += 1,
                        None => {
                            owner_uses.insert(o.to_string(), 1);
                        }
                    }
                }
            }
        }
        Derived {
            last_contact: last,
            open_items: open,
            counts,
            owner_uses,
        }
    }
}
