//! A change big enough to write the records tree on a second thread:
//! stored whole, and rolled back whole when cut short anywhere.

use chrono::NaiveDate;

use super::{BATCH_KEYS, Fault, PARALLEL_KEYS};
use crate::model::*;
use crate::store::{ChangeSet, Edit, SledStore, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Follow-ups enough for more than [`PARALLEL_KEYS`] keys (each is a
/// record, a due key and a reference).
fn many(parent: Id) -> ChangeSet {
    let mut c = ChangeSet::new("many");
    for n in 1..=(PARALLEL_KEYS / 2) as u32 {
        c.push(Edit::Create(Record::FollowUp(FollowUp {
            id: Id::new(Kind::FollowUp, 0),
            parent,
            title: format!("follow-up {n}"),
            due: today(),
            owner: String::new(),
            status: FollowUpStatus::Open,
            completed: None,
        })));
    }
    c
}

fn base(store: &SledStore) -> Id {
    crate::demo::load_demo(store, today()).unwrap();
    store.list(Kind::Partnership).unwrap()[0].id()
}

#[test]
fn a_change_written_on_two_threads_is_stored_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = crate::store::sled_store::test_open::open_when_free(&path, today());
    let p = base(&store);
    let before = store.count(Kind::FollowUp).unwrap();
    let c = many(p);
    let n = c.edits.len();
    store.apply(c).unwrap();
    assert_eq!(store.count(Kind::FollowUp).unwrap(), before + n);
    assert_eq!(store.check().unwrap(), vec![]);
    store.undo("Undo: ").unwrap().unwrap();
    assert_eq!(store.count(Kind::FollowUp).unwrap(), before);
    assert_eq!(store.check().unwrap(), vec![]);
}

#[test]
fn a_change_written_on_two_threads_cut_short_is_rolled_back() {
    // Records, due keys and references: PARALLEL_KEYS / 2 keys each, in
    // batches of BATCH_KEYS; a fault at every point up to the last batch.
    let batches = PARALLEL_KEYS / 2 / BATCH_KEYS * 3;
    for at in [0, 1, batches / 2, batches - 1] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = crate::store::sled_store::test_open::open_when_free(&path, today());
        let p = base(&store);
        let before = store.snapshot().unwrap();
        store.set_fault(Some(Fault {
            batches: at,
            dies: true,
        }));
        assert!(store.apply(many(p)).is_err(), "fault after {at} batches");
        drop(store);
        let store = crate::store::sled_store::test_open::open_when_free(&path, today());
        let after = store.snapshot().unwrap();
        assert!(after.records == before.records, "fault after {at} batches");
        assert_eq!(after.history.len(), before.history.len());
        assert_eq!(store.check().unwrap(), vec![], "fault after {at} batches");
    }
}
