//! Drawing a record's detail, full screen with a cursor over its links,
//! or as a pane beside a table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::DetailState;
use super::content::{Content, build};
use crate::model::Id;
use crate::store::{HistoryEntry, field_changes};
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::words::tr;

/// Lines to draw, each with the index of the link it shows (if any).
fn lines(
    app: &App,
    id: Id,
    c: &Content,
    history: &[HistoryEntry],
    width: u16,
    cursor: Option<usize>,
) -> Vec<(Line<'static>, Option<usize>)> {
    let th = &app.theme;
    let w = usize::from(width.max(4));
    let mut out: Vec<(Line<'static>, Option<usize>)> = Vec::new();
    let plain = |s: String, st: Style| Line::from(Span::styled(s, st));
    out.push((plain(text::clean(&c.heading), th.dim()), None));
    for l in text::wrap(&text::clean(&c.title), w) {
        out.push((plain(l, th.title()), None));
    }
    for (lang, name) in &c.names {
        let tag = format!("{:<4}", text::truncate(lang, 3));
        for (i, l) in text::wrap(&text::clean(name), w.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let t = if i == 0 { tag.clone() } else { "    ".into() };
            out.push((
                Line::from(vec![Span::styled(t, th.dim()), Span::raw(l)]),
                None,
            ));
        }
    }
    let lw = c
        .fields
        .iter()
        .map(|f| text::width(&f.label))
        .max()
        .unwrap_or(0)
        .min(16);
    out.push((Line::raw(""), None));
    for f in &c.fields {
        let label = text::fit(&f.label, lw);
        let style = f.status.map(|s| th.status(s)).unwrap_or_default();
        for (i, l) in text::wrap(&text::clean(&f.value), w.saturating_sub(lw + 2))
            .into_iter()
            .enumerate()
        {
            let lab = if i == 0 {
                label.clone()
            } else {
                " ".repeat(lw)
            };
            out.push((
                Line::from(vec![
                    Span::styled(lab, th.dim()),
                    Span::raw("  "),
                    Span::styled(l, style),
                ]),
                None,
            ));
        }
    }
    let mut link = 0;
    for g in &c.groups {
        out.push((Line::raw(""), None));
        out.push((
            plain(format!("{} ({})", g.title, g.total), th.header()),
            None,
        ));
        for r in &g.rows {
            let selected = r.id.is_some() && cursor == Some(link);
            let base = if selected {
                th.selected()
            } else {
                Style::default()
            };
            let mark = if selected { "▸ " } else { "  " };
            let id =
                r.id.map(|i| format!("{:<5}", i.to_string()))
                    .unwrap_or_default();
            let room = w.saturating_sub(2 + text::width(&id));
            let body = text::truncate(&text::clean(&r.text), room);
            let style = r.status.map(|s| base.patch(th.status(s))).unwrap_or(base);
            let pad = " ".repeat(room.saturating_sub(text::width(&body)));
            out.push((
                Line::from(vec![
                    Span::styled(mark, base),
                    Span::styled(id, base.patch(th.id())),
                    Span::styled(body, style),
                    Span::styled(pad, base),
                ]),
                r.id.map(|_| link),
            ));
            if r.id.is_some() {
                link += 1;
            }
        }
    }
    if !history.is_empty() {
        out.push((Line::raw(""), None));
        out.push((plain(tr!(app.lang, "detail.history"), th.header()), None));
        for h in history {
            let when = h.at.format("%Y-%m-%d %H:%M").to_string();
            let undone = if h.undone_by.is_some() {
                format!(" ({})", tr!(app.lang, "detail.undone"))
            } else {
                String::new()
            };
            // Who made it, when the store knows: "lina  mark T7 done";
            // "you" for the changes made as this session's user.
            let who = h
                .author
                .as_deref()
                .map(|a| match a.trim() {
                    a if a == app.live.me => tr!(app.lang, "detail.you"),
                    a => text::truncate(&text::clean(&app.live.authors.name_of(a)), 16),
                })
                .filter(|a| !a.is_empty())
                .map(|a| format!("{a}  "))
                .unwrap_or_default();
            let room = w.saturating_sub(20 + text::width(&who));
            out.push((
                Line::from(vec![
                    Span::styled(format!("  {when}  "), th.dim()),
                    Span::styled(who, th.id()),
                    Span::raw(text::truncate(
                        &text::clean(&format!("{}{undone}", h.summary)),
                        room,
                    )),
                ]),
                None,
            ));
            for ch in h.changes.iter().filter(|ch| ch.id == id) {
                let what = match (&ch.before, &ch.after) {
                    (None, _) => vec![tr!(app.lang, "detail.created")],
                    (_, None) => vec![tr!(app.lang, "detail.deleted")],
                    _ => field_changes(ch)
                        .into_iter()
                        .take(6)
                        .map(|fc| format!("{}: {} → {}", fc.field, fc.old, fc.new))
                        .collect(),
                };
                for s in what {
                    let s = format!("      {s}");
                    out.push((plain(text::truncate(&text::clean(&s), w), th.dim()), None));
                }
            }
        }
    }
    out
}

fn draw(frame: &mut Frame, area: Rect, lines: &[(Line<'static>, Option<usize>)], scroll: usize) {
    let buf = frame.buffer_mut();
    for (i, (l, _)) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(area.height))
        .enumerate()
    {
        buf.set_line(area.x, area.y + i as u16, l, area.width);
    }
}

pub fn render_full(app: &App, d: &DetailState, frame: &mut Frame, area: Rect) {
    let inner = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(2),
        area.height,
    );
    let Some(c) = build(app, d.id) else { return };
    let cursor = d.cursor.min(c.links().len().saturating_sub(1));
    let ls = lines(app, d.id, &c, &d.history, inner.width, Some(cursor));
    let h = usize::from(inner.height);
    let at = ls.iter().position(|(_, l)| *l == Some(cursor)).unwrap_or(0);
    // Keep the selected link in view, a third of the way down when scrolling.
    let scroll = if at < h.saturating_sub(2) {
        0
    } else {
        at.saturating_sub(h / 3)
    };
    // Never scroll past the end: the last line stays at the bottom.
    draw(frame, inner, &ls, scroll.min(ls.len().saturating_sub(h)));
}

pub fn render_pane(app: &App, id: Id, history: &[HistoryEntry], frame: &mut Frame, area: Rect) {
    let Some(c) = build(app, id) else { return };
    let ls = lines(app, id, &c, history, area.width.saturating_sub(1), None);
    draw(
        frame,
        Rect::new(
            area.x + 1,
            area.y,
            area.width.saturating_sub(1),
            area.height,
        ),
        &ls,
        0,
    );
}
