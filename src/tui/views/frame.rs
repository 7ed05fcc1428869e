//! The frame around every view: the tab bar, the status line, the key
//! hints (generated from the keymap in force) and the too-small screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::View;
use crate::tui::action::Action;
use crate::tui::app::{App, Tone};
use crate::tui::keymap::{Section, show_seq};
use crate::tui::text;
use crate::tui::words::{date, lookup, tr};

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// Where everything goes; `None` when the terminal is too small.
pub fn areas(full: Rect) -> Option<Areas> {
    if full.width < MIN_WIDTH || full.height < MIN_HEIGHT {
        return None;
    }
    let row = |y: u16, h: u16| Rect::new(full.x, y, full.width, h);
    Some(Areas {
        tabs: row(full.y, 1),
        body: row(full.y + 1, full.height - 3),
        status: row(full.bottom() - 2, 1),
        hints: row(full.bottom() - 1, 1),
    })
}

/// How the tab bar fits: full labels, short labels, and whether the
/// title and the date have room.
struct TabLayout {
    short: bool,
    title: bool,
    date: bool,
}

fn tab_layout(app: &App, width: u16) -> TabLayout {
    let date_w = text::width(&today_label(app)) as u16;
    let title_w = text::width(TITLE) as u16 + 1;
    let tabs_w = |short: bool| -> u16 {
        View::ALL
            .iter()
            .map(|v| text::width(&tab_label(app, *v, short)) as u16 + 1)
            .sum()
    };
    for (short, title, date) in [
        (false, true, true),
        (true, true, true),
        (true, false, true),
        (true, false, false),
    ] {
        let need = tabs_w(short) + if title { title_w } else { 0 } + if date { date_w } else { 0 };
        if need <= width {
            return TabLayout { short, title, date };
        }
    }
    TabLayout {
        short: true,
        title: false,
        date: false,
    }
}

const TITLE: &str = " accord ";

fn today_label(app: &App) -> String {
    format!(
        " {} {} ",
        tr!(app.lang, "frame.today"),
        date(app.data.today)
    )
}

/// The x range of each tab in the tab bar, for mouse clicks.
pub fn tab_spans(app: &App) -> Vec<(View, u16, u16)> {
    let l = tab_layout(app, app.size.0);
    let mut x = if l.title {
        text::width(TITLE) as u16 + 1
    } else {
        0
    };
    let mut out = Vec::new();
    for v in View::ALL {
        let w = text::width(&tab_label(app, v, l.short)) as u16;
        out.push((v, x, x + w));
        x += w + 1;
    }
    out
}

fn tab_label(app: &App, v: View, short: bool) -> String {
    let key = app
        .keymap
        .key_for(v.section(), v.action())
        .map(|k| format!("{k} "))
        .unwrap_or_default();
    let name = if short {
        let n = v.action().name().trim_start_matches("view_");
        lookup(app.lang, &format!("tab.{n}"))
    } else {
        lookup(app.lang, v.action().catalog_key().as_str())
    };
    format!(" {key}{name} ")
}

pub fn tabs(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let l = tab_layout(app, area.width);
    let buf = frame.buffer_mut();
    buf.set_style(area, t.panel());
    let mut spans = Vec::new();
    if l.title {
        spans.push(Span::styled(TITLE, t.title()));
        spans.push(Span::raw(" "));
    }
    for v in View::ALL {
        spans.push(Span::styled(
            tab_label(app, v, l.short),
            t.tab(v == app.view),
        ));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    if l.date {
        let right = today_label(app);
        let rw = text::width(&right) as u16;
        buf.set_stringn(
            area.right().saturating_sub(rw),
            area.y,
            &right,
            usize::from(rw),
            t.dim(),
        );
    }
}

pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let buf = frame.buffer_mut();
    buf.set_style(area, t.panel());
    let (text, style) = match &app.status {
        Some(s) => (
            s.text.clone(),
            match s.tone {
                Tone::Info => t.panel(),
                Tone::Done => t.ok(),
                Tone::Error => t.error(),
            },
        ),
        None => (String::new(), t.panel()),
    };
    let pending = if app.pending.is_empty() {
        String::new()
    } else {
        format!("{} …", show_seq(&app.pending))
    };
    let pw = text::width(&pending);
    let w = usize::from(area.width);
    // Out of reach of the store: said on the right until it answers again.
    // Drawn from the start-up copy while the database opens behind: a
    // change made meanwhile waits for it.
    let offline = app
        .offline_label()
        .or_else(|| {
            app.store
                .opening()
                .then(|| crate::tui::words::tr!(app.lang, "readpath.opening"))
        })
        .unwrap_or_default();
    let ow = match text::width(&offline) {
        0 => 0,
        n if n + pw + 4 < w / 2 => n + 2,
        _ => 0,
    };
    let msg = text::truncate(&text::clean(&text), w.saturating_sub(pw + ow + 2));
    buf.set_stringn(area.x + 1, area.y, &msg, w.saturating_sub(1), style);
    if pw > 0 && pw + 1 < w {
        buf.set_stringn(area.right() - pw as u16 - 1, area.y, &pending, pw, t.key());
    }
    if ow > 0 {
        let x = area.right() - (pw + ow) as u16 - 1;
        buf.set_stringn(x, area.y, &offline, ow, t.warn());
    }
}

/// The most useful keys of the section in force, from the keymap: the
/// section's own bindings in file order (as many as fit), then undo,
/// search, help and quit.
pub fn hints(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let section = app.section();
    let mut items: Vec<(String, Action)> = Vec::new();
    for b in app.keymap.bindings(section) {
        let skip = matches!(
            b.action,
            Action::Up | Action::Down | Action::Left | Action::Right
        ) || (section.takes_text() && is_editing(b.action));
        if !skip && !items.iter().any(|(_, a)| *a == b.action) {
            items.push((show_seq(&b.keys), b.action));
        }
    }
    if let Some(k) = app.keymap.key_for(section, Action::Undo)
        && !items.iter().any(|(_, x)| *x == Action::Undo)
    {
        items.push((k, Action::Undo));
    }
    let mut tail: Vec<(String, Action)> = Vec::new();
    if section != Section::Global {
        // Search only works from the views, not from popups.
        let tail_actions: &[Action] = if app.overlays.is_empty() {
            &[Action::Search, Action::Help, Action::Quit]
        } else {
            &[Action::Help, Action::Quit]
        };
        for a in tail_actions.iter().copied() {
            if !items.iter().any(|(_, x)| *x == a)
                && let Some(k) = app.keymap.key_for(section, a)
            {
                tail.push((k, a));
            }
        }
    }
    // A section may name an action in its own words (`hint.staff.delete_record`).
    let label = |a: Action| {
        let own = format!("hint.{}.{}", section.name(), a.name());
        if crate::tui::words::has(app.lang, &own) {
            lookup(app.lang, &own)
        } else {
            lookup(app.lang, &a.catalog_key())
        }
    };
    let width_of = |(k, a): &(String, Action)| text::width(k) + text::width(&label(*a)) + 3;
    let tail_w: usize = tail.iter().map(width_of).sum();
    let mut budget = usize::from(area.width).saturating_sub(tail_w + 1);
    let shown: Vec<&(String, Action)> = items
        .iter()
        .filter(|i| {
            let w = width_of(i);
            let fits = w <= budget;
            if fits {
                budget -= w;
            }
            fits
        })
        .chain(tail.iter())
        .collect();
    let buf = frame.buffer_mut();
    buf.set_style(area, t.base());
    let right = area.right();
    let mut x = area.x + 1;
    for (k, a) in shown {
        if x >= right {
            break;
        }
        let (nx, _) = buf.set_stringn(x, area.y, k, usize::from(right - x), t.key());
        if nx + 1 >= right {
            break;
        }
        let (nx, _) = buf.set_stringn(
            nx + 1,
            area.y,
            label(*a),
            usize::from(right - nx - 1),
            t.dim(),
        );
        x = nx + 2;
    }
}

fn is_editing(a: Action) -> bool {
    matches!(
        a,
        Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWord
            | Action::ClearLine
            | Action::LineStart
            | Action::LineEnd
            | Action::PageUp
            | Action::PageDown
    )
}

pub fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let msg = tr!(
        app.lang,
        "frame.too_small",
        w = area.width,
        h = area.height,
        min_w = MIN_WIDTH,
        min_h = MIN_HEIGHT
    );
    // Drawn by hand: wrapped and centred by display width, so that a wide
    // character never lands outside a one- or two-column screen.
    let w = usize::from(area.width);
    let lines: Vec<String> = text::wrap(&msg, w.max(2))
        .into_iter()
        .filter(|l| text::width(l) <= w)
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let buf = frame.buffer_mut();
    for (i, l) in lines.iter().enumerate() {
        let y = area.y + top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let x = area.x + ((w - text::width(l)) / 2) as u16;
        buf.set_stringn(x, y, l, w, app.theme.warn());
    }
}
