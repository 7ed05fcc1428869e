//! The rulebook's answers to two people editing one record.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::FixedClock;
use crate::model::*;
use crate::store::{ChangeSet, Edit, SledStore, Store, StoreError};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
}

/// A store with P1 (partner I1) and the open action T1 under it.
fn store() -> (SledStore, Record) {
    let s = SledStore::temporary(Arc::new(FixedClock(day(6)))).unwrap();
    let mut c = ChangeSet::new("set up");
    c.push(Edit::Create(Record::Institution(Institution {
        id: Id::new(Kind::Institution, 1),
        names: vec![Name::new("Almaty hospital", "en")],
        short_name: String::new(),
        country: "KZ".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })));
    c.push(Edit::Create(Record::Partnership(Partnership {
        id: Id::new(Kind::Partnership, 1),
        title: "Exchange".into(),
        partners: vec![Id::new(Kind::Institution, 1)],
        status: PartnershipStatus::Active,
        areas: vec![],
        owner: String::new(),
        start: None,
        description: String::new(),
    })));
    let t1 = Record::Action(ActionItem {
        id: Id::new(Kind::Action, 1),
        parent: Id::new(Kind::Partnership, 1),
        title: "Send the CVs".into(),
        owner: "lina".into(),
        due: Some(day(10)),
        status: ActionStatus::Open,
        priority: Priority::Normal,
        completed: None,
    });
    c.push(Edit::Create(t1.clone()));
    s.apply(c).unwrap();
    (s, t1)
}

fn action(r: &Record) -> ActionItem {
    match r {
        Record::Action(a) => a.clone(),
        _ => panic!("not an action: {r:?}"),
    }
}

#[test]
fn edits_of_different_fields_both_stay() {
    let (s, seen) = store();
    let mut theirs = action(&seen);
    theirs.owner = "wang".into();
    s.apply(ChangeSet::one(
        "reassign",
        Edit::Update(Record::Action(theirs)),
    ))
    .unwrap();
    let mut mine = action(&seen);
    mine.due = Some(day(20));
    s.apply(ChangeSet::one("snooze", Edit::Update(Record::Action(mine))).saw(seen))
        .unwrap();
    let now = action(&s.get(Id::new(Kind::Action, 1)).unwrap().unwrap());
    assert_eq!(now.owner, "wang");
    assert_eq!(now.due, Some(day(20)));
}

#[test]
fn the_same_field_changed_twice_is_refused_naming_both_values() {
    let (s, seen) = store();
    let mut theirs = action(&seen);
    theirs.title = "Send the CVs and photos".into();
    s.apply(ChangeSet::one(
        "retitle",
        Edit::Update(Record::Action(theirs)),
    ))
    .unwrap();
    let mut mine = action(&seen);
    mine.title = "Send the CVs by mail".into();
    let e = s
        .apply(ChangeSet::one("retitle", Edit::Update(Record::Action(mine))).saw(seen))
        .unwrap_err();
    assert!(matches!(e, StoreError::ChangedSince { .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("T1's title was changed by"), "{text}");
    assert!(text.contains("Send the CVs and photos"), "{text}");
    assert!(text.contains("Send the CVs by mail"), "{text}");
    let now = action(&s.get(Id::new(Kind::Action, 1)).unwrap().unwrap());
    assert_eq!(now.title, "Send the CVs and photos");
}

#[test]
fn acting_on_an_item_a_colleague_closed_says_so_instead_of_reopening_it() {
    let (s, seen) = store();
    let mut theirs = action(&seen);
    theirs.status = ActionStatus::Done;
    theirs.completed = Some(day(6));
    s.apply(ChangeSet::one("done", Edit::Update(Record::Action(theirs))))
        .unwrap();
    let mut mine = action(&seen);
    mine.due = Some(day(13));
    let e = s
        .apply(ChangeSet::one("snooze", Edit::Update(Record::Action(mine))).saw(seen))
        .unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("T1 was marked done by "), "{text}");
    let now = action(&s.get(Id::new(Kind::Action, 1)).unwrap().unwrap());
    assert_eq!(now.status, ActionStatus::Done);
}

#[test]
fn deleting_a_record_someone_changed_since_is_refused() {
    let (s, seen) = store();
    let mut theirs = action(&seen);
    theirs.owner = "wang".into();
    s.apply(ChangeSet::one(
        "reassign",
        Edit::Update(Record::Action(theirs)),
    ))
    .unwrap();
    let e = s
        .apply(ChangeSet::one("delete", Edit::Delete(seen.id())).saw(seen))
        .unwrap_err();
    assert!(e.to_string().contains("was changed by"), "{e}");
    assert!(s.get(Id::new(Kind::Action, 1)).unwrap().is_some());
}

#[test]
fn an_unchanged_record_is_written_as_edited() {
    let (s, seen) = store();
    let mut mine = action(&seen);
    mine.title = "Send the two CVs".into();
    s.apply(ChangeSet::one("retitle", Edit::Update(Record::Action(mine.clone()))).saw(seen))
        .unwrap();
    assert_eq!(
        s.get(Id::new(Kind::Action, 1)).unwrap(),
        Some(Record::Action(mine))
    );
}
