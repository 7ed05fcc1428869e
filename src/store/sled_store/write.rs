//! How a change reaches the disk.
//!
//! A small change (a triage act, an edit) is one sled transaction over
//! every tree, flushed. A big one (an import of thousands of rows) would
//! make that transaction hold every intermediate version of every node in
//! memory until it ends (gigabytes for 100k records), so it is written in
//! three steps instead:
//!
//! 1. one transaction stores the history entry (every record's before and
//!    after), the list of its records for the history index and a
//!    "pending change N" marker, flushed (an entry stored apart, see
//!    `apart`: the marker first, then its changes in batches, then this
//!    transaction with its stub);
//! 2. the records and index keys are written tree by tree in small
//!    batches, flushed;
//! 3. one transaction stores the id counters and the sequence number and
//!    removes the marker, flushed.
//!
//! A marker found when the database is opened means the process died in
//! step 2 (or 3): the records are put back from the entry's before images,
//! the index keys of both images recomputed so none dangles, and the entry
//! (then any of its changes stored apart) and marker removed; the database
//! is then exactly as before the change. Without the entry (the process
//! died while its changes were stored apart) only those are removed.

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::encode::index_writes;
use super::{APART, HIST_IDX, HISTORY, META, RECORDS, SledStore, Writes};
use crate::store::keys::bulk_hist_key;
use crate::store::{Result, Store, StoreError};

/// Changes touching more records than this take the three-step path.
pub(super) const BULK_EDITS: usize = 1000;

/// Keys per sled batch in step 2. Sled frees the node versions a batch
/// replaces only once it ends; small batches keep memory flat.
const BATCH_KEYS: usize = 1024;

/// Changes writing more keys than this write the records tree on a second
/// thread while this one writes the others.
const PARALLEL_KEYS: usize = 8 * BATCH_KEYS;

/// A put (`Some` value) or a removal of one key.
type Op = (Vec<u8>, Option<Vec<u8>>);

/// Meta key of the marker: the sequence number of the unfinished change.
pub(super) const PENDING_KEY: &[u8] = b"pending_change";

/// Test hook: stop step 2 after `batches` batches, as if the process had
/// died (`dies`) or the disk had failed.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub(super) struct Fault {
    pub batches: usize,
    pub dies: bool,
}

/// The meta put marking the database as holding entries stored apart.
pub(super) fn schema_put() -> (usize, Vec<u8>, Vec<u8>) {
    (
        META,
        super::SCHEMA_KEY.to_vec(),
        super::apart::APART_SCHEMA.to_be_bytes().to_vec(),
    )
}

impl SledStore {
    fn trees(&self) -> [&sled::Tree; 8] {
        [
            &self.records,
            &self.due,
            &self.refs,
            &self.expiry,
            &self.hist_idx,
            &self.history,
            &self.meta,
            &self.apart,
        ]
    }

    /// Writes everything in one transaction over all trees, then flushes.
    pub(super) fn write(&self, w: &Writes) -> Result<()> {
        let trees = (
            &self.records,
            &self.due,
            &self.refs,
            &self.expiry,
            &self.hist_idx,
            &self.history,
            &self.meta,
            &self.apart,
        );
        let result: std::result::Result<(), TransactionError<()>> = trees.transaction(|t| {
            let views = [&t.0, &t.1, &t.2, &t.3, &t.4, &t.5, &t.6, &t.7];
            for (tree, key) in &w.dels {
                if let Some(v) = views.get(*tree) {
                    v.remove(key.as_slice())?;
                }
            }
            for (tree, key, value) in &w.puts {
                if let Some(v) = views.get(*tree) {
                    v.insert(key.as_slice(), value.as_slice())?;
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        result.map_err(|e| StoreError::Io {
            path: self.location(),
            detail: format!("the change could not be stored: {e:?}"),
        })?;
        self.flush()
    }

    /// Stores change `seq` in three steps (see the module notes): `entry`
    /// is its encoded history entry, `ids` its `keys::bulk_hist_value`, `body`
    /// its records and index keys, `close` its counters, sequence number
    /// and undone entry. An entry stored apart has its changes written
    /// first, in batches, after the marker.
    pub(super) fn write_bulk(
        &self,
        seq: u64,
        entry: super::apart::Encoded,
        ids: Vec<u8>,
        body: Writes,
        mut close: Writes,
    ) -> Result<()> {
        let marker = (META, PENDING_KEY.to_vec(), seq.to_be_bytes().to_vec());
        let mut open = Writes::default();
        if entry.is_apart() {
            let mut first = Writes::default();
            first.puts.push(marker.clone());
            first.puts.push(schema_put());
            self.write(&first)?;
            let changes = Writes {
                puts: entry
                    .apart
                    .into_iter()
                    .map(|(k, v)| (APART, k, v))
                    .collect(),
                dels: Vec::new(),
            };
            if let Err(e) = self.write_batches(changes) {
                #[cfg(test)]
                if self.fault_dies() {
                    return Err(e);
                }
                let _ = self.recover_pending();
                return Err(e);
            }
        }
        open.puts
            .push((HISTORY, seq.to_be_bytes().to_vec(), entry.value));
        open.puts.push((HIST_IDX, bulk_hist_key(seq), ids));
        open.puts.push(marker);
        self.write(&open)?;
        close.dels.push((META, PENDING_KEY.to_vec()));
        let written = self
            .write_batches(body)
            .and_then(|()| self.flush())
            .and_then(|()| self.write(&close));
        #[cfg(test)]
        if self.fault_dies() {
            return written;
        }
        if let Err(e) = written {
            // Put the database back now rather than at the next open; if
            // that fails too, the marker stays and the next open does it.
            let _ = self.recover_pending();
            return Err(e);
        }
        Ok(())
    }

    /// Writes puts and removals tree by tree, in key order, in batches of
    /// [`BATCH_KEYS`]; a big change writes the records tree on a second
    /// thread meanwhile (see [`PARALLEL_KEYS`]). Each batch is atomic; the
    /// whole is not.
    pub(super) fn write_batches(&self, w: Writes) -> Result<()> {
        let trees = self.trees();
        let mut per_tree: Vec<Vec<Op>> = vec![Vec::new(); trees.len()];
        for (t, k) in w.dels {
            if let Some(v) = per_tree.get_mut(t) {
                v.push((k, None));
            }
        }
        for (t, k, value) in w.puts {
            if let Some(v) = per_tree.get_mut(t) {
                v.push((k, Some(value)));
            }
        }
        for ops in &mut per_tree {
            // Stable: a removal and a put of the same key keep their order.
            ops.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let total: usize = per_tree.iter().map(Vec::len).sum();
        let mut work: Vec<(&sled::Tree, Vec<Op>)> = trees.into_iter().zip(per_tree).collect();
        if total < PARALLEL_KEYS {
            return work
                .into_iter()
                .try_for_each(|(tree, ops)| self.write_tree(tree, ops, false));
        }
        let (records, ops) = work.remove(RECORDS);
        std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .spawn_scoped(s, move || self.write_tree(records, ops, true));
            let other = match other {
                Ok(handle) => handle,
                // No second thread to be had: this one writes it all.
                Err(_) => {
                    return work
                        .into_iter()
                        .try_for_each(|(tree, ops)| self.write_tree(tree, ops, false));
                }
            };
            let here = work
                .into_iter()
                .try_for_each(|(tree, ops)| self.write_tree(tree, ops, true));
            let there = other.join().unwrap_or_else(|_| {
                Err(StoreError::Io {
                    path: self.location(),
                    detail: "the change could not be stored: its writer stopped".into(),
                })
            });
            here.and(there)
        })
    }

    /// Writes one tree's sorted puts and removals, [`BATCH_KEYS`] at a
    /// time: as sled batches, or key by key while another thread writes
    /// another tree (a sled batch holds a lock every other write waits on).
    fn write_tree(&self, tree: &sled::Tree, ops: Vec<Op>, beside: bool) -> Result<()> {
        let failed = |e: sled::Error| StoreError::Io {
            path: self.location(),
            detail: format!("the change could not be stored: {e}"),
        };
        let mut ops = ops.into_iter().peekable();
        while ops.peek().is_some() {
            #[cfg(test)]
            self.fault_check()?;
            if beside {
                for (k, v) in ops.by_ref().take(BATCH_KEYS) {
                    match v {
                        Some(v) => tree.insert(k, v).map(|_| ()),
                        None => tree.remove(k).map(|_| ()),
                    }
                    .map_err(failed)?;
                }
                continue;
            }
            let mut batch = sled::Batch::default();
            for (k, v) in ops.by_ref().take(BATCH_KEYS) {
                match v {
                    Some(v) => batch.insert(k, v),
                    None => batch.remove(k),
                }
            }
            tree.apply_batch(batch).map_err(failed)?;
        }
        Ok(())
    }

    /// Rolls back a change the process did not live to finish, if the
    /// marker says there is one. Safe to repeat: a rollback cut short is
    /// finished by the next open.
    pub(super) fn recover_pending(&self) -> Result<()> {
        let Some(v) = self.meta.get(PENDING_KEY).map_err(|e| self.corrupt(e))? else {
            return Ok(());
        };
        let seq = <[u8; 8]>::try_from(v.as_ref())
            .map(u64::from_be_bytes)
            .map_err(|_| self.corrupt("the marker of an unfinished change is unreadable"))?;
        if let Some(entry) = self.entry(seq)? {
            let mut w = Writes::default();
            for c in &entry.changes {
                // From the after image back to the before image: the keys
                // only the after image has go, the before image's come back.
                index_writes(&mut w, c.id, c.after.as_ref(), c.before.as_ref())?;
            }
            self.write_batches(w)?;
            self.flush()?;
        }
        // The entry first, so that a rollback cut short after this never
        // finds a stub whose changes are partly gone.
        let mut entry = Writes::default();
        entry.dels.push((HISTORY, seq.to_be_bytes().to_vec()));
        entry.dels.push((HIST_IDX, bulk_hist_key(seq)));
        self.write(&entry)?;
        // Its changes stored apart, all or some (the process may have died
        // while they were written).
        let mut apart = Writes::default();
        for k in super::apart::keys_of(&self.apart, seq).map_err(|e| self.corrupt(e))? {
            apart.dels.push((APART, k.to_vec()));
        }
        self.write_batches(apart)?;
        self.flush()?;
        let mut end = Writes::default();
        end.dels.push((META, PENDING_KEY.to_vec()));
        self.write(&end)
    }

    #[cfg(test)]
    pub(super) fn set_fault(&self, fault: Option<Fault>) {
        *self.fault.lock().unwrap() = fault;
    }

    #[cfg(test)]
    pub(super) fn fault_dies(&self) -> bool {
        self.fault
            .lock()
            .unwrap()
            .is_some_and(|f| f.dies && f.batches == usize::MAX)
    }

    /// Counts one batch down; fails the batch once the count is spent.
    #[cfg(test)]
    pub(super) fn fault_check(&self) -> Result<()> {
        match self.fault.lock().unwrap().as_mut() {
            Some(f) if f.batches == 0 => {
                // Fires once: a rollback after it writes normally.
                f.batches = usize::MAX;
                Err(StoreError::Io {
                    path: self.location(),
                    detail: "the disk failed (test)".into(),
                })
            }
            Some(f) if f.batches != usize::MAX => {
                f.batches -= 1;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::{BULK_EDITS, Fault};
    use crate::model::*;
    use crate::store::{ChangeSet, Edit, SledStore, Store};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    /// Opens the database, waiting for the lock when it was just dropped.
    fn open(path: &Path) -> SledStore {
        crate::store::sled_store::test_open::open_when_free(path, day(1))
    }

    fn institution(n: u32) -> Record {
        Record::Institution(Institution {
            id: Id::new(Kind::Institution, n),
            names: vec![Name::new(format!("Institution {n}"), "en")],
            short_name: String::new(),
            country: "MN".into(),
            city: "Ulaanbaatar".into(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: false,
        })
    }

    fn follow_up(n: u32, parent: Id) -> Record {
        Record::FollowUp(FollowUp {
            id: Id::new(Kind::FollowUp, n),
            parent,
            title: format!("follow-up {n}"),
            due: day(1 + n % 28),
            owner: String::new(),
            status: FollowUpStatus::Open,
            completed: None,
        })
    }

    /// Two institutions, a partnership, 20 open follow-ups and 3 notes,
    /// written as small changes.
    fn base(store: &SledStore) -> Id {
        let mut c = ChangeSet::new("base");
        c.push(Edit::Create(institution(1)));
        c.push(Edit::Create(institution(2)));
        let p = Id::new(Kind::Partnership, 1);
        c.push(Edit::Create(Record::Partnership(Partnership {
            id: p,
            title: "base".into(),
            partners: vec![Id::new(Kind::Institution, 1)],
            status: PartnershipStatus::Active,
            areas: vec![],
            owner: String::new(),
            start: None,
            description: String::new(),
        })));
        store.apply(c).unwrap();
        let mut c = ChangeSet::new("items");
        for n in 1..=20 {
            c.push(Edit::Create(follow_up(n, p)));
        }
        for n in 1..=3 {
            c.push(Edit::Create(Record::Note(Note {
                id: Id::new(Kind::Note, n),
                parent: p,
                date: day(n),
                kind: NoteKind::Other,
                text: format!("note {n}"),
                author: String::new(),
            })));
        }
        store.apply(c).unwrap();
        p
    }

    /// More than [`BULK_EDITS`] edits: new institutions and follow-ups,
    /// every base follow-up moved or done, the notes deleted, the
    /// partnership given a second partner.
    fn big_change(p: Id) -> ChangeSet {
        let mut c = ChangeSet::new("import big.csv");
        for n in 3..=600 {
            c.push(Edit::Create(institution(n)));
        }
        for n in 21..=520 {
            c.push(Edit::Create(follow_up(n, p)));
        }
        for n in 1..=20 {
            let Record::FollowUp(mut f) = follow_up(n, p) else {
                unreachable!()
            };
            if n % 2 == 0 {
                f.status = FollowUpStatus::Done;
                f.completed = Some(day(1));
            } else {
                f.due = day(28);
            }
            c.push(Edit::Update(Record::FollowUp(f)));
        }
        for n in 1..=3 {
            c.push(Edit::Delete(Id::new(Kind::Note, n)));
        }
        c.push(Edit::Update(Record::Partnership(Partnership {
            id: p,
            title: "base".into(),
            partners: vec![
                Id::new(Kind::Institution, 1),
                Id::new(Kind::Institution, 600),
            ],
            status: PartnershipStatus::Active,
            areas: vec![],
            owner: String::new(),
            start: None,
            description: String::new(),
        })));
        assert!(c.edits.len() > BULK_EDITS);
        c
    }

    fn state(store: &SledStore) -> (Vec<Record>, Vec<u64>, usize, Vec<Id>) {
        let snap = store.snapshot().unwrap();
        let seqs = snap.history.iter().map(|e| e.seq).collect();
        let due = store.due(None, None, true).unwrap().len();
        let refs = store.referrers(Id::new(Kind::Partnership, 1)).unwrap();
        (snap.records, seqs, due, refs)
    }

    #[test]
    fn a_big_change_is_one_entry_and_one_undo_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir.path().join("db"));
        let p = base(&store);
        let before = state(&store);
        let applied = store.apply(big_change(p)).unwrap();
        assert_eq!(applied.ids.len(), big_change(p).edits.len());
        assert_eq!(store.check().unwrap(), vec![]);
        assert_eq!(store.count(Kind::Institution).unwrap(), 600);
        assert_eq!(store.count(Kind::Note).unwrap(), 0);
        assert_eq!(
            store.referrers(Id::new(Kind::Institution, 600)).unwrap(),
            vec![p]
        );
        let last = store.history(None, 5).unwrap();
        assert_eq!(last[0].seq, applied.seq);
        assert_eq!(last[0].changes.len(), applied.ids.len());
        // The history of one record finds the big change (listed once) and
        // the small ones.
        let of_f1 = store.history(Some(Id::new(Kind::FollowUp, 1)), 10).unwrap();
        let seqs: Vec<u64> = of_f1.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![applied.seq, 2]);
        assert_eq!(
            store
                .history(Some(Id::new(Kind::FollowUp, 1)), 1)
                .unwrap()
                .len(),
            1
        );
        assert!(
            store
                .history(Some(Id::new(Kind::Institution, 601)), 10)
                .unwrap()
                .is_empty()
        );

        let undone = store.undo("undo: ").unwrap().unwrap();
        assert_eq!(undone.seq, applied.seq);
        assert_eq!(store.check().unwrap(), vec![]);
        let after = state(&store);
        assert_eq!(after.0, before.0, "the records are as before");
        assert_eq!(
            (after.2, &after.3),
            (before.2, &before.3),
            "and the indexes"
        );
        let top = store.history(None, 2).unwrap();
        assert_eq!(top[0].undoes, Some(applied.seq));
        assert_eq!(top[1].undone_by, Some(top[0].seq));
        // The undo is itself a big change, in the history of its records.
        let of_i5 = store
            .history(Some(Id::new(Kind::Institution, 5)), 10)
            .unwrap();
        assert_eq!(
            of_i5.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![top[0].seq, applied.seq]
        );
        // Reopened, it is all still so.
        drop(store);
        let store = open(&dir.path().join("db"));
        assert_eq!(store.check().unwrap(), vec![]);
        assert_eq!(state(&store).0, before.0);
    }

    #[test]
    fn a_big_change_cut_short_is_rolled_back_when_the_database_is_opened() {
        // Records in two batches, then due and references in one each:
        // every point from before the first batch to after the last.
        for batches in 0..=4 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("db");
            let store = open(&path);
            let p = base(&store);
            let before = state(&store);
            store.set_fault(Some(Fault {
                batches,
                dies: true,
            }));
            let result = store.apply(big_change(p));
            assert_eq!(
                result.is_err(),
                batches < 4,
                "fault after {batches} batches"
            );
            drop(store);
            let store = open(&path);
            if result.is_err() {
                assert_eq!(state(&store), before, "fault after {batches} batches");
                assert!(store.meta.get(super::PENDING_KEY).unwrap().is_none());
                assert_eq!(store.hist_idx.scan_prefix([0]).count(), 0);
            }
            assert_eq!(
                store.check().unwrap(),
                vec![],
                "fault after {batches} batches"
            );
            // The same change goes through afterwards.
            let applied = store.apply(big_change(p));
            if result.is_err() {
                assert_eq!(applied.unwrap().seq, 3);
            }
            assert_eq!(store.check().unwrap(), vec![]);
        }
    }

    #[test]
    fn a_big_change_that_fails_is_rolled_back_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir.path().join("db"));
        let p = base(&store);
        let before = state(&store);
        store.set_fault(Some(Fault {
            batches: 2,
            dies: false,
        }));
        let e = store.apply(big_change(p)).unwrap_err();
        assert!(e.to_string().contains("the disk failed"), "{e}");
        assert_eq!(state(&store), before);
        assert_eq!(store.check().unwrap(), vec![]);
    }
}

#[cfg(test)]
#[path = "write_parallel_tests.rs"]
mod parallel_tests;
