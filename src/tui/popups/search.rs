//! Search everything from anywhere: type in any script (pinyin and
//! initials find Chinese, transliteration finds Cyrillic), matched
//! characters highlighted, Enter opens the record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Overlay, frame_box};
use crate::model::Record;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::find::Hit;
use crate::tui::text;
use crate::tui::widgets::input::LineInput;
use crate::tui::words::{country, kind, tr, vocab};

#[derive(Default)]
pub struct SearchState {
    pub input: LineInput,
    pub hits: Vec<Hit>,
    /// How many records matched (at least this many when not `exact`).
    pub total: usize,
    pub exact: bool,
    /// Only the beginning of the query was searched.
    pub shortened: bool,
    pub cursor: usize,
}

const LIMIT: usize = 200;

fn state(app: &mut App) -> Option<&mut SearchState> {
    match app.overlays.last_mut() {
        Some(Overlay::Search(s)) => Some(s),
        _ => None,
    }
}

fn research(app: &mut App) {
    let q = match app.overlays.last() {
        Some(Overlay::Search(s)) => s.input.text(),
        _ => return,
    };
    let found = app.finder.find(&q, &[], LIMIT);
    if let Some(s) = state(app) {
        s.hits = found.hits;
        s.total = found.total;
        s.exact = found.exact;
        s.shortened = found.shortened;
        s.cursor = 0;
    }
}

/// Runs the open search again (the index has just become ready).
pub fn rerun(app: &mut App) {
    let cursor = match app.overlays.last() {
        Some(Overlay::Search(s)) => s.cursor,
        _ => return,
    };
    research(app);
    if let Some(s) = state(app) {
        s.cursor = cursor.min(s.hits.len().saturating_sub(1));
    }
}

pub fn type_char(app: &mut App, c: char) {
    if let Some(s) = state(app) {
        s.input.insert(c);
    }
    research(app);
}

pub fn type_str(app: &mut App, text: &str) {
    if let Some(s) = state(app) {
        text.chars().for_each(|c| s.input.insert(c));
    }
    research(app);
}

pub fn update(app: &mut App, action: Action) -> bool {
    let page = app.page();
    let Some(s) = state(app) else { return false };
    let last = s.hits.len().saturating_sub(1);
    match action {
        Action::Up => s.cursor = s.cursor.saturating_sub(1),
        Action::Down => s.cursor = (s.cursor + 1).min(last),
        Action::PageUp => s.cursor = s.cursor.saturating_sub(page),
        Action::PageDown => s.cursor = (s.cursor + page).min(last),
        Action::Submit => {
            if let Some(h) = s.hits.get(s.cursor) {
                let id = h.id;
                app.overlays.pop();
                app.open(id);
            }
        }
        Action::Close => {
            app.overlays.pop();
        }
        a => {
            if s.input.edit(a) {
                research(app);
            } else {
                return false;
            }
        }
    }
    true
}

/// The matched text with its matching characters highlighted.
fn highlighted(
    app: &App,
    h: &Hit,
    width: usize,
    base: ratatui::style::Style,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, c) in h.text.chars().enumerate() {
        if c.is_control() {
            continue;
        }
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        let style = if h.indices.contains(&i) {
            base.patch(app.theme.highlight())
        } else {
            base
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    spans
}

/// What else to say about a hit: its kind and, when the match was not the
/// record's title, the title; plus a status or country.
fn context(app: &App, h: &Hit) -> String {
    let lang = app.lang;
    let Some(r) = app.data.get(h.id) else {
        return String::new();
    };
    let mut parts = vec![kind(lang, h.id.kind)];
    match r {
        Record::Institution(i) => parts.push(country(lang, &i.country)),
        Record::Contact(c) => parts.push(app.data.title(c.institution)),
        other => {
            let st = other.status_name();
            if !st.is_empty() {
                parts.push(vocab(lang, st));
            }
        }
    }
    parts.join(" · ")
}

pub fn render(app: &App, s: &SearchState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let area = super::centred(
        body,
        body.width.saturating_sub(4).min(110),
        body.height.saturating_sub(2),
    );
    let inner = frame_box(app, frame, area, &tr!(app.lang, "search.title"));
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let prompt = "› ";
    frame
        .buffer_mut()
        .set_stringn(inner.x, inner.y, prompt, 2, th.key());
    s.input.render(
        frame,
        Rect::new(inner.x + 2, inner.y, inner.width - 2, 1),
        th.panel(),
        true,
    );
    let q = s.input.text();
    let info = if app.indexing() {
        tr!(app.lang, "search.preparing", n = app.data.len())
    } else if q.trim().is_empty() {
        tr!(app.lang, "search.hint")
    } else if s.shortened {
        tr!(
            app.lang,
            "search.shortened",
            chars = crate::tui::find::MAX_QUERY,
            words = crate::search::MAX_QUERY_WORDS
        )
    } else if s.hits.is_empty() {
        tr!(app.lang, "search.none", query = text::clean(&q))
    } else {
        if s.exact {
            tr!(app.lang, "search.count", n = s.total)
        } else {
            tr!(app.lang, "search.count_more", n = s.total)
        }
    };
    let buf = frame.buffer_mut();
    buf.set_stringn(
        inner.x,
        inner.y + 1,
        text::truncate(&info, usize::from(inner.width)),
        usize::from(inner.width),
        th.dim(),
    );
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let h = usize::from(list.height);
    let start = if s.cursor >= h { s.cursor + 1 - h } else { 0 };
    let w = usize::from(list.width);
    let text_w = (w * 55 / 100).max(10);
    for (n, hit) in s.hits.iter().enumerate().skip(start).take(h) {
        let y = list.y + (n - start) as u16;
        let selected = n == s.cursor;
        let base = if selected { th.selected() } else { th.panel() };
        let mut spans = vec![
            Span::styled(if selected { "▸ " } else { "  " }, base),
            Span::styled(format!("{:<6}", hit.id.to_string()), base.patch(th.id())),
        ];
        let hl = highlighted(app, hit, text_w, base);
        let used: usize = hl.iter().map(|s| text::width(&s.content)).sum();
        spans.extend(hl);
        spans.push(Span::styled(
            " ".repeat(text_w.saturating_sub(used) + 1),
            base,
        ));
        let mut room = w.saturating_sub(text_w + 9);
        // What found the record when it was not its title: another name,
        // a partner, a tag… with the matched characters lit.
        if let Some((also, idx)) = &hit.also {
            let lit = Hit {
                id: hit.id,
                score: 0,
                text: also.clone(),
                indices: idx.clone(),
                also: None,
            };
            let part = highlighted(app, &lit, room.saturating_sub(3), base.patch(th.dim()));
            room = room
                .saturating_sub(part.iter().map(|s| text::width(&s.content)).sum::<usize>() + 3);
            spans.extend(part);
            spans.push(Span::styled(" · ", base.patch(th.dim())));
        }
        let ctx = text::truncate(&text::clean(&context(app, hit)), room);
        spans.push(Span::styled(ctx, base.patch(th.dim())));
        let buf = frame.buffer_mut();
        buf.set_style(Rect::new(list.x, y, list.width, 1), base);
        buf.set_line(list.x, y, &Line::from(spans), list.width);
    }
}
