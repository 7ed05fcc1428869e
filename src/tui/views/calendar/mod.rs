//! The calendar: a month grid and a week agenda of deadlines. Arrows move
//! by day and week, month keys by month; Enter lists a day's items.

mod render;

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};

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
    /// Open dated items by day (indexes into `data.due`).
    pub by_day: BTreeMap<NaiveDate, Vec<usize>>,
}

impl CalendarState {
    pub fn new(today: NaiveDate) -> CalendarState {
        CalendarState {
            cursor: today,
            mode: Mode::Month,
            by_day: BTreeMap::new(),
        }
    }

    pub fn sync(&mut self, data: &Data) {
        let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for (i, d) in data.due.iter().enumerate() {
            if let Some(date) = d.date {
                by_day.entry(date).or_default().push(i);
            }
        }
        self.by_day = by_day;
    }

    pub fn items_on(&self, day: NaiveDate) -> &[usize] {
        self.by_day.get(&day).map(Vec::as_slice).unwrap_or(&[])
    }
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
            if c.items_on(day).is_empty() {
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
