//! Statuses, kinds and countries as spreadsheets write them: the machine
//! names, the report labels in English and Chinese, and common synonyms
//! ("in force", "completed", 已签署, 进行中, 谅解备忘录, 哈萨克斯坦…).

use crate::exchange::fold::fold;
use crate::exchange::labels::word;
use crate::i18n::Lang;
use crate::model::{
    ActionStatus, AgreementKind, AgreementStatus, FollowUpStatus, InstitutionKind, NoteKind,
    PartnershipStatus, Priority, is_country,
};

fn key(s: &str) -> String {
    fold(s).replace(['-', '_'], " ")
}

/// Finds a vocabulary value by machine name, report label or synonym.
fn find<T: Copy>(
    typed: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    synonyms: &[(&str, &str)],
    what: &str,
) -> Result<T, String> {
    // The machine name as exported: no folding needed.
    let plain = typed.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    if let Some(v) = all.iter().copied().find(|v| name(*v) == plain) {
        return Ok(v);
    }
    let k = key(typed);
    let by_name = |n: &str| all.iter().copied().find(|v| name(*v) == n);
    for v in all {
        let n = name(*v);
        if key(n) == k || [Lang::En, Lang::Zh].iter().any(|l| key(&word(*l, n)) == k) {
            return Ok(*v);
        }
    }
    if let Some(v) = synonyms
        .iter()
        .find(|(s, _)| key(s) == k)
        .and_then(|(_, n)| by_name(n))
    {
        return Ok(v);
    }
    let choices: Vec<&str> = all.iter().map(|v| name(*v)).collect();
    Err(format!(
        "'{typed}' is not {what}; use one of {}",
        choices.join(", ")
    ))
}

#[rustfmt::skip]
pub fn partnership_status(s: &str) -> Result<PartnershipStatus, String> {
    find(
        s,
        PartnershipStatus::ALL,
        |v| v.name(),
        &[
            ("in negotiation", "negotiating"),
            ("negotiation", "negotiating"),
            ("ongoing", "active"),
            ("current", "active"),
            ("inactive", "dormant"),
            ("paused", "dormant"),
            ("ended", "closed"),
            ("terminated", "closed"),
            ("意向", "prospect"),
            ("洽谈", "negotiating"),
            ("谈判中", "negotiating"),
            ("有效", "active"),
            ("执行中", "active"),
            ("暂停", "dormant"),
            ("结束", "closed"),
            ("终止", "closed"),
        ],
        "a partnership status",
    )
}

#[rustfmt::skip]
pub fn agreement_status(s: &str) -> Result<AgreementStatus, String> {
    find(
        s,
        AgreementStatus::ALL,
        |v| v.name(),
        &[
            ("in force", "signed"),
            ("active", "signed"),
            ("valid", "signed"),
            ("effective", "signed"),
            ("executed", "signed"),
            ("under review", "in_review"),
            ("review", "in_review"),
            ("lapsed", "expired"),
            ("ended", "expired"),
            ("草稿", "draft"),
            ("审批中", "in_review"),
            ("已签订", "signed"),
            ("生效", "signed"),
            ("有效", "signed"),
            ("过期", "expired"),
            ("续签", "renewed"),
            ("终止", "terminated"),
        ],
        "an agreement status",
    )
}

#[rustfmt::skip]
const ITEM_SYNONYMS: &[(&str, &str)] = &[
    ("todo", "open"),
    ("to do", "open"),
    ("pending", "open"),
    ("not started", "open"),
    ("new", "open"),
    ("ongoing", "in_progress"),
    ("started", "in_progress"),
    ("completed", "done"),
    ("complete", "done"),
    ("finished", "done"),
    ("closed", "done"),
    ("canceled", "cancelled"),
    ("dropped", "cancelled"),
    ("未开始", "open"),
    ("待办", "open"),
    ("进行中", "in_progress"),
    ("阻塞", "blocked"),
    ("完成", "done"),
    ("取消", "cancelled"),
];

pub fn action_status(s: &str) -> Result<ActionStatus, String> {
    find(
        s,
        ActionStatus::ALL,
        |v| v.name(),
        ITEM_SYNONYMS,
        "an action item status",
    )
}

pub fn followup_status(s: &str) -> Result<FollowUpStatus, String> {
    find(
        s,
        FollowUpStatus::ALL,
        |v| v.name(),
        ITEM_SYNONYMS,
        "a follow-up status",
    )
}

#[rustfmt::skip]
pub fn priority(s: &str) -> Result<Priority, String> {
    find(
        s,
        Priority::ALL,
        |v| v.name(),
        &[
            ("urgent", "high"),
            ("h", "high"),
            ("medium", "normal"),
            ("m", "normal"),
            ("l", "low"),
            ("紧急", "high"),
            ("中", "normal"),
        ],
        "a priority",
    )
}

#[rustfmt::skip]
pub fn institution_kind(s: &str) -> Result<InstitutionKind, String> {
    find(
        s,
        InstitutionKind::ALL,
        |v| v.name(),
        &[
            ("college", "university"),
            ("school", "university"),
            ("institute", "university"),
            ("society", "association"),
            ("federation", "association"),
            ("alliance", "association"),
            ("ministry", "government"),
            ("agency", "government"),
            ("firm", "company"),
            ("business", "company"),
            ("enterprise", "company"),
            ("医院", "hospital"),
            ("大学", "university"),
            ("学院", "university"),
            ("高校", "university"),
            ("协会", "association"),
            ("学会", "association"),
            ("联盟", "association"),
            ("政府", "government"),
            ("政府机构", "government"),
            ("公司", "company"),
            ("企业", "company"),
            ("其他", "other"),
        ],
        "an institution type",
    )
}

#[rustfmt::skip]
pub fn agreement_kind(s: &str) -> Result<AgreementKind, String> {
    let by_short = AgreementKind::ALL
        .iter()
        .copied()
        .find(|k| key(k.short()) == key(s));
    if let Some(k) = by_short {
        return Ok(k);
    }
    find(
        s,
        AgreementKind::ALL,
        |v| v.name(),
        &[
            ("memorandum of understanding", "mou"),
            ("memorandum", "mou"),
            ("memorandum of agreement", "moa"),
            ("cooperation agreement", "moa"),
            ("agreement", "moa"),
            ("framework agreement", "framework"),
            ("exchange agreement", "exchange"),
            ("loi", "letter_of_intent"),
            ("consortium agreement", "consortium"),
            ("谅解备忘录", "mou"),
            ("备忘录", "mou"),
            ("合作备忘录", "mou"),
            ("合作协议", "moa"),
            ("协议书", "moa"),
            ("框架协议", "framework"),
            ("交流协议", "exchange"),
            ("意向书", "letter_of_intent"),
            ("合作意向书", "letter_of_intent"),
            ("联盟协议", "consortium"),
        ],
        "an agreement type",
    )
}

#[rustfmt::skip]
pub fn note_kind(s: &str) -> Result<NoteKind, String> {
    find(
        s,
        NoteKind::ALL,
        |v| v.name(),
        &[
            ("talks", "meeting"),
            ("trip", "visit"),
            ("phone", "call"),
            ("phone call", "call"),
            ("e-mail", "email"),
            ("mail", "email"),
            ("signature", "signing"),
            ("会议", "meeting"),
            ("会谈", "meeting"),
            ("访问", "visit"),
            ("考察", "visit"),
            ("来访", "delegation"),
            ("代表团", "delegation"),
            ("电话", "call"),
            ("邮件", "email"),
            ("签约", "signing"),
            ("签署", "signing"),
            ("其他", "other"),
        ],
        "a note type",
    )
}

/// Chinese names of the countries offices most often work with.
#[rustfmt::skip]
const ZH_COUNTRIES: &[(&str, &str)] = &[
    ("中国", "CN"),
    ("哈萨克斯坦", "KZ"),
    ("蒙古", "MN"),
    ("蒙古国", "MN"),
    ("乌兹别克斯坦", "UZ"),
    ("塔吉克斯坦", "TJ"),
    ("吉尔吉斯斯坦", "KG"),
    ("土库曼斯坦", "TM"),
    ("俄罗斯", "RU"),
    ("美国", "US"),
    ("英国", "GB"),
    ("德国", "DE"),
    ("法国", "FR"),
    ("意大利", "IT"),
    ("西班牙", "ES"),
    ("日本", "JP"),
    ("韩国", "KR"),
    ("新加坡", "SG"),
    ("泰国", "TH"),
    ("越南", "VN"),
    ("老挝", "LA"),
    ("柬埔寨", "KH"),
    ("缅甸", "MM"),
    ("马来西亚", "MY"),
    ("印度尼西亚", "ID"),
    ("印度", "IN"),
    ("巴基斯坦", "PK"),
    ("尼泊尔", "NP"),
    ("阿富汗", "AF"),
    ("伊朗", "IR"),
    ("土耳其", "TR"),
    ("阿联酋", "AE"),
    ("沙特阿拉伯", "SA"),
    ("埃及", "EG"),
    ("南非", "ZA"),
    ("澳大利亚", "AU"),
    ("新西兰", "NZ"),
    ("加拿大", "CA"),
    ("巴西", "BR"),
    ("瑞士", "CH"),
    ("瑞典", "SE"),
    ("荷兰", "NL"),
    ("比利时", "BE"),
    ("奥地利", "AT"),
    ("波兰", "PL"),
    ("匈牙利", "HU"),
    ("塞尔维亚", "RS"),
    ("白俄罗斯", "BY"),
    ("乌克兰", "UA"),
    ("格鲁吉亚", "GE"),
    ("阿塞拜疆", "AZ"),
    ("亚美尼亚", "AM"),
    ("香港", "HK"),
    ("澳门", "MO"),
    ("台湾", "TW"),
];

/// An ISO 3166-1 alpha-2 code from a code (any case), an alpha-3 code, an
/// English country name or a Chinese one.
pub fn country(s: &str) -> Result<String, String> {
    let t = s.trim();
    let up = t.to_uppercase();
    if up.len() == 2 && is_country(&up) {
        return Ok(up);
    }
    if up.len() == 3
        && let Ok(c) = isocountry::CountryCode::for_alpha3(&up)
    {
        return Ok(c.alpha2().to_string());
    }
    if let Some((_, c)) = ZH_COUNTRIES.iter().find(|(n, _)| *n == t) {
        return Ok(c.to_string());
    }
    let k = fold(t);
    if let Some(c) = isocountry::CountryCode::iter().find(|c| fold(c.name()) == k) {
        return Ok(c.alpha2().to_string());
    }
    Err(format!(
        "'{t}' is not a country; write an ISO code such as CN, KZ, MN, UZ, TJ (or the country's name)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_read_in_english_chinese_and_synonyms() {
        assert_eq!(agreement_status("已签署"), Ok(AgreementStatus::Signed));
        assert_eq!(agreement_status("In force"), Ok(AgreementStatus::Signed));
        assert_eq!(agreement_status("in review"), Ok(AgreementStatus::InReview));
        assert_eq!(action_status("Completed"), Ok(ActionStatus::Done));
        assert_eq!(action_status("办理中"), Ok(ActionStatus::InProgress));
        assert_eq!(partnership_status("进行中"), Ok(PartnershipStatus::Active));
        assert_eq!(agreement_kind("MOU"), Ok(AgreementKind::Mou));
        assert_eq!(agreement_kind("谅解备忘录"), Ok(AgreementKind::Mou));
        assert_eq!(
            agreement_kind("letter of intent"),
            Ok(AgreementKind::LetterOfIntent)
        );
        assert_eq!(institution_kind("医院"), Ok(InstitutionKind::Hospital));
        assert_eq!(priority("紧急"), Ok(Priority::High));
        let e = agreement_status("maybe").unwrap_err();
        assert!(
            e.contains("not an agreement status") && e.contains("in_review"),
            "{e}"
        );
    }

    #[test]
    fn countries_by_code_name_and_chinese_name() {
        assert_eq!(country("kz"), Ok("KZ".into()));
        assert_eq!(country("KAZ"), Ok("KZ".into()));
        assert_eq!(country("Kazakhstan"), Ok("KZ".into()));
        assert_eq!(country("哈萨克斯坦"), Ok("KZ".into()));
        assert_eq!(country("蒙古国"), Ok("MN".into()));
        assert!(country("Atlantis").is_err());
    }
}
