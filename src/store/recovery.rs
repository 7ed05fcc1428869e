//! `accord recover`: a working database rebuilt from the best source there
//! is, written to a new directory; the damaged one is only read (through
//! a copy of its files).
//!
//! The sources, each with the last change it reflects:
//! - what the damaged database still reads (every record, when all of
//!   them read; its history as far as it reads);
//! - its start-up copy (`records.cache`: every record, stamped with the
//!   change it reflects);
//! - the newest automatic backup that reads.
//!
//! The newest source that restores to a consistent database wins; the
//! history read from the damaged database then brings it forward as far
//! as that history goes. The seal says which acknowledged changes are
//! still missing after that.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::clock::SharedClock;
use crate::model::{Id, Record};
use crate::store::history::HistoryEntry;
use crate::store::{
    BACKUP_FORMAT, Progress, Rescued, SCHEMA_VERSION, Seal, SealRead, SledStore, Snapshot, Store,
    StoreError, backups, read_seal, records_cache,
};

/// Where the recovered records came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Database,
    StartupCopy,
    Backup(PathBuf),
}

/// What `recover` did.
#[derive(Debug)]
pub struct Recovered {
    pub target: PathBuf,
    pub source: Source,
    pub records: usize,
    /// The last change the recovered records reflect.
    pub seq: u64,
    /// The last change accord acknowledged, when its seal could be read.
    pub sealed: Option<Seal>,
    /// When change `seq` was made, if known.
    pub recovered_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Recovered {
    /// The acknowledged changes that are missing, as (first, last).
    pub fn lost(&self) -> Option<(u64, u64)> {
        self.sealed
            .as_ref()
            .filter(|s| s.seq > self.seq)
            .map(|s| (self.seq + 1, s.seq))
    }
}

/// One candidate base: records as of change `seq`.
struct Base {
    source: Source,
    seq: u64,
    records: Vec<Record>,
    history: Vec<HistoryEntry>,
    counters: BTreeMap<String, u32>,
}

/// A new directory beside `damaged` for the recovered database.
pub fn default_target(damaged: &Path, clock: &SharedClock) -> PathBuf {
    let name = damaged
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "accord.db".into());
    let stamp = clock.now().format("%Y-%m-%dT%H-%M-%S");
    crate::store::sled_store::sibling_of(damaged, &format!("{name}.recovered-{stamp}"))
}

/// Rebuilds the database at `damaged` into `target`, which must not exist.
pub fn recover(damaged: &Path, target: &Path, clock: SharedClock) -> Result<Recovered, StoreError> {
    let shown = damaged.display().to_string();
    if target.exists() {
        return Err(StoreError::Conflict(
            rust_i18n::t!(
                "recover.target_exists",
                target = target.display().to_string()
            )
            .into_owned(),
        ));
    }
    let sealed = match read_seal(damaged) {
        SealRead::Found(s) => Some(s),
        _ => None,
    };
    let rescued = match SledStore::rescue(damaged, clock.clone()) {
        Ok(r) => Some(r),
        Err(StoreError::Locked { path }) => return Err(StoreError::Locked { path }),
        Err(_) => None,
    };
    let mut bases = candidates(damaged, rescued.as_ref(), sealed.as_ref());
    // Newest first; on a tie the database (it has the history), then the
    // start-up copy, then a backup.
    bases.sort_by_key(|b| {
        let rank = match b.source {
            Source::Database => 0,
            Source::StartupCopy => 1,
            Source::Backup(_) => 2,
        };
        (std::cmp::Reverse(b.seq), rank)
    });
    let history = rescued
        .as_ref()
        .map(|r| r.history.clone())
        .unwrap_or_default();
    for base in bases {
        let (snapshot, seq) = bring_forward(
            base.records,
            base.seq,
            &base.history,
            &history,
            &base.counters,
            &clock,
        );
        let records = snapshot.records.len();
        let store = SledStore::open(target, clock.clone())?;
        match store.restore(&snapshot, true) {
            Ok(()) => {
                let problems = store.check()?;
                if problems.is_empty() {
                    let recovered_at = snapshot.history.iter().find(|e| e.seq == seq).map(|e| e.at);
                    return Ok(Recovered {
                        target: target.to_path_buf(),
                        source: base.source,
                        records,
                        seq,
                        sealed,
                        recovered_at,
                    });
                }
            }
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
        // That source was not consistent: start again from an empty directory.
        drop(store);
        let _ = std::fs::remove_dir_all(target);
    }
    Err(StoreError::Conflict(
        rust_i18n::t!("recover.nothing", path = shown).into_owned(),
    ))
}

fn candidates(damaged: &Path, rescued: Option<&Rescued>, sealed: Option<&Seal>) -> Vec<Base> {
    let mut out = Vec::new();
    let instance = rescued.map(|r| r.instance).or(sealed.map(|s| s.instance));
    if let Some(r) = rescued
        && let Some(records) = &r.records
    {
        out.push(Base {
            source: Source::Database,
            seq: r.seq,
            records: records.clone(),
            history: r.history.clone(),
            counters: r.counters.clone(),
        });
    }
    let cache = damaged.join(crate::store::sled_store::CACHE_FILE);
    if let Some(stamp) = records_cache::peek_stamp(&cache)
        && instance.is_none_or(|i| i == stamp.instance)
        && let Some((stamp, records)) = records_cache::read(&cache, &stamp, &Progress::default())
    {
        out.push(Base {
            source: Source::StartupCopy,
            seq: stamp.seq,
            records,
            history: Vec::new(),
            counters: BTreeMap::new(),
        });
    }
    for b in backups::list(damaged) {
        let Ok(bytes) = std::fs::read(&b.path) else {
            continue;
        };
        let Ok(snap) = serde_json::from_slice::<Snapshot>(&bytes) else {
            continue;
        };
        let seq = snap.history.iter().map(|e| e.seq).max().unwrap_or(0);
        out.push(Base {
            source: Source::Backup(b.path.clone()),
            seq,
            records: snap.records,
            history: snap.history,
            counters: snap.counters,
        });
        // The newest backup that reads is enough.
        break;
    }
    out
}

/// The base's records brought forward by the changes after `seq` that the
/// damaged database's history still holds, in order and without a gap;
/// the snapshot to restore and the last change it reflects.
fn bring_forward(
    records: Vec<Record>,
    mut seq: u64,
    base_history: &[HistoryEntry],
    read_history: &[HistoryEntry],
    counters: &BTreeMap<String, u32>,
    clock: &SharedClock,
) -> (Snapshot, u64) {
    let mut by_id: BTreeMap<Id, Record> = records.into_iter().map(|r| (r.id(), r)).collect();
    let mut history: BTreeMap<u64, HistoryEntry> =
        base_history.iter().map(|e| (e.seq, e.clone())).collect();
    for e in read_history {
        history.entry(e.seq).or_insert_with(|| e.clone());
    }
    while let Some(e) = history.get(&(seq + 1)) {
        for c in &e.changes {
            match &c.after {
                Some(r) => {
                    by_id.insert(c.id, r.clone());
                }
                None => {
                    by_id.remove(&c.id);
                }
            }
        }
        seq += 1;
    }
    history.retain(|s, _| *s <= seq);
    let mut counters = counters.clone();
    for e in history.values() {
        for c in &e.changes {
            let n = counters.entry(c.id.kind.prefix().to_string()).or_insert(0);
            *n = (*n).max(c.id.n);
        }
    }
    (
        Snapshot {
            format: BACKUP_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at: clock.now(),
            counters,
            records: by_id.into_values().collect(),
            history: history.into_values().collect(),
        },
        seq,
    )
}
