//! The triage queue: every open dated item, ordered by urgency.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Id, Kind, Priority, Record};
use crate::store::{DueEntry, DueSlot, Result, Store};

/// How soon an item is due, in the order triage shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    Today,
    ThisWeek,
    Later,
    NoDate,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::Overdue,
        Bucket::Today,
        Bucket::ThisWeek,
        Bucket::Later,
        Bucket::NoDate,
    ];

    pub fn of(date: Option<NaiveDate>, today: NaiveDate) -> Bucket {
        match date {
            None => Bucket::NoDate,
            Some(d) if d < today => Bucket::Overdue,
            Some(d) if d == today => Bucket::Today,
            Some(d) if (d - today).num_days() <= 7 => Bucket::ThisWeek,
            Some(_) => Bucket::Later,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Overdue => "overdue",
            Bucket::Today => "today",
            Bucket::ThisWeek => "this_week",
            Bucket::Later => "later",
            Bucket::NoDate => "no_date",
        }
    }
}

/// One line of the triage queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueItem {
    pub id: Id,
    pub slot: DueSlot,
    pub date: Option<NaiveDate>,
    pub bucket: Bucket,
    /// What is due: the item's title, or the agreement's for notices/expiries.
    pub title: String,
    pub owner: String,
    pub priority: Priority,
    /// The item's status name, or `renewal_notice` / `expiry`.
    pub status: &'static str,
    /// The partnership the item belongs to, if it can be traced to one.
    pub partnership: Option<Id>,
    /// Days until the date (negative when overdue).
    pub days: Option<i64>,
}

impl DueItem {
    /// A stable key for the item: `T4`, or `A3:notice` / `A3:expiry`.
    pub fn key(&self) -> String {
        match self.slot {
            DueSlot::Item => self.id.to_string(),
            DueSlot::RenewalNotice => format!("{}:notice", self.id),
            DueSlot::Expiry => format!("{}:expiry", self.id),
        }
    }

    /// Urgency order: overdue first, then date, then priority, then id.
    pub fn urgency(&self) -> (Bucket, Option<NaiveDate>, Priority, Id, DueSlot) {
        (self.bucket, self.date, self.priority, self.id, self.slot)
    }
}

/// Builds a queue item from an index entry and its record.
pub fn due_item(
    entry: &DueEntry,
    record: &Record,
    partnership: Option<Id>,
    today: NaiveDate,
) -> DueItem {
    let (owner, priority) = match record {
        Record::Action(a) => (a.owner.clone(), a.priority),
        Record::FollowUp(f) => (f.owner.clone(), Priority::Normal),
        Record::Agreement(a) => (a.owner.clone(), Priority::High),
        _ => (String::new(), Priority::Normal),
    };
    let status = match entry.slot {
        DueSlot::Item => record.status_name(),
        DueSlot::RenewalNotice => "renewal_notice",
        DueSlot::Expiry => "expiry",
    };
    DueItem {
        id: entry.id,
        slot: entry.slot,
        date: entry.date,
        bucket: Bucket::of(entry.date, today),
        title: record.title(),
        owner,
        priority,
        status,
        partnership,
        days: entry.date.map(|d| (d - today).num_days()),
    }
}

/// The partnership a record belongs to: itself, its parent, or its
/// parent's parent (an action under an agreement).
pub fn partnership_of(store: &dyn Store, record: &Record) -> Result<Option<Id>> {
    let mut current = record.clone();
    for _ in 0..4 {
        if current.kind() == Kind::Partnership {
            return Ok(Some(current.id()));
        }
        match current.parent() {
            Some(p) => match store.get(p)? {
                Some(r) => current = r,
                None => return Ok(None),
            },
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// Every open item, dated and undated, in urgency order.
pub fn triage_queue(store: &dyn Store, today: NaiveDate) -> Result<Vec<DueItem>> {
    queue_between(store, today, None, None, true)
}

/// Open items dated within `from..=to` (either end open), plus undated ones
/// when asked, in urgency order. A range scan of the due index.
pub fn queue_between(
    store: &dyn Store,
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    include_undated: bool,
) -> Result<Vec<DueItem>> {
    let entries = store.due(from, to, include_undated)?;
    // Many items: one read of everything (from the start-up copy, which
    // the first such read writes) beats a lookup per item.
    if entries.len() > QUICK_READ_ABOVE {
        let all = store.read_everything(&crate::store::Progress::default())?;
        return Ok(queue_in_memory(&entries, &all, today));
    }
    let mut items = Vec::with_capacity(entries.len());
    // Many items share a parent: remember which partnership each parent is in.
    let mut parents: std::collections::HashMap<Id, Option<Id>> = std::collections::HashMap::new();
    for e in &entries {
        if let Some(r) = store.get(e.id)? {
            let p = match r.parent() {
                Some(parent) if r.kind() != Kind::Agreement => match parents.get(&parent) {
                    Some(p) => *p,
                    None => {
                        let p = match store.get(parent)? {
                            Some(pr) => partnership_of(store, &pr)?,
                            None => None,
                        };
                        parents.insert(parent, p);
                        p
                    }
                },
                _ => partnership_of(store, &r)?,
            };
            items.push(due_item(e, &r, p, today));
        }
    }
    items.sort_by_key(DueItem::urgency);
    Ok(items)
}

/// Above this many due entries, [`queue_between`] reads every record at
/// once when the store can do so quickly.
const QUICK_READ_ABOVE: usize = 1000;

/// [`queue_between`] over records already in memory.
fn queue_in_memory(entries: &[DueEntry], all: &[Record], today: NaiveDate) -> Vec<DueItem> {
    let by_id: rustc_hash::FxHashMap<Id, &Record> = all.iter().map(|r| (r.id(), r)).collect();
    let partnership = |r: &Record| {
        let mut current = r;
        for _ in 0..4 {
            if current.kind() == Kind::Partnership {
                return Some(current.id());
            }
            current = by_id.get(&current.parent()?)?;
        }
        None
    };
    let mut items: Vec<DueItem> = entries
        .iter()
        .filter_map(|e| {
            let r = by_id.get(&e.id)?;
            Some(due_item(e, r, partnership(r), today))
        })
        .collect();
    items.sort_by_key(DueItem::urgency);
    items
}

/// The last day of the week (Sunday) containing `d`.
pub fn end_of_week(d: NaiveDate) -> NaiveDate {
    d + chrono::Duration::days(6 - i64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_from_memory_equals_the_queue_from_the_index() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let store = crate::store::SledStore::temporary(std::sync::Arc::new(
            crate::clock::FixedClock(today),
        ))
        .unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        let all = crate::store::load_all(&store).unwrap();
        for (from, to, undated) in [(None, None, true), (None, today.pred_opt(), false)] {
            let entries = store.due(from, to, undated).unwrap();
            let from_index = queue_between(&store, today, from, to, undated).unwrap();
            assert!(!from_index.is_empty());
            assert_eq!(queue_in_memory(&entries, &all, today), from_index);
        }
    }

    #[test]
    fn buckets_follow_the_calendar() {
        let t: NaiveDate = "2026-11-23".parse().unwrap();
        let d = |n: i64| Some(t + chrono::Duration::days(n));
        assert_eq!(Bucket::of(d(-1), t), Bucket::Overdue);
        assert_eq!(Bucket::of(d(0), t), Bucket::Today);
        assert_eq!(Bucket::of(d(7), t), Bucket::ThisWeek);
        assert_eq!(Bucket::of(d(8), t), Bucket::Later);
        assert_eq!(Bucket::of(None, t), Bucket::NoDate);
    }
}
