//! Dates as people type them: `2026-01-15`, `today`, `fri`, `+2w`,
//! `next month`, `end of month`, `15.01.2026`, `明天`…
//!
//! A small pre-parser handles the forms offices use most, exactly and
//! predictably; anything else is handed to the `interim` crate.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

/// What was typed could not be read as a date, or as a period where one
/// was asked for (a snooze, `--within`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", if *.period {
    rust_i18n::t!("dates.bad_period", typed = .typed)
} else {
    rust_i18n::t!("dates.bad", typed = .typed)
})]
pub struct BadDate {
    pub typed: String,
    /// A period (`3d`, `2w`) was asked for, not a date.
    pub period: bool,
}

/// Parses a typed date relative to `today`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, BadDate> {
    let bad = || BadDate {
        typed: input.to_string(),
        period: false,
    };
    let s = input.trim().to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err(bad());
    }
    if let Some(d) = absolute(&s) {
        return Ok(d);
    }
    if let Some(d) = named(&s, today) {
        return Ok(d);
    }
    if let Some(r) = offset(&s, today) {
        return r.ok_or_else(bad);
    }
    if let Some(d) = weekday(&s, today) {
        return Ok(d);
    }
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    let now = Utc.from_utc_datetime(&today.and_time(noon));
    interim::parse_date_string(&s, now, interim::Dialect::Uk)
        .map(|dt| dt.date_naive())
        .map_err(|_| bad())
}

/// Parses a snooze duration such as `1d`, `+1w`, `2 weeks`, `1m`, and
/// applies it to `from`.
pub fn add_duration(input: &str, from: NaiveDate) -> Result<NaiveDate, BadDate> {
    let s = input.trim().to_lowercase();
    let s = if s.starts_with('+') {
        s
    } else {
        format!("+{s}")
    };
    match offset(&s, from) {
        Some(Some(d)) => Ok(d),
        _ => Err(BadDate {
            typed: input.to_string(),
            period: true,
        }),
    }
}

/// `2026-01-15`, `2026/01/15`, `15.01.2026`.
fn absolute(s: &str) -> Option<NaiveDate> {
    for fmt in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d.%m.%Y",
        "%Y.%m.%d",
        "%Y年%m月%d日",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}

fn named(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let day = |n: i64| today.checked_add_signed(chrono::Duration::days(n));
    match s {
        "today" | "now" | "tod" | "今天" => Some(today),
        "tomorrow" | "tom" | "明天" => day(1),
        "yesterday" | "昨天" => day(-1),
        "后天" => day(2),
        "next week" | "下周" => {
            let to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
            day(to_monday)
        }
        "next month" | "下个月" | "下月" => today.checked_add_months(Months::new(1)),
        "next year" | "明年" => today.checked_add_months(Months::new(12)),
        "end of week" | "eow" | "本周末" => {
            let to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
            day(to_sunday)
        }
        "end of month" | "eom" | "月底" => end_of_month(today),
        "end of next month" => today
            .checked_add_months(Months::new(1))
            .and_then(end_of_month),
        "end of year" | "eoy" | "年底" => NaiveDate::from_ymd_opt(today.year(), 12, 31),
        _ => None,
    }
}

fn end_of_month(d: NaiveDate) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// `+3d`, `-2w`, `+1m`, `+1y`, `in 3 days`, `2 weeks`. `Some(None)` means
/// the form was recognised but the result is out of range.
fn offset(s: &str, today: NaiveDate) -> Option<Option<NaiveDate>> {
    let rest = s.strip_prefix("in ").unwrap_or(s);
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1i64, &rest[1..]),
        '-' => (-1i64, &rest[1..]),
        _ if s.starts_with("in ") => (1i64, rest),
        _ => return None,
    };
    let rest = rest.trim();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let unit = rest[digits.len()..].trim();
    let n = sign * n;
    let result = match unit {
        "d" | "day" | "days" | "天" => today.checked_add_signed(chrono::Duration::try_days(n)?),
        "w" | "wk" | "week" | "weeks" | "周" => {
            today.checked_add_signed(chrono::Duration::try_days(n.checked_mul(7)?)?)
        }
        "m" | "mo" | "month" | "months" | "个月" => add_months(today, n),
        "y" | "yr" | "year" | "years" | "年" => add_months(today, n.checked_mul(12)?),
        _ => return None,
    };
    Some(result)
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        d.checked_add_months(Months::new(m))
    } else {
        d.checked_sub_months(Months::new(m))
    }
}

/// `fri`, `friday`, `next fri`: the next such day after today.
fn weekday(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let word = s
        .strip_prefix("next ")
        .or_else(|| s.strip_prefix("this "))
        .unwrap_or(s);
    let wd = match word {
        "mon" | "monday" | "周一" => Weekday::Mon,
        "tue" | "tues" | "tuesday" | "周二" => Weekday::Tue,
        "wed" | "wednesday" | "周三" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" | "周四" => Weekday::Thu,
        "fri" | "friday" | "周五" => Weekday::Fri,
        "sat" | "saturday" | "周六" => Weekday::Sat,
        "sun" | "sunday" | "周日" | "周天" => Weekday::Sun,
        _ => return None,
    };
    let ahead = (7 + i64::from(wd.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.checked_add_days(Days::new(ahead as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    // 2026-11-23 is a Monday.
    const TODAY: &str = "2026-11-23";

    #[test]
    fn the_forms_offices_type() {
        let t = d(TODAY);
        let cases = [
            ("2026-01-15", "2026-01-15"),
            ("15.01.2026", "2026-01-15"),
            ("2026/01/15", "2026-01-15"),
            ("today", "2026-11-23"),
            ("Tomorrow", "2026-11-24"),
            ("fri", "2026-11-27"),
            ("friday", "2026-11-27"),
            ("mon", "2026-11-30"),
            ("+3d", "2026-11-26"),
            ("+2w", "2026-12-07"),
            ("+1m", "2026-12-23"),
            ("-1d", "2026-11-22"),
            ("in 3 days", "2026-11-26"),
            ("next month", "2026-12-23"),
            ("next week", "2026-11-30"),
            ("end of month", "2026-11-30"),
            ("eom", "2026-11-30"),
            ("明天", "2026-11-24"),
        ];
        for (typed, want) in cases {
            assert_eq!(parse_date(typed, t), Ok(d(want)), "{typed}");
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(parse_date("+1m", d("2026-01-31")), Ok(d("2026-02-28")));
        assert_eq!(
            parse_date("end of month", d("2028-02-10")),
            Ok(d("2028-02-29"))
        );
    }

    #[test]
    fn nonsense_is_a_clear_error_naming_what_was_typed() {
        let e = parse_date("someday soon", d(TODAY)).unwrap_err();
        assert!(
            e.to_string().starts_with("'someday soon' is not a date"),
            "{e}"
        );
        assert!(parse_date("", d(TODAY)).is_err());
        assert!(parse_date("+99999999999d", d(TODAY)).is_err());
        assert!(parse_date("2026-02-30", d(TODAY)).is_err());
    }

    #[test]
    fn durations_for_snoozing() {
        let t = d(TODAY);
        assert_eq!(add_duration("1d", t), Ok(d("2026-11-24")));
        assert_eq!(add_duration("+1w", t), Ok(d("2026-11-30")));
        assert_eq!(add_duration("2 weeks", t), Ok(d("2026-12-07")));
        assert!(add_duration("fri", t).is_err());
        // A period was asked for: the sentence says so, and does not
        // offer dates it would refuse.
        let bad = add_duration("fri", t).unwrap_err().to_string();
        assert!(bad.contains("'fri' is not a period"), "{bad}");
        assert!(!bad.contains("next month"), "{bad}");
        let bad = parse_date("someday", t).unwrap_err().to_string();
        assert!(bad.contains("'someday' is not a date"), "{bad}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_input(s in "\\PC{0,30}") {
            let _ = parse_date(&s, d(TODAY));
            let _ = add_duration(&s, d(TODAY));
        }
    }
}
