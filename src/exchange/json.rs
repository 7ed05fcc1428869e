//! JSON: the complete database (records, history, id counters) in the
//! backup format, byte for byte what `accord backup` writes, streamed kind
//! by kind.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use super::atomic::io;
use super::{ExchangeError, ExportOptions, Progress, Result};
use crate::model::Kind;
use crate::store::{BACKUP_FORMAT, HistoryEntry, SCHEMA_VERSION, Snapshot, Store, StoreError};

/// The same fields, in the same order, as [`Snapshot`].
#[derive(Serialize)]
struct Streamed<'a> {
    format: &'static str,
    schema_version: u32,
    exported_at: DateTime<Utc>,
    counters: BTreeMap<String, u32>,
    records: Records<'a>,
    history: Vec<HistoryEntry>,
}

/// The records, read from the store one kind at a time as they are written.
struct Records<'a> {
    store: &'a dyn Store,
    total: usize,
    progress: RefCell<Progress<'a>>,
    failure: RefCell<Option<StoreError>>,
}

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.total))?;
        let mut done = 0;
        for kind in Kind::ALL {
            let records = match self.store.list(kind) {
                Ok(r) => r,
                Err(e) => {
                    let msg = e.to_string();
                    *self.failure.borrow_mut() = Some(e);
                    return Err(S::Error::custom(msg));
                }
            };
            for r in &records {
                seq.serialize_element(r)?;
                done += 1;
                if done % 1024 == 0 {
                    (self.progress.borrow_mut())(done, self.total);
                }
            }
        }
        (self.progress.borrow_mut())(done, self.total);
        seq.end()
    }
}

/// Writes the database as JSON; returns the number of records.
pub fn export(
    store: &dyn Store,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<usize> {
    let mut counters = BTreeMap::new();
    let mut total = 0;
    for kind in Kind::ALL {
        counters.insert(
            kind.prefix().to_string(),
            store.next_id(kind)?.n.saturating_sub(1),
        );
        total += store.count(kind)?;
    }
    let mut history = store.history(None, usize::MAX)?;
    history.reverse();
    let doc = Streamed {
        format: BACKUP_FORMAT,
        schema_version: SCHEMA_VERSION,
        exported_at: opts.now,
        counters,
        records: Records {
            store,
            total,
            progress: RefCell::new(progress),
            failure: RefCell::new(None),
        },
        history,
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    let result = serde_json::to_writer_pretty(&mut w, &doc);
    if let Some(e) = doc.records.failure.borrow_mut().take() {
        return Err(e.into());
    }
    result.map_err(io)?;
    w.flush().map_err(io)?;
    Ok(total)
}

/// Reads a JSON export (or backup), with errors naming the file and line.
pub fn read(path: &Path) -> Result<Snapshot> {
    let shown = path.display().to_string();
    // Parsed from memory: twice as fast as through a reader, and the bytes
    // are gone before the records are written.
    let bytes = std::fs::read(path).map_err(|e| ExchangeError::Read {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let snap: Snapshot = serde_json::from_slice(&bytes).map_err(|e| {
        ExchangeError::Options(format!(
            "{shown} is not an accord JSON export: line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    drop(bytes);
    if snap.format != BACKUP_FORMAT {
        return Err(ExchangeError::Options(format!(
            "{shown} is not an accord JSON export (its format is '{}', not '{BACKUP_FORMAT}')",
            snap.format
        )));
    }
    Ok(snap)
}
