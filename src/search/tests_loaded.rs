//! A loaded index edited at random equals a fresh build (see [`super`]).

use proptest::prelude::*;

use super::*;

/// One edit of the small database: rename an institution, add or
/// move a contact, repartner a partnership, or remove a record.
#[derive(Debug, Clone)]
enum Edit {
    Rename(u8, u8),
    Contact(u8, u8, u8),
    Partners(u8, u8, u8),
    Remove(u8),
}

const NAMES: [&str; 6] = [
    "Хавдрын Төв",
    "北京协和医院",
    "Université de Lyon",
    "Almaty Cancer Centre",
    "吕梁市人民医院",
    "Kazakh Oncology",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (1u8..6, 0u8..6).prop_map(|(i, n)| Edit::Rename(i, n)),
        (1u8..5, 1u8..6, 0u8..6).prop_map(|(c, i, n)| Edit::Contact(c, i, n)),
        (1u8..4, 1u8..6, 1u8..6).prop_map(|(p, a, b)| Edit::Partners(p, a, b)),
        (0u8..12).prop_map(Edit::Remove),
    ]
}

fn apply(e: &Edit) -> Result<Record, Id> {
    let name = |n: u8| NAMES[usize::from(n) % NAMES.len()];
    match *e {
        Edit::Rename(i, n) => Ok(institution(&format!("I{i}"), &[(name(n), "en")], "KZ")),
        Edit::Contact(c, i, n) => Ok(contact(&format!("C{c}"), &format!("I{i}"), name(n))),
        Edit::Partners(p, a, b) => Ok(partnership(
            &format!("P{p}"),
            name(a),
            &[&format!("I{a}"), &format!("I{b}")],
            PartnershipStatus::Active,
        )),
        Edit::Remove(n) => Err(id(&match n % 3 {
            0 => format!("I{}", n % 5 + 1),
            1 => format!("C{}", n % 4 + 1),
            _ => format!("P{}", n % 3 + 1),
        })),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Edits applied to an index read from its saved copy (which takes
    /// each record's links only when an edit reaches it) give what a
    /// fresh index of the edited records gives, and so does its copy
    /// saved and read again: read from bytes in memory, and read from
    /// its file (mapped copy-on-write, changed where it lies, the file
    /// left as it was).
    #[test]
    fn a_loaded_index_edited_is_a_fresh_one(edits in proptest::collection::vec(edit(), 1..12)) {
        let version = crate::store::Version { instance: 1, seq: 1 };
        let index = SearchIndex::build(&records());
        let (decoded, _) = saved::decode(&saved::encode(&index, version)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        cache::write(dir.path(), &index, version).unwrap();
        let file = dir.path().join(cache::CACHE_FILE);
        let written = std::fs::read(&file).unwrap();
        let (mapped, _, _) = saved::read(&file, saved::Summing::Read).unwrap().unwrap();
        prop_assert!(mapped.hot.is_private());
        let mut all: std::collections::BTreeMap<Id, Record> =
            records().into_iter().map(|r| (r.id(), r)).collect();
        let mut loaded = [decoded, mapped];
        for e in &edits {
            match apply(e) {
                Ok(r) => {
                    loaded.iter_mut().for_each(|l| l.upsert(&r));
                    all.insert(r.id(), r);
                }
                Err(gone) => {
                    loaded.iter_mut().for_each(|l| l.remove(gone));
                    all.remove(&gone);
                }
            }
        }
        prop_assert_eq!(std::fs::read(&file).unwrap(), written);
        let fresh = SearchIndex::build(&all.into_values().collect::<Vec<_>>());
        let options = SearchOptions::default();
        for loaded in &loaded {
            let (again, _) = saved::decode(&saved::encode(loaded, version)).unwrap();
            prop_assert_eq!(loaded.len(), fresh.len());
            for q in ["хавдар", "lyon", "almaty", "bjxh", "lvliang", "kazakh oncology", "chen", ""] {
                prop_assert_eq!(loaded.search(q, &options), fresh.search(q, &options), "{}", q);
                prop_assert_eq!(again.search(q, &options), fresh.search(q, &options), "{}", q);
            }
        }
    }
}

/// A partner's names are stored once, however many records refer to it:
/// the text of the index does not grow with the records that borrow
/// them (it used to hold a copy of every name in every borrower).
#[test]
fn a_name_is_stored_once_however_many_records_refer_to_it() {
    let long = "Республиканский специализированный научно-практический медицинский центр";
    let text = |partnerships: u32| {
        let mut all = vec![institution("I1", &[(long, "ru")], "UZ")];
        for n in 1..=partnerships {
            all.push(partnership(
                &format!("P{n}"),
                "Exchange",
                &["I1"],
                PartnershipStatus::Active,
            ));
        }
        let index = SearchIndex::build(&all);
        let found = index.search("respublikanskiy", &SearchOptions::default());
        assert_eq!(found.total, all.len(), "every partnership by its partner");
        index.arena_bytes()
    };
    let (one, many) = (text(1), text(201));
    // Each partnership's own texts ("Exchange", its id): well under the
    // partner's name (72 characters, twice that in Latin letters).
    assert!(
        many - one < 200 * 40,
        "{one} bytes with one partnership, {many} with 201"
    );
}

/// A partnership is found by its partners' names after one partner is
/// renamed again and again in an index mapped from its saved file: the
/// renamed partner's new name and the other partner's name (still in the
/// file, until the index is compacted and every text moves) both find it.
#[test]
fn a_partnership_is_found_by_its_partners_names_after_renames_in_a_mapped_index() {
    let version = crate::store::Version {
        instance: 1,
        seq: 1,
    };
    let dir = tempfile::tempdir().unwrap();
    cache::write(dir.path(), &SearchIndex::build(&records()), version).unwrap();
    let file = dir.path().join(cache::CACHE_FILE);
    let (mut mapped, _, _) = saved::read(&file, saved::Summing::Read).unwrap().unwrap();
    let long = "Республиканский специализированный научно-практический медицинский центр";
    let options = SearchOptions::default();
    let found = |index: &SearchIndex, q: &str| -> Vec<Id> {
        index
            .search(q, &options)
            .hits
            .iter()
            .map(|h| h.id)
            .collect()
    };
    let mut all: std::collections::BTreeMap<Id, Record> =
        records().into_iter().map(|r| (r.id(), r)).collect();
    // Enough renames that released text outgrows the rest and the index
    // is compacted (more than once).
    for round in 0..1500 {
        let renamed = institution("I5", &[(&format!("{long} {round}"), "ru")], "MN");
        mapped.upsert(&renamed);
        all.insert(renamed.id(), renamed);
        if round % 500 == 0 {
            assert!(found(&mapped, &format!("{round}")).contains(&id("P1")));
        }
    }
    assert!(found(&mapped, "1499 respublikanskiy").contains(&id("P1")));
    assert!(found(&mapped, "1499 shougang").contains(&id("P1")));
    assert!(found(&mapped, "peking").contains(&id("P1")));
    assert!(
        !found(&mapped, "хавдар").contains(&id("P1")),
        "the old name"
    );
    let fresh = SearchIndex::build(&all.into_values().collect::<Vec<_>>());
    for q in [
        "1499",
        "shougang",
        "peking respublikanskiy",
        "chen",
        "bjdx",
        "",
    ] {
        assert_eq!(mapped.search(q, &options), fresh.search(q, &options), "{q}");
    }
}
