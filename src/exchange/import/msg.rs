//! Import messages from the catalog (`locales/import.yml`), in the language
//! in force: `msg!("key", name = value)` fills `%{name}` in `import.key`.

/// The catalog text of `key` in the language in force, placeholders filled.
pub fn fill(key: &str, args: &[(&str, &str)]) -> String {
    let lang = crate::i18n::language();
    let mut s = rust_i18n::t!(key, locale = lang.code()).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// `msg!("rejected", row = 3)`: the sentence `import.rejected`, filled.
macro_rules! msg {
    ($key:literal $(, $name:ident = $val:expr)* $(,)?) => {
        $crate::exchange::import::msg::fill(
            concat!("import.", $key),
            &[$((stringify!($name), $val.to_string().as_str())),*],
        )
    };
}
pub(crate) use msg;

/// "agreements", 协议: what a table's rows were read as.
pub fn plural(kind: crate::model::Kind) -> String {
    fill(&format!("import.kinds.{}", kind.plural()), &[])
}

/// "an agreement", 协议: one record of a kind.
pub fn one(kind: crate::model::Kind) -> String {
    fill(&format!("import.kind.{}", kind.name()), &[])
}

#[cfg(test)]
mod tests {
    use crate::model::Kind;

    #[test]
    fn every_kind_has_words_in_both_languages() {
        for lang in ["en", "zh"] {
            for k in Kind::ALL {
                for key in [
                    format!("import.kinds.{}", k.plural()),
                    format!("import.kind.{}", k.name()),
                ] {
                    let s = rust_i18n::t!(&key, locale = lang);
                    assert!(!s.contains("import."), "{lang}: {key} is missing");
                }
            }
        }
    }
}
