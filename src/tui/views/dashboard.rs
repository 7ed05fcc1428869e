//! The dashboard: counts by status, what is due, agreements in their
//! renewal window, silent partnerships, partnerships by country, and the
//! next deadlines. The cursor moves over the listed records; Enter opens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::model::{Id, Record};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::words::{ago, country, date, lookup, relative_short, slot, tr, vocab};

#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    /// Index into [`selectable`].
    pub cursor: usize,
}

/// The records the cursor moves over, in screen order: next deadlines,
/// renewals, silent partnerships.
pub fn selectable(app: &App) -> Vec<Id> {
    let s = &app.stats;
    s.next
        .iter()
        .map(|d| d.id)
        .chain(s.renewals.iter().copied())
        .chain(s.stale.iter().map(|(id, _)| *id))
        .collect()
}

pub fn update(app: &mut App, action: Action) -> bool {
    let n = selectable(app).len();
    let last = n.saturating_sub(1);
    let c = &mut app.dashboard.cursor;
    match action {
        Action::Up => *c = c.saturating_sub(1),
        Action::Down => *c = (*c + 1).min(last),
        Action::Top => *c = 0,
        Action::Bottom => *c = last,
        Action::PageDown => *c = (*c + 10).min(last),
        Action::PageUp => *c = c.saturating_sub(10),
        Action::Open => {
            if let Some(id) = selectable(app).get(app.dashboard.cursor) {
                app.open(*id);
            }
        }
        Action::StaleDaysMore | Action::StaleDaysLess => {
            app.stale_days = if action == Action::StaleDaysMore {
                (app.stale_days + 30).min(720)
            } else {
                app.stale_days.saturating_sub(30).max(30)
            };
            app.sync_views();
            app.info(tr!(app.lang, "dash.stale_set", n = app.stale_days));
        }
        _ => return false,
    }
    true
}

fn boxed<'a>(app: &App, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.dim())
        .title(Span::styled(
            format!(" {} ", text::clean(&title)),
            app.theme.header(),
        ))
}

fn put(frame: &mut Frame, area: Rect, row: u16, line: Line<'_>) {
    if row < area.height {
        frame
            .buffer_mut()
            .set_line(area.x, area.y + row, &line, area.width);
    }
}

fn count_line(app: &App, label: String, n: usize, status: &str, w: u16) -> Line<'static> {
    let num = n.to_string();
    let room = usize::from(w).saturating_sub(text::width(&num) + 1);
    let style = if n == 0 {
        app.theme.dim()
    } else {
        app.theme.status(status)
    };
    Line::from(vec![
        Span::styled(text::fit(&label, room), style),
        Span::raw(" "),
        Span::styled(num, style),
    ])
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let lang = app.lang;
    let s = &app.stats;
    let [top, bottom] = Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(area);
    let [p_area, a_area, d_area] = Layout::horizontal([
        Constraint::Ratio(1, 3),
        Constraint::Ratio(1, 3),
        Constraint::Ratio(1, 3),
    ])
    .areas(top);
    // Partnerships by status.
    let b = boxed(app, lookup(lang, "kinds.partnership"));
    let inner = b.inner(p_area);
    frame.render_widget(b, p_area);
    for (i, (st, n)) in s.partnerships.iter().enumerate() {
        put(
            frame,
            inner,
            i as u16,
            count_line(app, vocab(lang, st.name()), *n, st.name(), inner.width),
        );
    }
    // Agreements by standing, in two columns.
    let b = boxed(app, lookup(lang, "kinds.agreement"));
    let inner = b.inner(a_area);
    frame.render_widget(b, a_area);
    let half = inner.width / 2;
    for (i, (st, n)) in s.agreements.iter().enumerate() {
        let col = Rect::new(
            inner.x + if i < 4 { 0 } else { half + 1 },
            inner.y,
            half.saturating_sub(1),
            inner.height,
        );
        put(
            frame,
            col,
            (i % 4) as u16,
            count_line(app, vocab(lang, st), *n, st, col.width),
        );
    }
    // Deadlines.
    let b = boxed(app, tr!(lang, "dash.deadlines"));
    let inner = b.inner(d_area);
    frame.render_widget(b, d_area);
    let rows = [
        (tr!(lang, "dash.overdue"), s.overdue, "overdue"),
        (tr!(lang, "dash.this_week"), s.due_this_week, "expiring"),
        (tr!(lang, "dash.this_month"), s.due_this_month, ""),
    ];
    for (i, (label, n, st)) in rows.into_iter().enumerate() {
        put(
            frame,
            inner,
            i as u16,
            count_line(app, label, n, st, inner.width),
        );
    }
    let no_date = s.undated;
    put(
        frame,
        inner,
        3,
        count_line(app, tr!(lang, "dash.undated"), no_date, "", inner.width),
    );
    // Lower half: lists on the left, countries and silent partnerships right.
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(bottom);
    let [next_a, renew_a] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
    let [country_a, stale_a] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
    let cursor = app.dashboard.cursor;
    let mut index = 0;
    // Next deadlines.
    let b = boxed(app, tr!(lang, "dash.next", n = s.next.len()));
    let inner = b.inner(next_a);
    frame.render_widget(b, next_a);
    if s.next.is_empty() {
        put(
            frame,
            inner,
            0,
            Line::styled(tr!(lang, "dash.none"), th.dim()),
        );
    }
    let start = scroll_start(cursor, index, s.next.len(), inner.height);
    for (i, d) in visible(&s.next, start, inner.height) {
        let text = format!(
            "{} {} {:<5} {} · {}",
            d.date.map(date).unwrap_or_default(),
            text::fit(
                &d.days.map(|n| relative_short(lang, n)).unwrap_or_default(),
                8
            ),
            d.id.to_string(),
            slot(lang, d.slot, d.id.kind),
            d.title
        );
        put(
            frame,
            inner,
            (i - start) as u16,
            item(
                app,
                &text,
                cursor == index + i,
                inner.width,
                th.bucket(d.bucket),
            ),
        );
    }
    index += s.next.len();
    // Renewal window.
    let b = boxed(app, tr!(lang, "dash.renewals", n = s.renewals.len()));
    let inner = b.inner(renew_a);
    frame.render_widget(b, renew_a);
    if s.renewals.is_empty() {
        put(
            frame,
            inner,
            0,
            Line::styled(tr!(lang, "dash.none"), th.dim()),
        );
    }
    let start = scroll_start(cursor, index, s.renewals.len(), inner.height);
    for (i, id) in visible(&s.renewals, start, inner.height) {
        if let Some(Record::Agreement(a)) = app.data.get(*id) {
            let st = a.standing_name(app.data.today);
            let exp = a
                .expires
                .map(|e| {
                    format!(
                        "{} ({})",
                        date(e),
                        ago(lang, (e - app.data.today).num_days())
                    )
                })
                .unwrap_or_default();
            let text = format!(
                "{:<5} {} · {} · {}",
                id.to_string(),
                a.title,
                vocab(lang, st),
                exp
            );
            put(
                frame,
                inner,
                (i - start) as u16,
                item(app, &text, cursor == index + i, inner.width, th.status(st)),
            );
        }
    }
    index += s.renewals.len();
    // Countries.
    let b = boxed(app, tr!(lang, "dash.countries"));
    let inner = b.inner(country_a);
    frame.render_widget(b, country_a);
    let max = s
        .countries
        .first()
        .map(|c| c.partnerships)
        .unwrap_or(1)
        .max(1);
    let label_w = 12.min(usize::from(inner.width) / 2);
    for (i, c) in s
        .countries
        .iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
        let label = text::fit(&format!("{} {}", c.code, country(lang, &c.code)), label_w);
        let num = c.partnerships.to_string();
        let room = usize::from(inner.width).saturating_sub(label_w + num.len() + 2);
        let bar = "█".repeat((c.partnerships * room).div_ceil(max).min(room));
        put(
            frame,
            inner,
            i as u16,
            Line::from(vec![
                Span::raw(label),
                Span::raw(" "),
                Span::styled(bar, th.bar()),
                Span::raw(" "),
                Span::styled(num, th.dim()),
            ]),
        );
    }
    // Silent partnerships.
    let b = boxed(
        app,
        tr!(
            lang,
            "dash.stale",
            n = app.stale_days,
            count = s.stale.len()
        ),
    );
    let inner = b.inner(stale_a);
    frame.render_widget(b, stale_a);
    if s.stale.is_empty() {
        put(
            frame,
            inner,
            0,
            Line::styled(tr!(lang, "dash.none"), th.dim()),
        );
    }
    let start = scroll_start(cursor, index, s.stale.len(), inner.height);
    for (i, (id, last)) in visible(&s.stale, start, inner.height) {
        let when = last.map(date).unwrap_or_else(|| tr!(lang, "detail.never"));
        let text = format!("{:<5} {} · {when}", id.to_string(), app.data.title(*id));
        put(
            frame,
            inner,
            (i - start) as u16,
            item(app, &text, cursor == index + i, inner.width, th.warn()),
        );
    }
}

/// The items of a list that fit in `height` rows from `start`, with their
/// positions in the list: only those are formatted (the lists hold
/// thousands at 100k records).
fn visible<T>(list: &[T], start: usize, height: u16) -> impl Iterator<Item = (usize, &T)> {
    list.iter()
        .enumerate()
        .skip(start)
        .take(usize::from(height))
}

/// The first item of a list to show so that the cursor (if in this list,
/// which starts at `first`) is visible.
fn scroll_start(cursor: usize, first: usize, len: usize, height: u16) -> usize {
    let h = usize::from(height).max(1);
    if cursor >= first && cursor < first + len && cursor - first >= h {
        cursor - first + 1 - h
    } else {
        0
    }
}

fn item(app: &App, s: &str, selected: bool, width: u16, accent: Style) -> Line<'static> {
    let w = usize::from(width);
    let body = text::fit(&text::clean(s), w.saturating_sub(2));
    if selected {
        let st = app.theme.selected();
        Line::from(vec![Span::styled("▸ ", st), Span::styled(body, st)])
    } else {
        Line::from(vec![
            Span::styled("  ", accent),
            Span::styled(body, Style::default()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::tui::testing::{demo_app, press, screen};

    /// Only the rows that fit are drawn, yet the cursor can walk every
    /// list: at each step the marked row is the record it is on.
    #[test]
    fn the_cursor_row_is_drawn_through_every_list() {
        // The smaller sizes make every list scroll.
        for (w, h) in [(80, 24), (80, 17), (100, 18), (120, 40)] {
            let mut app = demo_app(Lang::En, "default").unwrap();
            let ids = super::selectable(&app);
            assert!(ids.len() > 10, "{} selectable", ids.len());
            for (n, id) in ids.iter().enumerate() {
                let text = screen(&mut app, w, h);
                let marked: Vec<&str> = text.lines().filter(|l| l.contains('▸')).collect();
                assert_eq!(marked.len(), 1, "{w}x{h} step {n}:\n{text}");
                let after = marked[0].split('▸').nth(1).unwrap_or_default();
                assert!(
                    after.contains(&format!(" {id} ")),
                    "{w}x{h} step {n}: {id} not marked in {:?}",
                    marked[0]
                );
                press(&mut app, "down");
            }
        }
    }
}
