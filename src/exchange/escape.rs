//! Making data values safe for each output: spreadsheet cells (formula
//! injection), HTML, Markdown and iCalendar text.

use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula (OWASP).
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Neutralises a CSV text cell: a cell starting with `=`, `+`, `-`, `@`,
/// tab, CR or LF gets a leading apostrophe, so no spreadsheet runs it as a
/// formula. A cell that starts with an apostrophe gets one more, so that
/// [`csv_unneutralise`] restores every value exactly.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if FORMULA_START.contains(&c) || c == '\'' => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Undoes [`csv_cell`]: an apostrophe followed by a formula character or by
/// another apostrophe is dropped. Anything else is kept as typed.
pub fn csv_unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest)
            if rest
                .chars()
                .next()
                .is_some_and(|c| FORMULA_START.contains(&c) || c == '\'') =>
        {
            rest
        }
        _ => s,
    }
}

/// Characters that make a CSV field need quotes: the separators spreadsheets
/// guess (LibreOffice's import dialog splits on semicolons and tabs as well
/// as commas), the quote itself and line breaks.
const CSV_QUOTE: [char; 6] = [',', ';', '\t', '"', '\r', '\n'];

/// One CSV field as written: in double quotes (inner quotes doubled) when it
/// holds a comma, semicolon, tab, quote or line break, else as it is.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if !s.contains(CSV_QUOTE) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    Cow::Owned(out)
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn html_escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) && !s.chars().any(is_stray_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_stray_control(c) => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Control characters other than newline and tab have no place in a report.
fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Escapes text for one line of Markdown (a table cell or a list item):
/// control characters become spaces, characters Markdown gives meaning to
/// are backslash-escaped, so data never becomes markup, links or HTML.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes iCalendar TEXT (RFC 5545 §3.3.11): backslash, semicolon, comma
/// and newlines; other control characters are dropped.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (RFC 5545 §3.1): continuation lines
/// start with a space, and a UTF-8 character is never split. Returns the
/// line with CRLF endings, including the final one.
pub fn fold_ics_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        // An escape (`\,`) stays on one line, for readers that unfold late.
        let pair = match (c, chars.peek()) {
            ('\\', Some(next)) => Some(*next),
            _ => None,
        };
        let n = c.len_utf8() + pair.map_or(0, char::len_utf8);
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        if let Some(p) = pair {
            out.push(p);
            chars.next();
        }
        used += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for s in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\nx",
        ] {
            let n = csv_cell(s);
            assert!(n.starts_with('\''), "{s}");
            assert_eq!(csv_unneutralise(&n), s);
        }
        for s in ["'", "'=x", "''", "plain", "北京", "", "a=b"] {
            assert_eq!(csv_unneutralise(&csv_cell(s)), s, "{s}");
        }
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_unneutralise("'hello"), "'hello");
    }

    #[test]
    fn csv_fields_with_any_separator_are_quoted() {
        assert_eq!(csv_field("I1; I23"), "\"I1; I23\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("a\tb"), "\"a\tb\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(csv_field("北京 plain"), "北京 plain");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html_escape("<script>\"onmouseover='x'&"),
            "&lt;script&gt;&quot;onmouseover=&#39;x&#39;&amp;"
        );
        assert_eq!(html_escape("北京"), "北京");
    }

    #[test]
    fn markdown_cannot_be_injected() {
        assert_eq!(md_escape("a|b"), "a\\|b");
        assert_eq!(md_escape("<script>"), "\\<script\\>");
        assert_eq!(md_escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md_escape("# head"), "\\# head");
        assert_eq!(md_escape("line\nbreak"), "line break");
        assert_eq!(md_escape("Prof. Li"), "Prof. Li");
    }

    #[test]
    fn ics_text_escapes_and_folds_without_splitting_characters() {
        assert_eq!(ics_text("a;b,c\\d\r\ne\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
        let line = format!("SUMMARY:{}", "北京大学首钢医院".repeat(10));
        let folded = fold_ics_line(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold_ics_line("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
    }
}
