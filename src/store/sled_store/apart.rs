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
//! many there are) and its changes in the `history_apart` tree, sorted by
//! record and packed into chunks of about [`CHUNK_BYTES`] under
//! `seq ++ last record's id ++ chunk number`: the whole entry is read back
//! in order (each change carries its position), and one record's part
//! (its detail) from the one chunk (rarely two) holding it. A key per
//! change would cost sled as much again as the records themselves when
//! `generate` writes a million. Each change's stored JSON is exactly its
//! part of the entry's JSON, so the entry's bytes (its digest, what the
//! seal names) are unchanged.
//!
//! A database holding a stub has schema [`APART_SCHEMA`] in its meta
//! tree, which accord before this layout refuses as newer (it would read
//! a stub as an unreadable entry); a database without any keeps its
//! schema and stays readable by those versions.

use serde::Deserialize;
use serde_json::value::RawValue;
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

/// Changes are packed into chunks of about this many bytes.
const CHUNK_BYTES: usize = 64 * 1024;

/// Where the changes array goes in an entry's JSON without changes.
const CHANGES: &[u8] = b"\"changes\":[]";

/// Chunks of changes stored apart: each key and value.
pub(super) type Chunks = Vec<(Vec<u8>, Vec<u8>)>;

/// An entry as it is stored.
pub(super) struct Encoded {
    /// SHA-256 of the entry's JSON (as [`super::seal::digest`] of it).
    pub digest: [u8; 32],
    /// The value under its sequence number in `history`: the entry's JSON,
    /// or a stub when it is stored apart.
    pub value: Vec<u8>,
    /// Stored apart: its changes' keys and JSON in `history_apart`.
    pub apart: Chunks,
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

fn key(seq: u64, last: Id, chunk: u32) -> Vec<u8> {
    [
        &seq.to_be_bytes()[..],
        &last.to_bytes()[..],
        &chunk.to_be_bytes()[..],
    ]
    .concat()
}

/// The id of the last record in a chunk, from its key.
fn last_id(key: &[u8]) -> Option<[u8; 5]> {
    key.get(8..13).and_then(|b| b.try_into().ok())
}

/// One change in a chunk: its position in the entry, its record, its JSON.
struct Packed<'a> {
    position: u32,
    id: [u8; 5],
    json: &'a [u8],
    /// Where the JSON starts in the chunk.
    start: usize,
}

/// The changes in a chunk: each `position (4) ++ id (5) ++ length (4) ++
/// JSON`.
fn unpack(chunk: &[u8], seq: u64) -> Result<Vec<Packed<'_>>, String> {
    let cut = || format!("history entry {seq} cannot be read: a chunk of its changes is cut short");
    let mut out = Vec::new();
    let mut rest = chunk;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at_checked(13).ok_or_else(cut)?;
        let position = head
            .get(0..4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes);
        let id = head.get(4..9).and_then(|b| b.try_into().ok());
        let len = head
            .get(9..13)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes);
        let (Some(position), Some(id), Some(len)) = (position, id, len) else {
            return Err(cut());
        };
        let (json, tail) = tail.split_at_checked(len as usize).ok_or_else(cut)?;
        let start = chunk.len() - rest.len() + 13;
        out.push(Packed {
            position,
            id,
            json,
            start,
        });
        rest = tail;
    }
    Ok(out)
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
    let parts = entry
        .changes
        .iter()
        .map(serde_json::to_vec)
        .collect::<serde_json::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    encode_with(entry, parts)
}

/// A change's JSON, `serde_json::to_vec(change)`, with its after image's
/// JSON given when it is already encoded (as the record's stored value).
pub(super) fn change_json(change: &Change, after: Option<&[u8]>) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(after.map_or(64, |a| a.len() + 64));
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut out, &change.id)?;
    out.extend_from_slice(b",\"before\":");
    serde_json::to_writer(&mut out, &change.before)?;
    out.extend_from_slice(b",\"after\":");
    match after {
        Some(json) if change.after.is_some() => out.extend_from_slice(json),
        _ => serde_json::to_writer(&mut out, &change.after)?,
    }
    out.push(b'}');
    Ok(out)
}

/// As [`encode`], with each change's JSON (`parts`, in order) given.
pub(super) fn encode_with(entry: &HistoryEntry, parts: Vec<Vec<u8>>) -> Result<Encoded, String> {
    if parts.len() != entry.changes.len() {
        return Err("the change's parts do not match its changes".into());
    }
    let head = header(entry).map_err(|e| e.to_string())?;
    let (before, after) = split(&head)?;
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
    let ids = entry.changes.iter().map(|c| c.id);
    let stored: Vec<(&[u8], Id)> = parts.iter().map(Vec::as_slice).zip(ids).collect();
    Ok(Encoded {
        digest,
        value: stub(&head, entry.changes.len())?,
        apart: pack(entry.seq, &stored)?,
    })
}

/// The chunks of entry `seq`'s changes (their JSON and record, in the
/// entry's order), sorted by record.
fn pack(seq: u64, changes: &[(&[u8], Id)]) -> Result<Chunks, String> {
    let too_big = || "the change is too big to store".to_string();
    let mut order: Vec<(u32, [u8; 5])> = Vec::with_capacity(changes.len());
    for (i, (_, id)) in changes.iter().enumerate() {
        order.push((u32::try_from(i).map_err(|_| too_big())?, id.to_bytes()));
    }
    order.sort_unstable_by_key(|(i, id)| (*id, *i));
    let mut apart = Vec::new();
    let mut chunk: Vec<u8> = Vec::new();
    for (n, (i, id)) in order.iter().enumerate() {
        let (json, _) = changes.get(*i as usize).ok_or_else(too_big)?;
        chunk.extend_from_slice(&i.to_be_bytes());
        chunk.extend_from_slice(id);
        let len = u32::try_from(json.len()).map_err(|_| too_big())?;
        chunk.extend_from_slice(&len.to_be_bytes());
        chunk.extend_from_slice(json);
        if chunk.len() >= CHUNK_BYTES || n + 1 == order.len() {
            let number = u32::try_from(apart.len()).map_err(|_| too_big())?;
            let last = Id::from_bytes(id).ok_or_else(too_big)?;
            apart.push((key(seq, last, number), std::mem::take(&mut chunk)));
        }
    }
    Ok(apart)
}

/// An entry as an older accord stored it: its changes left as JSON text.
#[derive(Deserialize)]
struct Whole<'a> {
    seq: u64,
    #[serde(borrow)]
    changes: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct ChangeId {
    id: Id,
}

/// How a big entry that an older accord stored whole (`value`, under
/// `seq`) is stored apart, from its own bytes so that its digest stays
/// what the seal names; `None` when it is short, a stub already, or its
/// bytes could not be given back exactly (then it stays whole).
pub(super) fn encode_stored(seq: u64, value: &[u8]) -> Option<Encoded> {
    if value.len() <= APART_BYTES || is_stub(value) {
        return None;
    }
    let whole: Whole<'_> = serde_json::from_slice(value).ok()?;
    if whole.seq != seq {
        return None;
    }
    let base = value.as_ptr() as usize;
    let mut changes: Vec<(&[u8], Id)> = Vec::with_capacity(whole.changes.len());
    for raw in &whole.changes {
        let json = raw.get().as_bytes();
        let start = (json.as_ptr() as usize).checked_sub(base)?;
        let id = serde_json::from_slice::<ChangeId>(json).ok()?.id;
        changes.push((value.get(start..start + json.len())?, id));
    }
    let (first, last) = (changes.first()?.0, changes.last()?.0);
    let start = first.as_ptr() as usize - base;
    let end = last.as_ptr() as usize - base + last.len();
    let head = [value.get(..start)?, value.get(end..)?].concat();
    serde_json::from_slice::<HistoryEntry>(&head).ok()?;
    let (before, after) = split(&head).ok()?;
    let mut hash = Sha256::new();
    hash.update(before);
    for (i, (json, _)) in changes.iter().enumerate() {
        if i > 0 {
            hash.update(b",");
        }
        hash.update(json);
    }
    hash.update(after);
    let digest: [u8; 32] = hash.finalize().into();
    if digest != super::seal::digest(value) {
        return None;
    }
    Some(Encoded {
        digest,
        value: stub(&head, changes.len()).ok()?,
        apart: pack(seq, &changes).ok()?,
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

/// Where a change's JSON is: its chunk's index, start, end.
type Place = (usize, usize, usize);

/// Every change of entry `seq` stored apart, in order, checked complete:
/// the chunks and, for each change, its place in them.
fn all_changes(
    apart: &sled::Tree,
    seq: u64,
    n: usize,
) -> Result<(Vec<sled::IVec>, Vec<Place>), String> {
    let mut chunks = Vec::new();
    for v in apart.scan_prefix(prefix(seq)).values() {
        chunks.push(v.map_err(|e| e.to_string())?);
    }
    // By position; the count comes from the stub, so nothing is sized by
    // it before it is checked.
    let mut at: Vec<(u32, Place)> = Vec::new();
    for (c, chunk) in chunks.iter().enumerate() {
        for p in unpack(chunk, seq)? {
            at.push((p.position, (c, p.start, p.start + p.json.len())));
        }
    }
    at.sort_unstable_by_key(|(position, _)| *position);
    let whole = at.len() == n && at.iter().enumerate().all(|(i, (p, _))| *p as usize == i);
    if !whole {
        return Err(format!(
            "history entry {seq} cannot be read: {} of its {n} changes are stored",
            at.len()
        ));
    }
    let places = at.into_iter().map(|(_, place)| place).collect();
    Ok((chunks, places))
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
    let (chunks, places) = all_changes(apart, seq, n)?;
    let mut changes = Vec::with_capacity(places.len());
    for (c, start, end) in places {
        let json = chunks
            .get(c)
            .and_then(|b| b.get(start..end))
            .unwrap_or_default();
        changes.push(change(seq, json)?);
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
    // The first chunk whose last record is `id` or after it holds its
    // changes; the next ones too while their last record is `id`.
    let target = id.to_bytes();
    let from = [&prefix(seq)[..], &target[..]].concat();
    let mut mine = Vec::new();
    for kv in apart.range(from..) {
        let (k, v) = kv.map_err(|e| e.to_string())?;
        if !k.starts_with(&prefix(seq)) {
            break;
        }
        for p in unpack(&v, seq)? {
            if p.id == target {
                mine.push((p.position, change(seq, p.json)?));
            }
        }
        if last_id(&k) != Some(target) {
            break;
        }
    }
    mine.sort_by_key(|(position, _)| *position);
    entry.changes = mine.into_iter().map(|(_, c)| c).collect();
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
    let (chunks, places) = all_changes(apart, entry.seq, n)?;
    for (i, (c, start, end)) in places.into_iter().enumerate() {
        if i > 0 {
            hash.update(b",");
        }
        hash.update(
            chunks
                .get(c)
                .and_then(|b| b.get(start..end))
                .unwrap_or_default(),
        );
    }
    hash.update(after);
    Ok(hash.finalize().into())
}

/// What `check` finds wrong with the entry stored as `value`: `None` when
/// it is whole, or a stub with every change; else how many of its
/// changes can be read and how many it has (`None` when the stub itself
/// cannot be read).
pub(super) fn missing(value: &[u8], apart: &sled::Tree) -> Option<(usize, Option<usize>)> {
    if !is_stub(value) {
        return None;
    }
    let Ok((entry, n)) = read_stub(value) else {
        return Some((0, None));
    };
    if all_changes(apart, entry.seq, n).is_ok() {
        return None;
    }
    let found = apart
        .scan_prefix(prefix(entry.seq))
        .values()
        .filter_map(|v| v.ok())
        .filter_map(|v| unpack(&v, entry.seq).ok().map(|p| p.len()))
        .sum();
    Some((found, Some(n)))
}

/// Writes the JSON of the entry stored as `value` (its stored bytes, a
/// stub's put back together with its changes) to `out`, each piece checked
/// to be well-formed: the entry as a backup holds it.
pub(super) fn write_json(
    value: &[u8],
    apart: &sled::Tree,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let unreadable =
        |detail: String| std::io::Error::other(format!("a history entry cannot be read: {detail}"));
    let well_formed = |json: &[u8]| {
        serde_json::from_slice::<serde::de::IgnoredAny>(json)
            .map(|_| ())
            .map_err(|e| unreadable(e.to_string()))
    };
    if !is_stub(value) {
        well_formed(value)?;
        return out.write_all(value);
    }
    let (entry, n) = read_stub(value).map_err(std::io::Error::other)?;
    let head = value.get(5..).unwrap_or_default();
    let (before, after) = split(head).map_err(unreadable)?;
    let (chunks, places) = all_changes(apart, entry.seq, n).map_err(std::io::Error::other)?;
    out.write_all(before)?;
    for (i, (c, start, end)) in places.into_iter().enumerate() {
        let json = chunks
            .get(c)
            .and_then(|b| b.get(start..end))
            .unwrap_or_default();
        well_formed(json)?;
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(json)?;
    }
    out.write_all(after)
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
