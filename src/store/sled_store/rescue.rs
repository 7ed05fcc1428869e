//! Reading what can still be read of a damaged database, from a copy of
//! its files (sled may write to what it opens; the damaged files are
//! never given to it).

use std::collections::BTreeMap;
use std::path::Path;

use super::{CACHE_BYTES, SledStore, guard, open_sled};
use crate::clock::SharedClock;
use crate::model::Record;
use crate::store::history::HistoryEntry;
use crate::store::{Result, StoreError};

/// What a damaged database still holds.
#[derive(Debug, Default)]
pub struct Rescued {
    pub instance: u64,
    /// The last change it records.
    pub seq: u64,
    /// Every record, when all of them could be read.
    pub records: Option<Vec<Record>>,
    /// History entries in order, as far as they read.
    pub history: Vec<HistoryEntry>,
    pub counters: BTreeMap<String, u32>,
}

impl SledStore {
    /// Opens a copy of the files of the database at `path` and reads what
    /// it can; the copy is thrown away afterwards.
    pub fn rescue(path: &Path, clock: SharedClock) -> Result<Rescued> {
        let shown = path.display().to_string();
        let (lock, scratch) = guard::locked_copy(path, "rescue")?;
        drop(lock);
        let read = || -> Result<Rescued> {
            let config = sled::Config::new()
                .path(&scratch)
                .cache_capacity(CACHE_BYTES);
            let db = open_sled(config, &shown)?;
            let store = SledStore::from_db(db, path.to_path_buf(), true, clock)?;
            let v = store.current_version()?;
            let mut records = Some(Vec::new());
            for kv in store.records.iter() {
                let decoded = kv
                    .ok()
                    .and_then(|(k, v)| super::encode::decode_record(&k, &v).ok());
                match (decoded, records.as_mut()) {
                    (Some(r), Some(all)) => all.push(r),
                    _ => {
                        records = None;
                        break;
                    }
                }
            }
            let mut history = Vec::new();
            for v in store.history.iter().values() {
                let Ok(v) = v else { break };
                match super::apart::decode(&v, &store.apart) {
                    Ok(e) => history.push(e),
                    Err(_) => break,
                }
            }
            Ok(Rescued {
                instance: v.instance,
                seq: v.seq,
                records,
                history,
                counters: store.counters().unwrap_or_default(),
            })
        };
        // sled may panic on some damage; that is "could not be read".
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
                Err(StoreError::Damaged {
                    path: shown.clone(),
                })
            });
        std::panic::set_hook(previous);
        guard::discard(&scratch);
        outcome
    }
}
