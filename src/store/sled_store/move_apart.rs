//! Big history entries that an older accord stored whole are moved apart
//! when the database is opened.
//!
//! Kept whole, such an entry (an import, `generate`: tens of megabytes)
//! sits in the history tree's node that later entries go into, so that
//! sled reads it back (and keeps it) whenever the last changes are read:
//! by the search index catching up, by a record's detail. Each is moved
//! once, from its own bytes so that its digest, which the seal names,
//! stays the same; an entry whose bytes could not be given back exactly
//! stays whole and still reads.
//!
//! The meta tree notes the last entry looked at, so that each open looks
//! only at the entries written since the one before (an older accord may
//! have written big ones in between).

use super::SledStore;
use super::apart::{APART_BYTES, APART_SCHEMA, encode_stored, is_stub};
use crate::store::Result;

/// Where the last entry looked at is noted in the meta tree.
pub(super) const LOOKED_KEY: &[u8] = b"apart_looked";

impl SledStore {
    /// Moves apart the big entries stored whole since the last open;
    /// returns how many were moved.
    pub(super) fn move_big_entries_apart(&self) -> Result<usize> {
        let looked = self
            .meta
            .get(LOOKED_KEY)
            .map_err(|e| self.corrupt(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        let seq = self.seq()?;
        if seq <= looked {
            return Ok(0);
        }
        let mut moved = 0;
        for kv in self.history.range((looked + 1).to_be_bytes()..) {
            let (key, value) = kv.map_err(|e| self.corrupt(e))?;
            if value.len() <= APART_BYTES || is_stub(&value) {
                continue;
            }
            let Some(at) = key.as_ref().try_into().ok().map(u64::from_be_bytes) else {
                continue;
            };
            let Some(encoded) = encode_stored(at, &value) else {
                continue;
            };
            if moved == 0 {
                // Before the first stub: an older accord must refuse it.
                self.meta
                    .insert(super::SCHEMA_KEY, &APART_SCHEMA.to_be_bytes())
                    .map_err(|e| self.corrupt(e))?;
            }
            // The changes first: cut short here, the entry is still whole
            // and the next open writes the same chunks again.
            for (k, v) in encoded.apart {
                self.apart.insert(k, v).map_err(|e| self.corrupt(e))?;
            }
            self.flush()?;
            self.history
                .insert(key, encoded.value)
                .map_err(|e| self.corrupt(e))?;
            self.flush()?;
            moved += 1;
        }
        // Not flushed alone: lost, the same entries are looked at again.
        self.meta
            .insert(LOOKED_KEY, &seq.to_be_bytes())
            .map_err(|e| self.corrupt(e))?;
        Ok(moved)
    }
}
