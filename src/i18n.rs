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

/// Whether the catalog has `key` in the language in force.
pub fn has(key: &str) -> bool {
    crate::_rust_i18n_try_translate(&rust_i18n::locale(), key).is_some()
}

/// A field as messages name it: its machine name in English (the name
/// of its `--flag` and of its column), the catalog's label otherwise.
pub fn field(name: &str) -> String {
    let key = format!("field.{name}");
    if language() != Lang::En && has(&key) {
        rust_i18n::t!(&key).into_owned()
    } else {
        name.to_string()
    }
}

/// A vocabulary word (`done`, `letter_of_intent`…) as messages show it:
/// the machine name in English, the catalog's word otherwise.
pub fn vocab(name: &str) -> String {
    let key = format!("vocab.{name}");
    if language() != Lang::En && has(&key) {
        rust_i18n::t!(&key).into_owned()
    } else {
        name.to_string()
    }
}

/// A kind of record in a sentence: "institution", "机构".
pub fn kind(kind: crate::model::Kind) -> String {
    let key = format!("kind.{}", kind.name());
    if language() == Lang::En {
        kind.name().to_string()
    } else {
        rust_i18n::t!(&key).into_owned()
    }
}

/// An agreement kind as tables show it: MOU, LOI, 意向书…
pub fn agreement_kind_short(kind: crate::model::AgreementKind) -> String {
    let key = format!("agkind.short.{}", kind.name());
    if language() != Lang::En && has(&key) {
        rust_i18n::t!(&key).into_owned()
    } else {
        kind.short().to_string()
    }
}

/// What went wrong with a file, in the language in force: the common
/// cases in words, anything else as the system says it.
pub fn io_problem(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let key = match e.kind() {
        ErrorKind::NotFound => "io.not_found",
        ErrorKind::PermissionDenied => "io.permission_denied",
        ErrorKind::IsADirectory => "io.is_a_directory",
        ErrorKind::AlreadyExists => "io.already_exists",
        ErrorKind::StorageFull => "io.storage_full",
        ErrorKind::ReadOnlyFilesystem => "io.read_only",
        ErrorKind::InvalidData => "io.invalid_data",
        _ => return e.to_string(),
    };
    rust_i18n::t!(key).into_owned()
}

/// The catalog's text for a computed key, in the language in force.
pub fn text(key: &str) -> String {
    rust_i18n::t!(key).into_owned()
}
