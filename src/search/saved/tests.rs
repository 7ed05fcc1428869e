use super::*;
use crate::model::{Id, Kind};
use crate::search::derive::Variant;
use crate::search::entry::Field;

#[test]
fn every_field_and_variant_survives_its_byte() {
    for (i, f) in Field::ALL.iter().enumerate() {
        assert_eq!(*f as usize, i);
        assert_eq!(Field::of(*f as u8), *f);
        let span = FieldSpan::new(1, 2, *f, true);
        assert_eq!((span.field(), span.lends()), (*f, true));
    }
    // A number that is no field reads as a title, never as garbage.
    assert_eq!(Field::of(Field::ALL.len() as u8), Field::Title);
    for v in [
        Variant::Fold,
        Variant::Latin,
        Variant::Russian,
        Variant::Initials,
        Variant::LatinV,
        Variant::LatinYu,
        Variant::PinyinAlt { pos: 3, reading: 2 },
        Variant::InitialsAlt {
            pos: 700,
            reading: 1,
        },
    ] {
        let (t, p, r) = v.code();
        assert_eq!(Variant::from_code(t, p, r), Some(v));
    }
    assert_eq!(Variant::from_code(8, 0, 0), None);
}

#[test]
fn every_truncation_and_flipped_byte_is_refused() {
    let mut index = SearchIndex::new();
    index.upsert(&crate::model::Record::Institution(
        crate::model::Institution {
            id: Id::new(Kind::Institution, 1),
            names: vec![crate::model::Name::new("北京大学首钢医院", "zh")],
            short_name: String::new(),
            country: "CN".into(),
            city: String::new(),
            kind: crate::model::InstitutionKind::Hospital,
            tags: Vec::new(),
            website: String::new(),
            home: false,
        },
    ));
    let version = Version {
        instance: 7,
        seq: 3,
    };
    let bytes = encode(&index, version);
    let (back, v) = decode(&bytes).unwrap();
    assert_eq!(v, version);
    assert_eq!(back.len(), 1);
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x10;
        assert!(decode(&damaged).is_err(), "flipped byte {at}");
    }
}
