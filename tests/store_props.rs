//! Property tests: random sequences of changes keep every invariant that
//! `accord check` verifies, and undo walks back exactly.

//! Every test runs on both backends: the embedded sled database and a team
//! database on a throwaway PostgreSQL server (see tests/support).

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use std::sync::Arc;

use accord::clock::FixedClock;
use accord::model::*;
use accord::store::{ChangeSet, Edit, SledStore, Store};
use chrono::NaiveDate;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    AddInstitution(String),
    AddPartnership(usize),
    AddAgreement(usize, i64, u32),
    AddAction(usize, Option<i64>),
    AddFollowUp(usize, i64),
    Close(usize),
    Reschedule(usize, i64),
    Delete(usize),
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[a-zA-Z北京Қазақ ]{1,12}".prop_map(Op::AddInstitution),
        any::<usize>().prop_map(Op::AddPartnership),
        (any::<usize>(), -400i64..800, 0u32..120).prop_map(|(p, e, n)| Op::AddAgreement(p, e, n)),
        (any::<usize>(), proptest::option::of(-30i64..60)).prop_map(|(p, d)| Op::AddAction(p, d)),
        (any::<usize>(), -30i64..60).prop_map(|(p, d)| Op::AddFollowUp(p, d)),
        any::<usize>().prop_map(Op::Close),
        (any::<usize>(), -30i64..60).prop_map(|(i, d)| Op::Reschedule(i, d)),
        any::<usize>().prop_map(Op::Delete),
        Just(Op::Undo),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn pick(store: &dyn Store, kind: Kind, i: usize) -> Option<Record> {
    let all = store.list(kind).unwrap();
    if all.is_empty() {
        None
    } else {
        Some(all[i % all.len()].clone())
    }
}

fn day(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

/// Runs one op; errors (validation, in use) are fine, they must just leave
/// the store unchanged.
fn run(store: &dyn Store, op: &Op) {
    let new = |r: Record| {
        let _ = store.apply(ChangeSet::one("add", Edit::Create(r)));
    };
    match op {
        Op::AddInstitution(name) => new(Record::Institution(Institution {
            id: Id::new(Kind::Institution, 0),
            names: vec![Name::new(name.clone(), "en")],
            short_name: String::new(),
            country: "KZ".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![],
            website: String::new(),
            home: false,
        })),
        Op::AddPartnership(i) => {
            if let Some(inst) = pick(store, Kind::Institution, *i) {
                new(Record::Partnership(Partnership {
                    id: Id::new(Kind::Partnership, 0),
                    title: format!("with {}", inst.title()),
                    partners: vec![inst.id()],
                    status: PartnershipStatus::Active,
                    areas: vec![],
                    owner: "Li Na".into(),
                    start: None,
                    description: String::new(),
                }))
            }
        }
        Op::AddAgreement(i, e, n) => {
            if let Some(p) = pick(store, Kind::Partnership, *i) {
                new(Record::Agreement(Agreement {
                    id: Id::new(Kind::Agreement, 0),
                    partnership: p.id(),
                    kind: AgreementKind::Mou,
                    title: "MOU".into(),
                    parties: p.references(),
                    status: AgreementStatus::Signed,
                    signed: Some(day(-400)),
                    effective: None,
                    expires: Some(day(*e)),
                    notice_days: *n,
                    scope: vec![],
                    signatories: vec![],
                    document: String::new(),
                    owner: String::new(),
                    renewal_raised_for: None,
                }))
            }
        }
        Op::AddAction(i, d) => {
            if let Some(p) =
                pick(store, Kind::Agreement, *i).or_else(|| pick(store, Kind::Partnership, *i))
            {
                new(Record::Action(ActionItem {
                    id: Id::new(Kind::Action, 0),
                    parent: p.id(),
                    title: "act".into(),
                    owner: String::new(),
                    due: d.map(day),
                    status: ActionStatus::Open,
                    priority: Priority::Normal,
                    completed: None,
                }))
            }
        }
        Op::AddFollowUp(i, d) => {
            if let Some(p) = pick(store, Kind::Partnership, *i) {
                new(Record::FollowUp(FollowUp {
                    id: Id::new(Kind::FollowUp, 0),
                    parent: p.id(),
                    title: "chase".into(),
                    due: day(*d),
                    owner: String::new(),
                    status: FollowUpStatus::Open,
                    completed: None,
                }))
            }
        }
        Op::Close(i) => {
            if let Some(r) = pick(store, Kind::Action, *i)
                && let Ok(r) =
                    accord::triage::close(&r, accord::store::DueSlot::Item, false, today())
            {
                store
                    .apply(ChangeSet::one("done", Edit::Update(r)))
                    .unwrap();
            }
        }
        Op::Reschedule(i, d) => {
            if let Some(r) = pick(store, Kind::FollowUp, *i) {
                let r = accord::triage::reschedule(
                    &r,
                    accord::store::DueSlot::Item,
                    &day(*d).to_string(),
                    today(),
                )
                .unwrap();
                store
                    .apply(ChangeSet::one("reschedule", Edit::Update(r)))
                    .unwrap();
            }
        }
        Op::Delete(i) => {
            let kind = Kind::ALL[*i % Kind::ALL.len()];
            if let Some(r) = pick(store, kind, *i / 7) {
                let _ = store.apply(ChangeSet::one("delete", Edit::Delete(r.id())));
            }
        }
        Op::Undo => {
            store.undo("undo: ").unwrap();
        }
    }
}

fn contents(store: &dyn Store) -> Vec<Record> {
    Kind::ALL
        .iter()
        .flat_map(|k| store.list(*k).unwrap())
        .collect()
}

/// A fresh empty store of each backend (PostgreSQL where installed).
fn backends() -> Vec<(&'static str, Box<dyn Store>)> {
    let mut out: Vec<(&'static str, Box<dyn Store>)> = vec![(
        "sled",
        Box::new(SledStore::temporary(Arc::new(FixedClock(today()))).unwrap()),
    )];
    if let Some(t) = team::team() {
        out.push(("postgres", Box::new(t.store("lina"))));
    }
    out
}

fn fresh(backend: &str) -> Option<Box<dyn Store>> {
    match backend {
        "sled" => Some(Box::new(
            SledStore::temporary(Arc::new(FixedClock(today()))).unwrap(),
        )),
        _ => team::team().map(|t| Box::new(t.store("lina")) as Box<dyn Store>),
    }
}

fn invariants_hold(store: &dyn Store, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        run(store, op);
        let problems = store.check().unwrap();
        prop_assert!(problems.is_empty(), "after {:?}: {:?}", op, problems);
    }
    // Undo everything: the store ends empty and every index with it.
    while store.undo("undo: ").unwrap().is_some() {
        prop_assert!(store.check().unwrap().is_empty());
    }
    prop_assert!(store.is_empty().unwrap());
    prop_assert!(store.due(None, None, true).unwrap().is_empty());
    Ok(())
}

fn restores_exactly(a: &dyn Store, b: &dyn Store, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        run(a, op);
    }
    let snap = a.snapshot().unwrap();
    b.restore(&snap, false).unwrap();
    prop_assert_eq!(contents(a), contents(b));
    let mut again = b.snapshot().unwrap();
    again.exported_at = snap.exported_at;
    prop_assert_eq!(again, snap);
    prop_assert!(b.check().unwrap().is_empty());
    prop_assert_eq!(
        a.due(None, None, true).unwrap(),
        b.due(None, None, true).unwrap()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn invariants_hold_after_any_sequence(ops in proptest::collection::vec(op(), 1..40)) {
        invariants_hold(fresh("sled").as_deref().unwrap(), &ops)?;
    }

    #[test]
    fn snapshots_restore_exactly(ops in proptest::collection::vec(op(), 1..30)) {
        restores_exactly(fresh("sled").as_deref().unwrap(), fresh("sled").as_deref().unwrap(), &ops)?;
    }
}

proptest! {
    // A database per case costs a CREATE DATABASE: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn invariants_hold_after_any_sequence_on_postgres(ops in proptest::collection::vec(op(), 1..30)) {
        if let Some(store) = fresh("postgres") {
            invariants_hold(store.as_ref(), &ops)?;
        }
    }

    #[test]
    fn snapshots_restore_exactly_between_backends(ops in proptest::collection::vec(op(), 1..30)) {
        // sled → postgres (moving a personal database to the team) and back.
        if let (Some(a), Some(b), Some(c)) = (fresh("sled"), fresh("postgres"), fresh("sled")) {
            restores_exactly(a.as_ref(), b.as_ref(), &ops)?;
            let snap = b.snapshot().unwrap();
            c.restore(&snap, false).unwrap();
            prop_assert_eq!(contents(b.as_ref()), contents(c.as_ref()));
        }
    }
}

#[test]
fn range_scans_answer_the_date_questions() {
    for (name, store) in backends() {
        range_scans(store.as_ref(), name);
    }
}

fn range_scans(store: &dyn Store, name: &str) {
    for op in [
        Op::AddInstitution("Almaty".into()),
        Op::AddPartnership(0),
        Op::AddAgreement(0, 30, 60),
        Op::AddAction(0, Some(-2)),
        Op::AddAction(0, Some(5)),
        Op::AddAction(0, None),
        Op::AddFollowUp(0, 40),
    ] {
        run(store, &op);
    }
    let week = store.due(Some(today()), Some(day(7)), false).unwrap();
    assert_eq!(
        week.iter().map(|e| e.id.to_string()).collect::<Vec<_>>(),
        ["T2"],
        "{name}"
    );
    let all = store.due(None, None, true).unwrap();
    assert_eq!(all.len(), 6, "{name}: {all:?}"); // notice, T1, T2, expiry, F1, undated T3
    assert_eq!(all.last().unwrap().date, None);
    assert_eq!(
        store.expiring_before(day(31)).unwrap(),
        [Id::new(Kind::Agreement, 1)],
        "{name}"
    );
    assert!(store.expiring_before(day(30)).unwrap().is_empty());
    let p = Id::new(Kind::Partnership, 1);
    let open = accord::store::open_items_of(store, p).unwrap();
    assert_eq!(open.len(), 4, "{name}");
    let e = store
        .apply(ChangeSet::one("delete", Edit::Delete(p)))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("P1 cannot be deleted while A1, F1 refer to it"),
        "{name}: {e}"
    );
}

#[test]
fn ids_are_never_reused() {
    for (name, store) in backends() {
        run(store.as_ref(), &Op::AddInstitution("One".into()));
        store.undo("undo: ").unwrap();
        run(store.as_ref(), &Op::AddInstitution("Two".into()));
        let ids: Vec<Id> = store
            .list(Kind::Institution)
            .unwrap()
            .iter()
            .map(Record::id)
            .collect();
        assert_eq!(ids, [Id::new(Kind::Institution, 2)], "{name}");
        let h = store.history(None, 10).unwrap();
        assert_eq!(h.len(), 3, "{name}");
        assert_eq!(h[1].undoes, Some(1), "{name}");
        assert!(
            h.iter().all(|e| e.author.is_some()),
            "{name}: every change names its author"
        );
    }
}
