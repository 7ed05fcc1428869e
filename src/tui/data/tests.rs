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
