//! Folding text for comparison.
//!
//! [`name_key`] matches what a spreadsheet says against what the database
//! holds: "Kazakh National Medical University", "KAZAKH  national medical
//! university", "Kazakh Natíonal…" are one name, and so are "Ташкент" and
//! "Tashkent" (through [`crate::search::normalize`]). Names with Chinese
//! characters are compared character for character (ignoring width and
//! spaces): spelled in pinyin, different names can sound the same (首钢 and
//! 手钢), and an import must not take one for the other.
//!
//! [`fold`] is the plain fold (case, width, diacritics, spacing) for headers
//! and vocabulary words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Case-, width- and diacritic-insensitive form of a name, with runs of
/// whitespace collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    if s.is_ascii() {
        // Nothing to decompose: lower case and collapse spaces.
        for b in s.bytes() {
            if b.is_ascii_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
        return out;
    }
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The key two names must share to be the same name.
pub fn name_key(s: &str) -> String {
    if s.chars().any(is_han) {
        fold(s).replace(' ', "")
    } else {
        crate::search::normalize(s)
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::{fold, name_key};

    #[test]
    fn names_match_across_scripts_but_chinese_only_by_its_characters() {
        assert_eq!(name_key("Ташкент"), name_key("Tashkent"));
        assert_eq!(
            name_key("  Université  d'Almaty"),
            name_key("universite d'almaty")
        );
        assert_eq!(name_key("北京大学首钢医院"), name_key("北京大学 首钢医院"));
        assert_ne!(name_key("首钢医院"), name_key("手钢医院"));
        assert_ne!(name_key("首钢医院"), name_key("Shougang Yiyuan"));
    }

    #[test]
    fn names_fold_across_case_width_and_diacritics() {
        assert_eq!(fold("  Kazakh   National "), "kazakh national");
        assert_eq!(
            fold("Asfendiyarov Kazakh Natíonal"),
            "asfendiyarov kazakh national"
        );
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold("北京大学首钢医院"), "北京大学首钢医院");
        assert_eq!(fold("Ташкент"), "ташкент");
        assert_eq!(fold("Ё"), "е");
        assert_eq!(fold("\tA  b\n"), "a b");
    }
}
