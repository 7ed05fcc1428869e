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
