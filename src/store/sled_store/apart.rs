//! Big history entries stored apart.
//!
//! A big change (an import, `generate`) is one history entry holding every
//! record it touched: tens of megabytes at 100k records. Kept as one value
//! in the `history` tree, it sits in that tree's last node, which every
//! later change's entry goes into: sled then reads the whole node back
//! (buffer and copy, about twice the entry) and keeps it in its page cache,
//! so the first small change after an import cost the interface ~50 MB.
//!
//! An entry whose JSON is longer than [`APART_BYTES`] is therefore stored
//! as a small stub in `history` (the entry without its changes, and how
//! many there are) and its changes one key each in the `history_apart`
//! tree, under `seq ++ id ++ position`: the whole entry is read back in
//! order, and one record's part (its detail) without reading the others.
//! Each change's stored JSON is exactly its part of the entry's JSON, so
//! the entry's bytes (its digest, what the seal names) are unchanged.
//!
//! A database holding a stub has schema [`APART_SCHEMA`] in its meta
//! tree, which accord before this layout refuses as newer (it would read
//! a stub as an unreadable entry); a database without any keeps its
//! schema and stays readable by those versions.

use sha2::{Digest, Sha256};

use crate::model::Id;
use crate::store::history::{Change, HistoryEntry};

/// Entries whose JSON is longer than this are stored apart (the journal of
/// recent changes keeps entries up to the same size).
pub(super) const APART_BYTES: usize = super::journal::MAX_KEPT;

/// The schema of a database holding entries stored apart.
pub(super) const APART_SCHEMA: u32 = 2;

/// First byte of a stub: JSON text never starts with it.
const STUB: u8 = 0x01;

/// Where the changes array goes in an entry's JSON without changes.
const CHANGES: &[u8] = b"\"changes\":[]";

/// An entry as it is stored.
pub(super) struct Encoded {
    /// SHA-256 of the entry's JSON (as [`super::seal::digest`] of it).
    pub digest: [u8; 32],
    /// The value under its sequence number in `history`: the entry's JSON,
    /// or a stub when it is stored apart.
    pub value: Vec<u8>,
    /// Stored apart: its changes' keys and JSON in `history_apart`.
    pub apart: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Encoded {
    pub(super) fn is_apart(&self) -> bool {
        is_stub(&self.value)
    }
}

/// Whether a `history` value is a stub.
pub(super) fn is_stub(value: &[u8]) -> bool {
    value.first() == Some(&STUB)
}

/// The key prefix of entry `seq`'s changes in `history_apart`.
pub(super) fn prefix(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

fn key(seq: u64, id: Id, position: u32) -> Vec<u8> {
    [
        &seq.to_be_bytes()[..],
        &id.to_bytes()[..],
        &position.to_be_bytes()[..],
    ]
    .concat()
}

/// The position of a change from its key.
fn position(key: &[u8]) -> Option<u32> {
    key.get(13..17)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
}

/// The entry without its changes, as JSON.
fn header(entry: &HistoryEntry) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&HistoryEntry {
        seq: entry.seq,
        at: entry.at,
        author: entry.author.clone(),
        summary: entry.summary.clone(),
        changes: Vec::new(),
        undoes: entry.undoes,
        undone_by: entry.undone_by,
    })
}

/// The header's JSON before and after the changes' JSON: every string in
/// it is quoted with its own quotes escaped, so the only `"changes":[]`
/// is the field.
fn split(header: &[u8]) -> Result<(&[u8], &[u8]), String> {
    header
        .windows(CHANGES.len())
        .position(|w| w == CHANGES)
        .map(|at| header.split_at(at + CHANGES.len() - 1))
        .ok_or_else(|| "the history entry has no changes field".to_string())
}

/// A stub: the tag, how many changes, the header.
fn stub(header: &[u8], changes: usize) -> Result<Vec<u8>, String> {
    let n = u32::try_from(changes).map_err(|_| "the change is too big to store".to_string())?;
    Ok([&[STUB][..], &n.to_be_bytes()[..], header].concat())
}

/// How `entry` is stored: its JSON when short, else a stub and its
/// changes apart.
pub(super) fn encode(entry: &HistoryEntry) -> Result<Encoded, String> {
    let head = header(entry).map_err(|e| e.to_string())?;
    let (before, after) = split(&head)?;
    let parts = entry
        .changes
        .iter()
        .map(serde_json::to_vec)
        .collect::<serde_json::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    let len =
        head.len() + parts.iter().map(Vec::len).sum::<usize>() + parts.len().saturating_sub(1);
    let mut hash = Sha256::new();
    hash.update(before);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            hash.update(b",");
        }
        hash.update(p);
    }
    hash.update(after);
    let digest = hash.finalize().into();
    if len <= APART_BYTES {
        let mut value = Vec::with_capacity(len);
        value.extend_from_slice(before);
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                value.push(b',');
            }
            value.extend_from_slice(p);
        }
        value.extend_from_slice(after);
        return Ok(Encoded {
            digest,
            value,
            apart: Vec::new(),
        });
    }
    let mut apart = Vec::with_capacity(parts.len());
    for (i, (c, p)) in entry.changes.iter().zip(parts).enumerate() {
        let i = u32::try_from(i).map_err(|_| "the change is too big to store".to_string())?;
        apart.push((key(entry.seq, c.id, i), p));
    }
    Ok(Encoded {
        digest,
        value: stub(&head, entry.changes.len())?,
        apart,
    })
}

/// The stub of `entry` as it is stored apart already (its changes are
/// not written again): for marking an undone entry.
pub(super) fn restub(entry: &HistoryEntry) -> Result<Vec<u8>, String> {
    let head = header(entry).map_err(|e| e.to_string())?;
    stub(&head, entry.changes.len())
}

/// A stub's header and change count.
fn read_stub(value: &[u8]) -> Result<(HistoryEntry, usize), String> {
    let n = value
        .get(1..5)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
        .ok_or_else(|| "a history entry cannot be read: its stub is cut short".to_string())?;
    let head = value.get(5..).unwrap_or_default();
    let entry: HistoryEntry =
        serde_json::from_slice(head).map_err(|e| format!("a history entry cannot be read: {e}"))?;
    Ok((entry, n as usize))
}

/// The changes stored apart under `prefix`, by position.
fn changes_under(
    apart: &sled::Tree,
    prefix: &[u8],
    seq: u64,
) -> Result<Vec<(u32, sled::IVec)>, String> {
    let mut out = Vec::new();
    for kv in apart.scan_prefix(prefix) {
        let (k, v) = kv.map_err(|e| e.to_string())?;
        let at = position(&k).ok_or_else(|| {
            format!("history entry {seq} cannot be read: a change key is cut short")
        })?;
        out.push((at, v));
    }
    out.sort_unstable_by_key(|(at, _)| *at);
    Ok(out)
}

/// Every change of entry `seq` stored apart, in order, checked complete.
fn all_changes(apart: &sled::Tree, seq: u64, n: usize) -> Result<Vec<sled::IVec>, String> {
    let parts = changes_under(apart, &prefix(seq), seq)?;
    let whole = parts.len() == n
        && parts
            .iter()
            .enumerate()
            .all(|(i, (at, _))| *at as usize == i);
    if !whole {
        return Err(format!(
            "history entry {seq} cannot be read: {} of its {n} changes are stored",
            parts.len()
        ));
    }
    Ok(parts.into_iter().map(|(_, v)| v).collect())
}

fn change(seq: u64, bytes: &[u8]) -> Result<Change, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("history entry {seq} cannot be read: {e}"))
}

/// The entry stored as `value` in `history` (a stub read with its changes
/// from `apart`).
pub(super) fn decode(value: &[u8], apart: &sled::Tree) -> Result<HistoryEntry, String> {
    if !is_stub(value) {
        return serde_json::from_slice(value)
            .map_err(|e| format!("a history entry cannot be read: {e}"));
    }
    let (mut entry, n) = read_stub(value)?;
    let seq = entry.seq;
    let mut changes = Vec::with_capacity(n);
    for bytes in all_changes(apart, seq, n)? {
        changes.push(change(seq, &bytes)?);
    }
    entry.changes = changes;
    Ok(entry)
}

/// The entry stored as `value` with only the changes of `id`; a stub's
/// other changes are not read at all.
pub(super) fn decode_of(value: &[u8], apart: &sled::Tree, id: Id) -> Result<HistoryEntry, String> {
    if !is_stub(value) {
        return super::history_of::entry_of(value, id)
            .map_err(|e| format!("a history entry cannot be read: {e}"));
    }
    let (mut entry, _) = read_stub(value)?;
    let seq = entry.seq;
    let of = [&prefix(seq)[..], &id.to_bytes()[..]].concat();
    for (_, bytes) in changes_under(apart, &of, seq)? {
        entry.changes.push(change(seq, &bytes)?);
    }
    Ok(entry)
}

/// The digest of the entry stored as `value`: of its JSON, as it was when
/// the change was made.
pub(super) fn digest(value: &[u8], apart: &sled::Tree) -> Result<[u8; 32], String> {
    if !is_stub(value) {
        return Ok(super::seal::digest(value));
    }
    let (entry, n) = read_stub(value)?;
    let head = value.get(5..).unwrap_or_default();
    let (before, after) = split(head)?;
    let mut hash = Sha256::new();
    hash.update(before);
    for (i, p) in all_changes(apart, entry.seq, n)?.iter().enumerate() {
        if i > 0 {
            hash.update(b",");
        }
        hash.update(p);
    }
    hash.update(after);
    Ok(hash.finalize().into())
}

/// The keys of entry `seq`'s changes stored apart (none for an entry
/// stored whole).
pub(super) fn keys_of(apart: &sled::Tree, seq: u64) -> Result<Vec<sled::IVec>, String> {
    apart
        .scan_prefix(prefix(seq))
        .keys()
        .map(|k| k.map_err(|e| e.to_string()))
        .collect()
}

#[cfg(test)]
#[path = "apart_tests.rs"]
mod tests;
