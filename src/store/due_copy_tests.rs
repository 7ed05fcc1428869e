use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::due::queue_between;
use crate::store::{ChangeSet, Edit, Progress, SledStore, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open(path: &Path) -> SledStore {
    SledStore::open(path, Arc::new(FixedClock(today()))).unwrap()
}

/// A demo database closed cleanly, its copies written; its version.
fn closed_demo(path: &Path) -> Version {
    let store = open(path);
    crate::demo::load_demo(&store, today()).unwrap();
    store.read_everything(&Progress::default()).unwrap();
    let v = store.version().unwrap();
    drop(store);
    v
}

fn stamp_of(v: Version) -> Stamp {
    Stamp {
        instance: v.instance,
        seq: v.seq,
    }
}

/// The ranges `list due` and the digest ask for, as (to, undated).
fn ranges() -> Vec<(Option<NaiveDate>, bool)> {
    let d = |n: i64| Some(today() + chrono::Duration::days(n));
    vec![
        (None, true),
        (None, false),
        (d(-1), false),
        (d(-400), false),
        (d(0), false),
        (d(7), false),
        (d(31), false),
        (d(4000), false),
    ]
}

#[test]
fn the_copy_gives_the_queue_sled_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let v = closed_demo(&path);
    assert!(path.join(DUE_FILE).exists(), "no due copy written");
    let store = open(&path);
    let mut compared = 0;
    for (to, undated) in ranges() {
        let from_sled = queue_between(&store, today(), None, to, undated).unwrap();
        let wanted = Wanted::new(to, undated).unwrap();
        // Read on another day than the one the copy was written on.
        for day in [today(), today() + chrono::Duration::days(40)] {
            let from_sled = if day == today() {
                from_sled.clone()
            } else {
                queue_between(&store, day, None, to, undated).unwrap()
            };
            let from_copy = read(&path, &stamp_of(v), day, wanted).unwrap();
            assert_eq!(from_copy, from_sled, "up to {to:?}, undated {undated}");
            compared += from_copy.len();
        }
    }
    assert!(compared > 20);
}

#[test]
fn an_end_date_with_undated_rows_is_not_a_beginning_of_the_queue() {
    assert!(Wanted::new(Some(today()), true).is_none());
    assert!(Wanted::new(Some(today()), false).is_some());
    assert!(Wanted::new(None, true).is_some());
}

/// A queue of `n` rows over many dates, most of them dated, in order.
fn long_queue(n: u32) -> Vec<DueItem> {
    let mut q: Vec<DueItem> = (1..=n)
        .map(|i| {
            let kind = if i % 3 == 0 {
                Kind::FollowUp
            } else {
                Kind::Action
            };
            let date =
                (i % 11 != 0).then(|| today() + chrono::Duration::days(i64::from(i % 700) - 350));
            DueItem {
                id: Id::new(kind, i),
                slot: DueSlot::Item,
                date,
                bucket: Bucket::of(date, today()),
                title: format!("Item {i} 合作"),
                owner: ["Li Na", "Ana Souza", ""][i as usize % 3].to_string(),
                priority: Priority::ALL[i as usize % Priority::ALL.len()],
                status: ["open", "in_progress", "blocked"]
                    [i as usize % if kind == Kind::Action { 3 } else { 1 }],
                partnership: (i % 5 != 0).then(|| Id::new(Kind::Partnership, i / 7 + 1)),
                days: date.map(|d| (d - today()).num_days()),
            }
        })
        .collect();
    q.sort_by_key(DueItem::urgency);
    q
}

#[test]
fn only_the_blocks_a_range_needs_are_read_and_they_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let queue = long_queue(3 * BLOCK as u32 + 123);
    let stamp = Stamp {
        instance: 3,
        seq: 9,
    };
    write(dir.path(), &stamp, &queue).unwrap();
    for (to, undated) in ranges() {
        let wanted = Wanted::new(to, undated).unwrap();
        let expected = select(queue.clone(), today(), wanted);
        let got = read(dir.path(), &stamp, today(), wanted).unwrap();
        assert_eq!(got, expected, "up to {to:?}, undated {undated}");
    }
    // The overdue rows sit in the first blocks: damage past them is not
    // read (and a full read notices it).
    let path = dir.path().join(DUE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 0x5a;
    std::fs::write(&path, &bytes).unwrap();
    let overdue = Wanted::new(today().pred_opt(), false).unwrap();
    let got = read(dir.path(), &stamp, today(), overdue).unwrap();
    assert!(!got.is_empty() && got.len() < queue.len() / 2);
    assert_eq!(got, select(queue.clone(), today(), overdue));
    let all = Wanted::new(None, true).unwrap();
    assert!(read(dir.path(), &stamp, today(), all).is_none());
}

#[test]
fn every_damaged_byte_and_every_cut_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let v = closed_demo(&path);
    let file = path.join(DUE_FILE);
    let good = std::fs::read(&file).unwrap();
    let all = Wanted::new(None, true).unwrap();
    assert!(read(&path, &stamp_of(v), today(), all).is_some());
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        std::fs::write(&file, &bad).unwrap();
        assert!(
            read(&path, &stamp_of(v), today(), all).is_none(),
            "byte {i}"
        );
    }
    for cut in [0, 5, HEAD, HEAD + 3, good.len() / 2, good.len() - 1] {
        std::fs::write(&file, &good[..cut]).unwrap();
        assert!(
            read(&path, &stamp_of(v), today(), all).is_none(),
            "cut at {cut}"
        );
    }
    let mut longer = good.clone();
    longer.push(0);
    std::fs::write(&file, &longer).unwrap();
    assert!(read(&path, &stamp_of(v), today(), all).is_none());
    std::fs::remove_file(&file).unwrap();
    assert!(read(&path, &stamp_of(v), today(), all).is_none());
}

#[test]
fn a_copy_of_another_change_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let v = closed_demo(&path);
    let all = Wanted::new(None, true).unwrap();
    assert!(read_current(&path, v, today(), all).is_some());
    let other = |instance, seq| Stamp { instance, seq };
    assert!(read(&path, &other(v.instance, v.seq + 1), today(), all).is_none());
    assert!(read(&path, &other(v.instance, v.seq - 1), today(), all).is_none());
    assert!(read(&path, &other(v.instance + 1, v.seq), today(), all).is_none());
}

#[test]
fn a_change_made_elsewhere_stops_its_use_until_it_is_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let v = closed_demo(&path);
    let all = Wanted::new(None, true).unwrap();
    let before = read_current(&path, v, today(), all).unwrap();
    let first = before.iter().find(|i| i.slot == DueSlot::Item).unwrap().id;
    // Another process opens the database and closes an item: while it
    // holds the database, and after (its copies are not rewritten by a
    // change alone), the copy is not current.
    let other = open(&path);
    assert!(read_current(&path, v, today(), all).is_none());
    other
        .apply(ChangeSet::one("delete", Edit::Delete(first)))
        .unwrap();
    let after = other.version().unwrap();
    assert!(read_current(&path, v, today(), all).is_none());
    drop(other);
    assert_eq!(crate::store::quiet::current_version(&path), Some(after));
    assert!(read_current(&path, v, today(), all).is_none());
    assert!(read_current(&path, after, today(), all).is_none());
    // A quiet reader answers from the records instead, without the item,
    // and leaves the copy current for the next.
    let quiet = crate::store::QuietStore::open(&path, Arc::new(FixedClock(today())), None).unwrap();
    assert!(quiet.due_queue(today(), None, true).is_none());
    let answered = queue_between(&quiet, today(), None, None, true).unwrap();
    drop(quiet);
    let next = read_current(&path, after, today(), all);
    let store = open(&path);
    let from_sled = queue_between(&store, today(), None, None, true).unwrap();
    assert!(from_sled.iter().all(|i| i.id != first));
    assert_eq!(answered, from_sled);
    assert_eq!(next, Some(from_sled));
}
