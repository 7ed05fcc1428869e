//! Drawing the month grid (with the selected day's items beside it when
//! there is room) and the week agenda.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Mode, grid_start, week_start};
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::words::{date, lookup, month_title, slot, tr, weekday_short};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let c = &app.calendar;
    let lang = app.lang;
    let title = match c.mode {
        Mode::Month => month_title(lang, c.cursor),
        Mode::Week => tr!(lang, "cal.week_of", day = date(week_start(c.cursor))),
    };
    let head = Line::from(vec![
        Span::styled(
            format!(" {} ", lookup(lang, "act.view_calendar")),
            th.title(),
        ),
        Span::styled(title, th.header()),
        Span::styled(format!("  · {}", date(c.cursor)), th.dim()),
    ]);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &head, area.width);
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    match c.mode {
        Mode::Month => {
            if body.width >= 110 {
                let gw = body.width * 64 / 100;
                month(app, frame, Rect::new(body.x, body.y, gw, body.height));
                let side = Rect::new(body.x + gw + 1, body.y, body.width - gw - 1, body.height);
                day_list(app, frame, side, c.cursor);
            } else {
                month(app, frame, body);
            }
        }
        Mode::Week => week(app, frame, body),
    }
}

fn month(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let c = &app.calendar;
    let cw = (area.width / 7).max(1);
    let buf = frame.buffer_mut();
    for i in 0..7u16 {
        let name = text::fit(&weekday_short(app.lang, u32::from(i)), usize::from(cw));
        buf.set_stringn(area.x + i * cw, area.y, &name, usize::from(cw), th.header());
    }
    let rows_h = area.height.saturating_sub(1) / 6;
    if rows_h == 0 {
        return;
    }
    let start = grid_start(c.cursor);
    for w in 0..6u16 {
        for dcol in 0..7u16 {
            let Some(day) = start.checked_add_days(Days::new(u64::from(w * 7 + dcol))) else {
                continue;
            };
            let x = area.x + dcol * cw;
            let y = area.y + 1 + w * rows_h;
            let cell = Rect::new(x, y, cw.saturating_sub(1), rows_h);
            let in_month = day.month() == c.cursor.month();
            let items = super::items_on(&app.data, day);
            let num_style = if day == c.cursor {
                th.selected()
            } else if day == app.data.today {
                th.key()
            } else if in_month {
                th.base()
            } else {
                th.dim()
            };
            if day == c.cursor {
                buf.set_style(cell, th.selected());
            }
            let mut label = format!("{:>2}", day.day());
            if !items.is_empty() && rows_h == 1 {
                label.push_str(&format!(" ({})", items.len()));
            }
            if day == app.data.today {
                label.push('*');
            }
            buf.set_stringn(x, y, &label, usize::from(cell.width), num_style);
            let room = usize::from(rows_h.saturating_sub(1));
            for (k, i) in items.clone().enumerate().take(room) {
                let Some(d) = app.data.due.get(i) else {
                    continue;
                };
                let more = items.len() > room && k + 1 == room;
                let s = if more {
                    tr!(app.lang, "cal.more", n = items.len() - k)
                } else {
                    format!("{} {}", d.id, text::safe(&d.title))
                };
                let base = if day == c.cursor {
                    th.selected()
                } else {
                    th.base()
                };
                buf.set_stringn(
                    x,
                    y + 1 + k as u16,
                    text::truncate(&s, usize::from(cell.width)),
                    usize::from(cell.width),
                    base.patch(th.bucket(d.bucket)),
                );
            }
        }
    }
}

fn day_list(app: &App, frame: &mut Frame, area: Rect, day: NaiveDate) {
    let th = &app.theme;
    let buf = frame.buffer_mut();
    let wd = weekday_short(app.lang, day.weekday().num_days_from_monday());
    buf.set_stringn(
        area.x,
        area.y,
        format!("{} {wd}", date(day)),
        usize::from(area.width),
        th.header(),
    );
    let items = super::items_on(&app.data, day);
    if items.is_empty() {
        buf.set_stringn(
            area.x,
            area.y + 1,
            tr!(app.lang, "cal.free"),
            usize::from(area.width),
            th.dim(),
        );
    }
    for (k, i) in items
        .enumerate()
        .take(usize::from(area.height.saturating_sub(1)))
    {
        let Some(d) = app.data.due.get(i) else {
            continue;
        };
        let line = Line::from(vec![
            Span::styled(format!("{:<5}", d.id.to_string()), th.id()),
            Span::styled(
                format!("{} · ", slot(app.lang, d.slot, d.id.kind)),
                th.status(d.status),
            ),
            Span::raw(text::clean(&d.title)),
        ]);
        buf.set_line(area.x, area.y + 1 + k as u16, &line, area.width);
    }
}

fn week(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let c = &app.calendar;
    let start = week_start(c.cursor);
    let mut y = area.y;
    let bottom = area.bottom();
    for i in 0..7u64 {
        let Some(day) = start.checked_add_days(Days::new(i)) else {
            continue;
        };
        if y >= bottom {
            break;
        }
        let items = super::items_on(&app.data, day);
        let wd = weekday_short(app.lang, day.weekday().num_days_from_monday());
        let style = if day == c.cursor {
            th.selected()
        } else {
            th.header()
        };
        let mark = if day == app.data.today {
            format!(" · {}", tr!(app.lang, "when.today"))
        } else {
            String::new()
        };
        let head = format!(" {wd} {}{mark} ({})", date(day), items.len());
        let buf = frame.buffer_mut();
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        buf.set_stringn(area.x, y, &head, usize::from(area.width), style);
        y += 1;
        for d in items.filter_map(|i| app.data.due.get(i)) {
            if y >= bottom {
                break;
            }
            let line = Line::from(vec![
                Span::raw("   "),
                Span::styled(format!("{:<5}", d.id.to_string()), th.id()),
                Span::styled(
                    text::fit(&slot(app.lang, d.slot, d.id.kind), 14),
                    th.status(d.status),
                ),
                Span::raw(text::clean(&d.title)),
                Span::styled(format!("  {}", text::clean(&d.owner)), th.dim()),
            ]);
            frame.buffer_mut().set_line(area.x, y, &line, area.width);
            y += 1;
        }
    }
}
