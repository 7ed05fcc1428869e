//! Tests of the spellings and masks derived from records' names.

use super::*;

fn spell(text: &str, v: Variant) -> (String, Vec<usize>) {
    let mut s = String::new();
    let mut map = Vec::new();
    derive(text, v, &mut s, Some(&mut map));
    (s, map)
}

#[test]
fn chinese_gets_pinyin_initials_and_a_map_back() {
    let name = "北京大学首钢医院";
    let (latin, map) = spell(name, Variant::Latin);
    assert_eq!(latin, "BeiJingDaXueShouGangYiYuan");
    assert_eq!(map.len(), latin.chars().count());
    let at = latin.find("Shou").unwrap();
    assert_eq!(map[at], 4);
    assert_eq!(spell(name, Variant::Initials).0, "BJDXSGYY");
}

#[test]
fn polyphonic_characters_get_alternative_spellings() {
    let mut vs = Vec::new();
    variants("长春", &mut vs);
    let spelled: Vec<String> = vs.iter().map(|v| spell("长春", *v).0).collect();
    assert!(spelled.contains(&"ZhangChun".to_string()), "{spelled:?}");
    assert!(spelled.contains(&"ChangChun".to_string()), "{spelled:?}");
    assert!(spelled.contains(&"CC".to_string()), "{spelled:?}");
}

#[test]
fn u_umlaut_is_also_spelled_v_and_yu() {
    let mut vs = Vec::new();
    variants("吕梁市人民医院", &mut vs);
    let spelled: Vec<String> = vs.iter().map(|v| spell("吕梁市人民医院", *v).0).collect();
    for s in [
        "LuLiangShiRenMinYiYuan",
        "LvLiangShiRenMinYiYuan",
        "LyuLiangShiRenMinYiYuan",
        "LLSRMYY",
    ] {
        assert!(spelled.contains(&s.to_string()), "{s} in {spelled:?}");
    }
    let (yu, map) = spell("女", Variant::LatinYu);
    assert_eq!(yu, "Nyu");
    assert_eq!(map, [0, 0, 0]);
    assert_eq!(spell("略", Variant::LatinV).0, "Lve");
    // Texts without a ü get no more spellings.
    variants("北京大学首钢医院", &mut vs);
    assert!(!vs.contains(&Variant::LatinV), "{vs:?}");
}

#[test]
fn ascii_text_has_one_spelling_and_cyrillic_three() {
    let mut vs = Vec::new();
    variants("Peking", &mut vs);
    assert_eq!(vs, [Variant::Fold]);
    variants("Казахский", &mut vs);
    assert_eq!(vs, [Variant::Fold, Variant::Latin, Variant::Russian]);
}

#[test]
fn every_output_char_maps_to_a_source_char() {
    for text in ["Straße", "Қазақ", "阿里 Consortium", "ǅ̈x"] {
        let mut vs = Vec::new();
        variants(text, &mut vs);
        let n = text.chars().count();
        for v in vs {
            let (s, map) = spell(text, v);
            assert_eq!(s.chars().count(), map.len(), "{text} {v:?}");
            assert!(map.iter().all(|&i| i < n), "{text} {v:?}");
        }
    }
}

#[test]
fn whole_first_words_are_told_from_prefixes() {
    let mut m = Masks::default();
    m.add("Kazakh National University", true);
    m.add("ab-cd", true);
    m.add("X", true);
    m.add("Oncology", false);
    let key = |s: &str| Key::of(s.chars());
    assert_eq!(m.bound(&key("kazakh")), 100);
    assert_eq!(m.bound(&key("kaz")), 70);
    assert_eq!(m.bound(&key("kaza")), 70);
    assert_eq!(m.bound(&key("k")), 70);
    // A run ends before punctuation, and may hold it.
    assert_eq!(m.bound(&key("ab")), 100);
    assert_eq!(m.bound(&key("ab-")), 100);
    assert_eq!(m.bound(&key("ab-c")), 70);
    // Five characters and more: told nothing, so not ruled out.
    assert_eq!(m.bound(&key("ab-cd")), 100);
    assert_eq!(m.bound(&key("kazak")), 100);
    assert_eq!(m.bound(&key("x")), 100);
    assert_eq!(m.bound(&key("kazakhn")), 100);
    assert_eq!(m.bound(&key("kazakh national")), 100);
    // Words and other fields are bounded as before.
    assert_eq!(m.bound(&key("univ")), 60);
    assert_eq!(m.bound(&key("onc")), 50);
    // The phrase bound keeps to name beginnings.
    assert_eq!(m.phrase_bound(&key("kaz")), 100);
    assert_eq!(m.phrase_bound(&key("nat")), 40);
}

#[test]
fn masks_ignore_case_and_punctuation() {
    assert_eq!(mask_of("Ab"), mask_of("aB"));
    assert_eq!(mask_of(" -'"), 0);
    assert_ne!(mask_of("首"), 0);
}

#[test]
fn masks_tell_name_starts_words_and_other_fields_apart() {
    let mut m = Masks::default();
    m.add("ShouGang", true);
    m.add("cancer center", false);
    let key = |s: &str| Key::of(s.chars());
    assert_eq!(m.bound(&key("shou")), 100);
    assert_eq!(m.bound(&key("shougang")), 100);
    // Begins a name, but is not its first word: at most a prefix.
    assert_eq!(m.bound(&key("s")), 70);
    assert_eq!(m.bound(&key("sho")), 70);
    assert_eq!(m.bound(&key("gang")), 60);
    assert_eq!(m.bound(&key("canc")), 50);
    assert_eq!(m.bound(&key("cent")), 30);
    assert_eq!(m.bound(&key("ang")), 20);
    assert_eq!(m.bound(&key("x")), 20);
    assert_eq!(m.all, mask_of("shougangcancerter"));
    let mut owner = Masks::default();
    owner.borrow(&m);
    assert_eq!(owner.bound(&key("shou")), 50);
    assert_eq!(owner.bound(&key("gang")), 30);
    assert_eq!(owner.bound(&key("")), 100);
}
