//! Drawing a form: labels, values, the focused field's cursor, live date
//! previews, messages next to their fields, and the picker above it all.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::picker::Pick;
use super::{FormState, PickerState, Value};
use crate::dates::parse_date;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Section;
use crate::tui::popups::{centred, frame_box};
use crate::tui::text;
use crate::tui::words::{date, kind, lookup, tr, vocab, weekday_short};

pub(super) fn label(app: &App, name: &str) -> String {
    lookup(app.lang, &format!("field.{name}"))
}

/// One row of the form: which field, and whether it is the message line.
enum RowKind {
    Field(usize),
    /// A line of the field's message.
    Message(String),
}

pub fn render(app: &App, f: &FormState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let lang = app.lang;
    let title = if f.is_new() {
        tr!(lang, "form.new_title", kind = kind(lang, f.kind()))
    } else {
        tr!(
            lang,
            "form.edit_title",
            id = f.base.id().to_string(),
            title = f.base.title()
        )
    };
    let area = centred(body, body.width.saturating_sub(2).min(100), body.height);
    let inner = frame_box(app, frame, area, &title);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let lw = f
        .fields
        .iter()
        .map(|x| text::width(&label(app, x.name)) + usize::from(x.required) * 2)
        .max()
        .unwrap_or(8)
        .min(usize::from(inner.width) / 3);
    let vx = inner.x + lw as u16 + 3;
    let vw = inner.right().saturating_sub(vx + 1);
    let mut rows = Vec::new();
    for (i, x) in f.fields.iter().enumerate() {
        rows.push(RowKind::Field(i));
        if let Some(msg) = f.errors.get(x.name) {
            let lines = text::wrap(&format!("✗ {}", text::clean(msg)), usize::from(vw.max(8)));
            rows.extend(lines.into_iter().take(3).map(RowKind::Message));
        }
    }
    // Footer: the general error, unplaced messages and the key hint.
    let unplaced: Vec<String> = f
        .errors
        .iter()
        .filter(|(k, _)| !f.fields.iter().any(|x| x.name == **k))
        .map(|(k, v)| format!("{}: {v}", label(app, k)))
        .collect();
    let footer = 1 + usize::from(f.error.is_some()) + unplaced.len().min(2);
    let height = usize::from(inner.height).saturating_sub(footer).max(1);
    let focus_row = rows
        .iter()
        .position(|r| matches!(r, RowKind::Field(i) if *i == f.focus))
        .unwrap_or(0);
    let start = (focus_row + 2).saturating_sub(height);
    for (n, row) in rows.iter().enumerate().skip(start).take(height) {
        let y = inner.y + (n - start) as u16;
        match row {
            RowKind::Field(i) => {
                let x = &f.fields[*i];
                let focused = *i == f.focus;
                let mut lab = label(app, x.name);
                if x.required {
                    lab.push_str(" *");
                }
                let ls = if focused { th.key() } else { th.dim() };
                let mark = if focused { "▸" } else { " " };
                frame
                    .buffer_mut()
                    .set_stringn(inner.x, y, mark, 1, th.key());
                frame
                    .buffer_mut()
                    .set_stringn(inner.x + 1, y, text::fit_right(&lab, lw), lw, ls);
                value(
                    app,
                    &x.value,
                    focused && f.picker.is_none(),
                    frame,
                    Rect::new(vx, y, vw, 1),
                );
            }
            RowKind::Message(line) => {
                frame
                    .buffer_mut()
                    .set_stringn(vx, y, line, usize::from(vw), th.error());
            }
        }
    }
    let mut y = inner.bottom().saturating_sub(footer as u16);
    let w = usize::from(inner.width.saturating_sub(2));
    if let Some(e) = &f.error {
        frame.buffer_mut().set_stringn(
            inner.x + 1,
            y,
            text::truncate(&text::clean(e), w),
            w,
            th.error(),
        );
        y += 1;
    }
    for u in unplaced.iter().take(2) {
        frame.buffer_mut().set_stringn(
            inner.x + 1,
            y,
            text::truncate(&format!("✗ {}", text::clean(u)), w),
            w,
            th.error(),
        );
        y += 1;
    }
    let key = |a: Action| app.keymap.key_for(Section::Form, a).unwrap_or_default();
    let hint = tr!(
        lang,
        "form.hint",
        save = key(Action::Save),
        cancel = key(Action::Close),
        choose = key(Action::Submit)
    );
    frame
        .buffer_mut()
        .set_stringn(inner.x + 1, y, text::truncate(&hint, w), w, th.dim());
    if let Some(p) = &f.picker {
        picker(app, p, frame, body);
    }
}

fn value(app: &App, v: &Value, focused: bool, frame: &mut Frame, area: Rect) {
    let th = &app.theme;
    let lang = app.lang;
    let base = if focused { th.selected() } else { th.panel() };
    let w = usize::from(area.width);
    match v {
        Value::Text(i) | Value::Owner(i) | Value::List(i) | Value::Number(i) => {
            i.render(frame, area, base, focused);
        }
        Value::Date(i) => {
            let t = i.text();
            let preview = if t.trim().is_empty() {
                None
            } else {
                Some(match parse_date(&t, app.data.today) {
                    Ok(d) if d.to_string() == t.trim() => (
                        weekday_short(lang, d.weekday().num_days_from_monday()),
                        th.dim(),
                    ),
                    Ok(d) => (
                        format!(
                            "→ {} {}",
                            date(d),
                            weekday_short(lang, d.weekday().num_days_from_monday())
                        ),
                        th.ok(),
                    ),
                    Err(_) => (tr!(lang, "form.not_a_date"), th.error()),
                })
            };
            let pw = preview
                .as_ref()
                .map(|(p, _)| text::width(p) + 2)
                .unwrap_or(0);
            let iw = area.width.saturating_sub(pw as u16).max(area.width.min(12));
            i.render(frame, Rect::new(area.x, area.y, iw, 1), base, focused);
            if let Some((p, st)) = preview
                && iw + 2 < area.width
            {
                frame.buffer_mut().set_stringn(
                    area.x + iw + 1,
                    area.y,
                    p,
                    usize::from(area.width - iw - 1),
                    st,
                );
            }
        }
        Value::Choice(all, idx) => {
            let name = all.get(*idx).copied().unwrap_or("");
            let s = format!("◂ {} ▸", vocab(lang, name));
            frame.buffer_mut().set_style(area, base);
            frame.buffer_mut().set_stringn(
                area.x,
                area.y,
                text::truncate(&s, w),
                w,
                base.patch(th.status(name)),
            );
        }
        Value::Flag(b) => {
            let s = if *b {
                format!("[x] {}", tr!(lang, "form.yes"))
            } else {
                format!("[ ] {}", tr!(lang, "form.no"))
            };
            frame.buffer_mut().set_style(area, base);
            frame.buffer_mut().set_stringn(area.x, area.y, s, w, base);
        }
        Value::Ref(_, id) => {
            let s = match id {
                Some(id) => format!("{id} {}", app.data.title(*id)),
                None => tr!(lang, "form.choose"),
            };
            frame.buffer_mut().set_style(area, base);
            frame.buffer_mut().set_stringn(
                area.x,
                area.y,
                text::truncate(&text::clean(&s), w),
                w,
                if id.is_some() {
                    base
                } else {
                    base.patch(th.dim())
                },
            );
        }
        Value::Refs(_, ids) => {
            let s = if ids.is_empty() {
                tr!(lang, "form.choose")
            } else {
                ids.iter()
                    .map(|i| format!("{i} {}", app.data.title(*i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            frame.buffer_mut().set_style(area, base);
            frame.buffer_mut().set_stringn(
                area.x,
                area.y,
                text::truncate(&text::clean(&s), w),
                w,
                base,
            );
        }
    }
}

fn picker(app: &App, p: &PickerState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let title = if p.owner {
        tr!(app.lang, "form.pick_owner")
    } else if p.multi {
        tr!(app.lang, "form.pick_many", n = p.chosen.len())
    } else {
        tr!(app.lang, "form.pick_one")
    };
    let area = centred(
        body,
        body.width.saturating_sub(8).min(80),
        body.height.saturating_sub(4).min(20),
    );
    let inner = frame_box(app, frame, area, &title);
    if inner.height < 2 || inner.width < 6 {
        return;
    }
    frame
        .buffer_mut()
        .set_stringn(inner.x, inner.y, "› ", 2, th.key());
    p.input.render(
        frame,
        Rect::new(inner.x + 2, inner.y, inner.width - 2, 1),
        th.panel(),
        true,
    );
    let h = usize::from(inner.height - 1);
    if p.items.is_empty() {
        let msg = tr!(app.lang, "form.pick_none");
        frame.buffer_mut().set_stringn(
            inner.x + 2,
            inner.y + 1,
            msg,
            usize::from(inner.width.saturating_sub(2)),
            th.dim(),
        );
    }
    let start = if p.cursor >= h { p.cursor + 1 - h } else { 0 };
    for (n, item) in p.items.iter().enumerate().skip(start).take(h) {
        let y = inner.y + 1 + (n - start) as u16;
        let sel = n == p.cursor;
        let st = if sel { th.selected() } else { th.panel() };
        let mut spans = vec![Span::styled(if sel { "▸ " } else { "  " }, st)];
        match item {
            Pick::Record(id, t, idx) => {
                if p.multi {
                    let on = p.chosen.contains(id);
                    spans.push(Span::styled(
                        if on { "[x] " } else { "[ ] " },
                        st.patch(th.key()),
                    ));
                }
                spans.push(Span::styled(
                    format!("{:<6}", id.to_string()),
                    st.patch(th.id()),
                ));
                for (i, c) in t.chars().enumerate().filter(|(_, c)| !c.is_control()) {
                    let s = if idx.contains(&i) {
                        st.patch(th.highlight())
                    } else {
                        st
                    };
                    spans.push(Span::styled(c.to_string(), s));
                }
                let title = app.data.title(*id);
                if title != *t {
                    spans.push(Span::styled(
                        format!("  {}", text::clean(&title)),
                        st.patch(th.dim()),
                    ));
                }
            }
            Pick::Text(t) => spans.push(Span::styled(text::clean(t), st)),
        }
        frame
            .buffer_mut()
            .set_style(Rect::new(inner.x, y, inner.width, 1), st);
        frame
            .buffer_mut()
            .set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}
