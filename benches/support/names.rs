//! Generated records with realistic multi-script names, for the search
//! benchmark and the fzf comparison. Deterministic: the same `n` always
//! gives the same records.

#![allow(dead_code)]

use accord::model::*;
use chrono::NaiveDate;

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const ZH_PLACES: &[&str] = &[
    "北京",
    "上海",
    "乌鲁木齐",
    "阿里",
    "西安",
    "乐山",
    "成都",
    "青岛",
    "武汉",
    "长沙",
    "吕梁",
    "汾阳",
    "交口",
    "太原",
    "重庆",
    "长春",
    "银川",
    "拉萨",
    "喀什",
    "伊犁",
    "兰州",
    "昆明",
];
const ZH_PREFIX: &[&str] = &[
    "",
    "",
    "",
    "大学",
    "首钢",
    "交通大学第一附属",
    "市",
    "地区",
    "自治区",
    "中医药大学",
    "医科大学",
];
const ZH_KIND: &[&str] = &[
    "医院",
    "人民医院",
    "妇幼保健院",
    "肿瘤医院",
    "医学中心",
    "藏医院",
    "卫生院",
    "大学",
    "医学会",
    "康复医院",
    "儿童医院",
    "中西医结合医院",
];
const RU_ADJ: &[&str] = &[
    "Казахский",
    "Национальный",
    "Республиканский",
    "Городской",
    "Научный",
    "Алматинский",
    "Ташкентский",
    "Душанбинский",
    "Карагандинский",
    "Медицинский",
];
const RU_NOUN: &[&str] = &[
    "университет",
    "центр",
    "госпиталь",
    "институт",
    "центр хирургии",
    "онкологический центр",
    "медицинский центр",
    "центр эндокринологии",
    "клиника",
];
const RU_TAIL: &[&str] = &[
    "",
    "им. С. Д. Асфендиярова",
    "им. А. Н. Сызганова",
    "«Шифобахш»",
    "имени Турсункулова",
    "Министерства здравоохранения",
];
const KK: &[&str] = &[
    "Қазақ",
    "Ұлттық",
    "Ғылыми",
    "Медицина",
    "Университеті",
    "Орталығы",
    "Ауруханасы",
    "Қалалық",
    "Онкология",
    "Хирургия",
    "Алматы",
    "Астана",
    "Шымкент",
];
const MN: &[&str] = &[
    "Монгол",
    "Улсын",
    "Хавдар",
    "Судлалын",
    "Үндэсний",
    "Төв",
    "Эмнэлэг",
    "Анагаахын",
    "Шинжлэх",
    "Ухааны",
    "Их",
    "Сургууль",
    "Улаанбаатар",
    "Нэгдүгээр",
    "Төв",
];
const LATIN_START: &[&str] = &[
    "Université",
    "Hôpital",
    "Universität",
    "Szpital",
    "Klinikum",
    "Instituto",
    "Centre",
    "Fundação",
    "Università",
    "Kórház",
    "Ospedale",
    "Peking University",
];
const LATIN_MIDDLE: &[&str] = &[
    "de Médecine",
    "für Onkologie",
    "Uniwersytecki",
    "Nacional de Cáncer",
    "Hospitalier",
    "Shougang",
    "Sainte-Thérèse",
    "Ñuñoa",
    "Łódź",
    "Zürich",
    "São Paulo",
    "Kraków",
    "Kazakh National",
    "Medical",
    "Regional",
    "of Mongolia",
];
const LATIN_END: &[&str] = &[
    "",
    "Hospital",
    "Center",
    "Universitaire",
    "Clinic",
    "Research Center",
    "Foundation",
];
const PEOPLE: &[&str] = &[
    "Mamyrbekova Saltanat",
    "Rakhmankulov Kamil",
    "Khomidov Marouf",
    "Kuandykov Telebaldy",
    "Klimkulov Amangeldi",
    "Wang Tianlong",
    "Liu Kexuan",
    "Xu Guiping",
    "Zhang Xiaogang",
    "Erdenekhuu",
    "Oksana",
    "Aliya",
    "Chen Yinghui",
    "Guo Zhenggang",
    "Мамырбекова Салтанат",
    "Рахманкулов Камил",
    "张小刚",
    "陈颖慧",
    "郭正纲",
    "姚尚龙",
    "Müller Jürgen",
    "Zoé Lefèvre",
];
const AREAS: &[&str] = &[
    "anesthesia",
    "oncology",
    "pediatric cardiac surgery",
    "remote consultation",
    "joint training",
    "exchange visits",
    "painless labour",
    "rehabilitation",
    "AI diagnostics",
];
const ACTIONS: &[&str] = &[
    "Send CVs of visiting doctors",
    "Book the symposium venue",
    "Draft the renewal",
    "Collect signatures",
    "Plan online training",
    "Prepare the delegation visit",
    "Translate the MOU",
    "Report to leadership",
];

pub fn chinese_name(r: &mut Rng) -> String {
    format!(
        "{}{}{}",
        r.pick(ZH_PLACES),
        r.pick(ZH_PREFIX),
        r.pick(ZH_KIND)
    )
}

pub fn russian_name(r: &mut Rng) -> String {
    let tail = r.pick(RU_TAIL);
    let mut s = format!("{} {}", r.pick(RU_ADJ), r.pick(RU_NOUN));
    if !tail.is_empty() {
        s.push(' ');
        s.push_str(tail);
    }
    s
}

fn words(r: &mut Rng, list: &[&str], n: usize) -> String {
    (0..n).map(|_| r.pick(list)).collect::<Vec<_>>().join(" ")
}

pub fn kazakh_name(r: &mut Rng) -> String {
    let n = 3 + r.below(3);
    words(r, KK, n)
}

pub fn mongolian_name(r: &mut Rng) -> String {
    let n = 3 + r.below(4);
    words(r, MN, n)
}

pub fn latin_name(r: &mut Rng) -> String {
    let end = r.pick(LATIN_END);
    let mut s = format!("{} {}", r.pick(LATIN_START), r.pick(LATIN_MIDDLE));
    if !end.is_empty() {
        s.push(' ');
        s.push_str(end);
    }
    s
}

/// A name in a script chosen at random: Chinese most often.
pub fn any_name(r: &mut Rng) -> (String, &'static str) {
    match r.below(20) {
        0..=6 => (chinese_name(r), "zh"),
        7..=9 => (russian_name(r), "ru"),
        10..=11 => (kazakh_name(r), "kk"),
        12..=13 => (mongolian_name(r), "mn"),
        _ => (latin_name(r), "en"),
    }
}

fn id(kind: Kind, n: usize) -> Id {
    Id::new(kind, n as u32 + 1)
}

/// `n` records: half institutions with one to three names in different
/// scripts, the rest contacts, partnerships, agreements and action items
/// that refer to them.
pub fn records(n: usize) -> Vec<Record> {
    let mut r = Rng::new(0x5eed ^ n as u64);
    let institutions = (n / 2).max(1);
    let contacts = n / 5;
    let partnerships = n * 3 / 20;
    let agreements = n / 20;
    let actions = n.saturating_sub(institutions + contacts + partnerships + agreements);
    let countries = ["CN", "KZ", "MN", "UZ", "TJ", "FR", "DE", "PL"];
    let date =
        |r: &mut Rng| NaiveDate::from_ymd_opt(2020 + r.below(7) as i32, 1 + r.below(12) as u32, 1);
    let mut out = Vec::with_capacity(n);
    for i in 0..institutions {
        let count = 1 + r.below(3);
        let names = (0..count)
            .map(|_| {
                let (t, l) = any_name(&mut r);
                Name::new(t, l)
            })
            .collect();
        out.push(Record::Institution(Institution {
            id: id(Kind::Institution, i),
            names,
            short_name: String::new(),
            country: r.pick(&countries).to_string(),
            city: String::new(),
            kind: InstitutionKind::Hospital,
            tags: vec![r.pick(AREAS).to_string()],
            website: String::new(),
            home: false,
        }));
    }
    for i in 0..contacts {
        out.push(Record::Contact(Contact {
            id: id(Kind::Contact, i),
            institution: id(Kind::Institution, r.below(institutions)),
            names: vec![Name::new(r.pick(PEOPLE), "")],
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        }));
    }
    for i in 0..partnerships {
        out.push(Record::Partnership(Partnership {
            id: id(Kind::Partnership, i),
            title: format!("Cooperation in {}", r.pick(AREAS)),
            partners: vec![
                id(Kind::Institution, r.below(institutions)),
                id(Kind::Institution, r.below(institutions)),
            ],
            status: if r.below(2) == 0 {
                PartnershipStatus::Active
            } else {
                PartnershipStatus::Closed
            },
            areas: vec![r.pick(AREAS).to_string()],
            owner: r.pick(PEOPLE).to_string(),
            start: date(&mut r),
            description: String::new(),
        }));
    }
    for i in 0..agreements {
        let p = r.below(partnerships.max(1));
        out.push(Record::Agreement(Agreement {
            id: id(Kind::Agreement, i),
            partnership: id(Kind::Partnership, p),
            kind: AgreementKind::Mou,
            title: format!("MOU on {}", r.pick(AREAS)),
            parties: vec![id(Kind::Institution, r.below(institutions))],
            status: AgreementStatus::Signed,
            signed: date(&mut r),
            effective: None,
            expires: date(&mut r),
            notice_days: 90,
            scope: vec![r.pick(AREAS).to_string()],
            signatories: Vec::new(),
            document: String::new(),
            owner: r.pick(PEOPLE).to_string(),
            renewal_raised_for: None,
        }));
    }
    for i in 0..actions {
        out.push(Record::Action(ActionItem {
            id: id(Kind::Action, i),
            parent: id(Kind::Partnership, r.below(partnerships.max(1))),
            title: r.pick(ACTIONS).to_string(),
            owner: r.pick(PEOPLE).to_string(),
            due: date(&mut r),
            status: ActionStatus::Open,
            priority: Priority::default(),
            completed: None,
        }));
    }
    out
}

/// `n` names, one per institution-like record, every script mixed: what
/// the fzf comparison writes one per line.
pub fn names(n: usize) -> Vec<String> {
    let mut r = Rng::new(0xf2f ^ n as u64);
    (0..n).map(|_| any_name(&mut r).0).collect()
}
