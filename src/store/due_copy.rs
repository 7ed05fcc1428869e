//! The due copy: the triage queue of a personal database, ready to print.
//!
//! `accord list due` at a million records would otherwise decode three
//! quarters of the start-up copy (every partnership, agreement, action,
//! follow-up and note) to print the tenth of them that is overdue. This
//! file holds just the queue's rows (what a row shows: id, slot, date,
//! title, owner, priority, status, partnership), written beside the
//! start-up copy whenever that is written and stamped with the same
//! change. Rows are in the queue's order, which for any day is the order
//! of their dates (undated last), so `--overdue` and `--within` read only
//! the blocks up to the last date they need.
//!
//! Like the start-up copy it is only ever a copy: it is used when it
//! reflects exactly the change the database was closed cleanly at (see
//! [`super::quiet`]), and refused when anything about it is off (another
//! change, another build's layout, a damaged or missing byte). Whatever
//! refuses it answers from the records instead. Deleting it is always
//! safe.

use std::io::{Read, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Version;
use super::keys::{DueEntry, DueSlot, due_entries};
use super::records_cache::Stamp;
use crate::due::{Bucket, DueItem};
use crate::model::{ActionStatus, FollowUpStatus, Id, Kind, Priority, Record};

/// The copy's file name inside the database directory.
pub(crate) const DUE_FILE: &str = "due.cache";

const MAGIC: &[u8; 8] = b"ACCORDDC";
/// Bump when the file layout itself changes.
const FORMAT: u32 = 1;
/// Rows per block: the unit of checking and of reading.
const BLOCK: usize = 4096;
/// Magic, format, layout, index checksum, index length.
const HEAD: usize = 8 + 4 + 8 + 4 + 8;

/// The kinds a queue item and the chain up to its partnership can be.
pub const QUEUE_KINDS: [Kind; 5] = [
    Kind::Partnership,
    Kind::Agreement,
    Kind::Action,
    Kind::FollowUp,
    Kind::Note,
];

/// A digest of the sources that decide what a row holds (the record
/// types, the due index, the queue and this file): a copy written by
/// another build of accord is never read as this one's.
fn layout() -> u64 {
    let sources = [
        include_str!("../model/records.rs"),
        include_str!("../model/vocab.rs"),
        include_str!("../model/id.rs"),
        include_str!("../model/day.rs"),
        include_str!("../due.rs"),
        include_str!("keys.rs"),
        include_str!("due_copy.rs"),
    ];
    crate::fileio::layout_digest(&sources, FORMAT)
}

/// What the file says about itself and its blocks.
#[derive(Debug, Serialize, Deserialize)]
struct Index {
    stamp: Stamp,
    rows: u64,
    blocks: Vec<BlockInfo>,
}

#[derive(Debug, Serialize, Deserialize)]
struct BlockInfo {
    /// The date of the block's first row (days from the common era).
    first: Option<i32>,
    count: u32,
    len: u64,
    crc: u32,
}

/// One row as stored.
#[derive(Debug, Serialize, Deserialize)]
struct Row<'a> {
    date: Option<i32>,
    kind: u8,
    n: u32,
    slot: u8,
    priority: u8,
    /// The status's place in its vocabulary (items only).
    status: u8,
    /// The partnership's number.
    partnership: Option<u32>,
    title: &'a str,
    owner: &'a str,
}

fn slot_byte(s: DueSlot) -> u8 {
    match s {
        DueSlot::Item => 0,
        DueSlot::RenewalNotice => 1,
        DueSlot::Expiry => 2,
    }
}

fn status_names(kind: Kind, slot: DueSlot) -> &'static [&'static str] {
    match (slot, kind) {
        (DueSlot::Item, Kind::Action) => ActionStatus::NAMES,
        (DueSlot::Item, Kind::FollowUp) => FollowUpStatus::NAMES,
        (DueSlot::RenewalNotice, _) => &["renewal_notice"],
        (DueSlot::Expiry, _) => &["expiry"],
        _ => &[],
    }
}

fn row_of(item: &DueItem) -> Option<Row<'_>> {
    let names = status_names(item.id.kind, item.slot);
    Some(Row {
        date: item.date.map(|d| d.num_days_from_ce()),
        kind: item.id.kind.tag(),
        n: item.id.n,
        slot: slot_byte(item.slot),
        priority: u8::try_from(Priority::ALL.iter().position(|p| *p == item.priority)?).ok()?,
        status: u8::try_from(names.iter().position(|s| *s == item.status)?).ok()?,
        partnership: match item.partnership {
            Some(p) if p.kind == Kind::Partnership => Some(p.n),
            Some(_) => return None,
            None => None,
        },
        title: &item.title,
        owner: &item.owner,
    })
}

fn item_of(row: Row, today: NaiveDate) -> Option<DueItem> {
    let kind = Kind::from_tag(row.kind)?;
    let slot = [DueSlot::Item, DueSlot::RenewalNotice, DueSlot::Expiry]
        .into_iter()
        .find(|s| slot_byte(*s) == row.slot)?;
    let date = match row.date {
        Some(d) => Some(NaiveDate::from_num_days_from_ce_opt(d)?),
        None => None,
    };
    Some(DueItem {
        id: Id::new(kind, row.n),
        slot,
        date,
        bucket: Bucket::of(date, today),
        title: row.title.to_string(),
        owner: row.owner.to_string(),
        priority: *Priority::ALL.get(usize::from(row.priority))?,
        status: status_names(kind, slot).get(usize::from(row.status))?,
        partnership: row.partnership.map(|n| Id::new(Kind::Partnership, n)),
        days: date.map(|d| (d - today).num_days()),
    })
}

/// The whole queue of `records` (every record of the database, or at
/// least those of [`QUEUE_KINDS`]), in the queue's order.
pub fn queue_of(records: &[&Record]) -> Vec<DueItem> {
    let mut parts: Vec<Vec<&Record>> = vec![Vec::new(); QUEUE_KINDS.len()];
    for r in records {
        if let Some(i) = QUEUE_KINDS.iter().position(|k| *k == r.kind()) {
            parts[i].push(*r);
        }
    }
    let entries: Vec<DueEntry> = parts
        .iter()
        .flatten()
        .flat_map(|r| due_entries(r))
        .collect();
    let parts: Vec<&[&Record]> = parts.iter().map(Vec::as_slice).collect();
    // Any day gives the same order: buckets follow the dates.
    crate::due::queue_in_memory(&entries, &parts, NaiveDate::MIN)
}

/// Writes the due copy of `records` (every record in the database as of
/// `stamp`) into `dir`, through a temporary file so a reader never sees
/// half of it.
pub fn write_records(dir: &Path, stamp: &Stamp, records: &[&Record]) -> std::io::Result<()> {
    write(dir, stamp, &queue_of(records))
}

/// Writes `queue` (in the queue's order) as the due copy in `dir`.
pub fn write(dir: &Path, stamp: &Stamp, queue: &[DueItem]) -> std::io::Result<()> {
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut blocks = Vec::new();
    let mut body = Vec::new();
    for chunk in queue.chunks(BLOCK) {
        let rows = chunk
            .iter()
            .map(row_of)
            .collect::<Option<Vec<Row>>>()
            .ok_or_else(|| invalid("due row"))?;
        let bytes = postcard::to_allocvec(&rows).map_err(|_| invalid("due rows"))?;
        blocks.push(BlockInfo {
            first: rows.first().and_then(|r| r.date),
            count: chunk.len() as u32,
            len: bytes.len() as u64,
            crc: crc32fast::hash(&bytes),
        });
        body.extend_from_slice(&bytes);
    }
    let index = Index {
        stamp: stamp.clone(),
        rows: queue.len() as u64,
        blocks,
    };
    let index = postcard::to_allocvec(&index).map_err(|_| invalid("due index"))?;
    let mut file = Vec::with_capacity(HEAD + index.len() + body.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT.to_le_bytes());
    file.extend_from_slice(&layout().to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(&index).to_le_bytes());
    file.extend_from_slice(&(index.len() as u64).to_le_bytes());
    file.extend_from_slice(&index);
    file.extend_from_slice(&body);
    // Unique per writer, so two writers never share it.
    static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(DUE_FILE);
    let tmp = dir.join(format!("{DUE_FILE}.tmp{}-{n}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&file));
    match written.and_then(|()| std::fs::rename(&tmp, &path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Removes the due copy in `dir` (before a restore replaces everything).
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(DUE_FILE));
}

/// Which rows a reader asked for: dated up to `to` (any date when
/// `None`), and the undated ones when `undated`.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    to: Option<NaiveDate>,
    undated: bool,
}

impl Wanted {
    /// The rows up to `to` (and the undated ones when `undated`), when
    /// they are a beginning of the queue (undated rows come last, so not
    /// with an end date: `None` then).
    pub fn new(to: Option<NaiveDate>, undated: bool) -> Option<Wanted> {
        (to.is_none() || !undated).then_some(Wanted { to, undated })
    }

    fn takes(&self, date: Option<i32>) -> bool {
        match date {
            Some(d) => self.to.is_none_or(|t| d <= t.num_days_from_ce()),
            None => self.undated,
        }
    }
}

fn le_u32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)?.try_into().ok().map(u32::from_le_bytes)
}

fn le_u64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)?.try_into().ok().map(u64::from_le_bytes)
}

/// The rows `wanted` of the due copy in `dir`, in the queue's order, with
/// their buckets and days as of `today`, when the copy reflects exactly
/// `stamp`; `None` when it is missing, damaged, of another build or of
/// another change. Reads only the blocks it needs.
pub fn read(dir: &Path, stamp: &Stamp, today: NaiveDate, wanted: Wanted) -> Option<Vec<DueItem>> {
    let mut file = std::fs::File::open(dir.join(DUE_FILE)).ok()?;
    let size = file.metadata().ok()?.len();
    let mut head = [0u8; HEAD];
    file.read_exact(&mut head).ok()?;
    if head.get(..8)? != MAGIC || le_u32(&head, 8)? != FORMAT || le_u64(&head, 12)? != layout() {
        return None;
    }
    let crc = le_u32(&head, 20)?;
    let index_len = le_u64(&head, 24)?;
    if index_len > size {
        return None;
    }
    let mut index = vec![0u8; usize::try_from(index_len).ok()?];
    file.read_exact(&mut index).ok()?;
    if crc32fast::hash(&index) != crc {
        return None;
    }
    let index: Index = postcard::from_bytes(&index).ok()?;
    let lens: u64 = index.blocks.iter().map(|b| b.len).sum();
    let rows: u64 = index.blocks.iter().map(|b| u64::from(b.count)).sum();
    if index.stamp != *stamp || rows != index.rows || HEAD as u64 + index_len + lens != size {
        return None;
    }
    let needed = index
        .blocks
        .iter()
        .take_while(|b| wanted.takes(b.first))
        .count();
    let blocks = index.blocks.get(..needed)?;
    let mut body = vec![0u8; usize::try_from(blocks.iter().map(|b| b.len).sum::<u64>()).ok()?];
    file.read_exact(&mut body).ok()?;
    let mut out = Vec::with_capacity(blocks.iter().map(|b| b.count as usize).sum());
    let mut at = 0usize;
    for b in blocks {
        let end = at.checked_add(usize::try_from(b.len).ok()?)?;
        let bytes = body.get(at..end)?;
        at = end;
        if crc32fast::hash(bytes) != b.crc {
            return None;
        }
        let rows: Vec<Row> = postcard::from_bytes(bytes).ok()?;
        if rows.len() != b.count as usize {
            return None;
        }
        for row in rows {
            if !wanted.takes(row.date) {
                return Some(out);
            }
            out.push(item_of(row, today)?);
        }
    }
    Some(out)
}

/// [`read`] for the database in `dir` when it is closed cleanly at
/// `version` before and after the copy is read (see [`super::quiet`]).
pub fn read_current(
    dir: &Path,
    version: Version,
    today: NaiveDate,
    wanted: Wanted,
) -> Option<Vec<DueItem>> {
    if super::quiet::current_version(dir)? != version {
        return None;
    }
    let stamp = Stamp {
        instance: version.instance,
        seq: version.seq,
    };
    let items = read(dir, &stamp, today, wanted)?;
    (super::quiet::current_version(dir)? == version).then_some(items)
}

/// The rows of `queue` (in the queue's order) that `wanted` takes, with
/// buckets and days as of `today`: what [`read`] would give.
pub fn select(queue: Vec<DueItem>, today: NaiveDate, wanted: Wanted) -> Vec<DueItem> {
    let takes = |d: Option<NaiveDate>| wanted.takes(d.map(|d| d.num_days_from_ce()));
    queue
        .into_iter()
        .take_while(|i| takes(i.date))
        .map(|mut i| {
            i.bucket = Bucket::of(i.date, today);
            i.days = i.date.map(|d| (d - today).num_days());
            i
        })
        .collect()
}

#[cfg(test)]
#[path = "due_copy_tests.rs"]
mod tests;
