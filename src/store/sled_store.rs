//! The embedded backend: sled trees, one transaction per change, flushed
//! before the change is reported done.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::check::{Problem, check_records, compare_index};
use super::history::{Change, HistoryEntry};
use super::keys::*;
use super::{Applied, ChangeSet, Edit, Result, SCHEMA_VERSION, Snapshot, Store, StoreError};
use crate::clock::SharedClock;
use crate::model::{Id, Kind, Record, validate};

const SCHEMA_KEY: &[u8] = b"schema_version";
const SEQ_KEY: &[u8] = b"seq";

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    v: u32,
    record: &'a Record,
}

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
    meta: sled::Tree,
    clock: SharedClock,
    writer: Mutex<()>,
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

impl SledStore {
    /// Opens (or creates) the database directory at `path`.
    pub fn open(path: &Path, clock: SharedClock) -> Result<SledStore> {
        let shown = path.display().to_string();
        let had_data = inspect_existing(path)?;
        if !path.exists() {
            create_private_dir(path).map_err(|e| StoreError::Io {
                path: shown.clone(),
                detail: format!("the directory could not be created: {e}"),
            })?;
        }
        let db = open_sled(sled::Config::new().path(path), &shown)?;
        SledStore::from_db(db, path.to_path_buf(), had_data, clock)
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
            db.open_tree(name).map_err(|e| StoreError::Corrupt {
                path: shown.clone(),
                detail: e.to_string(),
            })
        };
        let store = SledStore {
            records: tree("records")?,
            due: tree("idx_due")?,
            refs: tree("idx_refs")?,
            expiry: tree("idx_expiry")?,
            hist_idx: tree("idx_history")?,
            history: tree("history")?,
            meta: tree("meta")?,
            path,
            db,
            clock,
            writer: Mutex::new(()),
        };
        match store.meta.get(SCHEMA_KEY).map_err(|e| store.corrupt(e))? {
            Some(v) => {
                let found = u32::from_be_bytes(
                    v.as_ref()
                        .try_into()
                        .map_err(|_| store.corrupt("the schema version is unreadable"))?,
                );
                if found > SCHEMA_VERSION {
                    return Err(StoreError::Newer {
                        path: shown,
                        found,
                        supported: SCHEMA_VERSION,
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
        Ok(store)
    }

    fn corrupt(&self, detail: impl ToString) -> StoreError {
        StoreError::Corrupt {
            path: self.location(),
            detail: detail.to_string(),
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
        match self
            .history
            .get(seq.to_be_bytes())
            .map_err(|e| self.corrupt(e))?
        {
            Some(b) => serde_json::from_slice(&b)
                .map(Some)
                .map_err(|e| self.corrupt(format!("history entry {seq} cannot be read: {e}"))),
            None => Ok(None),
        }
    }

    /// Resolves, validates and stores a change; `undoing` marks an undo.
    fn commit(&self, change: ChangeSet, undoing: Option<HistoryEntry>) -> Result<Applied> {
        if change.edits.is_empty() {
            return Err(StoreError::Conflict("there is nothing to change".into()));
        }
        let mut after: HashMap<Id, Option<Record>> = HashMap::new();
        let mut before: HashMap<Id, Option<Record>> = HashMap::new();
        let mut order: Vec<Id> = Vec::new();
        let mut ids = Vec::new();
        let mut counters: HashMap<Kind, u32> = HashMap::new();
        let mut disk: HashMap<Kind, u32> = HashMap::new();
        for edit in change.edits {
            let (id, new) = match edit {
                Edit::Create(mut r) => {
                    let kind = r.kind();
                    let top = match counters.get(&kind) {
                        Some(c) => *c,
                        None => self.counter(kind)?,
                    };
                    let id = if r.id().n == 0 {
                        Id::new(
                            kind,
                            top.checked_add(1).ok_or_else(|| {
                                StoreError::Conflict(format!("no {kind} ids are left"))
                            })?,
                        )
                    } else {
                        r.id()
                    };
                    r.set_id(id);
                    // An id above the stored counter cannot be on disk
                    // (`check` verifies it): only this change may hold it.
                    let on_disk = match disk.get(&kind) {
                        Some(c) => *c,
                        None => {
                            let c = self.counter(kind)?;
                            disk.insert(kind, c);
                            c
                        }
                    };
                    let exists = if id.n > on_disk {
                        matches!(after.get(&id), Some(Some(_)))
                    } else {
                        self.current(id, &after)?.is_some()
                    };
                    if exists {
                        return Err(StoreError::Exists { id });
                    }
                    if id.n > on_disk && !before.contains_key(&id) {
                        before.insert(id, None);
                        order.push(id);
                    }
                    counters.insert(kind, top.max(id.n));
                    (id, Some(r))
                }
                Edit::Update(r) => {
                    let id = r.id();
                    if self.current(id, &after)?.is_none() {
                        return Err(StoreError::NotFound(id));
                    }
                    (id, Some(r))
                }
                Edit::Delete(id) => {
                    if self.current(id, &after)?.is_none() {
                        return Err(StoreError::NotFound(id));
                    }
                    (id, None)
                }
            };
            if let std::collections::hash_map::Entry::Vacant(e) = before.entry(id) {
                e.insert(self.get(id)?);
                order.push(id);
            }
            after.insert(id, new);
            ids.push(id);
        }
        self.validate_change(&after, &before)?;

        let seq = self.seq()? + 1;
        let mut w = Writes::default();
        for id in &order {
            let old = before.get(id).cloned().flatten();
            let new = after.get(id).cloned().flatten();
            index_writes(&mut w, *id, old.as_ref(), new.as_ref())?;
            w.puts.push((HIST_IDX, hist_key(*id, seq), Vec::new()));
        }
        for (kind, n) in &counters {
            w.puts
                .push((META, counter_key(*kind), n.to_be_bytes().to_vec()));
        }
        w.puts
            .push((META, SEQ_KEY.to_vec(), seq.to_be_bytes().to_vec()));
        let entry = HistoryEntry {
            seq,
            at: self.clock.now(),
            summary: change.summary,
            changes: order
                .iter()
                .map(|id| Change {
                    id: *id,
                    before: before[id].clone(),
                    after: after[id].clone(),
                })
                .collect(),
            undoes: undoing.as_ref().map(|u| u.seq),
            undone_by: None,
        };
        w.puts
            .push((HISTORY, seq.to_be_bytes().to_vec(), to_json(&entry)?));
        if let Some(mut undone) = undoing {
            undone.undone_by = Some(seq);
            w.puts.push((
                HISTORY,
                undone.seq.to_be_bytes().to_vec(),
                to_json(&undone)?,
            ));
        }
        self.write(&w)?;
        Ok(Applied { seq, ids })
    }

    fn current(&self, id: Id, overlay: &HashMap<Id, Option<Record>>) -> Result<Option<Record>> {
        match overlay.get(&id) {
            Some(r) => Ok(r.clone()),
            None => self.get(id),
        }
    }

    fn validate_change(
        &self,
        after: &HashMap<Id, Option<Record>>,
        before: &HashMap<Id, Option<Record>>,
    ) -> Result<()> {
        let lookup = |id: Id| match after.get(&id) {
            Some(Some(r)) => Some(r.kind()),
            Some(None) => None,
            None => self
                .records
                .contains_key(id.to_bytes())
                .ok()
                .filter(|b| *b)
                .map(|_| id.kind),
        };
        let mut sorted: Vec<&Id> = after.keys().collect();
        sorted.sort();
        for id in sorted {
            match &after[id] {
                Some(r) => validate(r, &lookup).map_err(|mut e| {
                    // A record that does not exist yet has no id to speak of.
                    if before.get(id).is_none_or(|b| b.is_none()) {
                        e.id = Id::new(e.id.kind, 0);
                    }
                    e
                })?,
                None if before.get(id).is_some_and(|b| b.is_some()) => {
                    let mut by = Vec::new();
                    for src in self.referrers(*id)? {
                        let still = match after.get(&src) {
                            Some(Some(r)) => r.references().contains(id),
                            Some(None) => false,
                            None => true,
                        };
                        if still {
                            by.push(src);
                        }
                    }
                    if !by.is_empty() {
                        return Err(StoreError::InUse { id: *id, by });
                    }
                }
                None => {}
            }
        }
        Ok(())
    }

    fn write(&self, w: &Writes) -> Result<()> {
        let trees = (
            &self.records,
            &self.due,
            &self.refs,
            &self.expiry,
            &self.hist_idx,
            &self.history,
            &self.meta,
        );
        let result: std::result::Result<(), TransactionError<()>> = trees.transaction(|t| {
            let views = [&t.0, &t.1, &t.2, &t.3, &t.4, &t.5, &t.6];
            for (tree, key) in &w.dels {
                views[*tree].remove(key.as_slice())?;
            }
            for (tree, key, value) in &w.puts {
                views[*tree].insert(key.as_slice(), value.as_slice())?;
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        result.map_err(|e| StoreError::Io {
            path: self.location(),
            detail: format!("the change could not be stored: {e:?}"),
        })?;
        self.flush()
    }

    fn index_keys(&self, tree: &sled::Tree) -> Result<BTreeSet<Vec<u8>>> {
        tree.iter()
            .keys()
            .map(|k| k.map(|k| k.to_vec()).map_err(|e| self.corrupt(e)))
            .collect()
    }
}

/// Decodes a stored record. The key's first byte says the kind, so the
/// record is read straight into its struct (twice as fast as going
/// through the tagged enum); the `kind` tag inside is then ignored.
fn decode_record(key: &[u8], bytes: &[u8]) -> serde_json::Result<Record> {
    #[derive(Deserialize)]
    struct Of<T> {
        record: T,
    }
    fn of<T: serde::de::DeserializeOwned>(b: &[u8]) -> serde_json::Result<T> {
        serde_json::from_slice::<Of<T>>(b).map(|e| e.record)
    }
    match key.first().copied().and_then(Kind::from_tag) {
        Some(Kind::Institution) => of(bytes).map(Record::Institution),
        Some(Kind::Contact) => of(bytes).map(Record::Contact),
        Some(Kind::Partnership) => of(bytes).map(Record::Partnership),
        Some(Kind::Agreement) => of(bytes).map(Record::Agreement),
        Some(Kind::Action) => of(bytes).map(Record::Action),
        Some(Kind::FollowUp) => of(bytes).map(Record::FollowUp),
        Some(Kind::Note) => of(bytes).map(Record::Note),
        None => serde_json::from_slice::<EnvelopeIn>(bytes).map(|e| e.record),
    }
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v)
        .map_err(|e| StoreError::Conflict(format!("the change could not be encoded: {e}")))
}

fn counter_key(kind: Kind) -> Vec<u8> {
    format!("counter:{}", kind.prefix()).into_bytes()
}

/// Record, index removals and index additions for one record's change.
fn index_writes(w: &mut Writes, id: Id, old: Option<&Record>, new: Option<&Record>) -> Result<()> {
    let keys = |r: Option<&Record>| -> [BTreeSet<Vec<u8>>; 3] {
        match r {
            Some(r) => [
                due_entries(r).iter().map(due_key).collect(),
                ref_keys(r).into_iter().collect(),
                expiry_key(r).into_iter().collect(),
            ],
            None => Default::default(),
        }
    };
    let (o, n) = (keys(old), keys(new));
    for (i, tree) in [DUE, REFS, EXPIRY].into_iter().enumerate() {
        for k in o[i].difference(&n[i]) {
            w.dels.push((tree, k.clone()));
        }
        for k in n[i].difference(&o[i]) {
            w.puts.push((tree, k.clone(), Vec::new()));
        }
    }
    match new {
        Some(r) => w.puts.push((
            RECORDS,
            id.to_bytes().to_vec(),
            to_json(&EnvelopeOut {
                v: SCHEMA_VERSION,
                record: r,
            })?,
        )),
        None => w.dels.push((RECORDS, id.to_bytes().to_vec())),
    }
    Ok(())
}

/// Returns whether an existing directory already holds a sled database with
/// data; refuses paths that are something else.
fn inspect_existing(path: &Path) -> Result<bool> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Ok(false);
    }
    if !path.is_dir() {
        return Err(StoreError::NotADatabase { path: shown });
    }
    let mut entries = std::fs::read_dir(path)
        .map_err(|e| StoreError::Io {
            path: shown.clone(),
            detail: e.to_string(),
        })?
        .peekable();
    let empty = entries.peek().is_none();
    let db_file = path.join("db");
    if !empty && !db_file.exists() && !path.join("conf").exists() {
        return Err(StoreError::NotADatabase { path: shown });
    }
    // Once accord has used a directory it holds a non-empty `db` file or a
    // `snap.*` page-table snapshot; either means there is data to protect.
    let snapshot = std::fs::read_dir(path)
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("snap."))
        })
        .unwrap_or(false);
    Ok(snapshot || db_file.metadata().map(|m| m.len() > 0).unwrap_or(false))
}

#[cfg(unix)]
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}

#[cfg(not(unix))]
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// Opens sled, turning its lock error, corruption reports and panics into
/// clear errors.
fn open_sled(config: sled::Config, shown: &str) -> Result<sled::Db> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    std::panic::set_hook(previous);
    match outcome {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            Err(StoreError::Locked {
                path: shown.to_string(),
            })
        }
        Ok(Err(sled::Error::Io(e))) => Err(StoreError::Io {
            path: shown.to_string(),
            detail: e.to_string(),
        }),
        Ok(Err(e)) => Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: e.to_string(),
        }),
        Err(_) => Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: "the storage engine could not read its files".into(),
        }),
    }
}

impl Store for SledStore {
    fn location(&self) -> String {
        self.path.display().to_string()
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
                for k in self.hist_idx.scan_prefix(id.to_bytes()).keys().rev() {
                    let k = k.map_err(|e| self.corrupt(e))?;
                    let seq = k
                        .get(5..13)
                        .and_then(|b| b.try_into().ok())
                        .map(u64::from_be_bytes);
                    if let Some(e) = seq.map(|s| self.entry(s)).transpose()?.flatten() {
                        out.push(e);
                    }
                    if out.len() >= limit {
                        break;
                    }
                }
            }
            None => {
                for v in self.history.iter().values().rev().take(limit) {
                    let v = v.map_err(|e| self.corrupt(e))?;
                    out.push(serde_json::from_slice(&v).map_err(|e| {
                        self.corrupt(format!("a history entry cannot be read: {e}"))
                    })?);
                }
            }
        }
        Ok(out)
    }

    fn undo(&self, summary_prefix: &str) -> Result<Option<HistoryEntry>> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut target = None;
        for v in self.history.iter().values().rev() {
            let v = v.map_err(|e| self.corrupt(e))?;
            let e: HistoryEntry = serde_json::from_slice(&v)
                .map_err(|e| self.corrupt(format!("a history entry cannot be read: {e}")))?;
            if e.undoes.is_none() && e.undone_by.is_none() {
                target = Some(e);
                break;
            }
        }
        let Some(entry) = target else { return Ok(None) };
        let mut change = ChangeSet::new(format!("{summary_prefix}{}", entry.summary));
        for c in entry.changes.iter().rev() {
            let now = self.get(c.id)?;
            if now != c.after {
                return Err(StoreError::Conflict(format!(
                    "'{}' cannot be undone: {} has changed since",
                    entry.summary, c.id
                )));
            }
            change.push(match (&c.before, &c.after) {
                (None, _) => Edit::Delete(c.id),
                (Some(b), None) => Edit::Create(b.clone()),
                (Some(b), Some(_)) => Edit::Update(b.clone()),
            });
        }
        // Deletes must come before the records they unblock are deleted in
        // turn; creates before the records that refer to them. Reverse order
        // of the original edits gives exactly that.
        self.commit(change, Some(entry.clone()))?;
        Ok(Some(entry))
    }

    fn check(&self) -> Result<Vec<Problem>> {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            match self.decode(&k, &v) {
                Ok(r) => {
                    if Id::from_bytes(&k) != Some(r.id()) {
                        problems.push(Problem::new(
                            Some(r.id()),
                            "is stored under another id's key",
                        ));
                    }
                    records.push(r);
                }
                Err(e) => problems.push(Problem {
                    id: None,
                    message: e.to_string(),
                }),
            }
        }
        problems.extend(check_records(&records, &self.counters()?));
        let expected = |f: &dyn Fn(&Record) -> Vec<Vec<u8>>| -> BTreeSet<Vec<u8>> {
            records.iter().flat_map(f).collect()
        };
        problems.extend(compare_index(
            "due",
            &expected(&|r| due_entries(r).iter().map(due_key).collect()),
            &self.index_keys(&self.due)?,
        ));
        problems.extend(compare_index(
            "reference",
            &expected(&ref_keys),
            &self.index_keys(&self.refs)?,
        ));
        problems.extend(compare_index(
            "expiry",
            &expected(&|r| expiry_key(r).into_iter().collect()),
            &self.index_keys(&self.expiry)?,
        ));
        let seq = self.seq()?;
        if let Some(last) = self.history.last().map_err(|e| self.corrupt(e))? {
            let top = last
                .0
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .unwrap_or(u64::MAX);
            if top != seq {
                problems.push(Problem::new(
                    None,
                    format!("the last history entry is {top} but the sequence is at {seq}"),
                ));
            }
        }
        Ok(problems)
    }

    fn snapshot(&self) -> Result<Snapshot> {
        let mut records = Vec::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            records.push(self.decode(&k, &v)?);
        }
        let mut history = Vec::new();
        for v in self.history.iter().values() {
            let v = v.map_err(|e| self.corrupt(e))?;
            history.push(
                serde_json::from_slice(&v)
                    .map_err(|e| self.corrupt(format!("a history entry cannot be read: {e}")))?,
            );
        }
        Ok(Snapshot {
            format: super::BACKUP_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at: self.clock.now(),
            counters: self.counters()?,
            records,
            history,
        })
    }

    fn restore(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if snapshot.schema_version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: "the backup".into(),
                found: snapshot.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        let existing = self.records.len();
        if existing > 0 && !force {
            return Err(StoreError::NotEmpty {
                path: self.location(),
                records: existing,
            });
        }
        let mut counters = snapshot.counters.clone();
        for r in &snapshot.records {
            let c = counters
                .entry(r.id().kind.prefix().to_string())
                .or_insert(0);
            *c = (*c).max(r.id().n);
        }
        let problems = check_records(&snapshot.records, &counters);
        if let Some(p) = problems.first() {
            return Err(StoreError::Conflict(format!(
                "the backup is not consistent ({} problems; first: {p}); nothing was restored",
                problems.len()
            )));
        }
        let mut w = Writes::default();
        let trees = [
            &self.records,
            &self.due,
            &self.refs,
            &self.expiry,
            &self.hist_idx,
            &self.history,
        ];
        for (idx, tree) in trees.into_iter().enumerate() {
            for k in tree.iter().keys() {
                w.dels.push((idx, k.map_err(|e| self.corrupt(e))?.to_vec()));
            }
        }
        for r in &snapshot.records {
            index_writes(&mut w, r.id(), None, Some(r))?;
        }
        let mut seq = 0;
        for e in &snapshot.history {
            seq = seq.max(e.seq);
            w.puts
                .push((HISTORY, e.seq.to_be_bytes().to_vec(), to_json(e)?));
            for c in &e.changes {
                w.puts.push((HIST_IDX, hist_key(c.id, e.seq), Vec::new()));
            }
        }
        for k in Kind::ALL {
            let n = counters.get(&k.prefix().to_string()).copied().unwrap_or(0);
            w.puts
                .push((META, counter_key(k), n.to_be_bytes().to_vec()));
        }
        w.puts
            .push((META, SEQ_KEY.to_vec(), seq.to_be_bytes().to_vec()));
        self.write(&w)
    }
}
