//! Every record in memory, kind by kind, each kind in id order: found by
//! binary search, walked in order, and built by moving the records in
//! (a start-up of 100k records costs no allocation per record).

use crate::model::{Id, Kind, Record};

#[derive(Debug, Clone, Default)]
pub struct Records {
    by_kind: [Vec<Record>; Kind::ALL.len()],
    len: usize,
}

fn slot(kind: Kind) -> usize {
    kind as usize
}

impl Records {
    /// Takes the records in any order (in id order, as stores return
    /// them, is the fast case). A later duplicate id replaces an earlier.
    pub fn new(records: Vec<Record>) -> Records {
        let mut t = Records::default();
        let mut sizes = [0usize; Kind::ALL.len()];
        for r in &records {
            sizes[slot(r.kind())] += 1;
        }
        for (list, n) in t.by_kind.iter_mut().zip(sizes) {
            list.reserve_exact(n);
        }
        for r in records {
            t.by_kind[slot(r.kind())].push(r);
        }
        for list in &mut t.by_kind {
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
        t.len = t.by_kind.iter().map(Vec::len).sum();
        t
    }

    fn find(&self, id: Id) -> Result<usize, usize> {
        self.by_kind[slot(id.kind)].binary_search_by_key(&id, Record::id)
    }

    pub fn get(&self, id: Id) -> Option<&Record> {
        let at = self.find(id).ok()?;
        self.by_kind[slot(id.kind)].get(at)
    }

    /// Puts `r` in, returning the record it replaces.
    pub fn insert(&mut self, r: Record) -> Option<Record> {
        let id = r.id();
        let list = &mut self.by_kind[slot(id.kind)];
        match list.binary_search_by_key(&id, Record::id) {
            Ok(at) => Some(std::mem::replace(&mut list[at], r)),
            Err(at) => {
                list.insert(at, r);
                self.len += 1;
                None
            }
        }
    }

    pub fn remove(&mut self, id: Id) -> Option<Record> {
        let at = self.find(id).ok()?;
        self.len -= 1;
        Some(self.by_kind[slot(id.kind)].remove(at))
    }

    /// The records of one kind, in id order.
    pub fn of_kind(&self, kind: Kind) -> std::slice::Iter<'_, Record> {
        self.by_kind[slot(kind)].iter()
    }

    /// Every record, kind by kind.
    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.by_kind.iter().flatten()
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

    #[test]
    fn finds_inserts_and_removes_in_id_order() {
        let mut t = Records::new(vec![note(3, "c"), note(1, "a"), note(3, "c2")]);
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
    }
}
