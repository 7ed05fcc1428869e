//! The people named in the seed reports, in the scripts the reports give,
//! and the international office's own staff who own the work.

use super::rows::*;

/// Staff of the international office (made up for the demo), used as owners.
pub const LI_NA: &str = "Li Na";
pub const WANG_JUN: &str = "Wang Jun";
pub const ZHAO_MIN: &str = "Zhao Min";
pub const CHEN_YINGHUI: &str = "Chen Yinghui";

#[rustfmt::skip]
pub const CONTACTS: &[ContactRow] = &[
    // Central Asia (seed 000).
    person("mamyrbekova", "kaznmu", &[
        en("Mamyrbekova Saltanat Abbasovna"),
        ru("Мамырбекова Салтанат Аббасовна"),
        zh("马米尔别科娃·萨尔塔纳特·阿巴索芙娜"),
    ], "Professor; Dean of Continuing and Professional Education")
    .notes("President of the National Medical Association of Kazakhstan; invited the Chinese side to visit Kazakhstan."),
    person("rakhmankulov", "turakulov", &[
        en("Rakhmankulov Kamil Khudaykulovich"),
        uz("Raxmanqulov Kamil Xudayqulovich"),
        ru("Рахманкулов Камиль Худайкулович"),
        zh("拉赫曼库洛夫·卡米尔·胡代库洛维奇"),
    ], "Professor; Head of Anesthesiology and Intensive Care"),
    person("khomidov", "shifobakhsh", &[
        en("Marouf Khomidov"),
        tg("Маъруф Хомидов"),
        ru("Маруф Хомидов"),
        zh("马鲁夫·霍米多夫"),
    ], "Professor; Deputy Head of Emergency Surgery")
    .notes("Interested in AI rehabilitation technology."),
    person("kuandykov", "syzganov", &[
        en("Kuandykov Telebaldy Kenesbaevich"),
        ru("Куандыков Телебалды Кенесбаевич"),
        zh("库安德科夫·特列别尔迪·肯涅斯巴耶维奇"),
    ], "Head of Anesthesiology and ICU; Chief Anesthesiologist, Almaty City Health Department")
    .notes("Keynote on coagulation management in adult liver transplantation."),
    person("klimkulov", "nsmc", &[
        en("Klimkulov Amangeldi Kunishbekovich"),
        ru("Климкулов Амангельды Кунишбекович"),
        zh("阿曼格尔迪·库尼什别科维奇·克里姆库洛夫"),
    ], "Professor; Director, Pediatric Cardiac Surgery Clinic"),
    // Chinese side of the anesthesia cooperation.
    person("wang-tianlong", "xuanwu", &[zh("王天龙"), en("Wang Tianlong")], "Professor; President-elect, Chinese Society of Anesthesiology"),
    person("xu-guiping", "xj-hospital", &[zh("徐桂萍"), en("Xu Guiping")], "Professor; Chair, Xinjiang Anesthesiology Committee"),
    person("yao-shanglong", "wuhan-union", &[zh("姚尚龙"), en("Yao Shanglong")], "Professor of Anesthesiology")
        .notes("Proposed cooperation on complex congenital heart disease in children."),
    person("wang-kai", "xiangya", &[zh("王锴"), en("Wang Kai")], "Professor of Anesthesiology")
        .notes("Welcomes Central Asian doctors to Xiangya's training programme."),
    person("peng-yunshui", "cja", &[zh("彭云水"), en("Peng Yunshui")], "Director of the Editorial Office"),
    // Tibet (seed 001).
    person("zhang-xiaogang", "ali-hospital", &[zh("张小刚"), en("Zhang Xiaogang")], "Deputy Party Secretary")
        .notes("Shaanxi aid cadre; leads the digital AI smart medical consortium."),
    // Oncology (seed 002).
    person("erdenekhuu", "ncc-mn", &[en("Erdenekhuu"), mn("Эрдэнэхүү"), zh("额尔登呼")], "Director"),
    person("oksana", "ncrc-kz", &[en("Oksana"), ru("Оксана"), zh("奥克萨娜")], "Deputy Director"),
    person("aliya", "kz-presidential", &[en("Aliya"), kk("Әлия"), ru("Алия"), zh("阿丽娅")], "Deputy Director"),
    person("chen-yinghui", "pkush", &[zh("陈颖慧"), en("Chen Yinghui")], "Head, Special-Needs Services Department")
        .notes("Hosted the signing on 31 October; owns the oncology cooperation."),
    person("xiang-pingchao", "pkush", &[zh("向平超"), en("Xiang Pingchao")], "Party Secretary"),
    person("jiang-molin", "shouyi", &[zh("姜墨林"), en("Jiang Molin")], "General Manager"),
    person("gu-jin", "shouyi", &[zh("顾晋"), en("Gu Jin")], "President"),
    // Ivy (seed 003).
    person("qu-yuan", "pkufh", &[zh("曲元"), en("Qu Yuan")], "Chief Physician, Department of Anesthesiology"),
];
