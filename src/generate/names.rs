//! The name material of the synthetic dataset: cities, institution kinds
//! and topics in Chinese, Cyrillic and Latin scripts.

use super::Rng;
use crate::model::*;

pub const CHINESE_CITIES: &[(&str, &str)] = &[
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("乌鲁木齐", "Urumqi"),
    ("西安", "Xi'an"),
    ("成都", "Chengdu"),
    ("武汉", "Wuhan"),
    ("青岛", "Qingdao"),
    ("长沙", "Changsha"),
    ("广州", "Guangzhou"),
    ("昆明", "Kunming"),
    ("拉萨", "Lhasa"),
    ("乐山", "Leshan"),
    ("吕梁", "Lüliang"),
    ("太原", "Taiyuan"),
    ("重庆", "Chongqing"),
    ("南京", "Nanjing"),
    ("杭州", "Hangzhou"),
    ("沈阳", "Shenyang"),
    ("兰州", "Lanzhou"),
    ("银川", "Yinchuan"),
];
pub const CHINESE_KINDS: &[(&str, &str, InstitutionKind)] = &[
    ("人民医院", "People's Hospital", InstitutionKind::Hospital),
    (
        "第一人民医院",
        "First People's Hospital",
        InstitutionKind::Hospital,
    ),
    ("肿瘤医院", "Cancer Hospital", InstitutionKind::Hospital),
    (
        "妇幼保健院",
        "Maternal and Child Health Hospital",
        InstitutionKind::Hospital,
    ),
    (
        "中医医院",
        "Hospital of Traditional Chinese Medicine",
        InstitutionKind::Hospital,
    ),
    (
        "医科大学",
        "Medical University",
        InstitutionKind::University,
    ),
    (
        "医科大学附属医院",
        "Affiliated Hospital of the Medical University",
        InstitutionKind::Hospital,
    ),
    (
        "医学会",
        "Medical Association",
        InstitutionKind::Association,
    ),
    (
        "卫生健康委员会",
        "Health Commission",
        InstitutionKind::Government,
    ),
];
/// (country, city in Cyrillic, Latin transliteration)
pub const CYRILLIC_CITIES: &[(&str, &str, &str)] = &[
    ("KZ", "Алматы", "Almaty"),
    ("KZ", "Астана", "Astana"),
    ("KZ", "Шымкент", "Shymkent"),
    ("UZ", "Ташкент", "Tashkent"),
    ("UZ", "Самарканд", "Samarkand"),
    ("TJ", "Душанбе", "Dushanbe"),
    ("KG", "Бишкек", "Bishkek"),
    ("MN", "Улан-Батор", "Ulaanbaatar"),
    ("RU", "Москва", "Moscow"),
    ("RU", "Новосибирск", "Novosibirsk"),
    ("RU", "Казань", "Kazan"),
    ("BY", "Минск", "Minsk"),
    ("RS", "Белград", "Belgrade"),
    ("BG", "София", "Sofia"),
    ("UA", "Харьков", "Kharkiv"),
];
pub const CYRILLIC_KINDS: &[(&str, &str, InstitutionKind)] = &[
    (
        "Городская клиническая больница",
        "City Clinical Hospital",
        InstitutionKind::Hospital,
    ),
    (
        "Национальный медицинский университет",
        "National Medical University",
        InstitutionKind::University,
    ),
    (
        "Республиканский онкологический центр",
        "Republican Oncology Center",
        InstitutionKind::Hospital,
    ),
    (
        "Научный центр хирургии",
        "Scientific Center of Surgery",
        InstitutionKind::Hospital,
    ),
    (
        "Медицинская ассоциация",
        "Medical Association",
        InstitutionKind::Association,
    ),
    (
        "Министерство здравоохранения",
        "Ministry of Health",
        InstitutionKind::Government,
    ),
];
/// (country, the institution's name pattern with `{}` for the city, city)
pub const LATIN: &[(&str, &str, &str, InstitutionKind)] = &[
    (
        "FR",
        "Université de {}",
        "Montpellier",
        InstitutionKind::University,
    ),
    (
        "FR",
        "Centre hospitalier universitaire de {}",
        "Besançon",
        InstitutionKind::Hospital,
    ),
    (
        "DE",
        "Universitätsklinikum {}",
        "Tübingen",
        InstitutionKind::Hospital,
    ),
    (
        "CH",
        "Universität {}",
        "Zürich",
        InstitutionKind::University,
    ),
    (
        "ES",
        "Hospital Universitario de {}",
        "Málaga",
        InstitutionKind::Hospital,
    ),
    (
        "PT",
        "Universidade de {}",
        "Coimbra",
        InstitutionKind::University,
    ),
    (
        "BR",
        "Hospital das Clínicas de {}",
        "São Paulo",
        InstitutionKind::Hospital,
    ),
    (
        "PL",
        "Uniwersytet Medyczny w {}",
        "Łódź",
        InstitutionKind::University,
    ),
    (
        "TR",
        "{} Üniversitesi Tıp Fakültesi",
        "İstanbul",
        InstitutionKind::University,
    ),
    (
        "CZ",
        "Fakultní nemocnice {}",
        "Brno",
        InstitutionKind::Hospital,
    ),
    (
        "IT",
        "Università degli Studi di {}",
        "Padova",
        InstitutionKind::University,
    ),
    (
        "GB",
        "{} University Hospitals",
        "Leeds",
        InstitutionKind::Hospital,
    ),
    (
        "US",
        "University of {} Medical Center",
        "Nebraska",
        InstitutionKind::Hospital,
    ),
    (
        "AU",
        "Royal {} Hospital",
        "Adelaide",
        InstitutionKind::Hospital,
    ),
    (
        "SG",
        "{} General Hospital",
        "Singapore",
        InstitutionKind::Hospital,
    ),
    ("TH", "{} Hospital", "Siriraj", InstitutionKind::Hospital),
    (
        "VN",
        "Bệnh viện Đại học Y {}",
        "Hà Nội",
        InstitutionKind::Hospital,
    ),
    (
        "ID",
        "Rumah Sakit Umum {}",
        "Bandung",
        InstitutionKind::Hospital,
    ),
    (
        "PK",
        "{} Institute of Medical Sciences",
        "Lahore",
        InstitutionKind::University,
    ),
    (
        "EG",
        "{} University Faculty of Medicine",
        "Cairo",
        InstitutionKind::University,
    ),
    (
        "KE",
        "{} National Hospital",
        "Kenyatta",
        InstitutionKind::Hospital,
    ),
    (
        "ET",
        "{} University College of Health Sciences",
        "Addis Ababa",
        InstitutionKind::University,
    ),
];
pub const GIVEN: &[&str] = &[
    "Li Na",
    "Wang Jun",
    "Chen Yinghui",
    "Zhao Min",
    "Liu Yang",
    "Zhang Wei",
    "Sun Li",
    "Xu Ping",
];
pub const AREAS: &[&str] = &[
    "research",
    "education",
    "clinical",
    "exchange",
    "training",
    "telemedicine",
];
pub const TOPICS: &[&str] = &[
    "joint research project",
    "scholar exchange visit",
    "joint training of doctors",
    "academic symposium",
    "online training series",
    "remote consultation",
    "complex-case collaboration",
    "continuing education course",
    "journal cooperation",
    "AI rehabilitation pilot",
];
pub const VERBS: &[&str] = &[
    "Send", "Prepare", "Confirm", "Review", "Draft", "Schedule", "Chase", "Agree",
];

/// An institution with names in its country's script.
pub fn institution(rng: &mut Rng, id: Id) -> Institution {
    let serial = id.n;
    let (names, country, city, kind) = match rng.below(10) {
        0..=3 => {
            let (zh_city, en_city) = *rng.pick(CHINESE_CITIES);
            let (zh, en, kind) = *rng.pick(CHINESE_KINDS);
            let names = vec![
                Name::new(format!("{zh_city}市{zh}（{serial}）"), "zh"),
                Name::new(format!("{en_city} {en} ({serial})"), "en"),
            ];
            (names, "CN", en_city.to_string(), kind)
        }
        4..=6 => {
            let (country, city, latin) = *rng.pick(CYRILLIC_CITIES);
            let (ru, en, kind) = *rng.pick(CYRILLIC_KINDS);
            let names = vec![
                Name::new(format!("{ru} № {serial} ({city})"), "ru"),
                Name::new(format!("{en} No. {serial}, {latin}"), "en"),
            ];
            (names, country, latin.to_string(), kind)
        }
        _ => {
            let (country, pattern, city, kind) = *rng.pick(LATIN);
            let names = vec![Name::new(
                format!("{} ({serial})", pattern.replace("{}", city)),
                "und",
            )];
            (names, country, city.to_string(), kind)
        }
    };
    Institution {
        id,
        names,
        short_name: String::new(),
        country: country.to_string(),
        city,
        kind,
        tags: vec![],
        website: String::new(),
        home: false,
    }
}
