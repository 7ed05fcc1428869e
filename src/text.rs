//! Text safety for display: no control characters, width-aware truncation.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control characters (escape sequences, newlines, tabs) with
/// spaces so data can never drive the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `s` to at most `width` display columns, ending with `…` when cut.
/// Never splits a character; wide (CJK) characters count as two.
pub fn truncate_to_width(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// "an action", "a partnership".
pub fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// The 1-based line of byte `offset` in `text` (for messages that name a
/// line of a file the user wrote).
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .unwrap_or_default()
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_double_width_characters() {
        assert_eq!(truncate_to_width("北京大学首钢医院", 7), "北京大…");
        assert_eq!(truncate_to_width("abc", 3), "abc");
        assert_eq!(truncate_to_width("abcd", 3), "ab…");
        assert!(truncate_to_width("北京", 1).width() <= 1);
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(clean("a\x1b[31mb\nc"), "a [31mb c");
    }
}
