//! Everything the interface shows, held in memory: read from the store once
//! at start and refreshed record by record after each change, so that
//! rendering never touches the database.

mod derived;
mod queue;
mod records;
pub mod stats;

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

pub use queue::Queue;
use records::Records;
pub use stats::{CountryCount, Stats, compute_stats};

use crate::due::{DueItem, due_item};
use crate::model::{Id, Kind, Record};
use crate::store::{DueSlot, Progress, Result, Store, due_entries};

#[derive(Debug, Clone, Default)]
pub struct Data {
    pub today: NaiveDate,
    records: Records,
    /// Who refers to each record (children, agreements of a party…), in
    /// id order.
    children: HashMap<Id, Vec<Id>>,
    /// The triage queue, in urgency order.
    pub due: Queue,
    /// Partnership → date of its latest note (on it or its agreements).
    pub last_contact: HashMap<Id, NaiveDate>,
    /// Open action items and follow-ups of each partnership and agreement
    /// (a partnership's include those under its agreements).
    pub open_items: HashMap<Id, usize>,
    counts: HashMap<Kind, usize>,
    /// Every owner name in use, sorted, for pickers.
    pub owners: Vec<String>,
    /// How many records name each owner (what `owners` is kept from).
    owner_uses: std::collections::BTreeMap<String, usize>,
    /// Bumped on every change, so views know to rebuild what they derive.
    pub version: u64,
    /// The store's version when the records were read (`None` when not
    /// read from a store, or when it could not be told): where watching
    /// for others' changes starts.
    pub source: Option<crate::store::Version>,
}

impl Data {
    /// Reads every record once.
    pub fn load(store: &dyn Store, today: NaiveDate) -> Result<Data> {
        Data::load_counting(store, today, &Progress::default())
    }

    /// [`Data::load`], counting the records read in `progress`.
    pub fn load_counting(store: &dyn Store, today: NaiveDate, progress: &Progress) -> Result<Data> {
        // Read first: a change made while the records are read is then
        // reported again rather than missed.
        let source = store.version().ok();
        let all = store.read_by_kind(progress)?;
        let mut data = Data::from_by_kind(all, today);
        data.source = source.or_else(|| store.served_version());
        Ok(data)
    }

    /// Every record, kind by kind in id order.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        self.records.iter()
    }

    /// Every record as it stands, to read on another thread without
    /// copying them here.
    pub fn snapshot(&self) -> std::sync::Arc<records::ByKind> {
        self.records.snapshot()
    }

    pub fn from_records(records: Vec<Record>, today: NaiveDate) -> Data {
        let mut by_kind = records::ByKind::default();
        for r in records {
            by_kind[r.kind() as usize].push(r);
        }
        Data::from_by_kind(by_kind, today)
    }

    /// [`Data::from_records`] over records already split by kind (as the
    /// stores read them), moved in as they are.
    pub fn from_by_kind(records: records::ByKind, today: NaiveDate) -> Data {
        let mut d = Data {
            today,
            ..Data::default()
        };
        // Built in one go (records usually arrive in id order).
        d.records = Records::from_by_kind(records);
        // The queue on this thread; the figures and who refers to whom on
        // another (neither reads the other's result).
        let (due, other) = std::thread::scope(|s| {
            let other = s.spawn(|| (d.derive(), d.all_children()));
            (d.compute_due(), other.join())
        });
        d.due = Queue::from_sorted(due);
        match other {
            Ok((derived, children)) => {
                d.children = children;
                d.set_derived(derived);
            }
            Err(_) => {
                d.children = d.all_children();
                d.rebuild_derived();
            }
        }
        d
    }

    /// Who refers to each record, every list in id order. The records are
    /// walked in id order, so each list fills in order: counted first, then
    /// filled in tables indexed by the target's number, without sorting.
    /// Numbers too far apart for such tables (far-flung imported ids) take
    /// [`Data::children_by_sorting`].
    fn all_children(&self) -> HashMap<Id, Vec<Id>> {
        let limit = self.records.len().saturating_mul(4) + 1024;
        let mut counts: [Vec<u32>; Kind::ALL.len()] = Default::default();
        for r in self.records.iter() {
            for t in r.each_reference() {
                let n = t.n as usize;
                if n > limit {
                    return self.children_by_sorting();
                }
                let Some(table) = counts.get_mut(t.kind as usize) else {
                    return self.children_by_sorting();
                };
                if table.len() <= n {
                    table.resize(n + 1, 0);
                }
                if let Some(c) = table.get_mut(n) {
                    *c += 1;
                }
            }
        }
        let mut lists: [Vec<Vec<Id>>; Kind::ALL.len()] = Default::default();
        for (list, table) in lists.iter_mut().zip(&counts) {
            *list = table
                .iter()
                .map(|c| Vec::with_capacity(*c as usize))
                .collect();
        }
        for r in self.records.iter() {
            let id = r.id();
            for t in r.each_reference() {
                if let Some(list) = lists
                    .get_mut(t.kind as usize)
                    .and_then(|l| l.get_mut(t.n as usize))
                    // A record naming the same target twice is listed once.
                    && list.last() != Some(&id)
                {
                    list.push(id);
                }
            }
        }
        let mut children = HashMap::default();
        children.reserve(counts.iter().flatten().filter(|c| **c > 0).count());
        for (kind, per_kind) in Kind::ALL.iter().zip(lists) {
            for (n, list) in per_kind.into_iter().enumerate() {
                if !list.is_empty() {
                    children.insert(Id::new(*kind, n as u32), list);
                }
            }
        }
        children
    }

    /// [`Data::all_children`] for any numbers: the pairs sorted once rather
    /// than a list grown per reference.
    fn children_by_sorting(&self) -> HashMap<Id, Vec<Id>> {
        let mut pairs: Vec<(Id, Id)> = Vec::with_capacity(self.records.len() * 2);
        for r in self.records.iter() {
            let id = r.id();
            pairs.extend(r.each_reference().map(|t| (t, id)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let targets = pairs.chunk_by(|a, b| a.0 == b.0);
        let mut children = HashMap::default();
        children.reserve(targets.clone().count());
        for group in targets {
            if let Some((t, _)) = group.first() {
                children.insert(*t, group.iter().map(|(_, c)| *c).collect());
            }
        }
        children
    }

    /// Notes `id` as referring to each of `targets`.
    fn link(&mut self, id: Id, targets: &[Id]) {
        for t in targets {
            let list = self.children.entry(*t).or_default();
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
    }

    fn unlink(&mut self, id: Id, targets: &[Id]) {
        for t in targets {
            if let Some(list) = self.children.get_mut(t)
                && let Ok(at) = list.binary_search(&id)
            {
                list.remove(at);
            }
        }
    }

    pub fn get(&self, id: Id) -> Option<&Record> {
        self.records.get(id)
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// How many records there are in all.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Records that refer to `id`, in id order.
    pub fn children(&self, id: Id) -> impl Iterator<Item = &Record> {
        self.children
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|c| self.records.get(*c))
    }

    /// How many records of `kind` refer to `id`.
    pub fn count_children(&self, id: Id, kind: Kind) -> usize {
        self.children
            .get(&id)
            .map(|list| {
                let from = list.partition_point(|c| *c < Id::new(kind, 0));
                let to = list.partition_point(|c| *c <= Id::new(kind, u32::MAX));
                to - from
            })
            .unwrap_or(0)
    }

    /// Records of one kind, in id order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Record> {
        self.records.of_kind(kind)
    }

    /// How many records of `kind` there are (counted once per change).
    pub fn count(&self, kind: Kind) -> usize {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    /// The title of a record for lists, or its id when it is gone.
    pub fn title(&self, id: Id) -> String {
        self.get(id)
            .map(Record::title)
            .unwrap_or_else(|| id.to_string())
    }

    /// The partnership a record belongs to (itself, its parent, or its
    /// parent's parent).
    pub fn partnership_of(&self, id: Id) -> Option<Id> {
        self.partnership_of_record(self.get(id)?)
    }

    fn partnership_of_record(&self, record: &Record) -> Option<Id> {
        if record.kind() == Kind::Partnership {
            return Some(record.id());
        }
        // The parent's id says its kind: only a parent that is not a
        // partnership itself is read (an item under an agreement), so the
        // common case touches no other record.
        let mut parent = record.parent()?;
        for _ in 0..3 {
            if parent.kind == Kind::Partnership {
                return self.get(parent).map(|_| parent);
            }
            parent = self.get(parent)?.parent()?;
        }
        None
    }

    /// Re-reads the records a change touched and refreshes what derives
    /// from them: the queue items and counts of those records alone, unless
    /// a record with others under it moved (then everything is counted
    /// again; then it returns `true`, and every figure from the records may
    /// have moved). A read that fails leaves everything as it was.
    pub fn refresh(&mut self, store: &dyn Store, ids: &[Id]) -> Result<bool> {
        let mut fresh = Vec::with_capacity(ids.len());
        for id in ids {
            fresh.push((*id, store.get(*id)?));
        }
        let mut touched: BTreeSet<Id> = ids.iter().copied().collect();
        for id in ids {
            // Items under a changed agreement or partnership may have moved.
            if matches!(id.kind, Kind::Agreement | Kind::Partnership) {
                touched.extend(self.children.get(id).into_iter().flatten().copied());
            }
        }
        // A record with others under it that moves or goes takes them (and
        // their notes, at any depth) along: then everything is counted.
        let moved = fresh.iter().any(|(id, new)| {
            let old = self.get(*id).map(Record::parent);
            old.is_some()
                && old != new.as_ref().map(Record::parent)
                && self.children.get(id).is_some_and(|c| !c.is_empty())
        });
        let before = (!moved).then(|| self.tally(&touched));
        // The queue items the touched records have now, to take out where
        // they stand (a few records' items: not a walk of the whole queue).
        let mut gone = Vec::new();
        if touched.len() <= 16 {
            for r in touched.iter().filter_map(|id| self.records.get(*id)) {
                self.due_items_into(r, &mut gone);
            }
        }
        for (id, new) in fresh {
            let refs = new.as_ref().map(Record::references);
            // An update replaces the record where it stands: no other moves.
            let old = match new {
                Some(new) => self.records.insert(new),
                None => self.records.remove(id),
            };
            if let Some(old) = old {
                self.unlink(id, &old.references());
            }
            if let Some(refs) = refs {
                self.link(id, &refs);
            }
        }
        if touched.len() > 16 || !self.take_out(&gone) {
            self.due.retain(|d| !touched.contains(&d.id));
        }
        let mut items = Vec::new();
        for id in &touched {
            if let Some(r) = self.records.get(*id) {
                self.due_items_into(r, &mut items);
            }
        }
        if items.len() <= 16 {
            // Each put in its place, which moves its block alone: a sort
            // of the whole queue would move every item.
            for item in items {
                let key = item.urgency();
                let at = self.due.partition_point(|d| d.urgency() < key);
                self.due.insert(at, item);
            }
        } else {
            self.due.extend_and_sort(items);
        }
        match before {
            Some(before) => {
                let after = self.tally(&touched);
                self.recount(&before, &after);
            }
            None => self.rebuild_derived(),
        }
        Ok(moved)
    }

    /// Takes `items` out of the queue, each found by its urgency key;
    /// `false` (nothing taken) when one is not where its key says.
    fn take_out(&mut self, items: &[DueItem]) -> bool {
        let mut at = Vec::with_capacity(items.len());
        for item in items {
            let key = item.urgency();
            let p = self.due.partition_point(|d| d.urgency() < key);
            match self.due.get(p) {
                Some(d) if d.id == item.id && d.slot == item.slot => at.push(p),
                _ => return false,
            }
        }
        at.sort_unstable();
        at.dedup();
        for p in at.into_iter().rev() {
            self.due.remove(p);
        }
        true
    }

    /// The position in the queue of record `id`'s item in `slot`, found
    /// where its urgency puts it (by halving, not by walking the queue).
    pub fn queue_position(&self, id: Id, slot: DueSlot) -> Option<usize> {
        let mut items = Vec::new();
        self.due_items_into(self.records.get(id)?, &mut items);
        let key = items.iter().find(|d| d.slot == slot)?.urgency();
        let p = self.due.partition_point(|d| d.urgency() < key);
        self.due
            .get(p)
            .filter(|d| d.id == id && d.slot == slot)
            .map(|_| p)
    }

    /// A new day: the buckets and "days left" move.
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            self.rebuild_due();
            self.version += 1;
        }
    }

    /// Adds the queue items of `r` to `out`.
    fn due_items_into(&self, r: &Record, out: &mut Vec<DueItem>) {
        let entries = due_entries(r);
        if entries.is_empty() {
            return;
        }
        let p = self.partnership_of_record(r);
        let p_owner = self.owner_for_due(r, p);
        out.extend(
            entries
                .iter()
                .map(|e| due_item(e, r, p, p_owner, self.today)),
        );
    }

    fn rebuild_due(&mut self) {
        self.due = Queue::from_sorted(self.compute_due());
    }

    /// The queue in urgency order. The items are made in record order
    /// (each record read once, in the order it lies in memory) into a list
    /// sized beforehand, then put in order by their keys: sorting the items
    /// themselves compared and moved 100-byte values, and the list grew by
    /// copying.
    fn compute_due(&self) -> Vec<DueItem> {
        let kinds = [Kind::Agreement, Kind::Action, Kind::FollowUp];
        // At most two items per agreement (notice, expiry), one per item.
        let most = kinds
            .iter()
            .map(|k| self.records.of_kind(*k).len() * if *k == Kind::Agreement { 2 } else { 1 })
            .sum();
        let mut due = Vec::with_capacity(most);
        for k in kinds {
            for r in self.of_kind(k) {
                self.due_items_into(r, &mut due);
            }
        }
        // Urgency keys are unique (they end in id and slot), so the order
        // is the same as any sort's.
        due.sort_by_cached_key(DueItem::urgency);
        due
    }

    /// The partnership's owner, for an agreement without one of its own
    /// (its queue items go to the partnership's owner).
    fn owner_for_due(&self, r: &Record, p: Option<Id>) -> Option<&str> {
        match r {
            Record::Agreement(a) if a.owner.trim().is_empty() => {
                crate::due::partnership_owner(p.and_then(|p| self.records.get(p)))
            }
            _ => None,
        }
    }

    /// The kind of an existing record, for validation.
    pub fn kind_of(&self, id: Id) -> Option<Kind> {
        self.get(id).map(Record::kind)
    }
}

#[cfg(test)]
mod tests;
