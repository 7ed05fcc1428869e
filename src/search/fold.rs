//! Character-level folding and transliteration: the building blocks of the
//! derived forms search matches against.
//!
//! Every function here works one source character at a time and hands its
//! output to a callback, so that callers can remember which source
//! character each output character came from (for highlighting) without
//! allocating.

use pinyin::{ToPinyin, ToPinyinMulti};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Whether `c` is a CJK ideograph (a Han character).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Whether `c` is a Cyrillic letter.
pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

/// Folds one character: lower case, diacritics stripped, other scripts kept
/// as they are (`É` → `e`, `Н` → `н`, `首` → `首`). A few Latin letters that
/// carry no decomposition are spelled out (`ß` → `ss`, `ł` → `l`).
pub(crate) fn fold_char(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    if is_han(c) {
        out(c);
        return;
    }
    let spelled: Option<&str> = match c {
        'ß' | 'ẞ' => Some("ss"),
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' => Some("d"),
        'ħ' | 'Ħ' => Some("h"),
        'ı' => Some("i"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'þ' | 'Þ' => Some("th"),
        _ => None,
    };
    if let Some(s) = spelled {
        s.chars().for_each(&mut *out);
        return;
    }
    if let Some(lower) = cyrillic_lower(c) {
        decompose_canonical(lower, |d| {
            if !is_combining_mark(d) {
                out(d);
            }
        });
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if !is_combining_mark(d) {
                out(d);
            }
        });
    }
}

/// The lower case of a basic Cyrillic letter, quickly; `None` for other
/// characters (which `char::to_lowercase` handles).
fn cyrillic_lower(c: char) -> Option<char> {
    match c as u32 {
        0x0430..=0x045F => Some(c),
        0x0410..=0x042F => char::from_u32(c as u32 + 0x20),
        0x0400..=0x040F => char::from_u32(c as u32 + 0x50),
        _ => None,
    }
}

/// The Russian-style (BGN/GOST-like) Latin spelling of a lower-case
/// Cyrillic letter, covering the Kazakh, Mongolian, Uzbek, Tajik and
/// Ukrainian letters too. `None` for anything else.
pub(crate) fn russian(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh
        'ә' => "a",
        'ғ' => "g",
        'қ' => "k",
        'ң' => "n",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        'і' => "i",
        // Uzbek, Tajik
        'ў' => "o",
        'ҳ' => "h",
        'ҷ' => "j",
        'ӣ' => "i",
        'ӯ' => "u",
        // Ukrainian, Belarusian
        'є' => "ye",
        'ї' => "yi",
        'ґ' => "g",
        _ => return None,
    })
}

/// The readings (plain pinyin, tone marks removed) of a Han character;
/// the first is the most common one. Empty for anything else.
pub(crate) fn readings(c: char) -> impl Iterator<Item = &'static str> {
    c.to_pinyin_multi()
        .into_iter()
        .flat_map(|m| m.into_iter().map(|p| p.plain()))
}

/// The most common plain reading of a Han character.
pub(crate) fn primary_reading(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// Pushes a pinyin syllable in ASCII with its first letter in upper case
/// (`ShouGang`), so that syllable starts count as word starts.
pub(crate) fn push_syllable(syllable: &str, out: &mut impl FnMut(char)) {
    let mut first = true;
    for c in syllable.chars() {
        fold_char(c, &mut |d| {
            if first {
                out(d.to_ascii_uppercase());
                first = false;
            } else {
                out(d);
            }
        });
    }
}

/// Pushes the Latin (ASCII, lower case) spelling of one character: Han as
/// capitalised pinyin, anything else through `any_ascii` (`é` → `e`,
/// `Қ` → `q`, `й` → `y`). With `russian_style`, Cyrillic uses [`russian`] instead.
pub(crate) fn latin_char(c: char, russian_style: bool, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    if let Some(s) = is_han(c).then(|| primary_reading(c)).flatten() {
        push_syllable(s, out);
        return;
    }
    let mut spell = |lower: char| match russian(lower).filter(|_| russian_style) {
        Some(s) => s.chars().for_each(&mut *out),
        None => {
            for a in any_ascii::any_ascii_char(lower).chars() {
                out(a.to_ascii_lowercase());
            }
        }
    };
    match cyrillic_lower(c) {
        Some(lower) => spell(lower),
        None => c.to_lowercase().for_each(spell),
    }
}

/// Whether the character at some position starts a word, given the one
/// before it. Upper-case ASCII marks a pinyin syllable start; every Han
/// character is a word of its own; a change between ASCII and other
/// scripts starts a word too.
pub(crate) fn starts_word(prev: Option<char>, c: char) -> bool {
    match prev {
        None => true,
        Some(p) if p.is_ascii() && c.is_ascii() => {
            c.is_ascii_uppercase() || !p.is_ascii_alphanumeric()
        }
        Some(p) => {
            c.is_ascii_uppercase()
                || is_han(c)
                || is_han(p)
                || !is_word_char(p)
                || (p.is_ascii() != c.is_ascii() && is_word_char(c))
        }
    }
}

/// `char::is_alphanumeric`, quick for the scripts accord meets most.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Cyrillic letters (but the thousands sign and combining marks).
    if matches!(c as u32, 0x0400..=0x0481 | 0x048A..=0x052F) || is_han(c) {
        return true;
    }
    c.is_alphanumeric()
}

/// Normalises text for comparison: lower case, diacritics stripped, every
/// script spelled in Latin letters (Cyrillic through `any_ascii`, Chinese as
/// pinyin), runs of white space collapsed to one space, ends trimmed.
///
/// `normalize("  Université  d'Almaty")` is `"universite d'almaty"`,
/// `normalize("Қазақстан")` is `"qazaqstan"` and
/// `normalize("北京大学首钢医院")` is `"beijingdaxueshougangyiyuan"`. The
/// importer uses it to recognise an institution written differently.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        latin_char(c, false, &mut |d| out.push(d.to_ascii_lowercase()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            fold_char(c, &mut |d| out.push(d));
        }
        out
    }

    #[test]
    fn folding_lowers_every_script_and_strips_diacritics() {
        assert_eq!(fold("Université"), "universite");
        assert_eq!(fold("НАЗАРБАЕВ Университет"), "назарбаев университет");
        assert_eq!(fold("Straße Łódź"), "strasse lodz");
        assert_eq!(fold("北京大学首钢医院"), "北京大学首钢医院");
    }

    #[test]
    fn normalize_spells_everything_in_latin() {
        assert_eq!(normalize("  Université   d'Almaty "), "universite d'almaty");
        assert_eq!(normalize("Қазақстан"), "qazaqstan");
        assert_eq!(normalize("北京大学首钢医院"), "beijingdaxueshougangyiyuan");
        assert_eq!(normalize("Казахский"), "kazakhskiy");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn russian_style_spells_kazakh_letters_plainly() {
        let mut out = String::new();
        for c in "Қазақ Шифобахш".chars() {
            latin_char(c, true, &mut |d| out.push(d));
        }
        assert_eq!(out, "kazak shifobakhsh");
    }

    #[test]
    fn polyphonic_characters_have_several_readings() {
        let r: Vec<_> = readings('长').collect();
        assert!(r.contains(&"zhang") && r.contains(&"chang"), "{r:?}");
        assert_eq!(primary_reading('首'), Some("shou"));
        assert_eq!(readings('a').count(), 0);
    }

    #[test]
    fn word_starts_follow_spaces_syllables_and_scripts() {
        assert!(starts_word(None, 'a'));
        assert!(starts_word(Some(' '), 'a'));
        assert!(!starts_word(Some('a'), 'b'));
        assert!(starts_word(Some('u'), 'G'));
        assert!(starts_word(Some('学'), '首'));
        assert!(starts_word(Some('首'), 'a'));
        assert!(starts_word(Some('a'), 'б'));
    }
}
