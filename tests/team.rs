//! Two colleagues on one team database: creating at once, editing one
//! record, closing what the other snoozes, deleting what the other links,
//! undoing only their own changes, a resent change, a staff login writing
//! a table directly.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;
#[path = "support/team.rs"]
mod team;

use std::sync::{Arc, Barrier};

use accord::model::*;
use accord::store::{ChangeSet, Edit, Store, StoreError};
use chrono::NaiveDate;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn institution(name: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, 0),
        names: vec![Name::new(name, "en")],
        short_name: String::new(),
        country: "KZ".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

/// I1, P1 and the open action T1 (owner lina, due 10 Dec).
fn seed(store: &dyn Store) -> Record {
    store
        .apply(ChangeSet::one("add", Edit::Create(institution("Almaty"))))
        .unwrap();
    store
        .apply(ChangeSet::one(
            "add",
            Edit::Create(Record::Partnership(Partnership {
                id: Id::new(Kind::Partnership, 0),
                title: "Exchange".into(),
                partners: vec![Id::new(Kind::Institution, 1)],
                status: PartnershipStatus::Active,
                areas: vec![],
                owner: String::new(),
                start: None,
                description: String::new(),
            })),
        ))
        .unwrap();
    let t1 = Record::Action(ActionItem {
        id: Id::new(Kind::Action, 0),
        parent: Id::new(Kind::Partnership, 1),
        title: "Send the CVs".into(),
        owner: "lina".into(),
        due: Some(day(10)),
        status: ActionStatus::Open,
        priority: Priority::Normal,
        completed: None,
    });
    let applied = store
        .apply(ChangeSet::one("add", Edit::Create(t1)))
        .unwrap();
    store.get(applied.ids[0]).unwrap().unwrap()
}

fn action(r: &Record) -> ActionItem {
    match r {
        Record::Action(a) => a.clone(),
        _ => panic!("not an action"),
    }
}

#[test]
fn two_colleagues_creating_at_once_get_distinct_ids_and_lose_nothing() {
    let Some(t) = team::team() else { return };
    let stores: Vec<Arc<dyn Store>> = team::STAFF.iter().map(|s| t.shared(s)).collect();
    let barrier = Arc::new(Barrier::new(stores.len()));
    let handles: Vec<_> = stores
        .iter()
        .map(|s| {
            let (s, barrier) = (s.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut ids = Vec::new();
                for i in 0..25 {
                    let who = s.author();
                    let a = s
                        .apply(ChangeSet::one(
                            "add",
                            Edit::Create(institution(&format!("{who} {i}"))),
                        ))
                        .unwrap();
                    ids.extend(a.ids);
                }
                ids
            })
        })
        .collect();
    let mut all: Vec<Id> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 50);
    assert_eq!(all.last(), Some(&Id::new(Kind::Institution, 50)));
    let s = &stores[0];
    assert_eq!(s.count(Kind::Institution).unwrap(), 50);
    assert!(s.check().unwrap().is_empty());
    // History is gapless and names both authors.
    let h = s.history(None, 100).unwrap();
    assert_eq!(h.len(), 50);
    for login in team::STAFF {
        assert_eq!(
            h.iter()
                .filter(|e| e.author.as_deref() == Some(login))
                .count(),
            25
        );
    }
    let after = s.history_after(0, 1000).unwrap();
    let seqs: Vec<u64> = after.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=50).collect::<Vec<u64>>());
}

#[test]
fn edits_of_different_fields_both_stay_and_the_same_field_is_refused() {
    let Some(t) = team::team() else { return };
    let (lina, wang) = (t.store("lina"), t.store("wang"));
    let seen = seed(&lina);
    let id = seen.id();
    let mut theirs = action(&seen);
    theirs.owner = "wang".into();
    wang.apply(ChangeSet::one("reassign", Edit::Update(Record::Action(theirs))).saw(seen.clone()))
        .unwrap();
    let mut mine = action(&seen);
    mine.due = Some(day(20));
    lina.apply(ChangeSet::one("snooze", Edit::Update(Record::Action(mine))).saw(seen.clone()))
        .unwrap();
    let now = action(&lina.get(id).unwrap().unwrap());
    assert_eq!((now.owner.as_str(), now.due), ("wang", Some(day(20))));

    let seen = lina.get(id).unwrap().unwrap();
    let mut theirs = action(&seen);
    theirs.title = "Send the CVs and photos".into();
    wang.apply(ChangeSet::one("retitle", Edit::Update(Record::Action(theirs))).saw(seen.clone()))
        .unwrap();
    let mut mine = action(&seen);
    mine.title = "Send the CVs by mail".into();
    let e = lina
        .apply(ChangeSet::one("retitle", Edit::Update(Record::Action(mine))).saw(seen))
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("T1's title was changed by wang at "),
        "{text}"
    );
    assert!(
        text.contains("Send the CVs and photos") && text.contains("Send the CVs by mail"),
        "{text}"
    );
    assert_eq!(
        action(&lina.get(id).unwrap().unwrap()).title,
        "Send the CVs and photos"
    );
}

#[test]
fn snoozing_an_item_a_colleague_marked_done_says_who_closed_it() {
    let Some(t) = team::team() else { return };
    let (lina, wang) = (t.store("lina"), t.store("wang"));
    let seen = seed(&lina);
    let done = accord::triage::close(&seen, accord::store::DueSlot::Item, false, day(6)).unwrap();
    wang.apply(ChangeSet::one("mark done T1", Edit::Update(done)).saw(seen.clone()))
        .unwrap();
    let snoozed =
        accord::triage::snooze(&seen, accord::store::DueSlot::Item, "1w", day(6)).unwrap();
    let e = lina
        .apply(ChangeSet::one("snooze T1", Edit::Update(snoozed)).saw(seen.clone()))
        .unwrap_err();
    assert!(
        e.to_string().starts_with("T1 was marked done by wang at "),
        "{e}"
    );
    assert_eq!(
        action(&lina.get(seen.id()).unwrap().unwrap()).status,
        ActionStatus::Done
    );
}

#[test]
fn deleting_while_a_colleague_links_lets_exactly_one_succeed() {
    let Some(t) = team::team() else { return };
    let (lina, wang) = (t.shared("lina"), t.shared("wang"));
    for round in 0..12 {
        let target = lina
            .apply(ChangeSet::one(
                "add",
                Edit::Create(institution(&format!("target {round}"))),
            ))
            .unwrap()
            .ids[0];
        let barrier = Arc::new(Barrier::new(2));
        let deleting = {
            let (s, b) = (lina.clone(), barrier.clone());
            std::thread::spawn(move || {
                b.wait();
                s.apply(ChangeSet::one("delete", Edit::Delete(target)))
            })
        };
        let linking = {
            let (s, b) = (wang.clone(), barrier.clone());
            std::thread::spawn(move || {
                b.wait();
                s.apply(ChangeSet::one(
                    "add contact",
                    Edit::Create(Record::Contact(Contact {
                        id: Id::new(Kind::Contact, 0),
                        institution: target,
                        names: vec![Name::new("Aliya", "en")],
                        title: String::new(),
                        email: String::new(),
                        phone: String::new(),
                        notes: String::new(),
                    })),
                ))
            })
        };
        let (d, l) = (deleting.join().unwrap(), linking.join().unwrap());
        assert!(
            d.is_ok() != l.is_ok(),
            "round {round}: delete {d:?}, link {l:?}"
        );
        if let Err(e) = d {
            assert!(matches!(e, StoreError::InUse { .. }), "{e:?}");
        }
        if let Err(e) = l {
            assert!(e.to_string().contains(&target.to_string()), "{e}");
        }
        assert!(lina.check().unwrap().is_empty());
    }
}

#[test]
fn undo_reverts_my_last_change_never_a_colleagues() {
    let Some(t) = team::team() else { return };
    let (lina, wang) = (t.store("lina"), t.store("wang"));
    let t1 = seed(&lina);
    let i1 = Id::new(Kind::Institution, 1);
    let mut a = action(&t1);
    a.title = "lina's title".into();
    lina.apply(ChangeSet::one(
        "lina retitles T1",
        Edit::Update(Record::Action(a)),
    ))
    .unwrap();
    let mut inst = match wang.get(i1).unwrap().unwrap() {
        Record::Institution(i) => i,
        _ => unreachable!(),
    };
    inst.city = "Almaty".into();
    wang.apply(ChangeSet::one(
        "wang sets the city",
        Edit::Update(Record::Institution(inst)),
    ))
    .unwrap();
    // lina's undo skips wang's newer change and reverts her own.
    let undone = lina.undo("undo: ").unwrap().unwrap();
    assert_eq!(undone.summary, "lina retitles T1");
    assert_eq!(
        action(&lina.get(t1.id()).unwrap().unwrap()).title,
        "Send the CVs"
    );
    match lina.get(i1).unwrap().unwrap() {
        Record::Institution(i) => assert_eq!(i.city, "Almaty"),
        _ => unreachable!(),
    }
    // Her next undo would revert adding T1, which wang changes first.
    let mut a = action(&lina.get(t1.id()).unwrap().unwrap());
    a.owner = "wang".into();
    wang.apply(ChangeSet::one(
        "wang takes T1",
        Edit::Update(Record::Action(a)),
    ))
    .unwrap();
    let e = lina.undo("undo: ").unwrap_err();
    assert!(e.to_string().contains("wang changed T1 since"), "{e}");
    // History names who did what, newest first.
    let authors: Vec<String> = lina
        .history(None, 3)
        .unwrap()
        .iter()
        .map(|e| e.author.clone().unwrap_or_default())
        .collect();
    assert_eq!(authors, ["wang", "lina", "wang"]);
}

#[test]
fn a_resent_change_id_applies_nothing_twice() {
    let Some(t) = team::team() else { return };
    let mut c = postgres::Client::connect(
        &format!("{} password={}", t.conninfo("lina"), team::password("lina")),
        postgres::NoTls,
    )
    .unwrap();
    let rec = serde_json::to_value(institution("Resent")).unwrap();
    let mut rec = rec;
    rec["id"] = serde_json::json!("I1");
    let changes = serde_json::json!([{
        "id": "I1", "kind": "I", "tag": 1, "num": 1, "ver": null, "fresh": true,
        "before": null, "after": rec, "refs": [], "due": [], "expiry": null
    }])
    .to_string();
    let call = "SELECT seq, repeated FROM accord.apply_change($1, 'add I1', $2::text::jsonb, '{\"I\": 1}', NULL)";
    let first = c.query_one(call, &[&"change-1", &changes]).unwrap();
    let again = c.query_one(call, &[&"change-1", &changes]).unwrap();
    assert_eq!(first.get::<_, i64>(0), again.get::<_, i64>(0));
    assert!(!first.get::<_, bool>(1));
    assert!(again.get::<_, bool>(1), "the resend is recognised");
    let store = t.store("lina");
    assert_eq!(store.count(Kind::Institution).unwrap(), 1);
    assert_eq!(store.history(None, 10).unwrap().len(), 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_staff_login_cannot_write_the_tables_directly() {
    let Some(t) = team::team() else { return };
    seed(&t.store("lina"));
    let mut c = postgres::Client::connect(
        &format!("{} password={}", t.conninfo("wang"), team::password("wang")),
        postgres::NoTls,
    )
    .unwrap();
    for sql in [
        "INSERT INTO accord.history (seq, author, at, summary, changes) VALUES (99, 'x', now(), 'forged', '[]')",
        "UPDATE accord.records SET data = '{}'",
        "DELETE FROM accord.history",
        "UPDATE accord.seq SET v = 0",
        "TRUNCATE accord.records",
        "SELECT accord.set_display_name('wang', 'Boss')",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code().map(|c| c.code()),
            Some("42501"),
            "{sql} must be refused: {e}"
        );
    }
    // Reading is allowed.
    let n: i64 = c
        .query_one("SELECT count(*) FROM accord.records", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 3);
}

#[test]
fn a_record_that_does_not_decode_is_named_never_a_panic() {
    let Some(t) = team::team() else { return };
    let store = t.store("lina");
    seed(&store);
    // What a broken client or a hand edit could leave: valid JSON, not a record.
    t.cluster.psql(
        &t.db,
        "UPDATE accord.records SET data = '{\"kind\": \"action\", \"title\": 7}' WHERE id = 'T1'",
    );
    let e = store.get(Id::new(Kind::Action, 1)).unwrap_err();
    assert!(e.to_string().contains("record T1 cannot be read"), "{e}");
    let problems = store.check().unwrap();
    assert!(
        problems.iter().any(|p| p.id.as_deref() == Some("T1")),
        "{problems:?}"
    );
    // The rest is still there.
    assert!(store.get(Id::new(Kind::Partnership, 1)).unwrap().is_some());
}
