//! Statuses, kinds and countries as spreadsheets write them: the machine
//! names, the report labels in English and Chinese, and common synonyms
//! ("in force", "completed", 已签署, 进行中, 谅解备忘录, 哈萨克斯坦…).

use super::msg::msg;
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
    Err(refusal(typed, what, all.iter().map(|v| name(*v))))
}

/// "'maybe' is not an agreement status; use one of: draft, in review…",
/// the accepted values as the user's language writes them.
fn refusal<'a>(typed: &str, what: &str, names: impl Iterator<Item = &'a str>) -> String {
    let lang = crate::i18n::language();
    // Statuses have report labels; types are named in the import catalog.
    let choices: Vec<String> = names
        .map(|n| {
            let own = super::msg::fill(&format!("import.value.{n}"), &[]);
            if own.contains("import.value.") {
                word(lang, n)
            } else {
                own
            }
        })
        .collect();
    msg!(
        "not_in_vocabulary",
        value = typed.trim(),
        what = super::msg::fill(&format!("import.what.{what}"), &[]),
        choices = choices.join(&msg!("list_separator"))
    )
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
            ("草拟", "prospect"),
            ("洽谈", "negotiating"),
            ("洽谈中", "negotiating"),
            ("审核中", "negotiating"),
            ("已签署", "active"),
            ("试运行", "active"),
            ("trial", "active"),
            ("已到期", "closed"),
            ("已终止", "closed"),
            ("谈判中", "negotiating"),
            ("有效", "active"),
            ("执行中", "active"),
            ("暂停", "dormant"),
            ("结束", "closed"),
            ("终止", "closed"),
        ],
        "partnership_status",
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
            ("草拟", "draft"),
            ("洽谈中", "draft"),
            ("洽谈", "draft"),
            ("谈判中", "draft"),
            ("negotiating", "draft"),
            ("in negotiation", "draft"),
            ("审核中", "in_review"),
            ("审查中", "in_review"),
            ("已签署", "signed"),
            ("已生效", "signed"),
            ("试运行", "signed"),
            ("trial", "signed"),
            ("已到期", "expired"),
            ("到期", "expired"),
            ("已续签", "renewed"),
            ("已终止", "terminated"),
            ("审批中", "in_review"),
            ("已签订", "signed"),
            ("生效", "signed"),
            ("有效", "signed"),
            ("过期", "expired"),
            ("续签", "renewed"),
            ("终止", "terminated"),
        ],
        "agreement_status",
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
        "action_status",
    )
}

pub fn followup_status(s: &str) -> Result<FollowUpStatus, String> {
    find(
        s,
        FollowUpStatus::ALL,
        |v| v.name(),
        ITEM_SYNONYMS,
        "followup_status",
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
        "priority",
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
        "institution_type",
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
            ("医联体协议", "consortium"),
            ("医联体", "consortium"),
            ("医疗联合体协议", "consortium"),
        ],
        "agreement_type",
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
        "note_type",
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
    Err(msg!("not_a_country", value = t))
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
            e.contains("not an agreement status") && e.contains("in review"),
            "{e}"
        );
        for (typed, status) in [
            ("有效", AgreementStatus::Signed),
            ("已签署", AgreementStatus::Signed),
            ("洽谈中", AgreementStatus::Draft),
            ("草拟", AgreementStatus::Draft),
            ("审核中", AgreementStatus::InReview),
            ("已到期", AgreementStatus::Expired),
            ("已终止", AgreementStatus::Terminated),
            ("试运行", AgreementStatus::Signed),
            ("Trial", AgreementStatus::Signed),
        ] {
            assert_eq!(agreement_status(typed), Ok(status), "{typed}");
        }
        for (typed, kind) in [
            ("谅解备忘录", AgreementKind::Mou),
            ("MOU", AgreementKind::Mou),
            ("意向书", AgreementKind::LetterOfIntent),
            ("框架协议", AgreementKind::Framework),
            ("医联体协议", AgreementKind::ConsortiumAgreement),
            ("consortium agreement", AgreementKind::ConsortiumAgreement),
            ("交流协议", AgreementKind::Exchange),
        ] {
            assert_eq!(agreement_kind(typed), Ok(kind), "{typed}");
        }
        assert_eq!(
            partnership_status("洽谈中"),
            Ok(PartnershipStatus::Negotiating)
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
