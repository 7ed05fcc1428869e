//! Report headings and labels from the message catalog (locales/report.yml),
//! in the language asked for, whatever the interface language is.

use crate::i18n::Lang;

/// The text of `key` in `lang`.
pub fn label(lang: Lang, key: &str) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// The text of `key` with `%{name}` placeholders filled in.
pub fn fill(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = label(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// A vocabulary word (`signed`, `in_progress`, `expiring`, `letter_of_intent`,
/// `hospital`…) as readers see it: the report's label, else the
/// interface's word for it (`vocab.*`), else the name itself.
pub fn word(lang: Lang, name: &str) -> String {
    for key in [format!("report.label.{name}"), format!("vocab.{name}")] {
        if let Some(s) = crate::_rust_i18n_try_translate(lang.code(), &key) {
            return s.into_owned();
        }
    }
    name.replace('_', " ")
}

/// An agreement type as summary tables show it (`MOU`, `LOI`; 备忘录,
/// 意向书), from the short English label the summary keeps.
pub fn kind_short(lang: Lang, short: &str) -> String {
    let kind = crate::model::AgreementKind::ALL
        .iter()
        .find(|k| k.short() == short);
    match kind.and_then(|k| {
        crate::_rust_i18n_try_translate(lang.code(), format!("agkind.short.{}", k.name()))
    }) {
        Some(s) => s.into_owned(),
        None => short.to_string(),
    }
}

/// A country as readers see it: `KZ Kazakhstan`, `KZ 哈萨克斯坦`.
pub fn country(lang: Lang, code: &str) -> String {
    format!("{code} {}", crate::model::country_name_in(lang, code))
}

/// A column heading for a field.
pub fn column(lang: Lang, field: &str) -> String {
    let key = format!("report.col.{field}");
    let s = label(lang, &key);
    if s == key || s.ends_with(&key) {
        field.replace('_', " ")
    } else {
        s
    }
}

/// "in 3 d", "today", "overdue by 4 d".
pub fn days_from_today(lang: Lang, days: i64) -> String {
    match days {
        0 => label(lang, "report.today"),
        d if d < 0 => fill(lang, "report.overdue_by", &[("n", &(-d).to_string())]),
        d => fill(lang, "report.in_days", &[("n", &d.to_string())]),
    }
}

/// "all partnerships", "country KZ, owner li na".
pub fn scope_text(lang: Lang, scope: &super::Scope) -> String {
    let mut parts = Vec::new();
    if let Some(id) = scope.partnership {
        parts.push(fill(
            lang,
            "report.scope_partnership",
            &[("id", &id.to_string())],
        ));
    }
    if let Some(c) = &scope.country {
        parts.push(fill(
            lang,
            "report.scope_country",
            &[("country", &country(lang, c))],
        ));
    }
    if let Some(o) = &scope.owner {
        parts.push(fill(lang, "report.scope_owner", &[("owner", o)]));
    }
    if let Some(s) = &scope.status {
        parts.push(fill(
            lang,
            "report.scope_status",
            &[("status", &word(lang, s))],
        ));
    }
    if parts.is_empty() {
        label(lang, "report.scope_all")
    } else {
        parts.join(", ")
    }
}

/// "from 2026-01-01 until 2026-03-31", "no date limit".
pub fn window_text(lang: Lang, window: &super::Window) -> String {
    let mut parts = Vec::new();
    if let Some(f) = window.from {
        parts.push(fill(
            lang,
            "report.window_from",
            &[("date", &f.to_string())],
        ));
    }
    if let Some(t) = window.to {
        parts.push(fill(lang, "report.window_to", &[("date", &t.to_string())]));
    }
    if parts.is_empty() {
        label(lang, "report.window_none")
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_in_both_languages() {
        assert_eq!(label(Lang::En, "report.partners"), "Partners");
        assert_eq!(label(Lang::Zh, "report.partners"), "合作单位");
        assert_eq!(word(Lang::Zh, "signed"), "已签署");
        assert_eq!(word(Lang::En, "in_progress"), "in progress");
        assert_eq!(column(Lang::Zh, "expires"), "到期日期");
        assert_eq!(days_from_today(Lang::En, -4), "overdue by 4 d");
        assert_eq!(days_from_today(Lang::Zh, 3), "3 天后");
    }

    #[test]
    fn types_and_countries_read_in_the_report_language() {
        assert_eq!(word(Lang::Zh, "letter_of_intent"), "意向书");
        assert_eq!(word(Lang::En, "letter_of_intent"), "letter of intent");
        assert_eq!(word(Lang::Zh, "hospital"), "医院");
        assert_eq!(country(Lang::Zh, "KZ"), "KZ 哈萨克斯坦");
        assert_eq!(country(Lang::En, "KZ"), "KZ Kazakhstan");
        assert_eq!(country(Lang::Zh, "XX"), "XX XX");
        assert_eq!(kind_short(Lang::Zh, "LOI"), "意向书");
        assert_eq!(kind_short(Lang::En, "LOI"), "LOI");
    }
}
