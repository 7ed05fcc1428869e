//! Drawing a table: a title line, the filter line, the visible rows only,
//! and the detail pane of the selected record when there is room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::TableState;
use super::columns::{Ctx, columns, layout};
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::views::detail;
use crate::tui::words::{kinds, lookup, tr};

/// Tables get a detail pane beside them from this width on.
pub const PANE_MIN_WIDTH: u16 = 110;

/// The first row of the table body within `area`, for mouse clicks.
pub fn first_row_y(t: &TableState, area: Rect) -> u16 {
    area.y + 2 + u16::from(t.editing_filter || !t.filter.is_empty())
}

/// The offset that keeps the selected row visible in `height` rows.
pub fn offset(t: &TableState, height: usize) -> usize {
    let h = height.max(1);
    if t.selected < t.offset {
        t.selected
    } else if t.selected >= t.offset + h {
        t.selected + 1 - h
    } else {
        t.offset
    }
}

pub fn render(app: &App, t: &TableState, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let (list, pane) = if t.show_detail && area.width >= PANE_MIN_WIDTH {
        let lw = area.width * 60 / 100;
        (
            Rect::new(area.x, area.y, lw, area.height),
            Some(Rect::new(
                area.x + lw + 1,
                area.y,
                area.width - lw - 1,
                area.height,
            )),
        )
    } else {
        (area, None)
    };
    let cols = columns(t.kind);
    let lang = app.lang;
    // Title line.
    let sort_name = cols
        .get(t.sort)
        .map(|c| lookup(lang, c.heading))
        .unwrap_or_default();
    let arrow = if t.desc { "↓" } else { "↑" };
    let total = app.data.count(t.kind);
    let title = Line::from(vec![
        Span::styled(format!(" {} ", kinds(lang, t.kind)), th.title()),
        Span::styled(
            tr!(lang, "table.count", shown = t.rows.len(), total = total),
            th.dim(),
        ),
        Span::styled(
            format!(" · {} {sort_name} {arrow}", tr!(lang, "table.sorted_by")),
            th.dim(),
        ),
    ]);
    let buf = frame.buffer_mut();
    buf.set_line(list.x, list.y, &title, list.width);
    let mut y = list.y + 1;
    if t.editing_filter || !t.filter.is_empty() {
        let label = format!(" {} ", tr!(lang, "table.filter"));
        let lw = text::width(&label) as u16;
        buf.set_stringn(list.x, y, &label, usize::from(list.width), th.key());
        let input = Rect::new(list.x + lw, y, list.width.saturating_sub(lw + 1), 1);
        t.filter.render(frame, input, th.panel(), t.editing_filter);
        y += 1;
    }
    let widths = layout(cols, super::list_width(area.width, t.show_detail));
    let buf = frame.buffer_mut();
    // Header.
    let mut x = list.x + 1;
    for (i, w) in &widths {
        let mut h = lookup(lang, cols[*i].heading);
        if *i == t.sort {
            // The arrow always shows: a heading too wide for its column
            // (编号 in a four-cell column) is cut before it, not after.
            let room = usize::from(*w).saturating_sub(1);
            if text::width(&h) > room {
                h = text::truncate(&h, room);
            }
            h.push_str(arrow);
        }
        let cell = if cols[*i].right {
            text::fit_right(&h, usize::from(*w))
        } else {
            text::fit(&h, usize::from(*w))
        };
        buf.set_stringn(x, y, &cell, usize::from(*w), th.header());
        x += w + 1;
    }
    y += 1;
    let height = usize::from(list.bottom().saturating_sub(y));
    if t.rows.is_empty() {
        let msg = if t.filter.is_empty() {
            tr!(lang, "table.empty", what = kinds(lang, t.kind))
        } else {
            tr!(lang, "table.no_match", filter = t.filter.text())
        };
        buf.set_stringn(
            list.x + 2,
            y,
            text::clean(&msg),
            usize::from(list.width.saturating_sub(2)),
            th.dim(),
        );
    }
    let ctx = Ctx {
        data: &app.data,
        lang,
    };
    let off = offset(t, height);
    for (row, id) in t.rows.iter().enumerate().skip(off).take(height) {
        let Some(r) = app.data.get(*id) else { continue };
        let selected = row == t.selected;
        let base = if selected { th.selected() } else { th.base() };
        let line = Rect::new(list.x, y, list.width, 1);
        buf.set_style(line, base);
        let mut x = list.x + 1;
        for (i, w) in &widths {
            let c = (cols[*i].cell)(&ctx, r);
            let s = text::safe(&c.text);
            let cell = if cols[*i].right {
                text::fit_right(&s, usize::from(*w))
            } else {
                text::fit(&s, usize::from(*w))
            };
            let style = match (c.status, *i) {
                (Some(name), _) => base.patch(th.status(name)),
                (None, 0) => base.patch(th.id()),
                _ => base,
            };
            buf.set_stringn(x, y, &cell, usize::from(*w), style);
            x += w + 1;
        }
        y += 1;
    }
    if let (Some(pane), Some(id)) = (pane, t.current()) {
        let sep = Rect::new(pane.x - 1, pane.y, 1, pane.height);
        for yy in sep.top()..sep.bottom() {
            frame.buffer_mut().set_stringn(sep.x, yy, "│", 1, th.dim());
        }
        detail::render_pane(app, id, &t.history, frame, pane);
    }
}
