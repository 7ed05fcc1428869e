//! Name folding for matching what a spreadsheet says against what the
//! database holds: "Kazakh National Medical University", "KAZAKH  national
//! medical university" and "Kazakh Natíonal…" are the same name.
//!
//! One function, so it can follow `accord::search::normalize` when that
//! lands on main.

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

#[cfg(test)]
mod tests {
    use super::fold;

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
