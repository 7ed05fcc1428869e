//! Drawing the queue: group headings, one line per item, marks for bulk
//! selection, only the visible lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Row;
use crate::due::DueItem;
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::words::{bucket, date, lookup, relative_short, slot, tr};

/// The first queue line within the body, for mouse clicks.
pub const FIRST_ROW: u16 = 2;

struct Widths {
    when: usize,
    what: usize,
    owner: usize,
    partnership: usize,
}

fn widths(width: usize) -> Widths {
    Widths {
        when: if width >= 90 { 14 } else { 0 },
        what: if width >= 76 { 16 } else { 0 },
        owner: if width >= 70 { 10 } else { 0 },
        partnership: if width >= 110 { (width / 5).min(30) } else { 0 },
    }
}

/// With the pane on and room for it, the current item's record shows
/// beside the queue.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let pane = app.triage.show_detail && area.width >= crate::tui::views::table::PANE_MIN_WIDTH;
    let Some(current) = app.triage.current(&app.data).filter(|_| pane) else {
        queue(app, frame, area);
        return;
    };
    let lw = area.width * 60 / 100;
    queue(app, frame, Rect::new(area.x, area.y, lw, area.height));
    let right = Rect::new(area.x + lw + 1, area.y, area.width - lw - 1, area.height);
    for y in right.top()..right.bottom() {
        frame
            .buffer_mut()
            .set_stringn(right.x - 1, y, "│", 1, app.theme.dim());
    }
    crate::tui::views::detail::render_pane(app, current.id, &[], frame, right);
}

fn queue(app: &App, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let lang = app.lang;
    let t = &app.triage;
    let buf = frame.buffer_mut();
    let mut head = vec![
        Span::styled(format!(" {} ", lookup(lang, "act.view_triage")), th.title()),
        Span::styled(tr!(lang, "triage.count", n = t.shown()), th.dim()),
    ];
    if t.mine.is_some() {
        head.push(Span::styled(
            format!(" · {}", tr!(lang, "triage.mine")),
            th.key(),
        ));
    }
    if !t.marked.is_empty() {
        head.push(Span::styled(
            format!(" · {}", tr!(lang, "triage.marked", n = t.marked.len())),
            th.key(),
        ));
    }
    buf.set_line(area.x, area.y, &Line::from(head), area.width);
    let w = usize::from(area.width);
    let ws = widths(w);
    // Column headings.
    let mut hx = String::from("   ");
    hx.push_str(&cell(&lookup(lang, "col.id"), 6));
    hx.push_str(&cell(&lookup(lang, "col.due"), 11));
    if ws.when > 0 {
        hx.push_str(&cell(&lookup(lang, "col.when"), ws.when));
    }
    if ws.what > 0 {
        hx.push_str(&cell(&lookup(lang, "col.what"), ws.what));
    }
    let fixed = 3 + 6 + 11 + ws.when + ws.what + ws.owner + ws.partnership;
    let title_w = w.saturating_sub(fixed + 1);
    hx.push_str(&cell(&lookup(lang, "col.title"), title_w));
    if ws.owner > 0 {
        hx.push_str(&cell(&lookup(lang, "col.owner"), ws.owner));
    }
    if ws.partnership > 0 {
        hx.push_str(&cell(&lookup(lang, "col.concerns"), ws.partnership));
    }
    buf.set_stringn(area.x, area.y + 1, &hx, w, th.header());
    if t.rows.is_empty() {
        let empty = if t.mine.is_some() && !app.data.due.is_empty() {
            tr!(lang, "triage.mine_empty")
        } else {
            tr!(lang, "triage.empty")
        };
        buf.set_stringn(
            area.x + 2,
            area.y + FIRST_ROW,
            empty,
            w.saturating_sub(2),
            th.ok(),
        );
        return;
    }
    let height = usize::from(area.height.saturating_sub(FIRST_ROW));
    let off = if t.cursor < t.offset {
        t.cursor
    } else if t.cursor >= t.offset + height {
        t.cursor + 1 - height
    } else {
        t.offset
    };
    for (n, row) in t.rows.below(off).take(height) {
        let y = area.y + FIRST_ROW + (n - off) as u16;
        match row {
            Row::Header(b, count) => {
                let s = format!(" {} ({count})", bucket(lang, b));
                buf.set_stringn(area.x, y, &s, w, th.bucket(b));
            }
            Row::Item(i) => {
                let Some(d) = app.data.due.get(i) else {
                    continue;
                };
                let line = item_line(
                    app,
                    d,
                    &ws,
                    title_w,
                    n == t.cursor,
                    t.marked.contains(&d.key()),
                );
                let style = if n == t.cursor {
                    th.selected()
                } else if t.marked.contains(&d.key()) {
                    th.marked()
                } else {
                    th.base()
                };
                let r = Rect::new(area.x, y, area.width, 1);
                buf.set_style(r, style);
                buf.set_line(area.x, y, &line, area.width);
            }
        }
    }
}

/// A cell of `w` columns: text cut to `w - 1` and a space.
fn cell(s: &str, w: usize) -> String {
    let mut t = text::fit(s, w.saturating_sub(1));
    t.push(' ');
    t
}

fn item_line(
    app: &App,
    d: &DueItem,
    ws: &Widths,
    title_w: usize,
    current: bool,
    marked: bool,
) -> Line<'static> {
    let th = &app.theme;
    let lang = app.lang;
    let base = if current {
        th.selected()
    } else if marked {
        th.marked()
    } else {
        th.base()
    };
    let mark = match (marked, current) {
        (true, _) => " ● ",
        (false, true) => " ▸ ",
        _ => "   ",
    };
    let mut spans = vec![
        Span::styled(mark, base.patch(th.key())),
        Span::styled(cell(&d.id.to_string(), 6), base.patch(th.id())),
        Span::styled(
            cell(&d.date.map(date).unwrap_or_else(|| "—".into()), 11),
            base.patch(th.bucket(d.bucket)),
        ),
    ];
    if ws.when > 0 {
        let rel = d.days.map(|n| relative_short(lang, n)).unwrap_or_default();
        spans.push(Span::styled(
            cell(&rel, ws.when),
            base.patch(th.bucket(d.bucket)),
        ));
    }
    if ws.what > 0 {
        let what = slot(lang, d.slot, d.id.kind);
        spans.push(Span::styled(
            cell(&what, ws.what),
            base.patch(th.status(d.status)),
        ));
    }
    let prio =
        if d.priority == crate::model::Priority::High && d.slot == crate::store::DueSlot::Item {
            "! "
        } else {
            ""
        };
    let title = format!("{prio}{}", text::safe(&d.title));
    spans.push(Span::styled(cell(&title, title_w), base));
    if ws.owner > 0 {
        spans.push(Span::styled(
            cell(&text::safe(&d.owner), ws.owner),
            base.patch(th.dim()),
        ));
    }
    if ws.partnership > 0 {
        // The partnership, or the record the item hangs under.
        let p = d
            .partnership
            .or_else(|| app.data.get(d.id).and_then(|r| r.parent()))
            .map(|p| app.data.title(p))
            .unwrap_or_default();
        spans.push(Span::styled(
            cell(&text::safe(&p), ws.partnership),
            base.patch(th.dim()),
        ));
    }
    Line::from(spans)
}
