//! One change: resolved and validated by the rulebook
//! ([`crate::store::rules`]) against this database, then written with its
//! history entry.

use super::*;
use crate::store::rules::{self, Ground, Resolved};

impl Ground for SledStore {
    fn get(&self, id: Id) -> Result<Option<Record>> {
        Store::get(self, id)
    }
    fn counter(&self, kind: Kind) -> Result<u32> {
        SledStore::counter(self, kind)
    }
    fn exists(&self, id: Id) -> Result<bool> {
        self.records
            .contains_key(id.to_bytes())
            .map_err(|e| self.corrupt(e))
    }
    fn referrers(&self, id: Id) -> Result<Vec<Id>> {
        Store::referrers(self, id)
    }
    fn last_change_of(&self, id: Id) -> Result<Option<HistoryEntry>> {
        Ok(Store::history(self, Some(id), 1)?.into_iter().next())
    }
}

impl SledStore {
    /// Resolves, validates and stores a change; `undoing` marks an undo.
    pub(super) fn commit(
        &self,
        change: ChangeSet,
        undoing: Option<HistoryEntry>,
    ) -> Result<Applied> {
        let Resolved {
            summary,
            changes,
            counters,
            ids,
            ..
        } = rules::resolve(self, change)?;

        let seq = self.seq()? + 1;
        let delta: i64 = changes
            .iter()
            .map(|c| i64::from(c.after.is_some()) - i64::from(c.before.is_some()))
            .sum();
        let at = self.clock.now();
        let bulk = changes.len() > write::BULK_EDITS;
        let mut w = Writes::default();
        // Each record is encoded once: its JSON goes into the records tree
        // and into the history entry.
        let mut afters = Vec::with_capacity(changes.len());
        for c in &changes {
            afters.push(index_writes(
                &mut w,
                c.id,
                c.before.as_ref(),
                c.after.as_ref(),
            )?);
            if !bulk {
                w.puts.push((HIST_IDX, hist_key(c.id, seq), Vec::new()));
            }
        }
        // What closes the change: the id counters, the sequence number and
        // the entry it undoes, marked.
        let mut close = Writes::default();
        for (kind, n) in &counters {
            close
                .puts
                .push((META, counter_key(*kind), n.to_be_bytes().to_vec()));
        }
        close
            .puts
            .push((META, SEQ_KEY.to_vec(), seq.to_be_bytes().to_vec()));
        let undoes = undoing.as_ref().map(|u| u.seq);
        if let Some(mut undone) = undoing {
            undone.undone_by = Some(seq);
            close.puts.push((
                HISTORY,
                undone.seq.to_be_bytes().to_vec(),
                self.marked_undone(&undone)?,
            ));
        }
        let bulk_ids = bulk.then(|| {
            let order: Vec<Id> = changes.iter().map(|c| c.id).collect();
            bulk_hist_value(&order)
        });
        let said = summary.clone();
        let entry = HistoryEntry {
            seq,
            at,
            author: Some(self.author.clone()),
            summary,
            changes,
            undoes,
            undone_by: None,
        };
        let parts = entry
            .changes
            .iter()
            .zip(&afters)
            .map(|(c, a)| apart::change_json(c, a.as_deref()))
            .collect::<serde_json::Result<Vec<_>>>()
            .map_err(|e| encoding(e.to_string()))?;
        drop(afters);
        let entry = apart::encode_with(&entry, parts).map_err(encoding)?;
        let digest = entry.digest;
        close.puts.push((
            META,
            super::sealing::LAST_DIGEST_KEY.to_vec(),
            digest.to_vec(),
        ));
        // Until the seal names this change, a clean close knows no version.
        self.closer.note_sealed(None);
        // An entry stored apart is longer than the journal keeps.
        let recent = (!entry.is_apart() && entry.value.len() <= super::journal::MAX_KEPT)
            .then(|| entry.value.clone());
        if let Some(ids) = bulk_ids {
            self.write_bulk(seq, entry, ids, w, close)?;
        } else {
            if entry.is_apart() {
                w.puts.push(write::schema_put());
                w.puts
                    .extend(entry.apart.into_iter().map(|(k, v)| (APART, k, v)));
            }
            w.puts
                .push((HISTORY, seq.to_be_bytes().to_vec(), entry.value));
            w.puts.extend(close.puts);
            self.write(&w)?;
        }
        self.reseal(seq, delta, at, digest, &said);
        self.note_recent(recent.as_deref());
        Ok(Applied {
            seq,
            ids,
            recovered: false,
        })
    }

    /// The stored value of `undone`, marked undone: a stub again when it
    /// is stored apart (its changes stay as they are), else its JSON.
    fn marked_undone(&self, undone: &HistoryEntry) -> Result<Vec<u8>> {
        let stored = self
            .history
            .get(undone.seq.to_be_bytes())
            .map_err(|e| self.corrupt(e))?;
        if stored.is_some_and(|v| apart::is_stub(&v)) {
            apart::restub(undone).map_err(encoding)
        } else {
            to_json(undone)
        }
    }
}

fn encoding(e: String) -> StoreError {
    StoreError::Conflict(format!("the change could not be encoded: {e}"))
}
