//! The day's backup written straight from the stored JSON.
//!
//! A backup is the [`Snapshot`](crate::store::Snapshot) as JSON: its
//! records and its history entries. Each record is stored as
//! `{"v":1,"record":RECORD}` and each history entry as its JSON (or a stub
//! and its changes' JSON, see [`super::apart`]), written by the same
//! encoder the backup uses, so the backup is those bytes put together:
//! nothing is decoded and encoded again, and nothing is held in memory
//! but one entry's chunks (at a million records, decoding and encoding
//! everything took a third of `generate`'s time and gigabytes).
//!
//! Each piece is checked to be well-formed JSON first. A record stored
//! under an older envelope version is decoded and encoded again, as the
//! snapshot would. A value stored by an older accord that lacks a field
//! added since is copied as it is: restored, it reads as the same record
//! (the missing field takes its default), exactly as the database reads
//! it.

use std::io::{self, Write};

use serde::de::IgnoredAny;

use super::encode::decode_record;
use crate::model::Id;
use crate::store::{SCHEMA_VERSION, Snapshot};

/// What a snapshot's JSON ends with when it has no records and no history.
const EMPTY_TAIL: &[u8] = b"\"records\":[],\"history\":[]}";

fn bad(detail: String) -> io::Error {
    io::Error::other(detail)
}

/// Whether `json` is one well-formed JSON value.
fn well_formed(json: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(json).is_ok()
}

/// The record's JSON inside a stored value written with the current
/// envelope version; `None` for any other shape.
pub(super) fn stored_record(value: &[u8]) -> Option<&[u8]> {
    let rest = value.strip_prefix(b"{\"v\":")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let v: u32 = std::str::from_utf8(rest.get(..digits)?)
        .ok()?
        .parse()
        .ok()?;
    if v != SCHEMA_VERSION {
        return None;
    }
    let json = rest
        .get(digits..)?
        .strip_prefix(b",\"record\":")?
        .strip_suffix(b"}")?;
    well_formed(json).then_some(json)
}

/// Writes the backup of the trees to `out`, the same bytes as
/// `serde_json::to_writer` of [`super::whole::snapshot_of`]'s snapshot for
/// a database written by this version; returns how many records it holds.
pub(super) fn write(
    out: &mut dyn Write,
    records: &sled::Tree,
    history: &sled::Tree,
    apart: &sled::Tree,
    meta: &sled::Tree,
    now: chrono::DateTime<chrono::Utc>,
) -> io::Result<usize> {
    let empty = Snapshot {
        format: crate::store::BACKUP_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: now,
        counters: super::whole::counters_of(meta).map_err(bad)?,
        records: Vec::new(),
        history: Vec::new(),
    };
    let head = serde_json::to_vec(&empty).map_err(io::Error::other)?;
    let head = head
        .strip_suffix(EMPTY_TAIL)
        .ok_or_else(|| bad("the backup's heading has an unexpected shape".into()))?;
    out.write_all(head)?;
    out.write_all(b"\"records\":[")?;
    let mut n = 0;
    for kv in records.iter() {
        let (k, v) = kv.map_err(|e| bad(e.to_string()))?;
        if n > 0 {
            out.write_all(b",")?;
        }
        match stored_record(&v) {
            Some(json) => out.write_all(json)?,
            None => {
                let which = Id::from_bytes(&k)
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "a record".into());
                let r = decode_record(&k, &v)
                    .map_err(|e| bad(format!("{which} cannot be read: {e}")))?;
                serde_json::to_writer(&mut *out, &r).map_err(io::Error::other)?;
            }
        }
        n += 1;
    }
    out.write_all(b"],\"history\":[")?;
    for (i, v) in history.iter().values().enumerate() {
        let v = v.map_err(|e| bad(e.to_string()))?;
        if i > 0 {
            out.write_all(b",")?;
        }
        super::apart::write_json(&v, apart, out)?;
    }
    out.write_all(b"]}")?;
    Ok(n)
}

#[cfg(test)]
#[path = "backup_stream_tests.rs"]
mod tests;
