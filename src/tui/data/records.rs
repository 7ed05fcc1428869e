//! Every record in memory, kind by kind, each kind in id order: found by
//! binary search, walked in order, and built by moving the records in
//! (a start-up of 100k records costs no allocation per record).

use std::sync::Arc;

use crate::model::{Id, Kind, Record};

/// The records of every kind, each kind in id order.
pub type ByKind = [Vec<Record>; Kind::ALL.len()];

#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Shared with whoever reads a snapshot on another thread (the search
    /// index being built); a change made meanwhile copies it first.
    by_kind: Arc<ByKind>,
    /// Per kind, id number → position + 1 (0: absent), when the numbers
    /// are dense enough for such a table (they come from counters, so they
    /// are unless someone imported far-flung explicit ids); else empty and
    /// lookups fall back to binary search.
    positions: [Vec<u32>; Kind::ALL.len()],
    len: usize,
}

fn slot(kind: Kind) -> usize {
    kind as usize
}

/// The length of a position table for `list` (in id order), when its
/// numbers are dense enough for one; `None` when lookups must search.
fn table_len(list: &[Record]) -> Option<usize> {
    let top = list.last().map(|r| r.id().n as usize).unwrap_or(0);
    (top <= list.len().saturating_mul(4) + 1024 && list.len() < u32::MAX as usize)
        .then_some(top + 1)
}

/// The position table of `list` (empty when its numbers are too far apart
/// for one), made while checking that its records are all of `kind` and in
/// strictly increasing id order; `None` when they are not.
fn index_in_order(list: &[Record], kind: Kind) -> Option<Vec<u32>> {
    let mut positions = vec![0; table_len(list).unwrap_or(0)];
    let mut previous: Option<Id> = None;
    for (at, r) in list.iter().enumerate() {
        let id = r.id();
        if r.kind() != kind || previous.is_some_and(|p| p >= id) {
            return None;
        }
        previous = Some(id);
        if let Some(p) = positions.get_mut(id.n as usize) {
            *p = at as u32 + 1;
        }
    }
    Some(positions)
}

impl Records {
    /// Takes records already split by kind (slot `kind as usize`; a record
    /// in another kind's slot moves to its own), in any order (in id
    /// order, as stores return them, is the fast case). A later duplicate
    /// id replaces an earlier.
    pub fn from_by_kind(by_kind: ByKind) -> Records {
        // The usual case, checked and indexed in one pass over each kind:
        // every record in its own kind's slot, in strictly increasing id
        // order.
        let mut positions: [Vec<u32>; Kind::ALL.len()] = Default::default();
        for k in Kind::ALL {
            match index_in_order(&by_kind[slot(k)], k) {
                Some(table) => positions[slot(k)] = table,
                None => return Records::sorted_from(by_kind),
            }
        }
        Records {
            len: by_kind.iter().map(Vec::len).sum(),
            by_kind: Arc::new(by_kind),
            positions,
        }
    }

    /// [`Records::from_by_kind`] for records out of place or order.
    fn sorted_from(mut by_kind: ByKind) -> Records {
        let strays: Vec<Record> = by_kind
            .iter_mut()
            .enumerate()
            .flat_map(|(i, list)| {
                if list.iter().all(|r| slot(r.kind()) == i) {
                    Vec::new()
                } else {
                    let (mine, others) = std::mem::take(list)
                        .into_iter()
                        .partition(|r| slot(r.kind()) == i);
                    *list = mine;
                    others
                }
            })
            .collect();
        for r in strays {
            by_kind[slot(r.kind())].push(r);
        }
        for list in &mut by_kind {
            if !list.is_sorted_by_key(Record::id) {
                list.sort_by_key(Record::id);
            }
            if list.windows(2).any(|w| w[0].id() == w[1].id()) {
                // Keep the last of equal ids.
                list.reverse();
                list.dedup_by_key(|r| r.id());
                list.reverse();
            }
        }
        let mut t = Records {
            len: by_kind.iter().map(Vec::len).sum(),
            by_kind: Arc::new(by_kind),
            positions: Default::default(),
        };
        for k in Kind::ALL {
            t.reindex(k);
        }
        t
    }

    /// Rebuilds the position table of `kind` (after an insert or removal
    /// shifted positions).
    fn reindex(&mut self, kind: Kind) {
        let list = &self.by_kind[slot(kind)];
        let positions = &mut self.positions[slot(kind)];
        positions.clear();
        let Some(len) = table_len(list) else {
            return;
        };
        positions.resize(len, 0);
        for (at, r) in list.iter().enumerate() {
            positions[r.id().n as usize] = at as u32 + 1;
        }
    }

    fn find(&self, id: Id) -> Result<usize, usize> {
        let positions = &self.positions[slot(id.kind)];
        if !positions.is_empty() {
            return match positions.get(id.n as usize) {
                Some(&p) if p > 0 => Ok(p as usize - 1),
                // Absent: where it would go, for an insert.
                _ => self.by_kind[slot(id.kind)].binary_search_by_key(&id, Record::id),
            };
        }
        self.by_kind[slot(id.kind)].binary_search_by_key(&id, Record::id)
    }

    pub fn get(&self, id: Id) -> Option<&Record> {
        let at = self.find(id).ok()?;
        self.by_kind[slot(id.kind)].get(at)
    }

    /// Puts `r` in, returning the record it replaces.
    pub fn insert(&mut self, r: Record) -> Option<Record> {
        let id = r.id();
        let list = &mut Arc::make_mut(&mut self.by_kind)[slot(id.kind)];
        match list.binary_search_by_key(&id, Record::id) {
            Ok(at) => Some(std::mem::replace(&mut list[at], r)),
            Err(at) => {
                let appended = at == list.len();
                list.insert(at, r);
                self.len += 1;
                let positions = &mut self.positions[slot(id.kind)];
                if appended && !positions.is_empty() && (id.n as usize) < positions.len() * 2 + 1024
                {
                    // The usual case, a new record: no positions shift.
                    if positions.len() <= id.n as usize {
                        positions.resize(id.n as usize + 1, 0);
                    }
                    positions[id.n as usize] = at as u32 + 1;
                } else {
                    self.reindex(id.kind);
                }
                None
            }
        }
    }

    pub fn remove(&mut self, id: Id) -> Option<Record> {
        let at = self.find(id).ok()?;
        self.len -= 1;
        let gone = Arc::make_mut(&mut self.by_kind)[slot(id.kind)].remove(at);
        self.reindex(id.kind);
        Some(gone)
    }

    /// The records of one kind, in id order.
    pub fn of_kind(&self, kind: Kind) -> std::slice::Iter<'_, Record> {
        self.by_kind[slot(kind)].iter()
    }

    /// Every record, kind by kind.
    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.by_kind.iter().flatten()
    }

    /// Every record as it stands, to read on another thread.
    pub fn snapshot(&self) -> Arc<ByKind> {
        self.by_kind.clone()
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.by_kind[slot(kind)].len()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Note, NoteKind};

    fn note(n: u32, text: &str) -> Record {
        Record::Note(Note {
            id: Id::new(Kind::Note, n),
            parent: Id::new(Kind::Partnership, 1),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            kind: NoteKind::Meeting,
            text: text.into(),
            author: String::new(),
        })
    }

    /// Records built from a list all put in the first kind's slot.
    fn stray(records: Vec<Record>) -> Records {
        let mut by_kind = ByKind::default();
        by_kind[0] = records;
        Records::from_by_kind(by_kind)
    }

    /// Records built from a list in their own kind's slot.
    fn in_place(records: Vec<Record>) -> Records {
        let mut by_kind = ByKind::default();
        by_kind[slot(Kind::Note)] = records;
        Records::from_by_kind(by_kind)
    }

    #[test]
    fn records_in_their_own_slot_are_ordered_and_repeats_dropped_as_strays_are() {
        // In order: taken as they are, every one found by its number.
        let t = in_place(vec![note(1, "a"), note(2, "b"), note(5, "e")]);
        assert_eq!(t.len(), 3);
        for n in [1, 2, 5] {
            assert_eq!(t.get(Id::new(Kind::Note, n)).map(|r| r.id().n), Some(n));
        }
        assert!(t.get(Id::new(Kind::Note, 3)).is_none());
        assert!(t.get(Id::new(Kind::Note, 6)).is_none());
        // Out of order, or an id twice (the later one kept): put right.
        for records in [
            vec![note(5, "e"), note(1, "a"), note(2, "b")],
            vec![note(1, "a"), note(2, "x"), note(2, "b"), note(5, "e")],
        ] {
            let t = in_place(records);
            let ids: Vec<u32> = t.of_kind(Kind::Note).map(|r| r.id().n).collect();
            assert_eq!(ids, [1, 2, 5]);
            assert!(
                matches!(t.get(Id::new(Kind::Note, 2)), Some(Record::Note(n)) if n.text == "b")
            );
            assert_eq!(t.len(), 3);
        }
    }

    #[test]
    fn finds_inserts_and_removes_in_id_order() {
        let mut t = stray(vec![note(3, "c"), note(1, "a"), note(3, "c2")]);
        assert_eq!(t.len(), 2);
        assert!(matches!(t.get(Id::new(Kind::Note, 3)), Some(Record::Note(n)) if n.text == "c2"));
        assert!(t.insert(note(2, "b")).is_none());
        assert!(t.insert(note(2, "b2")).is_some());
        let ids: Vec<u32> = t.of_kind(Kind::Note).map(|r| r.id().n).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert!(t.remove(Id::new(Kind::Note, 1)).is_some());
        assert!(t.remove(Id::new(Kind::Note, 1)).is_none());
        assert_eq!(t.len(), 2);
        assert!(t.get(Id::new(Kind::Institution, 2)).is_none());
        assert!(t.get(Id::new(Kind::Note, 4_000_000_000)).is_none());
    }

    #[test]
    fn far_flung_ids_fall_back_to_searching() {
        let mut t = stray(vec![note(1, "a"), note(4_000_000_000, "far")]);
        assert!(t.positions[slot(Kind::Note)].is_empty());
        assert!(t.get(Id::new(Kind::Note, 4_000_000_000)).is_some());
        t.insert(note(7, "b"));
        assert!(t.remove(Id::new(Kind::Note, 4_000_000_000)).is_some());
        // Dense again: the table is back.
        assert!(!t.positions[slot(Kind::Note)].is_empty());
        let ids: Vec<u32> = t.of_kind(Kind::Note).map(|r| r.id().n).collect();
        assert_eq!(ids, [1, 7]);
        assert!(matches!(t.get(Id::new(Kind::Note, 7)), Some(Record::Note(n)) if n.text == "b"));
    }
}
