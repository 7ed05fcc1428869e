//! The calendar: a month grid and a week agenda of deadlines. Arrows move
//! by day and week, month keys by month; Enter lists a day's items.

mod render;

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::due::Bucket;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::data::Data;
use crate::tui::popups::{Overlay, day::DayState};

pub use render::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Month,
    Week,
}

#[derive(Debug, Clone)]
pub struct CalendarState {
    pub cursor: NaiveDate,
    pub mode: Mode,
}

impl CalendarState {
    pub fn new(today: NaiveDate) -> CalendarState {
        CalendarState {
            cursor: today,
            mode: Mode::Month,
        }
    }
}

/// The open items dated `day`, as positions in `data.due`: the queue is
/// in urgency order, which is date order within each bucket and buckets in
/// date order, so a day's items are one run of it, found by halving (no
/// table by day to rebuild after every change).
pub fn items_on(data: &Data, day: NaiveDate) -> Range<usize> {
    let key = (Bucket::of(Some(day), data.today), Some(day));
    let from = data.due.partition_point(|d| (d.bucket, d.date) < key);
    let to = data.due.partition_point(|d| (d.bucket, d.date) <= key);
    from..to.max(from)
}

/// Monday of the week containing `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

/// The Monday on or before the first of `d`'s month.
pub fn grid_start(d: NaiveDate) -> NaiveDate {
    week_start(d.with_day(1).unwrap_or(d))
}

fn shift_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(chrono::Duration::days(n)).unwrap_or(d)
}

fn shift_months(d: NaiveDate, n: i32) -> NaiveDate {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32)).unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
            .unwrap_or(d)
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let c = &mut app.calendar;
    match action {
        Action::Left => c.cursor = shift_days(c.cursor, -1),
        Action::Right => c.cursor = shift_days(c.cursor, 1),
        Action::Up => c.cursor = shift_days(c.cursor, -7),
        Action::Down => c.cursor = shift_days(c.cursor, 7),
        Action::PrevMonth | Action::PageUp => c.cursor = shift_months(c.cursor, -1),
        Action::NextMonth | Action::PageDown => c.cursor = shift_months(c.cursor, 1),
        Action::Top => c.cursor = c.cursor.with_day(1).unwrap_or(c.cursor),
        Action::Bottom => {
            let first_next = shift_months(c.cursor.with_day(1).unwrap_or(c.cursor), 1);
            c.cursor = shift_days(first_next, -1);
        }
        Action::GoToday => c.cursor = app.data.today,
        Action::ToggleCalendarMode => {
            c.mode = match c.mode {
                Mode::Month => Mode::Week,
                Mode::Week => Mode::Month,
            }
        }
        Action::Open => {
            let day = c.cursor;
            if items_on(&app.data, day).is_empty() {
                app.info(crate::tui::words::tr!(
                    app.lang,
                    "cal.nothing",
                    day = crate::tui::words::date(day)
                ));
            } else {
                app.overlays.push(Overlay::Day(DayState::new(day)));
            }
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_starts_on_the_monday_before_the_first() {
        let d: NaiveDate = "2026-11-23".parse().unwrap();
        assert_eq!(grid_start(d), "2026-10-26".parse::<NaiveDate>().unwrap());
        assert_eq!(week_start(d), d);
        assert_eq!(
            shift_months("2026-01-31".parse().unwrap(), 1),
            "2026-02-28".parse::<NaiveDate>().unwrap()
        );
    }
}
