//! How a restore reaches the disk.
//!
//! A restore replaces every record, index key and history entry. One sled
//! transaction over all of that holds every intermediate version of every
//! node until it ends (2 GB and 6–8 s for 100k records), so it is written
//! in steps instead, with a way back:
//!
//! 1. the records and history entries being replaced (with the changes of
//!    entries stored apart, see `apart`), and the meta keys a
//!    restore sets, are copied as they are (bytes, not decoded) into side
//!    trees, in batches (nothing to copy in an empty database; the index
//!    keys are not copied: they follow from the records and entries);
//! 2. a "restore under way" marker is stored, flushed;
//! 3. the backup's records, index keys and history entries are written in
//!    batches of about [`CHUNK`] records, each encoded once and dropped once
//!    written; then every key the backup does not have is removed; flushed;
//! 4. one transaction stores the id counters, the sequence number, the
//!    new instance and the last entry's digest and removes the marker,
//!    flushed; then the side trees are dropped.
//!
//! A marker found when the database is opened means the process died in
//! step 3 (or 4): the records and entries are copied back from the side
//! trees, the index keys computed again from them, the meta keys put back
//! as they were and the marker removed. The database is then exactly as
//! before the restore. Side trees without a marker are left-overs of step 1
//! or of the end of step 4 and are dropped.

use std::collections::{BTreeMap, HashSet};

use super::encode::*;
use super::sealing::LAST_DIGEST_KEY;
use super::version::{INSTANCE_KEY, new_instance};
use super::{APART, HIST_IDX, HISTORY, META, SEQ_KEY, SledStore, Writes};
use crate::model::{Id, Kind, Record};
use crate::store::history::HistoryEntry;
use crate::store::keys::{bulk_hist_key, bulk_hist_value, hist_key};
use crate::store::{Result, Store, StoreError};

/// Meta key of the marker of a restore under way.
pub(super) const RESTORING_KEY: &[u8] = b"restore_under_way";

/// Records (or history entries' changes) encoded and written at a time.
pub(super) const CHUNK: usize = 2048;

/// The trees a restore replaces, by their number in [`Writes`].
const REPLACED: [usize; 7] = [
    super::RECORDS,
    super::DUE,
    super::REFS,
    super::EXPIRY,
    HIST_IDX,
    HISTORY,
    APART,
];

/// The trees whose old contents are kept aside, with their side tree.
const KEPT: [(usize, &str); 3] = [
    (super::RECORDS, "restore_old.records"),
    (HISTORY, "restore_old.history"),
    (APART, "restore_old.history_apart"),
];

/// The side tree keeping the old values of the meta keys a restore sets.
const OLD_META: &str = "restore_old.meta";

/// Keys copied or removed per sled batch.
const COPY_KEYS: usize = 4096;

/// The meta keys a restore sets.
fn meta_keys() -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = Kind::ALL.iter().map(|k| counter_key(*k)).collect();
    keys.push(SEQ_KEY.to_vec());
    keys.push(INSTANCE_KEY.to_vec());
    keys.push(LAST_DIGEST_KEY.to_vec());
    keys
}

/// What a restore writes, besides the records: from the backup.
pub(super) struct Incoming<'a> {
    pub records: &'a [Record],
    pub history: &'a [HistoryEntry],
    pub counters: &'a BTreeMap<String, u32>,
}

/// What step 4 sealed: the values `reseal_all` needs.
pub(super) struct Restored {
    pub instance: u64,
    pub seq: u64,
    pub last: Option<(chrono::DateTime<chrono::Utc>, [u8; 32], String)>,
}

/// The history index keys of entry `e`: one per record, or for a big
/// change one key listing them all (as [`SledStore::commit`] writes them).
fn history_index(w: &mut Writes, e: &HistoryEntry) {
    if e.changes.len() > super::write::BULK_EDITS {
        let ids: Vec<Id> = e.changes.iter().map(|c| c.id).collect();
        w.puts
            .push((HIST_IDX, bulk_hist_key(e.seq), bulk_hist_value(&ids)));
    } else {
        for c in &e.changes {
            w.puts.push((HIST_IDX, hist_key(c.id, e.seq), Vec::new()));
        }
    }
}

impl SledStore {
    fn side(&self, name: &str) -> Result<sled::Tree> {
        self.db.open_tree(name).map_err(|e| self.corrupt(e))
    }

    fn io(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            path: self.location(),
            detail: rust_i18n::t!("bulk.restore_not_stored", problem = e.to_string()).into_owned(),
        }
    }

    /// Removes every key of `tree`, in batches.
    fn empty_tree(&self, tree: &sled::Tree) -> Result<()> {
        loop {
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for k in tree.iter().keys().take(COPY_KEYS) {
                batch.remove(k.map_err(|e| self.corrupt(e))?);
                n += 1;
            }
            if n == 0 {
                return Ok(());
            }
            self.fault_point()?;
            tree.apply_batch(batch).map_err(|e| self.io(e))?;
        }
    }

    /// Removes every key of `tree` that `keep` does not hold, in batches.
    fn remove_other_keys(&self, tree: &sled::Tree, keep: &HashSet<Vec<u8>>) -> Result<()> {
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for k in tree.iter().keys() {
            let k = k.map_err(|e| self.corrupt(e))?;
            if keep.contains(k.as_ref()) {
                continue;
            }
            batch.remove(k);
            n += 1;
            if n == COPY_KEYS {
                self.fault_point()?;
                tree.apply_batch(std::mem::take(&mut batch))
                    .map_err(|e| self.io(e))?;
                n = 0;
            }
        }
        if n > 0 {
            self.fault_point()?;
            tree.apply_batch(batch).map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    /// Copies every key of `from` into `to` (which is emptied first).
    fn copy_tree(&self, from: &sled::Tree, to: &sled::Tree) -> Result<()> {
        self.empty_tree(to)?;
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for kv in from.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            batch.insert(k, v);
            n += 1;
            if n == COPY_KEYS {
                self.fault_point()?;
                to.apply_batch(std::mem::take(&mut batch))
                    .map_err(|e| self.io(e))?;
                n = 0;
            }
        }
        if n > 0 {
            self.fault_point()?;
            to.apply_batch(batch).map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    fn tree_of(&self, n: usize) -> &sled::Tree {
        match n {
            super::RECORDS => &self.records,
            super::DUE => &self.due,
            super::REFS => &self.refs,
            super::EXPIRY => &self.expiry,
            HIST_IDX => &self.hist_idx,
            HISTORY => &self.history,
            APART => &self.apart,
            _ => &self.meta,
        }
    }

    /// Replaces the database's contents by `incoming` in the steps of the
    /// module notes. The caller holds the writer lock and has validated
    /// the backup.
    pub(super) fn write_restore(&self, incoming: Incoming) -> Result<Restored> {
        // 1. Keep the old contents aside.
        for (n, name) in KEPT {
            self.copy_tree(self.tree_of(n), &self.side(name)?)?;
        }
        let old_meta = self.side(OLD_META)?;
        self.empty_tree(&old_meta)?;
        let mut batch = sled::Batch::default();
        for k in meta_keys() {
            // The value with a leading 1, or a lone 0 for "absent".
            let mut kept = vec![0u8];
            if let Some(v) = self.meta.get(&k).map_err(|e| self.corrupt(e))? {
                kept[0] = 1;
                kept.extend_from_slice(&v);
            }
            batch.insert(k, kept);
        }
        old_meta.apply_batch(batch).map_err(|e| self.io(e))?;
        self.flush()?;
        // 2. The marker.
        self.meta
            .insert(RESTORING_KEY, &[1u8])
            .map_err(|e| self.io(e))?;
        self.flush()?;
        // 3. Write the backup's contents, then remove what it does not have.
        // Keys to keep, for the trees that held any before.
        let mut written: Vec<Option<HashSet<Vec<u8>>>> = (0..=APART)
            .map(|n| (!self.tree_of(n).is_empty()).then(HashSet::new))
            .collect();
        let mut write = |w: Writes| -> Result<()> {
            for (t, k, _) in &w.puts {
                if let Some(Some(set)) = written.get_mut(*t) {
                    set.insert(k.clone());
                }
            }
            self.write_batches(w)
        };
        // The records in chunks; their index keys (a few small ones per
        // record) all at the end, each tree in key order.
        let mut index = Writes::default();
        for chunk in incoming.records.chunks(CHUNK) {
            let mut w = Writes::default();
            for r in chunk {
                index_writes(&mut w, r.id(), None, Some(r))?;
            }
            let (records, keys) = w.puts.into_iter().partition(|p| p.0 == super::RECORDS);
            index.puts.extend::<Vec<_>>(keys);
            write(Writes {
                puts: records,
                dels: Vec::new(),
            })?;
        }
        write(index)?;
        let mut seq = 0;
        let mut last = None;
        let mut w = Writes::default();
        let mut pending = 0;
        let mut any_apart = false;
        for e in incoming.history {
            let stored = super::apart::encode(e).map_err(|e| {
                StoreError::Conflict(format!("the change could not be encoded: {e}"))
            })?;
            if e.seq >= seq {
                seq = e.seq;
                last = Some((e.at, stored.digest, e.summary.clone()));
            }
            if stored.is_apart() && !any_apart {
                // Before the first stub: older accord refuse the database.
                any_apart = true;
                self.meta
                    .insert(super::SCHEMA_KEY, &super::apart::APART_SCHEMA.to_be_bytes())
                    .map_err(|e| self.io(e))?;
            }
            w.puts
                .extend(stored.apart.into_iter().map(|(k, v)| (APART, k, v)));
            w.puts
                .push((HISTORY, e.seq.to_be_bytes().to_vec(), stored.value));
            history_index(&mut w, e);
            pending += 1 + e.changes.len();
            if pending >= CHUNK {
                write(std::mem::take(&mut w))?;
                pending = 0;
            }
        }
        write(w)?;
        for n in REPLACED {
            if let Some(Some(keep)) = written.get(n) {
                self.remove_other_keys(self.tree_of(n), keep)?;
            }
        }
        drop(written);
        self.flush()?;
        // 4. Close: counters, sequence number, instance, digest; no marker.
        let mut close = Writes::default();
        for k in Kind::ALL {
            let n = incoming
                .counters
                .get(&k.prefix().to_string())
                .copied()
                .unwrap_or(0);
            close
                .puts
                .push((META, counter_key(k), n.to_be_bytes().to_vec()));
        }
        close
            .puts
            .push((META, SEQ_KEY.to_vec(), seq.to_be_bytes().to_vec()));
        // Caches of the old contents must not be taken for the new ones.
        let instance = new_instance();
        close
            .puts
            .push((META, INSTANCE_KEY.to_vec(), instance.to_be_bytes().to_vec()));
        let digest = last.as_ref().map(|l| l.1).unwrap_or([0; 32]);
        close
            .puts
            .push((META, LAST_DIGEST_KEY.to_vec(), digest.to_vec()));
        close.dels.push((META, RESTORING_KEY.to_vec()));
        self.write(&close)?;
        self.drop_side_trees();
        Ok(Restored {
            instance,
            seq,
            last,
        })
    }

    /// Drops the side trees of a restore (a failure leaves them for the
    /// next open to drop).
    fn drop_side_trees(&self) {
        for (_, name) in KEPT {
            let _ = self.db.drop_tree(name);
        }
        let _ = self.db.drop_tree(OLD_META);
    }

    /// Puts back the contents a restore the process did not live to
    /// finish replaced, if the marker says there is one; drops the side
    /// trees. Safe to repeat: a recovery cut short is finished by the next
    /// open.
    pub(super) fn recover_restore(&self) -> Result<()> {
        let names = self.db.tree_names();
        let has_side = names.iter().any(|n| n.starts_with(b"restore_old."));
        let marked = self
            .meta
            .get(RESTORING_KEY)
            .map_err(|e| self.corrupt(e))?
            .is_some();
        if !marked {
            if has_side {
                self.drop_side_trees();
            }
            return Ok(());
        }
        for (n, name) in KEPT {
            self.copy_tree(&self.side(name)?, self.tree_of(n))?;
        }
        self.reindex()?;
        self.flush()?;
        let old_meta = self.side(OLD_META)?;
        let mut end = Writes::default();
        for k in meta_keys() {
            match old_meta.get(&k).map_err(|e| self.corrupt(e))? {
                Some(v) if v.first() == Some(&1) => {
                    let old = v.get(1..).map(<[u8]>::to_vec).unwrap_or_default();
                    end.puts.push((META, k, old));
                }
                _ => end.dels.push((META, k)),
            }
        }
        end.dels.push((META, RESTORING_KEY.to_vec()));
        self.write(&end)?;
        self.drop_side_trees();
        Ok(())
    }

    /// Computes the index trees again from the records and the history.
    fn reindex(&self) -> Result<()> {
        for n in [super::DUE, super::REFS, super::EXPIRY, HIST_IDX] {
            self.empty_tree(self.tree_of(n))?;
        }
        let mut w = Writes::default();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            let r = self.decode(&k, &v)?;
            let mut one = Writes::default();
            index_writes(&mut one, r.id(), None, Some(&r))?;
            // Only the index keys: the record is already there.
            w.puts
                .extend(one.puts.into_iter().filter(|p| p.0 != super::RECORDS));
            if w.puts.len() >= CHUNK {
                self.write_batches(std::mem::take(&mut w))?;
            }
        }
        for v in self.history.iter().values() {
            let v = v.map_err(|e| self.corrupt(e))?;
            let e = self.decode_entry(&v)?;
            history_index(&mut w, &e);
            if w.puts.len() >= CHUNK {
                self.write_batches(std::mem::take(&mut w))?;
            }
        }
        self.write_batches(w)
    }

    /// Test hook: the same fault as a big change's (see `write`).
    fn fault_point(&self) -> Result<()> {
        #[cfg(test)]
        self.fault_check()?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "restore_tests.rs"]
mod tests;
