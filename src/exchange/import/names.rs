//! Names as offices write them: the language a spelling is in, judged by
//! its script, and cells that hold one name in two languages —
//! `蒙古国国家癌症中心 / National Cancer Center of Mongolia`,
//! `National Cancer Center of Mongolia（蒙古国国家癌症中心）`, or the two
//! spellings on two lines — split into their spellings.

use crate::exchange::fold::fold;
use crate::model::Name;

/// The writing systems told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Cyrillic,
    Latin,
    Other,
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

/// The script of a spelling: Han if it holds a Chinese character, else
/// Cyrillic if it holds a Cyrillic letter, else Latin if it holds a letter.
fn script(s: &str) -> Script {
    if s.chars().any(is_han) {
        Script::Han
    } else if s.chars().any(is_cyrillic) {
        Script::Cyrillic
    } else if s.chars().any(char::is_alphabetic) {
        Script::Latin
    } else {
        Script::Other
    }
}

/// The language tag a spelling most likely has, from its script: Chinese
/// characters are `zh`; Cyrillic is `kk`, `tg` or `mn` when it uses their
/// own letters, else `ru`; Latin letters are `en`. Empty when unknown.
pub fn detect_lang(s: &str) -> &'static str {
    match script(s) {
        Script::Han => "zh",
        Script::Cyrillic => {
            let has = |set: &str| {
                s.chars()
                    .any(|c| set.contains(c.to_lowercase().next().unwrap_or(c)))
            };
            if has("ҷӣӯҳ") {
                "tg"
            } else if has("әңұһі") {
                "kk"
            } else if has("өү") {
                "mn"
            } else {
                "ru"
            }
        }
        Script::Latin => "en",
        Script::Other => "",
    }
}

/// Whether the parts are written in different scripts, each in one (a
/// number in brackets, `Hospital (23)`, is not a second spelling).
fn differ(parts: &[&str]) -> bool {
    let first = parts.first().map(|p| script(p));
    parts.iter().all(|p| script(p) != Script::Other)
        && parts.iter().any(|p| Some(script(p)) != first)
}

/// The spellings of one name in a cell: one item unless the cell holds the
/// name in two scripts (on two lines, around a slash, or one in brackets
/// after the other). Spellings in the same script are never split, so
/// `Xuanwu Hospital (Beijing)` and `Ali/Ngari` stay one name.
pub fn spellings(cell: &str) -> Vec<String> {
    let t = cell.trim();
    let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > 1 && differ(&lines) {
        return lines.iter().map(|l| l.to_string()).collect();
    }
    for sep in ['/', '／', '|'] {
        if let Some((a, b)) = t.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() && !b.contains(sep) && differ(&[a, b]) {
                return vec![a.to_string(), b.to_string()];
            }
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_suffix(close)
            && let Some(at) = rest.rfind(open)
        {
            let outer = rest.get(..at).unwrap_or_default().trim();
            let inner = rest.get(at + open.len_utf8()..).unwrap_or_default().trim();
            if !outer.is_empty() && !inner.is_empty() && differ(&[outer, inner]) {
                return vec![outer.to_string(), inner.to_string()];
            }
        }
    }
    vec![t.to_string()]
}

/// Whether `names` already holds this spelling, ignoring case, width,
/// accents and spacing (`PEKING  university` is `Peking University`, but
/// `Ташкент` is a new spelling of `Tashkent`, and `Алия` one of `Әлия`).
pub fn has_spelling(names: &[Name], text: &str) -> bool {
    let key = fold(text);
    names.iter().any(|n| fold(&n.text) == key)
}

/// Adds a spelling unless it is already there. The names there are left
/// as they are: nothing is removed or retagged. True when added.
pub fn add_spelling(names: &mut Vec<Name>, text: &str, lang: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || has_spelling(names, text) {
        return false;
    }
    names.push(Name::new(text, lang));
    true
}

/// The items of a party or partner cell: split on `;`, `；` and `、`, and
/// on line breaks unless the lines are one name in two scripts.
pub fn party_items(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Line breaks typed in the cell are told from `\n` escapes (a name of
    // two lines, as accord's exports write it), which stay in the name.
    let marked = cell.replace("\r\n", "\u{1}").replace(['\n', '\r'], "\u{1}");
    for piece in super::values::list(&marked, true) {
        let lines: Vec<&str> = piece
            .split('\u{1}')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let joined = lines.join("\n");
        if lines.len() > 1 && spellings(&joined).len() == 1 {
            out.extend(lines.iter().map(|l| l.to_string()));
        } else if !lines.is_empty() {
            out.push(joined);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilingual_cells_are_split_into_their_spellings() {
        let both = vec![
            "蒙古国国家癌症中心".to_string(),
            "National Cancer Center of Mongolia".to_string(),
        ];
        assert_eq!(
            spellings("蒙古国国家癌症中心 / National Cancer Center of Mongolia"),
            both
        );
        assert_eq!(
            spellings("蒙古国国家癌症中心\nNational Cancer Center of Mongolia"),
            both
        );
        let en_first = vec![both[1].clone(), both[0].clone()];
        assert_eq!(
            spellings("National Cancer Center of Mongolia（蒙古国国家癌症中心）"),
            en_first
        );
        assert_eq!(
            spellings("National Cancer Center of Mongolia (蒙古国国家癌症中心)"),
            en_first
        );
        for one in [
            "Xuanwu Hospital (Beijing)",
            "Ali/Ngari Hospital",
            "首都医科大学（宣武）",
            "Peking University",
            "Université de Montpellier (1)",
            "北京市妇幼保健院（23）",
        ] {
            assert_eq!(spellings(one), vec![one.to_string()], "{one}");
        }
    }

    #[test]
    fn languages_come_from_the_script() {
        assert_eq!(detect_lang("北京大学首钢医院"), "zh");
        assert_eq!(detect_lang("Peking University Shougang Hospital"), "en");
        assert_eq!(detect_lang("Национальный медицинский центр"), "ru");
        assert_eq!(detect_lang("Ұлттық ғылыми онкологиялық орталық"), "kk");
        assert_eq!(detect_lang("Маркази миллии тиббии «Шифобахш» ҷ"), "tg");
        assert_eq!(detect_lang("Хавдар судлалын үндэсний төв"), "mn");
        assert_eq!(detect_lang("123"), "");
    }

    #[test]
    fn spellings_are_added_never_replaced() {
        let mut names = vec![Name::new("北京大学首钢医院", "zh")];
        assert!(add_spelling(
            &mut names,
            "Peking University Shougang Hospital",
            "en"
        ));
        assert!(!add_spelling(
            &mut names,
            "PEKING university  Shougang Hospital",
            "en"
        ));
        assert_eq!(names.len(), 2);
        assert_eq!(names[0], Name::new("北京大学首钢医院", "zh"));
        assert!(add_spelling(&mut names, "Ташкент", "ru"));
        assert!(add_spelling(&mut names, "Tashkent", "en"));
        assert!(add_spelling(&mut names, "Әлия", "kk"));
        assert!(add_spelling(&mut names, "Алия", "ru"));
        assert!(!add_spelling(&mut names, " ", "en"));
    }

    #[test]
    fn party_cells_split_on_separators_and_unrelated_lines() {
        assert_eq!(
            party_items("NCCM; Shouyi Medical、首颐医疗"),
            vec!["NCCM", "Shouyi Medical", "首颐医疗"]
        );
        assert_eq!(
            party_items("NCCM\nShouyi Medical"),
            vec!["NCCM", "Shouyi Medical"]
        );
        assert_eq!(
            party_items("Ташкентская медицинская\\nакадемия; NCCM"),
            vec!["Ташкентская медицинская\nакадемия", "NCCM"]
        );
        assert_eq!(
            party_items("蒙古国国家癌症中心\nNational Cancer Center of Mongolia"),
            vec!["蒙古国国家癌症中心\nNational Cancer Center of Mongolia"]
        );
        assert_eq!(
            party_items("蒙古国国家癌症中心 / NCCM\n首颐医疗 / Shouyi Medical"),
            vec!["蒙古国国家癌症中心 / NCCM", "首颐医疗 / Shouyi Medical"]
        );
    }
}
