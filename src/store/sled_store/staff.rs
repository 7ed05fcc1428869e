//! The staff directory of a personal database: its own sled tree, keyed
//! by the name lower-cased, holding each member as JSON. Not records:
//! no history, no undo (like the server's staff table).

use super::SledStore;
use crate::staff::{StaffMember, key};
use crate::store::{Result, StoreError};

const TREE: &str = "staff";

impl SledStore {
    fn staff_tree(&self) -> Result<sled::Tree> {
        self.db.open_tree(TREE).map_err(|e| self.corrupt(e))
    }

    pub(super) fn staff_all(&self) -> Result<Vec<StaffMember>> {
        let mut out = Vec::new();
        for kv in self.staff_tree()?.iter() {
            let (k, v) = kv.map_err(|e| self.corrupt(e))?;
            let m: StaffMember = serde_json::from_slice(&v).map_err(|e| {
                self.corrupt(format!(
                    "the staff entry '{}' is unreadable: {e}",
                    String::from_utf8_lossy(&k)
                ))
            })?;
            out.push(m);
        }
        Ok(out)
    }

    /// Keeps the staff directory as it is now for the copy written at the
    /// clean close (none when it cannot be read).
    pub(super) fn note_staff(&self) {
        let json = self
            .staff_all()
            .ok()
            .and_then(|all| serde_json::to_vec(&all).ok());
        *self.closer.staff.lock().unwrap_or_else(|p| p.into_inner()) = json;
    }

    pub(super) fn staff_put(&self, member: &StaffMember, replacing: Option<&str>) -> Result<()> {
        let tree = self.staff_tree()?;
        let new_key = key(&member.name);
        let value = serde_json::to_vec(member).map_err(|e| self.corrupt(e))?;
        let old_key = replacing.map(key).filter(|k| *k != new_key);
        if old_key.is_some()
            && tree
                .contains_key(new_key.as_bytes())
                .map_err(|e| self.corrupt(e))?
        {
            return Err(StoreError::Conflict(
                rust_i18n::t!("staff.err_exists", name = member.name.trim()).into_owned(),
            ));
        }
        let mut batch = sled::Batch::default();
        if let Some(old) = &old_key {
            batch.remove(old.as_bytes());
        }
        batch.insert(new_key.as_bytes(), value);
        tree.apply_batch(batch).map_err(|e| self.corrupt(e))?;
        tree.flush().map_err(|e| self.corrupt(e))?;
        Ok(())
    }

    pub(super) fn staff_remove(&self, name: &str) -> Result<bool> {
        let tree = self.staff_tree()?;
        let gone = tree
            .remove(key(name).as_bytes())
            .map_err(|e| self.corrupt(e))?
            .is_some();
        tree.flush().map_err(|e| self.corrupt(e))?;
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use crate::staff::StaffMember;
    use crate::store::{SledStore, Store};

    fn member(name: &str, email: &str) -> StaffMember {
        StaffMember {
            name: name.into(),
            email: email.into(),
            lang: Some("zh".into()),
            login: None,
        }
    }

    #[test]
    fn staff_are_kept_across_opening_and_renamed_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let clock = std::sync::Arc::new(crate::clock::SystemClock);
        {
            let s = SledStore::open(&path, clock.clone()).unwrap();
            s.put_staff(&member("Li Na", "li.na@h.example"), None)
                .unwrap();
            s.put_staff(&member("Wang Jun", "wang@h.example"), None)
                .unwrap();
            // The same name in other case replaces, not duplicates.
            s.put_staff(&member("li na", "lina@h.example"), None)
                .unwrap();
        }
        // sled's own threads may hold the lock a moment after it closed.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let s = crate::store::sled_store::test_open::open_when_free(&path, today);
        let all = crate::staff::directory(&s).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].email, "lina@h.example");
        s.put_staff(&member("Li Na (Dr)", "lina@h.example"), Some("li na"))
            .unwrap();
        let names: Vec<String> = crate::staff::directory(&s)
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["Li Na (Dr)", "Wang Jun"]);
        // Renaming onto another member is refused.
        assert!(
            s.put_staff(&member("Wang Jun", ""), Some("Li Na (Dr)"))
                .is_err()
        );
        assert!(s.remove_staff("WANG JUN").unwrap());
        assert!(!s.remove_staff("Wang Jun").unwrap());
    }
}
