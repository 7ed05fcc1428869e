//! Index keys. All numbers are big-endian so that sled's byte order is the
//! order of dates and ids, and date windows are range scans.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Id, Record};

/// Why an item is in the due index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueSlot {
    /// An action item's or follow-up's own due date.
    Item,
    /// The day an agreement's renewal must be raised.
    RenewalNotice,
    /// The day an agreement expires.
    Expiry,
}

impl DueSlot {
    fn byte(self) -> u8 {
        match self {
            DueSlot::Item => 0,
            DueSlot::RenewalNotice => 1,
            DueSlot::Expiry => 2,
        }
    }
    fn from_byte(b: u8) -> Option<DueSlot> {
        [DueSlot::Item, DueSlot::RenewalNotice, DueSlot::Expiry]
            .into_iter()
            .find(|s| s.byte() == b)
    }
}

/// One open dated (or undated) item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DueEntry {
    pub date: Option<NaiveDate>,
    pub id: Id,
    pub slot: DueSlot,
}

/// What one record contributes to the due index: its item, or an
/// agreement's renewal notice and expiry (held inline, no allocation).
pub type DueEntries = arrayvec::ArrayVec<DueEntry, 2>;

/// The due-index entries a record contributes.
pub fn due_entries(record: &Record) -> DueEntries {
    let mut v = DueEntries::new();
    let item = |date| DueEntry {
        date,
        id: record.id(),
        slot: DueSlot::Item,
    };
    match record {
        Record::Action(a) if a.status.is_open() => v.push(item(a.due)),
        Record::FollowUp(f) if record.is_open() => v.push(item(Some(f.due))),
        Record::Agreement(a) if a.status.in_force() => {
            if a.notice_pending() {
                v.push(DueEntry {
                    date: a.notice_date(),
                    id: a.id,
                    slot: DueSlot::RenewalNotice,
                });
            }
            if a.expires.is_some() {
                v.push(DueEntry {
                    date: a.expires,
                    id: a.id,
                    slot: DueSlot::Expiry,
                });
            }
        }
        _ => {}
    }
    v
}

/// Dates as days since the common era, sign-flipped so negatives sort first.
pub fn date_key(d: NaiveDate) -> [u8; 4] {
    use chrono::Datelike;
    ((d.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn date_from_key(b: [u8; 4]) -> Option<NaiveDate> {
    let n = (u32::from_be_bytes(b) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(n)
}

/// Undated entries sort after every date.
const NO_DATE: [u8; 4] = [0xff; 4];

pub fn due_key(e: &DueEntry) -> Vec<u8> {
    let mut k = Vec::with_capacity(10);
    k.extend_from_slice(&e.date.map(date_key).unwrap_or(NO_DATE));
    k.extend_from_slice(&e.id.to_bytes());
    k.push(e.slot.byte());
    k
}

pub fn parse_due_key(k: &[u8]) -> Option<DueEntry> {
    let d: [u8; 4] = k.get(0..4)?.try_into().ok()?;
    let date = if d == NO_DATE {
        None
    } else {
        Some(date_from_key(d)?)
    };
    let id = Id::from_bytes(k.get(4..9)?)?;
    let slot = DueSlot::from_byte(*k.get(9)?)?;
    Some(DueEntry { date, id, slot })
}

pub fn due_bound(d: Option<NaiveDate>) -> [u8; 4] {
    d.map(date_key).unwrap_or(NO_DATE)
}

/// `target ++ source`: who refers to `target`.
pub fn ref_keys(record: &Record) -> Vec<Vec<u8>> {
    let mut targets = record.references();
    targets.sort();
    targets.dedup();
    targets
        .into_iter()
        .map(|t| [t.to_bytes(), record.id().to_bytes()].concat())
        .collect()
}

/// `expiry date ++ agreement id`.
pub fn expiry_key(record: &Record) -> Option<Vec<u8>> {
    match record {
        Record::Agreement(a) => a
            .expires
            .map(|e| [&date_key(e)[..], &a.id.to_bytes()].concat()),
        _ => None,
    }
}

/// `record id ++ history seq`.
pub fn hist_key(id: Id, seq: u64) -> Vec<u8> {
    [&id.to_bytes()[..], &seq.to_be_bytes()].concat()
}

/// The history index of a big change lists its records in one value
/// (their ids' bytes, sorted) under `0 ++ seq` instead of one key per
/// record: no id starts with byte 0, so the two kinds of keys never meet.
pub const BULK_HIST_PREFIX: u8 = 0;

pub fn bulk_hist_key(seq: u64) -> Vec<u8> {
    [&[BULK_HIST_PREFIX][..], &seq.to_be_bytes()].concat()
}

/// The value of a [`bulk_hist_key`]: the ids' bytes, sorted.
pub fn bulk_hist_value(ids: &[Id]) -> Vec<u8> {
    let mut all: Vec<[u8; 5]> = ids.iter().map(|i| i.to_bytes()).collect();
    all.sort_unstable();
    all.dedup();
    all.concat()
}

/// Whether a [`bulk_hist_value`] lists `id`.
pub fn bulk_hist_lists(value: &[u8], id: Id) -> bool {
    let target = id.to_bytes();
    let ids: Vec<&[u8]> = value.chunks_exact(5).collect();
    ids.binary_search(&&target[..]).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn date_keys_sort_like_dates() {
        let a: NaiveDate = "1999-12-31".parse().unwrap();
        let b: NaiveDate = "2026-01-15".parse().unwrap();
        assert!(date_key(a) < date_key(b));
        assert_eq!(date_from_key(date_key(b)), Some(b));
    }

    #[test]
    fn due_keys_round_trip() {
        let e = DueEntry {
            date: "2026-01-15".parse().ok(),
            id: Id::new(Kind::Action, 104),
            slot: DueSlot::Item,
        };
        assert_eq!(parse_due_key(&due_key(&e)), Some(e));
        let u = DueEntry { date: None, ..e };
        assert_eq!(parse_due_key(&due_key(&u)), Some(u));
        assert!(due_key(&e) < due_key(&u));
    }

    #[test]
    fn bulk_history_lists_find_their_ids_only() {
        let ids: Vec<Id> = (1..=300)
            .rev()
            .flat_map(|n| [Id::new(Kind::Note, n), Id::new(Kind::Institution, n * 2)])
            .collect();
        let v = bulk_hist_value(&ids);
        assert_eq!(v.len(), 600 * 5);
        for id in &ids {
            assert!(bulk_hist_lists(&v, *id), "{id}");
        }
        assert!(!bulk_hist_lists(&v, Id::new(Kind::Institution, 3)));
        assert!(!bulk_hist_lists(&v, Id::new(Kind::Note, 301)));
        assert!(!bulk_hist_lists(&v, Id::new(Kind::Action, 1)));
        assert!(bulk_hist_key(7) < Id::new(Kind::Institution, 0).to_bytes().to_vec());
    }
}
