//! Whole-database operations: verifying every invariant, taking a
//! snapshot, restoring one.

use std::collections::BTreeSet;

use super::encode::*;
use super::sealing::LAST_DIGEST_KEY;
use super::version::{INSTANCE_KEY, new_instance};
use super::{HIST_IDX, HISTORY, META, SEQ_KEY, SledStore, Writes};
use crate::model::{Id, Kind, Record};
use crate::store::check::{Problem, check_records, compare_index};
use crate::store::keys::*;
use crate::store::{Result, SCHEMA_VERSION, Snapshot, Store, StoreError};

impl SledStore {
    pub(super) fn check_all(&self) -> Result<Vec<Problem>> {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            match self.decode(&k, &v) {
                Ok(r) => {
                    if Id::from_bytes(&k) != Some(r.id()) {
                        problems.push(Problem::new(Some(r.id()), rust_i18n::t!("check.other_key")));
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
        problems.extend(self.check_seal(records.len())?);
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
                    rust_i18n::t!(
                        "check.history_behind",
                        top = top.to_string(),
                        seq = seq.to_string()
                    ),
                ));
            }
        }
        Ok(problems)
    }

    pub(super) fn snapshot_all(&self) -> Result<Snapshot> {
        snapshot_of(&self.records, &self.history, &self.meta, self.clock.now())
            .map_err(|e| self.corrupt(e))
    }

    pub(super) fn restore_from(&self, snapshot: &Snapshot, force: bool) -> Result<()> {
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
        // The start-up copy describes the history being replaced.
        self.drop_cache();
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
        let mut last: Option<(chrono::DateTime<chrono::Utc>, [u8; 32], &str)> = None;
        for e in &snapshot.history {
            let bytes = to_json(e)?;
            if e.seq >= seq {
                seq = e.seq;
                last = Some((e.at, super::seal::digest(&bytes), &e.summary));
            }
            w.puts.push((HISTORY, e.seq.to_be_bytes().to_vec(), bytes));
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
        // Caches of the old contents must not be taken for the new ones.
        let instance = new_instance();
        w.puts
            .push((META, INSTANCE_KEY.to_vec(), instance.to_be_bytes().to_vec()));
        let (at, digest, summary) = last.unwrap_or((self.clock.now(), [0; 32], ""));
        w.puts
            .push((META, LAST_DIGEST_KEY.to_vec(), digest.to_vec()));
        self.closer.note_sealed(None);
        self.write(&w)?;
        self.reseal_all(instance, seq, snapshot.records.len(), at, digest, summary);
        Ok(())
    }
}

/// Everything in the trees, as a backup (also from the automatic backup's
/// thread, which holds only these trees); the error says what is unreadable.
pub(super) fn snapshot_of(
    records_tree: &sled::Tree,
    history_tree: &sled::Tree,
    meta: &sled::Tree,
    now: chrono::DateTime<chrono::Utc>,
) -> std::result::Result<Snapshot, String> {
    let mut records = Vec::new();
    for kv in records_tree.iter() {
        let (k, v) = kv.map_err(|e| e.to_string())?;
        let which = Id::from_bytes(&k)
            .map(|i| i.to_string())
            .unwrap_or_else(|| "a record".into());
        records.push(decode_record(&k, &v).map_err(|e| format!("{which} cannot be read: {e}"))?);
    }
    let mut history = Vec::new();
    for v in history_tree.iter().values() {
        let v = v.map_err(|e| e.to_string())?;
        history.push(
            serde_json::from_slice(&v)
                .map_err(|e| format!("a history entry cannot be read: {e}"))?,
        );
    }
    let mut counters = std::collections::BTreeMap::new();
    for k in Kind::ALL {
        let n = meta
            .get(counter_key(k))
            .map_err(|e| e.to_string())?
            .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0);
        counters.insert(k.prefix().to_string(), n);
    }
    Ok(Snapshot {
        format: crate::store::BACKUP_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: now,
        counters,
        records,
        history,
    })
}
