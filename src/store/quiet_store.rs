//! A personal database served from its start-up copy while sled stays
//! closed (see [`super::quiet`]): what read-only commands and the
//! interface's first frame need, without the cost of opening sled.
//!
//! Whatever the copy cannot answer (history, changes, a check, a backup)
//! opens sled first, and from then on sled answers everything. The
//! interface asks for sled to be opened behind its first frame
//! ([`QuietStore::open_behind`]); a change made before it is open waits
//! for it ([`Store::opening`] says so meanwhile).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use chrono::NaiveDate;

use super::due_copy;
use super::history::HistoryEntry;
use super::keys::{self, DueEntry};
use super::records_cache::{ByKind, Stamp};
use super::{Applied, BackupWhen, ChangeSet, Problem, Progress, Result, SledStore, Snapshot};
use super::{Store, Version, quiet};
use crate::clock::SharedClock;
use crate::due::DueItem;
use crate::model::{Id, Kind, Record};

pub struct QuietStore {
    path: PathBuf,
    clock: SharedClock,
    /// The database's version at its clean close, which the copy reflects.
    version: Version,
    /// The records of each kind read from the copy so far (each read on
    /// first need).
    kinds: Mutex<[Option<Arc<Vec<Record>>>; Kind::ALL.len()]>,
    /// The copy turned out not to be usable (or was handed over): sled
    /// answers everything.
    no_copy: AtomicBool,
    /// The copy's bytes, kept for the kinds a command asks for later (not
    /// when the copy is handed over).
    bytes: Mutex<Option<crate::fileio::WholeFile>>,
    /// sled, once opened (by a call that needs it or behind the interface).
    sled: Mutex<Option<Arc<SledStore>>>,
    /// Held while sled is being opened, so it is opened once.
    opening_lock: Mutex<()>,
    /// The copy on disk was read and found current.
    copy_read: AtomicBool,
    /// When the day's backup is taken if sled is opened (none: never).
    backups: Option<BackupWhen>,
    /// sled is being opened on another thread.
    opening: Arc<AtomicBool>,
    /// The copy was handed over whole to one reader (the interface).
    hand_over: bool,
    /// Set once that reader has had the copy (sled opening meanwhile
    /// would change its files under the reader, which then gives up).
    handed: Arc<(Mutex<bool>, Condvar)>,
}

impl QuietStore {
    /// The database at `path` served from its copy, when it is closed
    /// cleanly (see [`quiet::current_version`]); `None` otherwise (open
    /// sled instead). `backups`: when the day's backup is taken if sled
    /// is opened after all.
    pub fn open(
        path: &Path,
        clock: SharedClock,
        backups: Option<BackupWhen>,
    ) -> Option<QuietStore> {
        let version = quiet::current_version(path)?;
        Some(QuietStore {
            path: path.to_path_buf(),
            clock,
            version,
            kinds: Mutex::new(Default::default()),
            no_copy: AtomicBool::new(false),
            bytes: Mutex::new(None),
            sled: Mutex::new(None),
            opening_lock: Mutex::new(()),
            copy_read: AtomicBool::new(false),
            backups,
            opening: Arc::new(AtomicBool::new(false)),
            hand_over: false,
            handed: Arc::new((Mutex::new(false), Condvar::new())),
        })
    }

    /// The first [`Store::read_everything`] hands the records over rather
    /// than keeping a copy here (for the interface, which keeps its own).
    pub fn handing_over(mut self) -> QuietStore {
        self.hand_over = true;
        self
    }

    /// Starts opening sled on another thread, so that it is ready by the
    /// time a change is made: once the records have been handed over (or
    /// after a few seconds without).
    pub fn open_behind(self: &Arc<Self>) {
        self.opening.store(true, Ordering::Relaxed);
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name("accord-open".into())
            .spawn(move || {
                if me.hand_over {
                    let (lock, handed) = &*me.handed;
                    let done = lock.lock().unwrap_or_else(|p| p.into_inner());
                    let wait = std::time::Duration::from_secs(5);
                    let _ = handed.wait_timeout_while(done, wait, |d| !*d);
                }
                let _ = me.sled();
                me.opening.store(false, Ordering::Relaxed);
            });
        if spawned.is_err() {
            self.opening.store(false, Ordering::Relaxed);
        }
    }

    /// sled, opened now if it is not yet (waiting for an opening under way).
    fn sled(&self) -> Result<Arc<SledStore>> {
        if let Some(s) = self.open_sled() {
            return Ok(s);
        }
        let _once = self.opening_lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = self.open_sled() {
            return Ok(s);
        }
        let store = SledStore::open(&self.path, self.clock.clone())?;
        for n in store.notices() {
            eprintln!("accord: {n}");
        }
        if let Some(when) = self.backups {
            store.keep_backups(when);
        }
        // The copy on disk is the one this store served: sled need not
        // write it again unless something changes.
        if self.copy_read.load(Ordering::Relaxed) && store.version().ok() == Some(self.version) {
            store.copy_is_current(self.version.seq);
        }
        let store = Arc::new(store);
        *self.sled.lock().unwrap_or_else(|p| p.into_inner()) = Some(store.clone());
        Ok(store)
    }

    /// sled when it is already open.
    fn open_sled(&self) -> Option<Arc<SledStore>> {
        self.sled.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The records of `kinds` from the copy (in that order), each kind in
    /// id order; `None` when the copy cannot be used (sled answers then).
    fn records(&self, kinds: &[Kind]) -> Option<Vec<Arc<Vec<Record>>>> {
        if self.no_copy.load(Ordering::Relaxed) || self.open_sled().is_some() {
            return None;
        }
        let mut held = self.kinds.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<Kind> = kinds
            .iter()
            .copied()
            .filter(|k| held[*k as usize].is_none())
            .collect();
        if !missing.is_empty() {
            let Some(mut read) = self.read_copy(Some(&missing), &Progress::default()) else {
                self.no_copy.store(true, Ordering::Relaxed);
                return None;
            };
            for k in missing {
                held[k as usize] = Some(Arc::new(std::mem::take(&mut read[k as usize])));
            }
        }
        kinds.iter().map(|k| held[*k as usize].clone()).collect()
    }

    fn read_copy(&self, kinds: Option<&[Kind]>, progress: &Progress) -> Option<ByKind> {
        let read = if self.hand_over {
            quiet::read_kinds(&self.path, self.version, kinds, progress)
        } else {
            let mut bytes = self.bytes.lock().unwrap_or_else(|p| p.into_inner());
            if bytes.is_none() {
                *bytes = quiet::read_copy(&self.path, self.version);
            }
            let b = bytes.as_deref()?;
            quiet::decode_kinds(&self.path, self.version, b, kinds, progress)
        };
        if read.is_some() {
            self.copy_read.store(true, Ordering::Relaxed);
        }
        read
    }

    /// Answers from the records of `kinds` in the copy when it can (and
    /// sled is not open), else from sled.
    fn either<T>(
        &self,
        kinds: &[Kind],
        copy: impl FnOnce(&[Arc<Vec<Record>>]) -> T,
        sled: impl FnOnce(&SledStore) -> Result<T>,
    ) -> Result<T> {
        match self.records(kinds) {
            Some(r) => Ok(copy(&r)),
            None => sled(&*self.sled()?),
        }
    }

    /// Every record of the copy, kind by kind, handed over once (the
    /// interface keeps its own); `None` when it cannot be used.
    fn hand_over_copy(&self, progress: &Progress) -> Option<ByKind> {
        let read = if self.no_copy.swap(true, Ordering::Relaxed) || self.open_sled().is_some() {
            None
        } else {
            self.read_copy(None, progress)
        };
        let (lock, handed) = &*self.handed;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        handed.notify_all();
        read
    }

    fn all_from_copy(&self) -> Option<ByKind> {
        let parts = self.records(&Kind::ALL)?;
        let mut all = ByKind::default();
        for (slot, part) in all.iter_mut().zip(parts) {
            *slot = part.as_ref().clone();
        }
        Some(all)
    }
}

impl Drop for QuietStore {
    /// A command that found the copy behind (a change made since it was
    /// written) leaves it up to date, so the next read-only command need
    /// not open sled. The interface writes its own at its end.
    fn drop(&mut self) {
        if self.hand_over || !self.no_copy.load(Ordering::Relaxed) {
            return;
        }
        if let Some(s) = self.open_sled()
            && let Ok(all) = s.read_everything(&Progress::default())
        {
            s.remember_everything(&mut all.iter());
        }
    }
}

/// The kinds whose records are in the due index.
const DUE_KINDS: [Kind; 3] = [Kind::Agreement, Kind::Action, Kind::FollowUp];

/// The record with `id` in `records` (in id order).
fn find(records: &[Record], id: Id) -> Option<&Record> {
    records
        .binary_search_by_key(&id, Record::id)
        .ok()
        .and_then(|i| records.get(i))
}

/// What sled's due index would give for `from..=to` over `records`.
fn due_among<'a>(
    records: impl Iterator<Item = &'a Record>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    include_undated: bool,
) -> Vec<DueEntry> {
    let mut out: Vec<DueEntry> = records
        .flat_map(keys::due_entries)
        .filter(|e| match e.date {
            Some(d) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
            None => include_undated,
        })
        .collect();
    out.sort_by_cached_key(keys::due_key);
    out
}

impl Store for QuietStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn get(&self, id: Id) -> Result<Option<Record>> {
        self.either(&[id.kind], |r| find(&r[0], id).cloned(), |s| s.get(id))
    }

    fn list(&self, kind: Kind) -> Result<Vec<Record>> {
        self.either(&[kind], |r| r[0].as_ref().clone(), |s| s.list(kind))
    }

    fn count(&self, kind: Kind) -> Result<usize> {
        self.either(&[kind], |r| r[0].len(), |s| s.count(kind))
    }

    fn next_id(&self, kind: Kind) -> Result<Id> {
        self.sled()?.next_id(kind)
    }

    fn apply(&self, change: ChangeSet) -> Result<Applied> {
        self.sled()?.apply(change)
    }

    fn due(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Result<Vec<DueEntry>> {
        self.either(
            &DUE_KINDS,
            |r| due_among(r.iter().flat_map(|k| k.iter()), from, to, include_undated),
            |s| s.due(from, to, include_undated),
        )
    }

    fn due_queue(
        &self,
        today: NaiveDate,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Option<Vec<DueItem>> {
        if self.no_copy.load(Ordering::Relaxed) || self.open_sled().is_some() {
            return None;
        }
        let wanted = due_copy::Wanted::new(to, include_undated)?;
        if let Some(items) = due_copy::read_current(&self.path, self.version, today, wanted) {
            return Some(items);
        }
        // No current due copy (a database closed by an earlier build):
        // the queue from the start-up copy, kept for next time.
        let parts = self.records(&due_copy::QUEUE_KINDS)?;
        let records: Vec<&Record> = parts.iter().flat_map(|p| p.iter()).collect();
        let queue = due_copy::queue_of(&records);
        let stamp = Stamp {
            instance: self.version.instance,
            seq: self.version.seq,
        };
        let _ = due_copy::write(&self.path, &stamp, &queue);
        Some(due_copy::select(queue, today, wanted))
    }

    fn expiring_before(&self, date: NaiveDate) -> Result<Vec<Id>> {
        let hi = keys::date_key(date);
        self.either(
            &[Kind::Agreement],
            |r| {
                let mut found: Vec<Vec<u8>> = r[0]
                    .iter()
                    .filter_map(keys::expiry_key)
                    .filter(|k| k.get(..4).is_some_and(|d| d < &hi[..]))
                    .collect();
                found.sort();
                found
                    .iter()
                    .filter_map(|k| k.get(4..).and_then(Id::from_bytes))
                    .collect()
            },
            |s| s.expiring_before(date),
        )
    }

    fn referrers(&self, id: Id) -> Result<Vec<Id>> {
        self.either(
            &Kind::ALL,
            |r| {
                let mut found: Vec<Id> = r
                    .iter()
                    .flat_map(|k| k.iter())
                    .filter(|x| x.references().contains(&id))
                    .map(Record::id)
                    .collect();
                found.sort();
                found.dedup();
                found
            },
            |s| s.referrers(id),
        )
    }

    fn history(&self, id: Option<Id>, limit: usize) -> Result<Vec<HistoryEntry>> {
        self.sled()?.history(id, limit)
    }

    fn undo(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>> {
        self.sled()?.undo(summary_prefix)
    }

    fn check(&self) -> Result<Vec<Problem>> {
        self.sled()?.check()
    }

    fn snapshot(&self) -> Result<Snapshot> {
        self.sled()?.snapshot()
    }

    fn restore(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
        self.sled()?.restore(snapshot, force)
    }

    fn read_everything(&self, progress: &Progress) -> Result<Vec<Record>> {
        Ok(self.read_by_kind(progress)?.into_iter().flatten().collect())
    }

    fn read_by_kind(&self, progress: &Progress) -> Result<ByKind> {
        let copy = if self.hand_over {
            self.hand_over_copy(progress)
        } else {
            self.all_from_copy()
        };
        match copy {
            Some(all) => {
                let n = all.iter().map(Vec::len).sum();
                progress.set_total(n);
                progress.done.store(n, Ordering::Relaxed);
                Ok(all)
            }
            None => self.sled()?.read_by_kind(progress),
        }
    }

    fn shared_kinds(&self, kinds: &[Kind]) -> Result<Vec<Arc<Vec<Record>>>> {
        match self.records(kinds) {
            Some(r) => Ok(r),
            None => self.sled()?.shared_kinds(kinds),
        }
    }

    fn remember_everything(&self, records: &mut dyn Iterator<Item = &Record>) {
        if let Some(s) = self.open_sled() {
            s.remember_everything(records);
        }
    }

    fn version(&self) -> Result<Version> {
        match self.open_sled() {
            Some(s) => s.version(),
            None => Ok(self.version),
        }
    }

    fn history_after(&self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>> {
        if self.open_sled().is_none() {
            if seq == self.version.seq {
                return Ok(Vec::new());
            }
            // The last few changes are kept beside the database: a cache
            // one change behind catches up without opening sled.
            if let Some(mut recent) =
                super::sled_store::recent_changes(&self.path, seq, self.version)
            {
                recent.truncate(limit);
                return Ok(recent);
            }
        }
        self.sled()?.history_after(seq, limit)
    }

    fn author(&self) -> String {
        super::os_user()
    }

    fn staff_directory(&self) -> Result<Vec<crate::staff::StaffMember>> {
        if let Some(s) = self.open_sled() {
            return s.staff_directory();
        }
        match quiet::read_staff(&self.path, self.version) {
            Some(staff) => Ok(staff),
            None => self.sled()?.staff_directory(),
        }
    }

    fn put_staff(&self, member: &crate::staff::StaffMember, replacing: Option<&str>) -> Result<()> {
        self.sled()?.put_staff(member, replacing)
    }

    fn remove_staff(&self, name: &str) -> Result<bool> {
        self.sled()?.remove_staff(name)
    }

    fn directory(&self) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn close(&self) {
        // sled left half open would cost the next start a copy.
        let _opened = self.opening_lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = self.open_sled() {
            s.close();
        }
    }

    fn opening(&self) -> bool {
        self.opening.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
#[path = "quiet_store_tests.rs"]
mod tests;
