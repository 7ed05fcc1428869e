//! Tests of big history entries stored apart (see `apart`).

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::clock::FixedClock;
use crate::model::*;
use crate::store::sled_store::write::Fault;
use crate::store::{ChangeSet, Edit, SledStore, Store, StoreError};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// Opens the database, waiting for the lock when it was just dropped.
fn open(path: &Path) -> SledStore {
    crate::store::sled_store::test_open::open_when_free(path, day(1))
}

/// An institution with a long name (about `len` bytes of it).
fn institution(n: u32, len: usize) -> Record {
    let mut name = format!("Institution {n} \"changes\":[] ");
    while name.len() < len {
        name.push_str("Больница 医院 ");
    }
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, n),
        names: vec![Name::new(name, "en")],
        short_name: String::new(),
        country: "MN".into(),
        city: "Ulaanbaatar".into(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

/// A change creating institutions `from..=to`, `len` bytes of name each.
fn create(summary: &str, from: u32, to: u32, len: usize) -> ChangeSet {
    let mut c = ChangeSet::new(summary);
    for n in from..=to {
        c.push(Edit::Create(institution(n, len)));
    }
    c
}

fn schema(store: &SledStore) -> u32 {
    let v = store.meta.get(super::super::SCHEMA_KEY).unwrap().unwrap();
    u32::from_be_bytes(v.as_ref().try_into().unwrap())
}

fn stored(store: &SledStore, seq: u64) -> Vec<u8> {
    store
        .history
        .get(seq.to_be_bytes())
        .unwrap()
        .unwrap()
        .to_vec()
}

/// Every way a history entry is read, for entry `seq` and record `id` in
/// it: each must give `expected` (or its part for `id`).
fn read_every_way(store: &SledStore, expected: &[HistoryEntry], id: Id) {
    let newest_first: Vec<HistoryEntry> = expected.iter().rev().cloned().collect();
    assert_eq!(store.history(None, 100).unwrap(), newest_first);
    assert_eq!(store.history_after(0, 100).unwrap(), expected);
    assert_eq!(store.snapshot().unwrap().history, expected);
    let of: Vec<HistoryEntry> = newest_first
        .iter()
        .filter(|e| e.changes.iter().any(|c| c.id == id))
        .map(|e| HistoryEntry {
            changes: e.changes.iter().filter(|c| c.id == id).cloned().collect(),
            ..e.clone()
        })
        .collect();
    assert!(!of.is_empty());
    assert_eq!(store.history(Some(id), 100).unwrap(), of);
    assert_eq!(store.check().unwrap(), vec![]);
}

/// An entry of `n` changes to records `1..=ids` in turn (a record may
/// appear more than once), `len` bytes of name each.
fn entry(n: usize, ids: u32, len: usize, summary: &str) -> HistoryEntry {
    HistoryEntry {
        seq: 7,
        at: "2026-11-23T10:00:00Z".parse().unwrap(),
        author: Some("lina \"changes\":[]".into()),
        summary: summary.into(),
        changes: (1..=n as u32)
            .map(|i| Change {
                id: Id::new(Kind::Institution, (i * 7) % ids + 1),
                before: (i % 3 == 0).then(|| institution(i, 10)),
                after: (i % 5 != 0).then(|| institution(i, len)),
            })
            .collect(),
        undoes: Some(3),
        undone_by: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Stored whole or apart, an entry's bytes (and so its digest) are its
    /// JSON, and it reads back as itself, whole or one record's part.
    #[test]
    fn an_entry_reads_back_as_itself_whole_or_apart(
        n in 0usize..60,
        ids in prop_oneof![Just(60u32), 1u32..60],
        len in 10usize..12_000,
        summary in any::<String>(),
    ) {
        let e = entry(n, ids, len, &summary);
        let json = serde_json::to_vec(&e).unwrap();
        let enc = encode(&e).unwrap();
        prop_assert_eq!(enc.digest, super::super::seal::digest(&json));
        prop_assert_eq!(enc.is_apart(), json.len() > APART_BYTES);
        let db = sled::Config::new().temporary(true).open().unwrap();
        let apart = db.open_tree("history_apart").unwrap();
        if enc.is_apart() {
            prop_assert!(enc.value.len() < 1024);
            let packed: usize = enc.apart.iter().map(|(_, v)| unpack(v, 7).unwrap().len()).sum();
            prop_assert_eq!(packed, n);
            for (k, v) in &enc.apart {
                apart.insert(k, v.as_slice()).unwrap();
            }
        } else {
            prop_assert_eq!(&enc.value, &json);
        }
        prop_assert_eq!(decode(&enc.value, &apart).unwrap(), e.clone());
        prop_assert_eq!(digest(&enc.value, &apart).unwrap(), enc.digest);
        for i in [1u32, 2, 3, 59] {
            let id = Id::new(Kind::Institution, i);
            let mut part = e.clone();
            part.changes.retain(|c| c.id == id);
            prop_assert_eq!(decode_of(&enc.value, &apart, id).unwrap(), part);
        }
    }
}

#[test]
fn a_stub_whose_changes_are_missing_is_an_error_not_a_shorter_entry() {
    let e = entry(40, 40, 10_000, "import");
    let enc = encode(&e).unwrap();
    assert!(enc.is_apart());
    let db = sled::Config::new().temporary(true).open().unwrap();
    let apart = db.open_tree("history_apart").unwrap();
    assert!(enc.apart.len() > 1);
    for (k, v) in enc.apart.iter().skip(1) {
        apart.insert(k, v.as_slice()).unwrap();
    }
    let kept: usize = enc.apart[1..]
        .iter()
        .map(|(_, v)| unpack(v, 7).unwrap().len())
        .sum();
    let err = decode(&enc.value, &apart).unwrap_err();
    assert!(err.contains(&format!("{kept} of its 40 changes")), "{err}");
    assert!(digest(&enc.value, &apart).is_err());
    // A stub claiming more changes than there could be is an error too.
    let mut wrong = enc.value.clone();
    wrong[1..5].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(decode(&wrong, &apart).is_err());
    assert!(decode(&enc.value[..3], &apart).is_err());
}

#[test]
fn check_names_an_entry_stored_apart_whose_changes_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("db"));
    store.apply(create("first", 1, 2, 10)).unwrap();
    store.apply(create("import a.csv", 3, 1200, 300)).unwrap();
    store.apply(create("later", 1201, 1201, 10)).unwrap();
    assert_eq!(store.check().unwrap(), vec![]);
    let chunks = keys_of(&store.apart, 2).unwrap();
    assert!(chunks.len() > 2);
    let lost = store.apart.remove(&chunks[1]).unwrap().unwrap();
    let kept = 1198 - unpack(&lost, 2).unwrap().len();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].message,
        format!(
            "history entry 2 is missing changes: {kept} of its 1198 changes are stored \
             (restore a backup to get them back)"
        )
    );
    store
        .history
        .insert(2u64.to_be_bytes(), &stored(&store, 2)[..3])
        .unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("history entry 2 cannot be read")
    );
}

#[test]
fn a_big_change_is_a_small_stub_that_every_reader_sees_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = open(&path);
    store.apply(create("first", 1, 2, 10)).unwrap();
    assert_eq!(schema(&store), 1);
    // Bulk (three-step) path and one-transaction path, both big.
    let bulk = store.apply(create("import a.csv", 3, 1200, 300)).unwrap();
    let one = store
        .apply(create("import b.csv", 1201, 1500, 1000))
        .unwrap();
    store.apply(create("last", 1501, 1501, 10)).unwrap();
    for seq in [bulk.seq, one.seq] {
        let value = stored(&store, seq);
        assert!(is_stub(&value) && value.len() < 1024, "entry {seq}");
    }
    assert!(!is_stub(&stored(&store, 1)));
    assert_eq!(schema(&store), APART_SCHEMA);
    let all = store.history(None, 100).unwrap();
    let expected: Vec<HistoryEntry> = all.iter().rev().cloned().collect();
    assert_eq!(expected[1].changes.len(), 1198);
    assert_eq!(expected[1].summary, "import a.csv");
    assert_eq!(
        expected[1].changes[1197].after,
        Some(institution(1200, 300))
    );
    assert_eq!(expected[2].changes[0].after, Some(institution(1201, 1000)));
    read_every_way(&store, &expected, Id::new(Kind::Institution, 700));
    read_every_way(&store, &expected, Id::new(Kind::Institution, 1300));
    drop(store);
    let store = open(&path);
    read_every_way(&store, &expected, Id::new(Kind::Institution, 1300));
}

#[test]
fn undoing_a_big_change_marks_its_stub_and_the_undo_is_stored_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("db"));
    store.apply(create("first", 1, 2, 10)).unwrap();
    let big = store.apply(create("import a.csv", 3, 1200, 300)).unwrap();
    let before = store.history(None, 1).unwrap().remove(0);
    let undo = store.undo("").unwrap().unwrap();
    assert_eq!(undo.seq, big.seq);
    assert_eq!(store.count(Kind::Institution).unwrap(), 2);
    let [undoing, undone] = <[HistoryEntry; 2]>::try_from(store.history(None, 2).unwrap()).unwrap();
    assert_eq!(
        undone,
        HistoryEntry {
            undone_by: Some(undoing.seq),
            ..before
        }
    );
    assert_eq!(undoing.undoes, Some(big.seq));
    assert_eq!(undoing.changes.len(), 1198);
    assert!(is_stub(&stored(&store, big.seq)));
    assert!(is_stub(&stored(&store, undoing.seq)));
    let expected: Vec<HistoryEntry> = store.history(None, 10).unwrap().into_iter().rev().collect();
    read_every_way(&store, &expected, Id::new(Kind::Institution, 3));
}

#[test]
fn a_backup_with_big_entries_restores_them_apart_and_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("db"));
    store.apply(create("first", 1, 2, 10)).unwrap();
    store.apply(create("import a.csv", 3, 1200, 300)).unwrap();
    store.apply(create("last", 1201, 1201, 10)).unwrap();
    let snap = store.snapshot().unwrap();
    // Into a database holding other big entries, and into an empty one.
    let other = open(&dir.path().join("other"));
    other.apply(create("import c.csv", 1, 1500, 300)).unwrap();
    other.restore(&snap, true).unwrap();
    let fresh = open(&dir.path().join("fresh"));
    fresh.restore(&snap, false).unwrap();
    for s in [&other, &fresh] {
        assert!(is_stub(&stored(s, 2)));
        assert_eq!(schema(s), APART_SCHEMA);
        let packed: usize = s
            .apart
            .iter()
            .values()
            .map(|v| unpack(&v.unwrap(), 2).unwrap().len())
            .sum();
        assert_eq!(packed, 1198);
        read_every_way(s, &snap.history, Id::new(Kind::Institution, 1000));
    }
}

/// A database as accord before entries were stored apart left it: entry 2
/// (a big change) stored whole as `whole(entry)`, schema 1. Gives what
/// its history reads.
fn older_database(path: &Path, whole: impl Fn(&HistoryEntry) -> Vec<u8>) -> Vec<HistoryEntry> {
    let store = open(path);
    store.apply(create("first", 1, 2, 10)).unwrap();
    store.apply(create("import a.csv", 3, 1200, 300)).unwrap();
    let mut expected: Vec<HistoryEntry> =
        store.history(None, 10).unwrap().into_iter().rev().collect();
    store
        .history
        .insert(2u64.to_be_bytes(), whole(&expected[1]))
        .unwrap();
    store.apart.clear().unwrap();
    // The seal names the last entry, which that accord wrote itself.
    store.apply(create("note", 1300, 1300, 10)).unwrap();
    store
        .meta
        .remove(super::super::move_apart::LOOKED_KEY)
        .unwrap();
    store
        .meta
        .insert(super::super::SCHEMA_KEY, &1u32.to_be_bytes())
        .unwrap();
    store.flush().unwrap();
    expected.extend(store.history(None, 1).unwrap());
    expected
}

/// The later changes, undoing the big one, and `check` still work.
fn still_works(store: &SledStore) {
    store.apply(create("later", 1201, 1201, 10)).unwrap();
    assert_eq!(store.undo("undo ").unwrap().unwrap().summary, "later");
    assert_eq!(store.undo("undo ").unwrap().unwrap().summary, "note");
    assert_eq!(
        store.undo("undo ").unwrap().unwrap().summary,
        "import a.csv"
    );
    assert_eq!(store.count(Kind::Institution).unwrap(), 2);
    let undone = store
        .history(Some(Id::new(Kind::Institution, 600)), 10)
        .unwrap();
    assert_eq!(undone.len(), 2);
    assert_eq!(undone[1].undone_by, Some(undone[0].seq));
    assert_eq!(store.check().unwrap(), vec![]);
}

#[test]
fn a_big_entry_an_older_accord_stored_whole_is_moved_apart_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let expected = older_database(&path, |e| serde_json::to_vec(e).unwrap());
    let whole = serde_json::to_vec(&expected[1]).unwrap();
    let store = open(&path);
    assert!(is_stub(&stored(&store, 2)));
    assert_eq!(schema(&store), APART_SCHEMA);
    // The seal names the entry's digest: it is the whole entry's.
    assert_eq!(
        digest(&stored(&store, 2), &store.apart).unwrap(),
        crate::store::sled_store::seal::digest(&whole)
    );
    read_every_way(&store, &expected, Id::new(Kind::Institution, 600));
    // Looked at once: the next open has nothing to look at.
    assert_eq!(store.move_big_entries_apart().unwrap(), 0);
    still_works(&store);
}

#[test]
fn an_older_entry_is_moved_apart_as_its_own_bytes_and_again_after_a_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    // Written by an accord that had no `undoes` yet, its keys in another
    // order: encoding the entry again would not give these bytes.
    let older = |e: &HistoryEntry| {
        let mut v = serde_json::to_value(e).unwrap();
        let fields = v.as_object_mut().unwrap();
        fields.remove("undoes");
        fields.remove("undone_by");
        serde_json::to_vec(&v).unwrap()
    };
    let expected = older_database(&path, older);
    let whole = older(&expected[1]);
    assert_ne!(whole, serde_json::to_vec(&expected[1]).unwrap());
    {
        // Cut short after its changes were stored apart, before its stub.
        let store = open(&path);
        store
            .history
            .insert(2u64.to_be_bytes(), whole.clone())
            .unwrap();
        store
            .meta
            .remove(super::super::move_apart::LOOKED_KEY)
            .unwrap();
        store.flush().unwrap();
        let moved = encode_stored(2, &whole).unwrap();
        assert_eq!(moved.digest, crate::store::sled_store::seal::digest(&whole));
        store
            .history
            .insert(2u64.to_be_bytes(), whole.clone())
            .unwrap();
        for (k, v) in moved.apart {
            store.apart.insert(k, v).unwrap();
        }
        store.flush().unwrap();
        assert!(!is_stub(&stored(&store, 2)));
        assert_eq!(store.history_after(0, 10).unwrap(), expected);
    }
    let store = open(&path);
    assert!(is_stub(&stored(&store, 2)));
    assert_eq!(
        digest(&stored(&store, 2), &store.apart).unwrap(),
        crate::store::sled_store::seal::digest(&whole)
    );
    read_every_way(&store, &expected, Id::new(Kind::Institution, 600));
    still_works(&store);
}

#[test]
fn an_older_entry_whose_bytes_cannot_be_given_back_stays_whole_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let expected = older_database(&path, |e| serde_json::to_vec_pretty(e).unwrap());
    let store = open(&path);
    assert!(!is_stub(&stored(&store, 2)));
    assert_eq!(schema(&store), 1);
    read_every_way(&store, &expected, Id::new(Kind::Institution, 600));
    still_works(&store);
}

#[test]
fn a_database_of_a_newer_layout_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = open(&path);
    store.apply(create("first", 1, 2, 10)).unwrap();
    store
        .meta
        .insert(super::super::SCHEMA_KEY, &(APART_SCHEMA + 1).to_be_bytes())
        .unwrap();
    store.flush().unwrap();
    drop(store);
    let err = loop {
        match SledStore::open(&path, Arc::new(FixedClock(day(1)))) {
            Err(StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => break other.err(),
        }
    };
    assert!(
        matches!(
            err,
            Some(StoreError::Newer {
                found: 3,
                supported: 2,
                ..
            })
        ),
        "{err:?}"
    );
}

#[test]
fn a_big_change_cut_short_while_its_changes_are_stored_apart_is_rolled_back() {
    for batches in [0, 1] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = open(&path);
        store.apply(create("first", 1, 2, 10)).unwrap();
        store.set_fault(Some(Fault {
            batches,
            dies: true,
        }));
        assert!(store.apply(create("import a.csv", 3, 1200, 300)).is_err());
        drop(store);
        let store = open(&path);
        assert_eq!(store.apart.len(), 0, "after {batches} batches");
        assert_eq!(store.history(None, 10).unwrap().len(), 1);
        assert_eq!(store.count(Kind::Institution).unwrap(), 2);
        assert_eq!(store.check().unwrap(), vec![]);
        // The same sequence number is used again, with nothing left over.
        let again = store.apply(create("import b.csv", 3, 1100, 300)).unwrap();
        assert_eq!(again.seq, 2);
        assert_eq!(store.history(None, 1).unwrap()[0].changes.len(), 1098);
        assert_eq!(store.check().unwrap(), vec![]);
    }
}

#[test]
fn a_change_is_encoded_with_its_after_image_given_as_serde_does() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let store = SledStore::temporary(Arc::new(FixedClock(today))).unwrap();
    crate::demo::load_demo(&store, today).unwrap();
    let records = store.snapshot().unwrap().records;
    let mut odd = institution(7, 300);
    if let Record::Institution(i) = &mut odd {
        i.names.push(Name::new("tab\tquote\" slash\\ \u{1}", "en"));
    }
    let all: Vec<Record> = records.into_iter().chain([odd]).collect();
    for (i, r) in all.iter().enumerate() {
        let other = all.get(i + 1).cloned();
        for (before, after) in [
            (None, Some(r.clone())),
            (other.clone(), Some(r.clone())),
            (Some(r.clone()), None),
        ] {
            let c = crate::store::history::Change {
                id: r.id(),
                before,
                after,
            };
            let json = c.after.as_ref().map(|a| serde_json::to_vec(a).unwrap());
            let given = change_json(&c, json.as_deref()).unwrap();
            assert!(given == serde_json::to_vec(&c).unwrap(), "{}", r.id());
            assert!(change_json(&c, None).unwrap() == given, "{}", r.id());
        }
    }
}
