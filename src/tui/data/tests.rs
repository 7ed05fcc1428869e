use super::*;
use crate::tui::fixture;

#[test]
fn loads_everything_and_links_children() {
    let store = fixture::store();
    let data = Data::load(store.as_ref(), fixture::today()).unwrap();
    assert_eq!(data.count(Kind::Institution), 3);
    let p1 = Id::new(Kind::Partnership, 1);
    let kids: Vec<Id> = data.children(p1).map(|r| r.id()).collect();
    assert!(kids.contains(&Id::new(Kind::Agreement, 1)));
    assert!(kids.contains(&Id::new(Kind::Note, 1)));
    assert_eq!(data.partnership_of(Id::new(Kind::Action, 1)), Some(p1));
    assert_eq!(
        data.owners,
        vec!["Li Na".to_string(), "Wang Wei".to_string()]
    );
    // Overdue T1 first, the renewal notice (2026-11-02) is overdue too.
    assert_eq!(
        data.due.first().map(|d| d.bucket),
        Some(crate::due::Bucket::Overdue)
    );
    assert_eq!(data.last_contact.get(&p1), Some(&fixture::d("2026-06-01")));
}

#[test]
fn a_change_refreshes_records_and_the_queue() {
    use crate::store::{ChangeSet, Edit};
    let store = fixture::store();
    let mut data = Data::load(store.as_ref(), fixture::today()).unwrap();
    let t1 = Id::new(Kind::Action, 1);
    let Some(Record::Action(mut a)) = data.get(t1).cloned() else {
        panic!()
    };
    a.status = crate::model::ActionStatus::Done;
    let applied = store
        .apply(ChangeSet::one("done", Edit::Update(Record::Action(a))))
        .unwrap();
    let before = data.version;
    data.refresh(store.as_ref(), &applied.ids).unwrap();
    assert!(data.version > before);
    assert!(!data.due.iter().any(|d| d.id == t1));
    let stats = compute_stats(&data, 90);
    assert_eq!(stats.partnerships.iter().map(|(_, n)| n).sum::<usize>(), 2);
    assert!(stats.renewals.contains(&Id::new(Kind::Agreement, 1)));
    assert_eq!(stats.countries.len(), 2);
}

mod refreshed {
    //! A change refreshed record by record leaves exactly what a fresh read
    //! of the store would: the queue, latest contacts, open-item counts,
    //! kinds and owners (the incremental path and its fall-back alike).

    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::model::{ActionStatus, FollowUpStatus, Note, NoteKind};
    use crate::store::{ChangeSet, Edit, SledStore};

    fn generated() -> Arc<dyn Store> {
        let clock: crate::clock::SharedClock = Arc::new(crate::clock::FixedClock(fixture::today()));
        let store = SledStore::temporary(clock).unwrap();
        crate::generate::generate(&store, 250, 7, fixture::today(), &mut |_, _| {}).unwrap();
        Arc::new(store)
    }

    fn sorted<V: Clone + Ord>(m: &HashMap<Id, V>) -> Vec<(Id, V)> {
        let mut v: Vec<(Id, V)> = m.iter().map(|(k, v)| (*k, v.clone())).collect();
        v.sort();
        v
    }

    fn same_as_fresh(data: &Data, store: &dyn Store) -> std::result::Result<(), TestCaseError> {
        let fresh = Data::load(store, data.today).unwrap();
        let keys = |d: &Data| {
            d.due
                .iter()
                .map(|i| (i.key(), i.date, i.owner.clone()))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(keys(data), keys(&fresh));
        prop_assert_eq!(sorted(&data.last_contact), sorted(&fresh.last_contact));
        prop_assert_eq!(sorted(&data.open_items), sorted(&fresh.open_items));
        prop_assert_eq!(&data.owners, &fresh.owners);
        for k in Kind::ALL {
            prop_assert_eq!(data.count(k), fresh.count(k));
        }
        Ok(())
    }

    /// One change: which kind of edit, on which record, with which value.
    fn change(
        data: &Data,
        store: &dyn Store,
        op: u8,
        pick: usize,
        value: usize,
    ) -> Option<ChangeSet> {
        let nth = |k: Kind| -> Option<Record> {
            let all: Vec<&Record> = data.of_kind(k).collect();
            (!all.is_empty()).then(|| all[pick % all.len()].clone())
        };
        let owners = ["", "Li Na", " Zhao Min ", "Nobody Yet"];
        let edit = match (op % 8, nth(Kind::Action), nth(Kind::FollowUp)) {
            (0, Some(Record::Action(mut a)), _) => {
                a.status = if a.status.is_open() {
                    ActionStatus::Done
                } else {
                    ActionStatus::Open
                };
                Edit::Update(Record::Action(a))
            }
            (1, Some(Record::Action(mut a)), _) => {
                a.owner = owners[value % owners.len()].to_string();
                Edit::Update(Record::Action(a))
            }
            (2, _, _) => {
                let parents = [
                    Kind::Partnership,
                    Kind::Agreement,
                    Kind::Action,
                    Kind::FollowUp,
                ];
                let parent = nth(parents[value % parents.len()])?.id();
                Edit::Create(Record::Note(Note {
                    id: store.next_id(Kind::Note).ok()?,
                    parent,
                    // Half of them the partnership's latest note.
                    date: fixture::today() - chrono::Days::new(450)
                        + chrono::Days::new((value * 37 % 900) as u64),
                    kind: NoteKind::Meeting,
                    text: "met".into(),
                    author: String::new(),
                }))
            }
            (3, _, _) => Edit::Delete(nth(Kind::Note)?.id()),
            (4, Some(Record::Action(mut a)), _) => {
                let kinds = [Kind::Partnership, Kind::Agreement];
                a.parent = nth(kinds[value % 2])?.id();
                Edit::Update(Record::Action(a))
            }
            (5, _, _) => {
                let Record::Agreement(mut a) = nth(Kind::Agreement)? else {
                    return None;
                };
                let all: Vec<Id> = data.of_kind(Kind::Partnership).map(Record::id).collect();
                a.partnership = *all.get(value % all.len().max(1))?;
                Edit::Update(Record::Agreement(a))
            }
            (6, Some(a), _) => Edit::Delete(a.id()),
            (7, _, Some(Record::FollowUp(mut f))) => {
                f.status = if f.status == FollowUpStatus::Open {
                    FollowUpStatus::Done
                } else {
                    FollowUpStatus::Open
                };
                f.owner = owners[value % owners.len()].to_string();
                Edit::Update(Record::FollowUp(f))
            }
            _ => return None,
        };
        Some(ChangeSet::one("test", edit))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn a_refreshed_change_equals_a_fresh_read(
            ops in proptest::collection::vec((0u8..8, 0usize..500, 0usize..500), 1..24)
        ) {
            let store = generated();
            let mut data = Data::load(store.as_ref(), fixture::today()).unwrap();
            for (op, pick, value) in ops {
                let Some(c) = change(&data, store.as_ref(), op, pick, value) else { continue };
                // A change the store refuses (deleting what others refer
                // to) changes nothing.
                let Ok(applied) = store.apply(c) else { continue };
                data.refresh(store.as_ref(), &applied.ids).unwrap();
                same_as_fresh(&data, store.as_ref())?;
                if op % 3 == 0 {
                    let entry = store.undo("undo").unwrap();
                    let ids: Vec<Id> = entry.iter().flat_map(|e| e.changes.iter().map(|c| c.id)).collect();
                    data.refresh(store.as_ref(), &ids).unwrap();
                    same_as_fresh(&data, store.as_ref())?;
                }
            }
        }
    }
}

mod built_fast {
    //! What is built from the records in one go when they are read (who
    //! refers to whom, the partnership of each record, the queue) is what
    //! the plain ways of building it give, on generated data and on odd
    //! references: the same target named twice, a target that does not
    //! exist, numbers too far apart for tables.

    use std::sync::Arc;

    use super::*;
    use crate::model::{Note, NoteKind};
    use crate::store::SledStore;

    fn generated() -> Vec<Record> {
        let clock: crate::clock::SharedClock = Arc::new(crate::clock::FixedClock(fixture::today()));
        let store = SledStore::temporary(clock).unwrap();
        crate::generate::generate(&store, 400, 11, fixture::today(), &mut |_, _| {}).unwrap();
        store.read_everything(&Progress::default()).unwrap()
    }

    fn note(n: u32, parent: Id) -> Record {
        Record::Note(Note {
            id: Id::new(Kind::Note, n),
            parent,
            date: fixture::today(),
            kind: NoteKind::Meeting,
            text: "met".into(),
            author: String::new(),
        })
    }

    /// The partnership of a record, reading every record on the way up.
    fn partnership_by_reading(data: &Data, record: &Record) -> Option<Id> {
        let mut current = record;
        for _ in 0..4 {
            if current.kind() == Kind::Partnership {
                return Some(current.id());
            }
            current = data.get(current.parent()?)?;
        }
        None
    }

    fn sorted(m: &HashMap<Id, Vec<Id>>) -> Vec<(Id, Vec<Id>)> {
        let mut v: Vec<(Id, Vec<Id>)> = m.iter().map(|(k, v)| (*k, v.clone())).collect();
        v.sort();
        v
    }

    fn check(data: &Data) {
        assert_eq!(
            sorted(&data.all_children()),
            sorted(&data.children_by_sorting())
        );
        for r in data.all() {
            assert_eq!(
                data.partnership_of_record(r),
                partnership_by_reading(data, r),
                "{}",
                r.id()
            );
        }
        let keys: Vec<_> = data.due.iter().map(DueItem::urgency).collect();
        assert!(keys.is_sorted());
        let mut plain = Vec::new();
        for r in data.all() {
            data.due_items_into(r, &mut plain);
        }
        plain.sort_by_key(DueItem::urgency);
        let plain: Vec<_> = plain.iter().map(DueItem::urgency).collect();
        assert_eq!(keys, plain);
    }

    #[test]
    fn generated_records() {
        let data = Data::from_records(generated(), fixture::today());
        assert!(!data.due.is_empty());
        check(&data);
    }

    #[test]
    fn odd_references() {
        let mut records = generated();
        let p = records
            .iter()
            .find_map(|r| match r {
                Record::Partnership(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap();
        let first = p.partners.first().copied().unwrap();
        let mut twice = p.clone();
        // The same partner twice, and one that does not exist (numbers
        // within reach of the tables).
        twice.partners = vec![first, first, Id::new(Kind::Institution, 2_000)];
        records.retain(|r| r.id() != p.id);
        records.push(Record::Partnership(twice));
        // A note under a missing partnership, and one under a note.
        records.push(note(2_001, Id::new(Kind::Partnership, 2_100)));
        records.push(note(2_002, Id::new(Kind::Note, 2_001)));
        let data = Data::from_records(records.clone(), fixture::today());
        check(&data);
        let kids = data.children.get(&first).cloned().unwrap_or_default();
        assert_eq!(kids.iter().filter(|k| **k == p.id).count(), 1);
        // A number far beyond the others: the tables give way to sorting.
        records.push(note(2_003, Id::new(Kind::Agreement, 4_000_000_000)));
        let data = Data::from_records(records, fixture::today());
        check(&data);
        assert_eq!(
            data.children
                .get(&Id::new(Kind::Agreement, 4_000_000_000))
                .map(Vec::len),
            Some(1)
        );
    }
}
