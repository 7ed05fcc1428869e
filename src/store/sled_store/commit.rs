//! One change: its edits resolved against the database (new ids, what was
//! there before), validated as a whole, and written with its history entry.

use std::collections::HashMap;

use super::*;

impl SledStore {
    /// Resolves, validates and stores a change; `undoing` marks an undo.
    pub(super) fn commit(
        &self,
        change: ChangeSet,
        undoing: Option<HistoryEntry>,
    ) -> Result<Applied> {
        if change.edits.is_empty() {
            return Err(StoreError::Conflict("there is nothing to change".into()));
        }
        let n = change.edits.len();
        let mut after: HashMap<Id, Option<Record>> = HashMap::with_capacity(n);
        let mut before: HashMap<Id, Option<Record>> = HashMap::with_capacity(n);
        let mut order: Vec<Id> = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n);
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
        let bulk = order.len() > write::BULK_EDITS;
        let mut w = Writes::default();
        for id in &order {
            let old = before.get(id).and_then(Option::as_ref);
            let new = after.get(id).and_then(Option::as_ref);
            index_writes(&mut w, *id, old, new)?;
            if !bulk {
                w.puts.push((HIST_IDX, hist_key(*id, seq), Vec::new()));
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
                to_json(&undone)?,
            ));
        }
        let bulk_ids = bulk.then(|| bulk_hist_value(&order));
        let entry = HistoryEntry {
            seq,
            at: self.clock.now(),
            author: Some(self.author.clone()),
            summary: change.summary,
            changes: order
                .iter()
                .map(|id| Change {
                    id: *id,
                    before: before.remove(id).flatten(),
                    after: after.remove(id).flatten(),
                })
                .collect(),
            undoes,
            undone_by: None,
        };
        let entry = to_json(&entry)?;
        if let Some(ids) = bulk_ids {
            self.write_bulk(seq, entry, ids, w, close)?;
        } else {
            w.puts.push((HISTORY, seq.to_be_bytes().to_vec(), entry));
            w.puts.extend(close.puts);
            self.write(&w)?;
        }
        Ok(Applied { seq, ids })
    }

    pub(super) fn current(
        &self,
        id: Id,
        overlay: &HashMap<Id, Option<Record>>,
    ) -> Result<Option<Record>> {
        match overlay.get(&id) {
            Some(r) => Ok(r.clone()),
            None => self.get(id),
        }
    }

    pub(super) fn validate_change(
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
}
