//! Reading one cell as a value: text, dates in the forms offices type them
//! (ISO, DD.MM.YYYY, YYYY/MM/DD, 2026年1月15日, Excel serial numbers),
//! lists, yes/no, whole numbers. Errors are short reasons; the caller adds
//! the row and the column.

use chrono::{Datelike, Days, NaiveDate};

use super::msg::msg;
use super::source::Cell;
use crate::exchange::escape::csv_unneutralise;

/// How to read an ambiguous date such as 03/04/2025 or 25/03/04.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 03/04/2025 is 3 April; 03/04/25 too.
    Dmy,
    /// 03/04/2025 is 4 March; 03/04/25 too.
    Mdy,
    /// 25/03/04 is 4 March 2025 (a four-digit year first is never ambiguous).
    Ymd,
}

impl DateOrder {
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" | "d/m/y" | "dd/mm/yyyy" => Some(DateOrder::Dmy),
            "mdy" | "m/d/y" | "mm/dd/yyyy" => Some(DateOrder::Mdy),
            "ymd" | "y/m/d" | "yyyy/mm/dd" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// Whether a cell's text would be run as a formula by a spreadsheet:
/// `=HYPERLINK(…)`, `@SUM(…)`, or `+`/`-` followed by a function call or a
/// cell reference (`-A1+B2`). A phone number (`+7 701 …`), a negative
/// number, a dash or text neutralised with an apostrophe is not.
pub fn looks_like_formula(raw: &str) -> bool {
    let t = raw.trim();
    let mut chars = t.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return false;
    };
    match first {
        '=' | '@' => !second.is_whitespace(),
        '+' | '-' => {
            let rest = t.get(1..).unwrap_or_default();
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                .unwrap_or(rest.len());
            let name = rest.get(..name_len).unwrap_or_default();
            // A function call, or a DDE link (`-cmd|' /C calc'!A0`).
            let call = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && rest
                    .get(name_len..)
                    .is_some_and(|r| r.starts_with('(') || r.starts_with('|'));
            let r = rest.trim_start_matches('$');
            let letters = r.chars().take_while(|c| c.is_ascii_uppercase()).count();
            let after = r.get(letters..).unwrap_or_default().trim_start_matches('$');
            let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
            let end = after.get(digits..).unwrap_or_default();
            let reference = (1..=3).contains(&letters)
                && digits > 0
                && end.chars().next().is_none_or(|c| "+-*/^&,;:) ".contains(c));
            call || reference
        }
        _ => false,
    }
}

/// A cell that is not what the field needs.
pub type Reason = String;

/// The text of a cell, trimmed; a neutralising apostrophe is removed.
pub fn text(cell: &Cell) -> Result<String, Reason> {
    Ok(match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => csv_unneutralise(s.trim()).trim().to_string(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(serial) => serial_date(*serial)
            .map(|d| d.to_string())
            .unwrap_or_else(|| number_text(*serial)),
        Cell::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Cell::BadUtf8 { at } => return Err(bad_utf8(*at)),
        Cell::Error(e) => return Err(msg!("spreadsheet_error", error = e)),
    })
}

pub fn bad_utf8(at: usize) -> Reason {
    msg!("bad_utf8", at = at)
}

/// 13800138000.0 → "13800138000"; 1.5 → "1.5".
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Excel's day numbers: 1 is 1900-01-01, 60 the 29 February 1900 that
/// never was, 61 is 1900-03-01. Times of day are ignored.
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as u64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    if days < 60 {
        base.checked_add_days(Days::new(days + 1))
    } else if days == 60 {
        None
    } else {
        base.checked_add_days(Days::new(days))
    }
}

/// A date, or `None` for an empty cell.
pub fn date(cell: &Cell, order: Option<DateOrder>) -> Result<Option<NaiveDate>, Reason> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(s) | Cell::Number(s) => serial_date(*s)
            .map(Some)
            .ok_or_else(|| msg!("not_a_date_number", value = number_text(*s))),
        Cell::Text(_) => {
            let t = text(cell)?;
            if t.is_empty() {
                return Ok(None);
            }
            date_text(&t, order).map(Some)
        }
        Cell::Bool(_) => Err(msg!("bool_not_date")),
        Cell::BadUtf8 { at } => Err(bad_utf8(*at)),
        Cell::Error(e) => Err(msg!("spreadsheet_error", error = e)),
    }
}

fn date_text(t: &str, order: Option<DateOrder>) -> Result<NaiveDate, Reason> {
    let s = t.trim();
    // A date with a time of day: keep the date.
    let day_part = s
        .split(['T', ' '])
        .next()
        .filter(|d| d.len() >= 8 && s.len() > d.len())
        .unwrap_or(s);
    for fmt in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%d.%m.%Y",
        "%Y年%m月%d日",
        "%Y%m%d",
    ] {
        // A year of fewer than four digits (03/04/25) is not one of these.
        if let Ok(d) = NaiveDate::parse_from_str(day_part, fmt)
            && (fmt != "%Y%m%d" || day_part.len() == 8)
            && d.year() >= 1000
        {
            return Ok(d);
        }
    }
    for fmt in [
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt)
            && d.year() >= 1000
        {
            return Ok(d);
        }
    }
    if s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.len() <= 9
        && let Some(d) = s.parse::<f64>().ok().and_then(serial_date)
    {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if let [a, b, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(a), Ok(b), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>())
    {
        let dmy = NaiveDate::from_ymd_opt(y, b, a);
        let mdy = NaiveDate::from_ymd_opt(y, a, b);
        return match (dmy, mdy, order) {
            (Some(d), _, Some(DateOrder::Dmy)) | (_, Some(d), Some(DateOrder::Mdy)) => Ok(d),
            (Some(d), Some(m), _) if d == m => Ok(d),
            (Some(d), None, _) | (None, Some(d), _) => Ok(d),
            (Some(_), Some(_), _) => Err(msg!(
                "date_ambiguous",
                value = s,
                one = long(dmy),
                other = long(mdy)
            )),
            _ => Err(msg!("date_not_real", value = s)),
        };
    }
    // Two-digit years only in the order the user gave.
    if let [a, b, c] = parts.as_slice()
        && [a, b, c].iter().all(|p| (1..=2).contains(&p.len()))
        && let (Ok(a), Ok(b), Ok(c)) = (a.parse::<u32>(), b.parse::<u32>(), c.parse::<i32>())
    {
        let found = match order {
            Some(DateOrder::Dmy) => NaiveDate::from_ymd_opt(2000 + c, b, a),
            Some(DateOrder::Mdy) => NaiveDate::from_ymd_opt(2000 + c, a, b),
            Some(DateOrder::Ymd) => NaiveDate::from_ymd_opt(2000 + a as i32, b, c as u32),
            None => return Err(msg!("date_two_digit_year", value = s)),
        };
        return found.ok_or_else(|| msg!("date_not_real", value = s));
    }
    Err(msg!("not_a_date", value = s))
}

fn long(d: Option<NaiveDate>) -> String {
    let form = match crate::i18n::language() {
        crate::i18n::Lang::Zh => "%-m月%-d日",
        crate::i18n::Lang::En => "%-d %B",
    };
    d.map(|d| d.format(form).to_string()).unwrap_or_default()
}

/// Splits a list cell on unescaped `;`, `；` and line breaks (and `、` when
/// `ideographic_comma`), trimming items and dropping empty ones.
pub fn list(s: &str, ideographic_comma: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    let mut push = |cur: &mut String| {
        let t = cur.trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
        cur.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => cur.push('\n'),
                Some('r') => cur.push('\r'),
                Some(c @ ('\\' | ';' | '；')) => cur.push(c),
                Some(other) => {
                    cur.push('\\');
                    cur.push(other);
                }
                None => cur.push('\\'),
            },
            ';' | '；' | '\n' | '\r' => push(&mut cur),
            '、' if ideographic_comma => push(&mut cur),
            c => cur.push(c),
        }
    }
    push(&mut cur);
    out
}

/// yes/no, true/false, 1/0, x, 是/否; an empty cell is no.
pub fn boolean(cell: &Cell) -> Result<bool, Reason> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    if let Cell::Number(n) = cell {
        return Ok(*n != 0.0);
    }
    let t = text(cell)?.to_lowercase();
    match t.as_str() {
        "" | "no" | "n" | "false" | "0" | "否" | "不是" => Ok(false),
        "yes" | "y" | "true" | "1" | "x" | "✓" | "是" | "√" => Ok(true),
        _ => Err(msg!("not_yes_no", value = t)),
    }
}

/// A whole number of days: `90`, `90 days`, `90天`, `3 months` (90).
pub fn days(cell: &Cell) -> Result<u32, Reason> {
    if let Cell::Number(n) = cell {
        return if n.fract() == 0.0 && (0.0..=100_000.0).contains(n) {
            Ok(*n as u32)
        } else {
            Err(msg!("not_days", value = number_text(*n)))
        };
    }
    let t = text(cell)?.to_lowercase();
    if t.is_empty() {
        return Ok(0);
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let unit = t[digits.len()..].trim();
    let n: u32 = digits.parse().map_err(|_| msg!("not_days", value = t))?;
    match unit {
        "" | "d" | "day" | "days" | "天" | "日" => Ok(n),
        "m" | "month" | "months" | "个月" | "月" => {
            n.checked_mul(30).ok_or_else(|| msg!("not_days", value = t))
        }
        _ => Err(msg!("not_days", value = t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_office_forms_are_read() {
        for s in [
            "2025-10-31",
            "31.10.2025",
            "2025/10/31",
            "2025年10月31日",
            "2025-10-31 00:00:00",
            "2025-10-31T08:00:00",
            "31/10/2025",
            "10/31/2025",
            "31 Oct 2025",
            "October 31, 2025",
            "45961",
        ] {
            assert_eq!(date(&t(s), None), Ok(Some(d("2025-10-31"))), "{s}");
        }
        assert_eq!(date(&Cell::Date(45961.0), None), Ok(Some(d("2025-10-31"))));
        assert_eq!(
            date(&Cell::Number(45961.5), None),
            Ok(Some(d("2025-10-31")))
        );
        assert_eq!(serial_date(1.0), Some(d("1900-01-01")));
        assert_eq!(serial_date(61.0), Some(d("1900-03-01")));
        assert_eq!(date(&Cell::Empty, None), Ok(None));
    }

    #[test]
    fn ambiguous_and_bad_dates_are_explained() {
        let e = date(&t("03/04/2025"), None).unwrap_err();
        assert!(e.contains("ambiguous") && e.contains("--date-order"), "{e}");
        assert_eq!(
            date(&t("03/04/2025"), Some(DateOrder::Dmy)),
            Ok(Some(d("2025-04-03")))
        );
        assert_eq!(
            date(&t("03/04/2025"), Some(DateOrder::Mdy)),
            Ok(Some(d("2025-03-04")))
        );
        assert_eq!(date(&t("04/04/2025"), None), Ok(Some(d("2025-04-04"))));
        assert!(date(&t("31.02.2025"), None).is_err());
        assert!(date(&t("soon"), None).unwrap_err().contains("not a date"));
        assert!(date(&t("32/13/2025"), None).is_err());
    }

    #[test]
    fn lists_split_on_unescaped_separators() {
        assert_eq!(list("a; b；c\nd", false), vec!["a", "b", "c", "d"]);
        assert_eq!(list("a\\; b; c\\\\", false), vec!["a; b", "c\\"]);
        assert_eq!(list("甲、乙", true), vec!["甲", "乙"]);
        assert_eq!(list("甲、乙", false), vec!["甲、乙"]);
        assert!(list("  ", false).is_empty());
    }

    #[test]
    fn formulas_are_told_from_phones_dashes_and_numbers() {
        for f in [
            "=HYPERLINK(\"https://x.example\",\"MOU\")",
            "=1+1",
            "@SUM(A1:A3)",
            "+SUM(A1)",
            "-A1+B2",
            "+$B$2",
            "-cmd|' /C calc'!A0",
        ] {
            assert!(looks_like_formula(f), "{f}");
        }
        for t in [
            "+7 701 123 4567",
            "+86 10 5726 6688",
            "-5",
            "-",
            "- see notes",
            "'=1+1",
            "= ",
            "Peking University",
            "",
        ] {
            assert!(!looks_like_formula(t), "{t}");
        }
    }

    #[test]
    fn two_digit_years_need_an_order() {
        assert!(
            date(&t("03/04/25"), None)
                .unwrap_err()
                .contains("--date-order")
        );
        assert_eq!(
            date(&t("03/04/25"), Some(DateOrder::Dmy)),
            Ok(Some(d("2025-04-03")))
        );
        assert_eq!(
            date(&t("03/04/25"), Some(DateOrder::Mdy)),
            Ok(Some(d("2025-03-04")))
        );
        assert_eq!(
            date(&t("25/03/04"), Some(DateOrder::Ymd)),
            Ok(Some(d("2025-03-04")))
        );
        assert_eq!(DateOrder::parse("YMD"), Some(DateOrder::Ymd));
    }

    #[test]
    fn numbers_and_booleans() {
        assert_eq!(days(&t("90 days")), Ok(90));
        assert_eq!(days(&t("3个月")), Ok(90));
        assert_eq!(days(&Cell::Number(30.0)), Ok(30));
        assert!(days(&t("soon")).is_err());
        assert_eq!(boolean(&t("是")), Ok(true));
        assert!(boolean(&t("maybe")).is_err());
        assert_eq!(text(&Cell::Number(13800138000.0)), Ok("13800138000".into()));
        assert_eq!(text(&t("'=1+1")), Ok("=1+1".into()));
    }
}
