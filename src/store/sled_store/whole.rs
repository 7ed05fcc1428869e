//! Whole-database operations: verifying every invariant, taking a
//! snapshot, restoring one.

use std::collections::BTreeSet;

use super::SledStore;
use super::encode::*;
use super::restore::Incoming;
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
        problems.extend(self.check_apart()?);
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

    /// Every entry stored apart has all its changes.
    fn check_apart(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        for kv in self.history.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            let Some((found, count)) = super::apart::missing(&v, &self.apart) else {
                continue;
            };
            let seq = k
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map(|s| s.to_string())
                .unwrap_or_else(|_| "?".into());
            let message = match count {
                Some(count) => rust_i18n::t!(
                    "check.apart_missing",
                    seq = seq,
                    found = found,
                    count = count
                ),
                None => rust_i18n::t!("check.apart_stub", seq = seq),
            };
            problems.push(Problem::new(None, message));
        }
        Ok(problems)
    }

    pub(super) fn snapshot_all(&self) -> Result<Snapshot> {
        snapshot_of(
            &self.records,
            &self.history,
            &self.apart,
            &self.meta,
            self.clock.now(),
        )
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
        // Until the seal names the restored history, a clean close knows
        // no version.
        self.closer.note_sealed(None);
        let written = self.write_restore(Incoming {
            records: &snapshot.records,
            history: &snapshot.history,
            counters: &counters,
        });
        let done = match written {
            Ok(done) => done,
            Err(e) => {
                #[cfg(test)]
                if self.fault_dies() {
                    return Err(e);
                }
                // Put the old contents back now rather than at the next
                // open; if that fails too, the marker stays and the next
                // open does it.
                let _ = self.recover_restore();
                return Err(e);
            }
        };
        let (at, digest, summary) = done
            .last
            .unwrap_or((self.clock.now(), [0; 32], String::new()));
        self.reseal_all(
            done.instance,
            done.seq,
            snapshot.records.len(),
            at,
            digest,
            &summary,
        );
        Ok(())
    }
}

/// Everything in the trees, as a backup (the automatic backup writes the
/// same from the stored bytes, see [`super::backup_stream`]); the error says
/// what is unreadable.
pub(super) fn snapshot_of(
    records_tree: &sled::Tree,
    history_tree: &sled::Tree,
    apart: &sled::Tree,
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
        history.push(super::apart::decode(&v, apart)?);
    }
    Ok(Snapshot {
        format: crate::store::BACKUP_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: now,
        counters: counters_of(meta)?,
        records,
        history,
    })
}

/// The highest id number given per kind, as a backup names them.
pub(super) fn counters_of(
    meta: &sled::Tree,
) -> std::result::Result<std::collections::BTreeMap<String, u32>, String> {
    let mut counters = std::collections::BTreeMap::new();
    for k in Kind::ALL {
        let n = meta
            .get(counter_key(k))
            .map_err(|e| e.to_string())?
            .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0);
        counters.insert(k.prefix().to_string(), n);
    }
    Ok(counters)
}
