//! Tests of the batched restore and its way back (see `restore`).

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::CHUNK;
use crate::clock::FixedClock;
use crate::model::*;
use crate::store::sled_store::write::Fault;
use crate::store::{ChangeSet, Edit, SledStore, Snapshot, Store};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// Opens the database, waiting for the lock when it was just dropped.
fn open(path: &Path) -> SledStore {
    crate::store::sled_store::test_open::open_when_free(path, day(1))
}

fn institution(n: u32, city: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, n),
        names: vec![Name::new(format!("Institution {n}"), "en")],
        short_name: String::new(),
        country: "MN".into(),
        city: city.into(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

fn partnership(n: u32, partner: u32) -> Record {
    Record::Partnership(Partnership {
        id: Id::new(Kind::Partnership, n),
        title: format!("partnership {n}"),
        partners: vec![Id::new(Kind::Institution, partner)],
        status: PartnershipStatus::Active,
        areas: vec![],
        owner: String::new(),
        start: None,
        description: String::new(),
    })
}

fn follow_up(n: u32, parent: u32) -> Record {
    Record::FollowUp(FollowUp {
        id: Id::new(Kind::FollowUp, n),
        parent: Id::new(Kind::Partnership, parent),
        title: format!("follow-up {n}"),
        due: day(1 + n % 28),
        owner: String::new(),
        status: FollowUpStatus::Open,
        completed: None,
    })
}

/// `institutions` institutions in one big change, a partnership per
/// ten of them and a follow-up per partnership in a second one, then a
/// small change: more records than several chunks.
fn fill(store: &dyn Store, institutions: u32, city: &str) {
    let mut c = ChangeSet::new("institutions");
    for n in 1..=institutions {
        c.push(Edit::Create(institution(n, city)));
    }
    store.apply(c).unwrap();
    let mut c = ChangeSet::new("partnerships");
    for n in 1..=institutions / 10 {
        c.push(Edit::Create(partnership(n, n * 10)));
        c.push(Edit::Create(follow_up(n, n)));
    }
    store.apply(c).unwrap();
    let mut c = ChangeSet::new("one more");
    c.push(Edit::Update(institution(1, "Darkhan")));
    store.apply(c).unwrap();
}

/// Everything a store holds that a restore sets, comparable.
fn state(store: &SledStore) -> (Snapshot, usize, Vec<Id>, Vec<u64>) {
    let mut snap = store.snapshot().unwrap();
    snap.exported_at = chrono::DateTime::UNIX_EPOCH;
    let due = store.due(None, None, true).unwrap().len();
    let refs = store.referrers(Id::new(Kind::Institution, 10)).unwrap();
    let of_i5 = store
        .history(Some(Id::new(Kind::Institution, 5)), 10)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    (snap, due, refs, of_i5)
}

fn backup() -> (Snapshot, (Snapshot, usize, Vec<Id>, Vec<u64>)) {
    let source = SledStore::temporary(Arc::new(FixedClock(day(1)))).unwrap();
    fill(&source, (CHUNK * 2 + 100) as u32, "Ulaanbaatar");
    let snap = source.snapshot().unwrap();
    (snap, state(&source))
}

#[test]
fn a_restore_of_many_records_in_chunks_is_complete_and_its_last_change_one_undo() {
    let (snap, expected) = backup();
    assert!(snap.records.len() > CHUNK * 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = open(&path);
    // Over a database with other records: every old key goes.
    fill(&store, 1500, "Erdenet");
    store.restore(&snap, true).unwrap();
    assert_eq!(store.check().unwrap(), vec![]);
    assert_eq!(state(&store), expected);
    let names: Vec<Vec<u8>> = store.db.tree_names().iter().map(|n| n.to_vec()).collect();
    assert!(
        !names.iter().any(|n| n.starts_with(b"restore_old.")),
        "the side trees are dropped"
    );
    // The restored history goes on: one undo reverts the last change.
    let undone = store.undo("undo: ").unwrap().unwrap();
    assert_eq!(undone.summary, "one more");
    let Some(Record::Institution(i)) = store.get(Id::new(Kind::Institution, 1)).unwrap() else {
        panic!("I1 is gone")
    };
    assert_eq!(i.city, "Ulaanbaatar");
    // A second undo reverts the big change of partnerships at once.
    store.undo("undo: ").unwrap().unwrap();
    assert_eq!(store.count(Kind::Partnership).unwrap(), 0);
    assert_eq!(store.check().unwrap(), vec![]);
    drop(store);
    let store = open(&path);
    assert_eq!(store.check().unwrap(), vec![]);
    assert_eq!(store.count(Kind::FollowUp).unwrap(), 0);
}

#[test]
fn a_restore_cut_short_anywhere_is_rolled_back_when_the_database_is_opened() {
    let (snap, expected) = backup();
    let mut batches = 0;
    loop {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = open(&path);
        fill(&store, 1500, "Erdenet");
        let before = state(&store);
        store.set_fault(Some(Fault {
            batches,
            dies: true,
        }));
        let result = store.restore(&snap, true);
        drop(store);
        let store = open(&path);
        assert_eq!(store.check().unwrap(), vec![], "fault after {batches}");
        if result.is_ok() {
            assert_eq!(state(&store), expected);
            break;
        }
        assert_eq!(state(&store), before, "fault after {batches} batches");
        assert!(store.meta.get(super::RESTORING_KEY).unwrap().is_none());
        // The same restore goes through afterwards.
        store.restore(&snap, true).unwrap();
        assert_eq!(state(&store), expected, "fault after {batches} batches");
        // Every few batches: the test builds two databases a time.
        batches += 3;
        assert!(batches < 200, "the restore never finished");
    }
    assert!(batches > 6, "the restore took {batches} batches");
}

#[test]
fn a_restore_that_fails_is_rolled_back_at_once_and_into_an_empty_database_too() {
    let (snap, _) = backup();
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("db"));
    let empty = state(&store);
    store.set_fault(Some(Fault {
        batches: 4,
        dies: false,
    }));
    let e = store.restore(&snap, false).unwrap_err();
    assert!(e.to_string().contains("the disk failed"), "{e}");
    assert_eq!(state(&store), empty);
    assert_eq!(store.check().unwrap(), vec![]);
    fill(&store, 1200, "Erdenet");
    let before = state(&store);
    store.set_fault(Some(Fault {
        batches: 9,
        dies: false,
    }));
    store.restore(&snap, true).unwrap_err();
    assert_eq!(state(&store), before);
    assert_eq!(store.check().unwrap(), vec![]);
}
