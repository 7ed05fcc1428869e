//! Every word the interface shows, looked up in the catalog
//! (`locales/tui.yml`, `locales/core.yml`) in the language of the session.
//! The language is passed explicitly so that two sessions (or two tests)
//! in one process can speak different languages.

use chrono::{Datelike, NaiveDate};

use crate::due::Bucket;
use crate::i18n::Lang;
use crate::model::{Kind, country_name};
use crate::store::DueSlot;

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, …)`: a catalog
/// message in `lang`, with `%{name}` placeholders filled in.
macro_rules! tr {
    ($lang:expr, $key:literal) => {
        rust_i18n::t!($key, locale = $lang.code()).into_owned()
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        rust_i18n::t!($key, locale = $lang.code(), $($name = $value),+).into_owned()
    };
}
pub(crate) use tr;

/// A message whose key is computed (`act.done`, `vocab.active`).
pub fn lookup(lang: Lang, key: &str) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// Whether the catalog has `key` in `lang` (used by tests and fallbacks).
pub fn has(lang: Lang, key: &str) -> bool {
    crate::_rust_i18n_try_translate(lang.code(), key).is_some()
}

/// The name of a kind of record: "Partnership", "合作关系".
pub fn kind(lang: Lang, k: Kind) -> String {
    lookup(lang, &format!("kind.{}", k.name()))
}

/// The plural heading for a kind: "Partnerships", "合作关系".
pub fn kinds(lang: Lang, k: Kind) -> String {
    lookup(lang, &format!("kinds.{}", k.name()))
}

/// A vocabulary word (status, priority, institution kind…) by its machine name.
pub fn vocab(lang: Lang, name: &str) -> String {
    let key = format!("vocab.{name}");
    if has(lang, &key) {
        lookup(lang, &key)
    } else {
        name.replace('_', " ")
    }
}

pub fn bucket(lang: Lang, b: Bucket) -> String {
    lookup(lang, &format!("bucket.{}", b.name()))
}

/// What a due line is: "Action item", "Renewal notice", "Expiry".
pub fn slot(lang: Lang, s: DueSlot, k: Kind) -> String {
    match s {
        DueSlot::Item => kind(lang, k),
        DueSlot::RenewalNotice => tr!(lang, "due.renewal_notice"),
        DueSlot::Expiry => tr!(lang, "due.expiry"),
    }
}

/// A country's name in the interface language, falling back to English
/// and then to the code itself.
pub fn country(lang: Lang, code: &str) -> String {
    let key = format!("country.{code}");
    if lang == Lang::Zh && has(lang, &key) {
        lookup(lang, &key)
    } else {
        country_name(code)
    }
}

/// `2026-11-23`, the same in both languages (unambiguous everywhere).
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

/// `in 3 days`, `today`, `2 days overdue`.
pub fn relative(lang: Lang, days: i64) -> String {
    match days {
        0 => tr!(lang, "when.today"),
        1 => tr!(lang, "when.tomorrow"),
        -1 => tr!(lang, "when.yesterday"),
        n if n > 0 => tr!(lang, "when.in_days", n = n),
        n => tr!(lang, "when.days_ago", n = -n),
    }
}

/// `in 3d`, `today`, `2d overdue`: for narrow columns.
pub fn relative_short(lang: Lang, days: i64) -> String {
    match days {
        0 => tr!(lang, "when.today"),
        n if n > 0 => tr!(lang, "when.short_in", n = n),
        n => tr!(lang, "when.short_ago", n = -n),
    }
}

/// `3 days ago`, `today`, `in 5 days`: for dates that are not deadlines
/// (last contact, an expiry already past).
pub fn ago(lang: Lang, days: i64) -> String {
    match days {
        0 => tr!(lang, "when.today"),
        n if n > 0 => tr!(lang, "when.in_days", n = n),
        n => tr!(lang, "when.ago", n = -n),
    }
}

/// `Mon`…`Sun` / `一`…`日`, Monday first.
pub fn weekday_short(lang: Lang, i: u32) -> String {
    lookup(lang, &format!("cal.wd{}", i % 7))
}

/// `November 2026` / `2026年11月`.
pub fn month_title(lang: Lang, d: NaiveDate) -> String {
    let month = lookup(lang, &format!("cal.m{}", d.month()));
    tr!(lang, "cal.month_title", month = month, year = d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_words() {
        assert_eq!(kind(Lang::En, Kind::Partnership), "Partnership");
        assert_eq!(kind(Lang::Zh, Kind::Partnership), "合作关系");
        assert_eq!(vocab(Lang::Zh, "active"), "进行中");
        assert_eq!(country(Lang::Zh, "KZ"), "哈萨克斯坦");
        assert_eq!(country(Lang::En, "KZ"), "Kazakhstan");
        assert_eq!(relative(Lang::En, -3), "3 days overdue");
        let d: NaiveDate = "2026-11-23".parse().unwrap();
        assert_eq!(month_title(Lang::Zh, d), "2026年11月");
    }
}
