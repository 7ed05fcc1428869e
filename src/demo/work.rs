//! The agreed directions as action items, the follow-ups, and notes of the
//! reported meetings. Deadlines are relative to the day the demo is loaded
//! (`days(n)`), so that every triage bucket has something in it; reported
//! events keep their dates (`on(...)`).

use super::people::*;
use super::rows::*;
use crate::model::ActionStatus::{Blocked, InProgress};
use crate::model::NoteKind::{Call, Delegation, Meeting, Other, Signing, Visit};

#[rustfmt::skip]
pub const ACTIONS: &[ActionRow] = &[
    // China–Central Asia anesthesia cooperation (agreed directions, seed 000).
    action("a-anes-loi", LI_NA, days(-12), "Draft joint research project proposals with the Central Asian partners").high(),
    action("p-anesthesia", LI_NA, days(0), "Send the Xiangya training programme call for applications to Central Asian doctors").high(),
    action("p-anesthesia", ZHAO_MIN, days(3), "Set up the online anesthesia training series for Central Asian doctors").status(InProgress),
    action("p-anesthesia", WANG_JUN, days(6), "Send Shifobakhsh material on AI rehabilitation technology"),
    action("p-anesthesia", LI_NA, days(20), "Plan the scholar exchange visit programme for next year"),
    action("p-anesthesia", WANG_JUN, days(45), "Scope AI and big-data support for anesthesia and rehabilitation centres"),
    action("p-anesthesia", LI_NA, days(60), "Arrange the return visit to Kazakhstan invited by Prof. Mamyrbekova"),
    action("p-anesthesia", ZHAO_MIN, When::Undated, "Explore journal cooperation with the Chinese Journal of Anesthesiology").low(),
    action("p-anesthesia", LI_NA, on(2025, 8, 24), "Issue certificates to the 21 Central Asian experts who toured Xinjiang People's Hospital")
        .done(on(2025, 8, 24)),
    action("a-kaznmu-exchange", LI_NA, days(2), "Prepare renewal terms for the visiting scholar exchange").high(),
    action("p-pediatric-heart", WANG_JUN, days(-3), "Agree a referral pathway for children with complex congenital heart disease")
        .high()
        .status(Blocked),
    // Tibet: Ali digital AI smart medical consortium (seed 001).
    action("a-ali", WANG_JUN, days(-5), "Move the digital AI smart medical consortium from trial to full operation")
        .high()
        .status(InProgress),
    action("a-ali", WANG_JUN, days(-20), "Collect outcome data on the remotely guided interventional procedures"),
    action("a-ali", WANG_JUN, days(9), "Train Baga Township Health Centre staff on the remote consultation platform"),
    action("a-ali", WANG_JUN, When::Undated, "Connect Xiongba Village Clinic to the AI remote consultation platform"),
    action("p-tibet", WANG_JUN, days(38), "Complete the five major centres at Ali Prefecture People's Hospital")
        .high()
        .status(InProgress),
    // Oncology cooperation (MOU scope, seed 002).
    action("a-mou-mn", CHEN_YINGHUI, days(0), "Set up the international medical care pathway for Mongolian patients")
        .high()
        .status(InProgress),
    action("a-mou-mn", CHEN_YINGHUI, days(25), "Agree the continuing-education programme for Mongolian oncologists"),
    action("a-mou-mn", CHEN_YINGHUI, days(75), "Propose joint research on liver and gastric cancer"),
    action("a-mou-kz", CHEN_YINGHUI, days(4), "Hold the first complex-case teleconference with the National Cancer Research Center").high(),
    action("a-mou-kz", CHEN_YINGHUI, days(-8), "Invite a Kazakh oncology delegation for an academic exchange visit"),
    action("p-oncology", CHEN_YINGHUI, When::Undated, "Demonstrate AI holography for tumour surgery planning to the partners").low(),
    action("p-oncology", CHEN_YINGHUI, on(2025, 11, 14), "Share the signed MOU texts with both partners").done(on(2025, 11, 12)),
    action("a-kz-loi", CHEN_YINGHUI, days(7), "Send the draft letter of intent to the Presidential Affairs Hospital").high(),
    // Ivy painless-labour programme (seed 003).
    action("a-ivy", ZHAO_MIN, days(-1), "Decide whether to renew the Ivy framework before it expires").high(),
    action("p-ivy", ZHAO_MIN, on(2025, 12, 31), "Check that Leshan's tertiary hospitals offer labour analgesia (national target: end of 2025)")
        .done(on(2025, 12, 18)),
    action("p-ivy", ZHAO_MIN, on(2027, 12, 31), "Help Leshan's secondary hospitals offer labour analgesia (national target: 2027)"),
    action("p-ivy", ZHAO_MIN, days(30), "Plan the next stop of the grassroots tour"),
    // Lüliang Sangzi alliance (seed 004).
    action("a-sangzi", LI_NA, days(1), "Schedule the next expert visit to Jiaokou County People's Hospital"),
    action("p-sangzi", LI_NA, When::Undated, "Set up tele-teaching for grassroots hospitals in Lüliang"),
];

#[rustfmt::skip]
pub const FOLLOW_UPS: &[FollowRow] = &[
    follow(
        "rakhmankulov",
        LI_NA,
        days(-4),
        "Chase Prof. Rakhmankulov for the Tashkent team's CVs",
    ),
    follow(
        "p-anesthesia",
        LI_NA,
        on(2025, 9, 5),
        "Send thank-you letters to the Urumqi forum speakers",
    )
    .done(on(2025, 9, 3)),
    follow(
        "erdenekhuu",
        CHEN_YINGHUI,
        days(0),
        "Confirm with Erdenekhuu the dates of the first patient referrals",
    ),
    follow(
        "oksana",
        CHEN_YINGHUI,
        days(5),
        "Send Oksana the continuing-education course list",
    ),
    follow(
        "aliya",
        CHEN_YINGHUI,
        days(-2),
        "Ask Aliya for the Presidential Affairs Hospital's referral requirements",
    ),
    follow(
        "zhang-xiaogang",
        WANG_JUN,
        days(12),
        "Call Zhang Xiaogang about the consortium's trial results",
    ),
    follow(
        "a-ivy",
        ZHAO_MIN,
        days(3),
        "Check the framework renewal with the Sichuan MCH Association",
    ),
    follow(
        "p-sangzi",
        LI_NA,
        on(2025, 6, 30),
        "Send the conference minutes and photos to the Lüliang hospitals",
    )
    .done(on(2025, 6, 27)),
    follow(
        "qingdao",
        WANG_JUN,
        days(21),
        "Ask Qingdao Municipal Hospital about the next orthopaedic aid rotation",
    ),
    follow(
        "shouyi",
        CHEN_YINGHUI,
        days(-9),
        "Ask Shouyi Medical for the international patient service price list",
    ),
];

#[rustfmt::skip]
pub const NOTES: &[NoteRow] = &[
    note(
        "p-anesthesia",
        on(2025, 8, 23),
        Meeting,
        LI_NA,
        "Urumqi: 23rd annual meeting of the Xinjiang anesthesiology committee with the Central Asia Anesthesia and Perioperative Forum (40+ experts). Belt and Road anesthesia cooperation with Kazakhstan, Uzbekistan and Tajikistan launched.\nAgreed: joint research, scholar exchange, joint training, symposia, online training, AI and big data for anesthesia and rehabilitation centres.",
    ),
    note(
        "p-anesthesia",
        on(2025, 8, 23),
        Meeting,
        LI_NA,
        "Free discussion: Prof. Yao Shanglong (Wuhan Union Hospital: 8,000 operations a year, 200+ pediatric heart transplants) proposed cooperation on complex congenital heart disease; Prof. Wang Kai opened Xiangya's training programme; Peng Yunshui asked for journal cooperation.",
    ),
    note(
        "p-anesthesia",
        on(2025, 8, 24),
        Visit,
        LI_NA,
        "21 Central Asian experts toured the People's Hospital of Xinjiang Uygur Autonomous Region and received certificates.",
    ),
    note(
        "p-tibet",
        on(2024, 8, 1),
        Other,
        WANG_JUN,
        "10th batch of team-based medical aid to Tibet begins: 384 aid doctors across the \"1+7+13\" hospitals.",
    ),
    note(
        "a-ali",
        on(2025, 4, 8),
        Signing,
        WANG_JUN,
        "Medical consortium agreement signed by Ali Prefecture People's Hospital, the First Affiliated Hospital of Xi'an Jiaotong University, Ali Prefecture Tibetan Medicine Hospital, Baga Township Health Centre and Xiongba Village Clinic. The digital AI smart medical consortium starts trial operation.",
    ),
    note(
        "a-ali",
        on(2025, 4, 15),
        Other,
        WANG_JUN,
        "First coronary angiography at Ali Prefecture People's Hospital, guided remotely from Xi'an over the AI consultation platform; five complex interventional procedures guided so far.",
    ),
    note(
        "p-oncology",
        on(2025, 10, 31),
        Delegation,
        CHEN_YINGHUI,
        "Delegations of the National Cancer Center of Mongolia, the National Cancer Research Center of Kazakhstan, the Presidential Affairs Hospital of Kazakhstan and Swanx visited; Shouyi Medical (Jiang Molin, Gu Jin) attended. Discussed tumour treatment, AI holography and continuing education.",
    ),
    note(
        "a-mou-mn",
        on(2025, 10, 31),
        Signing,
        CHEN_YINGHUI,
        "MOU signed with the National Cancer Center of Mongolia (director Erdenekhuu): international medical care, continuing education, research, complex cases, exchange visits.",
    ),
    note(
        "a-mou-kz",
        on(2025, 10, 31),
        Signing,
        CHEN_YINGHUI,
        "MOU signed with the National Cancer Research Center of Kazakhstan (deputy director Oksana), same scope as the Mongolian MOU.",
    ),
    note(
        "p-kz-referral",
        on(2025, 10, 31),
        Meeting,
        CHEN_YINGHUI,
        "Deputy director Aliya of the Presidential Affairs Hospital asked for close ties with Peking University Shougang Hospital to serve patients better.",
    ),
    note(
        "p-ivy",
        on(2025, 7, 19),
        Meeting,
        ZHAO_MIN,
        "Leshan: training and exchange meeting of the Ivy painless-labour grassroots tour, 255 participants from 4 city, 12 district and 8 outside hospitals; experts from Peking University First Hospital (Yin Ling, Shi Chunyan, Zhao Kaixing, Qu Yuan, Bao Ju, Ru Xifang).",
    ),
    note(
        "p-sangzi",
        on(2025, 6, 22),
        Meeting,
        LI_NA,
        "Conference of the Lüliang Sangzi Alliance: Lüliang-born experts from Beijing and Taiyuan hospitals lectured. Commitments: continue academic cooperation, bring resources to grassroots hospitals, hold more such events.",
    ),
    note(
        "p-oncology",
        days(-6),
        Call,
        CHEN_YINGHUI,
        "Call with the National Cancer Center of Mongolia: two patients with liver cancer proposed for the first referrals; they need visa letters.",
    ),
];
