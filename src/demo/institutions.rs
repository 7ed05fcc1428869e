//! The institutions of the five seed reports (/work/shared/seeds), with their
//! names in Chinese, English and, where known, the partner's own languages.
//! Chinese institutions list their Chinese name first, foreign ones English.

use super::rows::*;
use crate::model::InstitutionKind::{Association, Company, Hospital, Other, University};

#[rustfmt::skip]
pub const INSTITUTIONS: &[InstRow] = &[
    // The office's own hospital (seed 002).
    inst("pkush", "CN", "Beijing", Hospital, &[zh("北京大学首钢医院"), en("Peking University Shougang Hospital")])
        .short("PKUSH")
        .tags(&["oncology", "international-care"])
        .home(),
    inst("shouyi", "CN", "Beijing", Company, &[zh("首颐医疗"), en("Shouyi Medical")])
        .tags(&["hospital-group"]),
    // China–Central Asia anesthesia cooperation (seed 000).
    inst("xj-hospital", "CN", "Urumqi", Hospital, &[
        zh("新疆维吾尔自治区人民医院"),
        en("People's Hospital of Xinjiang Uygur Autonomous Region"),
    ])
    .short("Xinjiang People's Hospital")
    .tags(&["anesthesia", "belt-and-road"]),
    inst("xj-anes", "CN", "Urumqi", Association, &[
        zh("新疆医学会麻醉学专业委员会"),
        en("Anesthesiology Committee of the Xinjiang Medical Association"),
    ])
    .tags(&["anesthesia"]),
    inst("csa", "CN", "Beijing", Association, &[zh("中华医学会麻醉学分会"), en("Chinese Society of Anesthesiology")])
        .short("CSA")
        .tags(&["anesthesia"]),
    inst("xuanwu", "CN", "Beijing", Hospital, &[zh("首都医科大学宣武医院"), en("Xuanwu Hospital, Capital Medical University")])
        .tags(&["anesthesia", "neurology"]),
    inst("nanfang", "CN", "Guangzhou", Hospital, &[zh("南方医科大学南方医院"), en("Nanfang Hospital, Southern Medical University")])
        .tags(&["anesthesia"]),
    inst("wuhan-union", "CN", "Wuhan", Hospital, &[
        zh("华中科技大学同济医学院附属协和医院"),
        en("Wuhan Union Hospital"),
    ])
    .tags(&["anesthesia", "pediatric-cardiac-surgery"]),
    inst("xiangya", "CN", "Changsha", Hospital, &[zh("中南大学湘雅医院"), en("Xiangya Hospital, Central South University")])
        .tags(&["anesthesia", "training"]),
    inst("cja", "CN", "", Other, &[zh("中华麻醉学杂志"), en("Chinese Journal of Anesthesiology")])
        .tags(&["journal", "anesthesia"]),
    inst("kaznmu", "KZ", "Almaty", University, &[
        en("Asfendiyarov Kazakh National Medical University"),
        kk("С. Ж. Асфендияров атындағы Қазақ ұлттық медицина университеті"),
        ru("Казахский национальный медицинский университет им. С. Д. Асфендиярова"),
        zh("哈萨克斯坦阿斯芬迪亚罗夫国立医科大学"),
        // Illustrative extra: the university's name in French, for a name with Latin diacritics.
        fr("Université nationale kazakhe de médecine S. D. Asfendiyarov"),
    ])
    .short("KazNMU")
    .tags(&["anesthesia", "continuing-education", "belt-and-road"]),
    inst("turakulov", "UZ", "Tashkent", Hospital, &[
        en("Turakulov Republican Specialized Scientific-Practical Medical Center of Endocrinology"),
        uz("Akademik Yo. X. Turakulov nomidagi Respublika ixtisoslashtirilgan endokrinologiya ilmiy-amaliy tibbiyot markazi"),
        ru("Республиканский специализированный научно-практический медицинский центр эндокринологии имени академика Ё. Х. Туракулова"),
        zh("乌兹别克斯坦共和国图拉库洛娃内分泌科学实用医学中心"),
    ])
    .short("RSSPMCE")
    .tags(&["anesthesia", "endocrinology", "belt-and-road"]),
    inst("shifobakhsh", "TJ", "Dushanbe", Hospital, &[
        en("National Medical Center \"Shifobakhsh\""),
        tg("Маркази миллии тиббии «Шифобахш»"),
        ru("Национальный медицинский центр «Шифобахш»"),
        zh("塔吉克斯坦共和国希福巴赫什国家医学中心"),
    ])
    .short("Shifobakhsh")
    .tags(&["anesthesia", "emergency-surgery", "ai-rehabilitation", "belt-and-road"]),
    inst("syzganov", "KZ", "Almaty", Hospital, &[
        en("Syzganov National Scientific Center of Surgery"),
        kk("А. Н. Сызғанов атындағы Ұлттық ғылыми хирургия орталығы"),
        ru("Национальный научный центр хирургии им. А. Н. Сызганова"),
        zh("哈萨克斯坦瑟兹加诺夫国家外科科学中心"),
    ])
    .tags(&["anesthesia", "transplantation", "belt-and-road"]),
    inst("nsmc", "KZ", "Astana", Hospital, &[
        en("National Scientific Medical Center of Kazakhstan"),
        kk("Ұлттық ғылыми медициналық орталық"),
        ru("Национальный научный медицинский центр"),
        zh("哈萨克斯坦国家科学医学中心"),
    ])
    .short("NSMC")
    .tags(&["pediatric-cardiac-surgery"]),
    // Team-based medical aid to Tibet; Ali digital AI medical consortium (seed 001).
    inst("tibet-hospital", "CN", "Lhasa", Hospital, &[zh("西藏自治区人民医院"), en("Tibet Autonomous Region People's Hospital")])
        .tags(&["tibet-aid"]),
    inst("ali-hospital", "CN", "Ali", Hospital, &[
        zh("阿里地区人民医院"),
        en("Ali (Ngari) Prefecture People's Hospital"),
    ])
    .tags(&["tibet-aid", "medical-consortium", "remote-consultation"]),
    inst("xjtu-first", "CN", "Xi'an", Hospital, &[
        zh("西安交通大学第一附属医院"),
        en("First Affiliated Hospital of Xi'an Jiaotong University"),
    ])
    .tags(&["tibet-aid", "medical-consortium", "remote-consultation"]),
    inst("ali-tibetan", "CN", "Ali", Hospital, &[zh("阿里地区藏医院"), en("Ali Prefecture Tibetan Medicine Hospital")])
        .tags(&["tibet-aid", "medical-consortium", "tibetan-medicine"]),
    inst("baga", "CN", "Burang", Hospital, &[zh("巴嘎乡卫生院"), en("Baga Township Health Centre")])
        .tags(&["tibet-aid", "medical-consortium", "grassroots"]),
    inst("xiongba", "CN", "Ali", Other, &[zh("雄巴村卫生室"), en("Xiongba Village Clinic")])
        .tags(&["tibet-aid", "medical-consortium", "grassroots"]),
    inst("qingdao", "CN", "Qingdao", Hospital, &[zh("青岛市市立医院"), en("Qingdao Municipal Hospital")])
        .tags(&["tibet-aid", "orthopaedics"]),
    // Oncology cooperation with Mongolia and Kazakhstan (seed 002).
    inst("ncc-mn", "MN", "Ulaanbaatar", Hospital, &[
        en("National Cancer Center of Mongolia"),
        mn("Хавдар судлалын үндэсний төв"),
        ru("Национальный онкологический центр Монголии"),
        zh("蒙古国国家癌症中心"),
    ])
    .short("NCCM")
    .tags(&["oncology", "belt-and-road"]),
    inst("ncrc-kz", "KZ", "Astana", Hospital, &[
        en("National Cancer Research Center of Kazakhstan"),
        kk("Ұлттық ғылыми онкологиялық орталық"),
        ru("Национальный научный онкологический центр"),
        zh("哈萨克斯坦国家癌症研究中心"),
    ])
    .tags(&["oncology", "belt-and-road"]),
    inst("kz-presidential", "KZ", "Astana", Hospital, &[
        en("Hospital of the Presidential Affairs Administration of Kazakhstan"),
        kk("Қазақстан Республикасы Президенті Іс басқармасы Медициналық орталығының ауруханасы"),
        ru("Больница Медицинского центра Управления делами Президента Республики Казахстан"),
        zh("哈萨克斯坦共和国总统事务局医院"),
    ])
    .tags(&["international-care"]),
    // Ivy painless-labour grassroots programme (seed 003).
    inst("ivy", "CN", "Beijing", Association, &[zh("北京常春藤医学高端人才联盟"), en("Beijing Ivy Alliance of Medical Talents")])
        .short("Ivy Alliance")
        .tags(&["labour-analgesia", "grassroots"]),
    inst("sc-mch", "CN", "Chengdu", Association, &[zh("四川省妇幼保健协会"), en("Sichuan Maternal and Child Health Association")])
        .tags(&["labour-analgesia", "maternal-health"]),
    inst("leshan", "CN", "Leshan", Hospital, &[zh("乐山市人民医院"), en("Leshan People's Hospital")])
        .tags(&["labour-analgesia"]),
    inst("leshan-mch", "CN", "Leshan", Hospital, &[zh("乐山市妇幼保健院"), en("Leshan Maternal and Child Health Hospital")])
        .tags(&["labour-analgesia", "maternal-health"]),
    inst("jinjiang-mch", "CN", "Chengdu", Hospital, &[
        zh("成都市锦江区妇幼保健院"),
        en("Chengdu Jinjiang District Maternal and Child Health Hospital"),
    ])
    .tags(&["labour-analgesia", "maternal-health"]),
    inst("pkufh", "CN", "Beijing", Hospital, &[zh("北京大学第一医院"), en("Peking University First Hospital")])
        .tags(&["labour-analgesia", "obstetrics"]),
    // Lüliang "Sangzi" hometown medical alliance (seed 004).
    inst("sangzi", "CN", "Lüliang", Association, &[zh("吕梁市医疗卫生“桑梓联盟”"), en("Lüliang Medical and Health Sangzi Alliance")])
        .tags(&["grassroots", "hometown-experts"]),
    inst("lvliang-first", "CN", "Lüliang", Hospital, &[zh("吕梁市第一人民医院"), en("Lüliang First People's Hospital")])
        .tags(&["grassroots"]),
    inst("jiaokou", "CN", "Jiaokou", Hospital, &[zh("交口县人民医院"), en("Jiaokou County People's Hospital")])
        .tags(&["grassroots"]),
    inst("fenyang", "CN", "Fenyang", Hospital, &[zh("汾阳市人民医院"), en("Fenyang People's Hospital")])
        .tags(&["grassroots"]),
    inst("tongren", "CN", "Beijing", Hospital, &[zh("首都医科大学附属北京同仁医院"), en("Beijing Tongren Hospital")])
        .tags(&["ophthalmology"]),
    inst("sxmu-imaging", "CN", "Taiyuan", University, &[
        zh("山西医科大学医学影像学院"),
        en("Shanxi Medical University School of Medical Imaging"),
    ])
    .tags(&["imaging"]),
    inst("bethune", "CN", "Taiyuan", Hospital, &[zh("山西白求恩医院"), en("Shanxi Bethune Hospital")]),
    inst("cip", "CN", "Beijing", Other, &[zh("首都儿科研究所"), en("Capital Institute of Pediatrics")])
        .tags(&["pediatrics"]),
    inst("sx-provincial", "CN", "Taiyuan", Hospital, &[zh("山西省人民医院"), en("Shanxi Provincial People's Hospital")]),
    // One hospital under two names in the report.
    inst("sx-cancer", "CN", "Taiyuan", Hospital, &[
        zh("山西省肿瘤医院"),
        en("Shanxi Cancer Hospital"),
        zh("中国医学科学院肿瘤医院山西医院"),
        en("Cancer Hospital CAMS Shanxi Hospital"),
    ])
    .tags(&["oncology"]),
    inst("bj-rehab", "CN", "Beijing", Hospital, &[zh("首都医科大学附属北京康复医院"), en("Beijing Rehabilitation Hospital")])
        .tags(&["rehabilitation"]),
    inst("sx-integrated", "CN", "Taiyuan", Hospital, &[
        zh("山西省中西医结合医院"),
        en("Shanxi Integrated Traditional Chinese and Western Medicine Hospital"),
    ]),
];
