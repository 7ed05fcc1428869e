//! The triage queue: every open dated item, ordered by urgency.

use std::borrow::Borrow;

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

/// Whether two owner names are the same person, as `--owner`, `--mine`
/// and triage's "mine" compare them: trimmed, case-insensitive; a blank
/// name is nobody's.
pub fn same_owner(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

/// Builds a queue item from an index entry and its record. An agreement's
/// renewal notice and expiry belong to the agreement's owner, else (no
/// owner) to its partnership's: `partnership_owner`.
pub fn due_item(
    entry: &DueEntry,
    record: &Record,
    partnership: Option<Id>,
    partnership_owner: Option<&str>,
    today: NaiveDate,
) -> DueItem {
    let (owner, priority) = match record {
        Record::Action(a) => (a.owner.clone(), a.priority),
        Record::FollowUp(f) => (f.owner.clone(), Priority::Normal),
        Record::Agreement(a) if a.owner.trim().is_empty() => (
            partnership_owner.unwrap_or_default().trim().to_string(),
            Priority::High,
        ),
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

/// The owner of a partnership, for the items of its agreements that have
/// none.
pub fn partnership_owner(record: Option<&Record>) -> Option<&str> {
    match record {
        Some(Record::Partnership(p)) => Some(p.owner.as_str()),
        _ => None,
    }
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
    // The due copy beside a database closed cleanly answers at once.
    if from.is_none()
        && let Some(items) = store.due_queue(today, to, include_undated)
    {
        return Ok(items);
    }
    let entries = store.due(from, to, include_undated)?;
    // Many items: one read of everything (from the start-up copy, which
    // the first such read writes) beats a lookup per item.
    if entries.len() > QUICK_READ_ABOVE {
        // The kinds an item and the chain up to its partnership can be.
        let parts = store.shared_kinds(&[
            Kind::Partnership,
            Kind::Agreement,
            Kind::Action,
            Kind::FollowUp,
            Kind::Note,
        ])?;
        let parts: Vec<&[Record]> = parts.iter().map(|p| p.as_slice()).collect();
        return Ok(queue_in_memory(&entries, &parts, today));
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
            let p_record = match (&r, p) {
                (Record::Agreement(a), Some(p)) if a.owner.trim().is_empty() => store.get(p)?,
                _ => None,
            };
            let p_owner = partnership_owner(p_record.as_ref());
            items.push(due_item(e, &r, p, p_owner, today));
        }
    }
    items.sort_by_key(DueItem::urgency);
    Ok(items)
}

/// Above this many due entries, [`queue_between`] reads every record at
/// once when the store can do so quickly.
const QUICK_READ_ABOVE: usize = 1000;

/// [`queue_between`] over records already in memory.
/// `parts` each in id order are searched in place; otherwise they are
/// looked up through a table built first.
pub(crate) fn queue_in_memory<R: Borrow<Record>>(
    entries: &[DueEntry],
    parts: &[&[R]],
    today: NaiveDate,
) -> Vec<DueItem> {
    let id = |r: &R| r.borrow().id();
    let sorted = parts.iter().all(|p| p.is_sorted_by_key(id));
    let by_id: rustc_hash::FxHashMap<Id, &Record> = if sorted {
        Default::default()
    } else {
        parts
            .iter()
            .flat_map(|p| p.iter())
            .map(|r| (id(r), r.borrow()))
            .collect()
    };
    let by_id = Lookup {
        parts,
        sorted,
        table: by_id,
    };
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
            let p = partnership(r);
            let p_owner = partnership_owner(p.and_then(|p| by_id.get(&p)));
            Some(due_item(e, r, p, p_owner, today))
        })
        .collect();
    items.sort_by_key(DueItem::urgency);
    items
}

/// Finds records by id among lists of them.
struct Lookup<'a, R> {
    parts: &'a [&'a [R]],
    sorted: bool,
    table: rustc_hash::FxHashMap<Id, &'a Record>,
}

impl<'a, R: Borrow<Record>> Lookup<'a, R> {
    fn get(&self, id: &Id) -> Option<&'a Record> {
        if !self.sorted {
            return self.table.get(id).copied();
        }
        let key = |r: &R| r.borrow().id();
        // Only the list whose ids span `id`; ids come from counters, so
        // its position is usually its number.
        let p = self.parts.iter().find(|p| {
            p.first().is_some_and(|r| key(r) <= *id) && p.last().is_some_and(|r| key(r) >= *id)
        })?;
        let guess = (id.n as usize).checked_sub(1).and_then(|i| p.get(i));
        if let Some(r) = guess.filter(|r| key(r) == *id) {
            return Some(r.borrow());
        }
        let at = p.binary_search_by_key(id, key).ok()?;
        p.get(at).map(Borrow::borrow)
    }
}

/// The last day of the week (Sunday) containing `d`.
pub fn end_of_week(d: NaiveDate) -> NaiveDate {
    d + chrono::Duration::days(6 - i64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo data on 2026-11-23: the day, the store and every record.
    fn demo() -> (NaiveDate, crate::store::SledStore, Vec<Record>) {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let store = crate::store::SledStore::temporary(std::sync::Arc::new(
            crate::clock::FixedClock(today),
        ))
        .unwrap();
        crate::demo::load_demo(&store, today).unwrap();
        let all = crate::store::load_all(&store).unwrap();
        (today, store, all)
    }

    #[test]
    fn the_queue_from_memory_equals_the_queue_from_the_index() {
        let (today, store, all) = demo();
        for (from, to, undated) in [(None, None, true), (None, today.pred_opt(), false)] {
            let entries = store.due(from, to, undated).unwrap();
            let from_index = queue_between(&store, today, from, to, undated).unwrap();
            assert!(!from_index.is_empty());
            assert_eq!(queue_in_memory(&entries, &[&all], today), from_index);
        }
    }

    #[test]
    fn owners_compare_trimmed_and_case_insensitive_and_blank_is_nobody() {
        assert!(same_owner(" Li Na ", "li na"));
        assert!(!same_owner("Li Na", "Li"));
        assert!(!same_owner("", ""));
        assert!(!same_owner("  ", " "));
    }

    #[test]
    fn an_agreement_without_owner_is_its_partnerships_owners() {
        let (today, store, all) = demo();
        let by_id: std::collections::HashMap<Id, &Record> =
            all.iter().map(|r| (r.id(), r)).collect();
        let queue = triage_queue(&store, today).unwrap();
        let mut checked = 0;
        for item in queue.iter().filter(|i| i.slot != DueSlot::Item) {
            let Some(Record::Agreement(a)) = by_id.get(&item.id) else {
                panic!("{} is not an agreement", item.key());
            };
            let expected = if a.owner.trim().is_empty() {
                match item.partnership.and_then(|p| by_id.get(&p)) {
                    Some(Record::Partnership(p)) => p.owner.trim().to_string(),
                    _ => String::new(),
                }
            } else {
                a.owner.clone()
            };
            assert_eq!(item.owner, expected, "{}", item.key());
            checked += 1;
        }
        assert!(checked > 0);
        // An agreement with no owner of its own.
        let Some(Record::Agreement(mut a)) = all
            .iter()
            .find(|r| matches!(r, Record::Agreement(a) if !a.owner.trim().is_empty()))
            .cloned()
        else {
            panic!("no agreement in the demo data");
        };
        let entry = DueEntry {
            id: a.id,
            slot: DueSlot::Expiry,
            date: Some(today),
        };
        let rec = Record::Agreement(a.clone());
        assert_eq!(
            due_item(&entry, &rec, None, Some("Zhao Min"), today).owner,
            a.owner
        );
        a.owner = " ".into();
        let rec = Record::Agreement(a);
        let item = due_item(&entry, &rec, None, Some(" Zhao Min "), today);
        assert_eq!(item.owner, "Zhao Min");
        assert_eq!(due_item(&entry, &rec, None, None, today).owner, "");
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
