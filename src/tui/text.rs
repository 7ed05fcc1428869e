//! Text as it reaches a terminal cell: cleaned of control characters and
//! escape sequences, measured and cut by display width (CJK is two cells).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Removes what must never reach the terminal: control characters (C0, DEL,
/// C1), escape sequences and bidirectional overrides. Line breaks and tabs
/// become spaces so that one record stays on one line.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` needs cleaning at all (the common case is no).
pub fn is_clean(s: &str) -> bool {
    !s.chars()
        .any(|c| matches!(c, '\n' | '\r' | '\t' | '\u{1b}') || is_unsafe(c))
}

/// Cleans only when needed, borrowing otherwise.
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    if is_clean(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(clean(s))
    }
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Skips the rest of an escape sequence (CSI `ESC [ … final`, OSC
/// `ESC ] … BEL/ST`, or a two-character escape).
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') | Some('P') | Some('_') | Some('^') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    chars.next();
                    break;
                }
            }
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Cuts to `max` cells and pads with spaces to exactly `max` cells.
pub fn fit(s: &str, max: usize) -> String {
    let mut t = truncate(s, max);
    let w = width(&t);
    for _ in w..max {
        t.push(' ');
    }
    t
}

/// Pads on the left to `max` cells (for numbers), cutting if too long.
pub fn fit_right(s: &str, max: usize) -> String {
    let t = truncate(s, max);
    let w = width(&t);
    let mut out = " ".repeat(max.saturating_sub(w));
    out.push_str(&t);
    out
}

/// Centres `s` within `max` cells.
pub fn centre(s: &str, max: usize) -> String {
    let t = truncate(s, max);
    let pad = max.saturating_sub(width(&t)) / 2;
    format!("{}{}", " ".repeat(pad), t)
}

/// Splits `s` into lines of at most `max` cells, breaking at spaces where
/// possible and inside words (or CJK runs) when not.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split_inclusive(' ') {
            let w = width(word);
            if used + w > max && used > 0 {
                lines.push(line.trim_end().to_string());
                line = String::new();
                used = 0;
            }
            if w > max {
                for c in word.chars() {
                    let cw = char_width(c);
                    if used + cw > max {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
            } else {
                line.push_str(word);
                used += w;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_never_survive() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("line1\nline2\tend\u{7f}"), "line1 line2 end");
        assert_eq!(clean("\u{9b}31m\u{202e}abc"), "31mabc");
        assert!(is_clean("北京大学首钢医院 Peking"));
        assert!(!is_clean("a\u{1b}b"));
    }

    #[test]
    fn truncation_counts_cells_not_bytes() {
        assert_eq!(truncate("首钢医院", 5), "首钢…");
        assert_eq!(width(&truncate("首钢医院", 5)), 5);
        assert_eq!(truncate("首钢医院", 8), "首钢医院");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(fit("首钢", 6), "首钢  ");
        assert_eq!(width(&fit("首钢医院", 3)), 3);
        assert_eq!(fit_right("42", 4), "  42");
    }

    #[test]
    fn wrapping_keeps_every_line_within_width() {
        for max in 1..12 {
            for line in wrap("北京大学首钢医院 and Peking University 🏥 hospital", max) {
                assert!(width(&line) <= max.max(2), "{line:?} at {max}");
            }
        }
        assert_eq!(wrap("a b", 10), vec!["a b"]);
    }
}
