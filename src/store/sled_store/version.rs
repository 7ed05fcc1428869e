//! Which database this is and what it recorded after a given change: what
//! caches of derived data (the search index) check before they are used.

use super::SledStore;
use crate::store::history::HistoryEntry;
use crate::store::{Result, Version};

/// Where the instance number is kept in the meta tree.
pub(super) const INSTANCE_KEY: &[u8] = b"instance";

/// A new instance number, never 0: random, so that two databases (or a
/// database and its restored self) never share one.
pub(super) fn new_instance() -> u64 {
    crate::store::random_u64().max(1)
}

impl SledStore {
    /// Gives a database that has no instance number one (databases
    /// written before accord kept one).
    pub(super) fn ensure_instance(&self) -> Result<()> {
        if self
            .meta
            .get(INSTANCE_KEY)
            .map_err(|e| self.corrupt(e))?
            .is_none()
        {
            self.meta
                .insert(INSTANCE_KEY, &new_instance().to_be_bytes())
                .map_err(|e| self.corrupt(e))?;
            self.flush()?;
        }
        Ok(())
    }

    pub(super) fn current_version(&self) -> Result<Version> {
        let instance = self
            .meta
            .get(INSTANCE_KEY)
            .map_err(|e| self.corrupt(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        Ok(Version {
            instance,
            seq: self.seq()?,
        })
    }

    pub(super) fn entries_after(&self, seq: u64, limit: usize) -> Result<Vec<HistoryEntry>> {
        let Some(first) = seq.checked_add(1) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for v in self
            .history
            .range(first.to_be_bytes()..)
            .values()
            .take(limit)
        {
            let v = v.map_err(|e| self.corrupt(e))?;
            out.push(self.decode_entry(&v)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::clock::FixedClock;
    use crate::model::{Id, Institution, InstitutionKind, Kind, Name, Record};
    use crate::store::{ChangeSet, Edit, SledStore, Store};

    fn institution(n: u32) -> Record {
        Record::Institution(Institution {
            id: Id::new(Kind::Institution, n),
            names: vec![Name::new(format!("Hospital {n}"), "en")],
            short_name: String::new(),
            country: "KZ".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: Vec::new(),
            website: String::new(),
            home: false,
        })
    }

    fn store_in(dir: &std::path::Path) -> SledStore {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        SledStore::open(dir, Arc::new(FixedClock(day))).unwrap()
    }

    #[test]
    fn the_version_counts_changes_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let first = {
            let store = store_in(&path);
            let v = store.version().unwrap();
            assert_eq!(v.seq, 0);
            assert_ne!(v.instance, 0);
            for n in 1..=3 {
                store
                    .apply(ChangeSet::one("add", Edit::Create(institution(n))))
                    .unwrap();
            }
            assert_eq!(store.directory(), Some(path.clone()));
            store.version().unwrap()
        };
        assert_eq!(first.seq, 3);
        let store = store_in(&path);
        assert_eq!(store.version().unwrap(), first);
        let after: Vec<u64> = store
            .history_after(1, 10)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(after, [2, 3]);
        assert_eq!(store.history_after(0, 1).unwrap()[0].seq, 1);
        assert!(store.history_after(3, 10).unwrap().is_empty());
        assert!(store.history_after(u64::MAX, 10).unwrap().is_empty());
    }

    #[test]
    fn a_restore_makes_another_instance() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir.path().join("db"));
        store
            .apply(ChangeSet::one("add", Edit::Create(institution(1))))
            .unwrap();
        let before = store.version().unwrap();
        let snapshot = store.snapshot().unwrap();
        store.restore(&snapshot, true).unwrap();
        let after = store.version().unwrap();
        assert_eq!(after.seq, before.seq);
        assert_ne!(after.instance, before.instance);
    }
}
