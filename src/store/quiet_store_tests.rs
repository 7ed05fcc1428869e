//! Tests of [`super`]: answering from the start-up copy, and when it cannot.

use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::store::Edit;

fn clock() -> SharedClock {
    Arc::new(FixedClock(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()))
}

/// A demo database closed cleanly with its copy written.
fn closed_demo(path: &Path) {
    let store = SledStore::open(path, clock()).unwrap();
    crate::demo::load_demo(&store, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    store.read_everything(&Progress::default()).unwrap();
}

fn quiet(path: &Path) -> QuietStore {
    QuietStore::open(path, clock(), None).unwrap()
}

#[test]
fn the_copy_answers_as_sled_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    closed_demo(&path);
    let q = quiet(&path);
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
    type Answers = (
        Vec<Vec<Record>>,
        Vec<usize>,
        Vec<Vec<DueEntry>>,
        Vec<Id>,
        Vec<Vec<Id>>,
    );
    let ask = |s: &dyn Store| -> Answers {
        let all = crate::store::load_all(s).unwrap();
        let lists = Kind::ALL.iter().map(|k| s.list(*k).unwrap()).collect();
        let counts = Kind::ALL.iter().map(|k| s.count(*k).unwrap()).collect();
        let dues = vec![
            s.due(None, None, true).unwrap(),
            s.due(None, day(11, 22), false).unwrap(),
            s.due(day(11, 23), day(12, 31), false).unwrap(),
        ];
        let expiring = s.expiring_before(day(12, 31).unwrap()).unwrap();
        let referrers = all.iter().map(|r| s.referrers(r.id()).unwrap()).collect();
        (lists, counts, dues, expiring, referrers)
    };
    let from_copy = ask(&q);
    assert!(q.open_sled().is_none(), "sled was opened");
    assert!(from_copy.2[0].len() > 3 && !from_copy.3.is_empty());
    let sled = SledStore::open(&path, clock()).unwrap();
    assert!(from_copy == ask(&sled), "the copy answers otherwise");
    for r in crate::store::load_all(&sled).unwrap() {
        assert_eq!(q.get(r.id()).unwrap(), Some(r));
    }
}

#[test]
fn a_change_waits_for_sled_and_the_close_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    closed_demo(&path);
    let q = Arc::new(quiet(&path).handing_over());
    let before = q.version().unwrap();
    let records = q.read_everything(&Progress::default()).unwrap();
    assert!(!records.is_empty());
    q.open_behind();
    // Made at once: waits for the opening under way.
    let note = Id::new(Kind::Note, 1);
    q.apply(ChangeSet::one("delete", Edit::Delete(note)))
        .unwrap();
    assert!(!q.opening());
    assert_eq!(q.version().unwrap().seq, before.seq + 1);
    assert_eq!(q.get(note).unwrap(), None);
    q.remember_everything(&mut records.iter().filter(|r| r.id() != note));
    q.close();
    drop(q);
    let after = quiet::current_version(&path).unwrap();
    assert_eq!(after.seq, before.seq + 1);
    let again = quiet::read_kinds(&path, after, None, &Progress::default()).unwrap();
    assert_eq!(again.iter().map(Vec::len).sum::<usize>(), records.len() - 1);
}

#[test]
fn the_staff_directory_is_served_from_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    closed_demo(&path);
    let member = crate::staff::StaffMember {
        name: "Li Na".into(),
        email: "li.na@hospital.example".into(),
        lang: Some("zh".into()),
        login: None,
    };
    let store = SledStore::open(&path, clock()).unwrap();
    store.put_staff(&member, None).unwrap();
    drop(store);
    let q = quiet(&path);
    assert_eq!(q.staff_directory().unwrap(), vec![member.clone()]);
    assert!(q.open_sled().is_none(), "sled was opened");
    // A copy that is not the one the close wrote is not used.
    std::fs::write(path.join("accord.staff"), b"[]").unwrap();
    let q = quiet(&path);
    assert_eq!(q.staff_directory().unwrap(), vec![member]);
    assert!(q.open_sled().is_some());
}

#[test]
fn without_a_current_copy_sled_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    closed_demo(&path);
    std::fs::remove_file(path.join(crate::store::sled_store::CACHE_FILE)).unwrap();
    let q = quiet(&path);
    let actions = q.list(Kind::Action).unwrap();
    assert!(!actions.is_empty());
    assert!(q.open_sled().is_some());
}
