//! Behaviour of the index as a whole: spellings, highlights, ranking,
//! incremental updates, keystroke reuse.

use chrono::NaiveDate;

use super::*;
use crate::model::*;

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn institution(i: &str, names: &[(&str, &str)], country: &str) -> Record {
    Record::Institution(Institution {
        id: id(i),
        names: names.iter().map(|(t, l)| Name::new(*t, *l)).collect(),
        short_name: String::new(),
        country: country.into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: Vec::new(),
        website: String::new(),
        home: false,
    })
}

fn contact(i: &str, inst: &str, name: &str) -> Record {
    Record::Contact(Contact {
        id: id(i),
        institution: id(inst),
        names: vec![Name::new(name, "en")],
        title: String::new(),
        email: String::new(),
        phone: String::new(),
        notes: String::new(),
    })
}

fn partnership(i: &str, title: &str, partners: &[&str], status: PartnershipStatus) -> Record {
    Record::Partnership(Partnership {
        id: id(i),
        title: title.into(),
        partners: partners.iter().map(|p| id(p)).collect(),
        status,
        areas: Vec::new(),
        owner: String::new(),
        start: NaiveDate::from_ymd_opt(2025, 1, 1),
        description: String::new(),
    })
}

fn records() -> Vec<Record> {
    vec![
        institution(
            "I1",
            &[
                ("北京大学首钢医院", "zh"),
                ("Peking University Shougang Hospital", "en"),
            ],
            "CN",
        ),
        institution("I2", &[("Назарбаев Университет", "ru")], "KZ"),
        institution("I3", &[("Université d'Almaty", "fr")], "KZ"),
        institution(
            "I4",
            &[
                ("Asfendiyarov Kazakh National Medical University", "en"),
                ("Казахский национальный медицинский университет", "ru"),
                ("Қазақ ұлттық медицина университеті", "kk"),
            ],
            "KZ",
        ),
        institution(
            "I5",
            &[("Монгол Улсын Хавдар Судлалын Үндэсний Төв", "mn")],
            "MN",
        ),
        contact("C1", "I1", "Chen Yinghui"),
        partnership(
            "P1",
            "Oncology cooperation",
            &["I1", "I5"],
            PartnershipStatus::Active,
        ),
        partnership(
            "P2",
            "Oncology exchange",
            &["I5"],
            PartnershipStatus::Closed,
        ),
    ]
}

fn top(index: &SearchIndex, q: &str) -> Hit {
    let r = index.search(q, &SearchOptions::default());
    r.hits
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing found for {q:?}"))
}

#[test]
fn chinese_names_are_found_by_pinyin_initials_and_characters() {
    let index = SearchIndex::build(&records());
    for (q, marks) in [
        ("shougang", vec![4, 5]),
        ("首钢", vec![4, 5]),
        ("sgyy", vec![4, 5, 6, 7]),
        ("bjdxsg", vec![0, 1, 2, 3, 4, 5]),
        ("beijing daxue", vec![0, 1, 2, 3]),
    ] {
        let hit = top(&index, q);
        assert_eq!(hit.id, id("I1"), "{q}");
        assert_eq!(hit.title, "北京大学首钢医院");
        assert_eq!(hit.highlights, marks, "{q}");
    }
}

#[test]
fn lower_case_cyrillic_and_unaccented_latin_find_their_names() {
    let index = SearchIndex::build(&records());
    let hit = top(&index, "назарбаев");
    assert_eq!(hit.id, id("I2"));
    assert_eq!(hit.highlights, (0..9).collect::<Vec<_>>());
    let hit = top(&index, "universite");
    assert_eq!(hit.id, id("I3"));
    assert_eq!(hit.highlights, (0..10).collect::<Vec<_>>());
    assert_eq!(top(&index, "nazarbaev").id, id("I2"));
}

#[test]
fn kazakh_names_are_found_in_either_transliteration() {
    let index = SearchIndex::build(&records());
    let hit = top(&index, "qazaq");
    assert_eq!(hit.id, id("I4"));
    let kk = hit
        .also
        .iter()
        .find(|m| m.text.starts_with("Қазақ"))
        .unwrap();
    assert_eq!(kk.highlights, [0, 1, 2, 3, 4]);
    assert_eq!(top(&index, "kazakh").id, id("I4"));
    assert_eq!(top(&index, "kazakhskiy natsionalnyy").id, id("I4"));
    assert_eq!(top(&index, "khavdar").id, id("I5"));
}

#[test]
fn a_match_on_another_name_is_reported_beside_the_title() {
    let index = SearchIndex::build(&records());
    let hit = top(&index, "peking hospital");
    assert_eq!(hit.id, id("I1"));
    assert!(hit.highlights.is_empty());
    assert_eq!(hit.also.len(), 1);
    assert_eq!(hit.also[0].field, Field::Name);
    assert_eq!(
        hit.also[0].highlights,
        [0, 1, 2, 3, 4, 5, 27, 28, 29, 30, 31, 32, 33, 34]
    );
}

#[test]
fn terms_may_match_different_fields_of_related_records() {
    let index = SearchIndex::build(&records());
    let r = index.search("oncology shougang", &SearchOptions::default());
    assert_eq!(r.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [id("P1")]);
    assert_eq!(r.hits[0].also[0].field, Field::Partner);
    // An institution is found by its contacts' names.
    let hit = top(&index, "yinghui");
    assert_eq!(hit.id, id("C1"));
    let r = index.search("yinghui", &SearchOptions::of_kind(Kind::Institution, 5));
    assert_eq!(r.hits[0].id, id("I1"));
    assert_eq!(r.hits[0].also[0].field, Field::Contact);
}

#[test]
fn an_exact_id_comes_first_and_open_records_before_closed() {
    let index = SearchIndex::build(&records());
    assert_eq!(top(&index, "p2").id, id("P2"));
    assert_eq!(top(&index, "I5").id, id("I5"));
    let r = index.search("oncology", &SearchOptions::default());
    assert_eq!(r.hits[0].id, id("P1"));
    assert!(r.hits[0].open && !r.hits[1].open);
}

#[test]
fn whole_words_and_prefixes_beat_scattered_letters() {
    let index = SearchIndex::build(&[
        partnership("P1", "Sharing of gang data", &[], PartnershipStatus::Active),
        partnership("P2", "Shougang training", &[], PartnershipStatus::Active),
        partnership("P3", "Schools on gangways", &[], PartnershipStatus::Active),
    ]);
    let r = index.search("shougang", &SearchOptions::default());
    assert_eq!(r.hits[0].id, id("P2"));
    let r = index.search("shgang", &SearchOptions::default());
    assert_eq!(r.total, 3);
}

#[test]
fn updates_are_seen_without_rebuilding() {
    let mut index = SearchIndex::build(&records());
    index.upsert(&contact("C1", "I1", "Xiang Pingchao"));
    let inst = SearchOptions::of_kind(Kind::Institution, 5);
    assert_eq!(index.search("yinghui", &inst).total, 0);
    assert_eq!(index.search("pingchao", &inst).hits[0].id, id("I1"));
    // A new contact of an institution not indexed yet, then the institution.
    index.upsert(&contact("C2", "I9", "Aliya"));
    index.upsert(&institution(
        "I9",
        &[("哈萨克斯坦共和国总统事务局医院", "zh")],
        "KZ",
    ));
    assert_eq!(index.search("aliya", &inst).hits[0].id, id("I9"));
    assert_eq!(index.search("hasakesitan", &inst).hits[0].id, id("I9"));
    index.remove(id("C2"));
    assert_eq!(index.search("aliya", &inst).total, 0);
    index.remove(id("I9"));
    assert!(!index.contains(id("I9")));
    assert_eq!(
        index.search("hasakesitan", &SearchOptions::default()).total,
        0
    );
    assert_eq!(index.len(), records().len());
}

#[test]
fn typing_and_deleting_give_the_results_of_a_fresh_search() {
    let index = SearchIndex::build(&records());
    let mut searcher = Searcher::new();
    let options = SearchOptions::default();
    let typed = [
        "s",
        "sh",
        "sho",
        "shou",
        "shoug",
        "shou",
        "sh",
        "",
        "o",
        "on",
        "onc",
        "onc ",
        "onc s",
        "onc sg",
        "onc s",
        "m",
        "mo",
        "mon",
        "k",
        "ka",
        "kaz",
        "каз",
        "казах",
    ];
    for q in typed {
        assert_eq!(
            searcher.search(&index, q, &options),
            index.search(q, &options),
            "{q:?}"
        );
    }
}

#[test]
fn a_searcher_notices_changes_to_the_index() {
    let mut index = SearchIndex::build(&records());
    let mut searcher = Searcher::new();
    let options = SearchOptions::default();
    assert_eq!(searcher.search(&index, "yinghu", &options).total, 2);
    index.upsert(&contact("C1", "I1", "Xiang Pingchao"));
    assert_eq!(searcher.search(&index, "yinghui", &options).total, 0);
}

#[test]
fn an_empty_query_lists_records_of_the_kinds_asked() {
    let index = SearchIndex::build(&records());
    let r = index.search("  ", &SearchOptions::of_kind(Kind::Partnership, 10));
    assert_eq!(r.total, 2);
    assert_eq!(r.hits[0].id, id("P1"));
    assert!(r.hits.iter().all(|h| h.highlights.is_empty()));
}

#[test]
fn hits_serialise_for_scripts() {
    let index = SearchIndex::build(&records());
    let json = serde_json::to_value(top(&index, "shougang")).unwrap();
    assert_eq!(json["id"], "I1");
    assert_eq!(json["kind"], "institution");
    assert_eq!(json["title"], "北京大学首钢医院");
    assert!(json["score"].as_i64().unwrap() > 0);
}

#[test]
fn space_freed_by_updates_is_reclaimed_without_changing_results() {
    let mut index = SearchIndex::build(&records());
    let long = "Республиканский специализированный научно-практический медицинский центр";
    for round in 0..3000 {
        let name = format!("{long} {round}");
        index.upsert(&institution(
            "I6",
            &[(name.as_str(), "ru"), ("乐山市人民医院", "zh")],
            "UZ",
        ));
        index.upsert(&contact("C2", "I6", &format!("Rakhmankulov {round}")));
    }
    let mut all = records();
    all.push(institution(
        "I6",
        &[
            (format!("{long} 2999").as_str(), "ru"),
            ("乐山市人民医院", "zh"),
        ],
        "UZ",
    ));
    all.push(contact("C2", "I6", "Rakhmankulov 2999"));
    let fresh = SearchIndex::build(&all);
    let options = SearchOptions::default();
    for q in [
        "2999",
        "rakhmankulov",
        "yueshan",
        "respublikanskiy",
        "shougang",
        "",
    ] {
        assert_eq!(index.search(q, &options), fresh.search(q, &options), "{q}");
    }
    assert_eq!(index.search("2998", &options).total, 0);
    // Without reclaiming, 6000 versions of ~200 bytes would be kept.
    let bound = 2 * fresh.arena_bytes() + (1 << 17);
    assert!(
        index.arena_bytes() < bound,
        "{} {bound}",
        index.arena_bytes()
    );
}

#[test]
fn records_with_very_large_numbers_are_indexed_too() {
    let mut index = SearchIndex::new();
    let big = Id::new(Kind::Institution, 4_000_000_000);
    let mut r = institution(
        "I1",
        &[("Syzganov National Scientific Center of Surgery", "en")],
        "KZ",
    );
    r.set_id(big);
    index.upsert(&r);
    index.upsert(&contact(
        "C3000000000",
        "I4000000000",
        "Kuandykov Telebaldy",
    ));
    assert!(index.contains(big));
    let r = index.search("kuandykov", &SearchOptions::of_kind(Kind::Institution, 5));
    assert_eq!(r.hits[0].id, big);
    assert_eq!(top(&index, "I4000000000").id, big);
}

#[test]
fn counting_less_keeps_the_hits_and_bounds_the_total() {
    let index = SearchIndex::build(&records());
    for q in ["o", "on", "onc", "shougang", "кaз", "mongolia cancer", ""] {
        let exact = index.search(q, &SearchOptions::default());
        let quick = index.search(q, &SearchOptions::typing(2));
        assert_eq!(
            quick.hits,
            exact.hits.into_iter().take(2).collect::<Vec<_>>(),
            "{q}"
        );
        assert!(exact.total_exact);
        assert!(quick.total <= exact.total, "{q}");
        assert!(!quick.total_exact || quick.total == exact.total, "{q}");
    }
    // Among many records, scattered matches that cannot rank among the
    // best are kept for the next keystroke but not counted; nor are
    // records that tie with the best kept but could only rank below them.
    let mut many = Vec::new();
    for n in 1..=300 {
        let title = if n <= 100 {
            format!("Oncology cooperation {n}")
        } else {
            format!("Old partners in Nice {n}")
        };
        many.push(partnership(
            &format!("P{n}"),
            &title,
            &[],
            PartnershipStatus::Active,
        ));
    }
    let index = SearchIndex::build(&many);
    let exact = index.search("onc", &SearchOptions::default());
    let quick = index.search("onc", &SearchOptions::typing(10));
    assert_eq!((exact.total, exact.total_exact), (300, true));
    assert!(
        !quick.total_exact && (10..300).contains(&quick.total),
        "{}",
        quick.total
    );
    assert_eq!(quick.hits, exact.hits[..10]);
}

#[test]
fn a_saved_index_takes_updates_like_a_fresh_one() {
    let index = SearchIndex::build(&records());
    let version = crate::store::Version {
        instance: 9,
        seq: 4,
    };
    let (mut loaded, back) = saved::decode(&saved::encode(&index, version)).unwrap();
    assert_eq!(back, version);
    let options = SearchOptions::default();
    for q in ["shougang", "oncology mongolia", "chen", "P1", ""] {
        assert_eq!(loaded.search(q, &options), index.search(q, &options), "{q}");
    }
    // A renamed partner changes what its partnerships are found by; a new
    // contact what its institution is found by.
    let edits = [
        institution("I5", &[("Улаанбаатарын Хавдрын Төв", "mn")], "MN"),
        contact("C2", "I2", "Aliya Nurlanovna"),
        partnership(
            "P3",
            "Cancer registry",
            &["I2", "I4"],
            PartnershipStatus::Active,
        ),
    ];
    let mut all: Vec<Record> = records()
        .into_iter()
        .filter(|r| r.id() != id("I5") && r.id() != id("P2"))
        .collect();
    for r in &edits {
        loaded.upsert(r);
        all.push(r.clone());
    }
    loaded.remove(id("P2"));
    let fresh = SearchIndex::build(&all);
    assert_eq!(loaded.len(), fresh.len());
    for q in [
        "хавдар",
        "ulaanbaatar",
        "oncology ulaanbaatar",
        "shougang oncology",
        "aliya",
        "nazarbayev aliya",
        "registry kazakh",
        "oncology exchange",
        "chen yinghui",
        "",
    ] {
        assert_eq!(loaded.search(q, &options), fresh.search(q, &options), "{q}");
    }
    // Saved again (the file's part and the records changed since, one
    // after the other) and read back, it is still the same index.
    let (again, _) = saved::decode(&saved::encode(&loaded, version)).unwrap();
    assert_eq!(again.len(), fresh.len());
    for q in [
        "хавдар",
        "nazarbayev aliya",
        "registry kazakh",
        "shougang",
        "",
    ] {
        assert_eq!(again.search(q, &options), fresh.search(q, &options), "{q}");
    }
}

#[test]
fn u_umlaut_is_found_typed_as_v_or_yu() {
    let mut all = records();
    all.push(institution("I6", &[("吕梁市人民医院", "zh")], "CN"));
    all.push(institution("I7", &[("卢梁医院", "zh")], "CN"));
    all.push(institution("I8", &[("北京妇女儿童医院", "zh")], "CN"));
    let index = SearchIndex::build(&all);
    for q in ["lvliang", "lyuliang", "LvLiang", "lv", "lyu"] {
        let r = index.search(q, &SearchOptions::default());
        let ids: Vec<Id> = r.hits.iter().map(|h| h.id).collect();
        assert_eq!(ids.first(), Some(&id("I6")), "{q}: {ids:?}");
        // 卢梁 (lu liang) holds the letters of `lyu`, strewn; not the syllables.
        if q.len() > 3 {
            assert!(!ids.contains(&id("I7")), "{q} is not 卢 lu: {ids:?}");
        }
    }
    assert_eq!(top(&index, "lvliang").highlights, [0, 1]);
    assert_eq!(top(&index, "lyuliang").highlights, [0, 1]);
    // Typed without the dots, and as initials, it finds both.
    for q in ["luliang", "ll"] {
        let r = index.search(q, &SearchOptions::default());
        let ids: Vec<Id> = r.hits.iter().map(|h| h.id).collect();
        assert!(
            ids.contains(&id("I6")) && ids.contains(&id("I7")),
            "{q}: {ids:?}"
        );
    }
    for q in ["nv", "nyu", "funv", "funyu"] {
        let hit = top(&index, q);
        assert_eq!(hit.id, id("I8"), "{q}");
        assert!(hit.highlights.contains(&3), "{q}: 女 is marked");
    }
}

/// A change to an index read from its file makes bookkeeping for the
/// records it reaches only, and changes the entries where they lie (the
/// first change of an interface session at 100k records used to copy every
/// entry and make every record's bookkeeping: 26 MB).
#[test]
fn a_change_to_a_loaded_index_costs_what_it_reaches() {
    let mut all = records();
    for n in 100..1100 {
        all.push(institution(
            &format!("I{n}"),
            &[("Almaty Clinic", "en")],
            "KZ",
        ));
        all.push(contact(&format!("C{n}"), &format!("I{n}"), "Chen Wei"));
    }
    let version = crate::store::Version {
        instance: 1,
        seq: 1,
    };
    let dir = tempfile::tempdir().unwrap();
    cache::write(dir.path(), &SearchIndex::build(&all), version).unwrap();
    let file = dir.path().join(cache::CACHE_FILE);
    let (mut loaded, _, _) = saved::read(&file, saved::Summing::Read).unwrap().unwrap();
    assert_eq!(loaded.bookkeeping(), (0, 0, true));
    loaded.upsert(&contact("C500", "I500", "Zhang Min"));
    loaded.upsert(&institution("I700", &[("Astana Clinic", "en")], "KZ"));
    loaded.remove(id("C900"));
    let (links, masks, private) = loaded.bookkeeping();
    assert!(private, "the entries are changed where they lie");
    assert!(
        links <= 8 && masks <= 8,
        "{links} links, {masks} masks kept"
    );
    let options = SearchOptions::default();
    let found = |q: &str| {
        loaded
            .search(q, &options)
            .hits
            .iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert!(found("zhang min").contains(&id("C500")));
    assert!(found("astana").contains(&id("I700")));
    assert!(
        found("astana").contains(&id("C700")),
        "a contact is found by its institution"
    );
    assert!(!found("chen wei").contains(&id("C900")));
    assert_eq!(loaded.len(), all.len() - 1);
}

#[path = "tests_loaded.rs"]
mod loaded_updates;

#[path = "tests_ranked.rs"]
mod ranked;
