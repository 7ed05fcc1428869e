//! A small dataset for unit tests: a few institutions named in several
//! scripts, partnerships, agreements (one in its notice window), items and
//! notes around 2026-11-23.

use chrono::NaiveDate;

use crate::model::*;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

pub fn today() -> NaiveDate {
    d("2026-11-23")
}

fn id(k: Kind, n: u32) -> Id {
    Id::new(k, n)
}

fn inst(n: u32, names: &[(&str, &str)], country: &str, home: bool) -> Record {
    Record::Institution(Institution {
        id: id(Kind::Institution, n),
        names: names.iter().map(|(t, l)| Name::new(*t, *l)).collect(),
        short_name: String::new(),
        country: country.into(),
        city: String::new(),
        kind: InstitutionKind::Hospital,
        tags: vec![],
        website: String::new(),
        home,
    })
}

pub fn records() -> Vec<Record> {
    let i = |n| id(Kind::Institution, n);
    let p = |n| id(Kind::Partnership, n);
    let a = |n| id(Kind::Agreement, n);
    vec![
        inst(
            1,
            &[
                ("北京大学首钢医院", "zh"),
                ("Peking University Shougang Hospital", "en"),
            ],
            "CN",
            true,
        ),
        inst(
            2,
            &[
                (
                    "Монгол Улсын Анагаахын Шинжлэх Ухааны Үндэсний Их Сургууль",
                    "mn",
                ),
                ("Mongolian National University of Medical Sciences", "en"),
            ],
            "MN",
            false,
        ),
        inst(
            3,
            &[
                ("Казахский национальный медицинский университет", "ru"),
                ("哈萨克斯坦阿斯芬迪亚罗夫国立医科大学", "zh"),
            ],
            "KZ",
            false,
        ),
        Record::Contact(Contact {
            id: id(Kind::Contact, 1),
            institution: i(3),
            names: vec![
                Name::new("Mamyrbekova Saltanat", "en"),
                Name::new("马米尔别科娃·萨尔塔纳特", "zh"),
            ],
            title: "Dean".into(),
            email: "dean@example.kz".into(),
            phone: String::new(),
            notes: String::new(),
        }),
        Record::Partnership(Partnership {
            id: p(1),
            title: "首钢—蒙古 clinical training".into(),
            partners: vec![i(1), i(2)],
            status: PartnershipStatus::Active,
            areas: vec!["education".into()],
            owner: "Li Na".into(),
            start: Some(d("2024-03-01")),
            description: String::new(),
        }),
        Record::Partnership(Partnership {
            id: p(2),
            title: "Central Asia anesthesia".into(),
            partners: vec![i(1), i(3)],
            status: PartnershipStatus::Negotiating,
            areas: vec!["research".into()],
            owner: "Wang Wei".into(),
            start: None,
            description: String::new(),
        }),
        Record::Agreement(Agreement {
            id: a(1),
            partnership: p(1),
            kind: AgreementKind::Mou,
            title: "MOU on clinical training".into(),
            parties: vec![i(1), i(2)],
            status: AgreementStatus::Signed,
            signed: Some(d("2024-01-31")),
            effective: Some(d("2024-02-01")),
            expires: Some(d("2027-01-31")),
            notice_days: 90,
            scope: vec!["exchange visits".into()],
            signatories: vec![],
            document: String::new(),
            owner: "Li Na".into(),
            renewal_raised_for: None,
        }),
        Record::Action(ActionItem {
            id: id(Kind::Action, 1),
            parent: a(1),
            title: "Send the visiting doctors' schedule".into(),
            owner: "Li Na".into(),
            due: Some(d("2026-11-20")),
            status: ActionStatus::Open,
            priority: Priority::High,
            completed: None,
        }),
        Record::Action(ActionItem {
            id: id(Kind::Action, 2),
            parent: p(2),
            title: "Draft the anesthesia MOU".into(),
            owner: "Wang Wei".into(),
            due: Some(d("2026-11-23")),
            status: ActionStatus::Open,
            priority: Priority::Normal,
            completed: None,
        }),
        Record::Action(ActionItem {
            id: id(Kind::Action, 3),
            parent: p(2),
            title: "Book the symposium hall".into(),
            owner: String::new(),
            due: None,
            status: ActionStatus::Open,
            priority: Priority::Low,
            completed: None,
        }),
        Record::FollowUp(FollowUp {
            id: id(Kind::FollowUp, 1),
            parent: p(1),
            title: "Chase the CVs of visiting doctors".into(),
            due: d("2026-11-23"),
            owner: "Li Na".into(),
            status: FollowUpStatus::Open,
            completed: None,
        }),
        Record::FollowUp(FollowUp {
            id: id(Kind::FollowUp, 2),
            parent: p(2),
            title: "Confirm the Almaty visit".into(),
            due: d("2026-12-10"),
            owner: "Wang Wei".into(),
            status: FollowUpStatus::Open,
            completed: None,
        }),
        Record::Note(Note {
            id: id(Kind::Note, 1),
            parent: p(1),
            date: d("2026-06-01"),
            kind: NoteKind::Meeting,
            text: "Video call with the dean".into(),
            author: "Li Na".into(),
        }),
    ]
}

/// A temporary store holding [`records`].
pub fn store() -> std::sync::Arc<dyn crate::store::Store> {
    use crate::store::{ChangeSet, Edit, SledStore};
    let clock: crate::clock::SharedClock = std::sync::Arc::new(crate::clock::FixedClock(today()));
    let s = SledStore::temporary(clock).unwrap_or_else(|e| panic!("{e}"));
    let mut c = ChangeSet::new("fixture");
    for r in records() {
        c.push(Edit::Create(r));
    }
    if let Err(e) = crate::store::Store::apply(&s, c) {
        panic!("{e}");
    }
    std::sync::Arc::new(s)
}
