//! The embedded backend: sled trees, one transaction per change (three
//! steps for a big one, see `write`), flushed before the change is
//! reported done.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use serde::Deserialize;

use super::check::Problem;

mod apart;
mod autobackup;
mod backup_stream;
mod commit;
mod encode;
mod guard;
mod history_of;
mod journal;
mod move_apart;
mod open;
mod rescue;
mod restore;
mod seal;
mod sealing;
mod staff;
mod startup;
#[cfg(test)]
mod test_open;
mod version;
mod whole;
mod write;

use super::history::HistoryEntry;
use super::keys::*;
use super::{Applied, ChangeSet, Result, SCHEMA_VERSION, Snapshot, Store, StoreError, Version};
use crate::clock::SharedClock;
use crate::model::{Id, Kind, Record};
pub use autobackup::BackupWhen;
use encode::*;
pub use guard::kept_dir;
pub(crate) use guard::sibling as sibling_of;
pub(crate) use guard::{closed_staff, closed_version};
pub use journal::after as recent_changes;
pub(crate) use open::create_private_dir;
use open::*;
pub use rescue::Rescued;
pub(crate) use seal::sync_dir;
pub use seal::{Read as SealRead, Seal, read as read_seal};
pub(crate) use startup::CACHE_FILE;

const SCHEMA_KEY: &[u8] = b"schema_version";
const SEQ_KEY: &[u8] = b"seq";
/// sled's page cache, in bytes.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;
/// sled's page cache for writing a million records (`generate`): with
/// 64 MB it spends most of its time reading back pages it just evicted
/// (1M records: 85 s with 64 MB, 40 s with 512 MB).
pub const BULK_CACHE_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Deserialize)]
struct EnvelopeIn {
    #[allow(dead_code)]
    v: u32,
    record: Record,
}

pub struct SledStore {
    path: PathBuf,
    db: sled::Db,
    records: sled::Tree,
    due: sled::Tree,
    refs: sled::Tree,
    expiry: sled::Tree,
    hist_idx: sled::Tree,
    history: sled::Tree,
    /// The changes of big history entries (see [`apart`]).
    apart: sled::Tree,
    meta: sled::Tree,
    clock: SharedClock,
    /// Who this process's changes are recorded as (the operating-system user).
    author: String,
    writer: Mutex<()>,
    /// Whether the database lives in a directory (not a temporary one),
    /// so a start-up copy of the records can be kept beside it.
    on_disk: bool,
    /// The change the start-up copy on disk reflects, when known.
    cached: Mutex<Option<u64>>,
    #[cfg(test)]
    fault: Mutex<Option<write::Fault>>,
    /// The directory sled's files are in (a scratch copy while a database
    /// that was not closed cleanly is verified); `None` when temporary.
    files: Option<PathBuf>,
    /// The last acknowledged change, as written to the seal file.
    seal: Mutex<Option<Seal>>,
    /// Things the user should know about this opening (a kept copy).
    notices: Vec<String>,
    /// Last: records the clean close once sled has let go of the files.
    closer: Closer,
}

/// Records a clean close when dropped; declared after every sled handle,
/// so it runs once they are all gone.
struct Closer {
    dir: Option<PathBuf>,
    /// The day's backup, finished before the close is recorded.
    backup: Mutex<Option<autobackup::Pending>>,
    /// The version the seal on disk names, when it was written (or found)
    /// for the database's last change; recorded with the clean close.
    sealed: Mutex<Option<Version>>,
    /// The staff directory as JSON, as last read, copied beside the
    /// database at the clean close.
    staff: Mutex<Option<Vec<u8>>>,
}

impl Closer {
    fn finish_backup(&self) {
        let pending = self.backup.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(b) = pending {
            b.finish();
        }
    }

    fn start_backup(&self) {
        if let Some(b) = &*self.backup.lock().unwrap_or_else(|p| p.into_inner()) {
            b.start();
        }
    }

    fn sealed(&self) -> Option<Version> {
        *self.sealed.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn note_sealed(&self, v: Option<Version>) {
        *self.sealed.lock().unwrap_or_else(|p| p.into_inner()) = v;
    }

    fn record(&self, dir: &Path) {
        let staff = self.staff.lock().unwrap_or_else(|p| p.into_inner());
        guard::record_clean_close(dir, self.sealed(), staff.as_deref());
    }
}

impl Drop for Closer {
    fn drop(&mut self) {
        self.finish_backup();
        if let Some(dir) = &self.dir {
            self.record(dir);
        }
    }
}

/// Everything one change writes, computed before the transaction runs.
#[derive(Default)]
struct Writes {
    puts: Vec<(usize, Vec<u8>, Vec<u8>)>,
    dels: Vec<(usize, Vec<u8>)>,
}

// Tree numbers inside `Writes`.
const RECORDS: usize = 0;
const DUE: usize = 1;
const REFS: usize = 2;
const EXPIRY: usize = 3;
const HIST_IDX: usize = 4;
const HISTORY: usize = 5;
const META: usize = 6;
const APART: usize = 7;

impl SledStore {
    /// What the user should know about this opening (where the files of
    /// a database that was not closed cleanly were kept).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The same store, recording its changes as made by `author` instead
    /// of the operating-system user (tests that compare exact output).
    pub fn as_author(mut self, author: &str) -> SledStore {
        self.author = author.to_string();
        self
    }

    /// A throw-away database, for tests and benchmarks.
    pub fn temporary(clock: SharedClock) -> Result<SledStore> {
        let db = open_sled(sled::Config::new().temporary(true), "(temporary)")?;
        SledStore::from_db(db, PathBuf::from("(temporary)"), false, clock)
    }

    fn from_db(
        db: sled::Db,
        path: PathBuf,
        had_data: bool,
        clock: SharedClock,
    ) -> Result<SledStore> {
        let shown = path.display().to_string();
        let tree = |name: &str| {
            db.open_tree(name).map_err(|e| match e {
                sled::Error::Corruption { .. } => StoreError::Damaged {
                    path: shown.clone(),
                },
                e => StoreError::Corrupt {
                    path: shown.clone(),
                    detail: e.to_string(),
                },
            })
        };
        let store = SledStore {
            records: tree("records")?,
            due: tree("idx_due")?,
            refs: tree("idx_refs")?,
            expiry: tree("idx_expiry")?,
            hist_idx: tree("idx_history")?,
            history: tree("history")?,
            apart: tree("history_apart")?,
            meta: tree("meta")?,
            path,
            db,
            clock,
            author: super::os_user(),
            writer: Mutex::new(()),
            on_disk: false,
            cached: Mutex::new(None),
            #[cfg(test)]
            fault: Mutex::new(None),
            files: None,
            seal: Mutex::new(None),
            notices: Vec::new(),
            closer: Closer {
                dir: None,
                backup: Mutex::new(None),
                sealed: Mutex::new(None),
                staff: Mutex::new(None),
            },
        };
        match store.meta.get(SCHEMA_KEY).map_err(|e| store.corrupt(e))? {
            Some(v) => {
                let found = u32::from_be_bytes(
                    v.as_ref()
                        .try_into()
                        .map_err(|_| store.corrupt("the schema version is unreadable"))?,
                );
                if found > apart::APART_SCHEMA {
                    return Err(StoreError::Newer {
                        path: shown,
                        found,
                        supported: apart::APART_SCHEMA,
                    });
                }
            }
            None => {
                if had_data || !store.records.is_empty() {
                    return Err(store.corrupt("it holds data but no schema version"));
                }
                store
                    .meta
                    .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| store.corrupt(e))?;
                store.flush()?;
            }
        }
        store.recover_restore()?;
        store.recover_pending()?;
        store.ensure_instance()?;
        store.move_big_entries_apart()?;
        Ok(store)
    }

    fn corrupt(&self, detail: impl ToString) -> StoreError {
        let detail = detail.to_string();
        // sled's own report of damage quotes its internals.
        if open::is_sled_damage(&detail) {
            return StoreError::Damaged {
                path: self.location(),
            };
        }
        StoreError::Corrupt {
            path: self.location(),
            detail,
        }
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| StoreError::Io {
            path: self.location(),
            detail: format!("the change could not be written to disk: {e}"),
        })
    }

    fn decode(&self, key: &[u8], bytes: &[u8]) -> Result<Record> {
        decode_record(key, bytes).map_err(|e| {
            let which = Id::from_bytes(key)
                .map(|i| i.to_string())
                .unwrap_or_else(|| "a record".into());
            self.corrupt(format!("{which} cannot be read: {e}"))
        })
    }

    fn counter(&self, kind: Kind) -> Result<u32> {
        let key = counter_key(kind);
        Ok(self
            .meta
            .get(key)
            .map_err(|e| self.corrupt(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0))
    }

    fn seq(&self) -> Result<u64> {
        Ok(self
            .meta
            .get(SEQ_KEY)
            .map_err(|e| self.corrupt(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0))
    }

    fn counters(&self) -> Result<BTreeMap<String, u32>> {
        let mut m = BTreeMap::new();
        for k in Kind::ALL {
            m.insert(k.prefix().to_string(), self.counter(k)?);
        }
        Ok(m)
    }

    fn entry(&self, seq: u64) -> Result<Option<HistoryEntry>> {
        self.history
            .get(seq.to_be_bytes())
            .map_err(|e| self.corrupt(e))?
            .map(|b| self.decode_entry(&b))
            .transpose()
    }

    /// A stored history entry (a stub read with its changes stored apart).
    fn decode_entry(&self, value: &[u8]) -> Result<HistoryEntry> {
        apart::decode(value, &self.apart).map_err(|e| self.corrupt(e))
    }

    /// History entry `seq` with only the changes of `id` (see
    /// [`history_of`] and [`apart`]).
    fn entry_of(&self, seq: u64, id: Id) -> Result<Option<HistoryEntry>> {
        let bytes = self
            .history
            .get(seq.to_be_bytes())
            .map_err(|e| self.corrupt(e))?;
        bytes
            .map(|b| apart::decode_of(&b, &self.apart, id))
            .transpose()
            .map_err(|e| self.corrupt(e))
    }

    fn index_keys(&self, tree: &sled::Tree) -> Result<BTreeSet<Vec<u8>>> {
        tree.iter()
            .keys()
            .map(|k| k.map(|k| k.to_vec()).map_err(|e| self.corrupt(e)))
            .collect()
    }
}

impl Store for SledStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn read_everything(&self, progress: &super::Progress) -> Result<Vec<Record>> {
        self.read_everything_fast(progress)
    }

    fn remember_everything(&self, records: &mut dyn Iterator<Item = &Record>) {
        self.remember(records);
    }

    fn get(&self, id: Id) -> Result<Option<Record>> {
        let key = id.to_bytes();
        match self.records.get(key).map_err(|e| self.corrupt(e))? {
            Some(b) => self.decode(&key, &b).map(Some),
            None => Ok(None),
        }
    }

    fn list(&self, kind: Kind) -> Result<Vec<Record>> {
        self.records
            .scan_prefix([kind.tag()])
            .map(|kv| {
                let (k, v) = kv.map_err(|e| self.corrupt(e))?;
                self.decode(&k, &v)
            })
            .collect()
    }

    fn count(&self, kind: Kind) -> Result<usize> {
        let mut n = 0;
        for k in self.records.scan_prefix([kind.tag()]).keys() {
            k.map_err(|e| self.corrupt(e))?;
            n += 1;
        }
        Ok(n)
    }

    fn next_id(&self, kind: Kind) -> Result<Id> {
        let n = self.counter(kind)?;
        n.checked_add(1)
            .map(|n| Id::new(kind, n))
            .ok_or_else(|| StoreError::Conflict(format!("no {kind} ids are left")))
    }

    fn apply(&self, change: ChangeSet) -> Result<Applied> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.commit(change, None)
    }

    fn due(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        include_undated: bool,
    ) -> Result<Vec<DueEntry>> {
        let lo = from.map(|d| date_key(d).to_vec()).unwrap_or_default();
        let mut out = Vec::new();
        let hi_dated = match to {
            Some(d) => {
                let mut k = date_key(d).to_vec();
                k.push(0xff);
                k
            }
            None => due_bound(None).to_vec(),
        };
        for k in self.due.range(lo..hi_dated).keys() {
            let k = k.map_err(|e| self.corrupt(e))?;
            out.extend(parse_due_key(&k));
        }
        if include_undated {
            for k in self.due.scan_prefix(due_bound(None)).keys() {
                let k = k.map_err(|e| self.corrupt(e))?;
                out.extend(parse_due_key(&k));
            }
        }
        Ok(out)
    }

    fn expiring_before(&self, date: NaiveDate) -> Result<Vec<Id>> {
        let hi = date_key(date);
        let mut out = Vec::new();
        for k in self.expiry.range(..&hi[..]).keys() {
            let k = k.map_err(|e| self.corrupt(e))?;
            out.extend(k.get(4..).and_then(Id::from_bytes));
        }
        Ok(out)
    }

    fn referrers(&self, id: Id) -> Result<Vec<Id>> {
        let mut out = Vec::new();
        for k in self.refs.scan_prefix(id.to_bytes()).keys() {
            let k = k.map_err(|e| self.corrupt(e))?;
            out.extend(k.get(5..).and_then(Id::from_bytes));
        }
        Ok(out)
    }

    fn history(&self, id: Option<Id>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let mut out = Vec::new();
        match id {
            Some(id) => {
                let mut seqs = Vec::new();
                for k in self.hist_idx.scan_prefix(id.to_bytes()).keys() {
                    let k = k.map_err(|e| self.corrupt(e))?;
                    seqs.extend(
                        k.get(5..13)
                            .and_then(|b| b.try_into().ok())
                            .map(u64::from_be_bytes),
                    );
                }
                for kv in self.hist_idx.scan_prefix([BULK_HIST_PREFIX]) {
                    let (k, v) = kv.map_err(|e| self.corrupt(e))?;
                    if bulk_hist_lists(&v, id) {
                        seqs.extend(
                            k.get(1..9)
                                .and_then(|b| b.try_into().ok())
                                .map(u64::from_be_bytes),
                        );
                    }
                }
                seqs.sort_unstable_by(|a, b| b.cmp(a));
                seqs.dedup();
                for s in seqs {
                    if out.len() >= limit {
                        break;
                    }
                    out.extend(self.entry_of(s, id)?);
                }
            }
            None => {
                for v in self.history.iter().values().rev().take(limit) {
                    let v = v.map_err(|e| self.corrupt(e))?;
                    out.push(self.decode_entry(&v)?);
                }
            }
        }
        Ok(out)
    }

    fn undo(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut entries = self.history.iter().values().rev().map(|v| {
            let v = v.map_err(|e| self.corrupt(e))?;
            self.decode_entry(&v)
        });
        let plan = super::rules::undo_plan(self, &mut entries, &self.author, summary_prefix)?;
        let Some((entry, change)) = plan else {
            return Ok(None);
        };
        self.commit(change, Some(entry.clone()))?;
        Ok(Some(entry))
    }

    fn author(&self) -> String {
        self.author.clone()
    }

    fn check(&self) -> Result<Vec<Problem>> {
        self.check_all()
    }

    fn snapshot(&self) -> Result<Snapshot> {
        self.snapshot_all()
    }

    fn restore(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
        self.restore_from(snapshot, force)
    }

    fn version(&self) -> Result<Version> {
        self.current_version()
    }

    fn history_after(&self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>> {
        self.entries_after(seq, limit)
    }

    fn directory(&self) -> Option<PathBuf> {
        self.on_disk.then(|| self.path.clone())
    }

    fn staff_directory(&self) -> Result<Vec<crate::staff::StaffMember>> {
        self.staff_all()
    }

    fn put_staff(&self, member: &crate::staff::StaffMember, replacing: Option<&str>) -> Result<()> {
        let done = self.staff_put(member, replacing);
        self.note_staff();
        done
    }

    fn remove_staff(&self, name: &str) -> Result<bool> {
        let done = self.staff_remove(name);
        self.note_staff();
        done
    }

    fn start_backup(&self) {
        self.closer.start_backup();
    }

    fn close(&self) {
        self.closer.finish_backup();
        if self.flush().is_ok()
            && let Some(dir) = &self.closer.dir
        {
            self.closer.record(dir);
        }
    }
}
