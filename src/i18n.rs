//! The interface language. Every word the interface and the reports show
//! comes from the catalogs in `locales/` through `rust_i18n::t!`.

/// The languages accord speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// `en`, `zh`, `zh_CN.UTF-8`, `zh-Hans`… Anything unknown is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" || s.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From the environment: `LC_ALL`, then `LC_MESSAGES`, then `LANG`; English otherwise.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

/// Makes `lang` the language of every message from now on.
pub fn set_language(lang: Lang) {
    rust_i18n::set_locale(lang.code());
}

/// The language in force.
pub fn language() -> Lang {
    Lang::parse(&rust_i18n::locale()).unwrap_or(Lang::En)
}
