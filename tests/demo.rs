//! The demo dataset: sound, idempotent, undoable, and dated relative to the
//! day it is loaded.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use accord::clock::FixedClock;
use accord::demo::{DEMO_SUMMARY, load_demo};
use accord::due::{Bucket, triage_queue};
use accord::model::{Id, Institution, InstitutionKind, Kind, Name, Record, Standing};
use accord::store::{ChangeSet, DueSlot, Edit, SledStore, Store};
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn store_at(today: NaiveDate) -> SledStore {
    SledStore::temporary(Arc::new(FixedClock(today))).unwrap()
}

fn institutions(store: &dyn Store) -> Vec<Institution> {
    store
        .list(Kind::Institution)
        .unwrap()
        .into_iter()
        .filter_map(|r| match r {
            Record::Institution(i) => Some(i),
            _ => None,
        })
        .collect()
}

/// The institution with a name containing `name`.
fn institution_named(store: &dyn Store, name: &str) -> Institution {
    institutions(store)
        .into_iter()
        .find(|i| i.names.iter().any(|n| n.text.contains(name)))
        .unwrap_or_else(|| panic!("no institution named {name}"))
}

#[test]
fn the_demo_loads_soundly_in_one_change_with_the_expected_sizes() {
    let today = day("2026-11-23");
    let store = store_at(today);
    let outcome = load_demo(&store, today).unwrap();
    assert_eq!(store.check().unwrap(), vec![], "check finds problems");
    assert_eq!(outcome.total_skipped(), 0);

    let count = |k| store.count(k).unwrap();
    for kind in Kind::ALL {
        assert_eq!(outcome.created_of(kind), count(kind), "{kind}");
    }
    assert!(
        count(Kind::Institution) >= 25,
        "{}",
        count(Kind::Institution)
    );
    assert!((12..=20).contains(&count(Kind::Contact)));
    assert!((5..=7).contains(&count(Kind::Partnership)));
    assert!((6..=9).contains(&count(Kind::Agreement)));
    assert!((20..=30).contains(&count(Kind::Action)));
    assert!((8..=12).contains(&count(Kind::FollowUp)));
    assert!((10..=15).contains(&count(Kind::Note)));

    let history = store.history(None, 10).unwrap();
    assert_eq!(history.len(), 1, "the demo is one change");
    assert_eq!(history[0].summary, DEMO_SUMMARY);
    assert_eq!(outcome.seq, Some(history[0].seq));
    assert!(outcome.to_string().starts_with("created "), "{outcome}");
}

#[test]
fn loading_twice_creates_nothing_the_second_time() {
    let today = day("2026-11-23");
    let store = store_at(today);
    let first = load_demo(&store, today).unwrap();
    let second = load_demo(&store, today).unwrap();
    assert_eq!(second.total_created(), 0, "{second}");
    assert_eq!(second.total_skipped(), first.total_created());
    assert_eq!(second.seq, None);
    assert_eq!(store.history(None, 10).unwrap().len(), 1);
    // A later day does not duplicate anything either.
    let later = load_demo(&store, day("2027-01-05")).unwrap();
    assert_eq!(later.total_created(), 0, "{later}");
}

#[test]
fn one_undo_removes_the_whole_demo() {
    let today = day("2026-11-23");
    let store = store_at(today);
    load_demo(&store, today).unwrap();
    let undone = store.undo("undo: ").unwrap().unwrap();
    assert_eq!(undone.summary, DEMO_SUMMARY);
    assert!(store.is_empty().unwrap());
    assert_eq!(store.check().unwrap(), vec![]);
}

#[test]
fn triage_has_every_bucket_and_renewal_work_on_the_demo_day() {
    let today = day("2026-11-23");
    let store = store_at(today);
    load_demo(&store, today).unwrap();
    let queue = triage_queue(&store, today).unwrap();
    let mut per_bucket: BTreeMap<Bucket, usize> = BTreeMap::new();
    for item in &queue {
        *per_bucket.entry(item.bucket).or_default() += 1;
    }
    for b in Bucket::ALL {
        assert!(
            per_bucket.get(&b).copied().unwrap_or(0) > 0,
            "no {b:?} items: {per_bucket:?}"
        );
    }
    assert!(
        queue.iter().any(|i| i.slot == DueSlot::RenewalNotice),
        "no renewal notice in the queue"
    );
    let standings: Vec<(Standing, bool, Option<i64>)> = store
        .list(Kind::Agreement)
        .unwrap()
        .into_iter()
        .filter_map(|r| match r {
            Record::Agreement(a) => Some((
                a.standing(today),
                a.status.in_force(),
                a.days_to_expiry(today),
            )),
            _ => None,
        })
        .collect();
    assert!(
        standings.iter().any(|(s, _, _)| *s == Standing::Expiring),
        "no agreement inside its renewal-notice window: {standings:?}"
    );
    assert!(
        standings
            .iter()
            .any(|(_, in_force, d)| !in_force && d.is_some_and(|d| d < 0)),
        "no expired agreement: {standings:?}"
    );
    assert!(
        standings
            .iter()
            .any(|(_, in_force, d)| *in_force && d.is_some_and(|d| (0..=7).contains(&d))),
        "no agreement in force expiring within a week: {standings:?}"
    );
}

/// Each open item's key with its days from today.
fn relative_queue(store: &dyn Store, today: NaiveDate) -> BTreeSet<(String, Option<i64>)> {
    triage_queue(store, today)
        .unwrap()
        .into_iter()
        .map(|i| (i.title, i.days))
        .collect()
}

#[test]
fn deadlines_move_with_the_day_of_loading_but_reported_dates_do_not() {
    let (a, b) = (day("2026-11-23"), day("2027-03-02"));
    let (sa, sb) = (store_at(a), store_at(b));
    load_demo(&sa, a).unwrap();
    load_demo(&sb, b).unwrap();

    let title = "Set up the international medical care pathway for Mongolian patients";
    let due = |s: &dyn Store| {
        s.list(Kind::Action)
            .unwrap()
            .into_iter()
            .find_map(|r| match r {
                Record::Action(t) if t.title == title => t.due,
                _ => None,
            })
    };
    assert_eq!(due(&sa), Some(a));
    assert_eq!(due(&sb), Some(b));

    // Relative deadlines keep their distance from today; fixed ones (the
    // 2027 labour-analgesia target, the MOU expiries) do not.
    let (qa, qb) = (relative_queue(&sa, a), relative_queue(&sb, b));
    let shifted: Vec<_> = qa.intersection(&qb).collect();
    assert!(
        shifted.len() >= 20,
        "only {} items keep their distance",
        shifted.len()
    );
    assert_ne!(
        qa, qb,
        "fixed dates should not move with the day of loading"
    );

    let note_dates = |s: &dyn Store| -> BTreeSet<NaiveDate> {
        s.list(Kind::Note)
            .unwrap()
            .into_iter()
            .filter_map(|r| r.date())
            .filter(|d| *d < day("2026-01-01"))
            .collect()
    };
    assert!(note_dates(&sa).contains(&day("2025-10-31")));
    assert_eq!(note_dates(&sa), note_dates(&sb));
}

#[test]
fn the_home_hospital_and_partners_carry_names_in_their_own_scripts() {
    let today = day("2026-11-23");
    let store = store_at(today);
    load_demo(&store, today).unwrap();

    let home = institution_named(&store, "北京大学首钢医院");
    assert!(home.home);
    assert!(
        home.names
            .contains(&Name::new("Peking University Shougang Hospital", "en"))
    );
    assert_eq!(home.country, "CN");
    assert_eq!(institutions(&store).iter().filter(|i| i.home).count(), 1);

    let kaz = institution_named(&store, "Қазақ ұлттық медицина университеті");
    assert_eq!(kaz.country, "KZ");
    let mn = institution_named(&store, "Хавдар судлалын үндэсний төв");
    assert_eq!(mn.country, "MN");
    let tj = institution_named(&store, "Маркази миллии тиббии «Шифобахш»");
    assert_eq!(tj.country, "TJ");

    let all_names: Vec<Name> = institutions(&store)
        .into_iter()
        .flat_map(|i| i.names)
        .collect();
    for lang in ["zh", "en", "ru", "kk", "mn", "uz", "tg"] {
        assert!(all_names.iter().any(|n| n.lang == lang), "no {lang} name");
    }
    assert!(
        all_names.iter().any(|n| n
            .text
            .chars()
            .any(|c| c.is_alphabetic() && !c.is_ascii() && (c as u32) < 0x250)),
        "no Latin name with diacritics"
    );
    for i in institutions(&store) {
        assert!(
            i.names.iter().any(|n| n.lang == "zh"),
            "{:?} has no Chinese name",
            i.names
        );
        assert!(
            i.names.iter().any(|n| n.lang == "en"),
            "{:?} has no English name",
            i.names
        );
    }
}

#[test]
fn records_already_present_are_reused_and_a_second_home_is_not_made() {
    let today = day("2026-11-23");
    let store = store_at(today);
    let mine = Institution {
        id: Id::new(Kind::Institution, 0),
        names: vec![Name::new("Peking University Shougang Hospital", "en")],
        short_name: String::new(),
        country: "CN".into(),
        city: "Beijing".into(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    };
    let other_home = Institution {
        names: vec![Name::new("Our Office", "en")],
        home: true,
        ..mine.clone()
    };
    let mut change = ChangeSet::new("set up");
    change.push(Edit::Create(Record::Institution(mine)));
    change.push(Edit::Create(Record::Institution(other_home)));
    store.apply(change).unwrap();

    let outcome = load_demo(&store, today).unwrap();
    assert_eq!(outcome.skipped.get(&Kind::Institution), Some(&1));
    assert_eq!(store.check().unwrap(), vec![]);
    assert_eq!(institutions(&store).iter().filter(|i| i.home).count(), 1);
    let pkush = institution_named(&store, "Peking University Shougang Hospital");
    assert_eq!(
        pkush.id,
        Id::new(Kind::Institution, 1),
        "the existing record is reused"
    );
    assert!(
        store
            .referrers(pkush.id)
            .unwrap()
            .iter()
            .any(|r| r.kind == Kind::Agreement),
        "the demo agreements should name the existing hospital"
    );
}
