//! A one-line question at the bottom of the screen: snooze by how long,
//! reschedule to when, reassign to whom, what to note. Shows what the
//! typed text means (the date it gives) or why it is not understood.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Overlay, frame_box};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::text;
use crate::tui::views::triage::acts;
use crate::tui::widgets::input::LineInput;
use crate::tui::words::tr;

/// What the prompt is for, and the triage items (by key) it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Snooze(Vec<String>),
    Reschedule(Vec<String>),
    Reassign(Vec<String>),
    Note(Vec<String>),
    /// A question of an addition to or edit of the staff directory.
    Staff(Box<super::staff::Step>),
}

impl Purpose {
    fn keys(&self) -> &[String] {
        match self {
            Purpose::Snooze(k)
            | Purpose::Reschedule(k)
            | Purpose::Reassign(k)
            | Purpose::Note(k) => k,
            Purpose::Staff(_) => &[],
        }
    }
}

pub struct PromptState {
    pub purpose: Purpose,
    pub input: LineInput,
    /// The highlighted suggestion (owners when reassigning).
    pub choice: Option<usize>,
    pub error: Option<String>,
}

pub fn open(app: &mut App, purpose: Purpose, initial: &str) {
    app.overlays.push(Overlay::Prompt(PromptState {
        purpose,
        input: LineInput::new(initial),
        choice: None,
        error: None,
    }));
}

fn state(app: &mut App) -> Option<&mut PromptState> {
    match app.overlays.last_mut() {
        Some(Overlay::Prompt(p)) => Some(p),
        _ => None,
    }
}

/// Owner names matching what is typed (for reassigning).
pub fn suggestions(app: &App, p: &PromptState) -> Vec<String> {
    if !matches!(p.purpose, Purpose::Reassign(_)) {
        return Vec::new();
    }
    let mut names = crate::tui::find::owner_choices(app, &p.input.text());
    names.truncate(6);
    names
}

pub fn type_char(app: &mut App, c: char) {
    if let Some(p) = state(app) {
        p.input.insert(c);
        p.choice = None;
        p.error = None;
    }
}

pub fn update(app: &mut App, action: Action) -> bool {
    let n = match app.overlays.last() {
        Some(Overlay::Prompt(p)) => suggestions(app, p).len(),
        _ => return false,
    };
    let Some(p) = state(app) else { return false };
    match action {
        Action::Down if n > 0 => p.choice = Some(p.choice.map_or(0, |c| (c + 1).min(n - 1))),
        Action::Up if n > 0 => p.choice = p.choice.and_then(|c| c.checked_sub(1)),
        Action::Close => {
            app.overlays.pop();
        }
        Action::Submit => submit(app),
        a => {
            if p.input.edit(a) {
                p.choice = None;
                p.error = None;
            } else {
                return false;
            }
        }
    }
    true
}

fn submit(app: &mut App) {
    let Some(Overlay::Prompt(p)) = app.overlays.last() else {
        return;
    };
    let typed = match p.choice {
        Some(c) => suggestions(app, p)
            .get(c)
            .cloned()
            .unwrap_or_else(|| p.input.text()),
        None => p.input.text(),
    };
    let purpose = p.purpose.clone();
    app.overlays.pop();
    let finished = match purpose.clone() {
        Purpose::Staff(step) => super::staff::finish(app, *step, &typed),
        p => acts::finish(app, p, &typed),
    };
    if let Err(e) = finished {
        // Keep the prompt open with the message so the text can be fixed.
        app.overlays.push(Overlay::Prompt(PromptState {
            purpose,
            input: LineInput::new(&typed),
            choice: None,
            error: Some(e),
        }));
    }
}

fn question(app: &App, p: &PromptState) -> String {
    let ids: Vec<String> = p
        .purpose
        .keys()
        .iter()
        .map(|k| k.split(':').next().unwrap_or(k).to_string())
        .collect();
    let who = if ids.len() > 3 {
        tr!(app.lang, "triage.n_items", n = ids.len())
    } else {
        ids.join(", ")
    };
    match &p.purpose {
        Purpose::Staff(step) => super::staff::question(app, step),
        Purpose::Snooze(_) => tr!(app.lang, "prompt.snooze", who = who),
        Purpose::Reschedule(_) => tr!(app.lang, "prompt.reschedule", who = who),
        Purpose::Reassign(_) => tr!(app.lang, "prompt.reassign", who = who),
        Purpose::Note(_) => tr!(app.lang, "prompt.note", who = who),
    }
}

pub fn render(app: &App, p: &PromptState, frame: &mut Frame, body: Rect) {
    let th = &app.theme;
    let sugg = suggestions(app, p);
    let h = (5 + sugg.len() as u16).min(body.height);
    let w = body.width.saturating_sub(4).min(90);
    let area = Rect::new(
        body.x + (body.width - w) / 2,
        body.bottom().saturating_sub(h),
        w,
        h,
    );
    let inner = frame_box(app, frame, area, &question(app, p));
    if inner.height == 0 || inner.width < 4 {
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
    let typed = p.input.text();
    let (msg, style) = match (&p.error, typed.trim().is_empty()) {
        (Some(e), _) => (e.clone(), th.error()),
        (None, true) => (hint(app, &p.purpose), th.dim()),
        (None, false) => match acts::preview(app, &p.purpose, &typed) {
            Ok(s) if s.is_empty() => (hint(app, &p.purpose), th.dim()),
            Ok(s) => (format!("→ {s}"), th.ok()),
            Err(e) => (e, th.error()),
        },
    };
    let buf = frame.buffer_mut();
    if inner.height > 1 {
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            text::truncate(&text::clean(&msg), usize::from(inner.width)),
            usize::from(inner.width),
            style,
        );
    }
    for (i, s) in sugg.iter().enumerate() {
        let y = inner.y + 2 + i as u16;
        if y >= inner.bottom() {
            break;
        }
        let sel = p.choice == Some(i);
        let st = if sel { th.selected() } else { th.panel() };
        let line = Line::from(vec![
            Span::styled(if sel { "▸ " } else { "  " }, st),
            Span::styled(text::clean(s), st),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

fn hint(app: &App, purpose: &Purpose) -> String {
    match purpose {
        Purpose::Snooze(_) => tr!(app.lang, "prompt.snooze_hint"),
        Purpose::Reschedule(_) => tr!(app.lang, "prompt.reschedule_hint"),
        Purpose::Reassign(_) => tr!(app.lang, "prompt.reassign_hint"),
        Purpose::Note(_) => tr!(app.lang, "prompt.note_hint"),
        Purpose::Staff(step) => super::staff::hint(app, step),
    }
}
