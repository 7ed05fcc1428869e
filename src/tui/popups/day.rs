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
    /// Triage keys of the day's items.
    pub keys: Vec<String>,
    pub cursor: usize,
}

impl DayState {
    pub fn new(day: NaiveDate, keys: Vec<String>) -> DayState {
        DayState {
            day,
            keys,
            cursor: 0,
        }
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(Overlay::Day(d)) = app.overlays.last_mut() else {
        return false;
    };
    let last = d.keys.len().saturating_sub(1);
    match action {
        Action::Up => d.cursor = d.cursor.saturating_sub(1),
        Action::Down => d.cursor = (d.cursor + 1).min(last),
        Action::Top => d.cursor = 0,
        Action::Bottom => d.cursor = last,
        Action::Open => {
            let key = d.keys.get(d.cursor).cloned();
            if let Some(item) = key.and_then(|k| app.data.due.iter().find(|x| x.key() == k)) {
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
    let h = (d.keys.len() as u16 + 2)
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
    for (n, key) in d.keys.iter().enumerate().skip(start).take(hgt) {
        let Some(item) = app.data.due.iter().find(|x| &x.key() == key) else {
            continue;
        };
        let sel = n == d.cursor;
        let st = if sel { th.selected() } else { th.panel() };
        let line = Line::from(vec![
            Span::styled(if sel { "▸ " } else { "  " }, st),
            Span::styled(format!("{:<6}", item.id.to_string()), st.patch(th.id())),
            Span::styled(
                format!("{} · ", slot(app.lang, item.slot, item.id.kind)),
                st.patch(th.status(&item.status)),
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
