//! The items of one calendar day; Enter opens one.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Overlay, frame_box};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::words::{date, slot, weekday_short};

pub struct DayState {
    pub day: NaiveDate,
    pub cursor: usize,
}

impl DayState {
    pub fn new(day: NaiveDate) -> DayState {
        DayState { day, cursor: 0 }
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(Overlay::Day(d)) = app.overlays.last() else {
        return false;
    };
    // The day's items as the calendar holds them (indexes into the queue).
    let items: Vec<usize> = crate::tui::views::calendar::items_on(&app.data, d.day).collect();
    let last = items.len().saturating_sub(1);
    let Some(Overlay::Day(d)) = app.overlays.last_mut() else {
        return false;
    };
    match action {
        Action::Up => d.cursor = d.cursor.saturating_sub(1),
        Action::Down => d.cursor = (d.cursor + 1).min(last),
        Action::Top => d.cursor = 0,
        Action::Bottom => d.cursor = last,
        Action::Open => {
            if let Some(item) = items.get(d.cursor).and_then(|i| app.data.due.get(*i)) {
                let id = item.id;
                app.open(id);
            }
        }
        Action::Close => {
            app.overlays.pop();
        }
        _ => return false,
    }
    true
}

pub fn render(app: &App, d: &DayState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let items = crate::tui::views::calendar::items_on(&app.data, d.day);
    let h = (items.len() as u16 + 2)
        .min(body.height.saturating_sub(2))
        .max(3);
    let area = super::centred(body, body.width.saturating_sub(6).min(90), h);
    let title = format!(
        "{} {}",
        date(d.day),
        weekday_short(app.lang, d.day.weekday().num_days_from_monday())
    );
    let inner = frame_box(app, frame, area, &title);
    let hgt = usize::from(inner.height);
    let start = if d.cursor >= hgt {
        d.cursor + 1 - hgt
    } else {
        0
    };
    for (n, i) in items.enumerate().skip(start).take(hgt) {
        let Some(item) = app.data.due.get(i) else {
            continue;
        };
        let sel = n == d.cursor;
        let st = if sel { th.selected() } else { th.panel() };
        let line = Line::from(vec![
            Span::styled(if sel { "▸ " } else { "  " }, st),
            Span::styled(format!("{:<6}", item.id.to_string()), st.patch(th.id())),
            Span::styled(
                format!("{} · ", slot(app.lang, item.slot, item.id.kind)),
                st.patch(th.status(item.status)),
            ),
            Span::styled(text::clean(&item.title), st),
            Span::styled(
                format!("  {}", text::clean(&item.owner)),
                st.patch(th.dim()),
            ),
        ]);
        let y = inner.y + (n - start) as u16;
        frame
            .buffer_mut()
            .set_style(Rect::new(inner.x, y, inner.width, 1), st);
        frame.buffer_mut().set_line(inner.x, y, &line, inner.width);
    }
}
