//! The start-up copy of every record: one file, read in one go.
//!
//! Reading 100k records out of sled means paging through its tree and
//! decoding each JSON envelope (about 150 ms); this file holds the same
//! records in a compact binary layout (postcard) in blocks that decode on
//! two threads in a fraction of that. It is only ever a copy: it carries
//! the [`Stamp`] of the change it reflects, the store catches it up from
//! history when it is behind and ignores it when anything about it is off
//! (wrong stamp, other layout, damaged bytes). Deleting it is always safe.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::model::{Kind, Record};

const MAGIC: &[u8; 8] = b"ACCORDRC";
/// Bump when the file layout itself changes.
const FORMAT: u32 = 2;
/// Records per block: the unit of decoding work and of progress.
const BLOCK: usize = 4096;
const HEADER: usize = 8 + 4 + 8 + 4 + 8;

/// Which change a copy reflects: the database's instance number (new on
/// every restore) and the history sequence number of the last change in
/// it, as [`crate::store::Store::version`] gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub instance: u64,
    pub seq: u64,
}

/// How far a long read has come, for a progress line.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    /// What `done` will reach (an estimate until the read knows better).
    pub total: AtomicUsize,
}

impl Progress {
    pub fn add(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn set_total(&self, n: usize) {
        self.total.store(n, Ordering::Relaxed);
    }

    /// (done, total) as they stand.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A digest of the source of the record types: any change to them (a new
/// field, a renamed variant) changes the binary layout, so a copy written
/// by another build of accord is never decoded as this one's.
fn layout() -> u64 {
    let sources = [
        include_str!("../model/records.rs"),
        include_str!("../model/vocab.rs"),
        include_str!("../model/id.rs"),
        include_str!("../model/day.rs"),
    ];
    crate::fileio::layout_digest(&sources, FORMAT)
}

macro_rules! by_kind {
    ($kind:expr, $items:expr, $f:ident) => {
        match $kind {
            Kind::Institution => $f!(Institution, $items),
            Kind::Contact => $f!(Contact, $items),
            Kind::Partnership => $f!(Partnership, $items),
            Kind::Agreement => $f!(Agreement, $items),
            Kind::Action => $f!(Action, $items),
            Kind::FollowUp => $f!(FollowUp, $items),
            Kind::Note => $f!(Note, $items),
        }
    };
}

fn encode_block(kind: Kind, records: &[&Record]) -> Option<Vec<u8>> {
    macro_rules! encode {
        ($variant:ident, $items:expr) => {{
            let inner: Vec<_> = $items
                .iter()
                .filter_map(|r| match r {
                    Record::$variant(x) => Some(x),
                    _ => None,
                })
                .collect();
            postcard::to_allocvec(&inner).ok()
        }};
    }
    by_kind!(kind, records, encode)
}

/// Decodes a block of `kind` straight onto the end of `out` (no copy of
/// the block's records on the way).
fn decode_block_into(kind: Kind, bytes: &[u8], out: &mut Vec<Record>) -> Option<()> {
    macro_rules! decode_into {
        ($variant:ident, $bytes:expr) => {{
            let seed = Extend {
                out,
                wrap: Record::$variant,
            };
            let mut de = postcard::Deserializer::from_bytes($bytes);
            serde::de::DeserializeSeed::deserialize(seed, &mut de).ok()
        }};
    }
    by_kind!(kind, bytes, decode_into)
}

/// A sequence of `T` deserialized onto the end of a vector of records.
struct Extend<'a, T> {
    out: &'a mut Vec<Record>,
    wrap: fn(T) -> Record,
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for Extend<'_, T> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Extend<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence of records")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(x) = seq.next_element::<T>()? {
            self.out.push((self.wrap)(x));
        }
        Ok(())
    }
}

/// The records of every kind, each kind in id order (slot `kind as usize`).
pub type ByKind = [Vec<Record>; Kind::ALL.len()];

/// Reads the records of `kinds` (all when `None`) from the copy at `path`,
/// each kind into its own list, when the copy reflects exactly `expected`;
/// `None` when it is missing, damaged, from another layout or of another
/// change. Two threads decode, each a share of the kinds, so no record is
/// moved after it is decoded.
pub fn read_by_kind(
    path: &Path,
    expected: &Stamp,
    kinds: Option<&[Kind]>,
    progress: &Progress,
) -> Option<ByKind> {
    let bytes = crate::fileio::WholeFile::open(path).ok()?;
    decode_by_kind(&bytes, expected, kinds, progress)
}

/// [`read_by_kind`] over the bytes of a copy already read.
pub fn decode_by_kind(
    bytes: &[u8],
    expected: &Stamp,
    kinds: Option<&[Kind]>,
    progress: &Progress,
) -> Option<ByKind> {
    let (body, _) = checked_body(bytes)?;
    let (stamp, rest) = postcard::take_from_bytes::<Stamp>(body).ok()?;
    if stamp != *expected {
        return None;
    }
    let wanted = |k: Kind| kinds.is_none_or(|ks| ks.contains(&k));
    let mut c = Cursor(rest);
    c.u64()?;
    let mut blocks: [Vec<(usize, &[u8])>; Kind::ALL.len()] = Default::default();
    let mut sizes = [0usize; Kind::ALL.len()];
    while !c.0.is_empty() {
        let kind = Kind::from_tag(*c.take(1)?.first()?)?;
        let count = c.u32()? as usize;
        let len = usize::try_from(c.u64()?).ok()?;
        let block = c.take(len)?;
        if wanted(kind) {
            blocks[kind as usize].push((count, block));
            sizes[kind as usize] += count;
        }
    }
    progress.set_total(progress.get().0 + sizes.iter().sum::<usize>());
    // The larger kinds first, each to the thread with less to do.
    let mut order: Vec<usize> = (0..Kind::ALL.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let (mut mine, mut theirs) = (Vec::new(), Vec::new());
    let (mut a, mut b) = (0, 0);
    for i in order {
        if a <= b {
            a += sizes[i];
            mine.push(i);
        } else {
            b += sizes[i];
            theirs.push(i);
        }
    }
    let decode = |slots: Vec<usize>| -> Option<Vec<(usize, Vec<Record>)>> {
        let mut out = Vec::new();
        for i in slots {
            let kind = *Kind::ALL.iter().find(|k| **k as usize == i)?;
            let mut list = Vec::with_capacity(sizes[i]);
            for (count, block) in &blocks[i] {
                let before = list.len();
                decode_block_into(kind, block, &mut list)?;
                if list.len() - before != *count {
                    return None;
                }
                progress.add(*count);
            }
            out.push((i, list));
        }
        Some(out)
    };
    let (x, y) = std::thread::scope(|s| {
        let other = s.spawn(|| decode(theirs));
        let here = decode(mine);
        (here, other.join().ok().flatten())
    });
    let mut all = ByKind::default();
    for (i, list) in x?.into_iter().chain(y?) {
        *all.get_mut(i)? = list;
    }
    Some(all)
}

fn decode_block(kind: Kind, bytes: &[u8]) -> Option<Vec<Record>> {
    macro_rules! decode {
        ($variant:ident, $bytes:expr) => {
            postcard::from_bytes::<Vec<_>>($bytes)
                .ok()
                .map(|v| v.into_iter().map(Record::$variant).collect())
        };
    }
    by_kind!(kind, bytes, decode)
}

/// Past this many changed records since the copy, reading everything
/// is faster than catching up.
pub const CATCH_UP_LIMIT: usize = 20_000;

/// Applies the changes after `from` up to `to` (read from `store`'s
/// history) to a copy's records; `None` when history cannot say (a missing
/// or unreadable entry) or too much changed. Returns the records and how
/// many changed.
pub fn catch_up<S: crate::store::Store + ?Sized>(
    store: &S,
    records: Vec<Record>,
    from: u64,
    to: u64,
) -> Option<(Vec<Record>, usize)> {
    let mut changed: std::collections::BTreeMap<crate::model::Id, Option<Record>> =
        std::collections::BTreeMap::new();
    let wanted = usize::try_from(to.checked_sub(from)?).ok()?;
    let entries = store.history_after(from, wanted).ok()?;
    // Every change in between, or history cannot say.
    if entries.len() != wanted || entries.iter().zip(from + 1..).any(|(e, s)| e.seq != s) {
        return None;
    }
    for entry in entries {
        for c in entry.changes {
            changed.insert(c.id, c.after);
        }
        if changed.len() > CATCH_UP_LIMIT {
            return None;
        }
    }
    let n = changed.len();
    if n == 0 {
        return Some((records, 0));
    }
    let mut out: Vec<Record> = records
        .into_iter()
        .filter(|r| !changed.contains_key(&r.id()))
        .collect();
    out.extend(changed.into_values().flatten());
    out.sort_by_key(Record::id);
    Some((out, n))
}

/// The copy at `path` brought up to `now` from `store`'s history: the
/// records, and how many changed since the copy was written (0: it was
/// current). `None` when there is no usable copy or history cannot say;
/// the caller then reads everything.
pub fn read_current<S: crate::store::Store + ?Sized>(
    store: &S,
    path: &Path,
    now: &Stamp,
    progress: &Progress,
) -> Option<(Vec<Record>, usize)> {
    let (stamp, records) = read(path, now, progress)?;
    if stamp.seq == now.seq {
        return Some((records, 0));
    }
    let (records, changed) = catch_up(store, records, stamp.seq, now.seq)?;
    progress.set_total(records.len());
    progress.done.store(records.len(), Ordering::Relaxed);
    Some((records, changed))
}

/// Writes the copy of `records` (everything in the store as of `stamp`)
/// to `path`, through a temporary file so a reader never sees half of it.
pub fn write<'a>(
    path: &Path,
    stamp: &Stamp,
    records: impl Iterator<Item = &'a Record>,
) -> std::io::Result<()> {
    let mut per_kind: Vec<Vec<&Record>> = vec![Vec::new(); Kind::ALL.len()];
    for r in records {
        if let Some(slot) = Kind::ALL.iter().position(|k| *k == r.kind()) {
            per_kind[slot].push(r);
        }
    }
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut body = postcard::to_allocvec(stamp).map_err(|_| invalid("stamp"))?;
    let total: usize = per_kind.iter().map(Vec::len).sum();
    body.extend_from_slice(&(total as u64).to_le_bytes());
    for (kind, list) in Kind::ALL.iter().zip(&per_kind) {
        for chunk in list.chunks(BLOCK) {
            let bytes = encode_block(*kind, chunk).ok_or_else(|| invalid("records"))?;
            body.push(kind.tag());
            body.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
            body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            body.extend_from_slice(&bytes);
        }
    }
    let mut file = Vec::with_capacity(HEADER + body.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT.to_le_bytes());
    file.extend_from_slice(&layout().to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    file.extend_from_slice(&(body.len() as u64).to_le_bytes());
    file.extend_from_slice(&body);
    // Unique per writer, so two threads of one process never share it.
    static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITERS.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&file));
    match written.and_then(|_| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// One block of the file: its kind, how many records, their bytes.
type Block<'a> = (Kind, usize, &'a [u8]);

/// Little-endian reader over a byte slice that never panics.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
}

/// The stamp of the copy at `path`, reading only its beginning; `None` when
/// there is no usable copy.
pub fn peek_stamp(path: &Path) -> Option<Stamp> {
    let bytes = std::fs::read(path).ok()?;
    let (body, _) = checked_body(&bytes)?;
    postcard::take_from_bytes::<Stamp>(body)
        .ok()
        .map(|(s, _)| s)
}

/// Validates the header and checksum; returns the body.
fn checked_body(bytes: &[u8]) -> Option<(&[u8], ())> {
    let mut c = Cursor(bytes);
    if c.take(8)? != MAGIC || c.u32()? != FORMAT || c.u64()? != layout() {
        return None;
    }
    let crc = c.u32()?;
    let len = usize::try_from(c.u64()?).ok()?;
    let body = c.take(len)?;
    (crc32fast::hash(body) == crc && c.0.is_empty()).then_some((body, ()))
}

/// Reads the copy at `path` if it reflects `expected` or an earlier change
/// (the caller catches up from there). `None` when it is missing, damaged,
/// from another layout, or ahead of the store.
pub fn read(path: &Path, expected: &Stamp, progress: &Progress) -> Option<(Stamp, Vec<Record>)> {
    let bytes = crate::fileio::WholeFile::open(path).ok()?;
    let (body, _) = checked_body(&bytes)?;
    let (stamp, rest) = postcard::take_from_bytes::<Stamp>(body).ok()?;
    if stamp.instance != expected.instance || stamp.seq > expected.seq {
        return None;
    }
    let mut c = Cursor(rest);
    let total = usize::try_from(c.u64()?).ok()?;
    progress.set_total(progress.get().0 + total);
    let mut blocks = Vec::new();
    while !c.0.is_empty() {
        let kind = Kind::from_tag(*c.take(1)?.first()?)?;
        let count = c.u32()? as usize;
        let len = usize::try_from(c.u64()?).ok()?;
        blocks.push((kind, count, c.take(len)?));
    }
    // Two threads, alternate blocks; results put back in file order.
    let decode = |mine: Vec<(usize, &Block)>| {
        let mut out = Vec::with_capacity(mine.len());
        for (i, (kind, count, bytes)) in mine {
            let records = decode_block(*kind, bytes).filter(|r| r.len() == *count)?;
            progress.add(*count);
            out.push((i, records));
        }
        Some(out)
    };
    let (even, odd): (Vec<_>, Vec<_>) = blocks.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| decode(odd));
        let mine = decode(even);
        (mine, other.join().ok().flatten())
    });
    let mut parts: Vec<(usize, Vec<Record>)> = a?.into_iter().chain(b?).collect();
    parts.sort_by_key(|(i, _)| *i);
    let mut all = Vec::with_capacity(total);
    for (_, part) in parts {
        all.extend(part);
    }
    (all.len() == total).then_some((stamp, all))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_records() -> Vec<Record> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let clock = std::sync::Arc::new(crate::clock::FixedClock(today));
        let store = crate::store::SledStore::temporary(clock).unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        let mut all = crate::store::load_all(&store).unwrap();
        all.sort_by_key(Record::id);
        all
    }

    fn stamp(seq: u64) -> Stamp {
        Stamp { instance: 7, seq }
    }

    #[test]
    fn a_copy_reads_back_exactly() {
        let records = demo_records();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.cache");
        write(&path, &stamp(7), records.iter()).unwrap();
        let progress = Progress::default();
        let (s, back) = read(&path, &stamp(7), &progress).unwrap();
        assert_eq!(s, stamp(7));
        assert!(back == records, "the copy differs from the records");
        assert_eq!(progress.get(), (records.len(), records.len()));
        assert_eq!(peek_stamp(&path), Some(stamp(7)));
    }

    #[test]
    fn a_copy_reads_back_kind_by_kind() {
        let records = demo_records();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.cache");
        write(&path, &stamp(7), records.iter()).unwrap();
        let p = Progress::default();
        let all = read_by_kind(&path, &stamp(7), None, &p).unwrap();
        let flat: Vec<Record> = all.into_iter().flatten().collect();
        assert!(flat == records, "the kinds differ from the records");
        assert_eq!(p.get(), (records.len(), records.len()));
        let some = read_by_kind(&path, &stamp(7), Some(&[Kind::Action, Kind::Note]), &p).unwrap();
        for k in Kind::ALL {
            let expected: Vec<&Record> = records.iter().filter(|r| r.kind() == k).collect();
            let got: Vec<&Record> = some[k as usize].iter().collect();
            if matches!(k, Kind::Action | Kind::Note) {
                assert!(!got.is_empty() && got == expected, "{k:?}");
            } else {
                assert!(got.is_empty(), "{k:?}");
            }
        }
        // Only the exact change: not behind, not ahead.
        assert!(read_by_kind(&path, &stamp(8), None, &p).is_none());
        assert!(read_by_kind(&path, &stamp(6), None, &p).is_none());
    }

    #[test]
    fn a_copy_ahead_of_the_store_is_refused() {
        let records = demo_records();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.cache");
        write(&path, &stamp(7), records.iter()).unwrap();
        let p = Progress::default();
        assert!(read(&path, &stamp(6), &p).is_none());
        // Another database (or this one restored): never.
        let other = Stamp {
            instance: 8,
            seq: 7,
        };
        assert!(read(&path, &other, &p).is_none());
        // Behind is fine: the store catches it up.
        assert!(read(&path, &stamp(9), &p).is_some());
    }

    #[test]
    fn every_damaged_byte_is_noticed() {
        let records = demo_records();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.cache");
        write(&path, &stamp(3), records.iter()).unwrap();
        let good = std::fs::read(&path).unwrap();
        let p = Progress::default();
        for i in (0..good.len()).step_by(good.len() / 97 + 1) {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            std::fs::write(&path, &bad).unwrap();
            assert!(read(&path, &stamp(3), &p).is_none(), "byte {i}");
            assert!(
                read_by_kind(&path, &stamp(3), None, &p).is_none(),
                "byte {i}"
            );
        }
        for cut in [0, 5, HEADER, good.len() / 2, good.len() - 1] {
            std::fs::write(&path, &good[..cut]).unwrap();
            assert!(read(&path, &stamp(3), &p).is_none(), "cut at {cut}");
        }
        std::fs::write(&path, b"not a cache").unwrap();
        assert!(peek_stamp(&path).is_none());
    }
}
