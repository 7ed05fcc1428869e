//! The help overlay: the keys in force where it was opened, generated from
//! the keymap (so it never lies), with their descriptions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Overlay, frame_box};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Binding, Section, show_seq};
use crate::tui::text;
use crate::tui::words::{has, lookup, tr};

pub struct HelpState {
    /// Where help was opened: its bindings are shown first.
    pub section: Section,
    pub scroll: usize,
}

impl HelpState {
    pub fn new(section: Section) -> HelpState {
        HelpState { section, scroll: 0 }
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let Some(Overlay::Help(h)) = app.overlays.last() else {
        return false;
    };
    // Scrolling stops where the last line reaches the bottom.
    let visible = usize::from(app.size.1.saturating_sub(7)).max(1);
    let max = lines(app, h.section).len().saturating_sub(visible);
    let Some(Overlay::Help(h)) = app.overlays.last_mut() else {
        return false;
    };
    match action {
        Action::Up => h.scroll = h.scroll.saturating_sub(1),
        Action::Down => h.scroll = (h.scroll + 1).min(max),
        Action::PageUp => h.scroll = h.scroll.saturating_sub(10),
        Action::PageDown => h.scroll = (h.scroll + 10).min(max),
        Action::Top => h.scroll = 0,
        Action::Bottom => h.scroll = max,
        Action::Close | Action::Help | Action::Back => {
            app.overlays.pop();
        }
        _ => return false,
    }
    true
}

/// One line per action: every key bound to it, and what it does (in
/// `section`'s own words, `help.<section>.<action>`, where it has them).
fn rows(app: &App, section: Section, bindings: &[&Binding]) -> Vec<(String, String)> {
    let mut out: Vec<(Vec<String>, Action, String)> = Vec::new();
    for b in bindings {
        let desc = if b.user_desc {
            b.desc.clone()
        } else {
            let own = format!("help.{}.{}", section.name(), b.action.name());
            if has(app.lang, &own) {
                lookup(app.lang, &own)
            } else {
                lookup(app.lang, &format!("help.act.{}", b.action.name()))
            }
        };
        match out
            .iter_mut()
            .find(|(_, a, d)| *a == b.action && *d == desc)
        {
            Some((keys, _, _)) => keys.push(show_seq(&b.keys)),
            None => out.push((vec![show_seq(&b.keys)], b.action, desc)),
        }
    }
    out.into_iter().map(|(k, _, d)| (k.join(", "), d)).collect()
}

pub fn lines(app: &App, section: Section) -> Vec<Line<'static>> {
    let th = &app.theme;
    let in_force = app.keymap.in_force(section);
    let own: Vec<&Binding> = in_force
        .iter()
        .filter(|(s, _)| *s == section)
        .map(|(_, b)| *b)
        .collect();
    let global: Vec<&Binding> = in_force
        .iter()
        .filter(|(s, _)| *s != section)
        .map(|(_, b)| *b)
        .collect();
    let mut out = vec![Line::styled(
        tr!(
            app.lang,
            "help.keymap",
            name = text::clean(&app.keymap.name)
        ),
        th.dim(),
    )];
    let group = |title: String, rows: Vec<(String, String)>, out: &mut Vec<Line<'static>>| {
        if rows.is_empty() {
            return;
        }
        out.push(Line::raw(""));
        out.push(Line::styled(title, th.header()));
        let kw = rows
            .iter()
            .map(|(k, _)| text::width(k))
            .max()
            .unwrap_or(0)
            .min(22);
        for (k, d) in rows {
            out.push(Line::from(vec![
                Span::styled(format!("  {}  ", text::fit(&k, kw)), th.key()),
                Span::raw(text::clean(&d)),
            ]));
        }
    };
    group(
        lookup(app.lang, &format!("help.section.{}", section.name())),
        rows(app, section, &own),
        &mut out,
    );
    if section != Section::Global {
        group(
            lookup(app.lang, "help.section.global"),
            rows(app, Section::Global, &global),
            &mut out,
        );
    }
    if section.takes_text() {
        out.push(Line::raw(""));
        out.push(Line::styled(tr!(app.lang, "help.typing"), th.dim()));
    }
    out
}

pub fn render(app: &App, h: &HelpState, frame: &mut Frame, body: Rect) {
    let w = body.width.saturating_sub(4).min(84);
    let area = super::centred(body, w, body.height.saturating_sub(2));
    let inner = frame_box(app, frame, area, &tr!(app.lang, "help.title"));
    let ls = lines(app, h.section);
    let max = ls.len().saturating_sub(usize::from(inner.height));
    let scroll = h.scroll.min(max);
    for (i, l) in ls
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        frame.buffer_mut().set_line(
            inner.x + 1,
            inner.y + i as u16,
            l,
            inner.width.saturating_sub(1),
        );
    }
    // Keys below the box: say how many, on its bottom border.
    let below = ls.len().saturating_sub(scroll + usize::from(inner.height));
    if below > 0 {
        let more = format!(" {} ", tr!(app.lang, "help.more", n = below));
        let w = crate::tui::text::width(&more) as u16;
        if w + 4 <= area.width {
            frame.buffer_mut().set_string(
                area.right().saturating_sub(w + 2),
                area.bottom().saturating_sub(1),
                &more,
                app.theme.title(),
            );
        }
    }
}
