//! Pinyin ü typed the ways people type it: `v` on pinyin keyboards, `yu`
//! in passports, plain `u`, and as initials.

use accord::model::*;
use accord::search::{SearchIndex, SearchOptions};
use pinyin::ToPinyin;
use proptest::prelude::*;

fn institution(name: &str) -> Record {
    Record::Institution(Institution {
        id: Id::new(Kind::Institution, 1),
        names: vec![Name::new(name, "zh")],
        short_name: String::new(),
        country: "CN".into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home: false,
    })
}

/// The name's usual pinyin with ü written `umlaut`.
fn spelled(name: &str, umlaut: &str) -> String {
    name.chars()
        .filter_map(|c| c.to_pinyin())
        .map(|p| p.plain().replace('ü', umlaut))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn names_with_u_umlaut_are_found_however_it_is_typed(
        name in "[吕女绿旅律驴略虑梁北京人民医院]{1,6}"
    ) {
        let index = SearchIndex::build(&[institution(&name)]);
        let initials: String = name
            .chars()
            .filter_map(|c| c.to_pinyin())
            .filter_map(|p| p.plain().chars().next())
            .collect();
        for q in [spelled(&name, "v"), spelled(&name, "yu"), spelled(&name, "u"), initials] {
            let r = index.search(&q, &SearchOptions::default());
            prop_assert_eq!(r.hits.len(), 1, "{} does not find {}", q, name);
            let n = name.chars().count();
            prop_assert!(r.hits[0].highlights.iter().all(|&i| i < n));
        }
    }
}
