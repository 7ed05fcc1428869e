//! Header synonyms per entity and field, in English and Chinese, as
//! offices write them. Compared after `headers::norm` (case, spaces and
//! punctuation do not matter).

use crate::model::Kind;

/// Synonyms per entity and field.
#[rustfmt::skip]
pub fn synonyms(kind: Kind) -> &'static [(&'static str, &'static [&'static str])] {
    const REF: &[&str] = &["accordid", "recordid", "记录编号"];
    match kind {
        Kind::Institution => &[
            ("id", REF),
            ("name", &["institution", "institutionname", "organisation", "organization",
                "organisationname", "organizationname", "fullname", "机构名称", "名称", "单位名称", "机构", "单位",
                "医院名称", "学校名称"]),
            ("name_lang", &["language", "lang", "语言"]),
            ("other_names", &["aliases", "alias", "aka", "alsoknownas", "别名", "其他名称"]),
            ("short_name", &["abbreviation", "abbr", "acronym", "short", "缩写", "简称"]),
            ("country", &["countrycode", "nation", "国家", "国别", "国家地区", "国家代码"]),
            ("city", &["town", "location", "城市", "所在城市", "所在地"]),
            ("type", &["kind", "category", "institutiontype", "机构类型", "类别", "类型"]),
            ("tags", &["tag", "keywords", "标签", "关键词"]),
            ("website", &["web", "url", "homepage", "site", "网址", "网站", "主页"]),
            ("home", &["homeinstitution", "ours", "本单位", "本机构"]),
        ],
        Kind::Contact => &[
            ("id", REF),
            ("institution", &["institutionid", "organisation", "organization", "employer", "所属机构编号",
                "所属机构", "单位", "工作单位"]),
            ("institution_name", &["所属机构名称", "机构名称", "单位名称"]),
            ("name", &["fullname", "person", "contact", "contactname", "姓名", "联系人", "名字"]),
            ("name_lang", &["language", "lang", "语言"]),
            ("other_names", &["aliases", "alias", "其他名称", "别名"]),
            ("title", &["role", "position", "jobtitle", "职务", "职位", "职称", "头衔"]),
            ("email", &["mail", "emailaddress", "邮箱", "电子邮件", "电子邮箱"]),
            ("phone", &["telephone", "tel", "mobile", "phonenumber", "电话", "手机", "联系电话"]),
            ("notes", &["note", "remarks", "comments", "备注"]),
        ],
        Kind::Partnership => &[
            ("id", REF),
            ("title", &["name", "partnership", "partnershiptitle", "project", "programme", "program",
                "合作名称", "项目名称", "合作项目", "标题", "名称"]),
            ("status", &["state", "stage", "状态", "阶段"]),
            ("partners", &["partnerids", "合作单位编号"]),
            ("partner_names", &["partner", "partnerinstitutions", "partnerinstitution", "institutions",
                "合作单位", "合作机构", "合作方", "合作伙伴"]),
            ("areas", &["area", "fields", "field", "domains", "合作领域", "领域"]),
            ("owner", &["responsible", "lead", "staff", "负责人", "责任人", "经办人"]),
            ("start", &["startdate", "since", "began", "开始日期", "起始日期", "开始时间"]),
            ("description", &["details", "about", "说明", "描述", "简介"]),
            // The partners' country, for partners created with --create-missing.
            ("country", &["countrycode", "nation", "partnercountry", "国家", "国别", "国家地区", "国家代码"]),
        ],
        Kind::Agreement => &[
            ("id", REF),
            ("partnership", &["partnershipid", "所属合作编号"]),
            ("partnership_title", &["所属合作", "合作项目", "合作名称"]),
            ("type", &["kind", "agreementtype", "instrument", "协议类型", "类型"]),
            ("title", &["name", "agreement", "agreementtitle", "agreementname", "协议名称", "协议", "名称", "标题"]),
            ("status", &["state", "状态"]),
            ("signed", &["signedon", "signeddate", "signingdate", "datesigned", "signaturedate",
                "dateofsigning", "签署日期", "签订日期", "签约日期", "签署时间"]),
            ("effective", &["effectivedate", "effectivefrom", "validfrom", "startdate", "生效日期", "开始日期"]),
            ("expires", &["expiry", "expirydate", "expiration", "expirationdate", "expireson",
                "enddate", "validuntil", "validto", "到期日期", "到期日", "截止日期", "失效日期", "有效期至", "结束日期"]),
            ("notice_days", &["noticeperiod", "notice", "renewalnotice", "noticeperioddays", "续签通知期",
                "通知期", "续签通知期天"]),
            ("parties", &["partyids", "签约方编号"]),
            ("party_names", &["party", "partners", "partner", "partnerinstitution",
                "partnerinstitutions", "partnername", "partnernames", "counterpart", "counterparty", "合作单位",
                "合作机构", "签约方", "协议方", "合作方", "合作单位名称", "合作机构名称", "合作单位中英文", "外方单位",
                "外方机构"]),
            ("scope", &["items", "agreeditems", "directions", "cooperationscope", "合作内容", "合作范围", "内容"]),
            ("signatories", &["signatory", "signedby", "签署人", "签字人"]),
            ("document", &["file", "link", "documentref", "path", "文件", "文档", "协议文本", "链接"]),
            ("owner", &["responsible", "lead", "负责人", "责任人", "经办人"]),
            ("renewal_raised_for", &[]),
            // Register columns that are not fields of an agreement: the
            // partners' country (for partners created with
            // --create-missing) and remarks (kept as a note on it).
            ("country", &["countrycode", "nation", "partnercountry", "国家", "国别", "国家地区", "国家代码"]),
            ("notes", &["note", "remarks", "comments", "备注", "说明", "附注"]),
        ],
        Kind::Action => &[
            ("id", REF),
            ("parent", &["parentid", "on", "agreement", "partnership", "所属记录编号", "所属协议", "所属合作"]),
            ("parent_title", &["所属记录"]),
            ("title", &["action", "actionitem", "task", "item", "todo", "事项", "任务", "行动项", "工作内容",
                "标题", "内容"]),
            ("owner", &["assignee", "assignedto", "responsible", "负责人", "责任人", "经办人"]),
            ("due", &["duedate", "deadline", "dueby", "by", "截止日期", "到期日", "期限", "完成期限", "截止时间"]),
            ("status", &["state", "状态"]),
            ("priority", &["importance", "优先级", "重要性"]),
            ("completed", &["completedon", "donedate", "dateCompleted", "完成日期", "完成时间"]),
        ],
        Kind::FollowUp => &[
            ("id", REF),
            ("parent", &["parentid", "on", "record", "所属记录编号"]),
            ("parent_title", &["所属记录"]),
            ("title", &["followup", "nextstep", "task", "item", "跟进事项", "事项", "内容", "标题"]),
            ("due", &["duedate", "deadline", "dueby", "by", "截止日期", "期限", "跟进日期"]),
            ("owner", &["assignee", "responsible", "负责人", "责任人"]),
            ("status", &["state", "状态"]),
            ("completed", &["completedon", "donedate", "完成日期"]),
        ],
        Kind::Note => &[
            ("id", REF),
            ("parent", &["parentid", "on", "record", "partnership", "所属记录编号"]),
            ("parent_title", &["所属记录", "所属合作"]),
            ("date", &["on", "when", "day", "日期", "时间"]),
            ("type", &["kind", "category", "interaction", "类型", "方式"]),
            ("text", &["note", "notes", "content", "summary", "minutes", "内容", "记录", "纪要", "备注"]),
            ("author", &["by", "writtenby", "recordedby", "记录人", "作者"]),
        ],
    }
}
