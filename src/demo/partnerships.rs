//! The partnerships and the agreements that formalise them.
//!
//! Reported signing dates are kept. Agreements that must show renewal work
//! (expiring soon, lapsed) are dated relative to the day the demo is loaded.

use super::people::*;
use super::rows::*;
use crate::model::AgreementKind::{ConsortiumAgreement, Exchange, Framework, LetterOfIntent, Mou};
use crate::model::AgreementStatus::{Expired, InReview};
use crate::model::PartnershipStatus::{Active, Negotiating, Prospect};

#[rustfmt::skip]
pub const PARTNERSHIPS: &[PartRow] = &[
    // The Urumqi meeting's date is not reported; 23 August 2025 is chosen.
    partnership("p-anesthesia", "China–Central Asia anesthesia cooperation", Active, LI_NA, on(2025, 8, 23), &[
        "xj-hospital", "kaznmu", "turakulov", "shifobakhsh", "syzganov", "xj-anes", "csa",
    ])
    .areas(&["anesthesia", "perioperative care", "training", "research", "AI rehabilitation"])
    .describe("Belt and Road anesthesia cooperation with Kazakhstan, Uzbekistan and Tajikistan, launched at the 23rd annual meeting of the Xinjiang anesthesiology committee and the Central Asia Anesthesia and Perioperative Forum in Urumqi."),
    partnership("p-tibet", "Team-based medical aid to Tibet: Ali digital AI medical consortium", Active, WANG_JUN, on(2024, 8, 1), &[
        "ali-hospital", "xjtu-first", "ali-tibetan", "baga", "xiongba", "tibet-hospital", "qingdao",
    ])
    .areas(&["medical aid", "remote consultation", "interventional cardiology", "five major centres"])
    .describe("10th batch of team-based medical aid to Tibet (384 aid doctors, \"1+7+13\" hospitals). Ali Prefecture People's Hospital is the last of the \"7+1\" hospitals still building its five major centres."),
    partnership("p-oncology", "Oncology cooperation with Mongolia and Kazakhstan", Active, CHEN_YINGHUI, on(2025, 10, 31), &[
        "ncc-mn", "ncrc-kz", "shouyi",
    ])
    .areas(&["oncology", "international medical care", "continuing education", "research", "AI holography"])
    .describe("Memoranda signed at Peking University Shougang Hospital on 31 October 2025 towards a \"Health Silk Road\". Kazakhstan is reforming its oncology system (2023–2027); Mongolia has among the highest cancer mortality per capita (liver, gastric)."),
    partnership("p-ivy", "Ivy painless-labour grassroots programme", Active, ZHAO_MIN, on(2025, 7, 19), &[
        "ivy", "sc-mch", "leshan", "leshan-mch", "jinjiang-mch", "pkufh",
    ])
    .areas(&["labour analgesia", "obstetrics", "grassroots training"])
    .describe("\"Ivy · Painless Labour Grassroots Tour\": 10 provinces, 24 sites, 7,000+ people trained. National targets: labour analgesia in every tertiary hospital with obstetrics by end of 2025, every secondary-or-above hospital by 2027."),
    partnership("p-sangzi", "Lüliang Sangzi hometown medical alliance", Active, LI_NA, on(2025, 6, 22), &[
        "sangzi", "lvliang-first", "jiaokou", "fenyang", "tongren", "sxmu-imaging", "bethune", "xuanwu", "cip",
        "sx-provincial", "sx-cancer", "bj-rehab", "sx-integrated",
    ])
    .areas(&["grassroots hospitals", "academic exchange", "hometown experts"])
    .describe("Experts born in Lüliang return to share expertise with the city's hospitals and bring quality resources down to the grassroots."),
    // Prospects that grew out of the reported meetings.
    partnership("p-kz-referral", "International patient services with the Kazakh Presidential Affairs Hospital", Negotiating, CHEN_YINGHUI, days(-23), &[
        "kz-presidential", "shouyi",
    ])
    .areas(&["international medical care", "patient referral"])
    .describe("Deputy director Aliya asked for close ties at the 31 October signing; a letter of intent is being drafted."),
    partnership("p-pediatric-heart", "Pediatric congenital heart disease cooperation with Kazakhstan", Prospect, WANG_JUN, days(-40), &[
        "nsmc", "wuhan-union",
    ])
    .areas(&["pediatric cardiac surgery", "heart transplantation"])
    .describe("Wuhan Union Hospital (8,000 operations a year, 200+ pediatric heart transplants) proposed cooperation on complex congenital heart disease with Central Asia."),
];

const MOU_SCOPE: &[&str] = &[
    "international medical care",
    "continuing education of doctors",
    "research cooperation",
    "complex-case collaboration",
    "academic exchange visits",
];

#[rustfmt::skip]
pub const AGREEMENTS: &[AgreeRow] = &[
    agreement(
        "a-mou-mn",
        "p-oncology",
        Mou,
        "MOU: Peking University Shougang Hospital – National Cancer Center of Mongolia",
        &["pkush", "ncc-mn"],
    )
    .signed(on(2025, 10, 31), on(2028, 10, 30), 90)
    .scope(MOU_SCOPE)
    .signatories(&[
        "Xiang Pingchao, Party Secretary, Peking University Shougang Hospital",
        "Erdenekhuu, Director, National Cancer Center of Mongolia",
    ])
    .document("MOU-2025-PKUSH-NCCM.pdf")
    .owner(CHEN_YINGHUI),
    agreement(
        "a-mou-kz",
        "p-oncology",
        Mou,
        "MOU: Peking University Shougang Hospital – National Cancer Research Center of Kazakhstan",
        &["pkush", "ncrc-kz"],
    )
    .signed(on(2025, 10, 31), on(2028, 10, 30), 90)
    .scope(MOU_SCOPE)
    .signatories(&[
        "Xiang Pingchao, Party Secretary, Peking University Shougang Hospital",
        "Oksana, Deputy Director, National Cancer Research Center of Kazakhstan",
    ])
    .document("MOU-2025-PKUSH-NCRC.pdf")
    .owner(CHEN_YINGHUI),
    // An earlier teleconsultation letter that has run out.
    agreement(
        "a-tele-mn",
        "p-oncology",
        LetterOfIntent,
        "Letter of intent on oncology teleconsultation with the National Cancer Center of Mongolia",
        &["pkush", "ncc-mn"],
    )
    .signed(days(-760), days(-30), 60)
    .status(Expired)
    .scope(&[
        "remote multidisciplinary tumour boards",
        "second opinions on imaging and pathology",
    ])
    .owner(CHEN_YINGHUI),
    // Signed in April 2025 (day not reported: 8 April, before the 15 April angiography).
    agreement(
        "a-ali",
        "p-tibet",
        ConsortiumAgreement,
        "Ali digital AI smart medical consortium agreement",
        &[
            "ali-hospital",
            "xjtu-first",
            "ali-tibetan",
            "baga",
            "xiongba",
        ],
    )
    .signed(on(2025, 4, 8), on(2028, 4, 7), 90)
    .scope(&[
        "AI remote consultation platform",
        "remote guidance of complex interventional procedures",
        "two-way referral from village to prefecture",
        "training of township and village health workers",
        "Tibetan medicine in the consortium",
    ])
    .signatories(&[
        "Ali Prefecture People's Hospital",
        "First Affiliated Hospital of Xi'an Jiaotong University",
        "Ali Prefecture Tibetan Medicine Hospital",
        "Baga Township Health Centre",
        "Xiongba Village Clinic",
    ])
    .document("Ali-consortium-2025.pdf")
    .owner(WANG_JUN),
    agreement(
        "a-anes-loi",
        "p-anesthesia",
        LetterOfIntent,
        "Letter of intent on China–Central Asia anesthesia cooperation",
        &[
            "xj-hospital",
            "kaznmu",
            "turakulov",
            "shifobakhsh",
            "syzganov",
        ],
    )
    .status(InReview)
    .scope(&[
        "joint research projects",
        "scholar exchange visits",
        "joint training of medical talent",
        "transnational academic symposia",
        "online training",
        "AI and big data for anesthesia and rehabilitation centres",
    ])
    .owner(LI_NA),
    // In force, expiring within days, renewal notice already late.
    agreement(
        "a-kaznmu-exchange",
        "p-anesthesia",
        Exchange,
        "Visiting scholar exchange: Xinjiang People's Hospital – Asfendiyarov KazNMU",
        &["xj-hospital", "kaznmu"],
    )
    .signed(days(-1090), days(5), 30)
    .scope(&[
        "two visiting anesthesiologists a year each way",
        "continuing-education credits recognised by both sides",
    ])
    .signatories(&[
        "Xu Guiping, Xinjiang People's Hospital",
        "Mamyrbekova Saltanat Abbasovna, Asfendiyarov KazNMU",
    ])
    .owner(LI_NA),
    // In force, inside its renewal-notice window.
    agreement(
        "a-ivy",
        "p-ivy",
        Framework,
        "Ivy painless-labour grassroots tour cooperation framework",
        &["ivy", "sc-mch", "leshan", "leshan-mch"],
    )
    .signed(days(-685), days(45), 60)
    .scope(&[
        "on-site training in labour analgesia",
        "midwife and anesthetist coaching",
        "follow-up audits of analgesia rates",
    ])
    .signatories(&[
        "Yin Ling, Beijing Ivy Alliance of Medical Talents",
        "Sichuan Maternal and Child Health Association",
    ])
    .owner(ZHAO_MIN),
    agreement(
        "a-sangzi",
        "p-sangzi",
        Framework,
        "Lüliang Sangzi Alliance cooperation framework",
        &["sangzi", "lvliang-first", "jiaokou", "fenyang"],
    )
    .signed(on(2025, 6, 22), on(2027, 6, 21), 60)
    .scope(&[
        "continued academic cooperation",
        "quality resources for grassroots hospitals",
        "regular expert visits and conferences",
    ])
    .owner(LI_NA),
    agreement(
        "a-kz-loi",
        "p-kz-referral",
        LetterOfIntent,
        "Letter of intent on international patient referral with the Presidential Affairs Hospital",
        &["pkush", "kz-presidential", "shouyi"],
    )
    .scope(&[
        "referral of Kazakh patients for tumour treatment",
        "international patient services",
        "continuing education",
    ])
    .owner(CHEN_YINGHUI),
];
