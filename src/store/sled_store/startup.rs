//! Reading everything at start-up: from the compact copy of the records
//! (see [`crate::store::records_cache`]) when it is current or a few
//! changes behind, otherwise from the trees, after which the copy is
//! written again.

use std::path::{Path, PathBuf};

use super::SledStore;
use crate::model::{Kind, Record};
use crate::store::Result;
use crate::store::due_copy;
use crate::store::records_cache::{self, Progress, Stamp};

/// The copy's file name inside the database directory.
pub(crate) const CACHE_FILE: &str = "records.cache";
/// Further behind than this many changed records, the trees are read
/// instead (decoding history entries costs as much as the records).
/// Caught up over more than this many changed records, the copy is
/// rewritten at once rather than when the interface closes.
const REWRITE_AFTER: usize = 1_000;

/// Writes the start-up copy of `records` to `path` and, on another
/// thread meanwhile, the due copy beside it (see [`due_copy`]); whether
/// the start-up copy was written.
fn write_copies(path: &Path, stamp: &Stamp, records: &[&Record]) -> bool {
    let Some(dir) = path.parent() else {
        return records_cache::write(path, stamp, records.iter().copied()).is_ok();
    };
    std::thread::scope(|s| {
        let due = std::thread::Builder::new()
            .spawn_scoped(s, move || due_copy::write_records(dir, stamp, records));
        let ok = records_cache::write(path, stamp, records.iter().copied()).is_ok();
        match due {
            Ok(due) => {
                let _ = due.join();
            }
            // No second thread to be had: one after the other.
            Err(_) => {
                let _ = due_copy::write_records(dir, stamp, records);
            }
        }
        ok
    })
}

impl SledStore {
    pub(super) fn cache_path(&self) -> Option<PathBuf> {
        crate::store::Store::directory(self).map(|d| d.join(CACHE_FILE))
    }

    pub(super) fn read_everything_fast(&self, progress: &Progress) -> Result<Vec<Record>> {
        if let Some(records) = self.read_copy(progress)? {
            return Ok(records);
        }
        progress.done.store(0, std::sync::atomic::Ordering::Relaxed);
        let records = self.read_trees(progress)?;
        self.write_cache(&self.stamp()?, &records);
        Ok(records)
    }

    /// Every record from the start-up copy, caught up; `None` when there
    /// is no usable copy.
    pub(super) fn read_copy(&self, progress: &Progress) -> Result<Option<Vec<Record>>> {
        let now = self.stamp()?;
        let seq = now.seq;
        let Some(path) = self.cache_path() else {
            return Ok(None);
        };
        let Some((records, changed)) = records_cache::read_current(self, &path, &now, progress)
        else {
            return Ok(None);
        };
        if changed == 0 {
            self.note_cached(Some(seq));
        } else if changed > REWRITE_AFTER {
            self.write_cache(&now, &records);
        }
        Ok(Some(records))
    }

    /// Writes the copy; a copy that cannot be written is simply not there
    /// next time (the trees are read instead), so failures are silent.
    pub(super) fn write_cache(&self, stamp: &Stamp, records: &[Record]) {
        if let Some(path) = self.cache_path() {
            let ok = write_copies(&path, stamp, &records.iter().collect::<Vec<_>>());
            self.note_cached(ok.then_some(stamp.seq));
        }
    }

    /// What the copy of the records as they are now is stamped with.
    fn stamp(&self) -> Result<Stamp> {
        let v = crate::store::Store::version(self)?;
        Ok(Stamp {
            instance: v.instance,
            seq: v.seq,
        })
    }

    pub(super) fn remember(&self, records: &mut dyn Iterator<Item = &Record>) {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let Ok(now) = self.stamp() else { return };
        let seq = now.seq;
        let Some(path) = self.cache_path() else {
            return;
        };
        if self.cached_seq() == Some(seq) {
            return;
        }
        let ok = write_copies(&path, &now, &records.collect::<Vec<_>>());
        self.note_cached(ok.then_some(seq));
    }

    /// Notes that the copy on disk reflects change `seq` (it was read by
    /// someone else before sled opened), so it is not written again until
    /// something changes.
    pub(crate) fn copy_is_current(&self, seq: u64) {
        self.note_cached(Some(seq));
    }

    /// Forgets the copy (before a restore replaces history).
    pub(super) fn drop_cache(&self) {
        if let Some(path) = self.cache_path() {
            let _ = std::fs::remove_file(&path);
            if let Some(dir) = path.parent() {
                due_copy::remove(dir);
            }
        }
        self.note_cached(None);
    }

    fn cached_seq(&self) -> Option<u64> {
        *self.cached.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn note_cached(&self, seq: Option<u64>) {
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = seq;
    }

    /// Every record from the trees, on two threads (the kinds split so each
    /// holds about half of a typical database), counting progress.
    fn read_trees(&self, progress: &Progress) -> Result<Vec<Record>> {
        let estimate: u32 = Kind::ALL
            .iter()
            .map(|k| self.counter(*k).unwrap_or(0))
            .sum();
        progress.set_total(estimate as usize);
        let read = |kinds: &[Kind]| -> Result<Vec<Record>> {
            let mut out = Vec::new();
            for k in kinds {
                for (i, kv) in self.records.scan_prefix([k.tag()]).enumerate() {
                    let (key, value) = kv.map_err(|e| self.corrupt(e))?;
                    out.push(self.decode(&key, &value)?);
                    if i % 512 == 511 {
                        progress.add(512);
                    }
                }
            }
            Ok(out)
        };
        let mut all = crate::store::on_two_threads(read)?;
        all.sort_by_key(Record::id);
        progress.set_total(all.len());
        progress
            .done
            .store(all.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;
    use crate::store::{ChangeSet, Edit, Store, load_all};

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn open(dir: &std::path::Path) -> SledStore {
        // Reopened after a drop: sled's threads let go of the lock a
        // moment later (under load, after the next open had tried).
        crate::store::sled_store::test_open::open_when_free(&dir.join("accord.db"), today())
    }

    fn sorted(store: &SledStore) -> Vec<Record> {
        let mut all = load_all(store).unwrap();
        all.sort_by_key(Record::id);
        all
    }

    fn fast(store: &SledStore) -> Vec<Record> {
        let progress = Progress::default();
        let all = store.read_everything(&progress).unwrap();
        assert_eq!(progress.get(), (all.len(), all.len()));
        all
    }

    fn cached_seq(dir: &std::path::Path) -> Option<u64> {
        records_cache::peek_stamp(&dir.join("accord.db").join(CACHE_FILE)).map(|s| s.seq)
    }

    #[test]
    fn the_copy_is_written_then_read_and_caught_up() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        crate::demo::load_demo(&store, today()).unwrap();
        let seq = store.seq().unwrap();
        assert_eq!(fast(&store), sorted(&store));
        assert_eq!(cached_seq(dir.path()), Some(seq));
        // Another session: reads the copy.
        drop(store);
        let store = open(dir.path());
        assert_eq!(fast(&store), sorted(&store));

        // Changes made since (as by the command line): caught up from history.
        let note = Id::new(Kind::Note, 1);
        store
            .apply(ChangeSet::one("delete", Edit::Delete(note)))
            .unwrap();
        let Some(Record::Action(mut a)) = store.get(Id::new(Kind::Action, 1)).unwrap() else {
            panic!("demo has T1")
        };
        a.title = "renamed".into();
        store
            .apply(ChangeSet::one("rename", Edit::Update(Record::Action(a))))
            .unwrap();
        store.undo("Undo").unwrap();
        let after = fast(&store);
        assert_eq!(after, sorted(&store));
        assert!(after.iter().all(|r| r.id() != note));
        // A small catch-up leaves the copy for the interface to rewrite.
        assert_eq!(cached_seq(dir.path()), Some(seq));
        let all = sorted(&store);
        store.remember_everything(&mut all.iter());
        assert_eq!(cached_seq(dir.path()), Some(store.seq().unwrap()));
        assert_eq!(fast(&store), all);
    }

    #[test]
    fn a_damaged_copy_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        crate::demo::load_demo(&store, today()).unwrap();
        fast(&store);
        let path = dir.path().join("accord.db").join(CACHE_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(fast(&store), sorted(&store));
        assert!(records_cache::peek_stamp(&path).is_some());
    }

    #[test]
    fn a_restore_never_serves_the_old_copy() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        crate::demo::load_demo(&store, today()).unwrap();
        let backup = store.snapshot().unwrap();
        store
            .apply(ChangeSet::one(
                "delete",
                Edit::Delete(Id::new(Kind::Note, 2)),
            ))
            .unwrap();
        fast(&store);
        // Back to the backup: same records as at its sequence number.
        store.restore(&backup, true).unwrap();
        assert_eq!(cached_seq(dir.path()), None);
        let all = fast(&store);
        assert_eq!(all, sorted(&store));
        assert!(all.iter().any(|r| r.id() == Id::new(Kind::Note, 2)));
    }
}
