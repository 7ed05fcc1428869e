//! [`SearchIndex::build`] lays an index out exactly as indexing the
//! records one at a time does (the way it was built before it worked in
//! passes over tables): the same saved copy, byte for byte, and the same
//! answers to updates.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

use super::*;
use crate::model::*;
use crate::search::saved;

/// The records indexed one at a time: each one's flags, masks and links,
/// then every region in slot order, with its masks refreshed.
fn one_by_one(records: &[Record]) -> SearchIndex {
    let mut index = SearchIndex::new();
    let mut spelled = Spelled::default();
    records.iter().for_each(|r| spelled.push(r));
    let mut filled: Vec<Option<usize>> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let (_, item) = spelled.get(i).unwrap();
        let slot = index.insert(record, item, &mut Vec::new()) as usize;
        filled.resize(filled.len().max(slot + 1), None);
        filled[slot] = Some(i);
    }
    filled.resize(index.hot.len(), None);
    let own_of = |slot: u32| filled[slot as usize].map(|i| spelled.get(i).unwrap().0);
    let mut text_at = vec![0u32; index.hot.len()];
    let mut next = 0;
    for (slot, at) in text_at.iter_mut().enumerate() {
        if let Some(own) = own_of(slot as u32) {
            *at = next as u32;
            next += own.text.len();
        }
    }
    for slot in 0..index.hot.len() as u32 {
        let Some(own) = own_of(slot) else { continue };
        let borrowed: Vec<_> = index
            .sources(slot)
            .into_iter()
            .filter_map(|(src, kind)| own_of(src).map(|o| (o, text_at[src as usize], kind)))
            .collect();
        let region = index.arena.write(own, None, &borrowed);
        index.set_region(slot, region);
        index.refresh_masks(slot);
    }
    index
}

const NAMES: [&str; 7] = [
    "北京协和医院",
    "吕梁市人民医院",
    "Хавдрын Төв",
    "Қазақ ұлттық университеті",
    "Université de Lyon",
    "Almaty Cancer Centre",
    "",
];

/// A record of any kind that links to others, numbered from a small range
/// so that ids repeat (a later one replaces an earlier) and links point at
/// records that are missing.
fn record() -> impl Strategy<Value = Record> {
    let name = (0..NAMES.len()).prop_map(|n| NAMES[n].to_string());
    let inst = |n: u32| Id::new(Kind::Institution, n);
    prop_oneof![
        (1u32..8, name.clone()).prop_map(move |(n, t)| Record::Institution(Institution {
            id: inst(n),
            names: vec![Name::new(&t, "en")],
            short_name: String::new(),
            country: "KZ".into(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: Vec::new(),
            website: String::new(),
            home: false,
        })),
        (1u32..6, 1u32..9, name.clone()).prop_map(move |(n, i, t)| Record::Contact(Contact {
            id: Id::new(Kind::Contact, n),
            institution: inst(i),
            names: vec![Name::new(&t, "en")],
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        })),
        (
            1u32..6,
            name.clone(),
            proptest::collection::vec(1u32..9, 0..4)
        )
            .prop_map(move |(n, t, partners)| Record::Partnership(Partnership {
                id: Id::new(Kind::Partnership, n),
                title: t,
                partners: partners.into_iter().map(inst).collect(),
                status: PartnershipStatus::Active,
                areas: Vec::new(),
                owner: String::new(),
                start: NaiveDate::from_ymd_opt(2025, 1, 1),
                description: String::new(),
            })),
        (1u32..6, 1u32..7, name).prop_map(|(n, p, t)| Record::Note(Note {
            id: Id::new(Kind::Note, n),
            parent: Id::new(Kind::Partnership, p),
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            kind: NoteKind::Meeting,
            text: t,
            author: String::new(),
        })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The same saved copy, byte for byte, and after the same updates
    /// (which reach each record's links) the same copy again.
    #[test]
    fn built_in_passes_is_built_one_record_at_a_time(
        records in proptest::collection::vec(record(), 0..40),
        updates in proptest::collection::vec(record(), 0..4),
    ) {
        let version = crate::store::Version { instance: 1, seq: 1 };
        let mut built = SearchIndex::build(&records);
        let mut reference = one_by_one(&records);
        prop_assert_eq!(built.len(), reference.len());
        prop_assert!(saved::encode(&built, version) == saved::encode(&reference, version));
        for r in &updates {
            built.upsert(r);
            reference.upsert(r);
        }
        if let Some(gone) = records.first() {
            built.remove(gone.id());
            reference.remove(gone.id());
        }
        prop_assert!(saved::encode(&built, version) == saved::encode(&reference, version));
        let options = SearchOptions::default();
        for q in ["xiehe", "lvliang", "хавдар", "qazaq", "lyon", "almaty", "P1", ""] {
            prop_assert_eq!(built.search(q, &options), reference.search(q, &options), "{}", q);
        }
    }
}

/// Enough records to be spelled on several threads, and thousands of
/// slots: still the same saved copy.
#[test]
fn many_records_built_in_passes_are_built_one_record_at_a_time() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let records: Vec<Record> = (0..6000)
        .map(|_| record().new_tree(&mut runner).unwrap().current())
        .enumerate()
        .map(|(n, mut r)| {
            // Ids spread wider than the small range, so that there are
            // thousands of slots.
            let n = n as u32 + 1;
            match &mut r {
                Record::Institution(i) => i.id = Id::new(Kind::Institution, n),
                Record::Contact(c) => c.institution = Id::new(Kind::Institution, n / 2 + 1),
                Record::Partnership(p) => {
                    p.id = Id::new(Kind::Partnership, n % 3000 + 1);
                    p.partners.iter_mut().for_each(|i| i.n += n);
                }
                Record::Note(note) => {
                    note.id = Id::new(Kind::Note, n);
                    note.parent.n += n % 2000;
                }
                _ => {}
            }
            r
        })
        .collect();
    let version = crate::store::Version {
        instance: 1,
        seq: 1,
    };
    let built = SearchIndex::build(&records);
    assert!(built.hot.len() > 4096, "{} slots", built.hot.len());
    let reference = one_by_one(&records);
    assert!(saved::encode(&built, version) == saved::encode(&reference, version));
}
